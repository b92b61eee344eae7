"""Password rules beyond Django's own validators (settings.AUTH_PASSWORD_VALIDATORS): a password
that contains the user name is refused, and the 等级保护 extras, each off unless its setting asks
for it.

- PASSWORD_MIN_CHARACTER_CLASSES (0 = off): how many of lower-case letters, capitals, digits
  and other characters a password must mix.
- PASSWORD_MAX_AGE_DAYS (0 = off): a password older than this, or one set by someone else (a
  new account, a reset), must be changed at the next login (accounts.middleware).

PasswordHistory is installed whatever the settings: Django calls its password_changed() each
time any password is saved (admin, changepassword, set_password + save), which is where the
date is kept, the change goes into the audit log and the account's other sessions end.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext

CHARACTER_CLASSES = {
    "lower": re.compile(r"[a-z]"),
    "upper": re.compile(r"[A-Z]"),
    "digit": re.compile(r"[0-9]"),
    "other": re.compile(r"[^a-zA-Z0-9]"),
}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in Chinese: Django 5.2 changed the message's text and its
    Chinese catalogue still has the old one, so the refusal came out in English."""

    def get_error_message(self):
        return gettext("密码太短，至少需要 %(n)d 个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return gettext("密码至少需要 %(n)d 个字符。") % {"n": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's, which also refuses a password that contains the user name (or the name, or the
    e-mail address's local part), in any case. Django's alone measures likeness over the
    whole password: the name written twice (zuozhe2zuozhe2 for zuozhe2) is only 67 % like it,
    under its 70 %, and passed — in every form, the admin's included. Values shorter than three
    characters are left to the likeness measure (a two-letter name is in many passwords)."""

    def validate(self, password, user=None):
        super().validate(password, user)
        if not user:
            return
        folded = password.casefold()
        for attribute in self.user_attributes:
            value = getattr(user, attribute, None)
            if not value or not isinstance(value, str):
                continue
            parts = [value, value.partition("@")[0]] if "@" in value else [value]
            if any(len(part) >= 3 and part.casefold() in folded for part in parts):
                try:
                    verbose_name = str(user._meta.get_field(attribute).verbose_name)
                except FieldDoesNotExist:
                    verbose_name = attribute
                raise ValidationError(
                    gettext("密码不能包含%(verbose_name)s。"),
                    code="password_too_similar",
                    params={"verbose_name": verbose_name},
                )


class CharacterClassesValidator:
    def _required(self):
        return min(settings.PASSWORD_MIN_CHARACTER_CLASSES, len(CHARACTER_CLASSES))

    def validate(self, password, user=None):
        required = self._required()
        found = sum(bool(pattern.search(password)) for pattern in CHARACTER_CLASSES.values())
        if found < required:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        required = self._required()
        if not required:
            return ""
        return ngettext(
            "密码必须包含小写字母、大写字母、数字和其他符号中的至少 %(n)d 类。",
            "密码必须包含小写字母、大写字母、数字和其他符号中的至少 %(n)d 类。",
            required,
        ) % {"n": required}


class PasswordHistory:
    """Keeps when each password was set (see the module's docstring); validates nothing."""

    def validate(self, password, user=None):
        return None

    def get_help_text(self):
        days = settings.PASSWORD_MAX_AGE_DAYS
        if not days:
            return ""
        return gettext("密码每 %(days)s 天必须更换一次。") % {"days": days}

    def password_changed(self, password, user):
        from core import audit

        from . import sessions

        if user.pk is None:
            return
        request = audit.current_request()
        by = getattr(request, "user", None)
        set_by_other = bool(by and by.is_authenticated and by.pk != user.pk)
        state = sessions.account_state(user)
        state.password_changed_at = timezone.now()
        state.password_set_by_other = set_by_other
        state.save()
        # Every session of the account ends; the admin keeps the current one of a user who
        # changed their own password (update_session_auth_hash).
        sessions.end_all(user)
        audit.record(
            audit.Action.PASSWORD_CHANGE,
            target=audit.describe(user),
            detail=gettext("由他人设置，下次登录须修改") if set_by_other else "",
        )


def password_expired(user):
    """True if the user must change their password before doing anything else."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days:
        return False
    from .sessions import account_state

    state = account_state(user)
    return state.password_set_by_other or (
        timezone.now() - state.password_changed_at > timedelta(days=days)
    )
