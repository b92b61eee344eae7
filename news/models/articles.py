from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import images
from ..sanitize import clean_body, link_phone_numbers, plain_text
from .columns import Column
from .disclosure import DISCLOSURE_FIELDS, DisclosureFields
from .site_settings import SiteSettings
from .trash import TrashMixin
from .workflow import Status, WorkflowMixin, WorkflowQuerySet

# Newest first: feeds, sitemaps, search and 政务公开 lists; ties by id, so pages never swap.
NEWEST_FIRST = ("-publish_at", "-id")
# The order of every public list: pinned first, then newest first. The list indexes follow it.
LIST_ORDER = ("-pinned", *NEWEST_FIRST)


def default_source():
    """来源 of a new article: the site's name in 站点设置."""
    return SiteSettings.current().site_name


class ArticleQuerySet(WorkflowQuerySet):
    def published(self, now=None):
        """The one definition of what residents may see: an approved text is online (a live
        revision), its publish time has come and it is not in the 回收站. Scheduling needs no
        cron job."""
        return self.filter(
            live_revision__isnull=False,
            publish_at__lte=now or timezone.now(),
            trashed_at__isnull=True,
        )

    def out_of_trash(self):
        """What is not in the 回收站: every list staff work from, unless they open the trash."""
        return self.filter(trashed_at__isnull=True)

    def in_list_order(self):
        """Pinned first, then newest first; the order of every public list."""
        return self.order_by(*LIST_ORDER)

    def newest_first(self):
        """Newest first, pinned or not (feeds, sitemaps, search, 政务公开)."""
        return self.order_by(*NEWEST_FIRST)

    def for_cards(self):
        """What a list card needs: the column, but not the body."""
        return self.select_related("column").defer("body")

    def with_interpretation(self):
        """Annotate each article with the public policy it interprets (interpreted_title) and
        the newest public interpretation of it (interpretation_id, interpretation_title): in
        the same query, as with_neighbours()."""
        public = Article.objects.published()
        interpreted = public.filter(pk=models.OuterRef("interprets"))
        interpretation = public.filter(interprets=models.OuterRef("pk")).order_by(*NEWEST_FIRST)
        return self.annotate(
            interpreted_title=models.Subquery(interpreted.values("title")[:1]),
            interpretation_id=models.Subquery(interpretation.values("id")[:1]),
            interpretation_title=models.Subquery(interpretation.values("title")[:1]),
        )

    def with_neighbours(self):
        """Annotate each article with the published article before and after it in its column
        (previous_id, previous_title, next_id, next_title): the same query, not two more."""
        siblings = Article.objects.published().filter(column=models.OuterRef("column"))
        at = models.OuterRef("publish_at")
        previous = siblings.filter(
            models.Q(publish_at__lt=at) | models.Q(publish_at=at, id__lt=models.OuterRef("id"))
        ).order_by(*NEWEST_FIRST)
        following = siblings.filter(
            models.Q(publish_at__gt=at) | models.Q(publish_at=at, id__gt=models.OuterRef("id"))
        ).order_by("publish_at", "id")
        return self.annotate(
            previous_id=models.Subquery(previous.values("id")[:1]),
            previous_title=models.Subquery(previous.values("title")[:1]),
            next_id=models.Subquery(following.values("id")[:1]),
            next_title=models.Subquery(following.values("title")[:1]),
        )


