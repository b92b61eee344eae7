from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from news import uploads

admin.site.site_header = _("蔡桥镇人民政府网站管理")
admin.site.site_title = _("蔡桥镇网站管理")
admin.site.index_title = _("内容管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Our checked upload view answers before django-ckeditor's own (same URL name).
    path("ckeditor/upload/", uploads.upload, name="ckeditor_upload"),
    path("ckeditor/", include("ckeditor_uploader.urls")),
    path("", include("news.urls")),
]


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]
