from django.db import models
from django.utils.translation import gettext_lazy as _

from news.models import Article


class CheckedLinkQuerySet(models.QuerySet):
    def broken(self):
        """What residents meet now: broken at the last check, still in the text of an article
        that is public (published(), the one definition)."""
        return self.filter(
            is_broken=True,
            on_page=True,
            article__in=Article.objects.published().values("pk"),
        )

    def found_broken_between(self, start, end):
        """Links that broke in [start, end) (the annual report's 发现失效链接)."""
        return self.filter(first_broken_at__gte=start, first_broken_at__lt=end)

    def fixed_between(self, start, end):
        """Links repaired, or taken out of the article, in [start, end) (已修复)."""
        return self.filter(fixed_at__gte=start, fixed_at__lt=end)


class CheckedLink(models.Model):
    """A link or image in an article's public text, as `check_links` last found it. Kept after
    it is fixed or taken out of the article, so that a year's broken and fixed links can be
    counted."""

    class Kind(models.TextChoices):
        LINK = "link", _("链接")
        IMAGE = "image", _("图片")

    class Where(models.TextChoices):
        INTERNAL = "internal", _("站内")
        EXTERNAL = "external", _("站外")

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="checked_links"
    )
    url = models.CharField(_("地址"), max_length=2000)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    where = models.CharField(_("站内/站外"), max_length=10, choices=Where.choices)
    status_code = models.PositiveSmallIntegerField(
        _("状态码"), null=True, blank=True, help_text=_("对方网站最后的应答（跟随跳转之后）。")
    )
    error = models.CharField(
        _("错误"), max_length=200, blank=True, help_text=_("没有应答时的原因，例如超时、无法连接。")
    )
    final_url = models.CharField(_("跳转后的地址"), max_length=2000, blank=True)
    is_broken = models.BooleanField(_("失效"), default=False)
    on_page = models.BooleanField(
        _("仍在文章中"),
        default=True,
        help_text=_("文章修改或撤下后不再有这个地址时为否。"),
    )
    checked_at = models.DateTimeField(
        _("检查时间"),
        null=True,
        blank=True,
        help_text=_("为空：还没有检查（站外网站当次检查数已满）。"),
    )
    first_broken_at = models.DateTimeField(
        _("发现失效时间"), null=True, blank=True, help_text=_("这次失效第一次被发现的时间。")
    )
    fixed_at = models.DateTimeField(
        _("修复时间"),
        null=True,
        blank=True,
        help_text=_("失效的地址重新可以打开、或从文章中删去后第一次检查的时间。"),
    )

    objects = CheckedLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("链接检查结果")
        verbose_name_plural = _("链接检查结果")
        ordering = ["article", "kind", "url"]
        constraints = [
            models.UniqueConstraint(fields=["article", "url", "kind"], name="checked_link_unique")
        ]
        indexes = [models.Index(fields=["is_broken", "on_page"], name="checked_link_broken_idx")]

    def __str__(self):
        return self.url

    def problem(self):
        """What the check found, for people: 404, 超时, 正常."""
        if self.error:
            return self.error
        if self.is_broken:
            return f"HTTP {self.status_code}"
        return _("正常")

    problem.short_description = _("检查结果")
