"""send_reporting_reminders: before the due date, overdue, escalation; never twice."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from naptrack.reporting import services
from naptrack.reporting.models import ReminderLog

DUE = datetime.date(2026, 1, 31)


def run(day: datetime.date) -> str:
    out = StringIO()
    call_command("send_reporting_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_reminders_before_due_once_per_item_and_person(
    reporting_cycle, reporter_a, reporter_b, update_a
):
    assert reporting_cycle.due_date == DUE
    output = run(DUE - datetime.timedelta(days=5))
    assert "before_due: 2 email(s) about 3 item(s)" in output
    (to_a,) = sent_to(reporter_a)
    assert to_a.subject == "Reporting due soon: 2 item(s)"
    assert "1.1 Train women mediators" in to_a.body and "2.1 Open gender desks" in to_a.body
    assert f"/reporting/updates/{update_a.pk}/" in to_a.body
    (to_b,) = sent_to(reporter_b)
    assert "2.1 Open gender desks" in to_b.body and "1.1 Train" not in to_b.body

    mail.outbox.clear()
    assert "before_due: 0 email(s)" in run(DUE - datetime.timedelta(days=5))
    assert "before_due: 0 email(s)" in run(DUE - datetime.timedelta(days=4))
    assert mail.outbox == []


def test_reminders_not_sent_too_early_or_for_submitted_items(
    reporting_cycle, reporter_a, reporter_b, update_b
):
    run(DUE - datetime.timedelta(days=8))
    assert mail.outbox == []
    services.update_save(actor=reporter_b, update=update_b, expected_version=1, status="on_track")
    services.update_submit(actor=reporter_b, update=update_b)
    run(DUE - datetime.timedelta(days=1))
    assert sent_to(reporter_b) == []
    assert len(sent_to(reporter_a)) == 1


def test_reminders_overdue_repeat_weekly_and_escalate_once(
    reporting_cycle, reporter_a, reporter_b, kenya_coordinator, uganda_coordinator
):
    run(DUE + datetime.timedelta(days=1))
    assert [m.subject for m in sent_to(reporter_a)] == ["Reporting overdue: 2 item(s)"]
    assert sent_to(kenya_coordinator) == []

    mail.outbox.clear()
    run(DUE + datetime.timedelta(days=3))  # escalation day; overdue already sent this week
    assert sent_to(reporter_a) == []
    (escalation,) = sent_to(kenya_coordinator)
    assert escalation.subject == "Overdue agency reports on your plan: 3 item(s)"
    assert "National Police Service (test)" in escalation.body
    assert (
        f"/plans/{reporting_cycle.plan_id}/reporting/cycles/{reporting_cycle.pk}/"
        in escalation.body
    )
    assert sent_to(uganda_coordinator) == []

    mail.outbox.clear()
    run(DUE + datetime.timedelta(days=3))
    run(DUE + datetime.timedelta(days=4))
    assert mail.outbox == []
    run(DUE + datetime.timedelta(days=8))
    assert [m.subject for m in sent_to(reporter_a)] == ["Reporting overdue: 2 item(s)"]
    assert sent_to(kenya_coordinator) == []


def test_reminders_skip_closed_cycles(reporting_cycle, kenya_coordinator, reporter_a):
    services.cycle_close(actor=kenya_coordinator, cycle=reporting_cycle)
    run(DUE + datetime.timedelta(days=10))
    assert mail.outbox == [] and not ReminderLog.objects.exists()


def test_reminders_failed_email_is_retried_next_run(
    reporting_cycle, reporter_a, settings, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("naptrack.reporting.reminders.send_mail", broken)
    with pytest.raises(OSError):
        run(DUE - datetime.timedelta(days=2))
    assert not ReminderLog.objects.filter(recipient=reporter_a).exists()
    monkeypatch.undo()
    run(DUE - datetime.timedelta(days=2))
    assert len(sent_to(reporter_a)) == 1


def test_reminders_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reporting_reminders", "--date", "31/01/2026")


def test_reminders_task_sends_like_the_command(reporting_cycle, reporter_a):
    from django.utils import timezone

    from naptrack.reporting.tasks import send_reminders

    reporting_cycle.due_date = timezone.localdate() + datetime.timedelta(days=3)
    reporting_cycle.save()
    result = send_reminders.enqueue()
    assert result.return_value["items"]["before_due"] == 2  # B has no reporter
    assert len(sent_to(reporter_a)) == 1
