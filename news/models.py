from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import images
from .sanitize import clean_body


def default_source():
    return settings.SITE_NAME


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
    def published(self):
        """The one definition of what residents may see: published, and its time has come."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def in_list_order(self):
        """Pinned first, then newest first; the order of every public list."""
        return self.order_by("-pinned", "-publish_at", "-id")

    def for_cards(self):
        """What a list card needs: the column, but not the body."""
        return self.select_related("column").defer("body")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

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
        help_text=_("草稿只有工作人员能看到；已发布的文章在发布时间到达后对公众可见。"),
    )
    publish_at = models.DateTimeField(
        _("发布时间"),
        default=timezone.now,
        help_text=_(
            "精确到分钟（北京时间）。填写将来的时间，文章会在那一刻自动出现在网站上；"
            "列表按发布时间从新到旧排列。"
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
        help_text=_("公众每打开一次文章页面计一次，由系统自动统计，不能手工修改。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-pinned", "-publish_at", "-id"]
        indexes = [
            # /news/ and the headline block: status + publish_at filter, list order.
            models.Index(
                fields=["status", "-pinned", "-publish_at", "-id"], name="article_list_idx"
            ),
            # Column pages, the home page's latest-per-column, previous/next in a column.
            models.Index(
                fields=["column", "status", "-pinned", "-publish_at", "-id"],
                name="article_column_list_idx",
            ),
            models.Index(
                fields=["column", "status", "publish_at", "id"], name="article_column_time_idx"
            ),
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
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

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
        """The published articles just before and after this one in its column, by time."""
        siblings = (
            Article.objects.published()
            .filter(column_id=self.column_id)
            .only("id", "title", "publish_at")
        )
        previous = (
            siblings.filter(
                models.Q(publish_at__lt=self.publish_at)
                | models.Q(publish_at=self.publish_at, id__lt=self.pk)
            )
            .order_by("-publish_at", "-id")
            .first()
        )
        following = (
            siblings.filter(
                models.Q(publish_at__gt=self.publish_at)
                | models.Q(publish_at=self.publish_at, id__gt=self.pk)
            )
            .order_by("publish_at", "id")
            .first()
        )
        return previous, following
