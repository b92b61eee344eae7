from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from website.admin import ReadOnlyAdmin, SiteModelAdmin

from .models import ExactName, InspectionRun, SensitiveTerm
from .report import build_report


@admin.register(InspectionRun)
class InspectionRunAdmin(ReadOnlyAdmin):
    """网站检查报告: the report as it stands now (built on opening), and the verdicts of the
    last runs of inspect_site, for 站点管理员 and 审计员."""

    def changelist_view(self, request, extra_context=None):
        """admin/compliance/report.html: ``report`` now, ``runs`` the last 20 verdicts."""
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("网站检查报告"),
            "report": build_report(),
            "runs": InspectionRun.objects.all()[:20],
        }
        return TemplateResponse(request, "admin/compliance/report.html", context)


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
