"""Checklist version 1: the six items the 2009 meeting report's recommendation MS-6 and
issue #15 name. Administrators add later versions as data (docs/contractors.md)."""

from django.db import migrations
from django.utils import timezone

ITEMS = [
    (
        "sea_code_of_conduct",
        "A code of conduct on sexual exploitation and abuse binds the company's staff",
        "Yes when the contract or the company's policy, applying to everyone working on "
        "the contract, forbids sexual exploitation and abuse and states the sanctions.",
    ),
    (
        "staff_vetting",
        "Staff are vetted for past sexual and gender-based violence",
        "Yes when staff working on the contract are screened before deployment, "
        "including for past sexual or gender-based violence.",
    ),
    (
        "gbv_training",
        "Staff are trained on gender-based violence and on resolutions 1325 and 1820",
        "Yes when training on gender-based violence and on resolutions 1325 and 1820 is "
        "required of staff working on the contract.",
    ),
    (
        "complaints_mechanism",
        "A complaints mechanism is open to local women",
        "Yes when women in the country of operation can complain safely, in their "
        "language, without going through the company's own chain of command.",
    ),
    (
        "incident_reporting",
        "Incidents are reported to the contracting authority",
        "Yes when the contract obliges the company to report incidents of sexual "
        "exploitation, abuse and gender-based violence to the contracting authority.",
    ),
    (
        "women_workforce",
        "Women take part in the workforce",
        "Yes when women are employed on the contract, including in operational roles; "
        "give the share in the evidence where known.",
    ),
]


def create_version_1(apps, schema_editor):
    version_model = apps.get_model("contractors", "ChecklistVersion")
    item_model = apps.get_model("contractors", "ChecklistItem")
    version, created = version_model.objects.get_or_create(
        number=1,
        defaults={"notes": "First version.", "published_at": timezone.now()},
    )
    if not created:
        return
    for position, (code, label, guidance) in enumerate(ITEMS, start=1):
        item_model.objects.create(
            version=version, code=code, label=label, guidance=guidance, position=position
        )


class Migration(migrations.Migration):
    dependencies = [("contractors", "0001_initial")]

    operations = [migrations.RunPython(create_version_1, migrations.RunPython.noop)]
