from django.db import models
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    """Kinds of events a person can set their email delivery for, one by one."""

    ROLES = "roles", _("Roles granted to you")
    REPORTING = "reporting", _("Reporting work: cycles opened, updates to review or returned")
    REPORTS = "reports", _("Official reports published")
    SHADOW_REPORTS = "shadow_reports", _("Shadow reports, replies and co-author invitations")
    FOLLOWING = "following", _("Changes to the countries, plans and regional bodies you follow")
    CONSULTATIONS = (
        "consultations",
        _("Consultations: answers to your input, and the plans you commented on adopted"),
    )
    TWINNING = "twinning", _("Twinning: partnerships proposed to, agreed or declined by your side")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Email me at once")
    DAILY = "daily", _("Daily digest")
    OFF = "off", _("No email (My work only)")


# Following is a digest unless a person asks for more; workflow comes at once.
DEFAULT_DELIVERY = {family: Delivery.IMMEDIATELY for family in Family.values} | {
    Family.FOLLOWING: Delivery.DAILY
}


class Reason(models.TextChoices):
    CONCERNED = "concerned", _("Concerns you")
    FOLLOWING = "following", _("You follow it")


class EmailKind(models.TextChoices):
    IMMEDIATE = "immediate", _("One event")
    DIGEST = "digest", _("Daily digest")


class EmailState(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed: no more attempts")
