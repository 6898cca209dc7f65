"""Report figures drawn with matplotlib and inlined as SVG text.

Text in the figures stays text (``svg.fonttype = 'none'``); the browser draws it with the CSS font stack
``FONT_STACK`` (Noto Sans CJK SC first, from Debian's fonts-noto-cjk). matplotlib measures the text with the
first CJK font it finds; without one it measures with DejaVu Sans and stays silent about missing glyphs
(the browser still draws them). Settings go through ``rc_context`` only: the caller's matplotlib
configuration is left alone, and no pyplot state is used.
"""
from __future__ import annotations

import io
import re
import warnings
from functools import lru_cache

FONT_STACK = ("'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',"
              "'WenQuanYi Micro Hei',sans-serif")
PREFERRED_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
                   "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
                   "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")

_ID = re.compile(r'\bid="([^"]+)"')


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The first installed font of ``PREFERRED_FONTS`` matplotlib knows, else None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in PREFERRED_FONTS if n in names), None)


def _rc() -> dict:
    font = cjk_font()
    return {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"], "svg.fonttype": "none",
            "svg.hashsalt": "policytext", "axes.unicode_minus": False, "font.size": 11,
            "text.parse_math": False}  # labels are file names and titles: `$\\x$` is text, not TeX


def _svg(fig, prefix: str) -> str:
    """``fig`` as an ``<svg>`` element for inlining: no XML prolog, ids prefixed (several figures share
    one page), links open in place, text in the CSS font stack."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    s = buf.getvalue()
    s = s[s.index("<svg"):]
    s = re.sub(r"<metadata>.*?</metadata>\s*", "", s, flags=re.S)
    for name in set(_ID.findall(s)):
        s = s.replace(f'id="{name}"', f'id="{prefix}-{name}"').replace(f"#{name})", f"#{prefix}-{name})") \
             .replace(f'xlink:href="#{name}"', f'xlink:href="#{prefix}-{name}"')
    s = s.replace(' target="_blank"', "")
    s = re.sub(r"font-family: [^;\"]*", f"font-family: {FONT_STACK}", s)
    return s.strip()


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def coverage_heatmap(rows: list[str], cols: list[str], counts: list[list[int]], *, sections: list[int] | None = None,
                     prefix: str = "cov") -> str:
    """Counts per row (dimension) and column (region) as an annotated heatmap; ``sections`` are row indices
    before which a separating line is drawn."""
    import matplotlib
    import numpy as np

    with matplotlib.rc_context(_rc()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = np.array(counts, dtype=float).reshape(len(rows), len(cols))
        fig = _figure(max(4.5, 2.0 + 0.8 * len(cols)), max(2.0, 1.2 + 0.36 * len(rows)))
        ax = fig.add_subplot()
        top = max(1.0, float(data.max())) if data.size else 1.0
        ax.imshow(data, cmap="YlGn", vmin=0, vmax=top, aspect="auto")
        ax.set_xticks(range(len(cols)), cols, rotation=45, ha="right")
        ax.set_yticks(range(len(rows)), rows)
        ax.tick_params(length=0)
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        for label in ax.get_xticklabels():
            label.set_ha("left")
        for i in range(len(rows)):
            for j in range(len(cols)):
                v = int(data[i, j])
                ax.text(j, i, str(v) if v else "·", ha="center", va="center", fontsize=10,
                        color="white" if v > top * 0.6 else ("#222" if v else "#aaa"))
        for b in sections or []:
            ax.axhline(b - 0.5, color="#335", linewidth=1.5)
        ax.set_xticks(np.arange(-0.5, len(cols), 1), minor=True)
        ax.set_yticks(np.arange(-0.5, len(rows), 1), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        return _svg(fig, prefix)


def deadline_timeline(lanes: list[str], points: list[dict], spans: list[dict], issued: list[dict], *,
                      prefix: str = "tl") -> str:
    """One lane per region, years on the x axis. ``points``: due dates ``{"lane", "x", "url"}``; ``spans``:
    periods ``{"lane", "x0", "x1", "url"}``; ``issued``: issue dates ``{"lane", "x"}``. ``url`` (a
    ``#fragment``) makes the marker a link to its source passage."""
    import matplotlib
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(_rc()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = _figure(9.5, max(1.8, 0.9 + 0.42 * len(lanes)))
        ax = fig.add_subplot()
        y = {name: i for i, name in enumerate(lanes)}
        for s in spans:
            bar = ax.broken_barh([(s["x0"], max(0.1, s["x1"] - s["x0"]))], (y[s["lane"]] - 0.14, 0.28),
                                 facecolors="#e08a1e", alpha=0.75)
            if s.get("url"):
                bar.set_urls([s["url"]])
        if points:
            sc = ax.scatter([p["x"] for p in points], [y[p["lane"]] for p in points], s=70, marker="o",
                            color="#c0392b", edgecolors="white", linewidths=0.8, zorder=3)
            sc.set_urls([p.get("url") for p in points])
        if issued:
            ax.scatter([p["x"] for p in issued], [y[p["lane"]] for p in issued], s=55, marker="D", color="#7f8c8d",
                       zorder=2)
        ax.set_yticks(range(len(lanes)), lanes)
        ax.set_ylim(len(lanes) - 0.5, -0.5)
        xs = [p["x"] for p in points + issued] + [v for s in spans for v in (s["x0"], s["x1"])]
        if xs:
            ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", color="#dde", linewidth=0.8)
        for i in range(len(lanes)):
            ax.axhline(i, color="#eee", linewidth=0.6, zorder=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles = [Line2D([], [], marker="o", linestyle="", color="#c0392b", label="due"),
                   Line2D([], [], color="#e08a1e", linewidth=6, alpha=0.75, label="period"),
                   Line2D([], [], marker="D", linestyle="", color="#7f8c8d", label="issued")]
        fig.legend(handles=handles, loc="outside upper right", ncols=3, frameon=False)
        return _svg(fig, prefix)


def similarity_image(labels: list[str], matrix: list[list[float]], *, prefix: str = "sim") -> str:
    """A large similarity matrix as one embedded raster (``data:`` PNG inside the SVG), labels as text."""
    import matplotlib
    import numpy as np

    n = len(labels)
    with matplotlib.rc_context(_rc()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        side = min(14.0, 3.0 + 0.09 * n)
        fig = _figure(side + 1.5, side)
        ax = fig.add_subplot()
        im = ax.imshow(np.array(matrix, dtype=float).reshape(n, n), cmap="Blues", vmin=0, vmax=1,
                       interpolation="nearest")
        if n <= 150:
            size = max(4.0, min(9.0, 700 / max(n, 1)))
            ax.set_xticks(range(n), labels, rotation=90, fontsize=size)
            ax.set_yticks(range(n), labels, fontsize=size)
        else:
            ax.set_xticks([])
            ax.set_yticks([])
        fig.colorbar(im, ax=ax, shrink=0.6, label="cosine similarity")
        return _svg(fig, prefix)
