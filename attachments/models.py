import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS


class _AttachmentStorage(Storage):
    """STORAGES["attachments"]: a place the web server does not serve. An attachment reaches
    readers only through attachments.views, which checks that its article is public. Looked up
    on every use, so that it follows the setting (as default_storage does)."""

    @property
    def _target(self):
        return storages["attachments"]

    def _open(self, name, mode="rb"):
        return self._target._open(name, mode)

    def _save(self, name, content):
        return self._target._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self._target.get_available_name(name, max_length)

    def delete(self, name):
        return self._target.delete(name)

    def exists(self, name):
        return self._target.exists(name)

    def listdir(self, path):
        return self._target.listdir(path)

    def size(self, name):
        return self._target.size(name)

    def path(self, name):
        return self._target.path(name)

    def url(self, name):
        raise NotImplementedError("attachments are served by attachments.views only")


_STORAGE = _AttachmentStorage()


def attachment_storage():
    return _STORAGE


def stored_name(instance, filename):
    return f"{uuid.uuid4().hex}.{KINDS[instance.kind].extension}"


class Attachment(models.Model):
    """A file as it was uploaded once; never changed. Articles' revisions refer to it
    (RevisionAttachment), each with the title it has in that revision."""

    file = models.FileField(_("文件"), storage=attachment_storage, upload_to=stored_name)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(
        _("类型"), max_length=10, choices=[(code, kind.label) for code, kind in KINDS.items()]
    )
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
        null=True, related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.original_name

    @property
    def label(self):
        return KINDS[self.kind].label

    @property
    def content_type(self):
        return KINDS[self.kind].content_type

    def size_text(self):
        """245 KB, 3.2 MB: as the article page shows it."""
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"


class RevisionAttachment(models.Model):
    """An attachment as one revision of an article has it: its title and place in the list."""

    revision = models.ForeignKey(
        "news.Revision", verbose_name=_("版本"), on_delete=models.CASCADE,
        related_name="attachment_links",
    )  # fmt: skip
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("附件"), on_delete=models.PROTECT, related_name="links"
    )
    title = models.CharField(_("附件标题"), max_length=200)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("版本附件")
        verbose_name_plural = _("版本附件")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "attachment"], name="revision_attachment")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("attachments:download", args=[self.attachment_id, self.download_name])

    @property
    def download_name(self):
        """The file name residents download: the title, with the file's real extension."""
        extension = KINDS[self.attachment.kind].extension
        title = self.title.strip()
        return title if title.lower().endswith(f".{extension}") else f"{title}.{extension}"
