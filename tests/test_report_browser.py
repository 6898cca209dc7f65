"""The HTML report in a real headless browser (Debian chromium through playwright).

``REPORT_SCREENSHOT=/some/file.png`` also copies the full-page screenshot of the seed report there.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.compare import compare
from policytext.report import render_html
from policytext.report.html import SCRIPT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).parent / "policytext")

pytestmark = pytest.mark.browser

BAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"
BAD_ATTR = '"><img src=x onerror=alert(3)>'


def evil_records() -> list[dict]:
    """Two documents whose every quoted string is hostile; records point at real spans of their text."""
    shared = "到2025年，全市森林覆盖率达到45%以上，实行统一规划、统一建设、统一管理等“三统一”模式。"
    recs = []
    for i, region in enumerate(["甲市", BAD + BAD_ATTR]):
        own = f"第{i}号文件开头。森林覆盖率达到{45 + i}%{BAD}。2027年前完成{BAD_ATTR}。"
        text = shared * 2 + own + "</details></mark>" + BAD
        t_text = f"森林覆盖率达到{45 + i}%{BAD}"
        d_text = f"2027年前完成{BAD_ATTR}"
        m_text = "统一规划、统一建设、统一管理等“三统一”"
        recs.append({
            "doc_id": f"{i:016x}", "source": f"doc{i}{BAD_ATTR}.txt", "text": text,
            "metadata": {"title": f"标题{BAD}{BAD_ATTR}", "issued_date": f"202{i}-03-0{i + 1}",
                         "region": {"name": region, "level": "city"}},
            "targets": [{"indicator": f"森林覆盖率{BAD_ATTR}", "value": 45 + i, "unit": "%", "comparator": ">=",
                         "year": 2025 - i, "kind": "target", "text": t_text, "start": text.index(t_text),
                         "end": text.index(t_text) + len(t_text)}],
            "mechanisms": [{"name": "三统一", "count": 3, "components": ["统一规划", f"统一管理{BAD}"],
                            "text": m_text, "start": text.index(m_text), "end": text.index(m_text) + len(m_text)}],
            "deadlines": [{"date": "2027", "type": "due", "what": d_text, "text": d_text,
                           "start": text.index(d_text), "end": text.index(d_text) + len(d_text)},
                          {"date": "2024/2026", "type": "period", "what": "三年", "text": shared[:8], "start": 0,
                           "end": 8}],
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
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests, errors, dialogs = [], [], []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors, dialogs


def click_and_highlight(page, link) -> str:
    """Click ``link``; the passage it points to must be targeted, opened, highlighted and on screen."""
    from playwright.sync_api import expect

    href = link.get_attribute("href") or link.get_attribute("xlink:href")
    assert href and href.startswith("#p")
    link.click()
    expect(page.locator("mark.hl").first).to_be_visible()  # (wait_for_function would eval: the page's CSP forbids)
    assert page.evaluate("location.hash") == href
    assert page.evaluate("document.querySelector(':target').id") == href[1:]
    assert page.evaluate("document.querySelector(':target').closest('details').open")
    marks = page.locator("mark.hl")
    for k in range(marks.count()):
        expect(marks.nth(k)).to_be_visible()
    expect(marks.first).to_be_in_viewport()
    # exactly the marks carrying this anchor are highlighted
    assert marks.count() == page.locator(f'mark[data-p~="{href[1:]}"]').count()
    return "".join(marks.all_inner_texts())


@pytest.fixture(scope="module")
def seeds():
    from policytext.pipeline import process_bytes

    recs = [process_bytes(p.read_bytes(), str(p.relative_to(ROOT))) for p in sorted((ROOT / "corpora/seeds").glob("*.txt"))]
    return recs, compare(recs)


def test_report_of_seeds_renders(browser, seeds, tmp_path):
    recs, c = seeds
    out = tmp_path / "report.html"
    r = subprocess.run([EXE, "report", "corpora/seeds", "-o", str(out)], capture_output=True, text=True, cwd=ROOT,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    page, requests, errors, dialogs = open_page(browser, out)
    regions = [d["region"] for d in c["documents"]]
    assert page.locator("#documents-table tr").count() == 6  # header + five seeds
    assert [t.strip() for t in page.locator("#documents-table tr td:nth-child(2)").all_inner_texts()][0].startswith("邯郸市")
    for table, rows in (("#mechanism-table", c["mechanism_rows"]), ("#target-table", c["target_rows"])):
        assert page.locator(f"{table} tr").count() == len(rows) + 1
        assert page.locator(f"{table} tr:first-child th").all_inner_texts()[1:] == regions
        labels = page.locator(f"{table} tr th:first-child").all_inner_texts()[1:]
        assert labels == [row.get("label") or row.get("indicator") for row in rows]
    assert page.locator("#similarity-plot svg rect").count() == 25
    coverage = page.inner_text("#coverage-plot")
    assert all(name in coverage for name in regions) and "师资" in coverage and "target · education" in coverage
    assert "target · 覆盖率" not in coverage  # targets are counted by catalog domain, not by taxonomy row
    timeline = page.inner_text("#timeline-plot")
    assert all(name in timeline for name in regions) and "2022" in timeline
    assert page.locator("details.doc").count() == 5 and page.locator("details.doc[open]").count() == 0

    # a target cell jumps to its passage: the highlighted text is the record's text
    by_id = {rec["doc_id"]: rec for rec in recs}
    row = next(r for r in c["target_rows"] if r["indicator"] == "覆盖率")
    doc_id, cell = next((d, cells[0]) for d, cells in row["cells"].items())
    col = [d["doc_id"] for d in c["documents"]].index(doc_id) + 2
    link = page.locator(f"#target-table tr:has(th:text-is('覆盖率')) td:nth-child({col}) a.src").first
    assert click_and_highlight(page, link) == cell["text"] == by_id[doc_id]["text"][cell["start"]:cell["end"]]
    # a mechanism cell: the highlighted passage is the bundle's text and contains the component
    link = page.locator("#mechanism-table a.src", has_text="统一师资").first
    got = click_and_highlight(page, link)
    mech = next(m for m in by_id[c["documents"][0]["doc_id"]]["mechanisms"] if "统一师资" in m["components"])
    assert got == mech["text"] and "统一师资" in got
    # a deadline dot of the timeline
    got = click_and_highlight(page, page.locator("#timeline-plot svg a").first)
    assert got in {d["text"] for rec in recs for d in rec["deadlines"]}
    assert page.locator("mark.hl").count() >= 1

    # the highlighted passage on screen, then the whole page as a reader first sees it
    shots = [tmp_path / "report-click.png", tmp_path / "report.png"]
    page.screenshot(path=str(shots[0]))
    assert requests == [] and errors == [] and dialogs == []
    page.close()
    page, requests, errors, dialogs = open_page(browser, out)
    page.screenshot(path=str(shots[1]), full_page=True)
    assert requests == [] and errors == [] and dialogs == []
    assert all(p.stat().st_size > 50_000 for p in shots)
    if os.environ.get("REPORT_SCREENSHOT"):
        dest = Path(os.environ["REPORT_SCREENSHOT"])
        shutil.copy(shots[1], dest)
        shutil.copy(shots[0], dest.with_name(dest.stem + "-click" + dest.suffix))


def test_hostile_text_is_escaped(browser, tmp_path):
    recs = evil_records()
    c = compare(recs)
    assert c["reuse"], "the two documents share a passage"
    out = tmp_path / "evil.html"
    out.write_text(render_html(c, recs), encoding="utf-8")
    page, requests, errors, dialogs = open_page(browser, out)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.locator("script").count() == 1 and page.locator("script").inner_text() == SCRIPT
    assert page.locator("img").count() == 0 and page.locator("[onerror]").count() == 0
    body = page.inner_text("body")
    assert "<script>alert(1)</script>" in body and BAD_ATTR in body  # shown as text
    assert BAD in page.inner_text("#coverage-plot") and BAD in page.inner_text("#timeline-plot")
    assert page.locator("#reuse-table tr").count() == 1 + len(c["reuse"])
    # links still land on the right passage in a hostile text
    text = click_and_highlight(page, page.locator("#target-table a.src").first)
    assert text == recs[0]["targets"][0]["text"] and BAD in text
    r = c["reuse"][-1]  # the B side links to B's own passage
    text = click_and_highlight(page, page.locator("#reuse-table tr").last.locator("a.src").last)
    assert text == recs[int(r["b"], 16)]["text"][r["b_start"]:r["b_end"]]
    assert dialogs == [] and errors == [] and requests == []


def test_small_and_empty_reports_render(browser, tmp_path):
    one = evil_records()[:1]
    bare = [{"doc_id": f"{i:016x}", "source": f"plain{i}.txt", "text": "没有机制也没有目标的一段文字。",
             "metadata": {"region": {"name": name}}, "targets": [], "mechanisms": [], "deadlines": []}
            for i, name in enumerate(["乙县", "丙县"])]
    for name, recs, note in (("one", one, "#one-document"), ("bare", bare, "#no-mechanisms"), ("none", [], "#no-documents")):
        out = tmp_path / f"{name}.html"
        out.write_text(render_html(compare(recs), recs), encoding="utf-8")
        page, requests, errors, dialogs = open_page(browser, out)
        assert page.locator(note).is_visible()
        assert page.locator("#documents-table tr").count() == 1 + len(recs)
        assert requests == [] and errors == [] and dialogs == []
        page.close()


def test_neighbours_show_in_overview(browser, tmp_path):
    recs = evil_records()
    c = dict(compare(recs), neighbours=[{"doc_id": recs[0]["doc_id"],
                                         "neighbours": [{"doc_id": recs[1]["doc_id"], "score": 0.8765}]}])
    out = tmp_path / "nn.html"
    out.write_text(render_html(c, recs), encoding="utf-8")
    page, requests, errors, dialogs = open_page(browser, out)
    assert "nearest documents" in page.inner_text("#documents-table tr:first-child")
    first = page.inner_text("#documents-table tr:nth-child(2) td:last-child")
    assert BAD in first and "0.88" in first
    assert page.inner_text("#documents-table tr:nth-child(3) td:last-child").strip() == "–"
    assert requests == [] and errors == [] and dialogs == []


def test_many_documents_stay_light(browser, tmp_path):
    from policytext.report.html import MAX_SVG_SIMILARITY, MAX_TABLE_CELLS

    n = MAX_SVG_SIMILARITY + 5
    recs = []
    for i in range(n):
        text = f"第{i}号。" + "".join(f"指标{i}-{k}达到{k + 1}%。" for k in range(8))
        targets = [{"indicator": "".join(chr(0x4E00 + 3 * (8 * i + k) + j) for j in range(3)),  # nothing in common
                    "value": k + 1, "unit": "%", "kind": "target",
                    "year": None, "text": f"指标{i}-{k}达到{k + 1}%", "start": text.index(f"指标{i}-{k}"),
                    "end": text.index(f"指标{i}-{k}") + len(f"指标{i}-{k}达到{k + 1}%")} for k in range(8)]
        recs.append({"doc_id": f"{i:016x}", "source": f"d{i}.txt", "text": text, "targets": targets,
                     "mechanisms": [], "deadlines": [], "metadata": {"region": {"name": f"{i}号县"}}})
    c = compare(recs)
    out = tmp_path / "many.html"
    out.write_text(render_html(c, recs), encoding="utf-8")
    page, requests, errors, dialogs = open_page(browser, out)
    assert page.locator("#similarity-plot svg image").count() == 2  # matrix and colour bar rasters, not n² cells
    assert page.locator("#similarity-plot svg rect").count() < n
    rows = page.locator("#target-table tr").count() - 1
    assert rows == min(len(c["target_rows"]), 300, max(30, MAX_TABLE_CELLS // n))
    assert rows < len(c["target_rows"])
    assert f"The {rows} rows shared by most documents are shown, of {len(c['target_rows']):,}" in page.inner_text("body")
    assert page.locator("mark.k-t").count() == 8 * n  # every target is marked in its text
    assert requests == [] and errors == [] and dialogs == []


def test_compare_json_contract(tmp_path):
    recs = evil_records()
    c = compare(recs)
    assert set(c) >= {"documents", "mechanism_rows", "target_rows", "similarity", "reuse"}
    assert c["similarity"]["order"] == [r["doc_id"] for r in recs]
    assert len(c["similarity"]["matrix"]) == 2 and c["similarity"]["matrix"][0][0] == pytest.approx(1.0)
    for row in c["target_rows"] + c["mechanism_rows"]:  # every cell points at its passage
        for doc_id, cells in row["cells"].items():
            text = recs[int(doc_id, 16)]["text"]
            for cell in cells:
                assert 0 <= cell["start"] < cell["end"] <= len(text)
    json.dumps(c, ensure_ascii=False)


def test_who_aims_for_what_dots_link_to_their_passages(browser, tmp_path):
    """The 22 gov reports (development material in ../shared): every dot of every "who aims for what" chart links
    to a passage of the report's texts, and a clicked dot highlights exactly its record's sentence."""
    from .conftest import NO_SHARED, REPORTS

    if not REPORTS.is_dir():
        pytest.skip(NO_SHARED)
    out = tmp_path / "who.html"
    r = subprocess.run([EXE, "report", str(REPORTS), "-o", str(out), "--silent"], capture_output=True, text=True,
                       cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    page, requests, errors, dialogs = open_page(browser, out)
    charts = page.locator("#who-aims-for-what ~ section.whowhat-chart")
    assert charts.count() >= 5
    assert "gdp.growth" in page.inner_text("section.whowhat-chart >> nth=0")
    dots = page.locator("section.whowhat-chart svg a")
    hrefs = [dots.nth(k).get_attribute("href") or dots.nth(k).get_attribute("xlink:href") for k in range(dots.count())]
    assert len(hrefs) >= 50 and all(h and h.startswith("#p") for h in hrefs)
    missing = [h for h in hrefs if page.locator(f"[id='{h[1:]}']").count() == 0]
    assert not missing, missing[:5]
    for k in (0, len(hrefs) // 2, len(hrefs) - 1):
        got = click_and_highlight(page, dots.nth(k))
        assert got and any(ch.isdigit() for ch in got)
    assert requests == [] and errors == [] and dialogs == []
