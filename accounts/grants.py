"""Role and permission grants: each one goes into the security audit log and to the auditors
(审计员: their 消息 and e-mail), so that no account quietly builds itself a way around the review
levels."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext

from core import audit
from core.notify import notify
from core.times import format_minute

from .roles import AUDITOR


def role_change(target, *, added, removed):
    """Record that `target` (an account or a role) gained `added` and lost `removed` (names of
    roles or permissions), and tell the auditors after the commit. Nothing if nothing changed."""
    if not (added or removed):
        return None
    parts = []
    if added:
        parts.append(gettext("增加：%(names)s") % {"names": "、".join(sorted(added))})
    if removed:
        parts.append(gettext("取消：%(names)s") % {"names": "、".join(sorted(removed))})
    detail = "；".join(parts)
    event = audit.record(audit.Action.ROLE_CHANGE, target=audit.describe(target), detail=detail)
    auditors = get_user_model().objects.filter(groups__name=AUDITOR, is_active=True)
    notify(
        auditors,
        subject=gettext("角色或权限变更：%(target)s") % {"target": target},
        text=gettext("%(who)s于 %(at)s 变更了 %(target)s 的角色或权限：%(detail)s")
        % {
            "who": str(event.user) if event.user else (event.username or gettext("系统")),
            "at": format_minute(event.at),
            "target": audit.describe(target),
            "detail": detail,
        },
        link=reverse("admin:accounts_securityevent_changelist") + "?action=role_change",
    )
    return event
