"""The Kenya coordinator's editing pages: each works without JavaScript, shows the
services' errors on the form, and each change writes an Activity with before and after."""

import pytest
from django.urls import reverse

from naptrack.core.selectors import activities_for
from naptrack.registry.choices import PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Country, Resolution
from tests.factories import people
from tests.factories.people import outsider
from tests.factories.registry import ActionPlanFactory, CitationFactory


@pytest.fixture
def manage_draft(kenya):
    return ActionPlanFactory(
        country=kenya,
        title="Kenya NAP draft",
        status=PlanStatus.DRAFTING,
        publication=Publication.DRAFT,
        adoption_date=None,
        adoption_precision="",
        period_start=2025,
        period_end=2029,
    )


def _edit_data(**overrides):
    data = {
        "title": "Kenya National Action Plan 2025–2029",
        "generation": "3",
        "period_start": "2025",
        "period_end": "2029",
        "lead_agency": "Ministry of Public Service and Gender",
        "focus": "domestic",
        "budget": "unknown",
    }
    return {**data, **overrides}


def test_plan_create_page_offers_only_coordinated_owners(kenya_coordinator_client, kenya):
    page = kenya_coordinator_client.get(reverse("registry:plan_create")).content.decode()
    assert f'<option value="country:{kenya.pk}">Kenya</option>' in page
    assert "Uganda" not in page
    assert 'name="predecessor"' in page


def test_plan_create_saves_a_draft_and_records_it(kenya_coordinator_client, kenya):
    resolution = Resolution.objects.get(number=1325)
    response = kenya_coordinator_client.post(
        reverse("registry:plan_create"),
        _edit_data(owner=f"country:{kenya.pk}", status="drafting", resolutions=[resolution.pk]),
    )
    plan = ActionPlan.objects.get(title="Kenya National Action Plan 2025–2029")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:plan_sources", args=[plan.pk])
    assert (plan.country, plan.publication, plan.status) == (kenya, "draft", "drafting")
    assert list(plan.resolutions.values_list("number", flat=True)) == [1325]
    activity = activities_for(plan).get()
    assert activity.verb == "plan.created"
    assert activity.changes["lead_agency"] == {
        "before": None,
        "after": "Ministry of Public Service and Gender",
    }
    assert activity.changes["resolutions"] == {"before": None, "after": [1325]}


def test_plan_create_shows_a_service_error_on_the_field(kenya_coordinator_client, kenya):
    count = ActionPlan.objects.count()
    response = kenya_coordinator_client.post(
        reverse("registry:plan_create"),
        _edit_data(owner=f"country:{kenya.pk}", status="drafting", period_end="2020"),
    )
    assert response.status_code == 200
    assert "The period ends (2020) before it starts (2025)." in response.content.decode()
    assert ActionPlan.objects.count() == count


def test_plan_edit_page_shows_current_values(kenya_coordinator_client, manage_draft):
    page = kenya_coordinator_client.get(
        reverse("registry:plan_edit", args=[manage_draft.pk])
    ).content.decode()
    assert 'value="Kenya NAP draft"' in page
    assert f'action="/plans/{manage_draft.pk}/edit/"' in page
    assert "Draft — visible only to this plan" in page


def test_plan_edit_saves_and_records_before_and_after(kenya_coordinator_client, manage_draft):
    response = kenya_coordinator_client.post(
        reverse("registry:plan_edit", args=[manage_draft.pk]), _edit_data()
    )
    assert response.status_code == 302
    assert response["Location"] == manage_draft.get_absolute_url()
    manage_draft.refresh_from_db()
    assert manage_draft.title == "Kenya National Action Plan 2025–2029"
    changes = activities_for(manage_draft).get().changes
    assert changes["title"] == {
        "before": "Kenya NAP draft",
        "after": "Kenya National Action Plan 2025–2029",
    }
    assert changes["focus"] == {"before": "unknown", "after": "domestic"}


def test_plan_edit_offers_only_this_owners_plans_as_predecessor(
    kenya_coordinator_client, manage_draft
):
    mine = ActionPlanFactory(country=manage_draft.country, title="Kenya NAP I")
    ActionPlanFactory(country=Country.objects.get(iso3="UGA"), title="Uganda NAP I")
    foreign_draft = ActionPlanFactory(
        country=Country.objects.get(iso3="UGA"), title="Uganda secret draft", publication="draft"
    )
    page = kenya_coordinator_client.get(
        reverse("registry:plan_edit", args=[manage_draft.pk])
    ).content.decode()
    assert f'<option value="{mine.pk}">Kenya NAP I</option>' in page
    assert "Uganda NAP I" not in page
    assert "Uganda secret draft" not in page
    response = kenya_coordinator_client.post(
        reverse("registry:plan_edit", args=[manage_draft.pk]),
        _edit_data(predecessor=foreign_draft.pk),
    )
    assert "Select a valid choice" in response.content.decode()
    assert ActionPlan.objects.get(pk=manage_draft.pk).predecessor is None


