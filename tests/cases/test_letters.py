"""Residents write to the town (互动交流): a letter without an account, acknowledged with its
number and secret code, due in working days; handlers accept, forward and answer it; the
resident looks it up by number and code. Contacts are never on a public page."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Case, CaseError, CaseStep, Channel
from inbox.models import Message
from tests.factories import PHONE_BROWSER, as_user, id_card_number, make_user

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
# Thursday before 中秋 (25–27 September) and 国庆 (1–7 October) 2026.
BEFORE_THE_HOLIDAYS = datetime(2026, 9, 24, 10, 0, tzinfo=BEIJING)
LETTER = {
    "name": "李大爷",
    "phone": "13812345678",
    "email": "lidaye@example.com",
    "address": "新塘村三组12号",
    "title": "反映新塘村路灯损坏",
    "text": "新塘村三组路口的路灯坏了一个多月，晚上出行不便，请尽快修理。",
    "publish_allowed": "on",
}


@pytest.fixture
def mayor():
    return Channel.objects.create(name="镇长信箱", slug="zzxx", reply_days=5)


@pytest.fixture
def handler():
    return make_user("banli", "来信办理", first_name="周办理", email="banli@example.com")


def resident():
    return Client(HTTP_USER_AGENT=PHONE_BROWSER)


def solved_captcha(html):
    """The CAPTCHA of a form page as a resident answers it: its key from the page, its answer
    from where the site keeps it (the sum drawn in the image)."""
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def write(channel, browser=None, **changes):
    browser = browser or resident()
    url = reverse("cases:write", args=[channel.slug])
    form = solved_captcha(browser.get(url).content.decode())
    return browser, browser.post(url, {**LETTER, **form, **changes})


def receipt_of(response):
    html = response.content.decode()
    number = re.search(r'class="receipt__number">([^<]+)<', html).group(1)
    code = re.search(r'class="receipt__code">([^<]+)<', html).group(1)
    return number, code, html


def test_a_resident_writes_without_an_account_and_gets_a_number_and_code(
    mayor, handler, django_capture_on_commit_callbacks
):
    with time_machine.travel(BEFORE_THE_HOLIDAYS, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            browser, response = write(mayor)
        assert response.status_code == 302
        receipt = browser.get(response["Location"])
    number, code, html = receipt_of(receipt)
    case = Case.objects.get(number=number)
    assert case.has_code(code) and not case.has_code("WRONG123")
    assert case.code_hash != code  # kept only as a hash
    assert (case.state, case.title, case.name) == ("received", LETTER["title"], "李大爷")
    # 5 working days after Thursday 24 September: 中秋 and 国庆 are not counted.
    assert case.due_on == date(2026, 10, 9)
    assert "2026年10月9日" in html
    assert LETTER["phone"] not in html and LETTER["email"] not in html
    told = Message.objects.filter(recipient=handler, subject__contains=LETTER["title"])
    assert told.exists()
    to_resident = [m.body for m in mail.outbox if m.to == [LETTER["email"]]]
    assert any(number in body and code in body for body in to_resident)
    assert case.steps.get().action == CaseStep.Action.RECEIVE


def test_a_bad_field_shows_the_form_again_with_everything_typed(mayor):
    _browser, response = write(mayor, phone="打电话给我")
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写正确的电话号码" in html and "您写的内容都还在" in html
    assert LETTER["text"] in html and 'value="反映新塘村路灯损坏"' in html
    assert not Case.objects.exists()


def test_the_resident_looks_the_case_up_by_number_and_code_and_nobody_else_can(mayor):
    browser, response = write(mayor)
    number, code, _html = receipt_of(browser.get(response["Location"]))
    found = resident().post(reverse("cases:lookup"), {"number": number, "code": code.lower()})
    html = found.content.decode()
    assert "待受理" in html and LETTER["text"] in html
    assert LETTER["phone"] not in html
    assert LETTER["address"] not in html
    for attempt in [{"number": number, "code": "ABCDEFGH"}, {"number": "2026999999", "code": code}]:
        refused = resident().post(reverse("cases:lookup"), attempt).content.decode()
        assert "编号或查询码不对" in refused and LETTER["text"] not in refused


def test_a_receipt_address_that_was_changed_or_is_old_is_not_found(mayor):
    browser, response = write(mayor)
    assert browser.get(response["Location"] + "x").status_code == 404
    with time_machine.travel(datetime.now(BEIJING).replace(year=2027), tick=False):
        assert browser.get(response["Location"]).status_code == 404
    forged = signing.dumps({"n": "2026000001", "c": "AAAAAAAA"}, salt="wrong")
    assert resident().get(reverse("cases:received", args=[forged])).status_code == 404


def test_a_handler_accepts_forwards_and_answers_and_the_resident_reads_the_reviewed_answer(
    client, mayor, handler, people, django_capture_on_commit_callbacks
):
    colleague = make_user("banli2", "来信办理", first_name="吴同事", email="wu@example.com")
    browser, response = write(mayor)
    number, code, _html = receipt_of(browser.get(response["Location"]))
    case = Case.objects.get(number=number)
    step = lambda name: reverse("admin:cases_case_step", args=[case.pk, name])  # noqa: E731
    staff = as_user(client, handler)
    page = staff.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert "受理" in page and LETTER["phone"] in page  # staff see the contact
    assert staff.post(step("accept")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(step("forward"), {"to": colleague.pk, "note": "请村建办核实维修"})
    assert Message.objects.filter(recipient=colleague, subject__startswith="转办来信").exists()
    other = as_user(Client(), colleague)
    with django_capture_on_commit_callbacks(execute=True):
        other.post(step("reply"), {"reply": "已安排电工于本周五前修复路灯。",
                                   "public_text": LETTER["text"]})  # fmt: skip
    assert Message.objects.filter(recipient=people["reviewer1"],
                                  subject__startswith="来信答复待初审").exists()  # fmt: skip

    def looked_up():
        return resident().post(reverse("cases:lookup"), {"number": number, "code": code}).content

    assert "已安排电工" not in looked_up().decode()  # 先审后发: not before the final approval
    for reviewer in ["reviewer1", "reviewer2", "reviewer3"]:
        with django_capture_on_commit_callbacks(execute=True):
            as_user(Client(), people[reviewer]).post(step("approve_reply"))
    case.refresh_from_db()
    assert (case.state, case.handler, case.reply_level) == ("answered", colleague, None)
    assert [s.action for s in case.steps.all()] == [
        "receive", "accept", "forward", "submit_reply", "approve_reply", "approve_reply",
        "approve_reply",
    ]  # fmt: skip
    assert any("已答复" in m.subject for m in mail.outbox if m.to == [LETTER["email"]])
    assert "已安排电工于本周五前修复路灯。" in looked_up().decode()


def test_the_published_answer_names_the_writer_masked_and_shows_no_contact(mayor, handler, people):
    case = answered(mayor, handler, people)
    listing = resident().get(mayor.get_absolute_url()).content.decode()
    assert LETTER["title"] in listing and "李**" in listing and "李大爷" not in listing
    page = resident().get(case.get_absolute_url()).content.decode()
    assert "已安排电工" in page and "李**" in page
    for private in ["李大爷", LETTER["phone"], LETTER["email"], LETTER["address"]]:
        assert private not in page and private not in listing


def test_a_writer_who_said_no_is_answered_but_never_published(mayor, handler, people):
    case = answered(mayor, handler, people, publish_allowed=False)
    assert case.state == "answered" and case.published_at is None
    assert LETTER["title"] not in resident().get(mayor.get_absolute_url()).content.decode()
    assert resident().get(case.get_absolute_url()).status_code == 404


def test_personal_data_in_what_would_be_published_stops_the_final_approval(mayor, handler, people):
    text = LETTER["text"] + f"我的身份证号是{id_card_number()}。"
    case, _code = services.case_receive(
        channel=mayor, fields=dict(LETTER, text=text, publish_allowed=True)
    )
    services.case_submit_reply(case=case, by=handler, reply="已安排修复。")
    services.case_approve_reply(case=case, by=people["reviewer1"])
    services.case_approve_reply(case=case, by=people["reviewer2"])
    with pytest.raises(CaseError, match="个人信息"):
        services.case_approve_reply(case=case, by=people["reviewer3"])
    services.case_return_reply(case=case, by=people["reviewer3"], reason="请删去身份证号")
    services.case_submit_reply(case=case, by=handler, reply="已安排修复。",
                               public_text=LETTER["text"])  # fmt: skip
    for reviewer in ["reviewer1", "reviewer2", "reviewer3"]:
        services.case_approve_reply(case=case, by=people[reviewer])
    assert Case.objects.published().filter(pk=case.pk).exists()


def test_a_reply_is_reviewed_by_others_one_person_a_level(mayor, handler, people):
    both = make_user("two_levels", "初审", "复审")
    replier = make_user("banli_chushen", "来信办理", "初审")
    case, _code = services.case_receive(channel=mayor, fields=dict(LETTER, publish_allowed=True))
    services.case_submit_reply(case=case, by=replier, reply="答复")
    with pytest.raises(CaseError, match="自己写的答复"):
        services.case_approve_reply(case=case, by=replier)
    with pytest.raises(CaseError, match="没有初审权限"):
        services.case_approve_reply(case=case, by=people["reviewer2"])
    services.case_approve_reply(case=case, by=both)
    with pytest.raises(CaseError, match="各级审核须由不同的人完成"):
        services.case_approve_reply(case=case, by=both)


def answered(channel, handler, people, **fields):
    case, _code = services.case_receive(
        channel=channel, fields={**LETTER, "publish_allowed": True, **fields}
    )
    services.case_submit_reply(case=case, by=handler, reply="已安排电工于本周五前修复路灯。")
    for reviewer in ["reviewer1", "reviewer2", "reviewer3"]:
        case = services.case_approve_reply(case=case, by=people[reviewer])
    return case


def test_the_steps_refuse_what_is_not_allowed_and_say_why(mayor, handler):
    case, _code = services.case_receive(channel=mayor, fields=dict(LETTER, publish_allowed=True))
    author = make_user("zuozhe", "撰稿人")
    with pytest.raises(CaseError, match="没有办理来信的权限"):
        services.case_accept(case=case, by=author)
    with pytest.raises(CaseError, match="不能转给"):
        services.case_forward(case=case, by=handler, to=author, note="请办理")
    with pytest.raises(CaseError, match="转办说明"):
        services.case_forward(case=case, by=handler, to=handler, note=" ")
    with pytest.raises(CaseError, match="答复内容"):
        services.case_submit_reply(case=case, by=handler, reply="")
    services.case_turn_down(case=case, by=handler, reason="不属于本镇职责范围，请向县交通局反映。")
    with pytest.raises(CaseError, match="不能再办理"):
        services.case_submit_reply(case=case, by=handler, reply="补充答复")
    assert Case.objects.get(pk=case.pk).state == "rejected"


def test_days_left_count_working_days_and_overdue_cases_say_so(mayor):
    with time_machine.travel(BEFORE_THE_HOLIDAYS, tick=False):
        case, _code = services.case_receive(
            channel=mayor, fields=dict(LETTER, publish_allowed=True)
        )
    assert case.working_days_left(today=date(2026, 9, 30)) == 2  # 8 and 9 October
    assert case.working_days_left(today=date(2026, 10, 9)) == 0
    assert case.working_days_left(today=date(2026, 10, 10)) == -1  # a 调休 Saturday at work
    assert case.working_days_left(today=date(2026, 10, 12)) == -2


def test_five_hundred_letters_from_one_address_in_a_minute_are_refused_after_the_limit(
    mayor, settings
):
    """Each with its own phone number (so only the address's limit applies): the first ten
    are stored, the rest refused with a Chinese message and the form kept; nothing stored is
    touched."""
    browser, answers = resident(), []
    for n in range(500):
        _browser, response = write(mayor, browser, phone=f"1380000{n:04d}", title=f"第{n}封信")
        answers.append(response.status_code)
    assert answers[:10] == [302] * 10 and set(answers[10:]) == {429}
    assert Case.objects.count() == settings.CASES_MAX_PER_ADDRESS_HOUR == 10
    html = response.content.decode()
    assert "提交得太频繁了" in html and 'value="第499封信"' in html and LETTER["text"] in html
    assert sorted(Case.objects.values_list("title", flat=True)) == sorted(
        f"第{n}封信" for n in range(10)
    )


def test_one_phone_number_writing_from_many_addresses_is_limited_per_day(mayor, settings):
    statuses = []
    for n in range(8):
        browser = Client(HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR=f"203.0.113.{n + 1}")
        statuses.append(write(mayor, browser)[1].status_code)
    limit = settings.CASES_MAX_PER_CONTACT_DAY
    assert statuses == [302] * limit + [429] * (8 - limit)
    assert Case.objects.count() == limit


def test_a_wrong_captcha_answer_is_refused_with_a_new_sum_and_the_letter_kept(mayor):
    browser = resident()
    url = reverse("cases:write", args=[mayor.slug])
    form = solved_captcha(browser.get(url).content.decode())
    wrong = str(int(form["captcha_1"]) + 1)
    html = browser.post(url, {**LETTER, **form, "captcha_1": wrong}).content.decode()
    assert "验证码不对" in html and LETTER["text"] in html
    assert not Case.objects.exists()
    # The same sum cannot be tried again: each is good for one answer.
    again = browser.post(url, {**LETTER, **form}).content.decode()
    assert "验证码不对" in again and not Case.objects.exists()
    assert write(mayor, browser)[1].status_code == 302  # a new sum, answered: stored


def pdf(name="现场照片说明.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_a_letter_brings_its_files_checked_like_attachments_and_only_staff_open_them(
    client, mayor, handler, settings
):
    _browser, response = write(mayor, files=[pdf()])
    assert response.status_code == 302
    case = Case.objects.get()
    (attachment,) = case.attachments.all()
    assert (attachment.original_name, attachment.kind) == ("现场照片说明.pdf", "pdf")
    stored = list(Path(settings.ATTACHMENTS_ROOT).rglob("*.pdf"))
    assert len(stored) == 1 and not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    url = reverse("admin:cases_case_attachment", args=[case.pk, attachment.pk])
    assert resident().get(url).status_code == 302  # to the login: not for residents
    download = as_user(client, handler).get(url)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_file_of_another_kind_is_refused_with_the_letter_kept_and_nothing_stored(mayor, settings):
    fake = SimpleUploadedFile("照片.jpg", b"<html><script>alert(1)</script></html>")
    _browser, response = write(mayor, files=[fake])
    html = response.content.decode()
    assert response.status_code == 200 and "不是允许的文件类型" in html
    assert LETTER["text"] in html and not Case.objects.exists()
    assert not list(Path(settings.ATTACHMENTS_ROOT).rglob("*.*"))
    _browser, response = write(mayor, files=[pdf(f"{n}.pdf") for n in range(4)])
    assert "最多上传 3 个附件" in response.content.decode() and not Case.objects.exists()


def test_no_file_is_kept_when_the_letter_is_refused_for_another_field(mayor, settings):
    _browser, response = write(mayor, files=[pdf()], phone="不是电话")
    assert response.status_code == 200 and not Case.objects.exists()
    assert not list(Path(settings.ATTACHMENTS_ROOT).rglob("*.*"))


def test_the_admin_list_shows_working_days_left_and_overdue(client, mayor, handler):
    case, _code = services.case_receive(channel=mayor, fields=dict(LETTER, publish_allowed=True))
    Case.objects.filter(pk=case.pk).update(due_on=date(2026, 12, 1))  # before the fixed clock
    html = as_user(client, handler).get(reverse("admin:cases_case_changelist")).content.decode()
    assert "剩余工作日" in html and "已超期 6 个工作日" in html


def test_a_step_refused_in_the_admin_says_why_and_changes_nothing(client, mayor, handler):
    case, _code = services.case_receive(channel=mayor, fields=dict(LETTER, publish_allowed=True))
    staff = as_user(client, handler)
    url = reverse("admin:cases_case_step", args=[case.pk, "accept"])
    staff.post(url)
    response = staff.post(url, follow=True)
    assert "这件来信已经受理" in response.content.decode()
    assert case.steps.filter(action="accept").count() == 1
