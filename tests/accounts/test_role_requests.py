"""Role requests: a signed-in person asks for a role from My work, naming the
organization; platform admins see pending requests on the People page and approve them
(through membership_grant) or refuse them; admins add organizations there too."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from naptrack.accounts import services
from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.accounts.models import Membership, Organization, RoleRequest
from naptrack.core.models import Activity
from naptrack.registry.models import Country
from tests.factories.accounts import OrganizationFactory
from tests.factories.people import person

pytestmark = pytest.mark.django_db
MY_WORK, PEOPLE = "/me/", "/me/people/"


@pytest.fixture
def request_coalition(db):
    return OrganizationFactory(name="Request Test Coalition", kind=OrganizationKind.COALITION)


@pytest.fixture
def newcomer(db):
    return person()


def ask(user, coalition, **fields):
    return services.role_request_create(
        actor=user,
        role=Role.CSO_MEMBER,
        organization_name=coalition.name,
        note="I chair it.",
        **fields,
    )


def test_newcomer_asks_for_a_role_from_my_work(client, newcomer, request_coalition):
    client.force_login(newcomer)
    page = client.get(MY_WORK).text
    assert "Ask for a role" in page and 'action="/me/role-requests/"' in page
    data = {
        "role": Role.CSO_MEMBER,
        "organization_name": request_coalition.name,
        "note": "I chair it.",
    }
    response = client.post(reverse("accounts:role_request_create"), data)
    assert response.status_code == 302
    request = RoleRequest.objects.get(user=newcomer)
    assert (request.role, request.organization_name, request.state) == (
        "cso_member",
        request_coalition.name,
        "pending",
    )
    assert request_coalition.name not in page  # organizations are not listed to newcomers
    assert Activity.objects.filter(verb="role_request.created", target_id=request.pk).exists()
    assert "Pending" in client.get(MY_WORK).text
    assert not Membership.objects.filter(user=newcomer).exists()


def test_request_breaking_the_scope_rules_names_the_field(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("accounts:role_request_create"), {"role": Role.CSO_MEMBER})
    assert response.status_code == 400
    assert "A civil-society member needs an organization." in response.text
    assert not RoleRequest.objects.exists()


def test_platform_roles_and_duplicates_cannot_be_requested(newcomer, request_coalition):
    with pytest.raises(ValidationError):
        services.role_request_create(actor=newcomer, role=Role.PLATFORM_ADMIN)
    ask(newcomer, request_coalition)
    with pytest.raises(ValidationError, match="already asked"):
        ask(newcomer, request_coalition)


def test_admin_sees_and_approves_a_request_which_grants_the_role(
    client, platform_admin, newcomer, request_coalition
):
    request = ask(newcomer, request_coalition)
    client.force_login(platform_admin)
    page = client.get(PEOPLE).text
    assert f'id="role-request-{request.pk}"' in page and newcomer.email in page
    assert f'<option value="{request_coalition.pk}" selected>' in page  # matched by name
    url = reverse("accounts:role_request_decide", args=[request.pk])
    data = {"decision": "approve", "organization": request_coalition.pk}
    assert client.post(url, data).status_code == 302
    request.refresh_from_db()
    assert (request.state, request.decided_by, request.organization) == (
        "approved",
        platform_admin,
        request_coalition,
    )
    assert Membership.objects.filter(
        user=newcomer, role=Role.CSO_MEMBER, organization=request_coalition
    ).exists()
    verbs = set(Activity.objects.values_list("verb", flat=True))
    assert {"membership.granted", "role_request.approved"} <= verbs


def test_admin_refuses_a_request_with_a_note(client, platform_admin, newcomer, request_coalition):
    request = ask(newcomer, request_coalition)
    client.force_login(platform_admin)
    url = reverse("accounts:role_request_decide", args=[request.pk])
    client.post(url, {"decision": "refuse", "note": "Not a member."})
    request.refresh_from_db()
    assert (request.state, request.decision_note) == ("refused", "Not a member.")
    assert not Membership.objects.filter(user=newcomer).exists()
    client.force_login(newcomer)
    assert "Refused: Not a member." in client.get(MY_WORK).text


@pytest.mark.parametrize("role", [None, Role.COORDINATOR, Role.MODERATOR, Role.CSO_MEMBER])
def test_non_admin_cannot_approve(client, newcomer, request_coalition, role):
    request = ask(newcomer, request_coalition)
    kenya = Country.objects.get(iso3="KEN")
    scope = {"country": kenya} if role == Role.COORDINATOR else {}
    if role == Role.CSO_MEMBER:
        scope = {"organization": request_coalition}
    other = person(role, totp=True, **scope) if role else person()
    with pytest.raises(PermissionDenied):
        services.role_request_approve(actor=other, request=request, organization=request_coalition)
    client.force_login(other)
    url = reverse("accounts:role_request_decide", args=[request.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert client.get(PEOPLE).status_code == 403
    request.refresh_from_db()
    assert request.state == "pending"
    assert not Membership.objects.filter(user=newcomer).exists()


def test_admin_cannot_approve_their_own_request(client, platform_admin, request_coalition):
    request = ask(platform_admin, request_coalition)
    with pytest.raises(PermissionDenied):
        services.role_request_approve(
            actor=platform_admin, request=request, organization=request_coalition
        )
    client.force_login(platform_admin)
    assert "Your own request: another admin answers it." in client.get(PEOPLE).text
    client.post(reverse("accounts:role_request_decide", args=[request.pk]), {"decision": "approve"})
    request.refresh_from_db()
    assert request.state == "pending"
    assert not Membership.objects.filter(user=platform_admin, role=Role.CSO_MEMBER).exists()


def test_a_decided_request_cannot_be_decided_again(platform_admin, newcomer, request_coalition):
    request = ask(newcomer, request_coalition)
    services.role_request_refuse(actor=platform_admin, request=request)
    with pytest.raises(ValidationError, match="already decided"):
        services.role_request_approve(actor=platform_admin, request=request)


def test_admin_adds_an_organization_on_the_people_page(client, platform_admin):
    client.force_login(platform_admin)
    data = {"name": "Women Mediators Network (test)", "kind": OrganizationKind.CSO}
    assert client.post(reverse("accounts:organization_create"), data).status_code == 302
    organization = Organization.objects.get(name="Women Mediators Network (test)")
    assert Activity.objects.filter(verb="organization.created", target_id=organization.pk).exists()
    bad = client.post(reverse("accounts:organization_create"), {"name": "", "kind": "cso"})
    assert bad.status_code == 400 and "This field is required." in bad.text


def test_non_admin_cannot_add_an_organization(client, newcomer):
    client.force_login(newcomer)
    data = {"name": "Sneaky org", "kind": OrganizationKind.CSO}
    assert client.post(reverse("accounts:organization_create"), data).status_code == 403
    assert not Organization.objects.filter(name="Sneaky org").exists()


def test_admins_are_notified_of_a_request_and_the_requester_of_a_refusal(
    platform_admin, newcomer, request_coalition, django_capture_on_commit_callbacks
):
    from naptrack.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        request = ask(newcomer, request_coalition)
    told = Notification.objects.filter(recipient=platform_admin)
    assert told.count() == 1
    assert not Notification.objects.filter(recipient=newcomer).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.role_request_refuse(actor=platform_admin, request=request, note="Unknown to us.")
    assert Notification.objects.filter(recipient=newcomer).count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_pending_requests_do_not_grow_the_people_page_queries(
    client, platform_admin, request_coalition, count, django_assert_num_queries
):
    for _ in range(count):
        ask(person(), request_coalition)
    client.force_login(platform_admin)
    with django_assert_num_queries(12):  # the same for 1 and 3 requests
        page = client.get(PEOPLE, {"q": "nobody-matches"}).text
    assert page.count('id="role-request-') == count


def test_approval_without_a_matching_organization_is_refused_by_the_grant_rules(
    platform_admin, newcomer, request_coalition
):
    request = ask(newcomer, request_coalition)
    with pytest.raises(ValidationError, match="needs an organization"):
        services.role_request_approve(actor=platform_admin, request=request)
    request.refresh_from_db()
    assert request.state == "pending"
