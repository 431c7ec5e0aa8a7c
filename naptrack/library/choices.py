from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Action plan text")
    OFFICIAL_REPORT = "official_report", _("Official report")
    SHADOW_REPORT = "shadow_report", _("Shadow report")
    OTHER = "other", _("Other document")


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    HTML = "html", "HTML"
    TEXT = "text", _("Plain text")


class IngestionStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Reading")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    NEEDS_OCR = "needs_ocr", _("Needs OCR")


FINISHED = (IngestionStatus.DONE, IngestionStatus.FAILED, IngestionStatus.NEEDS_OCR)
# Documents whose text anyone who may see the owner may read; the others are work in progress.
READABLE = (IngestionStatus.DONE, IngestionStatus.NEEDS_OCR)


class EntryKind(models.TextChoices):
    PAGE = "page", _("Document page")
    PLAN = "plan", _("Plan record")
    ACTION = "action", _("Action record")
    LESSON = "lesson", _("Lesson")


# Automated analysis ------------------------------------------------------------------


class FamilyKind(models.TextChoices):
    THEME = "theme", _("Theme")
    CRITERION = "criterion", _("Report-card criterion")


class Criterion(models.TextChoices):
    """The report cards' design criteria. Confirmed evidence is grouped by these codes
    (selectors.confirmed_evidence); the report cards read nothing else from here."""

    PARTICIPATION = (
        "participation",
        _("Drafted with civil society in a participatory, transparent process"),
    )
    POLITICAL_OWNERSHIP = "political_ownership", _("Highest-level political ownership")
    SECURITY_SECTOR = (
        "security_sector",
        _("Foreign affairs, defence, police and other security agencies involved"),
    )
    POLICY_INTEGRATION = "policy_integration", _("Integrated with law and national policies")
    MONITORING = "monitoring", _("Monitoring with indicators and lines of accountability")
    LEGISLATURE = "legislature", _("Periodic reports to the legislature")
    BUDGET = "budget", _("An allocated budget")
    CIVIL_SOCIETY_MONITORING = "civil_society_monitoring", _("Civil society's role in monitoring")
    INCLUSION = "inclusion", _("Rural women and marginalized groups involved")
    PRIVATE_SECTOR = "private_sector", _("Private-sector and contractor accountability")
    PEER_LEARNING = "peer_learning", _("Peer learning or twinning")
    DISARMAMENT = "disarmament", _("Disarmament and small arms")


class MatchMode(models.TextChoices):
    WORD = "word", _("Whole word or phrase")
    PREFIX = "prefix", _("Prefix (the last word may go on: secur… finds security)")


class SuggestionState(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
