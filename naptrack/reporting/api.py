"""Reporting endpoints: the same access helpers, selectors and services as the pages.

Cycles and published reports read like the pages (anonymous callers see what the public
sees). Updates need a token: agency reporters see and change their agencies' updates,
coordinators review the updates of the plans they coordinate. A save from a stale
version answers 409 with code "conflict".
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.core.api import (
    ANONYMOUS_ALLOWED,
    READ_ERRORS,
    WRITE_ERRORS,
    PageLinks,
    error_responses,
)
from naptrack.plans.models import Indicator
from naptrack.plans.selectors import structure_for
from naptrack.registry.permissions import plan_for_edit, plan_for_read
from naptrack.reporting import permissions, selectors, services
from naptrack.reporting.choices import UpdateState
from naptrack.reporting.models import OfficialReport, ReportingCycle
from naptrack.reporting.schemas import (
    CorrectionIn,
    CycleIn,
    CycleOut,
    EvidenceLinkIn,
    EvidenceOut,
    PlanStructureOut,
    ReportIn,
    ReportOut,
    ReportSummaryOut,
    ReturnIn,
    ScheduleIn,
    ScheduleOut,
    UpdateIn,
    UpdateOut,
    UpdateSummaryOut,
    VersionIn,
)
from naptrack.reporting.services import ConflictError, ValueInput

router = Router(tags=["reporting"])
token_required = ApiTokenAuth()
READ_ONE_ERRORS = error_responses(401, 404, 422)
UPDATE_WRITE_ERRORS = {**WRITE_ERRORS, **error_responses(409)}
CYCLE = "/plans/{int:plan_id}/reporting-cycles/{int:cycle_id}"
REPORT = CYCLE + "/reports/{int:version}"


def _conflict(error: ConflictError):
    return Status(
        409,
        {
            "error": {
                "code": "conflict",
                "message": error.message,
                "fields": {
                    "body.version": [
                        _("The update is now at version %(version)s.")
                        % {"version": error.update.version}
                    ]
                },
            }
        },
    )


# -- Cycles and published reports: public wherever the plan is ----------------------------


def _cycle_out(user, plan_id: int, cycle_id: int) -> ReportingCycle:
    cycle = permissions.cycle_for_read(user, plan_id, cycle_id)
    return selectors.cycles_for_plan(cycle.plan).get(pk=cycle.pk)


@router.get(
    "/plans/{int:plan_id}/reporting-cycles",
    response={200: list[CycleOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def cycle_list(request, plan_id: int):
    """The plan's reporting cycles, oldest first, with their published report versions."""
    return selectors.cycles_for_plan(plan_for_read(api_user(request), plan_id))


