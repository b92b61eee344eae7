"""互动交流 as its people use it, in Chromium: a resident writes to the 镇长信箱 on a phone without
an account and later finds the published reply with their name masked; handlers accept, forward
and answer it at their desks and reviewers approve the reply; an 依申请公开 application is
extended once and answered; a consultation closes and its 采纳情况 is published. Screenshots of
the resident's pages at 375 px are kept (admin_steps.SHOTS_DIR)."""

from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Case, Channel, Consultation
from core import workdays
from tests.factories import make_user

from . import admin_steps as steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LETTER = {"name": "李大爷", "phone": "13812345678", "title": "反映新塘村路灯损坏",
          "text": "新塘村三组路口的路灯坏了一个多月，晚上出行不便，请尽快修理。"}  # fmt: skip


def solve_captcha(page):
    key = page.locator("input[name=captcha_0]").input_value()
    page.locator("input[name=captcha_1]").fill(CaptchaStore.objects.get(hashkey=key).response)


def reviewers():
    return [make_user(f"shen{level}", role) for level, role in enumerate(["初审", "复审", "终审"])]


def test_a_resident_writes_to_the_mayor_and_later_reads_the_published_reply(
    resident, staff_desk, live_server, tmp_path
):
    Channel.objects.create(name="镇长信箱", slug="zzxx", reply_days=5)
    handler = make_user("banli", "来信办理", first_name="周办理")
    colleague = make_user("banli2", "来信办理", first_name="吴同事")
    first, second, third = reviewers()

    resident.goto(live_server.url + "/")
    resident.get_by_role("link", name="互动交流").click()
    resident.get_by_role("link", name="我要写信").first.click()
    for field, value in LETTER.items():
        resident.locator(f"[name={field}]").fill(value)
    solve_captcha(resident)
    resident.get_by_role("button", name="提交来信").click()
    expect(resident.get_by_role("heading", name="来信已收到")).to_be_visible()
    number = resident.locator(".receipt__number").inner_text()
    code = resident.locator(".receipt__code").inner_text()
    assert steps.scroll_width(resident) == 375
    steps.keep_screenshot(resident, tmp_path / "letter-receipt-375.png")
    case = Case.objects.get(number=number)
    due = workdays.add_working_days(timezone.localdate(case.received_at), 5)
    assert case.due_on == due

    desk = staff_desk(handler)
    expect(desk.get_by_text("1 件新来信待受理")).to_be_visible()
    desk.goto(live_server.url + f"/admin/cases/case/{case.pk}/change/")
    expect(desk.get_by_text(f"答复期限 {due:%Y-%m-%d}")).to_be_visible()
    desk.get_by_role("link", name="受理", exact=True).click()
    desk.get_by_role("button", name="确认受理").click()
    desk.get_by_role("link", name="转办", exact=True).click()
    desk.locator("select[name=to]").select_option(str(colleague.pk))
    desk.locator("textarea[name=note]").fill("请村建办核实后安排维修")
    desk.get_by_role("button", name="确认转办").click()
    expect(desk.get_by_text("已转办。")).to_be_visible()

    other = staff_desk(colleague)
    expect(other.get_by_text(LETTER["title"])).to_be_visible()  # 我办理的来信 on their index
    other.get_by_role("link", name=LETTER["title"]).click()
    other.get_by_role("link", name="答复", exact=True).click()
    other.locator("textarea[name=reply]").fill("已安排电工于本周五前修复路灯，感谢您的反映。")
    other.get_by_role("button", name="确认答复").click()
    review = staff_desk(first)
    review.goto(live_server.url + f"/admin/cases/case/{case.pk}/change/")
    review.get_by_role("link", name="答复审核通过", exact=True).click()
    review.get_by_role("button", name="确认答复审核通过").click()
    for reviewer in (second, third):
        services.case_approve_reply(case=case, by=reviewer)

    resident.goto(live_server.url + "/hudong/chaxun/")
    resident.locator("[name=number]").fill(number)
    resident.locator("[name=code]").fill(code.lower())
    resident.get_by_role("button", name="查询").click()
    expect(resident.get_by_text("已安排电工于本周五前修复路灯")).to_be_visible()
    resident.goto(live_server.url + "/hudong/zzxx/")
    resident.get_by_role("link", name=LETTER["title"]).click()
    expect(resident.get_by_text("李**")).to_be_visible()
    page = resident.content()
    assert "李大爷" not in page and LETTER["phone"] not in page
    assert steps.scroll_width(resident) == 375
    steps.keep_screenshot(resident, tmp_path / "letter-published-375.png")


def test_an_application_is_extended_and_answered_and_a_consultation_summary_published(
    resident, live_server, tmp_path
):
    Channel.objects.create(name="政府信息公开申请", slug="ysqgk", reply_days=20,
                           extension_days=20, kind=Channel.Kind.DISCLOSURE)  # fmt: skip
    handler, site_admin = make_user("gongkai", "来信办理"), make_user("guanli", "站点管理员")
    resident.goto(live_server.url + "/zfxxgk/")
    resident.get_by_role("link", name="在线提交政府信息公开申请").click()
    resident.locator("[name=applicant_kind]").select_option("citizen")
    application = {"name": "张三", "id_document": "居民身份证", "phone": "13800001234",
                   "title": "低保资金发放情况", "text": "申请公开低保资金发放总额。"}  # fmt: skip
    for field, value in application.items():
        resident.locator(f"[name={field}]").fill(value)
    resident.locator("[name=delivery]").select_option("email")
    solve_captcha(resident)
    resident.get_by_role("button", name="提交来信").click()
    number = resident.locator(".receipt__number").inner_text()
    code = resident.locator(".receipt__code").inner_text()
    case = Case.objects.get(number=number)
    first_due = case.due_on
    case = services.case_extend(case=case, by=handler, reason="需要向县民政局调取数据")
    assert case.due_on == workdays.add_working_days(first_due, 20)
    services.case_submit_reply(case=case, by=handler, reply="现将有关信息提供如下……",
                               outcome="disclosed")  # fmt: skip
    for reviewer in reviewers():
        services.case_approve_reply(case=case, by=reviewer)
    resident.goto(live_server.url + "/hudong/chaxun/")
    resident.locator("[name=number]").fill(number)
    resident.locator("[name=code]").fill(code)
    resident.get_by_role("button", name="查询").click()
    expect(resident.get_by_text("予以公开")).to_be_visible()
    steps.keep_screenshot(resident, tmp_path / "disclosure-answer-375.png")

    today = timezone.localdate()
    consultation = Consultation.objects.create(
        title="《新塘村村庄规划（草案）》征求意见", body="一、规划范围……",
        opens_on=today - timedelta(days=20), closes_on=today - timedelta(days=1),
        summary="共收到意见 12 条，采纳 5 条。",
    )  # fmt: skip
    services.consultation_publish_summary(consultation=consultation, by=site_admin)
    resident.goto(live_server.url + "/hudong/zhengji/")
    resident.get_by_role("link", name=consultation.title).click()
    expect(resident.get_by_text("共收到意见 12 条，采纳 5 条。")).to_be_visible()
    expect(resident.get_by_text("征集已结束，不再接收意见。")).to_be_visible()
    assert steps.scroll_width(resident) == 375
    steps.keep_screenshot(resident, tmp_path / "consultation-summary-375.png")
