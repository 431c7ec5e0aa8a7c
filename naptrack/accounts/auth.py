"""Bearer-token authentication for the JSON API.

Tokens come from /me/tokens/, which only a signed-in user reaches, and the roles that see
drafts or identities sign in with a second factor; a valid token therefore stands for a
full sign-in. Because that second factor can be removed later (its removal revokes the
tokens, see receivers.py), every call checks again that a person whose role requires one
still has it. Only the SHA-256 digest of a token is stored.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from naptrack.accounts.models import ApiToken
from naptrack.accounts.permissions import lacks_required_two_factor

# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def user_for_token(raw: str):
    """The active user a live token belongs to, or None."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. With optional=True a request without the header
    is anonymous; a header that is present but wrong is always a 401, never anonymous,
    so that a client with a revoked token learns it instead of silently seeing less."""

    def __init__(self, *, optional: bool = False):
        super().__init__()
        self.optional = optional

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header, "")
        if not header and self.optional:
            return AnonymousUser()
        if not header:
            raise AuthenticationError(
                message="This needs an API token: `Authorization: Bearer <token>`."
            )
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError(message="Use the header `Authorization: Bearer <token>`.")
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is None:
            raise AuthenticationError(message="This API token is unknown or revoked.")
        if lacks_required_two_factor(user):
            raise AuthenticationError(
                message="Your role requires two-factor authentication: enrol an authenticator "
                "app at /accounts/2fa/ and create a new token."
            )
        return user


def api_user(request: HttpRequest):
    """The user an API operation acts for: the token's, or anonymous (never the session's)."""
    return getattr(request, "auth", None) or AnonymousUser()
