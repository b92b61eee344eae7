from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.cache import Cached, ForgetfulModel, ForgetfulQuerySet

from ..index_numbers import validate_index_number_pattern


def default_site_name():
    """A new site's name, until staff save 站点设置 (settings.SITE_NAME)."""
    return settings.SITE_NAME


def _current():
    # Read, never created here: pages only show what 站点设置 holds (its defaults until saved).
    return SiteSettings.objects.filter(pk=1).first() or SiteSettings(pk=1)


class SiteSettings(ForgetfulModel):
    """Settings staff change in the admin (站点设置); one row (pk=1): the review levels, the
    索引号 rule, and the site's identity: its name (the one name of the site: pages, feeds,
    the disclosure data, an article's default 来源) and what its header and footer show
    (website.identity)."""

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
    site_name = models.CharField(
        _("网站名称"),
        max_length=100,
        default=default_site_name,
        help_text=_("显示在页头、页脚和浏览器标题中，例如“蔡桥镇人民政府”。"),
    )
    logo = models.ImageField(
        _("页头标志"),
        upload_to="site/",
        blank=True,
        help_text=_(
            "显示在页头网站名称左侧，例如国徽或镇徽图片（JPG、PNG，建议高 120 像素以上）。"
            "不填则只显示网站名称。"
        ),
    )
    host_organization = models.CharField(
        _("主办单位"), max_length=100, blank=True, help_text=_("例如“蔡桥镇人民政府”。")
    )
    organizer = models.CharField(
        _("承办单位"), max_length=100, blank=True, help_text=_("例如“蔡桥镇党政综合办公室”。")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮编"), max_length=10, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    site_code = models.CharField(
        _("网站标识码"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^\d{10}$", _("网站标识码是 10 位数字，例如 4305230001。"), "site_code")
        ],
        help_text=_("国务院办公厅分配的政府网站标识码，10 位数字。"),
    )
    police_icon = models.ImageField(
        _("公安备案图标"),
        upload_to="site/",
        blank=True,
        help_text=_("公安机关备案系统提供的备案图标，显示在页脚备案号前。不填则只显示备案号。"),
    )
    sponsor_mark = models.ImageField(
        _("党政机关网站开办者标识"),
        upload_to="site/",
        blank=True,
        help_text=_("机构编制部门发放的“党政机关”网站标识图片，显示在页脚。不填则不显示。"),
    )
    sponsor_mark_link = models.URLField(
        _("开办者标识链接"),
        blank=True,
        help_text=_(
            "点击标识打开的核验地址（机构编制部门提供的网址）。不填则链接到网站标识码查询。"
        ),
    )
    icp_number = models.CharField(
        _("ICP备案号"), max_length=50, blank=True, help_text=_("例如“湘ICP备12345678号”。")
    )
    police_number = models.CharField(
        _("公安机关备案号"),
        max_length=50,
        blank=True,
        help_text=_("例如“湘公网安备 43052302000123号”。页脚会链接到公安机关的备案查询页。"),
    )
    error_report_url = models.URLField(
        _("“我为政府网站找错”地址"),
        blank=True,
        default="https://zfwzzc.www.gov.cn/",
        help_text=_("页脚“我为政府网站找错”链接到的网址。"),
    )

    organization_code = models.CharField(
        _("机构代码"), max_length=50, blank=True,
        help_text=_("政务公开索引号中的机构代码，例如统一社会信用代码或上级分配的编码。"),
    )  # fmt: skip
    index_number_pattern = models.CharField(
        _("索引号规则"),
        max_length=100,
        blank=True,
        default="{机构代码}/{年份}-{序号:05d}",
        validators=[validate_index_number_pattern],
        help_text=_(
            "需要政务公开信息的栏目里，索引号留空的文章保存时按此规则编号。可用 {机构代码}、"
            "{年份}、{序号}（当年第几号，{序号:05d} 为补足 5 位）。留空或机构代码未填则不自动编号。"
        ),
    )

    objects = ForgetfulQuerySet.as_manager()
    # The row as every page reads it, from the shared cache until it changes.
    cached = Cached("news:site-settings", _current)

    class Meta:
        verbose_name = _("站点设置")
        verbose_name_plural = _("站点设置")

    def __str__(self):
        return str(_("站点设置"))

    @classmethod
    def load(cls):
        """The row to change (made if there is none yet)."""
        return cls.objects.get_or_create(pk=1)[0]

    @classmethod
    def current(cls):
        """The row to read (pages, feeds): from the shared cache, its defaults if never saved."""
        return cls.cached.get()
