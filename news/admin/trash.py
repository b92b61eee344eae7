"""回收站 in the article list (news.models.trash): the filter that shows it (the usual list hides
what is in it) and the three actions, each through its service; the guards are the model's."""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import WorkflowError
from ..models.trash import TRASH_PERMISSION


class TrashFilter(admin.SimpleListFilter):
    """Without a choice the list leaves out what is in the 回收站; 回收站 shows only that."""

    title = _("回收站")
    parameter_name = "trash"

    def lookups(self, request, model_admin):
        return [("yes", _("回收站里的文章"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(trashed_at__isnull=False)
        return queryset.out_of_trash()

    def choices(self, changelist):
        # "全部" would promise every article; without a choice the trash is left out.
        for choice in super().choices(changelist):
            if choice["display"] == gettext("All"):
                choice["display"] = gettext("回收站以外的文章")
            yield choice


class TrashAdminMixin:
    def has_trash_permission(self, request):
        return request.user.has_perm(TRASH_PERMISSION)

    def _each(self, request, queryset, service, done):
        """service(article=, by=) for each selected article; one message for those done
        (done: a ngettext with %(count)d) and one per refusal, naming the article."""
        count = 0
        for article in queryset:
            try:
                service(article=article, by=request.user)
            except WorkflowError as error:
                self.message_user(request, f"《{article.title}》：{error}", messages.ERROR)
                continue
            count += 1
        if count:
            self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("把所选文章移入回收站"), permissions=["trash"])
    def trash_selected(self, request, queryset):
        done = "已把 %(count)d 篇文章移入回收站，网站上已看不到。可在“回收站”中恢复。"
        self._each(request, queryset, services.article_trash,
                   lambda count: ngettext(done, done, count))  # fmt: skip

    @admin.action(description=_("从回收站恢复所选文章"), permissions=["trash"])
    def untrash_selected(self, request, queryset):
        self._each(request, queryset, services.article_untrash, lambda count: ngettext(
            "已恢复 %(count)d 篇文章，回到移入回收站前的状态。",
            "已恢复 %(count)d 篇文章，回到移入回收站前的状态。", count))  # fmt: skip

    @admin.action(
        description=_("彻底删除所选文章（只限回收站里的，不能恢复）"), permissions=["trash"]
    )
    def delete_for_good(self, request, queryset):
        self._each(request, queryset, services.article_delete, lambda count: ngettext(
            "已彻底删除 %(count)d 篇文章，安全审计日志记下了标题和删除人。",
            "已彻底删除 %(count)d 篇文章，安全审计日志记下了标题和删除人。", count))  # fmt: skip
