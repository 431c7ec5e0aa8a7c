"""The registry admin: plans are view-only, drafts stay hidden, indicators are corrected
through the audited service."""

import pytest
from django.urls import reverse

from naptrack.accounts.models import User
from naptrack.core.models import Activity
from naptrack.registry.models import ActionPlan, Country, StandardIndicator
from naptrack.registry.services import plan_snapshot
from tests.factories import people
from tests.factories.registry import ActionPlanFactory


@pytest.fixture
def superuser_platform_admin_client(client, db):
    user = people.platform_admin()
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def admin_kenya_plan(db):
    return ActionPlanFactory(country=Country.objects.get(iso3="KEN"), title="Kenya NAP admin")


def test_admin_plan_pages_are_view_only(superuser_platform_admin_client, admin_kenya_plan):
    before = plan_snapshot(admin_kenya_plan)
    page = superuser_platform_admin_client.get(
        reverse("admin:registry_actionplan_change", args=[admin_kenya_plan.pk])
    )
    assert "Kenya NAP admin" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert (
        superuser_platform_admin_client.get(reverse("admin:registry_actionplan_add")).status_code
        == 403
    )
    response = superuser_platform_admin_client.post(
        reverse("admin:registry_actionplan_change", args=[admin_kenya_plan.pk]),
        {"title": "Edited by an admin", "status": "withdrawn"},
    )
    assert response.status_code == 403
    delete = superuser_platform_admin_client.post(
        reverse("admin:registry_actionplan_delete", args=[admin_kenya_plan.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert plan_snapshot(ActionPlan.objects.get(pk=admin_kenya_plan.pk)) == before


def test_admin_plan_list_hides_drafts_even_from_superusers(
    superuser_platform_admin_client, admin_kenya_plan
):
    ActionPlanFactory(
        country=Country.objects.get(iso3="KEN"), title="Kenya secret draft", publication="draft"
    )
    page = superuser_platform_admin_client.get(
        reverse("admin:registry_actionplan_changelist"), {"q": "Kenya"}
    ).content.decode()
    assert "Kenya NAP admin" in page
    assert "Kenya secret draft" not in page


def test_admin_reference_lookups_are_view_only(superuser_platform_admin_client):
    kenya = Country.objects.get(iso3="KEN")
    response = superuser_platform_admin_client.post(
        reverse("admin:registry_country_change", args=[kenya.pk]), {"name": "Renamed"}
    )
    assert response.status_code == 403
    assert Country.objects.get(pk=kenya.pk).name == "Kenya"


def test_admin_indicator_correction_goes_through_the_service(superuser_platform_admin_client):
    indicator = StandardIndicator.objects.first()
    response = superuser_platform_admin_client.post(
        reverse("admin:registry_standardindicator_change", args=[indicator.pk]),
        {
            "short_name": "Corrected short name",
            "pillar": indicator.pillar_id,
            "verified": "on",
            "source_url": indicator.source_url,
        },
    )
    assert response.status_code == 302
    stored = StandardIndicator.objects.get(pk=indicator.pk)
    assert (stored.short_name, stored.verified) == ("Corrected short name", True)
    activity = Activity.objects.get(verb="standard_indicator.updated", target_id=indicator.pk)
    assert activity.channel == "admin"
    assert activity.changes["short_name"]["after"] == "Corrected short name"


def test_admin_registry_refuses_staff_without_the_admin_role(client, db, admin_kenya_plan):
    staff = people.moderator()
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(staff)
    indicator = StandardIndicator.objects.first()
    url = reverse("admin:registry_standardindicator_change", args=[indicator.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"short_name": "Vandalised"}).status_code == 403
    assert StandardIndicator.objects.get(pk=indicator.pk).short_name != "Vandalised"
    assert client.get(reverse("admin:registry_actionplan_changelist")).status_code == 403
