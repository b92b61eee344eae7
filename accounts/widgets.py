from django.contrib.auth.forms import (
    ReadOnlyPasswordHashField,
    ReadOnlyPasswordHashWidget,
    UserChangeForm,
)
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.translation import gettext_lazy as _


class PasswordSetWidget(ReadOnlyPasswordHashWidget):
    """The password on an account's page: whether one is set, with the link to set another —
    not Django's 算法/迭代次数/盐/哈希, which tell staff nothing they can act on."""

    template_name = "accounts/widgets/password_set.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["password_set"] = bool(value) and not value.startswith(UNUSABLE_PASSWORD_PREFIX)
        return context


class StaffUserChangeForm(UserChangeForm):
    """An account's page in the admin: its password said in words (PasswordSetWidget)."""

    password = ReadOnlyPasswordHashField(label=_("密码"), widget=PasswordSetWidget)
