"""Participants with an account hear, through the notifications app, when their input
is answered and when the plan they commented on is adopted; nobody else is told who
wrote an anonymous comment."""

import datetime

from django.core import mail

from naptrack.consultations import services
from naptrack.core.models import Activity
from naptrack.notifications.models import Notification
from naptrack.registry import services as registry
from tests.consultations.conftest import SECRET_NAME


def told(verb: str) -> dict:
    activity = Activity.objects.filter(verb=verb).order_by("-created_at", "-id").first()
    rows = Notification.objects.filter(activity=activity).select_related("recipient")
    return {row.recipient: (row.reason, row.family) for row in rows}


def test_an_anonymous_commenter_with_an_account_hears_her_comment_was_answered(
    kenya_coordinator, consultation, secret_commenter, signed_in_person, moderator, committed
):
    comment = services.comment_post(
        actor=secret_commenter,
        consultation=consultation,
        text="Add a budget line.",
        identity="anonymous",
    )
    services.comment_post(
        actor=signed_in_person, consultation=consultation, text="Other input.", identity="named"
    )
    with committed():
        services.comment_answer(
            actor=kenya_coordinator, comment=comment, outcome="accepted", text="Added to 1.1."
        )
    assert told("consultation.comment.answered") == {
        secret_commenter: ("concerned", "consultations")
    }
    [message] = [m for m in mail.outbox if secret_commenter.email in m.to]
    assert "answered" in message.subject
    for other in mail.outbox:
        assert SECRET_NAME not in other.body or other.to == [secret_commenter.email]


def test_commenters_hear_when_the_plan_is_adopted(
    kenya_coordinator, consultation, consultation_plan, signed_in_person, committed
):
    services.comment_post(
        actor=signed_in_person, consultation=consultation, text="Named input.", identity="named"
    )
    services.comment_post(actor=None, consultation=consultation, text="A visitor's input.")
    with committed():
        registry.plan_adopt(
            actor=kenya_coordinator, plan=consultation_plan, adoption_date=datetime.date.today()
        )
    assert told("plan.adopted") == {signed_in_person: ("concerned", "consultations")}
