"""Readable differences between two revisions, for reviewers and auditors.

Rich text is compared as the paragraphs a reader sees, not as HTML; within a changed paragraph
the changed characters are marked (Chinese has no spaces, so words are no unit).
"""

import html
import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|tr|blockquote|figcaption|caption|pre)>|<br\s*/?>|<hr\s*/?>"
)
TAG = re.compile(r"<[^>]+>")
IMAGE = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]*)\"[^>]*>")


def readable_lines(value):
    text = IMAGE.sub(lambda match: "\n[" + _("图片") + " " + match.group(1) + "]\n", value)
    text = html.unescape(TAG.sub("", BLOCK_END.sub("\n", text)))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _field_lines(revision, name):
    value = getattr(revision, name)
    if name == "body":
        return readable_lines(value)
    if isinstance(value, bool):
        return [_("是") if value else _("否")]
    if name == "cover":
        return [value.name] if value else []
    return [str(value)] if value not in (None, "") else []


def _marked(old, new):
    """The two lines with the changed characters wrapped in <del> and <ins>."""
    old_html, new_html = [], []
    for tag, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            old_html.append(escape(old[a1:a2]))
            new_html.append(escape(new[b1:b2]))
            continue
        if a2 > a1:
            old_html.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            new_html.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))


def _rows(old_lines, new_lines):
    rows = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(("same", escape(line)) for line in old_lines[a1:a2])
            continue
        old_part, new_part = old_lines[a1:a2], new_lines[b1:b2]
        paired = min(len(old_part), len(new_part)) if tag == "replace" else 0
        for old, new in zip(old_part[:paired], new_part[:paired], strict=True):
            old_html, new_html = _marked(old, new)
            rows += [("removed", old_html), ("added", new_html)]
        rows.extend(
            ("removed", mark_safe(f"<del>{escape(line)}</del>")) for line in old_part[paired:]
        )
        rows.extend(
            ("added", mark_safe(f"<ins>{escape(line)}</ins>")) for line in new_part[paired:]
        )
    return rows


def compare_revisions(older, newer):
    """[{"label": field label, "rows": [(kind, safe html)]}] for each field that differs;
    kind is "same", "removed" or "added"."""
    from .models import Article

    changes = []
    for name in Article.CONTENT_FIELDS:
        old_lines, new_lines = _field_lines(older, name), _field_lines(newer, name)
        if old_lines != new_lines:
            label = Article._meta.get_field(name).verbose_name
            changes.append({"label": label, "rows": _rows(old_lines, new_lines)})
    return changes
