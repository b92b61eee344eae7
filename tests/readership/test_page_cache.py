"""The article page served from its cache with the count filled in: the statements a view
takes, and a cached page that follows the article at once (an approved edit, a withdrawal)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import services
from tests.factories import (
    approve_all,
    browser,
    build,
    edited,
    make_article,
    make_column,
    shown_count,
)

pytestmark = pytest.mark.django_db


def test_detail_page_takes_at_most_four_queries_including_the_count(client):
    column = make_column()
    articles = [make_article(column) for _ in range(3)]
    client.get("/")  # the navigation, cached for every page after

    def statements(captured):
        # Savepoints are the test's own transaction bookkeeping; PREPARE happens once per
        # PostgreSQL connection, whichever test comes first.
        skipped = ("SAVEPOINT", "RELEASE", "PREPARE")
        return [q["sql"] for q in captured if not q["sql"].startswith(skipped)]

    with CaptureQueriesContext(connection) as captured:
        response = client.get(articles[1].get_absolute_url())
    assert shown_count(response) == 1
    # The article with its neighbours, the related articles of its column, its attachments,
    # and the count (one statement on PostgreSQL; the total and the day's row on SQLite).
    assert len(statements(captured)) == (4 if connection.vendor == "postgresql" else 5)
    with CaptureQueriesContext(connection) as captured:  # page cached: only the count
        response = browser().get(articles[1].get_absolute_url())
    assert shown_count(response) == 2
    assert len(statements(captured)) == (1 if connection.vendor == "postgresql" else 2)


def test_a_page_not_in_the_cache_is_rendered_before_the_view_is_counted(client):
    """If the database fails while the page renders, no view was counted for a reader who got
    no page: the article is read first, the count written last."""
    article = make_article()
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        client.get(article.get_absolute_url())
    # The count: its UPDATE on SQLite, its prepared statement on PostgreSQL.
    writes = [i for i, q in enumerate(captured)
              if "view_count + 1" in q["sql"] or "EXECUTE count_view_" in q["sql"]]  # fmt: skip
    reads = [i for i, q in enumerate(captured) if q["sql"].lstrip().startswith("SELECT")]
    assert writes and reads and max(reads) < min(writes)


def test_a_cached_article_page_changes_as_soon_as_the_article_does(client, people, now):
    """The page cache is keyed by the article's version: an approved edit shows at once."""
    article = build("published", people, now)
    assert "测试正文修改后" not in client.get(article.get_absolute_url()).content.decode()
    services.article_save(
        article=edited(article, body="<p>测试正文修改后</p>"), by=people["author"]
    )
    services.article_submit(article=article, by=people["author"])
    approve_all(article, people)
    assert "测试正文修改后" in browser().get(article.get_absolute_url()).content.decode()


def test_a_withdrawn_article_is_gone_at_once_although_its_page_was_cached(client, people, now):
    article = build("published", people, now)
    assert client.get(article.get_absolute_url()).status_code == 200
    services.article_withdraw(article=article, by=people["reviewer3"], reason="有误")
    assert browser().get(article.get_absolute_url()).status_code == 404
