from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.downloads import csv_response
from news.models import Article

from . import stats
from .models import ViewStatistics
from .policy import policy_text


@admin.register(ViewStatistics)
class ViewStatisticsAdmin(ReadOnlyAdmin):
    """浏览统计: one page of rankings and totals, and a page per article with its chart."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.statistics_view), name="readership_viewstatistics_changelist"),
            path(
                "article/<int:article_id>/",
                view(self.article_view),
                name="readership_viewstatistics_article",
            ),
        ]

    def _period(self, request):
        form = stats.PeriodForm(request.GET or {"period": "7"})
        if not form.is_valid():
            return form, None
        data = form.cleaned_data
        return form, stats.Period(data["start"], data["end"], data["column"])

    def _context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "policy": policy_text(),
            **context,
        }

    def statistics_view(self, request):
        """admin/readership/viewstatistics/index.html: 点击排行, totals per column and per month;
        ?csv=ranking|columns|months downloads a table."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form, period = self._period(request)
        if period is None:
            context = self._context(request, title=_("浏览统计"), form=form)
            return TemplateResponse(request, "admin/readership/viewstatistics/index.html", context)
        ranking = stats.ranking(period)
        columns = stats.column_totals(period)
        months = stats.month_totals(period)
        table = request.GET.get("csv")
        if table in stats.CSV_TABLES:
            header, rows = stats.csv_table(table, ranking, columns, months)
            span = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
            return csv_response(f"views-{table}-{span}.csv", header, rows)
        context = self._context(
            request,
            title=_("浏览统计"),
            form=form,
            period=period,
            ranking=ranking,
            columns=columns,
            months=months,
            month_columns=sorted({name for _m, by_column, _t in months for name in by_column}),
            query=request.GET.urlencode(),
        )
        return TemplateResponse(request, "admin/readership/viewstatistics/index.html", context)

    def article_view(self, request, article_id):
        """admin/readership/viewstatistics/article.html: one article's views per day, as an SVG
        chart and a table; ?csv=1 downloads them."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=article_id)
        form = stats.PeriodForm(request.GET or {"period": "30"})
        period = None
        if form.is_valid():
            period = stats.Period(form.cleaned_data["start"], form.cleaned_data["end"])
        days = stats.article_days(article, period) if period else []
        if period and request.GET.get("csv"):
            return csv_response(
                f"views-article-{article.pk}.csv",
                [gettext("日期"), gettext("浏览")],
                [(day.isoformat(), views) for day, views in days],
            )
        context = self._context(
            request,
            title=gettext("《%(title)s》浏览统计") % {"title": article.title},
            article=article,
            form=form,
            days=days,
            total=sum(views for _day, views in days),
            chart=stats.svg_chart(days, title=article.title) if days else "",
            query=request.GET.urlencode(),
        )
        return TemplateResponse(request, "admin/readership/viewstatistics/article.html", context)
