"""The shadow-report pages: what they show, the editor without JavaScript, the
side-by-side view, and query counts that do not grow with the number of reports."""

import datetime
import re

import pytest
from django.urls import reverse

from naptrack.shadow_reports.models import ShadowReport
from tests.api.conftest import ApiClient
from tests.factories.people import signed_in
from tests.shadow_reports.conftest import publish, write_report


def test_plan_reports_page_lists_published_reports_with_byline_and_scope(
    client, shadow_plan, named_report, pseudonymous_report, shadow_coalition
):
    html = client.get(
        reverse("shadow_reports:plan_reports", args=[shadow_plan.pk])
    ).content.decode()
    assert "2 published shadow reports" in html
    assert "What we saw in 2025" in html and shadow_coalition.name in html
    assert "Voices from the north" in html and "Northern Observers (pseudonym)" in html
    assert "reporting cycle 2025" in html


def test_plan_reports_page_search_matches_title_findings_and_named_authors(
    client, shadow_plan, named_report, pseudonymous_report, shadow_coalition
):
    url = reverse("shadow_reports:plan_reports", args=[shadow_plan.pk])
    html = client.get(url, {"q": "Coalition"}).content.decode()
    assert "What we saw in 2025" in html and "Voices from the north" not in html
    html = client.get(url, {"q": "nothing-like-this"}).content.decode()
    assert "No published shadow report matches these words." in html


def test_report_page_shows_findings_assessments_evidence_and_reply(
    client,
    shadow_coalition_member,
    shadow_coalition,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    kenya_coordinator,
):
    from naptrack.shadow_reports import services

    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        recommendations="Fund the desks.",
        assessments={shadow_structure["2.1"]: ("no", "not_started")},
    )
    services.EVIDENCE.add_link(
        actor=shadow_coalition_member,
        parent=report.assessments.get(),
        url="https://example.org/desks-survey",
        description="Survey of 40 police stations",
    )
    report = publish(shadow_coalition_member, report)
    services.reply_publish(
        actor=kenya_coordinator, report=report, text="Twelve desks opened in May."
    )
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Progress is slower than said." in html and "Fund the desks." in html
    assert "Disagrees with the official status" in html and "Not started" in html
    assert 'href="https://example.org/desks-survey"' in html
    assert "Survey of 40 police stations" in html
    assert "Twelve desks opened in May." in html
    assert "Reply from the coordinators of Kenya" in html


def test_side_by_side_page_highlights_divergences_with_class_and_text(
    client, shadow_plan, shadow_cycle, named_report, pseudonymous_report
):
    url = reverse("shadow_reports:side_by_side", args=[shadow_plan.pk])
    html = client.get(url, {"cycle": shadow_cycle.pk}).content.decode()
    assert 'tbody class="action diverges" id="action-11"' in html
    assert 'tbody class="action" id="action-22"' in html  # 2.2: nothing comparable
    assert html.count('<strong class="comparison comparison-diverges">Diverges</strong>') == 2
    assert html.count('<strong class="comparison comparison-agrees">Agrees</strong>') == 2
    assert "official report 2025, version 1" in html
    assert "2 agree with the official status, 2 diverge, 1 cannot be compared" in html
    assert "On track" in html and "no approved official report" in html


def _tally_rows(html: str, caption: str) -> list[list[str]]:
    import re

    table = html.split(caption, 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S)
    return [
        [
            label,
            *[
                re.sub("<[^>]+>", "", c).split()[0]
                for c in re.findall(r"<td>(.*?)</td>", cells, re.S)
            ],
        ]
        for label, cells in rows
    ]


def test_side_by_side_page_summarises_by_pillar_and_agency(
    client, shadow_plan, shadow_cycle, named_report, pseudonymous_report
):
    html = client.get(
        reverse("shadow_reports:side_by_side", args=[shadow_plan.pk])
    ).content.decode()
    assert _tally_rows(html, "Divergences by pillar") == [
        ["Participation", "2", "1", "1", "0"],
        ["Protection", "3", "1", "1", "1"],
    ]
    assert _tally_rows(html, "Divergences by responsible agency") == [
        ["Ministry of Defence (shadow test)", "4", "2", "2", "0"],
        ["National Police Service (shadow test)", "2", "1", "1", "0"],
        ["No responsible agency recorded", "1", "0", "0", "1"],
    ]


