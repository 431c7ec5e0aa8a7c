"""The activity log and the evidence both kinds of report share."""

import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from naptrack.core.models import Activity
from naptrack.registry.models import Country


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    verb = "test.happened"
    target_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Country))
    target_id = "1"
    target_label = "test"


class EvidenceLinkFactory(DjangoModelFactory):
    """Evidence as a link, for either kind of evidence (core.models.EvidenceBase); tests
    that need a stored file go through the services' evidence_add_file."""

    class Meta:
        abstract = True

    class Params:
        folder = "evidence"

    url = factory.LazyAttributeSequence(lambda o, n: f"https://example.org/{o.folder}/{n}")
