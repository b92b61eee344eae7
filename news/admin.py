from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import diff, services, stats
from .models import (
    Article,
    AuditRecord,
    Column,
    Revision,
    SiteSettings,
    ViewStatistics,
    WorkflowError,
    reviewer_levels,
)


class MinuteSplitDateTime(AdminSplitDateTime):
    """Publish times are kept to the minute, so the time box shows no seconds."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[1].format = "%H:%M"


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [*Article.CONTENT_FIELDS, "publish_at"]
        widgets = {
            "publish_at": MinuteSplitDateTime,
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("会记录在审核记录中，并告知撰稿人。"),
    )


class RescheduleForm(ReasonForm):
    publish_at = forms.SplitDateTimeField(label=_("新的发布时间"), widget=MinuteSplitDateTime)

    field_order = ["publish_at", "reason"]


class WorkQueueFilter(admin.SimpleListFilter):
    title = _("我的工作")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        user = request.user
        choices = []
        if user.has_perm("news.add_article"):
            choices.append(("mine", _("我的稿件")))
        if reviewer_levels(user):
            choices.append(("review", _("待我审核")))
        return choices

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(created_by=request.user)
        if self.value() == "review":
            return queryset.awaiting_review_by(request.user)
        return queryset


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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.column_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.column_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.column_changed()


# The workflow steps reached from the change page: (service, form or None, title).
WORKFLOW_STEPS = {
    "submit": (services.article_submit, None, _("提交审核")),
    "approve": (services.article_approve, None, _("审核通过")),
    "return": (services.article_return, ReasonForm, _("退回稿件")),
    "withdraw": (services.article_withdraw, ReasonForm, _("从网站撤回")),
    "reschedule": (services.article_reschedule, RescheduleForm, _("修改发布时间")),
}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/news/article/change_form.html"
    list_display = [
        "title",
        "column",
        "state_label",
        "publish_at",
        "view_count",
        "pinned",
        "headline",
        "is_published",
    ]
    list_filter = [WorkQueueFilter, "status", "column", "publish_at", "pinned", "headline"]
    list_select_related = ["column", "current_revision"]
    list_per_page = 50
    search_fields = ["title"]
    # No date_hierarchy: its year links scan every article; the 发布时间 filter does the job.
    show_full_result_count = False
    actions = ["submit_selected"]
    readonly_fields = [
        "state_label",
        "body_rendered",
        "cover_preview",
        "view_count",
        "created_by",
        "created_at",
        "updated_at",
        "first_published_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "column", "summary", "body"]}),
        (_("封面"), {"fields": ["cover", "cover_preview"]}),
        (_("署名"), {"fields": ["source", "author_name", "editor_name"]}),
        (_("发布"), {"fields": ["state_label", "publish_at", "pinned", "headline"]}),
        (
            _("记录"),
            {
                "fields": [
                    "view_count",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "first_published_at",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["news/admin/admin.css"]}
        js = ["news/admin/ckeditor-csrf.js"]

    # Who sees and edits what. The rules themselves live on the model (check_edit and the
    # workflow guards); the admin only asks them.

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        return article.version_for(request.user) if article is not None else None

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        try:
            obj.check_edit(request.user)
        except WorkflowError:
            return False
        return True

    def has_delete_permission(self, request, obj=None):
        # Nothing is lost: an article leaves the site by being withdrawn, with a reason.
        return False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Reviewers and auditors read the body as residents will see it, not as HTML source.
        return [
            (name, {**options, "fields": [
                "body_rendered" if field == "body" else field for field in options["fields"]
            ]})
            for name, options in fieldsets
        ]  # fmt: skip

    def view_on_site(self, article):
        return article.get_absolute_url() if article.is_published() else None

    @admin.display(description=_("正文"))
    def body_rendered(self, article):
        return format_html('<div class="revision-body">{}</div>', article.body_html)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and (obj.is_live or obj.first_published_at):
            fields.append("publish_at")  # moved only by 修改发布时间, with a reason
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not request.user.has_perm("news.submit_article"):
            actions.pop("submit_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj, by=request.user)

    def _submit_after_save(self, request, obj):
        if "_submit_for_review" not in request.POST:
            return
        try:
            services.article_submit(article=obj, by=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, gettext("稿件已提交审核。"), messages.SUCCESS)

    def response_add(self, request, obj, post_url_continue=None):
        self._submit_after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._submit_after_save(request, obj)
        return super().response_change(request, obj)

    @admin.action(description=_("提交所选稿件审核"))
    def submit_selected(self, request, queryset):
        submitted, refused = 0, []
        for article in queryset:
            try:
                services.article_submit(article=article, by=request.user)
            except WorkflowError as error:
                refused.append(f"《{article.title}》：{error}")
            else:
                submitted += 1
        if submitted:
            self.message_user(
                request, gettext("已提交 %(count)s 篇稿件审核。") % {"count": submitted}
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.display(description=_("封面预览"))
    def cover_preview(self, article):
        if not article.cover_rendition:
            return _("（无封面）")
        return format_html(
            '<img src="{}" alt="" width="320" height="180" style="object-fit:cover">',
            article.cover_rendition.url,
        )

    # The change page: workflow buttons, revisions and the audit trail.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self._visible_article(request, object_id)
        revisions = list(article.revisions_for(request.user).select_related("created_by"))
        extra_context = {
            **(extra_context or {}),
            "workflow_actions": article.allowed_actions(request.user),
            "can_edit": self.has_change_permission(request, article),
            "revisions": revisions,
            "audit_records": article.audit_records.select_related("actor"),
            "stored_article": article,
            "last_return": article.audit_records.filter(action=AuditRecord.Action.RETURN).first(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _visible_article(self, request, object_id):
        queryset = Article.objects.visible_to(request.user).select_related(
            "current_revision", "live_revision"
        )
        try:
            return get_object_or_404(queryset, pk=int(object_id))
        except ValueError:
            raise Http404 from None

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/workflow/<str:step>/",
                view(self.workflow_view),
                name="news_article_workflow",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/",
                view(self.revision_view),
                name="news_article_revision",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                view(require_POST(self.restore_view)),
                name="news_article_restore",
            ),
            path(
                "<path:object_id>/compare/",
                view(self.compare_view),
                name="news_article_compare",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, article):
        return reverse("admin:news_article_change", args=[article.pk])

    def workflow_view(self, request, object_id, step):
        """Submit and approve are buttons (POST); return, withdraw and reschedule ask for a
        reason on a page of their own (admin/news/article/workflow_form.html)."""
        if step not in WORKFLOW_STEPS:
            raise Http404
        article = self._visible_article(request, object_id)
        service, form_class, title = WORKFLOW_STEPS[step]
        form = form_class(request.POST or None) if form_class else None
        if request.method == "POST" and (form is None or form.is_valid()):
            arguments = dict(form.cleaned_data) if form else {}
            if step == "approve":
                arguments["revision_id"] = request.POST.get("revision")
            try:
                service(article=article, by=request.user, **arguments)
            except WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
                if form is None:
                    return HttpResponseRedirect(self._change_url(article))
            else:
                self.message_user(
                    request,
                    gettext("“%(title)s”：%(step)s完成。")
                    % {"title": article.title, "step": title},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(article))
        elif form is None:
            return HttpResponseRedirect(self._change_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "article": article,
            "form": form,
            "step": step,
        }
        return TemplateResponse(request, "admin/news/article/workflow_form.html", context)

    def revision_view(self, request, object_id, number):
        """admin/news/article/revision.html: one revision as text and rendered HTML."""
        article = self._visible_article(request, object_id)
        revision = get_object_or_404(article.revisions_for(request.user), number=number)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("《%(title)s》%(revision)s")
            % {"title": revision.title, "revision": revision},
            "article": article,
            "revision": revision,
            "can_edit": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/news/article/revision.html", context)

    def compare_view(self, request, object_id):
        """admin/news/article/compare.html: the differences between two revisions, field by
        field (?a=<number>&b=<number>; by default the latest against the one before it)."""
        article = self._visible_article(request, object_id)
        revisions = {r.number: r for r in article.revisions_for(request.user)}
        try:
            newer = revisions[int(request.GET.get("b") or max(revisions))]
            older = revisions[int(request.GET.get("a") or max(newer.number - 1, 1))]
        except (KeyError, ValueError):
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("《%(title)s》第 %(a)s 版与第 %(b)s 版比较")
            % {"title": article.title, "a": older.number, "b": newer.number},
            "article": article,
            "older": older,
            "newer": newer,
            "revisions": sorted(revisions.values(), key=lambda r: -r.number),
            "changes": diff.compare_revisions(older, newer),
        }
        return TemplateResponse(request, "admin/news/article/compare.html", context)

    def restore_view(self, request, object_id, number):
        article = self._visible_article(request, object_id)
        revision = get_object_or_404(article.revisions, number=number)
        try:
            services.article_restore(article=article, by=request.user, revision=revision)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("已把第 %(number)s 版恢复为新的草稿，修改后请重新提交审核。")
                % {"number": number},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(article))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the site itself (the workflow, the counter): nobody adds, changes or deletes
    it in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "article", "action", "actor", "level_name", "transition_label", "reason"]
    list_filter = ["action", "review_level", "at"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__title", "reason", "actor__username"]
    date_hierarchy = "at"


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "title", "created_by", "created_at", "note"]
    list_select_related = ["article", "created_by"]
    search_fields = ["title", "article__title"]
    date_hierarchy = "created_at"
    exclude = ["body"]
    readonly_fields = ["body_html"]

    @admin.display(description=_("正文"))
    def body_html(self, revision):
        return revision.body_html


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:news_sitesettings_change", args=[settings.pk]))


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """站点管理员 manage accounts and their roles (groups), but cannot make anyone a superuser,
    hand out single permissions outside the roles, or change a superuser's account."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


