"""The floor view: what any Django page with a counter pays at least.

One UPDATE ... SET view_count = view_count + 1 on the same database and a fixed page of
BENCH_PAGE_BYTES bytes (the size of the real article page), with no ORM, template, cache or
counting policy. Served twice by bench/run.py: inside the site's middleware stack
(bench/urls.py) and bare, with no middleware at all (bench/bare_settings.py).
"""

import os

from django.db import connection
from django.http import Http404, HttpResponse

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
