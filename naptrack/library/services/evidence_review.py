"""People confirm or reject the evidence passages the analysis suggested."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.services import activity_record
from naptrack.library.choices import (
    SuggestionState,
)
from naptrack.library.models import (
    EvidenceSuggestion,
)
from naptrack.library.permissions import (
    can_review_evidence,
)

REVIEW_FROM = {
    SuggestionState.CONFIRMED: (SuggestionState.SUGGESTED, SuggestionState.REJECTED),
    SuggestionState.REJECTED: (SuggestionState.SUGGESTED, SuggestionState.CONFIRMED),
}
NOTE_MAX_CHARS = 2000


def evidence_confirm(*, actor, suggestion: EvidenceSuggestion, note: str = "", channel="web"):
    """The passage counts as evidence for its criterion in the plan's report cards."""
    return _evidence_review(actor, suggestion, SuggestionState.CONFIRMED, note, channel)


def evidence_reject(*, actor, suggestion: EvidenceSuggestion, note: str = "", channel="web"):
    """The passage does not show the criterion; it stays, rejected, so the next
    analysis does not suggest it again."""
    return _evidence_review(actor, suggestion, SuggestionState.REJECTED, note, channel)


def _evidence_review(actor, suggestion, state: str, note: str, channel: str):
    document = suggestion.document
    if not can_review_evidence(actor, document.plan):
        raise PermissionDenied(_("Only the plan's coordinators and analysts review evidence."))
    note = note.strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError({"note": _("Keep the note under 2000 characters.")})
    before = suggestion.state
    if before not in REVIEW_FROM[state]:
        raise ValidationError(_("This passage is already %(state)s.") % {"state": state})
    with transaction.atomic():
        updated = EvidenceSuggestion.objects.filter(pk=suggestion.pk, state=before).update(
            state=state, reviewed_by=actor, reviewed_at=timezone.now(), note=note
        )
        if not updated:
            raise ValidationError(_("Someone else reviewed this passage meanwhile; reload it."))
        suggestion.refresh_from_db()
        activity_record(
            actor=actor,
            verb=f"evidence.{state}",
            target=suggestion,
            changes={
                "state": {"before": before, "after": state},
                "criterion": suggestion.criterion,
                "page": suggestion.page_number,
                "note": note,
            },
            channel=channel,
        )
    return suggestion
