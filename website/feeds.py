"""RSS: the newest public articles at /feed/, and each column's at /feed/<column>/ (Django's
syndication framework; titles and summaries are escaped by it), in Traditional under /zh-hant/
like the pages. Built on published(); the site's name is the one in 站点设置. A browser opening
a feed shows it as a page (static/website/feed.xsl); feed readers ignore the stylesheet."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed, Stylesheet
from django.utils.translation import gettext as _

from news.models import Article, Column, SiteSettings
from traditional.pages import convert_response

FEED_ITEMS = 20


class BrowsableRss(Rss201rev2Feed):
    """RSS 2.0 as application/xml: Chromium shows application/rss+xml as raw text and applies
    no stylesheet to it; feed readers and validators take either."""

    content_type = "application/xml; charset=utf-8"


class LatestArticlesFeed(Feed):
    feed_type = BrowsableRss

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        convert_response(response)
        return response

    def stylesheets(self):
        return [Stylesheet(static("website/feed.xsl"), mimetype="text/xsl")]

    def get_object(self, request, slug=None):
        return get_object_or_404(Column, slug=slug) if slug else None

    def title(self, column):
        site_name = SiteSettings.current().site_name
        return f"{column.name} - {site_name}" if column else site_name

    def link(self, column):
        return column.get_absolute_url() if column else reverse("news:home")

    def description(self, column):
        if column:
            return column.description or _("%(column)s的最新文章") % {"column": column.name}
        return _("%(site)s发布的最新文章") % {"site": SiteSettings.current().site_name}

    def items(self, column):
        articles = Article.objects.published().select_related("column").defer("body")
        if column is not None:
            articles = articles.filter(column=column)
        return articles.newest_first()[:FEED_ITEMS]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary or article.body_text[:200]

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.source
