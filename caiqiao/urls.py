from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from news import uploads
from website import views as website_views
from website.media import serve_media

admin.site.site_header = _("蔡桥镇人民政府网站管理")
admin.site.site_title = _("蔡桥镇网站管理")
admin.site.index_title = _("内容管理")
admin.site.logout_template = "autosave/logged_out.html"  # forgets the browser's autosaves

# The database being down is a 503, not a 500 (website.views.server_error); a 404 is in the
# script of its address.
handler500 = "website.views.server_error"
handler404 = "website.views.page_not_found"

urlpatterns = [
    path("healthz", website_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Our checked upload view, for every address django-ckeditor's own would answer (its
    # pattern has no end anchor): its CSRF-exempt upload view is not reachable. Its browse
    # view is not served (the editor's config has no browse address).
    re_path(r"^ckeditor/upload/", uploads.upload, name="ckeditor_upload"),
    path("", include("wordpaste.urls")),
    # Uploads, when Django serves them itself (SERVE_MEDIA; in production the web server does).
    re_path(r"^media/(?P<path>.*)$", serve_media),
    path("", include("opendata.urls")),
    path("", include("website.urls")),
    path("", include("attachments.urls")),
    path("", include("cases.urls")),
    path("captcha/", include("captcha.urls")),
]
# The public site: at today's addresses in Simplified, and the same under /zh-hant/ in
# Traditional characters (traditional/).
urlpatterns += i18n_patterns(
    path("", include("search.urls")),
    path("", include("website.page_urls")),
    prefix_default_language=False,
)
