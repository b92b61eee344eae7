from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_columns


def site(request):
    """SITE_NAME and nav_columns (read only if a template uses them)."""
    return {"SITE_NAME": settings.SITE_NAME, "nav_columns": SimpleLazyObject(navigation_columns)}
