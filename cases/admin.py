"""来信 in the admin: the list with each case's days left, the case's page with its steps
(受理, 转办, 答复, 不予受理) as buttons leading to one form each, and the channels."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import SiteModelAdmin

from . import services
from .models import Case, CaseError, Channel


@admin.register(Channel)
class ChannelAdmin(SiteModelAdmin):
    list_display = ["name", "slug", "reply_days", "visible", "order"]
    list_editable = ["reply_days", "visible", "order"]


class StepForm(forms.Form):
    service = None
    title = ""

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


class AnswerForm(StepForm):
    service = staticmethod(services.case_answer)
    title = _("答复")
    reply = forms.CharField(
        label=_("答复内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("来信人凭编号和查询码可看到答复；填了邮箱的会收到邮件。"),
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


STEPS = {"accept": AcceptForm, "forward": ForwardForm, "answer": AnswerForm,
         "turn_down": TurnDownForm}  # fmt: skip


@admin.register(Case)
class CaseAdmin(SiteModelAdmin):
    change_form_template = "admin/cases/case/change_form.html"
    list_display = ["number", "title", "channel", "state", "handler", "due_on", "days_left"]
    list_filter = ["state", "channel"]
    list_select_related = ["channel", "handler"]
    search_fields = ["number", "title"]
    fieldsets = [
        (_("来信"), {"fields": ["channel", "number", "received_at", "title", "text"]}),
        (_("来信人（不公开）"),
         {"fields": ["name", "phone", "email", "address", "publish_allowed"]}),
        (_("办理"), {"fields": ["state", "handler", "due_on", "days_left", "reply", "replied_at",
                                "reason"]}),
    ]  # fmt: skip
    readonly_fields = [field for _name, options in fieldsets for field in options["fields"]]

    def has_add_permission(self, request):
        return False  # cases come from residents

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # nothing is edited: the steps change a case

    @admin.display(description=_("剩余工作日"))
    def days_left(self, case):
        if not case.is_open():
            return "-"
        left = case.working_days_left()
        if left < 0:
            return gettext("已超期 %(n)s 天") % {"n": -left}
        return left

    def allowed_steps(self, request, case):
        allowed = []
        for name in STEPS:
            try:
                case.check_handle(request.user)
                if name == "accept" and case.state != Case.State.RECEIVED:
                    continue
            except CaseError:
                continue
            allowed.append(name)
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
            ),  # fmt: skip
            *super().get_urls(),
        ]

    def step_view(self, request, case_id, step):
        """admin/cases/case/step_form.html: one step's form; done, back to the case."""
        if step not in STEPS or not self.has_view_permission(request):
            raise Http404
        case = get_object_or_404(Case, pk=case_id)
        posted = request.method == "POST"
        form = STEPS[step](request.POST if posted else None)
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
