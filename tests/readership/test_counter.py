"""浏览次数: the counting policy (who is a reader, the window, proxies, what is not counted),
exactness under concurrency, the day's rows, and view windows shared between app servers."""

import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db.models import Sum
from django.test import Client

from news.models import Article
from readership.models import DailyViews
from readership.policy import SEEN_COOKIE, Reader
from tests.factories import PHONE_BROWSER, as_user, browser, make_article, make_user, shown_count
from tests.processes import REDIS_URL, in_another_process, needs_redis

CONCURRENT_READERS = 60


def stored_count(article):
    return Article.objects.values_list("view_count", flat=True).get(pk=article.pk)


def days_of(article):
    return dict(article.daily_views.values_list("date", "views"))


pytestmark = pytest.mark.django_db


def test_a_view_counts_once_and_the_page_shows_the_count_including_it(client):
    article = make_article(view_count=41)
    assert shown_count(client.get(article.get_absolute_url())) == 42
    assert stored_count(article) == 42


def test_refreshing_within_the_window_does_not_count_again(client):
    article = make_article()
    for _ in range(5):
        assert shown_count(client.get(article.get_absolute_url())) == 1
    assert shown_count(browser().get(article.get_absolute_url())) == 2  # someone else


def test_a_browser_without_its_cookie_is_known_by_address_and_user_agent():
    article = make_article()
    for _ in range(3):  # cookies refused: a new Client each time, same address and browser
        browser(REMOTE_ADDR="203.0.113.5").get(article.get_absolute_url())
    assert stored_count(article) == 1
    other_phone = PHONE_BROWSER.replace("V2219A", "M2012K11AC")
    browser(REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=other_phone).get(article.get_absolute_url())
    assert stored_count(article) == 2


def test_the_browser_gets_a_signed_id_in_a_cookie_not_a_session(client):
    """One id for the browser, given with its first counted view and kept (not sent again);
    its windows are under that id, so its second article counts and a repeat does not."""
    first, second = make_article(), make_article()
    cookie = client.get(first.get_absolute_url()).cookies[SEEN_COOKIE]
    assert re.fullmatch(r"[\w-]{16}:[\w-]+:[\w-]+", cookie.value)  # id:time:signature
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert SEEN_COOKIE not in client.get(second.get_absolute_url()).cookies
    client.get(first.get_absolute_url())
    assert (stored_count(first), stored_count(second)) == (1, 1)
    assert client.cookies[SEEN_COOKIE].value == cookie.value
    assert not Session.objects.exists()


@pytest.mark.parametrize("garbage", ["x", "1.2.3", "-", "1.1-" * 80, "9" * 40 + ".1"])
def test_a_malformed_cookie_is_treated_as_no_cookie(garbage):
    article = make_article()
    reader = browser()
    reader.cookies[SEEN_COOKIE] = garbage
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert stored_count(article) == 1


def test_the_same_browser_counts_again_after_the_window(client, now, settings):
    settings.VIEW_COUNT_WINDOW_SECONDS = 600
    article = make_article()
    client.get(article.get_absolute_url())
    with time_machine.travel(now + timedelta(minutes=9), tick=False):
        client.get(article.get_absolute_url())
        assert stored_count(article) == 1
    with time_machine.travel(now + timedelta(minutes=11), tick=False):
        client.get(article.get_absolute_url())
    assert stored_count(article) == 2


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) 360Spider",
        "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (compatible; Bytespider; "
        "spider-feedback@bytedance.com)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "SomeNewCrawler/1.0",
        "site-monitor-bot",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_crawlers_and_empty_user_agents_are_not_counted(user_agent):
    article = make_article()
    response = Client(HTTP_USER_AGENT=user_agent).get(article.get_absolute_url())
    assert response.status_code == 200
    assert stored_count(article) == 0


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
        {"HTTP_X_PURPOSE": "preview"},
    ],
)
def test_prefetch_and_prerender_are_not_counted(header):
    article = make_article()
    assert browser(**header).get(article.get_absolute_url()).status_code == 200
    assert stored_count(article) == 0


def test_head_request_counts_nothing(client):
    article = make_article(view_count=5)
    assert client.head(article.get_absolute_url()).status_code == 200
    assert stored_count(article) == 5


@pytest.mark.parametrize(
    "fields",
    [{"status": Article.Status.DRAFT}, {"publish_at_offset": timedelta(hours=2)}],
    ids=["draft", "scheduled"],
)
def test_article_that_is_not_public_is_not_counted(client, now, fields):
    offset = fields.pop("publish_at_offset", timedelta(hours=-2))
    article = make_article(publish_at=now + offset, view_count=7, **fields)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert stored_count(article) == 7


def test_previews_and_list_pages_count_nothing(client):
    article = make_article(view_count=3)
    for path in ["/", "/news/", article.column.get_absolute_url()]:
        client.get(path)
    as_user(client, make_user("factory-author", "撰稿人"))
    assert client.get(f"/news/{article.pk}/preview/").status_code == 200
    assert stored_count(article) == 3


def test_post_to_an_article_is_refused_and_not_counted(client):
    article = make_article(view_count=3)
    assert client.post(article.get_absolute_url()).status_code == 405
    assert stored_count(article) == 3


