"""What a file is, read from its content, not its name: the allow-list of attachments.

PDF and OFD, Word, WPS, Excel and ET (old binary: OLE2 compound files; new: ZIP packages), ZIP,
JPEG and PNG. The name's extension only tells apart what the content cannot: a WPS document from
a Word one (both OLE2 with a WordDocument stream), an ET sheet from an Excel one.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import olefile
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str  # what is stored
    label: str  # what readers see: （PDF，245 KB）
    extension: str
    content_type: str


KINDS = {
    kind.code: kind
    for kind in [
        Kind("pdf", "PDF", "pdf", "application/pdf"),
        Kind("ofd", "OFD", "ofd", "application/ofd"),
        Kind("doc", "DOC", "doc", "application/msword"),
        Kind("docx", "DOCX", "docx",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        Kind("wps", "WPS", "wps", "application/vnd.ms-works"),
        Kind("xls", "XLS", "xls", "application/vnd.ms-excel"),
        Kind("xlsx", "XLSX", "xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Kind("et", "ET", "et", "application/vnd.ms-excel"),
        Kind("zip", "ZIP", "zip", "application/zip"),
        Kind("jpg", "JPG", "jpg", "image/jpeg"),
        Kind("png", "PNG", "png", "image/png"),
    ]
}  # fmt: skip
ALLOWED_TEXT = _("PDF、OFD、Word（DOC/DOCX）、WPS、Excel（XLS/XLSX）、ET、ZIP、JPG、PNG")


def _extension(name):
    return PurePosixPath(name or "").suffix.lower().lstrip(".")


def _ole_kind(file, extension):
    try:
        with olefile.OleFileIO(file) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
    except (OSError, ValueError):
        return None
    if "worddocument" in streams:
        return "wps" if extension == "wps" else "doc"
    if "workbook" in streams or "book" in streams:
        return "et" if extension == "et" else "xls"
    return None


def _zip_kind(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" in names:
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
        return None  # another OOXML package (PowerPoint): not on the list
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def detect(file, name=""):
    """The Kind of an uploaded file from its content, or None when it is not allowed."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        extension = _extension(name)
        if head.startswith(b"%PDF-"):
            code = "pdf"
        elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            code = _ole_kind(file, extension)
        elif head.startswith(b"PK\x03\x04"):
            code = _zip_kind(file)
        elif head.startswith(b"\xff\xd8\xff"):
            code = "jpg"
        elif head.startswith(b"\x89PNG\r\n\x1a\n"):
            code = "png"
        else:
            code = None
    finally:
        file.seek(position)
    return KINDS.get(code)
