"""The staff login: Django's ModelBackend behind the lockout and the demo-password rule.

Every answer costs one password hash: a locked account, the demo password on a real site, an
unknown user (ModelBackend hashes for those too) and a wrong password take the same time.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import lockout
from .demo import DEMO_PASSWORD

LOCKED = "accounts_login_locked"


class StaffBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username if username is not None else kwargs.get("username")
        if username is None or password is None:
            return None
        if request is not None:
            message = lockout.refusal(request, username)
            if message:
                get_user_model()().set_password(password)  # the time a real check takes
                setattr(request, LOCKED, message)
                raise PermissionDenied(message)  # authenticate() stops and reports a failure
        if password == DEMO_PASSWORD and not settings.DEMO_SITE:
            get_user_model()().set_password(password)
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
