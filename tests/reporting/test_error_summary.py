"""Issue #14: every form's errors are summarised at the top, each linked to its field."""

import re

from tests.factories.people import person, signed_in
from tests.reporting.test_pages import form_data


def summary(html: str) -> str:
    found = re.search(r'<div class="error-summary" role="alert"[^>]*>(.*?)</div>', html, re.S)
    assert found, "no error summary on the page"
    return found.group(1)


def test_update_form_summary_links_to_the_field_in_error(client, update_a, reporter_a):
    data = form_data(update_a, spending_amount="100", spending_currency="")
    html = signed_in(client, reporter_a).post(update_a.get_absolute_url(), data).content.decode()
    text = summary(html)
    assert 'href="#id_spending_currency"' in text
    assert "Give the currency of the amount spent." in text
    assert html.index("error-summary") < html.index('id="update-form"')  # at the top


def test_update_form_summary_lists_indicator_errors_too(client, update_a, reporter_a):
    mediators = update_a.action.indicators.get()
    data = form_data(update_a, **{f"indicator-{mediators.pk}-location": "Nairobi 12"})
    html = signed_in(client, reporter_a).post(update_a.get_absolute_url(), data).content.decode()
    text = summary(html)
    assert f'href="#id_indicator-{mediators.pk}-location"' in text
    assert "1.1.a, line 1" in text


def test_lesson_form_summary_names_the_missing_field(client, db):
    client.force_login(person())
    response = client.post("/lessons/new/", {"title": "", "summary": "a", "result": "b"})
    assert response.status_code == 400
    text = summary(response.content.decode())
    assert 'href="#id_title"' in text


def test_a_valid_page_shows_no_summary(client, update_a, reporter_a):
    html = signed_in(client, reporter_a).get(update_a.get_absolute_url()).content.decode()
    assert "error-summary" not in html
