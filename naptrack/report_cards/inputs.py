"""Gathering a plan's inputs for the method: plain JSON, sorted, with no timestamps of its
own, so the same facts always give the same inputs (and the same hash). Reads a fixed
number of queries per plan whatever its size.

Implementation inputs come from published official reports only (the latest published
version of each cycle, from its snapshot); nothing unpublished is read, so a card never
reveals a draft report's content.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Sum
from django.urls import reverse
from django.utils import timezone

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.accounts.models import Membership, Organization
from naptrack.contractors.criteria import gather_contractor_inputs
from naptrack.plans.choices import ResponsibilityRole
from naptrack.plans.models import Action, BudgetLine, Indicator, IndicatorTarget, Responsibility
from naptrack.registry.models import ActionPlan, PlanFact, partial_date_text
from naptrack.report_cards.choices import CsoCardState
from naptrack.report_cards.method import (
    ANALYST,
    CIVIL_SOCIETY,
    CODED_FACTS,
    GOVERNMENT,
    PLATFORM,
)
from naptrack.report_cards.models import CoordinatorStatement, CsoCriterionGrade
from naptrack.reporting.choices import ReportState
from naptrack.reporting.models import OfficialReport, ReportingCycle
from naptrack.reporting.validators import decimal_text
from naptrack.shadow_reports.selectors import (
    AgreementRate,
    agreement_rate,
    official_status,
    shadow_reports_for_cycle,
)

# 2: coded facts (method 1.1); 3: provenance, civil-society cards (1.2); 4: contractors (1.3)
INPUTS_SCHEMA = 4


def gather_inputs(plan: ActionPlan, *, now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    cycles = _cycles(plan)
    published = _published(cycles)
    return {
        "schema": INPUTS_SCHEMA,
        "plan": _plan(plan),
        "structure": _structure(plan),
        "facts": _facts(plan),
        "documents": _documents(plan),
        "statements": _statements(plan),
        "cso_cards": _cso_cards(plan),
        "reports": {"cycles_due": _cycles_due(cycles, now.date()), "published": published},
        "agreement": _agreement(plan, cycles, published, now),
        "contractors": gather_contractor_inputs(plan),
    }


def _plan(plan: ActionPlan) -> dict:
    return {
        "id": plan.pk,
        "title": str(plan),
        "owner": str(plan.owner),
        "publication": plan.publication,
        "origin": plan.origin,
        "lead_agency": plan.lead_agency,
        "budget": plan.budget,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "extended_to": plan.extended_to,
        "url": plan.get_absolute_url(),
        "structure_url": reverse("plans:structure", args=[plan.pk]),
    }


# ---- Structure -------------------------------------------------------------------------


def _structure(plan: ActionPlan) -> dict:
    responsibilities = Responsibility.objects.filter(action=OuterRef("pk"))
    actions = Action.objects.filter(plan=plan).aggregate(
        total=Count("pk"),
        with_responsibility=Count("pk", filter=Exists(responsibilities)),
        with_lead=Count("pk", filter=Exists(responsibilities.filter(role=ResponsibilityRole.LEAD))),
        with_indicator=Count("pk", filter=Exists(Indicator.objects.filter(action=OuterRef("pk")))),
    )
    targets = IndicatorTarget.objects.filter(indicator=OuterRef("pk"))
    indicators = Indicator.objects.filter(plan=plan).aggregate(
        total=Count("pk"), with_target=Count("pk", filter=Exists(targets))
    )
    return {
        "actions": actions["total"],
        "actions_with_responsibility": actions["with_responsibility"],
        "actions_with_lead": actions["with_lead"],
        "actions_with_indicator": actions["with_indicator"],
        "indicators": indicators["total"],
        "indicators_with_target": indicators["with_target"],
        "agencies": _agencies(plan),
        "budget": _budget(plan),
    }


def _agencies(plan: ActionPlan) -> list[dict]:
    agencies = (
        Organization.objects.filter(responsibilities__action__plan=plan)
        .distinct()
        .order_by("name", "pk")
        .values("pk", "name", "kind")
    )
    return [{"id": a["pk"], "name": a["name"], "kind": a["kind"]} for a in agencies]


def _budget(plan: ActionPlan) -> dict:
    totals: dict[str, dict[str, str]] = defaultdict(dict)
    rows = (
        BudgetLine.objects.filter(action__plan=plan)
        .values("kind", "currency")
        .annotate(total=Sum("amount"))
        .order_by("kind", "currency")
    )
    for row in rows:
        if row["total"]:
            totals[row["kind"]][row["currency"]] = decimal_text(row["total"])
    return dict(totals)


# ---- Coded facts ---------------------------------------------------------------------------


def _facts(plan: ActionPlan) -> dict:
    """The platform's coding of public sources, by fact code: only the facts the method
    reads, so coding a theme it does not grade leaves the card as it is."""
    found: dict[str, list] = defaultdict(list)
    facts = PlanFact.objects.filter(plan=plan, code__in=CODED_FACTS).order_by(
        "code", "source_url", "pk"
    )
    for fact in facts:
        found[fact.code].append(
            {
                "id": fact.pk,
                "code": fact.code,
                "value": fact.value,
                "source_url": fact.source_url,
                "source_title": fact.source_title,
                "source_publisher": fact.source_publisher,
                "source_date": partial_date_text(fact.source_date, fact.source_precision),
                "quote": fact.quote,
                "location": fact.location,
                "confidence": fact.confidence,
                "coded_by": fact.coded_by,
            }
        )
    return dict(found)


# ---- Documents and statements -------------------------------------------------------------


def _documents(plan: ActionPlan) -> dict:
    """Confirmed passages of the plan's documents, by criterion code, each with who
    supplied its document and who confirmed it."""
    try:
        from naptrack.library.selectors import confirmed_evidence
    except ImportError:  # a deployment without the library's analysis
        return {"available": False, "evidence": {}}
    confirmed = {code: found for code, found in confirmed_evidence(plan).items() if found}
    people = {s.document.uploaded_by_id for found in confirmed.values() for s in found}
    people |= {s.reviewed_by_id for found in confirmed.values() for s in found}
    standing = _standings(plan, people - {None})
    found = {}
    for code, suggestions in confirmed.items():
        found[code] = [_passage(s, standing) for s in sorted(suggestions, key=lambda s: s.pk)]
    return {"available": True, "evidence": found}


def _passage(suggestion, standing: dict[int, str]) -> dict:
    return {
        "id": suggestion.pk,
        "document_id": suggestion.document_id,
        "document": suggestion.document.title,
        "page": suggestion.page_number,
        "passage": suggestion.passage,
        "url": reverse("library:page", args=[suggestion.document_id, suggestion.page_number]),
        "supplied_by": standing.get(suggestion.document.uploaded_by_id, PLATFORM),
        "confirmed_by": standing.get(suggestion.reviewed_by_id, ""),
    }


def _standings(plan: ActionPlan, user_ids: set[int]) -> dict[int, str]:
    """Who each person is to this plan: the graded government (a role scoped to the plan's
    owner, or a member of one of its government agencies) before anything else, since a
    person who is both an analyst and the plan's coordinator confirms as the government;
    then analyst, civil society, platform (admins and moderators). One query."""
    if not user_ids:
        return {}
    owner = {
        "country_id": plan.country_id,
        "regional_organization_id": plan.regional_organization_id,
    }
    roles: dict[int, set[str]] = defaultdict(set)
    rows = Membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id",
        "role",
        "country_id",
        "regional_organization_id",
        "organization__kind",
        "organization__country_id",
    )
    for user_id, role, country, region, org_kind, org_country in rows:
        scoped = (country and country == owner["country_id"]) or (
            region and region == owner["regional_organization_id"]
        )
        own_agency = org_kind == OrganizationKind.GOVERNMENT_AGENCY and (
            org_country and org_country == owner["country_id"]
        )
        if (scoped and role in (Role.COORDINATOR, Role.AGENCY_REPORTER)) or own_agency:
            roles[user_id].add(GOVERNMENT)
        roles[user_id].add(PARTY_OF_ROLE.get(role, ""))
    order = (GOVERNMENT, ANALYST, CIVIL_SOCIETY, PLATFORM)
    return {
        user_id: next((party for party in order if party in found), "")
        for user_id, found in roles.items()
    }


PARTY_OF_ROLE = {
    Role.ANALYST: ANALYST,
    Role.CSO_MEMBER: CIVIL_SOCIETY,
    Role.PLATFORM_ADMIN: PLATFORM,
    Role.MODERATOR: PLATFORM,
}


def _cso_cards(plan: ActionPlan) -> dict:
    """Published civil-society cards' results, by criterion: a card giving the same result
    as the government's own confirmation confirms it (method 1.2). Unknown is left out."""
    found: dict[str, list] = defaultdict(list)
    grades = (
        CsoCriterionGrade.objects.filter(card__plan=plan, card__state=CsoCardState.PUBLISHED)
        .exclude(result="unknown")
        .select_related("card__organization")
        .order_by("criterion", "card_id")
    )
    for grade in grades:
        found[grade.criterion].append(
            {
                "card_id": grade.card_id,
                "byline": grade.card.public_byline,
                "result": grade.result,
                "reason": grade.reason,
                "url": grade.card.get_absolute_url(),
            }
        )
    return dict(found)


