from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """Lifecycle of a plan. EXPIRED and SUPERSEDED are also derived (see selectors)."""

    ANNOUNCED = "announced", _("Announced")
    DRAFTING = "drafting", _("Drafting")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted (current)")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PENDING_STATUSES = (PlanStatus.ANNOUNCED, PlanStatus.DRAFTING, PlanStatus.CONSULTATION)


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Origin(models.TextChoices):
    """Where a record came from. Synthetic records never enter the public registry."""

    REFERENCE = "reference", _("Reference data")
    PLATFORM = "platform", _("Entered on the platform")
    SYNTHETIC = "synthetic", _("Synthetic (demo / benchmark)")


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class Focus(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    DOMESTIC = "domestic", _("Domestic")
    EXTERNAL = "external", _("External (foreign policy)")
    BOTH = "both", _("Domestic and external")


class Budget(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    ALLOCATED = "allocated", _("Allocated")
    NOT_ALLOCATED = "not_allocated", _("Not allocated")


class Confidence(models.TextChoices):
    HIGH = "high", _("High: an official, WILPF or UN source states it")
    MEDIUM = "medium", _("Medium: a secondary source, or one field inferred")
    LOW = "low", _("Low: weak or undated source")


class YearBasis(models.TextChoices):
    """Which fact dates a plan (or a country's first plan) when no better one is known."""

    ADOPTION = "adoption", _("adoption date (adopted, approved, launched or published)")
    PERIOD_START = "period_start", _("start of its period (no adoption date known)")
    LATER_PLAN = "later_plan", _("at the latest: the date of a later plan (first plan undated)")
