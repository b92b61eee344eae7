from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from core.admin import ReadOnlyAdmin, SiteModelAdmin
from core.downloads import csv_response
from news.models import Article

from .annual import annual_report, csv_rows
from .clock import limits
from .models import ExactName, InspectionRun, SensitiveTerm
from .report import build_report

FIRST_YEAR = 2000


@admin.register(InspectionRun)
class InspectionRunAdmin(ReadOnlyAdmin):
    """网站检查报告, for 站点管理员 and 审计员: the report as it stands now on a site small
    enough to check while the page opens, else the last run of inspect_site's; and the
    verdicts of the last runs."""

    def changelist_view(self, request, extra_context=None):
        """admin/compliance/report.html: ``report`` (the report's JSON form), ``live`` (built
        now, or the stored one of ``runs[0]``), ``runs`` the last 20 verdicts."""
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        runs = list(InspectionRun.objects.all()[:20])
        live = not runs or Article.objects.published().count() <= limits()["LIVE_REPORT_ARTICLES"]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("网站检查报告"),
            "report": build_report().as_json() if live else runs[0].report,
            "live": live,
            "runs": runs,
        }
        return TemplateResponse(request, "admin/compliance/report.html", context)

    def get_urls(self):
        annual = path("annual/", self.admin_site.admin_view(self.annual_view),
                      name="compliance_annual")  # fmt: skip
        return [annual, *super().get_urls()]

    def annual_view(self, request):
        """admin/compliance/annual.html: the annual website report's figures for ?year=
        (default this year); ?format=csv downloads them."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        this_year = timezone.localdate().year
        years = list(range(this_year, FIRST_YEAR - 1, -1))
        asked = request.GET.get("year", "")
        wanted = int(asked) if asked.isascii() and asked.isdecimal() else None  # not "²"
        year = wanted if wanted in years else this_year
        report = annual_report(year)
        if request.GET.get("format") == "csv":
            header, rows = csv_rows(report)
            return csv_response(f"annual-report-{year}.csv", header, rows)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(year)s 年网站年度报表数据") % {"year": year},
            "report": report,
            "years": years[:10],
            "months": range(1, 13),
            "asked_wrong": bool(asked) and str(year) != asked,
        }
        return TemplateResponse(request, "admin/compliance/annual.html", context)


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
