"""Who may manage people, organizations and reference lookups."""

from naptrack.accounts.choices import Role
from naptrack.accounts.selectors import user_scopes


def is_platform_admin(user) -> bool:
    """Superusers and holders of the platform-admin role: they manage people and lookups,
    never a government's or a CSO's content."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user_scopes(user).has_role(Role.PLATFORM_ADMIN)
