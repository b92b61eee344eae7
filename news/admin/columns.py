from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import SiteModelAdmin

from ..models import Column


@admin.register(Column)
class ColumnAdmin(SiteModelAdmin):
    list_display = ["name", "slug", "order", "visible", "kind", "update_days",
                    "requires_disclosure", "disclosure_section", "article_total"]  # fmt: skip
    list_editable = ["order", "visible", "kind", "update_days", "requires_disclosure",
                     "disclosure_section"]  # fmt: skip
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("文章数"), ordering="article_total")
    def article_total(self, column):
        return column.article_total
