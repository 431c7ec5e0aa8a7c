"""Every role that must not change Kenya's plans tries every editing page, by GET and POST.

Anonymous visitors are sent to sign in; a draft they cannot see is a 404 (its existence
is not revealed); a published plan they cannot change is a 403. Nothing changes.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from naptrack.core.models import Activity
from naptrack.registry.choices import PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Country
from naptrack.registry.services import plan_snapshot
from tests.factories.people import OUTSIDERS, outsider
from tests.factories.registry import ActionPlanFactory, CitationFactory

PAGES = ["plan_edit", "plan_sources", "plan_publish", "plan_status"]


def _payloads(plan, citation):
    """A valid change for every page, as the Kenya coordinator would send it."""
    return {
        "plan_edit": {
            "title": "Changed by an outsider",
            "focus": "unknown",
            "budget": "unknown",
            "period_start": "2020",
            "period_end": "2030",
        },
        "plan_sources": {"url": "https://example.org/planted"},
        "plan_sources_remove": {"remove": str(citation.pk)},
        "plan_publish": {"confirm": "on"},
        "plan_status": {"transition": "withdraw"},
    }


@pytest.fixture
def kenya_plans(db):
    kenya = Country.objects.get(iso3="KEN")
    published = ActionPlanFactory(country=kenya, status=PlanStatus.ADOPTED)
    draft = ActionPlanFactory(
        country=kenya, status=PlanStatus.DRAFTING, publication=Publication.DRAFT
    )
    return {"published": published, "draft": draft}


def _state(plan):
    return plan_snapshot(ActionPlan.objects.get(pk=plan.pk)), Activity.objects.count()


def _client_for(client, kind):
    user = outsider(kind)
    if user is not None:
        client.force_login(user)
    return client


def _assert_refused(response, kind, visibility):
    if kind == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    elif visibility == "draft":
        assert response.status_code == 404
        assert b"Changed by an outsider" not in response.content
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("visibility", ["published", "draft"])
@pytest.mark.parametrize("kind", OUTSIDERS)
def test_editing_pages_refuse_outsiders(client, kenya_plans, kind, visibility):
    plan = kenya_plans[visibility]
    citation = CitationFactory(plan=plan)
    client = _client_for(client, kind)
    payloads = _payloads(plan, citation)
    before = _state(plan)
    for page in PAGES:
        url = reverse(f"registry:{page}", args=[plan.pk])
        _assert_refused(client.get(url), kind, visibility)
        _assert_refused(client.post(url, payloads[page]), kind, visibility)
    sources = reverse("registry:plan_sources", args=[plan.pk])
    _assert_refused(client.post(sources, payloads["plan_sources_remove"]), kind, visibility)
    assert _state(plan) == before
    assert list(plan.citations.values_list("url", flat=True)) == [citation.url]


@pytest.mark.parametrize(
    "kind", [k for k in OUTSIDERS if k not in {"other_country_coordinator", "regional_coordinator"}]
)
def test_plan_create_refuses_people_who_coordinate_nothing(client, db, kind):
    client = _client_for(client, kind)
    kenya = Country.objects.get(iso3="KEN")
    count = ActionPlan.objects.count()
    url = reverse("registry:plan_create")
    for response in (
        client.get(url),
        client.post(url, {"owner": f"country:{kenya.pk}", "status": "drafting", "title": "X"}),
    ):
        if kind == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse(settings.LOGIN_URL))
        else:
            assert response.status_code == 403
    assert ActionPlan.objects.count() == count


@pytest.mark.parametrize("kind", ["other_country_coordinator", "regional_coordinator"])
def test_plan_create_offers_other_coordinators_only_their_own_owners(client, db, kind):
    client = _client_for(client, kind)
    kenya = Country.objects.get(iso3="KEN")
    count = ActionPlan.objects.count()
    url = reverse("registry:plan_create")
    page = client.get(url).content.decode()
    assert f'value="country:{kenya.pk}"' not in page
    assert "Kenya" not in page
    response = client.post(
        url,
        {
            "owner": f"country:{kenya.pk}",
            "status": "drafting",
            "title": "Planted",
            "focus": "unknown",
            "budget": "unknown",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert ActionPlan.objects.count() == count
    assert not ActionPlan.objects.filter(title="Planted").exists()


def test_plan_pages_answer_404_for_a_plan_that_does_not_exist(client, db):
    client = _client_for(client, "other_country_coordinator")
    for page in PAGES:
        assert client.get(reverse(f"registry:{page}", args=[999999])).status_code == 404
