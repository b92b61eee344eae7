"""Role and permission grants: each one goes into the security audit log and is mailed to the
auditors (审计员), so that no account quietly builds itself a way around the review levels."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext

from . import audit
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
    addresses = sorted({user.email for user in auditors if user.email})
    if addresses:
        subject = gettext("角色或权限变更：%(target)s") % {"target": target}
        message = gettext(
            "%(who)s 于 %(at)s 变更了 %(target)s 的角色或权限：%(detail)s\n\n%(url)s"
        ) % {
            "who": event.username or gettext("系统"),
            "at": f"{event.at:%Y-%m-%d %H:%M}",
            "target": audit.describe(target),
            "detail": detail,
            "url": settings.SITE_URL + "/admin/accounts/securityevent/?action=role_change",
        }
        transaction.on_commit(lambda: send_mail(subject, message, None, addresses))
    return event
