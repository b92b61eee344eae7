"""Admin pieces more than one app uses. (The apps register their own models.)"""

from django.contrib import admin

# What one search of an admin list may ask for. Django's admin turns every word into a
# condition on every search field (joins included): 700 words kept a worker busy until gunicorn
# killed it. Longer searches are cut to this, which no real search needs.
MAX_SEARCH_WORDS = 8
MAX_SEARCH_CHARACTERS = 100
# Parts of a date an address may filter by (?at__year=2026), and the values each can take: a
# year beyond datetime's range overflowed inside the query (a 500).
DATE_PARTS = {"year": (1, 9999), "iso_year": (1, 9999), "quarter": (1, 4), "month": (1, 12),
              "week": (1, 53), "week_day": (1, 7), "iso_week_day": (1, 7), "day": (1, 31),
              "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}  # fmt: skip


class ListLimitsMixin:
    """What an admin list takes from its address, bounded: the search, and filters by a part
    of a date. Beyond the bounds, a search is cut and a filter refused (400)."""

    def get_search_results(self, request, queryset, search_term):
        words = search_term[:MAX_SEARCH_CHARACTERS].split()[:MAX_SEARCH_WORDS]
        return super().get_search_results(request, queryset, " ".join(words))

    def lookup_allowed(self, lookup, value, request=None):
        bounds = DATE_PARTS.get(lookup.rsplit("__", 1)[-1])
        if bounds is not None:
            try:
                if not bounds[0] <= int(value) <= bounds[1]:
                    return False
            except (TypeError, ValueError):
                return False
        return super().lookup_allowed(lookup, value, request)


class SiteModelAdmin(ListLimitsMixin, admin.ModelAdmin):
    """The base of this site's admin pages."""


class ReadOnlyAdmin(SiteModelAdmin):
    """Written by the site itself (the workflow, the counter, the audit log): nobody adds,
    changes or deletes it in the admin, superusers included (the change and delete views
    refuse a POST with 403, not only hide their buttons)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
