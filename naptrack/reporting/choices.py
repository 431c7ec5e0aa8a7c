from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    SEMIANNUAL = "semiannual", _("Semi-annual")
    QUARTERLY = "quarterly", _("Quarterly")
    CUSTOM = "custom", _("Custom dates")


# Months per period for the generated frequencies; custom cycles are added one by one.
MONTHS_PER_PERIOD = {Frequency.ANNUAL: 12, Frequency.SEMIANNUAL: 6, Frequency.QUARTERLY: 3}


class CycleState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ImplementationStatus(models.TextChoices):
    """What the agency says about the action, as opposed to where its report stands."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


# States in which the agency may still change its update.
EDITABLE_STATES = (UpdateState.DRAFT, UpdateState.RETURNED)


class ReviewField(models.TextChoices):
    """The parts of an update a coordinator can comment on; indicator values are
    named "indicator:<code>" besides these."""

    GENERAL = "general", _("The update as a whole")
    STATUS = "status", _("Status")
    NARRATIVE = "narrative", _("Narrative")
    SPENDING = "spending", _("Spending")
    EVIDENCE = "evidence", _("Evidence")


INDICATOR_FIELD_PREFIX = "indicator:"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalated to the coordinator")


class Sex(models.TextChoices):
    FEMALE = "female", _("Women and girls")
    MALE = "male", _("Men and boys")
    OTHER = "other", _("Other or not stated")


# Disaggregation dimensions and the Indicator flag that allows each.
DIMENSION_FLAGS = {
    "sex": "disaggregated_by_sex",
    "age": "disaggregated_by_age",
    "location": "disaggregated_by_location",
}
