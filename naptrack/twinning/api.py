"""Twinning endpoints: the same access helpers, selectors and services as the pages.

Reads show public partnerships (every side agreed); a coordinator's token adds the
proposals their side is part of. Writes need a token of a partner's coordinator.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.core.api import ANONYMOUS_ALLOWED, WRITE_ERRORS, PageLinks, error_responses
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.twinning import matching, permissions, selectors, services
from naptrack.twinning.schemas import (
    ExchangeIn,
    ExchangeOut,
    PartnershipDetailOut,
    PartnershipFiltersIn,
    PartnershipIn,
    PartnershipOut,
    PartnershipPatchIn,
    PartnershipStatusIn,
    SuggestionOut,
)

router = Router(tags=["twinning"])
token_required = ApiTokenAuth()
READ_ONE_ERRORS = error_responses(401, 404, 422)
ONE = "/partnerships/{int:partnership_id}"


@router.get(
    "/partnerships",
    response={200: list[PartnershipOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def partnership_list(request, filters: Query[PartnershipFiltersIn]):
    """Partnerships, newest first; filters by partner country, status and words."""
    return selectors.partnership_list(
        api_user(request),
        country=(filters.country or "").upper(),
        status=filters.status or "",
        q=filters.q or "",
    )


def _detail(user, partnership_id: int):
    return selectors.partnership_detail(permissions.partnership_for_read(user, partnership_id))


@router.get(
    ONE, response={200: PartnershipDetailOut, **READ_ONE_ERRORS}, openapi_extra=ANONYMOUS_ALLOWED
)
def partnership_detail(request, partnership_id: int):
    """A partnership with its exchanges."""
    return _detail(api_user(request), partnership_id)


def _owners(payload: PartnershipIn):
    countries = list(Country.objects.filter(iso3__in=[c.upper() for c in payload.countries]))
    bodies = list(RegionalOrganization.objects.filter(slug__in=payload.regional_organizations))
    if len(countries) != len(set(payload.countries)):
        raise ValidationError({"countries": "Unknown ISO alpha-3 code among the countries."})
    if len(bodies) != len(set(payload.regional_organizations)):
        raise ValidationError({"regional_organizations": "Unknown regional body slug."})
    return countries, bodies


@router.post(
    "/partnerships", auth=token_required, response={201: PartnershipDetailOut, **WRITE_ERRORS}
)
def partnership_propose(request, payload: PartnershipIn):
    """Propose a partnership with your own country or regional body among the partners."""
    user = api_user(request)
    countries, bodies = _owners(payload)
    partnership = services.partnership_propose(
        actor=user,
        title=payload.title,
        aims=payload.aims,
        countries=countries,
        regional_organizations=bodies,
        period_start=payload.period_start,
        period_end=payload.period_end,
        contacts=payload.contacts,
        channel="api",
    )
    return Status(201, _detail(user, partnership.pk))


@router.patch(ONE, auth=token_required, response={200: PartnershipDetailOut, **WRITE_ERRORS})
def partnership_update(request, partnership_id: int, payload: PartnershipPatchIn):
    """Change the title, aims, period or contacts (a partner's coordinator)."""
    user = api_user(request)
    partnership = permissions.partnership_for_partner(user, partnership_id)
    fields = payload.dict(exclude_unset=True)
    for name in ("title", "aims", "contacts"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: "This field cannot be null."})
    services.partnership_update(actor=user, partnership=partnership, channel="api", **fields)
    return _detail(user, partnership_id)


@router.post(
    ONE + "/agree", auth=token_required, response={200: PartnershipDetailOut, **WRITE_ERRORS}
)
def partnership_agree(request, partnership_id: int):
    """Your side agrees; the last side's agreement makes the partnership public."""
    user = api_user(request)
    partnership = permissions.partnership_for_partner(user, partnership_id)
    services.partnership_agree(actor=user, partnership=partnership, channel="api")
    return _detail(user, partnership_id)


@router.post(
    ONE + "/decline", auth=token_required, response={200: PartnershipDetailOut, **WRITE_ERRORS}
)
def partnership_decline(request, partnership_id: int):
    """Your side declines a proposal; it is never made public."""
    user = api_user(request)
    partnership = permissions.partnership_for_partner(user, partnership_id)
    services.partnership_decline(actor=user, partnership=partnership, channel="api")
    return _detail(user, partnership_id)


@router.post(
    ONE + "/status", auth=token_required, response={200: PartnershipDetailOut, **WRITE_ERRORS}
)
def partnership_status(request, partnership_id: int, payload: PartnershipStatusIn):
    """Move an agreed partnership to active or ended."""
    user = api_user(request)
    partnership = permissions.partnership_for_partner(user, partnership_id)
    services.partnership_set_status(
        actor=user, partnership=partnership, status=payload.status, channel="api"
    )
    return _detail(user, partnership_id)


@router.post(ONE + "/exchanges", auth=token_required, response={201: ExchangeOut, **WRITE_ERRORS})
def exchange_record(request, partnership_id: int, payload: ExchangeIn):
    """Add a visit, workshop, shared document or meeting to the shared log."""
    user = api_user(request)
    partnership = permissions.partnership_for_partner(user, partnership_id)
    exchange = services.exchange_record(
        actor=user, partnership=partnership, **payload.dict(), channel="api"
    )
    return Status(201, exchange)


@router.get(
    "/countries/{iso3}/partner-suggestions",
    response={200: list[SuggestionOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def partner_suggestions(request, iso3: str):
    """Suggested partners for a country, best first, each with its factors and weights
    (from public data only)."""
    country = get_object_or_404(Country, iso3=iso3.upper())
    return matching.suggest_partners(country)


@router.get(
    "/regional-organizations/{slug}/partner-suggestions",
    response={200: list[SuggestionOut], **READ_ONE_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
def body_partner_suggestions(request, slug: str):
    """Suggested partners (countries and other regional bodies) for a regional body,
    best first, each with its factors and weights (from public data only)."""
    body = get_object_or_404(RegionalOrganization, slug=slug)
    return matching.suggest_partners(body)
