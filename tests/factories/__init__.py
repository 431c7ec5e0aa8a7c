"""Factories, one module per app: tests.factories.<app> (registry, accounts, plans,
reporting, ...), and tests.factories.people for people in roles.

New code imports from the app module. This package re-exports the public names only so
that tests written against the single module it used to be keep working.
"""

from tests.factories.accounts import (  # noqa: F401
    AgencyFactory,
    ApiTokenFactory,
    CoordinatorFactory,
    CsoFactory,
    EmailAddressFactory,
    MembershipFactory,
    OrganizationFactory,
    RoleRequestFactory,
    TotpAuthenticatorFactory,
    UserFactory,
    api_token_issue,
)
from tests.factories.consultations import (  # noqa: F401
    CommentAnswerFactory,
    CommentSupportFactory,
    ConsultationCommentFactory,
    ConsultationFactory,
    DraftParagraphFactory,
    FacilitatorFactory,
    ImportMappingFactory,
    InputSessionFactory,
    ParticipantCountFactory,
    QuestionFactory,
)
from tests.factories.contractors import (  # noqa: F401
    AnswerEvidenceFactory,
    ChallengeEvidenceFactory,
    ChecklistAnswerFactory,
    ChecklistItemFactory,
    ChecklistVersionFactory,
    ContractChallengeFactory,
    ContractFactory,
    ContractorFactory,
    IncidentFactory,
)
from tests.factories.core import (  # noqa: F401
    ActivityFactory,
    EvidenceLinkFactory,
)
from tests.factories.events import (  # noqa: F401
    CalendarFeedTokenFactory,
    EventFactory,
)
from tests.factories.lessons import (  # noqa: F401
    LessonFactory,
)
from tests.factories.library import (  # noqa: F401
    AnalysisRunFactory,
    DocumentFactory,
    DocumentPageFactory,
    DocumentTableFactory,
    EvidenceSuggestionFactory,
    KeywordFactory,
    KeywordFamilyFactory,
    SearchEntryFactory,
    ThemeCountFactory,
)
from tests.factories.notifications import (  # noqa: F401
    EmailDeliveryFactory,
    FollowFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
)
from tests.factories.plans import (  # noqa: F401
    ActionFactory,
    BudgetLineFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
    StructureChangeFactory,
    StructureVersionFactory,
)
from tests.factories.registry import (  # noqa: F401
    ActionPlanFactory,
    CitationFactory,
    CountryFactory,
    MadeUpCountryFactory,
    PillarFactory,
    PlanFactFactory,
    RegionalOrganizationFactory,
    RegionFactory,
    ResolutionFactory,
    StandardIndicatorFactory,
    kenya,
)
from tests.factories.report_cards import (  # noqa: F401
    CoordinatorStatementFactory,
    CsoCriterionGradeFactory,
    CsoReportCardFactory,
    ReportCardFactory,
)
from tests.factories.reporting import (  # noqa: F401
    ActionUpdateFactory,
    EvidenceFactory,
    IndicatorValueFactory,
    OfficialReportFactory,
    ReminderLogFactory,
    ReportEvidenceFactory,
    ReportingCycleFactory,
    ReportingScheduleFactory,
    ReviewCommentFactory,
)
from tests.factories.shadow_reports import (  # noqa: F401
    ActionAssessmentFactory,
    AssessmentEvidenceFactory,
    CoAuthorInvitationFactory,
    RightOfReplyFactory,
    ShadowReportFactory,
)
from tests.factories.translations import (  # noqa: F401
    ContentTranslationFactory,
)
from tests.factories.twinning import (  # noqa: F401
    ExchangeFactory,
    PartnerFactory,
    PartnershipFactory,
    SuggestionOptOutFactory,
)
