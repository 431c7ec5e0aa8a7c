"""Hand-built Kenyan plans whose right grades are known, and the people around them.

- `full_plan`: every design criterion met (structured fields, document passages an analyst
  confirmed: since method 1.2 a passage only the coordinator confirmed is self-reported)
  and every implementation criterion met (a report published on time, every action on
  track with its indicator at target, half the budget spent in half the period, a
  coalition's shadow report agreeing, and the coordinator's reply). Grades: A and A.
- `mixed_plan`: 7 of 12 design criteria known (score 2.5 / 7 = 0.3571: D), 3 of 6
  implementation criteria known (score 1 / 3 = 0.3333: D). See test_method_on_plans.py.
- `empty_plan`: nothing known at all: "insufficient information" twice, never a fail.
"""

import datetime

import pytest
from django.utils import timezone

from naptrack.accounts.choices import OrganizationKind
from naptrack.library.services.evidence_review import evidence_confirm
from naptrack.reporting import services as reporting
from naptrack.reporting.services import ValueInput
from naptrack.shadow_reports import services as shadow
from tests.factories import people
from tests.factories.accounts import AgencyFactory, OrganizationFactory
from tests.factories.contractors import ContractFactory
from tests.factories.library import DocumentFactory, EvidenceSuggestionFactory
from tests.factories.plans import (
    ActionFactory,
    BudgetLineFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
)
from tests.factories.registry import ActionPlanFactory
from tests.factories.reporting import report_published, update_approved

DOCUMENT_CRITERIA = (
    "participation",
    "policy_integration",
    "legislature",
    "inclusion",
    "private_sector",
    "peer_learning",
    "disarmament",
)


@pytest.fixture
def card_coalition(kenya):
    return OrganizationFactory(
        name="Kenya 1325 Coalition (card test)", kind=OrganizationKind.COALITION, country=kenya
    )


@pytest.fixture
def card_coalition_member(card_coalition):
    return people.cso_member(card_coalition)


@pytest.fixture
def card_cso(kenya):
    return OrganizationFactory(
        name="Hidden Voices of Turkana (card test)", kind=OrganizationKind.CSO, country=kenya
    )


@pytest.fixture
def card_cso_member(card_cso):
    return people.cso_member(card_cso)


def due_later() -> datetime.date:
    return timezone.now().date() + datetime.timedelta(days=30)


def approve(update, coordinator, status, *, spending=None, values=()):
    fields = {"status": status}
    if spending is not None:
        fields.update(spending_amount=spending, spending_currency="USD")
    values = [ValueInput(indicator_id=i.pk, value=v) for i, v in values]
    return update_approved(update, coordinator, indicator_values=values, **fields)


def publish_cycle(plan, coordinator, *, label, start, end, due, statuses):
    """A cycle whose updates get the given {action: (status, spending, values)}."""
    cycle = reporting.cycle_create(
        actor=coordinator, plan=plan, label=label, period_start=start, period_end=end, due_date=due
    )
    cycle = reporting.cycle_open(actor=coordinator, cycle=cycle)
    for action, (status, spending, values) in statuses.items():
        update = cycle.updates.get(action=action, role="lead")
        approve(update, coordinator, status, spending=spending, values=values)
    report_published(cycle, coordinator)
    return cycle


def shadow_report(member, organization, plan, cycle, assessments):
    report = shadow.shadow_report_create(
        actor=member,
        plan=plan,
        author=organization,
        cycle=cycle,
        title="What we saw (card test)",
        findings="Our findings.",
    )
    for action, agrees in assessments.items():
        shadow.assessment_save(
            actor=member,
            report=report,
            action=action,
            agrees_with_official=agrees,
            own_status="",
            narrative="Seen.",
        )
    report = shadow.shadow_report_submit(actor=member, report=report)
    return shadow.shadow_report_publish(actor=member, report=report)


def confirm_passages(plan, coordinator, codes):
    document = DocumentFactory(plan=plan, title="National Action Plan text (card test)")
    for number, code in enumerate(codes, start=1):
        suggestion = EvidenceSuggestionFactory(
            document=document,
            criterion=code,
            page_number=number,
            passage=f"The plan shows {code} on page {number}.",
        )
        evidence_confirm(actor=coordinator, suggestion=suggestion)


