"""The consultation page shows, under each part of the draft, its first comments and how
many it has, with a plain link to all of them on the report page, which pages through
them without JavaScript."""

import pytest
from django.urls import reverse

from naptrack.consultations import services, views
from tests.factories.people import signed_in


def detail(consultation) -> str:
    return reverse("consultations:detail", args=[consultation.pk])


def report(consultation) -> str:
    return reverse("consultations:report_page", args=[consultation.pk])


def post(consultation, label: str, n: int, part=None) -> list:
    return [
        services.comment_post(actor=None, consultation=consultation, text=f"{label} {i}", part=part)
        for i in range(n)
    ]


def test_each_part_shows_its_first_two_comments_and_links_to_the_rest(
    client, consultation, consultation_structure
):
    question = consultation.questions.order_by("position").first()
    post(consultation, "Objective point", 3, consultation_structure["1"])
    post(consultation, "Lone action point", 1, consultation_structure["1.2"])
    post(consultation, "Question point", 3, question)
    post(consultation, "General point", 3)
    html = client.get(detail(consultation)).content.decode()
    for label in ("Objective point", "Question point", "General point"):
        assert f"{label} 0" in html and f"{label} 1" in html and f"{label} 2" not in html
    assert "Lone action point 0" in html
    links = {
        f"?objective={consultation_structure['1'].pk}": 3,
        f"?question={question.pk}": 3,
        "?general=1": 3,
    }
    for query, total in links.items():
        assert f'href="{report(consultation)}{query}">All {total} comments' in html
    assert f"{report(consultation)}?action={consultation_structure['1.2'].pk}" not in html
    general = client.get(f"{report(consultation)}?general=1").content.decode()
    assert "General point 2" in general and "Objective point" not in general


def test_the_report_pages_through_one_part(
    client, consultation, consultation_structure, monkeypatch
):
    monkeypatch.setattr(views, "REPORT_PAGE_SIZE", 2)
    post(consultation, "Mediators point", 3, consultation_structure["1.1"])
    post(consultation, "Quota point", 1, consultation_structure["1.2"])
    query = f"action={consultation_structure['1.1'].pk}"
    first = client.get(f"{report(consultation)}?{query}").content.decode()
    assert "Mediators point 0" in first and "Mediators point 1" in first
    assert "Mediators point 2" not in first and "Quota point" not in first
    assert f'href="?{query}&amp;page=2" rel="next"' in first
    second = client.get(f"{report(consultation)}?{query}&page=2").content.decode()
    assert "Mediators point 2" in second and "Mediators point 0" not in second
    assert f'href="?{query}&amp;page=1" rel="prev"' in second


@pytest.mark.parametrize("as_moderator", [False, True])
def test_a_hidden_comment_counts_only_for_moderators(
    client, consultation, consultation_structure, moderator, as_moderator
):
    hidden, *_rest = post(consultation, "Committee point", 3, consultation_structure["1.1"])
    services.comment_hide(actor=moderator, comment=hidden, reason="Names a private person.")
    html = signed_in(client, moderator if as_moderator else None).get(detail(consultation))
    html = html.content.decode()
    if as_moderator:
        assert "Committee point 0" in html and "Committee point 2" not in html
        assert "All 3 comments" in html
    else:
        assert "Committee point 0" not in html and "Committee point 2" in html
        assert "All 3 comments" not in html
