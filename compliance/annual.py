"""The figures of a town's annual website report (政府网站年度工作报表) for one year: articles
published per column and per month, 政务公开 documents published, views in total and per column,
the busiest articles, and the broken links found and fixed (links, from check_links)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

BUSIEST_SHOWN = 10


@dataclass
class ColumnYear:
    column: object
    months: list  # 12 counts of articles first published
    published: int
    views: int


@dataclass
class AnnualReport:
    year: int
    columns: list
    month_totals: list
    published: int
    disclosure_documents: int
    views: int
    busiest: list  # (article, views)
    links_found: int | None  # None: the link checker is not installed
    links_fixed: int | None


def year_bounds(year):
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def annual_report(year):
    """The figures for year (Beijing time). An article counts in the year it first went out
    (first_published_at), also if it was withdrawn later — but only once it went out on this
    site (an audit record says so): an old site's article imported as a draft and not yet
    approved does not count, nor its old views. Views are those of the year's days."""
    from news.models import Article, AuditRecord, Column
    from readership.models import DailyViews

    start, end = year_bounds(year)
    went_out = AuditRecord.objects.filter(
        article=OuterRef("pk"), to_status=Article.Status.PUBLISHED
    )
    published = Article.objects.filter(Exists(went_out))
    out = published.filter(first_published_at__gte=start, first_published_at__lt=end)
    by_month = {}
    for row in out.annotate(month=ExtractMonth("first_published_at")).values(
        "column", "month"
    ).annotate(count=Count("pk")):  # fmt: skip
        by_month[(row["column"], row["month"])] = row["count"]
    days = DailyViews.objects.filter(
        date__gte=start.date(), date__lt=end.date(), article__in=published.values("pk")
    )
    views_by_column = dict(
        days.values_list("article__column")
        .annotate(total=Sum("views"))
        .values_list("article__column", "total")
    )
    columns = []
    for column in Column.objects.order_by("order", "pk"):
        months = [by_month.get((column.pk, month), 0) for month in range(1, 13)]
        columns.append(ColumnYear(column, months, sum(months), views_by_column.get(column.pk) or 0))
    busiest_rows = list(
        days.values("article")
        .annotate(total=Sum("views"))
        .order_by("-total", "article")[:BUSIEST_SHOWN]
    )
    titles = Article.objects.in_bulk([row["article"] for row in busiest_rows])
    found = fixed = None
    try:
        from links.models import CheckedLink
    except ImportError:
        pass
    else:
        found = CheckedLink.objects.found_broken_between(start, end).count()
        fixed = CheckedLink.objects.fixed_between(start, end).count()
    return AnnualReport(
        year=year,
        columns=columns,
        month_totals=[sum(c.months[month] for c in columns) for month in range(12)],
        published=sum(c.published for c in columns),
        disclosure_documents=out.filter(
            Q(column__requires_disclosure=True) | ~Q(document_number="")
        ).count(),
        views=sum(c.views for c in columns),
        busiest=[(titles[row["article"]], row["total"]) for row in busiest_rows],
        links_found=found,
        links_fixed=fixed,
    )


def csv_rows(report):
    """The report as the rows of one CSV sheet (header first)."""
    header = ["栏目", *[f"{month}月" for month in range(1, 13)], "全年发布", "全年浏览次数"]
    rows = [[c.column.name, *c.months, c.published, c.views] for c in report.columns]
    rows.append(["合计", *report.month_totals, report.published, report.views])
    rows.append([])
    rows.append(["政务公开文件发布数", report.disclosure_documents])
    if report.links_found is not None:
        rows.append(["发现失效链接", report.links_found])
        rows.append(["修复失效链接", report.links_fixed])
    rows.append([])
    rows.append(["浏览最多的文章", "浏览次数"])
    rows += [[article.title, views] for article, views in report.busiest]
    return header, rows
