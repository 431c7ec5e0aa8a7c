"""Plan writes: the Kenya coordinator succeeds through the services; everyone else is refused
and nothing changes."""

import datetime

import pytest

from naptrack.core.models import Activity
from naptrack.core.selectors import activities_for
from naptrack.registry.choices import Publication
from naptrack.registry.models import ActionPlan, Citation
from tests.api.conftest import error_of
from tests.factories.registry import ActionPlanFactory, MadeUpCountryFactory


def last_activity(plan) -> Activity:
    return activities_for(plan).first()


def state() -> tuple:
    """Everything a refused write could have touched."""
    plans = list(ActionPlan.objects.order_by("pk").values())
    resolutions = list(ActionPlan.resolutions.through.objects.order_by("pk").values())
    citations = list(Citation.objects.order_by("pk").values())
    return plans, resolutions, citations, Activity.objects.count()


# -- The coordinator succeeds -----------------------------------------------------------


def test_coordinator_creates_a_draft_plan(kenya_coordinator_api, kenya_coordinator):
    response = kenya_coordinator_api.post(
        "plans",
        {
            "country": "ken",
            "title": "Kenya NAP III",
            "generation": 3,
            "period_start": 2026,
            "period_end": 2030,
            "status": "announced",
            "focus": "domestic",
            "resolutions": [1325, 1820],
        },
    )
    assert response.status_code == 201
    body = response.json()
    plan = ActionPlan.objects.get(pk=body["id"])
    assert (plan.country.iso3, plan.title, plan.status) == ("KEN", "Kenya NAP III", "announced")
    assert plan.publication == Publication.DRAFT
    assert sorted(plan.resolutions.values_list("number", flat=True)) == [1325, 1820]
    assert body["publication"] == "draft" and body["can_edit"] is True
    activity = last_activity(plan)
    assert (activity.verb, activity.channel, activity.actor) == (
        "plan.created",
        "api",
        kenya_coordinator,
    )
    assert activity.changes["title"] == {"before": None, "after": "Kenya NAP III"}


def test_coordinator_creates_a_regional_plan(db):
    from naptrack.registry.models import RegionalOrganization
    from tests.api.conftest import client_for
    from tests.factories.accounts import CoordinatorFactory

    organization = RegionalOrganization.objects.get(slug="asean")
    membership = CoordinatorFactory(country=None, regional_organization=organization)
    response = client_for(membership.user).post(
        "plans", {"regional_organization": "asean", "title": "ASEAN RPA II"}
    )
    assert response.status_code == 201
    assert response.json()["owner"] == {
        "kind": "regional_organization",
        "code": "asean",
        "name": "ASEAN",
        "url": "http://testserver/api/v1/regional-organizations/asean",
    }


def test_coordinator_patches_only_the_fields_sent(
    kenya_coordinator_api, api_kenya_plan, kenya_coordinator
):
    response = kenya_coordinator_api.patch(
        f"plans/{api_kenya_plan.pk}", {"title": "Kenya NAP (revised)", "lead_agency": None}
    )
    assert response.status_code == 200
    api_kenya_plan.refresh_from_db()
    assert api_kenya_plan.title == "Kenya NAP (revised)"
    assert api_kenya_plan.generation == 5  # untouched
    assert response.json()["title"] == "Kenya NAP (revised)"
    activity = last_activity(api_kenya_plan)
    assert (activity.verb, activity.channel, activity.actor) == (
        "plan.updated",
        "api",
        kenya_coordinator,
    )
    assert activity.changes == {
        "title": {"before": "Kenya test NAP (published)", "after": "Kenya NAP (revised)"}
    }


def test_coordinator_sets_and_clears_the_predecessor(kenya_coordinator_api, kenya, api_kenya_plan):
    older = ActionPlanFactory(country=kenya, title="Older", period_start=2010, period_end=2012)
    linked = kenya_coordinator_api.patch(f"plans/{api_kenya_plan.pk}", {"predecessor_id": older.pk})
    assert linked.json()["predecessor_id"] == older.pk
    cleared = kenya_coordinator_api.patch(f"plans/{api_kenya_plan.pk}", {"predecessor_id": None})
    assert cleared.json()["predecessor_id"] is None
    api_kenya_plan.refresh_from_db()
    assert api_kenya_plan.predecessor_id is None


