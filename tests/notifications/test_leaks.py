"""A draft's events never reach anyone outside its authors: a unique marker in the draft's
title must appear in no notification, no email and no "My work" page of anyone else,
coordinators and followers included."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from naptrack.notifications.models import Notification
from naptrack.notifications.rules import describe
from naptrack.registry import services as registry
from naptrack.registry.choices import PlanStatus
from naptrack.shadow_reports import services as shadow
from tests.factories.notifications import FollowFactory
from tests.shadow_reports.conftest import write_report

MARKER = "ZQX-DRAFT-MARKER-7731"


def _channels_of(person, client) -> str:
    """Everything the notifications app tells this person: emails, rows, its pages. (The
    "My work" page also lists a coordinator's own draft plans: the notifications panel
    is checked there for people without a role in Kenya.)"""
    emails = [
        part
        for message in mail.outbox
        if person.email in message.to
        for part in (message.subject, message.body, *[a[0] for a in message.alternatives])
    ]
    rows = [describe(n.activity) for n in Notification.objects.filter(recipient=person)]
    client.force_login(person)
    pages = [client.get(reverse("notifications:list")).content.decode()]
    if not person.memberships.filter(country__iso3="KEN").exists():
        pages.append(client.get(reverse("accounts:dashboard")).content.decode())
    client.logout()
    return "\n".join([*emails, *rows, *pages])


def test_a_draft_plans_and_a_scheduled_shadow_reports_events_reach_no_outsider(
    client,
    kenya,
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
    FollowFactory(user=co_coordinator, country=kenya)
    with committed():
        draft_plan = registry.plan_create(
            actor=kenya_coordinator,
            owner=kenya,
            title=f"Plan {MARKER}",
            status=PlanStatus.ANNOUNCED,
        )
        registry.plan_start_drafting(actor=kenya_coordinator, plan=draft_plan)
        registry.plan_open_consultation(actor=kenya_coordinator, plan=draft_plan)
        report = write_report(
            notified_cso_member, reporting_plan, notified_cso, title=f"Report {MARKER}"
        )
        report = shadow.shadow_report_submit(actor=notified_cso_member, report=report)
        shadow.shadow_report_publish(
            actor=notified_cso_member,
            report=report,
            publish_at=timezone.now() + datetime.timedelta(days=9),
        )
    # The positive control: the co-author sees it, so the marker is in the channels.
    assert MARKER in _channels_of(cso_colleague, client)
    for person in [kenya_coordinator, co_coordinator, follower, *unconcerned_people]:
        assert MARKER not in _channels_of(person, client), person
