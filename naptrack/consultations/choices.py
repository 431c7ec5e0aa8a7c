from django.db import models
from django.utils.translation import gettext_lazy as _

from naptrack.registry.choices import PlanStatus


class ConsultationState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for input")
    CLOSED = "closed", _("Closed: input being answered")
    REPORTED = "reported", _("Closed: answers published")


# States the public sees; a consultation being prepared is its coordinators' business.
PUBLIC_STATES = (ConsultationState.OPEN, ConsultationState.CLOSED, ConsultationState.REPORTED)
# A plan is consulted on while it is still being written.
CONSULTABLE_PLAN_STATUSES = (PlanStatus.DRAFTING, PlanStatus.CONSULTATION)


class Participation(models.TextChoices):
    PUBLIC = "public", _("Everyone, also without an account")
    SIGNED_IN = "signed_in", _("Everyone signed in")
    INVITED = "invited", _("Members of the invited organizations")


class CommentState(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden_by_moderator", _("Hidden by the moderators")


class Identity(models.TextChoices):
    NAMED = "named", _("Under my name")
    ANONYMOUS = "anonymous", _("Anonymously")


class Outcome(models.TextChoices):
    """What the coordinators did with a comment: the "we did" of "you said, we did"."""

    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Channel(models.TextChoices):
    """How a comment reached the consultation."""

    WEB = "web", _("Web page")
    API = "api", _("API")
    OFFLINE = "offline", _("Meeting, focus group or paper form")


class SessionKind(models.TextChoices):
    """What kind of gathering a facilitator's record is of."""

    MEETING = "meeting", _("Meeting")
    FOCUS_GROUP = "focus_group", _("Focus group")
    PAPER_FORM = "paper_form", _("Paper or field forms")


class Sex(models.TextChoices):
    WOMAN = "woman", _("Women")
    MAN = "man", _("Men")
    OTHER = "other", _("Other or not said")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_35", _("18 to 35")
    FROM_36 = "36_59", _("36 to 59")
    FROM_60 = "60_plus", _("60 and over")
    UNKNOWN = "unknown", _("Age not said")


def age_band_of(age: int) -> str:
    """The band of an age in years (field forms often record the age, not the band)."""
    if age < 18:
        return AgeBand.UNDER_18
    if age <= 35:
        return AgeBand.FROM_18
    if age <= 59:
        return AgeBand.FROM_36
    return AgeBand.FROM_60