def test_coordinator_publishes_a_draft(kenya_coordinator_api, api_kenya_draft, anonymous_api):
    response = kenya_coordinator_api.post(f"plans/{api_kenya_draft.pk}/publish")
    assert response.status_code == 200
    assert response.json()["publication"] == "published"
    assert last_activity(api_kenya_draft).verb == "plan.published"
    assert last_activity(api_kenya_draft).channel == "api"
    assert anonymous_api.get(f"plans/{api_kenya_draft.pk}").json()["title"] == api_kenya_draft.title


@pytest.mark.parametrize(
    ("start", "body", "status", "verb"),
    [
        ("drafting", {"action": "adopt", "adoption_date": "2026-03-08"}, "adopted", "plan.adopted"),
        ("adopted", {"action": "extend", "extended_to": 2100}, "adopted", "plan.extended"),
        ("adopted", {"action": "expire"}, "expired", "plan.expired"),
        ("adopted", {"action": "withdraw"}, "withdrawn", "plan.withdrawn"),
        ("announced", {"action": "start_drafting"}, "drafting", "plan.drafting_started"),
        ("drafting", {"action": "open_consultation"}, "consultation", "plan.consultation_opened"),
    ],
)
def test_coordinator_moves_a_plan_through_its_lifecycle(
    kenya_coordinator_api, api_kenya_plan, start, body, status, verb
):
    ActionPlan.objects.filter(pk=api_kenya_plan.pk).update(status=start)
    response = kenya_coordinator_api.post(f"plans/{api_kenya_plan.pk}/transitions", body)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == status
    api_kenya_plan.refresh_from_db()
    assert api_kenya_plan.status == status
    activity = last_activity(api_kenya_plan)
    assert (activity.verb, activity.channel) == (verb, "api")


def test_adopt_records_the_date_and_precision(kenya_coordinator_api, api_kenya_draft):
    body = {"action": "adopt", "adoption_date": "2026-03-01", "precision": "month"}
    response = kenya_coordinator_api.post(f"plans/{api_kenya_draft.pk}/transitions", body)
    assert response.json()["adoption_date"] == "2026-03-01"
    api_kenya_draft.refresh_from_db()
    assert (api_kenya_draft.adoption_date, api_kenya_draft.adoption_precision) == (
        datetime.date(2026, 3, 1),
        "month",
    )


def test_supersede_links_the_successor(kenya_coordinator_api, kenya, api_kenya_plan):
    successor = ActionPlanFactory(country=kenya, title="Successor", generation=6)
    response = kenya_coordinator_api.post(
        f"plans/{api_kenya_plan.pk}/transitions",
        {"action": "supersede", "successor_id": successor.pk},
    )
    assert response.status_code == 200
    assert response.json()["successor_id"] == successor.pk
    assert response.json()["status"] == "superseded"
    successor.refresh_from_db()
    assert successor.predecessor_id == api_kenya_plan.pk


def test_coordinator_adds_and_removes_a_citation(kenya_coordinator_api, api_kenya_plan):
    added = kenya_coordinator_api.post(
        f"plans/{api_kenya_plan.pk}/citations",
        {"url": "https://example.org/new-source", "title": "Gazette", "accessed": "2026-01-02"},
    )
    assert added.status_code == 201
    citation = Citation.objects.get(pk=added.json()["id"])
    assert (citation.url, citation.title, citation.accessed) == (
        "https://example.org/new-source",
        "Gazette",
        datetime.date(2026, 1, 2),
    )
    assert last_activity(api_kenya_plan).verb == "plan.citation_added"
    removed = kenya_coordinator_api.delete(f"plans/{api_kenya_plan.pk}/citations/{citation.pk}")
    assert removed.status_code == 204 and removed.content == b""
    assert not Citation.objects.filter(pk=citation.pk).exists()
    activity = last_activity(api_kenya_plan)
    assert (activity.verb, activity.channel) == ("plan.citation_removed", "api")


