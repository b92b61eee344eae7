"""A revision's attachments as a part of its text (news.parts): [(Attachment, title)] in order,
read from a revision and given to a new one. Registered in attachments/apps.py."""

from news.parts import RevisionPart


def attachments_of(revision):
    if revision is None:
        return []
    return [(link.attachment, link.title)
            for link in revision.attachment_links.select_related("attachment")]  # fmt: skip


def attach(revision, attachments):
    for order, (attachment, title) in enumerate(attachments):
        revision.attachment_links.create(attachment=attachment, title=title, order=order)


PART = RevisionPart("attachments", read=attachments_of, write=attach)
