"""Who holds which role where. Results are cached on the user object for one request."""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q

from naptrack.accounts.choices import Role
from naptrack.accounts.models import ApiToken, Membership, User


@dataclass(frozen=True)
class Scopes:
    roles: frozenset[str] = frozenset()
    coordinated_country_ids: frozenset[int] = frozenset()
    coordinated_regional_organization_ids: frozenset[int] = frozenset()
    organization_ids: frozenset[int] = field(default_factory=frozenset)

    def has_role(self, role: str) -> bool:
        return role in self.roles


ANONYMOUS = Scopes()


def user_scopes(user) -> Scopes:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_naptrack_scopes", None)
    if cached is None:
        rows = list(
            Membership.objects.filter(user=user).values_list(
                "role", "country_id", "regional_organization_id", "organization_id"
            )
        )
        coordinator_rows = [row for row in rows if row[0] == Role.COORDINATOR]
        cached = Scopes(
            roles=frozenset(row[0] for row in rows),
            coordinated_country_ids=frozenset(r[1] for r in coordinator_rows if r[1]),
            coordinated_regional_organization_ids=frozenset(r[2] for r in coordinator_rows if r[2]),
            organization_ids=frozenset(row[3] for row in rows if row[3]),
        )
        user._naptrack_scopes = cached
    return cached


def people_list(*, q: str = ""):
    """Users with their memberships, for the People page (two queries whatever the count)."""
    memberships = Membership.objects.select_related(
        "organization", "country", "regional_organization"
    ).order_by("role", "id")
    users = User.objects.prefetch_related(Prefetch("memberships", queryset=memberships))
    for word in q.split():
        users = users.filter(Q(email__icontains=word) | Q(display_name__icontains=word))
    return users.order_by("email")


def api_tokens_of(user):
    """Active tokens first, then revoked ones, newest first within each."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at"
    )
