"""What happens at login, logout and a failed login (Django's auth signals, connected in
accounts.apps): the audit log, the lockout's counts, the session's clocks, the device cookie."""

from core import audit

from . import lockout, sessions
from .backends import LOCKED
from .middleware import ISSUE_DEVICE_COOKIE


def logged_in(sender, request, user, **kwargs):
    sessions.started(request)
    lockout.succeeded(request, user.get_username())
    setattr(request, ISSUE_DEVICE_COOKIE, user.get_username())
    audit.record(audit.Action.LOGIN, user=user, request=request)


def logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    audit.record(audit.Action.LOGOUT, user=user, request=request)
    sessions.end_all(user)


def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")
    if request is None:
        return  # not a login attempt over HTTP (a test's client.login, a script)
    if getattr(request, LOCKED, None):
        audit.record(audit.Action.LOCKED_OUT, result=audit.Result.REFUSED, username=username,
                     request=request)  # fmt: skip
        return
    lockout.failed(request, username)
    audit.record(audit.Action.LOGIN_FAILED, result=audit.Result.FAILED, username=username,
                 request=request)  # fmt: skip
