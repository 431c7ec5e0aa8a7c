"""A factory for every model. Countries, regions and organizations come from the
reference data that every test database holds; factories look them up by default."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.accounts.models import ApiToken, Membership, Organization, User
from naptrack.core.models import Activity
from naptrack.registry.choices import DatePrecision, Origin, PlanStatus, Publication
from naptrack.registry.models import (
    ActionPlan,
    Citation,
    Country,
    Pillar,
    PlanFact,
    Region,
    RegionalOrganization,
    Resolution,
    StandardIndicator,
)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    m49 = factory.Sequence(lambda n: f"{900 + n % 99}")
    name = factory.Sequence(lambda n: f"Test region {n}")
    level = 1


class CountryFactory(DjangoModelFactory):
    """A made-up territory for tests that need a country with no reference plans."""

    class Meta:
        model = Country

    # QMA-QZZ are ISO 3166 user-assigned codes: no real country can clash with them.
    iso3 = factory.Sequence(lambda n: f"Q{chr(77 + n // 26 % 14)}{chr(65 + n % 26)}")
    iso2 = ""
    name = factory.Sequence(lambda n: f"Testland {n}")
    region = factory.LazyFunction(lambda: Region.objects.get(m49="002"))
    subregion = factory.LazyFunction(lambda: Region.objects.get(m49="202"))
    un_member = False
    source = "test fixture"


class RegionalOrganizationFactory(DjangoModelFactory):
    class Meta:
        model = RegionalOrganization

    slug = factory.Sequence(lambda n: f"test-org-{n}")
    short_name = factory.Sequence(lambda n: f"TO{n}")
    name = factory.Sequence(lambda n: f"Test Organization {n}")
    data_name = factory.Sequence(lambda n: f"Test Organization {n} (data)")


class ResolutionFactory(DjangoModelFactory):
    class Meta:
        model = Resolution

    number = factory.Sequence(lambda n: 9000 + n)
    year = 2030
    summary = "Test resolution"
    source_url = "https://example.org/resolution"


class PillarFactory(DjangoModelFactory):
    class Meta:
        model = Pillar

    code = factory.Sequence(lambda n: f"test-pillar-{n}")
    name = factory.Sequence(lambda n: f"Test pillar {n}")
    description = "Test pillar"
    position = factory.Sequence(lambda n: 100 + n)
    source_url = "https://example.org/pillar"


class StandardIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = StandardIndicator

    number = factory.Sequence(lambda n: f"T{n}")
    short_name = "Test indicator"
    pillar = factory.LazyFunction(lambda: Pillar.objects.get(code="participation"))
    source_url = "https://example.org/indicator"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password("correct horse battery staple")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test organization {n}")
    kind = OrganizationKind.CSO


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.ANALYST


class CoordinatorFactory(MembershipFactory):
    role = Role.COORDINATOR
    country = factory.LazyFunction(lambda: Country.objects.get(iso3="KEN"))


class ApiTokenFactory(DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "test token"
    digest = factory.Sequence(lambda n: ApiToken.digest_of(f"token-{n}"))
    prefix = factory.Sequence(lambda n: f"tok{n}"[:8])


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan
        skip_postgeneration_save = True

    country = factory.SubFactory(CountryFactory)
    generation = 1
    title = factory.Sequence(lambda n: f"Test plan {n}")
    status = PlanStatus.ADOPTED
    publication = Publication.PUBLISHED
    origin = Origin.PLATFORM
    adoption_date = datetime.date(2020, 3, 8)
    adoption_precision = DatePrecision.DAY
    period_start = 2020
    period_end = 2099


class CitationFactory(DjangoModelFactory):
    class Meta:
        model = Citation

    plan = factory.SubFactory(ActionPlanFactory)
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")


class PlanFactFactory(DjangoModelFactory):
    """A coded fact; pass code and value (default: civil society took part in drafting)."""

    class Meta:
        model = PlanFact

    plan = factory.SubFactory(ActionPlanFactory)
    code = "cso_drafting"
    value = "yes"
    source_url = factory.Sequence(lambda n: f"https://example.org/analysis/{n}")
    source_title = "Example country | 1325 National Action Plans"
    source_publisher = "WILPF PeaceWomen"
    quote = "Civil society took part in drafting the plan."
    confidence = "medium"
    coded_by = "platform"
    coded_on = datetime.date(2026, 12, 1)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    verb = "test.happened"
    target_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Country))
    target_id = "1"
    target_label = "test"


def api_token_issue(user, **fields) -> tuple[ApiToken, str]:
    """An ApiToken for `user` and its raw value (only the digest is stored). Tokens are made
    behind the two-factor rule, so a person whose role requires a second factor has one."""
    import secrets

    from allauth.mfa.models import Authenticator

    from naptrack.accounts.permissions import requires_two_factor

    if requires_two_factor(user) and not Authenticator.objects.filter(user=user).exists():
        TotpAuthenticatorFactory(user=user)

    raw = secrets.token_urlsafe(32)
    token = ApiTokenFactory(user=user, digest=ApiToken.digest_of(raw), prefix=raw[:8], **fields)
    return token, raw


class TotpAuthenticatorFactory(DjangoModelFactory):
    """An enrolled TOTP authenticator, so coordinators pass RequireTwoFactorMiddleware."""

    class Meta:
        model = "mfa.Authenticator"

    user = factory.SubFactory(UserFactory)
    type = "totp"
    data = factory.LazyFunction(lambda: {"secret": "JBSWY3DPEHPK3PXP"})


class EmailAddressFactory(DjangoModelFactory):
    """A verified primary address: allauth refuses to sign in a user without one."""

    class Meta:
        model = "account.EmailAddress"

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email)
    verified = True
    primary = True


# ---- naptrack.plans: a plan's structure -------------------------------------------


class AgencyFactory(OrganizationFactory):
    """A government agency; give it the plan's country to make it assignable."""

    kind = OrganizationKind.GOVERNMENT_AGENCY
    name = factory.Sequence(lambda n: f"Ministry of Test Affairs {n}")
    country = factory.LazyFunction(lambda: Country.objects.get(iso3="KEN"))


