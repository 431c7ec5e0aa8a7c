"""Participants without an account who left a contact email with their input hear, by
that address, when the answers to it are published and when the plan is adopted: one
email per address and event, in the input's language, naming no other participant, with
a link that stops them. Only email delivery is replaced (Django's locmem outbox)."""

import datetime
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse

from naptrack.consultations import services
from naptrack.core.models import Activity
from naptrack.notifications import services as notifications
from naptrack.notifications.emails import stop_token
from naptrack.notifications.models import EmailDelivery, Notification, StoppedAddress
from naptrack.registry import services as registry
from tests.consultations.conftest import SECRET_CONTACT, SECRET_EMAIL, SECRET_NAME, TODAY

OTHER_CONTACT = "second.visitor@example.org"


@pytest.fixture
def inputs(consultation, consultation_structure, signed_in_person, secret_commenter):
    """Two comments by a visitor who left an address, one by a visitor who left none,
    one by another visitor, a named one, a signed-in anonymous one, and a point raised
    at a French-speaking meeting whose participant wrote her address on the form."""
    post = services.comment_post
    made = [
        post(actor=None, consultation=consultation, text="First", contact_email=SECRET_CONTACT),
        post(
            actor=None,
            consultation=consultation,
            text="Second",
            part=consultation_structure["1.1"],
            contact_email=SECRET_CONTACT.upper(),
        ),
        post(actor=None, consultation=consultation, text="No address left"),
        post(actor=None, consultation=consultation, text="Other", contact_email=OTHER_CONTACT),
        post(actor=signed_in_person, consultation=consultation, text="Named", identity="named"),
        post(actor=secret_commenter, consultation=consultation, text="Mine", identity="anonymous"),
    ]
    session = services.session_record(
        actor=consultation.created_by,
        consultation=consultation,
        kind="meeting",
        held_on=TODAY,
        district="Kisumu",
        language="fr",
        counts={("woman", "18_35"): 4},
        points=[{"text": "Offline point", "contact_email": "paper.form@example.org"}],
    )
    return [*made, *session.points.all()]


def answer_all(coordinator, comments) -> None:
    for comment in comments:
        services.comment_answer(
            actor=coordinator, comment=comment, outcome="accepted", text="Taken into 1.1."
        )


def publish(coordinator, consultation, committed) -> None:
    services.consultation_close(actor=coordinator, consultation=consultation)
    with committed():
        services.consultation_report_publish(
            actor=coordinator, consultation=consultation, summary="We changed action 1.1."
        )


def to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_each_address_hears_once_when_the_answers_are_published(
    kenya_coordinator, consultation, inputs, committed
):
    with committed():
        answer_all(kenya_coordinator, inputs)
    mail.outbox.clear()
    publish(kenya_coordinator, consultation, committed)
    addresses = sorted(address for message in mail.outbox for address in message.to)
    # Two comments from one address (in two cases): one email. No address: nothing.
    assert addresses == sorted([SECRET_CONTACT, OTHER_CONTACT, "paper.form@example.org"])
    [message] = to(SECRET_CONTACT)
    report = reverse("consultations:report_page", args=[consultation.pk])
    assert "answers to your input are published" in message.subject
    assert report in message.body and consultation.title in message.body
    assert "Stop these emails" in message.body and "left this address" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_a_participant_email_names_nobody_else(kenya_coordinator, consultation, inputs, committed):
    with committed():
        answer_all(kenya_coordinator, inputs)
    publish(kenya_coordinator, consultation, committed)
    [message] = to(SECRET_CONTACT)
    html = message.alternatives[0][0]
    for secret in (OTHER_CONTACT, "paper.form@example.org", SECRET_NAME, SECRET_EMAIL, "Grace"):
        assert secret not in message.body and secret not in html
        assert secret not in message.subject
    for text in ("First", "Second", "Other", "Named", "Mine"):
        assert f"“{text}”" not in message.body


def test_the_meeting_point_is_told_in_the_meeting_language(
    kenya_coordinator, consultation, inputs, committed
):
    with committed():
        answer_all(kenya_coordinator, inputs)
    publish(kenya_coordinator, consultation, committed)
    [message] = to("paper.form@example.org")
    assert '<html lang="fr"' in message.alternatives[0][0]
    online = EmailDelivery.objects.get(address=SECRET_CONTACT)
    assert online.language == "en"  # the consultation's first language the site speaks


