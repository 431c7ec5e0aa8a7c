from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naptrack.library.choices import (
    READABLE,
    Criterion,
    DocumentKind,
    EntryKind,
    FamilyKind,
    FileFormat,
    IngestionStatus,
    MatchMode,
    SuggestionState,
)
from naptrack.library.errors import error_message
from naptrack.reporting.choices import ReportState
from naptrack.shadow_reports.choices import ShadowState


def public_report_q(prefix: str = "") -> Q:
    """Documents outside any report, or part of a published official report or of a
    public shadow report (published, its date reached): what may be shown to anyone who
    may read the plan, and what report cards and search may use."""
    official, shadow = f"{prefix}official_report", f"{prefix}shadow_report"
    official_public = Q(**{f"{official}__isnull": True}) | Q(
        **{f"{official}__state": ReportState.PUBLISHED}
    )
    shadow_public = Q(**{f"{shadow}__isnull": True}) | Q(
        **{f"{shadow}__state": ShadowState.PUBLISHED, f"{shadow}__publish_at__lte": timezone.now()}
    )
    return official_public & shadow_public


class DocumentQuerySet(models.QuerySet):
    def readable(self):
        """Read to the end (with or without scanned pages left for OCR): what the
        public may see of a visible plan's or public report's documents."""
        return self.filter(status__in=READABLE)


