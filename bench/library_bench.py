"""`make bench-library`: the document library's ingestion, index build and search speed.

For each database (SQLite always; PostgreSQL when BENCH_DATABASE_URL names a server, or
when one answers at 127.0.0.1:5432, on which a throw-away database is created and then
dropped) a child process builds a fresh instance in a temporary NAPTRACK_VAR_DIR
(migrate, load_reference_data) and measures, on a SYNTHETIC corpus it generates:

1. ingestion: PDFs built with reportlab go through the real pipeline (document_upload,
   the sandboxed reading process, pages, tables, search entries, analysis), timed beside
   raw pypdfium2 text extraction of the same files in the same process: pages per second
   for both, and their ratio;
2. index build: more synthetic pages are stored until the library holds
   BENCH_LIBRARY_SEARCH_PAGES pages (20,000), then search_index_rebuild() is timed;
3. search: a fixed list of queries, each run BENCH_LIBRARY_ROUNDS times through the
   search service (as an anonymous visitor, facets included): p50 and p95.

Every synthetic document is titled "SYNTHETIC benchmark document …" and lives only in the
throw-away database (bench/throwaway.py; BENCH_DATABASE_URL=off skips PostgreSQL). The
results are appended to docs/benchmarks.md (BENCH_RECORD=0: printed only). Never part of
the test suite.
"""

import argparse
import io
import json
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

import throwaway  # bench/throwaway.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Document library (`make bench-library`)"
DOCS = int(os.environ.get("BENCH_LIBRARY_DOCS", "40"))
PAGES_PER_DOC = int(os.environ.get("BENCH_LIBRARY_PAGES_PER_DOC", "25"))
SEARCH_PAGES = int(os.environ.get("BENCH_LIBRARY_SEARCH_PAGES", "20000"))
ROUNDS = int(os.environ.get("BENCH_LIBRARY_ROUNDS", "20"))
P95_TARGET_MS = 50.0
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
QUERIES = [
    "women",
    "peace security",
    '"sexual violence"',
    "secur*",
    "mediation OR dialogue",
    "budget -draft",
    "disarmament",
    "zephyrine",
    "société civile",
    "participación política",
    "Kenya",
    "monitoring indicators",
]
LANGUAGES = ("en", "fr", "es")


# Synthetic text --------------------------------------------------------------------------

WORDS = {
    "en": (
        "women peace security plan ministry defence police civil society organisations "
        "participation mediation dialogue budget allocated monitoring indicators report "
        "parliament sexual violence survivors refugees displaced climate training "
        "disarmament small arms youth leadership justice protection prevention recovery "
        "national action resolution implementation agency coordination the of and to in "
        "for with on by will shall each year progress review"
    ).split(),
    "fr": (
        "femmes paix sécurité plan ministère défense police société civile participation "
        "médiation dialogue budget alloué suivi indicateurs rapport parlement violences "
        "sexuelles survivantes réfugiées déplacées climat formation désarmement armes "
        "jeunes leadership justice protection prévention relèvement national action la le "
        "les de des et pour avec chaque année"
    ).split(),
    "es": (
        "mujeres paz seguridad plan ministerio defensa policía sociedad civil participación "
        "política mediación diálogo presupuesto asignado seguimiento indicadores informe "
        "congreso violencia sexual sobrevivientes refugiadas desplazadas clima formación "
        "desarme armas jóvenes liderazgo justicia protección prevención nacional acción la "
        "el los de y para con cada año"
    ).split(),
}


def page_text(rng: random.Random, language: str, words: int = 260) -> str:
    vocabulary = WORDS[language]
    picked = [rng.choice(vocabulary) for _ in range(words)]
    if rng.random() < 0.01:
        picked[rng.randrange(words)] = "zephyrine"  # a rare word: about 1% of pages
    sentences = [" ".join(picked[i : i + 13]).capitalize() + "." for i in range(0, words, 13)]
    return " ".join(sentences)


