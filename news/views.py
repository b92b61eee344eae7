"""What every public view of articles starts from. The pages themselves are the site's
(website.pages, search.views); they share this mixin, so that "what residents may see" is
Article.objects.published() everywhere."""

from .models import Article


class PublishedArticleMixin:
    """A generic view whose articles are the public ones."""

    def get_queryset(self):
        return Article.objects.published()
