"""Parts of a revision that other apps keep: a revision is the article's fields (Revision) and
whatever the apps above news attach to it as part of the text — the attachments app registers
the revision's attachments. Each part goes through review with the text and is copied with it
(article_save, article_restore), without news knowing what it holds."""

from collections.abc import Callable
from dataclasses import dataclass

from core.hooks import Hook


@dataclass(frozen=True)
class RevisionPart:
    name: str
    # read(revision or None) -> the part's value for that revision; values compare with ==.
    read: Callable
    # write(new revision, value): the new revision holds the value.
    write: Callable


revision_parts = Hook("revision parts")


def read_parts(revision):
    """{part name: value} of a revision (None: of no revision yet)."""
    return {part.name: part.read(revision) for part in revision_parts}


def write_parts(revision, values):
    for part in revision_parts:
        part.write(revision, values[part.name])


def check_names(values):
    """A caller naming a part nobody registered has made a mistake: refuse it loudly."""
    unknown = set(values) - {part.name for part in revision_parts}
    if unknown:
        raise ValueError(f"no such revision part: {', '.join(sorted(unknown))}")
