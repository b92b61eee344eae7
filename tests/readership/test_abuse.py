"""Counting abuse: a script that replays one cq_seen cookie counts once per window, like the
browser it took it from; an empty, made-up or damaged cookie is no cookie (known by address and
User-Agent); one that changes its User-Agent for every request adds at most
VIEW_COUNT_MAX_PER_ADDRESS_HOUR views of an article per address and clock hour; real readers
behind one shared address are all counted up to that limit."""

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


def replayed(article, cookie, times=30, **headers):
    """times requests by a script sending the same cq_seen value (a new client each time:
    nothing it is sent back is kept)."""
    for _ in range(times):
        replay = Client(**{"HTTP_USER_AGENT": PHONE_BROWSER, "REMOTE_ADDR": CARRIER, **headers})
        replay.cookies[SEEN_COOKIE] = cookie
        assert replay.get(article.get_absolute_url()).status_code == 200
    return stored(article)


def test_a_replayed_cookie_counts_once_per_window_from_anywhere(limit, settings):
    """A cookie the site gave, sent again and again after its window (from other addresses and
    User-Agents too): one view per window, as for the browser it was taken from."""
    article = make_article()
    cookie = browser().get(article.get_absolute_url()).cookies[SEEN_COOKIE].value
    later = timezone.now() + timedelta(seconds=settings.VIEW_COUNT_WINDOW_SECONDS + 60)
    with time_machine.travel(later, tick=False):
        assert replayed(article, cookie) == 2
        for n in range(10):
            replayed(article, cookie, times=1, REMOTE_ADDR=f"198.51.100.{n}",
                     HTTP_USER_AGENT=f"{PHONE_BROWSER} {n}")  # fmt: skip
        assert stored(article) == 2


def test_an_empty_cookie_each_time_is_a_browser_without_cookies(limit):
    """`cq_seen=` is no cookie: known by address and User-Agent, once per window; rotating the
    User-Agent as well, at most the address's limit."""
    article = make_article()
    assert replayed(article, "") == 1
    for n in range(30):
        replayed(article, "", times=1, HTTP_USER_AGENT=f"{PHONE_BROWSER} Rotated/{n}")
    assert stored(article) == limit


@pytest.mark.parametrize(
    "forged",
    ["1.1", "7.29468000-8.29468001", "AAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAA:1vXyZq:forgedsig"],
)
def test_a_made_up_cookie_is_a_browser_without_cookies(limit, forged):
    """Not signed by the site (an invented id, the old format listing articles): no cookie."""
    article = make_article()
    assert replayed(article, forged) == 1


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


def test_a_new_made_up_id_for_every_request_is_still_one_browser_without_cookies(limit):
    """What signing stops: a script inventing a fresh id each time would be a new browser each
    time; unsigned, each is no cookie."""
    article = make_article()
    for n in range(30):
        replayed(article, f"{n:016d}:1vXyZq:{n:027d}", times=1)
    assert stored(article) == 1


@needs_redis
def test_a_view_asks_redis_once_counted_or_not(limit, settings, monkeypatch):
    """The window, the address's tally and a new browser's own window are one round trip to
    Redis (core.counting.claim_window): each is paid by every reader of every article."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
    }
    from django.core.cache import cache
    from redis.connection import Connection

    cache.clear()
    article = make_article()
    sent = []
    real_send = Connection.send_packed_command
    monkeypatch.setattr(
        Connection,
        "send_packed_command",
        lambda self, command, *args, **kwargs: (
            sent.append(command) or real_send(self, command, *args, **kwargs)
        ),
    )
    # The page rendered and cached, the navigation in the cache, the script known to Redis.
    Client(HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR="203.0.113.99").get(
        article.get_absolute_url()
    )
    reader = Client(HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR=CARRIER)
    for expected_count in (2, 2):  # a new reader, then the same browser with its cookie
        sent.clear()
        reader.get(article.get_absolute_url())
        assert stored(article) == expected_count
        assert [command[0].split(b"\r\n")[2] for command in sent] == [b"EVALSHA"]
    assert reader.cookies[SEEN_COOKIE].value
    cache.clear()
