from django.db import models
from django.utils.translation import gettext_lazy as _

# Who may write a civil-society report card: the same organizations as shadow reports.
from naptrack.shadow_reports.choices import AUTHOR_KINDS, PublicationMode  # noqa: F401


class Result(models.TextChoices):
    """What the method (or a CSO) says about one criterion."""

    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("Unknown")


class Kind(models.TextChoices):
    DESIGN = "design", _("Design")
    IMPLEMENTATION = "implementation", _("Implementation")


class Claim(models.TextChoices):
    """What a coordinator states about a design criterion of their plan."""

    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class CsoCardState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn by its authors")


GRADES = ("A", "B", "C", "D", "E")
