"""inspect_site: the inspection report — printed, as JSON, kept in the admin — and its exit
status for cron: 2 when a veto threshold is reached or personal data is online, 1 when a veto
threshold will be reached within the warning window, 0 on a healthy site. What newly turns red
is sent to the site admins and auditors."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance.models import InspectionRun, SensitiveTerm
from compliance.report import build_report
from inbox.models import Message
from news import services
from news.models import ColumnKind
from tests.factories import as_user, id_card_number, make_article, make_column, make_user

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("admin:compliance_inspectionrun_changelist")


def inspect(*args):
    """Run inspect_site: (exit status, what it printed)."""
    out = StringIO()
    try:
        call_command("inspect_site", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def healthy(now):
    """Every column updated yesterday."""
    for kind in ColumnKind:
        make_article(make_column(kind=kind), publish_at=now - timedelta(days=1))


def test_a_healthy_site_exits_zero(healthy):
    status, printed = inspect()
    assert status == 0
    assert "绿色（正常）" in printed
    assert InspectionRun.objects.get().status == "green"


def test_personal_data_online_is_red_and_exits_two(healthy, now):
    make_article(title="低保对象公示", body=f"<p>王某，身份证号{id_card_number()}</p>")
    status, printed = inspect()
    assert status == 2
    assert "《低保对象公示》含有个人信息：身份证号码" in printed
    assert id_card_number() not in printed  # masked


def test_five_stale_columns_are_red(healthy, now):
    for _ in range(5):
        make_article(make_column(kind=ColumnKind.NEWS), publish_at=now - timedelta(days=20))
    status, printed = inspect()
    assert status == 2
    assert "单项否决：5 个栏目超过更新期限" in printed


def test_a_veto_within_the_warning_window_exits_three(now):
    make_article(make_column(kind=ColumnKind.OTHER), publish_at=now - timedelta(days=12))
    status, printed = inspect()
    assert status == 3
    assert "3 天内将单项否决：首页超过 14 天没有更新" in printed


def test_sensitive_terms_online_are_amber_and_do_not_fail_cron(healthy):
    SensitiveTerm.objects.create(term="截止目前", suggestion="截至目前")
    make_article(title="造林进展", body="<p>截止目前，全镇已造林2000亩。</p>")
    status, printed = inspect()
    assert status == 0
    assert "黄色（需要处理）" in printed and "《造林进展》错敏词“截止目前”" in printed


def test_articles_with_garbled_text_are_listed(healthy):
    garbled = "蔡桥镇召开会议".encode().decode("gbk", errors="replace")
    make_article(title="秋季防火", body=f"<p>{garbled}</p>")
    make_article(title="春耕备耕", body="<p>蔡桥镇召开春耕备耕工作会议。</p>")
    status, printed = inspect()
    assert status == 0  # amber: a person must look, cron need not fail
    assert "有乱码或繁体残留的文章：1 篇" in printed
    assert f"  乱码：《秋季防火》疑似乱码：“{garbled}”" in printed
    assert "春耕备耕" not in printed


def test_publish_times_moved_after_publication_are_listed(healthy, now, people):
    article = make_article(by=people["author"], title="旧闻")
    services.article_reschedule(
        article=article, by=people["site_admin"], publish_at=now - timedelta(days=3),
        reason="按原文件日期",
    )  # fmt: skip
    _status, printed = inspect()
    assert "发布后修改发布时间：《旧闻》" in printed and "按原文件日期" in printed


def test_the_report_is_written_as_json(healthy, tmp_path, now):
    make_article(title="低保对象公示", body=f"<p>身份证号{id_card_number()}</p>")
    path = tmp_path / "report.json"
    inspect("--json", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["status"] == "red"
    assert len(data["columns"]) == 5  # the four of the fixture and the article's
    (article,) = data["articles"]
    assert article["title"] == "低保对象公示" and article["findings"][0]["blocking"]


def test_what_newly_turns_red_is_told_to_site_admins_and_auditors_once(healthy, people):
    make_article(title="低保对象公示", body=f"<p>身份证号{id_card_number()}</p>")
    inspect()
    told = set(Message.objects.values_list("recipient__username", flat=True))
    assert told == {"site_admin", "auditor"}
    inspect()  # nothing new
    assert Message.objects.count() == 2


def test_the_report_is_a_page_for_site_admins_and_auditors_only(client, healthy, people):
    make_article(title="低保对象公示", body=f"<p>身份证号{id_card_number()}</p>")
    for role in ("site_admin", "auditor"):
        html = as_user(client, people[role]).get(REPORT_URL).content.decode()
        assert "红色（有单项否决风险）" in html and "《低保对象公示》含有个人信息" in html
    assert as_user(client, people["author"]).get(REPORT_URL).status_code == 403
    assert as_user(client, make_user("clerk", "初审")).get(REPORT_URL).status_code == 403


def test_the_report_reads_public_articles_in_a_fixed_number_of_queries(healthy, now):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            build_report()
        return len(captured)

    column = make_column()
    make_article(column, title="一篇")
    few = queries()
    for number in range(15):
        make_article(column, title=f"第{number}篇", body='<p><a href="/news/1/">链接</a></p>')
    assert queries() == few


def test_a_red_item_whose_numbers_change_is_not_told_again(now, people):
    make_article(make_column(), publish_at=now - timedelta(days=1))
    for _ in range(5):
        make_article(make_column(kind=ColumnKind.NEWS), publish_at=now - timedelta(days=20))
    inspect()
    assert Message.objects.count() == 2  # site admin and auditor: 5 stale columns
    make_article(make_column(kind=ColumnKind.NEWS), publish_at=now - timedelta(days=20))
    _status, printed = inspect()
    assert "单项否决：6 个栏目超过更新期限" in printed
    assert Message.objects.count() == 2  # the same threshold, one more column: not news


def test_a_veto_already_reached_is_not_also_announced_as_coming(now):
    make_article(make_column(), publish_at=now - timedelta(days=1))
    for _ in range(5):
        make_article(make_column(kind=ColumnKind.NEWS), publish_at=now - timedelta(days=20))
    make_article(make_column(kind=ColumnKind.NEWS), publish_at=now - timedelta(days=12))
    _status, printed = inspect()
    assert "3 天内将单项否决" not in printed


def test_a_big_sites_page_shows_the_last_run_instead_of_checking_everything(
    client, healthy, people, settings
):
    inspect()
    make_article(title="低保对象公示", body=f"<p>身份证号{id_card_number()}</p>")
    settings.COMPLIANCE = {**settings.COMPLIANCE, "LIVE_REPORT_ARTICLES": 2}
    html = as_user(client, people["site_admin"]).get(REPORT_URL).content.decode()
    assert "最近一次 inspect_site 的结果" in html and "绿色（正常）" in html
    assert "低保对象公示" not in html  # published after the last run


def test_a_big_site_never_checked_says_not_yet_checked_not_green(client, healthy, people, settings):
    settings.COMPLIANCE = {**settings.COMPLIANCE, "LIVE_REPORT_ARTICLES": 2}
    html = as_user(client, people["site_admin"]).get(REPORT_URL).content.decode()
    assert "尚未检查" in html
    assert "绿色" not in html


RUN_URL = reverse("admin:compliance_run")


def test_a_site_admin_runs_the_check_from_the_page(client, healthy, people, settings):
    settings.COMPLIANCE = {**settings.COMPLIANCE, "LIVE_REPORT_ARTICLES": 2}
    make_article(title="低保对象公示", body=f"<p>身份证号{id_card_number()}</p>")
    as_user(client, people["site_admin"])
    assert f'action="{RUN_URL}"' in client.get(REPORT_URL).content.decode()
    assert client.get(RUN_URL).status_code == 405  # a run is a POST
    response = client.post(RUN_URL, follow=True)
    html = response.content.decode()
    assert "检查完成：红色（有单项否决风险）" in html and "《低保对象公示》含有个人信息" in html
    assert InspectionRun.objects.get().status == "red"
    assert set(Message.objects.values_list("recipient__username", flat=True)) == {
        "site_admin",
        "auditor",
    }  # told as cron's run tells


def test_while_a_check_runs_another_click_starts_none(client, healthy, people, settings):
    from django.core.cache import cache

    from compliance.admin import RUN_LOCK

    settings.COMPLIANCE = {**settings.COMPLIANCE, "LIVE_REPORT_ARTICLES": 2}
    as_user(client, people["site_admin"])
    cache.set(RUN_LOCK, 1)  # another admin's run, under way
    html = client.post(RUN_URL, follow=True).content.decode()
    assert "检查正在进行中" in html and not InspectionRun.objects.exists()
    cache.delete(RUN_LOCK)
    client.post(RUN_URL)
    assert InspectionRun.objects.count() == 1 and cache.get(RUN_LOCK) is None


def test_only_site_admins_may_run_the_check(client, healthy, people):
    for role in ("auditor", "author"):
        as_user(client, people[role])
        assert client.post(RUN_URL).status_code == 403
        assert "立即检查" not in client.get(REPORT_URL).content.decode()
    assert not InspectionRun.objects.exists()


def test_running_the_check_needs_the_csrf_token(healthy, people):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["site_admin"])
    assert browser.post(RUN_URL).status_code == 403
    assert not InspectionRun.objects.exists()
