"""The compliance clock: each column's days since its last public article and days left before
an inspector calls it stale (动态要闻 14 days, 通知公告/政策文件 180, editable per column), blank
columns, the home page's two weeks, and the veto thresholds — on the admin index."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance.clock import State, read_clock
from news.models import Article, ColumnKind
from tests.factories import as_user, make_article, make_column, make_user

pytestmark = pytest.mark.django_db


def days_ago(now, days):
    """The same time of day, days before (the clock counts calendar days in Beijing)."""
    return now - timedelta(days=days)


def clock_of(column, now):
    (entry,) = [entry for entry in read_clock(now).columns if entry.column.pk == column.pk]
    return entry


@pytest.mark.parametrize(
    ("kind", "age", "state", "left"),
    [
        (ColumnKind.NEWS, 5, State.OK, 9),
        (ColumnKind.NEWS, 11, State.SOON, 3),
        (ColumnKind.NEWS, 15, State.STALE, -1),
        (ColumnKind.NOTICE, 100, State.OK, 80),
        (ColumnKind.POLICY, 178, State.SOON, 2),
        (ColumnKind.NOTICE, 181, State.STALE, -1),
        (ColumnKind.OTHER, 300, State.OK, None),
    ],
)
def test_each_type_has_its_update_period(now, kind, age, state, left):
    column = make_column(kind=kind)
    make_article(column, publish_at=days_ago(now, age))
    entry = clock_of(column, now)
    assert (entry.days_since, entry.days_left, entry.state) == (age, left, state)


def test_a_column_may_have_its_own_period(now):
    column = make_column(kind=ColumnKind.NOTICE, update_days=30)
    make_article(column, publish_at=days_ago(now, 31))
    assert clock_of(column, now).state == State.STALE


def test_only_public_articles_keep_a_column_fresh(now):
    column = make_column(kind=ColumnKind.NEWS)
    make_article(column, publish_at=days_ago(now, 20))
    make_article(column, status=Article.Status.DRAFT, publish_at=days_ago(now, 1))
    make_article(column, publish_at=now + timedelta(days=1))  # approved, not yet public
    assert clock_of(column, now).days_since == 20


def test_a_column_without_any_public_article_is_blank_and_hidden_columns_do_not_count(now):
    blank = make_column(kind=ColumnKind.NEWS)
    make_article(blank, status=Article.Status.DRAFT)
    hidden = make_column(kind=ColumnKind.NEWS, visible=False)
    clock = read_clock(now)
    assert [entry.column for entry in clock.blank] == [blank]
    assert hidden not in [entry.column for entry in clock.columns]


def test_five_stale_columns_reach_the_veto_four_do_not(now):
    make_article(make_column(kind=ColumnKind.NEWS), publish_at=days_ago(now, 1))  # the home page
    for _ in range(4):
        make_article(make_column(kind=ColumnKind.NEWS), publish_at=days_ago(now, 30))
    assert read_clock(now).vetoes() == []
    make_article(make_column(kind=ColumnKind.NOTICE), publish_at=days_ago(now, 200))
    assert read_clock(now).vetoes() == ["5 个栏目超过更新期限（达到 5 个即单项否决）"]


def test_five_blank_columns_reach_the_veto(now):
    make_article(make_column(), publish_at=days_ago(now, 1))
    for _ in range(5):
        make_column()
    assert read_clock(now).vetoes() == ["5 个空白栏目（达到 5 个即单项否决）"]


def test_ten_columns_not_updated_for_a_year_reach_the_veto(now, settings):
    settings.COMPLIANCE = {**settings.COMPLIANCE, "STALE_COLUMNS": 99}
    make_article(make_column(), publish_at=days_ago(now, 1))
    for _ in range(10):
        make_article(make_column(kind=ColumnKind.OTHER), publish_at=days_ago(now, 400))
    assert read_clock(now).vetoes() == ["10 个栏目一年以上没有更新（达到 10 个即单项否决）"]


def test_the_home_page_with_nothing_new_for_two_weeks_is_a_veto_and_warned_before(now):
    column = make_column(kind=ColumnKind.OTHER)
    make_article(column, publish_at=days_ago(now, 12))
    clock = read_clock(now)
    assert (clock.home_days_since, clock.home_state) == (12, State.SOON)
    assert clock.warnings() == ["首页还有 2 天超过两周未更新"] and clock.vetoes() == []
    assert read_clock(now + timedelta(days=3)).vetoes() == ["首页超过 14 天没有更新"]


def test_the_admin_index_shows_the_clock_with_what_to_do(client, now):
    news = make_column(name="工作动态", kind=ColumnKind.NEWS)
    make_article(news, publish_at=days_ago(now, 16))
    notices = make_column(name="通知公告", kind=ColumnKind.NOTICE)
    make_article(notices, publish_at=days_ago(now, 178))
    make_column(name="专题专栏")
    html = as_user(client, make_user("sun", "站点管理员")).get("/admin/").content.decode()
    clock = html[html.index('id="compliance-clock"') :]
    assert "单项否决：首页超过 14 天没有更新" in clock
    assert "提醒：“通知公告”还有 2 天超期" in clock
    assert "超期 2 天" in clock and "已超期" in clock and "空白栏目" in clock
    assert "从未发布" in clock
    assert reverse("admin:compliance_inspectionrun_changelist") in clock


def test_the_clock_reads_the_same_queries_for_three_columns_or_thirty(client, now):
    admin = as_user(client, make_user("sun", "站点管理员"))
    for _ in range(3):
        make_article(make_column(kind=ColumnKind.NEWS), publish_at=days_ago(now, 3))
    with CaptureQueriesContext(connection) as few:
        admin.get("/admin/")
    for _ in range(27):
        make_article(make_column(kind=ColumnKind.NEWS), publish_at=days_ago(now, 3))
    with CaptureQueriesContext(connection) as many:
        admin.get("/admin/")
    assert len(many) == len(few)
