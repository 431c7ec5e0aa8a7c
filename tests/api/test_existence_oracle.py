"""No API answer tells whether an id is in use: for every operation with an id in its
path, an object the caller may not see answers exactly like an id nobody uses (status
and body), for anonymous callers and for signed-in outsiders alike.

The operations come from the live OpenAPI document, so a new endpoint is swept too. Each
gets a valid minimal body built from its schema, so that the request reaches the access
check instead of stopping at validation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from config.api import api
from naptrack.registry.choices import PlanStatus, Publication
from tests.api.conftest import ApiClient, client_for
from tests.factories import people
from tests.factories.accounts import CoordinatorFactory, CsoFactory
from tests.factories.consultations import ConsultationCommentFactory, ConsultationFactory
from tests.factories.contractors import ContractFactory, ContractorFactory
from tests.factories.events import EventFactory
from tests.factories.lessons import LessonFactory
from tests.factories.library import DocumentFactory
from tests.factories.plans import ActionFactory
from tests.factories.registry import ActionPlanFactory, CitationFactory
from tests.factories.reporting import (
    ActionUpdateFactory,
    EvidenceFactory,
    OfficialReportFactory,
    ReportingCycleFactory,
)
from tests.factories.shadow_reports import CoAuthorInvitationFactory, ShadowReportFactory

MISSING = 2_000_000_000
SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")


def _operations():
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            if names - {"iso3", "slug"}:
                yield pytest.param(method, path, operation, id=f"{method.upper()} {path}")


def _resolve(schema: dict) -> dict:
    if "$ref" in schema:
        return _resolve(SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]])
    if "anyOf" in schema:
        return _resolve(next(s for s in schema["anyOf"] if s.get("type") != "null"))
    if "allOf" in schema:
        return _resolve(schema["allOf"][0])
    return schema


def _example(schema: dict):
    """A value the schema accepts, so that validation lets the request through."""
    schema = _resolve(schema)
    if "enum" in schema:
        return schema["enum"][-1]
    kind = schema.get("type")
    if kind == "object":
        required = schema.get("required", [])
        return {name: _example(schema["properties"][name]) for name in required}
    if kind == "array":
        return []
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2025-06-30"
    if schema.get("format") in {"uri", "url"}:
        return "https://example.org/oracle"
    return "Oracle check"


def _body(operation: dict):
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return "json", _example(content["application/json"]["schema"])
    if "multipart/form-data" in content:
        return "multipart", {"description": "Oracle check"}
    return None, None


@pytest.fixture
def secrets(kenya):
    """One object of each kind that outsiders may not see, on a public plan where the
    id's parents are public."""
    public = ActionPlanFactory(country=kenya, title="Oracle public plan")
    draft = ActionPlanFactory(
        country=kenya, status=PlanStatus.DRAFTING, publication=Publication.DRAFT
    )
    cycle = ReportingCycleFactory(plan=public)
    update = ActionUpdateFactory(cycle=cycle)
    shadow = ShadowReportFactory(plan=public)
    open_consultation = ConsultationFactory(state="open", opened_at=timezone.now())
    return {
        "plan_id": draft.pk,
        "citation_id": CitationFactory(plan=draft).pk,
        "cycle_id": ReportingCycleFactory(plan=draft).pk,
        "version": OfficialReportFactory(cycle=cycle).version,
        "update_id": update.pk,
        "evidence_id": EvidenceFactory(update=update).pk,
        "report_id": shadow.pk,
        "action_id": ActionFactory(objective__pillar__plan=public).pk,
        "invitation_id": CoAuthorInvitationFactory(report=shadow).pk,
        "public_plan_id": public.pk,
        "public_cycle_id": cycle.pk,
        "event_id": EventFactory(state="submitted", moderated_at=None).pk,
        "consultation_id": ConsultationFactory().pk,  # being prepared
        "comment_id": ConsultationCommentFactory(
            consultation=open_consultation,
            state="hidden_by_moderator",
            hidden_at=timezone.now(),
            moderation_note="Oracle check",
        ).pk,
        "public_consultation_id": open_consultation.pk,
        "partnership_id": _proposal(kenya).pk,
        "lesson_id": LessonFactory().pk,  # submitted, not yet moderated
        # Synthetic (demo) records stay out of the public register.
        "contractor_id": ContractorFactory(origin="synthetic").pk,
        "contract_id": ContractFactory(origin="synthetic").pk,
        "document_id": DocumentFactory(plan=draft).pk,
    }


