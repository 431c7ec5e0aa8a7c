"""Writes of consultations: one service per transition, each checking who acts and the
state it starts from, saving in one transaction and recording an Activity.

Every Activity targets the consultation (never the plan, whose history is public), and
its `changes` hold ids, states and outcomes only: never a commenter's name, email or
words. The acting person is recorded (`actor`), as for shadow reports, and shown only to
platform admins; the public, the coordinators and other users never learn who wrote an
anonymous comment (docs/consultations.md, "Anonymous input").
"""

import datetime
import re

import pycountry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.consultations import permissions
from naptrack.consultations.choices import (
    CONSULTABLE_PLAN_STATUSES,
    AgeBand,
    Channel,
    CommentState,
    ConsultationState,
    Identity,
    Outcome,
    Participation,
    SessionKind,
    Sex,
)
from naptrack.consultations.imports import ImportRefused, RowError, read_rows
from naptrack.consultations.models import (
    Comment,
    CommentAnswer,
    CommentSupport,
    Consultation,
    DraftParagraph,
    Facilitator,
    ImportMapping,
    InputSession,
    ParticipantCount,
    Question,
)
from naptrack.consultations.validators import point_text_checked
from naptrack.core.services import acting_person, activity_record, changes_between
from naptrack.library.choices import READABLE
from naptrack.plans.models import Action, Objective
from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import can_edit_plan

# ---- Checks ------------------------------------------------------------------------------


def _require_coordinator(actor, plan: ActionPlan) -> None:
    if not can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may do this."))


def _require_state(consultation: Consultation, allowed, message: str) -> None:
    if consultation.state not in allowed:
        state = consultation.get_state_display().lower()
        raise ValidationError(message % {"state": state})


def _locked(consultation: Consultation) -> Consultation:
    """Re-read under a row lock, so that two transitions cannot interleave."""
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("plan__country", "plan__regional_organization")
        .get(pk=consultation.pk)
    )


def _record(actor, verb: str, consultation, changes: dict, channel: str) -> None:
    activity_record(actor=actor, verb=verb, target=consultation, changes=changes, channel=channel)


def _check_plan(plan: ActionPlan) -> None:
    if plan.status not in CONSULTABLE_PLAN_STATUSES:
        raise ValidationError(
            {"plan": _("Only a plan being drafted or in consultation can be consulted on.")}
        )


def language_codes() -> set[str]:
    """Codes a consultation may name: the site's languages and every ISO 639-1 code."""
    site = {code for code, _name in settings.LANGUAGES}
    return site | {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}


def _check_languages(languages) -> list[str]:
    codes = [code.strip().lower() for code in languages if code.strip()]
    unknown = [code for code in codes if code not in language_codes()]
    if unknown:
        raise ValidationError(
            {
                "languages": _("Unknown language code: %(codes)s (use ISO 639-1, such as sw).")
                % {"codes": ", ".join(unknown)}
            }
        )
    return list(dict.fromkeys(codes))


def _check_participation(participation: str, organizations) -> list:
    if participation not in Participation.values:
        raise ValidationError({"participation": _("Choose who may take part.")})
    if participation != Participation.INVITED:
        return []
    if not organizations:
        raise ValidationError(
            {"invited_organizations": _("Invite at least one organization, or open it wider.")}
        )
    return list(organizations)


def _check_dates(opens_on: datetime.date, closes_on: datetime.date) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("A consultation cannot close before it opens.")})


# ---- The consultation --------------------------------------------------------------------

FIELDS = ("title", "description", "opens_on", "closes_on", "languages", "participation")


def _fill(consultation: Consultation, fields: dict) -> list:
    """Checks and sets the consultation's own fields; returns the invited organizations."""
    _check_dates(fields["opens_on"], fields["closes_on"])
    consultation.title = fields["title"].strip()
    consultation.description = fields.get("description", "").strip()
    consultation.opens_on, consultation.closes_on = fields["opens_on"], fields["closes_on"]
    consultation.languages = _check_languages(fields.get("languages", ()))
    consultation.participation = fields.get("participation", Participation.PUBLIC)
    return _check_participation(consultation.participation, fields.get("invited_organizations", ()))


def _set_questions(consultation: Consultation, questions) -> None:
    consultation.questions.all().delete()
    texts = [text.strip() for text in questions if text.strip()]
    Question.objects.bulk_create(
        Question(consultation=consultation, text=text[:500], position=n)
        for n, text in enumerate(texts, start=1)
    )


