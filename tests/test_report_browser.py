"""The HTML report in a real headless browser (Debian chromium through playwright)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.compare import compare
from policytext.report import render_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def evil_records() -> list[dict]:
    bad = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    base = "到2025年，全市森林覆盖率达到45%以上，实行统一规划、统一建设、统一管理等“三统一”模式。" * 3
    recs = []
    for i, region in enumerate(["甲市", bad]):
        recs.append({
            "doc_id": f"{i:016x}", "source": f"doc{i}.txt", "text": base + bad,
            "metadata": {"title": f"标题{bad}", "region": {"name": region, "level": "city"}},
            "targets": [{"indicator": "森林覆盖率", "value": 45 + i, "unit": "%", "comparator": ">=", "year": 2025 - i,
                         "kind": "target", "text": f"森林覆盖率达到{45 + i}%{bad}", "start": 0, "end": 5}],
            "mechanisms": [{"name": "三统一", "count": 3, "components": ["统一规划", f"统一管理{bad}"],
                            "text": "…", "start": 0, "end": 1}],
            "deadlines": [],
        })
    return recs


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, path: Path):
    page = browser.new_page()
    requests, errors, dialogs = [], [], []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors, dialogs


def test_report_of_seeds_renders(browser, tmp_path):
    out = tmp_path / "report.html"
    r = subprocess.run([str(Path(sys.executable).parent / "policytext"), "report", "corpora/seeds", "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    page, requests, errors, dialogs = open_page(browser, out)
    assert page.locator("#documents-table tr").count() == 6  # header + five seeds
    assert page.locator("#mechanism-table tr").count() > 5
    assert page.locator("#target-table tr").count() > 5
    assert page.locator("svg rect").count() == 25
    assert "邯郸市" in page.inner_text("#documents-table")
    assert requests == [] and errors == [] and dialogs == []
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_hostile_text_is_escaped(browser, tmp_path):
    recs = evil_records()
    out = tmp_path / "evil.html"
    out.write_text(render_html(compare(recs), recs), encoding="utf-8")
    page, requests, errors, dialogs = open_page(browser, out)
    assert dialogs == [] and errors == [] and requests == []
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert "<script>alert(1)</script>" in page.inner_text("body")  # shown as text


def test_compare_json_contract(tmp_path):
    recs = evil_records()
    c = compare(recs)
    assert set(c) >= {"documents", "mechanism_rows", "target_rows", "similarity", "reuse"}
    assert c["similarity"]["order"] == [r["doc_id"] for r in recs]
    assert len(c["similarity"]["matrix"]) == 2 and c["similarity"]["matrix"][0][0] == pytest.approx(1.0)
    json.dumps(c, ensure_ascii=False)