def _kenya():
    return Country.objects.get(iso3="KEN")


class PlanPillarFactory(DjangoModelFactory):
    class Meta:
        model = "plans.PlanPillar"

    # A reference country: made-up ones run out (CountryFactory's 20th code is QAT, Qatar's).
    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(_kenya))
    name = factory.Sequence(lambda n: f"Pillar {n}")
    position = factory.Sequence(lambda n: n)


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Objective"

    pillar = factory.SubFactory(PlanPillarFactory)
    plan = factory.SelfAttribute("pillar.plan")
    code = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"Objective {n + 1}")
    position = factory.Sequence(lambda n: n)


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Action"

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    code = factory.Sequence(lambda n: f"{n + 1}.1")
    title = factory.Sequence(lambda n: f"Action {n + 1}")
    start_year = 2025
    end_year = 2027
    position = factory.Sequence(lambda n: n)


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Responsibility"

    action = factory.SubFactory(ActionFactory)
    agency = factory.SubFactory(
        AgencyFactory, country=factory.SelfAttribute("..action.plan.country")
    )
    role = "lead"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = "plans.Indicator"

    action = factory.SubFactory(ActionFactory)
    plan = factory.SelfAttribute("action.plan")
    code = factory.Sequence(lambda n: f"I{n + 1}")
    name = factory.Sequence(lambda n: f"Share of women in test body {n + 1}")
    unit = "%"
    position = factory.Sequence(lambda n: n)


class IndicatorTargetFactory(DjangoModelFactory):
    class Meta:
        model = "plans.IndicatorTarget"

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.Sequence(lambda n: f"{2025 + n % 50}")
    value = 40


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = "plans.BudgetLine"

    action = factory.SubFactory(ActionFactory)
    amount = 1000
    currency = "USD"
    kind = "allocated"
    funding_source = "Test fund"


class StructureVersionFactory(DjangoModelFactory):
    class Meta:
        model = "plans.StructureVersion"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(_kenya))
    number = factory.Sequence(lambda n: n + 1)
    summary = "Test change"


