"""The People page at /me/people/: platform admins only; grants and revocations by POST."""

import pytest
from django.urls import reverse

from naptrack.accounts.choices import Role
from naptrack.accounts.models import Membership
from naptrack.core.selectors import activities_for
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.accounts import MembershipFactory
from tests.factories.people import OUTSIDERS, outsider, person

PEOPLE = "/me/people/"


@pytest.fixture
def platform_admin_client(client, db):
    client.force_login(people.platform_admin())
    return client


def test_people_url_is_stable():
    assert reverse("accounts:people") == PEOPLE


def test_people_page_lists_users_and_their_roles(platform_admin_client):
    kenya = Country.objects.get(iso3="KEN")
    coordinator = person(Role.COORDINATOR, country=kenya)
    page = platform_admin_client.get(PEOPLE).content.decode()
    assert coordinator.email in page
    assert "Country coordinator — Kenya" in page
    revoke = reverse(
        "accounts:membership_revoke", args=[Membership.objects.get(user=coordinator).pk]
    )
    assert f'action="{revoke}"' in page
    assert '<label for="id_email">' in page


def test_people_page_search_filters_by_email(platform_admin_client):
    person(), person()
    wanted = person()
    page = platform_admin_client.get(PEOPLE, {"q": wanted.email}).content.decode()
    assert wanted.email in page
    assert "1 person" in page


def test_people_page_grants_a_role(platform_admin_client):
    user = person()
    kenya = Country.objects.get(iso3="KEN")
    response = platform_admin_client.post(
        PEOPLE, {"email": user.email.upper(), "role": "coordinator", "country": kenya.pk}
    )
    assert response["Location"] == PEOPLE
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.country) == ("coordinator", kenya)
    assert activities_for(user).get().changes["role"]["after"] == "coordinator"
    assert "Granted:" in platform_admin_client.get(PEOPLE).content.decode()


def test_people_page_shows_scope_errors_on_the_field(platform_admin_client):
    user = person()
    page = platform_admin_client.post(
        PEOPLE, {"email": user.email, "role": "coordinator"}
    ).content.decode()
    assert "A coordinator needs a country or a regional organization." in page
    page = platform_admin_client.post(
        PEOPLE, {"email": "nobody@example.org", "role": "analyst"}
    ).content.decode()
    assert "No account uses nobody@example.org. The person must sign up first." in page
    assert not Membership.objects.filter(user=user).exists()


def test_people_page_revokes_a_role(platform_admin_client):
    membership = MembershipFactory(user=person(), role=Role.ANALYST)
    response = platform_admin_client.post(
        reverse("accounts:membership_revoke", args=[membership.pk])
    )
    assert response["Location"] == PEOPLE
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert activities_for(membership.user).get().verb == "membership.revoked"


def test_people_page_revoke_needs_post(platform_admin_client):
    membership = MembershipFactory(user=person(), role=Role.ANALYST)
    url = reverse("accounts:membership_revoke", args=[membership.pk])
    assert platform_admin_client.get(url).status_code == 405
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("kind", [k for k in OUTSIDERS if k not in {"platform_admin", "superuser"}])
def test_people_page_refuses_everyone_but_admins(client, db, kind):
    user = outsider(kind)
    if user:
        client.force_login(user)
    target = person()
    membership = MembershipFactory(user=person(), role=Role.ANALYST)
    responses = [
        client.get(PEOPLE),
        client.post(PEOPLE, {"email": target.email, "role": "platform_admin"}),
        client.post(reverse("accounts:membership_revoke", args=[membership.pk])),
    ]
    for response in responses:
        if user is None:
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 403
            assert target.email not in response.content.decode()
    assert not Membership.objects.filter(user=target).exists()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_people_page_is_open_to_superusers(client, db):
    client.force_login(person(is_superuser=True, totp=True))
    assert "Grant a role" in client.get(PEOPLE).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_people_page_query_count_does_not_grow_with_people(
    platform_admin_client, django_assert_num_queries, count
):
    for _ in range(count):
        MembershipFactory(user=person(), role=Role.ANALYST)
    # Organizations, countries and regional organizations fill the grant form's menus;
    # pending role requests, the organizations to match them to, and the new-organization
    # form's countries and regional organizations add four.
    with django_assert_num_queries(14):
        page = platform_admin_client.get(PEOPLE, {"q": "example.org"}).content.decode()
    assert page.count("/revoke/") == count + 1  # the analysts and the admin's own role


def test_people_page_refuses_a_grant_to_oneself(client, db):
    admin = people.platform_admin()
    client.force_login(admin)
    kenya = Country.objects.get(iso3="KEN")
    page = client.post(
        PEOPLE, {"email": admin.email, "role": "coordinator", "country": kenya.pk}
    ).content.decode()
    assert "You cannot grant a role to yourself" in page
    assert not Membership.objects.filter(user=admin, role="coordinator").exists()
