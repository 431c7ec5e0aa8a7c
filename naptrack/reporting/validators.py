"""Checks on what agencies report, shared by services, forms and the API."""

import decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from naptrack.reporting.choices import DIMENSION_FLAGS, Sex

MAX_CATEGORIES = 50
MAX_LABEL = 100


def decimal_text(value) -> str:
    """A reported number as exact text ("12", "8.5"): JSON floats would round it."""
    try:
        number = decimal.Decimal(str(value).strip())
    except (decimal.InvalidOperation, ValueError):
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    if abs(number) >= 10**16:
        raise ValidationError(_("%(value)s is too large.") % {"value": value})
    text = format(number.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".") or "0"


def _clean_dimension(indicator, dimension: str, figures) -> dict[str, str]:
    where = f"{indicator.code} ({dimension})"
    if not isinstance(figures, dict):
        raise ValidationError(
            _("%(where)s: give figures as {category: number}.") % {"where": where}
        )
    if len(figures) > MAX_CATEGORIES:
        raise ValidationError(
            _("%(where)s: at most %(n)d categories.") % {"where": where, "n": MAX_CATEGORIES}
        )
    cleaned = {}
    for label, value in figures.items():
        label = str(label).strip()
        if not label or len(label) > MAX_LABEL:
            raise ValidationError(
                _("%(where)s: every category needs a name of at most %(n)d characters.")
                % {"where": where, "n": MAX_LABEL}
            )
        if dimension == "sex" and label not in Sex.values:
            raise ValidationError(
                _("%(where)s: “%(label)s” is not a category; use %(allowed)s.")
                % {"where": where, "label": label, "allowed": ", ".join(Sex.values)}
            )
        try:
            cleaned[label] = decimal_text(value)
        except ValidationError as error:
            raise ValidationError(
                _("%(where)s, %(label)s: %(error)s")
                % {"where": where, "label": label, "error": " ".join(error.messages)}
            ) from None
    return cleaned


def clean_disaggregation(indicator, data) -> dict[str, dict[str, str]]:
    """{dimension: {category: number-text}}, only for dimensions the indicator is
    disaggregated by. Empty dimensions are dropped."""
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        raise ValidationError(
            _("%(code)s: the disaggregation must map dimensions to figures.")
            % {"code": indicator.code}
        )
    cleaned = {}
    for dimension, figures in data.items():
        flag = DIMENSION_FLAGS.get(dimension)
        if flag is None:
            raise ValidationError(
                _("%(code)s: “%(dimension)s” is not a dimension; use sex, age or location.")
                % {"code": indicator.code, "dimension": dimension}
            )
        if not getattr(indicator, flag):
            raise ValidationError(
                _("%(code)s is not disaggregated by %(dimension)s; remove those figures.")
                % {"code": indicator.code, "dimension": dimension}
            )
        figures = _clean_dimension(indicator, dimension, figures)
        if figures:
            cleaned[dimension] = figures
    return cleaned
