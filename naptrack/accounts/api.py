"""Organizations (agencies, CSOs, coalitions, ...): their public fields only, no members."""

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from naptrack.accounts.choices import OrganizationKind
from naptrack.accounts.models import Organization
from naptrack.core.api import ANONYMOUS_ALLOWED, READ_ERRORS, PageLinks

router = Router(tags=["organizations"])


class OrganizationFiltersIn(Schema):
    kind: OrganizationKind | None = None
    country: str | None = Field(None, description="ISO alpha-3 code of the organization's country.")
    regional_organization: str | None = Field(None, description="Slug of a regional organization.")
    q: str | None = Field(None, max_length=200, description="Words in the name.")


class OrganizationOut(Schema):
    id: int
    name: str
    kind: OrganizationKind
    country: str | None = Field(..., description="ISO alpha-3 code, or null.")
    regional_organization: str | None = Field(..., description="Slug, or null.")
    website: str | None

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.iso3 if obj.country_id else None

    @staticmethod
    def resolve_regional_organization(obj) -> str | None:
        return obj.regional_organization.slug if obj.regional_organization_id else None

    @staticmethod
    def resolve_website(obj) -> str | None:
        return obj.website or None


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **READ_ERRORS},
    openapi_extra=ANONYMOUS_ALLOWED,
)
@paginate(PageLinks)
def organization_list(request, filters: Query[OrganizationFiltersIn]):
    organizations = Organization.objects.select_related("country", "regional_organization")
    if filters.kind:
        organizations = organizations.filter(kind=filters.kind)
    if filters.country:
        organizations = organizations.filter(country__iso3=filters.country.upper())
    if filters.regional_organization:
        organizations = organizations.filter(
            regional_organization__slug=filters.regional_organization
        )
    for word in (filters.q or "").split():
        organizations = organizations.filter(name__icontains=word)
    return organizations
