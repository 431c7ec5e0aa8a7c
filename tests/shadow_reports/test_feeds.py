"""Atom feeds of public shadow reports: real Atom XML, public reports of public plans only,
bylines as the public sees them (the pseudonym, never the authors)."""

import datetime
import xml.etree.ElementTree as ET

from django.urls import reverse
from django.utils import timezone

from tests.factories.people import signed_in
from tests.shadow_reports.conftest import SECRET_ORG, publish, write_report

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in ET.fromstring(response.content).iter(f"{ATOM}entry")
    ]


def test_feeds_name_the_pseudonym_and_the_named_authors(
    client, pseudonymous_report, named_report, shadow_coalition, kenya_coordinator
):
    from naptrack.shadow_reports.services import reply_publish

    reply_publish(actor=kenya_coordinator, report=named_report, text="We answer.")
    feed = entries(client.get(reverse("shadow_reports:feed")))
    by_link = {entry["link"].removeprefix("http://testserver"): entry for entry in feed}
    pseudonymous = by_link[pseudonymous_report.get_absolute_url()]
    named = by_link[named_report.get_absolute_url()]
    assert pseudonymous["author"] == "Northern Observers"
    assert SECRET_ORG not in client.get(reverse("shadow_reports:feed")).content.decode()
    assert named["author"] == shadow_coalition.name
    assert named["title"].endswith(": What we saw in 2025")
    assert named["summary"].endswith("The plan's coordinators published a reply.")
    plan_feed = reverse("shadow_reports:plan_feed", args=[named_report.plan_id])
    assert len(entries(client.get(plan_feed))) == 2


def test_feeds_wait_for_the_publication_date_and_skip_drafts(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    draft = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle, title="Not yet"
    )
    later = timezone.now() + datetime.timedelta(days=2)
    scheduled = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        title="Scheduled",
    )
    publish(shadow_coalition_member, scheduled, publish_at=later)
    assert entries(client.get(reverse("shadow_reports:feed"))) == []
    assert draft.state == "draft"


def test_plan_feed_is_public_only_even_for_the_plans_coordinator(
    client, named_report, kenya_coordinator
):
    plan = named_report.plan
    plan.publication = "draft"
    plan.save()
    url = reverse("shadow_reports:plan_feed", args=[plan.pk])
    assert signed_in(client, kenya_coordinator).get(url).status_code == 404
    assert entries(client.get(reverse("shadow_reports:feed"))) == []


def test_plan_reports_page_links_its_feed(client, named_report):
    html = client.get(
        reverse("shadow_reports:plan_reports", args=[named_report.plan_id])
    ).content.decode()
    feed = reverse("shadow_reports:plan_feed", args=[named_report.plan_id])
    assert '<link rel="alternate" type="application/atom+xml"' in html and f'href="{feed}"' in html
