"""The register's writes: who may make them, what they refuse, and the audit row each
leaves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from naptrack.contractors import services
from naptrack.contractors.models import ChecklistAnswer, Contract, Incident
from naptrack.core.models import Activity
from naptrack.registry.models import Country
from tests.factories.contractors import ChecklistVersionFactory
from tests.factories.plans import ActionFactory
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.django_db


def _last(verb: str) -> Activity:
    return Activity.objects.filter(verb=verb).latest("id")


def test_coordinator_records_a_contract_of_their_own_country(kenya_coordinator, contractor, kenya):
    plan = ActionPlanFactory(country=kenya)
    action = ActionFactory(objective__pillar__plan=plan, code="3.2")
    contract = services.contract_create(
        actor=kenya_coordinator,
        contractor=contractor,
        authority=kenya,
        country_of_operation=Country.objects.get(iso3="SOM"),
        title="Convoy escort",
        services="Armed escort of convoys.",
        value=Decimal("1250000"),
        currency="usd",
        actions=[action],
    )
    assert contract.currency == "USD" and list(contract.actions.all()) == [action]
    row = _last("contract.created")
    assert row.actor == kenya_coordinator and row.changes["actions"]["after"] == ["3.2"]


def test_contract_value_unknown_is_allowed_but_not_half_given(kenya_coordinator, contractor, kenya):
    fields = dict(
        actor=kenya_coordinator,
        contractor=contractor,
        authority=kenya,
        country_of_operation=kenya,
        title="Site security",
        services="Guarding.",
    )
    assert services.contract_create(**fields).value is None
    with pytest.raises(ValidationError, match="currency"):
        services.contract_create(**fields, value=Decimal(10))


def test_contract_refuses_actions_of_another_owners_plan(kenya_coordinator, contractor, kenya):
    uganda_action = ActionFactory(
        objective__pillar__plan=ActionPlanFactory(country=Country.objects.get(iso3="UGA"))
    )
    with pytest.raises(ValidationError, match="own plans"):
        services.contract_create(
            actor=kenya_coordinator,
            contractor=contractor,
            authority=kenya,
            country_of_operation=kenya,
            title="x",
            services="y",
            actions=[uganda_action],
        )
    assert not Contract.objects.filter(title="x").exists()


def test_another_countrys_coordinator_cannot_record_a_kenyan_contract(
    uganda_coordinator, contractor, kenya
):
    with pytest.raises(PermissionDenied):
        services.contract_create(
            actor=uganda_coordinator,
            contractor=contractor,
            authority=kenya,
            country_of_operation=kenya,
            title="x",
            services="y",
        )


def test_contractor_claims_need_a_source(kenya_coordinator):
    with pytest.raises(ValidationError, match="source"):
        services.contractor_save(
            actor=kenya_coordinator, name="Acme Guards", icoca_membership="member"
        )
    contractor = services.contractor_save(
        actor=kenya_coordinator,
        name="Acme Guards",
        icoca_membership="member",
        icoca_source="https://icoca.ch/membership/",
    )
    assert _last("contractor.created").changes["icoca_membership"]["after"] == "member"
    services.contractor_save(
        actor=kenya_coordinator,
        contractor=contractor,
        icoc_signatory="no",
        icoc_source="https://example.org/list",
    )
    assert _last("contractor.updated").changes["icoc_signatory"] == {
        "before": "unknown",
        "after": "no",
    }


def test_cso_member_cannot_add_a_contractor(contract_cso_member):
    with pytest.raises(PermissionDenied):
        services.contractor_save(actor=contract_cso_member, name="Acme Guards")


@pytest.mark.parametrize("who", ["kenya_coordinator", "ministry_member"])
def test_authority_answers_an_item_and_changes_it(request, who, contract, item):
    actor = request.getfixturevalue(who)
    services.checklist_answer_save(actor=actor, contract=contract, item=item, answer="yes")
    services.checklist_answer_save(actor=actor, contract=contract, item=item, answer="no")
    answer = ChecklistAnswer.objects.get(contract=contract, item=item)
    assert answer.answer == "no" and answer.answered_by == actor
    rows = Activity.objects.filter(verb="contract.answer.saved", target_id=str(contract.pk))
    assert [r.changes["answer"]["after"] for r in rows.order_by("id")] == ["yes", "no"]
    assert rows.first().changes["item"]["after"] == "staff_vetting (v1)"


@pytest.mark.parametrize(
    "who",
    ["contract_cso_member", "uganda_coordinator", "other_ministry_member", "moderator", "analyst"],
)
def test_only_the_authority_may_answer(request, who, contract, item):
    with pytest.raises(PermissionDenied):
        services.checklist_answer_save(
            actor=request.getfixturevalue(who), contract=contract, item=item, answer="yes"
        )
    assert not ChecklistAnswer.objects.exists()


def test_answers_only_items_of_a_published_version(kenya_coordinator, contract, platform_admin):
    draft = ChecklistVersionFactory()
    item = services.checklist_item_save(
        actor=platform_admin, version=draft, code="new", label="A new item"
    )
    with pytest.raises(ValidationError, match="not published"):
        services.checklist_answer_save(
            actor=kenya_coordinator, contract=contract, item=item, answer="no"
        )


def test_answer_evidence_file_is_checked_and_audited_without_its_name(
    kenya_coordinator, contract, item
):
    answer = services.checklist_answer_save(
        actor=kenya_coordinator, contract=contract, item=item, answer="yes"
    )
    bad = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError):
        services.answer_evidence_add(
            actor=kenya_coordinator, answer=answer, description="Policy", upload=bad
        )
    good = SimpleUploadedFile("Achieng vetting record.pdf", b"%PDF-1.4\n%test\n")
    evidence = services.answer_evidence_add(
        actor=kenya_coordinator, answer=answer, description="Vetting policy", upload=good
    )
    assert evidence.content_type == "application/pdf" and evidence.size_bytes > 0
    row = _last("contract.evidence.added")
    assert "Achieng" not in str(row.changes) and "a file" in str(row.changes)


def test_checklist_versions_are_data_frozen_once_published(platform_admin, kenya_coordinator):
    from naptrack.contractors.models import ChecklistVersion

    first = ChecklistVersion.objects.get(number=1)
    with pytest.raises(PermissionDenied):
        services.checklist_version_draft(actor=kenya_coordinator, copy_from=first)
    with pytest.raises(ValidationError, match="published"):
        services.checklist_item_save(actor=platform_admin, version=first, code="x", label="X")
    draft = services.checklist_version_draft(actor=platform_admin, copy_from=first)
    assert draft.number == 2 and draft.items.count() == 6
    services.checklist_item_save(
        actor=platform_admin, version=draft, code="survivor_support", label="Survivor support"
    )
    services.checklist_version_publish(actor=platform_admin, version=draft)
    assert draft.items.count() == 7
    verbs = set(Activity.objects.values_list("verb", flat=True))
    expected = {"checklist.version.drafted", "checklist.item.saved", "checklist.version.published"}
    assert expected <= verbs


def test_incident_summary_is_screened_for_identifying_details(kenya_coordinator, contract):
    for summary in (
        "Reported by Mrs Wanjiru at the gate.",
        "Contact survivor at 0712 345 678.",
        "A girl aged 15 was harassed.",
        "Write to someone@example.org.",
    ):
        with pytest.raises(ValidationError, match="identify"):
            services.incident_record(
                actor=kenya_coordinator,
                contract=contract,
                year=2025,
                incident_type="sexual_harassment",
                summary=summary,
            )
    assert not Incident.objects.exists()


def test_incident_publication_needs_review_and_a_summary(ministry_member, contract):
    incident = services.incident_record(
        actor=ministry_member, contract=contract, year=2025, incident_type="other_gbv"
    )
    with pytest.raises(ValidationError, match="Confirm"):
        services.incident_publish(actor=ministry_member, incident=incident, reviewed=False)
    with pytest.raises(ValidationError, match="summary"):
        services.incident_publish(actor=ministry_member, incident=incident, reviewed=True)
    written = services.incident_record(
        actor=ministry_member,
        contract=contract,
        year=2024,
        incident_type="other_gbv",
        summary="A guard was dismissed after an investigation.",
    )
    services.incident_publish(actor=ministry_member, incident=written, reviewed=True)
    assert _last("contract.incident.published").target_id == str(written.pk)
    assert "dismissed" not in str(_last("contract.incident.recorded").changes)


def test_incident_cannot_be_recorded_by_another_country(uganda_coordinator, contract):
    with pytest.raises(PermissionDenied):
        services.incident_record(
            actor=uganda_coordinator, contract=contract, year=2025, incident_type="other"
        )


def test_contract_period_must_be_ordered(kenya_coordinator, contractor, kenya):
    with pytest.raises(ValidationError):
        services.contract_create(
            actor=kenya_coordinator,
            contractor=contractor,
            authority=kenya,
            country_of_operation=kenya,
            title="x",
            services="y",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2024, 1, 1),
        )
