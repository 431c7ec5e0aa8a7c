"""The plan page shows the budget its structure holds, summed per kind and currency."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from naptrack.plans.selectors import budget_totals
from tests.factories.plans import (
    ActionFactory,
    BudgetLineFactory,
    ObjectiveFactory,
    PlanPillarFactory,
)
from tests.factories.registry import ActionPlanFactory


def _action(plan, number):
    pillar = PlanPillarFactory(plan=plan)
    objective = ObjectiveFactory(pillar=pillar, code=f"{number}")
    return ActionFactory(objective=objective, code=f"{number}.1")


def _budget_section(plan) -> str:
    html = Client().get(plan.get_absolute_url()).content.decode()
    start = html.index('id="structure-budget"')
    return html[start : html.index("</dd>", start)]


@pytest.mark.django_db
def test_totals_are_summed_per_kind_and_currency(structure_plan):
    first, second = _action(structure_plan, 1), _action(structure_plan, 2)
    BudgetLineFactory(action=first, amount=Decimal("1000.50"), currency="EUR", kind="allocated")
    BudgetLineFactory(action=second, amount=Decimal("250"), currency="EUR", kind="allocated")
    BudgetLineFactory(action=second, amount=Decimal("40"), currency="USD", kind="allocated")
    BudgetLineFactory(action=first, amount=Decimal("7"), currency="EUR", kind="spent")

    totals = budget_totals(structure_plan)
    assert [(t["kind"], t["currency"], t["total"]) for t in totals] == [
        ("Allocated", "EUR", "1250.5"),
        ("Allocated", "USD", "40"),
        ("Spent", "EUR", "7"),
    ]
    section = _budget_section(structure_plan)
    assert "Allocated: 1250.5 EUR" in section
    assert "Allocated: 40 USD" in section
    assert "Spent: 7 EUR" in section


@pytest.mark.django_db
def test_no_budget_lines_reads_unknown(structure_plan):
    _action(structure_plan, 1)
    section = _budget_section(structure_plan)
    assert "unknown" in section.lower()


@pytest.mark.django_db
def test_another_plans_budget_is_not_counted(structure_plan):
    other_plan = ActionPlanFactory()
    BudgetLineFactory(action=_action(other_plan, 1), amount=Decimal("99"), currency="EUR")
    assert budget_totals(structure_plan) == []


def _page_queries(plan) -> int:
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(plan.get_absolute_url()).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_plan_page_queries_do_not_grow_with_budget_lines(structure_plan):
    BudgetLineFactory(action=_action(structure_plan, 1), currency="EUR")
    with_one = _page_queries(structure_plan)
    for number in range(2, 6):
        BudgetLineFactory(action=_action(structure_plan, number), currency="USD")
        BudgetLineFactory(action=_action(structure_plan, number + 10), currency="EUR", kind="spent")
    assert _page_queries(structure_plan) == with_one
