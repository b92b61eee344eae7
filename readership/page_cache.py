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


def page_key(article_id, *, language=None, minute=None):
    """The one key of a rendered article page: its article, language (the Traditional mirror
    renders its own) and minute (previous/next links may change). The entry holds the version
    (updated_at) it was rendered from, which every view compares with the article's."""
    language = language or get_language()
    minute = minute or timezone.now().strftime("%Y%m%d%H%M")
    return f"readership:page:{article_id}:{language}:{minute}"


class CachedPage:
    """A rendered page of one article version, in two parts around the count's slot."""

    def __init__(self, version, html):
        head, slot, tail = html.partition(COUNT_SLOT)
        if not slot:
            raise ValueError("the article template shows no view_count: nothing to fill in")
        self.version, self.head, self.tail = version, head, tail

    def with_count(self, view_count):
        return f"{self.head}{view_count}{self.tail}"


def counted_page_response(request, article_id, render):
    """The response to a reader of a public article page, their view counted if it counts
    (readership.policy), before the count is read, so the page shows it including this view.
    None if the article is not public.

    render() renders the page with view_count=COUNT_SLOT and returns (version, html), or raises
    Http404. A page not in the cache is rendered before the view is counted: if the database
    fails while it renders, nothing was counted for a reader who got no page, so the stored
    count stays the number of pages served.
    """
    reader = policy.Reader(request)
    count = policy.is_countable(request) and reader.first_view_in_window(article_id)
    pages, key = caches["pages"], page_key(article_id)
    page = pages.get(key)
    rendered = page is None
    try:
        if rendered:
            page = CachedPage(*render())
        state = counter.count_view(article_id=article_id, count=count)
    except BaseException:
        if count:
            reader.release(article_id)
        raise
    if state is None:
        if count:
            reader.release(article_id)
        return None
    view_count, version = state
    if version != page.version:  # edited since it was cached (or rendered): render it anew
        page, rendered = CachedPage(*render()), True
    if rendered:
        pages.set(key, page, PAGE_CACHE_SECONDS)
    response = HttpResponse(page.with_count(view_count))
    # Not kept by browsers or proxies: a kept copy would show a stale count and skip counting.
    response["Cache-Control"] = "no-cache, max-age=0"
    if count:
        reader.remember(response, article_id)
    return response
