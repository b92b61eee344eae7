"""sitemap.xml: public articles (published()), the columns in the navigation and the site's own
pages (home, the list of all articles, 网站地图), each with its lastmod (an article's last
change; a column's newest public article). Columns and the site's pages are listed in both
scripts, each naming the other as its hreflang alternate (traditional/: /zh-hant/…, reversed
with the script active). Articles are listed once, in Simplified: Django's i18n sitemaps read
every item into memory, which at 100,000 articles is not what a crawler's visit should cost."""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from news.models import Article, Column


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "updated_at").newest_first()

    def lastmod(self, article):
        return article.updated_at


class BothScripts:
    """Each item at its Simplified and its Traditional address, with both as alternates."""

    i18n = True
    alternates = True
    languages = ["zh-Hans", "zh-Hant"]


class PageSitemap(BothScripts, Sitemap):
    changefreq = "daily"

    def items(self):
        return ["news:home", "news:list", "news:sitemap"]

    def location(self, name):
        return reverse(name)


class ColumnSitemap(BothScripts, Sitemap):
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


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "columns": ColumnSitemap}