def consultation_create(*, actor, plan: ActionPlan, questions=(), channel="web", **fields):
    """Prepare a consultation on a draft plan. `fields`: title, opens_on, closes_on and
    optionally description, languages, participation, invited_organizations."""
    _require_coordinator(actor, plan)
    _check_plan(plan)
    consultation = Consultation(plan=plan, created_by=acting_person(actor))
    organizations = _fill(consultation, fields)
    with transaction.atomic():
        consultation.full_clean()
        consultation.save()
        consultation.invited_organizations.set(organizations)
        _set_questions(consultation, questions)
        changes = {"state": {"before": None, "after": ConsultationState.DRAFT}}
        _record(actor, "consultation.created", consultation, changes, channel)
    return consultation


def _locked_in(actor, consultation: Consultation, state: str, message: str) -> Consultation:
    """For a coordinator's change inside a transaction: the consultation re-read under
    lock, refused unless it is in `state`."""
    _require_coordinator(actor, consultation.plan)
    consultation = _locked(consultation)
    _require_state(consultation, (state,), message)
    return consultation


def _advance(actor, consultation, state: str, stamp: str, channel: str, **fields):
    """Move to `state`, dated in the field `stamp`, and record the transition."""
    before = consultation.state
    consultation.state = state
    setattr(consultation, stamp, timezone.now())
    for name, value in fields.items():
        setattr(consultation, name, value)
    consultation.save(update_fields=["state", stamp, *fields, "updated_at"])
    changes = {"state": {"before": before, "after": state}}
    _record(actor, f"consultation.{state}", consultation, changes, channel)
    return consultation


def consultation_update(
    *, actor, consultation: Consultation, questions=(), channel="web", **fields
):
    """Change a consultation being prepared; `questions` replace the former ones."""
    with transaction.atomic():
        consultation = _locked_in(
            actor,
            consultation,
            ConsultationState.DRAFT,
            _("This consultation is %(state)s: only one being prepared can be changed."),
        )
        before = {name: getattr(consultation, name) for name in FIELDS}
        organizations = _fill(consultation, fields)
        consultation.full_clean()
        consultation.save()
        consultation.invited_organizations.set(organizations)
        _set_questions(consultation, questions)
        changes = changes_between(before, {name: getattr(consultation, name) for name in FIELDS})
        _record(actor, "consultation.updated", consultation, changes, channel)
    return consultation


def consultation_open(*, actor, consultation: Consultation, channel="web") -> Consultation:
    """Prepared -> open: it appears in the public list and on the plan, and takes input
    from its opening day to its closing day."""
    with transaction.atomic():
        consultation = _locked_in(
            actor,
            consultation,
            ConsultationState.DRAFT,
            _("This consultation is %(state)s: only one being prepared can be opened."),
        )
        _check_plan(consultation.plan)
        if not ActionPlan.objects.public().filter(pk=consultation.plan_id).exists():
            raise ValidationError(_("Publish the plan first: the public cannot see it yet."))
        if consultation.closes_on < timezone.localdate():
            raise ValidationError({"closes_on": _("The closing day has passed.")})
        return _advance(actor, consultation, ConsultationState.OPEN, "opened_at", channel)


def consultation_close(*, actor, consultation: Consultation, channel="web") -> Consultation:
    """Open -> closed: no more input; the coordinators answer what came in."""
    with transaction.atomic():
        consultation = _locked_in(
            actor,
            consultation,
            ConsultationState.OPEN,
            _("This consultation is %(state)s: only an open one can be closed."),
        )
        return _advance(actor, consultation, ConsultationState.CLOSED, "closed_at", channel)


def consultation_report_publish(
    *, actor, consultation: Consultation, summary: str, channel="web"
) -> Consultation:
    """Closed -> answers published, once every visible comment has its answer. The
    answers are final from then on."""
    with transaction.atomic():
        consultation = _locked_in(
            actor,
            consultation,
            ConsultationState.CLOSED,
            _("This consultation is %(state)s: close it before publishing the answers."),
        )
        summary = summary.strip()
        if not summary:
            raise ValidationError({"summary": _("Say in a few lines what the input changed.")})
        unanswered = consultation.comments.filter(
            state=CommentState.VISIBLE, answer__isnull=True
        ).count()
        if unanswered:
            raise ValidationError(
                _("Answer every comment first: %(n)s still without an answer.") % {"n": unanswered}
            )
        return _advance(
            actor,
            consultation,
            ConsultationState.REPORTED,
            "reported_at",
            channel,
            report_summary=summary,
        )


