"""Who may see and change report cards. Every view and endpoint gets its objects here.

- A plan's card, history, badge and PDF: whoever may read the plan (drafts only for the
  coordinators of its owner); a published synthetic plan only by its address, never in
  the ranking. Anything else is 404, so a draft's existence stays hidden.
- Coordinator statements: signed and withdrawn by the coordinators of the plan's owner.
- Civil-society cards: written by `cso_member`s of the organization; published ones are
  public with the plan; drafts and withdrawn ones only for the organization's members.
  A pseudonymous card's organization is known only to its members and the moderators.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.registry.choices import Origin, Publication
from naptrack.registry.models import ActionPlan
from naptrack.registry.permissions import can_edit_plan, plan_for_read
from naptrack.registry.selectors import plans_visible_to, with_current_status
from naptrack.report_cards.choices import CsoCardState
from naptrack.report_cards.models import CoordinatorStatement, CsoReportCard
from naptrack.shadow_reports.permissions import is_moderator, member_organization_ids


def plan_for_card(user, pk) -> ActionPlan:
    try:
        return plan_for_read(user, pk)
    except Http404:
        synthetic = ActionPlan.objects.filter(
            pk=pk if str(pk).isdigit() else None,
            origin=Origin.SYNTHETIC,
            publication=Publication.PUBLISHED,
        ).select_related("country", "regional_organization")
        plan = with_current_status(synthetic).first()
        if plan is None:
            raise
        return plan


def plan_for_statement(user, pk) -> ActionPlan:
    plan = plan_for_read(user, pk)
    if not can_edit_plan(user, plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may sign statements."))
    return plan


def statement_for_edit(user, pk) -> CoordinatorStatement:
    statement = (
        CoordinatorStatement.objects.filter(plan__in=plans_visible_to(user), pk=pk)
        .select_related("plan__country", "plan__regional_organization")
        .first()
    )
    if statement is None:
        raise Http404(_("No such statement."))
    if not can_edit_plan(user, statement.plan):
        raise PermissionDenied(_("Only the coordinators of this plan's owner may withdraw it."))
    return statement


def can_author(user, card: CsoReportCard) -> bool:
    return card.organization_id in member_organization_ids(user)


def can_see_identity(user, card: CsoReportCard) -> bool:
    return not card.is_pseudonymous or can_author(user, card) or is_moderator(user)


def cso_card_for_read(user, pk) -> CsoReportCard:
    card = (
        CsoReportCard.objects.filter(plan__in=plans_visible_to(user), pk=pk)
        .select_related("plan__country", "plan__regional_organization", "organization")
        .first()
    )
    if card is None or (card.state != CsoCardState.PUBLISHED and not can_author(user, card)):
        raise Http404(_("No such report card."))
    return card


def cso_card_for_author(user, pk) -> CsoReportCard:
    card = cso_card_for_read(user, pk)
    if not can_author(user, card):
        raise PermissionDenied(_("Only members of the authoring organization may do this."))
    return card
