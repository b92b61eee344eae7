from django import template
from django.urls import reverse

from news.admin.filters import work_queues
from news.models import Article

register = template.Library()


@register.inclusion_tag("admin/news/includes/editorial_summary.html", takes_context=True)
def editorial_summary(context):
    """我的稿件 and 待我审核 with their counts, for the admin index."""
    user = context["request"].user
    changelist = reverse("admin:news_article_changelist")
    return {
        "queues": [
            (label, narrow(Article.objects.all()).count(), f"{changelist}?queue={key}")
            for key, label, narrow in work_queues(user)
        ]
    }
