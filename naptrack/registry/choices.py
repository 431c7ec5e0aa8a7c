from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """Lifecycle of a plan. EXPIRED and SUPERSEDED are also derived (see selectors)."""

    ANNOUNCED = "announced", _("Announced")
    DRAFTING = "drafting", _("Drafting")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted (current)")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PENDING_STATUSES = (PlanStatus.ANNOUNCED, PlanStatus.DRAFTING, PlanStatus.CONSULTATION)
# The status filter's value for any pending status (announced, drafting, in consultation).
PENDING_FILTER = "pending"


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Origin(models.TextChoices):
    """Where a record came from. Synthetic records never enter the public registry."""

    REFERENCE = "reference", _("Reference data")
    PLATFORM = "platform", _("Entered on the platform")
    SYNTHETIC = "synthetic", _("Synthetic (demo / benchmark)")


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class Focus(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    DOMESTIC = "domestic", _("Domestic")
    EXTERNAL = "external", _("External (foreign policy)")
    BOTH = "both", _("Domestic and external")


class Budget(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    ALLOCATED = "allocated", _("Allocated")
    NOT_ALLOCATED = "not_allocated", _("Not allocated")


class Confidence(models.TextChoices):
    HIGH = "high", _("High: an official, WILPF or UN source states it")
    MEDIUM = "medium", _("Medium: a secondary source, or one field inferred")
    LOW = "low", _("Low: weak or undated source")


class SourceKind(models.TextChoices):
    """What kind of publication a source is; encyclopedias and listing pages are weak."""

    OFFICIAL = "official", _("Official (government or organization)")
    UN = "un", _("United Nations")
    CSO = "cso", _("Civil society or research analysis")
    NEWS = "news", _("News")
    LISTING = "listing", _("Generic listing page")
    ENCYCLOPEDIA = "encyclopedia", _("Encyclopedia")
    OTHER = "other", _("Other")


WEAK_SOURCE_KINDS = (SourceKind.LISTING, SourceKind.ENCYCLOPEDIA)


class FactCode(models.TextChoices):
    """What a coded fact says about a plan: the fact list of the research format
    (docs/reference-data.md, "Coded facts")."""

    OFFICIAL_TITLE = "official_title", _("Official title")
    PERIOD = "period", _("Period")
    LEAD_AGENCY = "lead_agency", _("Lead agency")
    RESPONSIBLE_AGENCIES = "responsible_agencies", _("Responsible agencies")
    BUDGET = "budget", _("Budget")
    BUDGET_AMOUNT = "budget_amount", _("Budget amount")
    MONITORING_FRAMEWORK = "monitoring_framework", _("Monitoring and evaluation framework")
    INDICATORS = "indicators", _("Indicators")
    CSO_DRAFTING = "cso_drafting", _("Civil society in drafting")
    CSO_MONITORING = "cso_monitoring", _("Civil society in monitoring")
    PARLIAMENT_REPORTING = "parliament_reporting", _("Reports to parliament")
    POLICY_INTEGRATION = "policy_integration", _("Integrated with national law and policy")
    INCLUSION = "inclusion", _("Rural women and marginalized groups")
    PRIVATE_SECTOR = "private_sector", _("Private sector and contractors")
    PEER_LEARNING = "peer_learning", _("Peer learning or twinning")
    THEME_DISARMAMENT = "theme_disarmament", _("Disarmament and small arms")
    THEME_SEXUAL_VIOLENCE = "theme_sexual_violence", _("Sexual and gender-based violence")
    THEME_DISPLACEMENT = "theme_displacement", _("Refugees and displaced people")
    THEME_CLIMATE = "theme_climate", _("Climate change")
    REGISTRY_DISCREPANCY = "registry_discrepancy", _("Source disagrees with the registry")


YES_NO = ("yes", "no")
YES_PARTLY_NO = ("yes", "partly", "no")
# The values a fact may take; a fact not listed here takes free text.
FACT_VALUES = {
    FactCode.BUDGET: ("allocated", "estimated", "not_allocated"),
    FactCode.MONITORING_FRAMEWORK: YES_PARTLY_NO,
    FactCode.CSO_DRAFTING: YES_PARTLY_NO,
    **{
        code: YES_NO
        for code in (
            FactCode.INDICATORS,
            FactCode.CSO_MONITORING,
            FactCode.PARLIAMENT_REPORTING,
            FactCode.POLICY_INTEGRATION,
            FactCode.INCLUSION,
            FactCode.PRIVATE_SECTOR,
            FactCode.PEER_LEARNING,
            FactCode.THEME_DISARMAMENT,
            FactCode.THEME_SEXUAL_VIOLENCE,
            FactCode.THEME_DISPLACEMENT,
            FactCode.THEME_CLIMATE,
        )
    },
}


class CodedBy(models.TextChoices):
    PLATFORM = "platform", _("Coded by the platform from public sources")
    GOVERNMENT = "government", _("Coded by the government")
    CIVIL_SOCIETY = "civil_society", _("Coded by civil society")
    ANALYST = "analyst", _("Coded by an analyst")


class YearBasis(models.TextChoices):
    """Which fact dates a plan (or a country's first plan) when no better one is known."""

    ADOPTION = "adoption", _("adoption date (adopted, approved, launched or published)")
    PERIOD_START = "period_start", _("start of its period (no adoption date known)")
    LATER_PLAN = "later_plan", _("at the latest: the date of a later plan (first plan undated)")
