from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import audit
from core.admin import SiteModelAdmin
from core.csp import allow_rich_text_editor
from core.times import format_minute

from .. import services
from ..models import Article, AuditRecord, WorkflowError
from .filters import OnSiteFilter, WorkQueueFilter
from .forms import ArticleAdminForm
from .history import HistoryAdminMixin
from .listing import barred_on_page, where_columns, with_state_since
from .pages import ArticlePagesMixin
from .saving import SaveRefusalAdminMixin, storing
from .trash import TrashAdminMixin, TrashFilter
from .workflow import WorkflowAdminMixin, pre_publication_check


class ArticleAdmin(
    WorkflowAdminMixin, TrashAdminMixin, HistoryAdminMixin, ArticlePagesMixin,
    SaveRefusalAdminMixin, SiteModelAdmin,
):  # fmt: skip
    """The articles in the admin as the news app has them: the change page, the list, the
    workflow's pages, the history. The site registers it with the parts the apps above add
    (website/admin.py: attachments, autosave, Word paste, the counting policy's text)."""

    form = ArticleAdminForm
    change_form_template = "admin/news/article/change_form.html"
    # Fits a 1280-px screen with both sidebars: 置顶, 头条 and 公众可见 are filters, not columns
    # (the state says 已发布), and times are written short.
    list_display = ["title", "column", "state_label", "publish_time", "view_count"]
    actions = ["submit_selected", "trash_selected", "untrash_selected", "delete_for_good"]
    list_filter = [
        TrashFilter,
        WorkQueueFilter,
        OnSiteFilter,
        "status",
        "column",
        "publish_at",
        "pinned",
        "headline",
    ]
    list_select_related = ["column", "current_revision", "created_by"]
    list_per_page = 50
    search_fields = ["title"]
    # Chosen by typing a title: a select of every article would not load at 100,000.
    autocomplete_fields = ["interprets"]
    # No date_hierarchy: its year links scan every article; the 发布时间 filter does the job.
    show_full_result_count = False
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
        (None, {"fields": ["title", "column", "summary", "body", "opened_revision"]}),
        (_("封面"), {"fields": ["cover", "cover_alt", "cover_preview"]}),
        (
            _("政务公开"),
            {
                "fields": [
                    "index_number",
                    "issuing_body",
                    "document_number",
                    ("written_on", "disclosed_on"),
                    "topic",
                    ("validity", "validity_changed_on"),
                ],
                "description": _(
                    "政策文件等须公开的文件填写；栏目设为“需要政务公开信息”时，"
                    "文号、成文日期、主题分类和有效性必填。"
                ),
            },
        ),
        (_("署名"), {"fields": ["source", "author_name", "editor_name"]}),
        (_("政策解读"), {"fields": ["interprets"]}),
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
        js = ["news/admin/ckeditor-csrf.js", "news/admin/changelist-phone.js"]

    # What reviewers and auditors (who read, not edit) see instead of a field: the body as
    # residents will see it, not as HTML source; None: nothing. Mixins of the apps above add
    # their own fields (attachments: its list).
    read_only_shown = {"body": "body_rendered", "opened_revision": None}

    # Who sees and edits what. The rules themselves live on the model (check_edit and the
    # workflow guards); the admin only asks them.

    def get_queryset(self, request):
        return with_state_since(super().get_queryset(request).visible_to(request.user))

    def get_list_display(self, request):
        """处理人 and 已等待 after the state (news.admin.listing)."""
        holder, waiting = where_columns(request)
        display = list(super().get_list_display(request))
        at = display.index("state_label") + 1
        return [*display[:at], holder, waiting, *display[at:]]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        barred_on_page(request, changelist.result_list)
        return changelist

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
        # Nothing is lost by a click: an article leaves the site by being withdrawn, with a
        # reason, or moved to the 回收站 (news.admin.trash), the one place it is deleted from.
        return False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        shown = self.read_only_shown
        return [
            (name, {**options, "fields": [
                shown.get(field, field) for field in options["fields"] if shown.get(field, field)
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
        if obj is not None and (obj.has_approved_text or obj.first_published_at):
            fields.append("publish_at")  # moved only by 修改发布时间, with a reason
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.current_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        # The cover is stored here (news.admin.saving): a full disk is an error on its field.
        storing(
            "cover",
            lambda: services.article_save(
                article=obj, by=request.user, parts=form.revision_parts or None
            ),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            self._record_forged_fields(request, object_id)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        adminform = getattr(response, "context_data", {}).get("adminform")
        if adminform is not None and "body" in adminform.form.fields:
            allow_rich_text_editor(response)  # the body is edited in CKEditor
        return response

    def _record_forged_fields(self, request, object_id):
        """A POST naming a field this user's form does not have (status, view_count, the
        publish time of an online article) was made by hand: the form ignores it, and the
        security audit log records the attempt."""
        article = self.get_object(request, object_id) if object_id else None
        editable = set(self.get_fields(request, article)) - set(
            self.get_readonly_fields(request, article)
        )
        model_fields = {field.name for field in Article._meta.fields}
        forged = sorted((set(request.POST) & model_fields) - editable)
        if forged:
            audit.record(
                audit.Action.WORKFLOW,
                result=audit.Result.REFUSED,
                target=audit.describe(article) if article else _("新稿件"),
                detail=_("表单中有不可编辑的字段，已忽略：%(fields)s")
                % {"fields": ", ".join(forged)},
            )

    @admin.display(description=_("发布时间"), ordering="publish_at")
    def publish_time(self, article):
        return format_minute(article.publish_at)

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
        article = self.visible_article(request, object_id)
        extra_context = {
            **(extra_context or {}),
            **self.history_context(request, article),
            "workflow_actions": article.allowed_actions(request.user),
            "can_edit": self.has_change_permission(request, article),
            "stored_article": article,
            "findings": pre_publication_check(article, request.user),
            "last_return": article.audit_records.filter(action=AuditRecord.Action.RETURN).first(),
        }
        return super().change_view(request, object_id, form_url, extra_context)
