"""Content-Security-Policy and Permissions-Policy on every response (django-csp).

- Public pages: settings.CONTENT_SECURITY_POLICY (nothing inline, nothing foreign).
- The admin and the editor's upload address: settings.ADMIN_CONTENT_SECURITY_POLICY, which adds
  inline styles (CKEditor and the admin's widgets set them); scripts still only from this site.
- A page that shows the rich-text editor: also inline script (allow_rich_text_editor()).
  CKEditor 4 wires its toolbar and dialogs with inline event handlers
  (onclick="CKEDITOR.tools.callFunction(12,this)"), which no hash or nonce can allow; the
  bodies it edits are cleaned by nh3 on every save, so no stored handler reaches it.
- A response that brings its own policy keeps it (media files: website.media).
- Permissions-Policy: no page of the site, public or admin, uses the camera, the microphone, the
  location or any other device or tracking feature, so none may be asked for, not even by a
  script that got in. Only features Chromium knows (an unknown one is an error in its console;
  interest-cohort, FLoC's, is gone: browsing-topics is its successor).
"""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

STAFF_PREFIXES = ("/admin/", "/ckeditor/")
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation",
        "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb",
    ]
)  # fmt: skip


# What a response may carry to change its policy (django-csp's decorators and ours).
_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        """The two usual policies are built once per process (django-csp builds the header
        anew for every response: a tenth of a millisecond, on every page); a response with
        its own policy, an override or a nonce goes through django-csp as usual."""
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        plain = (
            HEADER not in response
            and not any(getattr(response, name, None) for name in _OVERRIDES)
            and getattr(request, "_csp_nonce", None) is None
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        )
        if not plain:
            return super().process_response(request, response)
        staff = request.path_info.startswith(STAFF_PREFIXES)
        response[HEADER] = _policy(
            "ADMIN_CONTENT_SECURITY_POLICY" if staff else "CONTENT_SECURITY_POLICY"
        )
        return response

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


_built = {}


def _policy(setting):
    """The header of a policy setting, built once per configuration (tests change settings)."""
    directives = getattr(settings, setting)["DIRECTIVES"]
    key = (setting, repr(directives))
    if key not in _built:
        _built[key] = build_policy(config=directives)
    return _built[key]
