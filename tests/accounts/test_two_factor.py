"""Coordinators and admins must enrol a TOTP authenticator; other roles need not.
Codes are computed with pyotp from the secret allauth generated, as a phone app would."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from naptrack.accounts.choices import Role
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.people import PASSWORD, TOTP_SECRET, outsider, person, totp_code

ACTIVATE = "/accounts/2fa/totp/activate/"


def _sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _open_activation(client):
    """allauth asks for the password again before enrolling a device (a stolen session
    cannot enrol its own authenticator); then the activation page opens."""
    asked = client.get(ACTIVATE)
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    confirmed = client.post(asked["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == ACTIVATE
    return client.get(ACTIVATE)


def _kenya_coordinator_without_totp():
    return person(Role.COORDINATOR, country=Country.objects.get(iso3="KEN"))


@pytest.mark.parametrize(
    "path", ["/", "/me/", "/me/tokens/", "/plans/new/", "/countries/KEN/", "/admin/"]
)
def test_coordinator_without_totp_is_sent_to_activation_from_any_page(client, db, path):
    user = _kenya_coordinator_without_totp()
    assert _sign_in(client, user)["Location"] == reverse("accounts:dashboard")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("kind", ["platform_admin", "superuser"])
def test_admins_without_totp_are_sent_to_activation(client, db, kind):
    user = person(Role.PLATFORM_ADMIN) if kind == "platform_admin" else person(is_superuser=True)
    _sign_in(client, user)
    assert client.get("/me/people/")["Location"] == reverse("mfa_activate_totp")


def test_moderators_without_totp_are_sent_to_activation(client, db):
    """Moderators see who wrote a pseudonymous report: the same bar as coordinators."""
    _sign_in(client, person(Role.MODERATOR))
    assert client.get("/shadow-reports/moderation/")["Location"] == reverse("mfa_activate_totp")
    assert client.get("/me/")["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("kind", ["analyst", "cso_member", "agency_reporter"])
def test_other_roles_are_not_forced_to_enrol(client, db, kind):
    user = outsider(kind)
    assert _sign_in(client, user)["Location"] == reverse("accounts:dashboard")
    page = client.get(reverse("accounts:dashboard"))
    assert page.status_code == 200
    assert "My work" in page.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_account_pages_stay_reachable_before_enrolment(client, db):
    _sign_in(client, _kenya_coordinator_without_totp())
    page = _open_activation(client).content.decode()
    assert "Activate Authenticator App" in page
    assert '<a class="brand" href="/">NAPtrack</a>' in page
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code, allowed by the CSP
    assert client.post(reverse("account_logout"))["Location"] == "/"


def test_totp_activation_then_signin_asks_for_the_code(client, db):
    user = _kenya_coordinator_without_totp()
    _sign_in(client, user)
    page = _open_activation(client).content.decode()
    secret = client.session["mfa.totp.secret"]
    assert f'value="{secret}"' in page  # shown so it can be typed into an app

    wrong = client.post(ACTIVATE, {"code": "000000"})
    assert "Incorrect code." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()

    activated = client.post(ACTIVATE, {"code": pyotp.TOTP(secret).now()})
    assert activated["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
    assert client.get("/me/").status_code == 200  # no longer redirected

    client.post(reverse("account_logout"))
    assert _sign_in(client, user)["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    page = client.post(reverse("mfa_authenticate"), {"code": "123456"}).content.decode()
    assert "Incorrect code." in page
    assert not _signed_in(client)
    done = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert done["Location"] == reverse("accounts:dashboard")
    assert _signed_in(client)


def test_enrolled_coordinator_signs_in_with_a_code(client, db):
    user = people.coordinator_of("KEN")
    assert _sign_in(client, user)["Location"] == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Two-Factor Authentication" in page and '<main id="main">' in page
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert _signed_in(client)
    assert client.get(reverse("registry:plan_create")).status_code == 200


def test_recovery_code_signs_in_once(client, db):
    user = _kenya_coordinator_without_totp()
    _sign_in(client, user)
    _open_activation(client)
    client.post(ACTIVATE, {"code": pyotp.TOTP(client.session["mfa.totp.secret"]).now()})
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Recovery Codes" in page and '<main id="main">' in page
    codes = Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()
    assert len(codes) == 10 and codes[0] in page
    client.post(reverse("account_logout"))
    _sign_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert _signed_in(client)
    client.post(reverse("account_logout"))
    _sign_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert not _signed_in(client)