class StructureChangeFactory(DjangoModelFactory):
    class Meta:
        model = "plans.StructureChange"

    version = factory.SubFactory(StructureVersionFactory)
    kind = "target"
    code = "1.1.1"
    field = "2025"
    before = "40"
    after = "25"


# Kept as a name some tests use; CountryFactory itself now uses user-assigned codes.
MadeUpCountryFactory = CountryFactory


# Document library ---------------------------------------------------------------------

from naptrack.library.choices import (  # noqa: E402 (appended section)
    DocumentKind,
    EntryKind,
    FileFormat,
    IngestionStatus,
)
from naptrack.library.models import (  # noqa: E402
    Document,
    DocumentPage,
    DocumentTable,
    SearchEntry,
)
from naptrack.library.tokenizer import index_terms  # noqa: E402


class DocumentFactory(DjangoModelFactory):
    """A document row already read. Its `file` names no stored file: tests that need the
    original upload a real file through naptrack.library.services.document_upload."""

    class Meta:
        model = Document

    plan = factory.SubFactory(ActionPlanFactory)
    kind = DocumentKind.PLAN
    title = factory.Sequence(lambda n: f"Test document {n}")
    language = "en"
    file = factory.Sequence(lambda n: f"library/factory-{n}.txt")
    original_name = "factory.txt"
    file_format = FileFormat.TEXT
    size_bytes = 10
    sha256 = "0" * 64
    status = IngestionStatus.DONE
    pages_total = 1
    pages_done = 1


class DocumentPageFactory(DjangoModelFactory):
    class Meta:
        model = DocumentPage

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Test page text."


class DocumentTableFactory(DjangoModelFactory):
    class Meta:
        model = DocumentTable

    document = factory.SubFactory(DocumentFactory)
    page_number = 1
    index = factory.Sequence(lambda n: n)
    rows = [["Action", "Indicator"], ["Train police", "Officers trained"]]


class SearchEntryFactory(DjangoModelFactory):
    class Meta:
        model = SearchEntry

    kind = EntryKind.PAGE
    document = factory.SubFactory(DocumentFactory)
    page_number = factory.Sequence(lambda n: n + 1)
    plan = factory.LazyAttribute(lambda entry: entry.document.plan)
    title = factory.LazyAttribute(lambda entry: entry.document.title)
    body = "Test page text."
    terms = factory.LazyAttribute(lambda entry: index_terms(entry.body))
    document_type = DocumentKind.PLAN
    language = "en"


# ---- naptrack.reporting: the reporting cycle ------------------------------------------


class ReportingScheduleFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ReportingSchedule"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(_kenya))
    frequency = "annual"
    first_period_start = datetime.date(2025, 1, 1)
    due_days = 30


class ReportingCycleFactory(DjangoModelFactory):
    """An open cycle; each one of a sequence covers its own 90-day period."""

    class Meta:
        model = "reporting.ReportingCycle"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(_kenya))
    label = factory.Sequence(lambda n: f"Cycle {n + 1}")
    period_start = factory.Sequence(
        lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=91 * n)
    )
    period_end = factory.LazyAttribute(lambda o: o.period_start + datetime.timedelta(days=90))
    due_date = factory.LazyAttribute(lambda o: o.period_end + datetime.timedelta(days=30))
    state = "open"


class ActionUpdateFactory(DjangoModelFactory):
    """A draft update by the lead agency, on an action of the cycle's plan."""

    class Meta:
        model = "reporting.ActionUpdate"

    cycle = factory.SubFactory(ReportingCycleFactory)
    action = factory.SubFactory(
        ActionFactory, objective__pillar__plan=factory.SelfAttribute("....cycle.plan")
    )
    agency = factory.SubFactory(
        AgencyFactory, country=factory.SelfAttribute("..cycle.plan.country")
    )
    role = "lead"
    state = "draft"


class ReviewCommentFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ReviewComment"

    update = factory.SubFactory(ActionUpdateFactory)
    field = "narrative"
    message = "Say which districts the training reached."


