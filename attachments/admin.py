"""Attachments on the article's change page: their section of the form (editors edit the list:
attachments.forms), downloads for the staff who may read the article (reviewers: what they
are asked to approve), and the read-only list they see. Added to the articles' admin by the
site (website/admin.py)."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import views


def staff_url(article_id, link):
    return reverse("admin:news_article_attachment", args=[article_id, link.attachment_id])


SECTION = _("附件")
EDITED = ["current_attachments", "new_attachments"]


class AttachmentsAdminMixin:
    """For news.admin.ArticleAdmin, whose form has AttachmentsFormMixin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.readonly_fields = [*self.readonly_fields, "attachments_list"]

    def get_fieldsets(self, request, obj=None):
        """The attachments' section after the cover's (the fields of the text come first)."""
        fieldsets = list(super().get_fieldsets(request, obj))
        at = next((index + 1 for index, (_name, options) in enumerate(fieldsets)
                   if "cover" in options["fields"] or "cover_preview" in options["fields"]),
                  len(fieldsets))  # fmt: skip
        fields = (
            EDITED
            if obj is None or self.has_change_permission(request, obj)
            else ["attachments_list"]
        )
        return [*fieldsets[:at], (SECTION, {"fields": fields}), *fieldsets[at:]]

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
