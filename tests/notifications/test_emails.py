"""Emails: sent as each person chose (at once, in a daily digest that groups events, or
never), in their language, plain text and HTML, with a signed one-click unsubscribe that
works without signing in; a failing mail server loses nothing."""

import base64
import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from naptrack.notifications import services
from naptrack.notifications.models import EmailDelivery, Notification, NotificationPreference
from naptrack.reporting import services as reporting
from tests.factories.notifications import NotificationPreferenceFactory
from tests.notifications.conftest import mailed_to

BROKEN = "tests.notifications.broken_mail.EmailBackend"
MORNING = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)


def _submit(update, reporter):
    update = reporting.update_save(
        actor=reporter, update=update, expected_version=update.version, status="on_track"
    )
    return reporting.update_submit(actor=reporter, update=update)


@pytest.fixture
def submitted(update_a, reporter_a, kenya_coordinator, co_coordinator, committed):
    """The coordinators are told of a submitted update (each at once, by default)."""
    with committed():
        return _submit(update_a, reporter_a)


def test_the_email_has_text_html_and_one_click_unsubscribe_headers(submitted, kenya_coordinator):
    [message] = mailed_to(kenya_coordinator)
    [(html, mime)] = message.alternatives
    assert mime == "text/html" and "<a href=" in html
    assert submitted.get_absolute_url() in message.body and "Agency update submitted" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/notifications/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body


def test_the_email_is_in_the_recipients_language(
    update_a, reporter_a, kenya_coordinator, committed
):
    kenya_coordinator.language = "fr"
    kenya_coordinator.save(update_fields=["language"])
    with committed():
        _submit(update_a, reporter_a)
    [message] = mailed_to(kenya_coordinator)
    assert '<html lang="fr" dir="ltr">' in message.alternatives[0][0]


