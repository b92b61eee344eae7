"""来信 in the admin: the list with each case's days left, the case's page with its steps
(受理, 转办, 答复, 不予受理) as buttons leading to one form each, and the channels."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import SiteModelAdmin

from . import services
from .models import (
    GROUND_CHOICES,
    Case,
    CaseAttachment,
    CaseError,
    Channel,
    Comment,
    Consultation,
    Outcome,
)


@admin.register(Channel)
class ChannelAdmin(SiteModelAdmin):
    list_display = ["name", "slug", "kind", "reply_days", "extension_days", "visible", "order"]
    list_editable = ["reply_days", "extension_days", "visible", "order"]


class StepForm(forms.Form):
    service = None
    title = ""

    @classmethod
    def initial_for(cls, case):
        return {}

    def run(self, *, case, by):
        return self.service(case=case, by=by, **self.cleaned_data)


class AcceptForm(StepForm):
    service = staticmethod(services.case_accept)
    title = _("受理")


class ForwardForm(StepForm):
    service = staticmethod(services.case_forward)
    title = _("转办")
    to = forms.ModelChoiceField(label=_("转给"), queryset=get_user_model().objects.none())
    note = forms.CharField(
        label=_("转办说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("要对方办理什么，会通知对方。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = services.handlers().filter(is_active=True)


class ReplyForm(StepForm):
    service = staticmethod(services.case_submit_reply)
    title = _("答复")
    reply = forms.CharField(
        label=_("答复内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "先送审核（先审后发）：终审通过后，来信人凭编号和查询码可看到答复，填了邮箱的会收到邮件。"
        ),
    )
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        required=False,
        choices=[("", "---------"), *Outcome.choices],
        help_text=_("依申请公开必填，按政府信息公开工作年度报告的分类。"),
    )
    outcome_ground = forms.ChoiceField(
        label=_("理由"),
        required=False,
        choices=[("", "---------"), *GROUND_CHOICES],
        help_text=_("不予公开、无法提供、不予处理须选择理由。"),
    )
    public_text = forms.CharField(
        label=_("公开的来信内容"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "来信人同意公开时，网站上显示的来信内容：请删去身份证号、电话、他人姓名等个人信息。"
        ),
    )

    @classmethod
    def initial_for(cls, case):
        return {"public_text": case.public_text or case.text, "reply": case.reply,
                "outcome": case.outcome, "outcome_ground": case.outcome_ground}  # fmt: skip


class ExtendForm(StepForm):
    service = staticmethod(services.case_extend)
    title = _("延期答复")
    reason = forms.CharField(
        label=_("延期理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("答复期限延长一次（依申请公开：再延长 20 个工作日），理由会告知申请人。"),
    )


class ApproveReplyForm(StepForm):
    service = staticmethod(services.case_approve_reply)
    title = _("答复审核通过")


class ReturnReplyForm(StepForm):
    service = staticmethod(services.case_return_reply)
    title = _("退回答复")
    reason = forms.CharField(
        label=_("退回理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


class TurnDownForm(StepForm):
    service = staticmethod(services.case_turn_down)
    title = _("不予受理")
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("会告知来信人。"),
    )


# The handler's steps, then the reviewers' of a reply.
HANDLER_STEPS = {"accept": AcceptForm, "forward": ForwardForm, "extend": ExtendForm,
                 "reply": ReplyForm, "turn_down": TurnDownForm}  # fmt: skip
REVIEW_STEPS = {"approve_reply": ApproveReplyForm, "return_reply": ReturnReplyForm}
STEPS = {**HANDLER_STEPS, **REVIEW_STEPS}


@admin.register(Case)
class CaseAdmin(SiteModelAdmin):
    change_form_template = "admin/cases/case/change_form.html"
    list_display = ["number", "title", "channel", "state", "handler", "due_on", "days_left"]
    list_filter = ["state", "channel"]
    list_select_related = ["channel", "handler"]
    search_fields = ["number", "title"]
    fieldsets = [
        (_("来信"), {"fields": ["channel", "number", "received_at", "title", "text",
                                "attachment_links"]}),
        (_("来信人（不公开）"),
         {"fields": ["name", "phone", "email", "address", "publish_allowed"]}),
        (_("依申请公开"), {"fields": ["applicant_kind", "id_document", "purpose", "delivery",
                                      "outcome", "outcome_ground", "extended_on",
                                      "extension_reason"]}),
        (_("办理"), {"fields": ["state", "handler", "due_on", "days_left", "reason"]}),
        (_("答复"), {"fields": ["reply", "public_text", "replied_by", "reply_level", "replied_at",
                                "published_at"]}),
    ]  # fmt: skip
    readonly_fields = [field for _name, options in fieldsets for field in options["fields"]]

    def has_add_permission(self, request):
        return False  # cases come from residents

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # nothing is edited: the steps change a case

    @admin.display(description=_("附件"))
    def attachment_links(self, case):
        links = [(reverse("admin:cases_case_attachment", args=[case.pk, a.pk]), a.original_name,
                  a.size) for a in case.attachments.all()]  # fmt: skip
        if not links:
            return _("（无附件）")
        return format_html_join("", '<p><a href="{}">{}</a>（{} 字节）</p>', links)

    def attachment_view(self, request, case_id, attachment_id):
        """A resident's file, for staff who may see the case: always a download."""
        if not self.has_view_permission(request):
            raise Http404
        attachment = get_object_or_404(CaseAttachment, pk=attachment_id, case_id=case_id)
        return FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name)  # fmt: skip

    @admin.display(description=_("剩余工作日"))
    def days_left(self, case):
        if not case.is_open():
            return "-"
        left = case.working_days_left()
        if left < 0:
            return gettext("已超期 %(n)s 个工作日") % {"n": -left}
        return left

    def allowed_steps(self, request, case):
        """The steps whose guards let this user through (the model's rules, asked)."""
        user, allowed = request.user, []
        try:
            case.check_handle(user)
        except CaseError:
            pass
        else:
            if case.state == Case.State.RECEIVED:
                allowed.append("accept")
            if case.reply_level is None:
                allowed += ["forward", "reply", "turn_down"]
            if case.channel.extension_days and case.extended_on is None:
                allowed.append("extend")
        if case.reply_level is not None and case.reply_refusal(user) is None:
            allowed += list(REVIEW_STEPS)
        return allowed

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "case_steps": self.allowed_steps(request, case) if case else [],
            "history": case.steps.select_related("actor") if case else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:case_id>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="cases_case_step",
            ),
            path(
                "<int:case_id>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="cases_case_attachment",
            ),  # fmt: skip
            *super().get_urls(),
        ]

    def step_view(self, request, case_id, step):
        """admin/cases/case/step_form.html: one step's form; done, back to the case."""
        if step not in STEPS or not self.has_view_permission(request):
            raise Http404
        case = get_object_or_404(Case, pk=case_id)
        posted = request.method == "POST"
        form = STEPS[step](request.POST if posted else None, initial=STEPS[step].initial_for(case))
        change_url = reverse("admin:cases_case_change", args=[case.pk])
        if posted and form.is_valid():
            try:
                form.run(case=case, by=request.user)
            except CaseError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, gettext("已%(step)s。") % {"step": form.title},
                                  messages.SUCCESS)  # fmt: skip
                return HttpResponseRedirect(change_url)
        if not form.fields and posted:  # refused: told on the case's page
            return HttpResponseRedirect(change_url)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "case": case,
                   "form": form, "title": form.title, "change_url": change_url}  # fmt: skip
        return TemplateResponse(request, "admin/cases/case/step_form.html", context)


