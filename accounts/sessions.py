"""Staff sessions: at most ADMIN_SESSION_MAX_SECONDS from login (12 hours), ended after
ADMIN_SESSION_IDLE_SECONDS without a request (30 minutes: Django's own expiry, as
SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST), and all of an account's sessions at once
when it logs out, its password changes or it is deactivated (end_all).

end_all() needs no list of session keys: it notes the moment on the account, and a session
begun or renewed before it no longer holds (checked by accounts.middleware on each request).
"""

import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from core import audit

from .models import AccountState

LOGIN_AT = "accounts_login_at"
VALID_AT = "accounts_valid_at"


def account_state(user):
    """The account's AccountState, read once per request."""
    state = getattr(user, "_account_state_cache", None)
    if state is None:
        state, _created = AccountState.objects.get_or_create(user=user)
        user._account_state_cache = state
    return state


def started(request):
    """A login: the session's clocks start now."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[VALID_AT] = now


def end_all(user):
    """End every session of the account. The session of the request being served, if it is
    the account's own, is renewed instead (a user who changed their own password stays in;
    logout flushes it anyway)."""
    state = account_state(user)
    state.sessions_valid_after = timezone.now()
    state.save(update_fields=["sessions_valid_after"])
    request = audit.current_request()
    own = request is not None and getattr(getattr(request, "user", None), "pk", None) == user.pk
    if own and hasattr(request, "session"):
        request.session[VALID_AT] = state.sessions_valid_after.timestamp()


def refusal(request):
    """Why the logged-in session of this request no longer holds, or None."""
    login_at = request.session.get(LOGIN_AT)
    valid_at = request.session.get(VALID_AT, login_at)
    if login_at is None or time.time() - login_at > settings.ADMIN_SESSION_MAX_SECONDS:
        return gettext("登录已超过 %(hours)s 小时，请重新登录。") % {
            "hours": settings.ADMIN_SESSION_MAX_SECONDS // 3600
        }
    valid_after = account_state(request.user).sessions_valid_after
    if valid_after is not None and valid_at < valid_after.timestamp():
        return gettext("您的账号已退出登录、修改了密码或被停用，请重新登录。")
    return None
