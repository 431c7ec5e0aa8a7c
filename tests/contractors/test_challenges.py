"""Challenges: civil society only, with evidence, moderated before publication, and a
pseudonymous challenger stays unknown to everyone but its members and the moderators."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from naptrack.contractors import permissions, services
from naptrack.contractors.models import Challenge
from naptrack.core.models import Activity
from tests.contractors.conftest import PSEUDONYM, SECRET_NAME, SECRET_ORG

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(kenya_coordinator, contract, item):
    return services.checklist_answer_save(
        actor=kenya_coordinator, contract=contract, item=item, answer="yes"
    )


def _challenge(cso_member, cso, answer, **extra):
    fields = dict(
        actor=cso_member,
        answer=answer,
        author=cso,
        claimed_answer="no",
        text="Guards hired in March were never vetted.",
        publication_mode="pseudonymous",
        pseudonym=PSEUDONYM,
        evidence_url="https://example.org/testimony",
        evidence_description="Published testimony",
    )
    return services.challenge_submit(**{**fields, **extra})


def test_cso_member_submits_a_pseudonymous_challenge_awaiting_moderation(
    contract_cso_member, contract_cso, answer
):
    challenge = _challenge(contract_cso_member, contract_cso, answer)
    assert challenge.state == "submitted" and challenge.evidence.count() == 1
    row = Activity.objects.get(verb="contract.challenge.submitted")
    assert SECRET_ORG not in str(row.changes) and SECRET_ORG not in row.target_label


def test_challenge_needs_evidence(contract_cso_member, contract_cso, answer):
    with pytest.raises(ValidationError, match="evidence"):
        _challenge(contract_cso_member, contract_cso, answer, evidence_url="")
    assert not Challenge.objects.exists()


def test_pseudonym_must_not_contain_the_organizations_name(
    contract_cso_member, contract_cso, answer
):
    with pytest.raises(ValidationError, match="pseudonym"):
        _challenge(contract_cso_member, contract_cso, answer, pseudonym=f"{SECRET_ORG} watch")


@pytest.mark.parametrize("who", ["kenya_coordinator", "analyst", "moderator", "uganda_coordinator"])
def test_only_civil_society_members_challenge_for_their_own_organization(
    request, who, contract_cso, answer
):
    with pytest.raises(PermissionDenied):
        _challenge(request.getfixturevalue(who), contract_cso, answer)


def test_another_csos_member_cannot_challenge_in_its_name(other_cso_member, contract_cso, answer):
    with pytest.raises(PermissionDenied):
        _challenge(other_cso_member, contract_cso, answer)


def test_moderator_publishes_or_rejects_with_a_reason(
    contract_cso_member, contract_cso, answer, moderator
):
    first = _challenge(contract_cso_member, contract_cso, answer)
    services.challenge_publish(actor=moderator, challenge=first)
    assert Challenge.objects.get(pk=first.pk).state == "published"
    second = _challenge(contract_cso_member, contract_cso, answer)
    with pytest.raises(ValidationError, match="reason"):
        services.challenge_reject(actor=moderator, challenge=second, reason=" ")
    services.challenge_reject(actor=moderator, challenge=second, reason="No evidence shown.")
    verbs = list(Activity.objects.values_list("verb", flat=True).order_by("id"))
    assert "contract.challenge.published" in verbs and "contract.challenge.rejected" in verbs


@pytest.mark.parametrize("who", ["kenya_coordinator", "contract_cso_member", "analyst"])
def test_nobody_but_a_moderator_publishes(request, who, contract_cso_member, contract_cso, answer):
    challenge = _challenge(contract_cso_member, contract_cso, answer)
    with pytest.raises(PermissionDenied):
        services.challenge_publish(actor=request.getfixturevalue(who), challenge=challenge)


def test_who_may_know_the_challenger(
    contract_cso_member,
    contract_cso,
    answer,
    moderator,
    kenya_coordinator,
    analyst,
    other_cso_member,
):
    challenge = _challenge(contract_cso_member, contract_cso, answer)
    assert permissions.can_see_challenger(contract_cso_member, challenge)
    assert permissions.can_see_challenger(moderator, challenge)
    for outsider in (kenya_coordinator, analyst, other_cso_member, None):
        assert not permissions.can_see_challenger(outsider, challenge)
    assert challenge.public_byline == PSEUDONYM and SECRET_NAME not in challenge.public_byline
