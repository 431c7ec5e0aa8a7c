"""The report-card method: criteria as data, each a small pure function from the gathered
inputs (naptrack/report_cards/inputs.py) to a result, its evidence and an explanation,
and the aggregation of results into two grades. Nothing here touches the database, so
a card can be recomputed from its stored inputs and the method tested on hand-built ones.

Change anything that can change a grade — a rule, a threshold, a criterion — and raise
METHOD_VERSION: every card stores its version, its inputs and a description of its method
(`method_description()`), so an old grade stays explainable. See docs/report-cards.md.

Explanations and evidence labels are stored as an English template plus parameters and
translated when shown (templatetags/report_cards.py), so a stored card reads in the
visitor's language as long as its template still exists in the catalogue.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_noop as N_

from naptrack.report_cards.choices import Claim, Kind, Result

METHOD_VERSION = "1.3"  # 1.3: contractor compliance (implementation)

# A grade is given only when at least this share of a dimension's criteria is known.
MIN_COVERAGE = Decimal("0.5")
# Shares (of reports on time, of actions on track …) at or above SHARE_MET are met, at or
# above SHARE_PARTLY partly met, below it not met.
SHARE_MET = Decimal("0.8")
SHARE_PARTLY = Decimal("0.4")
POINTS = {Result.MET: Decimal(1), Result.PARTLY: Decimal("0.5"), Result.NOT_MET: Decimal(0)}
# Letter for a score (0–1): the first band whose floor the score reaches.
GRADE_BANDS = (
    ("A", Decimal("0.8")),
    ("B", Decimal("0.6")),
    ("C", Decimal("0.4")),
    ("D", Decimal("0.2")),
    ("E", Decimal(0)),
)
STRENGTH = {Result.MET: 3, Result.PARTLY: 2, Result.NOT_MET: 1, Result.UNKNOWN: 0}
FOUR_PLACES = Decimal("0.0001")

# Words in an agency's name (accents and case ignored) that place it in a group.
SECURITY_GROUPS = {
    "foreign_affairs": (
        "foreign",
        "external affairs",
        "international relations",
        "affaires etrangeres",
        "relaciones exteriores",
        "asuntos exteriores",
    ),
    "defence": ("defence", "defense", "defensa", "armed forces", "military", "forces armees"),
    "police_security": (
        "police",
        "policia",
        "interior",
        "home affairs",
        "internal security",
        "public security",
        "securite",
        "seguridad",
        "gendarmerie",
        "border",
        "intelligence",
    ),
}
HIGHEST_LEVEL = (
    "president",
    "presidency",
    "presidential",
    "prime minister",
    "head of state",
    "head of government",
    "cabinet",
    "chancellery",
    "chancellor",
)
CSO_KINDS = ("cso", "coalition")

# Platform coding from public sources (the registry's coded facts): which facts speak to
# which design criterion. Version 1.1 added this source; docs/report-cards.md lists it.
FACT_CRITERIA = {
    "participation": ("cso_drafting",),
    "political_ownership": ("lead_agency",),
    "security_sector": ("responsible_agencies", "lead_agency"),
    "monitoring": ("monitoring_framework", "indicators"),
    "legislature": ("parliament_reporting",),
    "budget": ("budget",),
    "civil_society_monitoring": ("cso_monitoring",),
    "inclusion": ("inclusion",),
    "policy_integration": ("policy_integration",),
    "private_sector": ("private_sector",),
    "peer_learning": ("peer_learning",),
    "disarmament": ("theme_disarmament",),
}
CODED_FACTS = tuple(sorted({code for codes in FACT_CRITERIA.values() for code in codes}))
FACT_RESULTS = {
    "yes": Result.MET,
    "partly": Result.PARTLY,
    "no": Result.NOT_MET,
    "allocated": Result.MET,
    "estimated": Result.PARTLY,
    "not_allocated": Result.NOT_MET,
}
# Indicators alone do not show who answers for each action: at most partly met.
INDICATOR_RESULTS = {"yes": Result.PARTLY, "no": Result.NOT_MET}

# Who supplied and who confirmed a piece of evidence (method 1.2). "" for confirmed_by: the
# plan's or a report's published record, not confirmed separately.
GOVERNMENT, CIVIL_SOCIETY, PLATFORM, ANALYST = "government", "civil_society", "platform", "analyst"
PARTIES = (GOVERNMENT, CIVIL_SOCIETY, PLATFORM, ANALYST)
# Default (supplied_by, confirmed_by) of each kind of evidence; a document passage names its
# own, from who uploaded the document and who confirmed the passage (inputs.py).
PROVENANCE = {
    "field": (GOVERNMENT, ""),
    "structure": (GOVERNMENT, ""),
    "document": ("", ""),
    "statement": (GOVERNMENT, GOVERNMENT),
    "coded": (PLATFORM, PLATFORM),
    "report": (GOVERNMENT, ""),
    "shadow": (CIVIL_SOCIETY, ""),
    "cso_card": (CIVIL_SOCIETY, CIVIL_SOCIETY),
}
# Since 1.2 a criterion resting only on the graded government's own confirmation (its
# coordinators' statements, passages only its coordinators confirmed) is self-reported and
# counts at most as partly met, until civil society or an analyst confirms it.
SELF_REPORTED_CAP = Result.PARTLY


@dataclass
class Outcome:
    result: str
    explanation: dict
    evidence: list[dict] = field(default_factory=list)
    claimed: str = ""  # what a self-reported source claims, before the cap; "" = result
    counted: bool = True  # False: the criterion does not apply to this plan (not in the grade)

    @property
    def self_reported(self) -> bool:
        """Every piece of evidence confirmed by the graded government only."""
        return bool(self.evidence) and all(
            item.get("confirmed_by") == GOVERNMENT for item in self.evidence
        )


@dataclass(frozen=True)
class Criterion:
    code: str
    kind: str
    label: str  # English; translated when shown
    scoring: str  # how it is scored, English; translated when shown
    inputs: tuple[str, ...]
    evaluate: Callable[[dict], Outcome]


def explain(template: str, /, **params) -> dict:
    return {"template": template, "params": params}


def evidence(
    kind: str,
    label: str,
    /,
    *,
    url: str = "",
    quote: str = "",
    supplied_by: str | None = None,
    confirmed_by: str | None = None,
    **params,
) -> dict:
    """One piece of evidence. `kind`: field, structure, document, statement, report, shadow,
    coded (a fact coded by the platform from a public source), cso_card (a published
    civil-society card). Each names who supplied and who confirmed it (PROVENANCE); what
    only the graded government confirmed is self-reported, and the card says so."""
    default_supplier, default_confirmer = PROVENANCE[kind]
    confirmed_by = default_confirmer if confirmed_by is None else confirmed_by
    return {
        "kind": kind,
        "label": label,
        "params": params,
        "url": url,
        "quote": quote,
        "supplied_by": default_supplier if supplied_by is None else supplied_by,
        "confirmed_by": confirmed_by,
        "self_reported": confirmed_by == GOVERNMENT,
    }


# ---- Numbers ---------------------------------------------------------------------------


def dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def ratio(part, whole) -> Decimal | None:
    part, whole = dec(part), dec(whole)
    if part is None or not whole:
        return None
    return (part / whole).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def percent_text(share: Decimal | None) -> str:
    if share is None:
        return "?"
    return str((share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share_result(share: Decimal | None) -> str:
    if share is None:
        return Result.UNKNOWN
    if share >= SHARE_MET:
        return Result.MET
    if share >= SHARE_PARTLY:
        return Result.PARTLY
    return Result.NOT_MET


def normalized(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def mentions(text: str, words) -> list[str]:
    plain = normalized(text)
    return [w for w in words if re.search(rf"\b{re.escape(w)}", plain)]


# ---- Sources every design criterion can use -------------------------------------------------


def documents_source(inputs: dict, code: str) -> Outcome | None:
    """Confirmed passages of the plan's documents (library): any one makes it met. Passages
    that only the graded government's coordinators confirmed are self-reported and weigh
    as combine() says; the other passages form their own, stronger source."""
    found = inputs["documents"]["evidence"].get(code, [])
    if not found:
        return None
    items = [
        evidence(
            "document",
            N_("%(document)s, page %(page)s"),
            url=item["url"],
            quote=item["passage"],
            supplied_by=item.get("supplied_by", ""),
            confirmed_by=item.get("confirmed_by", ""),
            document=item["document"],
            page=item["page"],
        )
        for item in found
    ]
    return Outcome(
        Result.MET,
        explain(N_("%(n)s confirmed passage(s) of the plan's documents show it."), n=len(found)),
        items,
    )


def documents_sources(inputs: dict, code: str) -> list[Outcome | None]:
    """Passages confirmed independently, and passages only the government confirmed."""
    whole = documents_source(inputs, code)
    if whole is None:
        return []
    independent = [i for i in whole.evidence if not i["self_reported"]]
    own = [i for i in whole.evidence if i["self_reported"]]
    text = N_("%(n)s confirmed passage(s) of the plan's documents show it.")
    return [
        Outcome(Result.MET, explain(text, n=len(items)), items) if items else None
        for items in (independent, own)
    ]


STATEMENT_LABELS = {
    Claim.MET: N_("A coordinator's signed statement of %(date)s (self-reported): met"),
    Claim.PARTLY: N_("A coordinator's signed statement of %(date)s (self-reported): partly met"),
    Claim.NOT_MET: N_("A coordinator's signed statement of %(date)s (self-reported): not met"),
}


def statements_source(inputs: dict, code: str) -> Outcome | None:
    """A coordinator's signed statement: self-reported, so "met" counts as partly met until
    a document or a structured field confirms it; "not met" counts as said."""
    found = inputs["statements"].get(code, [])
    if not found:
        return None
    latest = found[-1]
    items = [
        evidence(
            "statement",
            STATEMENT_LABELS[item["claim"]],
            url=item["link"],
            quote=item["text"],
            date=item["signed_at"][:10],
        )
        for item in found
    ]
    if latest["claim"] == Claim.NOT_MET:
        return Outcome(Result.NOT_MET, explain(N_("A coordinator states it is not met.")), items)
    text = N_(
        "Only a coordinator's statement (self-reported) supports it; it counts as partly met "
        "until civil society, an analyst or an independent source confirms it."
    )
    return Outcome(Result.PARTLY, explain(text), items, claimed=latest["claim"])


def coded_evidence(fact: dict) -> dict:
    label = N_(
        "Coded by the platform from public sources: %(fact)s = %(value)s; %(source)s, "
        "%(location)s (%(confidence)s confidence)"
    )
    source = ", ".join(
        filter(
            None,
            (
                fact["source_title"] or fact["source_url"],
                fact["source_publisher"],
                fact["source_date"],
            ),
        )
    )
    return evidence(
        "coded",
        label,
        url=fact["source_url"],
        quote=fact["quote"],
        fact=fact["code"],
        value=fact["value"],
        source=source,
        location=fact["location"] or "—",
        confidence=fact["confidence"],
    )


def _coded(inputs: dict, code: str) -> list[dict]:
    return inputs.get("facts", {}).get(code, [])


def coded_source(inputs: dict, code: str, results: dict = FACT_RESULTS) -> Outcome | None:
    """A coded fact says yes, partly or no (or how the budget stands): the strongest one
    decides, as between any sources; every one is kept as evidence."""
    facts = [f for f in _coded(inputs, code) if f["value"] in results]
    if not facts:
        return None
    best = max(facts, key=lambda f: STRENGTH[results[f["value"]]])
    text = N_("Platform coding from public sources: %(fact)s is %(value)s.")
    return Outcome(
        results[best["value"]],
        explain(text, fact=code, value=best["value"]),
        [coded_evidence(f) for f in facts],
    )


def coded_sources(inputs: dict, criterion: str) -> list[Outcome | None]:
    return [coded_source(inputs, code) for code in FACT_CRITERIA.get(criterion, ())]


def unknown_outcome(inputs: dict) -> Outcome:
    if not inputs["documents"]["available"]:
        return Outcome(
            Result.UNKNOWN,
            explain(
                N_(
                    "Nothing recorded says whether it is met: no structured field, and no "
                    "coordinator statement (document analysis is not available)."
                )
            ),
        )
    return Outcome(
        Result.UNKNOWN,
        explain(
            N_(
                "Nothing recorded says whether it is met: no structured field, no confirmed "
                "document passage and no coordinator statement."
            )
        ),
    )


SELF_REPORTED_TEXT = N_(
    "Only the government's own confirmation supports it (self-reported): it counts as partly "
    "met until civil society or an analyst confirms it."
)


def capped(outcome: Outcome) -> Outcome:
    """A self-reported source counts at most as SELF_REPORTED_CAP (method 1.2)."""
    if not outcome.self_reported or STRENGTH[outcome.result] <= STRENGTH[SELF_REPORTED_CAP]:
        return outcome
    return Outcome(
        SELF_REPORTED_CAP, explain(SELF_REPORTED_TEXT), outcome.evidence, claimed=outcome.result
    )


def combine(inputs: dict, *outcomes: Outcome | None) -> Outcome:
    """The strongest result any source supports, a self-reported source capped first; at
    equal strength an independent source decides. All sources' evidence is kept. A source
    that says nothing is left out, so unknown never counts as a pass or a fail."""
    known = [capped(o) for o in outcomes if o is not None and o.result != Result.UNKNOWN]
    if not known:
        return unknown_outcome(inputs)
    deciding = max(known, key=lambda o: (STRENGTH[o.result], not o.self_reported))
    everything = [item for o in known for item in o.evidence]
    if not deciding.self_reported:
        return Outcome(deciding.result, deciding.explanation, everything)
    # Self-reported: the criterion rests on the government's confirmation alone, so only
    # the government's evidence is shown as deciding; the rest (weaker) is kept after it.
    rest = [item for item in everything if item not in deciding.evidence]
    return Outcome(
        deciding.result, deciding.explanation, deciding.evidence + rest, deciding.claimed
    )


CSO_CONFIRMED_TEXT = N_(
    "The government's own confirmation is backed by %(n)s published civil-society report "
    "card(s) giving the same result, so it counts as said."
)
CSO_CARD_LABEL = N_("Civil-society report card by %(byline)s: %(result)s")


def civil_society_confirmation(inputs: dict, code: str, outcome: Outcome) -> Outcome:
    """A self-reported result that a published civil-society card gives the same result
    (uncapped: what the government claimed) is confirmed by civil society (method 1.2)."""
    if not outcome.self_reported:
        return outcome
    claimed = outcome.claimed or outcome.result
    agreeing = [c for c in inputs.get("cso_cards", {}).get(code, []) if c["result"] == claimed]
    if not agreeing:
        return outcome
    items = [
        evidence(
            "cso_card",
            CSO_CARD_LABEL,
            url=card["url"],
            quote=card["reason"],
            byline=card["byline"],
            result=card["result"],
        )
        for card in agreeing
    ]
    return Outcome(
        claimed,
        explain(CSO_CONFIRMED_TEXT, n=len(agreeing)),
        outcome.evidence + items,
        counted=outcome.counted,
    )


def document_criterion(code: str) -> Callable[[dict], Outcome]:
    def evaluate(inputs: dict) -> Outcome:
        return combine(
            inputs,
            *coded_sources(inputs, code),
            *documents_sources(inputs, code),
            statements_source(inputs, code),
        )

    return evaluate


# ---- Design criteria with structured sources ---------------------------------------------


def _plan_url(inputs: dict) -> str:
    return inputs["plan"]["url"]


def _structure_url(inputs: dict) -> str:
    return inputs["plan"]["structure_url"]


HIGHEST_LEVEL_TEXT = N_("The lead agency is at the highest political level: %(lead)s.")


MINISTERIAL_LEAD_TEXT = N_(
    "A ministry or agency leads the plan (%(lead)s): ownership below the highest political level."
)


def _ownership_outcome(lead: str, evidence_items: list[dict]) -> Outcome:
    """Met when the lead is at the highest political level; a named lead below it shows
    ownership at ministerial level only: partly met (method 1.1)."""
    if mentions(lead, HIGHEST_LEVEL):
        return Outcome(Result.MET, explain(HIGHEST_LEVEL_TEXT, lead=lead), evidence_items)
    return Outcome(Result.PARTLY, explain(MINISTERIAL_LEAD_TEXT, lead=lead), evidence_items)


def political_ownership(inputs: dict) -> Outcome:
    lead = inputs["plan"]["lead_agency"]
    field = None
    if lead:
        field_evidence = evidence(
            "field", N_("Lead agency: %(lead)s"), url=_plan_url(inputs), lead=lead
        )
        field = _ownership_outcome(lead, [field_evidence])
    coded = [
        _ownership_outcome(fact["value"], [coded_evidence(fact)])
        for fact in _coded(inputs, "lead_agency")
    ]
    return combine(
        inputs,
        field,
        *coded,
        *documents_sources(inputs, "political_ownership"),
        statements_source(inputs, "political_ownership"),
    )


def _coded_agencies(inputs: dict) -> list[str]:
    names = [f["value"] for f in _coded(inputs, "lead_agency")]
    for fact in _coded(inputs, "responsible_agencies"):
        names += [name.strip() for name in fact["value"].split(";") if name.strip()]
    return names


def _security_groups(inputs: dict) -> dict[str, list[str]]:
    names = [a["name"] for a in inputs["structure"]["agencies"]] + _coded_agencies(inputs)
    if inputs["plan"]["lead_agency"]:
        names.append(inputs["plan"]["lead_agency"])
    found: dict[str, list[str]] = {}
    for group, words in SECURITY_GROUPS.items():
        matching = sorted({name for name in names if mentions(name, words)})
        if matching:
            found[group] = matching
    return found


def security_sector(inputs: dict) -> Outcome:
    groups = _security_groups(inputs)
    coded = _coded(inputs, "responsible_agencies")
    recorded = inputs["structure"]["actions_with_responsibility"] > 0 or bool(coded)
    from_structure = {a["name"] for a in inputs["structure"]["agencies"]}
    items = [
        evidence(
            "structure", N_("Responsible agency: %(name)s"), url=_structure_url(inputs), name=n
        )
        for n in sorted({n for names in groups.values() for n in names} & from_structure)
    ]
    items += [coded_evidence(f) for f in coded + _coded(inputs, "lead_agency")]
    params = {"n": len(groups), "total": len(SECURITY_GROUPS)}
    source = None
    if len(groups) == len(SECURITY_GROUPS):
        text = N_("Foreign affairs, defence and police or security agencies are all involved.")
        source = Outcome(Result.MET, explain(text), items)
    elif groups:
        text = N_(
            "%(n)s of the %(total)s groups (foreign affairs, defence, police/security) "
            "are involved."
        )
        source = Outcome(Result.PARTLY, explain(text, **params), items)
    elif recorded:
        text = N_(
            "The plan's lines of accountability name no foreign-affairs, defence, police "
            "or security agency."
        )
        source = Outcome(Result.NOT_MET, explain(text), items)
    return combine(
        inputs,
        source,
        *documents_sources(inputs, "security_sector"),
        statements_source(inputs, "security_sector"),
    )


def monitoring(inputs: dict) -> Outcome:
    s = inputs["structure"]
    source = None
    if s["actions"]:
        lead_share = ratio(s["actions_with_lead"], s["actions"])
        indicator_share = ratio(s["actions_with_indicator"], s["actions"])
        params = {
            "actions": s["actions"],
            "lead": s["actions_with_lead"],
            "indicators": s["actions_with_indicator"],
            "targets": s["indicators_with_target"],
            "indicator_total": s["indicators"],
        }
        text = N_(
            "Of %(actions)s actions, %(lead)s have a lead agency and %(indicators)s at least "
            "one indicator; %(targets)s of %(indicator_total)s indicators have a target."
        )
        if lead_share >= SHARE_MET and indicator_share >= SHARE_MET:
            result = Result.MET
        elif s["actions_with_lead"] == 0 and s["actions_with_indicator"] == 0:
            result = Result.NOT_MET
        else:
            result = Result.PARTLY
        item = evidence("structure", N_("The plan's structure"), url=_structure_url(inputs))
        source = Outcome(result, explain(text, **params), [item])
    return combine(
        inputs,
        source,
        coded_source(inputs, "monitoring_framework"),
        coded_source(inputs, "indicators", INDICATOR_RESULTS),
        *documents_sources(inputs, "monitoring"),
        statements_source(inputs, "monitoring"),
    )


def _amounts_text(amounts: dict) -> str:
    return ", ".join(f"{amount} {currency}" for currency, amount in sorted(amounts.items()))


BUDGET_FIELD_LABELS = {
    "allocated": N_("Registry: budget allocated"),
    "not_allocated": N_("Registry: no budget allocated"),
}
BUDGET_LINE_LABELS = {
    "allocated": N_("Allocated budget lines: %(amounts)s"),
    "estimated": N_("Estimated costs: %(amounts)s"),
}


def budget(inputs: dict) -> Outcome:
    field_value = inputs["plan"]["budget"]
    lines = inputs["structure"]["budget"]
    items = []
    if field_value in BUDGET_FIELD_LABELS:
        items.append(evidence("field", BUDGET_FIELD_LABELS[field_value], url=_plan_url(inputs)))
    for kind, label in BUDGET_LINE_LABELS.items():
        if lines.get(kind):
            items.append(
                evidence(
                    "structure",
                    label,
                    url=_structure_url(inputs),
                    amounts=_amounts_text(lines[kind]),
                )
            )
    source = None
    if lines.get("allocated"):
        source = Outcome(
            Result.MET,
            explain(
                N_("Budget lines allocate %(amounts)s."), amounts=_amounts_text(lines["allocated"])
            ),
            items,
        )
    elif field_value == "allocated":
        source = Outcome(
            Result.MET, explain(N_("The registry records an allocated budget.")), items
        )
    elif lines.get("estimated"):
        text = N_("Only estimated costs are recorded (%(amounts)s), no allocation.")
        source = Outcome(
            Result.PARTLY, explain(text, amounts=_amounts_text(lines["estimated"])), items
        )
    elif field_value == "not_allocated":
        text = N_("The registry records that no budget is allocated.")
        source = Outcome(Result.NOT_MET, explain(text), items)
    return combine(
        inputs,
        source,
        coded_source(inputs, "budget"),
        *documents_sources(inputs, "budget"),
        statements_source(inputs, "budget"),
    )


def civil_society_monitoring(inputs: dict) -> Outcome:
    csos = [a["name"] for a in inputs["structure"]["agencies"] if a["kind"] in CSO_KINDS]
    source = None
    if csos:
        items = [
            evidence(
                "structure",
                N_("Responsible organization: %(name)s"),
                url=_structure_url(inputs),
                name=n,
            )
            for n in csos
        ]
        text = N_("Civil-society organizations hold lines of accountability in the plan.")
        source = Outcome(Result.MET, explain(text), items)
    return combine(
        inputs,
        source,
        coded_source(inputs, "cso_monitoring"),
        *documents_sources(inputs, "civil_society_monitoring"),
        statements_source(inputs, "civil_society_monitoring"),
    )


# ---- Implementation criteria: published official reports only ------------------------------


def _report_items(reports: list[dict]) -> list[dict]:
    return [
        evidence(
            "report",
            N_("Official report %(label)s, version %(version)s"),
            url=r["url"],
            label=r["label"],
            version=r["version"],
        )
        for r in reports
    ]


def on_time(inputs: dict) -> Outcome:
    due = inputs["reports"]["cycles_due"]
    if not due:
        return Outcome(
            Result.UNKNOWN, explain(N_("No report was due yet and none has been published."))
        )
    punctual = [
        c for c in due if c["first_published_on"] and c["first_published_on"] <= c["due_date"]
    ]
    share = ratio(len(punctual), len(due))
    text = N_("%(on_time)s of %(due)s reports due were published by their due date (%(pct)s%%).")
    items = [
        evidence(
            "report",
            N_("Cycle %(label)s: due %(due)s, first published %(published)s"),
            url=c["url"],
            label=c["label"],
            due=c["due_date"],
            published=c["first_published_on"] or "—",
        )
        for c in due
    ]
    params = {"on_time": len(punctual), "due": len(due), "pct": percent_text(share)}
    return Outcome(share_result(share), explain(text, **params), items)


def completeness(inputs: dict) -> Outcome:
    published = inputs["reports"]["published"]
    actions = sum(r["actions"] for r in published)
    if not actions:
        return Outcome(
            Result.UNKNOWN, explain(N_("No published official report covers any action."))
        )
    approved = sum(r["actions_with_approved_update"] for r in published)
    share = ratio(approved, actions)
    text = N_(
        "%(approved)s of %(actions)s actions in published reports have an approved update "
        "(%(pct)s%%)."
    )
    params = {"approved": approved, "actions": actions, "pct": percent_text(share)}
    return Outcome(share_result(share), explain(text, **params), _report_items(published))


def _latest(inputs: dict) -> dict | None:
    published = inputs["reports"]["published"]
    return published[-1] if published else None


def progress(inputs: dict) -> Outcome:
    latest = _latest(inputs)
    statuses = latest["status_by_action"] if latest else {}
    known = sum(statuses.values())
    if not known:
        return Outcome(
            Result.UNKNOWN,
            explain(N_("No published official report states the status of any action.")),
        )
    good = statuses.get("completed", 0) + statuses.get("on_track", 0)
    share = ratio(good, known)
    text = N_(
        "In the latest published report (%(label)s), %(good)s of %(known)s actions with a "
        "stated status are completed or on track (%(pct)s%%); %(unknown)s have none."
    )
    params = {
        "label": latest["label"],
        "good": good,
        "known": known,
        "pct": percent_text(share),
        "unknown": latest["actions"] - known,
    }
    return Outcome(share_result(share), explain(text, **params), _report_items([latest]))


def _reached(indicator: dict) -> bool | None:
    value, target = dec(indicator["value"]), dec(indicator["target"])
    start = dec(indicator["baseline"]) or Decimal(0)
    if value is None or target is None or target == start:
        return None
    return (value - start) / (target - start) >= 1


def indicators(inputs: dict) -> Outcome:
    latest = _latest(inputs)
    found = latest["indicators"] if latest else []
    reached = [_reached(i) for i in found]
    comparable = [r for r in reached if r is not None]
    if not comparable:
        return Outcome(
            Result.UNKNOWN,
            explain(
                N_("No indicator in the latest published report has both a value and a target.")
            ),
        )
    share = ratio(sum(comparable), len(comparable))
    text = N_(
        "In the latest published report (%(label)s), %(reached)s of %(compared)s indicators "
        "with a value and a target reached it (%(pct)s%%); %(unknown)s could not be compared."
    )
    params = {
        "label": latest["label"],
        "reached": sum(comparable),
        "compared": len(comparable),
        "pct": percent_text(share),
        "unknown": len(found) - len(comparable),
    }
    return Outcome(share_result(share), explain(text, **params), _report_items([latest]))


def _elapsed_share(inputs: dict) -> Decimal | None:
    """The share of the plan's period that its published reports cover."""
    plan, latest = inputs["plan"], _latest(inputs)
    start, end = plan["period_start"], plan["extended_to"] or plan["period_end"]
    if not (start and end and latest):
        return None
    covered = int(latest["period_end"][:4]) - start + 1
    return min(Decimal(1), max(Decimal(0), ratio(covered, end - start + 1)))


