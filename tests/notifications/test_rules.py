"""Each workflow event notifies exactly the people it concerns: chosen by their roles when
the event happens, never the actor, never someone who may not see the object, and
followers of the plan's country only for public events."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.accounts.services import membership_grant
from naptrack.notifications.models import Notification
from naptrack.notifications.tasks import notify_activity
from naptrack.reporting import services as reporting
from naptrack.shadow_reports import services as shadow
from tests.factories import people
from tests.factories.accounts import OrganizationFactory
from tests.factories.people import person
from tests.notifications.conftest import mailed_to, told
from tests.shadow_reports.conftest import write_report

CONCERNED, FOLLOWING = "concerned", "following"


def test_a_granted_role_notifies_the_grantee_only(platform_admin, committed):
    grantee = person()
    with committed():
        membership_grant(actor=platform_admin, user=grantee, role=Role.ANALYST)
    assert told("membership.granted") == {grantee: CONCERNED}
    [message] = mail.outbox
    assert message.to == [grantee.email] and "Analyst" in message.subject


def test_opening_a_cycle_notifies_its_reporters_and_the_other_coordinators(
    reporting_plan,
    reporting_cycle,
    kenya_coordinator,
    co_coordinator,
    reporter_a,
    reporter_b,
    follower,
    unconcerned_people,
    committed,
):
    later = reporting.cycle_create(
        actor=kenya_coordinator,
        plan=reporting_plan,
        label="2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        due_date=datetime.date(2027, 1, 31),
    )
    with committed():
        reporting.cycle_open(actor=kenya_coordinator, cycle=later)
    assert told("reporting.cycle.opened") == {
        reporter_a: CONCERNED,
        reporter_b: CONCERNED,
        co_coordinator: CONCERNED,
        follower: FOLLOWING,  # a cycle's dates are public
    }
    assert mailed_to(kenya_coordinator) == []


def _submitted(update, reporter):
    update = reporting.update_save(
        actor=reporter, update=update, expected_version=update.version, status="on_track"
    )
    return reporting.update_submit(actor=reporter, update=update)


def test_a_submitted_update_notifies_the_plans_coordinators(
    update_a, reporter_a, reporter_b, kenya_coordinator, co_coordinator, follower, committed
):
    with committed():
        _submitted(update_a, reporter_a)
    assert told("reporting.update.submitted") == {
        kenya_coordinator: CONCERNED,
        co_coordinator: CONCERNED,
    }


def test_a_returned_update_notifies_its_agencys_reporters_only(
    update_a, reporter_a, reporter_b, kenya_coordinator, co_coordinator, follower, committed
):
    update = _submitted(update_a, reporter_a)
    with committed():
        reporting.update_return(
            actor=kenya_coordinator, update=update, comments={"narrative": "Name the districts."}
        )
    assert told("reporting.update.returned") == {reporter_a: CONCERNED}
    [message] = mail.outbox
    assert "returned with comments" in message.subject and update.get_absolute_url() in message.body


def test_an_approved_update_notifies_its_agencys_reporters_only(
    update_b, reporter_a, reporter_b, kenya_coordinator, committed
):
    update = _submitted(update_b, reporter_b)
    with committed():
        reporting.update_approve(actor=kenya_coordinator, update=update)
    assert told("reporting.update.approved") == {reporter_b: CONCERNED}


def test_a_published_report_notifies_reporters_coordinators_and_followers(
    reporting_cycle,
    kenya_coordinator,
    co_coordinator,
    reporter_a,
    reporter_b,
    follower,
    unconcerned_people,
    committed,
):
    report = reporting.report_compile(
        actor=kenya_coordinator, cycle=reporting_cycle, summary="A first year."
    )
    with committed():
        reporting.report_publish(actor=kenya_coordinator, report=report)
    assert told("reporting.report.published") == {
        co_coordinator: CONCERNED,
        reporter_a: CONCERNED,
        reporter_b: CONCERNED,
        follower: FOLLOWING,
    }


def test_drafting_a_report_notifies_nobody(
    reporting_cycle, kenya_coordinator, co_coordinator, committed
):
    with committed():
        reporting.report_compile(
            actor=kenya_coordinator, cycle=reporting_cycle, summary="Not yet public."
        )
    assert not Notification.objects.exists() and mail.outbox == []


def _published(author, plan, cso, **fields):
    report = write_report(author, plan, cso, **fields)
    report = shadow.shadow_report_submit(actor=author, report=report)
    return report


def test_a_published_shadow_report_notifies_coordinators_co_authors_and_followers(
    reporting_plan,
    notified_cso,
    notified_cso_member,
    cso_colleague,
    kenya_coordinator,
    co_coordinator,
    follower,
    unconcerned_people,
    committed,
):
    report = _published(notified_cso_member, reporting_plan, notified_cso)
    with committed():
        shadow.shadow_report_publish(actor=notified_cso_member, report=report)
    assert told("shadow.report.published") == {
        cso_colleague: CONCERNED,
        kenya_coordinator: CONCERNED,
        co_coordinator: CONCERNED,
        follower: FOLLOWING,
    }


def test_a_report_published_for_later_reaches_others_only_once_public(
    reporting_plan,
    notified_cso,
    notified_cso_member,
    cso_colleague,
    kenya_coordinator,
    follower,
    committed,
):
    report = _published(notified_cso_member, reporting_plan, notified_cso)
    with committed():
        shadow.shadow_report_publish(
            actor=notified_cso_member,
            report=report,
            publish_at=timezone.now() + datetime.timedelta(days=2),
        )
    # The immediate backend cannot wait: only who may read it now (its authors) is told.
    assert told("shadow.report.published") == {cso_colleague: CONCERNED}
    # The worker runs the deferred task on the publication date; the colleague is not
    # told twice.
    type(report).objects.filter(pk=report.pk).update(publish_at=timezone.now())
    activity = Notification.objects.get().activity
    notify_activity.call(activity.pk)
    assert told("shadow.report.published") == {
        cso_colleague: CONCERNED,
        kenya_coordinator: CONCERNED,
        follower: FOLLOWING,
    }


def test_a_deferring_backend_queues_the_task_for_the_publication_date(
    reporting_plan, notified_cso, notified_cso_member, settings, committed
):
    from django_tasks_db.models import DBTaskResult

    report = _published(notified_cso_member, reporting_plan, notified_cso)
    when = timezone.now() + datetime.timedelta(days=2)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with committed():
        shadow.shadow_report_publish(actor=notified_cso_member, report=report, publish_at=when)
    queued = DBTaskResult.objects.get(task_path="naptrack.notifications.tasks.notify_activity")
    assert abs(queued.run_after - when) < datetime.timedelta(seconds=1)
    assert not Notification.objects.exists()


def test_a_reply_notifies_the_reports_authors_and_followers(
    reporting_plan,
    notified_cso,
    notified_cso_member,
    cso_colleague,
    kenya_coordinator,
    co_coordinator,
    follower,
    committed,
):
    report = shadow.shadow_report_publish(
        actor=notified_cso_member,
        report=_published(notified_cso_member, reporting_plan, notified_cso),
    )
    with committed():
        shadow.reply_publish(actor=kenya_coordinator, report=report, text="Our answer.")
    assert told("shadow.reply.published") == {
        notified_cso_member: CONCERNED,
        cso_colleague: CONCERNED,
        follower: FOLLOWING,
    }


def test_an_invitation_notifies_the_invited_members_and_the_answer_the_authors(
    reporting_plan,
    notified_cso,
    notified_cso_member,
    cso_colleague,
    partner,
    partner_member,
    kenya_coordinator,
    follower,
    committed,
):
    with committed():
        report = write_report(
            notified_cso_member,
            reporting_plan,
            notified_cso,
            co_authors=[partner],
            title="Joint report",
        )
    assert told("shadow.invitation.invited") == {partner_member: CONCERNED}
    invitation = report.invitations.get()
    with committed():
        shadow.invitation_accept(actor=partner_member, invitation=invitation)
    assert told("shadow.invitation.accepted") == {
        notified_cso_member: CONCERNED,
        cso_colleague: CONCERNED,
    }


def test_two_invitations_at_once_tell_each_member_once(
    reporting_plan, notified_cso, notified_cso_member, partner, partner_member, kenya, committed
):
    second = OrganizationFactory(name="Kisumu Sisters (test)", kind=OrganizationKind.CSO)
    second_member = people.cso_member(second)
    with committed():
        write_report(
            notified_cso_member, reporting_plan, notified_cso, co_authors=[partner, second]
        )
    invited = Notification.objects.filter(activity__verb="shadow.invitation.invited")
    assert sorted(invited.values_list("recipient_id", flat=True)) == sorted(
        [partner_member.pk, second_member.pk]
    )


def test_a_rolled_back_event_notifies_nobody(update_a, reporter_a, committed):
    from django.db import transaction

    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        _submitted(update_a, reporter_a)
        raise RuntimeError("the request failed after the change")
    assert not Notification.objects.exists()


def test_an_inactive_person_is_not_notified(update_a, reporter_a, kenya_coordinator, committed):
    kenya_coordinator.is_active = False
    kenya_coordinator.save(update_fields=["is_active"])
    with committed():
        _submitted(update_a, reporter_a)
    assert not Notification.objects.exists()
