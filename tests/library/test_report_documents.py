"""Documents attached to an official report or a shadow report: added while the report is
a draft, by its own authors only (never a shadow report's by the government), hidden in
every channel (pages, original file, plan lists, search, report-card evidence) until the
report is public, and a pseudonymous shadow report's file names never shown to the
public."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.library import selectors
from naptrack.library.models import Document
from naptrack.library.permissions import can_edit_document
from naptrack.library.search import search
from naptrack.library.services.evidence_review import evidence_confirm
from naptrack.library.services.upload import document_upload
from naptrack.reporting import services as reporting
from naptrack.shadow_reports import services as shadow
from tests.factories import people
from tests.factories.accounts import OrganizationFactory
from tests.factories.library import EvidenceSuggestionFactory
from tests.factories.people import person
from tests.factories.reporting import cycle_opened
from tests.library.builders import upload

WORD = "quetzalcoatlite"  # in the attached documents only


@pytest.fixture
def draft_report(library_kenya_plan, kenya_coordinator):
    cycle = cycle_opened(kenya_coordinator, library_kenya_plan)
    return reporting.report_compile(actor=kenya_coordinator, cycle=cycle, summary="In brief.")


@pytest.fixture
def report_cso_member(db):
    cso = OrganizationFactory(name="Turkana Women Watch", kind=OrganizationKind.CSO)
    return people.cso_member(cso)


@pytest.fixture
def shadow_draft(library_kenya_plan, report_cso_member):
    organization = report_cso_member.memberships.get().organization
    return shadow.shadow_report_create(
        actor=report_cso_member,
        plan=library_kenya_plan,
        author=organization,
        title="What we saw in Turkana",
        findings="Slower than said.",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        publication_mode="pseudonymous",
        pseudonym="Northern Observers",
    )


def attach(actor, *, name="annex.txt", **report):
    document = document_upload(
        actor=actor,
        upload=upload(name, f"The annex records {WORD} findings.".encode(), "text/plain"),
        title="Annex (test)",
        language="en",
        kind="plan",  # overridden by the report's kind
        **report,
    )
    document.refresh_from_db()
    return document


def sees(client, document) -> bool:
    page = client.get(document.get_absolute_url()).status_code
    original = client.get(reverse("library:original", args=[document.pk])).status_code
    assert page == original, "the page and the original file follow one rule"
    return page == 200


def found(user) -> int:
    return search(user, WORD).total


def test_official_report_document_is_hidden_until_the_report_is_published(
    client, kenya_coordinator, library_kenya_plan, draft_report
):
    document = attach(kenya_coordinator, official_report=draft_report)
    assert (document.kind, document.plan, document.status) == (
        "official_report",
        library_kenya_plan,
        "done",
    )
    assert not sees(client, document) and found(None) == 0
    plan_list = reverse("library:plan_documents", args=[library_kenya_plan.pk])
    assert "Annex (test)" not in client.get(plan_list).content.decode()
    coordinator = client_for(kenya_coordinator)
    assert sees(coordinator, document) and found(kenya_coordinator) == 0  # search: public only

    reporting.report_publish(actor=kenya_coordinator, report=draft_report)
    assert sees(client, document) and found(None) == 1
    html = client.get(draft_report.get_absolute_url()).content.decode()
    assert f'href="{document.get_absolute_url()}"' in html


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_only_a_draft_official_report_takes_documents_from_its_coordinators(
    kenya_coordinator, draft_report, report_cso_member
):
    uganda = person(Role.COORDINATOR, totp=True, country=kenya_coordinator_country("UGA"))
    for outsider in (uganda, report_cso_member):
        with pytest.raises(PermissionDenied):
            attach(outsider, official_report=draft_report)
    reporting.report_publish(actor=kenya_coordinator, report=draft_report)
    with pytest.raises(PermissionDenied):  # a published report never changes
        attach(kenya_coordinator, official_report=draft_report)
    assert not Document.objects.exists()


def kenya_coordinator_country(iso3):
    from naptrack.registry.models import Country

    return Country.objects.get(iso3=iso3)


def test_official_report_upload_page_by_role(client, kenya_coordinator, draft_report):
    url = reverse("library:official_report_upload", args=[draft_report.pk])
    response = client_for(kenya_coordinator).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{url}"' in page  # the form posts back to the report, not the plan
    assert 'name="kind"' not in page  # a report's documents take the report's kind
    uganda = person(Role.COORDINATOR, totp=True, country=kenya_coordinator_country("UGA"))
    assert client_for(uganda).get(url).status_code == 404  # the draft stays unknown
    assert client.get(url).status_code == 302  # sign in first
    reporting.report_publish(actor=kenya_coordinator, report=draft_report)
    assert client_for(kenya_coordinator).get(url).status_code == 403
    assert client_for(uganda).get(url).status_code == 403


def test_shadow_report_document_belongs_to_its_authors_not_the_government(
    client, kenya_coordinator, shadow_draft, report_cso_member
):
    document = attach(
        report_cso_member, name="Turkana Women Watch interviews.txt", shadow_report=shadow_draft
    )
    assert document.kind == "shadow_report"
    assert sees(client_for(report_cso_member), document)
    assert not sees(client_for(kenya_coordinator), document) and not sees(client, document)
    assert not can_edit_document(kenya_coordinator, document)
    with pytest.raises(PermissionDenied):
        attach(kenya_coordinator, shadow_report=shadow_draft)
    url = reverse("library:shadow_report_upload", args=[shadow_draft.pk])
    assert client_for(kenya_coordinator).get(url).status_code == 404  # a draft: unseen
    response = client_for(report_cso_member).get(url)
    assert response.status_code == 200
    assert f'action="{url}"' in response.content.decode()


def test_shadow_report_document_appears_on_the_publication_date(
    client, shadow_draft, report_cso_member
):
    document = attach(report_cso_member, shadow_report=shadow_draft)
    submitted = shadow.shadow_report_submit(actor=report_cso_member, report=shadow_draft)
    later = timezone.now() + datetime.timedelta(days=3)
    published = shadow.shadow_report_publish(
        actor=report_cso_member, report=submitted, publish_at=later
    )
    assert not sees(client, document) and found(None) == 0
    type(published).objects.filter(pk=published.pk).update(publish_at=timezone.now())
    assert sees(client, document) and found(None) == 1


def test_pseudonymous_report_file_name_stays_with_its_authors(
    client, shadow_draft, report_cso_member
):
    document = attach(
        report_cso_member, name="Turkana Women Watch interviews.txt", shadow_report=shadow_draft
    )
    shadow.shadow_report_publish(
        actor=report_cso_member,
        report=shadow.shadow_report_submit(actor=report_cso_member, report=shadow_draft),
    )
    original = reverse("library:original", args=[document.pk])
    for viewer in (client, client_for(people.analyst())):
        page = viewer.get(document.get_absolute_url()).content.decode()
        download = viewer.get(original)["Content-Disposition"]
        assert "Turkana Women Watch" not in page + download
        assert f"document-{document.pk}.txt" in download
    assert (
        "Turkana Women Watch" in client_for(report_cso_member).get(original)["Content-Disposition"]
    )


def test_report_cards_use_no_evidence_from_a_report_not_yet_public(
    library_kenya_plan, kenya_coordinator, draft_report
):
    document = attach(kenya_coordinator, official_report=draft_report)
    suggestion = EvidenceSuggestionFactory(document=document, criterion="legislature")
    evidence_confirm(actor=kenya_coordinator, suggestion=suggestion)
    assert selectors.confirmed_evidence(library_kenya_plan)["legislature"] == []
    reporting.report_publish(actor=kenya_coordinator, report=draft_report)
    assert selectors.confirmed_evidence(library_kenya_plan)["legislature"] == [suggestion]


def test_database_refuses_a_report_document_of_the_wrong_kind_or_without_plan(draft_report):
    document = attach_row(draft_report)
    for change in ({"kind": "plan"}, {"plan": None}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=document.pk).update(**change)


def attach_row(report):
    from tests.factories.library import DocumentFactory

    return DocumentFactory(plan=report.cycle.plan, official_report=report, kind="official_report")


def test_report_pages_list_their_documents_and_offer_upload_to_their_authors(
    client, kenya_coordinator, draft_report, shadow_draft, report_cso_member
):
    official = attach(kenya_coordinator, official_report=draft_report)
    mine = attach(report_cso_member, shadow_report=shadow_draft)
    official_upload = reverse("library:official_report_upload", args=[draft_report.pk])
    shadow_upload = reverse("library:shadow_report_upload", args=[shadow_draft.pk])
    html = client_for(kenya_coordinator).get(draft_report.get_absolute_url()).content.decode()
    assert official.get_absolute_url() in html and official_upload in html
    html = client_for(report_cso_member).get(shadow_draft.get_absolute_url()).content.decode()
    assert mine.get_absolute_url() in html and shadow_upload in html

    reporting.report_publish(actor=kenya_coordinator, report=draft_report)
    shadow.shadow_report_publish(
        actor=report_cso_member,
        report=shadow.shadow_report_submit(actor=report_cso_member, report=shadow_draft),
    )
    for report, document, upload_url in (
        (draft_report, official, official_upload),
        (shadow_draft, mine, shadow_upload),
    ):
        html = client.get(report.get_absolute_url()).content.decode()
        assert document.get_absolute_url() in html and upload_url not in html
