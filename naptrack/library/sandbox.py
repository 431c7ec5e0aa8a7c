"""Runs extraction.py in a child process and watches it.

A hostile file (decompression bomb, parser crash, endless page) can exhaust memory,
crash PDFium or hang; in a child process under resource limits that only ends the
child. The parent enforces a time limit per page and for the whole file, and turns
every way the child can end into an ExtractionError with a code.
"""

import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from naptrack.library.extraction import Extraction, ExtractionError, Limits, Page, Table

ROOT = Path(__file__).resolve().parent.parent.parent
STDERR_KEEP = 4000

Progress = Callable[[str, int], None]


def run_extraction(
    *,
    path: str,
    fmt: str,
    limits: Limits,
    page_seconds: int,
    total_seconds: int,
    tesseract: str = "",
    ocr_language: str = "eng",
    progress: Progress = lambda kind, n: None,
) -> Extraction:
    request = {
        "path": path,
        "format": fmt,
        "limits": asdict(limits),
        "tesseract": tesseract,
        "ocr_language": ocr_language,
    }
    # stderr goes to a file: a child that writes much there must not block on a full pipe.
    with tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
            [sys.executable, "-m", "naptrack.library.extraction"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=ROOT,
            start_new_session=True,  # so a kill also reaches a tesseract it started
        )
        try:
            child.stdin.write(json.dumps(request).encode())
            child.stdin.close()
            return _watch(child, stderr, page_seconds, total_seconds, progress)
        finally:
            _end(child)


def _watch(child, stderr, page_seconds: int, total_seconds: int, progress: Progress) -> Extraction:
    clock = _Clock(page_seconds, total_seconds)
    for event in _events(child, clock):
        clock.tick()
        if event["event"] in ("total", "page"):
            progress(event["event"], event["n"])
        elif event["event"] == "error":
            raise ExtractionError(event["code"], **event.get("params", {}))
        elif event["event"] == "result":
            return _result(event)
    raise _crash(child, stderr)


class _Clock:
    """Time left for the current page and for the whole file."""

    def __init__(self, page_seconds: int, total_seconds: int):
        self.page_seconds, self.total_seconds = page_seconds, total_seconds
        self.started = self.last_event = time.monotonic()

    def tick(self) -> None:
        self.last_event = time.monotonic()

    def left(self) -> tuple[float, ExtractionError]:
        """Seconds before the child is stopped, and the error to give if it is."""
        now = time.monotonic()
        page_left = self.page_seconds - (now - self.last_event)
        total_left = self.total_seconds - (now - self.started)
        if total_left <= page_left:
            return total_left, ExtractionError("timeout", seconds=self.total_seconds)
        return page_left, ExtractionError("page_timeout", seconds=self.page_seconds)


def _events(child, clock: _Clock):
    """JSON lines from the child's stdout, until it closes or a deadline passes."""
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        while True:
            left, error = clock.left()
            if left <= 0 or not selector.select(timeout=left):
                raise error
            chunk = os.read(child.stdout.fileno(), 1 << 20)
            if not chunk:
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                yield json.loads(line)


def _crash(child, stderr) -> ExtractionError:
    """The child ended without an answer: killed by a limit, or a parser crashed."""
    code = child.wait()
    stderr.seek(max(0, stderr.seek(0, os.SEEK_END) - STDERR_KEEP))
    output = stderr.read().decode(errors="replace").strip()
    # PDFium aborts when an allocation fails under the memory limit; the kernel sends
    # SIGKILL or SIGXCPU past the CPU limit.
    if code in (-signal.SIGKILL, -signal.SIGXCPU, -signal.SIGABRT) or "MemoryError" in output:
        return ExtractionError("bomb")
    last_line = output.splitlines()[-1] if output else f"exit status {code}"
    return ExtractionError("crashed", detail=last_line[:200])


def _end(child) -> None:
    if child.poll() is None:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    child.wait()
    child.stdout.close()


def _result(event: dict) -> Extraction:
    return Extraction(
        pages=[Page(**page) for page in event["pages"]],
        tables=[Table(**table) for table in event["tables"]],
        has_javascript=event["has_javascript"],
        encoding=event["encoding"],
        ocr_language=event["ocr_language"],
    )
