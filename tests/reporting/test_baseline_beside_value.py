"""Issue #14: reporters and reviewers see each indicator's baseline and target beside the
value they enter or check."""

import re
from datetime import date

from django.urls import reverse

from naptrack.reporting import services
from naptrack.reporting.services import ValueInput
from tests.factories.people import signed_in


def _with_baseline(update):
    mediators = update.action.indicators.get()
    mediators.baseline_value = 12
    mediators.baseline_date = date(2024, 1, 1)
    mediators.save()
    return mediators


def test_update_form_shows_baseline_and_target_beside_the_value(client, update_a, reporter_a):
    mediators = _with_baseline(update_a)
    html = signed_in(client, reporter_a).get(update_a.get_absolute_url()).text
    fieldset = re.search(rf'id="indicator-{mediators.pk}">(.*?)</fieldset>', html, re.S).group(1)
    assert "Baseline: 12 (2024-01-01)" in fieldset
    assert "Target: 50 (2025)" in fieldset
    assert fieldset.index("Baseline:") < fieldset.index(f'name="indicator-{mediators.pk}-value"')


def test_update_form_says_unknown_when_there_is_no_baseline(client, update_b, reporter_b):
    html = signed_in(client, reporter_b).get(update_b.get_absolute_url()).text
    assert 'Baseline: <span class="unknown">unknown</span>' in html
    assert 'Target: <span class="unknown">none set</span>' in html


def test_review_page_shows_baseline_and_target_beside_the_reported_value(
    client, update_a, reporter_a, kenya_coordinator
):
    mediators = _with_baseline(update_a)
    services.update_save(
        actor=reporter_a,
        update=update_a,
        expected_version=update_a.version,
        status="on_track",
        indicator_values=[ValueInput(indicator_id=mediators.pk, value=20)],
    )
    update_a.refresh_from_db()
    services.update_submit(actor=reporter_a, update=update_a)
    url = reverse("reporting:review", args=[update_a.cycle.plan_id, update_a.cycle_id, update_a.pk])
    html = signed_in(client, kenya_coordinator).get(url).text
    row = re.search(r"<td>1\.1\.a Women mediators trained.*?</tr>", html, re.S).group(0)
    assert "20" in row and "Baseline: 12 (2024-01-01)" in row and "Target: 50 (2025)" in row
