"""The structure change log of a published plan starts at its publication for everyone
but the plan's coordinators: how the draft was built stays theirs."""

import pytest
from django.urls import reverse

from naptrack.plans import services as structure
from naptrack.registry import services as registry
from tests.factories.accounts import CoordinatorFactory
from tests.factories.people import person

pytestmark = pytest.mark.django_db

DRAFT_PILLAR = "Zq3 pillar dropped before publication"


@pytest.fixture
def draft_changes_plan(kenya):
    actor = CoordinatorFactory(country=kenya).user
    plan = registry.plan_create(actor=actor, owner=kenya, title="Zq3 structure plan")
    dropped = structure.pillar_create(actor=actor, plan=plan, name=DRAFT_PILLAR)
    structure.pillar_delete(actor=actor, plan_pillar=dropped)
    registry.citation_add(actor=actor, plan=plan, url="https://example.org/zq3-structure")
    registry.plan_publish(actor=actor, plan=plan)
    structure.pillar_create(actor=actor, plan=plan, name="Zq3 pillar added once public")
    return plan


def changes(client, plan) -> str:
    response = client.get(reverse("plans:changes", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", [None, "analyst", "moderator"])
def test_the_public_change_log_starts_at_publication(client, draft_changes_plan, role):
    if role:
        client.force_login(person(role, totp=True))
    page = changes(client, draft_changes_plan)
    assert "Zq3 pillar added once public" in page
    assert DRAFT_PILLAR not in page
    assert "The log starts when the plan was published" in page


def test_the_coordinators_see_the_drafting_too(client, kenya, draft_changes_plan):
    client.force_login(person("coordinator", totp=True, country=kenya))
    page = changes(client, draft_changes_plan)
    assert DRAFT_PILLAR in page and "Zq3 pillar added once public" in page
