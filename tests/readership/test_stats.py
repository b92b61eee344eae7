"""浏览统计 in the admin: rankings, totals, one article's days, CSV, and who may see them.
The tests run on the fixed clock (conftest.py), so "today" and "the last 7 days" are known days."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from readership.models import DailyViews
from tests.factories import STATISTICS_URL, as_user, build, make_article, make_column, period_params

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]

OLD_TITLE = '=HYPERLINK("http://x")去年的旧闻'


@pytest.fixture
def views(now):
    """Two columns; days of views put straight into DailyViews (as the counter keeps them)."""
    today = timezone.localdate(now)
    news, notices = make_column(name="工作动态"), make_column(name="通知公告")
    old = make_article(news, title=OLD_TITLE)
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
def auditor(client, people):
    return as_user(client, people["auditor"])


def ranked(response):
    return [(row["article__title"], row["views"]) for row in response.context["ranking"]]


def csv_rows(response):
    """A CSV export as Excel reads it: UTF-8 behind a byte-order mark."""
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def since_sixty_days(views, **extra):
    """The range from 60 days ago to today: every row of `views`."""
    return period_params("range", start=views["today"] - timedelta(days=60), end=views["today"],
                         **extra)  # fmt: skip


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("today", [("本周新闻", 30)]),
        ("7", [("本周新闻", 50), ("停水通知", 40), (OLD_TITLE, 5)]),
        ("30", [("本周新闻", 50), ("停水通知", 40), (OLD_TITLE, 5)]),
    ],
)
def test_ranking_for_today_seven_and_thirty_days(auditor, views, period, expected):
    assert ranked(auditor.get(STATISTICS_URL, period_params(period))) == expected


def test_ranking_for_a_chosen_range_and_one_column(auditor, views):
    response = auditor.get(STATISTICS_URL, since_sixty_days(views, column=views["news"].pk))
    assert ranked(response) == [(OLD_TITLE, 505), ("本周新闻", 50)]


def test_totals_per_column_and_per_month(auditor, views):
    response = auditor.get(STATISTICS_URL, since_sixty_days(views))
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
    response = auditor.get(STATISTICS_URL, params)
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()


def test_csv_export_opens_in_excel_and_cannot_run_formulas(auditor, views):
    response = auditor.get(STATISTICS_URL, period_params("30", csv="ranking"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8").startswith("\ufeff")
    rows = csv_rows(response)
    assert rows[0] == ["名次", "标题", "栏目", "期间浏览", "累计浏览"]
    assert rows[1][:4] == ["1", "本周新闻", "工作动态", "50"]
    assert rows[3][1].startswith("'=HYPERLINK")


def test_one_articles_days_as_a_chart_a_table_and_csv(auditor, views):
    url = reverse("admin:readership_viewstatistics_article", args=[views["fresh"].pk])
    response = auditor.get(url, period_params("7"))
    days = dict(response.context["days"])
    assert len(days) == 7 and days[views["today"]] == 30 and sum(days.values()) == 50
    html = response.content.decode()
    assert (
        html.count("<rect ") == 7
        and "<svg" in html
        and "script" not in html.split("<svg")[1][:5000]
    )
    exported = auditor.get(url, period_params("7", csv="1")).content.decode().lstrip("\ufeff")
    assert f"{views['today'].isoformat()},30" in exported


def test_statistics_are_for_site_admins_auditors_and_final_reviewers_only(client, people, views):
    for who, allowed in [("author", False), ("reviewer1", False), ("reviewer2", False),
                         ("reviewer3", True), ("site_admin", True), ("auditor", True)]:  # fmt: skip
        assert (as_user(client, people[who]).get(STATISTICS_URL).status_code == 200) is allowed, who


def test_statistics_of_an_article_a_reviewer_may_not_see_are_404(client, people, now):
    draft = build("draft", people, now)
    url = reverse("admin:readership_viewstatistics_article", args=[draft.pk])
    assert as_user(client, people["reviewer3"]).get(url).status_code == 404


@pytest.mark.parametrize(
    ("table", "header", "row"),
    [
        ("columns", ["栏目", "期间浏览"], ["工作动态", "55"]),
        ("months", ["月份", "栏目", "浏览"], None),
    ],
)
def test_column_and_month_tables_export_as_csv(auditor, views, table, header, row):
    rows = csv_rows(auditor.get(STATISTICS_URL, period_params("7", csv=table)))
    assert rows[0] == header
    if row:
        assert row in rows
    else:
        assert sum(int(r[2]) for r in rows[1:]) == 95
