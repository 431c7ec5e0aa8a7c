"""Library pages: upload, progress, pages, the original file, search; who may do what."""

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.accounts.choices import Role
from naptrack.library.choices import IngestionStatus
from naptrack.library.models import Document
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.library import (
    DocumentFactory,
    DocumentPageFactory,
    DocumentTableFactory,
    SearchEntryFactory,
)
from tests.factories.people import person
from tests.library.builders import ELF, table_pdf, text_pdf, upload

pytestmark = pytest.mark.django_db


def upload_form(name: str, data: bytes, **fields) -> dict:
    return {
        "title": "Synthetic national action plan",
        "kind": "plan",
        "language": "en",
        "year": "2022",
        "file": upload(name, data),
        **fields,
    }


def stored_files() -> list[str]:
    return default_storage.listdir("library")[1] if default_storage.exists("library") else []


# Upload ---------------------------------------------------------------------------


def test_upload_page_keeps_the_file_and_shows_it_read(
    client, kenya_coordinator, library_kenya_plan
):
    client.force_login(kenya_coordinator)
    url = f"/plans/{library_kenya_plan.pk}/documents/upload/"
    form_page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form_page and 'name="language"' in form_page
    response = client.post(url, upload_form("nap.pdf", text_pdf(["First page", "Second page"])))
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert (document.plan, document.language, document.year) == (library_kenya_plan, "en", 2022)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "2 pages read." in page
    assert f'href="/documents/{document.pk}/pages/2/"' in page
    assert "nap.pdf" in page and document.sha256 in page


def test_upload_page_names_what_is_wrong_with_an_executable(
    client, kenya_coordinator, library_kenya_plan
):
    client.force_login(kenya_coordinator)
    url = f"/plans/{library_kenya_plan.pk}/documents/upload/"
    response = client.post(url, upload_form("nap.pdf", ELF))
    page = response.content.decode()
    assert response.status_code == 400  # the form again, with the reason, as an error
    assert "The document was not saved" in page
    assert "it is a program (an ELF executable), not a document" in page
    assert not Document.objects.exists() and stored_files() == []


def test_upload_page_stops_reading_an_oversized_file(
    client, kenya_coordinator, library_kenya_plan, settings
):
    settings.NAPTRACK_MAX_UPLOAD_BYTES = 2000
    client.force_login(kenya_coordinator)
    data = text_pdf(["x" * 80] * 30)
    assert len(data) > 2000
    response = client.post(
        f"/plans/{library_kenya_plan.pk}/documents/upload/", upload_form("big.pdf", data)
    )
    page = response.content.decode()
    assert response.status_code == 413
    assert "the limit is 2000 bytes" in page
    assert 'value="Synthetic national action plan"' in page  # the other fields survive
    assert not Document.objects.exists() and stored_files() == []


