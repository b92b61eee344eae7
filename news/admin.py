from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Article, Column


class MinuteSplitDateTime(AdminSplitDateTime):
    """Publish times are kept to the minute, so the time box shows no seconds."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M"


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "column", "summary", "body", "cover", "source", "author_name",
            "editor_name", "status", "publish_at", "pinned", "headline",
        ]  # fmt: skip
        widgets = {
            "publish_at": MinuteSplitDateTime,
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        }


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "visible", "article_total"]
    list_editable = ["order", "visible"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("文章数"), ordering="article_total")
    def article_total(self, column):
        return column.article_total


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "column",
        "status",
        "publish_at",
        "view_count",
        "pinned",
        "headline",
        "is_published",
    ]
    list_filter = ["status", "column", "publish_at", "pinned", "headline"]
    list_select_related = ["column"]
    list_per_page = 50
    search_fields = ["title"]
    date_hierarchy = "publish_at"
    readonly_fields = ["cover_preview", "view_count", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "column", "summary", "body"]}),
        (_("封面"), {"fields": ["cover", "cover_preview"]}),
        (_("署名"), {"fields": ["source", "author_name", "editor_name"]}),
        (_("发布"), {"fields": ["status", "publish_at", "pinned", "headline"]}),
        (
            _("记录"),
            {"fields": ["view_count", "created_by", "created_at", "updated_at"]},
        ),
    ]

    class Media:
        css = {"all": ["news/admin/admin.css"]}
        js = ["news/admin/ckeditor-csrf.js"]

    def get_queryset(self, request):
        # The list never shows bodies; don't fetch them.
        return super().get_queryset(request).defer("body")

    @admin.display(description=_("封面预览"))
    def cover_preview(self, article):
        if not article.cover_rendition:
            return _("（无封面）")
        return format_html(
            '<img src="{}" alt="" width="320" height="180" style="object-fit:cover">',
            article.cover_rendition.url,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