def test_plan_sources_add_and_remove(kenya_coordinator_client, manage_draft):
    url = reverse("registry:plan_sources", args=[manage_draft.pk])
    response = kenya_coordinator_client.post(
        url, {"url": "https://example.org/kenya-nap.pdf", "title": "Kenya NAP (PDF)"}
    )
    assert response["Location"] == url
    citation = manage_draft.citations.get()
    assert citation.title == "Kenya NAP (PDF)"
    page = kenya_coordinator_client.get(url).content.decode()
    assert '<a href="https://example.org/kenya-nap.pdf" rel="noopener noreferrer">' in page
    kenya_coordinator_client.post(url, {"remove": citation.pk})
    assert not manage_draft.citations.exists()
    verbs = list(activities_for(manage_draft).values_list("verb", "changes"))
    assert verbs == [
        (
            "plan.citation_removed",
            {"citations": {"before": "https://example.org/kenya-nap.pdf", "after": None}},
        ),
        (
            "plan.citation_added",
            {"citations": {"before": None, "after": "https://example.org/kenya-nap.pdf"}},
        ),
    ]


def test_plan_sources_shows_duplicate_and_invalid_urls(kenya_coordinator_client, manage_draft):
    url = reverse("registry:plan_sources", args=[manage_draft.pk])
    CitationFactory(plan=manage_draft, url="https://example.org/same")
    page = kenya_coordinator_client.post(url, {"url": "https://example.org/same"}).content.decode()
    assert "This plan already cites https://example.org/same." in page
    page = kenya_coordinator_client.post(url, {"url": "not a url"}).content.decode()
    assert "Enter a valid URL." in page
    assert manage_draft.citations.count() == 1


def test_plan_sources_remove_of_another_plans_source_is_404(kenya_coordinator_client, manage_draft):
    other = CitationFactory(plan=ActionPlanFactory(country=Country.objects.get(iso3="UGA")))
    url = reverse("registry:plan_sources", args=[manage_draft.pk])
    assert kenya_coordinator_client.post(url, {"remove": other.pk}).status_code == 404
    assert kenya_coordinator_client.post(url, {"remove": "x"}).status_code == 404
    assert other.plan.citations.count() == 1


def test_plan_publish_refuses_without_a_source_and_says_why(kenya_coordinator_client, manage_draft):
    url = reverse("registry:plan_publish", args=[manage_draft.pk])
    assert "This plan has no source yet" in kenya_coordinator_client.get(url).content.decode()
    page = kenya_coordinator_client.post(url, {"confirm": "on"}).content.decode()
    assert "Add at least one source (citation) before publishing." in page
    assert ActionPlan.objects.get(pk=manage_draft.pk).publication == "draft"


def test_plan_publish_needs_the_confirmation(kenya_coordinator_client, manage_draft):
    CitationFactory(plan=manage_draft)
    url = reverse("registry:plan_publish", args=[manage_draft.pk])
    page = kenya_coordinator_client.post(url, {}).content.decode()
    assert "Tick the box to confirm you have checked the sources." in page
    assert ActionPlan.objects.get(pk=manage_draft.pk).publication == "draft"


def test_plan_publish_publishes_and_records_it(kenya_coordinator_client, manage_draft, client):
    CitationFactory(plan=manage_draft)
    response = kenya_coordinator_client.post(
        reverse("registry:plan_publish", args=[manage_draft.pk]), {"confirm": "on"}
    )
    assert response["Location"] == manage_draft.get_absolute_url()
    assert ActionPlan.objects.get(pk=manage_draft.pk).publication == "published"
    assert activities_for(manage_draft).get().changes == {
        "publication": {"before": "draft", "after": "published"}
    }


def test_plan_status_page_offers_only_allowed_transitions(kenya_coordinator_client, manage_draft):
    page = kenya_coordinator_client.get(
        reverse("registry:plan_status", args=[manage_draft.pk])
    ).content
    page = page.decode()
    for offered in ["open_consultation", "adopt", "withdraw"]:
        assert f'name="transition" value="{offered}"' in page
    for refused in ["start_drafting", "extend", "expire", "supersede"]:
        assert f'value="{refused}"' not in page
    assert 'name="adopt-adoption_date"' in page


