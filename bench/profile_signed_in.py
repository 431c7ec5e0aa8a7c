"""In-process timing of the signed-in pages (issue #16); not a test, asserts nothing.

    .venv/bin/python bench/profile_signed_in.py [repeats]

Builds a throw-away SQLite instance with the reference data in a temporary folder, signs
in a Kenya coordinator (with a TOTP device, as coordinators must have) through Django's
test client, and prints the median and best milliseconds and the query count of each page,
with the cache cleared before every request: the cost a signed-in user pays when nothing
is cached (the first request after any recorded change).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.throwaway import environment, manage  # noqa: E402


def prepare() -> None:
    folder = tempfile.mkdtemp(prefix="naptrack-profile-")
    env = environment(folder, f"sqlite:///{folder}/profile.sqlite3", NAPTRACK_LOG_LEVEL="ERROR")
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    os.environ.update(env)


def coordinator_client():
    import base64

    from allauth.mfa.models import Authenticator
    from django.test import Client

    from naptrack.accounts.choices import Role
    from naptrack.accounts.models import Membership, User
    from naptrack.registry.models import Country

    user = User.objects.create_user("profile@example.invalid", base64.b32encode(os.urandom(20)))
    Membership.objects.create(
        user=user, role=Role.COORDINATOR, country=Country.objects.get(iso3="KEN")
    )
    secret = base64.b32encode(os.urandom(20)).decode()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def time_page(client, url: str, repeats: int) -> tuple[float, float, int, int]:
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, size = [], 0, 0
    for _ in range(repeats):
        caches["default"].clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url}: HTTP {response.status_code}")
        queries, size = len(captured), len(response.content)
    return statistics.median(timings), min(timings), queries, size


def main(repeats: int) -> None:
    prepare()
    import django

    django.setup()
    from naptrack.registry.models import ActionPlan

    plan = ActionPlan.objects.get(reference_key="NAP:KEN:g2")
    pages = {
        "home /": "/",
        "plan /plans/<id>/": f"/plans/{plan.pk}/",
        "plan structure": f"/plans/{plan.pk}/structure/",
        "my work /me/": "/me/",
    }
    client = coordinator_client()
    client.get("/")  # first request: imports, template loading
    print(f"| page | bytes | median ms | best ms | queries |  ({repeats} requests each)")
    print("|---|---:|---:|---:|---:|")
    for name, url in pages.items():
        median, best, queries, size = time_page(client, url, repeats)
        print(f"| {name} | {size} | {median:.1f} | {best:.1f} | {queries} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
