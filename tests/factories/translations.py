"""Translations of content."""

import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from tests.factories.registry import ActionPlanFactory


class ContentTranslationFactory(DjangoModelFactory):
    """A French translation of a plan's title, written by nobody in particular."""

    class Meta:
        model = "translations.ContentTranslation"

    content_type = factory.LazyFunction(
        lambda: ContentType.objects.get(app_label="registry", model="actionplan")
    )
    object_id = factory.LazyAttribute(lambda _: ActionPlanFactory().pk)
    field = "title"
    language = "fr"
    text = factory.Sequence(lambda n: f"Plan d'action national de test {n}")
