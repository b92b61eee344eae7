"""Public pages in the script of their address: rendered in Simplified, converted once per
rendering — before the rendering is cached, so the cache holds the Traditional page too."""

from django.urls import translate_url
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .convert import to_traditional

TRADITIONAL = "zh-hant"
SIMPLIFIED = "zh-hans"


def is_traditional():
    return translation.get_language() == TRADITIONAL


def in_script(html):
    """A rendered page (text) in the script of the current request."""
    return to_traditional(html) if is_traditional() else html


def convert_response(response):
    """A rendered response's page in the script of the current request (error pages, feeds)."""
    response.content = in_script(response.content.decode(response.charset)).encode(response.charset)


class ScriptMixin:
    """For generic views: the rendered page converted when the address is /zh-hant/…. The
    conversion is the first thing after rendering, so list caches (cache_page) keep it."""

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if is_traditional():
            response.add_post_render_callback(convert_response)
        return response


def other_script(request):
    """The same page in the other script: its address, and its name as HTML entities, so that
    converting the page to Traditional does not turn 简体 into 簡體."""
    other = SIMPLIFIED if is_traditional() else TRADITIONAL
    url = translate_url(request.path, other)
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    label = "简体" if other == SIMPLIFIED else "繁體"
    return {
        "url": url,
        "lang": "zh-Hans" if other == SIMPLIFIED else "zh-Hant",
        "label": mark_safe("".join(f"&#{ord(c)};" for c in label)),
        "href": escape(url),
    }
