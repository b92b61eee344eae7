"""The accounts' content type follows their model from Django's auth app to ours (accounts.User,
in the same table): the permissions on accounts (add_user, change_user, view_user), the roles
that hold them and the admin's log keep pointing at the same rows. Nothing to do on a new site,
whose content types are made after its migrations."""

from django.db import migrations


def move(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="user").exists():
        ContentType.objects.filter(app_label=source, model="user").update(app_label=target)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_security"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, editor: move(apps, editor, "auth", "accounts"),
            lambda apps, editor: move(apps, editor, "accounts", "auth"),
        )
    ]
