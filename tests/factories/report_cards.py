"""Computed report cards, coordinators' statements and civil-society cards."""

import factory
from factory.django import DjangoModelFactory

from tests.factories.accounts import CsoFactory
from tests.factories.registry import ActionPlanFactory, kenya


def _unknown_card_results() -> list[dict]:
    from naptrack.report_cards.method import CRITERIA

    return [
        {
            "code": c.code,
            "kind": c.kind,
            "label": c.label,
            "result": "unknown",
            "explanation": {"template": "Nothing is known.", "params": {}},
            "evidence": [],
        }
        for c in CRITERIA
    ]


class ReportCardFactory(DjangoModelFactory):
    """A current card on which every criterion is unknown; compute real ones through
    naptrack.report_cards.services.report_card_recompute."""

    class Meta:
        model = "report_cards.ReportCard"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(kenya))
    method_version = "1.0"
    method = factory.LazyFunction(dict)
    inputs = factory.LazyFunction(dict)
    inputs_hash = factory.Sequence(lambda n: f"{n:064x}")
    results = factory.LazyFunction(_unknown_card_results)
    design_coverage = 0
    design_unknown = 12
    implementation_coverage = 0
    implementation_unknown = 6


class CoordinatorStatementFactory(DjangoModelFactory):
    class Meta:
        model = "report_cards.CoordinatorStatement"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(kenya))
    criterion = "legislature"
    claim = "met"
    text = "The plan is reported to parliament every year."


class CsoReportCardFactory(DjangoModelFactory):
    """A draft; publish through the services to test the workflow."""

    class Meta:
        model = "report_cards.CsoReportCard"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(kenya))
    organization = factory.SubFactory(CsoFactory)
    method_version = "1.0"


class CsoCriterionGradeFactory(DjangoModelFactory):
    class Meta:
        model = "report_cards.CsoCriterionGrade"

    card = factory.SubFactory(CsoReportCardFactory)
    criterion = "budget"
    result = "not_met"
    reason = "No line of the national budget funds the plan."
