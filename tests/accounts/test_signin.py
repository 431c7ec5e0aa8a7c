"""Sign-up, verification, sign-in, password reset and rate limits, through allauth's real
views and our templates."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from naptrack.accounts.models import User
from tests.factories.accounts import UserFactory
from tests.factories.people import PASSWORD, person

NEW_PASSWORD = "a brand new passphrase 42"


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_render_inside_the_site_layout(client, db, name):
    page = client.get(reverse(name)).content.decode()
    assert '<a class="brand" href="/">NAPtrack</a>' in page
    assert '<main id="main">' in page
    assert f'<form method="post" class="stacked"\n      action="{reverse(name)}">' in page
    assert "/static/css/editing.css" in page
    assert "<strong>Menu:</strong>" not in page  # allauth's bare layout is replaced


def test_signup_sends_a_verification_email_and_does_not_sign_in(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "amina@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _signed_in(client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]
    assert "/accounts/confirm-email/" in _link_in(mail.outbox[0])
    page = client.get(response["Location"]).content.decode()
    assert "We have sent an email to you for verification" in page


def test_signin_before_verification_is_refused(client, db):
    client.post(
        reverse("account_signup"),
        {"email": "amina@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    mail.outbox.clear()
    response = _sign_in(client, "amina@example.org")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _signed_in(client)
    assert len(mail.outbox) == 1  # the verification email is sent again
    assert client.get(reverse("accounts:dashboard"))["Location"].startswith(
        reverse("account_login")
    )


def test_verification_link_confirms_and_then_signin_works(client, db):
    client.post(
        reverse("account_signup"),
        {"email": "amina@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    link = _link_in(mail.outbox[0])
    page = client.get(link).content.decode()
    assert "Please confirm that" in page and "amina@example.org" in page
    client.post(link)
    user = User.objects.get(email="amina@example.org")
    assert user.emailaddress_set.get().verified
    client.logout()
    response = _sign_in(client, "amina@example.org")
    assert response["Location"] == reverse("accounts:dashboard")
    assert _signed_in(client)


def test_signin_with_a_wrong_password_says_so(client, db):
    user = person()
    page = _sign_in(client, user.email, "wrong password").content.decode()
    assert "The email address and/or password you specified are not correct." in page
    assert not _signed_in(client)


def test_password_reset_email_link_sets_a_new_password(client, db):
    user = person()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = _link_in(mail.outbox[0])
    assert link.startswith("/accounts/password/reset/key/")
    form_url = client.get(link)["Location"]  # allauth moves the key into the session
    page = client.get(form_url).content.decode()
    assert 'name="password1"' in page and '<main id="main">' in page
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    client.logout()
    assert _sign_in(client, user.email, PASSWORD).status_code == 200  # the form, with an error
    assert not _signed_in(client)
    assert _sign_in(client, user.email, NEW_PASSWORD)["Location"] == reverse("accounts:dashboard")


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert not any("/accounts/password/reset/key/" in m.body for m in mail.outbox)


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip,3/5m/key"})
def test_signin_is_blocked_after_three_failures_even_with_the_right_password(client, db):
    user = person()
    for _ in range(3):
        assert not _signed_in(client)
        _sign_in(client, user.email, "wrong password")
    page = _sign_in(client, user.email, PASSWORD).content.decode()
    assert "Too many failed login attempts. Try again later." in page
    assert not _signed_in(client)


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip,3/5m/key"})
def test_signin_rate_limit_leaves_other_accounts_alone_below_the_ip_limit(client, db):
    user, other = person(), person()
    for _ in range(2):
        _sign_in(client, user.email, "wrong password")
    assert _sign_in(client, other.email)["Location"] == reverse("accounts:dashboard")


def test_inactive_user_cannot_sign_in(client, db):
    user = person()
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = _sign_in(client, user.email)
    assert response["Location"] == reverse("account_inactive")
    assert not _signed_in(client)


def test_user_without_an_email_address_row_is_asked_to_verify(client, db):
    user = UserFactory()
    response = _sign_in(client, user.email)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _signed_in(client)
