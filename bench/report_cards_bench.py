"""`make bench-report-cards`: recompute every report card on the synthetic scale dataset.

For each database (SQLite always; PostgreSQL too when BENCH_REPORT_CARDS_PG names a server
or the default 127.0.0.1:5432 answers) this builds a throw-away instance (migrate,
load_reference_data, generate_synthetic_data at full scale), then, in one Django process:

- recomputes every plan's card, one plan at a time, as `recompute_report_cards` does (the
  first run writes a card for each plan), timing each plan;
- runs it again: nothing changed, so no card is written (the idempotent periodic run);
- as the baseline, per plan, reads the rows the method reads with raw SQL (the structure
  counts and sums, and the published snapshots, decoded) in the same process.

Results go to docs/benchmarks.md, below this benchmark's marker. Never run as a test.
"""

import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import throwaway  # bench/throwaway.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- report cards bench: bench/report_cards_bench.py inserts new runs below this line -->"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/naptrack_bench_report_cards"
SCALE = {
    "plans": os.environ.get("BENCH_PLANS", "200"),
    "actions": os.environ.get("BENCH_ACTIONS", "100"),
    "indicators": os.environ.get("BENCH_INDICATORS", "5"),
    "cycles": os.environ.get("BENCH_CYCLES", "20"),
    "published": os.environ.get("BENCH_PUBLISHED", "4"),
}


# ---- Measuring, inside Django ---------------------------------------------------------------

BASELINE_COUNTS = """
SELECT
  (SELECT COUNT(*) FROM plans_action WHERE plan_id = %(plan)s),
  (SELECT COUNT(*) FROM plans_indicator WHERE plan_id = %(plan)s),
  (SELECT COUNT(*) FROM plans_responsibility r JOIN plans_action a ON a.id = r.action_id
    WHERE a.plan_id = %(plan)s),
  (SELECT SUM(b.amount) FROM plans_budgetline b JOIN plans_action a ON a.id = b.action_id
    WHERE a.plan_id = %(plan)s)
"""
BASELINE_SNAPSHOTS = """
SELECT r.snapshot FROM reporting_officialreport r
JOIN reporting_reportingcycle c ON c.id = r.cycle_id
WHERE c.plan_id = %(plan)s AND r.state = 'published'
"""


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "n": len(times),
        "p50": statistics.median(ordered) if ordered else 0.0,
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else 0.0,
        "mean": statistics.fmean(ordered) if ordered else 0.0,
        "total_s": sum(ordered) / 1000,
    }


def baseline(connection, plan_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_COUNTS, {"plan": plan_id})
        cursor.fetchone()
        cursor.execute(BASELINE_SNAPSHOTS, {"plan": plan_id})
        for (snapshot,) in cursor.fetchall():
            if isinstance(snapshot, str):  # SQLite returns text, psycopg decoded JSON
                json.loads(snapshot)


def timed_per_plan(fn, plans) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for plan in plans:
        started = time.perf_counter()
        fn(plan)
        times.setdefault(plan.origin, []).append((time.perf_counter() - started) * 1000)
    return times


def measure() -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from naptrack.registry.models import ActionPlan
    from naptrack.report_cards.models import ReportCard
    from naptrack.report_cards.services import report_card_recompute

    plans = list(ActionPlan.objects.order_by("pk"))
    created = []

    def recompute(plan):
        created.append(report_card_recompute(plan=plan, channel="command"))

    started = time.perf_counter()
    first = timed_per_plan(recompute, plans)
    first_total = time.perf_counter() - started
    written = sum(1 for card in created if card is not None)
    created.clear()
    again = timed_per_plan(recompute, plans)
    rewritten = sum(1 for card in created if card is not None)
    base = timed_per_plan(lambda plan: baseline(connection, plan.pk), plans)
    synthetic = next(p for p in plans if p.origin == "synthetic")
    with CaptureQueriesContext(connection) as queries:
        report_card_recompute(plan=synthetic)
    graded = ReportCard.objects.filter(is_current=True, plan__origin="synthetic")
    return {
        "plans": len(plans),
        "by_origin": {origin: len(times) for origin, times in first.items()},
        "first": {origin: summary(times) for origin, times in first.items()},
        "first_total_s": first_total,
        "again": {origin: summary(times) for origin, times in again.items()},
        "baseline": {origin: summary(times) for origin, times in base.items()},
        "written": written,
        "rewritten": rewritten,
        "queries_per_plan": len(queries),
        "synthetic_grades": {
            "design": sorted(set(graded.values_list("design_grade", flat=True))),
            "implementation": sorted(set(graded.values_list("implementation_grade", flat=True))),
        },
    }


