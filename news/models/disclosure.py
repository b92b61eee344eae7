"""The 政务公开 fields of an article, as an abstract model Article is built from (so that they
are part of its text and its revisions, and go through review like it). The opendata app
publishes them (the disclosure table of the page, /feed/disclosure.json)."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# 政府信息公开 主题分类, as the county platform lists them.
TOPICS = [
    "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源",
    "农业、林业、水利", "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管",
    "城乡建设、环境保护", "科技、教育", "文化、广电、新闻出版", "卫生、体育",
    "人口与计划生育、妇女儿童工作", "劳动、人事、监察", "公安、安全、司法", "民政、扶贫、救灾",
    "民族、宗教", "其他",
]  # fmt: skip


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


# What a column that requires disclosure asks for before an article is submitted (索引号 can
# come from the pattern in 站点设置; 发布机构 has its default; 发布日期 is the publish date).
REQUIRED = ("document_number", "written_on", "topic", "validity")
DISCLOSURE_FIELDS = (
    "index_number", "issuing_body", "document_number", "written_on", "disclosed_on", "topic",
    "validity", "validity_changed_on",
)  # fmt: skip


class DisclosureFields(models.Model):
    index_number = models.CharField(
        _("索引号"), max_length=64, blank=True,
        help_text=_("政府信息公开索引号。不填时，需要政务公开信息的栏目按站点设置里的规则自动编号。"),
    )  # fmt: skip
    issuing_body = models.CharField(
        _("发布机构"), max_length=100, blank=True, help_text=_("不填时为站点设置里的主办单位。")
    )
    document_number = models.CharField(
        _("文号"), max_length=100, blank=True, help_text=_("例如“蔡政发〔2026〕12号”。")
    )
    written_on = models.DateField(
        _("成文日期"), null=True, blank=True, help_text=_("文件落款上的日期。")
    )
    disclosed_on = models.DateField(
        _("发布日期"), null=True, blank=True, help_text=_("不填时为文章的发布时间。")
    )
    topic = models.CharField(
        _("主题分类"), max_length=50, blank=True, choices=[(topic, topic) for topic in TOPICS],
        help_text=_("按政府信息公开主题分类选择。"),
    )  # fmt: skip
    validity = models.CharField(
        _("有效性"), max_length=10, blank=True, choices=Validity.choices,
        help_text=_("文件现行有效，或已失效、废止。"),
    )  # fmt: skip
    validity_changed_on = models.DateField(
        _("有效性变更日期"), null=True, blank=True,
        help_text=_("文件失效或废止的日期；仍有效时可不填。"),
    )  # fmt: skip

    class Meta:
        abstract = True

    def disclosure_missing(self):
        """The labels of the disclosure fields a column that requires them still lacks."""
        return [str(self._meta.get_field(name).verbose_name) for name in REQUIRED
                if not getattr(self, name)]  # fmt: skip

    def check_disclosure(self):
        """The guard submission adds for a column that requires disclosure metadata."""
        from .workflow import WorkflowError

        missing = self.disclosure_missing() if self.column.requires_disclosure else []
        if missing:
            raise WorkflowError(
                gettext("“%(column)s”栏目的文章须填写政务公开信息，还缺：%(fields)s。")
                % {"column": self.column.name, "fields": "、".join(missing)}
            )
