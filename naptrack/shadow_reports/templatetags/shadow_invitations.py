"""`{% pending_co_author_invitations user as n %}`: how many invitations to co-author a
shadow report await this user's answer, for the "My work" dashboard (the accounts app
does not need to know about shadow reports)."""

from django import template

from naptrack.shadow_reports.selectors import pending_invitations_count

register = template.Library()


@register.simple_tag
def pending_co_author_invitations(user) -> int:
    return pending_invitations_count(user)
