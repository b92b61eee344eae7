from django.conf import settings
from django.utils.functional import SimpleLazyObject

from news.models import Column

from .identity import site_identity
from .preferences import PREFERENCES_SLOT, SIZES


def site(request):
    """SITE (the identity from 站点设置) and SITE_NAME, nav_columns (each read only if a
    template uses it), and what the reader's switches need: the slot their classes go in, the
    sizes, and this page's address."""
    identity = SimpleLazyObject(site_identity)
    return {
        "SITE": identity,
        "SITE_NAME": SimpleLazyObject(lambda: identity.site_name),
        "SITE_URL": settings.SITE_URL,
        "nav_columns": SimpleLazyObject(Column.in_navigation),
        "PREFERENCES_SLOT": PREFERENCES_SLOT,
        "TEXT_SIZES": SIZES,
        "this_page": request.get_full_path(),
    }
