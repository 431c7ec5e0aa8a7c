"""`make bench`: load-test the public pages on a production server, against static files.

For each database (SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set) this
builds a throw-away instance (migrate, load_reference_data, collectstatic), serves it with
gunicorn (2 workers) and production settings on 127.0.0.1, and drives each target with
ApacheBench at 16 concurrent clients. Every dynamic page is paired with a static file of
the same byte size served by the same gunicorn through whitenoise: the baseline. Results
go to docs/benchmarks.md (newest run first). See docs/benchmarks.md for the method.
"""

import csv
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- bench results: bench/run.py inserts new runs below this line -->"
CLIENTS = 16
WORKERS = 2
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
TIME_LIMIT = int(os.environ.get("BENCH_TIME_LIMIT", "30"))  # seconds per target, at most
WARMUP = 50
P95_TARGET_MS = 50.0  # public pages (served from the public cache)
SIGNED_IN_P95_TARGET_MS = 100.0  # signed-in pages: rendered afresh on every request
RATIO_TARGET = 0.30
# BENCH_ONLY=signed-in measures only the signed-in targets, BENCH_ONLY=public only the
# public ones; unset or empty, both.
ONLY = os.environ.get("BENCH_ONLY", "")
if ONLY not in ("", "signed-in", "public"):
    sys.exit(f"BENCH_ONLY={ONLY!r}: use signed-in, public or leave it unset")


@dataclass
class Target:
    name: str
    path: str
    size: int = 0
    static_path: str = ""
    note: str = ""  # why it could not be measured, when it could not
    cookie: str = ""  # session and CSRF cookies: the page as the signed-in bench user sees it

    @property
    def p95_target(self) -> float:
        return SIGNED_IN_P95_TARGET_MS if self.cookie else P95_TARGET_MS


@dataclass
class Result:
    completed: int
    failed: int
    seconds: float
    rps: float
    p50: float
    p95: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@contextmanager
