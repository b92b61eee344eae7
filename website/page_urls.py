from django.conf import settings
from django.urls import path
from django.views.decorators.cache import cache_page

from core.methods import read_only

from . import pages as views
from .feeds import LatestArticlesFeed

# The articles' pages and feeds keep the namespace the models reverse (news:detail), in both
# scripts (/zh-hant/…).
app_name = "news"

# Lists change only when articles are published or withdrawn; a few seconds of caching is the
# most they lag (LIST_CACHE_SECONDS). Article pages have their own cache (ArticleDetailView).
listing = cache_page(settings.LIST_CACHE_SECONDS, cache="pages")

urlpatterns = [
    path("", listing(views.HomeView.as_view()), name="home"),
    path("news/", listing(views.ArticleListView.as_view()), name="list"),
    path(
        "news/column/<slug:slug>/",
        listing(views.ColumnArticleListView.as_view()),
        name="column",
    ),
    path("news/<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    path("news/<int:pk>/preview/", views.ArticlePreviewView.as_view(), name="preview"),
    path("feed/", read_only(LatestArticlesFeed()), name="feed"),
    path("feed/<slug:slug>/", read_only(LatestArticlesFeed()), name="column_feed"),
    path("sitemap/", listing(views.SiteMapView.as_view()), name="sitemap"),
]
