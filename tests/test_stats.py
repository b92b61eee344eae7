"""浏览统计 in the admin: rankings, totals, one article's days, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import DailyViews

from .factories import make_article, make_column, make_user

pytestmark = pytest.mark.django_db

STATS_URL = reverse("admin:news_viewstatistics_changelist")


@pytest.fixture
def views():
    """Two columns; days of views put straight into DailyViews (as the counter keeps them)."""
    today = timezone.localdate()
    news, notices = make_column(name="工作动态"), make_column(name="通知公告")
    old = make_article(news, title='=HYPERLINK("http://x")去年的旧闻')
    fresh = make_article(news, title="本周新闻")
    notice = make_article(notices, title="停水通知")
    rows = [
        (old, today - timedelta(days=40), 500),
        (old, today - timedelta(days=2), 5),
        (fresh, today, 30),
        (fresh, today - timedelta(days=3), 20),
        (notice, today - timedelta(days=1), 40),
    ]
    for article, day, count in rows:
        DailyViews.objects.create(article=article, date=day, views=count)
    return {"old": old, "fresh": fresh, "notice": notice, "today": today, "news": news}


@pytest.fixture
def auditor(client):
    client.force_login(make_user("auditor", "审计员"))
    return client


def ranked(response):
    return [(row["article__title"], row["views"]) for row in response.context["ranking"]]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("today", [("本周新闻", 30)]),
        ("7", [("本周新闻", 50), ("停水通知", 40), ('=HYPERLINK("http://x")去年的旧闻', 5)]),
        ("30", [("本周新闻", 50), ("停水通知", 40), ('=HYPERLINK("http://x")去年的旧闻', 5)]),
    ],
)
def test_ranking_for_today_seven_and_thirty_days(auditor, views, period, expected):
    assert ranked(auditor.get(STATS_URL, {"period": period})) == expected


def test_ranking_for_a_chosen_range_and_one_column(auditor, views):
    start = (views["today"] - timedelta(days=60)).isoformat()
    response = auditor.get(STATS_URL, {"period": "range", "start": start,
                                       "end": views["today"].isoformat(),
                                       "column": views["news"].pk})  # fmt: skip
    assert ranked(response) == [('=HYPERLINK("http://x")去年的旧闻', 505), ("本周新闻", 50)]


def test_totals_per_column_and_per_month(auditor, views):
    start = (views["today"] - timedelta(days=60)).isoformat()
    response = auditor.get(STATS_URL, {"period": "range", "start": start,
                                       "end": views["today"].isoformat()})  # fmt: skip
    columns = {row["article__column__name"]: row["views"] for row in response.context["columns"]}
    assert columns == {"工作动态": 555, "通知公告": 40}
    months = {month.strftime("%Y-%m"): total for month, _by, total in response.context["months"]}
    assert sum(months.values()) == 595
    old_month = (views["today"] - timedelta(days=40)).strftime("%Y-%m")
    assert months[old_month] >= 500


@pytest.mark.parametrize(
    "params",
    [
        {"period": "range", "start": "2026-13-01", "end": "2026-01-01"},
        {"period": "range", "start": "2026-03-01", "end": "2026-01-01"},
        {"period": "range"},
        {"period": "forever"},
        {"period": "range", "start": "2000-01-01", "end": "2026-01-01"},
    ],
)
def test_a_bad_period_is_a_message_not_an_error(auditor, params):
    response = auditor.get(STATS_URL, params)
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()


def test_csv_export_opens_in_excel_and_cannot_run_formulas(auditor, views):
    response = auditor.get(STATS_URL, {"period": "30", "csv": "ranking"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["名次", "标题", "栏目", "期间浏览", "累计浏览"]
    assert rows[1][:4] == ["1", "本周新闻", "工作动态", "50"]
    assert rows[3][1].startswith("'=HYPERLINK")


def test_one_articles_days_as_a_chart_a_table_and_csv(auditor, views):
    url = reverse("admin:news_viewstatistics_article", args=[views["fresh"].pk])
    response = auditor.get(url, {"period": "7"})
    days = dict(response.context["days"])
    assert len(days) == 7 and days[views["today"]] == 30 and sum(days.values()) == 50
    html = response.content.decode()
    assert (
        html.count("<rect ") == 7
        and "<svg" in html
        and "script" not in html.split("<svg")[1][:5000]
    )
    exported = auditor.get(url, {"period": "7", "csv": "1"}).content.decode().lstrip("\ufeff")
    assert f"{views['today'].isoformat()},30" in exported


def test_statistics_are_for_site_admins_auditors_and_final_reviewers_only(client, views):
    for role, allowed in [("撰稿人", False), ("初审", False), ("终审", True),
                          ("站点管理员", True), ("审计员", True)]:  # fmt: skip
        client.force_login(make_user(f"user-{role}", role))
        assert (client.get(STATS_URL).status_code == 200) is allowed, role


@pytest.mark.parametrize(
    ("table", "header", "row"),
    [
        ("columns", ["栏目", "期间浏览"], ["工作动态", "55"]),
        ("months", ["月份", "栏目", "浏览"], None),
    ],
)
def test_column_and_month_tables_export_as_csv(auditor, views, table, header, row):
    response = auditor.get(STATS_URL, {"period": "7", "csv": table})
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0] == header
    if row:
        assert row in rows
    else:
        assert sum(int(r[2]) for r in rows[1:]) == 95
