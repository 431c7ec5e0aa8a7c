"""Lessons learned."""

import factory
from factory.django import DjangoModelFactory

from tests.factories.accounts import UserFactory


class LessonFactory(DjangoModelFactory):
    """A submitted lesson with a link as evidence; publish it through the services."""

    class Meta:
        model = "lessons.Lesson"

    title = factory.Sequence(lambda n: f"Lesson test {n}")
    summary = "Kenya's county action plans brought local women's groups into monitoring."
    result = "Four counties report every year."
    evidence_url = "https://www.mfa.go.ke/lesson-test"
    author = factory.SubFactory(UserFactory)
