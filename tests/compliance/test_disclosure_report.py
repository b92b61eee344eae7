"""政府信息公开工作年度报告: generated from the site's own records in the national table layout —
what the site published (the annual statistics) and the 依申请公开 applications by outcome and
ground, carried in and out — edited by staff, public once published, downloadable as a Word
file; and the 政府信息公开 section that lists it."""

import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Channel
from compliance.disclosure_report import application_figures, figures
from compliance.models import DisclosureAnnualReport
from news.models import DisclosureSection
from tests.factories import as_user, make_article, make_column, make_user

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
APPLICATION = {"applicant_kind": "citizen", "name": "张三", "phone": "13800001234",
               "title": "低保资金发放情况", "text": "申请公开低保资金发放情况。",
               "delivery": "email", "publish_allowed": False}  # fmt: skip


def at(year, month, day):
    return datetime.datetime(year, month, day, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def channel():
    return Channel.objects.create(name="政府信息公开申请", slug="ysqgk", reply_days=20,
                                  extension_days=20, kind=Channel.Kind.DISCLOSURE)  # fmt: skip


def application(channel, received):
    with time_machine.travel(received, tick=False):
        return services.case_receive(channel=channel, fields=APPLICATION)[0]


def conclude(case, handler, people, when, outcome, ground=""):
    with time_machine.travel(when, tick=False):
        services.case_submit_reply(case=case, by=handler, reply="答复", outcome=outcome,
                                   outcome_ground=ground)  # fmt: skip
        for reviewer in ["reviewer1", "reviewer2", "reviewer3"]:
            case = services.case_approve_reply(case=case, by=people[reviewer])
    return case


def test_the_applications_table_counts_new_carried_and_concluded_by_outcome(channel, people):
    handler = make_user("gongkai", "来信办理")
    old = application(channel, at(2025, 12, 20))  # carried into 2026, answered in January
    conclude(old, handler, people, at(2026, 1, 10), "disclosed")
    answered = application(channel, at(2026, 3, 2))
    conclude(answered, handler, people, at(2026, 3, 20), "withheld", "属于国家秘密")
    missing = application(channel, at(2026, 5, 6))
    conclude(missing, handler, people, at(2026, 5, 20), "unavailable", "本机关不掌握相关政府信息")
    application(channel, at(2026, 12, 1))  # still open: carried into 2027
    before = application(channel, at(2025, 3, 1))  # concluded in 2025: not in 2026 at all
    conclude(before, handler, people, at(2025, 3, 10), "disclosed")
    numbers = application_figures(2026)
    assert (numbers["new"], numbers["carried_in"], numbers["carried_out"]) == (3, 1, 1)
    assert (numbers["disclosed"], numbers["withheld"], numbers["unavailable"]) == (1, 1, 1)
    assert numbers["withheld:属于国家秘密"] == 1
    assert numbers["unavailable:本机关不掌握相关政府信息"] == 1
    assert numbers["concluded"] == 3


def test_the_report_shows_this_years_figures_and_is_public_once_published(client, channel, people):
    column = make_column(
        name="政策文件", slug="zcwj", disclosure_section=DisclosureSection.STATUTORY
    )
    make_article(column, title="今年的政策文件")
    application(channel, datetime.datetime.now(BEIJING))
    year = datetime.datetime.now(BEIJING).year
    admin = as_user(client, people["site_admin"])
    response = admin.post(reverse("admin:compliance_disclosureannualreport_add"),
                          {"year": year, "general": "本年度，镇政府认真落实条例。", "problems": "",
                           "other": "", "figures": ""})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    report = DisclosureAnnualReport.objects.get(year=year)
    assert report.figures["publication"]["published"] == 1
    assert report.figures["applications"]["new"] == 1
    assert Client().get(report.get_absolute_url()).status_code == 404  # a draft
    draft = admin.get(report.get_absolute_url()).content.decode()
    assert "一、本年新收政府信息公开申请数量" in draft and "本年度，镇政府认真落实条例。" in draft
    admin.post(reverse("admin:compliance_disclosureannualreport_changelist"),
               {"action": "publish", "_selected_action": [report.pk]})  # fmt: skip
    page = Client().get(report.get_absolute_url()).content.decode()
    assert "三、收到和处理政府信息公开申请情况" in page and "（七）总计" in page
    download = Client().get(reverse("website:disclosure_report_download", args=[year]))
    assert download["Content-Type"].startswith("application/msword")
    assert download["Content-Disposition"].startswith("attachment;")
    assert quote(f"{report}.doc") in download["Content-Disposition"]  # the report's own name
    assert "本年度，镇政府认真落实条例。" in download.content.decode()
    section = Client().get(reverse("website:disclosure")).content.decode()
    assert (
        str(report) in section and "政策文件" in section and "在线提交政府信息公开申请" in section
    )
    assert "张三" not in page and APPLICATION["phone"] not in download.content.decode()


def test_figures_are_computed_once_and_kept_until_regenerated(channel, people, client):
    year = datetime.datetime.now(BEIJING).year
    report = DisclosureAnnualReport.objects.create(year=year, figures=figures(year))
    application(channel, datetime.datetime.now(BEIJING))
    report.refresh_from_db()
    assert report.figures["applications"]["new"] == 0  # kept as staff checked it
    as_user(client, people["site_admin"]).post(
        reverse("admin:compliance_disclosureannualreport_changelist"),
        {"action": "regenerate", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.figures["applications"]["new"] == 1
