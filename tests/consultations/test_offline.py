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
    facilitator, consultation, consultation_structure
):
    session = record(facilitator, consultation, consultation_structure)
    points = list(Comment.objects.filter(session=session).order_by("pk"))
    assert [p.channel for p in points] == ["offline", "offline"]
    assert all(p.is_anonymous and p.author is None for p in points)
    assert points[0].action == consultation_structure["1.1"] and points[0].part_label.startswith(
        "1.1"
    )
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
    facilitator, consultation, consultation_structure, overrides, field
):
    with pytest.raises(ValidationError) as error:
        record(facilitator, consultation, consultation_structure, **overrides)
    assert field in error.value.message_dict
    assert not InputSession.objects.exists() and not Comment.objects.exists()


def test_point_on_another_plans_action_is_refused(
    facilitator, consultation, consultation_structure
):
    from tests.factories.plans import ActionFactory

    stranger = ActionFactory(code="9.9")
    points = [{"text": "About another plan", "part": stranger}]
    with pytest.raises(ValidationError):
        record(facilitator, consultation, consultation_structure, points=points)
    assert not InputSession.objects.exists()


def test_who_may_not_record(
    consultation,
    consultation_structure,
    invited_cso_member,
    uganda_coordinator,
    moderator,
    signed_in_person,
):
    for outsider in (None, invited_cso_member, uganda_coordinator, moderator, signed_in_person):
        with pytest.raises(PermissionDenied):
            record(outsider, consultation, consultation_structure)
    assert not InputSession.objects.exists()


def test_coordinator_records_too_but_not_on_a_draft(
    kenya_coordinator, draft_consultation, consultation_structure
):
    with pytest.raises(PermissionDenied):
        record(kenya_coordinator, draft_consultation, consultation_structure)
    opened = services.consultation_open(actor=kenya_coordinator, consultation=draft_consultation)
    assert record(kenya_coordinator, opened, consultation_structure).points.count() == 2


def test_removed_facilitator_can_no_longer_record(
    kenya_coordinator, facilitator, consultation, consultation_structure
):
    named = consultation.facilitators.get(user=facilitator)
    services.facilitator_remove(actor=kenya_coordinator, facilitator=named)
    with pytest.raises(PermissionDenied):
        record(facilitator, consultation, consultation_structure)


def test_only_coordinators_name_facilitators(consultation, facilitator, invited_cso_member):
    for actor in (facilitator, invited_cso_member):
        with pytest.raises(PermissionDenied):
            services.facilitator_add(
                actor=actor, consultation=consultation, user=invited_cso_member
            )


def test_offline_points_are_answered_and_block_the_report_until_then(
    kenya_coordinator, facilitator, consultation, consultation_structure
):
    session = record(facilitator, consultation, consultation_structure)
    services.consultation_close(actor=kenya_coordinator, consultation=consultation)
    with pytest.raises(ValidationError, match="2 still without an answer"):
        services.consultation_report_publish(
            actor=kenya_coordinator, consultation=consultation, summary="Done."
        )
    for point in session.points.all():
        with pytest.raises(PermissionDenied):
            services.comment_answer(actor=facilitator, comment=point, outcome="accepted", text="x")
        services.comment_answer(
            actor=kenya_coordinator, comment=point, outcome="partly", text="Budget line 1.1 added."
        )
    services.consultation_report_publish(
        actor=kenya_coordinator, consultation=consultation, summary="Ok"
    )


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


def test_facilitator_records_a_meeting_on_the_page(
    client, facilitator, consultation, consultation_structure
):
    url = reverse("consultations:session_create", args=[consultation.pk])
    form = signed_in(client, facilitator).get(url).content.decode()
    assert "Open gender desks" in form and 'name="count_woman_18_35"' in form
    response = client.post(url, session_post(consultation_structure))
    session = InputSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert session.points.get().action == consultation_structure["2.1"]
    assert session.participant_counts.get(sex="woman").count == 7
    detail = client.get(consultation.get_absolute_url()).content.decode()
    assert "Kisumu" in detail and "The desk is too far from the market." in detail


def test_session_page_refuses_empty_counts_with_the_error_beside_the_table(
    client, facilitator, consultation, consultation_structure
):
    url = reverse("consultations:session_create", args=[consultation.pk])
    data = session_post(consultation_structure, count_woman_18_35="", count_man_unknown="")
    response = signed_in(client, facilitator).post(url, data)
    assert response.status_code == 400 and "Count at least one participant" in response.text
    assert not InputSession.objects.exists()


def test_facilitator_adds_a_point_on_the_record_page(
    client, facilitator, consultation, consultation_structure
):
    session = record(facilitator, consultation, consultation_structure)
    response = signed_in(client, facilitator).post(
        session.get_absolute_url(), {"part": "", "text": "Radio announcements in Turkana."}
    )
    assert response.status_code == 302 and session.points.count() == 3


@pytest.mark.parametrize(
    "who", ["visitor", "invited_cso_member", "uganda_coordinator", "facilitator"]
)
def test_pages_refuse_who_may_not_record_or_name(
    client, who, request, kenya_coordinator, facilitator, consultation, consultation_structure
):
    session = record(facilitator, consultation, consultation_structure)
    user = None if who == "visitor" else request.getfixturevalue(who)
    signed_in(client, user)
    create = reverse("consultations:session_create", args=[consultation.pk])
    names = reverse("consultations:facilitators", args=[consultation.pk])
    if who != "facilitator":
        assert client.post(create, session_post(consultation_structure)).status_code in (302, 403)
        assert client.post(session.get_absolute_url(), {"text": "x"}).status_code in (302, 403)
    assert client.post(names, {"email": "x@example.org"}).status_code in (302, 403)
    assert InputSession.objects.count() == 1 and session.points.count() == 2
    assert consultation.facilitators.count() == 1


def test_coordinator_names_a_facilitator_by_email(client, kenya_coordinator, consultation):
    user = UserFactory(email="field.worker@example.org")
    url = reverse("consultations:facilitators", args=[consultation.pk])
    response = signed_in(client, kenya_coordinator).post(url, {"email": "Field.Worker@example.org"})
    assert response.status_code == 302 and consultation.facilitators.get().user == user
    response = client.post(url, {"email": "nobody@example.org"})
    assert response.status_code == 400 and "No active account" in response.text


def test_record_page_and_consultation_page_name_neither_facilitator_nor_contact(
    client, kenya_coordinator, facilitator, consultation, consultation_structure
):
    secret = "paper.form.contact@example.org"
    points = [{"text": "Write to me about it.", "contact_email": secret}]
    session = record(facilitator, consultation, consultation_structure, points=points)
    for viewer in (None, kenya_coordinator):
        signed_in(client, viewer)
        for url in (session.get_absolute_url(), consultation.get_absolute_url()):
            html = client.get(url).content.decode()
            assert "Write to me about it." in html and "Raised offline" in html
            for leak in (secret, facilitator.email, facilitator.display_name):
                assert leak not in html, (url, leak)
