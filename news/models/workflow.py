"""The editorial workflow (先审后发) as a mixin on Article, and the queries built on it.

Each step is one method whose guard (check_<step>) raises WorkflowError with a message for
staff; the step then sets the fields that belong together. news.services calls them under a row
lock and adds the audit record and e-mails. Nothing else assigns status.

"Waiting for this reviewer" is one rule, written twice in the two forms Django needs it in: the
queryset method awaiting_review_by() and the instance method review_refusal(). Everything else
(the queue, visible_to, the reviewer's version of an article, the approve and return guards) is
built from them, and a test holds the two to each other over every role and state.
"""

import copy

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import checks

REVIEW_LEVELS = (1, 2, 3)
REVIEW_LEVEL_NAMES = {1: _("初审"), 2: _("复审"), 3: _("终审")}


def reviewer_levels(user):
    """The review levels (1-3) this user may decide at."""
    return [level for level in REVIEW_LEVELS if user.has_perm(f"news.review_level_{level}")]


class WorkflowError(Exception):
    """A workflow step that is not allowed; the message is shown to the member of staff."""


class StaleRevision(WorkflowError):
    """The text changed after the reviewer opened it."""


class Status(models.TextChoices):
    """The stage of the latest revision in review; not whether residents can read the article
    (that is published()). An online article with an edit in review is public with status
    draft or submitted."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


def _history_models():
    # Revision and AuditRecord are built from Article's fields (news.models.revisions imports
    # Article), so this module, which Article is built from, reaches them only when called.
    from .revisions import AuditRecord, Revision

    return AuditRecord, Revision


class WorkflowQuerySet(models.QuerySet):
    def awaiting_review_by(self, user):
        """待我审核: submitted at a level the user reviews, not written by them, and not already
        approved by them in this round. Article.review_refusal() is the same rule for one
        article."""
        AuditRecord, Revision = _history_models()
        written = Revision.objects.filter(article=models.OuterRef("pk"), created_by=user)
        approved_this_round = AuditRecord.objects.filter(
            article=models.OuterRef("pk"),
            actor=user,
            action=AuditRecord.Action.APPROVE,
            review_round=models.OuterRef("review_round"),
        )
        return (
            self.filter(
                status=Status.SUBMITTED,
                review_level__in=reviewer_levels(user),
                trashed_at__isnull=True,
            )
            .exclude(created_by=user)
            .exclude(models.Exists(written))
            .exclude(models.Exists(approved_this_round))
        )

    def visible_to(self, user):
        """The articles a member of staff may open in the admin and preview."""
        if user.has_perm("news.view_all_articles"):
            return self
        mine = models.Q(created_by=user)
        if reviewer_levels(user):
            AuditRecord, _Revision = _history_models()
            # Reviewers: their queue, what is or will be online, and what they decided on.
            decided = AuditRecord.objects.filter(article=models.OuterRef("pk"), actor=user)
            queue = self.model.objects.awaiting_review_by(user).values("pk")
            mine |= models.Q(pk__in=queue)
            mine |= models.Q(live_revision__isnull=False)
            mine |= models.Q(models.Exists(decided))
        return self.filter(mine)


class WorkflowMixin(models.Model):
    """The workflow's steps and guards. Article supplies the fields they use."""

    Status = Status

    class Meta:
        abstract = True

    @property
    def has_approved_text(self):
        """An approved text exists: online, or scheduled to be. Whether residents can read it
        now is is_published()."""
        return self.live_revision_id is not None

    @property
    def has_pending_changes(self):
        return self.has_approved_text and self.current_revision_id != self.live_revision_id

    def stage_label(self):
        """The stage of the latest revision: 草稿, 待初审, 待发布, 已发布, 已退回…"""
        if self.status == Status.SUBMITTED:
            return gettext("待%(level)s") % {"level": REVIEW_LEVEL_NAMES[self.review_level]}
        if self.status in (Status.APPROVED, Status.PUBLISHED):
            return gettext("已发布") if self.is_published() else gettext("待发布")
        return self.get_status_display()

    def state_label(self):
        """The article's state as staff read it: the latest revision's stage, and for an
        article with an approved text and a newer edit, also where the approved text is —
        已发布 only when residents can read it now (is_published()), else 待发布."""
        if self.has_pending_changes:
            online = gettext("已发布") if self.is_published() else gettext("待发布")
            return gettext("%(online)s，修改稿%(state)s") % {
                "online": online,
                "state": self.stage_label(),
            }
        return self.stage_label()

    state_label.short_description = _("状态")

    def working_copy(self):
        """The article as its latest revision has it: what staff edit and preview."""
        if not self.has_pending_changes:
            return self
        working = copy.copy(self)
        self.current_revision.apply_to(working)
        return working

    def version_for(self, user):
        """What this member of staff may read: the latest text for its author, for those who
        see all articles, and for the reviewers it waits for; otherwise the approved text
        (an author's unsubmitted edit of an online article is not the reviewers' business)."""
        if not self.has_pending_changes:
            return self
        if (
            self.created_by_id == user.pk
            or user.has_perm("news.view_all_articles")
            or self.is_awaiting_review_by(user)
        ):
            return self.working_copy()
        return self

    def revisions_for(self, user):
        """The revisions this user may read: up to the online one when the newer edit is not
        theirs to see (version_for)."""
        if self.has_pending_changes and self.version_for(user) is self:
            return self.revisions.filter(number__lte=self.live_revision.number)
        return self.revisions.all()

    def is_written_by(self, user):
        return self.created_by_id == user.pk or self.revisions.filter(created_by=user).exists()

    def review_refusal(self, user):
        """Why this article is not waiting for this user's decision, or None if it is: the rule
        of awaiting_review_by() for one article, with a message for each part of it."""
        AuditRecord, _Revision = _history_models()
        if self.in_trash:
            return self.in_trash_refusal()
        if self.status != Status.SUBMITTED:
            return gettext("这篇稿件现在是“%(state)s”，不在待审核状态。") % {
                "state": self.state_label()
            }
        if self.review_level not in reviewer_levels(user):
            return gettext("这篇稿件等待%(level)s，您没有%(level)s权限。") % {
                "level": REVIEW_LEVEL_NAMES[self.review_level]
            }
        if self.is_written_by(user):
            return gettext("不能审核自己撰写或修改过的稿件。")
        if self.audit_records.filter(
            actor=user, action=AuditRecord.Action.APPROVE, review_round=self.review_round
        ).exists():
            return gettext("您已在本轮审核中通过了这篇稿件；同一篇稿件的各级审核须由不同的人完成。")
        return None

    def is_awaiting_review_by(self, user):
        return self.review_refusal(user) is None

    @staticmethod
    def reviewers_of_level(level):
        """The active staff with that level's permission (superusers by their roles only)."""
        return (
            get_user_model()
            .objects.with_perm(f"news.review_level_{level}", include_superusers=False)
            .order_by("pk")
        )

    @classmethod
    def barred_from_deciding(cls, articles):
        """{article id: ids of the people who may not decide it in its current round}: its
        author, whoever saved a revision of it, whoever approved it in this round. The rule of
        review_refusal() turned round, for the people of many articles at once (two queries):
        a test holds the three forms to each other."""
        AuditRecord, Revision = _history_models()
        barred = {article.pk: {article.created_by_id} - {None} for article in articles}
        rounds = {article.pk: article.review_round for article in articles}
        editors = Revision.objects.filter(article_id__in=rounds).values_list(
            "article_id", "created_by_id"
        )
        approvals = AuditRecord.objects.filter(
            article_id__in=rounds, action=AuditRecord.Action.APPROVE
        ).values_list("article_id", "actor_id", "review_round")
        for article_id, user_id in editors:
            barred[article_id].add(user_id)
        for article_id, user_id, review_round in approvals:
            if review_round == rounds[article_id]:
                barred[article_id].add(user_id)
        return barred

    def level_reviewers(self, level, *, deciding=None, barred=None, candidates=None):
        """Who may decide this article at `level` in its current round: the reviewers of the
        level (candidates: reviewers_of_level) not barred from deciding it
        (barred_from_deciding); a list of many articles passes both, read once for the page.
        deciding is a reviewer about to approve
        the level before: then they will have approved this round. news.notifications
        e-mails these people when the article reaches the level; the admin names them in its
        messages and its article list."""
        if barred is None:
            barred = self.barred_from_deciding([self])[self.pk]
        if deciding is not None:
            barred = barred | {deciding.pk}
        if candidates is None:
            candidates = self.reviewers_of_level(level)
        return [user for user in candidates if user.pk not in barred]

    def goes_public_at(self, now):
        """When the text would go public if it were finally approved at `now`: at once, or at
        its publish time if that is later (approve() never back-dates)."""
        return max(self.publish_at, now)

    def check_edit(self, user):
        self.check_out_of_trash()
        if not user.has_perm("news.change_article"):
            raise WorkflowError(gettext("您没有修改稿件的权限。"))
        if self.created_by_id not in (None, user.pk) and not user.is_superuser:
            raise WorkflowError(gettext("只能修改自己撰写的稿件。"))

    def record_edit(self, *, by, revision):
        """A saved edit: the new revision is the text; any review under way starts over."""
        self.check_edit(by)
        self.current_revision = revision
        self.status = Status.DRAFT
        self.review_level = None

    def check_submit(self, user):
        self.check_out_of_trash()
        if self.status not in (Status.DRAFT, Status.RETURNED, Status.WITHDRAWN):
            raise WorkflowError(
                gettext("“%(state)s”的稿件不能提交审核。") % {"state": self.state_label()}
            )
        if self.current_revision_id is None:
            raise WorkflowError(gettext("请先保存稿件，再提交审核。"))
        if not user.has_perm("news.submit_article") or self.created_by_id != user.pk:
            raise WorkflowError(gettext("只有撰稿人本人可以提交自己的稿件。"))
        self.working_copy().check_disclosure()

    def submit(self, *, by):
        self.check_submit(by)
        self.status = Status.SUBMITTED
        self.review_level = 1
        self.review_round += 1

    def _check_review(self, user):
        refusal = self.review_refusal(user)
        if refusal:
            raise WorkflowError(refusal)

    def check_approve(self, user, revision_id, comment=None, findings=None):
        """Whether this user may approve the text of revision_id. Deciding, comment is the
        reviewer's 审核意见 and findings the pre-publication checks' findings for that text
        (news.checks; computed once by the caller, before the row is locked): a blocking one
        refuses, the others need a reason in the comment. Without findings (whether 通过 may
        be offered) only the checks that block are asked."""
        self._check_review(user)
        if not revision_id:
            raise StaleRevision(gettext("请先打开稿件、审阅全文后再通过。"))
        if str(revision_id) != str(self.current_revision_id):
            raise StaleRevision(
                gettext("您打开稿件之后，它又被修改过。请重新打开，审阅最新内容后再决定。")
            )
        self.check_index_number()
        if findings is None:
            findings = checks.findings(self.working_copy(), blocking_only=True)
        refusal = checks.approval_refusal(findings, comment or "")
        if refusal:
            raise WorkflowError(refusal)

    def check_index_number(self):
        """The text's 索引号 must not be another article's (news.index_numbers): it goes online
        with the text, where the unique constraint would refuse it."""
        from ..index_numbers import taken_by_another

        number = self.working_copy().index_number
        if number and taken_by_another(number, self):
            raise WorkflowError(
                gettext(
                    "索引号“%(number)s”已被另一篇文章使用，不能通过。"
                    "请退回撰稿人修改索引号（留空则按规则自动编号）。"
                )
                % {"number": number}
            )

    def approve(self, *, by, revision_id, levels, now, findings, comment=""):
        """Approve at the waiting level; at the last level the approved revision goes live.
        findings: the pre-publication checks' findings for the text (check_approve)."""
        self.check_approve(by, revision_id, comment, findings)
        if self.review_level < levels:
            self.review_level += 1
            return
        revision = self.current_revision
        if not self.has_approved_text and self.first_published_at is None:
            # Never back-dated: a time already past becomes the moment of approval.
            self.publish_at = self.goes_public_at(now).replace(second=0, microsecond=0)
        revision.apply_to(self)
        self.live_revision = revision
        self.review_level = None
        self.status = Status.APPROVED
        if self.publish_at <= now:
            self.publish(now=now)

    def check_return(self, user, reason):
        self._check_review(user)
        if not (reason or "").strip():
            raise WorkflowError(gettext("请填写退回理由，告诉撰稿人需要怎样修改。"))

    def return_to_author(self, *, by, reason):
        self.check_return(by, reason)
        self.status = Status.RETURNED
        self.review_level = None

    def check_withdraw(self, user, reason):
        self.check_out_of_trash()
        if not self.has_approved_text:
            raise WorkflowError(gettext("只有网站上的或已通过待发布的文章可以撤回。"))
        if not user.has_perm("news.withdraw_article"):
            raise WorkflowError(gettext("您没有撤回文章的权限。"))
        if not (reason or "").strip():
            raise WorkflowError(gettext("请填写撤回理由。"))

    def withdraw(self, *, by, reason):
        self.check_withdraw(by, reason)
        self.live_revision = None
        self.status = Status.WITHDRAWN
        self.review_level = None
        # Off the site, the row holds the latest text again, as for any draft.
        self.current_revision.apply_to(self)

    def check_publish(self, now):
        due = self.has_approved_text and self.publish_at <= now
        if not due or (self.status != Status.APPROVED and self.first_published_at):
            raise WorkflowError(gettext("只有已通过且发布时间已到的文章可以发布。"))

    def publish(self, *, now):
        """Record that an approved article is out (visibility itself comes from published()).
        An edit waiting for review keeps its own status."""
        self.check_publish(now)
        if self.status == Status.APPROVED:
            self.status = Status.PUBLISHED
        if self.first_published_at is None:
            self.first_published_at = self.publish_at

    def check_import(self):
        if self.has_approved_text or self.first_published_at or self.current_revision_id is None:
            raise WorkflowError(gettext("只有新建的稿件可以作为已发布文章导入。"))

    def import_published(self, *, now):
        """An article already published elsewhere (an old site, the demo) goes online with its
        own publish time (a future one waits for it, like an approved article); for management
        commands, which record why."""
        self.check_import()
        self.live_revision = self.current_revision
        self.status = Status.APPROVED
        if self.publish_at <= now:
            self.publish(now=now)

    def check_reschedule(self, user, publish_at, reason):
        self.check_out_of_trash()
        if not self.has_approved_text:
            raise WorkflowError(gettext("文章上线前，发布时间由撰稿人在稿件中填写。"))
        if not user.has_perm("news.reschedule_article"):
            raise WorkflowError(gettext("您没有修改已上线文章发布时间的权限。"))
        if publish_at is None:
            raise WorkflowError(gettext("请填写新的发布时间。"))
        if not (reason or "").strip():
            raise WorkflowError(gettext("修改已上线文章的发布时间必须填写理由。"))

    def reschedule(self, *, by, publish_at, reason, now):
        self.check_reschedule(by, publish_at, reason)
        self.publish_at = publish_at.replace(second=0, microsecond=0)
        if self.status in (Status.APPROVED, Status.PUBLISHED):
            self.status = Status.APPROVED
            if self.publish_at <= now:
                self.publish(now=now)

    def allowed_actions(self, user):
        """The workflow buttons to show this user: the steps whose guards let them through."""
        guards = {
            "submit": lambda: self.check_submit(user),
            "approve": lambda: self.check_approve(user, self.current_revision_id),
            "return": lambda: self.check_return(user, "-"),
            "withdraw": lambda: self.check_withdraw(user, "-"),
            "reschedule": lambda: self.check_reschedule(user, self.publish_at, "-"),
        }
        allowed = []
        for name, check in guards.items():
            try:
                check()
            except WorkflowError:
                continue
            allowed.append(name)
        return allowed
