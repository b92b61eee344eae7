"""政府信息公开, the section the 政府信息公开条例 lays out: 指南 and 制度 (columns),
法定主动公开内容 (the columns of article 20), 依申请公开 (its form and guide: the cases app's
channel) and the 年报 (compliance's DisclosureAnnualReport) — a page per report and a Word
file of it (templates zfxxgk/*.html)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from cases.models import Channel
from compliance.disclosure_report import application_table
from compliance.models import DisclosureAnnualReport
from core.methods import read_only
from news.models import Column, DisclosureSection


class DisclosureIndexView(TemplateView):
    """zfxxgk/index.html: ``sections`` [(label, [columns])], ``applications`` (the 依申请公开
    channels), ``reports`` (the published 年报)."""

    template_name = "zfxxgk/index.html"

    def get_context_data(self, **kwargs):
        columns = Column.objects.exclude(disclosure_section="").order_by("order", "pk")
        sections = [
            (section.label, [c for c in columns if c.disclosure_section == section])
            for section in DisclosureSection
        ]
        return super().get_context_data(
            sections=sections,
            applications=Channel.objects.filter(kind=Channel.Kind.DISCLOSURE, visible=True),
            reports=DisclosureAnnualReport.objects.exclude(published_at=None),
            **kwargs,
        )


def _report(request, year):
    """The year's report: public once published; before that only for staff who may see it."""
    report = get_object_or_404(DisclosureAnnualReport, year=year)
    staff = request.user.has_perm("compliance.view_disclosureannualreport")
    if report.published_at is None and not staff:
        raise Http404
    return report


def _context(report):
    return {"report": report, "figures": report.figures, "table": application_table(report.figures)}


class DisclosureReportView(TemplateView):
    """zfxxgk/report.html: ``report``, its ``figures`` and the 依申请公开 ``table``."""

    template_name = "zfxxgk/report.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**_context(_report(self.request, kwargs["year"])))


@read_only
def report_download(request, year):
    """The report as a Word file (HTML Word opens and saves as .doc), to edit or print."""
    report = _report(request, year)
    html = render_to_string("zfxxgk/report_document.html", _context(report), request=request)
    response = HttpResponse(html, content_type="application/msword; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{report}.doc")
    return response
