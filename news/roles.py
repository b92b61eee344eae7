"""The editorial roles (Django groups) and the permissions each holds: the one definition.

Migration 0003 creates them; `manage.py sync_roles` puts them back as defined here after an
upgrade or an accidental change in the admin.
"""

AUTHOR = ["add_article", "change_article", "view_article", "submit_article", "view_column"]
REVIEWER = ["view_article", "view_column", "withdraw_article"]

ROLES = {
    "撰稿人": AUTHOR,
    "初审": [*REVIEWER, "review_level_1"],
    "复审": [*REVIEWER, "review_level_2"],
    "终审": [*REVIEWER, "review_level_3"],
    "站点管理员": [
        "add_column", "change_column", "delete_column", "view_column",
        "view_article", "view_all_articles", "withdraw_article", "reschedule_article",
        "change_sitesettings", "view_sitesettings", "view_auditrecord", "view_revision",
        "auth.add_user", "auth.change_user", "auth.view_user", "auth.view_group",
    ],
    "审计员": [
        "view_article", "view_all_articles", "view_column", "view_auditrecord", "view_revision",
        "view_sitesettings", "auth.view_user", "auth.view_group",
    ],
}  # fmt: skip


def sync_roles(group_model, permission_model):
    """Create the groups and set exactly their permissions. Takes the model classes so that a
    migration can pass its historical models."""
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for codename in codenames:
            app_label, _, codename = codename.rpartition(".")
            permissions.append(
                permission_model.objects.get(
                    content_type__app_label=app_label or "news", codename=codename
                )
            )
        group.permissions.set(permissions)