class EvidenceLinkFactory(DjangoModelFactory):
    """Evidence as a link, for either kind of evidence (core.models.EvidenceBase); tests
    that need a stored file go through the services' evidence_add_file."""

    class Meta:
        abstract = True

    class Params:
        folder = "evidence"

    url = factory.LazyAttributeSequence(lambda o, n: f"https://example.org/{o.folder}/{n}")


class EvidenceFactory(EvidenceLinkFactory):
    class Meta:
        model = "reporting.Evidence"

    update = factory.SubFactory(ActionUpdateFactory)
    description = "Training attendance list"


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.IndicatorValue"

    update = factory.SubFactory(ActionUpdateFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, action=factory.SelfAttribute("..update.action")
    )
    value = 12


class OfficialReportFactory(DjangoModelFactory):
    """A draft version 1; publish through report_publish to get a real snapshot."""

    class Meta:
        model = "reporting.OfficialReport"

    cycle = factory.SubFactory(ReportingCycleFactory)
    version = 1
    state = "draft"
    summary = "Test summary"


class ReportEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ReportEvidence"

    report = factory.SubFactory(OfficialReportFactory)
    evidence = factory.SubFactory(EvidenceFactory)


class ReminderLogFactory(DjangoModelFactory):
    class Meta:
        model = "reporting.ReminderLog"

    update = factory.SubFactory(ActionUpdateFactory)
    recipient = factory.SubFactory(UserFactory)
    kind = "before_due"
    sent_on = datetime.date(2025, 1, 1)


# ---- naptrack.shadow_reports: civil-society shadow reports ----------------------------


class CsoFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Women's Peace Network {n}")
    kind = OrganizationKind.CSO
    country = factory.LazyFunction(_kenya)


class ShadowReportFactory(DjangoModelFactory):
    """A draft on a period; publish through the services to test the workflow."""

    class Meta:
        model = "shadow_reports.ShadowReport"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(_kenya))
    author = factory.SubFactory(CsoFactory)
    title = factory.Sequence(lambda n: f"Shadow report {n + 1}")
    findings = "Findings of the test report."
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)


class ActionAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = "shadow_reports.ActionAssessment"

    report = factory.SubFactory(ShadowReportFactory)
    action = factory.SubFactory(
        ActionFactory, objective__pillar__plan=factory.SelfAttribute("....report.plan")
    )
    action_code = factory.SelfAttribute("action.code")
    action_title = factory.SelfAttribute("action.title")
    agrees_with_official = "no"
    own_status = "delayed"


class AssessmentEvidenceFactory(EvidenceLinkFactory):
    class Meta:
        model = "shadow_reports.AssessmentEvidence"

    class Params:
        folder = "shadow-evidence"

    assessment = factory.SubFactory(ActionAssessmentFactory)
    description = "Interviews with women mediators"


class CoAuthorInvitationFactory(DjangoModelFactory):
    """A pending invitation; answer it through the services (accepting also names the
    organization in the report's co_authors)."""

    class Meta:
        model = "shadow_reports.CoAuthorInvitation"

    report = factory.SubFactory(ShadowReportFactory)
    organization = factory.SubFactory(CsoFactory)
    state = "pending"


class RightOfReplyFactory(DjangoModelFactory):
    class Meta:
        model = "shadow_reports.RightOfReply"

    report = factory.SubFactory(ShadowReportFactory)
    text = "The ministry's answer to the findings."
    published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


# ---- naptrack.library: automated analysis ----------------------------------------------

from naptrack.library.analysis import passage_digest  # noqa: E402
from naptrack.library.choices import FamilyKind, MatchMode  # noqa: E402
from naptrack.library.models import (  # noqa: E402
    AnalysisRun,
    EvidenceSuggestion,
    Keyword,
    KeywordFamily,
    ThemeCount,
)


class KeywordFamilyFactory(DjangoModelFactory):
    """A theme family (no criterion); pass kind="criterion" and a criterion code for one
    of the report cards' criteria."""

    class Meta:
        model = KeywordFamily

    slug = factory.Sequence(lambda n: f"test-family-{n}")
    name = factory.Sequence(lambda n: f"Test family {n}")
    kind = FamilyKind.THEME
    criterion = ""


