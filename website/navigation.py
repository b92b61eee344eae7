"""The site's navigation: the visible columns, kept in the shared cache until a column is saved
in the admin (column_changed)."""

from django.core.cache import cache

from news.models import Column

NAVIGATION_CACHE_KEY = "website:navigation"


def navigation_columns():
    """The visible columns, from the shared cache (emptied by column_changed)."""
    return cache.get_or_set(
        NAVIGATION_CACHE_KEY, lambda: list(Column.objects.filter(visible=True)), 3600
    )


def column_changed():
    """Columns changed (admin): the navigation is read again on the next page."""
    cache.delete(NAVIGATION_CACHE_KEY)
