from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from naptrack.core.languages import babel_locale, country_name
from naptrack.registry.choices import (
    WEAK_SOURCE_KINDS,
    Budget,
    CodedBy,
    Confidence,
    DatePrecision,
    FactCode,
    Focus,
    Origin,
    PlanStatus,
    Publication,
    SourceKind,
    YearBasis,
)
from naptrack.translations.languages import LANGUAGE_HELP, validate_language_code

# English keeps the registry's "08 March 2016"; other languages take Django's own format
# for their locale (month names translated, Russian genitive, Chinese 年月日).
ENGLISH_DATE_FORMATS = {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y"}
LOCALE_DATE_FORMATS = {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "YEAR_MONTH_FORMAT"}


def _date_display(date, precision) -> str:
    if not date:
        return ""
    if (get_language() or "en") == "en":
        return date_format(date, ENGLISH_DATE_FORMATS.get(precision, "d F Y"))
    return date_format(date, LOCALE_DATE_FORMATS.get(precision, "DATE_FORMAT"))


ISO_FORMATS = {
    DatePrecision.YEAR: "%Y",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.DAY: "%Y-%m-%d",
}


def partial_date_text(date, precision) -> str:
    """The date only as precisely as it is known: 2015-01-01 of a year-only date is not a fact."""
    if not date:
        return ""
    return date.strftime(ISO_FORMATS.get(precision, "%Y-%m-%d"))


def _precision_with_date(prefix: str) -> Q:
    """A date and its precision are known together or not at all."""
    date, precision = f"{prefix}_date", f"{prefix}_precision"
    return Q(**{f"{date}__isnull": True, precision: ""}) | Q(**{f"{date}__isnull": False}) & ~Q(
        **{precision: ""}
    )


class Region(models.Model):
    """A UN M49 region (level 1), sub-region (2) or intermediate region (3)."""

    m49 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The region's name in the active language: CLDR names the M49 regions by their
        numeric code too ("002" is Afrique, Африка, 非洲); in English, the registry's name."""
        language = get_language() or "en"
        locale = babel_locale(language) if language != "en" else None
        return (locale.territories.get(self.m49) if locale else None) or self.name


class Country(models.Model):
    """A country or territory (ISO 3166-1), placed in UN M49 regions."""

    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, blank=True)
    m49 = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    subregion = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    intermediate_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    un_member = models.BooleanField(default=False)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("registry:country", args=[self.iso3])

    @property
    def display_name(self) -> str:
        """The name in the active language from CLDR (naptrack.core.languages); in English,
        and when CLDR lacks the code, the registry's own name."""
        language = get_language() or "en"
        if language == "en":
            return self.name
        return country_name(self, language) or self.name


