"""The workflow in the admin: the step pages and buttons, saving and submitting in one click,
and the bulk submit action. Every step goes through its form (news.admin.forms) to the
service; the rules are the model's. After every step the message says what happens next, and
who is to do it, by name (outcome())."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.times import format_minute

from .. import checks, services
from ..models import REVIEW_LEVEL_NAMES, Article, SiteSettings, WorkflowError
from .forms import STEP_FORMS

# More names than this in a message become "张三、李四、王五等 7 人".
NAMES_SHOWN = 5


def people_text(users):
    """People by their names (str(user)), as a message lists them: 张三、李四."""
    names = [str(user) for user in users]
    if len(names) > NAMES_SHOWN:
        return gettext("%(names)s等 %(count)s 人") % {
            "names": "、".join(names[:NAMES_SHOWN]),
            "count": len(names),
        }
    return "、".join(names)


def waiting_text(article, level=None, deciding=None):
    """等待初审（张三、李四）: the level the article waits for and the people who review it
    there (Article.level_reviewers: the ones news.notifications e-mails); deciding, a reviewer
    about to pass it on to that level."""
    level = level or article.review_level
    names = people_text(article.level_reviewers(level, deciding=deciding))
    return gettext("等待%(level)s（%(people)s）") % {
        "level": REVIEW_LEVEL_NAMES[level],
        "people": names
        or gettext("目前没有人有%(level)s权限，请联系站点管理员")
        % {"level": REVIEW_LEVEL_NAMES[level]},
    }


def _author_text(article):
    return str(article.created_by) if article.created_by else gettext("撰稿人")


def submitted_text(article):
    return gettext("稿件已提交审核。%(waiting)s。") % {"waiting": waiting_text(article)}


def outcome(step, article):
    """What a step did and what happens next, in plain Chinese: the message after it.
    article is the stored article the step's service returned."""
    if step == "submit":
        return submitted_text(article)
    if step == "approve":
        if article.status == Article.Status.SUBMITTED:
            return gettext("已通过%(level)s，%(waiting)s。") % {
                "level": REVIEW_LEVEL_NAMES[article.review_level - 1],
                "waiting": waiting_text(article),
            }
        final = REVIEW_LEVEL_NAMES[SiteSettings.load().review_levels]
        if article.is_published():
            return gettext("已%(level)s通过，文章已在网站发布。") % {"level": final}
        return gettext("已%(level)s通过，将于 %(time)s 在网站发布。") % {
            "level": final,
            "time": format_minute(article.publish_at),
        }
    if step == "return":
        return gettext("已退回给作者（%(author)s），理由已通知作者。") % {
            "author": _author_text(article)
        }
    if step == "withdraw":
        return gettext(
            "已从网站撤回，公众已看不到这篇文章和它的附件。%(author)s修改后可重新提交审核。"
        ) % {"author": _author_text(article)}
    if step == "reschedule":
        if article.is_published():
            return gettext("发布时间已改为 %(time)s，文章在网站上照常显示。") % {
                "time": format_minute(article.publish_at)
            }
        return gettext("发布时间已改为 %(time)s。在此之前文章不在网站上显示，到时自动发布。") % {
            "time": format_minute(article.publish_at)
        }
    raise ValueError(step)


def approval_statement(article, now, reviewer):
    """What 确认通过 will do, said on the confirmation page before the reviewer decides: pass
    the article on (to whom), or, at the last level, put it on the site now or at its time."""
    levels = SiteSettings.load().review_levels
    level = article.review_level
    if level < levels:
        return gettext("这是%(level)s。确认通过后，稿件将%(waiting)s。") % {
            "level": REVIEW_LEVEL_NAMES[level],
            "waiting": waiting_text(article, level + 1, deciding=reviewer),
        }
    when = article.goes_public_at(now)
    if when > now:
        return gettext(
            "这是最后一级审核（%(level)s）。确认通过后，文章将于 %(time)s 在网站发布，"
            "在此之前公众看不到。"
        ) % {"level": REVIEW_LEVEL_NAMES[level], "time": format_minute(when)}
    if article.has_pending_changes:
        return gettext(
            "这是最后一级审核（%(level)s）。确认通过后，修改稿将立即替换网站上的版本，"
            "公众马上就能看到。"
        ) % {"level": REVIEW_LEVEL_NAMES[level]}
    return gettext(
        "这是最后一级审核（%(level)s）。确认通过后，文章将立即在网站发布，公众马上就能看到。"
    ) % {"level": REVIEW_LEVEL_NAMES[level]}


def pre_publication_check(article, user):
    """The findings (news.checks) for the text of article this user may read (version_for):
    the latest for its author and the reviewers it waits for, otherwise the approved text with
    the approved attachments — nothing of an edit they may not see."""
    shown = article.version_for(user)
    approved_only = shown is article and article.has_pending_changes
    return checks.findings(shown, revision=article.live_revision if approved_only else None)


