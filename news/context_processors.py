from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Column


def site(request):
    """SITE_NAME and nav_columns (the visible columns, queried only if a template uses them)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_columns": SimpleLazyObject(lambda: list(Column.objects.filter(visible=True))),
    }
