"""People in roles: the one way tests make a user who holds a role, and sign one in.

Every person has a verified primary email address (allauth signs in no one without one).
Roles that must enrol a second factor get a TOTP authenticator with a secret the tests know,
so the permission checks (not the two-factor redirect) are what the tests exercise; pass
`totp=False` to `person` for a test about that redirect.
"""

import time

import pyotp
from django.core.cache import cache

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.registry.models import ActionPlan, Country, RegionalOrganization
from tests.factories.accounts import (
    EmailAddressFactory,
    MembershipFactory,
    OrganizationFactory,
    TotpAuthenticatorFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    return pyotp.TOTP(secret).now()


def enrol_totp(user, secret: str = TOTP_SECRET):
    return TotpAuthenticatorFactory(user=user, data={"secret": secret})


def person(role: str | None = None, *, totp: bool = False, **membership):
    """A verified user, optionally holding one role (with its scope) and a TOTP device.
    `user=` fields (display_name, email, is_staff) go to the user, the rest to the role."""
    user_fields = membership.pop("user", {})
    user = UserFactory(is_superuser=membership.pop("is_superuser", False), **user_fields)
    EmailAddressFactory(user=user)
    if role:
        MembershipFactory(user=user, role=role, **membership)
    if totp:
        enrol_totp(user)
    return user


def coordinator_of(place, **user):
    """The coordinator of a country (a Country or its ISO3 code), of a regional
    organization, or of a plan's country, enrolled in two-factor sign-in."""
    if isinstance(place, str):
        place = Country.objects.get(iso3=place)
    if isinstance(place, ActionPlan):
        place = place.country
    scope = "regional_organization" if isinstance(place, RegionalOrganization) else "country"
    return person(Role.COORDINATOR, totp=True, user=user, **{scope: place})


def reporter_for(agency, **user):
    """A reporter of a government agency (an Organization of kind government agency)."""
    return person(Role.AGENCY_REPORTER, organization=agency, user=user)


def cso_member(organization=None, **user):
    """A member of a civil-society organization (a new one when none is given)."""
    if organization is None:
        organization = OrganizationFactory(kind=OrganizationKind.CSO)
    return person(Role.CSO_MEMBER, organization=organization, user=user)


def moderator(**user):
    return person(Role.MODERATOR, totp=True, user=user)


def analyst(**user):
    return person(Role.ANALYST, user=user)


def platform_admin(**user):
    return person(Role.PLATFORM_ADMIN, totp=True, user=user)


def signed_in(client, user):
    """The test client signed in as `user`; None leaves it anonymous."""
    if user is not None:
        client.force_login(user)
    return client


def outsider(kind: str):
    """Everyone who must not edit Kenya's plans; `None` is the anonymous visitor."""
    kenya = Country.objects.get(iso3="KEN")
    makers = {
        "anonymous": lambda: None,
        "no_role": lambda: person(),
        "analyst": lambda: analyst(),
        "cso_member": lambda: cso_member(
            OrganizationFactory(kind=OrganizationKind.CSO, country=kenya)
        ),
        "agency_reporter": lambda: reporter_for(
            OrganizationFactory(kind=OrganizationKind.GOVERNMENT_AGENCY, country=kenya)
        ),
        "moderator": lambda: moderator(),
        "platform_admin": lambda: platform_admin(),
        "superuser": lambda: person(is_superuser=True, totp=True),
        "other_country_coordinator": lambda: coordinator_of("UGA"),
        "regional_coordinator": lambda: coordinator_of(
            RegionalOrganization.objects.get(slug="african-union")
        ),
    }
    return makers[kind]()


OUTSIDERS = [
    "anonymous",
    "no_role",
    "analyst",
    "cso_member",
    "agency_reporter",
    "moderator",
    "platform_admin",
    "superuser",
    "other_country_coordinator",
    "regional_coordinator",
]


def clear_rate_limits_and_used_codes() -> None:
    """allauth keeps rate-limit counters and used TOTP codes in the cache."""
    cache.clear()


_used_codes: set[tuple[str, str]] = set()


SUBMIT_MARGIN = 8  # seconds a browser test may take between reading a code and submitting it


def _seconds_left(totp: pyotp.TOTP) -> float:
    return totp.interval - time.time() % totp.interval


def fresh_totp_code(user) -> str:
    """A TOTP code this user has not used yet. allauth refuses a code it has already
    accepted for the same authenticator (replay protection), so a second sign-in inside the
    same 30-second window waits for the next code instead of failing at random."""
    totp = pyotp.TOTP(TOTP_SECRET)
    # allauth accepts only the current window (MFA_TOTP_TOLERANCE 0): a code taken in the
    # window's last seconds can expire before a slow browser submits it, so wait those out.
    while (user.email, totp.now()) in _used_codes or _seconds_left(totp) < SUBMIT_MARGIN:
        time.sleep(1)
    code = totp.now()
    _used_codes.add((user.email, code))
    return code
