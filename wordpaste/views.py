"""The editor's paste from Word and WPS (static/wordpaste/wordpaste.js): the clipboard's HTML is
cleaned here, by the same functions every save runs, before it enters the editor — so what the
editor shows after a paste is what will be stored, whatever the browser would have made of it."""

import json
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from news.sanitize import clean_body
from news.uploads import UPLOAD_FOLDER

from .normalise import local_pictures, normalise

_UPLOADED_NAME = re.compile(r"^[\w-]+\.(?:jpg|png|gif|webp)$")
# The most tags (counted as "<") one paste may hold: the work of cleaning grows with them, and
# WORDPASTE_MAX_BYTES of very short ones (one-line lists between paragraphs) took 3 s at this
# many, measured. A real document of that size holds fewer.
MAX_TAGS = 100_000


def _refuse(message, status):
    return JsonResponse({"error": message}, status=status)


def _too_large(size, limit):
    return _("粘贴的内容太大（%(size)s），一次最多 %(limit)s。请分几次粘贴，每次少复制几页。") % {
        "size": filesizeformat(size), "limit": filesizeformat(limit)}  # fmt: skip


def _uploaded(address, prefix):
    """address when it is one of the editor's uploads (uploads/<random>.<ext>), else None."""
    uploaded = isinstance(address, str) and address.startswith(prefix)
    return address if uploaded and _UPLOADED_NAME.match(address[len(prefix) :]) else None


@never_cache
@require_POST
def clean(request):
    """POST {"html": clipboard HTML, "images": [addresses the editor uploaded its pictures to, in
    document order, null for a picture whose upload failed]} → {"html": the body as it will be
    stored, "missing_images": how many of the document's pictures it had no upload for}. JSON
    answers also for refusals.

    One slot per picture: an address that is not one of the editor's uploads is refused in its
    place (None), never removed, so the pictures after it keep their own addresses."""
    if not (request.user.is_active and request.user.is_staff):
        return _refuse(_("登录已过期，请重新登录。"), 401)
    if not request.user.has_perm("news.change_article"):
        return _refuse(_("您没有编辑文章的权限。"), 403)
    # Refused before the body is read, from its announced length; a body sent without one (chunked)
    # is measured as it came.
    limit = settings.WORDPASTE_MAX_BYTES
    announced = request.META.get("CONTENT_LENGTH") or ""
    size = int(announced) if announced.isdigit() else 0
    if size <= limit:
        size = len(request.body)
    if size > limit:
        return _refuse(_too_large(size, limit), 413)
    try:
        posted = json.loads(request.body)
        html, images = posted["html"], posted.get("images", [])
        if not isinstance(html, str) or not isinstance(images, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return _refuse(_("粘贴的内容无法读取。"), 400)
    if html.count("<") > MAX_TAGS:
        message = _("粘贴的文档排版元素太多，一次处理不完。请分几次粘贴，每次少复制几页。")
        return _refuse(message, 413)
    prefix = default_storage.url(f"{UPLOAD_FOLDER}/x")[:-1]
    images = [_uploaded(address, prefix) for address in images]
    pictures = local_pictures(html)
    usable = sum(1 for address in images[:pictures] if address)
    return JsonResponse(
        {
            "html": clean_body(normalise(html, images=images)),
            "missing_images": pictures - usable,
        }
    )
