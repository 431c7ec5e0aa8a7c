import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from naptrack.plans.choices import PERIOD_PATTERN, SDG_PATTERN

validate_code = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("A code uses letters, digits, dots, hyphens or underscores, such as 1.2.3."),
)
validate_period = RegexValidator(
    PERIOD_PATTERN,
    _("Write a period as a year (2025), a half-year (2025-H1) or a quarter (2025-Q3)."),
)
validate_sdg_indicator = RegexValidator(
    SDG_PATTERN, _("Write an SDG indicator number such as 5.5.1 or 16.a.1.")
)


def validate_currency(value: str) -> None:
    """ISO 4217 alphabetic codes, as pycountry knows them."""
    if not value or pycountry.currencies.get(alpha_3=value) is None:
        raise ValidationError(
            _("'%(value)s' is not an ISO 4217 currency code (such as USD, EUR, KES)."),
            params={"value": value},
        )
