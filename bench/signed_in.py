"""The bench user for `make bench`'s signed-in pages, in the throw-away database only.

Run by bench/run.py with the bench environment and the Kenya plan's id as argument.
Creates one user who coordinates Kenya, reports for a government agency and is a member
of a civil-society organization with one draft shadow report on that plan; signs the user
in through Django's session machinery and prints JSON: the cookies (session and CSRF, as a
browser sends them) and the ids the targets need. The organizations and the report are
labelled synthetic.
"""

import base64
import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.test import Client  # noqa: E402

from naptrack.accounts.choices import OrganizationKind, Role  # noqa: E402
from naptrack.accounts.models import Membership, Organization, User  # noqa: E402
from naptrack.registry.models import ActionPlan, Country  # noqa: E402
from naptrack.shadow_reports.services import shadow_report_create  # noqa: E402


def bench_user(kenya: Country) -> User:
    user = User.objects.create_user("bench@example.invalid", secrets_password())
    agency = Organization.objects.create(
        name="Bench agency (synthetic)", kind=OrganizationKind.GOVERNMENT_AGENCY, country=kenya
    )
    cso = Organization.objects.create(
        name="Bench CSO (synthetic)", kind=OrganizationKind.CSO, country=kenya
    )
    Membership.objects.create(user=user, role=Role.COORDINATOR, country=kenya)
    Membership.objects.create(user=user, role=Role.AGENCY_REPORTER, organization=agency)
    Membership.objects.create(user=user, role=Role.CSO_MEMBER, organization=cso)
    # Coordinators must enrol a TOTP device (RequireTwoFactorMiddleware); a random secret.
    secret = base64.b32encode(os.urandom(20)).decode()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
    user.bench_cso = cso
    return user


def secrets_password() -> str:
    import secrets

    return secrets.token_urlsafe(24)


def bench_report(user: User, plan: ActionPlan):
    """A draft shadow report by the user's organization: what the editor target opens."""
    return shadow_report_create(
        actor=user,
        plan=plan,
        author=user.bench_cso,
        title="Bench draft (synthetic)",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )


def main() -> None:
    kenya = Country.objects.get(iso3="KEN")
    plan = ActionPlan.objects.get(pk=int(sys.argv[1]))  # the plan the public targets use
    user = bench_user(kenya)
    report = bench_report(user, plan)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf_secret()}"
    )
    print(json.dumps({"cookie": cookie, "plan": plan.pk, "shadow_report": report.pk}))


def csrf_secret() -> str:
    """A CSRF cookie, as a browser holds one from its first page: without it every page
    would make a new secret, and the personal page cache (decision 0010) stores no page
    whose forms carry a token for a secret the browser does not have yet."""
    request = HttpRequest()
    get_token(request)
    return request.META["CSRF_COOKIE"]


if __name__ == "__main__":
    main()
