"""The workflow in the admin: the step pages and buttons, saving and submitting in one click,
and the bulk submit action. Every step goes through its form (news.admin.forms) to the
service; the rules are the model's."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import WorkflowError
from .forms import STEP_FORMS


class WorkflowAdminMixin:
    actions = ["submit_selected"]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="news_article_workflow",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id, step):
        """admin/news/article/workflow_form.html: a step's form (a reason, a new time). A step
        whose form has nothing to type (submit, approve) is a button on the change page: its
        outcome is told there."""
        if step not in STEP_FORMS:
            raise Http404
        article = self.visible_article(request, object_id)
        posted = request.method == "POST"
        form = STEP_FORMS[step](request.POST if posted else None)
        if posted and form.is_valid():
            done = self.run_step(
                request,
                lambda: form.run(article=article, by=request.user),
                gettext("“%(title)s”：%(step)s完成。")
                % {"title": article.title, "step": form.title},
            )
            if done:
                return HttpResponseRedirect(self.change_url(article))
        if not form.visible_fields():
            for error in form.errors.values():
                self.message_user(request, " ".join(error), messages.ERROR)
            return HttpResponseRedirect(self.change_url(article))
        return self.article_page(
            request, "workflow_form.html", title=form.title, article=article, form=form, step=step
        )

    def _submit_after_save(self, request, obj):
        if "_submit_for_review" in request.POST:
            self.run_step(
                request,
                lambda: services.article_submit(article=obj, by=request.user),
                gettext("稿件已提交审核。"),
            )

    def response_add(self, request, obj, post_url_continue=None):
        self._submit_after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._submit_after_save(request, obj)
        return super().response_change(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not request.user.has_perm("news.submit_article"):
            actions.pop("submit_selected", None)
        return actions

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