def test_a_forged_x_forwarded_for_from_the_internet_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    article = make_article()
    for fake in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]:
        browser(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=fake).get(
            article.get_absolute_url()
        )
    assert stored_count(article) == 1  # one reader at 203.0.113.9, whatever it claimed


def test_through_our_proxy_the_address_it_saw_is_the_reader(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    article = make_article()
    for fake in ["198.51.100.1", "198.51.100.2"]:  # what the client put in front is not believed
        browser(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{fake}, 203.0.113.9").get(
            article.get_absolute_url()
        )
    assert stored_count(article) == 1
    browser(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10").get(
        article.get_absolute_url()
    )
    assert stored_count(article) == 2  # another reader behind the same proxy


def test_each_counted_view_is_also_in_the_days_statistics(now):
    article = make_article(view_count=0)
    tomorrow_morning = (now + timedelta(days=1)).replace(hour=2)  # 10:xx in Shanghai
    with time_machine.travel(tomorrow_morning, tick=False):
        for _ in range(3):
            browser().get(article.get_absolute_url())
    with time_machine.travel(tomorrow_morning + timedelta(days=1), tick=False):
        browser().get(article.get_absolute_url())
    days = days_of(article)
    assert sorted(days.values()) == [1, 3]
    assert stored_count(article) == sum(days.values()) == 4


def test_the_day_is_the_day_in_beijing(now):
    article = make_article()
    # 17:30 UTC is 01:30 the next morning in Shanghai.
    late = (now + timedelta(days=1)).replace(hour=17, minute=30)
    with time_machine.travel(late, tick=False):
        browser().get(article.get_absolute_url())
    assert list(days_of(article)) == [(late + timedelta(hours=8)).date()]


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_are_all_counted_exactly_total_and_days(live_server, settings):
    """Readers in separate threads, each a different browser with its own HTTP and database
    connection, hit the page at the same moment: not one view lost or counted twice, and the
    day's row (an upsert) agrees with the total. Each at an address of its own, as our proxy
    reports it."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    article = make_article(view_count=0)
    url = live_server.url + article.get_absolute_url()
    start = Barrier(CONCURRENT_READERS)

    def read(n):
        cookie = f"{SEEN_COOKIE}=1.1"  # a browser that keeps cookies, new to this article
        headers = {"User-Agent": PHONE_BROWSER, "Cookie": cookie,
                   "X-Forwarded-For": f"198.18.7.{n}"}  # fmt: skip
        request = urllib.request.Request(url, headers=headers)
        start.wait(timeout=30)
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=CONCURRENT_READERS) as pool:
        statuses = list(pool.map(read, range(CONCURRENT_READERS)))

    assert statuses == [200] * CONCURRENT_READERS
    assert stored_count(article) == CONCURRENT_READERS
    total = DailyViews.objects.filter(article=article).aggregate(total=Sum("views"))["total"]
    assert total == CONCURRENT_READERS


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_of_an_unpublished_article_all_get_404(live_server):
    article = make_article(status=Article.Status.DRAFT)
    url = live_server.url + article.get_absolute_url()

    def read(_):
        request = urllib.request.Request(url, headers={"User-Agent": PHONE_BROWSER})
        try:
            urllib.request.urlopen(request, timeout=60)
        except urllib.error.HTTPError as error:
            return error.code
        return 200

    with ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(read, range(10))) == {404}
    assert stored_count(article) == 0
    assert not DailyViews.objects.exists()


def test_a_visit_before_publication_does_not_use_up_the_window(client, now, settings):
    """A browser without cookies opens the article a minute before it goes online (404), then
    again a minute after: well inside the window, and its first real view."""
    assert settings.VIEW_COUNT_WINDOW_SECONDS >= 600
    article = make_article(publish_at=now + timedelta(minutes=1))
    with time_machine.travel(now, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
    assert not client.cookies.get("cq_seen")
    with time_machine.travel(now + timedelta(minutes=2), tick=False):
        assert shown_count(client.get(article.get_absolute_url())) == 1


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 Chrome/120.0 Mobile",
        "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 SogouMobileBrowser/5.40.11",
    ],
)
def test_phones_and_browsers_whose_names_look_like_bots_are_still_readers(user_agent):
    article = make_article()
    Client(HTTP_USER_AGENT=user_agent).get(article.get_absolute_url())
    assert stored_count(article) == 1


def test_an_impossibly_large_article_id_is_a_404(client):
    assert client.get("/news/99999999999999999999/").status_code == 404


@needs_redis
def test_app_servers_share_the_view_windows_through_redis(settings, rf):
    """A cookieless reader counted by one app server is not counted again by another."""
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    settings.CACHES = {**settings.CACHES, "default": redis}
    cache.clear()
    request = rf.get("/news/7/", HTTP_USER_AGENT=PHONE_BROWSER, REMOTE_ADDR="203.0.113.8")
    assert Reader(request).first_view_in_window(7) is True
    other_server = in_another_process(
        "from django.test import RequestFactory\n"
        "from readership.policy import Reader\n"
        f"request = RequestFactory().get('/news/7/', HTTP_USER_AGENT={PHONE_BROWSER!r}, "
        "REMOTE_ADDR='203.0.113.8')\n"
        "print(Reader(request).first_view_in_window(7), Reader(request).first_view_in_window(8))",
        REDIS_URL=REDIS_URL,
    )
    assert other_server == "False True"
    cache.clear()
