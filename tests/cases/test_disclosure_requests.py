"""依申请公开: the application form the 政府信息公开条例 lays out, the 20 working days and one
extension of 20 with the applicant told, and the answer with its outcome in the 年报's
categories — reviewed like every reply, never published."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.core import mail
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Case, CaseError, Channel
from tests.factories import PHONE_BROWSER, make_user

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
APPLICATION = {
    "applicant_kind": "citizen",
    "name": "张三",
    "id_document": "居民身份证 430521198001010011",
    "phone": "13800001234",
    "email": "zhangsan@example.com",
    "address": "蔡桥镇新塘村",
    "title": "2025 年新塘村低保资金发放情况",
    "text": "申请公开 2025 年新塘村城乡低保资金的发放总额和户数。",
    "purpose": "了解政策落实情况",
    "delivery": "email",
}


@pytest.fixture
def applications():
    return Channel.objects.create(
        name="政府信息公开申请", slug="ysqgk", kind=Channel.Kind.DISCLOSURE,
        reply_days=20, extension_days=20,
    )  # fmt: skip


@pytest.fixture
def handler():
    return make_user("gongkai", "来信办理")


def apply(channel, **changes):
    browser = Client(HTTP_USER_AGENT=PHONE_BROWSER)
    url = reverse("cases:write", args=[channel.slug])
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', browser.get(url).content.decode())[1]
    answer = CaptchaStore.objects.get(hashkey=key).response
    data = {**APPLICATION, "captcha_0": key, "captcha_1": answer, **changes}
    return browser.post(url, {name: value for name, value in data.items() if value is not None})


def test_the_application_asks_what_the_regulation_asks_and_keeps_what_was_typed(applications):
    page = Client().get(reverse("cases:write", args=[applications.slug])).content.decode()
    for label in ["申请人类型", "姓名或名称", "身份证件名称及号码", "所需政府信息的名称",
                  "所需政府信息的内容描述", "用途（可不填）", "获取信息的方式"]:  # fmt: skip
        assert label in page, label
    refused = apply(applications, delivery=None).content.decode()
    errors = re.findall(r'class="form-error" role="alert">([^<]+)<', refused)
    assert errors == ["这个字段是必填项。"] and APPLICATION["text"] in refused
    assert not Case.objects.exists()


def test_an_application_is_due_in_twenty_working_days_and_never_published(applications):
    with time_machine.travel(datetime(2026, 2, 9, 10, 0, tzinfo=BEIJING), tick=False):
        assert apply(applications).status_code == 302
    case = Case.objects.get()
    assert case.due_on == date(2026, 3, 13)  # across 春节, the 调休 Saturdays counted
    assert (case.publish_allowed, case.delivery, case.applicant_kind) == (False, "email", "citizen")


def test_the_period_is_extended_once_by_twenty_working_days_and_the_applicant_told(
    applications, handler, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2026, 2, 9, 10, 0, tzinfo=BEIJING), tick=False):
        case, _code = services.case_receive(
            channel=applications, fields={**APPLICATION, "publish_allowed": False}
        )
    with pytest.raises(CaseError, match="延期理由"):
        services.case_extend(case=case, by=handler, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_extend(case=case, by=handler, reason="需要向县民政局调取数据")
    assert case.due_on == date(2026, 4, 13)  # 20 more, 清明 (4-6 April) skipped
    assert case.extension_reason == "需要向县民政局调取数据" and case.extended_on is not None
    told = [m for m in mail.outbox if m.to == [APPLICATION["email"]] and "延长" in m.subject]
    assert told and "2026-04-13" in told[0].body
    with pytest.raises(CaseError, match="已经延长过一次"):
        services.case_extend(case=case, by=handler, reason="再延一次")
    assert case.steps.filter(action="extend").count() == 1


def test_the_answer_needs_an_outcome_and_its_ground_and_goes_through_review(
    applications, handler, people
):
    case, code = services.case_receive(
        channel=applications, fields={**APPLICATION, "publish_allowed": False}
    )
    with pytest.raises(CaseError, match="须选择处理结果"):
        services.case_submit_reply(case=case, by=handler, reply="答复")
    with pytest.raises(CaseError, match="须选择理由"):
        services.case_submit_reply(case=case, by=handler, reply="答复", outcome="withheld")
    services.case_submit_reply(
        case=case,
        by=handler,
        reply="经查，本机关不掌握该信息。",
        outcome="unavailable",
        outcome_ground="本机关不掌握相关政府信息",
    )
    for reviewer in ["reviewer1", "reviewer2", "reviewer3"]:
        case = services.case_approve_reply(case=case, by=people[reviewer])
    assert (case.state, case.outcome, case.published_at) == ("answered", "unavailable", None)
    page = Client().post(reverse("cases:lookup"), {"number": case.number, "code": code})
    assert "无法提供（本机关不掌握相关政府信息）" in page.content.decode()
    assert not Case.objects.published().exists()
