"""Writes of the contractors register: each checks who acts, saves in one transaction and
records an Activity on the changed object.

Audit rows about challenges record states and the publication mode, never the
challenging organization (a pseudonymous challenger must stay unknown), and rows about
incidents record the year and the type, never the summary's words.
"""

import datetime
import decimal
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naptrack.accounts.models import Organization
from naptrack.contractors import permissions
from naptrack.contractors.choices import (
    AUTHOR_KINDS,
    AUTHORITY_KINDS,
    Answer,
    ChallengeState,
    IncidentType,
    PublicationMode,
)
from naptrack.contractors.models import (
    AnswerEvidence,
    Challenge,
    ChallengeEvidence,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistVersion,
    Contract,
    Contractor,
    Incident,
)
from naptrack.core.evidence import EvidenceTrail, evidence_add, evidence_checked, evidence_save
from naptrack.core.services import acting_person, activity_record, changes_between
from naptrack.plans.models import Action
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.shadow_reports.services import pseudonym_check


def _record(actor, verb: str, target, changes: dict, channel: str) -> None:
    activity_record(actor=actor, verb=verb, target=target, changes=changes, channel=channel)


# ---- Contractors and contracts -------------------------------------------------------------

CONTRACTOR_FIELDS = (
    "name",
    "country_of_registration",
    "icoca_membership",
    "icoca_source",
    "icoc_signatory",
    "icoc_source",
    "other_codes",
)


def _contractor_fields(contractor: Contractor) -> dict:
    return {name: getattr(contractor, name) for name in CONTRACTOR_FIELDS}


def contractor_save(
    *, actor, contractor: Contractor | None = None, channel: str = "web", **fields
) -> Contractor:
    """Add a company to the register, or correct it. Each claim about a code of conduct
    needs its source unless it is unknown (the database checks it too)."""
    if not permissions.can_add_contractor(actor):
        raise PermissionDenied(_("Only coordinators and platform admins maintain the register."))
    unknown = set(fields) - set(CONTRACTOR_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)})
    created = contractor is None
    contractor = contractor or Contractor(created_by=acting_person(actor))
    before = {} if created else _contractor_fields(contractor)
    for name, value in fields.items():
        setattr(contractor, name, value.strip() if isinstance(value, str) else value)
    with transaction.atomic():
        contractor.full_clean()
        contractor.save()
        verb = "contractor.created" if created else "contractor.updated"
        changes = changes_between(before, _contractor_fields(contractor))
        _record(actor, verb, contractor, changes, channel)
    return contractor


def _check_authority_body(body: Organization | None, owner) -> None:
    if body is None:
        return
    if body.kind not in AUTHORITY_KINDS:
        raise ValidationError(
            {"authority_body": _("The signing body must be a government agency or regional body.")}
        )
    same_owner = (
        body.country_id == owner.pk
        if isinstance(owner, Country)
        else body.regional_organization_id == owner.pk
    )
    if not same_owner:
        raise ValidationError({"authority_body": _("This body belongs to another authority.")})


def _check_actions(actions, owner) -> list[Action]:
    actions = list(actions)
    key = "plan__country" if isinstance(owner, Country) else "plan__regional_organization"
    allowed = set(
        Action.objects.filter(pk__in=[a.pk for a in actions], **{key: owner}).values_list(
            "pk", flat=True
        )
    )
    wrong = [a.code for a in actions if a.pk not in allowed]
    if wrong:
        raise ValidationError(
            {
                "actions": _("Not actions of the authority's own plans: %(codes)s.")
                % {"codes": ", ".join(wrong)}
            }
        )
    return actions


def _check_value(value, currency: str) -> tuple[decimal.Decimal | None, str]:
    currency = (currency or "").strip().upper()
    if value is None and not currency:
        return None, ""
    if value is None or not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValidationError(
            {"currency": _("Give the value with a three-letter currency code, or neither.")}
        )
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    return value, currency


