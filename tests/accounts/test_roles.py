"""The roles (accounts.roles): made by migrate with exactly the permissions they name, and put
back by sync_roles after a change in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts import roles

pytestmark = pytest.mark.django_db


def permissions_of(group):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_after_migrate_every_role_exists_with_exactly_its_permissions():
    """The test database was made by migrate: its post_migrate handler made the groups."""
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLES)
    for name, permissions in roles.ROLES.items():
        assert permissions_of(Group.objects.get(name=name)) == set(permissions), name


def test_after_migrate_every_permission_a_role_names_exists():
    assert roles.sync_roles() == []


def test_sync_roles_puts_back_a_role_changed_in_the_admin():
    group = Group.objects.get(name="撰稿人")
    group.permissions.clear()
    call_command("sync_roles", verbosity=0)
    assert sorted(group.permissions.values_list("codename", flat=True)) == sorted(
        ["add_article", "change_article", "view_article", "submit_article", "view_column"]
    )


def test_the_auditor_and_the_reviewers_can_change_nothing_outside_the_workflow():
    """审计员 reads everything and changes nothing; reviewers decide through the workflow's own
    permissions only. Checked against the groups as migrate made them, not the definition."""
    workflow = {"news.review_level_1", "news.review_level_2", "news.review_level_3",
                "news.withdraw_article"}  # fmt: skip
    for name in ["审计员", "初审", "复审", "终审"]:
        for permission in permissions_of(Group.objects.get(name=name)):
            codename = permission.split(".")[1]
            assert codename.startswith("view_") or permission in workflow, (name, permission)
    assert not any(p in workflow for p in permissions_of(Group.objects.get(name="审计员")))
