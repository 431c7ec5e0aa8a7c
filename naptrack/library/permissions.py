"""Who may read or change a document: the one place that says so.

A plan's documents follow the plan: anyone who may see the plan may read its documents
once they are readable; only the coordinators of the plan's owner see them queued or
failed, and change them. Library documents (no plan) are public once readable and are
managed by platform admins."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.accounts.choices import Role
from naptrack.accounts.permissions import is_platform_admin
from naptrack.accounts.selectors import user_scopes
from naptrack.library.choices import READABLE
from naptrack.library.models import Document, EvidenceSuggestion
from naptrack.library.selectors import documents_visible_to
from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import can_edit_plan
from naptrack.registry.selectors import plans_visible_to
from naptrack.reporting.choices import ReportState
from naptrack.reporting.models import OfficialReport
from naptrack.shadow_reports import permissions as shadow_permissions
from naptrack.shadow_reports.choices import ShadowState
from naptrack.shadow_reports.models import ShadowReport


def can_upload(user, plan: ActionPlan | None) -> bool:
    if plan is None:
        return is_platform_admin(user)
    return can_edit_plan(user, plan)


def can_attach_to_report(user, *, official_report=None, shadow_report=None) -> bool:
    """A report's documents are part of its content, so they are added while it is a
    draft: an official report's by the plan's coordinators, a shadow report's by its
    authors (never by the government)."""
    if official_report is not None:
        draft = official_report.state == ReportState.DRAFT
        return draft and can_edit_plan(user, official_report.cycle.plan)
    if shadow_report is not None:
        draft = shadow_report.state == ShadowState.DRAFT
        return draft and shadow_permissions.can_author(user, shadow_report)
    return False


def can_edit_document(user, document: Document) -> bool:
    """Retry a failed reading, confirm what a document is: its managers."""
    if document.shadow_report_id:
        return shadow_permissions.can_author(user, document.shadow_report)
    return can_upload(user, document.plan)


def can_see_original_name(user, document: Document) -> bool:
    """A shadow report's file names may name its authors: only those who may know who
    wrote a pseudonymous report see them."""
    if not document.shadow_report_id:
        return True
    return shadow_permissions.can_see_identity(user, document.shadow_report)


def original_name_for(user, document: Document) -> str:
    if can_see_original_name(user, document):
        return document.original_name
    suffix = document.original_name.rpartition(".")[2] if "." in document.original_name else ""
    return f"document-{document.pk}.{suffix}" if suffix else f"document-{document.pk}"


def document_for_read(user, pk) -> Document:
    """The document if this user may see it; 404 otherwise (never reveal a draft's files)."""
    related = ("plan__country", "official_report__cycle", "shadow_report")
    try:
        return documents_visible_to(user).select_related(*related).get(pk=int(pk))
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such document.")) from exc


def document_for_edit(user, pk) -> Document:
    document = document_for_read(user, pk)
    if not can_edit_document(user, document):
        raise PermissionDenied(_("Only the coordinators of the plan's owner may change it."))
    return document


def official_report_for_attach(user, pk) -> OfficialReport:
    """A draft official report this user may add documents to: 404 unless the user sees
    the draft (its plan's coordinators), 403 once it is published."""
    report = (
        OfficialReport.objects.filter(cycle__plan__in=plans_visible_to(user))
        .select_related("cycle__plan__country", "cycle__plan__regional_organization")
        .filter(pk=pk)
        .first()
    )
    if report is None or not (
        report.state != ReportState.DRAFT or can_edit_plan(user, report.cycle.plan)
    ):
        raise Http404(_("No such report."))
    if not can_attach_to_report(user, official_report=report):
        raise PermissionDenied(_("Only a draft report's coordinators may add documents to it."))
    return report


def shadow_report_for_attach(user, pk) -> ShadowReport:
    """A draft shadow report this user authors: 404 unless the user may read it, 403
    otherwise (the government, invited organizations, published reports)."""
    report = shadow_permissions.report_for_read(user, pk)
    if not can_attach_to_report(user, shadow_report=report):
        raise PermissionDenied(_("Only a draft shadow report's authors may add documents to it."))
    return report


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
        raise Http404(_("No such suggestion.")) from exc
    if not can_review_evidence(user, suggestion.document.plan):
        raise PermissionDenied(_("Only the plan's coordinators and analysts review evidence."))
    return suggestion
