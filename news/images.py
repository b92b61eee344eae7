"""Image checks and renditions shared by cover images and editor uploads.

Pages never show an original upload: covers get a re-encoded 16:9 rendition, and every stored file
gets a random name whose extension comes from what Pillow found inside, not from the user.
"""

import logging
import re
import uuid
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from core import audit

logger = logging.getLogger(__name__)

# Formats accepted, and the extension each is stored under.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
COVER_SIZE = (960, 540)
COVER_SMALL_WIDTH = 480
# Images in article bodies are stored at most this wide, with smaller renditions beside them;
# pages offer all of them (srcset) and a phone takes the one it needs.
BODY_MAX_WIDTH = 1600
BODY_RENDITION_WIDTHS = (480, 960)
# uploads/<random>_<width>x<height>.<ext>: a body image, its size in its name so that pages can
# give width, height and srcset without opening it.
_BODY_IMAGE = re.compile(
    r"^(?P<stem>[0-9a-f]{32}_(?P<width>\d+)x(?P<height>\d+))\.(?P<ext>jpg|png|webp)$"
)
# What a re-encoded image keeps of the original's metadata: what its pixels need to look the
# same (transparency, an animation's timing). EXIF, GPS, comments and text chunks are dropped.
KEPT_INFO = ("transparency", "duration", "loop", "background")


def random_name(extension):
    return f"{uuid.uuid4().hex}.{extension}"


def cover_upload_to(instance, filename):
    # Covers are stored by store_cover() under a name of their own; this is only the
    # field's fallback for a file that already has its final name.
    return "covers/originals/" + PurePosixPath(filename).name


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


def reencoded(file, max_width=None):
    """The image drawn again from its decoded pixels, as (ContentFile, extension, size): EXIF
    (GPS included), comments and anything appended after the image are gone, the camera's
    orientation is applied, and a still image wider than max_width is scaled down to it. The
    limits of inspect_image() are checked first."""
    image_format, _width, _height = inspect_image(file)
    file.seek(0)
    output = BytesIO()
    try:
        with Image.open(file) as image:
            animated = getattr(image, "n_frames", 1) > 1
            image.load()
            if not animated:
                image = ImageOps.exif_transpose(image)
                if max_width and image.width > max_width:
                    height = round(image.height * max_width / image.width)
                    image = image.resize((max_width, height), Image.Resampling.LANCZOS)
            image.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
            size = image.size
            options = {"save_all": True} if animated else {}
            if image_format == "JPEG":
                if image.mode not in ("RGB", "L", "CMYK"):
                    image = image.convert("RGB")
                options.update(quality=90, optimize=True, progressive=True)
            elif image_format == "WEBP":
                options.update(quality=90)
            image.save(output, format=image_format, **options)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("无法识别这个文件，请上传 JPG、PNG、GIF 或 WebP 格式的图片。"), code="invalid"
        ) from None
    finally:
        file.seek(0)
    return ContentFile(output.getvalue()), ACCEPTED_FORMATS[image_format], size


def store(content, name):
    """Write content under name in the default storage (MEDIA_ROOT or the object store). A full
    disk or a failing store leaves no partial file and raises a ValidationError for staff."""
    try:
        return default_storage.save(name, content)
    except Exception:  # any storage backend's failure (OSError, the object store's errors)
        logger.exception("storing %s failed", name)
        _remove_quietly(name)
        raise ValidationError(
            _("文件没能保存：服务器存储空间不足或暂时不可用。请稍后重试，或联系站点管理员。"),
            code="storage",
        ) from None


def _remove_quietly(name):
    try:
        if default_storage.exists(name):
            default_storage.delete(name)
    except Exception:  # the store is failing already; the error above is what staff see
        logger.exception("removing the partial file %s failed", name)


def _audited(store_upload):
    """An upload of staff goes into the security audit log, stored or refused."""

    def run(file, *args):
        original = PurePosixPath(str(getattr(file, "name", "") or "")).name
        size = getattr(file, "size", None)
        try:
            name = store_upload(file, *args)
        except ValidationError as error:
            result = audit.Result.FAILED if error.code == "storage" else audit.Result.REFUSED
            audit.record(audit.Action.UPLOAD, result=result, target=original,
                         detail=" ".join(error.messages))  # fmt: skip
            raise
        audit.record(audit.Action.UPLOAD, target=name, detail=_("原文件：%(name)s，%(size)s 字节")
                     % {"name": original, "size": size})  # fmt: skip
        return name

    return run


