"""Uploads served by Django itself (SERVE_MEDIA: development, a one-process install). In
production the web server serves MEDIA_ROOT with the same headers (docs/operators/nginx.md):
nothing in it is ever taken for HTML."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# What pages show inline; anything else (a document, a stray file) is a download.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


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
    # Opened on its own, a media file may run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
