"""Reads of the contractors register. Every public read starts from the public (not
synthetic) contracts, shows only published challenges and published incidents, and
gives incidents otherwise only as counts."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from naptrack.contractors.choices import ChallengeState, IncidentType
from naptrack.contractors.models import (
    AnswerEvidence,
    Challenge,
    ChecklistAnswer,
    ChecklistVersion,
    Contract,
    Contractor,
    Incident,
)


@dataclass(frozen=True)
class RegisterFilters:
    country: str = ""  # ISO3 of the awarding country or of the country of operation
    authority: int | None = None  # the signing body (an Organization)
    company: int | None = None  # a Contractor
    item: str = ""  # a checklist item code …
    answer: str = ""  # … answered this way (any answer when empty)


def current_checklist() -> ChecklistVersion | None:
    """The newest published version, with its items."""
    return (
        ChecklistVersion.objects.filter(published_at__isnull=False)
        .prefetch_related("items")
        .order_by("-number")
        .first()
    )


def _published_challenges():
    return Challenge.objects.filter(state=ChallengeState.PUBLISHED).prefetch_related("evidence")


def _answers():
    return ChecklistAnswer.objects.select_related("item__version").prefetch_related(
        Prefetch("evidence", queryset=AnswerEvidence.objects.order_by("created_at", "id")),
        Prefetch(
            "challenges",
            queryset=_published_challenges().select_related("author"),
            to_attr="published_challenges",
        ),
    )


def answer_detail(pk: int) -> ChecklistAnswer:
    """One answer with its evidence and published challenges, as the contract shows it."""
    return _answers().get(pk=pk)


def contracts_public():
    return Contract.objects.public().select_related(
        "contractor",
        "authority_country",
        "authority_regional_organization",
        "authority_body",
        "country_of_operation",
    )


def register(filters: RegisterFilters):
    """The register list, filtered; answers prefetched (two queries whatever the count)."""
    contracts = contracts_public().filter(contractor__in=Contractor.objects.public())
    if filters.country:
        iso3 = filters.country.upper()
        contracts = contracts.filter(
            Q(authority_country__iso3=iso3) | Q(country_of_operation__iso3=iso3)
        )
    if filters.authority:
        contracts = contracts.filter(authority_body_id=filters.authority)
    if filters.company:
        contracts = contracts.filter(contractor_id=filters.company)
    if filters.item:
        answered = ChecklistAnswer.objects.filter(item__code=filters.item)
        if filters.answer:
            answered = answered.filter(answer=filters.answer)
        contracts = contracts.filter(pk__in=answered.values("contract_id"))
    answers = ChecklistAnswer.objects.select_related("item__version")
    return contracts.prefetch_related(Prefetch("answers", queryset=answers)).order_by(
        "contractor__name", "-start_date", "id"
    )


def contract_detail(contract: Contract) -> dict:
    """The contract page's content: answers by checklist version (newest first) with
    evidence and published challenges, linked actions of public plans, incident counts
    and published incidents."""
    from naptrack.registry.models import ActionPlan

    answers = list(_answers().filter(contract=contract))
    by_version: dict[int, list] = {}
    for answer in answers:
        by_version.setdefault(answer.item.version.number, []).append(answer)
    actions = contract.actions.filter(plan__in=ActionPlan.objects.public()).select_related(
        "plan__country", "plan__regional_organization"
    )
    return {
        "answers_by_version": sorted(by_version.items(), reverse=True),
        "actions": list(actions),
        "incident_counts": incident_counts(Contract.objects.filter(pk=contract.pk)),
        "published_incidents": list(published_incidents().filter(contract=contract)),
    }


def incident_counts(contracts) -> list[dict]:
    """Counts by contract, year and type: all a visitor learns of unpublished incidents."""
    rows = (
        Incident.objects.filter(contract__in=contracts)
        .values("contract_id", "year", "incident_type")
        .annotate(count=Count("id"))
        .order_by("contract_id", "-year", "incident_type")
    )
    labels = dict(IncidentType.choices)
    return [{**row, "type_label": labels.get(row["incident_type"], "")} for row in rows]


def published_incidents():
    return Incident.objects.filter(published_at__isnull=False).only(
        "id", "contract_id", "year", "incident_type", "summary", "published_at"
    )


def contractor_detail(contractor: Contractor):
    return contracts_public().filter(contractor=contractor).order_by("-start_date", "id")


def contractors_public():
    return (
        Contractor.objects.public()
        .select_related("country_of_registration")
        .annotate(contract_count=Count("contracts", filter=~Q(contracts__origin="synthetic")))
    )


def moderation_queue():
    """Challenges awaiting moderation, oldest first (for moderators only)."""
    return (
        Challenge.objects.filter(state=ChallengeState.SUBMITTED)
        .select_related("author", "answer__item__version", "answer__contract__contractor")
        .prefetch_related("evidence")
        .order_by("created_at", "id")
    )


def challenges_of(organization_ids):
    """Challenges written by these organizations, in every state (their own list)."""
    return (
        Challenge.objects.filter(author_id__in=organization_ids)
        .select_related("author", "answer__item", "answer__contract")
        .order_by("-created_at", "-id")
    )


def authority_incidents(contract: Contract):
    """Every incident of the contract, for its authority only."""
    return Incident.objects.filter(contract=contract).order_by("-year", "-id")


def export_rows(filters: RegisterFilters) -> list[dict]:
    """One row per contract and answered item, as CSV and JSON exports give them. No
    challenger, no incident summary: published challenges are counted, incidents too."""
    contracts = list(register(filters))
    challenge_counts = dict(
        _published_challenges()
        .filter(answer__contract__in=[c.pk for c in contracts])
        .values_list("answer_id")
        .annotate(n=Count("id"))
        .values_list("answer_id", "n")
    )
    rows = []
    for contract in contracts:
        base = _contract_row(contract)
        answers = list(contract.answers.all()) or [None]
        for answer in answers:
            rows.append({**base, **_answer_row(answer, challenge_counts)})
    return rows


EXPORT_FIELDS = (
    "contract_id",
    "contract_title",
    "contractor",
    "contractor_registered_in",
    "icoca_membership",
    "icoc_signatory",
    "authority",
    "authority_body",
    "country_of_operation",
    "start_date",
    "end_date",
    "value",
    "currency",
    "services",
    "checklist_version",
    "item",
    "answer",
    "published_challenges",
)


def _contract_row(contract: Contract) -> dict:
    country = contract.contractor.country_of_registration
    return {
        "contract_id": contract.pk,
        "contract_title": contract.title,
        "contractor": contract.contractor.name,
        "contractor_registered_in": country.iso3 if country else "",
        "icoca_membership": contract.contractor.icoca_membership,
        "icoc_signatory": contract.contractor.icoc_signatory,
        "authority": str(contract.authority),
        "authority_body": contract.authority_body.name if contract.authority_body else "",
        "country_of_operation": contract.country_of_operation.iso3,
        "start_date": contract.start_date.isoformat() if contract.start_date else "",
        "end_date": contract.end_date.isoformat() if contract.end_date else "",
        "value": str(contract.value) if contract.value is not None else "",
        "currency": contract.currency,
        "services": contract.services,
    }


def _answer_row(answer, challenge_counts: dict) -> dict:
    if answer is None:
        return {"checklist_version": "", "item": "", "answer": "", "published_challenges": 0}
    return {
        "checklist_version": answer.item.version.number,
        "item": answer.item.code,
        "answer": answer.answer,
        "published_challenges": challenge_counts.get(answer.pk, 0),
    }
