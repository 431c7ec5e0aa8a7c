"""The full-text index: FTS5 on SQLite, a tsvector column on PostgreSQL (search_schema.py)."""

from django.db import migrations

from naptrack.library import search_schema


def forwards(apps, schema_editor):
    search_schema.install(schema_editor.connection)


def backwards(apps, schema_editor):
    search_schema.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
