from django.db import models
from django.utils.translation import gettext_lazy as _


class SensitiveTerm(models.Model):
    """错敏词: a word that must not appear, or is commonly written wrong, with what to write."""

    term = models.CharField(
        _("词语"), max_length=50, unique=True,
        help_text=_("稿件里出现这个词时提醒审核人，例如常见错误写法“截止目前”或敏感表述。"),
    )  # fmt: skip
    suggestion = models.CharField(
        _("建议改为"), max_length=100, blank=True, help_text=_("例如“截至目前”。可不填。")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("错敏词")
        verbose_name_plural = _("错敏词")
        ordering = ["term"]

    def __str__(self):
        return self.term


class ExactName(models.Model):
    """A name that must be written exactly (an official's name, a village's): a word of the same
    length that differs from it in one character is flagged."""

    name = models.CharField(
        _("名称"), max_length=50, unique=True,
        help_text=_("必须一字不差的名称，例如镇领导姓名“李建国”、村名“白水溪村”。三个字及以上的"
                    "名称，稿件中只差一个字的写法会被提示（例如“李建图”）。"),
    )  # fmt: skip
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("例如职务。"))

    class Meta:
        verbose_name = _("规范名称")
        verbose_name_plural = _("规范名称")
        ordering = ["name"]

    def __str__(self):
        return self.name


class InspectionRun(models.Model):
    """One run of `inspect_site`: its verdict and its red items, so that the next run knows
    what newly turned red (and tells the site admins and auditors)."""

    at = models.DateTimeField(_("检查时间"), auto_now_add=True, db_index=True)
    status = models.CharField(_("结论"), max_length=10)
    reds = models.JSONField(_("单项否决及个人信息"), default=list)
    report = models.JSONField(_("报告"), default=dict)

    class Meta:
        verbose_name = _("网站检查报告")
        verbose_name_plural = _("网站检查报告")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.status}"


class DisclosureAnnualReport(models.Model):
    """政府信息公开工作年度报告 of one year: the figures computed from the site's records
    (compliance.disclosure_report), the text parts staff write, public once published."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    general = models.TextField(
        _("一、总体情况"), blank=True,
        help_text=_("本年度政府信息公开工作的总体情况：主动公开、依申请公开、政府信息管理、平台建设等。"),
    )  # fmt: skip
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    figures = models.JSONField(
        _("数据"), default=dict, blank=True,
        help_text=_("由网站记录生成（操作：重新生成数据）；公布前可核对修改。"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year"]

    def __str__(self):
        return str(_("%(year)s年政府信息公开工作年度报告") % {"year": self.year})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("website:disclosure_report", kwargs={"year": self.year})
