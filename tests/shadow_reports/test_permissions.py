"""Who may see drafts, edit, hide and reply, tried by every role on pages, API and
services. Refused reads are 404 (a draft's existence stays hidden); refused changes to
something the user may see are 403; anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from naptrack.shadow_reports import services
from naptrack.shadow_reports.models import RightOfReply, ShadowReport
from tests.api.conftest import ApiClient, client_for
from tests.factories.people import signed_in
from tests.shadow_reports.conftest import accept_invitation, write_report

ROLES = [
    "author",
    "co_author",
    "other_cso",
    "coordinator",
    "other_coordinator",
    "analyst",
    "moderator",
    "anonymous",
]


@pytest.fixture
def shadow_people(
    shadow_cso_member,
    co_author_member,
    other_cso_member,
    kenya_coordinator,
    uganda_coordinator,
    analyst,
    moderator,
):
    return {
        "author": shadow_cso_member,
        "co_author": co_author_member,
        "other_cso": other_cso_member,
        "coordinator": kenya_coordinator,
        "other_coordinator": uganda_coordinator,
        "analyst": analyst,
        "moderator": moderator,
        "anonymous": None,
    }


@pytest.fixture
def co_authored_draft(
    shadow_cso_member,
    shadow_cso,
    co_author,
    co_author_member,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
):
    """A draft the co-author's members accepted to co-author."""
    report = write_report(
        shadow_cso_member,
        shadow_plan,
        shadow_cso,
        cycle=shadow_cycle,
        co_authors=[co_author],
        title="Secret draft title",
        assessments={shadow_structure["1.1"]: ("no", "delayed")},
    )
    accept_invitation(co_author_member, report)
    return report


SEES_DRAFT = {"author", "co_author"}


@pytest.mark.parametrize("role", ROLES)
def test_draft_page_is_visible_only_to_its_authors(client, shadow_people, co_authored_draft, role):
    response = signed_in(client, shadow_people[role]).get(co_authored_draft.get_absolute_url())
    if role in SEES_DRAFT:
        assert response.status_code == 200
        assert "Secret draft title" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Secret draft title" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_draft_is_absent_from_every_list_and_the_api_for_non_authors(
    client, shadow_people, co_authored_draft, shadow_plan, role
):
    user = shadow_people[role]
    pages = [
        reverse("shadow_reports:plan_reports", args=[shadow_plan.pk]),
        reverse("shadow_reports:side_by_side", args=[shadow_plan.pk]),
    ]
    for url in pages:
        assert "Secret draft title" not in signed_in(client, user).get(url).content.decode()
    api = client_for(user) if user else ApiClient()
    assert api.get(f"shadow-reports/{co_authored_draft.pk}").status_code == (
        200 if role in SEES_DRAFT else 404
    )
    assert (
        "Secret draft title"
        not in api.get(f"plans/{shadow_plan.pk}/shadow-reports").content.decode()
    )
    mine = api.get("shadow-reports/mine").json()["items"]
    assert [r["title"] for r in mine] == (["Secret draft title"] if role in SEES_DRAFT else [])


@pytest.mark.parametrize("role", ROLES)
def test_only_authors_edit_a_draft(client, shadow_people, co_authored_draft, role):
    client = signed_in(client, shadow_people[role])
    url = reverse("shadow_reports:edit", args=[co_authored_draft.pk])
    body = {
        "title": "Changed by someone",
        "cycle": co_authored_draft.cycle_id,
        "publication_mode": "named",
        "findings": "x",
    }
    response = client.post(url, body)
    co_authored_draft.refresh_from_db()
    if role in SEES_DRAFT:
        assert response.status_code == 302
        assert co_authored_draft.title == "Changed by someone"
    else:
        assert response.status_code in (302, 404)  # 302 = anonymous sent to sign in
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
        assert co_authored_draft.title == "Secret draft title"


