from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORTING = "supporting", _("Supporting")


class BudgetKind(models.TextChoices):
    ALLOCATED = "allocated", _("Allocated")
    ESTIMATED = "estimated", _("Estimated")
    SPENT = "spent", _("Spent")


class ChangeKind(models.TextChoices):
    """What a line of the structure change log is about."""

    PILLAR = "pillar", _("Pillar")
    OBJECTIVE = "objective", _("Objective")
    ACTION = "action", _("Action")
    RESPONSIBILITY = "responsibility", _("Responsibility")
    INDICATOR = "indicator", _("Indicator")
    TARGET = "target", _("Target")
    BUDGET = "budget", _("Budget line")


# A period is a year, a half-year or a quarter: "2025", "2025-H1", "2025-Q3".
PERIOD_PATTERN = r"^[12][0-9]{3}(-(H[12]|Q[1-4]))?$"
# SDG indicator numbers: goal (1-17), target (number or letter), indicator: "5.5.1", "16.a.1".
SDG_PATTERN = r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-j])\.[1-9][0-9]?$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