@pytest.fixture
def full_plan(kenya, kenya_coordinator, analyst, card_coalition, card_coalition_member):
    plan = ActionPlanFactory(
        country=kenya,
        title="Kenya full-marks plan (card test)",
        period_start=2025,
        period_end=2026,
        lead_agency="Office of the President",
        budget="allocated",
    )
    foreign = AgencyFactory(name="Ministry of Foreign Affairs (card test)", country=kenya)
    defence = AgencyFactory(name="Ministry of Defence (card test)", country=kenya)
    police = AgencyFactory(name="National Police Service (card test)", country=kenya)
    pillar = PlanPillarFactory(plan=plan, name="Participation")
    objective = ObjectiveFactory(pillar=pillar, code="1", title="Women in peace talks")
    actions, statuses = [], {}
    for number, agency in enumerate([foreign, defence, police], start=1):
        action = ActionFactory(objective=objective, code=f"1.{number}", title=f"Action {number}")
        ResponsibilityFactory(action=action, agency=agency, role="lead")
        indicator = IndicatorFactory(action=action, code=f"1.{number}.a", unit="women")
        IndicatorTargetFactory(indicator=indicator, period="2025", value=10)
        BudgetLineFactory(action=action, amount=1000, currency="USD", kind="allocated")
        actions.append(action)
        statuses[action] = ("on_track", 500, [(indicator, 12)])
    ResponsibilityFactory(action=actions[0], agency=card_coalition, role="supporting")
    confirm_passages(plan, analyst, DOCUMENT_CRITERIA)
    cycle = publish_cycle(
        plan,
        kenya_coordinator,
        label="2025",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        due=due_later(),
        statuses=statuses,
    )
    report = shadow_report(
        card_coalition_member, card_coalition, plan, cycle, dict.fromkeys(actions, "yes")
    )
    shadow.reply_publish(actor=kenya_coordinator, report=report, text="Thank you for the review.")
    return plan


@pytest.fixture
def mixed_plan(kenya, kenya_coordinator):
    from naptrack.report_cards.services import statement_sign

    plan = ActionPlanFactory(
        country=kenya,
        title="Kenya mixed plan (card test)",
        period_start=2024,
        period_end=2026,
        budget="not_allocated",
    )
    defence = AgencyFactory(name="Ministry of Defence (mixed test)", country=kenya)
    gender = AgencyFactory(name="Ministry of Gender (mixed test)", country=kenya)
    objective = ObjectiveFactory(pillar=PlanPillarFactory(plan=plan, name="Prevention"), code="1")
    first = ActionFactory(objective=objective, code="1.1", title="Train peacekeepers")
    second = ActionFactory(objective=objective, code="1.2", title="Open shelters")
    ResponsibilityFactory(action=first, agency=defence, role="lead")
    ResponsibilityFactory(action=second, agency=gender, role="lead")
    statements = {
        "participation": "met",
        "legislature": "not_met",
        "inclusion": "met",
        "policy_integration": "partly",
    }
    for code, claim in statements.items():
        statement_sign(
            actor=kenya_coordinator, plan=plan, criterion=code, claim=claim, text=f"On {code}."
        )
    reporting.cycle_create(
        actor=kenya_coordinator,
        plan=plan,
        label="2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        due_date=datetime.date(2025, 1, 31),
    )
    cycle = reporting.cycle_create(
        actor=kenya_coordinator,
        plan=plan,
        label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=due_later(),
    )
    cycle = reporting.cycle_open(actor=kenya_coordinator, cycle=cycle)
    approve(cycle.updates.get(action=first), kenya_coordinator, "delayed")
    report = reporting.report_compile(actor=kenya_coordinator, cycle=cycle, summary="In brief.")
    reporting.report_publish(actor=kenya_coordinator, report=report)
    # Method 1.3: a Kenyan contract of 2024 (outside the full plan's period) whose checklist
    # nobody answered: contractor compliance not met.
    ContractFactory(start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 12, 31))
    return plan


@pytest.fixture
def empty_plan(kenya):
    return ActionPlanFactory(country=kenya, title="Kenya empty plan (card test)", lead_agency="")


def card_of(plan):
    from naptrack.report_cards.services import report_card_recompute

    report_card_recompute(plan=plan)
    from naptrack.report_cards.selectors import current_card

    return current_card(plan)


def close_cycles(plan, coordinator):
    """Close the plan's open cycles, so that their published reports count in the ranking
    (a cycle not yet due nor closed is unfinished)."""
    for cycle in plan.reporting_cycles.filter(state="open"):
        reporting.cycle_close(actor=coordinator, cycle=cycle)
