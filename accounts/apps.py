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
    """Staff accounts and their roles; next, the login lockout and the security audit log."""

    name = "accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        # Listed after the apps whose permissions the roles use (settings.INSTALLED_APPS).
        post_migrate.connect(create_roles, sender=self)
