"""Residents' letters on the clock: the handler's open cases on the admin index with their
working days left (overdue and due within three highlighted), and inspect_site: a letter
unanswered for more than three months is red (the inspection's veto), one coming to three
months within the warning window exits 3, one past its due date is amber."""

import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from cases import services
from cases.models import Case, Channel
from compliance.report import three_months_before
from core import workdays
from news.models import ColumnKind
from tests.factories import as_user, make_article, make_column, make_user

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
LETTER = {"name": "王大妈", "phone": "13900001111", "title": "反映垃圾清运不及时",
          "text": "村口垃圾点三天没人清运。", "publish_allowed": True}  # fmt: skip


@pytest.fixture
def mayor():
    return Channel.objects.create(name="镇长信箱", slug="zzxx", reply_days=5)


def received(channel, when, **fields):
    with time_machine.travel(when, tick=False):
        case, _code = services.case_receive(channel=channel, fields={**LETTER, **fields})
    return case


def inspect():
    out = StringIO()
    try:
        call_command("inspect_site", stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def healthy(now):
    for kind in ColumnKind:
        make_article(make_column(kind=kind), publish_at=now - timedelta(days=1))


def test_a_letter_unanswered_for_three_months_turns_the_inspection_red(mayor, healthy, now):
    case = received(mayor, three_months_before(now) - timedelta(hours=1))
    status, printed = inspect()
    assert status == 2
    assert f"单项否决：来信《反映垃圾清运不及时》（{case.number}）超过 3 个月未答复" in printed
    assert LETTER["phone"] not in printed and LETTER["name"] not in printed


def test_an_answered_old_letter_is_no_veto(mayor, healthy, now, people):
    case = received(mayor, three_months_before(now) - timedelta(days=5))
    services.case_submit_reply(case=case, by=make_user("banli", "来信办理"), reply="已清运。")
    for reviewer in ["reviewer1", "reviewer2", "reviewer3"]:
        services.case_approve_reply(case=case, by=people[reviewer])
    status, printed = inspect()
    assert status == 0 and "超过 3 个月未答复" not in printed


def test_a_letter_coming_to_three_months_exits_three(mayor, healthy, now):
    received(mayor, three_months_before(now) + timedelta(days=1))
    status, printed = inspect()
    assert status == 3
    assert "将超过 3 个月未答复" in printed


def test_a_letter_past_its_due_date_is_amber(mayor, healthy, now):
    case = received(mayor, now - timedelta(days=20))
    status, printed = inspect()
    assert status == 0
    assert f"1 件来信已超过答复期限：{case.number}" in printed


def test_the_handler_sees_their_open_cases_with_days_left_on_the_admin_index(client, mayor, now):
    handler = make_user("banli", "来信办理")
    today = timezone.localdate(now)
    due = {"早就该答复的信": today - timedelta(days=1),
           "快到期的信": workdays.add_working_days(today, 2),
           "刚收到的信": workdays.add_working_days(today, 5)}  # fmt: skip
    for title, due_on in due.items():
        case = received(mayor, now, title=title)
        services.case_accept(case=case, by=handler)
        Case.objects.filter(pk=case.pk).update(due_on=due_on)
    html = as_user(client, handler).get("/admin/").content.decode()
    index = html[html.index("我办理的来信") :]
    assert index.index("早就该答复的信") < index.index("快到期的信") < index.index("刚收到的信")
    rows = re.findall(r'<tr class="case-(\w+)">.*?<a [^>]*>([^<]+)</a>', index, re.S)
    assert rows == [("overdue", "早就该答复的信"), ("soon", "快到期的信"), ("ok", "刚收到的信")]
    assert "已超期" in index


def test_a_letter_received_before_mid_autumn_is_due_after_it(mayor):
    """Received Monday 21 September 2026: 5 working days skip 中秋 (25–27), due the 29th."""
    case = received(mayor, datetime(2026, 9, 21, 9, 0, tzinfo=BEIJING))
    assert case.due_on.isoformat() == "2026-09-29"


def test_staff_who_do_not_handle_letters_see_no_such_list(client, people):
    assert "我办理的来信" not in as_user(client, people["author"]).get("/admin/").content.decode()
