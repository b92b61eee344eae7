from django.contrib import admin

from website.admin import SiteModelAdmin

from .models import ExactName, SensitiveTerm


@admin.register(SensitiveTerm)
class SensitiveTermAdmin(SiteModelAdmin):
    """错敏词: the site admin's list; every submitted article is checked against it."""

    list_display = ["term", "suggestion", "note"]
    search_fields = ["term", "suggestion"]


@admin.register(ExactName)
class ExactNameAdmin(SiteModelAdmin):
    """规范名称: names that must be written exactly; near-misses are flagged to reviewers."""

    list_display = ["name", "note"]
    search_fields = ["name", "note"]