def _unsubscribe_url(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>").split("testserver")[-1]


def test_unsubscribe_works_without_signing_in_and_only_on_post(
    client, submitted, kenya_coordinator
):
    url = _unsubscribe_url(mailed_to(kenya_coordinator)[0]).removeprefix("http://127.0.0.1:8000")
    asked = client.get(url)
    assert "Stop emails about" in asked.content.decode()
    assert (
        services.preferences_of(kenya_coordinator)["reporting"] == "immediately"
    )  # GET changes nothing
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert "you will get no more emails" in done.content.decode()
    assert services.preferences_of(kenya_coordinator)["reporting"] == "off"
    assert (
        services.preferences_of(kenya_coordinator)["reports"] == "immediately"
    )  # only that family


def test_a_tampered_unsubscribe_token_is_refused(
    client, submitted, kenya_coordinator, co_coordinator
):
    url = _unsubscribe_url(mailed_to(kenya_coordinator)[0]).removeprefix("http://127.0.0.1:8000")
    token = url.rstrip("/").rsplit("/", 1)[1]
    payload = token.split(":", 1)[0]
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["user"] = co_coordinator.pk  # somebody else's emails
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    response = client.post(url.replace(payload, forged))
    assert response.status_code == 404
    assert NotificationPreference.objects.filter(delivery="off").count() == 0


def test_off_sends_no_email_but_keeps_the_notification(
    update_a, reporter_a, kenya_coordinator, co_coordinator, committed
):
    NotificationPreferenceFactory(user=kenya_coordinator, family="reporting", delivery="off")
    with committed():
        _submit(update_a, reporter_a)
    assert mailed_to(kenya_coordinator) == [] and len(mailed_to(co_coordinator)) == 1
    assert Notification.objects.filter(recipient=kenya_coordinator).count() == 1


def test_a_daily_digest_groups_the_days_events_by_family(
    update_a, update_b, reporter_a, reporter_b, kenya_coordinator, reporting_cycle, committed
):
    NotificationPreferenceFactory(user=kenya_coordinator, family="reporting", delivery="daily")
    NotificationPreferenceFactory(user=kenya_coordinator, family="reports", delivery="daily")
    with committed():
        _submit(update_a, reporter_a)
        _submit(update_b, reporter_b)
    assert mailed_to(kenya_coordinator) == []
    assert services.digests_build(now=MORNING.replace(hour=5)) == 0  # before the digest hour
    assert services.digests_build(now=MORNING) == 1
    assert services.digests_build(now=MORNING + datetime.timedelta(hours=3)) == 0  # once a day
    services.deliveries_send_due()
    [digest] = mailed_to(kenya_coordinator)
    assert "2 changes in your daily digest" in digest.subject
    section = digest.body.split("Reporting work")[1]
    assert section.count("Agency update submitted for review") == 2


def test_a_failing_mail_server_keeps_the_email_retryable_and_visible(
    client, settings, update_a, reporter_a, kenya_coordinator, platform_admin, committed
):
    settings.EMAIL_BACKEND = BROKEN
    with committed():
        _submit(update_a, reporter_a)
    delivery = EmailDelivery.objects.get(recipient=kenya_coordinator)
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert "ConnectionRefusedError: no mail server" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(minutes=4)
    client.force_login(platform_admin)
    page = client.get(reverse("notifications:deliveries")).content.decode()
    assert kenya_coordinator.email in page and "no mail server" in page
    assert "Agency update submitted" not in page  # who and when, never what
    # The server is back; the next run after the backoff sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + datetime.timedelta(minutes=6)
    assert services.deliveries_send_due(now=later) == (1, 0)
    delivery.refresh_from_db()
    assert delivery.state == "sent" and len(mailed_to(kenya_coordinator)) == 1


def test_retries_back_off_and_stop_after_the_last_attempt(
    settings, update_a, reporter_a, kenya_coordinator, committed
):
    settings.EMAIL_BACKEND = BROKEN
    with committed():
        _submit(update_a, reporter_a)
    delivery = EmailDelivery.objects.get(recipient=kenya_coordinator)
    gaps = []
    while delivery.state == "pending":
        now = delivery.next_attempt_at
        services.deliveries_send_due(now=now)
        delivery.refresh_from_db()
        gaps.append(delivery.next_attempt_at - now)
    assert delivery.attempts == services.MAX_ATTEMPTS and delivery.state == "failed"
    assert gaps[1] == 2 * gaps[0] and gaps[2] == 2 * gaps[1]


def test_the_command_sends_what_is_due(
    settings, update_a, reporter_a, kenya_coordinator, committed
):
    settings.EMAIL_BACKEND = BROKEN
    with committed():
        _submit(update_a, reporter_a)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    EmailDelivery.objects.update(next_attempt_at=timezone.now())
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    assert "1 email(s) sent, 0 failed" in out.getvalue()
    assert len(mailed_to(kenya_coordinator)) == 1
    assert mail.outbox[0].to == [kenya_coordinator.email]


def test_only_platform_admins_see_the_deliveries_page(client, kenya_coordinator, reporter_a):
    for person in (kenya_coordinator, reporter_a):
        client.force_login(person)
        assert client.get(reverse("notifications:deliveries")).status_code == 403


def test_an_admin_retries_a_failed_email_now(
    client, settings, update_a, reporter_a, kenya_coordinator, platform_admin, committed
):
    settings.EMAIL_BACKEND = BROKEN
    with committed():
        _submit(update_a, reporter_a)
    delivery = EmailDelivery.objects.get(recipient=kenya_coordinator)
    EmailDelivery.objects.filter(pk=delivery.pk).update(state="failed")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(platform_admin)
    with committed():
        client.post(reverse("notifications:delivery_retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.state == "sent" and len(mailed_to(kenya_coordinator)) == 1


def test_settings_page_saves_each_family_and_the_language(client, kenya_coordinator):
    client.force_login(kenya_coordinator)
    body = {
        "language": "es",
        "roles": "immediately",
        "reporting": "daily",
        "reports": "off",
        "shadow_reports": "immediately",
        "following": "off",
        "consultations": "daily",
        "twinning": "off",
    }
    response = client.post(reverse("notifications:settings"), body)
    assert response.status_code == 302
    kenya_coordinator.refresh_from_db()
    assert kenya_coordinator.language == "es"
    assert services.preferences_of(kenya_coordinator) == {
        k: v for k, v in body.items() if k != "language"
    }


def test_settings_page_refuses_an_unknown_choice_naming_it(client, kenya_coordinator):
    client.force_login(kenya_coordinator)
    response = client.post(reverse("notifications:settings"), {"reporting": "hourly"})
    assert response.status_code == 200
    assert "hourly is not one of the available choices" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_followers_get_a_daily_digest_by_default(
    reporting_cycle, kenya_coordinator, follower, committed
):
    report = reporting.report_compile(
        actor=kenya_coordinator, cycle=reporting_cycle, summary="Year one."
    )
    with committed():
        reporting.report_publish(actor=kenya_coordinator, report=report)
    assert mailed_to(follower) == []
    assert services.digests_build(now=MORNING) == 1
    services.deliveries_send_due()
    [digest] = mailed_to(follower)
    assert "Changes to the countries, plans and regional bodies you follow" in digest.body
    assert "Official report published" in digest.body


def test_a_family_switched_off_before_the_digest_is_left_out(
    update_a, reporter_a, kenya_coordinator, committed
):
    NotificationPreferenceFactory(user=kenya_coordinator, family="reporting", delivery="daily")
    with committed():
        _submit(update_a, reporter_a)
    services.preferences_update(
        actor=kenya_coordinator, user=kenya_coordinator, deliveries={"reporting": "off"}
    )
    assert services.digests_build(now=MORNING) == 0
    assert not Notification.objects.filter(digest_pending=True).exists()
    assert Notification.objects.filter(recipient=kenya_coordinator).count() == 1  # still listed


def test_nobody_changes_someone_elses_settings(kenya_coordinator, co_coordinator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.preferences_update(
            actor=co_coordinator, user=kenya_coordinator, deliveries={"reporting": "off"}
        )
    assert not NotificationPreference.objects.exists()
