"""Who may see and change what in the contractors register. Every view and endpoint
gets its objects through these helpers.

- Everyone reads the register: contractors, contracts, answers with their evidence,
  published challenges (under the organization's name or the pseudonym) and incident
  counts. Synthetic records are never shown.
- The contracting authority answers the checklist, adds evidence, records and publishes
  incidents: the coordinators of the awarding country or regional organization, and
  the members of the signing body (`Contract.authority_body`). Nobody else, a
  coordinator of another country included.
- Coordinators add contractors and their own owner's contracts; platform admins add
  contractors and edit the checklist.
- Civil-society members (`cso_member` of a CSO or coalition) challenge answers. They
  and the moderators alone know who wrote a pseudonymous challenge; moderators publish
  or reject. Unpublished challenges and incidents are 404 to everyone else.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.accounts.choices import Role
from naptrack.accounts.selectors import user_scopes
from naptrack.contractors.choices import ChallengeState
from naptrack.contractors.models import (
    AnswerEvidence,
    Challenge,
    ChallengeEvidence,
    ChecklistAnswer,
    Contract,
    Contractor,
    Incident,
)
from naptrack.registry.models import Country, RegionalOrganization

# One source of truth for who writes for civil society and who moderates.
from naptrack.shadow_reports.permissions import is_moderator, member_organization_ids

__all__ = ["is_moderator", "member_organization_ids"]


def _int(pk) -> int | None:
    return int(pk) if str(pk).isdigit() else None


def coordinates_owner(user, owner: Country | RegionalOrganization) -> bool:
    scopes = user_scopes(user)
    if isinstance(owner, Country):
        return owner.pk in scopes.coordinated_country_ids
    return owner.pk in scopes.coordinated_regional_organization_ids


def is_authority(user, contract: Contract) -> bool:
    """The awarding owner's coordinators and the signing body's members."""
    if coordinates_owner(user, contract.authority):
        return True
    body = contract.authority_body_id
    return body is not None and body in user_scopes(user).organization_ids


def can_add_contractor(user) -> bool:
    scopes = user_scopes(user)
    return scopes.has_role(Role.COORDINATOR) or scopes.has_role(Role.PLATFORM_ADMIN)


def can_edit_checklist(user) -> bool:
    return user_scopes(user).has_role(Role.PLATFORM_ADMIN)


def can_challenge(user) -> bool:
    return bool(member_organization_ids(user))


def can_see_challenger(user, challenge: Challenge) -> bool:
    """The organization behind a pseudonymous challenge: its own members and the
    moderators only; the contracting authority never."""
    if not challenge.is_pseudonymous:
        return True
    return challenge.author_id in member_organization_ids(user) or is_moderator(user)


def can_read_challenge(user, challenge: Challenge) -> bool:
    if challenge.state == ChallengeState.PUBLISHED:
        return True
    return challenge.author_id in member_organization_ids(user) or is_moderator(user)


# ---- Objects for a user ----------------------------------------------------------------


def contractor_for_read(user, pk) -> Contractor:
    contractor = Contractor.objects.public().select_related("country_of_registration")
    contractor = contractor.filter(pk=_int(pk)).first()
    if contractor is None:
        raise Http404(_("No such contractor."))
    return contractor


def _contracts():
    return Contract.objects.public().select_related(
        "contractor",
        "authority_country",
        "authority_regional_organization",
        "authority_body",
        "country_of_operation",
    )


def contract_for_read(user, pk) -> Contract:
    contract = _contracts().filter(pk=_int(pk)).first()
    if contract is None:
        raise Http404(_("No such contract."))
    return contract


def contract_for_authority(user, pk) -> Contract:
    contract = contract_for_read(user, pk)
    if not is_authority(user, contract):
        raise PermissionDenied(_("Only the contracting authority may do this."))
    return contract


def answer_for_read(user, pk) -> ChecklistAnswer:
    answer = ChecklistAnswer.objects.select_related("item__version", "contract")
    answer = answer.filter(pk=_int(pk), contract__in=Contract.objects.public()).first()
    if answer is None:
        raise Http404(_("No such answer."))
    return answer


def answer_for_authority(user, pk) -> ChecklistAnswer:
    answer = answer_for_read(user, pk)
    answer.contract = contract_for_authority(user, answer.contract_id)
    return answer


def challenge_for_read(user, pk) -> Challenge:
    challenge = (
        Challenge.objects.select_related("answer__item", "answer__contract", "author")
        .filter(pk=_int(pk), answer__contract__in=Contract.objects.public())
        .first()
    )
    if challenge is None or not can_read_challenge(user, challenge):
        raise Http404(_("No such challenge."))
    return challenge


def challenge_for_moderation(user, pk) -> Challenge:
    """Moderators only; anyone else gets the 404 of a missing id, since an unpublished
    challenge must not be known to exist."""
    if not is_moderator(user):
        raise Http404(_("No such challenge."))
    return challenge_for_read(user, pk)


def incident_for_authority(user, pk) -> Incident:
    incident = Incident.objects.select_related("contract").filter(pk=_int(pk)).first()
    if incident is None:
        raise Http404(_("No such incident."))
    contract = contract_for_read(user, incident.contract_id)
    if not is_authority(user, contract):
        raise Http404(_("No such incident."))
    incident.contract = contract
    return incident


def evidence_for_download(user, kind: str, pk):
    """A stored file: answer evidence is public with its contract; challenge evidence
    as far as its challenge is readable."""
    if kind == "answer":
        evidence = AnswerEvidence.objects.filter(pk=_int(pk)).exclude(file="").first()
        if evidence is None:
            raise Http404(_("No such file."))
        answer_for_read(user, evidence.answer_id)
        return evidence
    evidence = ChallengeEvidence.objects.filter(pk=_int(pk)).exclude(file="").first()
    if evidence is None:
        raise Http404(_("No such file."))
    challenge_for_read(user, evidence.challenge_id)
    return evidence
