"""Contractors register endpoints: the same access helpers, selectors and services as
the pages. Reads are public; the contracting authority answers the checklist with a
token. Challenges and incidents are written on the pages (their screening and
moderation forms); the API shows only what the public pages show."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.contractors import permissions, selectors, services
from naptrack.contractors.schemas import (
    AnswerIn,
    AnswerOut,
    ChecklistOut,
    ContractFilterIn,
    ContractorOut,
    ContractOut,
    ContractSummaryOut,
)
from naptrack.core.api import (
    ANONYMOUS_ALLOWED,
    READ_ERRORS,
    WRITE_ERRORS,
    PageLinks,
    error_responses,
)

router = Router(tags=["contractors"])
token_required = ApiTokenAuth()
READ_ONE_ERRORS = error_responses(401, 404, 422)


@router.get(
    "/contractors/checklist",
    response={200: ChecklistOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def checklist(request):
    """The current (newest published) version of the compliance checklist."""
    version = selectors.current_checklist()
    if version is None:
        raise Http404("No checklist version is published yet.")
    return version


@router.get(
    "/contractors",
    response={200: list[ContractorOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def contractor_list(request):
    """Companies in the register, by name."""
    return selectors.contractors_public()


@router.get(
    "/contractors/{int:contractor_id}",
    response={200: ContractorOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def contractor_detail(request, contractor_id: int):
    return permissions.contractor_for_read(api_user(request), contractor_id)


@router.get(
    "/contracts",
    response={200: list[ContractSummaryOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def contract_list(request, filters: Query[ContractFilterIn]):
    """The register, with the page's filters."""
    return selectors.register(selectors.RegisterFilters(**filters.dict()))


def _with_detail(contract):
    contract.detail = selectors.contract_detail(contract)
    return contract


@router.get(
    "/contracts/{int:contract_id}",
    response={200: ContractOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def contract_detail(request, contract_id: int):
    """A contract with its answers, their evidence, published challenges (byline only)
    and incidents: counts by year and type, and those the authority published."""
    return _with_detail(permissions.contract_for_read(api_user(request), contract_id))


@router.put(
    "/contracts/{int:contract_id}/answers",
    auth=token_required,
    response={200: AnswerOut, **WRITE_ERRORS},
)
def answer_save(request, contract_id: int, payload: AnswerIn):
    """The contracting authority answers one item of the current checklist version."""
    user = api_user(request)
    contract = permissions.contract_for_authority(user, contract_id)
    version = selectors.current_checklist()
    item = (
        next((i for i in version.items.all() if i.code == payload.item), None) if version else None
    )
    if item is None:
        raise ValidationError({"item": f"No item “{payload.item}” in the current checklist."})
    answer = services.checklist_answer_save(
        actor=user,
        contract=contract,
        item=item,
        answer=payload.answer,
        explanation=payload.explanation,
        channel="api",
    )
    return selectors.answer_detail(answer.pk)
