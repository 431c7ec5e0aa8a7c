"""An anonymous commenter — a signed-in person who chose not to be named, and a visitor
who left an email to hear back — appears in no channel open to the public, the
coordinators or other users: the consultation's pages and their HTML, the plan's page
and public history, search, and every API read. Neither do the people behind support,
answers and moderation rounds. The positive controls prove the secrets are stored (and
would be found by the sweep)."""

import pytest
from django.urls import reverse

from naptrack.consultations import services
from naptrack.core.models import Activity
from naptrack.core.selectors import activities_for
from tests.api.conftest import ApiClient, client_for
from tests.consultations.conftest import SECRET_CONTACT, SECRET_EMAIL, SECRET_NAME
from tests.factories.people import signed_in

SECRETS = [SECRET_NAME, SECRET_EMAIL, SECRET_CONTACT, "Akinyi", "akinyi.hidden"]
VIEWERS = [
    "anonymous",
    "kenya_coordinator",
    "uganda_coordinator",
    "invited_cso_member",
    "signed_in_person",
]


@pytest.fixture
def anonymity_scenario(
    consultation,
    consultation_structure,
    secret_commenter,
    kenya_coordinator,
    moderator,
    signed_in_person,
):
    web = services.comment_post(
        actor=secret_commenter,
        consultation=consultation,
        text="The quota should be one half.",
        part=consultation_structure["1.2"],
    )
    api = client_for(secret_commenter).post(
        f"consultations/{consultation.pk}/comments",
        {
            "text": "Also fund transport.",
            "identity": "anonymous",
            "action_id": consultation_structure["1.1"].pk,
        },
    )
    assert api.status_code == 201
    visitor = services.comment_post(
        actor=None, consultation=consultation, text="From Lodwar.", contact_email=SECRET_CONTACT
    )
    named = services.comment_post(
        actor=signed_in_person, consultation=consultation, text="Named point.", identity="named"
    )
    services.comment_support(actor=secret_commenter, comment=named)
    services.comment_support(actor=signed_in_person, comment=web)
    services.comment_answer(
        actor=kenya_coordinator, comment=web, outcome="partly", text="One third."
    )
    services.comment_hide(actor=moderator, comment=visitor, reason="Checking a place name")
    services.comment_unhide(actor=moderator, comment=visitor, reason="No one is named")
    return {"consultation": consultation, "web": web, "visitor": visitor}


def _pages(consultation, comment) -> list[str]:
    plan = consultation.plan
    return [
        reverse("consultations:list"),
        f"{reverse('consultations:list')}?plan={plan.pk}",
        reverse("consultations:detail", args=[consultation.pk]),
        f"{reverse('consultations:comment', args=[consultation.pk])}?action={comment.action_id}",
        reverse("consultations:answer", args=[consultation.pk, comment.pk]),
        plan.get_absolute_url(),
        reverse("registry:plan_history", args=[plan.pk]),
        f"{reverse('library:search')}?q=quota",
    ]


def _api_reads(consultation) -> list[str]:
    return [
        "consultations",
        f"consultations/{consultation.pk}",
        f"consultations/{consultation.pk}/comments",
        f"plans/{consultation.plan_id}/history",
    ]


def _assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret.casefold() not in text.casefold(), f"{secret!r} leaks in {where}"


@pytest.mark.parametrize("role", VIEWERS)
def test_no_channel_names_an_anonymous_commenter(request, client, anonymity_scenario, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    signed_in(client, user)
    consultation = anonymity_scenario["consultation"]
    for url in _pages(consultation, anonymity_scenario["web"]):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        _assert_clean(response.content.decode(), url)
    api = ApiClient() if user is None else client_for(user)
    for path in _api_reads(consultation):
        response = api.get(path)
        assert response.status_code == 200, path
        _assert_clean(response.content.decode(), path)


def test_pages_show_the_comments_themselves(client, anonymity_scenario):
    """The sweep reads pages that do hold the anonymous input, only not its authors."""
    html = client.get(
        reverse("consultations:detail", args=[anonymity_scenario["consultation"].pk])
    ).text
    assert "The quota should be one half." in html and "Also fund transport." in html
    assert html.count("Anonymous participant") == 3 and "Grace Named" in html


def test_audit_rows_hold_no_identity_and_skip_the_plan(anonymity_scenario):
    consultation = anonymity_scenario["consultation"]
    rows = list(activities_for(consultation))
    assert len(rows) >= 10
    for row in rows:
        _assert_clean(f"{row.target_label} {row.changes}", f"activity {row.verb}")
    assert not activities_for(consultation.plan).filter(verb__startswith="consultation").exists()


def test_positive_control_the_secrets_are_stored(anonymity_scenario, secret_commenter):
    assert anonymity_scenario["web"].author == secret_commenter
    assert anonymity_scenario["visitor"].contact_email == SECRET_CONTACT
    # The acting person is in the audit trail, for platform admins only (the admin).
    assert Activity.objects.filter(actor_label=SECRET_NAME).exists()
