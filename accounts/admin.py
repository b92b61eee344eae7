"""Staff accounts and the security audit log in the admin.

三权分立: a 站点管理员 (site admin, not a superuser) hands out the editorial roles, but cannot
change its own roles or permissions, cannot create, change or reset the password of a 站点管理员
or 审计员 (a superuser's job), cannot make anyone a superuser or give single permissions. Every
change of roles or permissions is recorded and mailed to the auditors (accounts.grants).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import audit
from core.admin import ListLimitsMixin, ReadOnlyAdmin
from core.downloads import csv_response

from . import grants, lockout, sessions
from .forms import StaffLoginForm
from .models import SecurityEvent, User
from .roles import GUARDED_ROLES
from .widgets import StaffUserChangeForm

admin.site.unregister(Group)
admin.site.login_form = StaffLoginForm

# What an account's own holder may never change about it, unless a superuser.
SELF_GUARDED_FIELDS = ["groups", "user_permissions", "is_superuser", "is_staff", "is_active"]


def _names(queryset, field):
    return set(queryset.values_list(field, flat=True))


def _permission_names(queryset):
    return {f"{app}.{codename}" for app, codename in
            queryset.values_list("content_type__app_label", "codename")}  # fmt: skip


@admin.register(User)
class StaffUserAdmin(ListLimitsMixin, UserAdmin):
    form = StaffUserChangeForm
    actions = ["unlock_selected"]
    # One 姓名 (first_name holds the whole name: core.names.person_name), not 名字 and 姓氏.
    list_display = ("username", "first_name", "email", "is_staff")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.last_name:  # a surname typed in before stays editable
            return fieldsets
        return [(title, {**options, "fields": [f for f in options["fields"] if f != "last_name"]})
                for title, options in fieldsets]  # fmt: skip

    def _guarded(self, request, obj):
        """obj is out of this (non-superuser) user's reach: a superuser, or another holder
        of a guarded role."""
        if request.user.is_superuser or obj is None:
            return False
        if obj.is_superuser:
            return True
        return obj.pk != request.user.pk and obj.groups.filter(name__in=GUARDED_ROLES).exists()

    def has_change_permission(self, request, obj=None):
        if self._guarded(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Written by Django at login and creation; nobody types them.
        fields = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                fields += [f for f in SELF_GUARDED_FIELDS if f not in fields]
        return fields

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups":
            # A handful of roles: boxes to tick, not a list to Ctrl-click through.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(name__in=GUARDED_ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        deactivated = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if not change:
            audit.record(audit.Action.ACCOUNT_CREATE, target=audit.describe(obj))
        elif form.changed_data:
            audit.record(
                audit.Action.ACCOUNT_CHANGE,
                target=audit.describe(obj),
                detail=gettext("修改了：%(fields)s") % {"fields": "、".join(
                    str(form.fields[name].label) for name in form.changed_data)},
            )  # fmt: skip
        if deactivated:
            sessions.end_all(obj)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        groups_before = _names(user.groups, "name") if change else set()
        permissions_before = _permission_names(user.user_permissions) if change else set()
        super().save_related(request, form, formsets, change)
        groups_after = _names(user.groups, "name")
        permissions_after = _permission_names(user.user_permissions)
        grants.role_change(
            user,
            added=(groups_after - groups_before) | (permissions_after - permissions_before),
            removed=(groups_before - groups_after) | (permissions_before - permissions_after),
        )

    @admin.action(description=_("解除所选账号的登录锁定"), permissions=["change"])
    def unlock_selected(self, request, queryset):
        for user in queryset:
            if lockout.unlock(user.get_username()):
                audit.record(audit.Action.ACCOUNT_CHANGE, target=audit.describe(user),
                             detail=gettext("解除登录锁定"))  # fmt: skip
        self.message_user(
            request,
            ngettext(
                "已解除 %(count)d 个账号的登录锁定。",
                "已解除 %(count)d 个账号的登录锁定。",
                queryset.count(),
            )
            % {"count": queryset.count()},  # fmt: skip
            messages.SUCCESS,
        )


@admin.register(Group)
class RoleAdmin(ListLimitsMixin, GroupAdmin):
    """Roles are defined in accounts.roles (sync_roles puts them back); a superuser's change
    here is recorded and mailed to the auditors like any grant."""

    def save_related(self, request, form, formsets, change):
        group = form.instance
        before = _permission_names(group.permissions) if change else set()
        super().save_related(request, form, formsets, change)
        after = _permission_names(group.permissions)
        grants.role_change(group, added=after - before, removed=before - after)


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    """安全审计日志: read, filtered and exported by 审计员; written only by the site itself."""

    list_display = ["at", "action", "result", "username", "address", "target", "detail"]
    list_filter = ["action", "result", "at"]
    # Every field on the record's own page, the time first (at is not editable, so Django's
    # read-only form would leave it out).
    fields = readonly_fields = list_display + ["user"]
    # Bounded: a search of many words would otherwise make one query of many LIKEs.
    search_fields = ["username", "address", "target"]
    list_per_page = 100
    show_full_result_count = False

    class Media:
        css = {"all": ["accounts/admin/security_events.css"]}

    def changelist_view(self, request, extra_context=None):
        if request.GET.get("export") != "csv":
            return super().changelist_view(request, {**(extra_context or {}), "export": True})
        query = request.GET.copy()
        del query["export"]
        request.GET = query
        changelist = self.get_changelist_instance(request)
        rows = changelist.get_queryset(request).values_list(
            "at", "action", "result", "username", "address", "target", "detail"
        )
        actions, results = dict(SecurityEvent.Action.choices), dict(SecurityEvent.Result.choices)
        return csv_response(
            "security-events.csv",
            [gettext("时间"), gettext("事件"), gettext("结果"), gettext("用户名"),
             gettext("来源地址"), gettext("对象"), gettext("详情")],
            (
                (f"{localtime(at):%Y-%m-%d %H:%M:%S}", actions[action], results[result],
                 username, address or "", target, detail)
                for at, action, result, username, address, target, detail in rows.iterator()
            ),
        )  # fmt: skip
