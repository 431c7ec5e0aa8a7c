"""The first version of the compliance checklist: the six items that the 2009 meeting
report's recommendation MS-6 and issue #15 name. Created by migration 0002; browser tests,
whose transactional databases are emptied after each test, create it again with
`checklist_v1_ensure`. Later versions are data that platform admins add (docs/contractors.md).
"""

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


def checklist_v1_ensure(version_model, item_model) -> None:
    """Create version 1 with its items unless it exists (models passed in, so that the
    migration can give its historical ones)."""
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
