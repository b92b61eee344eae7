"""A column's type and update period, as an abstract model news.Column is built from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class FreshnessFields(models.Model):
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

    class Meta:
        abstract = True

    @property
    def period_days(self):
        """The days this column may go without a new public article (None: no period)."""
        return self.update_days or KIND_PERIOD_DAYS[ColumnKind(self.kind)]