# ---- Input -------------------------------------------------------------------------------


def _part_fields(consultation: Consultation, part) -> dict:
    """Which part of the draft a comment is about, checked to belong to it."""
    if part is None:
        return {"part_label": ""}
    if isinstance(part, Question):
        if part.consultation_id != consultation.pk:
            raise ValidationError({"question": _("This question belongs to another consultation.")})
        return {"question": part, "part_label": part.text}
    if isinstance(part, DraftParagraph):
        if part.consultation_id != consultation.pk:
            raise ValidationError({"paragraph": _("This paragraph belongs to another draft.")})
        return {"paragraph": part, "part_label": f"¶{part.number} {part.text}"[:90]}
    if isinstance(part, Objective | Action):
        name = "objective" if isinstance(part, Objective) else "action"
        if part.plan_id != consultation.plan_id:
            raise ValidationError({name: _("This part belongs to another plan.")})
        return {name: part, "part_label": f"{part.code} {part.title}"[:600]}
    raise ValidationError(_("A comment is about an objective, an action or a question."))


def _check_identity(actor, identity: str, contact_email: str) -> None:
    if identity not in Identity.values:
        raise ValidationError({"identity": _("Choose named or anonymous.")})
    if identity == Identity.NAMED and acting_person(actor) is None:
        raise ValidationError({"identity": _("Sign in to comment under your name.")})
    if identity == Identity.NAMED and not actor.display_name.strip():
        raise ValidationError(
            {"identity": _("Set a display name on your account to comment under your name.")}
        )
    if identity == Identity.NAMED and contact_email:
        raise ValidationError({"contact_email": _("Named comments use your account's email.")})


def comment_post(
    *,
    actor,
    consultation: Consultation,
    text: str,
    part=None,
    identity: str = Identity.ANONYMOUS,
    contact_email: str = "",
    channel: str = Channel.WEB,
) -> Comment:
    """Comment on an objective, an action, a question (an answer) or on the whole draft
    (`part=None`), under one's name or anonymously."""
    if not permissions.is_participant(actor, consultation):
        raise PermissionDenied(_("This consultation is open to invited participants only."))
    if not permissions.is_taking_input(consultation):
        raise ValidationError(_("This consultation is not taking input now."))
    contact_email = contact_email.strip()
    _check_identity(actor, identity, contact_email)
    comment = Comment(
        consultation=consultation,
        text=text.strip(),
        identity=identity,
        author=acting_person(actor),
        contact_email=contact_email,
        channel=channel,
        **_part_fields(consultation, part),
    )
    with transaction.atomic():
        comment.full_clean()
        comment.save()
        changes = {"comment": {"before": None, "after": comment.pk}, "identity": identity}
        _record(actor, "consultation.comment.posted", consultation, changes, channel)
    return comment


def comment_support(*, actor, comment: Comment, channel: str = "web") -> CommentSupport:
    """+1 on someone else's comment, once per person."""
    if not permissions.can_support(actor, comment):
        raise PermissionDenied(
            _("Only participants, signed in, may support others' comments while it is open.")
        )
    try:
        with transaction.atomic():
            support = CommentSupport.objects.create(comment=comment, user=actor)
            changes = {"support": {"before": None, "after": comment.pk}}
            _record(actor, "consultation.comment.supported", comment.consultation, changes, channel)
    except IntegrityError as exc:
        raise ValidationError(_("You already support this comment.")) from exc
    return support


def _moderation_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the record.")})
    return reason


def _moderate(actor, comment: Comment, *, hide: bool, reason: str, channel: str) -> Comment:
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only the platform's moderators may hide or restore a comment."))
    reason = _moderation_reason(reason)
    before, after = (
        (CommentState.VISIBLE, CommentState.HIDDEN)
        if hide
        else (CommentState.HIDDEN, CommentState.VISIBLE)
    )
    with transaction.atomic():
        comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
        if comment.state != before:
            raise ValidationError(
                _("This comment is %(state)s already.") % {"state": comment.get_state_display()}
            )
        comment.state, comment.moderation_note = after, reason
        comment.hidden_at = timezone.now() if hide else None
        comment.save(update_fields=["state", "moderation_note", "hidden_at"])
        changes = {"comment": comment.pk, "state": {"before": before, "after": after}}
        verb = "hidden" if hide else "restored"
        _record(actor, f"consultation.comment.{verb}", comment.consultation, changes, channel)
    return comment


