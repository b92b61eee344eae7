"""The admin's article list tells where each article is: its state and level, who holds it (the
reviewers of that level by name, or the author) and for how long; reviews waiting more than two
working days are highlighted for those who oversee the site."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import services
from news.admin.listing import working_days_between
from news.models import Article
from tests.factories import (
    ARTICLE_LIST_URL,
    FIXED_NOW,
    as_user,
    make_article,
    make_column,
    make_user,
)

pytestmark = pytest.mark.django_db

# Next week's Monday, 10:00 in Beijing (ahead of the clock: accounts are made today).
MONDAY = (FIXED_NOW + timedelta(days=7 - FIXED_NOW.weekday())).replace(
    hour=10, minute=0, second=0, microsecond=0
)


def on(day, hour=10):
    """That week's day (0 = Monday; 7 = the Monday after) at hour."""
    return MONDAY + timedelta(days=day, hours=hour - 10)


def row_of(html, title):
    """The text of the list's row for title, without tags."""
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(title) + r".*?</tr>", html, re.S)
    assert row, f"no row for {title}"
    return row.group()


def text_of(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


@pytest.fixture
def team(db):
    return {
        "author": make_user("liumin", "撰稿人", first_name="刘敏"),
        "first": make_user("zhangsan", "初审", first_name="张三"),
        "first_too": make_user("lisi", "初审", first_name="李四"),
        "admin": make_user("admin", "站点管理员", first_name="孙涛"),
    }


def submitted_on(moment, team, title):
    with time_machine.travel(moment, tick=False):
        article = make_article(make_column(), status=Article.Status.DRAFT, title=title,
                               by=team["author"])  # fmt: skip
        services.article_submit(article=article, by=team["author"])
    return article


def test_a_submitted_article_shows_its_level_its_reviewers_by_name_and_how_long(client, team):
    submitted_on(MONDAY, team, "关于冬季防火的通知")
    with time_machine.travel(on(0, 15), tick=False):
        html = as_user(client, team["admin"]).get(ARTICLE_LIST_URL).content.decode()
    row = text_of(row_of(html, "关于冬季防火的通知"))
    assert "待初审" in row
    assert "张三、李四" in row and "zhangsan" not in row
    assert "5小时" in row
    assert "<th" in html and "处理人" in html and "已等待" in html


def test_a_draft_is_held_by_its_author(client, team):
    make_article(make_column(), status=Article.Status.DRAFT, title="草稿一篇", by=team["author"])
    html = as_user(client, team["admin"]).get(ARTICLE_LIST_URL).content.decode()
    assert "刘敏" in text_of(row_of(html, "草稿一篇"))


def test_a_review_waiting_more_than_two_working_days_is_highlighted_for_the_site_admin(
    client, team
):
    submitted_on(MONDAY, team, "周一送审")
    with time_machine.travel(on(3), tick=False):  # Thursday: three working days later
        seen_by_admin = as_user(client, team["admin"]).get(ARTICLE_LIST_URL).content.decode()
        seen_by_reviewer = as_user(client, team["first"]).get(ARTICLE_LIST_URL).content.decode()
    assert 'class="overdue"' in row_of(seen_by_admin, "周一送审")
    assert "3天" in text_of(row_of(seen_by_admin, "周一送审"))
    assert "overdue" not in row_of(seen_by_reviewer, "周一送审")


def test_a_weekend_does_not_make_a_review_late(client, team):
    submitted_on(on(4), team, "周五送审")
    with time_machine.travel(on(7), tick=False):  # the next Monday
        html = as_user(client, team["admin"]).get(ARTICLE_LIST_URL).content.decode()
    assert "overdue" not in row_of(html, "周五送审")
    assert "3天" in text_of(row_of(html, "周五送审"))


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [((0, 10), (0, 18), 0), ((0, 10), (1, 9), 1), ((0, 10), (3, 9), 3),
     ((4, 17), (7, 9), 1), ((5, 9), (6, 20), 0)],
)  # fmt: skip
def test_working_days_count_monday_to_friday(start, end, days):
    assert working_days_between(on(*start), on(*end)) == days


def test_the_list_reads_each_levels_reviewers_once_whatever_the_number_of_articles(client, team):
    as_user(client, team["admin"])
    submitted_on(MONDAY, team, "第1篇")
    with CaptureQueriesContext(connection) as one:
        client.get(ARTICLE_LIST_URL)
    for number in range(2, 21):
        submitted_on(MONDAY, team, f"第{number}篇")
    with CaptureQueriesContext(connection) as twenty:
        html = client.get(ARTICLE_LIST_URL).content.decode()
    assert html.count("张三、李四") == 20
    assert len(twenty) == len(one)
