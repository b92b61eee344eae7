from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from core import audit

from . import lockout, sessions
from .passwords import password_expired

ISSUE_DEVICE_COOKIE = "accounts_issue_device_cookie"


class AccountRulesMiddleware:
    """The session limits (accounts.sessions) and the forced password change on every request
    of a logged-in member of staff; the device cookie after a login (accounts.lockout).
    After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            response = self._check(request)
            if response is not None:
                return response
        response = self.get_response(request)
        username = getattr(request, ISSUE_DEVICE_COOKIE, None)
        if username:
            lockout.set_device_cookie(response, username)
        return response

    def _check(self, request):
        reason = sessions.refusal(request)
        if reason:
            audit.record(audit.Action.SESSION_ENDED, result=audit.Result.REFUSED, detail=reason)
            request.session.flush()
            request.user = AnonymousUser()
            messages.warning(request, reason)
            return None  # the page goes on for an anonymous visitor (the admin: to login)
        if password_expired(request.user) and request.path.startswith("/admin/"):
            allowed = {reverse("admin:password_change"), reverse("admin:password_change_done"),
                       reverse("admin:logout"), reverse("admin:jsi18n")}  # fmt: skip
            if request.path not in allowed:
                messages.warning(request, gettext("您的密码已过期或由他人设置，请先修改密码。"))
                return redirect("admin:password_change")
        return None
