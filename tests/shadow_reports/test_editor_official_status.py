"""Issue #14: the editor shows the official status it asks authors to agree with, and
chooses no answer for them."""

import re

from django.urls import reverse

from tests.factories.people import signed_in
from tests.shadow_reports.conftest import write_report


def _article(html: str, action) -> str:
    return re.search(rf'<article id="action-{action.pk}".*?</article>', html, re.S).group(0)


def test_editor_shows_each_actions_official_status(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    html = (
        signed_in(client, shadow_coalition_member)
        .get(reverse("shadow_reports:edit", args=[report.pk]))
        .text
    )
    assert "published official report for 2025 (version 1)" in html
    first = _article(html, shadow_structure["1.1"])
    assert "Official status:</strong> On track" in first
    second = _article(html, shadow_structure["2.1"])
    assert "Official status:</strong> Delayed" in second


def test_editor_preselects_no_agreement(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    html = (
        signed_in(client, shadow_coalition_member)
        .get(reverse("shadow_reports:edit", args=[report.pk]))
        .text
    )
    select = re.search(r'<select name="a\d+-agrees_with_official".*?</select>', html, re.S).group(0)
    assert "selected" not in select.replace('<option value="" selected>', "")
    assert '<option value="" selected>Choose an answer</option>' in select


def test_saving_without_an_answer_is_refused_by_name(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, cycle=shadow_cycle
    )
    action = shadow_structure["2.1"]
    response = signed_in(client, shadow_coalition_member).post(
        reverse("shadow_reports:assessment_save", args=[report.pk, action.pk]),
        {f"a{action.pk}-agrees_with_official": "", f"a{action.pk}-narrative": "Kept"},
    )
    assert response.status_code == 400
    assert f'href="#id_a{action.pk}-agrees_with_official"' in response.text
    assert not report.assessments.exists()


def test_editor_without_an_official_report_says_so(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, shadow_structure
):
    report = write_report(shadow_coalition_member, shadow_plan, shadow_coalition)
    html = (
        signed_in(client, shadow_coalition_member)
        .get(reverse("shadow_reports:edit", args=[report.pk]))
        .text
    )
    assert "No official report has been published for this plan yet" in html
    assert 'Official status:</strong> <span class="unknown">none published</span>' in html
