import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def create_roles(sender, using="default", **kwargs):
    """After migrate (and a test database's flush): the roles exactly as accounts.roles defines
    them. Permissions are made by post_migrate too, for each app before this one."""
    from .roles import sync_roles

    missing = sync_roles(using=using)
    if missing:
        logger.warning("Roles name permissions that do not exist yet: %s", ", ".join(missing))


class AccountsConfig(AppConfig):
    """Staff accounts, their roles and what protects them: the login lockout, the session and
    password rules, the separation of duties in the user admin, and the security audit log."""

    name = "accounts"
    verbose_name = _("账号与安全审计")

    def ready(self):
        from django.contrib.auth import signals

        from core import audit

        from . import checks, receivers  # noqa: F401  (checks registers itself)
        from .models import SecurityEvent

        # The security audit log's events are stored here (core.audit records them).
        audit.writer.register(SecurityEvent.objects.create)

        # Listed after the apps whose permissions the roles use (settings.INSTALLED_APPS).
        post_migrate.connect(create_roles, sender=self)
        signals.user_logged_in.connect(receivers.logged_in, dispatch_uid="accounts.logged_in")
        signals.user_logged_out.connect(receivers.logged_out, dispatch_uid="accounts.logged_out")
        signals.user_login_failed.connect(
            receivers.login_failed, dispatch_uid="accounts.login_failed"
        )
