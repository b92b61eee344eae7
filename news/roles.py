"""The editorial roles (Django groups) and the permissions each holds: the one definition.

Migration 0003 creates them; `manage.py sync_roles` puts them back as defined here after an
upgrade or an accidental change in the admin.
"""

AUTHOR = ["add_article", "change_article", "view_article", "submit_article", "view_column"]
REVIEWER = ["view_article", "view_column", "withdraw_article"]
STATISTICS = ["view_viewstatistics"]

ROLES = {
    "撰稿人": AUTHOR,
    "初审": [*REVIEWER, "review_level_1"],
    "复审": [*REVIEWER, "review_level_2"],
    "终审": [*REVIEWER, "review_level_3", *STATISTICS],
    "站点管理员": [
        "add_column", "change_column", "delete_column", "view_column",
        "view_article", "view_all_articles", "withdraw_article", "reschedule_article",
        "change_sitesettings", "view_sitesettings", "view_auditrecord", "view_revision",
        "auth.add_user", "auth.change_user", "auth.view_user", "auth.view_group", *STATISTICS,
    ],
    "审计员": [
        "view_article", "view_all_articles", "view_column", "view_auditrecord", "view_revision",
        "view_sitesettings", "auth.view_user", "auth.view_group", *STATISTICS,
    ],
}  # fmt: skip


def sync_roles(group_model, permission_model):
    """Create the groups and set exactly their permissions; returns the permissions that do not
    exist (yet: an early migration runs before later models exist). Takes the model classes so
    that a migration can pass its historical models."""
    missing = []
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for codename in codenames:
            app_label, _, codename = codename.rpartition(".")
            app_label = app_label or "news"
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                missing.append(f"{app_label}.{codename}")
            else:
                permissions.append(permission)
        group.permissions.set(permissions)
    return sorted(set(missing))


def sync_roles_migration(apps, schema_editor):
    """For migrations: make the permissions exist now (they normally appear only after all
    migrations, through post_migrate), then sync the roles with the historical models."""
    from django.contrib.auth.management import create_permissions

    for app_label in ("auth", "news"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # create_permissions skips app configs without models
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
