"""Lists do not grow in queries with their items: measured with 1, then held at 3."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from naptrack.report_cards import services
from naptrack.report_cards.method import METHOD_VERSION
from tests.factories.registry import ActionPlanFactory, PlanFactFactory

# Six of the twelve design criteria coded: enough to be graded, so ranked.
GRADED_FACTS = (
    "cso_drafting",
    "parliament_reporting",
    "inclusion",
    "policy_integration",
    "peer_learning",
    "theme_disarmament",
)


def add_plans(kenya, n):
    for i in range(n):
        plan = ActionPlanFactory(country=kenya, title=f"Counted plan {i} (card test)")
        for code in GRADED_FACTS:
            PlanFactFactory(plan=plan, code=code, value="yes")
        services.report_card_recompute(plan=plan)


def history_plan(kenya, cards):
    plan = ActionPlanFactory(country=kenya, title="History plan (card test)")
    for year in range(cards):
        plan.period_end = 2090 + year  # a new input: a new card
        plan.save()
        services.report_card_recompute(plan=plan)
    return plan


def queries_for(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


RANKING = {"page": reverse("report_cards:ranking"), "api": "/api/v1/report-cards"}


@pytest.mark.parametrize("kind", RANKING)
def test_ranking_queries_do_not_grow_with_plans(client, kenya, kind, django_assert_num_queries):
    add_plans(kenya, 1)
    one = queries_for(client, RANKING[kind], {"q": "Counted"})
    add_plans(kenya, 2)
    with django_assert_num_queries(one):
        response = client.get(RANKING[kind], {"q": "Counted"})
    assert response.text.count("Counted plan") == 3


@pytest.mark.parametrize("kind", ["page", "api"])
def test_history_queries_do_not_grow_with_cards(client, kenya, kind, django_assert_num_queries):
    def url(plan):
        if kind == "page":
            return reverse("report_cards:history", args=[plan.pk])
        return f"/api/v1/plans/{plan.pk}/report-card/history"

    one = queries_for(client, url(history_plan(kenya, 1)))
    three = history_plan(kenya, 3)
    with django_assert_num_queries(one):
        response = client.get(url(three))
    version = METHOD_VERSION
    needle = f">{version}<" if kind == "page" else f'"method_version": "{version}"'
    assert response.text.count(needle) == 3
