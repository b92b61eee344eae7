"""Who counts as a reader of an article: the counting policy of 浏览次数 (docs/site/counting.md).

A view counts when a person's browser GETs a public article page: not a crawler, not a
prefetch or prerender, and not again within the window for the same browser and article.

A browser is known by a random id the site gives it in a signed cookie; its windows (one per
article it was counted for) are kept in the shared cache (REDIS_URL) under that id, so a script
replaying one cookie counts once per window like the browser it took it from, and no session
row is written. The signature makes the id one the site gave: a made-up, empty or damaged
cookie (or one in the old format, a list of articles) is no cookie. A browser without one (most
robots that got past the User-Agent check, some privacy modes) is known by its network address
and User-Agent instead, and gets an id with its first counted view.
"""

import contextlib
import functools
import hashlib
import re
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import lazy
from django.utils.translation import gettext

from core.clients import client_address
from core.counting import claim_window, count_in_window

SEEN_COOKIE = "cq_seen"
SEEN_COOKIE_AGE = 365 * 24 * 3600
SEEN_SALT = "readership.seen"
# Headers by which browsers announce speculative loads (prefetch, prerender, link previews).
_SPECULATIVE_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
_SPECULATIVE_WORDS = ("prefetch", "prerender", "preview")


def _describe():
    window = settings.VIEW_COUNT_WINDOW_SECONDS
    if window <= 0:
        repeat = gettext("同一浏览器每次打开都计一次")
    elif window % 60:
        repeat = gettext("同一浏览器 %(n)s 秒内重复打开同一篇文章只计一次") % {"n": window}
    else:
        repeat = gettext("同一浏览器 %(n)s 分钟内重复打开同一篇文章只计一次") % {"n": window // 60}
    limit = settings.VIEW_COUNT_MAX_PER_ADDRESS_HOUR
    capped = (
        gettext("同一网络地址每小时对同一篇文章最多计 %(n)s 次；") % {"n": limit}
        if limit > 0
        else ""
    )
    return gettext(
        "浏览次数按“人次”自动统计，不能手工修改：公众每打开一次文章页计一次；%(repeat)s；"
        "%(capped)s搜索引擎和各类爬虫、浏览器预加载、只取页头的请求以及工作人员预览都不计入。"
        "每天的数字按北京时间划分，各天相加等于文章的累计浏览次数。"
    ) % {"repeat": repeat, "capped": capped}


# The counting policy in words, for staff (the 浏览次数 field, 浏览统计): one text, with the
# window read from the settings when it is shown.
policy_text = lazy(_describe, str)


@functools.cache
def _bots(patterns):
    return re.compile("|".join(patterns), re.IGNORECASE)


def is_bot(user_agent):
    user_agent = (user_agent or "").strip()
    return not user_agent or bool(_bots(tuple(settings.VIEW_COUNT_BOT_PATTERNS)).search(user_agent))


def is_countable(request):
    """A GET by a person's browser that is not speculative (the article must also be public)."""
    if request.method != "GET" or is_bot(request.META.get("HTTP_USER_AGENT")):
        return False
    return not any(
        word in request.META.get(header, "").lower()
        for header in _SPECULATIVE_HEADERS
        for word in _SPECULATIVE_WORDS
    )


class Reader:
    """The browser behind a request: its id from the signed cookie (None without a valid one),
    and its view windows in the shared cache."""

    def __init__(self, request):
        self.request = request
        self.window = settings.VIEW_COUNT_WINDOW_SECONDS
        self.browser_id = request.get_signed_cookie(SEEN_COOKIE, default=None, salt=SEEN_SALT)
        self.new_browser_id = None

    def _window_key(self, article_id, browser_id=None):
        browser_id = browser_id or self.browser_id
        if browser_id:
            return f"view:{article_id}:b:{browser_id}"
        fingerprint = f"{client_address(self.request)}|{self.request.META.get('HTTP_USER_AGENT')}"
        return f"view:{article_id}:{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"

    def first_view_in_window(self, article_id):
        """True once per article per window for this browser (its id, or without one its
        address and User-Agent), and while its address has not reached
        VIEW_COUNT_MAX_PER_ADDRESS_HOUR views of the article this hour: a script that drops its
        cookie and changes its User-Agent for every request looks like a new reader each time;
        its address still counts its views (shared cache, one clock hour).

        A browser without an id is given one now, its window of this article opened with the
        claim (core.counting.claim_window: one round trip), and in its cookie if it counts
        (remember): its next view, with the cookie, is inside the window."""
        limit = settings.VIEW_COUNT_MAX_PER_ADDRESS_HOUR
        tally = self._address_key(article_id) if limit > 0 else None
        if self.window <= 0:
            return tally is None or count_in_window(tally, 3600) <= limit
        if self.browser_id is None:
            self.new_browser_id = secrets.token_urlsafe(12)
        count = claim_window(
            self._window_key(article_id),
            self.window,
            tally=tally,
            tally_seconds=3600,
            also=self._window_key(article_id, self.new_browser_id) if self.new_browser_id else None,
        )
        return count is not None and (tally is None or count <= limit)

    def _address_key(self, article_id):
        address = client_address(self.request)
        if not address:
            return None
        digest = hashlib.sha256(address.encode()).hexdigest()[:24]
        return f"viewcap:{article_id}:{digest}:{int(time.time() // 3600)}"

    def release(self, article_id):
        """The article was not public after all: nothing was counted, so nothing to remember."""
        if self.window > 0:
            opened = [self._window_key(article_id)]
            if self.new_browser_id:
                opened.append(self._window_key(article_id, self.new_browser_id))
            cache.delete_many(opened)
        key = self._address_key(article_id)
        if key is not None and settings.VIEW_COUNT_MAX_PER_ADDRESS_HOUR > 0:
            with contextlib.suppress(ValueError):
                cache.decr(key)

    def remember(self, response, article_id):
        """A browser counted without an id gets the one its window was opened under."""
        if self.new_browser_id is None:
            return
        response.set_signed_cookie(
            SEEN_COOKIE,
            self.new_browser_id,
            salt=SEEN_SALT,
            max_age=SEEN_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
