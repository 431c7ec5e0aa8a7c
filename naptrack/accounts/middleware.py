"""Admins and coordinators must enrol a TOTP authenticator before they can act."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect

from naptrack.accounts.selectors import user_scopes

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/api/")


def requires_two_factor(user) -> bool:
    scopes = user_scopes(user)
    return user.is_superuser or any(
        scopes.has_role(role) for role in settings.NAPTRACK_MFA_REQUIRED_ROLES
    )


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and requires_two_factor(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
