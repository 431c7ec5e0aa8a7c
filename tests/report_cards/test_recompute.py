"""Recomputation: idempotent, history kept, method versions explainable, every new card
audited, and statements queue a recomputation."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from naptrack.core.models import Activity
from naptrack.core.selectors import activities_for
from naptrack.report_cards import method, services
from naptrack.report_cards.method import METHOD_VERSION
from naptrack.report_cards.models import ReportCard
from naptrack.report_cards.selectors import current_card
from tests.factories.plans import BudgetLineFactory
from tests.factories.registry import ActionPlanFactory
from tests.report_cards.conftest import card_of


def test_recompute_twice_writes_one_card(empty_plan):
    first = services.report_card_recompute(plan=empty_plan)
    again = services.report_card_recompute(plan=empty_plan)
    assert first is not None and again is None
    assert ReportCard.objects.filter(plan=empty_plan).count() == 1


def test_recompute_writes_an_audited_card_when_inputs_change(empty_plan):
    first = services.report_card_recompute(plan=empty_plan)
    empty_plan.budget = "allocated"
    empty_plan.save()
    second = services.report_card_recompute(plan=empty_plan)
    first.refresh_from_db()
    assert second is not None and second.inputs_hash != first.inputs_hash
    assert (first.is_current, second.is_current) == (False, True)
    assert current_card(empty_plan) == second
    activity = activities_for(second).get()
    assert activity.verb == "report_card.computed" and activity.actor is None
    assert activity.changes["design_score"] == {"before": None, "after": "1.0000"}


def test_old_card_keeps_its_own_inputs_and_results(empty_plan):
    first = services.report_card_recompute(plan=empty_plan)
    empty_plan.budget = "allocated"
    empty_plan.save()
    services.report_card_recompute(plan=empty_plan)
    first.refresh_from_db()
    assert first.inputs["plan"]["budget"] == "unknown"
    assert {r["code"]: r["result"] for r in first.results}["budget"] == "unknown"


def test_method_version_change_writes_a_new_card_and_the_old_one_stays_explainable(
    empty_plan, client, monkeypatch
):
    old = services.report_card_recompute(plan=empty_plan)
    strict = method.Criterion(
        "budget",
        "design",
        "A budget, newly strict",
        "Never met.",
        ("plan.budget",),
        lambda inputs: method.Outcome("not_met", method.explain("Strict.")),
    )
    changed = tuple(strict if c.code == "budget" else c for c in method.CRITERIA)
    monkeypatch.setattr(method, "METHOD_VERSION", "2.0-test")
    monkeypatch.setattr(method, "CRITERIA", changed)
    new = services.report_card_recompute(plan=empty_plan)
    assert new is not None and new.method_version == "2.0-test"
    assert services.report_card_recompute(plan=empty_plan) is None  # idempotent again

    old.refresh_from_db()
    assert old.method_version == METHOD_VERSION and old.method["version"] == METHOD_VERSION
    old_budget = next(c for c in old.method["criteria"] if c["code"] == "budget")
    assert old_budget["label"] == "An allocated budget"
    html = client.get(reverse("report_cards:card_version", args=[empty_plan.pk, old.pk])).text
    assert f"method version {METHOD_VERSION}" in html
    assert "An allocated budget" in html and "A budget, newly strict" not in html
    assert "An earlier card" in html
    assert "&quot;budget&quot;: &quot;unknown&quot;" in html  # its inputs


def test_recompute_all_is_idempotent_and_counts(empty_plan, mixed_plan):
    plans = [empty_plan, mixed_plan]
    first = services.report_cards_recompute_all(plans=plans)
    again = services.report_cards_recompute_all(plans=plans)
    assert (first.plans, again.plans, again.created, again.unchanged) == (2, 2, 0, 2)
    assert first.created == 2


def test_command_recomputes_only_what_changed(empty_plan):
    out = StringIO()
    call_command("recompute_report_cards", "--plan", str(empty_plan.pk), stdout=out)
    assert out.getvalue().strip() == "1 plan(s): 1 new card(s), 0 unchanged."
    BudgetLineFactory(action__objective__pillar__plan=empty_plan, kind="allocated")
    out = StringIO()
    call_command("recompute_report_cards", "--plan", str(empty_plan.pk), stdout=out)
    assert "1 new card(s)" in out.getvalue()
    assert {r["code"]: r["result"] for r in current_card(empty_plan).results}["budget"] == "met"


def test_command_names_a_missing_plan(db):
    with pytest.raises(CommandError, match="No such plan: 999999"):
        call_command("recompute_report_cards", "--plan", "999999")


def test_a_due_date_passing_makes_an_unpublished_report_late(empty_plan, kenya_coordinator):
    from naptrack.reporting.services import cycle_create

    cycle_create(
        actor=kenya_coordinator,
        plan=empty_plan,
        label="2030",
        period_start=datetime.date(2030, 1, 1),
        period_end=datetime.date(2030, 12, 31),
        due_date=datetime.date(2031, 1, 31),
    )
    card = card_of(empty_plan)
    assert card.inputs["reports"]["cycles_due"] == []
    later = datetime.datetime(2031, 2, 1, tzinfo=datetime.UTC)
    late = services.report_card_recompute(plan=empty_plan, now=later)
    assert late is not None
    assert {r["code"]: r["result"] for r in late.results}["on_time"] == "not_met"


def test_statement_sign_recomputes_in_the_background(
    empty_plan, kenya_coordinator, django_capture_on_commit_callbacks
):
    before = Activity.objects.filter(verb="report_card.computed").count()
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_sign(
            actor=kenya_coordinator,
            plan=empty_plan,
            criterion="legislature",
            claim="met",
            text="Yearly.",
        )
    card = current_card(empty_plan)
    assert {r["code"]: r["result"] for r in card.results}["legislature"] == "partly"
    assert Activity.objects.filter(verb="report_card.computed").count() == before + 1


def test_a_new_statement_replaces_the_current_one(empty_plan, kenya_coordinator):
    first = services.statement_sign(
        actor=kenya_coordinator, plan=empty_plan, criterion="legislature", claim="met", text="Yes."
    )
    services.statement_sign(
        actor=kenya_coordinator,
        plan=empty_plan,
        criterion="legislature",
        claim="not_met",
        text="No.",
    )
    first.refresh_from_db()
    assert first.is_current is False
    results = {r["code"]: r["result"] for r in card_of(empty_plan).results}
    assert results["legislature"] == "not_met"


def test_withdrawn_statement_stops_counting(empty_plan, kenya_coordinator):
    statement = services.statement_sign(
        actor=kenya_coordinator, plan=empty_plan, criterion="inclusion", claim="met", text="Yes."
    )
    services.statement_withdraw(actor=kenya_coordinator, statement=statement)
    results = {r["code"]: r["result"] for r in card_of(empty_plan).results}
    assert results["inclusion"] == "unknown"
    assert activities_for(statement).filter(verb="report_card.statement_withdrawn").exists()


def test_task_recomputes_one_plan(empty_plan):
    from naptrack.report_cards.tasks import recompute_report_card

    result = recompute_report_card.call(empty_plan.pk)
    assert result.startswith("card ")
    assert recompute_report_card.call(empty_plan.pk) == "unchanged"


def test_drafts_and_synthetic_plans_get_cards_too(kenya):
    draft = ActionPlanFactory(country=kenya, publication="draft")
    synthetic = ActionPlanFactory(country=kenya, origin="synthetic")
    run = services.report_cards_recompute_all(plans=[draft, synthetic])
    assert run.created == 2


def test_a_scheduled_shadow_report_counts_once_its_date_comes(
    mixed_plan, card_coalition, card_coalition_member
):
    from naptrack.reporting.models import ReportingCycle
    from naptrack.shadow_reports import services as shadow

    cycle = ReportingCycle.objects.get(plan=mixed_plan, label="2025")
    action = mixed_plan.actions.get(code="1.1")
    report = shadow.shadow_report_create(
        actor=card_coalition_member,
        plan=mixed_plan,
        author=card_coalition,
        cycle=cycle,
        title="Later",
        findings="Delayed indeed.",
    )
    shadow.assessment_save(
        actor=card_coalition_member,
        report=report,
        action=action,
        agrees_with_official="yes",
        own_status="",
        narrative="",
    )
    report = shadow.shadow_report_submit(actor=card_coalition_member, report=report)
    publish_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=10)
    shadow.shadow_report_publish(actor=card_coalition_member, report=report, publish_at=publish_at)
    card = card_of(mixed_plan)
    assert {r["code"]: r["result"] for r in card.results}["agreement"] == "unknown"
    later = services.report_card_recompute(
        plan=mixed_plan, now=publish_at + datetime.timedelta(days=1)
    )
    assert later.inputs["agreement"]["agrees"] == 1
    assert {r["code"]: r["result"] for r in later.results}["agreement"] == "met"


def test_only_the_latest_reports_indicators_are_kept(full_plan, kenya_coordinator):
    import datetime as dt

    from tests.report_cards.conftest import publish_cycle

    actions = list(full_plan.actions.order_by("code"))
    statuses = {a: ("completed", None, [(a.indicators.get(), 20)]) for a in actions}
    publish_cycle(
        full_plan,
        kenya_coordinator,
        label="2026",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        due=dt.date.today() + dt.timedelta(days=60),
        statuses=statuses,
    )
    published = card_of(full_plan).inputs["reports"]["published"]
    assert [r["label"] for r in published] == ["2025", "2026"]
    assert published[0]["indicators"] == []
    assert [i["value"] for i in published[1]["indicators"]] == ["20", "20", "20"]
