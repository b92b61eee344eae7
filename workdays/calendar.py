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


def working_day_rule():
    """rule(day) -> whether day is a working day, with the days staff set read once (from the
    shared cache), when the first day is asked: counting 20 working days asks it some thirty
    times, counting from a day to itself not at all."""
    set_by_staff = None

    def rule(day):
        nonlocal set_by_staff
        if set_by_staff is None:
            set_by_staff = CalendarDay.cached.get()
        if day in set_by_staff:
            return set_by_staff[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the package does not know yet
            return day.weekday() < 5

    return rule


def year_is_known(year):
    """The package knows the year, or staff set at least one of its days."""
    return package_knows(date(year, 12, 31)) or any(
        day.year == year for day in CalendarDay.cached.get()
    )
