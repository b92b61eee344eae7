from django.db import models
from django.utils.translation import gettext_lazy as _

from core.cache import Cached, ForgetfulModel, ForgetfulQuerySet


def _all_days():
    return dict(CalendarDay.objects.values_list("date", "is_working_day"))


class CalendarDay(ForgetfulModel):
    """A day whose kind staff set themselves: a public holiday, or a weekend day made a working
    day (调休), as the State Council's notice for the year lists them. It decides over the
    calendar package, which may not know next year's notice yet."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("上班"),
        help_text=_("勾选：这一天上班（例如调休的周六、周日）；不勾选：这一天放假（法定节假日）。"),
    )
    name = models.CharField(
        _("名称"), max_length=50, blank=True, help_text=_("例如“春节”“国庆节调休上班”。")
    )

    objects = ForgetfulQuerySet.as_manager()
    # Every day staff set, from the shared cache until one changes.
    cached = Cached("workdays:days", _all_days)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]

    def __str__(self):
        kind = _("上班") if self.is_working_day else _("放假")
        return f"{self.date:%Y-%m-%d} {kind} {self.name}".strip()