def contract_create(
    *,
    actor,
    contractor: Contractor,
    authority: Country | RegionalOrganization,
    country_of_operation: Country,
    title: str,
    services: str,
    authority_body: Organization | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    value: decimal.Decimal | None = None,
    currency: str = "",
    reference: str = "",
    source_url: str = "",
    actions=(),
    channel: str = "web",
) -> Contract:
    """Record a contract the actor's own country or regional organization awarded."""
    if not permissions.coordinates_owner(actor, authority):
        raise PermissionDenied(_("Only the authority's coordinators may record its contracts."))
    _check_authority_body(authority_body, authority)
    actions = _check_actions(actions, authority)
    value, currency = _check_value(value, currency)
    is_country = isinstance(authority, Country)
    contract = Contract(
        contractor=contractor,
        authority_country=authority if is_country else None,
        authority_regional_organization=None if is_country else authority,
        authority_body=authority_body,
        country_of_operation=country_of_operation,
        title=title.strip(),
        services=services.strip(),
        start_date=start_date,
        end_date=end_date,
        value=value,
        currency=currency,
        reference=reference.strip(),
        source_url=source_url.strip(),
        created_by=acting_person(actor),
    )
    with transaction.atomic():
        contract.full_clean()
        contract.save()
        contract.actions.set(actions)
        changes = {
            "contractor": {"before": None, "after": contractor.name},
            "authority": {"before": None, "after": str(authority)},
            "actions": {"before": None, "after": sorted(a.code for a in actions)},
        }
        _record(actor, "contract.created", contract, changes, channel)
    return contract


def contract_actions_set(*, actor, contract: Contract, actions, channel: str = "web") -> Contract:
    """Link the plan actions that concern the contract (the owner's own plans only)."""
    if not permissions.is_authority(actor, contract):
        raise PermissionDenied(_("Only the contracting authority may do this."))
    actions = _check_actions(actions, contract.authority)
    with transaction.atomic():
        before = sorted(contract.actions.values_list("code", flat=True))
        contract.actions.set(actions)
        after = sorted(a.code for a in actions)
        _record(
            actor,
            "contract.actions_set",
            contract,
            changes_between({"actions": before}, {"actions": after}),
            channel,
        )
    return contract


# ---- The checklist (platform admins) -------------------------------------------------------


def _require_checklist_editor(actor) -> None:
    if not permissions.can_edit_checklist(actor):
        raise PermissionDenied(_("Only platform admins edit the checklist."))


def _require_draft(version: ChecklistVersion) -> None:
    if version.is_published:
        raise ValidationError(
            _("Version %(number)s is published: start a new version to change it.")
            % {"number": version.number}
        )


def checklist_version_draft(
    *, actor, copy_from: ChecklistVersion | None = None, notes: str = "", channel: str = "web"
) -> ChecklistVersion:
    """A new draft version, numbered after the last, starting from a copy of `copy_from`."""
    _require_checklist_editor(actor)
    with transaction.atomic():
        last = ChecklistVersion.objects.select_for_update().order_by("-number").first()
        version = ChecklistVersion.objects.create(
            number=(last.number + 1) if last else 1, notes=notes.strip()
        )
        for item in copy_from.items.all() if copy_from else ():
            ChecklistItem.objects.create(
                version=version,
                code=item.code,
                label=item.label,
                guidance=item.guidance,
                position=item.position,
            )
        source = copy_from.number if copy_from else None
        changes = {"number": {"before": source, "after": version.number}}
        _record(actor, "checklist.version.drafted", version, changes, channel)
    return version


def checklist_item_save(
    *,
    actor,
    version: ChecklistVersion,
    code: str,
    label: str,
    guidance: str = "",
    position: int = 0,
    channel: str = "web",
) -> ChecklistItem:
    """Add an item to a draft version, or change the item with this code."""
    _require_checklist_editor(actor)
    _require_draft(version)
    with transaction.atomic():
        item = ChecklistItem.objects.filter(version=version, code=code).first()
        before = {} if item is None else {"label": item.label, "guidance": item.guidance}
        item = item or ChecklistItem(version=version, code=code)
        item.label, item.guidance, item.position = label.strip(), guidance.strip(), position
        item.full_clean()
        item.save()
        changes = {"item": {"before": None, "after": code}}
        changes.update(changes_between(before, {"label": item.label, "guidance": item.guidance}))
        _record(actor, "checklist.item.saved", version, changes, channel)
    return item


def checklist_item_remove(*, actor, item: ChecklistItem, channel: str = "web") -> None:
    _require_checklist_editor(actor)
    _require_draft(item.version)
    with transaction.atomic():
        _record(
            actor,
            "checklist.item.removed",
            item.version,
            {"item": {"before": item.code, "after": None}},
            channel,
        )
        item.delete()