class KeywordFactory(DjangoModelFactory):
    class Meta:
        model = Keyword

    family = factory.SubFactory(KeywordFamilyFactory)
    language = "en"
    term = factory.Sequence(lambda n: f"zephyrterm{n}")
    match = MatchMode.WORD


class AnalysisRunFactory(DjangoModelFactory):
    class Meta:
        model = AnalysisRun

    document = factory.SubFactory(DocumentFactory)
    language = factory.LazyAttribute(lambda run: run.document.language)
    keyword_digest = "0" * 64
    keyword_count = 1
    pages_analysed = 1


class ThemeCountFactory(DjangoModelFactory):
    class Meta:
        model = ThemeCount

    run = factory.SubFactory(AnalysisRunFactory)
    family = factory.SubFactory(KeywordFamilyFactory)
    count = 2
    pages = [1]


class EvidenceSuggestionFactory(DjangoModelFactory):
    class Meta:
        model = EvidenceSuggestion

    document = factory.SubFactory(DocumentFactory)
    criterion = "budget"
    page_number = 1
    passage = factory.Sequence(lambda n: f"A budget of {n} is allocated to the plan.")
    passage_digest = factory.LazyAttribute(lambda s: passage_digest(s.passage))
    terms = ["budget"]


# ---- naptrack.report_cards: computed cards, statements, civil-society cards -------------


def _unknown_card_results() -> list[dict]:
    from naptrack.report_cards.method import CRITERIA

    return [
        {
            "code": c.code,
            "kind": c.kind,
            "label": c.label,
            "result": "unknown",
            "explanation": {"template": "Nothing is known.", "params": {}},
            "evidence": [],
        }
        for c in CRITERIA
    ]


class ReportCardFactory(DjangoModelFactory):
    """A current card on which every criterion is unknown; compute real ones through
    naptrack.report_cards.services.report_card_recompute."""

    class Meta:
        model = "report_cards.ReportCard"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(_kenya))
    method_version = "1.0"
    method = factory.LazyFunction(dict)
    inputs = factory.LazyFunction(dict)
    inputs_hash = factory.Sequence(lambda n: f"{n:064x}")
    results = factory.LazyFunction(_unknown_card_results)
    design_coverage = 0
    design_unknown = 12
    implementation_coverage = 0
    implementation_unknown = 6


class CoordinatorStatementFactory(DjangoModelFactory):
    class Meta:
        model = "report_cards.CoordinatorStatement"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(_kenya))
    criterion = "legislature"
    claim = "met"
    text = "The plan is reported to parliament every year."


class CsoReportCardFactory(DjangoModelFactory):
    """A draft; publish through the services to test the workflow."""

    class Meta:
        model = "report_cards.CsoReportCard"

    plan = factory.SubFactory(ActionPlanFactory, country=factory.LazyFunction(_kenya))
    organization = factory.SubFactory(CsoFactory)
    method_version = "1.0"


class CsoCriterionGradeFactory(DjangoModelFactory):
    class Meta:
        model = "report_cards.CsoCriterionGrade"

    card = factory.SubFactory(CsoReportCardFactory)
    criterion = "budget"
    result = "not_met"
    reason = "No line of the national budget funds the plan."


# ---- Calendar ------------------------------------------------------------------------


class EventFactory(DjangoModelFactory):
    """A published one-day meeting in Nairobi; submit through the services to test the
    workflow."""

    class Meta:
        model = "events.Event"

    title = factory.Sequence(lambda n: f"Calendar test meeting {n}")
    kind = "regional_meeting"
    starts_at = datetime.datetime(2026, 3, 10, 6, 0, tzinfo=datetime.UTC)
    ends_at = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)
    time_zone = "Africa/Nairobi"
    location = "Nairobi"
    organizer_name = "Calendar test organizer"
    state = "published"
    moderated_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class CalendarFeedTokenFactory(DjangoModelFactory):
    class Meta:
        model = "events.CalendarFeedToken"

    user = factory.SubFactory(UserFactory)
    digest = factory.Sequence(lambda n: ApiToken.digest_of(f"feed-{n}"))
    prefix = factory.Sequence(lambda n: f"feed{n}"[:8])


