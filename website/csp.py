"""Content-Security-Policy on every response (django-csp).

- Public pages: settings.CONTENT_SECURITY_POLICY (nothing inline, nothing foreign).
- The admin and the editor's upload address: settings.ADMIN_CONTENT_SECURITY_POLICY, which adds
  inline styles (CKEditor and the admin's widgets set them); scripts still only from this site.
- A page that shows the rich-text editor: also inline script (allow_rich_text_editor()).
  CKEditor 4 wires its toolbar and dialogs with inline event handlers
  (onclick="CKEDITOR.tools.callFunction(12,this)"), which no hash or nonce can allow; the
  bodies it edits are cleaned by nh3 on every save, so no stored handler reaches it.
- A response that brings its own policy keeps it (media files: website.media).
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

STAFF_PREFIXES = ("/admin/", "/ckeditor/")


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(STAFF_PREFIXES)
        ):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def allow_rich_text_editor(response):
    """The response shows CKEditor: allow its inline event handlers (see above)."""
    response._csp_update = {"script-src": ["'unsafe-inline'"]}
    return response