def checklist_version_publish(
    *, actor, version: ChecklistVersion, channel: str = "web"
) -> ChecklistVersion:
    """Freeze a draft: from now on authorities answer its items."""
    _require_checklist_editor(actor)
    with transaction.atomic():
        version = ChecklistVersion.objects.select_for_update().get(pk=version.pk)
        _require_draft(version)
        if not version.items.exists():
            raise ValidationError(_("Add at least one item before publishing."))
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
        changes = {"published_at": {"before": None, "after": version.published_at.isoformat()}}
        _record(actor, "checklist.version.published", version, changes, channel)
    return version


# ---- Answers (the contracting authority) ---------------------------------------------------


def _require_authority(actor, contract: Contract) -> None:
    if not permissions.is_authority(actor, contract):
        raise PermissionDenied(_("Only the contracting authority may answer for this contract."))


def checklist_answer_save(
    *,
    actor,
    contract: Contract,
    item: ChecklistItem,
    answer: str,
    explanation: str = "",
    channel: str = "web",
) -> ChecklistAnswer:
    """Answer one item of a published checklist version for the contract, or change the
    answer. Challenges already made stay attached to the answer."""
    _require_authority(actor, contract)
    if not item.version.is_published:
        raise ValidationError({"item": _("This checklist version is not published yet.")})
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose yes, no or unknown.")})
    with transaction.atomic():
        row = ChecklistAnswer.objects.select_for_update().filter(contract=contract, item=item)
        row = row.first()
        before = {} if row is None else {"answer": row.answer, "explanation": row.explanation}
        row = row or ChecklistAnswer(contract=contract, item=item)
        row.answer, row.explanation = answer, explanation.strip()
        row.answered_by, row.answered_at = acting_person(actor), timezone.now()
        row.full_clean()
        row.save()
        changes = {"item": {"before": None, "after": f"{item.code} (v{item.version.number})"}}
        changes.update(
            changes_between(before, {"answer": row.answer, "explanation": row.explanation})
        )
        _record(actor, "contract.answer.saved", contract, changes, channel)
    return row


# ---- Evidence (links and files, for answers and for challenges) ----------------------------


def answer_evidence_add(
    *,
    actor,
    answer: ChecklistAnswer,
    description: str,
    url: str = "",
    upload=None,
    channel: str = "web",
) -> AnswerEvidence:
    _require_authority(actor, answer.contract)
    trail = EvidenceTrail(
        target=answer.contract,
        added="contract.evidence.added",
        changes={"item": {"before": None, "after": answer.item.code}},
    )
    return evidence_add(
        actor=actor,
        evidence=AnswerEvidence(answer=answer),
        description=description,
        url=url,
        upload=upload,
        trail=trail,
        channel=channel,
    )


# ---- Challenges (civil society, then the moderators) ---------------------------------------


def _check_challenger(actor, author: Organization) -> None:
    if author.kind not in AUTHOR_KINDS:
        raise ValidationError(
            {"author": _("Only a civil-society organization or a coalition can challenge.")}
        )
    if author.pk not in permissions.member_organization_ids(actor):
        raise PermissionDenied(_("You can challenge only for organizations you are a member of."))


def challenge_submit(
    *,
    actor,
    answer: ChecklistAnswer,
    author: Organization,
    claimed_answer: str,
    text: str,
    publication_mode: str = PublicationMode.NAMED,
    pseudonym: str = "",
    evidence_url: str = "",
    evidence_upload=None,
    evidence_description: str = "",
    channel: str = "web",
) -> Challenge:
    """Submit a challenge for moderation, with its evidence (a link or a file)."""
    _check_challenger(actor, author)
    if claimed_answer not in Answer.values:
        raise ValidationError({"claimed_answer": _("Choose yes, no or unknown.")})
    if not text.strip():
        raise ValidationError({"text": _("Say why the answer is wrong.")})
    if not (evidence_url.strip() or evidence_upload):
        raise ValidationError({"evidence": _("A challenge needs evidence: a link or a file.")})
    challenge = Challenge(
        answer=answer,
        author=author,
        created_by=acting_person(actor),
        claimed_answer=claimed_answer,
        text=text.strip(),
        publication_mode=publication_mode,
        pseudonym=pseudonym_check(publication_mode, pseudonym, [author]),
    )
    evidence = evidence_checked(
        description=evidence_description or _("Evidence"),
        url=evidence_url,
        upload=evidence_upload,
    )
    with transaction.atomic():
        challenge.full_clean()
        challenge.save()
        evidence_save(ChallengeEvidence(challenge=challenge), actor=actor, **evidence)
        changes = {
            "state": {"before": None, "after": ChallengeState.SUBMITTED},
            "publication_mode": {"before": None, "after": publication_mode},
            "claimed_answer": {"before": answer.answer, "after": claimed_answer},
        }
        _record(actor, "contract.challenge.submitted", challenge, changes, channel)
    return challenge


