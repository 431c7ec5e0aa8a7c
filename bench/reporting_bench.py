"""`make bench-reporting`: the reporting outputs on the synthetic scale dataset.

For each database (SQLite always; PostgreSQL too when BENCH_REPORTING_PG names a server or
the default 127.0.0.1:5432 answers) this builds a throw-away instance (migrate,
load_reference_data, generate_synthetic_data at full scale), then, in one Django process
using the test client (the whole middleware stack, no network), times:

- the implementation dashboard of random synthetic plans (p50 / p95; target p95 < 200 ms);
- the standardized report of a published version as HTML, PDF, XLSX and CSV;
- the global compilation of the last year (HTML and CSV).

Each is set against a baseline measured in the same process: reading the same published
snapshot(s) with one raw SQL query, or, for the PDF, WeasyPrint laying out a one-line page.
Results go to docs/benchmarks.md, below this benchmark's marker. Never run as a test.
"""

import datetime
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import throwaway  # bench/throwaway.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- reporting bench: bench/reporting_bench.py inserts new runs below this line -->"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/naptrack_bench_reporting"
PLANS = int(os.environ.get("BENCH_PLANS", "200"))
ACTIONS = int(os.environ.get("BENCH_ACTIONS", "100"))
INDICATORS = int(os.environ.get("BENCH_INDICATORS", "5"))
CYCLES = int(os.environ.get("BENCH_CYCLES", "20"))
PUBLISHED = int(os.environ.get("BENCH_PUBLISHED", "4"))
SCALE = {
    "plans": PLANS,
    "actions": ACTIONS,
    "indicators": INDICATORS,
    "cycles": CYCLES,
    "published": PUBLISHED,
}
DASHBOARD_REQUESTS = int(os.environ.get("BENCH_DASHBOARD_REQUESTS", "100"))
P95_TARGET_MS = 200.0


# ---- Building a throw-away database -----------------------------------------------------


def environment(var_dir: Path, database_url: str) -> dict:
    return throwaway.environment(
        var_dir,
        database_url,
        NAPTRACK_ALLOWED_HOSTS="testserver,127.0.0.1",
        NAPTRACK_PUBLIC_CACHE_SECONDS="0",  # every request renders its page
        NAPTRACK_PERSONAL_CACHE_SECONDS="0",
    )


# ---- Measuring, inside Django ----------------------------------------------------------------


def timed(fn, arguments: list) -> list[float]:
    """Milliseconds of fn(argument) for each argument."""
    times = []
    for argument in arguments:
        started = time.perf_counter()
        fn(argument)
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "n": len(times),
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "mean": statistics.fmean(ordered),
    }


def get(client, url: str, expect: bytes = b"") -> int:
    response = client.get(url)
    if response.status_code != 200 or expect not in response.content:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(response.content)


