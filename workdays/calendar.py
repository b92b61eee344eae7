"""Whether a day is a working day: a day staff set (CalendarDay) first, then the State Council's
holidays and 调休 as chinesecalendar has them, and for a year neither knows, Monday to Friday
(year_is_known says whether that is the case)."""

from datetime import date

import chinese_calendar

from .models import CalendarDay


def package_knows(day):
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day):
    set_by_staff = CalendarDay.cached.get().get(day)
    if set_by_staff is not None:
        return set_by_staff
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not know yet
        return day.weekday() < 5


def year_is_known(year):
    """The package knows the year, or staff set at least one of its days."""
    return package_knows(date(year, 12, 31)) or any(
        day.year == year for day in CalendarDay.cached.get()
    )
