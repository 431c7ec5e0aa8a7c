"""A passage cited by a card stops being shown once its document is no longer public (its
shadow report hidden by a moderator or withdrawn by its authors): on every card version,
current or earlier, in the page, the API and the PDF, for everyone but those who may still
read the document."""

import datetime
import json

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from naptrack.accounts.choices import Role
from naptrack.library.services.evidence_review import evidence_confirm
from naptrack.report_cards.selectors import current_card
from naptrack.shadow_reports import services as shadow
from tests.factories import people
from tests.factories.library import DocumentFactory, EvidenceSuggestionFactory
from tests.factories.people import person
from tests.factories.registry import ActionPlanFactory
from tests.report_cards.conftest import card_of

pytestmark = pytest.mark.django_db

PASSAGE = "Zq2 passage from a shadow annex that a moderator hid"
TITLE = "Zq2 shadow annex"
NOT_PUBLIC = "Evidence no longer public"


@pytest.fixture
def cited(kenya, kenya_coordinator, card_coalition, card_coalition_member):
    """A plan whose current card cites a confirmed passage of a published shadow report's
    document."""
    plan = ActionPlanFactory(country=kenya, title="Zq2 plan (card test)")
    report = shadow.shadow_report_create(
        actor=card_coalition_member,
        plan=plan,
        author=card_coalition,
        cycle=None,
        title="Zq2 shadow report",
        findings="Our findings.",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    document = DocumentFactory(plan=plan, shadow_report=report, kind="shadow_report", title=TITLE)
    suggestion = EvidenceSuggestionFactory(
        document=document, criterion="participation", page_number=3, passage=PASSAGE
    )
    report = shadow.shadow_report_submit(actor=card_coalition_member, report=report)
    report = shadow.shadow_report_publish(actor=card_coalition_member, report=report)
    evidence_confirm(actor=kenya_coordinator, suggestion=suggestion)
    card = card_of(plan)
    assert PASSAGE in json.dumps(card.results) and PASSAGE in json.dumps(card.inputs)
    return plan, report, document, card


def make_private(how: str, report, coalition_member):
    if how == "hidden":
        shadow.shadow_report_hide(actor=person(Role.MODERATOR), report=report, reason="Zq2.")
    else:
        shadow.shadow_report_withdraw(actor=coalition_member, report=report)


def channels(client, plan, card) -> dict[str, str]:
    """Every place a card is shown: the card's own page, the current one, the API, the PDF."""
    pdf = client.get(reverse("report_cards:pdf", args=[plan.pk]))
    pdf_text = " ".join(
        page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf.content)
    )
    return {
        "version page": client.get(card.get_absolute_url()).content.decode(),
        "current page": client.get(reverse("report_cards:card", args=[plan.pk])).content.decode(),
        "api": client.get(f"/api/v1/plans/{plan.pk}/report-card").content.decode(),
        "pdf": " ".join(pdf_text.split()),
    }


def assert_withheld(shown: dict[str, str], document) -> None:
    page_url = reverse("library:page", args=[document.pk, 3])
    for channel, content in shown.items():
        assert PASSAGE not in content, channel
        assert TITLE not in content, channel
        assert page_url not in content, channel
    assert NOT_PUBLIC in shown["version page"]
    assert NOT_PUBLIC in shown["api"]


@pytest.mark.parametrize("how", ["hidden", "withdrawn"])
def test_an_earlier_card_no_longer_shows_a_passage_of_a_report_made_private(
    client, cited, card_coalition_member, how
):
    plan, report, document, old = cited
    make_private(how, report, card_coalition_member)
    assert card_of(plan).pk != old.pk  # recomputed without it; the old card stays
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert PASSAGE not in old_page and TITLE not in old_page
    assert NOT_PUBLIC in old_page
    assert "An earlier card" in old_page


@pytest.mark.parametrize("viewer", ["anonymous", "coordinator", "moderator"])
def test_the_current_card_withholds_it_before_the_worker_recomputes(
    settings, cited, card_coalition_member, kenya, viewer
):
    """Recomputing runs later in a worker: until then the current card still cites the
    passage, and reading it checks the document again."""
    plan, report, document, card = cited
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_private("hidden", report, card_coalition_member)
    assert current_card(plan).pk == card.pk
    client = Client()
    if viewer == "coordinator":
        client.force_login(people.coordinator_of(kenya))
    elif viewer == "moderator":
        client.force_login(people.moderator())
    assert_withheld(channels(client, plan, card), document)


def test_the_authors_still_read_their_own_passage_on_the_card(
    settings, client, cited, card_coalition_member
):
    plan, report, _document, card = cited
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_private("withdrawn", report, card_coalition_member)
    client.force_login(card_coalition_member)
    assert PASSAGE in client.get(card.get_absolute_url()).content.decode()


def test_a_public_passage_is_still_quoted_and_linked(client, cited):
    plan, _report, document, card = cited
    shown = channels(client, plan, card)
    for channel in ("version page", "current page", "api"):
        assert PASSAGE in shown[channel], channel
    assert reverse("library:page", args=[document.pk, 3]) in shown["current page"]
    assert NOT_PUBLIC not in shown["current page"]
