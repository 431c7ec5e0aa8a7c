"""Offline input: the coordinators name facilitators, who record what meetings, focus
groups and paper forms said; each point is an anonymous comment, answered like any other."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from naptrack.consultations import services
from naptrack.consultations.models import Comment, InputSession
from naptrack.core.models import Activity
from tests.consultations.conftest import TODAY
from tests.factories.accounts import UserFactory
from tests.factories.people import signed_in

COUNTS = {("woman", "18_35"): 12, ("woman", "60_plus"): 3, ("man", "36_59"): 2}


@pytest.fixture
def facilitator(coordinator, consultation):
    user = UserFactory(display_name="Field Facilitator")
    services.facilitator_add(actor=coordinator, consultation=consultation, user=user)
    return user


def record(actor, consultation, structure, **overrides):
    fields = {
        "kind": "focus_group",
        "held_on": TODAY,
        "district": "Turkana",
        "language": "sw",
        "counts": COUNTS,
        "points": [
            {"text": "Mediators must be paid for their travel.", "part": structure["1.1"]},
            {"text": "Nobody told us about the gender desks."},
        ],
    }
    fields.update(overrides)
    return services.session_record(actor=actor, consultation=consultation, **fields)


def test_facilitator_records_a_focus_group_as_anonymous_offline_points(
    facilitator, consultation, structure
):
    session = record(facilitator, consultation, structure)
    points = list(Comment.objects.filter(session=session).order_by("pk"))
    assert [p.channel for p in points] == ["offline", "offline"]
    assert all(p.is_anonymous and p.author is None for p in points)
    assert points[0].action == structure["1.1"] and points[0].part_label.startswith("1.1")
    assert points[1].action is None and points[1].objective is None
    assert {(c.sex, c.age_band, c.count) for c in session.participant_counts.all()} == {
        ("woman", "18_35", 12),
        ("woman", "60_plus", 3),
        ("man", "36_59", 2),
    }
    activity = Activity.objects.filter(verb="consultation.session.recorded").get()
    assert activity.target_id == str(consultation.pk) and activity.changes["points"] == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"counts": {}}, "counts"),
        ({"counts": {("woman", "18_35"): -1}}, "counts"),
        ({"counts": {("alien", "18_35"): 1}}, "counts"),
        ({"held_on": TODAY + datetime.timedelta(days=1)}, "held_on"),
        ({"held_on": TODAY - datetime.timedelta(days=1)}, "held_on"),
        ({"district": "  "}, "district"),
        ({"language": "xx"}, "languages"),
        ({"kind": "party"}, "kind"),
        ({"points": [{"text": "Call me at amina@example.org"}]}, "text"),
    ],
)
def test_record_refuses_bad_input_and_writes_nothing(
    facilitator, consultation, structure, overrides, field
):
    with pytest.raises(ValidationError) as error:
        record(facilitator, consultation, structure, **overrides)
    assert field in error.value.message_dict
    assert not InputSession.objects.exists() and not Comment.objects.exists()


def test_point_on_another_plans_action_is_refused(facilitator, consultation, structure):
    from tests.factories.plans import ActionFactory

    stranger = ActionFactory(code="9.9")
    points = [{"text": "About another plan", "part": stranger}]
    with pytest.raises(ValidationError):
        record(facilitator, consultation, structure, points=points)
    assert not InputSession.objects.exists()


def test_who_may_not_record(
    consultation, structure, cso_member, other_coordinator, moderator, signed_in_person
):
    for outsider in (None, cso_member, other_coordinator, moderator, signed_in_person):
        with pytest.raises(PermissionDenied):
            record(outsider, consultation, structure)
    assert not InputSession.objects.exists()


def test_coordinator_records_too_but_not_on_a_draft(coordinator, draft, structure):
    with pytest.raises(PermissionDenied):
        record(coordinator, draft, structure)
    opened = services.consultation_open(actor=coordinator, consultation=draft)
    assert record(coordinator, opened, structure).points.count() == 2


def test_removed_facilitator_can_no_longer_record(
    coordinator, facilitator, consultation, structure
):
    named = consultation.facilitators.get(user=facilitator)
    services.facilitator_remove(actor=coordinator, facilitator=named)
    with pytest.raises(PermissionDenied):
        record(facilitator, consultation, structure)


def test_only_coordinators_name_facilitators(consultation, facilitator, cso_member):
    for actor in (facilitator, cso_member):
        with pytest.raises(PermissionDenied):
            services.facilitator_add(actor=actor, consultation=consultation, user=cso_member)


def test_offline_points_are_answered_and_block_the_report_until_then(
    coordinator, facilitator, consultation, structure
):
    session = record(facilitator, consultation, structure)
    services.consultation_close(actor=coordinator, consultation=consultation)
    with pytest.raises(ValidationError, match="2 still without an answer"):
        services.consultation_report_publish(
            actor=coordinator, consultation=consultation, summary="Done."
        )
    for point in session.points.all():
        with pytest.raises(PermissionDenied):
            services.comment_answer(actor=facilitator, comment=point, outcome="accepted", text="x")
        services.comment_answer(
            actor=coordinator, comment=point, outcome="partly", text="Budget line 1.1 added."
        )
    services.consultation_report_publish(actor=coordinator, consultation=consultation, summary="Ok")


# ---- Pages -------------------------------------------------------------------------------


def session_post(structure, **overrides):
    data = {
        "kind": "meeting",
        "held_on": TODAY.isoformat(),
        "district": "Kisumu",
        "language": "sw",
        "count_woman_18_35": "7",
        "count_man_unknown": "1",
        "points-TOTAL_FORMS": "2",
        "points-INITIAL_FORMS": "0",
        "points-0-part": f"action:{structure['2.1'].pk}",
        "points-0-text": "The desk is too far from the market.",
        "points-1-part": "",
        "points-1-text": "",
    }
    return {**data, **overrides}


def test_facilitator_records_a_meeting_on_the_page(client, facilitator, consultation, structure):
    url = reverse("consultations:session_create", args=[consultation.pk])
    form = signed_in(client, facilitator).get(url).content.decode()
    assert "Open gender desks" in form and 'name="count_woman_18_35"' in form
    response = client.post(url, session_post(structure))
    session = InputSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert session.points.get().action == structure["2.1"]
    assert session.participant_counts.get(sex="woman").count == 7
    detail = client.get(consultation.get_absolute_url()).content.decode()
    assert "Kisumu" in detail and "The desk is too far from the market." in detail


def test_session_page_refuses_empty_counts_with_the_error_beside_the_table(
    client, facilitator, consultation, structure
):
    url = reverse("consultations:session_create", args=[consultation.pk])
    data = session_post(structure, count_woman_18_35="", count_man_unknown="")
    response = signed_in(client, facilitator).post(url, data)
    assert response.status_code == 400 and "Count at least one participant" in response.text
    assert not InputSession.objects.exists()


def test_facilitator_adds_a_point_on_the_record_page(client, facilitator, consultation, structure):
    session = record(facilitator, consultation, structure)
    response = signed_in(client, facilitator).post(
        session.get_absolute_url(), {"part": "", "text": "Radio announcements in Turkana."}
    )
    assert response.status_code == 302 and session.points.count() == 3


@pytest.mark.parametrize("who", ["visitor", "cso_member", "other_coordinator", "facilitator"])
def test_pages_refuse_who_may_not_record_or_name(
    client, who, request, coordinator, facilitator, consultation, structure
):
    session = record(facilitator, consultation, structure)
    user = None if who == "visitor" else request.getfixturevalue(who)
    signed_in(client, user)
    create = reverse("consultations:session_create", args=[consultation.pk])
    names = reverse("consultations:facilitators", args=[consultation.pk])
    if who != "facilitator":
        assert client.post(create, session_post(structure)).status_code in (302, 403)
        assert client.post(session.get_absolute_url(), {"text": "x"}).status_code in (302, 403)
    assert client.post(names, {"email": "x@example.org"}).status_code in (302, 403)
    assert InputSession.objects.count() == 1 and session.points.count() == 2
    assert consultation.facilitators.count() == 1


def test_coordinator_names_a_facilitator_by_email(client, coordinator, consultation):
    user = UserFactory(email="field.worker@example.org")
    url = reverse("consultations:facilitators", args=[consultation.pk])
    response = signed_in(client, coordinator).post(url, {"email": "Field.Worker@example.org"})
    assert response.status_code == 302 and consultation.facilitators.get().user == user
    response = client.post(url, {"email": "nobody@example.org"})
    assert response.status_code == 400 and "No active account" in response.text


def test_record_page_and_consultation_page_name_neither_facilitator_nor_contact(
    client, coordinator, facilitator, consultation, structure
):
    secret = "paper.form.contact@example.org"
    points = [{"text": "Write to me about it.", "contact_email": secret}]
    session = record(facilitator, consultation, structure, points=points)
    for viewer in (None, coordinator):
        signed_in(client, viewer)
        for url in (session.get_absolute_url(), consultation.get_absolute_url()):
            html = client.get(url).content.decode()
            assert "Write to me about it." in html and "Raised offline" in html
            for leak in (secret, facilitator.email, facilitator.display_name):
                assert leak not in html, (url, leak)
