"""Atom feeds of published official reports: real Atom XML, public content only, the
same for every requester (feed readers share subscriptions)."""

import xml.etree.ElementTree as ET

from django.urls import reverse

from naptrack.reporting import services
from tests.factories.people import signed_in
from tests.reporting.outputs_fixtures import SUMMARY

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_global_feed_lists_a_published_report(client, reporting_published):
    [entry] = entries(client.get(reverse("reporting:feed")))
    assert entry["title"] == "Kenya reporting test plan: official report 2025, version 1"
    assert entry["link"].endswith(reporting_published.get_absolute_url())
    assert entry["summary"] == SUMMARY and entry["author"] == "Kenya"


def test_plan_feed_shows_a_correction_and_keeps_the_first_version(
    client, reporting_published, kenya_coordinator
):
    correction = services.report_correct(
        actor=kenya_coordinator, report=reporting_published, note="Fixed the spending."
    )
    plan_feed = reverse("reporting:plan_feed", args=[reporting_published.cycle.plan_id])
    assert len(entries(client.get(plan_feed))) == 1  # the correction is still a draft
    services.report_compile(
        actor=kenya_coordinator, cycle=reporting_published.cycle, summary="Corrected."
    )
    services.report_publish(actor=kenya_coordinator, report=correction)
    newest, first = entries(client.get(plan_feed))
    assert newest["title"].endswith("version 2 (a correction)")
    assert newest["summary"] == "Corrects version 1: Fixed the spending."
    assert first["link"].endswith(reporting_published.get_absolute_url())


def test_feeds_never_show_drafts_or_unpublished_plans(
    client, reporting_cycle, kenya_coordinator, reporting_plan
):
    services.report_compile(
        actor=kenya_coordinator, cycle=reporting_cycle, summary="Secret draft summary."
    )
    plan_feed = reverse("reporting:plan_feed", args=[reporting_plan.pk])
    assert entries(client.get(plan_feed)) == []
    reporting_plan.publication = "draft"
    reporting_plan.save()
    # Even the plan's own coordinator gets no feed of a draft plan: feeds are public only.
    assert signed_in(client, kenya_coordinator).get(plan_feed).status_code == 404
    assert "Secret draft" not in client.get(reverse("reporting:feed")).content.decode()


def test_feed_of_a_synthetic_plan_is_not_found(client, reporting_published):
    plan = reporting_published.cycle.plan
    plan.origin = "synthetic"
    plan.save()
    assert client.get(reverse("reporting:plan_feed", args=[plan.pk])).status_code == 404
    assert entries(client.get(reverse("reporting:feed"))) == []


def test_reports_page_links_its_feed(client, reporting_published):
    plan_id = reporting_published.cycle.plan_id
    html = client.get(reverse("reporting:reports", args=[plan_id])).content.decode()
    feed = reverse("reporting:plan_feed", args=[plan_id])
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed}"' in html
