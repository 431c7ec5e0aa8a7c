from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LessonTheme(models.TextChoices):
    """What a lesson is about; the themes echo the registry's coded facts."""

    PARTICIPATION = "participation", _("Women's participation")
    CIVIL_SOCIETY = "civil_society", _("Civil society's role")
    MONITORING = "monitoring", _("Monitoring, indicators and reporting")
    BUDGET = "budget", _("Budget and financing")
    COORDINATION = "coordination", _("Coordination across government")
    LOCALIZATION = "localization", _("Local action plans")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual and gender-based violence")
    DISARMAMENT = "disarmament", _("Disarmament and small arms")
    DISPLACEMENT = "displacement", _("Refugees and displaced people")
    CLIMATE = "climate", _("Climate change")
    PEER_LEARNING = "peer_learning", _("Peer learning and twinning")