def budget_execution(inputs: dict) -> Outcome:
    allocated = inputs["structure"]["budget"].get("allocated", {})
    published = inputs["reports"]["published"]
    spent: dict[str, Decimal] = {}
    for report in published:
        for currency, amount in report["spending"].items():
            spent[currency] = spent.get(currency, Decimal(0)) + dec(amount)
    currencies = sorted(set(allocated) & set(spent))
    elapsed = _elapsed_share(inputs)
    if not currencies or not elapsed:
        text = N_(
            "Execution is unknown: it needs allocated budget lines, spending in approved "
            "updates of published reports in the same currency, and the plan's period."
        )
        return Outcome(Result.UNKNOWN, explain(text))
    currency = max(currencies, key=lambda c: dec(allocated[c]))
    executed = ratio(spent[currency], allocated[currency])
    pace = ratio(executed, elapsed)
    text = N_(
        "%(spent)s of %(allocated)s %(currency)s allocated was spent (%(pct)s%%) while the "
        "published reports cover %(elapsed)s%% of the plan's period."
    )
    params = {
        "spent": str(spent[currency]),
        "allocated": allocated[currency],
        "currency": currency,
        "pct": percent_text(executed),
        "elapsed": percent_text(elapsed),
    }
    return Outcome(share_result(pace), explain(text, **params), _report_items(published))


