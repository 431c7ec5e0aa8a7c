"""Audit rows written before person_label named people by their email when they had no
display name. Rewrite those labels the way person_label names people now."""

from django.db import migrations

NO_NAME = "a NAPtrack user"


def _relabel(model) -> None:
    for row in model.objects.filter(actor_label__contains="@").select_related("actor"):
        actor = row.actor
        row.actor_label = (actor.display_name if actor else "") or NO_NAME
        row.save(update_fields=["actor_label"])


def forwards(apps, schema_editor):
    _relabel(apps.get_model("core", "Activity"))
    _relabel(apps.get_model("plans", "StructureVersion"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("plans", "0002_constraint_messages"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
