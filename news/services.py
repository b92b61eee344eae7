"""Steps that reach beyond one model instance, called explicitly by views and admin."""

from django.db.models import F

from .models import Article


def article_count_view(*, article_id):
    """Count one view of a public article in one atomic UPDATE.

    Returns False, counting nothing, when the article is not public. The increment happens in the
    database (view_count = view_count + 1), so concurrent views are never lost.
    """
    counted = (
        Article.objects.published().filter(pk=article_id).update(view_count=F("view_count") + 1)
    )
    return counted == 1
