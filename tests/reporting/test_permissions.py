"""Who may see and change what, in every channel: pages, API, downloads, lists.

A reporter of agency A can neither see nor change agency B's updates; a coordinator of
another country touches nothing of this plan's cycle; nobody outside sees an update or a
report before it is published."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from naptrack.reporting import services
from naptrack.reporting.models import ActionUpdate, OfficialReport
from tests.api.conftest import ApiClient, client_for
from tests.factories.people import OUTSIDERS, outsider, signed_in

SECRET = "Secret draft narrative of agency B"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def b_draft(update_b, reporter_b):
    services.update_save(
        actor=reporter_b, update=update_b, expected_version=1, status="delayed", narrative=SECRET
    )
    evidence = services.EVIDENCE.add_file(
        actor=reporter_b,
        parent=update_b,
        upload=SimpleUploadedFile("desks.pdf", PDF),
        description="Desk inventory",
    )
    update_b.refresh_from_db()
    return update_b, evidence


def api_for(user):
    return client_for(user) if user is not None else ApiClient()


# ---- Agency A against agency B -----------------------------------------------------------


def test_reporter_of_a_cannot_see_b_on_pages(client, b_draft, reporter_a):
    update_b, evidence = b_draft
    client = signed_in(client, reporter_a)
    assert client.get(update_b.get_absolute_url()).status_code == 404
    mine = client.get(reverse("reporting:mine")).content.decode()
    assert SECRET not in mine and update_b.get_absolute_url() not in mine
    assert "Open gender desks" in mine  # A's own supporting update on the same action
    assert client.get(reverse("reporting:evidence_file", args=[evidence.pk])).status_code == 404


def test_reporter_of_a_cannot_change_b_on_pages(client, b_draft, reporter_a):
    update_b, evidence = b_draft
    client = signed_in(client, reporter_a)
    data = {"version": update_b.version, "narrative": "Overwritten by A", "intent": "submit"}
    assert client.post(update_b.get_absolute_url(), data).status_code == 404
    url = reverse("reporting:evidence_add", args=[update_b.pk])
    assert client.post(url, {"description": "x", "url": "https://e.org"}).status_code == 404
    url = reverse("reporting:evidence_remove", args=[evidence.pk])
    assert client.post(url).status_code == 404
    update_b.refresh_from_db()
    assert (update_b.narrative, update_b.state, update_b.evidence.count()) == (SECRET, "draft", 1)


def test_reporter_of_a_cannot_see_or_change_b_through_the_api(b_draft, reporter_a):
    update_b, _ = b_draft
    api = client_for(reporter_a)
    listed = api.get("reporting/updates").json()["items"]
    assert update_b.pk not in [u["id"] for u in listed] and len(listed) == 2
    assert api.get(f"reporting/updates/{update_b.pk}").status_code == 404
    response = api.patch(f"reporting/updates/{update_b.pk}", {"version": 2, "narrative": "A"})
    assert response.status_code == 404
    assert api.post(f"reporting/updates/{update_b.pk}/submit", {"version": 2}).status_code == 404
    assert ActionUpdate.objects.get(pk=update_b.pk).narrative == SECRET


def test_reporter_cannot_review_even_their_own_update(client, update_a, reporter_a):
    services.update_save(actor=reporter_a, update=update_a, expected_version=1, status="on_track")
    services.update_submit(actor=reporter_a, update=update_a)
    url = reverse("reporting:review", args=[update_a.cycle.plan_id, update_a.cycle_id, update_a.pk])
    assert signed_in(client, reporter_a).post(url, {"decision": "approve"}).status_code == 403
    assert (
        client_for(reporter_a).post(f"reporting/updates/{update_a.pk}/approve").status_code == 403
    )
    assert ActionUpdate.objects.get(pk=update_a.pk).state == "submitted"


# ---- Another country's coordinator ---------------------------------------------------------


def test_other_country_coordinator_cannot_touch_the_cycle(
    client, reporting_cycle, b_draft, uganda_coordinator
):
    update_b, evidence = b_draft
    client = signed_in(client, uganda_coordinator)
    plan_id = reporting_cycle.plan_id
    assert client.get(reverse("reporting:plan", args=[plan_id])).status_code == 403
    assert client.get(reporting_cycle.get_absolute_url()).status_code == 403
    assert (
        client.post(
            reverse("reporting:cycle_close", args=[plan_id, reporting_cycle.pk])
        ).status_code
        == 403
    )
    review = reverse("reporting:review", args=[plan_id, reporting_cycle.pk, update_b.pk])
    assert client.post(review, {"decision": "return", "comment_general": "x"}).status_code == 403
    compile_url = reverse("reporting:report_compile", args=[plan_id, reporting_cycle.pk])
    assert client.post(compile_url, {"summary": "Hijack"}).status_code == 403
    assert client.get(update_b.get_absolute_url()).status_code == 404
    assert client.get(reverse("reporting:evidence_file", args=[evidence.pk])).status_code == 404
    api = client_for(uganda_coordinator)
    assert api.get(f"reporting/updates/{update_b.pk}").status_code == 404
    assert (
        api.post(
            f"reporting/updates/{update_b.pk}/return", {"comments": {"general": "x"}}
        ).status_code
        == 404
    )
    assert (
        api.post(f"plans/{plan_id}/reporting-cycles/{reporting_cycle.pk}/close").status_code == 403
    )
    assert (
        api.post(
            f"plans/{plan_id}/reporting-cycles/{reporting_cycle.pk}/reports", {"summary": "x"}
        ).status_code
        == 403
    )
    assert api.get("reporting/updates").json()["count"] == 0
    reporting_cycle.refresh_from_db()
    assert reporting_cycle.state == "open" and not OfficialReport.objects.exists()


# ---- Everyone outside: nothing unpublished leaks --------------------------------------------


@pytest.mark.parametrize("kind", [k for k in OUTSIDERS if k != "other_country_coordinator"])
def test_outsiders_see_no_update_and_no_draft_report(
    client, kind, reporting_cycle, b_draft, kenya_coordinator
):
    update_b, evidence = b_draft
    services.update_submit(actor=update_b.agency.memberships.first().user, update=update_b)
    services.update_approve(actor=kenya_coordinator, update=update_b)
    services.report_compile(
        actor=kenya_coordinator, cycle=reporting_cycle, summary="Draft summary, unpublished"
    )
    user = outsider(kind)
    client = signed_in(client, user)
    pages = [
        update_b.get_absolute_url(),
        reverse("reporting:report", args=[reporting_cycle.plan_id, reporting_cycle.pk, 1]),
        reverse("reporting:report_latest", args=[reporting_cycle.plan_id, reporting_cycle.pk]),
        reverse("reporting:evidence_file", args=[evidence.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert SECRET.encode() not in response.content
    listing = client.get(
        reverse("reporting:reports", args=[reporting_cycle.plan_id])
    ).content.decode()
    assert "not published yet" in listing and "version 1" not in listing
    assert "Draft summary" not in listing
    api = api_for(user)
    assert api.get(f"reporting/updates/{update_b.pk}").status_code == 404
    assert api.get("reporting/updates").json()["count"] == 0
    assert api.get(f"plans/{reporting_cycle.plan_id}/reports").json()["count"] == 0
    assert (
        api.get(
            f"plans/{reporting_cycle.plan_id}/reporting-cycles/{reporting_cycle.pk}/reports/1"
        ).status_code
        == 404
    )
    assert (
        api.get(f"plans/{reporting_cycle.plan_id}/reporting-cycles/{reporting_cycle.pk}").json()[
            "published_versions"
        ]
        == []
    )


def test_published_report_and_its_evidence_are_public(
    client, reporting_cycle, b_draft, reporter_b, kenya_coordinator
):
    update_b, evidence = b_draft
    services.update_submit(actor=reporter_b, update=update_b)
    services.update_approve(actor=kenya_coordinator, update=update_b)
    report = services.report_compile(
        actor=kenya_coordinator, cycle=reporting_cycle, summary="Published summary"
    )
    services.report_publish(actor=kenya_coordinator, report=report)
    html = client.get(report.get_absolute_url()).content.decode()
    assert SECRET in html and "Published summary" in html
    response = client.get(reverse("reporting:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="desks.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_draft_plan_cycles_are_invisible_to_outsiders(
    client, reporting_plan, kenya_coordinator, reporting_structure
):
    import datetime

    cycle = services.cycle_create(
        actor=kenya_coordinator,
        plan=reporting_plan,
        label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
    )
    reporting_plan.publication = "draft"
    reporting_plan.save()
    assert client.get(reverse("reporting:reports", args=[reporting_plan.pk])).status_code == 404
    assert ApiClient().get(f"plans/{reporting_plan.pk}/reporting-cycles").status_code == 404
    assert (
        ApiClient().get(f"plans/{reporting_plan.pk}/reporting-cycles/{cycle.pk}").status_code == 404
    )


def test_anonymous_is_sent_to_sign_in_for_my_reporting(client, db):
    response = client.get(reverse("reporting:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