class Document(models.Model):
    """An uploaded file, kept as it came, with its text once a worker has read it.

    A document belongs to a plan, or to no plan at all (the library). A plan's document
    may also be attached to one of its official reports or to a shadow report on it: it
    then follows that report's visibility, and a shadow report's documents are managed by
    its authors, never by the government (permissions.py)."""

    plan = models.ForeignKey(
        "registry.ActionPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text=_("Empty for a library document."),
    )
    official_report = models.ForeignKey(
        "reporting.OfficialReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("The official report this document is part of, if any."),
    )
    shadow_report = models.ForeignKey(
        "shadow_reports.ShadowReport",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
        help_text=_("The shadow report this document is part of, if any."),
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=300)
    language = models.CharField(max_length=2, help_text=_("ISO 639-1 code."))
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Year of publication; empty when unknown.")
    )
    file = models.FileField(max_length=200, help_text=_("The original, under a generated name."))
    original_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10, choices=FileFormat.choices)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=12, choices=IngestionStatus.choices, default=IngestionStatus.QUEUED
    )
    pages_total = models.PositiveIntegerField(null=True, blank=True)
    pages_done = models.PositiveIntegerField(default=0)
    error_code = models.CharField(max_length=30, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    has_javascript = models.BooleanField(
        default=False, help_text=_("The PDF carries JavaScript; it is only ever downloaded.")
    )
    text_encoding = models.CharField(max_length=40, blank=True)
    ocr_language = models.CharField(max_length=10, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ingested_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="document_progress_within_total",
                condition=Q(pages_total__isnull=True) | Q(pages_done__lte=models.F("pages_total")),
            ),
            models.CheckConstraint(
                name="document_failure_has_code",
                condition=~Q(status=IngestionStatus.FAILED) | ~Q(error_code=""),
            ),
            models.CheckConstraint(
                name="document_one_report_of_a_plan",
                condition=Q(official_report__isnull=True, shadow_report__isnull=True)
                | Q(official_report__isnull=True, plan__isnull=False, kind="shadow_report")
                | Q(shadow_report__isnull=True, plan__isnull=False, kind="official_report"),
                violation_error_message=_(
                    "A document is part of at most one report, of its plan, and of that kind."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:document", args=[self.pk])

    @property
    def error(self) -> str:
        return error_message(self.error_code, self.error_params) if self.error_code else ""

    @property
    def percent_done(self) -> int | None:
        if not self.pages_total:
            return None
        return min(100, round(100 * self.pages_done / self.pages_total))


class DocumentPage(models.Model):
    """The text of one page (PDF) or one part (formats without fixed pages)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    ocr = models.BooleanField(default=False, help_text=_("The text was recognised by OCR."))
    needs_ocr = models.BooleanField(
        default=False, help_text=_("No text layer, and no OCR was available to read it.")
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="page_unique_number"),
            models.CheckConstraint(name="page_number_positive", condition=Q(number__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.document} p. {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("library:page", args=[self.document_id, self.number])


class DocumentTable(models.Model):
    """A table found on a page, as rows of cell text."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="tables")
    page_number = models.PositiveIntegerField()
    index = models.PositiveSmallIntegerField(help_text=_("Order of the table on its page."))
    rows = models.JSONField(default=list)

    class Meta:
        ordering = ["document", "page_number", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "page_number", "index"], name="table_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} p. {self.page_number} table {self.index + 1}"


class SearchEntry(models.Model):
    """One searchable unit: a document page, a plan record, an action record (an action
    of a plan's structure, with its objective, agencies and indicators) or a published
    lesson (naptrack.lessons.indexing keeps those).

    The full-text index over `body` lives beside this table: an FTS5 table kept in step
    by triggers on SQLite, a generated tsvector column over `terms` on PostgreSQL (see
    migration 0002 and search.py). Facet values are copied here so that counting them is
    one GROUP BY; country and region come through the plan."""

    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entries"
    )
    page_number = models.PositiveIntegerField(null=True, blank=True)
    plan = models.ForeignKey(
        "registry.ActionPlan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entries",
    )
    action = models.ForeignKey(
        "plans.Action",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entries",
    )
    lesson = models.ForeignKey(
        "lessons.Lesson",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entries",
    )
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    terms = models.TextField(
        blank=True, help_text=_("Normalised words of body; filled on PostgreSQL only.")
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    document_type = models.CharField(max_length=20)
    language = models.CharField(max_length=2, blank=True)
    pillar = models.ForeignKey(
        "registry.Pillar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For action records: the reference pillar of the action's plan pillar."),
    )
    source_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(kind=EntryKind.PLAN), name="entry_one_per_plan"
            ),
            models.UniqueConstraint(
                fields=["action"], condition=Q(kind=EntryKind.ACTION), name="entry_one_per_action"
            ),
            models.CheckConstraint(
                name="entry_action_has_action_and_plan",
                condition=~Q(kind=EntryKind.ACTION) | Q(action__isnull=False, plan__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["lesson"], condition=Q(kind=EntryKind.LESSON), name="entry_one_per_lesson"
            ),
            models.CheckConstraint(
                name="entry_lesson_has_lesson",
                condition=~Q(kind=EntryKind.LESSON) | Q(lesson__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["document", "page_number"],
                condition=Q(kind=EntryKind.PAGE),
                name="entry_one_per_page",
            ),
            models.CheckConstraint(
                name="entry_page_has_document",
                condition=~Q(kind=EntryKind.PAGE)
                | Q(document__isnull=False, page_number__isnull=False),
            ),
        ]
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return self.title


# Automated analysis ------------------------------------------------------------------


class KeywordFamily(models.Model):
    """A theme researchers count (sexual violence, climate …) or a report-card criterion
    whose evidence reviewers confirm. Administrators edit families and their keywords in
    the admin; every edit goes through services/keyword_families.py (audited)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=FamilyKind.choices)
    criterion = models.CharField(
        max_length=30,
        choices=Criterion.choices,
        blank=True,
        help_text=_("The report-card criterion this family finds evidence for."),
    )
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = _("keyword families")
        constraints = [
            models.CheckConstraint(
                name="keywordfamily_criterion_iff_kind",
                condition=Q(kind=FamilyKind.THEME, criterion="")
                | (Q(kind=FamilyKind.CRITERION) & ~Q(criterion="")),
                violation_error_message=_(
                    "A criterion family names its criterion; a theme names none."
                ),
            ),
            models.CheckConstraint(
                name="keywordfamily_kind_valid", condition=Q(kind__in=FamilyKind.values)
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Keyword(models.Model):
    """A word or phrase of a family in one language. Matching ignores case and accents;
    `prefix` lets the last word go on (violen… finds violence and violent)."""

    family = models.ForeignKey(KeywordFamily, on_delete=models.CASCADE, related_name="keywords")
    language = models.CharField(max_length=2, help_text=_("ISO 639-1 code."))
    term = models.CharField(max_length=200)
    match = models.CharField(max_length=6, choices=MatchMode.choices, default=MatchMode.WORD)

    class Meta:
        ordering = ["family", "language", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "language", "term"],
                name="keyword_unique_term",
                violation_error_message=_("This family already has this term in this language."),
            ),
            models.CheckConstraint(name="keyword_term_required", condition=~Q(term="")),
            models.CheckConstraint(
                name="keyword_match_valid", condition=Q(match__in=MatchMode.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.language})"


class AnalysisRun(models.Model):
    """The latest reading of one document with the keywords of its language. A document
    has at most one run: a new run replaces the old one and its counts."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="analysis_runs")
    language = models.CharField(max_length=2)
    keyword_digest = models.CharField(
        max_length=64, help_text=_("SHA-256 of the keywords used (and the method version).")
    )
    keyword_count = models.PositiveIntegerField(
        help_text=_("Keywords in the document's language; 0 means nothing could be counted.")
    )
    pages_analysed = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["document"], name="analysisrun_one_per_document")
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.created_at:%Y-%m-%d})"

    @property
    def counted(self) -> bool:
        return self.keyword_count > 0


