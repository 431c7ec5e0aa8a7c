"""Plan services other than the lifecycle: create, update, publish, sources, indicators."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.accounts.choices import Role
from naptrack.core.models import Activity
from naptrack.core.selectors import activities_for
from naptrack.registry import services
from naptrack.registry.choices import PlanStatus, Publication
from naptrack.registry.models import ActionPlan, Country, RegionalOrganization, StandardIndicator
from tests.factories.people import coordinator_of, outsider, person
from tests.factories.registry import ActionPlanFactory, CitationFactory


@pytest.fixture
def service_draft(kenya):
    return ActionPlanFactory(country=kenya, status=PlanStatus.DRAFTING, publication="draft")


def test_plan_create_saves_a_draft_and_records_every_field(kenya):
    user = coordinator_of("KEN")
    plan = services.plan_create(actor=user, owner=kenya, title="Kenya NAP III", generation=3)
    assert plan.publication == Publication.DRAFT
    changes = activities_for(plan).get().changes
    assert changes["title"] == {"before": None, "after": "Kenya NAP III"}
    assert changes["generation"] == {"before": None, "after": 3}


def test_plan_create_refuses_an_owner_the_user_does_not_coordinate(kenya):
    au = RegionalOrganization.objects.get(slug="african-union")
    before = ActionPlan.objects.count()
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=coordinator_of("KEN"), owner=au, title="Not mine")
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=outsider("platform_admin"), owner=kenya, title="Not mine")
    assert ActionPlan.objects.count() == before


def test_plan_create_names_the_field_of_a_reversed_period(kenya):
    with pytest.raises(ValidationError) as refused:
        services.plan_create(
            actor=coordinator_of("KEN"), owner=kenya, period_start=2025, period_end=2020
        )
    assert refused.value.message_dict == {
        "period_end": ["The period ends (2020) before it starts (2025)."]
    }
    assert not ActionPlan.objects.filter(country=kenya, period_start=2025).exists()


def test_plan_update_records_before_and_after(service_draft):
    user = coordinator_of("KEN")
    old_title = service_draft.title
    services.plan_update(actor=user, plan=service_draft, title="Renamed", lead_agency="Ministry")
    activity = activities_for(service_draft).get()
    assert activity.verb == "plan.updated"
    assert activity.changes["title"] == {"before": old_title, "after": "Renamed"}
    assert activity.changes["lead_agency"] == {"before": "", "after": "Ministry"}


def test_plan_update_refuses_fields_outside_the_editable_list(service_draft):
    with pytest.raises(ValidationError) as refused:
        services.plan_update(
            actor=coordinator_of("KEN"), plan=service_draft, publication="published"
        )
    assert "publication" in refused.value.messages[0]
    assert ActionPlan.objects.get(pk=service_draft.pk).publication == "draft"


def test_plan_update_refuses_a_predecessor_of_another_owner(service_draft):
    foreign = ActionPlanFactory(country=Country.objects.get(iso3="UGA"))
    with pytest.raises(ValidationError) as refused:
        services.plan_update(actor=coordinator_of("KEN"), plan=service_draft, predecessor=foreign)
    assert "same owner" in refused.value.message_dict["predecessor"][0]


def test_plan_publish_refuses_a_plan_without_a_source(service_draft):
    with pytest.raises(ValidationError) as refused:
        services.plan_publish(actor=coordinator_of("KEN"), plan=service_draft)
    assert "at least one source" in refused.value.messages[0]
    assert ActionPlan.objects.get(pk=service_draft.pk).publication == "draft"
    assert not activities_for(service_draft).exists()


def test_plan_publish_publishes_a_sourced_draft_once(service_draft):
    user = coordinator_of("KEN")
    CitationFactory(plan=service_draft)
    services.plan_publish(actor=user, plan=service_draft)
    assert ActionPlan.objects.get(pk=service_draft.pk).publication == "published"
    assert activities_for(service_draft).get().changes == {
        "publication": {"before": "draft", "after": "published"}
    }
    with pytest.raises(ValidationError, match="already published"):
        services.plan_publish(actor=user, plan=service_draft)


def test_citation_add_refuses_a_duplicate_url_by_name(service_draft):
    user = coordinator_of("KEN")
    services.citation_add(actor=user, plan=service_draft, url="https://example.org/nap.pdf")
    with pytest.raises(ValidationError) as refused:
        services.citation_add(actor=user, plan=service_draft, url="https://example.org/nap.pdf")
    assert refused.value.message_dict["url"] == [
        "This plan already cites https://example.org/nap.pdf."
    ]
    assert service_draft.citations.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://docslib.org/doc/1/nap",
        "https://preview.example.gov/nap",
        "https://example.gov/a/b/a/b",
    ],
)
def test_citation_add_refuses_denylisted_and_malformed_urls(service_draft, url):
    with pytest.raises(ValidationError) as refused:
        services.citation_add(actor=coordinator_of("KEN"), plan=service_draft, url=url)
    assert (
        "denylisted" in refused.value.message_dict["url"][0]
        or "repeats the path /a/b" in (refused.value.message_dict["url"][0])
    )
    assert service_draft.citations.count() == 0


def test_citation_remove_records_the_removed_url(service_draft):
    user = coordinator_of("KEN")
    citation = CitationFactory(plan=service_draft, url="https://example.org/old")
    services.citation_remove(actor=user, citation=citation)
    assert not service_draft.citations.exists()
    assert activities_for(service_draft).get().changes == {
        "citations": {"before": "https://example.org/old", "after": None}
    }


def test_citation_services_refuse_outsiders(service_draft):
    citation = CitationFactory(plan=service_draft)
    for kind in ["platform_admin", "cso_member", "regional_coordinator"]:
        with pytest.raises(PermissionDenied):
            services.citation_add(
                actor=outsider(kind), plan=service_draft, url="https://example.org/x"
            )
        with pytest.raises(PermissionDenied):
            services.citation_remove(actor=outsider(kind), citation=citation)
    assert list(service_draft.citations.values_list("url", flat=True)) == [citation.url]


def test_standard_indicator_update_lets_an_admin_verify_and_records_it(db):
    admin = person(Role.PLATFORM_ADMIN)
    indicator = StandardIndicator.objects.filter(verified=False).first() or (
        StandardIndicator.objects.first()
    )
    was = indicator.verified
    services.standard_indicator_update(
        actor=admin, indicator=indicator, verified=not was, short_name="Corrected name"
    )
    stored = StandardIndicator.objects.get(pk=indicator.pk)
    assert (stored.verified, stored.short_name) == (not was, "Corrected name")
    activity = Activity.objects.get(verb="standard_indicator.updated", target_id=str(indicator.pk))
    assert activity.actor == admin
    assert activity.changes["verified"] == {"before": was, "after": not was}


@pytest.mark.parametrize("kind", ["moderator", "analyst", "other_country_coordinator"])
def test_standard_indicator_update_refuses_everyone_but_admins(db, kind):
    indicator = StandardIndicator.objects.first()
    with pytest.raises(PermissionDenied):
        services.standard_indicator_update(
            actor=outsider(kind), indicator=indicator, short_name="Vandalised"
        )
    assert StandardIndicator.objects.get(pk=indicator.pk).short_name != "Vandalised"
