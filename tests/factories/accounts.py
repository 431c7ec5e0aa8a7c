"""People's accounts, organizations, roles and tokens. Named people in roles are made
by tests.factories.people."""

import factory
from factory.django import DjangoModelFactory

from naptrack.accounts.choices import OrganizationKind, Role
from naptrack.accounts.models import ApiToken, Membership, Organization, User
from naptrack.registry.models import Country
from tests.factories.registry import kenya


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password("correct horse battery staple")


class EmailAddressFactory(DjangoModelFactory):
    """A verified primary address: allauth refuses to sign in a user without one."""

    class Meta:
        model = "account.EmailAddress"

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email)
    verified = True
    primary = True


class TotpAuthenticatorFactory(DjangoModelFactory):
    """An enrolled TOTP authenticator, so coordinators pass RequireTwoFactorMiddleware."""

    class Meta:
        model = "mfa.Authenticator"

    user = factory.SubFactory(UserFactory)
    type = "totp"
    data = factory.LazyFunction(lambda: {"secret": "JBSWY3DPEHPK3PXP"})


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test organization {n}")
    kind = OrganizationKind.CSO


class AgencyFactory(OrganizationFactory):
    """A government agency; give it the plan's country to make it assignable."""

    kind = OrganizationKind.GOVERNMENT_AGENCY
    name = factory.Sequence(lambda n: f"Ministry of Test Affairs {n}")
    country = factory.LazyFunction(lambda: Country.objects.get(iso3="KEN"))


class CsoFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Women's Peace Network {n}")
    kind = OrganizationKind.CSO
    country = factory.LazyFunction(kenya)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.ANALYST


class CoordinatorFactory(MembershipFactory):
    role = Role.COORDINATOR
    country = factory.LazyFunction(lambda: Country.objects.get(iso3="KEN"))


class ApiTokenFactory(DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "test token"
    digest = factory.Sequence(lambda n: ApiToken.digest_of(f"token-{n}"))
    prefix = factory.Sequence(lambda n: f"tok{n}"[:8])


def api_token_issue(user, **fields) -> tuple[ApiToken, str]:
    """An ApiToken for `user` and its raw value (only the digest is stored). Tokens are made
    behind the two-factor rule, so a person whose role requires a second factor has one."""
    import secrets

    from allauth.mfa.models import Authenticator

    from naptrack.accounts.permissions import requires_two_factor

    if requires_two_factor(user) and not Authenticator.objects.filter(user=user).exists():
        TotpAuthenticatorFactory(user=user)

    raw = secrets.token_urlsafe(32)
    token = ApiTokenFactory(user=user, digest=ApiToken.digest_of(raw), prefix=raw[:8], **fields)
    return token, raw


class RoleRequestFactory(DjangoModelFactory):
    """A pending request for a reporter role in a named organization."""

    class Meta:
        model = "accounts.RoleRequest"

    user = factory.SubFactory(UserFactory)
    role = Role.AGENCY_REPORTER
    organization_name = factory.Sequence(lambda n: f"Test ministry {n}")
