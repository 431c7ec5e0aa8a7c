"""Every role tries what it must not: see unpublished submissions, moderate, or read
deadlines of draft plans that are not theirs. Secrets carry unique markers."""

import pytest
from django.urls import reverse

from naptrack.events.models import Event
from tests.events.conftest import DRAFT_MARKER, submit
from tests.factories.accounts import UserFactory
from tests.factories.people import signed_in

pytestmark = pytest.mark.django_db
SECRET = "Okapi pending submission"
WINDOW = {"from": "2026-01-01", "to": "2026-12-31"}
ROLES = ["anonymous", "member", "coordinator", "reporter"]


@pytest.fixture
def calendar_people(member, kenya_coordinator, reporter, moderator):
    return {
        "anonymous": None,
        "member": member,
        "coordinator": kenya_coordinator,
        "reporter": reporter,
        "moderator": moderator,
    }


@pytest.fixture
def pending(db):
    return submit(UserFactory(), title=SECRET)


@pytest.mark.parametrize("role", ROLES)
def test_others_submissions_are_hidden_everywhere(client, calendar_people, pending, role):
    client = signed_in(client, calendar_people[role])
    assert client.get(pending.get_absolute_url()).status_code == 404
    for name in ("events:list", "events:month"):
        assert SECRET not in client.get(reverse(name), {"month": "2026-03"}).content.decode()
    assert SECRET not in client.get(reverse("events:feed"), WINDOW).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_publish_or_reject(client, calendar_people, pending, role):
    client = signed_in(client, calendar_people[role])
    for name, data in (("events:publish", {}), ("events:reject", {"reason": "No"})):
        response = client.post(reverse(name, args=[pending.pk]), data)
        assert response.status_code in (302, 404)
        if response.status_code == 302:  # anonymous: sent to sign in
            assert "/accounts/login/" in response["Location"]
    pending.refresh_from_db()
    assert pending.state == "submitted"


@pytest.mark.parametrize("role", ["member", "coordinator", "reporter"])
def test_non_moderators_get_403_on_the_queue_and_on_published_events(
    client, calendar_people, moderator, role
):
    event = submit(moderator)
    client = signed_in(client, calendar_people[role])
    assert client.get(reverse("events:moderation")).status_code == 403
    assert client.get(reverse("events:history", args=[event.pk])).status_code == 403


def test_submitter_sees_but_cannot_publish_their_own_event(client, member):
    event = submit(member, title=SECRET)
    client = signed_in(client, member)
    assert SECRET in client.get(event.get_absolute_url()).content.decode()
    assert client.post(reverse("events:publish", args=[event.pk])).status_code == 403
    assert Event.objects.get(pk=event.pk).state == "submitted"


def test_anonymous_is_sent_to_sign_in_for_personal_pages(client):
    for name in ("events:submit", "events:mine", "events:my_feed", "events:moderation"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("events:submit"), {"title": SECRET})
    assert response.status_code == 302 and not Event.objects.exists()


def test_moderator_sees_the_submission_but_no_draft_plan_deadlines(
    client, moderator, pending, uganda_draft
):
    client = signed_in(client, moderator)
    assert SECRET in client.get(reverse("events:moderation")).content.decode()
    listing = client.get(reverse("events:list"), WINDOW).content.decode()
    assert DRAFT_MARKER not in listing and SECRET not in listing


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "coordinator"])
def test_draft_plan_deadlines_stay_with_their_coordinator(
    client, calendar_people, uganda_draft, role
):
    client = signed_in(client, calendar_people[role])
    for name, query in (("events:list", WINDOW), ("events:month", {"month": "2026-04"})):
        assert DRAFT_MARKER not in client.get(reverse(name), query).content.decode()


def test_draft_plan_deadlines_show_to_their_own_coordinator(
    client, uganda_draft, uganda_coordinator
):
    page = signed_in(client, uganda_coordinator).get(reverse("events:list"), WINDOW)
    assert DRAFT_MARKER in page.content.decode()


def test_nobody_revokes_anothers_feed_address(client, member, moderator):
    from naptrack.events import services

    token, _raw = services.calendar_feed_token_create(actor=member)
    signed_in(client, moderator).post(reverse("events:my_feed_revoke"))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_plan_back_in_draft_is_not_found_through_its_events(client, moderator, calendar_plan):
    submit(moderator, title="Linked launch", plans=[calendar_plan])
    assert (
        "Linked launch"
        in client.get(reverse("events:list"), {**WINDOW, "plan": calendar_plan.pk}).content.decode()
    )
    calendar_plan.publication = "draft"
    calendar_plan.save()
    for query in ({"plan": calendar_plan.pk}, {"country": "KEN"}):
        page = client.get(reverse("events:list"), {**WINDOW, **query}).content.decode()
        assert "Linked launch" not in page and calendar_plan.title not in page
