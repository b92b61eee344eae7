from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from website.admin import SiteModelAdmin
from website.navigation import column_changed

from ..models import Column


@admin.register(Column)
class ColumnAdmin(SiteModelAdmin):
    list_display = ["name", "slug", "order", "visible", "kind", "update_days",
                    "requires_disclosure", "article_total"]  # fmt: skip
    list_editable = ["order", "visible", "kind", "update_days", "requires_disclosure"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("文章数"), ordering="article_total")
    def article_total(self, column):
        return column.article_total

    # Every change to columns reaches the navigation on the next page.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        column_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        column_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        column_changed()