def _statements(plan: ActionPlan) -> dict:
    found: dict[str, list] = defaultdict(list)
    statements = CoordinatorStatement.objects.filter(plan=plan, is_current=True).order_by("pk")
    for statement in statements:
        found[statement.criterion].append(
            {
                "id": statement.pk,
                "claim": statement.claim,
                "text": statement.text,
                "link": statement.link,
                "signed_at": statement.signed_at.isoformat(),
            }
        )
    return dict(found)


# ---- Reporting -------------------------------------------------------------------------


def _cycles(plan: ActionPlan) -> list[ReportingCycle]:
    published = OfficialReport.objects.filter(state=ReportState.PUBLISHED).order_by("version")
    return list(
        ReportingCycle.objects.filter(plan=plan)
        .prefetch_related(Prefetch("reports", published, to_attr="published_versions"))
        .order_by("period_start", "pk")
    )


def _report_url(report: OfficialReport, cycle: ReportingCycle) -> str:
    return reverse("reporting:report", args=[cycle.plan_id, cycle.pk, report.version])


def _cycles_due(cycles: list[ReportingCycle], today: datetime.date) -> list[dict]:
    """Cycles past their due date or already reported on: the ones timeliness judges."""
    due = []
    for cycle in cycles:
        versions = cycle.published_versions
        if not versions and cycle.due_date >= today:
            continue
        first = min((r.published_at for r in versions), default=None)
        url = _report_url(versions[-1], cycle) if versions else ""
        due.append(
            {
                "cycle_id": cycle.pk,
                "label": cycle.label,
                "due_date": cycle.due_date.isoformat(),
                "first_published_on": first.date().isoformat() if first else None,
                "url": url or reverse("reporting:reports", args=[cycle.plan_id]),
            }
        )
    return due


