"""View statistics for staff (浏览统计): rankings, per-column and per-month totals, one article's
days, and the SVG chart of them. All figures come from DailyViews, whose days add up to each
article's view_count."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from news.models import Column

from .models import DailyViews

PERIODS = [
    ("today", gettext_lazy("今天")),
    ("7", gettext_lazy("最近 7 天")),
    ("30", gettext_lazy("最近 30 天")),
    ("range", gettext_lazy("自选日期")),
]
MAX_DAYS = 3 * 366


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("时间"), choices=PERIODS, initial="7",
                               required=False)  # fmt: skip
    start = forms.DateField(label=gettext_lazy("从"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    end = forms.DateField(label=gettext_lazy("到"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    column = forms.ModelChoiceField(
        label=gettext_lazy("栏目"),
        queryset=Column.objects.all(),
        required=False,
        empty_label=gettext_lazy("全部栏目"),
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        period = data.get("period") or "7"
        if period == "range":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("自选日期时请填写开始和结束日期。"))
            if start > end:
                raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("一次最多统计三年。"))
        elif period == "today":
            start = end = today
        else:
            start, end = today - timedelta(days=int(period) - 1), today
        data.update(period=period, start=start, end=end)
        return data


@dataclass
class Period:
    start: date
    end: date
    column: Column | None = None

    def days(self):
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def views(self):
        rows = DailyViews.objects.filter(date__range=(self.start, self.end))
        return rows.filter(article__column=self.column) if self.column else rows


def ranking(period, limit=50):
    """点击排行: the most-read articles in the period, with their all-time totals."""
    return list(
        period.views()
        .values("article", "article__title", "article__column__name", "article__view_count")
        .annotate(views=Sum("views"))
        .order_by("-views", "article")[:limit]
    )


def column_totals(period):
    return list(
        period.views()
        .values("article__column__name")
        .annotate(views=Sum("views"))
        .order_by("-views")
    )


def month_totals(period):
    """[(month, {column name: views}, total)] for each month of the period, oldest first."""
    rows = (
        period.views()
        .annotate(month=TruncMonth("date"))
        .values("month", "article__column__name")
        .annotate(views=Sum("views"))
        .order_by("month")
    )
    months = {}
    for row in rows:
        months.setdefault(row["month"], {})[row["article__column__name"]] = row["views"]
    return [(month, columns, sum(columns.values())) for month, columns in months.items()]


def article_days(article, period):
    """[(date, views)] for every day of the period, days without views included."""
    views = dict(
        article.daily_views.filter(date__range=(period.start, period.end)).values_list(
            "date", "views"
        )
    )
    return [(day, views.get(day, 0)) for day in period.days()]


def svg_chart(days, *, title):
    """A bar chart of [(date, views)] as inline SVG, drawn here: no script, no CDN."""
    width, height, left, bottom, top = 760, 260, 48, 28, 16
    plot_width, plot_height = width - left - 8, height - bottom - top
    highest = max([views for _, views in days] + [1])
    step = plot_width / max(len(days), 1)

    def number(value):  # format_html escapes its arguments, so numbers go in as text
        return f"{value:.1f}"

    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#b3141c"><title>{}：{}</title></rect>',
        (
            (
                number(left + index * step + step * 0.1),
                number(top + plot_height - plot_height * views / highest),
                number(max(step * 0.8, 1)),
                number(plot_height * views / highest),
                day.isoformat(),
                views,
            )
            for index, (day, views) in enumerate(days)
        ),
    )
    label_every = max(1, len(days) // 8)
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
        (
            (number(left + index * step + step / 2), height - 8, day.strftime("%m-%d"))
            for index, (day, _views) in enumerate(days)
            if index % label_every == 0
        ),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/>',
        (
            (left - 6, number(top + plot_height * (1 - share) + 4), round(highest * share),
             left, width - 8, number(top + plot_height * (1 - share)),
             number(top + plot_height * (1 - share)))
            for share in (0, 0.5, 1)
        ),
    )  # fmt: skip
    return format_html(
        '<svg class="views-chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}{}{}</svg>',
        width,
        height,
        title,
        ticks,
        bars,
        labels,
    )


CSV_TABLES = ("ranking", "columns", "months")


def csv_table(name, ranking, columns, months):
    """(header, rows) of one of CSV_TABLES, from what the statistics page shows."""
    if name == "ranking":
        return (
            [_("名次"), _("标题"), _("栏目"), _("期间浏览"), _("累计浏览")],
            [(n, r["article__title"], r["article__column__name"], r["views"],
              r["article__view_count"]) for n, r in enumerate(ranking, start=1)],
        )  # fmt: skip
    if name == "columns":
        return [_("栏目"), _("期间浏览")], [
            (r["article__column__name"], r["views"]) for r in columns
        ]
    return (
        [_("月份"), _("栏目"), _("浏览")],
        [(f"{month:%Y-%m}", column, views)
         for month, by_column, _total in months for column, views in by_column.items()],
    )  # fmt: skip
