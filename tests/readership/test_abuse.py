"""Counting abuse: a script that replays one old cq_seen cookie, or changes its User-Agent for
every request, adds at most VIEW_COUNT_MAX_PER_ADDRESS_HOUR views of an article per address and
clock hour; real readers behind one shared address are all counted up to that limit."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from readership.policy import SEEN_COOKIE, policy_text
from tests.factories import PHONE_BROWSER, browser, make_article, shown_count
from tests.processes import REDIS_URL, needs_redis

pytestmark = pytest.mark.django_db

CARRIER = "203.0.113.7"  # one address of a carrier's NAT, shared by many phones


@pytest.fixture
def limit(settings):
    settings.VIEW_COUNT_MAX_PER_ADDRESS_HOUR = 10
    return 10


@pytest.fixture(autouse=True)
def _on_the_hour(now):
    """The limit is per clock hour: keep the test inside one."""
    with time_machine.travel(now.replace(minute=5, second=0), tick=False):
        yield


def stored(article):
    article.refresh_from_db()
    return article.view_count


def test_a_replayed_old_cookie_adds_at_most_the_limit(limit):
    article = make_article()
    for _ in range(30):
        replay = Client(HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR=CARRIER)
        replay.cookies[SEEN_COOKIE] = "1.1"
        assert replay.get(article.get_absolute_url()).status_code == 200
    assert stored(article) == limit


def test_rotating_user_agents_from_one_address_adds_at_most_the_limit(limit):
    article = make_article()
    for n in range(30):
        Client(HTTP_USER_AGENT=f"{PHONE_BROWSER} Rotated/{n}", REMOTE_ADDR=CARRIER).get(
            article.get_absolute_url()
        )
    assert stored(article) == limit


def test_readers_behind_one_address_are_counted_up_to_the_limit_and_others_are_not_touched(
    limit,
):
    article, other_article = make_article(), make_article()
    for n in range(limit):  # ten phones behind the carrier's address, each once
        reader = Client(HTTP_USER_AGENT=f"{PHONE_BROWSER} Phone/{n}", REMOTE_ADDR=CARRIER)
        assert shown_count(reader.get(article.get_absolute_url())) == n + 1
    assert stored(article) == limit
    # The same address, another article; another address, the same article: both counted.
    Client(HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR=CARRIER).get(other_article.get_absolute_url())
    browser().get(article.get_absolute_url())
    assert (stored(other_article), stored(article)) == (1, limit + 1)


def test_the_next_hour_counts_again(limit):
    article = make_article()
    for n in range(limit + 5):
        Client(HTTP_USER_AGENT=f"{PHONE_BROWSER} {n}", REMOTE_ADDR=CARRIER).get(
            article.get_absolute_url()
        )
    assert stored(article) == limit
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        Client(HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR=CARRIER).get(article.get_absolute_url())
    assert stored(article) == limit + 1


def test_behind_our_proxy_the_limit_is_per_reader_address(limit, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    article = make_article()
    for n in range(2 * limit):
        Client(HTTP_USER_AGENT=f"{PHONE_BROWSER} {n}", REMOTE_ADDR="10.0.0.2",
               HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").get(article.get_absolute_url())  # fmt: skip
    assert stored(article) == 2 * limit


def test_views_of_an_article_not_yet_public_do_not_use_up_the_limit(limit, now):
    article = make_article(publish_at=timezone.now() + timedelta(minutes=10))
    for n in range(limit):
        Client(HTTP_USER_AGENT=f"{PHONE_BROWSER} {n}", REMOTE_ADDR=CARRIER).get(
            article.get_absolute_url()
        )
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        Client(HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR=CARRIER).get(article.get_absolute_url())
    assert stored(article) == 1


def test_the_policy_text_names_the_limit_from_the_setting(settings):
    settings.VIEW_COUNT_MAX_PER_ADDRESS_HOUR = 45
    assert "每小时对同一篇文章最多计 45 次" in str(policy_text())
    settings.VIEW_COUNT_MAX_PER_ADDRESS_HOUR = 0
    assert "每小时" not in str(policy_text())


@needs_redis
def test_the_limit_holds_in_redis_across_app_servers(limit, settings):
    """With Redis as the shared cache (several app servers), one round trip per view."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },  # fmt: skip
    }
    from django.core.cache import cache

    cache.clear()
    article = make_article()
    for n in range(limit + 5):
        Client(HTTP_USER_AGENT=f"{PHONE_BROWSER} {n}", REMOTE_ADDR=CARRIER).get(
            article.get_absolute_url()
        )
    assert stored(article) == limit
    redis = cache._cache.get_client()
    (key,) = redis.keys("*viewcap*")
    assert int(redis.get(key)) == limit + 5 and 0 < redis.ttl(key) <= 3600  # an hour, not forever
    cache.clear()
