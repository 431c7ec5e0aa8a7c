"""A small Kenyan plan with a real published official report for 2025, and the people
around it: the coordinator, two agencies' reporters, a CSO, a coalition with a
co-author, a moderator, an analyst and outsiders.

Official statuses in the published 2025 report:
  1.1 (Participation, led by Defence)                       on track
  2.1 (Protection, led by Police, supported by Defence)     delayed (Police; Defence's
                                                            supporting update not approved)
  2.2 (Protection, no responsible agency)                   unknown
"""

import datetime

import pytest

from naptrack.accounts.choices import OrganizationKind
from naptrack.shadow_reports import services
from tests.factories import people
from tests.factories.accounts import AgencyFactory, OrganizationFactory
from tests.factories.plans import (
    ActionFactory,
    ObjectiveFactory,
    PlanPillarFactory,
    ResponsibilityFactory,
)
from tests.factories.registry import ActionPlanFactory
from tests.factories.reporting import cycle_opened, report_published, update_approved

SECRET_ORG = "Hidden Voices of Turkana Women"
SECRET_CO_AUTHOR = "Lakeside Widows Collective"
SECRET_NAME = "Wanjiru Secretperson"
SECRET_EMAIL = "wanjiru.secret@example.org"


@pytest.fixture
def shadow_plan(kenya):
    return ActionPlanFactory(
        country=kenya, title="Kenya shadow test plan", period_start=2025, period_end=2026
    )


@pytest.fixture
def shadow_defence(kenya):
    return AgencyFactory(name="Ministry of Defence (shadow test)", country=kenya)


@pytest.fixture
def police(kenya):
    return AgencyFactory(name="National Police Service (shadow test)", country=kenya)


@pytest.fixture
def shadow_structure(shadow_plan, shadow_defence, police):
    participation = PlanPillarFactory(plan=shadow_plan, name="Participation", position=1)
    protection = PlanPillarFactory(plan=shadow_plan, name="Protection", position=2)
    first = ObjectiveFactory(pillar=participation, code="1", title="Women in peace talks")
    second = ObjectiveFactory(pillar=protection, code="2", title="Safe reporting of violence")
    a11 = ActionFactory(objective=first, code="1.1", title="Train women mediators", position=1)
    a21 = ActionFactory(objective=second, code="2.1", title="Open gender desks", position=2)
    a22 = ActionFactory(objective=second, code="2.2", title="Fund shelters", position=3)
    ResponsibilityFactory(action=a11, agency=shadow_defence, role="lead")
    ResponsibilityFactory(action=a21, agency=police, role="lead")
    ResponsibilityFactory(action=a21, agency=shadow_defence, role="supporting")
    return {"1.1": a11, "2.1": a21, "2.2": a22}


@pytest.fixture
def shadow_cycle(shadow_plan, shadow_structure, kenya_coordinator, shadow_defence, police):
    """The 2025 cycle, with its official report published (see the module docstring)."""
    cycle = cycle_opened(kenya_coordinator, shadow_plan)
    defence_update = cycle.updates.get(action=shadow_structure["1.1"])
    police_update = cycle.updates.get(action=shadow_structure["2.1"], agency=police)
    update_approved(defence_update, kenya_coordinator, status="on_track")
    update_approved(police_update, kenya_coordinator, status="delayed")
    report_published(cycle, kenya_coordinator, summary="2025 in brief.")
    return cycle


@pytest.fixture
def shadow_cso(kenya):
    return OrganizationFactory(name=SECRET_ORG, kind=OrganizationKind.CSO, country=kenya)


@pytest.fixture
def co_author(kenya):
    return OrganizationFactory(name=SECRET_CO_AUTHOR, kind=OrganizationKind.CSO, country=kenya)


@pytest.fixture
def shadow_coalition(kenya):
    return OrganizationFactory(
        name="Kenya 1325 Coalition (test)", kind=OrganizationKind.COALITION, country=kenya
    )


@pytest.fixture
def shadow_cso_member(shadow_cso):
    """The secret author: her name and email must never reach the public."""
    return people.cso_member(shadow_cso, email=SECRET_EMAIL, display_name=SECRET_NAME)


@pytest.fixture
def co_author_member(co_author):
    return people.cso_member(co_author)


@pytest.fixture
def shadow_coalition_member(shadow_coalition):
    return people.cso_member(shadow_coalition)


def write_report(actor, plan, author, *, cycle=None, assessments=(), **fields):
    """A draft with assessments {action: (agrees, own_status)}."""
    defaults = {"title": "Shadow report (test)", "findings": "Progress is slower than said."}
    if cycle is None:
        fields.setdefault("period_start", datetime.date(2025, 1, 1))
        fields.setdefault("period_end", datetime.date(2025, 12, 31))
    report = services.shadow_report_create(
        actor=actor, plan=plan, author=author, cycle=cycle, **{**defaults, **fields}
    )
    for action, (agrees, own_status) in dict(assessments).items():
        services.assessment_save(
            actor=actor,
            report=report,
            action=action,
            agrees_with_official=agrees,
            own_status=own_status,
            narrative=f"What we saw on {action.code}.",
        )
    return report


def accept_invitation(member, report):
    """The member's organization accepts its pending invitation to co-author `report`,
    through the same service as the Invitations page."""
    from naptrack.shadow_reports.permissions import member_organization_ids

    invitation = report.invitations.get(
        state="pending", organization_id__in=member_organization_ids(member)
    )
    return services.invitation_accept(actor=member, invitation=invitation)


def publish(actor, report, publish_at=None):
    report = services.shadow_report_submit(actor=actor, report=report)
    return services.shadow_report_publish(actor=actor, report=report, publish_at=publish_at)


@pytest.fixture
def named_report(
    shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure
):
    report = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        title="What we saw in 2025",
        assessments={
            shadow_structure["1.1"]: ("no", "delayed"),
            shadow_structure["2.1"]: ("yes", "delayed"),
            shadow_structure["2.2"]: ("unknown", "not_started"),
        },
    )
    return publish(shadow_coalition_member, report)


@pytest.fixture
def pseudonymous_report(
    shadow_cso_member,
    shadow_cso,
    co_author,
    co_author_member,
    shadow_plan,
    shadow_cycle,
    shadow_structure,
):
    """Written by the CSO with the co-author, who accepted the invitation."""
    report = write_report(
        shadow_cso_member,
        shadow_plan,
        shadow_cso,
        cycle=shadow_cycle,
        co_authors=[co_author],
        title="Voices from the north",
        publication_mode="pseudonymous",
        pseudonym="Northern Observers",
        assessments={
            shadow_structure["1.1"]: ("yes", ""),
            shadow_structure["2.1"]: ("unknown", "completed"),
        },
    )
    accept_invitation(co_author_member, report)
    return publish(shadow_cso_member, report)