def agreement(inputs: dict) -> Outcome:
    found = inputs["agreement"]
    compared = (found["agrees"] + found["diverges"]) if found else 0
    if not compared:
        text = N_("No public shadow assessment could be compared with a published official report.")
        return Outcome(Result.UNKNOWN, explain(text))
    share = ratio(found["agrees"], compared)
    text = N_(
        "For cycle %(label)s, %(agrees)s of %(compared)s comparable shadow assessments agree "
        "with the official report (%(pct)s%%)."
    )
    params = {
        "label": found["label"],
        "agrees": found["agrees"],
        "compared": compared,
        "pct": percent_text(share),
    }
    item = evidence(
        "shadow",
        N_("Official and shadow reports side by side, %(label)s"),
        url=found["url"],
        label=found["label"],
    )
    return Outcome(share_result(share), explain(text, **params), [item])


def contractor_compliance(inputs: dict) -> Outcome:
    """The contractors register's criterion (naptrack/contractors/criteria.py, method 1.3).
    Imported here, not at the top: contractors.criteria imports this module."""
    from naptrack.contractors import criteria

    if "contractors" not in inputs:  # inputs stored before 1.3 have no such section
        return Outcome(
            Result.UNKNOWN, explain(N_("Not assessed before method 1.3.")), counted=False
        )
    if not inputs["contractors"].get("contracts"):
        # Most governments contract no security company that the register knows of: an
        # empty register says nothing about the plan, so it neither helps nor hurts.
        return Outcome(
            Result.UNKNOWN,
            explain(N_("No contract of this plan's owner is in the register: not counted.")),
            counted=False,
        )
    return criteria.contractor_compliance(inputs)


