"""Read endpoints of the library's analysis: a plan's confirmed evidence and theme
counts, and theme prevalence across plans. The same selectors and access helper as the
pages: a draft's answers are 404 to everyone but its coordinators, and evidence is
public only once confirmed."""

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from naptrack.accounts.auth import api_user
from naptrack.core.api import ANONYMOUS_ALLOWED, READ_ERRORS, PageLinks, error_responses
from naptrack.library import selectors
from naptrack.library.choices import SuggestionState
from naptrack.library.schemas import ConfirmedEvidenceOut, DocumentThemesOut, ThemePrevalenceOut
from naptrack.registry.permissions import plan_for_read

router = Router(tags=["document analysis"])
READ_ONE_ERRORS = error_responses(401, 404, 422)
PLAN = "/plans/{int:plan_id}"


@router.get(
    PLAN + "/evidence",
    response={200: list[ConfirmedEvidenceOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def evidence_list(request, plan_id: int):
    """Confirmed evidence for the report cards' design criteria, with page and passage."""
    user = api_user(request)
    plan = plan_for_read(user, plan_id)
    documents = selectors.documents_visible_to(user).filter(plan=plan)
    return selectors.suggestions_for(documents, reviewer=False, state=SuggestionState.CONFIRMED)


@router.get(
    PLAN + "/themes",
    response={200: list[DocumentThemesOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def theme_list(request, plan_id: int):
    """Keyword families counted in each of the plan's read documents."""
    user = api_user(request)
    return selectors.plan_document_runs(plan_for_read(user, plan_id), user)


class ThemePrevalenceFiltersIn(Schema):
    by: selectors.Compare = selectors.BY_YEAR


@router.get(
    "/themes",
    response={200: list[ThemePrevalenceOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def prevalence(request, filters: Query[ThemePrevalenceFiltersIn]):
    """Plans whose plan text mentions each family, by adoption year or UN M49 region;
    only plans whose text was analysed count (see docs/library.md)."""
    table = selectors.theme_prevalence(api_user(request), filters.by)
    return [
        {
            "family": row.family.slug,
            "name": row.family.name,
            "kind": row.family.kind,
            "compared_by": table.by,
            "value": column.value,
            "label": column.label,
            "plans_analysed": analysed,
            "plans_mentioning": mentioning,
        }
        for row in table.rows
        for column, (mentioning, analysed) in zip(table.columns, row.cells, strict=True)
    ]
