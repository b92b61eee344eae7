from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from . import lockout
from .backends import LOCKED

# From how many attempts left the login page warns.
WARN_BELOW = 4


class StaffLoginForm(AdminAuthenticationForm):
    """The admin login: a locked-out attempt is told so, and the last attempts before the lock
    are counted down (the lock counts names as typed, so neither says whether the account
    exists); every other failure gets Django's one message, the same for unknown users and wrong
    passwords."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            username = self.cleaned_data.get("username") or ""
            locked = getattr(self.request, LOCKED, None) or lockout.refusal(self.request, username)
            if locked:
                raise ValidationError(locked, code="locked") from None
            left = lockout.attempts_left(self.request, username)
            if left < WARN_BELOW:
                raise ValidationError(
                    [self.get_invalid_login_error(),
                     gettext("再输错 %(n)s 次将暂时锁定，请确认后再登录。") % {"n": left}],
                ) from None  # fmt: skip
            raise
