"""What a search asks of the database, and how a result is shown: the words, the matching
public articles (title matches first, then newest), and an escaped snippet with the words
marked."""

import functools
import re

from django.db import connections
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Longer queries are refused with a message: no article text holds a longer phrase worth
# finding, and the trigram lookup grows with the query.
MAX_QUERY_LENGTH = 100
MAX_WORDS = 5
SNIPPET_LENGTH = 120


def words_of(query):
    """The distinct words of a query (split at spaces), at most MAX_WORDS."""
    words = []
    for word in query.split():
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


MAX_RESULTS = 1000


def _contains(field, word):
    """The substring condition for one word. Case matters only for letters: a word without
    them is matched as it is, which spares PostgreSQL upper-casing every body it reads when the
    word is too short (under three characters) for the trigram indexes to help."""
    if len(word) < 3 and not re.search(r"[^\W\d_]", word, re.ASCII):
        return Q(**{f"{field}__contains": word})
    return Q(**{f"{field}__icontains": word})


def _capped_count(queryset, cap):
    return queryset.order_by()[:cap].count() if cap > 0 else 0


class Results:
    """The articles of a queryset in which every word appears — in the title, the summary or
    the body text, as a substring (wildcards in the words are literal): those with a word in
    the title first, then the others, each part newest first. Counted up to MAX_RESULTS.

    Two queries per page instead of one ranked query: each part is read newest first and stops
    at the page's end, so a word that is in most articles (the town's name) costs no more than
    a rare one; ranking them all in one query cost seconds at 100,000 articles."""

    ordered = True

    def __init__(self, queryset, words):
        in_title = Q()
        for word in words:
            in_title |= _contains("title", word)
        everywhere = Q()
        for word in words:
            everywhere &= (
                _contains("title", word) | _contains("summary", word)
                | _contains("body_text", word)
            )  # fmt: skip
        self.model = queryset.model
        self._matches = queryset.filter(everywhere).annotate(
            in_title=Case(When(in_title, then=Value(1)), default=Value(0),
                          output_field=IntegerField())
        )  # fmt: skip
        # The title's condition first: where it decides, the long body text is not read.
        self.title_matches = queryset.filter(in_title).filter(everywhere).newest_first()
        self.other_matches = queryset.exclude(in_title).filter(everywhere).newest_first()

    @functools.cached_property
    def _counts(self):
        """(title matches, other matches): both from one reading of at most MAX_RESULTS
        matches; past that, the title matches are counted on their own (the sample of
        MAX_RESULTS is in no order)."""
        sample = self._matches.order_by().values("in_title")[:MAX_RESULTS]
        sql, params = sample.query.sql_with_params()
        with connections[sample.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*), SUM(in_title) FROM ({sql}) sample", params)
            total, in_title = cursor.fetchone()
        in_title = in_title or 0
        if total >= MAX_RESULTS:
            in_title = _capped_count(self.title_matches, MAX_RESULTS)
            return in_title, MAX_RESULTS - in_title
        return in_title, total - in_title

    def count(self):
        return sum(self._counts)

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        start, stop = page.start or 0, page.stop
        in_title = self._counts[0]
        found = list(self.title_matches[start : min(stop, in_title)]) if start < in_title else []
        if stop > in_title and self._counts[1]:
            found += list(self.other_matches[max(start - in_title, 0) : stop - in_title])
        return found


def _pattern(words):
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)),
                      re.IGNORECASE)  # fmt: skip


def highlight(text, words):
    """text, escaped, with each occurrence of the words in <mark>."""
    if not words:
        return escape(text)
    parts, last = [], 0
    for found in _pattern(words).finditer(text):
        parts.append(escape(text[last : found.start()]))
        parts.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def snippet(article, words, length=SNIPPET_LENGTH):
    """A piece of the summary or the body text around the first word found, marked."""
    for text in (article.summary, article.body_text):
        found = _pattern(words).search(text or "") if words else None
        if found:
            start = max(0, found.start() - length // 3)
            piece = text[start : start + length]
            prefix = "…" if start else ""
            suffix = "…" if start + length < len(text) else ""
            return mark_safe(f"{prefix}{highlight(piece, words)}{suffix}")
    return highlight((article.summary or article.body_text)[:length], words)
