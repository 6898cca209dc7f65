"""Report figures: text stays text in a CJK font stack, quietly, with or without a CJK font installed."""
from __future__ import annotations

import logging
import warnings

import pytest

from policytext.report import plots


@pytest.mark.parametrize("font", ["installed", None])
def test_figures_keep_chinese_text_without_warnings(font, monkeypatch, caplog):
    if font is None:  # a machine without any CJK font: measured with DejaVu Sans, drawn by the browser
        monkeypatch.setattr(plots, "cjk_font", lambda: None)
    elif plots.cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk)")
    caplog.set_level(logging.DEBUG, logger="matplotlib")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        heat = plots.coverage_heatmap(["师资", "target · 覆盖率"], ["邯郸市", "紫云自治县"], [[1, 0], [2, 3]],
                                      sections=[1])
        line = plots.deadline_timeline(["邯郸市", "辽阳县"], [{"lane": "邯郸市", "x": 2017.0, "url": "#p0-1-5"}],
                                       [{"lane": "辽阳县", "x0": 2019.0, "x1": 2022.0, "url": "#p3-15-55"}],
                                       [{"lane": "辽阳县", "x": 2019.7}])
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    for svg in (heat, line):
        assert svg.startswith("<svg") and "<?xml" not in svg and "<metadata>" not in svg
        assert ">邯郸市</text>" in svg and plots.FONT_STACK in svg
        assert 'target="_blank"' not in svg
    assert ">师资</text>" in heat and ">target · 覆盖率</text>" in heat
    assert 'xlink:href="#p0-1-5"' in line and 'xlink:href="#p3-15-55"' in line  # markers link to passages
    # several figures on one page: no id of one figure repeats in the other
    ids = [set(plots._ID.findall(s)) for s in (heat, line)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]


def test_noto_sans_cjk_is_preferred():
    if plots.cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk)")
    assert plots.cjk_font() in plots.PREFERRED_FONTS
    assert plots.FONT_STACK.startswith("'Noto Sans CJK SC'")


def test_labels_are_text_never_mathtext():
    """Issue 13, row 12: a file name like `$\\bad$.txt` is a label, not TeX (mathtext raised on it)."""
    names = ["$\\bad$.txt", "a$^{2}$_b$", "$\\frac{1"]
    heat = plots.coverage_heatmap(["覆盖率"], names, [[1, 2, 0]])
    line = plots.deadline_timeline(names, [{"lane": names[0], "x": 2025.0, "url": "#a"}], [], [])
    sim = plots.similarity_image(names, [[1.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 1.0]])
    for svg in (heat, line):
        assert ">$\\bad$.txt</text>" in svg and ">a$^{2}$_b$</text>" in svg
    assert sim.startswith("<svg")


def test_coverage_counts_each_regions_targets_per_catalog_domain():
    """The heatmap's lower block: regions × policy domain of the indicator catalog, targets only (a result of
    last year is not counted), a target without a catalog id under “uncatalogued”. Own sentences; the expected
    counts were written before the first run."""
    from policytext.compare import compare
    from policytext.pipeline import process_bytes
    from policytext.report.html import _coverage, domain_counts

    texts = ["2026年主要预期目标：全市地区生产总值增长6%左右，森林覆盖率达到45%，新建普通高中3所。"
             "2025年全市地区生产总值增长5.1%。\n",
             "2026年主要预期目标：全县地区生产总值增长5%，新建口袋剧场2个。\n"]
    recs = [process_bytes(s.encode("utf-8"), f"doc{i}.txt") for i, s in enumerate(texts)]
    # the 2025 figure is last year's result (the first run showed the extractor, without an issued date, reads
    # it as a 2025 target: that is the extractor's business, so the record says so here)
    last = recs[0]["targets"][-1]
    assert last["value"] == 5.1
    last["kind"] = "achievement"
    c = compare(recs)
    region = {recs[0]["doc_id"]: "甲市", recs[1]["doc_id"]: "乙县"}
    counts = {dom: dict(by) for dom, by in domain_counts(c, region).items()}
    assert counts == {"growth": {"甲市": 1, "乙县": 1}, "ecology": {"甲市": 1}, "education": {"甲市": 1},
                      "uncatalogued": {"乙县": 1}}
    html = _coverage(c, c["documents"], region)
    for label in ("target · economic growth", "target · ecology and environment", "target · education",
                  "target · uncatalogued"):
        assert f">{label}</text>" in html
    assert "target · 覆盖率" not in html  # the taxonomy's generic measures are no rows of the heatmap
