"""Image checks and renditions shared by cover images and editor uploads.

Pages never show an original upload: covers get a re-encoded 16:9 rendition, and every stored file
gets a random name whose extension comes from what Pillow found inside, not from the user.
"""

import uuid
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Formats accepted, and the extension each is stored under.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
COVER_SIZE = (960, 540)


def random_name(extension):
    return f"{uuid.uuid4().hex}.{extension}"


def cover_upload_to(instance, filename):
    return "covers/originals/" + random_name(ACCEPTED_FORMATS.get(_detect_format(instance), "jpg"))


def _detect_format(instance):
    try:
        return inspect_image(instance.cover)[0]
    except ValidationError:
        return None


def inspect_image(file):
    """Return (format, width, height) of an uploaded image, or raise ValidationError in Chinese.

    Reads only the header: the pixel limit is checked before anything is decoded, so a
    decompression bomb is refused instead of filling the memory.
    """
    size = getattr(file, "size", None)
    if size is not None and size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("图片文件太大（%(size)s MB），请压缩到 %(limit)s MB 以内再上传。")
            % {
                "size": round(size / 1024 / 1024, 1),
                "limit": settings.MAX_UPLOAD_BYTES // 1024 // 1024,
            },
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("图片像素太多，请缩小尺寸后再上传。"), code="too_many_pixels"
        ) from None
    except Exception:
        raise ValidationError(
            _("无法识别这个文件，请上传 JPG、PNG、GIF 或 WebP 格式的图片。"), code="invalid"
        ) from None
    finally:
        file.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("不支持 %(format)s 格式，请上传 JPG、PNG、GIF 或 WebP 格式的图片。")
            % {"format": image_format},
            code="format",
        )
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("图片尺寸过大（%(width)s×%(height)s），请缩小到 %(limit)s 万像素以内再上传。")
            % {"width": width, "height": height, "limit": settings.MAX_IMAGE_PIXELS // 10_000},
            code="too_many_pixels",
        )
    return image_format, width, height


def validate_image(file):
    inspect_image(file)


def rendition_name(cover_name):
    """Where the rendition of a cover lives; one per original, so it is made only once."""
    stem = PurePosixPath(cover_name).stem
    return f"covers/display/{stem}.jpg"


def ensure_cover_rendition(cover, name):
    if not cover.storage.exists(name):
        cover.storage.save(name, cover_rendition(cover))


def cover_rendition(file):
    """A 960×540 JPEG cropped around the centre, rotated as the camera meant it."""
    inspect_image(file)
    file.seek(0)
    with Image.open(file) as image:
        image = ImageOps.exif_transpose(image)
        image = ImageOps.fit(image.convert("RGB"), COVER_SIZE, Image.Resampling.LANCZOS)
    output = BytesIO()
    image.save(output, format="JPEG", quality=82, optimize=True, progressive=True)
    file.seek(0)
    return ContentFile(output.getvalue())
