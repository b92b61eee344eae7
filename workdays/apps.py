from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    """工作日: the calendar deadlines are counted in (core.workdays): public holidays and 调休 from
    chinesecalendar, and the days staff add in the admin for a year the package does not know
    yet (节假日安排)."""

    name = "workdays"
    verbose_name = _("工作日")

    def ready(self):
        from core import workdays

        from .calendar import working_day_rule

        workdays.calendar.register(working_day_rule)
