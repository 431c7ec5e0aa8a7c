"""Who holds which role where. Results are cached on the user object for one request."""

from dataclasses import dataclass, field

from naptrack.accounts.choices import Role
from naptrack.accounts.models import Membership


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
