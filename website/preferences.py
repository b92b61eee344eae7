"""适老化: the reader's text size (标准 / 大 / 特大) and high contrast, chosen by plain links (no
JavaScript) and remembered in two cookies.

Rendered pages are cached and shared by every reader (the article page cache, the list
caches), so the choice is not rendered into them: base.html puts PREFERENCES_SLOT into the
class of <html>, and PreferencesMiddleware writes the reader's classes there in every HTML
answer. One rendering serves every size.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from core.methods import read_only

SIZE_COOKIE = "cq_size"
CONTRAST_COOKIE = "cq_contrast"
COOKIE_AGE = 365 * 24 * 3600
SIZES = {"standard": _("标准"), "large": _("大"), "xlarge": _("特大")}
PREFERENCES_SLOT = "cq-preferences-slot"


def reader_classes(request):
    """The classes of <html> for this reader: size-…, and contrast when it is on."""
    size = request.COOKIES.get(SIZE_COOKIE)
    classes = [f"size-{size if size in SIZES else 'standard'}"]
    if request.COOKIES.get(CONTRAST_COOKIE) == "on":
        classes.append("contrast")
    return " ".join(classes)


class PreferencesMiddleware:
    """Writes the reader's classes into the slot of every HTML answer (cached or not)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith("text/html")
            and hasattr(response, "content")
        ):
            slot = PREFERENCES_SLOT.encode()
            # Only the first: it is in <html>, before any text of an article.
            response.content = response.content.replace(slot, reader_classes(request).encode(), 1)
        return response


@never_cache
@read_only
def choose(request):
    """/preferences/?size=large&next=/news/5/ (or contrast=on|off): remember and go back."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):  # fmt: skip
        target = "/"
    response = HttpResponseRedirect(target)
    options = {"max_age": COOKIE_AGE, "samesite": "Lax", "secure": settings.SESSION_COOKIE_SECURE}
    size = request.GET.get("size")
    if size in SIZES:
        response.set_cookie(SIZE_COOKIE, size, **options)
    contrast = request.GET.get("contrast")
    if contrast == "on":
        response.set_cookie(CONTRAST_COOKIE, "on", **options)
    elif contrast == "off":
        response.delete_cookie(CONTRAST_COOKIE, samesite="Lax")
    return response
