"""Who counts as a reader of an article: the counting policy of 浏览次数 (docs/site/counting.md).

A view counts when a person's browser GETs a public article page: not a crawler, not a
prefetch or prerender, and not again within the window for the same browser and article.

The browser remembers what it was counted for: a small cookie lists the articles and the minute
each was counted. No session row, no server state, and it works the same behind any number of
app servers. Signing it would add nothing: a browser that edits its own cookie can only do what
clearing it does, which is to look like a new reader. A browser that keeps no cookies (most
robots that got past the User-Agent check, some privacy modes) is known by its network address
and User-Agent instead, with its windows in the shared cache (REDIS_URL).
"""

import contextlib
import functools
import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import lazy
from django.utils.translation import gettext

from core.clients import client_address
from core.counting import count_in_window

SEEN_COOKIE = "cq_seen"
SEEN_COOKIE_AGE = 365 * 24 * 3600
SEEN_LIMIT = 30  # the most recent articles a browser remembers
_SEEN = re.compile(r"(?:\d{1,12}\.\d{1,12})(?:-\d{1,12}\.\d{1,12}){0,63}")
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
    """The browser behind a request, and the articles it was counted for within the window."""

    def __init__(self, request):
        self.request = request
        self.window = settings.VIEW_COUNT_WINDOW_SECONDS
        self.minute = int(time.time() // 60)
        cookie = request.COOKIES.get(SEEN_COOKIE)
        self.keeps_cookies = cookie is not None and (cookie == "" or bool(_SEEN.fullmatch(cookie)))
        self.seen = {}
        if self.keeps_cookies and cookie:
            oldest = self.minute - self.window // 60
            for entry in cookie.split("-"):
                article_id, minute = map(int, entry.split("."))
                if minute >= oldest:
                    self.seen[article_id] = minute

    def _fallback_key(self, article_id):
        fingerprint = f"{client_address(self.request)}|{self.request.META.get('HTTP_USER_AGENT')}"
        return f"view:{article_id}:{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"

    def first_view_in_window(self, article_id):
        """True once per article per window for this browser, and while its address has not
        reached VIEW_COUNT_MAX_PER_ADDRESS_HOUR views of the article this hour."""
        if self.window <= 0:
            new = True
        elif self.keeps_cookies:
            new = article_id not in self.seen
        else:
            new = cache.add(self._fallback_key(article_id), 1, self.window)
        return new and self._within_address_limit(article_id)

    def _address_key(self, article_id):
        address = client_address(self.request)
        if not address:
            return None
        digest = hashlib.sha256(address.encode()).hexdigest()[:24]
        return f"viewcap:{article_id}:{digest}:{int(time.time() // 3600)}"

    def _within_address_limit(self, article_id):
        """A script that replays an old cookie, or changes its User-Agent for every request,
        looks like a new reader each time; its address still counts its views (shared cache,
        one clock hour)."""
        limit = settings.VIEW_COUNT_MAX_PER_ADDRESS_HOUR
        key = self._address_key(article_id)
        if limit <= 0 or key is None:
            return True
        return count_in_window(key, 3600) <= limit

    def release(self, article_id):
        """The article was not public after all: nothing was counted, so nothing to remember."""
        if not self.keeps_cookies and self.window > 0:
            cache.delete(self._fallback_key(article_id))
        key = self._address_key(article_id)
        if key is not None and settings.VIEW_COUNT_MAX_PER_ADDRESS_HOUR > 0:
            with contextlib.suppress(ValueError):
                cache.decr(key)

    def remember(self, response, article_id):
        """Note the counted view in the browser's cookie (the newest SEEN_LIMIT articles)."""
        self.seen.pop(article_id, None)
        self.seen[article_id] = self.minute
        entries = list(self.seen.items())[-SEEN_LIMIT:]
        response.set_cookie(
            SEEN_COOKIE,
            "-".join(f"{pk}.{minute}" for pk, minute in entries),
            max_age=SEEN_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