def test_citation_of_another_plan_cannot_be_removed_through_this_one(
    kenya_coordinator_api, api_kenya_plan, api_kenya_draft
):
    other = api_kenya_draft.citations.get()
    response = kenya_coordinator_api.delete(f"plans/{api_kenya_plan.pk}/citations/{other.pk}")
    assert response.status_code == 404
    assert Citation.objects.filter(pk=other.pk).exists()


# -- Bad input is refused and nothing is written ---------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "No owner"}, "body.country"),
        ({"country": "KEN", "regional_organization": "asean"}, "body.country"),
        ({"country": "ZZZ"}, "body.country"),
        ({"regional_organization": "nowhere"}, "body.regional_organization"),
        ({"country": "KEN", "period_start": 2030, "period_end": 2020}, "body.period_end"),
        ({"country": "KEN", "status": "finished"}, "body.status"),
        ({"country": "KEN", "focus": None}, "body.focus"),
        ({"country": "KEN", "predecessor_id": 999999999}, "body.predecessor_id"),
    ],
)
def test_invalid_create_names_the_field_and_writes_nothing(kenya_coordinator_api, body, field):
    before = state()
    response = kenya_coordinator_api.post("plans", body)
    assert response.status_code == 422
    assert field in error_of(response)["fields"]
    assert state() == before


def test_predecessor_must_be_a_plan_the_caller_can_see(kenya_coordinator_api, api_kenya_plan):
    hidden = ActionPlanFactory(
        country=MadeUpCountryFactory(), publication=Publication.DRAFT, title="Elsewhere draft"
    )
    response = kenya_coordinator_api.patch(
        f"plans/{api_kenya_plan.pk}", {"predecessor_id": hidden.pk}
    )
    assert response.status_code == 422
    assert error_of(response)["fields"] == {
        "body.predecessor_id": [f"There is no plan {hidden.pk} that you can see."]
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "adopt"}, "body.adoption_date"),
        ({"action": "extend"}, "body.extended_to"),
        ({"action": "supersede"}, "body.successor_id"),
        ({"action": "supersede", "successor_id": 999999999}, "body.successor_id"),
        ({"action": "resurrect"}, "body.action"),
    ],
)
def test_invalid_transition_names_the_field_and_writes_nothing(
    kenya_coordinator_api, api_kenya_plan, body, field
):
    before = state()
    response = kenya_coordinator_api.post(f"plans/{api_kenya_plan.pk}/transitions", body)
    assert response.status_code == 422
    assert field in error_of(response)["fields"]
    assert state() == before


def test_publishing_without_a_citation_is_refused(kenya_coordinator_api, kenya):
    draft = ActionPlanFactory(country=kenya, publication=Publication.DRAFT)
    response = kenya_coordinator_api.post(f"plans/{draft.pk}/publish")
    assert response.status_code == 422
    assert "citation" in error_of(response)["message"]
    draft.refresh_from_db()
    assert draft.publication == Publication.DRAFT


def test_duplicate_citation_is_refused(kenya_coordinator_api, api_kenya_plan):
    before = state()
    response = kenya_coordinator_api.post(
        f"plans/{api_kenya_plan.pk}/citations", {"url": "https://example.org/kenya-source"}
    )
    assert response.status_code == 422
    assert "body.url" in error_of(response)["fields"]
    assert state() == before


def test_denylisted_citation_url_is_refused_by_name(kenya_coordinator_api, api_kenya_plan):
    before = state()
    url = "https://vdocuments.net/kenya-nap.html"
    response = kenya_coordinator_api.post(f"plans/{api_kenya_plan.pk}/citations", {"url": url})
    assert response.status_code == 422
    assert "vdocuments.net is a document mirror" in str(error_of(response)["fields"])
    assert state() == before


