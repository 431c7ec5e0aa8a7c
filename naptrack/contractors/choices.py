from django.db import models
from django.utils.translation import gettext_lazy as _

# A challenger publishes under the organization's name or a pseudonym, as for shadow reports.
from naptrack.shadow_reports.choices import AUTHOR_KINDS, PublicationMode  # noqa: F401


class Answer(models.TextChoices):
    """An answer to a checklist item, or whether a company signed a code."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class IcocaMembership(models.TextChoices):
    """Standing in the International Code of Conduct Association (ICoCA)."""

    MEMBER = "member", _("Member")
    AFFILIATE = "affiliate", _("Affiliate")
    NONE = "none", _("Not a member")
    UNKNOWN = "unknown", _("Unknown")


class ChallengeState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected by the moderators")


class IncidentType(models.TextChoices):
    """Kinds of incident, never a description of a person."""

    SEXUAL_EXPLOITATION = "sexual_exploitation_abuse", _("Sexual exploitation or abuse")
    SEXUAL_HARASSMENT = "sexual_harassment", _("Sexual harassment")
    OTHER_GBV = "other_gbv", _("Other gender-based violence")
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    RETALIATION = "retaliation", _("Retaliation against a complainant")
    OTHER = "other", _("Other misconduct")


# Organizations whose members answer for a contracting authority.
AUTHORITY_KINDS = ("government_agency", "regional_body")