class Article(DisclosureFields, TrashMixin, WorkflowMixin):
    # What a revision records: everything an author types, except the publish time (which
    # has its own, audited step once the article is online).
    CONTENT_FIELDS = (
        "title", "column", "summary", "body", "cover", "cover_alt", "source", "author_name",
        "editor_name", "pinned", "headline", "interprets", *DISCLOSURE_FIELDS,
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
    # Derived from body by save(): the text alone, for search (search/).
    body_text = models.TextField(_("正文文字"), blank=True, editable=False)
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
    cover_alt = models.CharField(
        _("封面图片说明"),
        max_length=200,
        blank=True,
        help_text=_(
            "用一句话说明图片内容，例如“镇党委书记在春耕现场察看秧苗长势”，"
            "供看不见图片的读者（读屏软件）朗读。有封面图片时必须填写。"
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
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("解读的政策文件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpretations",
        help_text=_(
            "政策解读稿件选择它解读的政策文件：两篇文章的页面互相链接（“本文解读”“相关解读”）。"
        ),
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
        help_text=_(
            "稿件最新版本在审核流程中的位置，只能通过“提交审核”“通过”“退回”“撤回”等按钮改变。"
            "它不表示公众能否看到：已上线的文章有修改稿时，状态跟随修改稿（草稿、待审核），"
            "网站上仍显示已通过的版本。公众能否看到，见“在网站上”。"
        ),
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
        # The counting rules themselves are shown from readership.policy, which reads the
        # window length from the settings.
        help_text=_("按“人次”自动统计，不能手工修改；每天的数字见“浏览统计”。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = [*LIST_ORDER]
        permissions = [
            ("submit_article", _("可以提交自己的稿件审核")),
            ("review_level_1", _("可以初审")),
            ("review_level_2", _("可以复审")),
            ("review_level_3", _("可以终审")),
            ("withdraw_article", _("可以撤回网站上的文章")),
            ("reschedule_article", _("可以修改已上线文章的发布时间")),
            ("view_all_articles", _("可以查看全部稿件")),
            ("trash_article", _("可以把文章移入回收站、恢复和彻底删除")),
        ]
        # Partial indexes on what is online, in the orders of the public lists.
        indexes = [
            models.Index(
                fields=LIST_ORDER,
                condition=models.Q(live_revision__isnull=False),
                name="article_live_list_idx",
            ),
            models.Index(
                fields=["column", *LIST_ORDER],
                condition=models.Q(live_revision__isnull=False),
                name="article_live_column_idx",
            ),
            models.Index(
                fields=["column", "publish_at", "id"],
                condition=models.Q(live_revision__isnull=False),
                name="article_live_column_time_idx",
            ),
            models.Index(
                fields=LIST_ORDER,
                condition=models.Q(live_revision__isnull=False, headline=True),
                name="article_live_headline_idx",
            ),
            # The admin's list of every article, in the same order.
            models.Index(fields=LIST_ORDER, name="article_admin_list_idx"),
            models.Index(fields=["status", "review_level"], name="article_review_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["index_number"],
                condition=~models.Q(index_number=""),
                name="article_index_number_unique",
                violation_error_message=_("这个索引号已被另一篇文章使用。"),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Derived fields only; anything with side effects belongs in news.services.
        self.body = clean_body(self.body)
        self.body_text = plain_text(self.body)
        if self.publish_at:
            self.publish_at = self.publish_at.replace(second=0, microsecond=0)
        self._refresh_cover_rendition()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"pk": self.pk})

    def is_published(self):
        return (
            self.live_revision_id is not None
            and self.publish_at <= timezone.now()
            and self.trashed_at is None
        )

    is_published.boolean = True
    is_published.short_description = _("公众可见")

    @property
    def body_html(self):
        """The body as HTML: phone numbers tap-to-call links, our own images with their size and
        renditions (news.images.responsive_images). Safe because save() stores only what
        news.sanitize let through, and what is added is made from digits and our addresses."""
        return mark_safe(images.responsive_images(link_phone_numbers(self.body)))

    @property
    def cover_srcset(self):
        """The cover's renditions for srcset: 480 and 960 pixels wide."""
        if not self.cover_rendition:
            return ""
        storage = self.cover_rendition.storage
        small = storage.url(images.small_rendition_name(self.cover_rendition.name))
        main = self.cover_rendition.url
        return f"{small} {images.COVER_SMALL_WIDTH}w, {main} {images.COVER_SIZE[0]}w"

    def commit_cover(self):
        """A newly uploaded cover is stored now, re-encoded, with its rendition (news.images),
        so that revisions can refer to it by name."""
        if self.cover and not self.cover._committed:
            self.cover = images.store_cover(self.cover)

    def _refresh_cover_rendition(self):
        if not self.cover:
            self.cover_rendition = ""
            return
        self.commit_cover()
        rendition = images.rendition_name(self.cover.name)
        if self.cover_rendition.name != rendition:
            images.ensure_cover_rendition(self.cover, rendition)
            self.cover_rendition = rendition

    def policy_links(self):
        """(the public policy this article interprets, its newest public interpretation), each
        an Article with only id and title, or None; read from with_interpretation()."""
        interpreted = getattr(self, "interpreted_title", None)
        interpretation = getattr(self, "interpretation_id", None)
        return (
            Article(pk=self.interprets_id, title=interpreted) if interpreted else None,
            Article(pk=interpretation, title=self.interpretation_title) if interpretation else None,
        )

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
