from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    PLAN_LAUNCH = "plan_launch", _("Plan launch")
    REPORTING_DEADLINE = "reporting_deadline", _("Reporting deadline")
    PLAN_END = "plan_end", _("End of a plan's period")
    TRAINING = "training", _("Training")
    UNSC_OPEN_DEBATE = "unsc_open_debate", _("UN Security Council open debate on WPS")
    CSW = "csw", _("Commission on the Status of Women (CSW)")
    REGIONAL_MEETING = "regional_meeting", _("Regional meeting")
    OTHER = "other", _("Other")


# Made by the platform from the registry and the reporting cycles, never submitted.
DERIVED_ONLY_KINDS = (EventKind.PLAN_END,)
SUBMITTABLE_KINDS = [(k, label) for k, label in EventKind.choices if k not in DERIVED_ONLY_KINDS]


class EventState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# On the public calendar: a cancelled event stays listed (and in the feeds, with
# STATUS:CANCELLED) so that subscribed calendars learn of the cancellation.
ON_CALENDAR = (EventState.PUBLISHED, EventState.CANCELLED)
