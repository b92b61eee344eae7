"""Working days (工作日): the days the town's offices work — Monday to Friday, less the public
holidays, plus the weekend days made working days (调休). Deadlines are counted in them (a reply
due in 5 working days; 依申请公开's 20), and so is how long a review has waited.

The workdays app registers the calendar (the State Council's holidays from chinesecalendar, and
the days staff add in the admin when the package is behind); without it every Monday to Friday
is a working day."""

from datetime import timedelta

from .hooks import Hook

# calendar() -> rule, rule(date) -> bool: whether that day is a working day. One rule per
# computation, so that what it reads (the days staff set) is read once, not once a day.
calendar = Hook("working-day calendar", single=True)


def _monday_to_friday(day):
    return day.weekday() < 5


def _rule():
    return calendar() if calendar else _monday_to_friday


def is_working_day(day):
    return _rule()(day)


def add_working_days(start, count):
    """The day `count` working days after `start` (a date); start itself is not counted, as a
    period "within N working days of receipt" starts on the day after."""
    working, day = _rule(), start
    while count > 0:
        day += timedelta(days=1)
        count -= working(day)
    return day


def working_days_between(start, end):
    """Whole working days after `start` up to and including `end` (dates): 0 for the same day."""
    working, count, day = _rule(), 0, start
    while day < end:
        day += timedelta(days=1)
        count += working(day)
    return count
