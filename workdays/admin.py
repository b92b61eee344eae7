from django.contrib import admin

from core.admin import SiteModelAdmin

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(SiteModelAdmin):
    """节假日安排: the days of a year the calendar package does not know yet (or gets wrong),
    entered from the State Council's notice: each holiday unticked, each 调休 working day ticked."""

    list_display = ["date", "is_working_day", "name"]
    list_filter = ["is_working_day", "date"]
    search_fields = ["name"]
