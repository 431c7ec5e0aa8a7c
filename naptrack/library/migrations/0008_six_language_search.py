"""Search and keywords in the six UN languages. Words are cut anew (search.words: CJK
runs as pairs of characters, Arabic folded, Cyrillic and Greek keeping their marks):
SQLite's full-text table gains the `terms` column for CJK and Arabic text, every entry's
`terms` is written again, and the starter list's new Arabic, Chinese and Russian
keywords (and any other new row of keyword_families.csv) are added."""

from django.db import migrations

from naptrack.library import search_schema


def reindex(apps, schema_editor):
    entries = apps.get_model("library", "SearchEntry").objects.all()
    search_schema.reindex_words(schema_editor.connection, entries)


def seed_new_keywords(apps, schema_editor):
    from naptrack.library import keywords

    family_model = apps.get_model("library", "KeywordFamily")
    keyword_model = apps.get_model("library", "Keyword")
    keywords.seed(family_model, keyword_model, keywords.parse())


class Migration(migrations.Migration):
    dependencies = [("library", "0007_action_records")]

    operations = [
        migrations.RunPython(reindex, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(seed_new_keywords, migrations.RunPython.noop),
    ]
