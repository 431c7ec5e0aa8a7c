"""Consultations on draft plans."""

import datetime

import factory
from factory.django import DjangoModelFactory

from naptrack.registry.choices import PlanStatus
from tests.factories.accounts import UserFactory
from tests.factories.registry import ActionPlanFactory, kenya


class ConsultationFactory(DjangoModelFactory):
    """Being prepared, on a drafting plan; open it through the services."""

    class Meta:
        model = "consultations.Consultation"

    plan = factory.SubFactory(
        ActionPlanFactory, country=factory.LazyFunction(kenya), status=PlanStatus.DRAFTING
    )
    title = factory.Sequence(lambda n: f"Consultation {n + 1}")
    opens_on = factory.LazyFunction(datetime.date.today)
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    languages = ["en", "sw"]


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.Question"

    consultation = factory.SubFactory(ConsultationFactory)
    text = "What is missing from this draft?"
    position = factory.Sequence(lambda n: n + 1)


class ConsultationCommentFactory(DjangoModelFactory):
    """An anonymous general comment; post through the services to test the rules."""

    class Meta:
        model = "consultations.Comment"

    consultation = factory.SubFactory(ConsultationFactory)
    text = "Rural women were not asked about this."
    identity = "anonymous"


class CommentSupportFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.CommentSupport"

    comment = factory.SubFactory(ConsultationCommentFactory)
    user = factory.SubFactory(UserFactory)


class FacilitatorFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.Facilitator"

    consultation = factory.SubFactory(ConsultationFactory)
    user = factory.SubFactory(UserFactory)


class InputSessionFactory(DjangoModelFactory):
    """A facilitator's record; record one through the services to test the rules."""

    class Meta:
        model = "consultations.InputSession"

    consultation = factory.SubFactory(ConsultationFactory)
    kind = "meeting"
    held_on = factory.LazyFunction(datetime.date.today)
    district = "Test district"
    language = "sw"


class ParticipantCountFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.ParticipantCount"

    session = factory.SubFactory(InputSessionFactory)
    sex = "woman"
    age_band = "18_35"
    count = 5


class ImportMappingFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.ImportMapping"

    consultation = factory.SubFactory(ConsultationFactory)
    columns = {"held_on": "date", "district": "district", "text": "text"}


class DraftParagraphFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.DraftParagraph"

    consultation = factory.SubFactory(ConsultationFactory)
    number = factory.Sequence(lambda n: n + 1)
    page = 1
    text = "A paragraph of a test draft."


class CommentAnswerFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.CommentAnswer"

    comment = factory.SubFactory(ConsultationCommentFactory)
    outcome = "accepted"
    text = "Added to action 1.2."
    answered_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
