"""Cells of the standardized report, dashboard and compilation tables: exact numbers, and
"unknown" (never 0 or empty) for what is not known."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from naptrack.reporting.validators import decimal_text

register = template.Library()


@register.filter
def cell(value):
    if value is None:
        return format_html('<span class="unknown">{}</span>', _("unknown"))
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)
