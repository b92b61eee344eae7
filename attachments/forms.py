"""The attachments part of the article form: add files, retitle or remove the ones there."""

from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit

from .kinds import ALLOWED_TEXT, detect
from .models import Attachment

TITLE_FIELD = "attachment-{id}-title"
REMOVE_FIELD = "attachment-{id}-remove"


class ExistingAttachmentsWidget(forms.Widget):
    """The article's attachments in the form: each title to edit, a box to remove it, and a
    link to open it. The form reads the posted fields itself (attachment_list)."""

    links, article_id = (), None

    def render(self, name, value, attrs=None, renderer=None):
        from .admin import staff_url

        if not self.links:
            return format_html("<p>{}</p>", _("（暂无附件）"))
        rows = format_html_join("", (
            '<li><input type="text" name="{}" value="{}" maxlength="200" size="40" '
            'aria-label="{}"> <a href="{}">{}</a>（{}，{}） '
            '<label><input type="checkbox" name="{}"> {}</label></li>'), (
            (TITLE_FIELD.format(id=link.attachment_id), link.title, _("附件标题"),
             staff_url(self.article_id, link), _("打开"), link.attachment.label,
             link.attachment.size_text(), REMOVE_FIELD.format(id=link.attachment_id), _("移除"))
            for link in self.links))  # fmt: skip
        return format_html('<ul class="attachment-list">{}</ul>', rows)

    def value_from_datadict(self, data, files, name):
        return None


def existing_attachments_field():
    return forms.Field(label=gettext_lazy("已有附件"), required=False,
                       widget=ExistingAttachmentsWidget)  # fmt: skip


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented way)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def new_attachments_field():
    return MultipleFileField(
        label=gettext_lazy("添加附件"),
        required=False,
        help_text=gettext_lazy(
            "可一次选择多个文件：%(types)s，每个不超过 %(mb)s MB。附件随正文一起审核，"
            "审核通过、文章发布后公众才能下载。"
        )
        % {"types": ALLOWED_TEXT, "mb": settings.ATTACHMENT_MAX_BYTES // 1024 // 1024},
    )


def checked_upload(file, max_bytes=None):
    """(name, Kind) of an uploaded file within the size limit (max_bytes, default
    ATTACHMENT_MAX_BYTES) and of an allowed kind by its content; a refusal is a
    ValidationError naming the file, also in the security audit log. Stores nothing."""
    max_bytes = max_bytes or settings.ATTACHMENT_MAX_BYTES
    name = PurePosixPath(file.name or "").name
    if file.size > max_bytes:
        message = _("附件“%(name)s”太大（%(size)s MB），不能超过 %(limit)s MB。") % {
            "name": name, "size": round(file.size / 1024 / 1024, 1),
            "limit": max_bytes // 1024 // 1024}  # fmt: skip
        audit.record(audit.Action.UPLOAD, result=audit.Result.REFUSED, target=name, detail=message)
        raise ValidationError(message, code="too_large")
    kind = detect(file, name)
    if kind is None:
        message = _("附件“%(name)s”不是允许的文件类型（按文件内容判断）：只能上传 %(types)s。") % {
            "name": name, "types": ALLOWED_TEXT}  # fmt: skip
        audit.record(audit.Action.UPLOAD, result=audit.Result.REFUSED, target=name, detail=message)
        raise ValidationError(message, code="kind")
    return name, kind


def store_attachment(file, by):
    """Check an uploaded file against the allow-list and the size limit, and store it under a
    random name; the new Attachment. A refusal is a ValidationError naming the file."""
    name, kind = checked_upload(file)
    attachment = Attachment(original_name=name, kind=kind.code, size=file.size, uploaded_by=by)
    try:
        attachment.file.save(name, file, save=False)
    except Exception:  # a full disk, a failing store
        raise ValidationError(
            _("附件“%(name)s”没能保存：服务器存储空间不足或暂时不可用。请稍后重试。")
            % {"name": name},
            code="storage",
        ) from None
    attachment.save()
    detail = _("附件：%(name)s，%(size)s 字节") % {"name": name, "size": file.size}
    audit.record(audit.Action.UPLOAD, target=f"attachments/{attachment.file.name}", detail=detail)
    return attachment


def default_title(name):
    return PurePosixPath(name).stem or name


def attachment_list(data, existing, new_files, by):
    """[(Attachment, title)] from a posted form: the existing links kept (their titles as
    typed), then the new files, stored."""
    kept = []
    for link in existing:
        if data.get(REMOVE_FIELD.format(id=link.attachment_id)):
            continue
        title = (data.get(TITLE_FIELD.format(id=link.attachment_id)) or "").strip()[:200]
        kept.append((link.attachment, title or link.title))
    for file in new_files:
        kept.append((store_attachment(file, by), default_title(file.name)[:200]))
    return kept


class AttachmentsFormMixin(forms.Form):
    """The attachments part of the article form (news.admin.forms.ArticleAdminForm): the list
    to edit, the files to add, and, once the form is valid, the new revision's attachments
    (its part "attachments", news.parts)."""

    current_attachments = existing_attachments_field()
    new_attachments = new_attachments_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "current_attachments" not in self.fields:
            return  # a reader's form: the list is shown read-only (AttachmentsAdminMixin)
        widget = self.fields["current_attachments"].widget
        widget.links, widget.article_id = self.existing_attachments(), self.instance.pk

    def existing_attachments(self):
        """The attachment links of the text this form edits (its latest revision)."""
        revision = self.instance.current_revision if self.instance.pk else None
        if revision is None:
            return []
        return list(revision.attachment_links.select_related("attachment"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                self.revision_parts["attachments"] = attachment_list(
                    self.data, self.existing_attachments(),
                    cleaned.get("new_attachments") or [], self.current_user,
                )  # fmt: skip
            except ValidationError as error:
                self.add_error("new_attachments", error)
        return cleaned
