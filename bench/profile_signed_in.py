"""In-process timing of the signed-in pages (issue #16); not a test, asserts nothing.

    .venv/bin/python bench/profile_signed_in.py [repeats]
    BENCH_PROFILE=/me/ .venv/bin/python bench/profile_signed_in.py 20

Builds a throw-away SQLite instance with the reference data in a temporary folder, creates
the bench user of `make bench` (bench/signed_in.py: coordinator of Kenya with a TOTP
device, agency reporter, civil-society member with a draft shadow report), signs it in
through Django's test client, and prints the median and best milliseconds and the query
count of each signed-in target of `make bench`, twice: with the cache cleared before every
request (the cost a signed-in user pays when nothing is cached: the first request after any
recorded change) and warm (the cost of every other request). BENCH_PROFILE=<path> prints
cProfile's 40 costliest calls by cumulative time for that page, warm.
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


def bench_client(plan):
    """The bench user of `make bench`, signed in; and its draft shadow report."""
    from django.test import Client

    from bench.signed_in import bench_report, bench_user
    from naptrack.registry.models import Country

    user = bench_user(Country.objects.get(iso3="KEN"))
    report = bench_report(user, plan)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client, report


def time_page(client, url: str, repeats: int, cold: bool) -> tuple[float, float, int, int]:
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, size = [], 0, 0
    for _ in range(repeats):
        if cold:
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
    client, report = bench_client(plan)
    pages = {
        "home /": "/",
        "plan /plans/<id>/": f"/plans/{plan.pk}/",
        "plan structure": f"/plans/{plan.pk}/structure/",
        "plan reporting": f"/plans/{plan.pk}/reporting/",
        "my reporting /reporting/": "/reporting/",
        "shadow report editor": f"/shadow-reports/{report.pk}/edit/",
        "my work /me/": "/me/",
    }
    for url in pages.values():
        client.get(url)  # first request: imports, template loading
    print(f"({repeats} requests each; load average {os.getloadavg()[0]:.1f})")
    print(
        "| page | bytes | cold median ms | cold best ms | cold queries "
        "| warm median ms | warm best ms | warm queries |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, url in pages.items():
        median, best, queries, size = time_page(client, url, repeats, cold=True)
        warm = time_page(client, url, repeats, cold=False)
        print(
            f"| {name} | {size} | {median:.1f} | {best:.1f} | {queries} "
            f"| {warm[0]:.1f} | {warm[1]:.1f} | {warm[2]} |"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if os.environ.get("BENCH_PROFILE"):
        profile(client, os.environ["BENCH_PROFILE"])


def profile(client, url: str) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
