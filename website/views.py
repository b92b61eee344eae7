"""Views of the site as a whole: the health check, and the answer when the database is gone."""

import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from core.methods import read_only
from traditional.pages import convert_response

ROBOTS_DISALLOW = ["/admin/", "/search/", "/zh-hant/search/", "/preferences/", "/ckeditor/",
                   "/captcha/", "/hudong/chaxun/", "/hudong/shoudao/"]  # fmt: skip
# How long a reader is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 10


@never_cache
@read_only
def healthz(request):
    """200 only when the database answers (for the load balancer and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """handler500. The database being down (restarting, unreachable) is not a fault of the
    page: readers get the Chinese 503 page, asking them to try again shortly. Neither page
    needs the database or a context processor."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def page_not_found(request, exception):
    """handler404: the site's 404 page, in the script of the address."""
    response = TemplateResponse(request, "404.html", status=404)
    response.render()
    convert_response(response)
    return response


@read_only
def robots_txt(request):
    """robots.txt: the public site for every crawler, not the admin or search results; the
    sitemap named."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@read_only
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page says: the site's icon."""
    return HttpResponsePermanentRedirect(static("website/favicon.png"))
