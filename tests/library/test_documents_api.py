"""The library's document and search endpoints: the same visibility as the pages. A
private document (a draft plan's, another owner's) is 404 on every path, exactly like a
missing one, and never appears in a list, a count or a search."""

import pytest
from django.test import Client

from naptrack.accounts.choices import Role
from naptrack.core.models import Activity
from naptrack.library.models import Document
from naptrack.registry.models import Country
from tests.api.conftest import ApiClient, client_for
from tests.factories import people
from tests.factories.accounts import api_token_issue
from tests.factories.people import person
from tests.library.builders import text_pdf

pytestmark = pytest.mark.django_db
SECRET = "Zanzibarite secret clause"


@pytest.fixture
def public_document(ingest):
    return ingest("public.pdf", text_pdf(["Women mediators in every peace talk.", "Page two."]))


@pytest.fixture
def private_document(ingest, library_kenya_draft):
    return ingest("draft.pdf", text_pdf([f"{SECRET} of the draft."]), plan=library_kenya_draft)


@pytest.fixture
def document_outsiders(db):
    uganda = Country.objects.get(iso3="UGA")
    return {
        "anonymous": ApiClient(),
        "other coordinator": client_for(people.coordinator_of(uganda)),
        "cso member": client_for(person(Role.CSO_MEMBER)),
        "analyst": client_for(people.analyst()),
    }


def test_document_detail_status_and_pages(public_document):
    api = ApiClient()
    detail = api.get(f"documents/{public_document.pk}").json()
    assert detail["title"] == "public.pdf" and detail["status"] == "done"
    assert detail["plan_id"] == public_document.plan_id
    assert detail["download_url"] == f"/documents/{public_document.pk}/original/"
    status = api.get(f"documents/{public_document.pk}/status").json()
    assert (status["pages_total"], status["percent_done"], status["error"]) == (2, 100, None)
    pages = api.get(f"documents/{public_document.pk}/pages").json()
    assert pages["count"] == 2
    assert "Women mediators" in pages["items"][0]["text"]
    assert pages["items"][1]["url"] == f"/documents/{public_document.pk}/pages/2/"


def test_document_list_by_plan_and_all(public_document, private_document, library_kenya_plan):
    api = ApiClient()
    by_plan = api.get("documents", plan=library_kenya_plan.pk).json()
    assert [d["id"] for d in by_plan["items"]] == [public_document.pk]
    everything = api.get("documents").json()
    assert public_document.pk in [d["id"] for d in everything["items"]]
    assert private_document.pk not in [d["id"] for d in everything["items"]]


@pytest.mark.parametrize("who", ["anonymous", "other coordinator", "cso member", "analyst"])
def test_private_document_is_a_404_like_a_missing_one_on_every_path(
    private_document, document_outsiders, who
):
    api = document_outsiders[who]
    missing = Document.objects.order_by("-pk").first().pk + 1000
    for suffix in ("", "/status", "/pages"):
        hidden = api.get(f"documents/{private_document.pk}{suffix}")
        absent = api.get(f"documents/{missing}{suffix}")
        assert hidden.status_code == absent.status_code == 404, suffix
        assert hidden.json() == absent.json(), suffix
    listed = api.get("documents").json()
    assert private_document.pk not in [d["id"] for d in listed["items"]]
    by_plan = api.get("documents", plan=private_document.plan_id)
    assert by_plan.status_code == 404
    assert by_plan.json() == api.get("documents", plan=10**9).json()
    found = api.get("search", q="Zanzibarite").json()
    assert found["total"] == 0 and SECRET not in str(found)


def test_the_drafts_coordinator_sees_it_everywhere(private_document, kenya_coordinator):
    api = client_for(kenya_coordinator)
    assert api.get(f"documents/{private_document.pk}").status_code == 200
    assert api.get(f"documents/{private_document.pk}/pages").json()["count"] == 1
    assert api.get("search", q="Zanzibarite").json()["total"] == 1


def test_search_gives_hits_and_facets_like_the_page(public_document):
    body = ApiClient().get("search", q="mediators").json()
    assert body["total"] == 1
    hit = body["hits"][0]
    assert (hit["document_id"], hit["page_number"]) == (public_document.pk, 1)
    assert "<mark>" in hit["snippet"]
    assert body["facets"]["country"][0]["value"] == "KEN"
    assert body["facets"]["language"][0] == {
        "value": "en",
        "label": "English",
        "count": 1,
        "selected": False,
    }
    filtered = ApiClient().get("search", q="mediators", country="uga").json()
    assert filtered["total"] == 0


def test_search_says_why_an_empty_query_searched_nothing(db):
    body = ApiClient().get("search", q="-mediators").json()
    assert body["total"] == 0 and body["error"] == "Type at least one word to look for."
    assert ApiClient().get("search", year=99).status_code == 422


def upload(user, **fields):
    token = api_token_issue(user)[1]
    data = {"title": "Uploaded by API", "language": "en", "kind": "plan", **fields}
    data.setdefault("file", _pdf())
    return Client().post("/api/v1/documents", data, headers={"Authorization": f"Bearer {token}"})


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("api.pdf", text_pdf(["Uploaded through the API."]), "application/pdf")


def test_coordinator_uploads_to_their_plan_and_it_is_audited(library_kenya_plan, kenya_coordinator):
    response = upload(kenya_coordinator, plan=library_kenya_plan.pk)
    assert response.status_code == 201
    body = response.json()
    assert (body["plan_id"], body["status"], body["title"]) == (
        library_kenya_plan.pk,
        "done",
        "Uploaded by API",
    )
    row = Activity.objects.get(verb="document.uploaded", target_id=body["id"])
    assert row.channel == "api"


def test_upload_refusals(
    library_kenya_plan, library_kenya_draft, document_outsiders, platform_admin
):
    uganda = people.coordinator_of("UGA")
    assert (
        upload(uganda, plan=library_kenya_plan.pk).status_code == 403
    )  # sees it, may not change it
    hidden, missing = upload(uganda, plan=library_kenya_draft.pk), upload(uganda, plan=10**9)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert upload(uganda).status_code == 403  # the library: platform admins only
    assert upload(platform_admin).status_code == 201
    assert Client().post("/api/v1/documents", {"title": "x"}).status_code == 401
    before = Document.objects.count()
    bad = upload(platform_admin, file=_text_as_pdf())
    assert bad.status_code == 422
    assert bad.json()["error"]["message"]
    assert Document.objects.count() == before  # nothing half-written


def _text_as_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fake.pdf", b"\x00\x01 not a document at all", "application/pdf")


@pytest.mark.parametrize("path", ["documents", "pages"])
def test_document_lists_do_not_grow_in_queries(library_kenya_plan, path, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.library import DocumentFactory, DocumentPageFactory

    document = DocumentFactory(plan=library_kenya_plan, pages_total=3, pages_done=3)
    url = f"documents/{document.pk}/pages" if path == "pages" else "documents"
    DocumentPageFactory(document=document, number=1)
    with CaptureQueriesContext(connection) as one:
        ApiClient().get(url, plan=library_kenya_plan.pk)
    for number in (2, 3):
        DocumentPageFactory(document=document, number=number)
        DocumentFactory(plan=library_kenya_plan)
    with django_assert_num_queries(len(one)):
        body = ApiClient().get(url, plan=library_kenya_plan.pk).json()
    assert body["count"] == 3
