"""意见征集: a draft published for comment between two dates; residents comment (moderated
before public, writers masked, contacts never shown); after the close staff publish the
采纳情况; inspect_site warns when it is not out 15 working days after the close."""

import contextlib
import re
from datetime import date, timedelta
from io import StringIO

import pytest
from captcha.models import CaptchaStore
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseError, Comment, Consultation
from tests.factories import PHONE_BROWSER, as_user, id_card_number

pytestmark = pytest.mark.django_db

COMMENT = {"name": "赵老师", "phone": "13700001111", "text": "建议在村小学门口增设减速带。"}


def consultation(opens_on, closes_on, **fields):
    return Consultation.objects.create(
        title="《新塘村村庄规划（草案）》征求意见", body="一、规划范围……\n\n二、道路……",
        opens_on=opens_on, closes_on=closes_on, **fields,
    )  # fmt: skip


@pytest.fixture
def open_now(now):
    today = timezone.localdate(now)
    return consultation(today - timedelta(days=3), today + timedelta(days=10))


def comment_on(target, **changes):
    browser = Client(HTTP_USER_AGENT=PHONE_BROWSER)
    page = browser.get(target.get_absolute_url()).content.decode()
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page)[1]
    answer = CaptchaStore.objects.get(hashkey=key).response
    data = {**COMMENT, "captcha_0": key, "captcha_1": answer, **changes}
    return browser.post(target.get_absolute_url(), data)


def test_a_comment_waits_for_moderation_then_shows_masked_without_contact(open_now, people):
    response = comment_on(open_now)
    assert response.status_code == 200 and "意见已收到，审核后公开" in response.content.decode()
    stored = Comment.objects.get()
    page = Client().get(open_now.get_absolute_url()).content.decode()
    assert COMMENT["text"] not in page  # not before moderation
    services.comment_moderate(comment=stored, by=people["site_admin"], approve=True)
    page = Client().get(open_now.get_absolute_url()).content.decode()
    assert COMMENT["text"] in page and "赵**" in page
    assert "赵老师" not in page and COMMENT["phone"] not in page


def test_a_comment_with_personal_data_is_not_made_public(open_now, people):
    comment_on(open_now, text=f"我的身份证号 {id_card_number()}，我反对。")
    with pytest.raises(CaseError, match="个人信息"):
        services.comment_moderate(comment=Comment.objects.get(), by=people["site_admin"],
                                  approve=True)  # fmt: skip
    assert not Comment.objects.published().exists()


def test_no_comments_outside_the_dates_and_the_page_says_so(now):
    today = timezone.localdate(now)
    closed = consultation(today - timedelta(days=30), today - timedelta(days=1))
    page = Client().get(closed.get_absolute_url()).content.decode()
    assert "征集已结束" in page and "提交意见" not in page
    with pytest.raises(CaseError, match="不在征集期内"):
        services.comment_receive(consultation=closed, fields=COMMENT)


def test_the_summary_is_published_after_the_close_and_shown(now, client, people):
    today = timezone.localdate(now)
    running = consultation(
        today - timedelta(days=3), today + timedelta(days=3), summary="采纳 3 条"
    )
    with pytest.raises(CaseError, match="征集结束后"):
        services.consultation_publish_summary(consultation=running, by=people["site_admin"])
    closed = consultation(today - timedelta(days=30), today - timedelta(days=2))
    with pytest.raises(CaseError, match="请先填写采纳情况"):
        services.consultation_publish_summary(consultation=closed, by=people["site_admin"])
    Consultation.objects.filter(pk=closed.pk).update(summary="共收到意见 12 条，采纳 5 条。")
    response = as_user(client, people["site_admin"]).post(
        reverse("admin:cases_consultation_changelist"),
        {"action": "publish_summary", "_selected_action": [closed.pk]},
    )
    assert response.status_code == 302
    page = Client().get(closed.get_absolute_url()).content.decode()
    assert "采纳情况" in page and "共收到意见 12 条，采纳 5 条。" in page


def test_the_summary_is_due_fifteen_working_days_after_the_close():
    closed = consultation(date(2026, 9, 1), date(2026, 9, 24))  # the Thursday before 中秋
    # 15 working days: 中秋 and 国庆 skipped, the 调休 Saturday 10 October counted.
    assert closed.summary_due() == date(2026, 10, 22)


def test_inspect_site_warns_of_a_summary_not_out_in_time(now):
    today = timezone.localdate(now)
    consultation(today - timedelta(days=90), today - timedelta(days=40))
    out = StringIO()
    with contextlib.suppress(SystemExit):  # amber: exit 0, or 3 with the demo's clock
        call_command("inspect_site", stdout=out)
    assert "仍未公布采纳情况" in out.getvalue()


def test_the_residents_side_lists_the_consultations(open_now):
    page = Client().get(reverse("cases:consultations")).content.decode()
    assert open_now.title in page and "征集中" in page
    assert 'href="/hudong/zhengji/"' in Client().get(reverse("cases:index")).content.decode()


def test_comments_are_moderated_in_the_admin_and_personal_data_is_kept_private(
    open_now, client, people
):
    comment_on(open_now)
    comment_on(open_now, text=f"身份证号 {id_card_number()}", phone="13700002222")
    good, bad = Comment.objects.order_by("pk")
    response = as_user(client, people["site_admin"]).post(
        reverse("admin:cases_comment_changelist"),
        {"action": "approve_selected", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )
    assert "意见中含有个人信息" in response.content.decode()
    assert list(Comment.objects.published()) == [good]