def build_pdf(rng: random.Random, language: str, number: int, pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"SYNTHETIC benchmark document {number}")
    for page in range(pages):
        text = pdf.beginText(56, 790)
        text.setFont("Helvetica", 9)
        text.textLine(f"SYNTHETIC benchmark document {number}, page {page + 1}")
        words = page_text(rng, language).split()
        for start in range(0, len(words), 14):
            text.textLine(" ".join(words[start : start + 14]))
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# The child: one database -------------------------------------------------------------------


def child(database_url: str, var_dir: str, output: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        NAPTRACK_VAR_DIR=var_dir,
        NAPTRACK_TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        NAPTRACK_LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    setup_seconds = time.perf_counter() - started
    rng = random.Random(1325)  # noqa: S311 (synthetic text, not secrets)
    results = {
        "database": connection.vendor,
        "server_version": server_version(connection),
        "setup_seconds": setup_seconds,
    }
    results.update(measure_ingestion(rng, Path(var_dir)))
    results.update(measure_index(rng))
    results.update(measure_search())
    Path(output).write_text(json.dumps(results))


def server_version(connection) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def uploader(plan):
    """A coordinator of the plan's country: the pipeline checks who uploads."""
    from naptrack.accounts.choices import Role
    from naptrack.accounts.models import Membership, User

    user, _ = User.objects.get_or_create(email=f"bench-{plan.country.iso3.lower()}@example.org")
    Membership.objects.get_or_create(user=user, role=Role.COORDINATOR, country=plan.country)
    return user


def bench_plans():
    from naptrack.registry.choices import Publication
    from naptrack.registry.models import ActionPlan

    return list(
        ActionPlan.objects.filter(publication=Publication.PUBLISHED, country__isnull=False)
        .select_related("country")
        .order_by("pk")
    )


def measure_ingestion(rng: random.Random, var_dir: Path) -> dict:
    import pypdfium2
    from django.core.files.uploadedfile import SimpleUploadedFile

    from naptrack.library.choices import IngestionStatus
    from naptrack.library.services.upload import document_upload

    files = [
        (LANGUAGES[n % 3], build_pdf(rng, LANGUAGES[n % 3], n, PAGES_PER_DOC)) for n in range(DOCS)
    ]
    raw_pages, started = 0, time.perf_counter()
    for _language, data in files:
        pdf = pypdfium2.PdfDocument(data)
        for page in pdf:
            page.get_textpage().get_text_bounded()
            raw_pages += 1
        pdf.close()
    raw_seconds = time.perf_counter() - started

    plans = bench_plans()
    users = {plan.pk: uploader(plan) for plan in plans[:DOCS]}
    pipeline_pages, started = 0, time.perf_counter()
    for number, (language, data) in enumerate(files):
        plan = plans[number % len(plans)]
        document = document_upload(
            actor=users.get(plan.pk) or uploader(plan),
            upload=SimpleUploadedFile(f"synthetic-{number}.pdf", data, "application/pdf"),
            title=f"SYNTHETIC benchmark document {number}",
            language=language,
            kind="plan",
            plan=plan,
            year=2000 + number % 25,
        )
        if document.status != IngestionStatus.DONE:
            raise SystemExit(f"Document {number} was not read: {document.status} {document.error}")
        pipeline_pages += document.pages_total
    pipeline_seconds = time.perf_counter() - started
    return {
        "ingest_documents": DOCS,
        "ingest_pages": pipeline_pages,
        "pipeline_seconds": pipeline_seconds,
        "pipeline_pages_per_second": pipeline_pages / pipeline_seconds,
        "raw_pages": raw_pages,
        "raw_seconds": raw_seconds,
        "raw_pages_per_second": raw_pages / raw_seconds,
    }


def measure_index(rng: random.Random) -> dict:
    """Stores synthetic pages (no files: the index reads stored pages) up to the target,
    then times a full rebuild of the search index."""
    from django.db import connection, transaction

    from naptrack.library.models import Document, DocumentPage
    from naptrack.library.services.search_index import search_index_rebuild

    plans = bench_plans()
    missing = SEARCH_PAGES - DocumentPage.objects.count()
    per_document, number = 50, DOCS
    with transaction.atomic():
        while missing > 0:
            pages = min(per_document, missing)
            language = LANGUAGES[number % 3]
            document = Document.objects.create(
                plan=plans[number % len(plans)],
                kind="plan",
                title=f"SYNTHETIC benchmark document {number}",
                language=language,
                year=2000 + number % 25,
                file=f"library/synthetic-{number}.pdf",
                original_name=f"synthetic-{number}.pdf",
                file_format="pdf",
                size_bytes=1,
                sha256="0" * 64,
                status="done",
                pages_total=pages,
                pages_done=pages,
            )
            DocumentPage.objects.bulk_create(
                DocumentPage(document=document, number=n + 1, text=page_text(rng, language))
                for n in range(pages)
            )
            missing -= pages
            number += 1
    started = time.perf_counter()
    counts = search_index_rebuild()
    seconds = time.perf_counter() - started
    # Planner statistics, as autovacuum (PostgreSQL) would gather them within a minute of
    # a bulk load; without them PostgreSQL plans the searches for nearly empty tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "index_seconds": seconds,
        "index_pages": counts["pages"],
        "index_plans": counts["plans"],
    }