@router.get(CYCLE, response={200: CycleOut, **READ_ONE_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED)
def cycle_detail(request, plan_id: int, cycle_id: int):
    return _cycle_out(api_user(request), plan_id, cycle_id)


@router.get(
    "/plans/{int:plan_id}/structure",
    response={200: PlanStructureOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def plan_structure(request, plan_id: int):
    """The plan's lines of accountability: pillars, objectives, actions with their
    responsible agencies, indicators with targets, and budget lines."""
    plan = plan_for_read(api_user(request), plan_id)
    return {"plan_id": plan.pk, "pillars": structure_for(plan)}


def _reports():
    return OfficialReport.objects.select_related("cycle", "corrects")


@router.get(
    "/plans/{int:plan_id}/reports",
    response={200: list[ReportSummaryOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def report_list(request, plan_id: int):
    """Published official reports of the plan, every version, newest cycle first."""
    plan = plan_for_read(api_user(request), plan_id)
    return selectors.published_reports(plan).select_related("corrects")


@router.get(REPORT, response={200: ReportOut, **READ_ONE_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED)
def report_detail(request, plan_id: int, cycle_id: int, version: int):
    """One version with its frozen snapshot; drafts only for the plan's coordinators."""
    report = permissions.report_for_read(api_user(request), plan_id, cycle_id, version)
    return _reports().get(pk=report.pk)


# -- Agency updates -------------------------------------------------------------------------


class UpdateFiltersIn(Schema):
    cycle_id: int | None = None
    state: UpdateState | None = None


@router.get(
    "/reporting/updates",
    response={200: list[UpdateSummaryOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def update_list(request, filters: Query[UpdateFiltersIn]):
    """Your agencies' updates, and for coordinators every update of their plans. Without
    a token the list is empty: drafts are never public."""
    updates = selectors.updates_visible_to(api_user(request))
    if filters.cycle_id is not None:
        updates = updates.filter(cycle_id=filters.cycle_id)
    if filters.state:
        updates = updates.filter(state=filters.state)
    return updates


def _update_out(pk: int):
    return selectors.update_for_api(pk)


@router.get(
    "/reporting/updates/{int:update_id}",
    response={200: UpdateOut, **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def update_detail(request, update_id: int):
    return _update_out(permissions.update_for_read(api_user(request), update_id).pk)


def _value_inputs(update, items) -> list[ValueInput]:
    codes = dict(Indicator.objects.filter(action_id=update.action_id).values_list("code", "pk"))
    unknown = {
        f"indicator_values.{n}.indicator": [
            _("%(code)s is not an indicator of this action.") % {"code": item.indicator}
        ]
        for n, item in enumerate(items)
        if item.indicator not in codes
    }
    if unknown:
        raise ValidationError(unknown)
    return [
        ValueInput(codes[item.indicator], item.value, item.disaggregation, item.note)
        for item in items
    ]


@router.patch(
    "/reporting/updates/{int:update_id}",
    auth=token_required,
    response={200: UpdateOut, **UPDATE_WRITE_ERRORS},
)
def update_save(request, update_id: int, payload: UpdateIn):
    """Save the fields sent (your agency's draft or returned update). Send the `version`
    you read: if someone saved since, nothing changes and the answer is 409."""
    user = api_user(request)
    update = permissions.update_for_reporter(user, update_id)
    fields = payload.dict(exclude_unset=True, exclude={"version", "indicator_values"})
    fields = {name: getattr(value, "value", value) for name, value in fields.items()}
    values = payload.indicator_values
    try:
        services.update_save(
            actor=user,
            update=update,
            expected_version=payload.version,
            indicator_values=_value_inputs(update, values) if values else None,
            channel="api",
            **fields,
        )
    except ConflictError as error:
        return _conflict(error)
    return _update_out(update.pk)


@router.post(
    "/reporting/updates/{int:update_id}/submit",
    auth=token_required,
    response={200: UpdateOut, **UPDATE_WRITE_ERRORS},
)
def update_submit(request, update_id: int, payload: VersionIn):
    user = api_user(request)
    update = permissions.update_for_reporter(user, update_id)
    try:
        services.update_submit(
            actor=user, update=update, expected_version=payload.version, channel="api"
        )
    except ConflictError as error:
        return _conflict(error)
    return _update_out(update.pk)


@router.post(
    "/reporting/updates/{int:update_id}/evidence",
    auth=token_required,
    response={201: EvidenceOut, **WRITE_ERRORS},
)
def evidence_link_add(request, update_id: int, payload: EvidenceLinkIn):
    user = api_user(request)
    update = permissions.update_for_reporter(user, update_id)
    return Status(
        201,
        services.EVIDENCE.add_link(
            actor=user,
            parent=update,
            url=payload.url,
            description=payload.description,
            channel="api",
        ),
    )


@router.post(
    "/reporting/updates/{int:update_id}/evidence-files",
    auth=token_required,
    response={201: EvidenceOut, **WRITE_ERRORS},
)
def evidence_file_add(request, update_id: int, description: Form[str], file: File[UploadedFile]):
    """multipart/form-data with `description` and `file` (see docs/reporting.md for types)."""
    user = api_user(request)
    update = permissions.update_for_reporter(user, update_id)
    return Status(
        201,
        services.EVIDENCE.add_file(
            actor=user, parent=update, upload=file, description=description, channel="api"
        ),
    )


@router.delete(
    "/reporting/evidence/{int:evidence_id}",
    auth=token_required,
    response={204: None, **WRITE_ERRORS},
)
def evidence_remove(request, evidence_id: int):
    user = api_user(request)
    evidence = permissions.evidence_for_reporter(user, evidence_id)
    services.EVIDENCE.remove(actor=user, evidence=evidence, channel="api")
    return Status(204, None)


@router.post(
    "/reporting/updates/{int:update_id}/approve",
    auth=token_required,
    response={200: UpdateOut, **WRITE_ERRORS},
)
def update_approve(request, update_id: int):
    user = api_user(request)
    update = permissions.update_for_review(user, update_id)
    services.update_approve(actor=user, update=update, channel="api")
    return _update_out(update.pk)


@router.post(
    "/reporting/updates/{int:update_id}/return",
    auth=token_required,
    response={200: UpdateOut, **WRITE_ERRORS},
)
def update_return(request, update_id: int, payload: ReturnIn):
    user = api_user(request)
    update = permissions.update_for_review(user, update_id)
    services.update_return(actor=user, update=update, comments=payload.comments, channel="api")
    return _update_out(update.pk)


# -- Coordinators: schedule, cycles, reports ------------------------------------------------


@router.put(
    "/plans/{int:plan_id}/reporting-schedule",
    auth=token_required,
    response={200: ScheduleOut, **WRITE_ERRORS},
)
def schedule_set(request, plan_id: int, payload: ScheduleIn):
    user = api_user(request)
    plan = plan_for_edit(user, plan_id)
    data = payload.dict()
    data["frequency"] = payload.frequency.value
    return services.schedule_set(actor=user, plan=plan, channel="api", **data)


@router.post(
    "/plans/{int:plan_id}/reporting-schedule/generate",
    auth=token_required,
    response={201: list[CycleOut], **WRITE_ERRORS},
)
def cycles_generate(request, plan_id: int):
    """Add a scheduled cycle for every period the schedule covers that has none yet."""
    user = api_user(request)
    plan = plan_for_edit(user, plan_id)
    created = services.schedule_generate_cycles(actor=user, plan=plan, channel="api")
    return Status(201, list(selectors.cycles_for_plan(plan).filter(pk__in=[c.pk for c in created])))


@router.post(
    "/plans/{int:plan_id}/reporting-cycles",
    auth=token_required,
    response={201: CycleOut, **WRITE_ERRORS},
)
def cycle_create(request, plan_id: int, payload: CycleIn):
    user = api_user(request)
    plan = plan_for_edit(user, plan_id)
    cycle = services.cycle_create(actor=user, plan=plan, channel="api", **payload.dict())
    return Status(201, _cycle_out(user, plan.pk, cycle.pk))


@router.post(CYCLE + "/open", auth=token_required, response={200: CycleOut, **WRITE_ERRORS})
def cycle_open(request, plan_id: int, cycle_id: int):
    """Open (or reopen) the cycle: every responsible agency gets its update, pre-filled."""
    user = api_user(request)
    cycle = permissions.cycle_for_edit(user, plan_id, cycle_id)
    services.cycle_open(actor=user, cycle=cycle, channel="api")
    return _cycle_out(user, plan_id, cycle_id)


@router.post(CYCLE + "/close", auth=token_required, response={200: CycleOut, **WRITE_ERRORS})
def cycle_close(request, plan_id: int, cycle_id: int):
    user = api_user(request)
    cycle = permissions.cycle_for_edit(user, plan_id, cycle_id)
    services.cycle_close(actor=user, cycle=cycle, channel="api")
    return _cycle_out(user, plan_id, cycle_id)


@router.post(
    CYCLE + "/reports",
    auth=token_required,
    response={200: ReportOut, **WRITE_ERRORS},
)
def report_compile(request, plan_id: int, cycle_id: int, payload: ReportIn):
    """Compile (or recompile) the cycle's draft report from the updates approved now."""
    user = api_user(request)
    cycle = permissions.cycle_for_edit(user, plan_id, cycle_id)
    report = services.report_compile(
        actor=user, cycle=cycle, summary=payload.summary, language=payload.language, channel="api"
    )
    return _reports().get(pk=report.pk)


@router.post(
    REPORT + "/publish",
    auth=token_required,
    response={200: ReportOut, **WRITE_ERRORS},
)
def report_publish(request, plan_id: int, cycle_id: int, version: int):
    user = api_user(request)
    report = permissions.report_for_edit(user, plan_id, cycle_id, version)
    services.report_publish(actor=user, report=report, channel="api")
    return _reports().get(pk=report.pk)


@router.post(
    REPORT + "/corrections",
    auth=token_required,
    response={201: ReportOut, **WRITE_ERRORS},
)
def report_correct(request, plan_id: int, cycle_id: int, version: int, payload: CorrectionIn):
    """Start a correction of the latest published version: a new draft version."""
    user = api_user(request)
    report = permissions.report_for_edit(user, plan_id, cycle_id, version)
    correction = services.report_correct(
        actor=user, report=report, note=payload.note, channel="api"
    )
    return Status(201, _reports().get(pk=correction.pk))
