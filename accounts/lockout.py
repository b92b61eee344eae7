"""Login lockout: repeated failed logins lock the account, and the address they come from.

The defaults are 等级保护 2.0's usual reading (5 failures lock the account for 30 minutes);
every number is a setting (docs/operators/production.md).

- Per address: LOGIN_FAILURES_PER_ADDRESS failures from one address within
  LOGIN_LOCKOUT_MINUTES lock that address out of every account (password spraying).
- Per account: LOGIN_FAILURES_PER_ACCOUNT failures for one user name within
  LOGIN_LOCKOUT_MINUTES lock it, but only for
  browsers that have not logged into that account before. A browser that has keeps a signed
  device cookie for the account; its failures are counted on their own. So someone on the
  internet can lock an account against strangers, never against its owner's own computer
  ("device cookies", as OWASP describes them).

Addresses come from core.clients (a forged X-Forwarded-For changes nothing). Failures are
counted per user name as typed, whether the account exists or not, so a lockout tells nothing
about which accounts exist. While locked, attempts are refused without checking the password
(and not counted again). A lock lasts LOGIN_LOCKOUT_MINUTES from the failure that reached the
limit, not from the first of the failures counted: five failures spread over 29 minutes lock for
30 minutes, not for one.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext

from core.clients import client_address

from .models import LoginFailure

DEVICE_COOKIE = "cq_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600
_DEVICE_SALT = "accounts.lockout.device"


def device_of(request, username):
    """The id of this browser's device cookie if it is valid and for this account, else ""."""
    try:
        value = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=_DEVICE_SALT, max_age=DEVICE_COOKIE_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return ""
    if not isinstance(value, dict) or value.get("u") != username:
        return ""
    return str(value.get("d", ""))[:64]


def set_device_cookie(response, username):
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps({"u": username, "d": secrets.token_hex(16)}, salt=_DEVICE_SALT),
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
        path="/admin/",
    )


def _window():
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _left(failures, limit):
    """How many more of these failures may come before the lock: 0 while it holds, which is
    for a window from the last failure if that one and those in the window before it reached
    the limit (while locked, none is added)."""
    now, window = timezone.now(), _window()
    last = failures.filter(at__gte=now - window).order_by("-at").values_list("at", flat=True)
    last = last.first()
    if last is None:
        return limit
    if failures.filter(at__gte=last - window, at__lte=last).count() >= limit:
        return 0
    return limit - failures.filter(at__gte=now - window).count()


def attempts_left(request, username):
    """How many more failures this client may have before it is locked out of username."""
    address = client_address(request) or None
    by_account = _left(
        LoginFailure.objects.filter(username=username, device=device_of(request, username)),
        settings.LOGIN_FAILURES_PER_ACCOUNT,
    )
    if address is None:
        return by_account
    by_address = _left(
        LoginFailure.objects.filter(address=address), settings.LOGIN_FAILURES_PER_ADDRESS
    )
    return min(by_account, by_address)


def refusal(request, username):
    """The message for a login that is locked out, or None if it may go ahead."""
    if attempts_left(request, username) > 0:
        return None
    return gettext(
        "登录失败次数过多，已暂时锁定。请 %(minutes)s 分钟后再试，或请站点管理员解除锁定。"
    ) % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}


def failed(request, username):
    forget_old()
    LoginFailure.objects.create(
        username=username[:150],
        address=client_address(request) or None,
        device=device_of(request, username),
    )


def succeeded(request, username):
    """The owner got in: their own recent mistakes from this browser are forgotten."""
    address = client_address(request) or None
    LoginFailure.objects.filter(
        username=username,
        device=device_of(request, username),
        **({"address": address} if address else {"address__isnull": True}),
    ).delete()


def unlock(username):
    """Forget the account's recent failures (a site admin's 解除登录锁定)."""
    return LoginFailure.objects.filter(username=username).delete()[0]


def forget_old():
    """Failures older than two windows count for nothing: a lock that holds now began within
    the last window, with failures from the window before it."""
    LoginFailure.objects.filter(at__lt=timezone.now() - 2 * _window()).delete()
