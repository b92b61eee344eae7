"""Uploads served by Django itself (SERVE_MEDIA: development, a one-process install). In
production the web server serves MEDIA_ROOT with the same headers (docs/operators/nginx.md):
nothing in it is ever taken for HTML."""

import re

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# What pages show inline; anything else (a document, a stray file) is a download.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
# Uploads and covers are stored under random names (news.images): a changed picture is a new
# address, so a browser may keep one for a year without asking again. Other files (the site's
# logo and icons under site/) keep their uploaded names: a day.
RANDOM_NAME = re.compile(r"(?:^|/)[0-9a-f]{32}[^/]*$")
KEPT_FOR_GOOD = "public, max-age=31536000, immutable"
KEPT_A_DAY = "public, max-age=86400"


def serve_media(request, path):
    if not settings.SERVE_MEDIA:
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):  # a name the file system refuses (too long, NUL): no file
        raise Http404 from None
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type not in INLINE_TYPES:
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = KEPT_FOR_GOOD if RANDOM_NAME.search(path) else KEPT_A_DAY
    # Opened on its own, a media file may run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
