"""Reviewing evidence suggestions: who may confirm or reject, what the public sees, what
report cards get, and that drafts stay hidden."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.core.models import Activity
from naptrack.library.choices import IngestionStatus, SuggestionState
from naptrack.library.models import EvidenceSuggestion
from naptrack.library.selectors import confirmed_evidence
from naptrack.registry.models import Country
from tests.factories import people
from tests.factories.accounts import OrganizationFactory
from tests.factories.library import (
    AnalysisRunFactory,
    DocumentFactory,
    EvidenceSuggestionFactory,
    ThemeCountFactory,
)
from tests.factories.people import person

pytestmark = pytest.mark.django_db

PASSAGE = "A budget of KES 2 million is allocated to the plan."


@pytest.fixture
def suggestion(library_kenya_plan):
    document = DocumentFactory(plan=library_kenya_plan, title="Kenya plan text")
    return EvidenceSuggestionFactory(document=document, passage=PASSAGE, page_number=4)


def review(client, suggestion, decision="confirm", note="Allocated in the text", **options):
    return client.post(
        f"/evidence/{suggestion.pk}/review/",
        {"decision": decision, "note": note, "next": options.pop("next", "/elsewhere/")},
        **options,
    )


def snapshot(suggestion) -> tuple:
    stored = EvidenceSuggestion.objects.get(pk=suggestion.pk)
    return stored.state, stored.reviewed_by_id, stored.reviewed_at, stored.note


REFUSED = {
    "cso_member": lambda: people.cso_member(
        OrganizationFactory(kind=OrganizationKind.CSO, country=Country.objects.get(iso3="KEN")),
    ),
    "uganda_coordinator": lambda: person(
        Role.COORDINATOR, totp=True, country=Country.objects.get(iso3="UGA")
    ),
    "platform_admin": lambda: people.platform_admin(),
    "no_role": lambda: person(),
}


@pytest.mark.parametrize("who", ["anonymous", *REFUSED])
def test_review_is_refused_to_everyone_else_and_changes_nothing(client, who, suggestion):
    if who != "anonymous":
        client.force_login(REFUSED[who]())
    before = snapshot(suggestion)
    for decision in ("confirm", "reject"):
        response = review(client, suggestion, decision)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
    assert snapshot(suggestion) == before
    assert not Activity.objects.filter(verb__startswith="evidence.").exists()


@pytest.mark.parametrize("who", ["analyst", "coordinator"])
def test_review_by_an_analyst_or_the_plans_coordinator_is_recorded(
    client, who, suggestion, kenya_coordinator
):
    reviewer = kenya_coordinator if who == "coordinator" else people.analyst()
    client.force_login(reviewer)
    response = review(client, suggestion, "confirm")
    assert response.status_code == 302 and response["Location"] == "/elsewhere/"
    state, reviewed_by, reviewed_at, note = snapshot(suggestion)
    assert (state, reviewed_by, note) == ("confirmed", reviewer.pk, "Allocated in the text")
    assert reviewed_at is not None
    activity = Activity.objects.get(verb="evidence.confirmed", target_id=str(suggestion.pk))
    assert activity.actor == reviewer
    assert activity.changes["state"] == {"before": "suggested", "after": "confirmed"}
    review(client, suggestion, "reject", note="Only a plan to budget")
    assert snapshot(suggestion)[0] == "rejected"
    assert Activity.objects.filter(verb="evidence.rejected").count() == 1


def test_review_of_a_drafts_evidence_is_hidden_from_analysts(client, library_kenya_draft):
    document = DocumentFactory(plan=library_kenya_draft)
    suggestion = EvidenceSuggestionFactory(document=document)
    client.force_login(people.analyst())
    assert review(client, suggestion).status_code == 404
    assert snapshot(suggestion)[0] == "suggested"


def test_review_of_a_drafts_evidence_is_open_to_its_coordinator(
    client, library_kenya_draft, kenya_coordinator
):
    suggestion = EvidenceSuggestionFactory(document=DocumentFactory(plan=library_kenya_draft))
    client.force_login(kenya_coordinator)
    assert review(client, suggestion, "reject").status_code == 302
    assert snapshot(suggestion)[0] == "rejected"


def test_review_twice_the_same_way_is_refused_with_a_message(client, suggestion):
    client.force_login(people.analyst())
    review(client, suggestion, "confirm")
    evidence_page = f"/plans/{suggestion.document.plan_id}/evidence/"
    response = review(client, suggestion, "confirm", note="again", next=evidence_page, follow=True)
    assert "This passage is already confirmed." in response.content.decode()
    assert snapshot(suggestion)[3] == "Allocated in the text"


def test_review_with_htmx_swaps_only_the_row(client, suggestion):
    client.force_login(people.analyst())
    page = f"/plans/{suggestion.document.plan_id}/evidence/"
    response = review(
        client,
        suggestion,
        "confirm",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}?state=suggested",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<li class="evidence evidence-confirmed" id="evidence-{suggestion.pk}"'
    )
    assert "<html" not in html and PASSAGE in html
    assert 'value="reject"' in html and 'value="confirm"' not in html
    assert f'name="next" value="{page}?state=suggested"' in html


def test_review_form_works_without_javascript(client, suggestion, kenya_coordinator):
    client.force_login(kenya_coordinator)
    page = client.get(f"/plans/{suggestion.document.plan_id}/evidence/").content.decode()
    assert f'action="/evidence/{suggestion.pk}/review/"' in page and 'method="post"' in page
    assert 'name="decision" value="confirm"' in page and "csrfmiddlewaretoken" in page
    assert PASSAGE in page and "Suggested" in page


# What others see ------------------------------------------------------------------------


def test_public_sees_only_confirmed_evidence(client, suggestion, kenya_coordinator):
    rejected = EvidenceSuggestionFactory(
        document=suggestion.document, passage="Rejected passage about budgets."
    )
    pending = EvidenceSuggestionFactory(
        document=suggestion.document, passage="Unreviewed passage about budgets."
    )
    from naptrack.library.services.evidence_review import evidence_confirm, evidence_reject

    evidence_confirm(actor=kenya_coordinator, suggestion=suggestion)
    evidence_reject(actor=kenya_coordinator, suggestion=rejected)
    for user in (None, person(Role.CSO_MEMBER)):
        if user:
            client.force_login(user)
        for url in (
            f"/plans/{suggestion.document.plan_id}/evidence/",
            suggestion.document.get_absolute_url(),
        ):
            page = client.get(url).content.decode()
            assert PASSAGE in page
            assert rejected.passage not in page and pending.passage not in page
            assert 'name="decision"' not in page and "/review/" not in page
    assert pending.state == SuggestionState.SUGGESTED


def test_evidence_and_themes_of_a_draft_are_hidden(client, library_kenya_draft, kenya_coordinator):
    document = DocumentFactory(plan=library_kenya_draft, title="Secret draft text")
    EvidenceSuggestionFactory(document=document, state="confirmed", reviewed_at="2025-01-01T00:00Z")
    ThemeCountFactory(run=AnalysisRunFactory(document=document))
    for user in (None, people.analyst(), REFUSED["uganda_coordinator"]()):
        if user:
            client.force_login(user)
        assert client.get(f"/plans/{library_kenya_draft.pk}/evidence/").status_code == 404
        assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(kenya_coordinator)
    page = client.get(f"/plans/{library_kenya_draft.pk}/evidence/").content.decode()
    assert "Secret draft text" in page


def test_evidence_of_a_document_being_read_again_is_hidden(client, suggestion):
    EvidenceSuggestion.objects.filter(pk=suggestion.pk).update(
        state="confirmed", reviewed_at="2025-01-01T00:00Z"
    )
    suggestion.document.status = IngestionStatus.QUEUED
    suggestion.document.save()
    page = client.get(f"/plans/{suggestion.document.plan_id}/evidence/").content.decode()
    assert PASSAGE not in page
    assert confirmed_evidence(suggestion.document.plan)["budget"] == []


def test_confirmed_evidence_gives_report_cards_every_criterion(suggestion, kenya_coordinator):
    from naptrack.library.services.evidence_review import evidence_confirm

    other = EvidenceSuggestionFactory(
        document=suggestion.document, criterion="legislature", passage="Reports to parliament."
    )
    EvidenceSuggestionFactory(document=suggestion.document, passage="Unreviewed budget text.")
    evidence_confirm(actor=kenya_coordinator, suggestion=suggestion)
    evidence_confirm(actor=kenya_coordinator, suggestion=other)
    evidence = confirmed_evidence(suggestion.document.plan)
    assert len(evidence) == 12
    assert [e.passage for e in evidence["budget"]] == [PASSAGE]
    assert [(e.passage, e.page_number) for e in evidence["legislature"]] == [
        ("Reports to parliament.", 1)
    ]
    assert evidence["disarmament"] == []


# Query counts ---------------------------------------------------------------------------


def make_suggestions(plan, n: int, state: str = "confirmed"):
    for _ in range(n):
        document = DocumentFactory(plan=plan)
        run = AnalysisRunFactory(document=document)
        ThemeCountFactory(run=run)
        EvidenceSuggestionFactory(
            document=document, run=run, state=state, reviewed_at="2025-01-01T00:00Z"
        )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_evidence_page_query_count_does_not_grow(
    client, who, library_kenya_plan, kenya_coordinator, django_assert_num_queries
):
    if who == "coordinator":
        client.force_login(kenya_coordinator)
    url = f"/plans/{library_kenya_plan.pk}/evidence/"
    make_suggestions(library_kenya_plan, 1)
    one = queries_for(client, url)
    make_suggestions(library_kenya_plan, 2)
    with django_assert_num_queries(one):
        page = client.get(url).content.decode()
    assert page.count('class="evidence evidence-confirmed"') == 3


def test_review_never_redirects_to_another_site(client, suggestion):
    client.force_login(people.analyst())
    response = review(client, suggestion, next="https://example.com/phish")
    assert response["Location"] == f"/plans/{suggestion.document.plan_id}/evidence/"
