"""The admin index tells an author where their own articles are: 草稿, 已退回 (with who returned
each and why), 审核中, 已发布 — each count a link to the list of them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ARTICLE_LIST_URL, as_user, build

pytestmark = [pytest.mark.django_db, pytest.mark.shared_people]


def own_counts(html):
    block = re.search(r'<ul class="own-articles" id="own-articles"[^>]*>(.*?)</ul>', html, re.S)
    assert block, "no 我的稿件 on the index"
    return dict(re.findall(r'<a href="[^"]+">([^<]+)</a> <strong class="count">(\d+)</strong>',
                           block.group(1)))  # fmt: skip


def test_the_index_counts_the_authors_articles_by_state(client, people, now):
    for state in ["draft", "draft", "returned", "submitted_1", "submitted_3", "published",
                  "scheduled"]:  # fmt: skip
        build(state, people, now)
    html = as_user(client, people["author"]).get("/admin/").content.decode()
    assert own_counts(html) == {"草稿": "2", "已退回": "1", "审核中": "2", "已发布": "1"}


def test_each_count_links_to_the_list_of_those_articles(client, people, now):
    returned = build("returned", people, now)
    draft = build("draft", people, now)
    author = as_user(client, people["author"])
    html = author.get("/admin/").content.decode()
    link = re.search(r'<a href="([^"]+)">已退回</a>', html).group(1).replace("&amp;", "&")
    assert link.startswith(ARTICLE_LIST_URL)
    listed = author.get(link).content.decode()
    assert returned.title in listed and draft.title not in listed


def test_returned_articles_are_listed_with_the_reason(client, people, now):
    article = build("returned", people, now)
    reason = article.audit_records.filter(action="return").first().reason
    html = as_user(client, people["author"]).get("/admin/").content.decode()
    returned = re.search(r'id="returned-articles"(.*?)</ul>', html, re.S).group(1)
    assert article.title in returned and reason in returned


def test_another_authors_articles_are_not_counted(client, people, now):
    build("draft", people, now)
    html = as_user(client, people["other_author"]).get("/admin/").content.decode()
    assert own_counts(html)["草稿"] == "0"


def test_the_counts_take_the_same_queries_for_one_article_or_many(client, people, now):
    author = as_user(client, people["author"])
    build("returned", people, now)
    with CaptureQueriesContext(connection) as one:
        author.get("/admin/")
    for state in ["returned", "returned", "draft", "submitted_1", "published"]:
        build(state, people, now)
    with CaptureQueriesContext(connection) as many:
        author.get("/admin/")
    assert len(many) == len(one)


def test_an_article_that_goes_public_later_is_counted_as_published_then(client, people, now):
    """The count reads the clock on every request, not once when the server started."""
    author = as_user(client, people["author"])
    author.get("/admin/")  # the index has been shown before the article goes out
    build("published", people, now)
    assert own_counts(author.get("/admin/").content.decode())["已发布"] == "1"
