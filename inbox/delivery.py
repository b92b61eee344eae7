"""The one place staff are told something: each recipient gets a message in their 消息 and,
if they have an address, an e-mail with the same subject and text.

The messages are written at once, in the caller's transaction: a step that is rolled back
leaves none. The e-mails leave after the commit, so that a failed mail server never undoes a
decision; a failure is logged for the site admin."""

import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from .models import Message

logger = logging.getLogger(__name__)
_muted = contextvars.ContextVar("inbox_muted", default=False)


@contextmanager
def muted():
    """Neither messages nor e-mails for what is done inside (seed_demo's made-up workflow)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def email_text(text, link):
    """The e-mail's body: the message's text and, under it, the link as an absolute address."""
    return f"{text}\n\n{settings.SITE_URL}{link}" if link else text


def notify(recipients, *, subject, text, link=""):
    """Tell each of recipients (users; each once): a Message now, an e-mail after the commit.
    link is a path on this site ("/admin/news/article/12/change/"). Returns the messages."""
    if _muted.get():
        return []
    people = list({user.pk: user for user in recipients}.values())
    stored = Message.objects.bulk_create(
        Message(recipient=user, subject=subject, text=text, link=link) for user in people
    )
    addresses = sorted({user.email for user in people if user.email})
    if addresses:
        body = email_text(text, link)

        def send():
            try:  # one e-mail each: nobody sees the other recipients' addresses
                send_mass_mail([(subject, body, None, [address]) for address in addresses])
            except Exception:  # the decision stands; the failure is logged for the site admin
                logger.exception("notification e-mail failed: %s", subject)

        transaction.on_commit(send)
    return stored
