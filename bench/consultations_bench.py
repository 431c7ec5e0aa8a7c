"""`python bench/consultations_bench.py`: a SYNTHETIC consultation with 20,000 inputs.

On a throw-away SQLite instance (and PostgreSQL when BENCH_CONSULTATIONS_PG names a
server; off by default), this migrates, then in one Django process builds a synthetic
draft plan (every text says SYNTHETIC; the instance is dropped after the run) with 10
objectives of 5 actions,
a consultation with 3 questions, 20,000 inputs (BENCH_INPUTS): 14,000 online comments
spread over the parts and 6,000 offline points in 200 facilitators' records, two thirds
of them answered. It then times, through Django's test client as the plan's coordinator
(every middleware included), the consultation page, the report page (first page of 100
inputs) and the report page filtered to one action, BENCH_REPEAT times each; and the
XLSX and PDF of the full report once. Results go to docs/benchmarks.md. Never a test.
"""

import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import throwaway  # bench/throwaway.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- consultations bench: bench/consultations_bench.py inserts new runs below -->"
INPUTS = int(os.environ.get("BENCH_INPUTS", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
OUTPUTS = os.environ.get("BENCH_OUTPUTS", "xlsx")  # "xlsx,pdf" to lay out the PDF too


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "max": ordered[-1],
    }


# ---- The synthetic consultation, inside Django --------------------------------------------


def build_consultation():
    """Bulk-created rows: this is a synthetic dataset, not a workflow to check."""
    from django.utils import timezone

    from naptrack.accounts.choices import Role
    from naptrack.accounts.models import Membership, User
    from naptrack.consultations.models import (
        Comment,
        CommentAnswer,
        Consultation,
        InputSession,
        ParticipantCount,
        Question,
    )
    from naptrack.plans.models import Action, Objective, PlanPillar
    from naptrack.registry.models import ActionPlan, Country

    kenya = Country.objects.get(iso3="KEN")
    plan = ActionPlan.objects.create(
        country=kenya,
        title="SYNTHETIC benchmark plan (not a real plan)",
        status="drafting",
        # Not origin "synthetic": no page shows such plans, so the pages could not be
        # timed. The instance is thrown away after the run, the plan stays a draft only
        # its coordinator sees, and every title and text says SYNTHETIC.
        publication="draft",
    )
    pillar = PlanPillar.objects.create(plan=plan, name="SYNTHETIC pillar", position=1)
    actions = []
    for o in range(1, 11):
        objective = Objective.objects.create(
            plan=plan, pillar=pillar, code=str(o), title=f"SYNTHETIC objective {o}", position=o
        )
        actions += [
            Action.objects.create(
                plan=plan,
                objective=objective,
                code=f"{o}.{a}",
                title=f"SYNTHETIC action {o}.{a}",
                position=a,
            )
            for a in range(1, 6)
        ]
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        plan=plan,
        title="SYNTHETIC consultation of 20,000 inputs",
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today,
        languages=["en", "sw"],
        state="closed",
        opened_at=timezone.now(),
        closed_at=timezone.now(),
    )
    questions = [
        Question.objects.create(
            consultation=consultation, text=f"SYNTHETIC question {n}", position=n
        )
        for n in range(1, 4)
    ]
    offline = INPUTS * 3 // 10
    sessions = InputSession.objects.bulk_create(
        InputSession(
            consultation=consultation,
            kind="meeting",
            held_on=today - datetime.timedelta(days=n % 50),
            district=f"SYNTHETIC district {n % 20}",
            language="sw",
        )
        for n in range(200)
    )
    ParticipantCount.objects.bulk_create(
        ParticipantCount(session=s, sex=sex, age_band=band, count=3)
        for s in sessions
        for sex in ("woman", "man")
        for band in ("18_35", "36_59")
    )
    comments = []
    for n in range(INPUTS):
        part = {}
        if n % 4 == 0:
            part = {"action": actions[n % len(actions)]}
        elif n % 4 == 1:
            part = {"question": questions[n % 3]}
        elif n % 4 == 2:
            part = {"objective": actions[n % len(actions)].objective}
        session = sessions[n % 200] if n < offline else None
        comments.append(
            Comment(
                consultation=consultation,
                text=f"SYNTHETIC input {n}: words of a participant, invented for the benchmark.",
                identity="anonymous",
                channel="offline" if session else "web",
                session=session,
                part_label="SYNTHETIC",
                **part,
            )
        )
    Comment.objects.bulk_create(comments, batch_size=2000)
    answered = Comment.objects.filter(consultation=consultation).order_by("pk")[: INPUTS * 2 // 3]
    CommentAnswer.objects.bulk_create(
        (
            CommentAnswer(
                comment=c,
                outcome=("accepted", "partly", "not_accepted")[c.pk % 3],
                text="SYNTHETIC answer.",
                action=actions[c.pk % len(actions)] if c.pk % 3 != 2 else None,
                answered_at=timezone.now(),
            )
            for c in answered
        ),
        batch_size=2000,
    )
    coordinator = User.objects.create(email="synthetic.coordinator@example.invalid")
    coordinator.display_name = "SYNTHETIC coordinator"
    coordinator.save()
    Membership.objects.create(user=coordinator, role=Role.COORDINATOR, country=kenya)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=coordinator, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    return consultation, coordinator, actions[0]


def refresh_planner_statistics() -> None:
    """PostgreSQL's autovacuum analyses a table soon after a bulk insert; a bench that
    measures straight after inserting 20,000 rows would time plans made without any
    statistics, which a live database never runs for long. SQLite keeps no statistics
    unless asked (Django never runs ANALYZE there), so it is measured as deployed."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(client, url: str) -> list[float]:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def measure() -> dict:
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    consultation, coordinator, action = build_consultation()
    build_s = time.perf_counter() - started
    refresh_planner_statistics()
    client = Client()
    client.force_login(coordinator)
    pk = consultation.pk
    detail = reverse("consultations:detail", args=[pk])
    report = reverse("consultations:report_page", args=[pk])
    page = client.get(detail)
    if os.environ.get("BENCH_PROFILE"):  # where a page's time goes, for a developer
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, detail)
        with open(os.environ["BENCH_PROFILE"], "w") as out:
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
        return {}
    results = {
        "inputs": consultation.comments.count(),
        "build_s": build_s,
        "page_bytes": len(page.content),
        "page": summary(timed(client, detail)),
        "report": summary(timed(client, report)),
        "report_one_action": summary(timed(client, f"{report}?action={action.pk}")),
    }
    for kind in OUTPUTS.split(","):
        url = reverse(f"consultations:report_{kind}", args=[pk])
        started = time.perf_counter()
        response = client.get(url)
        results[f"{kind}_s"] = time.perf_counter() - started
        results[f"{kind}_bytes"] = len(response.content)
    return results


# ---- Recording ------------------------------------------------------------------------------


def record(database: str, result: dict) -> None:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### {now} — {database}",
        "",
        f"`python bench/consultations_bench.py` (BENCH_INPUTS={INPUTS}, BENCH_REPEAT={REPEAT});"
        f" {throwaway.machine()}; Python {platform.python_version()}. SYNTHETIC data.",
        "",
        f"{result['inputs']} inputs built in {result['build_s']:.1f} s. Consultation page "
        f"{result['page_bytes'] / 1024:.0f} KiB uncompressed.",
        "",
        "| request | n | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
    ]
    for name, key in (
        ("consultation page", "page"),
        ("report page (first 100 inputs)", "report"),
        ("report page, one action's inputs", "report_one_action"),
    ):
        r = result[key]
        lines.append(f"| {name} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} |")
    for kind in OUTPUTS.split(","):
        lines.append(
            f"| full report {kind.upper()} ({result[f'{kind}_bytes'] / 1024:.0f} KiB), once "
            f"| 1 | {result[f'{kind}_s'] * 1000:.0f} | | |"
        )
    lines.append("")
    text = RESULTS.read_text()
    if MARKER not in text:
        text += f"\n## Consultations at scale (`python bench/consultations_bench.py`)\n\n{MARKER}\n"
    RESULTS.write_text(text.replace(MARKER, MARKER + "\n\n" + "\n".join(lines), 1))
    print("\n".join(lines))


def environment(var_dir, database_url: str) -> dict:
    return throwaway.environment(
        var_dir,
        database_url,
        NAPTRACK_ALLOWED_HOSTS="testserver,127.0.0.1",
        NAPTRACK_PUBLIC_CACHE_SECONDS="0",  # every request renders its page
        NAPTRACK_PERSONAL_CACHE_SECONDS="0",
    )


def main() -> None:
    if "--measure" in sys.argv:
        print(json.dumps(measure()))
        return
    with throwaway.sqlite("naptrack-bench-consultations-") as (folder, url):
        env = environment(folder, url)
        throwaway.manage(env, "migrate", "--noinput")
        throwaway.manage(env, "load_reference_data")
        record("SQLite", throwaway.measure_in_child(__file__, env))
    pg = throwaway.postgres_url("BENCH_CONSULTATIONS_PG", "")
    with throwaway.postgres(pg) as pg_url:
        if pg_url:
            with throwaway.sqlite("naptrack-bench-consultations-pg-") as (folder, _url):
                env = environment(folder, pg_url)
                throwaway.manage(env, "migrate", "--noinput")
                throwaway.manage(env, "load_reference_data")
                record("PostgreSQL", throwaway.measure_in_child(__file__, env))


if __name__ == "__main__":
    main()
