"""The article page cache: a public article page is rendered once per article version, language
and minute, kept in each process's memory, and only the count is filled in per request.

The count has a slot of its own: the template shows ``view_count``, which the cached rendering
gets as COUNT_SLOT, a marker no article text can contain (it is made anew in each process, and
bodies are cleaned of comments, titles escaped). The page is stored split at the slot.
"""

import secrets

from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import counter, policy

COUNT_SLOT = mark_safe(f"<!--view-count-{secrets.token_hex(16)}-->")
PAGE_CACHE_SECONDS = 120


def page_key(article_id, version, *, language=None, minute=None):
    """The one key of a rendered article page: its article, version (updated_at), language
    (the Traditional mirror renders its own) and minute (previous/next links may change)."""
    language = language or get_language()
    minute = minute or timezone.now().strftime("%Y%m%d%H%M")
    version = str(version).replace(" ", "T")  # a datetime, or SQLite's text of one
    return f"readership:page:{article_id}:{version}:{language}:{minute}"


class CachedPage:
    """A rendered page in two parts around the count's slot."""

    def __init__(self, html):
        head, slot, tail = html.partition(COUNT_SLOT)
        if not slot:
            raise ValueError("the article template shows no view_count: nothing to fill in")
        self.head, self.tail = head, tail

    def with_count(self, view_count):
        return f"{self.head}{view_count}{self.tail}"


def cached_page(key, render):
    """The page under key, rendered by render() (with view_count=COUNT_SLOT) when missing."""
    pages = caches["pages"]
    page = pages.get(key)
    if page is None:
        page = CachedPage(render())
        pages.set(key, page, PAGE_CACHE_SECONDS)
    return page


def counted_page_response(request, article_id, render):
    """The response to a reader of a public article page, their view counted if it counts
    (readership.policy), before the count is read, so the page shows it including this view.
    None if the article is not public. render() renders the page with view_count=COUNT_SLOT."""
    reader = policy.Reader(request)
    count = policy.is_countable(request) and reader.first_view_in_window(article_id)
    state = counter.count_view(article_id=article_id, count=count)
    if state is None:
        if count:
            reader.release(article_id)
        return None
    view_count, version = state
    page = cached_page(page_key(article_id, version), render)
    response = HttpResponse(page.with_count(view_count))
    # Not kept by browsers or proxies: a kept copy would show a stale count and skip counting.
    response["Cache-Control"] = "no-cache, max-age=0"
    if count:
        reader.remember(response, article_id)
    return response
