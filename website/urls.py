from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from core.methods import read_only

from . import disclosure, preferences, views
from .sitemaps import SITEMAPS

app_name = "website"

urlpatterns = [
    path("preferences/", preferences.choose, name="preferences"),
    path(
        "sitemap.xml",
        cache_page(600, cache="pages")(read_only(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),  # fmt: skip
    path("robots.txt", views.robots_txt, name="robots"),
    path("zfxxgk/", disclosure.DisclosureIndexView.as_view(), name="disclosure"),
    path(
        "zfxxgk/nianbao/<int:year>/",
        disclosure.DisclosureReportView.as_view(),
        name="disclosure_report",
    ),
    path(
        "zfxxgk/nianbao/<int:year>/download/",
        disclosure.report_download,
        name="disclosure_report_download",
    ),
    path("favicon.ico", views.favicon),
]