# ---- The registry ------------------------------------------------------------------------

DOCS = ("documents", "statements", "cso_cards")
DOC_SCORING = N_(
    "Met when the platform's coding of public sources says yes or an analyst confirmed a "
    "passage of the plan's documents; partly met when the coding says partly, or only the "
    "government's own confirmation (a coordinator's statement or passage) claims it "
    "(self-reported), unless a published civil-society card gives the same result; not met "
    "when the coding or a statement says no; the strongest source decides; otherwise unknown."
)


def _design(code, label, scoring=DOC_SCORING, inputs=DOCS, evaluate=None) -> Criterion:
    facts = tuple(f"facts.{fact}" for fact in FACT_CRITERIA.get(code, ()))
    return Criterion(
        code, Kind.DESIGN, label, scoring, facts + inputs, evaluate or document_criterion(code)
    )


def _implementation(code, label, scoring, inputs, evaluate) -> Criterion:
    return Criterion(code, Kind.IMPLEMENTATION, label, scoring, inputs, evaluate)


CRITERIA: tuple[Criterion, ...] = (
    _design(
        "participation", N_("Drafted with civil society in a participatory, transparent process")
    ),
    _design(
        "political_ownership",
        N_("Highest-level political ownership"),
        N_(
            "Met when the lead agency, recorded or coded from public sources, is a head of "
            "state's or government's office; partly met when a ministry or other agency "
            "leads; or as for document criteria."
        ),
        ("plan.lead_agency", *DOCS),
        political_ownership,
    ),
    _design(
        "security_sector",
        N_("Foreign affairs, defence, police and other security agencies involved"),
        N_(
            "Responsible agencies and the lead agency, from the plan's structure or coded from "
            "public sources, are matched by name to three groups (foreign affairs, defence, "
            "police/security): all three met, one or two partly, none (with responsibilities "
            "recorded or coded) not met; documents and statements as usual."
        ),
        ("structure.agencies", "plan.lead_agency", *DOCS),
        security_sector,
    ),
    _design("policy_integration", N_("Integrated with law and national policies")),
    _design(
        "monitoring",
        N_("Monitoring with indicators and lines of accountability"),
        N_(
            "Met when at least 80% of actions have a lead agency and at least 80% an indicator; "
            "not met when no action has either; partly met in between. Coded from public "
            "sources: a monitoring framework yes met, partly partly met, no not met; "
            "indicators alone yes partly met, no not met. Otherwise as for document criteria."
        ),
        ("structure.actions", "structure.responsibilities", "structure.indicators", *DOCS),
        monitoring,
    ),
    _design("legislature", N_("Periodic reports to the legislature")),
    _design(
        "budget",
        N_("An allocated budget"),
        N_(
            "Met with allocated budget lines, an allocated budget in the registry or coded from "
            "public sources; partly met with estimated costs only; not met when the registry "
            "or the coding records none allocated."
        ),
        ("plan.budget", "structure.budget_lines", *DOCS),
        budget,
    ),
    _design(
        "civil_society_monitoring",
        N_("Civil society's role in monitoring"),
        N_(
            "Met when a civil-society organization holds a line of accountability, or the "
            "coding of public sources says civil society has a role in monitoring (no: not "
            "met), or as for document criteria."
        ),
        ("structure.agencies", *DOCS),
        civil_society_monitoring,
    ),
    _design("inclusion", N_("Rural women and marginalized groups involved")),
    _design("private_sector", N_("Private-sector and contractor accountability")),
    _design("peer_learning", N_("Peer learning or twinning")),
    _design("disarmament", N_("Disarmament and small arms")),
    _implementation(
        "on_time",
        N_("Reports on time"),
        N_(
            "Share of cycles due whose first published report version came by the due date; a "
            "cycle past its due date with no published report counts as late. At or above "
            "80%: met; 40% or more: partly met; below: not met."
        ),
        ("reporting.cycles", "reporting.published_reports"),
        on_time,
    ),
    _implementation(
        "completeness",
        N_("Completeness of reports"),
        N_(
            "Share of actions with an approved update, over every published report (latest "
            "version of each cycle). At or above 80%: met; 40% or more: partly met; below: "
            "not met."
        ),
        ("reporting.published_reports",),
        completeness,
    ),
    _implementation(
        "progress",
        N_("Actions completed or on track"),
        N_(
            "Share of actions completed or on track among those with a stated status, in the "
            "latest published report. At or above 80%: met; 40% or more: partly met; below: "
            "not met."
        ),
        ("reporting.published_reports",),
        progress,
    ),
    _implementation(
        "indicators",
        N_("Indicators against targets"),
        N_(
            "Share of indicators that reached their target for the period (from the baseline, "
            "0 if unknown), among those with a value and a target in the latest published "
            "report. At or above 80%: met; 40% or more: partly met; below: not met."
        ),
        ("reporting.published_reports",),
        indicators,
    ),
    _implementation(
        "budget_execution",
        N_("Budget execution"),
        N_(
            "Spending in approved updates of published reports over the allocated budget lines "
            "(in the currency with the largest allocation), divided by the share of the plan's "
            "period those reports cover. At or above 80%: met; 40% or more: partly met; "
            "below: not met."
        ),
        ("structure.budget_lines", "reporting.published_reports", "plan.period"),
        budget_execution,
    ),
    _implementation(
        "agreement",
        N_("Agreement between official and shadow reports"),
        N_(
            "Share of comparable public shadow assessments that agree with the latest published "
            "official report of the most recent cycle that has one. At or above 80%: met; 40% "
            "or more: partly met; below: not met."
        ),
        ("shadow_reports.agreement_rate",),
        agreement,
    ),
    _implementation(
        "contractor_compliance",
        N_("Private contractors held to resolutions 1325 and 1820"),
        N_(
            "Contracts the plan's owner awarded during the plan's period or linked to its "
            "actions, answered against the current checklist: yes with evidence and undisputed "
            "scores 1, yes without evidence or disputed by a published challenge 0.5, no, unknown "
            "or unanswered 0. At or above 80% of the points: met; 40% or more: partly met; "
            "below: not met; no contract in the register: unknown."
        ),
        ("contractors.contracts", "contractors.checklist"),
        contractor_compliance,
    ),
)
BY_CODE = {criterion.code: criterion for criterion in CRITERIA}
DESIGN_CODES = [c.code for c in CRITERIA if c.kind == Kind.DESIGN]


