import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest

from news.models import Article

from .factories import make_article

CONCURRENT_READERS = 60


def shown_count(response):
    return int(re.search(r'class="view-count">(\d+)<', response.content.decode()).group(1))


def stored_count(article):
    return Article.objects.values_list("view_count", flat=True).get(pk=article.pk)


@pytest.mark.django_db
def test_each_get_counts_one_view_and_the_page_shows_it(client):
    article = make_article(view_count=41)
    assert shown_count(client.get(article.get_absolute_url())) == 42
    assert shown_count(client.get(article.get_absolute_url())) == 43
    assert stored_count(article) == 43


@pytest.mark.django_db
def test_head_request_counts_nothing(client):
    article = make_article(view_count=5)
    assert client.head(article.get_absolute_url()).status_code == 200
    assert stored_count(article) == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"publish_at_offset": timedelta(hours=2)},
    ],
    ids=["draft", "scheduled"],
)
def test_article_that_is_not_public_is_not_counted(client, now, fields):
    offset = fields.pop("publish_at_offset", timedelta(hours=-2))
    article = make_article(publish_at=now + offset, view_count=7, **fields)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert stored_count(article) == 7


@pytest.mark.django_db
def test_list_pages_and_other_articles_do_not_count(client):
    article, other = make_article(view_count=3), make_article(view_count=3)
    for path in ["/", "/news/", article.column.get_absolute_url(), other.get_absolute_url()]:
        client.get(path)
    assert stored_count(article) == 3


@pytest.mark.django_db
def test_post_to_an_article_is_refused_and_not_counted(client):
    article = make_article(view_count=3)
    assert client.post(article.get_absolute_url()).status_code == 405
    assert stored_count(article) == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_are_all_counted_exactly(live_server):
    """Readers in separate threads, each with its own HTTP and database connection, hit the
    page at the same moment; not one view may be lost or counted twice."""
    article = make_article(view_count=1000)
    url = live_server.url + article.get_absolute_url()
    start = Barrier(CONCURRENT_READERS)

    def read(_):
        start.wait(timeout=30)
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=CONCURRENT_READERS) as pool:
        statuses = list(pool.map(read, range(CONCURRENT_READERS)))

    assert statuses == [200] * CONCURRENT_READERS
    assert stored_count(article) == 1000 + CONCURRENT_READERS


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_of_an_unpublished_article_all_get_404(live_server):
    article = make_article(status=Article.Status.DRAFT)
    url = live_server.url + article.get_absolute_url()

    def read(_):
        try:
            urllib.request.urlopen(url, timeout=60)
        except urllib.error.HTTPError as error:
            return error.code
        return 200

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(read, range(10))) == {404}
    assert stored_count(article) == 0
