"""The Django admin for people and organizations goes through the audited services."""

import pytest
from django.urls import reverse

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.accounts.models import Membership, Organization, User
from naptrack.core.selectors import activities_for
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.accounts import MembershipFactory, OrganizationFactory
from tests.factories.people import person


@pytest.fixture
def admin_user(db):
    user = people.platform_admin()
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def django_superuser_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admin_membership_add_calls_the_grant_service(django_superuser_client, admin_user):
    user = person()
    kenya = Country.objects.get(iso3="KEN")
    response = django_superuser_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": user.pk, "role": "coordinator", "country": kenya.pk},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert membership.country == kenya
    activity = activities_for(user).get()
    assert (activity.verb, activity.actor, activity.channel) == (
        "membership.granted",
        admin_user,
        "admin",
    )


def test_admin_membership_add_shows_scope_errors(django_superuser_client):
    user = person()
    page = django_superuser_client.post(
        reverse("admin:accounts_membership_add"), {"user": user.pk, "role": "coordinator"}
    ).content.decode()
    assert "A coordinator needs a country or a regional organization." in page
    assert not Membership.objects.filter(user=user).exists()


def test_admin_membership_delete_calls_the_revoke_service(django_superuser_client):
    membership = MembershipFactory(user=person(), role=Role.ANALYST)
    response = django_superuser_client.post(
        reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert activities_for(membership.user).get().verb == "membership.revoked"


def test_admin_membership_bulk_revoke_is_audited(django_superuser_client):
    memberships = [MembershipFactory(user=person(), role=Role.ANALYST) for _ in range(2)]
    django_superuser_client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "revoke_selected", "_selected_action": [m.pk for m in memberships]},
    )
    for membership in memberships:
        assert not Membership.objects.filter(pk=membership.pk).exists()
        assert activities_for(membership.user).get().verb == "membership.revoked"


def test_admin_organization_add_and_change_are_audited(django_superuser_client):
    django_superuser_client.post(
        reverse("admin:accounts_organization_add"),
        {"name": "Kenya Defence Forces", "kind": OrganizationKind.GOVERNMENT_AGENCY},
    )
    organization = Organization.objects.get(name="Kenya Defence Forces")
    django_superuser_client.post(
        reverse("admin:accounts_organization_change", args=[organization.pk]),
        {
            "name": "Kenya Defence Forces",
            "kind": "government_agency",
            "website": "https://mod.go.ke",
        },
    )
    verbs = list(activities_for(organization).values_list("verb", "channel"))
    assert verbs == [("organization.updated", "admin"), ("organization.created", "admin")]
    assert activities_for(organization).first().changes == {
        "website": {"before": "", "after": "https://mod.go.ke"}
    }


def test_admin_user_suspension_is_audited(django_superuser_client):
    user = person()
    django_superuser_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {"display_name": "Suspended person", "is_active": "", **_inline_management()},
    )
    user.refresh_from_db()
    assert not user.is_active
    assert activities_for(user).get().changes["is_active"] == {"before": True, "after": False}


def _inline_management():
    return {
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "0",
    }


def test_admin_people_pages_refuse_staff_without_the_admin_role(client, db):
    staff = people.moderator()
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(staff)
    organization = OrganizationFactory()
    for name, args in [
        ("admin:accounts_membership_changelist", []),
        ("admin:accounts_membership_add", []),
        ("admin:accounts_organization_change", [organization.pk]),
        ("admin:accounts_user_changelist", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403
    response = client.post(
        reverse("admin:accounts_membership_add"), {"user": staff.pk, "role": "platform_admin"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=staff, role="platform_admin").exists()


def test_admin_membership_add_refuses_a_grant_to_oneself(django_superuser_client, admin_user):
    kenya = Country.objects.get(iso3="KEN")
    page = django_superuser_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": admin_user.pk, "role": "coordinator", "country": kenya.pk},
    ).content.decode()
    assert "You cannot grant a role to yourself" in page
    assert not Membership.objects.filter(user=admin_user, role="coordinator").exists()
    assert not activities_for(admin_user).filter(verb="membership.granted").exists()
