from ckeditor_uploader import views as ckeditor_views
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.static import serve

from news import uploads

admin.site.site_header = _("蔡桥镇人民政府网站管理")
admin.site.site_title = _("蔡桥镇网站管理")
admin.site.index_title = _("内容管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Our checked upload view, for every address django-ckeditor's own would answer
    # (its pattern has no end anchor), and its browse view; its CSRF-exempt upload view is
    # not reachable.
    re_path(r"^ckeditor/upload/", uploads.upload, name="ckeditor_upload"),
    re_path(
        r"^ckeditor/browse/",
        never_cache(staff_member_required(ckeditor_views.browse)),
        name="ckeditor_browse",
    ),
    path("", include("news.urls")),
]


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]