def findings_text(findings):
    """What the author is told after submitting a text with findings."""
    text = gettext("发布前检查发现：%(findings)s。审核人会看到这些提示。") % {
        "findings": "；".join(finding.text for finding in findings)
    }
    if any(finding.blocking for finding in findings):
        text += gettext("含有个人信息的稿件不能通过审核，请修改后重新提交。")
    return text


def edit_warning(article):
    """Shown by the save buttons of an article in review: what saving an edit does to the
    review (WorkflowMixin.record_edit: back to draft, the round's decisions void)."""
    if article.status != Article.Status.SUBMITTED:
        return ""
    return gettext(
        "这篇稿件正在%(level)s。保存修改后，稿件将回到草稿，本轮审核作废，"
        "须重新提交审核，从初审开始；点“保存并提交审核”可一步完成。"
    ) % {"level": REVIEW_LEVEL_NAMES[article.review_level]}


def review_stopped_text(level):
    return gettext(
        "已保存。稿件原在%(level)s，修改后已回到草稿，本轮审核作废。"
        "请点“保存并提交审核”重新提交，审核将从初审开始。"
    ) % {"level": REVIEW_LEVEL_NAMES[level]}


def review_restarted_text(level):
    return gettext("修改已保存，原来的%(level)s作废，审核从初审重新开始。") % {
        "level": REVIEW_LEVEL_NAMES[level]
    }


class WorkflowAdminMixin:
    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="news_article_workflow",
            ),
            *super().get_urls(),
        ]

    def run_workflow_step(self, request, step, name):
        """run_step() of a workflow step, told by its outcome(); after a submission, also what
        the pre-publication checks found."""
        stored = self.run_step(request, step, lambda stored: outcome(name, stored))
        if stored is not None and name == "submit":
            findings = pre_publication_check(stored, request.user)
            if findings:
                self.message_user(request, findings_text(findings), messages.WARNING)
        return stored

    def workflow_view(self, request, object_id, step):
        """admin/news/article/workflow_form.html: a step's form (a reason, a new time; for
        通过 the confirmation with an optional 审核意见, the revision read and what approval
        will do: ``statement``). A step whose form has nothing to type (submit) is a button on
        the change page: its outcome is told there."""
        if step not in STEP_FORMS:
            raise Http404
        article = self.visible_article(request, object_id)
        form_class = STEP_FORMS[step]
        posted = request.method == "POST"
        form = form_class(request.POST if posted else None,
                          initial=form_class.initial_from(request.GET))  # fmt: skip
        findings = pre_publication_check(article, request.user) if step == "approve" else []
        if findings:
            form.require_reason()
        if posted and form.is_valid():
            done = self.run_workflow_step(
                request, lambda: form.run(article=article, by=request.user, findings=findings),
                step,
            )  # fmt: skip
            if done or form.back_on_refusal:
                return HttpResponseRedirect(self.change_url(article))
        elif not posted:
            try:
                form.check(article, request.user)
            except WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(self.change_url(article))
        if not form.visible_fields():
            for error in form.errors.values():
                self.message_user(request, " ".join(error), messages.ERROR)
            return HttpResponseRedirect(self.change_url(article))
        return self.article_page(
            request,
            "workflow_form.html",
            title=form.title,
            article=article,
            shown=article.version_for(request.user),
            form=form,
            step=step,
            statement=(
                approval_statement(article, timezone.now(), request.user)
                if step == "approve"
                else ""
            ),  # fmt: skip
            findings=findings,
            revision=form.revision_read(article),
        )

    def _after_save(self, request, obj):
        """保存并提交审核 submits what was just saved; a save that ended a review says so.
        obj is the article as the form had it: its status is the one before the save."""
        stopped = None
        if obj.status == Article.Status.SUBMITTED:
            status = Article.objects.values_list("status", flat=True).get(pk=obj.pk)
            stopped = obj.review_level if status != Article.Status.SUBMITTED else None
        if "_submit_for_review" in request.POST:
            stored = self.run_workflow_step(
                request, lambda: services.article_submit(article=obj, by=request.user), "submit"
            )
            if stored is not None and stopped:
                self.message_user(request, review_restarted_text(stopped), messages.INFO)
            if stored is not None:
                return
        if stopped:
            self.message_user(request, review_stopped_text(stopped), messages.WARNING)

    def response_add(self, request, obj, post_url_continue=None):
        self._after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._after_save(request, obj)
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and context.get("can_edit"):
            context["edit_warning"] = edit_warning(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not request.user.has_perm("news.submit_article"):
            actions.pop("submit_selected", None)
        return actions

    @admin.action(description=_("提交所选稿件审核"))
    def submit_selected(self, request, queryset):
        submitted, refused = [], []
        for article in queryset:
            try:
                submitted.append(services.article_submit(article=article, by=request.user))
            except WorkflowError as error:
                refused.append(f"《{article.title}》：{error}")
        if submitted:
            # Only authors submit, their own articles: the same reviewers wait for them all.
            self.message_user(
                request,
                gettext("已提交 %(count)s 篇稿件审核。%(waiting)s。")
                % {"count": len(submitted), "waiting": waiting_text(submitted[-1])},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)