# ---- Aggregation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Grade:
    """One dimension's grade. `score` counts known criteria only (met 1, partly 0.5, not met
    0); `coverage` is the share known. Without enough coverage there is no letter."""

    score: Decimal | None
    coverage: Decimal
    known: int
    total: int
    letter: str  # "" = insufficient information

    @property
    def unknown(self) -> int:
        return self.total - self.known


def letter_for(score: Decimal) -> str:
    return next(letter for letter, floor in GRADE_BANDS if score >= floor)


def grade(results: list[str]) -> Grade:
    known = [r for r in results if r != Result.UNKNOWN]
    total = len(results)
    coverage = ratio(len(known), total) if total else Decimal(0)
    score = None
    if known:
        score = (sum(POINTS[r] for r in known) / len(known)).quantize(FOUR_PLACES)
    letter = letter_for(score) if score is not None and coverage >= MIN_COVERAGE else ""
    return Grade(score, coverage, len(known), total, letter)


@dataclass
class Evaluation:
    results: list[dict]
    design: Grade
    implementation: Grade


def evaluate(inputs: dict, criteria: tuple[Criterion, ...] | None = None) -> Evaluation:
    """Every criterion on the inputs, then both grades."""
    results = []
    for criterion in criteria or CRITERIA:
        outcome = civil_society_confirmation(inputs, criterion.code, criterion.evaluate(inputs))
        results.append(
            {
                "code": criterion.code,
                "kind": criterion.kind,
                "label": criterion.label,
                "result": str(outcome.result),
                "explanation": outcome.explanation,
                "evidence": outcome.evidence,
                "self_reported": outcome.self_reported,
                "counted": outcome.counted,
            }
        )
    by_kind = {
        kind: [r["result"] for r in results if r["kind"] == kind and r["counted"]]
        for kind in Kind.values
    }
    return Evaluation(results, grade(by_kind[Kind.DESIGN]), grade(by_kind[Kind.IMPLEMENTATION]))


def method_description(criteria: tuple[Criterion, ...] | None = None) -> dict:
    """What a card stores about the method that made it, so it explains itself later."""
    return {
        "version": METHOD_VERSION,
        "min_coverage": str(MIN_COVERAGE),
        "share_met": str(SHARE_MET),
        "share_partly": str(SHARE_PARTLY),
        "points": {str(k): str(v) for k, v in POINTS.items()},
        "grade_bands": [[letter, str(floor)] for letter, floor in GRADE_BANDS],
        "self_reported_cap": str(SELF_REPORTED_CAP),
        "criteria": [
            {
                "code": c.code,
                "kind": c.kind,
                "label": c.label,
                "scoring": c.scoring,
                "inputs": list(c.inputs),
            }
            for c in criteria or CRITERIA
        ],
    }
