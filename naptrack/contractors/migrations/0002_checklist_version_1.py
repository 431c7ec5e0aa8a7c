"""Checklist version 1 (see naptrack/contractors/seed.py)."""

from django.db import migrations

from naptrack.contractors.seed import checklist_v1_ensure


def create_version_1(apps, schema_editor):
    checklist_v1_ensure(
        apps.get_model("contractors", "ChecklistVersion"),
        apps.get_model("contractors", "ChecklistItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("contractors", "0001_initial")]

    operations = [migrations.RunPython(create_version_1, migrations.RunPython.noop)]
