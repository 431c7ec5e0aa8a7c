"""People without a display name are named by their role, never by their email, on every
page and API answer other people see: the person acts as coordinator, agency reporter,
evidence reviewer and shadow-report author, then coordinators, moderators and the public
look everywhere they are shown."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.accounts.models import person_label
from naptrack.core.models import Activity
from naptrack.library.services.evidence_review import evidence_confirm
from naptrack.plans import services as structure
from naptrack.registry import services as registry
from naptrack.registry.models import Country
from naptrack.reporting import services as reporting
from naptrack.shadow_reports import services as shadow
from tests.factories import people
from tests.factories.accounts import (
    AgencyFactory,
    EmailAddressFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    api_token_issue,
)
from tests.factories.library import DocumentFactory, EvidenceSuggestionFactory
from tests.factories.people import enrol_totp
from tests.factories.plans import ActionFactory, ObjectiveFactory, ResponsibilityFactory
from tests.factories.registry import ActionPlanFactory

pytestmark = pytest.mark.django_db

MARKER = "zq5nameless"


def nameless(role: str, **scope):
    user = UserFactory(email=f"{MARKER}.{role}@example.org", display_name="")
    EmailAddressFactory(user=user)
    MembershipFactory(user=user, role=role, **scope)
    enrol_totp(user)
    return user


@pytest.fixture
def nameless_world(kenya):
    """Everything the nameless people did on one Kenyan plan."""
    coordinator = nameless(Role.COORDINATOR, country=kenya)
    agency = AgencyFactory(name="Ministry of Gender (names test)", country=kenya)
    reporter = nameless(Role.AGENCY_REPORTER, organization=agency)
    cso = OrganizationFactory(name="Names test CSO", kind=OrganizationKind.CSO, country=kenya)
    author = nameless(Role.CSO_MEMBER, organization=cso)
    plan = ActionPlanFactory(country=kenya, title="Names test plan", period_start=2025)
    registry.plan_update(actor=coordinator, plan=plan, lead_agency="Office of the President")
    pillar = structure.pillar_create(actor=coordinator, plan=plan, name="Names test pillar")
    objective = ObjectiveFactory(pillar=pillar, code="1")
    action = ActionFactory(objective=objective, code="1.1", title="Train mediators")
    ResponsibilityFactory(action=action, agency=agency, role="lead")
    cycle = reporting.cycle_create(
        actor=coordinator,
        plan=plan,
        label="2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
    )
    cycle = reporting.cycle_open(actor=coordinator, cycle=cycle)
    update = cycle.updates.get(action=action)
    update = reporting.update_save(
        actor=reporter, update=update, expected_version=update.version, status="on_track"
    )
    update = reporting.update_submit(actor=reporter, update=update)
    report = shadow.shadow_report_create(
        actor=author,
        plan=plan,
        author=cso,
        cycle=cycle,
        title="Names test shadow report",
        findings="Slow.",
    )
    shadow.shadow_report_submit(actor=author, report=report)
    shadow.shadow_report_publish(actor=author, report=report)
    document = DocumentFactory(plan=plan, title="Names test plan text")
    suggestion = EvidenceSuggestionFactory(document=document, criterion="participation")
    evidence_confirm(actor=coordinator, suggestion=suggestion)
    return {
        "plan": plan,
        "pillar": pillar,
        "cycle": cycle,
        "update": update,
        "report": report,
        "document": document,
    }


def pages(world) -> list[str]:
    plan, cycle = world["plan"], world["cycle"]
    return [
        reverse("registry:plan_history", args=[plan.pk]),
        reverse("plans:changes", args=[plan.pk]),
        reverse("reporting:cycle", args=[plan.pk, cycle.pk]),
        reverse("reporting:review", args=[plan.pk, cycle.pk, world["update"].pk]),
        reverse("shadow_reports:detail", args=[world["report"].pk]),
        reverse("shadow_reports:history", args=[world["report"].pk]),
        reverse("library:document", args=[world["document"].pk]),
        reverse("library:plan_evidence", args=[plan.pk]),
    ]


def api_paths(world) -> list[str]:
    plan = world["plan"]
    return [
        f"/api/v1/plans/{plan.pk}/history",
        f"/api/v1/plans/{plan.pk}/shadow-reports",
        f"/api/v1/plans/{plan.pk}/reporting-cycles",
        f"/api/v1/reporting/updates/{world['update'].pk}",
    ]


def seen_by(user, world) -> list[str]:
    client, shown = Client(), []
    if user is not None:
        client.force_login(user)
    for url in pages(world):
        response = client.get(url)
        shown.append(f"{url} {response.status_code} {response.content.decode()}")
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Bearer {api_token_issue(user)[1]}"
    for path in api_paths(world):
        shown.append(f"{path} {client.get(path, headers=headers).content.decode()}")
    return shown


@pytest.mark.parametrize("viewer", ["anonymous", "coordinator", "moderator"])
def test_no_page_or_api_answer_shows_the_email_of_a_nameless_person(kenya, nameless_world, viewer):
    user = {
        "anonymous": lambda: None,
        "coordinator": lambda: people.coordinator_of(kenya),
        "moderator": lambda: people.moderator(),
    }[viewer]()
    shown = seen_by(user, nameless_world)
    for answer in shown:
        assert MARKER not in answer, answer[:200]
    assert any(" 200 " in answer for answer in shown)


def test_a_coordinator_reads_the_role_of_a_nameless_person(client, kenya, nameless_world):
    client.force_login(people.coordinator_of(kenya))
    plan, cycle = nameless_world["plan"], nameless_world["cycle"]
    review = reverse("reporting:review", args=[plan.pk, cycle.pk, nameless_world["update"].pk])
    assert "by a reporter of the agency" in client.get(review).content.decode()
    changes = client.get(reverse("plans:changes", args=[plan.pk])).content.decode()
    assert "— a NAPtrack user" in changes
    evidence = client.get(reverse("library:plan_evidence", args=[plan.pk])).content.decode()
    assert "by a reviewer on" in evidence


def test_a_moderator_reads_a_name_or_a_role_in_a_report_history(client, nameless_world):
    client.force_login(people.moderator())
    page = client.get(reverse("shadow_reports:history", args=[nameless_world["report"].pk]))
    assert page.status_code == 200
    assert "<td>a NAPtrack user</td>" in page.content.decode()


def test_person_label_prefers_the_display_name_then_the_role():
    named = UserFactory.build(email=f"{MARKER}@example.org", display_name="Amina W.")
    bare = UserFactory.build(email=f"{MARKER}@example.org", display_name="")
    assert person_label(named, "a coordinator") == "Amina W." == str(named)
    assert person_label(bare, "a coordinator") == "a coordinator"
    assert person_label(None) == str(bare) == "a NAPtrack user"


def test_audit_rows_label_a_nameless_actor_without_email(nameless_world):
    plan = nameless_world["plan"]
    labels = Activity.objects.filter(
        target_type=ContentType.objects.get_for_model(plan), target_id=str(plan.pk)
    ).values_list("actor_label", flat=True)
    assert list(labels) and all(MARKER not in label for label in labels)
    assert Country.objects.get(iso3="KEN")