def measure_search() -> dict:
    from django.contrib.auth.models import AnonymousUser

    from naptrack.library.search import search

    visitor = AnonymousUser()
    for query in QUERIES:  # warm caches and the lazy plan-record refresh
        search(visitor, query)
    per_query, everything = {}, []
    for query in QUERIES:
        timings, results = [], None
        for _ in range(ROUNDS):
            started = time.perf_counter()
            results = search(visitor, query)
            timings.append((time.perf_counter() - started) * 1000)
        hits = {"hits": results.total, "capped": results.capped}
        per_query[query] = {**hits, **percentiles(timings)}
        everything += timings
    return {"search": per_query, "search_all": percentiles(everything)}


def percentiles(timings: list[float]) -> dict:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {"p50": statistics.median(timings), "p95": cuts[94], "n": len(timings)}


# The parent: databases, report ---------------------------------------------------------------


def postgres_url() -> str | None:
    """A new database's URL on the server BENCH_DATABASE_URL names (else the local one)."""
    server = os.environ.get("BENCH_DATABASE_URL") or LOCAL_POSTGRES
    if server in throwaway.OFF:
        return None
    parts = urllib.parse.urlsplit(server)
    name = f"naptrack_library_bench_{secrets.token_hex(4)}"
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def run_child(var_dir: Path, database_url: str) -> dict:
    output = var_dir / "results.json"
    command = [sys.executable, __file__, "--child", database_url, str(var_dir), str(output)]
    subprocess.run(command, check=True, cwd=ROOT, timeout=1800)
    return json.loads(output.read_text())


def measured(database_url: str | None, var_dir: Path, when: str) -> str | None:
    if not database_url:
        return None
    before = os.getloadavg()[0]
    results = run_child(var_dir, database_url)
    text = section(results, when, (before, os.getloadavg()[0]))
    print(text, flush=True)
    return text


def machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    return f"{os.cpu_count()} CPUs{memory}, Python {platform.python_version()}"


