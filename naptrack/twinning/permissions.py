"""Who may see and change a partnership. Every view and endpoint gets partnerships
through these helpers.

- Everyone sees a partnership once every side has agreed (agreed, active, ended).
- Before that (proposed, declined) only the coordinators of its sides see it: a third
  country, civil society, moderators and platform admins get the same 404 as for a
  partnership that does not exist.
- A side's coordinator agrees or declines for that side, edits the partnership, moves
  its status on and records exchanges. Nobody acts for a side they do not coordinate.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from naptrack.accounts.selectors import user_scopes
from naptrack.twinning.choices import PUBLIC_STATUSES
from naptrack.twinning.models import Partner, Partnership


def coordinated_sides_q(user, prefix: str = "") -> Q:
    """Partners (or, with a prefix, rows reaching partners) the user coordinates."""
    scopes = user_scopes(user)
    countries, bodies = scopes.coordinated_country_ids, scopes.coordinated_regional_organization_ids
    if not countries and not bodies:
        return Q(pk__in=[])
    return Q(**{f"{prefix}country__in": countries}) | Q(
        **{f"{prefix}regional_organization__in": bodies}
    )


def partnerships_visible_to(user):
    own = Partner.objects.filter(coordinated_sides_q(user)).values("partnership")
    return Partnership.objects.filter(Q(status__in=PUBLIC_STATUSES) | Q(pk__in=own))


def sides_of(user, partnership: Partnership) -> list[Partner]:
    """The sides of this partnership the user coordinates."""
    return list(partnership.partners.filter(coordinated_sides_q(user)))


def is_partner(user, partnership: Partnership) -> bool:
    return bool(sides_of(user, partnership))


def can_propose(user) -> bool:
    scopes = user_scopes(user)
    return bool(scopes.coordinated_country_ids or scopes.coordinated_regional_organization_ids)


def partnership_for_read(user, pk) -> Partnership:
    found = partnerships_visible_to(user).filter(pk=_int(pk)).first()
    if found is None:
        raise Http404(_("No such partnership."))
    return found


def partnership_for_partner(user, pk) -> Partnership:
    """A partnership the user may read and act on as one of its sides (403 otherwise)."""
    partnership = partnership_for_read(user, pk)
    if not is_partner(user, partnership):
        raise PermissionDenied(_("Only the coordinators of the partners act on a partnership."))
    return partnership


def _int(pk) -> int | None:
    return int(pk) if str(pk).isdigit() else None
