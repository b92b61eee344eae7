"""The article list's 处理人 and 已等待 columns: where each article is, who holds it, for how long —
and, for those who oversee the whole site, which reviews are late."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import workdays

from ..models import Article, AuditRecord
from .workflow import people_text

# A review waiting longer than this many working days is late.
LATE_AFTER_WORKING_DAYS = 2
# Whoever may see every article (站点管理员, 审计员) sees the late ones highlighted.
OVERSEER_PERMISSION = "news.view_all_articles"


def with_state_since(queryset):
    """The articles with `state_since`: when their latest workflow record was written (one
    subquery, not one query per row)."""
    latest = AuditRecord.objects.filter(article=OuterRef("pk")).order_by("-at").values("at")[:1]
    return queryset.annotate(state_since=Subquery(latest))


def working_days_between(start, end):
    """Whole working days from start's day to end's day, in Beijing time (core.workdays: public
    holidays and 调休 known to the calendar)."""
    return workdays.working_days_between(timezone.localdate(start), timezone.localdate(end))


def waited(start, now):
    """How long, in the unit a person would say: 25分钟, 5小时, 3天."""
    minutes = max(int((now - start).total_seconds() // 60), 0)
    if minutes < 60:
        return gettext("%(n)s分钟") % {"n": minutes}
    if minutes < 24 * 60:
        return gettext("%(n)s小时") % {"n": minutes // 60}
    return gettext("%(n)s天") % {"n": minutes // (24 * 60)}


def barred_on_page(request, articles):
    """Who may not decide the listed articles (Article.barred_from_deciding), read once for the
    page when its rows are known (ArticleAdmin.get_changelist_instance); 处理人 uses it."""
    request.barred_from_deciding = Article.barred_from_deciding(
        [article for article in articles if article.status == Article.Status.SUBMITTED]
    )


def where_columns(request):
    """处理人 and 已等待 for this request's list; each level's reviewers are read once."""
    now = timezone.now()
    reviewers = {}
    oversees = request.user.has_perm(OVERSEER_PERMISSION)

    @admin.display(description=_("处理人"))
    def holder(article):
        if article.status == Article.Status.SUBMITTED:
            level = article.review_level
            if level not in reviewers:
                reviewers[level] = list(Article.reviewers_of_level(level))
            barred = getattr(request, "barred_from_deciding", {}).get(article.pk)
            if barred is None:  # not listed with the page (the page knows its own)
                barred = Article.barred_from_deciding([article])[article.pk]
            people = article.level_reviewers(level, barred=barred, candidates=reviewers[level])
            return people_text(people) or gettext("（无人可审）")
        if article.status in (Article.Status.DRAFT, Article.Status.RETURNED):
            return str(article.created_by) if article.created_by else "-"
        return "-"

    @admin.display(description=_("已等待"))
    def waiting(article):
        if article.status not in (Article.Status.SUBMITTED, Article.Status.RETURNED):
            return "-"
        since = getattr(article, "state_since", None) or article.updated_at
        text = waited(since, now)
        late = (
            article.status == Article.Status.SUBMITTED
            and working_days_between(since, now) > LATE_AFTER_WORKING_DAYS
        )
        if late and oversees:
            return format_html(
                '<strong class="overdue" title="{}">{}</strong>',
                gettext("已超过 %(n)s 个工作日") % {"n": LATE_AFTER_WORKING_DAYS},
                text,
            )
        return text

    return holder, waiting
