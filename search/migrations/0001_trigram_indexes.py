"""Trigram indexes for substring search on PostgreSQL (pg_trgm, in PostgreSQL's contrib): the
expressions are the ones Django's icontains compiles to, UPPER(column::text) LIKE UPPER(...),
so the planner uses them. SQLite has no such index and needs none at its sizes."""

from django.db import migrations

COLUMNS = ("title", "summary", "body_text")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_article_{column}_trgm ON news_article "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS search_article_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("news", "0008_body_text")]

    operations = [migrations.RunPython(create, drop)]
