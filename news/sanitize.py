"""Server-side cleaning of rich text. CKEditor's filter runs only in the browser, so a crafted
POST could store anything: every body passes through clean_body() before it is stored."""

import html
import re

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "pre", "code", "a", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}

# No "style": nh3 filters CSS property names only, so values like expression(...) would survive.
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_body(html):
    """Return html with only the tags, attributes and URL schemes above; never raises."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|td|th|blockquote|figcaption|pre)>|<br\s*/?>", re.I)
_SPACE = re.compile(r"\s+")


def plain_text(body):
    """The words of a cleaned body, without its HTML: what search looks in and what search
    snippets show. Block ends become spaces, so words of two paragraphs do not run together."""
    text = strip_tags(_BLOCK_END.sub(" ", body or ""))
    return _SPACE.sub(" ", html.unescape(text)).strip()
