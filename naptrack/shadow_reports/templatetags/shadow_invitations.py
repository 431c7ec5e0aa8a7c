"""`{% pending_co_author_invitations user memberships as n %}`: how many invitations to
co-author a shadow report await this user's answer, for the "My work" dashboard (the
accounts app does not need to know about shadow reports)."""

from django import template

from naptrack.accounts.choices import Role
from naptrack.shadow_reports.selectors import pending_invitations_count

register = template.Library()


@register.simple_tag
def pending_co_author_invitations(user, memberships=None) -> int:
    """`memberships`, the roles the page already lists, spare everyone who is not a
    civil-society member any query."""
    if memberships is not None and not any(m.role == Role.CSO_MEMBER for m in memberships):
        return 0
    return pending_invitations_count(user)
