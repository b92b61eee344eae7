from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from news.models import Article, reviewer_levels

register = template.Library()


@register.inclusion_tag("admin/news/includes/editorial_summary.html", takes_context=True)
def editorial_summary(context):
    """我的稿件 and 待我审核 with their counts, for the admin index."""
    user = context["request"].user
    changelist = reverse("admin:news_article_changelist")
    queues = []
    if user.has_perm("news.add_article"):
        queues.append((_("我的稿件"), Article.objects.filter(created_by=user).count(), "mine"))
    if reviewer_levels(user):
        queues.append((_("待我审核"), Article.objects.awaiting_review_by(user).count(), "review"))
    return {"queues": [(label, count, f"{changelist}?queue={key}") for label, count, key in queues]}


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
