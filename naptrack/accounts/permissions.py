"""Who may manage people, organizations and reference lookups, and who must prove a second
factor before acting."""

from allauth.mfa.models import Authenticator
from django.conf import settings

from naptrack.accounts.choices import Role
from naptrack.accounts.selectors import user_scopes


def is_platform_admin(user) -> bool:
    """Superusers and holders of the platform-admin role: they manage people and lookups,
    never a government's or a CSO's content."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user_scopes(user).has_role(Role.PLATFORM_ADMIN)


def requires_two_factor(user) -> bool:
    """Roles that see drafts or identities (NAPTRACK_MFA_REQUIRED_ROLES) and superusers."""
    scopes = user_scopes(user)
    return user.is_superuser or any(
        scopes.has_role(role) for role in settings.NAPTRACK_MFA_REQUIRED_ROLES
    )


def lacks_required_two_factor(user) -> bool:
    """True for someone who must enrol a TOTP authenticator and has none (any more)."""
    return (
        requires_two_factor(user)
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )
