from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyViews(models.Model):
    """Views of one article on one day (Beijing time), kept in the same transaction as the
    article's total: the total always equals the sum of its days."""

    article = models.ForeignKey(
        "news.Article", verbose_name=_("文章"), on_delete=models.CASCADE, related_name="daily_views"
    )
    date = models.DateField(_("日期"))
    views = models.PositiveIntegerField(_("浏览次数"), default=0)

    class Meta:
        # Moved from the news app; the table kept its name.
        db_table = "news_dailyviews"
        verbose_name = _("每日浏览")
        verbose_name_plural = _("每日浏览")
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="daily_views_unique")
        ]
        # Rankings and totals over a range of days.
        indexes = [models.Index(fields=["date", "article"], name="daily_views_date_idx")]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.views}"


class ViewStatistics(DailyViews):
    """浏览统计 in the admin: rankings, totals and charts read from DailyViews."""

    class Meta:
        proxy = True
        verbose_name = _("浏览统计")
        verbose_name_plural = _("浏览统计")
