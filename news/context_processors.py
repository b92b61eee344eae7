from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from .models import Column
from .services import NAVIGATION_CACHE_KEY


def navigation_columns():
    """The visible columns, from the cache (emptied by services.column_changed)."""
    return cache.get_or_set(
        NAVIGATION_CACHE_KEY, lambda: list(Column.objects.filter(visible=True)), 3600
    )


def site(request):
    """SITE_NAME and nav_columns (read only if a template uses them)."""
    return {"SITE_NAME": settings.SITE_NAME, "nav_columns": SimpleLazyObject(navigation_columns)}