def test_plan_status_adopt_with_date_and_precision(kenya_coordinator_client, manage_draft):
    response = kenya_coordinator_client.post(
        reverse("registry:plan_status", args=[manage_draft.pk]),
        {"transition": "adopt", "adopt-adoption_date": "2025-03-08", "adopt-precision": "month"},
    )
    assert response.status_code == 302
    manage_draft.refresh_from_db()
    assert (
        manage_draft.status,
        str(manage_draft.adoption_date),
        manage_draft.adoption_precision,
    ) == (
        "adopted",
        "2025-03-08",
        "month",
    )
    changes = activities_for(manage_draft).get().changes
    assert changes["status"] == {"before": "drafting", "after": "adopted"}
    assert changes["adoption_date"] == {"before": None, "after": "2025-03-08"}


def test_plan_status_adopt_without_a_date_names_the_field(kenya_coordinator_client, manage_draft):
    page = kenya_coordinator_client.post(
        reverse("registry:plan_status", args=[manage_draft.pk]), {"transition": "adopt"}
    ).content.decode()
    assert "This field is required." in page
    assert ActionPlan.objects.get(pk=manage_draft.pk).status == "drafting"


def test_plan_status_extend_and_supersede(kenya_coordinator_client, manage_draft, kenya):
    url = reverse("registry:plan_status", args=[manage_draft.pk])
    ActionPlan.objects.filter(pk=manage_draft.pk).update(status="adopted")
    page = kenya_coordinator_client.post(
        url, {"transition": "extend", "extend-extended_to": "2027"}
    ).content.decode()
    assert "The extension (2027) must not end before the period (2029)." in page
    kenya_coordinator_client.post(url, {"transition": "extend", "extend-extended_to": "2031"})
    assert ActionPlan.objects.get(pk=manage_draft.pk).extended_to == 2031
    successor = ActionPlanFactory(country=kenya, title="Kenya NAP next", generation=4)
    assert f'<option value="{successor.pk}">Kenya NAP next</option>' in (
        kenya_coordinator_client.get(url).content.decode()
    )
    kenya_coordinator_client.post(
        url, {"transition": "supersede", "supersede-successor": successor.pk}
    )
    assert ActionPlan.objects.get(pk=manage_draft.pk).status == "superseded"
    assert ActionPlan.objects.get(pk=successor.pk).predecessor_id == manage_draft.pk
    verbs = list(activities_for(manage_draft).values_list("verb", flat=True))
    assert verbs == ["plan.superseded", "plan.extended"]


def test_plan_status_refuses_a_transition_from_the_wrong_state(
    kenya_coordinator_client, manage_draft
):
    page = kenya_coordinator_client.post(
        reverse("registry:plan_status", args=[manage_draft.pk]), {"transition": "expire"}
    ).content.decode()
    assert (
        "This plan is drafting: only a plan that is adopted (current) can be marked expired."
        in (page)
    )
    assert ActionPlan.objects.get(pk=manage_draft.pk).status == "drafting"
    assert not activities_for(manage_draft).exists()


def test_plan_status_rejects_an_unknown_transition(kenya_coordinator_client, manage_draft):
    response = kenya_coordinator_client.post(
        reverse("registry:plan_status", args=[manage_draft.pk]), {"transition": "delete"}
    )
    assert response.status_code == 400
    assert b"Unknown status change: delete" in response.content
    assert ActionPlan.objects.get(pk=manage_draft.pk).status == "drafting"


def test_dashboard_lists_editable_plans_drafts_first(kenya_coordinator_client, manage_draft, kenya):
    page = kenya_coordinator_client.get(reverse("accounts:dashboard")).content.decode()
    assert page.index("Kenya NAP draft") < page.index("Kenya NAP 1")  # reference plans follow
    assert reverse("registry:plan_edit", args=[manage_draft.pk]) in page
    assert reverse("registry:plan_publish", args=[manage_draft.pk]) in page
    assert "Uganda" not in page


def test_dashboard_hides_plans_from_people_who_coordinate_nothing(client, manage_draft):
    client.force_login(outsider("analyst"))
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Kenya NAP draft" not in page
    assert reverse("registry:plan_create") not in page


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_does_not_grow_with_plans(
    client, db, django_assert_num_queries, count
):
    owner = ActionPlanFactory().country  # a made-up country with no reference plans
    user = people.coordinator_of(owner)
    ActionPlanFactory.create_batch(count - 1, country=owner)
    client.force_login(user)
    with django_assert_num_queries(8):  # one of them lists the notifications
        page = client.get(reverse("accounts:dashboard")).content.decode()
    assert page.count(">Edit<") == count


@pytest.mark.parametrize("count", [1, 3])
def test_plan_sources_query_count_does_not_grow_with_sources(
    kenya_coordinator_client, manage_draft, django_assert_num_queries, count
):
    CitationFactory.create_batch(count, plan=manage_draft)
    with django_assert_num_queries(7):
        page = kenya_coordinator_client.get(
            reverse("registry:plan_sources", args=[manage_draft.pk])
        )
    assert page.content.decode().count('name="remove"') == count
