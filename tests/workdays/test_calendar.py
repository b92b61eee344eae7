"""The working-day calendar (core.workdays, the workdays app): public holidays and 调休 from the
State Council's notice as chinesecalendar has it — checked on real 2026 dates — and the days
staff set in the admin, which decide over the package (for a year it does not know yet)."""

from datetime import date

import pytest

from core.workdays import add_working_days, is_working_day, working_days_between
from tests.factories import as_user
from workdays.calendar import year_is_known
from workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 24), True),  # Thursday
        (date(2026, 9, 25), False),  # 中秋节, a Friday
        (date(2026, 10, 1), False),  # 国庆节
        (date(2026, 10, 7), False),  # 国庆节, a Wednesday
        (date(2026, 10, 10), True),  # 国庆 调休: a Saturday at work
        (date(2026, 9, 20), True),  # 国庆 调休: a Sunday at work
        (date(2026, 2, 14), True),  # 春节 调休: a Saturday at work
        (date(2026, 2, 18), False),  # 春节, a Wednesday
        (date(2026, 12, 12), False),  # an ordinary Saturday
    ],
)
def test_2026s_holidays_and_weekend_working_days(day, working):
    assert is_working_day(day) is working


def test_five_working_days_from_the_day_before_mid_autumn_cross_two_holidays():
    """A letter received on Thursday 24 September 2026: the 中秋 weekend (25–27) and the
    国庆 week (1–7 October) are not counted, so the reply is due on Friday 9 October — not on
    Thursday 1 October, as Monday to Friday would have it."""
    received = date(2026, 9, 24)
    assert add_working_days(received, 5) == date(2026, 10, 9)
    assert working_days_between(received, date(2026, 10, 9)) == 5
    assert working_days_between(received, date(2026, 10, 8)) == 4


def test_twenty_working_days_of_an_application_received_before_spring_festival():
    """依申请公开's 20 working days from Monday 9 February 2026: the 春节 week is skipped and
    the 调休 Saturday 28 February counts."""
    assert add_working_days(date(2026, 2, 9), 20) == date(2026, 3, 13)


def test_a_day_set_by_staff_decides_over_the_package():
    CalendarDay.objects.create(date=date(2026, 9, 24), is_working_day=False, name="临时放假")
    CalendarDay.objects.create(date=date(2026, 12, 12), is_working_day=True, name="补班")
    assert not is_working_day(date(2026, 9, 24))
    assert is_working_day(date(2026, 12, 12))
    CalendarDay.objects.filter(date=date(2026, 9, 24)).delete()
    assert is_working_day(date(2026, 9, 24))  # the cache followed the change


def test_a_year_the_package_does_not_know_counts_monday_to_friday_until_staff_enter_it():
    far = date(2099, 1, 1)  # a Thursday
    assert not year_is_known(2099)
    assert is_working_day(far)
    CalendarDay.objects.create(date=far, is_working_day=False, name="元旦")
    assert year_is_known(2099) and not is_working_day(far)


def test_a_site_admin_enters_a_holiday_in_the_admin(client, people):
    response = as_user(client, people["site_admin"]).post(
        "/admin/workdays/calendarday/add/",
        {"date": "2027-01-01", "name": "元旦", "is_working_day": ""},
    )
    assert response.status_code == 302
    assert not is_working_day(date(2027, 1, 1))