@admin.register(ViewStatistics)
class ViewStatisticsAdmin(ReadOnlyAdmin):
    """浏览统计: one page of rankings and totals, and a page per article with its chart."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.statistics_view), name="news_viewstatistics_changelist"),
            path(
                "article/<int:article_id>/",
                view(self.article_view),
                name="news_viewstatistics_article",
            ),
        ]

    def _period(self, request):
        form = stats.PeriodForm(request.GET or {"period": "7"})
        if not form.is_valid():
            return form, None
        data = form.cleaned_data
        return form, stats.Period(data["start"], data["end"], data["column"])

    def _context(self, request, **context):
        return {**self.admin_site.each_context(request), "opts": self.opts, **context}

    def statistics_view(self, request):
        """admin/news/viewstatistics/index.html: 点击排行, totals per column and per month;
        ?csv=ranking|columns|months downloads a table."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form, period = self._period(request)
        if period is None:
            context = self._context(request, title=_("浏览统计"), form=form)
            return TemplateResponse(request, "admin/news/viewstatistics/index.html", context)
        ranking = stats.ranking(period)
        columns = stats.column_totals(period)
        months = stats.month_totals(period)
        table = request.GET.get("csv")
        if table in stats.CSV_TABLES:
            header, rows = stats.csv_table(table, ranking, columns, months)
            span = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
            return stats.csv_response(f"views-{table}-{span}.csv", header, rows)
        context = self._context(
            request,
            title=_("浏览统计"),
            form=form,
            period=period,
            ranking=ranking,
            columns=columns,
            months=months,
            month_columns=sorted({name for _m, by_column, _t in months for name in by_column}),
            query=request.GET.urlencode(),
        )
        return TemplateResponse(request, "admin/news/viewstatistics/index.html", context)

    def article_view(self, request, article_id):
        """admin/news/viewstatistics/article.html: one article's views per day, as an SVG
        chart and a table; ?csv=1 downloads them."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=article_id)
        form = stats.PeriodForm(request.GET or {"period": "30"})
        period = None
        if form.is_valid():
            period = stats.Period(form.cleaned_data["start"], form.cleaned_data["end"])
        days = stats.article_days(article, period) if period else []
        if period and request.GET.get("csv"):
            return stats.csv_response(
                f"views-article-{article.pk}.csv",
                [gettext("日期"), gettext("浏览")],
                [(day.isoformat(), views) for day, views in days],
            )
        context = self._context(
            request,
            title=gettext("《%(title)s》浏览统计") % {"title": article.title},
            article=article,
            form=form,
            days=days,
            total=sum(views for _day, views in days),
            chart=stats.svg_chart(days, title=article.title) if days else "",
            query=request.GET.urlencode(),
        )
        return TemplateResponse(request, "admin/news/viewstatistics/article.html", context)