def test_accounts_keep_their_notifications_and_get_no_address_email(
    kenya_coordinator, consultation, inputs, signed_in_person, secret_commenter, committed
):
    with committed():
        answer_all(kenya_coordinator, inputs)
    answered = Notification.objects.filter(activity__verb="consultation.comment.answered")
    assert {n.recipient for n in answered} == {signed_in_person, secret_commenter}
    mail.outbox.clear()
    publish(kenya_coordinator, consultation, committed)
    assert to(signed_in_person.email) == [] and to(SECRET_EMAIL) == []
    published = Activity.objects.get(verb="consultation.reported")
    assert not Notification.objects.filter(activity=published).exists()


def test_each_address_hears_once_when_the_plan_is_adopted(
    kenya_coordinator, consultation, consultation_plan, inputs, signed_in_person, committed
):
    services.comment_post(
        actor=None,
        consultation=consultation,
        text="Visitor using a named participant's own address",
        contact_email=signed_in_person.email,
    )
    mail.outbox.clear()
    with committed():
        registry.plan_adopt(
            actor=kenya_coordinator, plan=consultation_plan, adoption_date=datetime.date.today()
        )
    [message] = to(SECRET_CONTACT)
    assert "adopted" in message.subject and consultation_plan.title in message.body
    assert len(to(OTHER_CONTACT)) == 1 and len(to("paper.form@example.org")) == 1
    # The named participant hears once, through her account, not twice.
    assert len(to(signed_in_person.email)) == 1
    adopted = Activity.objects.get(verb="plan.adopted")
    assert Notification.objects.filter(activity=adopted, recipient=signed_in_person).exists()
    # Telling of the event again (a worker's retry) sends nothing new.
    before = len(mail.outbox)
    assert notifications.notifications_create(activity=adopted) == []
    assert len(mail.outbox) == before
    assert EmailDelivery.objects.filter(activity=adopted, address=SECRET_CONTACT).count() == 1


def test_the_stop_link_stops_the_emails_without_showing_the_address(
    client, kenya_coordinator, consultation, consultation_plan, inputs, committed
):
    with committed():
        answer_all(kenya_coordinator, inputs)
    publish(kenya_coordinator, consultation, committed)
    [message] = to(SECRET_CONTACT)
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body and SECRET_CONTACT.split("@")[0] not in link
    url = urlparse(link).path
    asked = client.get(url)
    assert asked.status_code == 200 and not StoppedAddress.objects.exists()
    done = client.post(url)
    assert done.status_code == 200 and SECRET_CONTACT not in done.content.decode()
    assert StoppedAddress.objects.filter(address=SECRET_CONTACT).exists()
    stopped = Activity.objects.get(verb="notifications.address_stopped")
    assert SECRET_CONTACT not in stopped.target_label and SECRET_CONTACT not in str(stopped.changes)
    with committed():
        registry.plan_adopt(
            actor=kenya_coordinator, plan=consultation_plan, adoption_date=datetime.date.today()
        )
    assert len(to(SECRET_CONTACT)) == 1 and len(to(OTHER_CONTACT)) == 2


def test_a_tampered_or_account_stop_link_is_refused(
    client, kenya_coordinator, consultation, inputs
):
    account_email = EmailDelivery.objects.create(
        recipient=kenya_coordinator, kind="immediate", next_attempt_at=consultation.created_at
    )
    token = stop_token(account_email)
    stop = "notifications:stop"
    assert client.post(reverse(stop, args=[token])).status_code == 404
    assert client.post(reverse(stop, args=[token[:-2] + "xx"])).status_code == 404
    assert not StoppedAddress.objects.exists()


def test_nobody_without_an_account_hears_of_a_plan_the_public_cannot_see(
    kenya_coordinator, consultation, consultation_plan, inputs, committed
):
    consultation_plan.publication = "draft"
    consultation_plan.save(update_fields=["publication"])
    with committed():
        registry.plan_adopt(
            actor=kenya_coordinator, plan=consultation_plan, adoption_date=datetime.date.today()
        )
    assert to(SECRET_CONTACT) == [] and not EmailDelivery.objects.exclude(address="").exists()
