from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from .models import CheckedLink


@admin.register(CheckedLink)
class CheckedLinkAdmin(ReadOnlyAdmin):
    """失效链接: the links and images of public articles that were broken at the last
    `check_links`, grouped by article, each with the way to the article's change page."""

    list_display = ("article_link", "address", "kind", "where", "problem", "first_broken_at",
                    "checked_at")  # fmt: skip
    list_display_links = None
    list_filter = (("article", admin.RelatedOnlyFieldListFilter), "kind", "where")
    search_fields = ("url", "article__title")
    ordering = ("-article__publish_at", "article_id", "kind", "url")
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).broken().select_related("article")

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("失效链接（按文章）"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("文章"), ordering="article__title")
    def article_link(self, link):
        url = reverse("admin:news_article_change", args=[link.article_id])
        return format_html('<a href="{}">{}</a>', url, link.article.title)

    @admin.display(description=_("地址"), ordering="url")
    def address(self, link):
        # Opened in a new tab and without our address as referrer: it may be an outside site.
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', link.url, link.url
        )
