"""Labels for the codes that updates and report snapshots store, translated when shown
(a snapshot keeps codes, not the publisher's language)."""

from django import template
from django.utils.translation import gettext as _

from naptrack.plans.choices import ResponsibilityRole
from naptrack.reporting.choices import INDICATOR_FIELD_PREFIX, ImplementationStatus, Sex

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    if not code:
        return _("Not stated yet")
    try:
        return str(ImplementationStatus(code).label)
    except ValueError:
        return code


@register.filter
def role_label(code: str) -> str:
    try:
        return str(ResponsibilityRole(code).label)
    except ValueError:
        return code


@register.filter
def category_label(category: str, dimension: str) -> str:
    if dimension == "sex":
        try:
            return str(Sex(category).label)
        except ValueError:
            return category
    return category


@register.filter
def dimension_label(dimension: str) -> str:
    return {"sex": _("by sex"), "age": _("by age"), "location": _("by location")}.get(
        dimension, dimension
    )


@register.filter
def comments_on(comments: dict, field: str) -> list:
    """Open review comments on one field; `field` may be an indicator code."""
    if not comments:
        return []
    return comments.get(field) or comments.get(INDICATOR_FIELD_PREFIX + str(field)) or []


@register.filter
def field_label(field: str) -> str:
    if field.startswith(INDICATOR_FIELD_PREFIX):
        return _("Indicator %(code)s") % {"code": field.removeprefix(INDICATOR_FIELD_PREFIX)}
    labels = {
        "general": _("The update as a whole"),
        "status": _("Status"),
        "narrative": _("Narrative"),
        "spending": _("Spending"),
        "evidence": _("Evidence"),
    }
    return labels.get(field, field)