class ThemeCount(models.Model):
    """How often a family's keywords occur in a document, and on which pages. Families
    that do not occur have no row: within a run that counted, no row means zero."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="theme_counts")
    family = models.ForeignKey(KeywordFamily, on_delete=models.CASCADE, related_name="counts")
    count = models.PositiveIntegerField()
    pages = models.JSONField(default=list, help_text=_("Page numbers, ascending."))

    class Meta:
        ordering = ["-count", "family__name"]
        constraints = [
            models.UniqueConstraint(fields=["run", "family"], name="themecount_unique"),
            models.CheckConstraint(name="themecount_positive", condition=Q(count__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.family}: {self.count}"


class EvidenceSuggestion(models.Model):
    """A passage that may show a plan meets a report-card criterion: the sentence(s)
    around a keyword, verbatim from the page's extracted text. It counts in a report
    card only once a coordinator of the plan's owner or an analyst confirms it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.CharField(max_length=30, choices=Criterion.choices)
    family = models.ForeignKey(
        KeywordFamily,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        help_text=_("The family whose keywords found it; kept empty if it was removed."),
    )
    run = models.ForeignKey(
        AnalysisRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        help_text=_("Empty when the current keywords no longer find it (kept as reviewed)."),
    )
    page_number = models.PositiveIntegerField()
    passage = models.TextField()
    passage_digest = models.CharField(max_length=64)
    terms = models.JSONField(default=list, help_text=_("The keywords found in the passage."))
    position = models.PositiveIntegerField(
        default=0, help_text=_("Where the passage starts on its page (characters).")
    )
    state = models.CharField(
        max_length=10, choices=SuggestionState.choices, default=SuggestionState.SUGGESTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion", "document", "page_number", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "criterion", "page_number", "passage_digest"],
                name="suggestion_unique_passage",
            ),
            models.CheckConstraint(
                name="suggestion_state_valid", condition=Q(state__in=SuggestionState.values)
            ),
            models.CheckConstraint(
                name="suggestion_reviewed_has_time",
                condition=Q(state=SuggestionState.SUGGESTED) | Q(reviewed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="suggestion_page_positive", condition=Q(page_number__gte=1)
            ),
            models.CheckConstraint(name="suggestion_passage_required", condition=~Q(passage="")),
        ]
        indexes = [models.Index(fields=["document", "state"])]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.document} p. {self.page_number}"

    def get_absolute_url(self) -> str:
        return reverse("library:page", args=[self.document_id, self.page_number])
