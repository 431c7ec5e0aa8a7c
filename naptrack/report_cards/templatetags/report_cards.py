"""Showing stored card content in the visitor's language: explanations and evidence
labels are stored as an English template with parameters (see method.py)."""

import json
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from naptrack.registry.choices import FactCode
from naptrack.report_cards.choices import Result

register = template.Library()


def _render(text: str, params: dict) -> str:
    try:
        return gettext(text) % params
    except (KeyError, TypeError, ValueError):  # a translation with other placeholders
        return text % params


@register.filter
def explanation(value: dict) -> str:
    return _render(value.get("template", ""), value.get("params", {}))


@register.filter
def evidence_label(item: dict) -> str:
    return _render(item.get("label", ""), item.get("params", {}))


PARTY_LABELS = {
    "government": _("government"),
    "civil_society": _("civil society"),
    "platform": _("platform coding from public sources"),
    "analyst": _("analyst"),
}


def _party(code: str) -> str:
    return str(PARTY_LABELS.get(code, _("not recorded")))


@register.simple_tag
def evidence_provenance(item: dict) -> str:
    """Who supplied a piece of evidence and who confirmed it (method 1.2 and later)."""
    supplied = _party(item.get("supplied_by", ""))
    if not item.get("confirmed_by"):
        return gettext("Supplied by: %(supplied)s; published record, not confirmed separately.") % {
            "supplied": supplied
        }
    return gettext("Supplied by: %(supplied)s; confirmed by: %(confirmed)s.") % {
        "supplied": supplied,
        "confirmed": _party(item["confirmed_by"]),
    }


@register.filter
def translated(text: str) -> str:
    return gettext(text) if text else ""


@register.filter
def result_label(code: str) -> str:
    try:
        return str(Result(code).label)
    except ValueError:
        return code


@register.filter
def percent(share) -> str:
    """A stored share (0–1) as a whole percentage; "—" when unknown."""
    if share is None or share == "":
        return "—"
    return f"{(Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


@register.filter
def pretty_json(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


@register.filter
def criterion_label(code: str) -> str:
    """The current method's label of a criterion code; the code itself if it has none."""
    from naptrack.report_cards.method import BY_CODE

    criterion = BY_CODE.get(code)
    return gettext(criterion.label) if criterion else code


# What each method input is, in words; the code stays beside it for experts.
INPUT_LABELS = {
    "documents": gettext_lazy("the plan's documents in the library"),
    "statements": gettext_lazy("signed statements"),
    "facts": gettext_lazy("facts coded from public sources"),
    "cso_cards": gettext_lazy("civil society's published report cards"),
    "contractors.contracts": gettext_lazy("contracts in the contractors register"),
    "contractors.checklist": gettext_lazy("the contractors' compliance checklist"),
    "plan.budget": gettext_lazy("the plan's recorded budget"),
    "plan.lead_agency": gettext_lazy("the plan's lead agency"),
    "plan.period": gettext_lazy("the plan's period"),
    "reporting.cycles": gettext_lazy("reporting cycles"),
    "reporting.published_reports": gettext_lazy("published progress reports"),
    "shadow_reports.agreement_rate": gettext_lazy("civil society's agreement in shadow reports"),
    "structure.actions": gettext_lazy("the structure's actions"),
    "structure.agencies": gettext_lazy("the agencies responsible for actions"),
    "structure.budget_lines": gettext_lazy("the structure's budget lines"),
    "structure.indicators": gettext_lazy("the structure's indicators"),
    "structure.responsibilities": gettext_lazy("who is responsible for each action"),
}


@register.filter
def input_label(code: str) -> str:
    if code in INPUT_LABELS:
        return str(INPUT_LABELS[code])
    prefix, _dot, fact = code.partition(".")
    if prefix == "facts" and fact in FactCode.values:
        return gettext("coded from public sources: %(fact)s") % {"fact": FactCode(fact).label}
    return code.replace("_", " ").replace(".", ": ")
