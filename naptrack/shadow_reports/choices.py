from django.db import models
from django.utils.translation import gettext_lazy as _

# A shadow report states its own view of each action with the same words as the
# agencies' updates, so the two can be compared one to one.
from naptrack.reporting.choices import ImplementationStatus  # noqa: F401 (re-exported)


class ShadowState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Ready to publish")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn by its authors")
    HIDDEN = "hidden_by_moderator", _("Hidden by the moderators")


class PublicationMode(models.TextChoices):
    NAMED = "named", _("Under the organization's name")
    PSEUDONYMOUS = "pseudonymous", _("Under a pseudonym")


class InvitationState(models.TextChoices):
    """Where an organization's invitation to co-author a report stands."""

    PENDING = "pending", _("Invited, not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the authors")
    LAPSED = "lapsed", _("Lapsed: not answered before publication")


# An open invitation stands: it is waiting for an answer, or the organization co-authors.
OPEN_INVITATION_STATES = (InvitationState.PENDING, InvitationState.ACCEPTED)


class Agreement(models.TextChoices):
    YES = "yes", _("Agrees with the official status")
    NO = "no", _("Disagrees with the official status")
    UNKNOWN = "unknown", _("Cannot say")


class Comparison(models.TextChoices):
    """How one shadow assessment compares with the official status of its action."""

    AGREES = "agrees", _("Agrees")
    DIVERGES = "diverges", _("Diverges")
    UNKNOWN = "unknown", _("Not comparable")


# Organizations that may author or co-author a shadow report.
AUTHOR_KINDS = ("cso", "coalition")
