from django import template

from ..query import highlight as mark_words

register = template.Library()


@register.filter
def highlight(text, words):
    """text escaped, with the search words in <mark>."""
    return mark_words(text, words)
