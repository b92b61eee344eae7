from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from .backends import LOCKED


class StaffLoginForm(AdminAuthenticationForm):
    """The admin login: a locked-out attempt is told so (the lock counts names as typed, so
    this says nothing about whether the account exists); every other failure gets Django's
    one message, the same for unknown users and wrong passwords."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            locked = getattr(self.request, LOCKED, None)
            if locked:
                raise ValidationError(locked, code="locked") from None
            raise