def _moderate(actor, challenge: Challenge, state: str, note: str, channel: str) -> Challenge:
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only the platform's moderators may publish or reject."))
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.state != ChallengeState.SUBMITTED:
            raise ValidationError(
                _("This challenge is %(state)s: only one awaiting moderation can be moderated.")
                % {"state": challenge.get_state_display().lower()}
            )
        challenge.state, challenge.moderation_note = state, note.strip()
        challenge.moderated_by, challenge.moderated_at = acting_person(actor), timezone.now()
        challenge.full_clean()
        challenge.save()
        changes = {"state": {"before": ChallengeState.SUBMITTED, "after": state}}
        if note.strip():
            changes["reason"] = {"before": None, "after": note.strip()}
        _record(actor, f"contract.challenge.{state}", challenge, changes, channel)
    return challenge


def challenge_publish(*, actor, challenge: Challenge, channel: str = "web") -> Challenge:
    return _moderate(actor, challenge, ChallengeState.PUBLISHED, "", channel)


def challenge_reject(*, actor, challenge: Challenge, reason: str, channel: str = "web"):
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason: the challengers will read it.")})
    return _moderate(actor, challenge, ChallengeState.REJECTED, reason, channel)


# ---- Incidents (the contracting authority) -------------------------------------------------

# What must never be in an incident summary: it could lead to a survivor.
IDENTIFIER_PATTERNS = (
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), gettext_lazy("an email address")),
    (re.compile(r"\+?\d[\d ().-]{6,}\d"), gettext_lazy("a phone or identity number")),
    (
        re.compile(r"\b(Mr|Mrs|Ms|Miss|Mme|Mlle|Dr|Sra|Sr)\.? +[A-Z][a-z]+"),
        gettext_lazy("a person's name with a title"),
    ),
    (
        re.compile(r"\b(named|called|aged|age|years old|née|nee)\b", re.IGNORECASE),
        gettext_lazy("a name or an age"),
    ),
)


def identifying_details(text: str) -> list[str]:
    """What in `text` could identify a person; empty when nothing was found. A screen,
    not a proof: the authority confirms it reviewed the text as well."""
    return [str(what) for pattern, what in IDENTIFIER_PATTERNS if pattern.search(text)]


def _screened(summary: str) -> str:
    summary = summary.strip()
    found = identifying_details(summary)
    if found:
        raise ValidationError(
            {
                "summary": _(
                    "The summary seems to contain %(found)s. Remove anything that could "
                    "identify a survivor or a witness."
                )
                % {"found": ", ".join(found)}
            }
        )
    return summary


def incident_record(
    *,
    actor,
    contract: Contract,
    year: int,
    incident_type: str,
    summary: str = "",
    channel: str = "web",
) -> Incident:
    """Record an incident; the public sees it only in the counts until it is published."""
    _require_authority(actor, contract)
    if incident_type not in IncidentType.values:
        raise ValidationError({"incident_type": _("Choose the type of incident.")})
    incident = Incident(
        contract=contract,
        year=year,
        incident_type=incident_type,
        summary=_screened(summary),
        recorded_by=acting_person(actor),
    )
    with transaction.atomic():
        incident.full_clean()
        incident.save()
        changes = {
            "year": {"before": None, "after": year},
            "incident_type": {"before": None, "after": incident_type},
        }
        _record(actor, "contract.incident.recorded", incident, changes, channel)
    return incident


def incident_publish(
    *, actor, incident: Incident, reviewed: bool, channel: str = "web"
) -> Incident:
    """Show one incident's summary to the public. The authority confirms that it read
    the summary for anything identifying; the screen runs again."""
    _require_authority(actor, incident.contract)
    if not reviewed:
        raise ValidationError(
            {"reviewed": _("Confirm that the summary identifies no survivor or witness.")}
        )
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.published_at is not None:
            raise ValidationError(_("This incident is already published."))
        if not incident.summary:
            raise ValidationError({"summary": _("Write the public summary before publishing.")})
        _screened(incident.summary)
        incident.published_at = timezone.now()
        incident.save(update_fields=["published_at"])
        changes = {"published_at": {"before": None, "after": incident.published_at.isoformat()}}
        _record(actor, "contract.incident.published", incident, changes, channel)
    return incident
