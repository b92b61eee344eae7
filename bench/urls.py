"""The site's URLs plus /bench/floor/<id>/ (bench/floor.py), served inside the site's own
middleware stack."""

from django.urls import path

from bench.floor import floor
from caiqiao.urls import handler404, handler500
from caiqiao.urls import urlpatterns as site_urlpatterns

# The site's patterns themselves, not include()d: they hold i18n_patterns (/zh-hant/), which
# Django allows only in the root URLconf.
urlpatterns = [path("bench/floor/<int:pk>/", floor), *site_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
