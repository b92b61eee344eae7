"""What staff are told about the workflow: the texts, and who gets them. Each goes out through
core.notify (delivered by the inbox app: a message in the recipients' 消息, in the step's
transaction, and an e-mail after the commit)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.notify import notify
from core.times import format_minute

from .models import REVIEW_LEVEL_NAMES


def _admin_path(article):
    return reverse("admin:news_article_change", args=[article.pk])


def reviewers(article, *, level):
    """The reviewers of the level the article now waits for (Article.level_reviewers: the
    people the admin's messages name)."""
    notify(
        article.level_reviewers(level),
        subject=_("待%(level)s：%(title)s")
        % {"level": REVIEW_LEVEL_NAMES[level], "title": article.title},
        text=_("%(author)s的稿件《%(title)s》等待%(level)s。")
        % {
            "author": article.created_by or _("系统"),
            "title": article.working_copy().title,
            "level": REVIEW_LEVEL_NAMES[level],
        },
        link=_admin_path(article),
    )


def _author(article, *, subject, text, link):
    if article.created_by is not None:
        notify([article.created_by], subject=subject, text=text, link=link)


def author_published(article):
    _author(
        article,
        subject=_("稿件已发布：%(title)s") % {"title": article.title},
        text=_("%(author)s，您的稿件《%(title)s》已于 %(time)s 在网站发布。")
        % {
            "author": article.created_by,
            "title": article.title,
            "time": format_minute(article.publish_at),
        },
        link=article.get_absolute_url(),
    )


def author_returned(record):
    """The author, with the reason, of the return this audit record holds."""
    article = record.article
    _author(
        article,
        subject=_("稿件被退回：%(title)s") % {"title": article.title},
        text=_(
            "%(author)s，您的稿件《%(title)s》在%(level)s时被%(reviewer)s退回。\n\n退回理由：%(reason)s"
        )
        % {
            "author": article.created_by,
            "title": article.working_copy().title,
            "level": REVIEW_LEVEL_NAMES[record.review_level],
            "reviewer": record.actor or _("系统"),
            "reason": record.reason,
        },
        link=_admin_path(article),
    )
