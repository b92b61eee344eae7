"""The site's URLs plus /bench/floor/<id>/: what any Django page with a counter pays at least.

The floor view runs one UPDATE ... SET view_count = view_count + 1 on the same database and
returns a fixed page of BENCH_PAGE_BYTES bytes (the size of the real article page), with no
ORM, template, cache or counting policy.
"""

import os

from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import path

from caiqiao.urls import handler404, handler500
from caiqiao.urls import urlpatterns as site_urlpatterns

PAGE = b"<!DOCTYPE html>" + b"x" * max(int(os.environ.get("BENCH_PAGE_BYTES", "20000")) - 15, 0)


def floor(request, pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE news_article SET view_count = view_count + 1 WHERE id = %s "
            "RETURNING view_count",
            [pk],
        )
        if cursor.fetchone() is None:
            raise Http404
    return HttpResponse(PAGE)


# The site's patterns themselves, not include()d: they hold i18n_patterns (/zh-hant/), which
# Django allows only in the root URLconf.
urlpatterns = [path("bench/floor/<int:pk>/", floor), *site_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
