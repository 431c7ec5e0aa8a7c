"""Lists do not grow in queries with their items: measured with 1, then held at 3."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from naptrack.consultations import services
from tests.consultations.conftest import prepare


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def open_consultations(coordinator, plan, n):
    for i in range(n):
        draft = prepare(coordinator, plan, title=f"Counted consultation {i}")
        services.consultation_open(actor=coordinator, consultation=draft)


@pytest.mark.parametrize("url", [reverse("consultations:list"), "/api/v1/consultations"])
def test_consultation_list_queries_do_not_grow(
    client,
    kenya_coordinator,
    consultation_plan,
    consultation_structure,
    url,
    django_assert_num_queries,
):
    open_consultations(kenya_coordinator, consultation_plan, 1)
    one = queries_for(client, url)
    open_consultations(kenya_coordinator, consultation_plan, 2)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.text.count("Counted consultation") == 3


def add_comments(coordinator, signed_in_person, consultation, structure, n):
    """Comments on every kind of part, each answered and supported."""
    parts = [structure["1"], structure["1.1"], consultation.questions.first(), None]
    for i in range(n):
        comment = services.comment_post(
            actor=None, consultation=consultation, text=f"Counted comment {i}", part=parts[i % 4]
        )
        services.comment_support(actor=signed_in_person, comment=comment)
        services.comment_answer(
            actor=coordinator, comment=comment, outcome="partly", text="Ok", action=structure["2.1"]
        )


@pytest.mark.parametrize("kind", ["page", "api"])
def test_comment_list_queries_do_not_grow(
    client,
    kenya_coordinator,
    signed_in_person,
    consultation,
    consultation_structure,
    kind,
    django_assert_num_queries,
):
    url = reverse("consultations:detail", args=[consultation.pk])
    if kind == "api":
        url = f"/api/v1/consultations/{consultation.pk}/comments"
    add_comments(kenya_coordinator, signed_in_person, consultation, consultation_structure, 1)
    one = queries_for(client, url)
    add_comments(kenya_coordinator, signed_in_person, consultation, consultation_structure, 2)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.text.count("Counted comment") == 3


def add_records(coordinator, consultation, structure, n):
    """Facilitators' records in distinct districts, each with a point answered."""
    from tests.consultations.conftest import TODAY

    start = consultation.sessions.count()
    for i in range(start, start + n):
        session = services.session_record(
            actor=coordinator,
            consultation=consultation,
            kind="meeting",
            held_on=TODAY,
            district=f"Counted district {i}",
            language="sw",
            counts={("woman", "18_35"): 2, ("man", "60_plus"): 1},
            points=[{"text": f"Counted point {i}", "part": structure["1.1"]}],
        )
        services.comment_answer(
            actor=coordinator,
            comment=session.points.get(),
            outcome="accepted",
            text="Ok",
            action=structure["2.1"],
        )


@pytest.mark.parametrize("name", ["detail", "report_page", "sessions_api", "detail_api"])
def test_offline_records_and_report_queries_do_not_grow(
    client, kenya_coordinator, consultation, consultation_structure, name, django_assert_num_queries
):
    url = {
        "detail": reverse("consultations:detail", args=[consultation.pk]),
        "report_page": reverse("consultations:report_page", args=[consultation.pk]),
        "sessions_api": f"/api/v1/consultations/{consultation.pk}/sessions",
        "detail_api": f"/api/v1/consultations/{consultation.pk}",
    }[name]
    add_records(kenya_coordinator, consultation, consultation_structure, 1)
    one = queries_for(client, url)
    add_records(kenya_coordinator, consultation, consultation_structure, 2)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert all(f"Counted district {i}" in response.text for i in range(3))
