"""The navigation: the visible columns in their order on every page, kept in the shared cache
until a column is saved in the admin."""

import re

import pytest
from django.urls import reverse
from website.navigation import navigation_columns

from news.models import Column
from tests.factories import as_user, make_column

pytestmark = pytest.mark.django_db


def test_navigation_lists_visible_columns_in_their_order(client):
    make_column(name="通知公告", order=2)
    make_column(name="内部栏目", order=3, visible=False)
    make_column(name="工作动态", order=1)
    html = client.get("/news/").content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    assert re.findall(r">([^<>]+)</a>", nav) == ["首页", "工作动态", "通知公告"]


def test_the_navigation_is_cached_until_a_column_is_saved_in_the_admin(
    client, superuser, django_assert_num_queries
):
    column = make_column(name="工作动态", slug="gzdt")
    assert [c.name for c in navigation_columns()] == ["工作动态"]
    Column.objects.filter(pk=column.pk).update(name="不经后台改的名字")
    with django_assert_num_queries(0):
        assert [c.name for c in navigation_columns()] == ["工作动态"]
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
    assert [c.name for c in navigation_columns()] == ["通知公告"]
