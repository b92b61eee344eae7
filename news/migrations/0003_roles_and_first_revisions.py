"""A first revision for articles written before the workflow. (The roles this migration used to
create come from accounts' post_migrate handler now.)"""

from django.db import migrations

CONTENT_FIELDS = ["title", "column_id", "summary", "body", "cover", "source", "author_name",
                  "editor_name", "pinned", "headline"]  # fmt: skip


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
        migrations.RunPython(first_revisions, migrations.RunPython.noop),
    ]
