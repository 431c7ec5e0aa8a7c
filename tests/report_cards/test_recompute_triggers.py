"""Grades recompute when their inputs change: every write that feeds a plan's inputs, in
whichever app, queues the plan's recomputation once its transaction commits
(naptrack/report_cards/receivers.py). Tests use the immediate task backend, so running the
commit callbacks runs the task; without a commit nothing is queued."""

import datetime

import pytest
from django.db import transaction

from naptrack.library.services.evidence_review import evidence_confirm
from naptrack.plans import services as plans
from naptrack.registry import services as registry
from naptrack.registry.selectors import plan_id_of
from naptrack.report_cards import services
from naptrack.report_cards.models import ReportCard
from naptrack.report_cards.selectors import current_card
from naptrack.reporting import services as reporting
from tests.factories import people
from tests.factories.library import DocumentFactory, EvidenceSuggestionFactory
from tests.factories.plans import (
    ActionFactory,
    BudgetLineFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ResponsibilityFactory,
)
from tests.report_cards.conftest import approve, card_of, due_later, shadow_report


def results(plan) -> dict[str, str]:
    return {r["code"]: r["result"] for r in current_card(plan).results}


def cards(plan) -> int:
    return ReportCard.objects.filter(plan=plan).count()


@pytest.fixture
def empty_plan_action(empty_plan):
    return ActionFactory(objective__pillar__plan=empty_plan, code="1.1")


def test_statement_recomputes_after_commit_not_before(
    empty_plan, kenya_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.statement_sign(
            actor=kenya_coordinator,
            plan=empty_plan,
            criterion="legislature",
            claim="met",
            text="Yes.",
        )
        assert cards(empty_plan) == 0  # the transaction has not committed yet
    assert len(callbacks) == 1
    assert results(empty_plan)["legislature"] == "partly"


def test_structure_change_recomputes(
    empty_plan, empty_plan_action, kenya_coordinator, django_capture_on_commit_callbacks
):
    assert results_after_card(empty_plan)["budget"] == "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        plans.budget_line_create(
            actor=kenya_coordinator,
            action=empty_plan_action,
            amount=500,
            currency="USD",
            kind="allocated",
        )
    assert cards(empty_plan) == 2
    assert results(empty_plan)["budget"] == "met"


def results_after_card(plan) -> dict[str, str]:
    card_of(plan)
    return results(plan)


def test_registry_edit_recomputes(
    empty_plan, kenya_coordinator, django_capture_on_commit_callbacks
):
    assert results_after_card(empty_plan)["political_ownership"] == "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        registry.plan_update(
            actor=kenya_coordinator, plan=empty_plan, lead_agency="Office of the President"
        )
    assert cards(empty_plan) == 2
    assert results(empty_plan)["political_ownership"] != "unknown"


def open_cycle_2025(plan, coordinator):
    cycle = reporting.cycle_create(
        actor=coordinator,
        plan=plan,
        label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=due_later(),
    )
    return reporting.cycle_open(actor=coordinator, cycle=cycle)


def test_published_report_recomputes_and_drafts_do_not(
    empty_plan, empty_plan_action, kenya_coordinator, django_capture_on_commit_callbacks
):
    ResponsibilityFactory(action=empty_plan_action, role="lead")
    indicator = IndicatorFactory(action=empty_plan_action, code="1.1.a")
    IndicatorTargetFactory(indicator=indicator, period="2025", value=10)
    BudgetLineFactory(action=empty_plan_action, amount=1000, currency="USD", kind="allocated")
    cycle = open_cycle_2025(empty_plan, kenya_coordinator)
    card_of(empty_plan)
    update = cycle.updates.get(action=empty_plan_action)
    reporter = people.reporter_for(update.agency)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reporting.update_save(
            actor=reporter, update=update, expected_version=update.version, status="on_track"
        )
    assert callbacks == []  # a reporter's draft is no input: nothing queued
    update.refresh_from_db()
    approve(update, kenya_coordinator, "on_track", spending=500, values=[(indicator, 12)])
    report = reporting.report_compile(actor=kenya_coordinator, cycle=cycle, summary="Done.")
    assert results(empty_plan)["progress"] == "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_publish(actor=kenya_coordinator, report=report)
    assert results(empty_plan)["progress"] == "met"


def test_published_shadow_report_recomputes(
    empty_plan,
    empty_plan_action,
    kenya_coordinator,
    card_coalition,
    card_coalition_member,
    django_capture_on_commit_callbacks,
):
    ResponsibilityFactory(action=empty_plan_action, role="lead")
    cycle = open_cycle_2025(empty_plan, kenya_coordinator)
    approve(cycle.updates.get(action=empty_plan_action), kenya_coordinator, "on_track")
    report = reporting.report_compile(actor=kenya_coordinator, cycle=cycle, summary="Done.")
    reporting.report_publish(actor=kenya_coordinator, report=report)
    before = results_after_card(empty_plan)["agreement"]
    with django_capture_on_commit_callbacks(execute=True):
        shadow_report(
            card_coalition_member, card_coalition, empty_plan, cycle, {empty_plan_action: "no"}
        )
    assert before == "unknown" and results(empty_plan)["agreement"] == "not_met"


def test_confirmed_passage_recomputes(
    empty_plan, kenya_coordinator, django_capture_on_commit_callbacks
):
    assert results_after_card(empty_plan)["disarmament"] == "unknown"
    suggestion = EvidenceSuggestionFactory(
        document=DocumentFactory(plan=empty_plan),
        criterion="disarmament",
        page_number=3,
        passage="The plan controls small arms.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        evidence_confirm(actor=kenya_coordinator, suggestion=suggestion)
    # Only the graded government confirmed it: self-reported, partly met (method 1.2).
    assert results(empty_plan)["disarmament"] == "partly"


def test_rolled_back_write_queues_nothing(
    empty_plan, kenya_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.statement_sign(
                actor=kenya_coordinator,
                plan=empty_plan,
                criterion="legislature",
                claim="met",
                text=".",
            )
            raise RuntimeError("the request failed after the statement")
    assert callbacks == [] and cards(empty_plan) == 0


def test_plan_id_of_follows_foreign_keys(empty_plan, empty_plan_action):
    indicator = IndicatorFactory(action=empty_plan_action)
    target = IndicatorTargetFactory(indicator=indicator)
    budget = BudgetLineFactory(action=empty_plan_action)
    suggestion = EvidenceSuggestionFactory(document=DocumentFactory(plan=empty_plan))
    for changed in (empty_plan, empty_plan_action, indicator, target, budget, suggestion):
        assert plan_id_of(changed) == empty_plan.pk, changed
    assert plan_id_of(DocumentFactory(plan=None)) is None  # a library document
