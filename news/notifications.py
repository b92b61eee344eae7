"""E-mail about the workflow. Sent after the commit, so that a failed mail server never undoes a
decision; a failure is logged for the site admin."""

import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import REVIEW_LEVEL_NAMES

logger = logging.getLogger(__name__)
_muted = contextvars.ContextVar("notifications_muted", default=False)


@contextmanager
def muted():
    """No e-mail for what is done inside (seed_demo's made-up workflow)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _admin_url(article):
    return settings.SITE_URL + reverse("admin:news_article_change", args=[article.pk])


def _send(recipients, subject, message):
    addresses = sorted({user.email for user in recipients if user.email})
    if not addresses or _muted.get():
        return

    def send():
        try:
            send_mail(subject, message, None, addresses)
        except Exception:  # the decision stands; the failure is logged for the site admin
            logger.exception("notification e-mail failed: %s", subject)

    transaction.on_commit(send)


def reviewers(article, *, level):
    """The reviewers of the level the article now waits for."""
    reviewers = (
        get_user_model()
        .objects.with_perm(f"news.review_level_{level}", include_superusers=False)
        .exclude(pk=article.created_by_id)
    )
    _send(
        reviewers,
        _("待%(level)s：%(title)s") % {"level": REVIEW_LEVEL_NAMES[level], "title": article.title},
        _("稿件《%(title)s》等待%(level)s。\n\n%(url)s")
        % {
            "title": article.working_copy().title,
            "level": REVIEW_LEVEL_NAMES[level],
            "url": _admin_url(article),
        },
    )


def _author(article, *, subject, message):
    if article.created_by is not None:
        _send([article.created_by], subject, message)


def author_published(article):
    _author(
        article,
        subject=_("稿件已发布：%(title)s") % {"title": article.title},
        message=_("您的稿件《%(title)s》已于 %(time)s 在网站发布。\n\n%(url)s")
        % {
            "title": article.title,
            "time": timezone.localtime(article.publish_at).strftime("%Y-%m-%d %H:%M"),
            "url": settings.SITE_URL + article.get_absolute_url(),
        },
    )


def author_returned(record):
    """The author, with the reason, of the return this audit record holds."""
    article = record.article
    _author(
        article,
        subject=_("稿件被退回：%(title)s") % {"title": article.title},
        message=_("您的稿件《%(title)s》在%(level)s时被退回。\n\n退回理由：%(reason)s\n\n%(url)s")
        % {
            "title": article.working_copy().title,
            "level": REVIEW_LEVEL_NAMES[record.review_level],
            "reason": record.reason,
            "url": _admin_url(article),
        },
    )
