"""Writes of twinning: one service per transition, each checking who acts for which side
and the state it starts from, saving in one transaction and recording an Activity.

A coordinator proposes a partnership with one or more other countries or regional
bodies; their own side agrees by proposing. When the last side agrees the partnership
becomes `agreed` and public; a side that declines ends the proposal (`declined`, never
public). Agreed partnerships move on to `active` and `ended`.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.services import activity_record, changes_between
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.twinning import permissions
from naptrack.twinning.choices import STATUS_MOVES, ExchangeKind, PartnershipStatus
from naptrack.twinning.models import Exchange, Partner, Partnership, SuggestionOptOut

EDITABLE_FIELDS = ("title", "aims", "period_start", "period_end", "contacts")


def _record(actor, verb: str, target, changes: dict, channel: str) -> None:
    activity_record(actor=actor, verb=verb, target=target, changes=changes, channel=channel)


def _owned_side(actor, countries, bodies) -> tuple[list, list]:
    """The proposer's own side: one country or body they coordinate among the partners."""
    scopes = permissions.user_scopes(actor)
    mine_c = [c for c in countries if c.pk in scopes.coordinated_country_ids]
    mine_b = [b for b in bodies if b.pk in scopes.coordinated_regional_organization_ids]
    return mine_c, mine_b


def _check_sides(countries: list[Country], bodies: list[RegionalOrganization]) -> None:
    if len(set(countries)) != len(countries) or len(set(bodies)) != len(bodies):
        raise ValidationError({"partners": _("Name each partner once.")})
    if len(countries) + len(bodies) < 2:
        raise ValidationError({"partners": _("A partnership needs at least two partners.")})


def partnership_propose(
    *,
    actor,
    title: str,
    aims: str,
    countries: Iterable[Country] = (),
    regional_organizations: Iterable[RegionalOrganization] = (),
    period_start: int | None = None,
    period_end: int | None = None,
    contacts: str = "",
    channel: str = "web",
) -> Partnership:
    """Propose a partnership; the side(s) the proposer coordinates agree at once."""
    countries, bodies = list(countries), list(regional_organizations)
    _check_sides(countries, bodies)
    mine_c, mine_b = _owned_side(actor, countries, bodies)
    if not (mine_c or mine_b):
        raise PermissionDenied(
            _("Propose a partnership for a country or regional body you coordinate.")
        )
    partnership = Partnership(
        title=title.strip(),
        aims=aims.strip(),
        period_start=period_start,
        period_end=period_end,
        contacts=contacts.strip(),
        proposed_by=actor,
    )
    now = timezone.now()
    with transaction.atomic():
        partnership.full_clean()
        partnership.save()
        for country in countries:
            mine = country in mine_c
            Partner.objects.create(
                partnership=partnership,
                country=country,
                agreed_at=now if mine else None,
                agreed_by=actor if mine else None,
            )
        for body in bodies:
            mine = body in mine_b
            Partner.objects.create(
                partnership=partnership,
                regional_organization=body,
                agreed_at=now if mine else None,
                agreed_by=actor if mine else None,
            )
        partners = ", ".join(str(p) for p in [*countries, *bodies])
        changes = {
            "status": {"before": None, "after": partnership.status},
            "partners": {"before": None, "after": partners},
        }
        _record(actor, "partnership.proposed", partnership, changes, channel)
    return partnership


def _locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _actor_sides(actor, partnership: Partnership) -> list[Partner]:
    sides = permissions.sides_of(actor, partnership)
    if not sides:
        raise PermissionDenied(_("Only the coordinators of the partners act on a partnership."))
    return sides


def _require_status(partnership: Partnership, *allowed: str) -> None:
    if partnership.status not in allowed:
        raise ValidationError(
            _("This partnership is %(status)s.")
            % {"status": partnership.get_status_display().lower()}
        )


def partnership_agree(*, actor, partnership: Partnership, channel: str = "web") -> Partnership:
    """The actor's side(s) agree; the last agreement makes the partnership public."""
    with transaction.atomic():
        partnership = _locked(partnership)
        _require_status(partnership, PartnershipStatus.PROPOSED)
        waiting = [side for side in _actor_sides(actor, partnership) if side.agreed_at is None]
        if not waiting:
            raise ValidationError(_("Your side has already agreed."))
        now = timezone.now()
        for side in waiting:
            side.agreed_at, side.agreed_by = now, actor
            side.save(update_fields=["agreed_at", "agreed_by"])
        changes = {"agreed": {"before": None, "after": ", ".join(str(s) for s in waiting)}}
        if not partnership.partners.filter(agreed_at__isnull=True).exists():
            partnership.status = PartnershipStatus.AGREED
            partnership.save(update_fields=["status", "updated_at"])
            changes["status"] = {"before": PartnershipStatus.PROPOSED, "after": partnership.status}
        _record(actor, "partnership.agreed", partnership, changes, channel)
    return partnership


def partnership_decline(*, actor, partnership: Partnership, channel: str = "web") -> Partnership:
    """A side that has not agreed turns the proposal down; it never becomes public."""
    with transaction.atomic():
        partnership = _locked(partnership)
        _require_status(partnership, PartnershipStatus.PROPOSED)
        if not [s for s in _actor_sides(actor, partnership) if s.agreed_at is None]:
            raise ValidationError(_("Your side has already agreed."))
        partnership.status = PartnershipStatus.DECLINED
        partnership.save(update_fields=["status", "updated_at"])
        changes = {"status": {"before": PartnershipStatus.PROPOSED, "after": partnership.status}}
        _record(actor, "partnership.declined", partnership, changes, channel)
    return partnership


