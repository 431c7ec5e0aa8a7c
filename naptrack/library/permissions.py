"""Who may read or change a document: the one place that says so.

A plan's documents follow the plan: anyone who may see the plan may read its documents
once they are readable; only the coordinators of the plan's owner see them queued or
failed, and change them. Library documents (no plan) are public once readable and are
managed by platform admins."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from naptrack.accounts.choices import Role
from naptrack.accounts.permissions import is_platform_admin
from naptrack.accounts.selectors import user_scopes
from naptrack.library.choices import READABLE
from naptrack.library.models import Document, EvidenceSuggestion
from naptrack.library.selectors import documents_visible_to
from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import can_edit_plan


def can_upload(user, plan: ActionPlan | None) -> bool:
    if plan is None:
        return is_platform_admin(user)
    return can_edit_plan(user, plan)


def can_edit_document(user, document: Document) -> bool:
    return can_upload(user, document.plan)


def document_for_read(user, pk) -> Document:
    """The document if this user may see it; 404 otherwise (never reveal a draft's files)."""
    try:
        return documents_visible_to(user).select_related("plan__country").get(pk=int(pk))
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such document.") from exc


def document_for_edit(user, pk) -> Document:
    document = document_for_read(user, pk)
    if not can_edit_document(user, document):
        raise PermissionDenied("Only the coordinators of the plan's owner may change it.")
    return document


def can_edit_keywords(user) -> bool:
    """Keyword families are editorial data: platform admins keep them."""
    return is_platform_admin(user)


def can_review_evidence(user, plan: ActionPlan | None) -> bool:
    """Coordinators of the plan's owner, and analysts, confirm or reject suggestions.
    Callers reach the plan through a visibility check first, so an analyst never
    reviews a draft."""
    if plan is None or user is None or not user.is_authenticated:
        return False
    return can_edit_plan(user, plan) or user_scopes(user).has_role(Role.ANALYST)


def suggestion_for_review(user, pk) -> EvidenceSuggestion:
    """A suggestion this user may review: 404 if its document is out of sight (never
    reveal a draft), 403 if the user sees it but may not review it."""
    try:
        suggestion = (
            EvidenceSuggestion.objects.filter(
                document__in=documents_visible_to(user).filter(status__in=READABLE)
            )
            .select_related("document__plan__country", "family", "reviewed_by")
            .get(pk=int(pk))
        )
    except (EvidenceSuggestion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such suggestion.") from exc
    if not can_review_evidence(user, suggestion.document.plan):
        raise PermissionDenied("Only the plan's coordinators and analysts review evidence.")
    return suggestion
