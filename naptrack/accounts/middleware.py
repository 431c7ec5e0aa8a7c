"""Admins, moderators and coordinators must enrol a TOTP authenticator before they can act."""

from django.shortcuts import redirect

from naptrack.accounts.permissions import lacks_required_two_factor

# The API is not redirected: its token authentication refuses the same people itself.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/api/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and lacks_required_two_factor(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
