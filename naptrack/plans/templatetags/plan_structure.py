"""Display helpers for structure pages: plain numbers and change-log sentences."""

from django import template
from django.utils.translation import gettext as _

from naptrack.plans.choices import ChangeKind
from naptrack.plans.spreadsheet import number_text

register = template.Library()

FIELD_LABELS = {
    "baseline_value": "baseline",
    "baseline_date": "baseline date",
    "standard_indicator": "UN global indicator",
    "sdg_indicator": "SDG indicator",
    "start_year": "start year",
    "end_year": "end year",
    "funding_source": "funding source",
    "data_source": "data source",
}


@register.filter
def plain_number(value) -> str:
    """40 not 40.0000, 100 not 1E+2."""
    return number_text(value)


@register.filter
def with_role(action, role: str) -> list:
    """The action's responsibilities with this role, from the prefetched list."""
    return [r for r in action.responsibilities.all() if r.role == role]


def _shown(value) -> str:
    if value is None:
        return _("unknown")
    return value if value != "" else _("(empty)")


@register.filter
def change_text(change) -> str:
    """One change as a sentence: "Target for 2.1.1 2025 changed 40 → 25"."""
    values = {
        "kind": ChangeKind(change.kind).label,
        "code": change.code,
        "field": _(FIELD_LABELS.get(change.field, change.field.replace("_", " "))),
        "before": _shown(change.before),
        "after": _shown(change.after),
    }
    if change.kind == ChangeKind.TARGET:
        values["field"] = change.field
        if change.before is None:
            return _("Target for %(code)s %(field)s set to %(after)s") % values
        if change.after is None:
            return _("Target for %(code)s %(field)s removed (was %(before)s)") % values
        return _("Target for %(code)s %(field)s changed %(before)s → %(after)s") % values
    if not change.field:
        label = change.after if change.before is None else change.before
        if label == change.code:  # pillars are named by their name
            added, removed = _("%(kind)s %(code)s added"), _("%(kind)s %(code)s removed")
        else:
            added, removed = (
                _("%(kind)s %(code)s added: %(after)s"),
                _("%(kind)s %(code)s removed: %(before)s"),
            )
        return (added if change.before is None else removed) % values
    if change.field == "baseline_value":
        return _("Baseline for %(code)s changed %(before)s → %(after)s") % values
    return _("%(kind)s %(code)s: %(field)s changed %(before)s → %(after)s") % values
