from contextlib import suppress
from io import StringIO

from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit
from core.admin import ReadOnlyAdmin, SiteModelAdmin
from core.downloads import csv_response
from news.models import Article

from . import disclosure_report
from .annual import annual_report, csv_rows
from .clock import limits
from .models import DisclosureAnnualReport, ExactName, InspectionRun, SensitiveTerm
from .report import build_report

RUN_LOCK = "compliance:inspection-running"
RUN_LOCK_SECONDS = 15 * 60  # longer than any run; gone by itself if a worker dies mid-run

FIRST_YEAR = 2000


@admin.register(InspectionRun)
class InspectionRunAdmin(ReadOnlyAdmin):
    """网站检查报告, for 站点管理员 and 审计员: the report as it stands now on a site small
    enough to check while the page opens, else the last run of inspect_site's; and the
    verdicts of the last runs. A site admin runs inspect_site from the page (立即检查)."""

    def changelist_view(self, request, extra_context=None):
        """admin/compliance/report.html: ``report`` (the report's JSON form: built now, or the
        stored one of ``runs[0]``; None on a big site never checked), ``live``, ``runs`` the
        last 20 verdicts, ``can_run`` (the 立即检查 button)."""
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        runs = list(InspectionRun.objects.all()[:20])
        live = Article.objects.published().count() <= limits()["LIVE_REPORT_ARTICLES"]
        # A big site never checked has no verdict yet: 尚未检查, never a green built from nothing.
        stored = runs[0].report if runs else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("网站检查报告"),
            "report": build_report().as_json() if live else stored,
            "live": live,
            "runs": runs,
            "can_run": request.user.has_perm("compliance.add_inspectionrun"),
        }
        return TemplateResponse(request, "admin/compliance/report.html", context)

    def get_urls(self):
        annual = path("annual/", self.admin_site.admin_view(self.annual_view),
                      name="compliance_annual")  # fmt: skip
        run = path("run/", self.admin_site.admin_view(self.run_view), name="compliance_run")
        return [annual, run, *super().get_urls()]

    @method_decorator(require_POST)
    def run_view(self, request):
        """立即检查: inspect_site, run here as cron runs it (stored, new reds told); back to the
        report. Inline: on LIVE_REPORT_ARTICLES public articles it takes seconds (docs)."""
        if not request.user.has_perm("compliance.add_inspectionrun"):
            raise PermissionDenied
        # One run at a time (a second click, a second admin): each would hold a worker as long.
        if not cache.add(RUN_LOCK, 1, RUN_LOCK_SECONDS):
            busy = _("检查正在进行中，请稍后刷新本页查看结果。")
            self.message_user(request, busy, messages.WARNING)
            return redirect("admin:compliance_inspectionrun_changelist")
        try:
            # Its exit status is for cron; the verdict is in the run it stores.
            with suppress(SystemExit):
                call_command("inspect_site", stdout=StringIO())
        finally:
            cache.delete(RUN_LOCK)
        verdict = InspectionRun.objects.first().report["status_label"]
        self.message_user(request, _("检查完成：%(status)s") % {"status": verdict})
        return redirect("admin:compliance_inspectionrun_changelist")

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


@admin.register(DisclosureAnnualReport)
class DisclosureAnnualReportAdmin(SiteModelAdmin):
    """政府信息公开工作年度报告: add a year (its figures are generated from the site's records),
    write the text parts, check the figures (they may be corrected), download it as a Word
    file to edit, and publish it (actions)."""

    list_display = ["year", "published_at", "download"]
    readonly_fields = ["published_at", "download"]
    fields = ["year", "general", "problems", "other", "figures", "published_at", "download"]
    actions = ["regenerate", "publish"]

    def save_model(self, request, obj, form, change):
        if not obj.figures:
            obj.figures = disclosure_report.figures(obj.year)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("下载"))
    def download(self, report):
        if not report.pk:
            return "-"
        url = reverse("website:disclosure_report_download", kwargs={"year": report.year})
        return format_html('<a href="{}">{}</a>', url, _("下载 Word 文件"))

    @admin.action(description=_("重新生成所选年报的数据"))
    def regenerate(self, request, queryset):
        for report in queryset:
            if report.published_at:
                self.message_user(request, _("%(report)s已公布，数据不再重新生成。")
                                  % {"report": report}, messages.ERROR)  # fmt: skip
                continue
            report.figures = disclosure_report.figures(report.year)
            report.save(update_fields=["figures"])
            self.message_user(request, _("%(report)s的数据已重新生成。") % {"report": report})

    @admin.action(description=_("公布所选年报"))
    def publish(self, request, queryset):
        for report in queryset.filter(published_at=None):
            report.published_at = timezone.now()
            report.save(update_fields=["published_at"])
            audit.record(audit.Action.SITE_SETTINGS, target=str(report), detail=_("公布年报"))
            self.message_user(request, _("%(report)s已公布。") % {"report": report})
