"""What happened to an article: its revisions (read, compare, restore) and the audit trail.
Both are written by the workflow only; nobody changes or deletes them in the admin."""

from django.contrib import admin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin import ReadOnlyAdmin

from .. import diff, services
from ..models import AuditRecord, Revision


class HistoryAdminMixin:
    """The article's revision pages, reached from its change page, and its 历史: the
    revisions and review decisions, instead of Django's generic log of admin changes."""

    def history_context(self, request, article):
        """What the history tables show (templates/admin/news/article/includes/history.html)."""
        return {
            "revisions": list(article.revisions_for(request.user).select_related("created_by")),
            "audit_records": article.audit_records.select_related("actor"),
        }

    def history_view(self, request, object_id, extra_context=None):
        """admin/news/article/history.html: the article's revisions and review decisions."""
        article = self.visible_article(request, object_id)
        return self.article_page(
            request,
            "history.html",
            title=gettext("《%(title)s》的历史") % {"title": article.title},
            article=article,
            **self.history_context(request, article),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/<int:number>/",
                view(self.revision_view),
                name="news_article_revision",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                view(require_POST(self.restore_view)),
                name="news_article_restore",
            ),
            path(
                "<path:object_id>/compare/",
                view(self.compare_view),
                name="news_article_compare",
            ),
            *super().get_urls(),
        ]

    def revision_view(self, request, object_id, number):
        """admin/news/article/revision.html: one revision as text and rendered HTML."""
        article = self.visible_article(request, object_id)
        revision = get_object_or_404(article.revisions_for(request.user), number=number)
        return self.article_page(
            request,
            "revision.html",
            title=gettext("《%(title)s》%(revision)s")
            % {"title": revision.title, "revision": revision},
            article=article,
            revision=revision,
            can_edit=self.has_change_permission(request, article),
        )

    def compare_view(self, request, object_id):
        """admin/news/article/compare.html: the differences between two revisions, field by
        field (?a=<number>&b=<number>; by default the latest against the one before it)."""
        article = self.visible_article(request, object_id)
        revisions = {r.number: r for r in article.revisions_for(request.user)}
        try:
            newer = revisions[int(request.GET.get("b") or max(revisions))]
            older = revisions[int(request.GET.get("a") or max(newer.number - 1, 1))]
        except (KeyError, ValueError):
            raise Http404 from None
        return self.article_page(
            request,
            "compare.html",
            title=gettext("《%(title)s》第 %(a)s 版与第 %(b)s 版比较")
            % {"title": article.title, "a": older.number, "b": newer.number},
            article=article,
            older=older,
            newer=newer,
            revisions=sorted(revisions.values(), key=lambda r: -r.number),
            changes=diff.compare_revisions(older, newer),
        )

    def restore_view(self, request, object_id, number):
        article = self.visible_article(request, object_id)
        revision = get_object_or_404(article.revisions, number=number)
        self.run_step(
            request,
            lambda: services.article_restore(article=article, by=request.user, revision=revision),
            lambda _stored: (
                gettext("已把第 %(number)s 版恢复为新的草稿，修改后请重新提交审核。")
                % {"number": number}
            ),
        )
        return HttpResponseRedirect(self.change_url(article))


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "article", "action", "actor", "level_name", "transition_label", "reason"]
    list_filter = ["action", "review_level", "at"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__title", "reason", "actor__username"]
    # No date_hierarchy: a year typed into its address (?at__year=99999999999) overflowed.


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "title", "created_by", "created_at", "note"]
    list_select_related = ["article", "created_by"]
    list_filter = ["created_at"]
    search_fields = ["title", "article__title"]
    exclude = ["body"]
    readonly_fields = ["body_html"]

    @admin.display(description=_("正文"))
    def body_html(self, revision):
        return revision.body_html
