"""The API answers its messages in the client's Accept-Language; with none (or one it does
not speak) it stays English, and a language cookie or URL prefix does not change it."""

import pytest

from tests.i18n.pseudo import OPEN, pseudo_locale

pytestmark = pytest.mark.django_db

UNKNOWN = "/api/v1/no-such-endpoint/"


def _message(response) -> str:
    return response.json()["error"]["message"]


def test_errors_answer_in_accept_language(client):
    with pseudo_locale("fr"):
        response = client.get(UNKNOWN, HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.8")
    assert response.status_code == 404
    assert _message(response).startswith(OPEN)
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" in response["Vary"]


def test_without_accept_language_the_api_is_english(client):
    client.cookies["naptrack_language"] = "fr"
    with pseudo_locale("fr"):
        response = client.get(UNKNOWN)
    assert not _message(response).startswith(OPEN)
    assert response["Content-Language"] == "en"


def test_an_unspoken_language_falls_back_to_english(client):
    with pseudo_locale("en"):
        response = client.get(UNKNOWN, HTTP_ACCEPT_LANGUAGE="tlh, de;q=0.5")
    assert _message(response).startswith(OPEN)  # English's (pseudo) catalogue answered
    assert response["Content-Language"] == "en"


def test_operation_errors_are_translated_too(client):
    """A missing plan: the operation's own 404, not only the catch-all."""
    with pseudo_locale("ar"):
        response = client.get("/api/v1/plans/999999/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    assert _message(response).startswith(OPEN)
    assert response["Content-Language"] == "ar"


def test_validation_messages_are_translated(client):
    """Pydantic's own English messages are replaced by translatable ones, by error type."""
    with pseudo_locale("fr"):
        response = client.get("/api/v1/plans?page=abc", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 422
    messages = [m for ms in response.json()["error"]["fields"].values() for m in ms]
    assert messages and all(m.startswith(OPEN) for m in messages), messages


def test_validation_message_keeps_the_limit_and_falls_back_for_unknown_types():
    from naptrack.core.api import validation_message

    too_long = {"type": "string_too_long", "ctx": {"max_length": 300}, "msg": "String too long"}
    assert validation_message(too_long) == "At most 300 characters."
    assert validation_message({"type": "value_error", "msg": "Value error, no"}) == (
        "Value error, no"
    )
