from django import template
from django.urls import reverse

from news.admin.filters import work_queues
from news.models import Article

register = template.Library()

# How many of the articles waiting for this reviewer the admin index lists by title.
REVIEW_QUEUE_SHOWN = 10


@register.inclusion_tag("admin/news/includes/editorial_summary.html", takes_context=True)
def editorial_summary(context):
    """我的稿件 and 待我审核 with their counts, for the admin index; under 待我审核 the
    waiting articles themselves (longest waiting first), each a link to its change page, so
    that a reviewer on a phone opens one without the wide article list."""
    user = context["request"].user
    changelist = reverse("admin:news_article_changelist")
    queues, waiting = [], []
    for key, label, narrow in work_queues(user):
        queue = narrow(Article.objects.all())
        queues.append((label, queue.count(), f"{changelist}?queue={key}"))
        if key == "review":
            waiting = [
                (article, reverse("admin:news_article_change", args=[article.pk]))
                for article in queue.select_related("current_revision", "column").order_by(
                    "updated_at", "pk"
                )[:REVIEW_QUEUE_SHOWN]
            ]
    return {"queues": queues, "waiting": waiting}