# ---- Recording ------------------------------------------------------------------------------


def row(name: str, result: dict, base: dict | None, note: str = "") -> str:
    ratio = f"{result['p50'] / base['p50']:.0f}×" if base and base["p50"] else ""
    base_p50 = f"{base['p50']:.2f}" if base else ""
    return (
        f"| {name} | {result['n']} | {result['p50']:.1f} | {result['p95']:.1f} "
        f"| {result['total_s']:.1f} | {base_p50} | {ratio} | {note} |"
    )


def grades(r: dict, dimension: str) -> str:
    found = r["synthetic_grades"][dimension]
    return ", ".join(letter or "insufficient information" for letter in found) or "none"


def section(label: str, build_times: dict, r: dict, when: str, load: tuple) -> str:
    scale = " ".join(f"--{k} {v}" for k, v in SCALE.items())
    lines = [
        f"### {when} — {label}",
        "",
        f"- Machine: {throwaway.machine()}; Python {platform.python_version()}",
        f"- 1-minute load average: {load[0]} before, {load[1]} after",
        f"- Data: `generate_synthetic_data {scale}` in {build_times['generate_s']:.0f} s "
        f"(migrate and reference data {build_times['prepare_s']:.0f} s); {r['plans']} plans "
        f"({', '.join(f'{n} {o}' for o, n in sorted(r['by_origin'].items()))})",
        f"- Command: `make bench-report-cards`; one process, "
        f"`report_card_recompute` per plan as `recompute_report_cards` runs it; "
        f"{r['queries_per_plan']} queries per synthetic plan",
        f"- First run: {r['written']} cards written in {r['first_total_s']:.1f} s; second run: "
        f"{r['rewritten']} written (inputs unchanged)",
        f"- Synthetic plans' grades: design {grades(r, 'design')}; implementation "
        f"{grades(r, 'implementation')}",
        "",
        "| run | plans | p50 ms / plan | p95 ms / plan | total s | baseline p50 ms | ratio | "
        "notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for origin in sorted(r["first"]):
        base = r["baseline"][origin]
        lines.append(row(f"first, {origin} plans", r["first"][origin], base, "writes a card"))
        lines.append(row(f"again, {origin} plans", r["again"][origin], base, "writes nothing"))
    lines += [
        "",
        "Baseline: the same plan's structure counts and budget sum, and its published "
        "snapshots decoded, read with two raw SQL queries in the same process.",
        "",
    ]
    return "\n".join(lines)


def record(sections: list[str]) -> None:
    text = RESULTS.read_text()
    if MARKER not in text:
        text = text.rstrip("\n") + "\n\n## Report cards at scale\n\n" + MARKER + "\n"
    head, tail = text.split(MARKER, 1)
    RESULTS.write_text(head + MARKER + "\n\n" + "\n".join(sections) + tail.lstrip("\n"))


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
    with throwaway.sqlite("naptrack-bench-report-cards-") as (folder, url):
        sections.append(bench("SQLite", throwaway.environment(folder, url), when))
    pg_url = throwaway.postgres_url("BENCH_REPORT_CARDS_PG", PG_DEFAULT)
    with throwaway.postgres(pg_url) as url, tempfile.TemporaryDirectory() as folder:
        if url:
            sections.append(bench("PostgreSQL", throwaway.environment(folder, url), when))
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
