import copy

from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import images
from .sanitize import clean_body

REVIEW_LEVELS = (1, 2, 3)
REVIEW_LEVEL_NAMES = {1: _("初审"), 2: _("复审"), 3: _("终审")}


def reviewer_levels(user):
    """The review levels (1-3) this user may decide at."""
    return [level for level in REVIEW_LEVELS if user.has_perm(f"news.review_level_{level}")]


class WorkflowError(Exception):
    """A workflow step that is not allowed; the message is shown to the member of staff."""


class StaleRevision(WorkflowError):
    """The text changed after the reviewer opened it."""


def default_source():
    return settings.SITE_NAME


class SiteSettings(models.Model):
    """Settings staff change in the admin; one row (pk=1)."""

    review_levels = models.PositiveSmallIntegerField(
        _("审核级数"),
        default=3,
        choices=[
            (1, _("一级（终审）")),
            (2, _("两级（初审、终审）")),
            (3, _("三级（初审、复审、终审）")),
        ],
        help_text=_(
            "每篇稿件公开前要经过几级审核（先审后发）。改动只影响之后提交的稿件的审核终点："
            "正在审核的稿件到达新的最后一级即算终审通过。"
        ),
    )

    class Meta:
        verbose_name = _("站点设置")
        verbose_name_plural = _("站点设置")

    def __str__(self):
        return str(_("站点设置"))

    @classmethod
    def load(cls):
        return cls.objects.get_or_create(pk=1)[0]


