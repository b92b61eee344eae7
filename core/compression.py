"""gzip for the pages, feeds and JSON the site writes itself (Django's GZipMiddleware, which
since Django 4.2 adds a random number of bytes to each gzip header against BREACH).

Only text the site renders in full: not a streamed file (an attachment, an upload served with
SERVE_MEDIA), which is already compressed or a download whose length the browser should know,
and not the admin, whose pages carry CSRF tokens (docs/operators/nginx.md, BREACH). Static files
never get here: WhiteNoise, before this in MIDDLEWARE, sends them compressed already.
"""

from django.middleware.gzip import GZipMiddleware

from .csp import STAFF_PREFIXES

COMPRESSED_TYPES = {
    "text/html", "text/plain", "text/xml", "text/css", "text/csv", "application/json",
    "application/xml", "application/rss+xml", "application/atom+xml", "application/javascript",
    "text/javascript", "image/svg+xml",
}  # fmt: skip


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if (
            response.streaming
            or content_type not in COMPRESSED_TYPES
            or request.path_info.startswith(STAFF_PREFIXES)
        ):
            return response
        return super().process_response(request, response)
