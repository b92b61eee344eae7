from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import images
from ..sanitize import clean_body
from .articles import Article
from .columns import Column
from .workflow import REVIEW_LEVEL_NAMES


def revision_field(name, **overrides):
    """A Revision field like the Article field of that name (same type and limits)."""
    field = Article._meta.get_field(name).clone()
    field.help_text = ""
    for attribute, value in overrides.items():
        setattr(field, attribute, value)
    return field


class Revision(models.Model):
    """One saved version of an article's text. Never changed or deleted."""

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    title = revision_field("title")
    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="+"
    )
    summary = revision_field("summary")
    body = models.TextField(_("正文"))
    cover = revision_field("cover", validators=[])
    cover_alt = revision_field("cover_alt")
    source = revision_field("source")
    author_name = revision_field("author_name")
    editor_name = revision_field("editor_name")
    pinned = revision_field("pinned")
    headline = revision_field("headline")
    interprets = models.ForeignKey(
        Article, verbose_name=_("解读的政策文件"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    # 政务公开 (opendata): the metadata is part of the text.
    index_number = revision_field("index_number")
    issuing_body = revision_field("issuing_body")
    document_number = revision_field("document_number")
    written_on = revision_field("written_on")
    disclosed_on = revision_field("disclosed_on")
    topic = revision_field("topic")
    validity = revision_field("validity")
    validity_changed_on = revision_field("validity_changed_on")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("版本")
        verbose_name_plural = _("版本")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique")
        ]

    def __str__(self):
        return gettext("第 %(number)s 版") % {"number": self.number}

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)
        super().save(*args, **kwargs)
        if self.cover:
            images.ensure_cover_rendition(self.cover, images.rendition_name(self.cover.name))

    @property
    def body_html(self):
        """Safe for the same reason as Article.body_html: cleaned by save()."""
        return mark_safe(self.body)

    @classmethod
    def content_of(cls, article):
        """The versioned fields of an article (or revision); the cover by its stored name."""
        content = {name: getattr(article, name) for name in Article.CONTENT_FIELDS}
        content["cover"] = article.cover.name or ""
        return content

    def same_content_as(self, article):
        """Whether saving article now would record nothing new."""
        theirs = self.content_of(article) | {"body": clean_body(article.body)}
        return self.content_of(self) == theirs

    def apply_to(self, article):
        for name, value in self.content_of(self).items():
            setattr(article, name, value)
        article.cover_rendition = images.rendition_name(self.cover.name) if self.cover else ""


class AuditRecord(models.Model):
    """One workflow step: who, when, from which state to which, at what level, and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        EDIT = "edit", _("修改")
        SUBMIT = "submit", _("提交审核")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")
        WITHDRAW = "withdraw", _("撤回")
        PUBLISH = "publish", _("发布")
        RESCHEDULE = "reschedule", _("修改发布时间")
        RESTORE = "restore", _("恢复旧版本")
        IMPORT = "import", _("导入已发布文章")
        TRASH = "trash", _("移入回收站")
        UNTRASH = "untrash", _("从回收站恢复")

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.PROTECT, related_name="audit_records"
    )
    revision = models.ForeignKey(
        Revision, verbose_name=_("版本"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=Article.Status.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=Article.Status.choices)
    # The states as staff read them then (Article.state_label()): "已发布，修改稿草稿" says what
    # the status alone cannot, that the approved text stayed online.
    from_label = models.CharField(_("原状态说明"), max_length=60, blank=True)
    to_label = models.CharField(_("新状态说明"), max_length=60, blank=True)
    review_level = models.PositiveSmallIntegerField(_("审核级别"), null=True)
    review_round = models.PositiveIntegerField(_("送审轮次"), default=0)
    reason = models.TextField(_("理由"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text=_("为空表示由系统按时自动完成。"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"], name="audit_article_idx")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.article_id}"

    def level_name(self):
        return REVIEW_LEVEL_NAMES.get(self.review_level, "")

    def transition_label(self):
        """The states before and after, as staff read them at the time (state_label()): 待初审
        → 待复审, 已发布 → 已发布，修改稿草稿. Records from before the labels were kept show the
        two statuses (待初审 → 待复审 for an approval that passed a level on)."""
        unlabelled_pass = not self.to_label and self.to_status == Article.Status.SUBMITTED
        if unlabelled_pass and self.action == self.Action.APPROVE:
            return gettext("待%(a)s → 待%(b)s") % {
                "a": REVIEW_LEVEL_NAMES[self.review_level],
                "b": REVIEW_LEVEL_NAMES[self.review_level + 1],
            }
        after = self.to_label or self.get_to_status_display()
        if not self.from_status:
            return after
        before = self.from_label or self.get_from_status_display()
        return f"{before} → {after}"

    transition_label.short_description = _("状态变化")

    level_name.short_description = _("审核级别")
