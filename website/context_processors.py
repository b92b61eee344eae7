from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_columns
from .preferences import PREFERENCES_SLOT, SIZES


def site(request):
    """SITE_NAME, nav_columns (read only if a template uses them), and what the reader's
    switches need: the slot their classes go in, the sizes, and this page's address."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "nav_columns": SimpleLazyObject(navigation_columns),
        "PREFERENCES_SLOT": PREFERENCES_SLOT,
        "TEXT_SIZES": SIZES,
        "this_page": request.get_full_path(),
    }
