"""A shadow report's history: what its authors did while it was a draft is theirs alone.
Moderators see it from publication on; the authors see all of it."""

import pytest
from django.urls import reverse

from naptrack.shadow_reports import services
from tests.factories.people import signed_in
from tests.shadow_reports.conftest import publish, write_report

pytestmark = pytest.mark.django_db

REMOVED = "Zq3 evidence removed while a draft"
KEPT = "Zq3 evidence kept"


@pytest.fixture
def report(shadow_coalition_member, shadow_coalition, shadow_plan, shadow_cycle, shadow_structure):
    draft = write_report(
        shadow_coalition_member,
        shadow_plan,
        shadow_coalition,
        cycle=shadow_cycle,
        title="Zq3 report",
        assessments={shadow_structure["1.1"]: ("no", "delayed")},
    )
    assessment = draft.assessments.get()
    removed = services.EVIDENCE.add_link(
        actor=shadow_coalition_member,
        parent=assessment,
        url="https://example.org/zq3-removed",
        description=REMOVED,
    )
    services.EVIDENCE.remove(actor=shadow_coalition_member, evidence=removed)
    services.EVIDENCE.add_link(
        actor=shadow_coalition_member,
        parent=assessment,
        url="https://example.org/zq3-kept",
        description=KEPT,
    )
    return publish(shadow_coalition_member, draft)


def history(client, report) -> str:
    response = client.get(reverse("shadow_reports:history", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_moderators_see_the_history_from_publication_on(client, moderator, report):
    page = history(signed_in(client, moderator), report)
    assert "shadow.report.published" in page and "published the report" in page
    for draft_only in (REMOVED, "zq3-removed", KEPT, "shadow.evidence", "shadow.report.created"):
        assert draft_only not in page, draft_only


def test_moderators_still_see_what_happens_after_publication(client, moderator, report):
    services.shadow_report_hide(actor=moderator, report=report, reason="Zq3 reason.")
    page = history(signed_in(client, moderator), report)
    assert "Zq3 reason." in page and "shadow.report.hidden_by_moderator" in page
    assert REMOVED not in page


def test_a_moderator_who_is_an_author_sees_the_whole_history(
    client, shadow_coalition, report, moderator
):
    from naptrack.accounts.choices import Role
    from tests.factories.accounts import MembershipFactory

    MembershipFactory(user=moderator, role=Role.CSO_MEMBER, organization=shadow_coalition)
    page = history(signed_in(client, moderator), report)
    assert REMOVED in page and "shadow.report.created" in page
