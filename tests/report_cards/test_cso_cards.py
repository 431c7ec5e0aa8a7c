"""Civil-society report cards: written by the organization's members, published beside
the computed card, optionally under a pseudonym."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from naptrack.core.selectors import activities_for
from naptrack.report_cards import services
from naptrack.report_cards.models import CsoCriterionGrade, CsoReportCard
from tests.report_cards.conftest import card_of


def _write(member, organization, plan, **fields):
    card = services.cso_card_create(actor=member, plan=plan, organization=organization)
    grades = {
        "budget": ("not_met", "No line of the budget funds it."),
        "progress": ("partly", "Half the shelters opened."),
    }
    return services.cso_card_save(actor=member, card=card, grades=grades, **fields)


def test_cso_card_is_shown_beside_the_computed_card_once_published(
    client, mixed_plan, card_coalition, card_coalition_member
):
    card_of(mixed_plan)
    cso_card = _write(card_coalition_member, card_coalition, mixed_plan, summary="Our view.")
    url = reverse("report_cards:card", args=[mixed_plan.pk])
    assert "No line of the budget funds it." not in client.get(url).text  # still a draft
    services.cso_card_publish(actor=card_coalition_member, card=cso_card)
    html = client.get(url).text
    assert f"{card_coalition.name}'s result" in html
    assert "No line of the budget funds it." in html
    assert "Half the shelters opened." in html
    assert activities_for(cso_card).filter(verb="report_card.cso_published").exists()


def test_cso_card_grades_aggregate_with_the_same_method(
    client, mixed_plan, card_coalition, card_coalition_member
):
    cso_card = _write(card_coalition_member, card_coalition, mixed_plan)
    services.cso_card_publish(actor=card_coalition_member, card=cso_card)
    html = client.get(reverse("report_cards:cso_card", args=[cso_card.pk])).text
    # one of 12 design criteria known (not met): insufficient information, not an E
    assert html.count("Insufficient information") == 2
    assert "Half the shelters opened." in html


def test_pseudonymous_card_never_names_the_organization_publicly(
    client, mixed_plan, card_cso, card_cso_member
):
    card_of(mixed_plan)
    cso_card = _write(
        card_cso_member,
        card_cso,
        mixed_plan,
        publication_mode="pseudonymous",
        pseudonym="Northern Voices",
    )
    services.cso_card_publish(actor=card_cso_member, card=cso_card)
    urls = [
        reverse("report_cards:card", args=[mixed_plan.pk]),
        reverse("report_cards:cso_card", args=[cso_card.pk]),
        f"/api/v1/plans/{mixed_plan.pk}/report-card",
    ]
    for url in urls:
        text = client.get(url).text
        assert "Northern Voices" in text and card_cso.name not in text, url
    assert card_cso.name not in str(cso_card)
    assert all(card_cso.name not in a.target_label for a in activities_for(cso_card))
    client.force_login(card_cso_member)
    assert card_cso.name in client.get(reverse("report_cards:cso_card", args=[cso_card.pk])).text


def test_pseudonym_must_not_contain_the_organization_name(mixed_plan, card_cso, card_cso_member):
    card = services.cso_card_create(actor=card_cso_member, plan=mixed_plan, organization=card_cso)
    with pytest.raises(ValidationError) as caught:
        services.cso_card_save(
            actor=card_cso_member,
            card=card,
            grades={},
            publication_mode="pseudonymous",
            pseudonym=f"Friends of {card_cso.name}",
        )
    assert caught.value.message_dict["pseudonym"] == ["The pseudonym must not contain your name."]


def test_a_result_needs_a_reason_and_nothing_is_half_written(mixed_plan, card_cso, card_cso_member):
    card = services.cso_card_create(actor=card_cso_member, plan=mixed_plan, organization=card_cso)
    with pytest.raises(ValidationError) as caught:
        services.cso_card_save(
            actor=card_cso_member,
            card=card,
            grades={"budget": ("met", "Funded."), "legislature": ("not_met", " ")},
        )
    assert caught.value.message_dict == {"legislature": ["Give your reason for this result."]}
    assert CsoCriterionGrade.objects.get(card=card, criterion="budget").result == "unknown"


def test_unknown_criterion_code_is_refused(mixed_plan, card_cso, card_cso_member):
    card = services.cso_card_create(actor=card_cso_member, plan=mixed_plan, organization=card_cso)
    with pytest.raises(ValidationError, match="No such criterion: nonsense"):
        services.cso_card_save(actor=card_cso_member, card=card, grades={"nonsense": ("met", "x")})


def test_publishing_needs_one_graded_criterion(mixed_plan, card_cso, card_cso_member):
    card = services.cso_card_create(actor=card_cso_member, plan=mixed_plan, organization=card_cso)
    with pytest.raises(ValidationError, match="Grade at least one criterion"):
        services.cso_card_publish(actor=card_cso_member, card=card)


def test_published_card_is_locked_until_withdrawn(mixed_plan, card_cso, card_cso_member):
    card = _write(card_cso_member, card_cso, mixed_plan)
    services.cso_card_publish(actor=card_cso_member, card=card)
    with pytest.raises(ValidationError, match="cannot change"):
        services.cso_card_save(actor=card_cso_member, card=card, grades={"budget": ("met", "x")})
    services.cso_card_withdraw(actor=card_cso_member, card=card)
    again = services.cso_card_create(actor=card_cso_member, plan=mixed_plan, organization=card_cso)
    assert again.pk != card.pk


def test_one_active_card_per_organization_and_plan(mixed_plan, card_cso, card_cso_member):
    services.cso_card_create(actor=card_cso_member, plan=mixed_plan, organization=card_cso)
    with pytest.raises(ValidationError, match="already has a card"):
        services.cso_card_create(actor=card_cso_member, plan=mixed_plan, organization=card_cso)


def test_government_agency_cannot_have_a_card(mixed_plan, kenya_coordinator):
    from tests.factories.accounts import AgencyFactory

    with pytest.raises(ValidationError):
        services.cso_card_create(
            actor=kenya_coordinator, plan=mixed_plan, organization=AgencyFactory()
        )


def test_editor_works_without_javascript(client, mixed_plan, card_cso, card_cso_member):
    client.force_login(card_cso_member)
    response = client.post(
        reverse("report_cards:cso_create", args=[mixed_plan.pk]), {"organization": card_cso.pk}
    )
    card = CsoReportCard.objects.get(plan=mixed_plan, organization=card_cso)
    assert response.headers["Location"] == reverse("report_cards:cso_edit", args=[card.pk])
    form = client.get(response.headers["Location"]).text
    assert 'name="result_budget"' in form and 'name="reason_agreement"' in form
    data = {"summary": "Our view.", "publication_mode": "named", "pseudonym": ""}
    for grade in card.grades.all():
        data[f"result_{grade.criterion}"] = "unknown"
        data[f"reason_{grade.criterion}"] = ""
    data.update(result_budget="not_met", reason_budget="Unfunded.")
    saved = client.post(reverse("report_cards:cso_edit", args=[card.pk]), data)
    assert saved.status_code == 302
    assert CsoCriterionGrade.objects.get(card=card, criterion="budget").reason == "Unfunded."
    client.post(reverse("report_cards:cso_publish", args=[card.pk]))
    card.refresh_from_db()
    assert card.state == "published"


def test_editor_shows_errors_next_to_the_criterion(client, mixed_plan, card_cso, card_cso_member):
    card = services.cso_card_create(actor=card_cso_member, plan=mixed_plan, organization=card_cso)
    client.force_login(card_cso_member)
    data = {"summary": "", "publication_mode": "named", "pseudonym": ""}
    for grade in card.grades.all():
        data[f"result_{grade.criterion}"] = "unknown"
    data["result_budget"] = "met"
    response = client.post(reverse("report_cards:cso_edit", args=[card.pk]), data)
    assert response.status_code == 400
    assert "Give your reason for this result." in response.text
    assert 'href="#id_result_budget"' in response.text


@pytest.mark.parametrize("who", ["other_cso_member", "coordinator", "anonymous"])
def test_only_members_edit_the_card_and_nothing_changes(
    client, mixed_plan, card_cso, card_cso_member, other_cso_member, kenya_coordinator, who
):
    card = _write(card_cso_member, card_cso, mixed_plan)
    actor = {"other_cso_member": other_cso_member, "coordinator": kenya_coordinator}.get(who)
    if actor is not None:
        client.force_login(actor)
        with pytest.raises(PermissionDenied):
            services.cso_card_save(actor=actor, card=card, grades={"budget": ("met", "Yes.")})
    data = {"publication_mode": "named", "result_budget": "met", "reason_budget": "Yes."}
    edit = client.post(reverse("report_cards:cso_edit", args=[card.pk]), data)
    publish = client.post(reverse("report_cards:cso_publish", args=[card.pk]))
    assert edit.status_code in (302, 404) and publish.status_code in (302, 404)
    if actor is None:
        assert edit.headers["Location"].startswith("/accounts/login/")
    else:
        assert edit.status_code == publish.status_code == 404  # a draft: not even visible
    card.refresh_from_db()
    assert card.state == "draft"
    assert CsoCriterionGrade.objects.get(card=card, criterion="budget").result == "not_met"
