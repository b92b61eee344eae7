"""The navigation: the visible columns in their order on every page, kept in the shared cache
until a column changes, however it is changed."""

import re

import pytest
from django.urls import reverse

from news.models import Column
from tests.factories import as_user, make_column

pytestmark = pytest.mark.django_db


def test_navigation_lists_visible_columns_in_their_order(client):
    make_column(name="通知公告", order=2)
    make_column(name="内部栏目", order=3, visible=False)
    make_column(name="工作动态", order=1)
    html = client.get("/news/").content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    # The visible columns in order between 首页 and the two fixed sections (政府信息公开, 互动交流).
    assert re.findall(r">([^<>]+)</a>", nav) == [
        "首页",
        "工作动态",
        "通知公告",
        "政府信息公开",
        "互动交流",
    ]


def test_the_navigation_is_cached_until_a_column_changes(
    client, superuser, django_assert_num_queries
):
    column = make_column(name="工作动态", slug="gzdt")
    assert [c.name for c in Column.in_navigation()] == ["工作动态"]
    with django_assert_num_queries(0):
        assert [c.name for c in Column.in_navigation()] == ["工作动态"]
    as_user(client, superuser).post(
        reverse("admin:news_column_change", args=[column.pk]),
        {
            "name": "通知公告",
            "slug": "gzdt",
            "order": "1",
            "description": "",
            "visible": "on",
            "kind": "notice",
        },  # fmt: skip
    )
    assert [c.name for c in Column.in_navigation()] == ["通知公告"]


@pytest.mark.parametrize(
    "change",
    [
        lambda column: Column.objects.filter(pk=column.pk).update(name="批量改的名字"),
        lambda column: Column.objects.filter(pk=column.pk).delete(),
        lambda column: make_column(name="新栏目", order=0),
        lambda column: column.delete(),
    ],
    ids=["queryset update", "queryset delete", "a new column", "delete"],
)
def test_any_change_of_columns_reaches_the_navigation(change):
    """Not only the admin's save: a management command, a shell or a migration changing the
    rows in bulk empties the cache too (news.models.columns: ForgetfulModel, ForgetfulQuerySet)."""
    column = make_column(name="工作动态", slug="gzdt")
    before = [c.name for c in Column.in_navigation()]
    change(column)
    assert [c.name for c in Column.in_navigation()] != before
