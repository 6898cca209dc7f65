"""Shared fixtures. ``pytest --update-golden`` rewrites golden files (review the diff by eye)."""
from __future__ import annotations

import contextlib
import http.server
import json
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
GOLD = ROOT / "corpora" / "gold"
# Development material outside the project (CI has it; a user's clone does not): read there, skip without it.
SHARED = ROOT.parent / "shared"
REPORTS = SHARED / "corpus" / "gov-reports-2026"
DEV = SHARED / "corpus" / "dev"
SHARED_GOLD = SHARED / "gold"
NO_SHARED = "needs the development folder ../shared (the 22 gov reports, dev pages, gold and peer suites), " \
            "which is not part of the project"
requires_reports = pytest.mark.skipif(not REPORTS.is_dir(), reason=NO_SHARED)
requires_dev = pytest.mark.skipif(not DEV.is_dir(), reason=NO_SHARED)


# For a child process: its own peak resident memory in bytes. /proc/self/status VmHWM belongs to the address
# space the child exec'd into; ru_maxrss would carry the test process's high-water mark across fork + exec.
CHILD_PEAK_BYTES = (
    "(lambda: next((int(l.split()[1]) * 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')), "
    "__import__('resource').getrusage(__import__('resource').RUSAGE_SELF).ru_maxrss * 1024))()"
)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files instead of comparing")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def nlp():
    from policytext.nlp import build_pipeline

    return build_pipeline()


@contextlib.contextmanager
def local_http_server(handler):
    """A real HTTP server on 127.0.0.1 (an ephemeral port) serving ``handler`` from a thread; yields its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def check_golden(path: Path, actual, update: bool) -> None:
    """Compare ``actual`` (str or JSON-able) with the golden file; rewrite it with --update-golden."""
    text = actual if isinstance(actual, str) else json.dumps(actual, ensure_ascii=False, indent=1) + "\n"
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path} was missing and has been written; review it and rerun")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"output differs from golden {path.name} (rerun with --update-golden if intended)"


def notice_pdf(title: str, line: str) -> bytes:
    """A one-page PDF notice (reportlab, STSong-Light CID font: pdfplumber reads the Chinese back exactly)."""
    from io import BytesIO

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 760, title)
    c.setFont("STSong-Light", 11)
    c.drawString(72, 730, line)
    c.save()
    return buf.getvalue()