@pytest.mark.parametrize("role", ROLES)
def test_nobody_but_authors_changes_a_published_report(
    client, shadow_people, named_report, shadow_coalition_member, role
):
    """Published text never changes; non-authors are refused outright (403)."""
    user = shadow_people[role]
    response = signed_in(client, user).post(
        reverse("shadow_reports:withdraw", args=[named_report.pk]), {"note": "gone"}
    )
    named_report.refresh_from_db()
    assert named_report.state == "published"
    if user is None:
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_hide(client, shadow_people, named_report, role):
    user = shadow_people[role]
    response = signed_in(client, user).post(
        reverse("shadow_reports:hide", args=[named_report.pk]), {"reason": "Off topic."}
    )
    named_report.refresh_from_db()
    if role == "moderator":
        assert response.status_code == 302
        assert named_report.state == "hidden_by_moderator"
        assert named_report.moderation_note == "Off topic."
    else:
        assert named_report.state == "published"
        assert response.status_code == 403 if user else "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owners_coordinator_replies(client, shadow_people, named_report, role):
    user = shadow_people[role]
    response = signed_in(client, user).post(
        reverse("shadow_reports:reply", args=[named_report.pk]), {"text": "Our reply."}
    )
    replied = RightOfReply.objects.filter(report=named_report).exists()
    if role == "coordinator":
        assert response.status_code == 302 and replied
    else:
        assert not replied
        assert response.status_code == 403 if user else "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_hidden_report_is_visible_only_to_its_authors_and_moderators(
    client, shadow_people, named_report, moderator, shadow_coalition_member, role
):
    services.shadow_report_hide(actor=moderator, report=named_report, reason="Under review.")
    shadow_people = {
        **shadow_people,
        "author": shadow_coalition_member,
    }  # the named report's author
    response = signed_in(client, shadow_people[role]).get(named_report.get_absolute_url())
    if role in ("author", "moderator"):
        html = response.content.decode()
        assert response.status_code == 200 and "Under review." in html
    else:
        assert response.status_code == 404


def test_moderator_never_sees_drafts_or_ready_reports(
    client, moderator, co_authored_draft, shadow_cso_member
):
    client = signed_in(client, moderator)
    assert client.get(co_authored_draft.get_absolute_url()).status_code == 404
    services.shadow_report_submit(actor=shadow_cso_member, report=co_authored_draft)
    assert client.get(co_authored_draft.get_absolute_url()).status_code == 404
    queue = client.get(reverse("shadow_reports:moderation")).content.decode()
    assert "Secret draft title" not in queue


@pytest.mark.parametrize("role", [r for r in ROLES if r != "moderator"])
def test_moderation_pages_refuse_everyone_but_moderators(
    client, shadow_people, pseudonymous_report, role
):
    user = shadow_people[role]
    client = signed_in(client, user)
    for url in (
        reverse("shadow_reports:moderation"),
        reverse("shadow_reports:history", args=[pseudonymous_report.pk]),
    ):
        response = client.get(url)
        if user is None:
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403


def test_coordinator_sees_no_editing_or_moderation_controls(
    client, kenya_coordinator, named_report
):
    html = (
        signed_in(client, kenya_coordinator).get(named_report.get_absolute_url()).content.decode()
    )
    assert "Publish the reply" in html
    assert "Hide this report" not in html and "Withdraw this report" not in html
    assert reverse("shadow_reports:edit", args=[named_report.pk]) not in html


def test_api_writes_follow_the_same_rules(
    named_report, co_authored_draft, kenya_coordinator, analyst, moderator, shadow_cso_member
):
    body = {"agrees_with_official": "yes"}
    action_id = co_authored_draft.assessments.get().action_id
    path = f"shadow-reports/{co_authored_draft.pk}/assessments/{action_id}"
    assert client_for(kenya_coordinator).request("PUT", path, body).status_code == 404
    assert client_for(analyst).request("PUT", path, body).status_code == 404
    assert ApiClient().request("PUT", path, body).status_code == 401
    assert client_for(shadow_cso_member).request("PUT", path, body).status_code == 200
    hide = f"shadow-reports/{named_report.pk}/hide"
    assert client_for(kenya_coordinator).post(hide, {"reason": "No."}).status_code == 403
    assert client_for(moderator).post(hide, {"reason": "Checked."}).json()["state"] == (
        "hidden_by_moderator"
    )
    assert ShadowReport.objects.get(pk=named_report.pk).state == "hidden_by_moderator"
