"""What a search asks of the database, and how a result is shown: the words, the matching
public articles (title matches first, then newest), and an escaped snippet with the words
marked."""

import re

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


def matching(queryset, words):
    """The articles of queryset in which every word appears — in the title, the summary or the
    body text, as a substring (wildcards in the words are literal) — title matches first."""
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body_text__icontains=word)
        )
    in_title = Q()
    for word in words:
        in_title |= Q(title__icontains=word)
    return queryset.annotate(
        title_match=Case(When(in_title, then=Value(1)), default=Value(0),
                         output_field=IntegerField())
    ).order_by("-title_match", "-publish_at", "-id")  # fmt: skip


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
