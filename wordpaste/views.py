"""The editor's paste from Word and WPS (static/wordpaste/wordpaste.js): the clipboard's HTML is
cleaned here, by the same functions every save runs, before it enters the editor — so what the
editor shows after a paste is what will be stored, whatever the browser would have made of it."""

import json
import re

from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from news.sanitize import clean_body
from news.uploads import UPLOAD_FOLDER

from .normalise import local_pictures, normalise

_UPLOADED_NAME = re.compile(r"^[\w-]+\.(?:jpg|png|gif|webp)$")


def _refuse(message, status):
    return JsonResponse({"error": message}, status=status)


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
    try:
        posted = json.loads(request.body)
        html, images = posted["html"], posted.get("images", [])
        if not isinstance(html, str) or not isinstance(images, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return _refuse(_("粘贴的内容无法读取。"), 400)
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