def partnership_update(
    *, actor, partnership: Partnership, channel: str = "web", **fields
) -> Partnership:
    """Change the title, aims, period or contacts (any side's coordinator)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Not editable: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        partnership = _locked(partnership)
        _actor_sides(actor, partnership)
        _require_status(partnership, PartnershipStatus.PROPOSED, *STATUS_MOVES)
        before = {name: getattr(partnership, name) for name in fields}
        for name, value in fields.items():
            setattr(partnership, name, value.strip() if isinstance(value, str) else value)
        partnership.full_clean()
        partnership.save()
        after = {name: getattr(partnership, name) for name in fields}
        changes = changes_between(before, after)
        if changes:
            _record(actor, "partnership.updated", partnership, changes, channel)
    return partnership


def partnership_set_status(
    *, actor, partnership: Partnership, status: str, channel: str = "web"
) -> Partnership:
    """Agreed -> active -> ended (or agreed -> ended), by any side's coordinator."""
    with transaction.atomic():
        partnership = _locked(partnership)
        _actor_sides(actor, partnership)
        allowed = STATUS_MOVES.get(partnership.status, ())
        if status not in allowed:
            raise ValidationError(
                {
                    "status": _("A partnership that is %(now)s cannot become %(next)s.")
                    % {"now": partnership.get_status_display().lower(), "next": status}
                }
            )
        before = partnership.status
        partnership.status = status
        partnership.save(update_fields=["status", "updated_at"])
        changes = {"status": {"before": before, "after": status}}
        _record(actor, f"partnership.{status}", partnership, changes, channel)
    return partnership


def exchange_record(
    *,
    actor,
    partnership: Partnership,
    kind: str,
    title: str,
    happened_on,
    description: str = "",
    outcomes: str = "",
    link: str = "",
    channel: str = "web",
) -> Exchange:
    """Add an entry to the shared log of an agreed or active partnership."""
    if kind not in ExchangeKind.values:
        raise ValidationError({"kind": _("Choose one of the listed kinds of exchange.")})
    with transaction.atomic():
        partnership = _locked(partnership)
        _actor_sides(actor, partnership)
        _require_status(partnership, PartnershipStatus.AGREED, PartnershipStatus.ACTIVE)
        exchange = Exchange(
            partnership=partnership,
            kind=kind,
            title=title.strip(),
            happened_on=happened_on,
            description=description.strip(),
            outcomes=outcomes.strip(),
            link=link.strip(),
            recorded_by=actor,
        )
        exchange.full_clean()
        exchange.save()
        changes = {"exchange": {"before": None, "after": exchange.title}}
        _record(actor, "partnership.exchange_recorded", partnership, changes, channel)
    return exchange


# ---- Matchmaking opt-out -----------------------------------------------------------------
# A country's or a regional body's coordinators decide whether it is suggested to others.
# The audit row's target is the country or the body itself, like its other decisions.


def _opt_out_owner(party) -> dict:
    if isinstance(party, Country):
        return {"country": party}
    return {"regional_organization": party}


def _require_coordinator_of(actor, party) -> None:
    scopes = permissions.user_scopes(actor)
    if isinstance(party, Country):
        if party.pk not in scopes.coordinated_country_ids:
            raise PermissionDenied(_("Only the country's coordinators decide this."))
    elif party.pk not in scopes.coordinated_regional_organization_ids:
        raise PermissionDenied(_("Only the regional body's coordinators decide this."))


def _decline(actor, party, channel: str) -> SuggestionOptOut:
    _require_coordinator_of(actor, party)
    with transaction.atomic():
        opt_out, created = SuggestionOptOut.objects.get_or_create(
            **_opt_out_owner(party), defaults={"declined_by": actor}
        )
        if not created:
            raise ValidationError(
                _("This country already declined to be suggested.")
                if isinstance(party, Country)
                else _("This regional body already declined to be suggested.")
            )
        changes = {"suggested": {"before": True, "after": False}}
        _record(actor, "twinning.suggestions_declined", party, changes, channel)
    return opt_out


def _allow(actor, party, channel: str) -> None:
    _require_coordinator_of(actor, party)
    with transaction.atomic():
        deleted, _count = SuggestionOptOut.objects.filter(**_opt_out_owner(party)).delete()
        if not deleted:
            raise ValidationError(
                _("This country is already suggested to others.")
                if isinstance(party, Country)
                else _("This regional body is already suggested to others.")
            )
        changes = {"suggested": {"before": False, "after": True}}
        _record(actor, "twinning.suggestions_allowed", party, changes, channel)


def suggestions_decline(*, actor, country: Country, channel: str = "web") -> SuggestionOptOut:
    """The country stops being suggested to others as a partner."""
    return _decline(actor, country, channel)


def suggestions_allow(*, actor, country: Country, channel: str = "web") -> None:
    """The country may be suggested again."""
    _allow(actor, country, channel)


def body_suggestions_decline(
    *, actor, regional_organization: RegionalOrganization, channel: str = "web"
) -> SuggestionOptOut:
    """The regional body stops being suggested to others as a partner."""
    return _decline(actor, regional_organization, channel)


def body_suggestions_allow(
    *, actor, regional_organization: RegionalOrganization, channel: str = "web"
) -> None:
    """The regional body may be suggested again."""
    _allow(actor, regional_organization, channel)
