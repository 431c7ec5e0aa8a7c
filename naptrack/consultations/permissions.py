"""Who may see and do what in a consultation. Every view and endpoint gets its objects
through these helpers.

- The coordinators of the plan's owner prepare, open, close and report on consultations,
  and answer comments. They see what the public sees of the commenters: never who wrote
  an anonymous comment.
- Everyone who may read the plan sees consultations that are not being prepared, with
  their visible comments, answers and counts. A consultation being prepared is 404 for
  all but its coordinators.
- Who may comment while a consultation takes input depends on its participation:
  everyone (also without an account, anonymously only), everyone signed in, or the
  members of the invited organizations. Support (+1) needs a sign-in.
- Facilitators, named by the coordinators for one consultation, record offline input
  (meetings, focus groups, paper forms) while it is open or closed; the coordinators
  may too. Facilitators neither answer nor moderate.
- Moderators (the shadow reports' moderators) hide and restore comments with a reason.
  A hidden comment is 404 for everyone else, in every channel.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.accounts.selectors import user_scopes
from naptrack.consultations.choices import (
    PUBLIC_STATES,
    CommentState,
    ConsultationState,
    Participation,
)
from naptrack.consultations.models import Comment, Consultation, InputSession
from naptrack.registry.permissions import can_edit_plan
from naptrack.registry.selectors import plans_visible_to
from naptrack.shadow_reports.permissions import is_moderator

__all__ = ["is_moderator"]  # re-exported: one definition of who moderates


def is_public(consultation: Consultation) -> bool:
    return consultation.state in PUBLIC_STATES


def can_coordinate(user, consultation: Consultation) -> bool:
    return can_edit_plan(user, consultation.plan)


def can_read(user, consultation: Consultation) -> bool:
    return is_public(consultation) or can_coordinate(user, consultation)


RECORDABLE = (ConsultationState.OPEN, ConsultationState.CLOSED)


def is_facilitator(user, consultation: Consultation) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return consultation.facilitators.filter(user=user).exists()


def can_record(user, consultation: Consultation) -> bool:
    """Who may record offline input now: the coordinators and the facilitators they
    named, while the consultation is open or closed (paper forms come back late)."""
    if consultation.state not in RECORDABLE:
        return False
    return can_coordinate(user, consultation) or is_facilitator(user, consultation)


def is_taking_input(consultation: Consultation, today=None) -> bool:
    today = today or timezone.localdate()
    return (
        consultation.state == ConsultationState.OPEN
        and consultation.opens_on <= today <= consultation.closes_on
    )


def is_participant(user, consultation: Consultation) -> bool:
    """Whether the consultation's participation rule admits this person (or visitor)."""
    if consultation.participation == Participation.PUBLIC:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if consultation.participation == Participation.SIGNED_IN:
        return True
    invited = {org.pk for org in consultation.invited_organizations.all()}
    return bool(invited & user_scopes(user).organization_ids)


def can_comment(user, consultation: Consultation) -> bool:
    return is_taking_input(consultation) and is_participant(user, consultation)


def can_support(user, comment: Comment) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and comment.state == CommentState.VISIBLE
        and comment.author_id != user.pk
        and can_comment(user, comment.consultation)
    )


def _consultations():
    return Consultation.objects.select_related(
        "plan__country", "plan__regional_organization"
    ).prefetch_related("invited_organizations")


def consultation_for_read(user, pk) -> Consultation:
    try:
        consultation = _consultations().filter(plan__in=plans_visible_to(user)).get(pk=int(pk))
    except (Consultation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such consultation.")) from exc
    if not can_read(user, consultation):
        raise Http404(_("No such consultation."))
    return consultation


def consultation_for_coordination(user, pk) -> Consultation:
    consultation = consultation_for_read(user, pk)
    if not can_coordinate(user, consultation):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may do this."))
    return consultation


def _comment(user, consultation: Consultation, pk) -> Comment:
    comment = (
        Comment.objects.filter(consultation=consultation, pk=pk if str(pk).isdigit() else None)
        .select_related("author")
        .first()
    )
    visible = comment is not None and comment.state == CommentState.VISIBLE
    if comment is None or not (visible or is_moderator(user)):
        raise Http404(_("No such comment."))
    comment.consultation = consultation
    return comment


def comment_for_read(user, consultation_pk, pk) -> Comment:
    return _comment(user, consultation_for_read(user, consultation_pk), pk)


def comment_for_moderation(user, consultation_pk, pk) -> Comment:
    comment = comment_for_read(user, consultation_pk, pk)
    if not is_moderator(user):
        raise PermissionDenied(_("Only the platform's moderators may hide or restore a comment."))
    return comment


def comment_for_answer(user, consultation_pk, pk) -> Comment:
    comment = comment_for_read(user, consultation_pk, pk)
    if not can_coordinate(user, comment.consultation):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may answer."))
    return comment


def consultation_for_recording(user, pk) -> Consultation:
    consultation = consultation_for_read(user, pk)
    if not can_record(user, consultation):
        raise PermissionDenied(
            _("Only the coordinators and the facilitators they named may record offline input.")
        )
    return consultation


def session_for_read(user, consultation_pk, pk) -> InputSession:
    """A facilitator's record, for everyone who may read the consultation."""
    consultation = consultation_for_read(user, consultation_pk)
    session = (
        InputSession.objects.filter(consultation=consultation, pk=pk if str(pk).isdigit() else None)
        .prefetch_related("participant_counts")
        .first()
    )
    if session is None:
        raise Http404(_("No such record."))
    session.consultation = consultation
    return session