def _indicators(actions: list[dict]) -> list[dict]:
    found: dict[int, dict] = {}
    for action in actions:
        for update in sorted(action["updates"], key=lambda u: u["role"] != "lead"):
            for indicator in update.get("indicators", []):
                previous = found.get(indicator["id"])
                if previous is None or (previous["value"] is None and indicator["reported"]):
                    found[indicator["id"]] = {
                        "id": indicator["id"],
                        "code": indicator["code"],
                        "baseline": indicator["baseline"],
                        "target": (indicator["target"] or {}).get("value"),
                        "value": indicator["value"],
                    }
    return [found[key] for key in sorted(found)]


def _report_summary(cycle: ReportingCycle, report: OfficialReport) -> dict:
    actions = report.snapshot.get("actions", [])
    statuses: dict[str, int] = defaultdict(int)
    for action in actions:
        status = official_status(action["updates"])
        if status:
            statuses[status] += 1
    return {
        "cycle_id": cycle.pk,
        "label": cycle.label,
        "period_end": cycle.period_end.isoformat(),
        "report_id": report.pk,
        "version": report.version,
        "url": _report_url(report, cycle),
        "actions": len(actions),
        "actions_with_approved_update": sum(
            1 for a in actions if any(u.get("approved") for u in a["updates"])
        ),
        "status_by_action": dict(sorted(statuses.items())),
        "indicators": _indicators(actions),
        # Approved spending by currency, summed when the snapshot was compiled.
        "spending": report.snapshot.get("totals", {}).get("spending", {}),
    }


def _published(cycles: list[ReportingCycle]) -> list[dict]:
    """The latest published version of each cycle, oldest cycle first. Only the latest
    report's indicators are kept: the method reads no others, and every card stores them."""
    summaries = [
        _report_summary(cycle, cycle.published_versions[-1])
        for cycle in cycles
        if cycle.published_versions
    ]
    for summary in summaries[:-1]:
        summary["indicators"] = []
    return summaries


def _agreement(plan, cycles, published: list[dict], now) -> dict | None:
    if not published:
        return None
    cycle = next(c for c in cycles if c.pk == published[-1]["cycle_id"])
    # Without a public shadow report nothing can be compared (agreement_rate says 0, 0, 0):
    # skip building the side-by-side view, which decodes the snapshot again.
    rate = AgreementRate(0, 0, 0)
    if shadow_reports_for_cycle(plan, cycle, now).exists():
        rate = agreement_rate(plan, cycle, now=now)
    return {
        "cycle_id": cycle.pk,
        "label": cycle.label,
        "agrees": rate.agrees,
        "diverges": rate.diverges,
        "not_comparable": rate.not_comparable,
        "url": reverse("shadow_reports:side_by_side", args=[plan.pk]) + f"?cycle={cycle.pk}",
    }