def _proposal(kenya):
    """A twinning proposal Tanzania has not agreed to: private to both sides' coordinators."""
    from naptrack.registry.models import Country
    from naptrack.twinning import services

    proposer = CoordinatorFactory(country=kenya).user
    return services.partnership_propose(
        actor=proposer,
        title="Oracle partnership",
        aims="Oracle check",
        countries=[kenya, Country.objects.get(iso3="TZA")],
    )


def _paths(path: str, secrets: dict) -> tuple[str, str]:
    """The path with the secret leaf id, and with a missing one; parents stay public
    where the leaf is not the plan itself (a missing parent would answer first)."""
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    leaf = names[-1]
    parents = {"plan_id": secrets["public_plan_id"], "cycle_id": secrets["public_cycle_id"]}
    if leaf == "comment_id":  # a hidden comment, asked for on an open consultation
        parents["consultation_id"] = secrets["public_consultation_id"]
    if leaf == "citation_id":  # a draft plan's citation, asked for on a public plan
        parents = {"plan_id": secrets["public_plan_id"]}
    if leaf == "action_id":  # the hidden report is the secret here
        leaf = "report_id"
    filled = {name: parents.get(name, secrets[name]) for name in names}
    secret, missing = path, path
    for name in names:
        secret_id = secrets[name] if name == leaf else filled[name]
        missing_id = MISSING if name == leaf else filled[name]
        secret = secret.replace(f"{{{name}}}", str(secret_id))
        missing = missing.replace(f"{{{name}}}", str(missing_id))
    return secret, missing


OUTSIDERS = ["anonymous", "other_cso_member", "uganda_coordinator", "analyst"]


@pytest.fixture(params=OUTSIDERS)
def oracle_outsider(request, db):
    if request.param == "anonymous":
        return ApiClient()
    makers = {
        "other_cso_member": lambda: people.cso_member(CsoFactory(name="Oracle outsider CSO")),
        "uganda_coordinator": lambda: people.coordinator_of("UGA"),
        "analyst": people.analyst,
    }
    return client_for(makers[request.param]())


def _send(client: ApiClient, method: str, path: str, operation: dict):
    kind, body = _body(operation)
    if kind == "multipart":
        upload = SimpleUploadedFile("oracle.txt", b"Oracle check", content_type="text/plain")
        return client.client.post(path, {**body, "file": upload}, headers=client._headers(None))
    return client.request(method, path, body if kind else None)


@pytest.mark.parametrize(("method", "path", "operation"), list(_operations()))
def test_hidden_object_answers_like_a_missing_one(
    oracle_outsider, secrets, method, path, operation
):
    secret_path, missing_path = _paths(path, secrets)
    hidden = _send(oracle_outsider, method, secret_path, operation)
    missing = _send(oracle_outsider, method, missing_path, operation)
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
    # 403 only where the parent is public and the caller may not change it
    assert hidden.status_code in {401, 403, 404}, hidden.json()


def test_the_sweep_reaches_the_access_checks(secrets):
    """Guards the sweep itself: with a token every operation reaches its access check
    (404, or 403 on a public parent), not a 422 from a body the generator got wrong."""
    from naptrack.registry.models import Country

    client = client_for(CoordinatorFactory(country=Country.objects.get(iso3="UGA")).user)
    statuses = {}
    for param in _operations():
        method, path, operation = param.values
        statuses[param.id] = _send(client, method, _paths(path, secrets)[0], operation).status_code
    assert {op: status for op, status in statuses.items() if status not in {403, 404}} == {}
    assert list(statuses.values()).count(404) > 20
    assert len(statuses) > 30
