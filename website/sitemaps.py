"""sitemap.xml: public articles (published()) and the columns in the navigation, each with its
lastmod (an article's last change; a column's newest public article)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery

from news.models import Article, Column


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "updated_at").newest_first()

    def lastmod(self, article):
        return article.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        newest = (
            Article.objects.published()
            .filter(column=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return (
            Column.objects.filter(visible=True)
            .annotate(newest=Subquery(newest))
            .order_by("order", "pk")
        )

    def lastmod(self, column):
        return column.newest


SITEMAPS = {"articles": ArticleSitemap, "columns": ColumnSitemap}
