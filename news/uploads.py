"""The editor's image upload, checked before django-ckeditor stores anything.

django-ckeditor's own view keeps the user's file extension, lets Pillow raise on a decompression
bomb (HTTP 500) and answers errors in English. This view refuses anything that is not a JPEG,
PNG, GIF or WebP image within the size limits, with a Chinese message the editor shows, and
stores what it accepts under a random name with the extension of the real format.
"""

from ckeditor_uploader import views as ckeditor_views
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .images import ACCEPTED_FORMATS, inspect_image, random_name


def _refuse(message):
    # The JSON error format of CKEditor 4's upload adapters; it shows the message to the editor.
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)


@staff_member_required
@require_POST
def upload(request):
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _refuse(_("没有收到文件，请重新选择图片。"))
    try:
        inspect_image(uploaded)
    except ValidationError as error:
        return _refuse(error.messages[0])
    return ckeditor_views.upload(request)


def random_image_name(filename, request):
    """CKEDITOR_FILENAME_GENERATOR: a random name, extension taken from the checked content."""
    image_format = inspect_image(request.FILES["upload"])[0]
    return random_name(ACCEPTED_FORMATS[image_format])
