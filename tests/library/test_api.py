"""The analysis API: confirmed evidence, theme counts and prevalence; drafts and
unconfirmed suggestions never leave their scope; query counts do not grow."""

import datetime

import pytest

from naptrack.library.models import KeywordFamily
from naptrack.registry.models import Country
from tests.api.conftest import ApiClient
from tests.factories import people
from tests.factories.accounts import api_token_issue
from tests.factories.library import (
    AnalysisRunFactory,
    DocumentFactory,
    EvidenceSuggestionFactory,
    KeywordFamilyFactory,
    ThemeCountFactory,
)
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.django_db
CONFIRMED = {
    "state": "confirmed",
    "reviewed_at": datetime.datetime(2025, 3, 8, tzinfo=datetime.UTC),
}


@pytest.fixture
def climate(db):
    KeywordFamily.objects.all().delete()
    return KeywordFamilyFactory(slug="climate", name="Climate")


def analysed_document(plan, family, *, evidence=1, **document):
    document = DocumentFactory(plan=plan, **document)
    run = AnalysisRunFactory(document=document, keyword_count=12)
    ThemeCountFactory(run=run, family=family, count=3, pages=[2, 5])
    for number in range(evidence):
        EvidenceSuggestionFactory(
            document=document, run=run, page_number=2, passage=f"Budget line {number}.", **CONFIRMED
        )
    return document


def test_evidence_endpoint_lists_confirmed_evidence_only(library_kenya_plan, climate):
    document = analysed_document(library_kenya_plan, climate, title="Kenya plan text")
    EvidenceSuggestionFactory(document=document, passage="Not reviewed yet.")
    EvidenceSuggestionFactory(
        document=document,
        passage="Rejected.",
        state="rejected",
        reviewed_at=CONFIRMED["reviewed_at"],
    )
    body = ApiClient().get(f"plans/{library_kenya_plan.pk}/evidence").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert {k: item[k] for k in ("criterion", "document_title", "page", "passage", "keywords")} == {
        "criterion": "budget",
        "document_title": "Kenya plan text",
        "page": 2,
        "passage": "Budget line 0.",
        "keywords": ["budget"],
    }
    assert item["criterion_label"] == "An allocated budget"


def test_theme_endpoint_says_unknown_instead_of_zero(library_kenya_plan, climate):
    analysed_document(library_kenya_plan, climate, title="Analysed")
    DocumentFactory(plan=library_kenya_plan, title="Not analysed")
    body = ApiClient().get(f"plans/{library_kenya_plan.pk}/themes").json()
    by_title = {item["title"]: item for item in body}
    assert by_title["Analysed"]["themes"] == [
        {"family": "climate", "name": "Climate", "kind": "theme", "mentions": 3, "pages": [2, 5]}
    ]
    assert by_title["Not analysed"]["themes"] is None
    assert by_title["Not analysed"]["analysed_at"] is None


def test_analysis_endpoints_hide_drafts(library_kenya_draft, climate, kenya_coordinator):
    analysed_document(library_kenya_draft, climate)
    for token in (None, api_token_issue(people.analyst())[1]):
        client = ApiClient(token)
        assert client.get(f"plans/{library_kenya_draft.pk}/evidence").status_code == 404
        assert client.get(f"plans/{library_kenya_draft.pk}/themes").status_code == 404
        assert client.get("themes").json() == []
    mine = ApiClient(api_token_issue(kenya_coordinator)[1])
    assert mine.get(f"plans/{library_kenya_draft.pk}/evidence").json()["count"] == 1
    rows = mine.get("themes").json()
    assert [(r["family"], r["plans_analysed"], r["plans_mentioning"]) for r in rows] == [
        ("climate", 1, 1)
    ]


def test_prevalence_endpoint_by_region(climate):
    for iso3 in ("KEN", "FRA"):
        plan = ActionPlanFactory(country=Country.objects.get(iso3=iso3))
        analysed_document(plan, climate)
    rows = ApiClient().get("themes", by="region").json()
    assert {(r["label"], r["plans_mentioning"], r["plans_analysed"]) for r in rows} == {
        ("Africa", 1, 1),
        ("Europe", 1, 1),
    }
    assert ApiClient().get("themes", by="galaxy").status_code == 422


@pytest.mark.parametrize("path", ["plans/{plan}/evidence", "plans/{plan}/themes", "themes"])
def test_analysis_endpoints_query_count_does_not_grow(
    path, library_kenya_plan, climate, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = ApiClient()
    url = path.format(plan=library_kenya_plan.pk)
    analysed_document(library_kenya_plan, climate)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(2):
        analysed_document(ActionPlanFactory(country=library_kenya_plan.country), climate)
        analysed_document(library_kenya_plan, climate)
    with django_assert_num_queries(len(one)):
        body = client.get(url).json()
    if path == "themes":
        assert body[0]["plans_analysed"] == 3
    else:
        assert len(body["items"] if "items" in body else body) >= 3
