"""Staff accounts (User), the security audit log (安全审计) and what the login rules keep:
recent failed logins, and per account when its password was set and which of its sessions
still hold."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.names import person_name


class User(AbstractUser):
    """A member of staff: Django's own user, named by their name (core.names.person_name: 刘敏,
    not liumin) wherever a user is shown as text — audit trails, revisions, foreign keys,
    select boxes, filters, e-mails. In Django's table (auth_user), where the accounts were
    before this model existed (migrations accounts 0001 and 0002)."""

    # As Django's own user had it (the auth app's AutoField): the table and every key pointing
    # at it stay as they are.
    id = models.AutoField(primary_key=True, verbose_name="ID")

    class Meta(AbstractUser.Meta):
        db_table = "auth_user"

    def __str__(self):
        return person_name(self)


class ImmutableRecord(Exception):
    """Audit rows are written once; the application never changes or deletes them (only
    prune_audit removes rows older than the retention period)."""


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecord("security events cannot be changed")

    def delete(self):
        raise ImmutableRecord("security events cannot be deleted")

    def expire(self, before):
        """Remove the events older than `before`: prune_audit's, and only its, way out."""
        return models.QuerySet.delete(self.filter(at__lt=before))


class SecurityEvent(models.Model):
    """One line of the security audit log: when, who, from which address, what, and the result."""

    # The kinds of event and their results are the audit interface's (core.audit).
    Action = audit.Action
    Result = audit.Result

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # As typed at the login form, or the account's name when the event happened.
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("事件"), max_length=20, choices=Action.choices)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices)
    target = models.CharField(_("对象"), max_length=300, blank=True)
    detail = models.TextField(_("详情"), blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "-at"], name="security_event_action_idx")]

    def __str__(self):
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecord("security events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("security events cannot be deleted")


class LoginFailure(models.Model):
    """A failed login, counted by the lockout (accounts.lockout) while it is recent."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True)
    # The device cookie of the browser, if it had a valid one for this account ("" if not).
    device = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "device", "at"], name="login_failure_account_idx"),
            models.Index(fields=["address", "at"], name="login_failure_address_idx"),
        ]

    def __str__(self):
        return f"{self.username} {self.address} {self.at}"


class AccountState(models.Model):
    """What the account rules keep per member of staff: when the password was set and whether
    by someone else (then it must be changed at the next login, under PASSWORD_MAX_AGE_DAYS),
    and the moment before which every session of the account has ended (logout, a password
    change, deactivation)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_state"
    )
    password_changed_at = models.DateTimeField(default=timezone.now)
    password_set_by_other = models.BooleanField(default=False)
    sessions_valid_after = models.DateTimeField(null=True)

    def __str__(self):
        return str(self.user)
