"""Granting and revoking roles: only platform admins, only valid scopes, always audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.accounts import services
from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.accounts.models import Membership, Organization
from naptrack.accounts.selectors import user_scopes
from naptrack.core.selectors import activities_for
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.registry.permissions import can_create_plan_for
from tests.factories.accounts import OrganizationFactory
from tests.factories.people import outsider, person


def test_membership_grant_gives_the_role_at_once_and_records_it(platform_admin, kenya):
    user = person()
    assert not can_create_plan_for(user, kenya)
    membership = services.membership_grant(
        actor=platform_admin, user=user, role=Role.COORDINATOR, country=kenya
    )
    assert can_create_plan_for(user, kenya)  # the cached scopes were refreshed
    activity = activities_for(user).get()
    assert (activity.verb, activity.actor) == ("membership.granted", platform_admin)
    assert activity.changes == {
        "country": {"before": None, "after": "Kenya"},
        "membership_id": {"before": None, "after": membership.pk},
        "role": {"before": None, "after": "coordinator"},
    }


def test_superuser_may_grant_without_the_role(db, kenya):
    superuser = person(is_superuser=True)
    user = person()
    services.membership_grant(actor=superuser, user=user, role=Role.ANALYST)
    assert user_scopes(user).has_role(Role.ANALYST)


@pytest.mark.parametrize(
    "kind", ["no_role", "analyst", "cso_member", "moderator", "other_country_coordinator"]
)
def test_membership_grant_refuses_everyone_but_platform_admins(db, kenya, kind):
    user = person()
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=outsider(kind), user=user, role=Role.COORDINATOR, country=kenya
        )
    assert not Membership.objects.filter(user=user).exists()
    assert not activities_for(user).exists()


def test_membership_grant_refuses_a_self_promotion_by_a_coordinator(db, kenya):
    coordinator = outsider("other_country_coordinator")
    with pytest.raises(PermissionDenied):
        services.membership_grant(actor=coordinator, user=coordinator, role=Role.PLATFORM_ADMIN)
    assert not user_scopes(coordinator).has_role(Role.PLATFORM_ADMIN)


def _grant(admin, role, **scope):
    return services.membership_grant(actor=admin, user=person(), role=role, **scope)


@pytest.mark.parametrize(
    ("role", "scope", "field", "message"),
    [
        (
            Role.COORDINATOR,
            {},
            "country",
            "A coordinator needs a country or a regional organization.",
        ),
        (
            Role.COORDINATOR,
            {"country": "KEN", "regional_organization": "african-union"},
            "regional_organization",
            "Choose a country or a regional organization, not both.",
        ),
        (Role.AGENCY_REPORTER, {}, "organization", "An agency reporter needs an organization."),
        (Role.CSO_MEMBER, {}, "organization", "A civil-society member needs an organization."),
        (
            Role.AGENCY_REPORTER,
            {"organization": "cso"},
            "organization",
            "An agency reporter belongs to a government agency or regional body;",
        ),
        (
            Role.PLATFORM_ADMIN,
            {"country": "KEN"},
            "__all__",
            "A platform admin acts on the whole platform",
        ),
        (Role.ANALYST, {"country": "KEN"}, "country", "is scoped by an organization"),
    ],
)
def test_membership_grant_enforces_scope_rules(platform_admin, role, scope, field, message):
    values = {
        "country": lambda v: Country.objects.get(iso3=v),
        "regional_organization": lambda v: RegionalOrganization.objects.get(slug=v),
        "organization": lambda v: OrganizationFactory(kind=OrganizationKind.CSO),
    }
    scope = {name: values[name](value) for name, value in scope.items()}
    count = Membership.objects.count()
    with pytest.raises(ValidationError) as refused:
        _grant(platform_admin, role, **scope)
    assert message in refused.value.message_dict[field][0]
    assert Membership.objects.count() == count


def test_membership_grant_refuses_a_duplicate(platform_admin, kenya):
    user = person()
    services.membership_grant(actor=platform_admin, user=user, role=Role.COORDINATOR, country=kenya)
    with pytest.raises(ValidationError) as refused:
        services.membership_grant(
            actor=platform_admin, user=user, role=Role.COORDINATOR, country=kenya
        )
    assert "already holds this role with this scope" in refused.value.messages[0]
    # A platform-wide role has no scope at all: the database alone would not catch it.
    services.membership_grant(actor=platform_admin, user=user, role=Role.MODERATOR)
    with pytest.raises(ValidationError):
        services.membership_grant(actor=platform_admin, user=user, role=Role.MODERATOR)
    assert Membership.objects.filter(user=user).count() == 2


def test_membership_grant_accepts_an_agency_reporter_of_an_agency(platform_admin, kenya):
    agency = OrganizationFactory(kind=OrganizationKind.GOVERNMENT_AGENCY, country=kenya)
    membership = _grant(platform_admin, Role.AGENCY_REPORTER, organization=agency)
    assert membership.organization == agency
    assert agency.pk in user_scopes(membership.user).organization_ids


def test_membership_revoke_removes_the_role_and_records_it(platform_admin, kenya):
    user = person()
    membership = services.membership_grant(
        actor=platform_admin, user=user, role=Role.COORDINATOR, country=kenya
    )
    assert can_create_plan_for(user, kenya)
    services.membership_revoke(actor=platform_admin, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not can_create_plan_for(user, kenya)
    revoked = activities_for(user).filter(verb="membership.revoked").get()
    assert revoked.changes["role"] == {"before": "coordinator", "after": None}
    assert revoked.changes["country"] == {"before": "Kenya", "after": None}


@pytest.mark.parametrize("kind", ["analyst", "moderator", "other_country_coordinator"])
def test_membership_revoke_refuses_everyone_but_platform_admins(platform_admin, kenya, kind):
    membership = _grant(platform_admin, Role.COORDINATOR, country=kenya)
    with pytest.raises(PermissionDenied):
        services.membership_revoke(actor=outsider(kind), membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_revoke_refuses_an_admins_own_admin_role(platform_admin):
    own = Membership.objects.get(user=platform_admin, role=Role.PLATFORM_ADMIN)
    with pytest.raises(ValidationError, match="your own platform-admin role"):
        services.membership_revoke(actor=platform_admin, membership=own)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_organization_create_and_update_are_audited(platform_admin, kenya):
    organization = services.organization_create(
        actor=platform_admin,
        name="Kenya Police Service",
        kind=OrganizationKind.GOVERNMENT_AGENCY,
        country=kenya,
    )
    services.organization_update(
        actor=platform_admin, organization=organization, website="https://www.police.go.ke"
    )
    verbs = dict(activities_for(organization).values_list("verb", "changes"))
    assert verbs["organization.created"]["name"] == {
        "before": None,
        "after": "Kenya Police Service",
    }
    assert verbs["organization.updated"] == {
        "website": {"before": "", "after": "https://www.police.go.ke"}
    }


def test_organization_create_refuses_a_duplicate_name_without_country(platform_admin):
    services.organization_create(actor=platform_admin, name="WILPF", kind=OrganizationKind.CSO)
    with pytest.raises(ValidationError) as refused:
        services.organization_create(actor=platform_admin, name="wilpf", kind=OrganizationKind.CSO)
    assert "already exists" in refused.value.message_dict["name"][0]
    assert Organization.objects.filter(name__iexact="wilpf").count() == 1


@pytest.mark.parametrize("kind", ["analyst", "cso_member", "other_country_coordinator"])
def test_organization_services_refuse_everyone_but_platform_admins(db, kind):
    actor = outsider(kind)
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=actor, name="Planted", kind=OrganizationKind.CSO)
    organization = OrganizationFactory(name="Untouched")
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=actor, organization=organization, name="Renamed")
    assert not Organization.objects.filter(name="Planted").exists()
    assert Organization.objects.get(pk=organization.pk).name == "Untouched"


@pytest.mark.parametrize("kind", ["platform_admin", "superuser"])
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CSO_MEMBER, Role.MODERATOR, Role.ANALYST])
def test_nobody_grants_a_role_to_themself(kenya, kind, role):
    granter = person(Role.PLATFORM_ADMIN) if kind == "platform_admin" else person(is_superuser=True)
    scope = {
        Role.COORDINATOR: {"country": kenya},
        Role.CSO_MEMBER: {"organization": OrganizationFactory(kind=OrganizationKind.CSO)},
    }.get(role, {})
    with pytest.raises(ValidationError) as refused:
        services.membership_grant(actor=granter, user=granter, role=role, **scope)
    assert "You cannot grant a role to yourself" in refused.value.messages[0]
    assert not Membership.objects.filter(user=granter, role=role).exists()
    assert not activities_for(granter).filter(verb="membership.granted").exists()
    other = person(Role.PLATFORM_ADMIN)
    services.membership_grant(actor=other, user=granter, role=role, **scope)
    assert user_scopes(granter).has_role(role)  # a second admin may
