"""Keeps PostgreSQL's tsvector in the row, out of TOAST (search_schema.py explains why).
Rewrites every search entry once; nothing to do on SQLite."""

from django.db import migrations

from naptrack.library import search_schema


def forwards(apps, schema_editor):
    search_schema.keep_vectors_inline(schema_editor.connection)


def backwards(apps, schema_editor):
    search_schema.let_vectors_out_of_line(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("library", "0004_keyword_starter_list")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