# ---- naptrack.consultations: consultations on draft plans ------------------------------


class ConsultationFactory(DjangoModelFactory):
    """Being prepared, on a drafting plan; open it through the services."""

    class Meta:
        model = "consultations.Consultation"

    plan = factory.SubFactory(
        ActionPlanFactory, country=factory.LazyFunction(_kenya), status=PlanStatus.DRAFTING
    )
    title = factory.Sequence(lambda n: f"Consultation {n + 1}")
    opens_on = factory.LazyFunction(datetime.date.today)
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    languages = ["en", "sw"]


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.Question"

    consultation = factory.SubFactory(ConsultationFactory)
    text = "What is missing from this draft?"
    position = factory.Sequence(lambda n: n + 1)


class ConsultationCommentFactory(DjangoModelFactory):
    """An anonymous general comment; post through the services to test the rules."""

    class Meta:
        model = "consultations.Comment"

    consultation = factory.SubFactory(ConsultationFactory)
    text = "Rural women were not asked about this."
    identity = "anonymous"


class CommentSupportFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.CommentSupport"

    comment = factory.SubFactory(ConsultationCommentFactory)
    user = factory.SubFactory(UserFactory)


class FacilitatorFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.Facilitator"

    consultation = factory.SubFactory(ConsultationFactory)
    user = factory.SubFactory(UserFactory)


class InputSessionFactory(DjangoModelFactory):
    """A facilitator's record; record one through the services to test the rules."""

    class Meta:
        model = "consultations.InputSession"

    consultation = factory.SubFactory(ConsultationFactory)
    kind = "meeting"
    held_on = factory.LazyFunction(datetime.date.today)
    district = "Test district"
    language = "sw"


class ParticipantCountFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.ParticipantCount"

    session = factory.SubFactory(InputSessionFactory)
    sex = "woman"
    age_band = "18_35"
    count = 5


class ImportMappingFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.ImportMapping"

    consultation = factory.SubFactory(ConsultationFactory)
    columns = {"held_on": "date", "district": "district", "text": "text"}


class DraftParagraphFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.DraftParagraph"

    consultation = factory.SubFactory(ConsultationFactory)
    number = factory.Sequence(lambda n: n + 1)
    page = 1
    text = "A paragraph of a test draft."


class CommentAnswerFactory(DjangoModelFactory):
    class Meta:
        model = "consultations.CommentAnswer"

    comment = factory.SubFactory(ConsultationCommentFactory)
    outcome = "accepted"
    text = "Added to action 1.2."
    answered_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


# ---- naptrack.notifications: what people are told, and what they follow -------------


class EmailDeliveryFactory(DjangoModelFactory):
    """An email waiting to be sent now."""

    class Meta:
        model = "notifications.EmailDelivery"

    recipient = factory.SubFactory(UserFactory)
    kind = "immediate"
    next_attempt_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(UserFactory)
    activity = factory.SubFactory(ActivityFactory, verb="reporting.update.approved")
    family = "reporting"
    reason = "concerned"


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = "notifications.NotificationPreference"

    user = factory.SubFactory(UserFactory)
    family = "reporting"
    delivery = "daily"


class FollowFactory(DjangoModelFactory):
    """Following Kenya; pass plan= or regional_organization= (and country=None) instead."""

    class Meta:
        model = "notifications.Follow"

    user = factory.SubFactory(UserFactory)
    country = factory.LazyFunction(_kenya)


class PartnershipFactory(DjangoModelFactory):
    """A proposed partnership with no sides; add PartnerFactory rows, or go through the
    services to test the workflow."""

    class Meta:
        model = "twinning.Partnership"

    title = factory.Sequence(lambda n: f"Twinning test partnership {n}")
    aims = "Learn from each other's monitoring."


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = "twinning.Partner"

    partnership = factory.SubFactory(PartnershipFactory)
    country = factory.LazyFunction(_kenya)


