"""Every string of the report-card pages goes through gettext: crawled in the
pseudo-locale, their <main> holds nothing but wrapped strings and data."""

# The report-card tests' fixtures are imported by name, which pytest finds and ruff sees
# as redefined when a test asks for them.
# ruff: noqa: F811

from django.urls import reverse

from naptrack.report_cards import services
from tests.i18n.marked import unmarked_pages
from tests.report_cards.conftest import (  # noqa: F401
    card_coalition,
    card_coalition_member,
    card_of,
    full_plan,
    mixed_plan,
)


def _published_cso_card(member, organization, plan):
    card = services.cso_card_create(actor=member, plan=plan, organization=organization)
    grades = {"budget": ("not_met", "No line of the budget funds it.")}
    card = services.cso_card_save(actor=member, card=card, grades=grades, summary="Our view.")
    return services.cso_card_publish(actor=member, card=card)


def test_card_pages_are_all_marked(
    client, full_plan, mixed_plan, card_coalition, card_coalition_member
):
    card_of(full_plan)
    card_of(mixed_plan)
    cso_card = _published_cso_card(card_coalition_member, card_coalition, mixed_plan)
    urls = [
        reverse("report_cards:ranking"),
        reverse("report_cards:method"),
        reverse("report_cards:card", args=[full_plan.pk]),
        reverse("report_cards:card", args=[mixed_plan.pk]),
        reverse("report_cards:history", args=[mixed_plan.pk]),
        reverse("report_cards:cso_card", args=[cso_card.pk]),
    ]
    assert unmarked_pages(client, urls) == {}


def test_cso_editor_is_all_marked(client, mixed_plan, card_coalition, card_coalition_member):
    card = services.cso_card_create(
        actor=card_coalition_member, plan=mixed_plan, organization=card_coalition
    )
    client.force_login(card_coalition_member)
    urls = [
        reverse("report_cards:cso_edit", args=[card.pk]),
    ]
    assert unmarked_pages(client, urls) == {}


def test_coordinator_view_of_the_card_is_all_marked(client, mixed_plan, kenya_coordinator):
    card_of(mixed_plan)
    client.force_login(kenya_coordinator)
    assert unmarked_pages(client, [reverse("report_cards:card", args=[mixed_plan.pk])]) == {}
