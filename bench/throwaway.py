"""Throw-away instances for the benchmarks in this folder.

Each benchmark measures a fresh instance in a child process: a SQLite file in a temporary
folder, or a PostgreSQL database created for the run and dropped after it (a leftover of
the same name, from an interrupted run, is dropped first). Nothing here runs as a test.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFF = ("", "0", "off")


def environment(var_dir: Path | str, database_url: str, **settings: str) -> dict:
    """This process's environment without its NAPTRACK_* settings, pointed at one
    instance; `settings` adds NAPTRACK_* values (e.g. NAPTRACK_LOG_LEVEL="WARNING")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAPTRACK_")}
    return {
        **env,
        "NAPTRACK_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "NAPTRACK_LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **settings,
    }


def manage(env: dict, *args: str) -> float:
    """Runs manage.py in a child process and returns its seconds; stops the benchmark,
    with the end of the child's output, if it fails."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return time.monotonic() - started


def build(env: dict, scale: dict[str, str]) -> dict:
    """Migrates, loads the reference data and generates the synthetic dataset at `scale`
    (generate_synthetic_data options without their dashes); returns the seconds of each."""
    print("   migrate, load_reference_data", flush=True)
    prepare = manage(env, "migrate", "--noinput")
    prepare += manage(env, "load_reference_data")
    print("   generate_synthetic_data", flush=True)
    options = [item for name, value in scale.items() for item in (f"--{name}", str(value))]
    generate = manage(env, "generate_synthetic_data", "--i-understand-this-is-synthetic", *options)
    return {"prepare_s": prepare, "generate_s": generate}


def measure_in_child(script: str, env: dict) -> dict:
    """Runs `script --measure` against the instance in `env`; returns the JSON its last
    line prints, or stops the benchmark with the end of the child's output."""
    done = subprocess.run(
        [sys.executable, script, "--measure"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"measuring failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    """CPUs, their model and the memory, for the record of a run."""
    meminfo = Path("/proc/meminfo").read_text()
    kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    model = f", {cpu.group(1).strip()}" if cpu else ""
    return f"{os.cpu_count()} CPUs (nproc){model}, {kib / 1024 / 1024:.1f} GiB RAM"


@contextmanager
def sqlite(prefix: str) -> Iterator[tuple[Path, str]]:
    """A temporary folder for NAPTRACK_VAR_DIR and the URL of a SQLite file in it."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield Path(folder), f"sqlite:///{folder}/bench.sqlite3"


def postgres_url(variable: str, default: str) -> str | None:
    """The URL in `variable` (its database will be dropped and created), else the
    default; None when the variable says off."""
    url = os.environ.get(variable, default)
    return None if url in OFF else url


def _admin(url: str) -> str:
    return re.sub(r"/[^/]*$", "/postgres", url)


def _name(url: str) -> str:
    return url.rsplit("/", 1)[1]


@contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    """Yields `url` once its database exists, empty, then drops it; yields None when
    there is no URL or no server answers (the benchmark then skips PostgreSQL)."""
    if not url:
        yield None
        return
    import psycopg

    try:
        with psycopg.connect(_admin(url), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{_name(url)}"')
    except psycopg.OperationalError as error:
        print(f"   PostgreSQL not available ({error}); skipped", flush=True)
        yield None
        return
    try:
        yield url
    finally:
        with psycopg.connect(_admin(url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)')
