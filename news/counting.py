"""Who counts as a reader of an article: the counting policy of 浏览次数 (see README).

A view counts when a person's browser GETs a public article page: not a crawler, not a
prefetch or prerender, and not again within the window for the same browser and article. The
browser is known by a random cookie (no session row is created); before the cookie comes back,
by its network address and User-Agent. Windows live in the cache, so app servers sharing a
cache (REDIS_URL) share them.
"""

import functools
import hashlib
import re
import secrets

from django.conf import settings
from django.core.cache import cache

VISITOR_COOKIE = "cq_vid"
VISITOR_COOKIE_AGE = 365 * 24 * 3600
_VISITOR_ID = re.compile(r"[0-9a-f]{32}")
# Headers by which browsers announce speculative loads (prefetch, prerender, link previews).
_SPECULATIVE_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
_SPECULATIVE_WORDS = ("prefetch", "prerender", "preview")


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


def client_address(request):
    """The reader's address. X-Forwarded-For is believed only from a trusted proxy, and then
    only up to the first address that is not one of ours (the rest a client can forge)."""
    address = request.META.get("REMOTE_ADDR", "")
    trusted = settings.VIEW_COUNT_TRUSTED_PROXIES
    if address in trusted:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
            if hop not in trusted:
                return hop
    return address


class Visitor:
    """The browser behind a request: its cookie id, or a new one to give it."""

    def __init__(self, request):
        cookie = request.COOKIES.get(VISITOR_COOKIE, "")
        self.known = bool(_VISITOR_ID.fullmatch(cookie))
        self.id = cookie if self.known else secrets.token_hex(16)
        fingerprint = f"{client_address(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
        self.fallback = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]

    def first_view_in_window(self, article_id):
        """True once per article per window: claim the window (cache.add is atomic)."""
        window = settings.VIEW_COUNT_WINDOW_SECONDS
        if window <= 0:
            return True
        if self.known:
            return cache.add(f"view:{article_id}:{self.id}", 1, window)
        # No cookie yet: the address and browser stand in, and the new cookie's window starts
        # now too, so that the refresh that brings the cookie back does not count again.
        first = cache.add(f"view:{article_id}:{self.fallback}", 1, window)
        if first:
            cache.set(f"view:{article_id}:{self.id}", 1, window)
        return first

    def release(self, article_id):
        """Give the window back: the article was not public, so nothing was counted."""
        cache.delete_many([f"view:{article_id}:{self.id}", f"view:{article_id}:{self.fallback}"])

    def remember(self, response):
        if not self.known:
            response.set_cookie(
                VISITOR_COOKIE,
                self.id,
                max_age=VISITOR_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