def comment_hide(*, actor, comment: Comment, reason: str, channel: str = "web") -> Comment:
    """A moderator hides a comment from every public channel, with a reason."""
    return _moderate(actor, comment, hide=True, reason=reason, channel=channel)


def comment_unhide(*, actor, comment: Comment, reason: str, channel: str = "web") -> Comment:
    return _moderate(actor, comment, hide=False, reason=reason, channel=channel)


ANSWERABLE = (ConsultationState.OPEN, ConsultationState.CLOSED)


def _check_answer(comment: Comment, outcome: str, text: str, action: Action | None) -> None:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose accepted, partly or not accepted.")})
    if not text.strip():
        raise ValidationError({"text": _("Say where it went in the plan, or why not.")})
    if action is not None and action.plan_id != comment.consultation.plan_id:
        raise ValidationError({"action": _("This action belongs to another plan.")})
    if comment.state != CommentState.VISIBLE:
        raise ValidationError(_("A hidden comment is not answered."))


def comment_answer(
    *,
    actor,
    comment: Comment,
    outcome: str,
    text: str,
    action: Action | None = None,
    channel: str = "web",
) -> CommentAnswer:
    """Give or change the coordinators' answer to a comment, until the answers are
    published."""
    _require_coordinator(actor, comment.consultation.plan)
    _check_answer(comment, outcome, text, action)
    with transaction.atomic():
        consultation = _locked(comment.consultation)
        _require_state(
            consultation,
            ANSWERABLE,
            _("This consultation is %(state)s: its answers can no longer change."),
        )
        answer = CommentAnswer.objects.filter(comment=comment).first()
        before = answer.outcome if answer else None
        answer = answer or CommentAnswer(comment=comment)
        answer.outcome, answer.text, answer.action = outcome, text.strip(), action
        answer.answered_by, answer.answered_at = acting_person(actor), timezone.now()
        answer.full_clean()
        answer.save()
        changes = {"comment": comment.pk, "outcome": {"before": before, "after": outcome}}
        _record(actor, "consultation.comment.answered", consultation, changes, channel)
    return answer


# ---- Facilitators and offline input ------------------------------------------------------


def facilitator_add(*, actor, consultation: Consultation, user, channel: str = "web"):
    """Name a person who may record what meetings and paper forms said."""
    _require_coordinator(actor, consultation.plan)
    if user is None or not user.is_active:
        raise ValidationError({"email": _("No active account has this email address.")})
    try:
        with transaction.atomic():
            facilitator = Facilitator.objects.create(
                consultation=consultation, user=user, named_by=acting_person(actor)
            )
            changes = {"facilitator": {"before": None, "after": user.pk}}
            _record(actor, "consultation.facilitator.named", consultation, changes, channel)
    except IntegrityError as exc:
        raise ValidationError({"email": _("This person is a facilitator already.")}) from exc
    return facilitator


def facilitator_remove(*, actor, facilitator: Facilitator, channel: str = "web") -> None:
    consultation = facilitator.consultation
    _require_coordinator(actor, consultation.plan)
    with transaction.atomic():
        changes = {"facilitator": {"before": facilitator.user_id, "after": None}}
        facilitator.delete()
        _record(actor, "consultation.facilitator.removed", consultation, changes, channel)


def _check_counts(counts: dict) -> list[ParticipantCount]:
    """`counts` maps (sex, age band) to a number of participants; zeros are dropped."""
    rows = []
    for (sex, band), number in counts.items():
        if sex not in Sex.values or band not in AgeBand.values:
            raise ValidationError({"counts": _("Unknown group: %(g)s.") % {"g": f"{sex}/{band}"}})
        if not isinstance(number, int) or number < 0:
            raise ValidationError({"counts": _("Participants are counted in whole numbers.")})
        if number:
            rows.append(ParticipantCount(sex=sex, age_band=band, count=number))
    if not rows:
        raise ValidationError({"counts": _("Count at least one participant.")})
    return rows


