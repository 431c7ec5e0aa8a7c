"""The structure page, its change log and exports cost the same number of queries
whatever the size of the plan."""

import pytest
from django.test import Client
from django.urls import reverse

from naptrack.plans import services
from tests.factories.plans import (
    ActionFactory,
    BudgetLineFactory,
    IndicatorTargetFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
)


def plan_with_actions(plan, count):
    pillar = PlanPillarFactory(plan=plan)
    for number in range(count):
        objective = ObjectiveFactory(pillar=pillar, code=f"{number + 1}")
        action = ActionFactory(objective=objective, code=f"{number + 1}.1")
        ResponsibilityFactory(action=action, role="lead")
        ResponsibilityFactory(action=action, role="supporting")
        target = IndicatorTargetFactory(indicator__action=action, period="2025")
        IndicatorTargetFactory(indicator=target.indicator, period="2026")
        BudgetLineFactory(action=action)
    return plan


# The plan with its citations and resolutions (plan_for_read), then pillars, objectives,
# actions, responsibilities with agencies, indicators, targets and budget lines.
STRUCTURE_QUERIES = 10
# The page also reads the translations of the actions, then of the indicators, and the
# lessons "tried elsewhere" (their countries only when there are some).
STRUCTURE_PAGE_QUERIES = STRUCTURE_QUERIES + 3


@pytest.mark.parametrize("count", [1, 3])
def test_structure_page_query_count_does_not_grow(django_assert_num_queries, structure_plan, count):
    plan_with_actions(structure_plan, count)
    client = Client()
    with django_assert_num_queries(STRUCTURE_PAGE_QUERIES):
        response = client.get(reverse("plans:structure", args=[structure_plan.pk]))
    assert response.content.decode().count('<article class="action"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_csv_export_query_count_does_not_grow(django_assert_num_queries, structure_plan, count):
    plan_with_actions(structure_plan, count)
    with django_assert_num_queries(STRUCTURE_QUERIES):
        response = Client().get(reverse("plans:export_csv", args=[structure_plan.pk]))
    assert response.content.decode().count("\n") == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_change_log_query_count_does_not_grow(
    django_assert_num_queries, structure_plan, kenya_coordinator, count
):
    pillar = services.structure_start(actor=kenya_coordinator, plan=structure_plan)[0]
    for number in range(count - 1):
        services.objective_create(
            actor=kenya_coordinator, pillar=pillar, code=f"{number}", title="T"
        )
    client = Client()
    # plan (3), count of versions, the page of versions, their changes
    with django_assert_num_queries(6):
        response = client.get(reverse("plans:changes", args=[structure_plan.pk]))
    assert response.content.decode().count('<section class="version"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_change_log_for_coordinator_query_count_does_not_grow(
    django_assert_num_queries, kenya_coordinator_client, structure_plan, kenya_coordinator, count
):
    pillar = services.structure_start(actor=kenya_coordinator, plan=structure_plan)[0]
    for number in range(count - 1):
        services.objective_create(
            actor=kenya_coordinator, pillar=pillar, code=f"{number}", title="T"
        )
    kenya_coordinator_client.get(
        reverse("plans:changes", args=[structure_plan.pk])
    )  # warm the session
    with django_assert_num_queries(10):
        response = kenya_coordinator_client.get(reverse("plans:changes", args=[structure_plan.pk]))
    assert response.content.decode().count(str(kenya_coordinator)) == count