def gunicorn(env: dict, log: Path):
    port = free_port()
    command = [
        str(Path(PYTHON).with_name("gunicorn")),
        "config.wsgi:application",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    with log.open("ab") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        wait_until_up(server, port, log)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited early; its log:\n{log.read_text()[-3000:]}")
        try:
            fetch(port, "/")
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within 60 s; its log:\n{log.read_text()[-3000:]}")


def kenya_plan_path(port: int) -> str | None:
    status, body = fetch(port, "/countries/KEN/")
    match = re.search(rb'href="(/plans/\d+/)"', body) if status == 200 else None
    return match.group(1).decode() if match else None


def signed_in_targets(env: dict, plan_path: str | None) -> list[Target]:
    """The pages people who work in NAPtrack use, as a coordinator, agency reporter and
    civil-society member of Kenya (bench/signed_in.py creates that user and signs it in)."""
    plan = re.search(r"/plans/(\d+)/", plan_path or "")
    if not plan:
        return [Target("signed in", "", note="not available (no Kenya plan)")]
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "signed_in.py"), plan.group(1)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        sys.exit(f"bench/signed_in.py failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    user = json.loads(done.stdout.strip().splitlines()[-1])
    pages = [
        ("home", "/"),
        ("plan (Kenya)", f"/plans/{user['plan']}/"),
        ("structure (Kenya)", f"/plans/{user['plan']}/structure/"),
        ("plan reporting (Kenya)", f"/plans/{user['plan']}/reporting/"),
        ("my reporting", "/reporting/"),
        (
            "shadow report editor",
            f"/shadow-reports/{user['shadow_report']}/edit/",
        ),
        ("My work", "/me/"),
    ]
    return [Target(f"{name}, signed in", path, cookie=user["cookie"]) for name, path in pages]


def discover(port: int, env: dict) -> list[Target]:
    """The targets, each with its byte size; a target that does not answer 200 is noted."""
    plan_path = kenya_plan_path(port)
    public = [
        Target("home", "/"),
        Target("registry list", "/plans/"),
        Target("country (Kenya)", "/countries/KEN/"),
        Target("plan (Kenya)", plan_path or ""),
        Target("API plan list", "/api/v1/plans"),
    ]
    targets = [] if ONLY == "signed-in" else public
    if ONLY != "public":
        targets += signed_in_targets(env, plan_path)
    for target in targets:
        if not target.path:
            target.note = target.note or "not available (no Kenya plan link on /countries/KEN/)"
            continue
        status, body = fetch(port, target.path, target.cookie)
        if status == 200:
            target.size = len(body)
        else:
            target.note = f"not available (HTTP {status})"
    return targets


def write_static_twins(static_root: Path, targets: list[Target]) -> None:
    """A static file of each page's byte size: the baseline for that page."""
    folder = static_root / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    filler = b"<!-- synthetic benchmark file: same byte size as a NAPtrack page -->\n"
    for number, target in enumerate(t for t in targets if t.size):
        suffix = ".json" if target.path.startswith("/api/") else ".html"
        name = f"twin-{number}{suffix}"
        (folder / name).write_bytes((filler * (target.size // len(filler) + 1))[: target.size])
        target.static_path = f"/static/bench/{name}"


def ab(port: int, path: str, workdir: Path, cookie: str = "") -> Result:
    percentiles = workdir / "percentiles.csv"
    url = f"http://127.0.0.1:{port}{path}"
    # -C sends the session and CSRF cookies: a signed-in user never gets the public page
    # cache; a repeat view is served from the personal one (decision 0010).
    session = ["-C", cookie] if cookie else []
    warmup = ["ab", "-q", "-l", *session, "-c", str(CLIENTS), "-n", str(WARMUP), url]
    subprocess.run(warmup, check=True, capture_output=True, timeout=120)
    # -t before -n: ab stops at whichever of the two limits comes first.
    command = ["ab", "-q", "-l", *session, "-s", "30", "-c", str(CLIENTS), "-t", str(TIME_LIMIT)]
    command += ["-n", str(REQUESTS), "-e", str(percentiles), url]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, timeout=TIME_LIMIT + 120
    ).stdout
    with percentiles.open() as handle:
        table = {int(row[0]): float(row[1]) for row in csv.reader(handle) if row[0].isdigit()}

    def number(label: str) -> float:
        match = re.search(rf"^{label}:\s+([\d.]+)", output, re.MULTILINE)
        return float(match.group(1)) if match else 0.0

    return Result(
        completed=int(number("Complete requests")),
        failed=int(number("Failed requests") + number("Non-2xx responses")),
        seconds=number("Time taken for tests"),
        rps=number("Requests per second"),
        p50=table[50],
        p95=table[95],
    )


def prepare(env: dict) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    manage(env, "collectstatic", "--noinput")


def bench_database(label: str, env: dict, workdir: Path, when: str) -> str:
    """Prepare, serve and load-test one database; its section of docs/benchmarks.md."""
    print(f"== {label}: migrate, load_reference_data, collectstatic", flush=True)
    prepare(env)
    log = workdir / "gunicorn.log"
    with gunicorn(env, log) as port:
        targets = discover(port, env)
    write_static_twins(Path(env["NAPTRACK_STATIC_ROOT"]), targets)
    rows, before = [], load_average()
    with gunicorn(env, log) as port:  # restarted so whitenoise sees the new files
        for target in targets:
            if target.note:
                print(f"   {target.name}: {target.note}", flush=True)
                rows.append((target, None, None))
                continue
            page = ab(port, target.path, workdir, target.cookie)
            static = ab(port, target.static_path, workdir)
            print(
                f"   {target.name}: {page.rps:.0f} req/s, p95 {page.p95:.1f} ms; "
                f"static twin {static.rps:.0f} req/s, p95 {static.p95:.1f} ms",
                flush=True,
            )
            rows.append((target, page, static))
    return section(label, rows, when, (before, load_average()))


def base_env(workdir: Path, *, production: bool = True) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAPTRACK_", "DATABASE_"))}
    env.update(
        NAPTRACK_PRODUCTION="1" if production else "0",
        NAPTRACK_SECRET_KEY=secrets.token_urlsafe(50),
        NAPTRACK_ALLOWED_HOSTS="127.0.0.1",
        NAPTRACK_SSL_REDIRECT="0",  # plain http on loopback
        NAPTRACK_VAR_DIR=str(workdir / "var"),
        NAPTRACK_STATIC_ROOT=str(workdir / "static"),
        NAPTRACK_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


@contextmanager
def throwaway_postgres(server_url: str):
    """A fresh database on the server named by BENCH_DATABASE_URL, dropped afterwards."""
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    name = f"naptrack_bench_{secrets.token_hex(4)}"
    admin = parts._replace(scheme="postgresql").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def machine() -> str:
    meminfo = Path("/proc/meminfo").read_text()
    kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    model = f", {cpu.group(1).strip()}" if cpu else ""
    return f"{os.cpu_count()} CPUs (nproc){model}, {kib / 1024 / 1024:.1f} GiB RAM"


def versions() -> str:
    gunicorn_version = subprocess.run(
        [str(Path(PYTHON).with_name("gunicorn")), "--version"], capture_output=True, text=True
    ).stdout
    ab_version = subprocess.run(["ab", "-V"], capture_output=True, text=True).stdout
    return (
        f"Python {platform.python_version()}, "
        f"gunicorn {re.search(r'[0-9][0-9.]*', gunicorn_version).group(0)}, "
        f"ApacheBench {re.search(r'Version ([0-9.]+)', ab_version).group(1)}"
    )


def load_average() -> str:
    """Other work on the machine skews the numbers; the section says how busy it was."""
    return f"{os.getloadavg()[0]:.1f}"


def command() -> str:
    """`make bench`, with the variables that changed what it measured."""
    names = ("BENCH_ONLY", "BENCH_REQUESTS", "BENCH_TIME_LIMIT")
    chosen = [f"{name}={os.environ[name]}" for name in names if os.environ.get(name)]
    return " ".join([*chosen, "make bench"])


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def section(label: str, rows, when: str, load: tuple[str, str]) -> str:
    lines = [
        f"### {when} — {label}",
        "",
        f"- Machine: {machine()}",
        f"- Software: {versions()}",
        f"- 1-minute load average: {load[0]} before, {load[1]} after the load test",
        f"- Server: gunicorn, {WORKERS} sync workers, production settings, whitenoise",
        f"- Command: `{command()}` (ab -c {CLIENTS} -n {REQUESTS} -t {TIME_LIMIT}, "
        f"after {WARMUP} warm-up requests)",
        "",
        "| target | bytes | requests | p50 ms | p95 ms | req/s | static p50 ms | static p95 ms "
        "| static req/s | ratio | p95 target | p95 met | ratio ≥ 30% |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for target, page, static in rows:
        if page is None:
            lines.append(f"| {target.name} `{target.path}` | {target.note} |" + " |" * 11)
            continue
        ratio = page.rps / static.rps if static.rps else 0.0
        failed = f" ({page.failed} failed)" if page.failed or static.failed else ""
        lines.append(
            f"| {target.name} `{target.path}` | {target.size} | {page.completed}{failed} "
            f"| {page.p50:.1f} | {page.p95:.1f} | {page.rps:.0f} "
            f"| {static.p50:.1f} | {static.p95:.1f} | {static.rps:.0f} | {ratio:.0%} "
            f"| < {target.p95_target:.0f} ms | {verdict(page.p95 < target.p95_target)} "
            f"| {verdict(ratio >= RATIO_TARGET)} |"
        )
    return "\n".join(lines) + "\n"


def record(sections: list[str]) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else f"# Benchmarks\n\n{MARKER}\n"
    if MARKER not in text:
        text = text.rstrip("\n") + f"\n\n## Results\n\n{MARKER}\n"
    head, tail = text.split(MARKER, 1)
    older = "\n" + tail.lstrip("\n") if tail.strip() else ""
    RESULTS.write_text(head + MARKER + "\n\n" + "\n".join(sections) + older)


def main() -> None:
    if shutil.which("ab") is None:
        sys.exit("make bench needs ApacheBench: apt-get install apache2-utils")
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = []
    with tempfile.TemporaryDirectory(prefix="naptrack-bench-") as tmp:
        workdir = Path(tmp) / "sqlite"
        workdir.mkdir()
        sections.append(bench_database("SQLite", base_env(workdir), workdir, when))
        server_url = os.environ.get("BENCH_DATABASE_URL")
        if server_url:
            workdir = Path(tmp) / "postgresql"
            workdir.mkdir()
            with throwaway_postgres(server_url) as url:
                env = {**base_env(workdir), "DATABASE_URL": url}
                sections.append(bench_database("PostgreSQL", env, workdir, when))
    record(sections)
    print(f"Results written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
