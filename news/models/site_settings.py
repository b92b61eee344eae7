from django.db import models
from django.utils.translation import gettext_lazy as _


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