class Column(models.Model):
    """A section of the site (栏目), such as 工作动态 or 通知公告."""

    name = models.CharField(
        _("栏目名称"),
        max_length=50,
        unique=True,
        help_text=_("显示在导航、首页和栏目页上的名称，例如“工作动态”。"),
    )
    slug = models.SlugField(
        _("网址标识"),
        max_length=50,
        unique=True,
        help_text=_(
            "栏目网址中的英文标识，只能用小写字母、数字和连字符，例如 gzdt 对应 "
            "/news/column/gzdt/。栏目上线后请勿修改，否则旧链接会失效。"
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("排序"),
        default=0,
        help_text=_("数字越小越靠前，决定导航和首页中栏目的先后顺序。"),
    )
    description = models.CharField(
        _("栏目简介"),
        max_length=200,
        blank=True,
        help_text=_("显示在栏目页标题下方的一句话介绍，可不填。"),
    )
    visible = models.BooleanField(
        _("在导航中显示"),
        default=True,
        help_text=_(
            "取消勾选后，栏目不再出现在导航和首页上；栏目页和其中已发布的文章仍可通过原链接访问。"
        ),
    )

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:column", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of what residents may see: an approved text is online (a live
        revision) and its publish time has come. Scheduling needs no cron job."""
        return self.filter(live_revision__isnull=False, publish_at__lte=now or timezone.now())

    def visible_to(self, user):
        """The articles a member of staff may open in the admin and preview."""
        if user.has_perm("news.view_all_articles"):
            return self
        levels = reviewer_levels(user)
        mine = models.Q(created_by=user)
        if levels:
            # Reviewers: their queues, what is or will be online, and what they decided on.
            mine |= models.Q(status=Article.Status.SUBMITTED, review_level__in=levels)
            mine |= models.Q(live_revision__isnull=False)
            mine |= models.Q(audit_records__actor=user)
        return self.filter(mine).distinct()

    def awaiting_review_by(self, user):
        """待我审核: submitted at a level the user reviews, not written by them, and not already
        approved by them in this round."""
        levels = reviewer_levels(user)
        approved_this_round = AuditRecord.objects.filter(
            article=models.OuterRef("pk"),
            actor=user,
            action=AuditRecord.Action.APPROVE,
            review_round=models.OuterRef("review_round"),
        )
        written = Revision.objects.filter(article=models.OuterRef("pk"), created_by=user)
        return (
            self.filter(status=Article.Status.SUBMITTED, review_level__in=levels)
            .exclude(created_by=user)
            .exclude(models.Exists(written))
            .exclude(models.Exists(approved_this_round))
        )

    def in_list_order(self):
        """Pinned first, then newest first; the order of every public list."""
        return self.order_by("-pinned", "-publish_at", "-id")

    def for_cards(self):
        """What a list card needs: the column, but not the body."""
        return self.select_related("column").defer("body")

    def with_neighbours(self):
        """Annotate each article with the published article before and after it in its column
        (previous_id, previous_title, next_id, next_title): the same query, not two more."""
        siblings = Article.objects.published().filter(column=models.OuterRef("column"))
        at = models.OuterRef("publish_at")
        previous = siblings.filter(
            models.Q(publish_at__lt=at) | models.Q(publish_at=at, id__lt=models.OuterRef("id"))
        ).order_by("-publish_at", "-id")
        following = siblings.filter(
            models.Q(publish_at__gt=at) | models.Q(publish_at=at, id__gt=models.OuterRef("id"))
        ).order_by("publish_at", "id")
        return self.annotate(
            previous_id=models.Subquery(previous.values("id")[:1]),
            previous_title=models.Subquery(previous.values("title")[:1]),
            next_id=models.Subquery(following.values("id")[:1]),
            next_title=models.Subquery(following.values("title")[:1]),
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        PUBLISHED = "published", _("已发布")
        RETURNED = "returned", _("已退回")
        WITHDRAWN = "withdrawn", _("已撤回")

    # What a revision records: everything an author types, except the publish time (which
    # has its own, audited step once the article is online).
    CONTENT_FIELDS = (
        "title", "column", "summary", "body", "cover", "source", "author_name", "editor_name",
        "pinned", "headline",
    )  # fmt: skip

    title = models.CharField(
        _("标题"),
        max_length=200,
        help_text=_("文章标题，建议不超过 40 个字，完整表达主要内容。"),
    )
    column = models.ForeignKey(
        Column,
        verbose_name=_("栏目"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("文章所属栏目。栏目下还有文章时不能删除栏目。"),
    )
    summary = models.CharField(
        _("摘要"),
        max_length=300,
        blank=True,
        help_text=_("显示在列表和首页的一两句话简介，可不填；不填时列表只显示标题。"),
    )
    body = RichTextUploadingField(
        _("正文"),
        help_text=_(
            "可插入图片、表格和链接。保存时系统会自动去掉不安全的内容"
            "（脚本、内嵌框架、字体颜色等样式），页面统一按网站样式显示。"
        ),
    )
    cover = models.ImageField(
        _("封面图片"),
        upload_to=images.cover_upload_to,
        blank=True,
        validators=[images.validate_image],
        help_text=_(
            "可不填。支持 JPG、PNG、GIF、WebP，最大 10 MB；"
            "页面显示的是系统按 16:9 自动裁剪压缩后的图片，请把主体放在画面中间。"
        ),
    )
    # Derived from cover by save(): covers/display/<name of the original>.jpg
    cover_rendition = models.ImageField(_("封面展示图"), blank=True, editable=False)
    source = models.CharField(
        _("来源"),
        max_length=100,
        blank=True,
        default=default_source,
        help_text=_("发布单位或转载出处，例如“蔡桥镇党政办”。"),
    )
    author_name = models.CharField(
        _("作者"), max_length=50, blank=True, help_text=_("撰稿人姓名或部门，可不填。")
    )
    editor_name = models.CharField(
        _("责任编辑"),
        max_length=50,
        blank=True,
        help_text=_("对本文内容负责的编辑姓名，显示在文章末尾。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_created",
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text=_("稿件在审核流程中的位置，只能通过“提交审核”“通过”“退回”“撤回”等按钮改变。"),
    )
    review_level = models.PositiveSmallIntegerField(
        _("待审级别"), null=True, blank=True, editable=False
    )
    review_round = models.PositiveIntegerField(_("送审轮次"), default=0, editable=False)
    current_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("最新版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    live_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("线上版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("终审通过、公众看到的版本；为空表示文章不在网站上。"),
    )
    first_published_at = models.DateTimeField(
        _("首次发布时间"), null=True, blank=True, editable=False
    )
    publish_at = models.DateTimeField(
        _("发布时间"),
        default=timezone.now,
        help_text=_(
            "精确到分钟（北京时间）。终审通过后，文章在这一时刻自动出现在网站上；"
            "若终审时这个时间已过，则以终审通过的时刻为准（不允许倒填日期）。"
            "文章上线后，只有站点管理员能填写理由后修改。"
        ),
    )
    pinned = models.BooleanField(
        _("置顶"),
        default=False,
        help_text=_("置顶的文章排在列表和栏目页的最前面，适合重要通知；不用时请及时取消。"),
    )
    headline = models.BooleanField(
        _("头条"),
        default=False,
        help_text=_("头条文章显示在首页顶部的“头条”区域。"),
    )
    view_count = models.PositiveIntegerField(
        _("浏览次数"),
        default=0,
        editable=False,
        help_text=_(
            "按“人次”自动统计，不能手工修改：公众每打开一次文章页计一次；同一浏览器在一段时间"
            "（默认 10 分钟）内重复打开同一篇文章只计一次；搜索引擎和各类爬虫、浏览器预加载、"
            "只取页头的请求以及工作人员预览都不计入。每天的数字见“浏览统计”。"
        ),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-pinned", "-publish_at", "-id"]
        permissions = [
            ("submit_article", _("可以提交自己的稿件审核")),
            ("review_level_1", _("可以初审")),
            ("review_level_2", _("可以复审")),
            ("review_level_3", _("可以终审")),
            ("withdraw_article", _("可以撤回网站上的文章")),
            ("reschedule_article", _("可以修改已上线文章的发布时间")),
            ("view_all_articles", _("可以查看全部稿件")),
        ]
        # Partial indexes on what is online, in the orders of the public lists.
        indexes = [
            models.Index(
                fields=["-pinned", "-publish_at", "-id"],
                condition=models.Q(live_revision__isnull=False),
                name="article_live_list_idx",
            ),
            models.Index(
                fields=["column", "-pinned", "-publish_at", "-id"],
                condition=models.Q(live_revision__isnull=False),
                name="article_live_column_idx",
            ),
            models.Index(
                fields=["column", "publish_at", "id"],
                condition=models.Q(live_revision__isnull=False),
                name="article_live_column_time_idx",
            ),
            models.Index(
                fields=["-pinned", "-publish_at", "-id"],
                condition=models.Q(live_revision__isnull=False, headline=True),
                name="article_live_headline_idx",
            ),
            # The admin's list of every article, in the same order.
            models.Index(fields=["-pinned", "-publish_at", "-id"], name="article_admin_list_idx"),
            models.Index(fields=["status", "review_level"], name="article_review_queue_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Derived fields only; anything with side effects belongs in news.services.
        self.body = clean_body(self.body)
        if self.publish_at:
            self.publish_at = self.publish_at.replace(second=0, microsecond=0)
        self._refresh_cover_rendition()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"pk": self.pk})

    def is_published(self):
        return self.live_revision_id is not None and self.publish_at <= timezone.now()

    is_published.boolean = True
    is_published.short_description = _("公众可见")

    @property
    def body_html(self):
        """The body as HTML. Safe because save() stores only what news.sanitize let through."""
        return mark_safe(self.body)

    def _refresh_cover_rendition(self):
        if not self.cover:
            self.cover_rendition = ""
            return
        if not self.cover._committed:
            # Store a new upload now (as pre_save would) so that its final name is known.
            self.cover.save(self.cover.name, self.cover.file, save=False)
        rendition = images.rendition_name(self.cover.name)
        if self.cover_rendition.name != rendition:
            images.ensure_cover_rendition(self.cover, rendition)
            self.cover_rendition = rendition

    def neighbours(self):
        """The published articles just before and after this one in its column, by time, as
        (previous, next); each an Article with only id and title, or None. Read from the
        annotations of ArticleQuerySet.with_neighbours()."""
        return tuple(
            Article(pk=pk, title=title) if pk else None
            for pk, title in [
                (self.previous_id, self.previous_title),
                (self.next_id, self.next_title),
            ]
        )

    # Workflow (先审后发). Each step is one method whose guard (check_<step>) raises
    # WorkflowError with a message for staff; the step then sets the fields that belong
    # together. news.services calls them under a row lock and adds the audit record and
    # e-mails. Nothing else assigns status.

    @property
    def is_live(self):
        """An approved text is online, or scheduled to be."""
        return self.live_revision_id is not None

    @property
    def has_pending_changes(self):
        return self.is_live and self.current_revision_id != self.live_revision_id

    def state_label(self):
        if self.status == self.Status.SUBMITTED:
            label = gettext("待%(level)s") % {"level": REVIEW_LEVEL_NAMES[self.review_level]}
        elif self.status == self.Status.APPROVED and self.publish_at > timezone.now():
            label = gettext("待发布")
        elif self.status == self.Status.APPROVED:
            label = self.Status.PUBLISHED.label
        else:
            label = self.get_status_display()
        if self.has_pending_changes:
            return gettext("已发布，修改稿%(state)s") % {"state": label}
        return label

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
            or (self.status == self.Status.SUBMITTED and self.review_level in reviewer_levels(user))
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

    def check_edit(self, user):
        if not user.has_perm("news.change_article"):
            raise WorkflowError(gettext("您没有修改稿件的权限。"))
        if self.created_by_id not in (None, user.pk) and not user.is_superuser:
            raise WorkflowError(gettext("只能修改自己撰写的稿件。"))

    def record_edit(self, *, by, revision):
        """A saved edit: the new revision is the text; any review under way starts over."""
        self.check_edit(by)
        self.current_revision = revision
        self.status = self.Status.DRAFT
        self.review_level = None

    def check_submit(self, user):
        if self.status not in (self.Status.DRAFT, self.Status.RETURNED, self.Status.WITHDRAWN):
            raise WorkflowError(
                gettext("“%(state)s”的稿件不能提交审核。") % {"state": self.state_label()}
            )
        if self.current_revision_id is None:
            raise WorkflowError(gettext("请先保存稿件，再提交审核。"))
        if not user.has_perm("news.submit_article") or self.created_by_id != user.pk:
            raise WorkflowError(gettext("只有撰稿人本人可以提交自己的稿件。"))

    def submit(self, *, by):
        self.check_submit(by)
        self.status = self.Status.SUBMITTED
        self.review_level = 1
        self.review_round += 1

    def _check_review(self, user):
        if self.status != self.Status.SUBMITTED:
            raise WorkflowError(
                gettext("这篇稿件现在是“%(state)s”，不在待审核状态。")
                % {"state": self.state_label()}
            )
        if self.review_level not in reviewer_levels(user):
            raise WorkflowError(
                gettext("这篇稿件等待%(level)s，您没有%(level)s权限。")
                % {"level": REVIEW_LEVEL_NAMES[self.review_level]}
            )
        if self.is_written_by(user):
            raise WorkflowError(gettext("不能审核自己撰写或修改过的稿件。"))

    def check_approve(self, user, revision_id):
        self._check_review(user)
        if self.audit_records.filter(
            actor=user, action=AuditRecord.Action.APPROVE, review_round=self.review_round
        ).exists():
            raise WorkflowError(
                gettext("您已在本轮审核中通过了这篇稿件；同一篇稿件的各级审核须由不同的人完成。")
            )
        if not revision_id:
            raise StaleRevision(gettext("请先打开稿件、审阅全文后再通过。"))
        if str(revision_id) != str(self.current_revision_id):
            raise StaleRevision(
                gettext("您打开稿件之后，它又被修改过。请重新打开，审阅最新内容后再决定。")
            )

    def approve(self, *, by, revision_id, levels, now):
        """Approve at the waiting level; at the last level the approved revision goes live.
        Returns True when this was the final approval."""
        self.check_approve(by, revision_id)
        if self.review_level < levels:
            self.review_level += 1
            return False
        revision = self.current_revision
        if not self.is_live and self.first_published_at is None:
            # Never back-dated: a time already past becomes the moment of approval.
            self.publish_at = max(self.publish_at, now).replace(second=0, microsecond=0)
        revision.apply_to(self)
        self.live_revision = revision
        self.review_level = None
        self.status = self.Status.APPROVED
        if self.publish_at <= now:
            self.publish(now=now)
        return True

    def check_return(self, user, reason):
        self._check_review(user)
        if not (reason or "").strip():
            raise WorkflowError(gettext("请填写退回理由，告诉撰稿人需要怎样修改。"))

    def return_to_author(self, *, by, reason):
        self.check_return(by, reason)
        self.status = self.Status.RETURNED
        self.review_level = None

    def check_withdraw(self, user, reason):
        if not self.is_live:
            raise WorkflowError(gettext("只有网站上的或已通过待发布的文章可以撤回。"))
        if not user.has_perm("news.withdraw_article"):
            raise WorkflowError(gettext("您没有撤回文章的权限。"))
        if not (reason or "").strip():
            raise WorkflowError(gettext("请填写撤回理由。"))

    def withdraw(self, *, by, reason):
        self.check_withdraw(by, reason)
        self.live_revision = None
        self.status = self.Status.WITHDRAWN
        self.review_level = None
        # Off the site, the row holds the latest text again, as for any draft.
        self.current_revision.apply_to(self)

    def check_publish(self, now):
        due = self.is_live and self.publish_at <= now
        if not due or (self.status != self.Status.APPROVED and self.first_published_at):
            raise WorkflowError(gettext("只有已通过且发布时间已到的文章可以发布。"))

    def publish(self, *, now):
        """Record that an approved article is out (visibility itself comes from published()).
        An edit waiting for review keeps its own status."""
        self.check_publish(now)
        if self.status == self.Status.APPROVED:
            self.status = self.Status.PUBLISHED
        if self.first_published_at is None:
            self.first_published_at = self.publish_at

    def check_import(self):
        if self.is_live or self.first_published_at or self.current_revision_id is None:
            raise WorkflowError(gettext("只有新建的稿件可以作为已发布文章导入。"))

    def import_published(self, *, now):
        """An article already published elsewhere (an old site, the demo) goes online with its
        own publish time (a future one waits for it, like an approved article); for management
        commands, which record why."""
        self.check_import()
        self.live_revision = self.current_revision
        self.status = self.Status.APPROVED
        if self.publish_at <= now:
            self.publish(now=now)

    def check_reschedule(self, user, publish_at, reason):
        if not self.is_live:
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
        if self.status in (self.Status.APPROVED, self.Status.PUBLISHED):
            self.status = self.Status.APPROVED
            if self.publish_at <= now:
                self.publish(now=now)

    def allowed_actions(self, user):
        """The workflow buttons to show this user: the steps whose guards let them through."""
        checks = {
            "submit": lambda: self.check_submit(user),
            "approve": lambda: self.check_approve(user, self.current_revision_id),
            "return": lambda: self.check_return(user, "-"),
            "withdraw": lambda: self.check_withdraw(user, "-"),
            "reschedule": lambda: self.check_reschedule(user, self.publish_at, "-"),
        }
        allowed = []
        for name, check in checks.items():
            try:
                check()
            except WorkflowError:
                continue
            allowed.append(name)
        return allowed


def revision_field(name, **overrides):
    """A Revision field like the Article field of that name (same type and limits)."""
    field = Article._meta.get_field(name).clone()
    field.help_text = ""
    for attribute, value in overrides.items():
        setattr(field, attribute, value)
    return field


class Revision(models.Model):
    """One saved version of an article's text. Never changed or deleted."""

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    title = revision_field("title")
    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="+"
    )
    summary = revision_field("summary")
    body = models.TextField(_("正文"))
    cover = revision_field("cover", validators=[])
    source = revision_field("source")
    author_name = revision_field("author_name")
    editor_name = revision_field("editor_name")
    pinned = revision_field("pinned")
    headline = revision_field("headline")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("版本")
        verbose_name_plural = _("版本")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique")
        ]

    def __str__(self):
        return gettext("第 %(number)s 版") % {"number": self.number}

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)
        super().save(*args, **kwargs)
        if self.cover:
            images.ensure_cover_rendition(self.cover, images.rendition_name(self.cover.name))

    @property
    def body_html(self):
        """Safe for the same reason as Article.body_html: cleaned by save()."""
        return mark_safe(self.body)

    @classmethod
    def content_of(cls, article):
        """The versioned fields of an article (or revision); the cover by its stored name."""
        content = {name: getattr(article, name) for name in Article.CONTENT_FIELDS}
        content["cover"] = article.cover.name or ""
        return content

    def same_content_as(self, article):
        """Whether saving article now would record nothing new."""
        theirs = self.content_of(article) | {"body": clean_body(article.body)}
        return self.content_of(self) == theirs

    def apply_to(self, article):
        for name, value in self.content_of(self).items():
            setattr(article, name, value)
        article.cover_rendition = images.rendition_name(self.cover.name) if self.cover else ""


