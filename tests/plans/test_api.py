"""The plan structure API: actions, indicators and lines of accountability, as the
structure page shows them; drafts 404 to everyone but their coordinators."""

import pytest

from naptrack.plans.models import Action
from tests.api.conftest import ApiClient, client_for
from tests.factories.accounts import AgencyFactory
from tests.factories.plans import (
    ActionFactory,
    BudgetLineFactory,
    IndicatorTargetFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
)

PATHS = ["actions", "indicators", "agencies"]


def get(client, plan, path, **query):
    return client.get(f"plans/{plan.pk}/{path}", **query)


def test_indicators_list_gives_unknowns_as_null(db, imported):
    body = get(ApiClient(), imported, "indicators").json()
    assert body["count"] == 2
    desks = body["items"][1]
    assert desks["code"] == "2.1.1.a" and desks["baseline_value"] is None
    assert desks["standard_indicator"] is None and desks["sdg_indicator"] is None
    assert desks["targets"] == [{"period": "2025", "value": "40"}]
    assert desks["action_id"] == Action.objects.get(plan=imported, code="2.1.1").pk


def test_actions_list_names_pillar_and_objective(db, imported):
    body = get(ApiClient(), imported, "actions").json()
    assert [(a["code"], a["pillar"], a["objective_code"]) for a in body["items"]] == [
        ("1.1.1", "Participation", "1.1"),
        ("1.1.2", "Participation", "1.1"),
        ("2.1.1", "Protection", "2.1"),
    ]
    assert body["items"][1]["description"] is None  # not written: null, not ""


def test_agencies_list_gives_lines_of_accountability(db, imported):
    body = get(ApiClient(), imported, "agencies").json()
    lines = {a["name"]: [(x["code"], x["role"]) for x in a["actions"]] for a in body["items"]}
    assert lines == {
        "Ministry of Defence": [("1.1.1", "lead"), ("2.1.1", "supporting")],
        "Ministry of Gender": [("1.1.1", "supporting"), ("1.1.2", "lead"), ("2.1.1", "supporting")],
        "National Police Service": [("2.1.1", "lead")],
    }


@pytest.mark.parametrize("path", PATHS)
def test_draft_plan_structure_is_404_to_outsiders(draft_plan, uganda_coordinator, path):
    action = ActionFactory(objective=ObjectiveFactory(pillar=PlanPillarFactory(plan=draft_plan)))
    ResponsibilityFactory(action=action)
    IndicatorTargetFactory(indicator__action=action)
    for client in [ApiClient(), client_for(uganda_coordinator)]:
        response = get(client, draft_plan, path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", PATHS)
def test_draft_plan_structure_is_readable_by_its_coordinator(draft_plan, kenya_coordinator, path):
    pillar = PlanPillarFactory(plan=draft_plan, name="Draft pillar")
    action = ActionFactory(objective=ObjectiveFactory(pillar=pillar))
    ResponsibilityFactory(action=action)
    IndicatorTargetFactory(indicator__action=action)
    response = get(client_for(kenya_coordinator), draft_plan, path)
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_synthetic_plan_structure_is_404(db, structure_plan):
    structure_plan.origin = "synthetic"
    structure_plan.save()
    assert get(ApiClient(), structure_plan, "actions").status_code == 404


def plan_with(plan, count):
    pillar = PlanPillarFactory(plan=plan)
    for n in range(count):
        action = ActionFactory(objective=ObjectiveFactory(pillar=pillar, code=f"{n + 1}"))
        ResponsibilityFactory(action=action, agency=AgencyFactory(name=f"Agency {n}"), role="lead")
        ResponsibilityFactory(action=action, role="supporting")
        target = IndicatorTargetFactory(indicator__action=action, period="2025")
        IndicatorTargetFactory(indicator=target.indicator, period="2026")
        BudgetLineFactory(action=action)
    return plan


# plan_for_read (plan, citations, resolutions), count, page and each prefetch:
# responsibilities, indicators, targets and budget lines of actions; targets of
# indicators; each agency's responsibilities in the plan.
QUERIES = {"actions": 3 + 6, "indicators": 3 + 3, "agencies": 3 + 3}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("path", PATHS)
def test_structure_endpoints_query_count_does_not_grow(
    django_assert_num_queries, structure_plan, path, count
):
    plan_with(structure_plan, count)
    client = ApiClient()
    with django_assert_num_queries(QUERIES[path]):
        response = get(client, structure_plan, path)
    expected = {"actions": count, "indicators": count, "agencies": 2 * count}[path]
    assert response.json()["count"] == expected
