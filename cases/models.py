"""A case (来信): what one resident sent through one channel, and what the town did with it.

Each step is one method whose guard (check_<step>) raises CaseError with a message for staff,
as the articles' workflow has it (news.models.workflow); cases.services runs them under a row
lock with the step's record (CaseStep) and the security audit log in one transaction."""

import secrets
import uuid

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from attachments.models import attachment_storage
from core import workdays
from news.models import REVIEW_LEVEL_NAMES, reviewer_levels

# The secret code a resident keeps with the case's number: easy to read out on a phone (no 0/O,
# 1/I/l), hard to guess (8 of 31 characters: about 10^12).
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def masked(name):
    """A resident as public pages name them: the surname, the rest hidden (李大爷 → 李**)."""
    return name[:1] + "*" * max(len(name) - 1, 1)


class CaseError(Exception):
    """A step that is not allowed; the message is shown to the member of staff."""


class Channel(models.Model):
    """A way to write to the town (信箱): 镇长信箱, 咨询投诉 — each with its own period — or the
    依申请公开 channel, whose form and periods the 政府信息公开条例 (2019) lays down."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("来信（信箱、咨询投诉）")
        DISCLOSURE = "disclosure", _("依申请公开")

    name = models.CharField(
        _("名称"), max_length=50, unique=True, help_text=_("例如“镇长信箱”“咨询投诉”。")
    )
    slug = models.SlugField(
        _("网址标识"),
        max_length=30,
        unique=True,
        help_text=_("网址中的英文标识，例如 zzxx 对应 /hudong/zzxx/。上线后请勿修改。"),
    )
    intro = models.TextField(
        _("说明"),
        blank=True,
        help_text=_("显示在写信页上方：这个信箱受理什么、多久答复、不受理什么。"),
    )
    reply_days = models.PositiveSmallIntegerField(
        _("答复期限（工作日）"),
        default=5,
        help_text=_("收到来信后多少个工作日内答复（不含收到当天；法定节假日不算，调休上班日算）。"),
    )
    kind = models.CharField(
        _("类型"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.LETTER,
        help_text=_(
            "依申请公开：申请表按《政府信息公开条例》的要求，答复须选择处理结果，可延期一次。"
        ),
    )
    extension_days = models.PositiveSmallIntegerField(
        _("可延长（工作日）"),
        default=0,
        help_text=_("答复期限可延长一次的工作日数（依申请公开：20）；0 表示不能延长。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    visible = models.BooleanField(
        _("开放"), default=True, help_text=_("取消勾选后不再接收新来信。")
    )

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cases:channel", kwargs={"slug": self.slug})


class State(models.TextChoices):
    RECEIVED = "received", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    ANSWERED = "answered", _("已答复")
    REJECTED = "rejected", _("不予受理")


OPEN_STATES = (State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS)


class Outcome(models.TextChoices):
    """How an 依申请公开 application ended, in the categories of the 政府信息公开工作年度报告."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTLY = "partly", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    UNAVAILABLE = "unavailable", _("无法提供")
    NOT_HANDLED = "not_handled", _("不予处理")
    OTHER = "other", _("其他处理")


