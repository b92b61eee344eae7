"""The security audit log (安全审计): record() writes one event, to the database and, as one JSON
line, to the `caiqiao.audit` log stream (settings.LOGGING), which can be shipped off the host.

Every app records through this module; the accounts app stores the events (its SecurityEvent
model) and registers itself as the one writer (accounts/apps.py: ``writer.register``), so that
the apps below it (news, attachments) record without importing it.

The request being served is known to record() through AuditContextMiddleware, so code deep in
the workflow (news.services) records the client's address without being handed the request.
Addresses come from core.clients: X-Forwarded-For only from our own proxies.
"""

import contextvars
import json
import logging
from contextlib import contextmanager

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .clients import client_address
from .hooks import Hook

logger = logging.getLogger("caiqiao.audit")
_current_request = contextvars.ContextVar("audit_request", default=None)
_unlogged = contextvars.ContextVar("audit_unlogged", default=False)


class Action(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("登录被锁定")
    SESSION_ENDED = "session_ended", _("会话超时")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    ACCOUNT_CREATE = "account_create", _("新建账号")
    ACCOUNT_CHANGE = "account_change", _("修改账号")
    ROLE_CHANGE = "role_change", _("角色或权限变更")
    UPLOAD = "upload", _("上传文件")
    SITE_SETTINGS = "site_settings", _("修改站点设置")
    WORKFLOW = "workflow", _("稿件流转")
    ARTICLE_DELETE = "article_delete", _("彻底删除文章")
    CASE = "case", _("来信办理")


class Result(models.TextChoices):
    SUCCESS = "success", _("成功")
    REFUSED = "refused", _("拒绝")
    FAILED = "failed", _("失败")


# Stores one event from its fields (at, user, username, address, action, result, target,
# detail) and returns it: accounts.SecurityEvent.objects.create.
writer = Hook("security audit log writer", single=True)


class AuditContextMiddleware:
    """Makes the request known to record() while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


@contextmanager
def unlogged():
    """Events recorded inside are stored but not written to the log stream (seed_demo's
    made-up history, which would otherwise fill a newcomer's terminal)."""
    token = _unlogged.set(True)
    try:
        yield
    finally:
        _unlogged.reset(token)


def current_request():
    """The request being served, if any (None in management commands)."""
    return _current_request.get()


def record(action, *, result=Result.SUCCESS, user=None, username="", target="", detail="",
           request=None):  # fmt: skip
    """Write one event. `user` is who did it (the request's user by default), `username` the
    name typed at the login form when there is no such user; `target` names what it was done
    to. Inside a transaction, the row goes with it and the log line leaves after the commit."""
    request = request or _current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    event = writer(
        at=timezone.now(),
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        address=(client_address(request) or None) if request is not None else None,
        action=action,
        result=result,
        target=str(target)[:300],
        detail=str(detail),
    )
    if not _unlogged.get():
        transaction.on_commit(lambda: logger.info(json_line(event)))
    return event


def json_line(event):
    return json.dumps(
        {
            "at": timezone.localtime(event.at).isoformat(),
            "event": event.action,
            "result": event.result,
            "user": event.username,
            "user_id": event.user_id,
            "address": event.address,
            "target": event.target,
            "detail": event.detail,
        },
        ensure_ascii=False,
    )


def describe(obj):
    """How an object is named in the log: its kind, id and name (文章 #12《…》)."""
    return f"{obj._meta.verbose_name} #{obj.pk}《{obj}》"
