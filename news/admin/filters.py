from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Article, reviewer_levels


def work_queues(user):
    """The work queues this user has, as (key, label, narrow): narrow(queryset) keeps the
    articles in the queue. The admin index counts them, the article list filters by them."""
    queues = []
    if user.has_perm("news.add_article"):
        queues.append(("mine", _("我的稿件"), lambda queryset: queryset.filter(created_by=user)))
    if reviewer_levels(user):
        queues.append(("review", _("待我审核"), lambda queryset: queryset.awaiting_review_by(user)))
    return queues


class WorkQueueFilter(admin.SimpleListFilter):
    title = _("我的工作")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [(key, label) for key, label, _narrow in work_queues(request.user)]

    def queryset(self, request, queryset):
        for key, _label, narrow in work_queues(request.user):
            if self.value() == key:
                return narrow(queryset)
        return queryset


class OnSiteFilter(admin.SimpleListFilter):
    """在网站上: whether residents can read the article now (published()), whatever the
    status of its latest revision."""

    title = _("在网站上")
    parameter_name = "on_site"

    def lookups(self, request, model_admin):
        return [("yes", _("是")), ("no", _("否"))]

    def queryset(self, request, queryset):
        public = Article.objects.published().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=public)
        if self.value() == "no":
            return queryset.exclude(pk__in=public)
        return queryset
