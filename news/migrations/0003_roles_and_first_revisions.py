"""The editorial roles as groups, and a first revision for articles written before the workflow.

Permissions normally appear after all migrations (post_migrate); they are created here first so
that the groups can be given theirs on a fresh database too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
CONTENT_FIELDS = ["title", "column_id", "summary", "body", "cover", "source", "author_name",
                  "editor_name", "pinned", "headline"]  # fmt: skip


def create_roles(apps, schema_editor):
    for app_label in ("auth", "news"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # create_permissions skips app configs without models
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for codename in codenames:
            app_label, _, codename = codename.rpartition(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label or "news", codename=codename
                )
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


def first_revisions(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    Revision = apps.get_model("news", "Revision")
    for article in Article.objects.filter(current_revision__isnull=True):
        revision = Revision.objects.create(
            article=article,
            number=1,
            created_by_id=article.created_by_id,
            created_at=article.updated_at,
            note="工作流上线前的版本",
            **{field: getattr(article, field) for field in CONTENT_FIELDS},
        )
        article.current_revision = revision
        if article.status == "published":
            article.live_revision = revision
            article.first_published_at = article.publish_at
        article.save(update_fields=["current_revision", "live_revision", "first_published_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(first_revisions, migrations.RunPython.noop),
    ]