def _check_session(consultation: Consultation, kind: str, held_on, district: str, language):
    if kind not in SessionKind.values:
        raise ValidationError({"kind": _("Choose a meeting, a focus group or paper forms.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("This date is in the future.")})
    if held_on < consultation.opens_on or held_on > consultation.closes_on:
        raise ValidationError({"held_on": _("The date must fall within the consultation's dates.")})
    if not district.strip():
        raise ValidationError({"district": _("Say where it was held.")})
    languages = _check_languages([language])
    if not languages:
        raise ValidationError({"language": _("Say in which language it was held.")})
    return languages[0]


def _point(session: InputSession, *, text: str, part=None, contact_email: str = "") -> Comment:
    point = Comment(
        consultation=session.consultation,
        session=session,
        text=point_text_checked(text),
        identity=Identity.ANONYMOUS,
        contact_email=(contact_email or "").strip(),
        channel=Channel.OFFLINE,
        **_part_fields(session.consultation, part),
    )
    point.full_clean(exclude=["consultation", "session"])
    return point


def session_build(
    *, consultation: Consultation, kind, held_on, district, language, counts, points
) -> tuple[InputSession, list[ParticipantCount], list[Comment]]:
    """Checks a record and its points without saving: the import checks every row
    before it writes any."""
    session = InputSession(
        consultation=consultation,
        kind=kind,
        held_on=held_on,
        district=district.strip(),
        language=_check_session(consultation, kind, held_on, district, language),
    )
    rows = _check_counts(counts)
    return session, rows, [_point(session, **point) for point in points]


def session_save(actor, session: InputSession, counts, points) -> InputSession:
    """Saves what session_build checked (inside the caller's transaction)."""
    session.recorded_by = acting_person(actor)
    session.save()
    for row in counts:
        row.session = session
    ParticipantCount.objects.bulk_create(counts)
    for point in points:
        point.session = session
    Comment.objects.bulk_create(points)
    return session


def session_record(
    *,
    actor,
    consultation: Consultation,
    kind: str,
    held_on: datetime.date,
    district: str,
    language: str,
    counts: dict,
    points=(),
    channel: str = "web",
) -> InputSession:
    """Record what a meeting, a focus group or a batch of paper forms said: when,
    where, in which language, how many took part by sex and age band, and the points
    raised (dicts of `text`, `part` and `contact_email`), each an anonymous comment."""
    if not permissions.can_record(actor, consultation):
        raise PermissionDenied(_("Only the coordinators and named facilitators may record."))
    built = session_build(
        consultation=consultation,
        kind=kind,
        held_on=held_on,
        district=district,
        language=language,
        counts=counts,
        points=list(points),
    )
    with transaction.atomic():
        session = session_save(actor, *built)
        changes = {"session": {"before": None, "after": session.pk}, "points": len(built[2])}
        _record(actor, "consultation.session.recorded", consultation, changes, channel)
    return session


def session_point_add(
    *, actor, session: InputSession, text: str, part=None, contact_email: str = "", channel="web"
) -> Comment:
    """One more point raised at a recorded meeting."""
    consultation = session.consultation
    if not permissions.can_record(actor, consultation):
        raise PermissionDenied(_("Only the coordinators and named facilitators may record."))
    point = _point(session, text=text, part=part, contact_email=contact_email)
    with transaction.atomic():
        point.save()
        changes = {"comment": {"before": None, "after": point.pk}, "session": session.pk}
        _record(actor, "consultation.session.point_added", consultation, changes, channel)
    return point


# ---- Import of a spreadsheet or a KoboToolbox/ODK export ---------------------------------


def _grouped(rows) -> dict:
    """Rows of the same day, place and language form one record."""
    groups: dict = {}
    for row in rows:
        key = (row.held_on, row.district.casefold(), row.language.strip().lower())
        groups.setdefault(key, []).append(row)
    return groups


def _build_group(consultation: Consultation, kind: str, rows) -> tuple:
    counts: dict = {}
    for row in rows:
        counts[(row.sex, row.age_band)] = counts.get((row.sex, row.age_band), 0) + 1
    first = rows[0]
    return session_build(
        consultation=consultation,
        kind=kind,
        held_on=first.held_on,
        district=first.district,
        language=first.language,
        counts=counts,
        points=[point for row in rows for point in row.points],
    )


def _group_errors(rows, error: ValidationError, mapping: dict) -> list:
    """A record's error, told against each of its rows (the date, place or a point)."""
    found = []
    for name, messages in error.message_dict.items():
        column = mapping.get({"languages": "language"}.get(name, name), name)
        found += [RowError(row.number, column, messages[0]) for row in rows]
    return found


def offline_import(
    *,
    actor,
    consultation: Consultation,
    upload,
    mapping: dict,
    kind: str = SessionKind.PAPER_FORM,
    default_language: str = "",
    channel: str = "web",
) -> list[InputSession]:
    """Import a facilitator's spreadsheet or a KoboToolbox/ODK export (see imports.py):
    every row checked first, then everything saved in one transaction, or nothing and
    ImportRefused with the errors by row and column. The mapping is kept."""
    if not permissions.can_record(actor, consultation):
        raise PermissionDenied(_("Only the coordinators and named facilitators may import."))
    mapping = {key: (value or "").strip() for key, value in mapping.items()}
    rows = read_rows(consultation, upload, mapping, default_language)
    built, errors = [], []
    for group in _grouped(rows).values():
        try:
            built.append(_build_group(consultation, kind, group))
        except ValidationError as error:
            errors += _group_errors(group, error, mapping)
    if errors:
        raise ImportRefused(errors[:200])
    with transaction.atomic():
        sessions = [session_save(actor, *parts) for parts in built]
        _save_mapping(actor, consultation, mapping)
        changes = {
            "import": {"rows": len(rows), "sessions": [s.pk for s in sessions]},
            "points": sum(len(parts[2]) for parts in built),
        }
        _record(actor, "consultation.session.imported", consultation, changes, channel)
    return sessions


def _save_mapping(actor, consultation: Consultation, mapping: dict) -> None:
    ImportMapping.objects.update_or_create(
        consultation=consultation,
        defaults={
            "columns": {k: v for k, v in mapping.items() if v},
            "saved_by": acting_person(actor),
        },
    )


# ---- The uploaded draft text, in numbered paragraphs ---------------------------------------

BLANK_LINE = re.compile(r"\n\s*\n")
SENTENCE_END = re.compile(r"(?<=[.:;])\n")
LONG_BLOCK = 1500


def _blocks(text: str) -> list[str]:
    """A page's paragraphs: blocks between blank lines; a long block without blank lines
    (common in PDF text) is cut where a line ends a sentence. Page numbers are dropped."""
    blocks = []
    for block in BLANK_LINE.split(text):
        pieces = SENTENCE_END.split(block) if len(block) > LONG_BLOCK else [block]
        blocks += [" ".join(piece.split()) for piece in pieces]
    return [block for block in blocks if len(block) > 2 and not block.isdigit()]


def paragraphs_of(document) -> list[tuple[int, str]]:
    """(page, text) of every paragraph of a read document, in reading order."""
    return [
        (page.number, block)
        for page in document.pages.order_by("number")
        for block in _blocks(page.text)
    ]


def consultation_draft_attach(
    *, actor, consultation: Consultation, document, channel: str = "web"
) -> int:
    """Attach the plan's uploaded draft text to a consultation being prepared and split
    it into numbered paragraphs that people comment on; returns how many."""
    with transaction.atomic():
        consultation = _locked_in(
            actor,
            consultation,
            ConsultationState.DRAFT,
            _("This consultation is %(state)s: only one being prepared takes a draft text."),
        )
        if document.plan_id != consultation.plan_id or document.status not in READABLE:
            raise ValidationError({"document": _("Choose a read document of this plan.")})
        paragraphs = paragraphs_of(document)
        if not paragraphs:
            raise ValidationError({"document": _("No text could be read from this document.")})
        consultation.paragraphs.all().delete()
        DraftParagraph.objects.bulk_create(
            DraftParagraph(consultation=consultation, number=n, page=page, text=text)
            for n, (page, text) in enumerate(paragraphs, start=1)
        )
        consultation.draft_document = document
        consultation.save(update_fields=["draft_document", "updated_at"])
        changes = {"draft_document": {"before": None, "after": document.pk}}
        changes["paragraphs"] = len(paragraphs)
        _record(actor, "consultation.draft_attached", consultation, changes, channel)
    return len(paragraphs)