# The grounds the 年报's table lists for each outcome that needs one.
OUTCOME_GROUNDS = {
    Outcome.WITHHELD: [
        "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
        "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项",
    ],
    Outcome.UNAVAILABLE: [
        "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确",
    ],
    Outcome.NOT_HANDLED: [
        "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ],
}  # fmt: skip
GROUND_CHOICES = [(ground, ground) for grounds in OUTCOME_GROUNDS.values() for ground in grounds]


class CaseQuerySet(models.QuerySet):
    def published(self):
        """What residents may read on the site: answered, and published by its final review
        with the writer's consent. The one definition the public pages use."""
        return self.filter(state=State.ANSWERED, published_at__isnull=False)

    def open(self):
        """Not yet answered or turned down: on the clock."""
        return self.filter(state__in=OPEN_STATES)

    def handled_by(self, user):
        return self.filter(handler=user)

    def unanswered_since(self, moment):
        """Open cases received before moment (the inspection: a valid message unanswered for
        more than three months is a veto)."""
        return self.open().filter(received_at__lt=moment)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


class Case(models.Model):
    State = State

    channel = models.ForeignKey(
        Channel, verbose_name=_("信箱"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(_("编号"), max_length=20, unique=True, editable=False)
    code_hash = models.CharField(max_length=128, editable=False)
    # The writer: private. Never on a public page, in a feed or an export.
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    publish_allowed = models.BooleanField(
        _("同意公开"),
        default=True,
        help_text=_("来信人同意在网站上公开来信和答复（姓名隐去，联系方式不公开）。"),
    )
    title = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("内容"), max_length=5000)
    # 依申请公开 (政府信息公开条例 art. 29): who applies, with what identity, for what, how it
    # is to be delivered. The identity document is private like every contact.
    applicant_kind = models.CharField(
        _("申请人类型"), max_length=20, blank=True,
        choices=[("citizen", _("公民")), ("organization", _("法人或者其他组织"))],
    )  # fmt: skip
    id_document = models.CharField(
        _("身份证件名称及号码"), max_length=100, blank=True,
        help_text=_("公民填身份证件，法人或其他组织填统一社会信用代码。不公开。"),
    )  # fmt: skip
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    delivery = models.CharField(
        _("获取信息的方式"), max_length=20, blank=True,
        choices=[("paper", _("纸质")), ("email", _("电子邮件")), ("disc", _("光盘")),
                 ("pickup", _("当面领取"))],
    )  # fmt: skip
    outcome = models.CharField(
        _("处理结果"), max_length=20, blank=True, choices=Outcome.choices, editable=False
    )
    outcome_ground = models.CharField(
        _("理由"), max_length=50, blank=True, choices=GROUND_CHOICES, editable=False
    )
    extended_on = models.DateField(_("延期时间"), null=True, blank=True, editable=False)
    extension_reason = models.TextField(_("延期理由"), blank=True, editable=False)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.RECEIVED, editable=False
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="cases_handled",
    )
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now, editable=False)
    due_on = models.DateField(_("答复期限"), editable=False)
    reply = models.TextField(_("答复"), blank=True, editable=False)
    # The letter as it is published: the handler may take out what must not be public (an ID
    # number, a neighbour's name); the personal-data check reads it before it goes out.
    public_text = models.TextField(_("公开的来信内容"), blank=True, editable=False)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # The level (1-3, news's review levels) the drafted reply waits for; None: none waiting.
    reply_level = models.PositiveSmallIntegerField(
        _("答复待审级别"), null=True, blank=True, editable=False
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, editable=False)
    reason = models.TextField(_("不予受理理由"), blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-id"]
        permissions = [("handle_case", _("可以办理来信"))]
        indexes = [models.Index(fields=["state", "due_on"], name="case_clock_idx")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("cases:letter", kwargs={"slug": self.channel.slug, "number": self.number})

    @property
    def masked_name(self):
        return masked(self.name)

    # The number and the secret code.

    @staticmethod
    def new_code():
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

    def set_code(self, code):
        self.code_hash = make_password(code.upper())

    def has_code(self, code):
        return bool(code) and check_password(code.strip().upper(), self.code_hash)

    def number_for(self, pk):
        return f"{timezone.localtime(self.received_at).year}{pk:06d}"

    # The clock.

    def deadline(self):
        """The day the answer is due: reply_days working days after the day of receipt."""
        received = timezone.localdate(self.received_at)
        return workdays.add_working_days(received, self.channel.reply_days)

    def working_days_left(self, today=None):
        """Working days until the due date (0: due today; negative: overdue)."""
        today = today or timezone.localdate()
        if today <= self.due_on:
            return workdays.working_days_between(today, self.due_on)
        return -workdays.working_days_between(self.due_on, today)

    def is_open(self):
        return self.state in OPEN_STATES

    def get_reply_level_name(self):
        return REVIEW_LEVEL_NAMES.get(self.reply_level, "")

    # The steps.

    def check_handle(self, user):
        if not user.has_perm("cases.handle_case"):
            raise CaseError(gettext("您没有办理来信的权限。"))
        if not self.is_open():
            raise CaseError(
                gettext("这件来信已经是“%(state)s”，不能再办理。")
                % {"state": self.get_state_display()}
            )

    def accept(self, *, by):
        self.check_handle(by)
        if self.state != State.RECEIVED:
            raise CaseError(gettext("这件来信已经受理。"))
        self.state = State.ACCEPTED
        self.handler = by

    def check_no_reply_in_review(self):
        if self.reply_level is not None:
            raise CaseError(gettext("答复正在审核中，请等审核结果。"))

    def forward(self, *, by, to, note):
        """Give the case to another handler (转办), with a note of what to do."""
        self.check_handle(by)
        self.check_no_reply_in_review()
        if not to.has_perm("cases.handle_case") or not to.is_active:
            raise CaseError(gettext("%(person)s没有办理来信的权限，不能转给他。") % {"person": to})
        if not (note or "").strip():
            raise CaseError(gettext("请写明转办说明：要对方办理什么。"))
        self.state = State.IN_PROGRESS
        self.handler = to

    def is_disclosure_request(self):
        return self.channel.kind == Channel.Kind.DISCLOSURE

    def extend(self, *, by, reason, today):
        """The period extended once, by the channel's extension days (政府信息公开条例 art. 33:
        another 20 working days, with the applicant told); the reason is recorded."""
        self.check_handle(by)
        if not self.channel.extension_days:
            raise CaseError(gettext("这个信箱的答复期限不能延长。"))
        if self.extended_on is not None:
            raise CaseError(gettext("答复期限已经延长过一次，不能再延长。"))
        if not (reason or "").strip():
            raise CaseError(gettext("请填写延期理由，会告知申请人。"))
        self.due_on = workdays.add_working_days(self.due_on, self.channel.extension_days)
        self.extended_on = today
        self.extension_reason = reason.strip()

    def submit_reply(self, *, by, reply, public_text="", outcome="", outcome_ground=""):
        """The handler's reply, sent for review (先审后发) at the first of news's review levels:
        neither the resident nor the public sees it before its final approval."""
        self.check_handle(by)
        self.check_no_reply_in_review()
        if not (reply or "").strip():
            raise CaseError(gettext("请填写答复内容。"))
        if self.is_disclosure_request():
            if outcome not in Outcome.values:
                raise CaseError(gettext("依申请公开的答复须选择处理结果。"))
            grounds = OUTCOME_GROUNDS.get(Outcome(outcome), [])
            if grounds and outcome_ground not in grounds:
                raise CaseError(
                    gettext("“%(outcome)s”须选择理由：%(grounds)s。")
                    % {"outcome": Outcome(outcome).label, "grounds": "、".join(grounds)}
                )
            self.outcome, self.outcome_ground = outcome, outcome_ground if grounds else ""
        self.state = State.IN_PROGRESS
        self.reply = reply.strip()
        self.public_text = (public_text or "").strip() or self.text
        self.replied_by = by
        self.reply_level = 1
        self.handler = self.handler or by

    def reply_refusal(self, user):
        """Why this reply is not waiting for this user's review, or None: the article rule
        (news) for replies — at a level the user reviews, not their own reply."""
        if self.reply_level is None:
            return gettext("这件来信没有待审核的答复。")
        if self.reply_level not in reviewer_levels(user):
            return gettext("答复等待%(level)s，您没有%(level)s权限。") % {
                "level": REVIEW_LEVEL_NAMES[self.reply_level]
            }
        if self.replied_by_id == user.pk:
            return gettext("不能审核自己写的答复。")
        reviewed = self.steps.filter(
            action=CaseStep.Action.APPROVE_REPLY, actor=user, at__gte=self._reply_submitted_at()
        )
        if reviewed.exists():
            return gettext("您已审核通过了这份答复；各级审核须由不同的人完成。")
        return None

    def _reply_submitted_at(self):
        submitted = self.steps.filter(action=CaseStep.Action.SUBMIT_REPLY).order_by("-at").first()
        return submitted.at if submitted else self.received_at

    def approve_reply(self, *, by, levels, now, findings=()):
        """Approve the reply at its level; at the last one the resident may read it and, with
        their consent and without personal data (findings), the public too."""
        refusal = self.reply_refusal(by)
        if refusal:
            raise CaseError(refusal)
        if self.reply_level < levels:
            self.reply_level += 1
            return
        if self.publish_allowed and findings:
            raise CaseError(
                gettext("公开的来信或答复中含有个人信息（%(found)s），不能公开。请退回修改。")
                % {"found": "、".join(findings)}
            )
        self.reply_level = None
        self.state = State.ANSWERED
        self.replied_at = now
        if self.publish_allowed:
            self.published_at = now

    def return_reply(self, *, by, reason):
        refusal = self.reply_refusal(by)
        if refusal:
            raise CaseError(refusal)
        if not (reason or "").strip():
            raise CaseError(gettext("请填写退回理由，告诉答复人需要怎样修改。"))
        self.reply_level = None

    def turn_down(self, *, by, reason):
        """不予受理, with the reason the writer is told."""
        self.check_handle(by)
        self.check_no_reply_in_review()
        if not (reason or "").strip():
            raise CaseError(gettext("请填写不予受理的理由，会告知来信人。"))
        self.state = State.REJECTED
        self.reason = reason.strip()
        self.handler = self.handler or by


class CaseStep(models.Model):
    """One step of a case: who, when, from which state to which, and the note."""

    class Action(models.TextChoices):
        RECEIVE = "receive", _("收到来信")
        ACCEPT = "accept", _("受理")
        FORWARD = "forward", _("转办")
        EXTEND = "extend", _("延期答复")
        SUBMIT_REPLY = "submit_reply", _("答复送审")
        APPROVE_REPLY = "approve_reply", _("答复审核通过")
        RETURN_REPLY = "return_reply", _("答复退回")
        TURN_DOWN = "turn_down", _("不予受理")

    case = models.ForeignKey(
        Case, verbose_name=_("来信"), on_delete=models.PROTECT, related_name="steps"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text=_("为空表示来信人本人（在网站上提交）。"),
    )
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["case", "at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.case_id}"


class Consultation(models.Model):
    """意见征集: a draft document published for residents' comments between two dates; after
    the close, the summary of what was taken up (采纳情况), due SUMMARY_WORKING_DAYS working days
    after the close."""

    SUMMARY_WORKING_DAYS = 15

    title = models.CharField(
        _("标题"), max_length=200, help_text=_("例如“《蔡桥镇村庄规划（草案）》征求意见”。")
    )
    body = models.TextField(
        _("征求意见稿"), help_text=_("草案全文或要点，以及提意见的注意事项。按段落显示。")
    )
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"), help_text=_("这一天结束后不再接收意见（含当天）。"))
    summary = models.TextField(
        _("采纳情况"),
        blank=True,
        help_text=_("征集结束后公布：收到多少条意见，采纳了哪些，未采纳的说明理由。"),
    )
    summary_published_at = models.DateTimeField(
        _("采纳情况公布时间"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cases:consultation", kwargs={"pk": self.pk})

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def summary_due(self):
        return workdays.add_working_days(self.closes_on, self.SUMMARY_WORKING_DAYS)

    def summary_is_late(self, today=None):
        today = today or timezone.localdate()
        return self.summary_published_at is None and today > self.summary_due()

    def publish_summary(self, *, by, now):
        if not by.has_perm("cases.change_consultation"):
            raise CaseError(gettext("您没有公布采纳情况的权限。"))
        if self.is_open(timezone.localdate(now)) or timezone.localdate(now) < self.opens_on:
            raise CaseError(gettext("征集结束后才能公布采纳情况。"))
        if not self.summary.strip():
            raise CaseError(gettext("请先填写采纳情况，再公布。"))
        self.summary_published_at = now


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Comment.State.APPROVED)


class Comment(models.Model):
    """A resident's comment on a consultation: public only once staff approve it (moderated),
    and never with the writer's contact; the name is shown masked."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已公开")
        REJECTED = "rejected", _("不公开")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("意见征集"), on_delete=models.PROTECT, related_name="comments"
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30)
    text = models.TextField(_("意见"), max_length=3000)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PENDING, editable=False
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT,
        null=True, blank=True, editable=False, related_name="+",
    )  # fmt: skip

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["submitted_at", "id"]

    def __str__(self):
        return f"{self.consultation} · {self.masked_name}"

    @property
    def masked_name(self):
        return masked(self.name)

    def moderate(self, *, by, approve, findings=()):
        """Approve (public) or keep private; personal data in the text stops the approval."""
        if not by.has_perm("cases.change_comment"):
            raise CaseError(gettext("您没有审核意见的权限。"))
        if approve and findings:
            raise CaseError(
                gettext("意见中含有个人信息（%(found)s），不能公开。")
                % {"found": "、".join(findings)}
            )
        self.state = self.State.APPROVED if approve else self.State.REJECTED
        self.moderated_by = by


def _case_file_name(instance, filename):
    from attachments.kinds import KINDS

    return f"cases/{uuid.uuid4().hex}.{KINDS[instance.kind].extension}"


class CaseAttachment(models.Model):
    """A file a resident sent with a case: checked like the articles' attachments (by its
    content, against the allow-list and a size limit), kept where the web server does not
    serve it, opened only by staff in the admin; never public."""

    case = models.ForeignKey(
        Case, verbose_name=_("来信"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(
        _("文件"), upload_to=_case_file_name, max_length=200, storage=attachment_storage
    )
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("来信附件")
        verbose_name_plural = _("来信附件")
        ordering = ["case", "id"]

    def __str__(self):
        return self.original_name
