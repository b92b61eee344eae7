from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from . import preferences, views
from .feeds import LatestArticlesFeed
from .sitemaps import SITEMAPS

app_name = "website"

urlpatterns = [
    path("preferences/", preferences.choose, name="preferences"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("feed/<slug:slug>/", LatestArticlesFeed(), name="column_feed"),
    path(
        "sitemap.xml",
        cache_page(600, cache="pages")(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),  # fmt: skip
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
]