class ExchangeFactory(DjangoModelFactory):
    class Meta:
        model = "twinning.Exchange"

    partnership = factory.SubFactory(PartnershipFactory, status="agreed")
    kind = "workshop"
    title = factory.Sequence(lambda n: f"Twinning test workshop {n}")
    happened_on = datetime.date(2026, 2, 1)


class SuggestionOptOutFactory(DjangoModelFactory):
    class Meta:
        model = "twinning.SuggestionOptOut"

    country = factory.LazyFunction(_kenya)


class LessonFactory(DjangoModelFactory):
    """A submitted lesson with a link as evidence; publish it through the services."""

    class Meta:
        model = "lessons.Lesson"

    title = factory.Sequence(lambda n: f"Lesson test {n}")
    summary = "Kenya's county action plans brought local women's groups into monitoring."
    result = "Four counties report every year."
    evidence_url = "https://www.mfa.go.ke/lesson-test"
    author = factory.SubFactory(UserFactory)


# ---- naptrack.contractors: the register of private contractors -----------------------


def _checklist_item(code: str = "staff_vetting"):
    from naptrack.contractors.models import ChecklistItem

    return ChecklistItem.objects.get(version__number=1, code=code)


class ContractorFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.Contractor"

    name = factory.Sequence(lambda n: f"Test Security Company {n}")
    country_of_registration = factory.LazyFunction(_kenya)


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.Contract"

    contractor = factory.SubFactory(ContractorFactory)
    authority_country = factory.LazyFunction(_kenya)
    country_of_operation = factory.LazyFunction(_kenya)
    title = factory.Sequence(lambda n: f"Guarding of a test site {n}")
    services = "Static guarding of a test site."
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2026, 12, 31)


class ChecklistVersionFactory(DjangoModelFactory):
    """A draft version numbered after the reference version 1."""

    class Meta:
        model = "contractors.ChecklistVersion"

    number = factory.Sequence(lambda n: n + 100)


class ChecklistItemFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.ChecklistItem"

    version = factory.SubFactory(ChecklistVersionFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    label = factory.Sequence(lambda n: f"Test item {n}")


class ChecklistAnswerFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.ChecklistAnswer"

    contract = factory.SubFactory(ContractFactory)
    item = factory.LazyFunction(_checklist_item)
    answer = "yes"
    answered_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class AnswerEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.AnswerEvidence"

    answer = factory.SubFactory(ChecklistAnswerFactory)
    url = "https://example.org/vetting-policy"
    description = "Vetting policy"


class ContractChallengeFactory(DjangoModelFactory):
    """Submitted, awaiting moderation."""

    class Meta:
        model = "contractors.Challenge"

    answer = factory.SubFactory(ChecklistAnswerFactory)
    author = factory.SubFactory(CsoFactory)
    claimed_answer = "no"
    text = "Staff on this site were not vetted."


class ChallengeEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = "contractors.ChallengeEvidence"

    challenge = factory.SubFactory(ContractChallengeFactory)
    url = "https://example.org/testimony"
    description = "Public testimony"


class IncidentFactory(DjangoModelFactory):
    """Recorded, not published."""

    class Meta:
        model = "contractors.Incident"

    contract = factory.SubFactory(ContractFactory)
    year = 2025
    incident_type = "sexual_harassment"


class ContentTranslationFactory(DjangoModelFactory):
    """A French translation of a plan's title, written by nobody in particular."""

    class Meta:
        model = "translations.ContentTranslation"

    content_type = factory.LazyFunction(
        lambda: ContentType.objects.get(app_label="registry", model="actionplan")
    )
    object_id = factory.LazyAttribute(lambda _: ActionPlanFactory().pk)
    field = "title"
    language = "fr"
    text = factory.Sequence(lambda n: f"Plan d'action national de test {n}")


class RoleRequestFactory(DjangoModelFactory):
    """A pending request for a reporter role in a named organization."""

    class Meta:
        model = "accounts.RoleRequest"

    user = factory.SubFactory(UserFactory)
    role = Role.AGENCY_REPORTER
    organization_name = factory.Sequence(lambda n: f"Test ministry {n}")