def test_invalid_citation_url_is_refused(kenya_coordinator_api, api_kenya_plan):
    response = kenya_coordinator_api.post(
        f"plans/{api_kenya_plan.pk}/citations", {"url": "not a url"}
    )
    assert response.status_code == 422
    assert "body.url" in error_of(response)["fields"]


# -- Everyone else is refused -----------------------------------------------------------


def refusal(role, expected_anonymous, expected_signed_in):
    return expected_anonymous if role == "anonymous_api" else expected_signed_in


def test_outsiders_cannot_create_a_kenya_plan(outsider_api):
    role, client = outsider_api
    before = state()
    response = client.post("plans", {"country": "KEN", "title": "Not yours"})
    expected = refusal(role, ("not_authenticated", 401), ("permission_denied", 403))
    assert (error_of(response)["code"], response.status_code) == expected, role
    assert state() == before


def test_outsiders_cannot_patch_a_kenya_plan(outsider_api, api_kenya_plan):
    role, client = outsider_api
    before = state()
    response = client.patch(f"plans/{api_kenya_plan.pk}", {"title": "Not yours"})
    expected = refusal(role, ("not_authenticated", 401), ("permission_denied", 403))
    assert (error_of(response)["code"], response.status_code) == expected, role
    assert state() == before


def test_outsiders_cannot_publish_a_kenya_draft_nor_learn_it_exists(outsider_api, api_kenya_draft):
    role, client = outsider_api
    before = state()
    response = client.post(f"plans/{api_kenya_draft.pk}/publish")
    expected = refusal(role, ("not_authenticated", 401), ("not_found", 404))
    assert (error_of(response)["code"], response.status_code) == expected, role
    assert state() == before


def test_outsiders_cannot_patch_a_kenya_draft_nor_learn_it_exists(outsider_api, api_kenya_draft):
    role, client = outsider_api
    before = state()
    response = client.patch(f"plans/{api_kenya_draft.pk}", {"title": "Not yours"})
    expected = refusal(role, ("not_authenticated", 401), ("not_found", 404))
    assert (error_of(response)["code"], response.status_code) == expected, role
    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {"action": "expire"},
        {"action": "withdraw"},
        {"action": "extend", "extended_to": 2100},
        {"action": "adopt", "adoption_date": "2026-01-01"},
    ],
)
def test_outsiders_cannot_move_a_kenya_plan(outsider_api, api_kenya_plan, body):
    role, client = outsider_api
    before = state()
    response = client.post(f"plans/{api_kenya_plan.pk}/transitions", body)
    expected = refusal(role, ("not_authenticated", 401), ("permission_denied", 403))
    assert (error_of(response)["code"], response.status_code) == expected, role
    assert state() == before


def test_outsiders_cannot_add_or_remove_kenya_citations(outsider_api, api_kenya_plan):
    role, client = outsider_api
    before = state()
    citation = api_kenya_plan.citations.get()
    added = client.post(f"plans/{api_kenya_plan.pk}/citations", {"url": "https://example.org/x"})
    removed = client.delete(f"plans/{api_kenya_plan.pk}/citations/{citation.pk}")
    expected = refusal(role, ("not_authenticated", 401), ("permission_denied", 403))
    assert (error_of(added)["code"], added.status_code) == expected, role
    assert (error_of(removed)["code"], removed.status_code) == expected, role
    assert state() == before


def test_uganda_coordinator_cannot_take_a_kenya_plan_as_predecessor(
    uganda_coordinator_api, api_kenya_plan
):
    from naptrack.registry.models import Country

    uganda_plan = ActionPlanFactory(country=Country.objects.get(iso3="UGA"), title="Uganda")
    response = uganda_coordinator_api.patch(
        f"plans/{uganda_plan.pk}", {"predecessor_id": api_kenya_plan.pk}
    )
    assert response.status_code == 422
    assert "body.predecessor_id" in error_of(response)["fields"]
    uganda_plan.refresh_from_db()
    assert uganda_plan.predecessor_id is None
