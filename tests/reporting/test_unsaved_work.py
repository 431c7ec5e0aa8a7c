"""Issue #14: "Add evidence" keeps what the reporter typed in the update form."""

from django.urls import reverse

from naptrack.reporting.models import ActionUpdate, Evidence
from tests.factories.people import signed_in
from tests.reporting.test_pages import form_data


def test_update_page_evidence_fields_belong_to_the_update_form(client, update_a, reporter_a):
    html = signed_in(client, reporter_a).get(update_a.get_absolute_url()).content.decode()
    assert 'id="update-form"' in html
    assert 'name="description"' in html and 'form="update-form"' in html
    add_url = reverse("reporting:evidence_add", args=[update_a.pk])
    assert f'formaction="{add_url}"' in html


def test_add_evidence_saves_the_edited_narrative_first(client, update_a, reporter_a):
    data = form_data(
        update_a,
        narrative="Forty mediators trained in two counties.",
        description="Training attendance list",
        url="https://example.org/attendance",
    )
    url = reverse("reporting:evidence_add", args=[update_a.pk])
    response = signed_in(client, reporter_a).post(url, data)
    assert response.status_code == 302
    update_a.refresh_from_db()
    assert update_a.narrative == "Forty mediators trained in two counties."
    assert Evidence.objects.get(update=update_a).description == "Training attendance list"


def test_add_evidence_with_an_unsavable_draft_keeps_the_text_and_adds_nothing(
    client, update_a, reporter_a
):
    mediators = update_a.action.indicators.get()
    data = form_data(
        update_a,
        narrative="Typed but not yet saved.",
        description="Attendance",
        url="https://example.org/attendance",
        **{f"indicator-{mediators.pk}-location": "Nairobi 12"},
    )
    url = reverse("reporting:evidence_add", args=[update_a.pk])
    response = signed_in(client, reporter_a).post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Typed but not yet saved." in html
    assert "1.1.a, line 1: write “category: number”." in html
    assert not Evidence.objects.exists()
    assert ActionUpdate.objects.get(pk=update_a.pk).narrative == ""


def test_add_evidence_from_a_stale_page_is_a_conflict_not_an_overwrite(
    client, update_a, reporter_a
):
    data = form_data(update_a, narrative="Mine", description="d", url="https://example.org/x")
    data["version"] = update_a.version + 5
    url = reverse("reporting:evidence_add", args=[update_a.pk])
    response = signed_in(client, reporter_a).post(url, data)
    assert response.status_code == 409
    assert "Mine" in response.content.decode()
    assert not Evidence.objects.exists()
