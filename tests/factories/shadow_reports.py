"""Civil-society shadow reports."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories.accounts import CsoFactory
from tests.factories.core import EvidenceLinkFactory
from tests.factories.plans import ActionFactory
from tests.factories.registry import ActionPlanFactory, kenya


class ShadowReportFactory(DjangoModelFactory):
    """A draft on a period; publish through the services to test the workflow."""

    class Meta:
        model = "shadow_reports.ShadowReport"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(kenya))
    author = factory.SubFactory(CsoFactory)
    title = factory.Sequence(lambda n: f"Shadow report {n + 1}")
    findings = "Findings of the test report."
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)


class ActionAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = "shadow_reports.ActionAssessment"

    report = factory.SubFactory(ShadowReportFactory)
    action = factory.SubFactory(
        ActionFactory, objective__pillar__plan=factory.SelfAttribute("....report.plan")
    )
    action_code = factory.SelfAttribute("action.code")
    action_title = factory.SelfAttribute("action.title")
    agrees_with_official = "no"
    own_status = "delayed"


class AssessmentEvidenceFactory(EvidenceLinkFactory):
    class Meta:
        model = "shadow_reports.AssessmentEvidence"

    class Params:
        folder = "shadow-evidence"

    assessment = factory.SubFactory(ActionAssessmentFactory)
    description = "Interviews with women mediators"


class CoAuthorInvitationFactory(DjangoModelFactory):
    """A pending invitation; answer it through the services (accepting also names the
    organization in the report's co_authors)."""

    class Meta:
        model = "shadow_reports.CoAuthorInvitation"

    report = factory.SubFactory(ShadowReportFactory)
    organization = factory.SubFactory(CsoFactory)
    state = "pending"


class RightOfReplyFactory(DjangoModelFactory):
    class Meta:
        model = "shadow_reports.RightOfReply"

    report = factory.SubFactory(ShadowReportFactory)
    text = "The ministry's answer to the findings."
    published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
