"""回收站: a site admin moves an article there and back; only from there is it deleted for good.

In the trash an article is off the public site at once (published() leaves it out) and out of
the admin's usual list; everything else stays as it was (its approved text, its revisions, its
views), so that putting it back brings it back to where it was: public again if its approved
text is online. Each step is one method with its guard (check_<step>), as the workflow's;
news.services stores them with their audit records.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .workflow import WorkflowError

TRASH_PERMISSION = "news.trash_article"


class TrashMixin(models.Model):
    trashed_at = models.DateTimeField(
        _("移入回收站时间"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("不为空表示文章在回收站里：网站上看不到，可以恢复，也可以彻底删除。"),
    )
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("移入回收站的人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def in_trash(self):
        return self.trashed_at is not None

    def in_trash_refusal(self):
        return gettext("这篇文章在回收站里，请先从回收站恢复，再修改、审核或撤回。")

    def check_out_of_trash(self):
        """The workflow's steps wait until the article is out of the trash: what was approved
        meanwhile would go online with the restore, unseen by whoever restores it."""
        if self.in_trash:
            raise WorkflowError(self.in_trash_refusal())

    def _check_may_trash(self, user):
        if not user.has_perm(TRASH_PERMISSION):
            raise WorkflowError(gettext("只有站点管理员可以使用回收站。"))

    def check_trash(self, user):
        self._check_may_trash(user)
        if self.in_trash:
            raise WorkflowError(gettext("这篇文章已在回收站里。"))

    def trash(self, *, by, now):
        self.check_trash(by)
        self.trashed_at = now
        self.trashed_by = by

    def check_untrash(self, user):
        self._check_may_trash(user)
        if not self.in_trash:
            raise WorkflowError(gettext("这篇文章不在回收站里。"))

    def untrash(self, *, by):
        self.check_untrash(by)
        self.trashed_at = None
        self.trashed_by = None

    def check_delete(self, user):
        """Deleting for good: only what is in the trash, only by a site admin."""
        self._check_may_trash(user)
        if not self.in_trash:
            raise WorkflowError(gettext("只能彻底删除回收站里的文章，请先移入回收站。"))