def section(results: dict, when: str, load: tuple[float, float]) -> str:
    database = "SQLite" if results["database"] == "sqlite" else "PostgreSQL"
    ratio = results["pipeline_pages_per_second"] / results["raw_pages_per_second"]
    overall = results["search_all"]
    lines = [
        f"### {when} — {database}",
        "",
        f"- Machine: {machine()}; {results['server_version']}",
        f"- 1-minute load average: {load[0]:.1f} before, {load[1]:.1f} after",
        "- Command: `make bench-library` "
        f"(BENCH_LIBRARY_DOCS={DOCS}, BENCH_LIBRARY_PAGES_PER_DOC={PAGES_PER_DOC}, "
        f"BENCH_LIBRARY_SEARCH_PAGES={SEARCH_PAGES}, BENCH_LIBRARY_ROUNDS={ROUNDS})",
        "- Corpus: SYNTHETIC (generated text in English, French and Spanish)",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| ingestion, real pipeline | {results['ingest_pages']} pages in "
        f"{results['pipeline_seconds']:.1f} s: **{results['pipeline_pages_per_second']:.1f}"
        " pages/s** |",
        f"| raw pypdfium2 text, same files | {results['raw_pages']} pages in "
        f"{results['raw_seconds']:.2f} s: **{results['raw_pages_per_second']:.0f} pages/s** |",
        f"| ratio pipeline / raw | {ratio:.1%} |",
        f"| search index build ({results['index_pages']} pages, {results['index_plans']} "
        f"plan records) | {results['index_seconds']:.1f} s |",
        f"| search, all queries: p50 / p95 | {overall['p50']:.1f} ms / {overall['p95']:.1f} ms"
        f" ({'meets' if overall['p95'] < P95_TARGET_MS else '**misses**'} p95 < 50 ms) |",
        "",
        "| query | hits | p50 ms | p95 ms | p95 < 50 ms |",
        "|---|---:|---:|---:|---|",
    ]
    for query, numbers in results["search"].items():
        meets = "yes" if numbers["p95"] < P95_TARGET_MS else "**no**"
        shown = query.replace("|", "\\|")
        hits = f"more than {numbers['hits']}" if numbers.get("capped") else numbers["hits"]
        lines.append(
            f"| `{shown}` | {hits} | {numbers['p50']:.1f} | {numbers['p95']:.1f} | {meets} |"
        )
    return "\n".join(lines) + "\n"


METHOD = f"""
{SECTION}

`bench/library_bench.py` measures the document library on a **synthetic** corpus in a
throw-away database (see the script's docstring for every step): ingestion through the
real pipeline (upload, sandboxed reading, pages, tables, search entries, analysis) against
raw pypdfium2 text extraction of the same PDFs in the same process, the time to rebuild
the search index over 20,000 pages (followed by `ANALYZE`, as autovacuum would run after a
bulk load), and the search service's p50 / p95 over a fixed list of queries (anonymous
visitor, facets included; "more than 1000" hits when the search is capped, see
[library.md](library.md#search)). Target: search p95 under 50 ms. Runs append below,
oldest first; `BENCH_RECORD=0` prints without recording.
"""


FINDINGS = "### Findings (document library)"


def append_results(sections: list[str]) -> None:
    """After the section's last run: before its findings, or the next section."""
    text = RESULTS.read_text()
    if SECTION not in text:
        text = text.rstrip("\n") + "\n" + METHOD
    head, body = text.split(SECTION, 1)
    ends = [body.find(mark) for mark in (FINDINGS, "\n## ") if mark in body]
    end = min(ends) if ends else len(body)
    runs, rest = body[:end].rstrip("\n"), body[end:].lstrip("\n")
    joined = runs + "\n\n" + "\n".join(sections)
    RESULTS.write_text(head + SECTION + joined + ("\n" + rest if rest else ""))


def main() -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print("== sqlite", flush=True)
    with throwaway.sqlite("naptrack-library-bench-") as (folder, url):
        sections = [measured(url, folder, when)]
    print("== postgresql", flush=True)
    with (
        throwaway.postgres(postgres_url()) as url,
        tempfile.TemporaryDirectory(prefix="naptrack-library-bench-") as folder,
    ):
        sections.append(measured(url, Path(folder), when))
    if os.environ.get("BENCH_RECORD", "1") == "0":  # a trial run: printed only
        return
    append_results([text for text in sections if text])
    print(f"Appended to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", nargs=3, metavar=("DATABASE_URL", "VAR_DIR", "OUTPUT"))
    arguments = parser.parse_args()
    if arguments.child:
        child(*arguments.child)
    else:
        main()
