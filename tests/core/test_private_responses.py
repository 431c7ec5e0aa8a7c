"""Responses to signed-in users and token holders are never kept by a shared cache or
the browser's store: they may hold drafts, identities or personal downloads."""

import pytest

from tests.factories.accounts import UserFactory, api_token_issue
from tests.factories.registry import ActionPlanFactory, CitationFactory


@pytest.fixture
def public_plan(kenya):
    plan = ActionPlanFactory(country=kenya, title="Public plan")
    CitationFactory(plan=plan)
    return plan


def test_anonymous_pages_may_be_cached(client, public_plan):
    assert "no-store" not in client.get(public_plan.get_absolute_url()).get("Cache-Control", "")
    badge = client.get(f"/plans/{public_plan.pk}/report-card/badge.svg")
    assert "public" in badge["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    ["/", "/plans/{pk}/", "/me/tokens/", "/data/plans.csv", "/plans/{pk}/report-card/badge.svg"],
)
def test_signed_in_responses_are_private_and_not_stored(client, public_plan, path):
    user = UserFactory()
    client.force_login(user)
    response = client.get(path.format(pk=public_plan.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "max-age=3600" not in response["Cache-Control"]


def test_a_signed_in_coordinator_download_is_private(client, public_plan, kenya_coordinator):
    client.force_login(kenya_coordinator)
    response = client.get(f"/plans/{public_plan.pk}/structure.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"


def test_api_token_responses_are_private_and_not_stored(client, public_plan):
    _, raw = api_token_issue(UserFactory())
    response = client.get("/api/v1/plans", headers={"Authorization": f"Bearer {raw}"})
    assert response.json()["count"] >= 1
    assert response["Cache-Control"] == "private, no-store"