def test_htmx_upload_refusal_is_an_error_status_htmx_still_swaps(
    client, kenya_coordinator, library_kenya_plan
):
    """htmx 2 swaps no 4xx by default: base.html's htmx-config swaps 400/409/413/422, so
    a refusal shows its reason while the status still says it failed."""
    client.force_login(kenya_coordinator)
    url = f"/plans/{library_kenya_plan.pk}/documents/upload/"
    response = client.post(url, upload_form("nap.pdf", ELF), headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "not a document" in response.content.decode()
    config = client.get(url).content.decode()
    assert '{"code": "(400|409|413|422)", "swap": true, "error": false}' in config


def test_upload_page_requires_a_known_language(client, kenya_coordinator, library_kenya_plan):
    client.force_login(kenya_coordinator)
    data = upload_form("nap.txt", b"words", language="xx")
    response = client.post(f"/plans/{library_kenya_plan.pk}/documents/upload/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice. xx is not one of the available choices." in page
    assert not Document.objects.exists()


OUTSIDERS = {
    "analyst": lambda: people.analyst(),
    "uganda_coordinator": lambda: person(
        Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="UGA")
    ),
    "platform_admin": lambda: people.platform_admin(),
}


@pytest.mark.parametrize("who", ["anonymous", *OUTSIDERS])
def test_plan_upload_is_refused_to_outsiders(client, who, library_kenya_plan, library_kenya_draft):
    if who != "anonymous":
        client.force_login(OUTSIDERS[who]())
    for plan, refusal in ((library_kenya_plan, 403), (library_kenya_draft, 404)):
        url = f"/plans/{plan.pk}/documents/upload/"
        for response in (client.get(url), client.post(url, upload_form("x.txt", b"planted"))):
            if who == "anonymous":
                assert response.status_code == 302 and "/accounts/login/" in response["Location"]
            else:
                assert response.status_code == refusal
    assert not Document.objects.exists() and stored_files() == []


def test_library_upload_is_for_platform_admins_only(client, platform_admin, kenya_coordinator):
    client.force_login(kenya_coordinator)
    assert client.post("/library/upload/", upload_form("x.txt", b"planted")).status_code == 403
    assert not Document.objects.exists()
    client.force_login(platform_admin)
    response = client.post("/library/upload/", upload_form("study.txt", b"A study", kind="other"))
    document = Document.objects.get()
    assert response["Location"] == document.get_absolute_url()
    assert document.plan is None and document.status == IngestionStatus.DONE
    assert f'<a href="/documents/{document.pk}/">Synthetic national action plan</a>' in (
        client.get("/library/").content.decode()
    )


# Reading a document ---------------------------------------------------------------


def test_draft_plan_documents_are_hidden_from_everyone_outside_its_scope(
    client, ingest, library_kenya_draft, kenya_coordinator
):
    document = ingest("draft.pdf", text_pdf(["Draft text"]), plan=library_kenya_draft)
    urls = [
        document.get_absolute_url(),
        f"/documents/{document.pk}/status/",
        f"/documents/{document.pk}/original/",
        f"/documents/{document.pk}/pages/1/",
        f"/plans/{library_kenya_draft.pk}/documents/",
    ]
    for who in ["anonymous", *OUTSIDERS]:
        client.logout()
        if who != "anonymous":
            client.force_login(OUTSIDERS[who]())
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
    client.force_login(kenya_coordinator)
    assert "Draft text" in client.get(f"/documents/{document.pk}/pages/1/").content.decode()


def test_failed_document_is_shown_only_to_its_coordinators(
    client, ingest, kenya_coordinator, settings
):
    settings.NAPTRACK_MAX_PDF_PAGES = 1
    document = ingest("long.pdf", text_pdf(["one", "two"]))
    assert document.status == IngestionStatus.FAILED
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(kenya_coordinator)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "The PDF has 2 pages; the limit is 1" in page
    assert f'action="/documents/{document.pk}/retry/"' in page


def test_retry_reads_a_failed_document_again(client, ingest, kenya_coordinator, settings):
    settings.NAPTRACK_MAX_PDF_PAGES = 1
    document = ingest("long.pdf", text_pdf(["one", "two"]))
    settings.NAPTRACK_MAX_PDF_PAGES = 10
    other = people.coordinator_of("UGA")
    client.force_login(other)
    assert client.post(f"/documents/{document.pk}/retry/").status_code == 404
    document.refresh_from_db()
    assert document.status == IngestionStatus.FAILED
    client.force_login(kenya_coordinator)
    response = client.post(f"/documents/{document.pk}/retry/")
    assert response["Location"] == document.get_absolute_url()
    document.refresh_from_db()
    assert document.status == IngestionStatus.DONE and document.pages.count() == 2


def test_status_fragment_polls_while_reading_and_refreshes_when_done(
    client, library_kenya_plan, kenya_coordinator
):
    document = DocumentFactory(
        plan=library_kenya_plan, status=IngestionStatus.RUNNING, pages_total=3, pages_done=1
    )
    client.force_login(kenya_coordinator)
    fragment = client.get(f"/documents/{document.pk}/status/", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section id="ingestion-status"')
    assert 'hx-trigger="every 2s"' in html and "page 1 of 3" in html
    assert '<progress max="3" value="1">' in html
    assert "Refresh to see progress" in html  # the way without JavaScript
    assert "<html" not in html
    document.status, document.pages_done = IngestionStatus.DONE, 3
    document.save()
    done = client.get(f"/documents/{document.pk}/status/?polling=1", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    full = client.get(document.get_absolute_url()).content.decode()
    assert "hx-trigger" not in full and "3 pages read." in full


def test_original_is_always_a_download(client, ingest):
    html = b"<!doctype html><html><body><script>alert(1)</script><p>Plan</p></body></html>"
    document = ingest("plan.html", html)
    response = client.get(f"/documents/{document.pk}/original/")
    assert response["Content-Disposition"] == 'attachment; filename="plan.html"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == html


def test_page_view_shows_text_and_tables(client, ingest):
    rows = [["Action", "Indicator"], ["Train mediators", "Mediators trained"]]
    document = ingest("matrix.pdf", table_pdf(rows))
    page = client.get(f"/documents/{document.pk}/pages/1/").content.decode()
    assert "<caption>Table 1 on this page (as extracted)</caption>" in page
    assert "<td>Train mediators</td><td>Mediators trained</td>" in page
    assert client.get(f"/documents/{document.pk}/pages/2/").status_code == 404


# Search page ----------------------------------------------------------------------


def test_search_page_works_without_javascript(client, ingest, library_kenya_draft):
    ingest("kenya.txt", "Zephyrine sécurité for villages.".encode(), year=2021)
    ingest("draft.txt", b"Zephyrine secret draft.", plan=library_kenya_draft)
    page = client.get("/search/", {"q": "securite"}).content.decode()
    assert "1 result" in page
    assert "<mark>sécurité</mark>" in page
    assert 'href="?q=securite&amp;country=KEN"' in page
    assert "Page 1" in page
    narrowed = client.get("/search/", {"q": "zephyrine", "country": "KEN"}).content.decode()
    assert "1 result" in narrowed and "draft.txt" not in narrowed
    assert 'href="?q=zephyrine"' in narrowed  # removes the country filter
    assert "<script" not in narrowed.split("<main")[1]


def test_search_page_says_more_than_and_whose_counts_past_the_count_limit(
    client, ingest, monkeypatch
):
    from naptrack.library import search

    ingest("kenya.txt", "\f".join(["Zephyrine page."] * 3).encode(), year=2021)
    exact = client.get("/search/", {"q": "zephyrine"}).content.decode()
    assert "3 results" in exact and "most recently added" not in exact
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    page = client.get("/search/", {"q": "zephyrine"}).content.decode()
    assert "More than 2 results" in page and "3 results" not in page
    assert "Only the 2 most recently added are ranked and counted" in page
    assert "Counts from the 2 most recently added results." in page
    assert '<span class="count">(2)</span>' in page


def test_search_page_explains_an_empty_query(client):
    page = client.get("/search/", {"q": "-only"}).content.decode()
    assert "Type at least one word to look for." in page


# Query counts ---------------------------------------------------------------------


def make_documents(plan, count: int, word: str = "zephyrine"):
    for _ in range(count):
        document = DocumentFactory(plan=plan, year=2020)
        DocumentPageFactory(document=document, number=1, text=f"{word} text")
        DocumentTableFactory(document=document)
        SearchEntryFactory(document=document, page_number=1, body=f"{word} text", year=2020)


def queries_for(get) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = get()
    assert response.status_code == 200
    return len(captured)


LIST_PAGES = {
    "/plans/{plan}/documents/": "3 documents",
    "/library/": "3 documents",
    "/search/?q=zephyrine": "3 results",
    "/search/?q=zephyrine&year=2020&country=KEN": "3 results",
}


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_query_count_does_not_grow(
    client, library_kenya_plan, url, django_assert_num_queries
):
    plan = None if url == "/library/" else library_kenya_plan
    make_documents(plan, 1)
    address = url.format(plan=library_kenya_plan.pk)
    client.get(address)  # warm: plan records enter the search index once
    one = queries_for(lambda: client.get(address))
    make_documents(plan, 2)
    with django_assert_num_queries(one):
        page = client.get(address)
    assert LIST_PAGES[url] in page.content.decode()


def test_search_service_query_count_does_not_grow(library_kenya_plan, django_assert_num_queries):
    from naptrack.library.search import search

    make_documents(library_kenya_plan, 1)
    search(None, "zephyrine")
    with CaptureQueriesContext(connection) as one:
        assert search(None, "zephyrine").total == 1
    make_documents(library_kenya_plan, 2)
    with django_assert_num_queries(len(one)):
        assert search(None, "zephyrine").total == 3


def test_admin_lists_documents_read_only_and_never_drafts(
    client, platform_admin, library_kenya_draft
):
    visible = DocumentFactory(title="Published plan text")
    DocumentFactory(plan=library_kenya_draft, title="Draft plan text")
    platform_admin.is_staff = True  # the admin site needs staff; even a superuser sees no drafts
    platform_admin.is_superuser = True
    platform_admin.save()
    client.force_login(platform_admin)
    page = client.get("/admin/library/document/").content.decode()
    assert "Published plan text" in page and "Draft plan text" not in page
    assert client.get(f"/admin/library/document/{visible.pk}/change/").status_code == 200
    response = client.post(f"/admin/library/document/{visible.pk}/change/", {"title": "Changed"})
    assert response.status_code == 403
    visible.refresh_from_db()
    assert visible.title == "Published plan text"
