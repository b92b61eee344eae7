from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.cache import Cached, ForgetfulModel, ForgetfulQuerySet


class ColumnKind(models.TextChoices):
    NEWS = "news", _("动态要闻")
    NOTICE = "notice", _("通知公告")
    POLICY = "policy", _("政策文件")
    OTHER = "other", _("其他")


# What the inspection indicators (国办秘函〔2019〕19号) ask of each type: a news-type column
# updated within 2 weeks, a notice or policy column within 6 months; other columns have no
# period of their own (they still count as blank, or as not updated for a long time).
KIND_PERIOD_DAYS = {
    ColumnKind.NEWS: 14,
    ColumnKind.NOTICE: 180,
    ColumnKind.POLICY: 180,
    ColumnKind.OTHER: None,
}


def _navigation():
    return list(Column.objects.filter(visible=True))


class DisclosureSection(models.TextChoices):
    """Where a column stands in the 政府信息公开 section the 条例 lays out."""

    GUIDE = "guide", _("政府信息公开指南")
    RULES = "rules", _("政府信息公开制度")
    STATUTORY = "statutory", _("法定主动公开内容")


class Column(ForgetfulModel):
    """A section of the site (栏目), such as 工作动态 or 通知公告; its type and update period
    say how often it must have something new (the compliance app's clock reads them)."""

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

    requires_disclosure = models.BooleanField(
        _("需要政务公开信息"),
        default=False,
        help_text=_(
            "勾选后，本栏目的文章须填写文号、成文日期、主题分类和有效性才能提交审核，"
            "索引号可按站点设置里的规则自动生成；文章页顶部显示政务公开信息表，"
            "并进入 /feed/disclosure.json 供县级政务公开平台抓取。"
        ),
    )

    disclosure_section = models.CharField(
        _("政府信息公开栏目"),
        max_length=20,
        blank=True,
        choices=DisclosureSection.choices,
        help_text=_(
            "在“政府信息公开”专栏中的位置：指南、制度，或法定主动公开内容（条例第二十条所列，"
            "例如机构职能、规范性文件、规划计划、财政预决算）。不属于专栏的留空。"
        ),
    )

    # How often the column must have something new (国办秘函〔2019〕19号).
    kind = models.CharField(
        _("栏目类型"),
        max_length=10,
        choices=ColumnKind.choices,
        default=ColumnKind.OTHER,
        help_text=_(
            "决定栏目多久必须更新一次：动态要闻 14 天，通知公告和政策文件 180 天（6 个月），"
            "其他类型不限。超过期限，上级检查时就算“栏目不更新”。"
        ),
    )
    update_days = models.PositiveSmallIntegerField(
        _("更新期限（天）"),
        null=True,
        blank=True,
        help_text=_("本栏目最长多少天必须有新文章。不填时按栏目类型的期限。"),
    )

    objects = ForgetfulQuerySet.as_manager()
    # The site's navigation: the visible columns in order, from the shared cache until any
    # column changes (ForgetfulModel, ForgetfulQuerySet).
    cached = Cached("news:navigation", _navigation)

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:column", kwargs={"slug": self.slug})

    @classmethod
    def in_navigation(cls):
        """The columns in the navigation (visible, in order), from the shared cache."""
        return cls.cached.get()

    @property
    def period_days(self):
        """The days this column may go without a new public article (None: no period)."""
        return self.update_days or KIND_PERIOD_DAYS[ColumnKind(self.kind)]