class RegionalOrganization(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    short_name = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    data_name = models.CharField(
        max_length=200, unique=True, help_text=_("The name as written in raps.csv.")
    )

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("registry:regional_organization", args=[self.slug])


class Resolution(models.Model):
    """A Security Council resolution of the Women, Peace and Security agenda."""

    number = models.PositiveIntegerField(unique=True)
    year = models.PositiveSmallIntegerField()
    summary = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"UNSCR {self.number} ({self.year})"


class Pillar(models.Model):
    """The four pillars of resolution 1325, the default structure of a plan."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField()
    position = models.PositiveSmallIntegerField()
    source_url = models.URLField(max_length=500)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class StandardIndicator(models.Model):
    """A UN Secretary-General global indicator on 1325 (annex of S/2010/498)."""

    number = models.CharField(max_length=8, unique=True)
    short_name = models.CharField(max_length=400)
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="indicators")
    verified = models.BooleanField(
        default=False, help_text=_("Checked against the annex of S/2010/498.")
    )
    source_url = models.URLField(max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)
    reference_snapshot = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=_("What the reference file said at the last load (see docs/reference-data.md)."),
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_name}"


class ActionPlanQuerySet(models.QuerySet):
    def public(self):
        """Published, real plans: what anyone may see."""
        return self.filter(publication=Publication.PUBLISHED).exclude(origin=Origin.SYNTHETIC)


class ActionPlan(models.Model):
    """A national or regional action plan on resolution 1325, pending or adopted."""

    reference_key = models.CharField(
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Natural key of a row in the reference data; empty for other plans."),
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    regional_organization = models.ForeignKey(
        RegionalOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    generation = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("As the sources number it; empty when unknown.")
    )
    title = models.CharField(max_length=500, blank=True)
    language = models.CharField(
        max_length=2, blank=True, validators=[validate_language_code], help_text=LANGUAGE_HELP
    )
    status = models.CharField(
        max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFTING
    )
    publication = models.CharField(
        max_length=12, choices=Publication.choices, default=Publication.DRAFT
    )
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.PLATFORM)
    adoption_date = models.DateField(null=True, blank=True)
    adoption_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    extended_to = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Year to which the period was extended.")
    )
    lead_agency = models.CharField(max_length=300, blank=True)
    predecessor = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successor"
    )
    focus = models.CharField(max_length=10, choices=Focus.choices, default=Focus.UNKNOWN)
    resolutions = models.ManyToManyField(Resolution, blank=True, related_name="plans")
    budget = models.CharField(max_length=15, choices=Budget.choices, default=Budget.UNKNOWN)
    confidence = models.CharField(max_length=6, choices=Confidence.choices, blank=True)
    status_note = models.TextField(blank=True)
    correction_note = models.TextField(
        blank=True,
        help_text=_(
            "Why the status or extension differs from the plan's row, and what it rests on "
            "(status_overrides.csv or removed_plans.csv)."
        ),
    )
    reference_snapshot = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=_("What the reference file said at the last load (see docs/reference-data.md)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["country__name", "regional_organization__short_name", "generation"]
        constraints = [
            models.CheckConstraint(
                name="plan_has_exactly_one_owner",
                condition=Q(country__isnull=False, regional_organization__isnull=True)
                | Q(country__isnull=True, regional_organization__isnull=False),
            ),
            models.CheckConstraint(
                name="plan_period_ordered",
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
            ),
            models.CheckConstraint(
                name="plan_extension_after_end",
                condition=Q(extended_to__isnull=True)
                | Q(period_end__isnull=True)
                | Q(extended_to__gte=F("period_end")),
            ),
            models.CheckConstraint(
                name="plan_adoption_precision_with_date",
                condition=Q(adoption_date__isnull=True, adoption_precision="")
                | Q(adoption_date__isnull=False) & ~Q(adoption_precision=""),
            ),
            models.CheckConstraint(
                name="plan_generation_positive",
                condition=Q(generation__isnull=True) | Q(generation__gte=1),
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "origin", "status"]),
            models.Index(fields=["adoption_date"]),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("registry:plan", args=[self.pk])

    @property
    def owner(self):
        return self.country or self.regional_organization

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        period = ""
        if self.period_start or self.period_end:
            period = f" {self.period_start or '?'}–{self.period_end or '?'}"
        generation = f" {self.generation}" if self.generation else ""
        kind = "NAP" if self.country_id else "RAP"
        return f"{self.owner} {kind}{generation}{period}"

    @property
    def adoption_display(self) -> str:
        return _date_display(self.adoption_date, self.adoption_precision)

    @property
    def is_public(self) -> bool:
        """The row-level twin of ActionPlanQuerySet.public()."""
        return self.publication == Publication.PUBLISHED and self.origin != Origin.SYNTHETIC

    @property
    def effective_end(self) -> int | None:
        return self.extended_to or self.period_end

    @property
    def best_year(self) -> int | None:
        """The best date known: the adoption year, else the first year of the period."""
        return self.adoption_date.year if self.adoption_date else self.period_start

    @property
    def best_year_basis(self) -> str:
        if self.adoption_date:
            return YearBasis.ADOPTION
        return YearBasis.PERIOD_START if self.period_start else ""

    @property
    def in_force_end_unknown(self) -> bool:
        """Counted in force only because no end (or extension) of its period is recorded."""
        status = getattr(self, "current_status", self.status)
        return status == PlanStatus.ADOPTED and self.effective_end is None


class Citation(models.Model):
    """A source for a plan's registry facts. Every reference row keeps its URLs here, with
    what reference_data/sources.csv says about each (title, publisher, date, kind)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="citations")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published_date = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    kind = models.CharField(max_length=12, choices=SourceKind.choices, blank=True)
    supports = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Which of the plan's facts the source supports, e.g. adoption, period."),
    )
    accessed = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    from_reference = models.BooleanField(
        default=False, help_text=_("Loaded from the reference data (reloads keep it in step).")
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "url"], name="citation_unique_url_per_plan"),
            models.CheckConstraint(
                name="citation_precision_with_date", condition=_precision_with_date("published")
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def published_display(self) -> str:
        return _date_display(self.published_date, self.published_precision)

    @property
    def is_weak(self) -> bool:
        """No title recorded, or an encyclopedia or generic listing page."""
        return not self.title or self.kind in WEAK_SOURCE_KINDS


class PlanFact(models.Model):
    """One thing a public source says a plan contains (its budget, its monitoring, the role
    of civil society...), with the quote and the source that say so. Unknown is no row."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="facts")
    code = models.CharField(max_length=30, choices=FactCode.choices)
    value = models.CharField(max_length=500)
    source_url = models.URLField(max_length=1000)
    source_title = models.CharField(max_length=500, blank=True)
    source_publisher = models.CharField(max_length=300, blank=True)
    source_date = models.DateField(null=True, blank=True)
    source_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    quote = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    confidence = models.CharField(max_length=6, choices=Confidence.choices)
    coded_by = models.CharField(max_length=13, choices=CodedBy.choices)
    coded_on = models.DateField()
    from_reference = models.BooleanField(
        default=False, help_text=_("Loaded from reference_data/coded_facts.csv.")
    )

    class Meta:
        ordering = ["plan", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code", "source_url"], name="fact_unique_per_plan_source"
            ),
            models.CheckConstraint(name="fact_code_known", condition=Q(code__in=FactCode.values)),
            models.CheckConstraint(
                name="fact_confidence_known", condition=Q(confidence__in=Confidence.values)
            ),
            models.CheckConstraint(
                name="fact_coded_by_known", condition=Q(coded_by__in=CodedBy.values)
            ),
            models.CheckConstraint(name="fact_value_present", condition=~Q(value="")),
            models.CheckConstraint(
                name="fact_source_precision_with_date", condition=_precision_with_date("source")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.value}"

    @property
    def source_date_display(self) -> str:
        return _date_display(self.source_date, self.source_precision)