class AuditRecord(models.Model):
    """One workflow step: who, when, from which state to which, at what level, and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        EDIT = "edit", _("修改")
        SUBMIT = "submit", _("提交审核")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")
        WITHDRAW = "withdraw", _("撤回")
        PUBLISH = "publish", _("发布")
        RESCHEDULE = "reschedule", _("修改发布时间")
        RESTORE = "restore", _("恢复旧版本")
        IMPORT = "import", _("导入已发布文章")

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.PROTECT, related_name="audit_records"
    )
    revision = models.ForeignKey(
        Revision, verbose_name=_("版本"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=Article.Status.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=Article.Status.choices)
    review_level = models.PositiveSmallIntegerField(_("审核级别"), null=True)
    review_round = models.PositiveIntegerField(_("送审轮次"), default=0)
    reason = models.TextField(_("理由"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text=_("为空表示由系统按时自动完成。"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"], name="audit_article_idx")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.article_id}"

    def level_name(self):
        return REVIEW_LEVEL_NAMES.get(self.review_level, "")

    def transition_label(self):
        """待初审 → 待复审 for an approval that passes a level on, else the two status labels."""
        if self.action == self.Action.APPROVE and self.to_status == Article.Status.SUBMITTED:
            return gettext("待%(a)s → 待%(b)s") % {
                "a": REVIEW_LEVEL_NAMES[self.review_level],
                "b": REVIEW_LEVEL_NAMES[self.review_level + 1],
            }
        if not self.from_status:
            return self.get_to_status_display()
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    transition_label.short_description = _("状态变化")

    level_name.short_description = _("审核级别")


class DailyViews(models.Model):
    """Views of one article on one day (Beijing time), kept in the same transaction as the
    article's total: the total always equals the sum of its days."""

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="daily_views"
    )
    date = models.DateField(_("日期"))
    views = models.PositiveIntegerField(_("浏览次数"), default=0)

    class Meta:
        verbose_name = _("每日浏览")
        verbose_name_plural = _("每日浏览")
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="daily_views_unique")
        ]
        # Rankings and totals over a range of days.
        indexes = [models.Index(fields=["date", "article"], name="daily_views_date_idx")]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.views}"


class ViewStatistics(DailyViews):
    """浏览统计 in the admin: rankings, totals and charts read from DailyViews."""

    class Meta:
        proxy = True
        verbose_name = _("浏览统计")
        verbose_name_plural = _("浏览统计")
