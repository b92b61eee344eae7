from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import audit
from core.admin import SiteModelAdmin

from .. import images
from ..models import SiteSettings
from .forms import SiteSettingsForm
from .saving import SaveRefusalAdminMixin, storing


@admin.register(SiteSettings)
class SiteSettingsAdmin(SaveRefusalAdminMixin, SiteModelAdmin):
    """One row: the list goes straight to it. Its identity part is shown on every page
    (website.identity), read again as soon as it is saved (SiteSettings.cached)."""

    form = SiteSettingsForm
    fieldsets = [
        (_("审核"), {"fields": ["review_levels"]}),
        (_("网站标识（页头）"), {"fields": ["site_name", "logo"]}),
        (_("页脚信息"), {"fields": ["host_organization", "organizer", "address", "postcode",
                                    "phone", "email"]}),
        (_("备案与标识"), {"fields": ["site_code", "icp_number", "police_number",
                                      "police_icon", "error_report_url", "sponsor_mark",
                                      "sponsor_mark_link"]}),
        (_("政务公开"), {"fields": ["organization_code", "index_number_pattern"]}),
    ]  # fmt: skip

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        for name in ("logo", "police_icon", "sponsor_mark"):
            image = getattr(obj, name)
            if image and not image._committed:
                # A new picture is re-encoded and stored like every upload (news.images).
                setattr(
                    obj, name, storing(name, lambda image=image: images.store_image(image, "site"))
                )
        super().save_model(request, obj, form, change)
        audit.record(
            audit.Action.SITE_SETTINGS,
            target=audit.describe(obj),
            detail="；".join(
                f"{form.fields[name].label}：{form.initial.get(name)} → {form.cleaned_data[name]}"
                for name in form.changed_data
            ),
        )

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:news_sitesettings_change", args=[settings.pk]))
