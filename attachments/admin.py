"""Attachments on the article's change page: downloads for the staff who may read the article
(reviewers: what they are asked to approve), and the read-only list they see. Editors edit the
list in the form (attachments.forms)."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import views


def staff_url(article_id, link):
    return reverse("admin:news_article_attachment", args=[article_id, link.attachment_id])


class AttachmentsAdminMixin:
    def get_urls(self):
        return [
            path(
                "<int:article_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(views.staff_download),
                name="news_article_attachment",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("附件"))
    def attachments_list(self, article):
        revision = getattr(article, "current_revision", None) if article.pk else None
        links = list(revision.attachment_links.select_related("attachment")) if revision else []
        if not links:
            return _("（暂无附件）")
        return format_html(
            '<ul class="attachment-list">{}</ul>',
            format_html_join("", '<li><a href="{}">{}</a>（{}，{}）</li>', (
                (staff_url(article.pk, link), link.download_name, link.attachment.label,
                 link.attachment.size_text()) for link in links)),
        )  # fmt: skip
