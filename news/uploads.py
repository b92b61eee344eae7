"""The editor's image upload (CKEditor's 上传到服务器 and pasted images), in place of
django-ckeditor's own view.

That view is CSRF-exempt, keeps the user's file name under a dated folder, lets Pillow raise on a
decompression bomb (HTTP 500) and writes its CKEditorFuncNum parameter into a <script> as sent.
This one takes only staff who write articles, with the CSRF token (static/news/admin/
ckeditor-csrf.js sends it), stores only JPEG, PNG, GIF and WebP images re-encoded from their
pixels (news.images) as uploads/<random>.<ext>, records every upload in the security audit log,
and answers JSON only (CKEditor's XHR protocol), echoing nothing of the request.
"""

from pathlib import PurePosixPath

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .images import store_image

UPLOAD_FOLDER = "uploads"


def _refuse(message):
    # CKEditor shows error.message only from a 200 answer (any other status gets its own
    # generic text), so a refusal is a 200 with uploaded: 0, as its upload protocol has it.
    return JsonResponse({"uploaded": 0, "error": {"message": message}})


@never_cache
@staff_member_required
@require_POST
def upload(request):
    if not request.user.has_perm("news.change_article"):
        return _refuse(_("您没有上传图片的权限。"))
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _refuse(_("没有收到文件，请重新选择图片。"))
    try:
        name = store_image(uploaded, UPLOAD_FOLDER)
    except ValidationError as error:
        return _refuse(" ".join(error.messages))
    return JsonResponse(
        {"uploaded": 1, "fileName": PurePosixPath(name).name, "url": default_storage.url(name)}
    )