@admin.register(Consultation)
class ConsultationAdmin(SiteModelAdmin):
    """意见征集: the draft and its dates; after the close, its 采纳情况 written and published."""

    list_display = ["title", "opens_on", "closes_on", "comment_total", "summary_due",
                    "summary_published_at"]  # fmt: skip
    readonly_fields = ["summary_published_at"]
    actions = ["publish_summary"]

    @admin.display(description=_("意见数"))
    def comment_total(self, consultation):
        return consultation.comments.count()

    @admin.display(description=_("采纳情况应于"))
    def summary_due(self, consultation):
        due = consultation.summary_due()
        if consultation.summary_is_late():
            return format_html('<strong class="overdue">{}（{}）</strong>', due, gettext("已超期"))
        return due

    @admin.action(description=_("公布所选征集的采纳情况"))
    def publish_summary(self, request, queryset):
        for consultation in queryset:
            try:
                services.consultation_publish_summary(consultation=consultation, by=request.user)
            except CaseError as error:
                self.message_user(request, f"《{consultation}》：{error}", messages.ERROR)
            else:
                self.message_user(request, gettext("《%(title)s》的采纳情况已公布。")
                                  % {"title": consultation}, messages.SUCCESS)  # fmt: skip


@admin.register(Comment)
class CommentAdmin(SiteModelAdmin):
    """意见: residents' comments, public only once approved here (个人信息 stops it)."""

    list_display = ["consultation", "short_text", "name", "submitted_at", "state"]
    list_filter = ["state", "consultation"]
    readonly_fields = ["consultation", "name", "phone", "text", "state", "submitted_at",
                       "moderated_by"]  # fmt: skip
    actions = ["approve_selected", "reject_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("意见"))
    def short_text(self, comment):
        return comment.text[:40]

    def _moderate(self, request, queryset, approve):
        for comment in queryset:
            try:
                services.comment_moderate(comment=comment, by=request.user, approve=approve)
            except CaseError as error:
                self.message_user(request, f"#{comment.pk}：{error}", messages.ERROR)

    @admin.action(description=_("公开所选意见"))
    def approve_selected(self, request, queryset):
        self._moderate(request, queryset, approve=True)

    @admin.action(description=_("所选意见不公开"))
    def reject_selected(self, request, queryset):
        self._moderate(request, queryset, approve=False)