@_audited
def store_image(file, folder):
    """Store an editor upload re-encoded, at most BODY_MAX_WIDTH wide, as
    folder/<random>_<width>x<height>.<ext>, with its narrower renditions; returns its name.
    All the files or none."""
    content, extension, (width, height) = reencoded(file, max_width=BODY_MAX_WIDTH)
    name = store(content, f"{folder}/{uuid.uuid4().hex}_{width}x{height}.{extension}")
    stored = [name]
    try:
        for rendition_width in body_rendition_widths(name):
            stored.append(
                store(_scaled(content, rendition_width), _rendition_of(name, rendition_width))
            )
    except ValidationError:
        for done in stored:
            _remove_quietly(done)
        raise
    return name


def body_rendition_widths(name):
    """The widths of the renditions a body image has (none for GIFs: animations stay whole)."""
    found = _BODY_IMAGE.match(PurePosixPath(name).name)
    if not found:
        return ()
    return tuple(w for w in BODY_RENDITION_WIDTHS if w < int(found["width"]))


def _rendition_of(name, width):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}_{width}w{path.suffix}"))


def _scaled(content, width):
    content.seek(0)
    with Image.open(content) as image:
        image_format = image.format
        height = round(image.height * width / image.width)
        scaled = image.resize((width, height), Image.Resampling.LANCZOS)
        output = BytesIO()
        options = {"quality": 85, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
        scaled.save(output, format=image_format, **options)
    content.seek(0)
    return ContentFile(output.getvalue())


_IMG_TAG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]+)"')


def responsive_images(body):
    """Images of a cleaned body that are our own uploads get their size, the narrower
    renditions (srcset), and load only when the reader scrolls to them."""
    prefix = default_storage.url("uploads/")

    def widen(tag):
        src = _SRC.search(tag.group())
        if not src or not src.group(1).startswith(prefix):
            return tag.group()
        name = "uploads/" + src.group(1)[len(prefix) :]
        found = _BODY_IMAGE.match(PurePosixPath(name).name)
        if not found:
            return tag.group()
        attributes = [f'width="{found["width"]}" height="{found["height"]}"',
                      'loading="lazy" decoding="async"']  # fmt: skip
        widths = body_rendition_widths(name)
        if widths:
            candidates = [f"{default_storage.url(_rendition_of(name, w))} {w}w" for w in widths]
            candidates.append(f"{src.group(1)} {found['width']}w")
            attributes.append(
                f'srcset="{", ".join(candidates)}" sizes="(min-width: 64rem) 58rem, 94vw"'
            )
        html = re.sub(r'\s(?:width|height|loading|decoding|srcset|sizes)="[^"]*"', "", tag.group())
        return html[:-1].rstrip("/ ") + " " + " ".join(attributes) + ">"

    return _IMG_TAG.sub(widen, body or "")


@_audited
def store_cover(file):
    """Store a cover re-encoded under covers/originals/<random>.<ext>, with its renditions;
    returns the original's name. All the files or none."""
    content, extension, _size = reencoded(file)
    name = store(content, "covers/originals/" + random_name(extension))
    try:
        ensure_cover_rendition(content, rendition_name(name))
    except ValidationError:
        for done in (name, *cover_rendition_names(name)):
            _remove_quietly(done)
        raise
    return name


def rendition_name(cover_name):
    """Where the rendition of a cover lives; one per original, so it is made only once."""
    stem = PurePosixPath(cover_name).stem
    return f"covers/display/{stem}.jpg"


def small_rendition_name(rendition):
    """The narrower rendition beside a cover's rendition (for phones' lists)."""
    return rendition.replace(".jpg", f"-{COVER_SMALL_WIDTH}.jpg")


def cover_rendition_names(cover_name):
    main = rendition_name(cover_name)
    return main, small_rendition_name(main)


def ensure_cover_rendition(cover, name):
    """The cover's renditions (960×540 and 480×270) under name, made if missing."""
    storage = getattr(cover, "storage", default_storage)
    if not storage.exists(name):
        store(cover_rendition(cover), name)
    small = small_rendition_name(name)
    if not storage.exists(small):
        store(cover_rendition(cover, width=COVER_SMALL_WIDTH), small)


def cover_rendition(file, width=COVER_SIZE[0]):
    """A 16:9 JPEG (960×540, or the width given) cropped around the centre, rotated as the
    camera meant it."""
    inspect_image(file)
    file.seek(0)
    size = (width, width * COVER_SIZE[1] // COVER_SIZE[0])
    with Image.open(file) as image:
        image = ImageOps.exif_transpose(image)
        image = ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS)
    output = BytesIO()
    image.save(output, format="JPEG", quality=82, optimize=True, progressive=True)
    file.seek(0)
    return ContentFile(output.getvalue())