def test_side_by_side_page_unknown_cycle_is_404(client, shadow_plan, shadow_cycle):
    url = reverse("shadow_reports:side_by_side", args=[shadow_plan.pk])
    assert client.get(url, {"cycle": 999999}).status_code == 404


def test_side_by_side_of_a_draft_plan_is_404_to_the_public(client, shadow_plan, shadow_cycle):
    shadow_plan.publication = "draft"
    shadow_plan.save(update_fields=["publication"])
    assert (
        client.get(reverse("shadow_reports:side_by_side", args=[shadow_plan.pk])).status_code == 404
    )


# ---- The editor, without JavaScript -----------------------------------------------------


def test_editor_whole_journey_with_plain_forms(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    client = signed_in(client, shadow_coalition_member)
    response = client.post(
        reverse("shadow_reports:create", args=[shadow_plan.pk]),
        {
            "author": shadow_coalition.pk,
            "title": "Forms only",
            "cycle": shadow_cycle.pk,
            "publication_mode": "pseudonymous",
            "pseudonym": "Observers of the lake",
            "findings": "Slow progress.",
        },
    )
    report = ShadowReport.objects.get(title="Forms only")
    assert response["Location"] == reverse("shadow_reports:edit", args=[report.pk])
    action = shadow_structure["2.1"]
    prefix = f"a{action.pk}"
    response = client.post(
        reverse("shadow_reports:assessment_save", args=[report.pk, action.pk]),
        {
            f"{prefix}-agrees_with_official": "no",
            f"{prefix}-own_status": "not_started",
            f"{prefix}-narrative": "No desk in Turkana.",
        },
    )
    assert response["Location"].endswith(f"/edit/#action-{action.pk}")
    assessment = report.assessments.get()
    response = client.post(
        reverse("shadow_reports:evidence_add", args=[assessment.pk]),
        {
            f"e{assessment.pk}-description": "Photos",
            f"e{assessment.pk}-url": "https://example.org/p",
        },
    )
    assert assessment.evidence.get().url == "https://example.org/p"
    editor = client.get(reverse("shadow_reports:edit", args=[report.pk])).content.decode()
    assert "No desk in Turkana." in editor and "— assessed" in editor
    client.post(reverse("shadow_reports:submit", args=[report.pk]))
    when = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    response = client.post(
        reverse("shadow_reports:publish", args=[report.pk]), {"publish_at": when}
    )
    report.refresh_from_db()
    assert report.state == "published" and report.publish_at.strftime("%Y-%m-%dT%H:%M") == when
    page = client.get(report.get_absolute_url()).content.decode()
    assert "scheduled: public from" in page


def test_editor_bad_input_names_the_problem_and_writes_nothing(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    client = signed_in(client, shadow_coalition_member)
    response = client.post(
        reverse("shadow_reports:create", args=[shadow_plan.pk]),
        {
            "author": shadow_coalition.pk,
            "title": "Both",
            "cycle": shadow_cycle.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "publication_mode": "named",
        },
    )
    assert response.status_code == 400
    assert "Choose a reporting cycle or give a period, not both." in response.content.decode()
    response = client.post(
        reverse("shadow_reports:create", args=[shadow_plan.pk]),
        {
            "author": shadow_coalition.pk,
            "title": "No name",
            "cycle": shadow_cycle.pk,
            "publication_mode": "pseudonymous",
        },
    )
    assert response.status_code == 400
    assert "Choose the pseudonym to publish under." in response.content.decode()
    assert not ShadowReport.objects.exists()


def test_editor_refuses_a_hostile_file_with_a_clear_message(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        assessments={shadow_structure["1.1"]: ("no", "")},
    )
    assessment = report.assessments.get()
    client = signed_in(client, shadow_coalition_member)
    upload = SimpleUploadedFile("evil.pdf", b"<svg onload=alert(1)>")
    response = client.post(
        reverse("shadow_reports:evidence_add", args=[assessment.pk]),
        {f"e{assessment.pk}-description": "Evil", f"e{assessment.pk}-file": upload},
    )
    assert response.status_code == 400
    assert "Web pages and SVG images cannot be evidence files" in response.content.decode()
    assert not assessment.evidence.exists()


def test_publish_in_the_past_is_refused_on_the_page(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle
):
    from naptrack.shadow_reports import services

    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    services.shadow_report_submit(actor=shadow_coalition_member, report=report)
    response = signed_in(client, shadow_coalition_member).post(
        reverse("shadow_reports:publish", args=[report.pk]), {"publish_at": "2020-01-01T10:00"}
    )
    assert response.status_code == 400
    assert "The publication date cannot be in the past." in response.content.decode()
    report.refresh_from_db()
    assert report.state == "submitted"


def test_pages_have_no_inline_script_or_style(
    client, shadow_plan, shadow_cycle, named_report, shadow_coalition_member
):
    urls = [
        named_report.get_absolute_url(),
        reverse("shadow_reports:plan_reports", args=[shadow_plan.pk]),
        reverse("shadow_reports:side_by_side", args=[shadow_plan.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "style=" not in html and "<script>" not in html
    editor = signed_in(client, shadow_coalition_member).get(
        reverse("shadow_reports:create", args=[shadow_plan.pk])
    )
    assert 'for="id_title"' in editor.content.decode()


# ---- Query counts ------------------------------------------------------------------------


def _published(n, coalition_member, coalition, plan, cycle, structure):
    for i in range(n):
        report = write_report(
            coalition_member,
            plan,
            coalition,
            cycle=cycle,
            title=f"Report {i}",
            assessments={structure["1.1"]: ("no", "delayed"), structure["2.1"]: ("yes", "")},
        )
        publish(coalition_member, report)


# moderation: one more for the two-factor check moderators pass, like coordinators.
QUERIES = {"plan_reports": 5, "side_by_side": 10, "mine": 7, "moderation": 6, "api_list": 6}


@pytest.mark.parametrize("n", [1, 3])
def test_list_pages_query_counts_do_not_grow(
    client,
    django_assert_num_queries,
    shadow_coalition_member,
    shadow_coalition,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    moderator,
    n,
):
    _published(
        n, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
    )
    pages = [
        ("plan_reports", None, reverse("shadow_reports:plan_reports", args=[shadow_plan.pk])),
        ("side_by_side", None, reverse("shadow_reports:side_by_side", args=[shadow_plan.pk])),
        ("mine", shadow_coalition_member, reverse("shadow_reports:mine")),
        ("moderation", moderator, reverse("shadow_reports:moderation")),
    ]
    for name, user, url in pages:
        client.logout()
        signed_in(client, user).get(url)  # warm the session
        with django_assert_num_queries(QUERIES[name]):
            html = client.get(url).content.decode()
        # Links to reports, not to "mine" (the language switcher links to this page too).
        assert len(re.findall(r'href="/shadow-reports/(?!mine/)', html)) >= n, name


@pytest.mark.parametrize("n", [1, 3])
def test_api_list_query_count_does_not_grow(
    django_assert_num_queries,
    shadow_coalition_member,
    shadow_coalition,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
    n,
):
    _published(
        n, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
    )
    api = ApiClient()
    with django_assert_num_queries(QUERIES["api_list"]):
        body = api.get(f"plans/{shadow_plan.pk}/shadow-reports").json()
    assert body["count"] == n and len(body["items"]) == n


def test_editor_stops_reading_an_oversized_file_early_with_413(
    client,
    settings,
    shadow_coalition_member,
    shadow_coalition,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from naptrack.core.uploads import SizeLimitUploadHandler

    settings.NAPTRACK_MAX_EVIDENCE_BYTES = 20
    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        assessments={shadow_structure["1.1"]: ("no", "")},
    )
    assessment = report.assessments.get()
    upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n" + b"x" * 100)
    response = signed_in(client, shadow_coalition_member).post(
        reverse("shadow_reports:evidence_add", args=[assessment.pk]),
        {f"e{assessment.pk}-description": "Minutes", f"e{assessment.pk}-file": upload},
    )
    assert response.status_code == 413
    assert isinstance(response.wsgi_request.upload_handlers[0], SizeLimitUploadHandler)
    assert response.wsgi_request.upload_too_large > 20
    assert "larger than 20 bytes, the limit for evidence" in response.content.decode()
    assert not assessment.evidence.exists()


def test_editor_evidence_upload_still_needs_the_csrf_token(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    from django.test import Client

    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        assessments={shadow_structure["1.1"]: ("no", "")},
    )
    assessment = report.assessments.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(shadow_coalition_member)
    response = client.post(
        reverse("shadow_reports:evidence_add", args=[assessment.pk]),
        {f"e{assessment.pk}-description": "Photos", f"e{assessment.pk}-url": "https://example.org"},
    )
    assert response.status_code == 403
    assert not assessment.evidence.exists()
