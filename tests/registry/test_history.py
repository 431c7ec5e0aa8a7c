"""A plan's history, page and API: every kind of recorded change displays, and nobody but
the owner's coordinators sees the drafting period or a plan they may not read."""

import json

import pytest
from django.urls import reverse

from naptrack.registry import services
from tests.factories.accounts import CoordinatorFactory, TotpAuthenticatorFactory, UserFactory
from tests.registry.test_pages import login_coordinator, text

pytestmark = pytest.mark.django_db

DRAFT_MARKER = "Zq7 drafted title never published"
DRAFT_PREDECESSOR = "Zq7 secret draft predecessor"


@pytest.fixture
def history_plan(kenya):
    """A plan drafted (with a secret title and a draft predecessor), cited, published,
    then edited and cited again once public."""
    actor = CoordinatorFactory(country=kenya).user
    hidden = services.plan_create(actor=actor, owner=kenya, title=DRAFT_PREDECESSOR)
    plan = services.plan_create(actor=actor, owner=kenya, title=DRAFT_MARKER, predecessor=hidden)
    services.citation_add(actor=actor, plan=plan, url="https://example.org/zq7-draft-source")
    services.plan_update(actor=actor, plan=plan, title="Kenya test plan Zq7")
    services.plan_publish(actor=actor, plan=plan)
    services.plan_update(actor=actor, plan=plan, lead_agency="Zq7 Ministry", predecessor=None)
    services.citation_add(actor=actor, plan=plan, url="https://example.org/zq7-public-source")
    return plan, hidden


def history_page(client, plan) -> str:
    response = client.get(reverse("registry:plan_history", args=[plan.pk]))
    assert response.status_code == 200
    return text(response)


def history_api(client, plan) -> str:
    response = client.get(f"/api/v1/plans/{plan.pk}/history")
    assert response.status_code == 200
    return response.content.decode()


def test_history_of_a_cited_plan_shows_the_source_added(client, history_plan):
    plan, _hidden = history_plan
    page = history_page(client, plan)
    assert "added a source" in page
    assert "sources : empty → https://example.org/zq7-public-source" in page
    assert "lead agency : empty → Zq7 Ministry" in page


@pytest.mark.parametrize("who", ["anonymous", "user", "other_coordinator"])
def test_history_starts_at_publication_and_names_no_draft(client, history_plan, who):
    plan, hidden = history_plan
    if who == "user":
        client.force_login(UserFactory())
    elif who == "other_coordinator":
        from naptrack.registry.models import Country

        login_coordinator(client, Country.objects.get(iso3="ALB"))
    page, api = history_page(client, plan), history_api(client, plan)
    for channel in (page, api):
        assert DRAFT_MARKER not in channel
        assert DRAFT_PREDECESSOR not in channel
        assert "zq7-draft-source" not in channel
    assert "published" in page and "Zq7 Ministry" in page
    assert "predecessor" not in page  # the only predecessor ever set is a draft
    assert all("predecessor" not in item["changes"] for item in json.loads(api)["items"])


def test_history_shows_the_drafting_to_the_owner_coordinators(client, kenya, history_plan):
    plan, hidden = history_plan
    login_coordinator(client, kenya)
    page = history_page(client, plan)
    assert DRAFT_MARKER in page
    assert f"predecessor : {DRAFT_PREDECESSOR} → empty" in page
    assert "sources : empty → https://example.org/zq7-draft-source" in page
    items = json.loads(history_api_as(kenya, plan))["items"]
    predecessors = [
        item["changes"]["predecessor"] for item in items if "predecessor" in item["changes"]
    ]
    assert {"before": None, "after": hidden.pk} in predecessors


def history_api_as(kenya, plan) -> str:
    from tests.factories.accounts import api_token_issue

    user = CoordinatorFactory(country=kenya).user
    TotpAuthenticatorFactory(user=user)
    _token, secret = api_token_issue(user)
    from django.test import Client

    response = Client().get(
        f"/api/v1/plans/{plan.pk}/history", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_history_names_a_public_predecessor_by_title(client, kenya):
    actor = CoordinatorFactory(country=kenya).user
    older = services.plan_create(actor=actor, owner=kenya, title="Zq7 public predecessor")
    services.citation_add(actor=actor, plan=older, url="https://example.org/zq7-older")
    services.plan_publish(actor=actor, plan=older)
    plan = services.plan_create(actor=actor, owner=kenya, title="Zq7 successor")
    services.citation_add(actor=actor, plan=plan, url="https://example.org/zq7-newer")
    services.plan_publish(actor=actor, plan=plan)
    services.plan_update(actor=actor, plan=plan, predecessor=older)
    assert "predecessor : empty → Zq7 public predecessor" in history_page(client, plan)
    latest = json.loads(history_api(client, plan))["items"][0]
    assert latest["changes"]["predecessor"] == {"before": None, "after": older.pk}


def test_every_kind_of_field_displays_without_error():
    """Own fields, choices, many-to-many and reverse relations (citations, successor)."""
    from naptrack.registry.templatetags.registry_display import change_value, field_label

    assert change_value("citations", "https://example.org/a") == "https://example.org/a"
    assert change_value("resolutions", ["1325", "1820"]) == "1325, 1820"
    assert change_value("successor", 7) == 7
    assert change_value("budget", "allocated") == "Allocated"
    assert field_label("citations") == "sources"
    assert field_label("successor") == "successor"
    assert field_label("lead_agency") == "lead agency"
