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
