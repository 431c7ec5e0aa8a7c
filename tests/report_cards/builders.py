"""Inputs for the method built by hand, without a database: start from nothing known and
add only what a test is about."""

import copy

EMPTY = {
    "schema": 4,
    "plan": {
        "id": 1,
        "title": "Test plan",
        "owner": "Testland",
        "publication": "published",
        "origin": "platform",
        "lead_agency": "",
        "budget": "unknown",
        "period_start": None,
        "period_end": None,
        "extended_to": None,
        "url": "/plans/1/",
        "structure_url": "/plans/1/structure/",
    },
    "structure": {
        "actions": 0,
        "actions_with_responsibility": 0,
        "actions_with_lead": 0,
        "actions_with_indicator": 0,
        "indicators": 0,
        "indicators_with_target": 0,
        "agencies": [],
        "budget": {},
    },
    "facts": {},
    "documents": {"available": True, "evidence": {}},
    "statements": {},
    "cso_cards": {},
    "reports": {"cycles_due": [], "published": []},
    "agreement": None,
    "contractors": {"checklist": None, "contracts": []},
}


def inputs(**changes) -> dict:
    """EMPTY with sections replaced or updated: inputs(plan={"budget": "allocated"})."""
    built = copy.deepcopy(EMPTY)
    for section, value in changes.items():
        if isinstance(value, dict) and isinstance(built.get(section), dict):
            built[section].update(value)
        else:
            built[section] = value
    return built


def agency(name: str, kind: str = "government_agency", pk: int = 1) -> dict:
    return {"id": pk, "name": name, "kind": kind}


def fact(code: str, value: str, *, quote: str = "", pk: int = 1) -> dict:
    """A coded fact as gather_inputs writes it."""
    return {
        "id": pk,
        "code": code,
        "value": value,
        "source_url": f"https://example.org/analysis/{pk}",
        "source_title": "Testland | 1325 National Action Plans",
        "source_publisher": "WILPF PeaceWomen",
        "source_date": "",
        "quote": quote or f"The plan says {code} is {value}.",
        "location": "p.6",
        "confidence": "medium",
        "coded_by": "platform",
    }


def facts(*items: dict) -> dict:
    """The inputs' facts section from coded facts: facts(fact("budget", "allocated"))."""
    found: dict[str, list] = {}
    for item in items:
        found.setdefault(item["code"], []).append(item)
    return found


def passage(code: str, page: int = 1, *, supplied_by="platform", confirmed_by="analyst") -> dict:
    return {
        "supplied_by": supplied_by,
        "confirmed_by": confirmed_by,
        "id": page,
        "document_id": 1,
        "document": "Plan text",
        "page": page,
        "passage": f"Evidence of {code}.",
        "url": f"/documents/1/pages/{page}/",
    }


def cso_card(result: str, byline: str = "A coalition", card_id: int = 1) -> dict:
    url = f"/report-cards/cso/{card_id}/"
    return {"card_id": card_id, "byline": byline, "result": result, "reason": "Seen.", "url": url}


def statement(claim: str, text: str = "We say so.") -> dict:
    return {"id": 1, "claim": claim, "text": text, "link": "", "signed_at": "2026-01-02T10:00:00"}


def report(label="2025", *, actions=0, approved=0, statuses=None, indicators=(), spending=None):
    return {
        "cycle_id": 1,
        "label": label,
        "period_end": f"{label}-12-31",
        "report_id": 1,
        "version": 1,
        "url": "/plans/1/reports/1/v1/",
        "actions": actions,
        "actions_with_approved_update": approved,
        "status_by_action": statuses or {},
        "indicators": list(indicators),
        "spending": spending or {},
    }


def due(label: str, due_date: str, published: str | None) -> dict:
    return {
        "cycle_id": 1,
        "label": label,
        "due_date": due_date,
        "first_published_on": published,
        "url": "/plans/1/reports/",
    }
