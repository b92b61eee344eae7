from django import template
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from news.admin.filters import work_queues
from news.models import Article, AuditRecord

register = template.Library()

# How many of the articles waiting for this reviewer the admin index lists by title.
REVIEW_QUEUE_SHOWN = 10
# How many of the author's returned articles it lists with the reason.
RETURNED_SHOWN = 5
Status = Article.Status


def own_states():
    """The author's articles by where they are: (key, label, condition, the list's filter).
    Built per request: published() reads the clock when it is called."""
    return [
        ("draft", _("草稿"), Q(status=Status.DRAFT), "status__exact=draft"),
        ("returned", _("已退回"), Q(status=Status.RETURNED), "status__exact=returned"),
        ("in_review", _("审核中"), Q(status=Status.SUBMITTED), "status__exact=submitted"),
        ("public", _("已发布"), Q(pk__in=Article.objects.published().values("pk")), "on_site=yes"),
    ]


@register.inclusion_tag("admin/news/includes/editorial_summary.html", takes_context=True)
def editorial_summary(context):
    """我的稿件 and 待我审核 with their counts, for the admin index; under 待我审核 the
    waiting articles themselves (longest waiting first), each a link to its change page, so
    that a reviewer on a phone opens one without the wide article list."""
    user = context["request"].user
    changelist = reverse("admin:news_article_changelist")
    queues, waiting = [], []
    for key, label, narrow in work_queues(user):
        queue = narrow(Article.objects.out_of_trash())  # as the article list counts them
        queues.append((label, queue.count(), f"{changelist}?queue={key}"))
        if key == "review":
            waiting = [
                (article, reverse("admin:news_article_change", args=[article.pk]))
                for article in queue.select_related("current_revision", "column").order_by(
                    "updated_at", "pk"
                )[:REVIEW_QUEUE_SHOWN]
            ]
    mine = own_articles(user, changelist) if user.has_perm("news.add_article") else None
    return {"queues": queues, "waiting": waiting, "mine": mine}


def own_articles(user, changelist):
    """The user's own articles counted by state (one query), each a link to the list of them,
    and the returned ones with who returned them and why (one more)."""
    own = Article.objects.out_of_trash().filter(created_by=user)
    kinds = own_states()
    counts = own.aggregate(**{key: Count("pk", filter=q) for key, _label, q, _f in kinds})
    states = [
        (label, counts[key], f"{changelist}?queue=mine&{query}") for key, label, _q, query in kinds
    ]
    last_return = AuditRecord.objects.filter(
        article=OuterRef("pk"), action=AuditRecord.Action.RETURN
    ).order_by("-at")
    returned = (
        own.filter(status=Status.RETURNED)
        .select_related("current_revision")
        .annotate(
            return_reason=Subquery(last_return.values("reason")[:1]),
            returned_at=Subquery(last_return.values("at")[:1]),
        )
        .order_by("-returned_at", "-pk")[:RETURNED_SHOWN]
    )
    return {
        "states": states,
        "returned": [
            (article, reverse("admin:news_article_change", args=[article.pk]))
            for article in returned
        ],
    }
