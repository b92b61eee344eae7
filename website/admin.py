"""Admin pieces more than one app uses. (The apps register their own models.)"""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the site itself (the workflow, the counter): nobody adds, changes or deletes
    it in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
