"""Personal API tokens: the raw value is shown once, only its digest is stored, and only
its owner (or a platform admin) can revoke it."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from naptrack.accounts import services
from naptrack.accounts.auth import user_for_token
from naptrack.accounts.choices import Role
from naptrack.accounts.models import ApiToken
from naptrack.core.selectors import activities_for
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.accounts import ApiTokenFactory
from tests.factories.people import PASSWORD, enrol_totp, person, totp_code

TOKENS = "/me/tokens/"


@pytest.fixture
def user(db):
    return person()


def test_tokens_url_is_stable():
    assert reverse("accounts:tokens") == TOKENS


def test_api_token_create_stores_only_the_digest(user):
    token, raw = services.api_token_create(actor=user, name="export script")
    assert len(raw) >= 40
    assert token.digest == ApiToken.digest_of(raw) != raw
    assert token.prefix == raw[:8]
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert user_for_token(raw) == user
    activity = activities_for(token).get()
    assert activity.changes == {
        "name": {"before": None, "after": "export script"},
        "prefix": {"before": None, "after": raw[:8]},
    }
    assert raw not in str(activity.changes)


def test_api_token_create_needs_a_name(user):
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(actor=user, name="   ")
    assert "Give the token a name" in refused.value.message_dict["name"][0]
    assert not ApiToken.objects.filter(user=user).exists()


def test_api_token_revoke_stops_the_token_and_records_it(user):
    token, raw = services.api_token_create(actor=user, name="old")
    services.api_token_revoke(actor=user, token=token)
    assert user_for_token(raw) is None
    assert activities_for(token).filter(verb="api_token.revoked").exists()
    with pytest.raises(ValidationError, match="already revoked"):
        services.api_token_revoke(actor=user, token=token)


def test_api_token_revoke_refuses_another_user_but_not_an_admin(user):
    token, raw = services.api_token_create(actor=user, name="mine")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=person(Role.COORDINATOR, country_id=1), token=token)
    assert user_for_token(raw) == user
    services.api_token_revoke(actor=person(Role.PLATFORM_ADMIN), token=token)
    assert user_for_token(raw) is None


def test_tokens_page_shows_the_raw_token_once(client, user):
    client.force_login(user)
    response = client.post(TOKENS, {"name": "nightly export"})
    assert response["Cache-Control"].startswith("max-age=0")
    page = response.content.decode()
    raw = re.search(
        r'id="new-token" class="token" type="text" readonly value="([^"]+)"', page
    ).group(1)
    assert user_for_token(raw) == user
    assert "it is shown only once" in page
    again = client.get(TOKENS).content.decode()
    assert raw not in again
    assert f"<code>{raw[:8]}…</code>" in again
    assert "nightly export" in again


def test_tokens_page_revokes_own_token(client, user):
    token, raw = services.api_token_create(actor=user, name="to revoke")
    client.force_login(user)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response["Location"] == TOKENS
    assert user_for_token(raw) is None
    assert "Revoked on" in client.get(TOKENS).content.decode()


def test_tokens_page_hides_and_protects_other_peoples_tokens(client, user):
    other_token, raw = services.api_token_create(actor=person(), name="someone else's")
    client.force_login(user)
    assert "someone else" not in client.get(TOKENS).content.decode()
    response = client.post(reverse("accounts:token_revoke", args=[other_token.pk]))
    assert response.status_code == 404
    assert user_for_token(raw) is not None


def test_tokens_page_needs_sign_in(client, db):
    assert client.get(TOKENS)["Location"].startswith(reverse("account_login"))
    assert client.post(TOKENS, {"name": "x"})["Location"].startswith(reverse("account_login"))
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_tokens_page_query_count_does_not_grow_with_tokens(
    client, user, django_assert_num_queries, count
):
    ApiTokenFactory.create_batch(count, user=user)
    client.force_login(user)
    with django_assert_num_queries(4):
        page = client.get(TOKENS).content.decode()
    assert page.count("<code>") == count


def test_granting_a_two_factor_role_revokes_tokens_made_without_the_second_factor(user):
    old_token, old_raw = services.api_token_create(actor=user, name="made as analyst")
    enrol_totp(user)
    new_token, new_raw = services.api_token_create(actor=user, name="made after enrolment")
    admin = person(Role.PLATFORM_ADMIN)
    services.membership_grant(
        actor=admin, user=user, role=Role.COORDINATOR, country=Country.objects.get(iso3="KEN")
    )
    assert user_for_token(old_raw) is None
    assert user_for_token(new_raw) == user
    assert activities_for(old_token).filter(verb="api_token.revoked", actor=admin).exists()


def test_granting_a_role_without_two_factor_keeps_tokens(user):
    token, raw = services.api_token_create(actor=user, name="analyst script")
    services.membership_grant(actor=person(Role.PLATFORM_ADMIN), user=user, role=Role.ANALYST)
    assert user_for_token(raw) == user


def _signed_in_with_code(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code()})["Location"]


def test_turning_two_factor_off_revokes_every_token(client, db):
    user = people.coordinator_of("KEN")
    token, raw = services.api_token_create(actor=user, name="made with two factors")
    _signed_in_with_code(client, user)
    assert api_status(client, raw) == 200
    asked = client.post(reverse("mfa_deactivate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})  # allauth then resumes the POST
    assert not Authenticator.objects.filter(user=user).exists()
    assert user_for_token(raw) is None
    assert api_status(client, raw) == 401
    revoked = activities_for(token).get(verb="api_token.revoked")
    assert revoked.actor == user


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MODERATOR, Role.PLATFORM_ADMIN])
def test_api_refuses_a_two_factor_role_whose_factor_is_gone(client, db, role):
    scope = {"country": Country.objects.get(iso3="KEN")} if role == Role.COORDINATOR else {}
    user = person(role, totp=True, **scope)
    _, raw = services.api_token_create(actor=user, name="script")
    assert api_status(client, raw) == 200
    Authenticator.objects.filter(user=user).delete()  # e.g. removed outside allauth's flow
    response = client.get("/api/v1/plans", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert "requires two-factor authentication" in response.json()["error"]["message"]


def test_api_accepts_a_role_without_the_two_factor_rule(client, db):
    _, raw = services.api_token_create(actor=people.analyst(), name="script")
    assert api_status(client, raw) == 200


def api_status(client, raw) -> int:
    return client.get("/api/v1/plans", headers={"Authorization": f"Bearer {raw}"}).status_code