def settle(connection) -> float:
    """Measure the steady state, not the minutes after a bulk load: refresh the planner's
    statistics and write the load out (PostgreSQL's autovacuum would otherwise run on the
    new millions of rows in the middle of the measurements)."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.monotonic() - started


def measure() -> dict:
    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils.translation import get_language

    from naptrack.registry.choices import Origin
    from naptrack.reporting import outputs
    from naptrack.reporting.choices import ReportState
    from naptrack.reporting.models import OfficialReport

    results = {"settle_s": settle(connection)}
    rng = random.Random(1325)
    client = Client()
    plans = list(
        OfficialReport.objects.filter(
            state=ReportState.PUBLISHED, cycle__plan__origin=Origin.SYNTHETIC
        )
        .order_by()
        .values_list("cycle__plan_id", flat=True)
        .distinct()
    )
    latest = {
        plan_id: OfficialReport.objects.filter(cycle__plan_id=plan_id, state=ReportState.PUBLISHED)
        .order_by("-cycle__period_end", "-version")
        .values_list("pk", "cycle_id", "version")
        .first()
        for plan_id in rng.sample(plans, min(20, len(plans)))
    }
    sample = list(latest)
    results["plans_with_reports"] = len(plans)

    def snapshots(report_ids):
        """The baseline: the published snapshot(s), read in one query and decoded."""
        return list(OfficialReport.objects.filter(pk__in=report_ids).values_list("snapshot"))

    # Dashboard: random plans, a few warm-up requests first.
    dashboard = [reverse("reporting_outputs:dashboard", args=[p]) for p in sample]
    for url in dashboard[:5]:
        get(client, url)
    with CaptureQueriesContext(connection) as queries:
        size = get(client, dashboard[0], b"SYNTHETIC DATA")
    results["dashboard_queries"] = len(queries)
    results["dashboard_bytes"] = size
    urls = [rng.choice(dashboard) for _ in range(DASHBOARD_REQUESTS)]
    results["dashboard"] = summary(timed(lambda url: get(client, url), urls))
    ids = [latest[p][0] for p in sample]
    results["snapshot_sql"] = summary(timed(lambda pk: snapshots([pk]), ids * 3))

    # The standardized report of one published version, in every format.
    plan_id = sample[0]
    key = [plan_id, latest[plan_id][1], latest[plan_id][2]]
    for name, repeat in (
        ("standard", 20),
        ("standard_xlsx", 10),
        ("standard_csv", 10),
        ("standard_pdf", 5),
    ):
        url = reverse(f"reporting_outputs:{name}", args=key)
        results[f"{name}_bytes"] = get(client, url)
        results[name] = summary(timed(lambda u: get(client, u), [url] * repeat))
    # The PDF above came from the store of laid-out versions; lay it out afresh too.
    report = OfficialReport.objects.get(pk=latest[plan_id][0])
    pdf_url = reverse("reporting_outputs:standard_pdf", args=key)

    def pdf_cold(url):
        default_storage.delete(outputs.pdf_path(report, get_language()))
        get(client, url)

    results["standard_pdf_cold"] = summary(timed(pdf_cold, [pdf_url] * 3))
    from weasyprint import HTML

    results["weasyprint_floor"] = summary(
        timed(lambda text: HTML(string=text).write_pdf(), ["<p>NAPtrack</p>"] * 5)
    )

    # The global compilation of the year of the latest reports.
    year = OfficialReport.objects.get(pk=ids[0]).cycle.period_end.year
    results["year"] = year
    for name, repeat in (("compilation", 3), ("compilation_csv", 3)):
        url = reverse(f"reporting_outputs:{name}", args=[year]) + "?dataset=synthetic"
        results[f"{name}_bytes"] = get(client, url)
        results[name] = summary(timed(lambda u: get(client, u), [url] * repeat))
    year_ids = list(
        OfficialReport.objects.filter(
            state=ReportState.PUBLISHED,
            cycle__plan__origin=Origin.SYNTHETIC,
            cycle__period_end__year=year,
            cycle__label=f"{year}-Q4",
        ).values_list("pk", flat=True)
    )
    results["compilation_reports"] = len(year_ids)
    results["compilation_sql"] = summary(timed(snapshots, [year_ids] * 3))
    return results


# ---- Reporting ---------------------------------------------------------------------------------


def row(name: str, result: dict, baseline: dict | None, note: str = "") -> str:
    ratio = f"{result['p50'] / baseline['p50']:.1f}×" if baseline and baseline["p50"] else ""
    return (
        f"| {name} | {result['n']} | {result['p50']:.1f} | {result['p95']:.1f} "
        f"| {baseline['p50']:.1f} | {ratio} | {note} |"
        if baseline
        else f"| {name} | {result['n']} | {result['p50']:.1f} | {result['p95']:.1f} | | | {note} |"
    )


def section(label: str, build_times: dict, r: dict, when: str, load: tuple) -> str:
    verdict = "yes" if r["dashboard"]["p95"] < P95_TARGET_MS else "**no**"
    kib = lambda n: f"{n / 1024:.0f} KiB"  # noqa: E731
    return "\n".join(
        [
            f"### {when} — {label}",
            "",
            f"- Machine: {throwaway.machine()}; Python {platform.python_version()}",
            f"- 1-minute load average: {load[0]} before, {load[1]} after",
            f"- Data: `generate_synthetic_data --plans {PLANS} --actions {ACTIONS} "
            f"--indicators {INDICATORS} --cycles {CYCLES} --published {PUBLISHED}` "
            f"in {build_times['generate_s']:.0f} s (migrate and reference data "
            f"{build_times['prepare_s']:.0f} s); {r['plans_with_reports']} plans with "
            "published reports",
            f"- Then `VACUUM ANALYZE` and a checkpoint (PostgreSQL) or `ANALYZE` and a WAL "
            f"checkpoint (SQLite): {r['settle_s']:.0f} s",
            "- Client: Django's test client in one process (whole middleware stack, no "
            "network, page cache off), DEBUG off",
            "",
            "| target | requests | p50 ms | p95 ms | baseline p50 ms | ratio | notes |",
            "|---|---:|---:|---:|---:|---:|---|",
            row(
                "dashboard (20 random plans)",
                r["dashboard"],
                r["snapshot_sql"],
                f"{r['dashboard_queries']} queries, {kib(r['dashboard_bytes'])}; "
                f"p95 < 200 ms: {verdict}",
            ),
            row(
                "standardized report HTML",
                r["standard"],
                r["snapshot_sql"],
                kib(r["standard_bytes"]),
            ),
            row(
                "standardized report PDF, laid out",
                r["standard_pdf_cold"],
                r["weasyprint_floor"],
                f"{kib(r['standard_pdf_bytes'])}; baseline: WeasyPrint, one-line page",
            ),
            row(
                "standardized report PDF, stored",
                r["standard_pdf"],
                r["snapshot_sql"],
                "each version is laid out once, then read from the media storage",
            ),
            row(
                "standardized report XLSX",
                r["standard_xlsx"],
                r["snapshot_sql"],
                kib(r["standard_xlsx_bytes"]),
            ),
            row(
                "standardized report CSV",
                r["standard_csv"],
                r["snapshot_sql"],
                kib(r["standard_csv_bytes"]),
            ),
            row(
                f"global compilation {r['year']} HTML",
                r["compilation"],
                r["compilation_sql"],
                f"{r['compilation_reports']} countries, {kib(r['compilation_bytes'])}; "
                "baseline: reading their snapshots in one query",
            ),
            row(
                f"global compilation {r['year']} CSV",
                r["compilation_csv"],
                r["compilation_sql"],
                kib(r["compilation_csv_bytes"]),
            ),
            "",
            "Baseline for the dashboard, HTML, XLSX and CSV: reading the same published "
            "snapshot in one query (decoded JSON), with no page around it.",
            "",
        ]
    )


def record(sections: list[str]) -> None:
    text = RESULTS.read_text()
    if MARKER not in text:
        text = text.rstrip("\n") + "\n\n## Reporting outputs at scale\n\n" + MARKER + "\n"
    head, tail = text.split(MARKER, 1)
    older = "\n" + tail.lstrip("\n") if tail.strip() else ""
    RESULTS.write_text(head + MARKER + "\n\n" + "\n".join(sections) + older)


def bench(label: str, env: dict, when: str) -> str:
    print(f"== {label}", flush=True)
    build_times = throwaway.build(env, SCALE)
    print("   measuring", flush=True)
    before = f"{os.getloadavg()[0]:.1f}"
    results = throwaway.measure_in_child(__file__, env)
    load = (before, f"{os.getloadavg()[0]:.1f}")
    print(json.dumps(results, indent=1), flush=True)
    return section(label, build_times, results, when, load)


def main() -> None:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = []
    with throwaway.sqlite("naptrack-bench-reporting-") as (folder, url):
        sections.append(bench("SQLite", environment(folder, url), when))
    pg_url = throwaway.postgres_url("BENCH_REPORTING_PG", PG_DEFAULT)
    with throwaway.postgres(pg_url) as url, tempfile.TemporaryDirectory() as folder:
        if url:
            sections.append(bench("PostgreSQL", environment(folder, url), when))
    if os.environ.get("BENCH_RECORD", "1") == "0":  # a trial run: print only
        print("\n".join(sections))
        return
    record(sections)
    print(f"Results written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    if "--measure" in sys.argv:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure()))
    else:
        main()
