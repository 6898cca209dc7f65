"""Regex audit: every regular expression in the package, and every reader and extractor, driven with pumped
inputs under a time budget; superlinear growth fails.

Patterns are collected from every module of ``policytext``: module globals and class attributes that are
compiled patterns (also inside lists, tuples and dict values), and the constant patterns passed to
``re.compile/search/match/fullmatch/sub/subn/findall/finditer/split`` anywhere in the source (patterns built
at call time from constants). Each pattern's pumping units come from its own syntax tree: a sample of every
alternative, every repeated item and the whole pattern. A unit is repeated n = 1, 2, 4 … times (with a
breaking suffix too) until the input passes ``_MAX_LEN`` characters; when doubling n more than
``_RATIO`` times the time of a run that takes over ``_FLOOR`` seconds, the growth is confirmed once more
at twice the length and the pattern fails. Exponential patterns are caught at small n (a run over
``_STOP`` seconds ends the climb).

Bounded for CI: the whole file runs in well under a minute (``POLICYTEXT_FUZZ_DEEP=1`` raises the lengths
and adds hypothesis examples). ``KNOWN_SLOW`` would name flagged patterns that are skipped; it is empty.
"""
from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policytext

try:
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # Python < 3.11
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

DEEP = os.environ.get("POLICYTEXT_FUZZ_DEEP") == "1"
_MAX_LEN = 16_384 if DEEP else 4_096  # characters of the longest pumped input in the climb
_FLOOR = 0.004  # seconds: below this a run is too short to judge its growth
_RATIO = 3.2  # linear doubles the time, quadratic quadruples it
_STOP = 0.5  # seconds: one run this long ends the climb (the pattern is judged on what was measured)
_UNITS_PER_PATTERN = 10

# flagged patterns in modules this test's owner may not edit: "module:name" -> why (pumping input, growth)
# Labels are "module:NAME" (a global or Class.attr), "module:line N" (a pattern built where it is used) or
# "e2e:step:unit" (an end-to-end step pumped with that unit). An entry whose pattern no longer exists is ignored.
# Empty: every pattern the test flagged (the HTML sniffing of read and fetch, targets' tail stripping, dates'
# trailing time, digit runs in mechanisms and deadlines, blank runs in boilerplate and list items, the catalog's
# filler words, and the clause and sentence walks of deadlines and mechanisms) was fixed; add none without a fix.
KNOWN_SLOW: dict[str, str] = {}


# --- collecting patterns ---------------------------------------------------------------------------------
def _modules() -> list:
    mods = []
    for info in pkgutil.walk_packages(policytext.__path__, "policytext."):
        if info.name.endswith("__main__"):
            continue
        mods.append(importlib.import_module(info.name))
    return mods


def _patterns_in(value, label: str, out: dict) -> None:
    if isinstance(value, re.Pattern):
        out.setdefault((value.pattern, value.flags), (label, value))
    elif isinstance(value, (list, tuple)) and len(value) < 500:
        for i, v in enumerate(value):
            if isinstance(v, re.Pattern):
                _patterns_in(v, f"{label}[{i}]", out)
            elif isinstance(v, tuple) and len(v) < 6:
                for j, w in enumerate(v):
                    if isinstance(w, re.Pattern):
                        _patterns_in(w, f"{label}[{i}][{j}]", out)
    elif isinstance(value, dict) and len(value) < 500:
        for k, v in value.items():
            if isinstance(v, re.Pattern):
                _patterns_in(v, f"{label}[{k!r}]", out)


_RE_FUNCS = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "sub": 4, "subn": 4, "findall": 2,
             "finditer": 2, "split": 3}


def _inline_patterns(mod, out: dict) -> None:
    """Constant patterns passed to ``re.*`` calls in the module's source (built when the code runs)."""
    path = getattr(mod, "__file__", None)
    if not path or not path.endswith(".py"):
        return
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCS and node.args):
            continue
        try:
            pattern = ast.literal_eval(node.args[0])
        except ValueError:
            continue  # built from variables: the compiled result is collected from the globals when kept
        flags_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
        idx = _RE_FUNCS[node.func.attr]
        if flags_node is None and len(node.args) > idx:
            flags_node = node.args[idx]
        flags = 0
        if flags_node is not None:
            try:
                flags = eval(compile(ast.Expression(flags_node), "<flags>", "eval"), {"re": re})  # noqa: S307
            except Exception:  # noqa: BLE001 - a flag expression that is not a constant: compile without
                flags = 0
        try:
            compiled = re.compile(pattern, flags)
        except (re.error, TypeError):
            continue
        out.setdefault((compiled.pattern, compiled.flags), (f"{mod.__name__}:line {node.lineno}", compiled))


_SOURCES: dict[str, str] = {}
_MATCH_ONLY = ("match", "fullmatch")
_ANY_CALL = "search|finditer|findall|sub|subn|split|match|fullmatch"


def _sources() -> dict[str, str]:
    if not _SOURCES:
        for path in Path(policytext.__file__).parent.rglob("*.py"):
            _SOURCES[str(path)] = path.read_text(encoding="utf-8")
    return _SOURCES


def anchored_use(label: str, p: re.Pattern) -> bool:
    """True when the package only ever runs this pattern at one position (``.match``/``.fullmatch``, or an
    inline ``re.match``): it is then timed the way it runs. Anything else (search, finditer, sub, split, or
    a pattern passed around) is timed at every position, as ``finditer`` does. A caller that matches at many
    positions in a loop is caught by the end-to-end tests below."""
    name = label.split(":", 1)[1]
    if name.startswith("line "):
        mod = label.split(":", 1)[0]
        path = importlib.import_module(mod).__file__
        line = _sources()[path].splitlines()[int(name[5:]) - 1]
        calls = re.findall(r"\bre\.(" + _ANY_CALL + r")\(", line)
        return bool(calls) and all(c in _MATCH_ONLY for c in calls)
    if "[" in name:
        return False
    attr = name.rsplit(".", 1)[-1]
    calls = [m for src in _sources().values()
             for m in re.findall(r"\b" + re.escape(attr) + r"\.(" + _ANY_CALL + r")\(", src)]
    others = [1 for src in _sources().values() for _ in re.finditer(r"\b" + re.escape(attr) + r"\b(?![.(\[=])", src)]
    return bool(calls) and all(c in _MATCH_ONLY for c in calls) and len(others) <= 1


def all_patterns() -> dict[str, re.Pattern]:
    found: dict = {}
    for mod in _modules():
        for name, value in vars(mod).items():
            if getattr(value, "__module__", mod.__name__) != mod.__name__ and not isinstance(value, re.Pattern):
                continue
            if isinstance(value, type):
                for attr, v in vars(value).items():
                    _patterns_in(v, f"{mod.__name__}:{name}.{attr}", found)
            else:
                _patterns_in(value, f"{mod.__name__}:{name}", found)
        _inline_patterns(mod, found)
    return {label: p for label, p in found.values()}


# --- pumping units from a pattern's own syntax ---------------------------------------------------------
_CAT = {"CATEGORY_DIGIT": "1", "CATEGORY_NOT_DIGIT": "a", "CATEGORY_SPACE": " ", "CATEGORY_NOT_SPACE": "a",
        "CATEGORY_WORD": "a", "CATEGORY_NOT_WORD": " ", "CATEGORY_LINEBREAK": "\n", "CATEGORY_NOT_LINEBREAK": "a"}


def _class_sample(items) -> str:
    negate = any(op is _C.NEGATE for op, _ in items)
    if negate:
        banned = set()
        for op, av in items:
            if op is _C.LITERAL:
                banned.add(chr(av))
        return next(c for c in "a中1 ，x" if c not in banned)
    for op, av in items:
        if op is _C.LITERAL:
            return chr(av)
        if op is _C.RANGE:
            return chr(av[0])
        if op is _C.CATEGORY:
            return _CAT.get(str(av), "a")
    return "a"


def _sample(seq, units: list[str], depth: int = 0) -> str:
    """A short string the sequence matches (roughly), adding the samples of alternatives and repeated items
    to ``units`` on the way."""
    out = []
    for op, av in seq:
        if op is _C.LITERAL:
            out.append(chr(av))
        elif op is _C.NOT_LITERAL:
            out.append("a" if chr(av) != "a" else "b")
        elif op is _C.IN:
            out.append(_class_sample(av))
        elif op is _C.ANY:
            out.append("a")
        elif op is _C.CATEGORY:
            out.append(_CAT.get(str(av), "a"))
        elif op is _C.BRANCH:
            alts = [_sample(alt, units, depth + 1) for alt in av[1]]
            units.extend(a for a in alts if a)
            out.append(alts[0] if alts else "")
        elif op is _C.SUBPATTERN:
            out.append(_sample(av[-1], units, depth + 1))
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, body = av
            s = _sample(body, units, depth + 1)
            if s:
                units.append(s)
            out.append(s * max(lo, 1 if depth == 0 else lo))
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            out.append(_sample(av, units, depth + 1))
        # AT, ASSERT, ASSERT_NOT, GROUPREF: no characters
    return "".join(out)


def pumping_units(p: re.Pattern) -> list[str]:
    src = p.pattern.decode("latin-1") if isinstance(p.pattern, bytes) else p.pattern
    try:
        tree = _P.parse(src, p.flags & ~re.UNICODE if isinstance(p.pattern, bytes) else p.flags)
    except (re.error, TypeError, ValueError):
        return ["a", " "]
    units: list[str] = []
    whole = _sample(list(tree), units)
    if whole:
        units.append(whole)
    # two different alternatives side by side (达约 = 达 + 约 under a repeat) and the generic ones
    short = [u for u in dict.fromkeys(units) if 0 < len(u) <= 8]
    units += [a + b for a, b in zip(short, short[1:], strict=False)][:4]
    units += [" ", "\n", "a1", "中，"]
    ordered = list(dict.fromkeys(u for u in units if u and len(u) <= 64))
    return ordered[:_UNITS_PER_PATTERN]


def _as_input(p: re.Pattern, s: str):
    return s.encode("utf-8", "replace") if isinstance(p.pattern, bytes) else s


def _time(fn, s) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        fn(s)
        best = min(best, time.perf_counter() - t)
        if best > _FLOOR * 4:
            break
    return best


def growth(fn, unit: str, suffix: str = "", max_len: int = _MAX_LEN,
           floor: float = _FLOOR) -> tuple[float, int, float] | None:
    """``(ratio, n, seconds)`` when doubling n multiplies the time by more than _RATIO (confirmed once more),
    else None. ``fn`` takes the pumped string ``unit * n + suffix``; it runs once first (lazy imports, caches)."""
    fn(unit + suffix)
    n, prev = 1, None
    while True:
        s = unit * n + suffix
        t = _time(fn, s)
        if prev is not None and t > floor and t / max(prev, 1e-6) > _RATIO:
            t = min(t, _time(fn, s))  # a second look: a pause of the machine is not growth
            ratio = t / max(prev, 1e-6)
            if t > floor and ratio > _RATIO:
                if ratio > 16 or t > _STOP / 4:
                    return ratio, n, t  # exponential (or already slow): running 2n could take hours
                if _time(fn, unit * (2 * n) + suffix) / t > _RATIO:
                    return ratio, n, t
        if t > _STOP or len(s) >= max_len:
            return None
        prev = t
        n *= 2


def _drive(p: re.Pattern, anchored: bool = False):
    def run(s):
        if anchored:
            p.match(_as_input(p, s))
            return
        for _ in p.finditer(_as_input(p, s)):
            pass
    return run


PATTERNS = all_patterns()


def test_collects_every_pattern():
    """The collector sees compiled globals, class attributes and patterns built at call time."""
    labels = set(PATTERNS)
    assert any(x.startswith("policytext.read.html:") for x in labels)  # module globals
    assert any(x.startswith("policytext.read.pdf:PAGE_NUMBER") for x in labels)
    assert any(":line " in x for x in labels)  # re.search(r"...") inside functions
    assert len(PATTERNS) > 150


def test_no_pattern_grows_superlinearly():
    flagged = []
    t0 = time.perf_counter()
    for label, p in sorted(PATTERNS.items()):
        if label in KNOWN_SLOW:
            continue
        run = _drive(p, anchored_use(label, p))
        for unit in pumping_units(p):
            for suffix in ("", "\x00"):
                g = growth(run, unit, suffix)
                if g:
                    flagged.append(f"{label}: {unit!r}*n+{suffix!r} grows x{g[0]:.1f} per doubling at n={g[1]} "
                                   f"({g[2]:.3f}s)")
                    break
            else:
                continue
            break
    elapsed = time.perf_counter() - t0
    assert not flagged, "superlinear patterns:\n" + "\n".join(flagged)
    assert elapsed < (600 if DEEP else 45), f"the pattern scan took {elapsed:.1f}s"


@settings(max_examples=300 if DEEP else 40, deadline=None, suppress_health_check=list(HealthCheck))
@given(label=st.sampled_from(sorted(PATTERNS)), units=st.lists(st.text(min_size=1, max_size=4), min_size=1,
                                                                 max_size=3))
def test_hypothesis_units(label, units):
    """Hypothesis-made units (and their concatenation) pumped through a random pattern stay linear."""
    if label in KNOWN_SLOW:
        return
    unit = "".join(units)
    p = PATTERNS[label]
    assert growth(_drive(p, anchored_use(label, p)), unit, max_len=2_048) is None, (label, unit)


# --- readers and extractors end to end -------------------------------------------------------------------
_E2E_FLOOR = 0.015  # whole readers and extractors carry more noise than one regex


def _docx_of(s: str) -> bytes:
    import io
    import zipfile
    from xml.sax.saxutils import escape

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{escape(line)}</w:t></w:r></w:p>"
                    for line in s.split("\n"))
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f"<w:document xmlns:w='{w}'><w:body>{paras}</w:body></w:document>")
    return b.getvalue()


def _pdf_of(s: str) -> bytes:
    from io import BytesIO

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = BytesIO()
    c = canvas.Canvas(buf)
    y = 800
    for line in s.split("\n"):
        for i in range(0, max(len(line), 1), 36):
            if y < 60:
                c.showPage()
                y = 800
            c.setFont("STSong-Light", 12)
            c.drawString(60, y, line[i:i + 36])
            y -= 16
    c.save()
    return buf.getvalue()


def _reader(fmt: str):
    from policytext.errors import PolicytextError
    from policytext.read import read_bytes

    encode = {"docx": _docx_of, "pdf": _pdf_of}.get(fmt, lambda s: s.encode("utf-8"))

    def run(s: str):
        data = encode(s)
        try:
            read_bytes(data, f"x.{fmt}")
        except PolicytextError:
            pass
    return run


_TEXT_UNITS = ["<!-- a --> ", "日期20200101，", "\n", " \n", "发 ", "达约", "、", "《", "〔2019", "（一）", "2019",
               "到2025年", "不低于", "1:", "%", "“六统一”", "&nbsp;", "<div>", "</p>", "\u3000", "\v\f\x85\u2028",
               "第一条", "附件", "。", "1.", "|链接", "(fā)", "１２", "http://a.b/", "年月日", "- 1 -"]


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_readers_stay_linear(fmt):
    run = _reader(fmt)
    slow = [u for u in _TEXT_UNITS if growth(run, u, "正文", max_len=32_768 if not DEEP else 262_144,
                                             floor=_E2E_FLOOR)]
    assert not slow, slow


def test_pdf_reader_stays_linear():
    """PDF pages are slow to make and read: fewer units, lines of them, up to a few pages."""
    pytest.importorskip("reportlab")
    run = _reader("pdf")
    units = ["为加强管理，到2025年达到96%以上。\n", "- 1 -\n", "第1页 共2页\n", "   \n", "（一）加强组织领导\n"]
    slow = [u for u in units if growth(run, u, "正文", max_len=2_048 if not DEEP else 16_384, floor=0.05)]
    assert not slow, slow


@pytest.mark.parametrize("step", ["normalize", "structure", "metadata", "targets", "mechanisms", "deadlines"])
def test_extractors_stay_linear(step):
    from policytext.extractors.deadlines import find_deadlines
    from policytext.extractors.mechanisms import find_mechanisms
    from policytext.extractors.targets import find_targets
    from policytext.metadata import extract_metadata
    from policytext.normalize import normalize
    from policytext.structure import analyse

    fn = {"normalize": normalize, "structure": analyse, "metadata": extract_metadata,
          "targets": find_targets, "mechanisms": find_mechanisms, "deadlines": find_deadlines}[step]
    slow = []
    for u in _TEXT_UNITS:
        if f"e2e:{step}:{u}" in KNOWN_SLOW:
            continue
        g = growth(fn, u, "率60%以上。\n", max_len=8_192 if not DEEP else 65_536, floor=_E2E_FLOOR)
        if g:
            slow.append(f"e2e:{step}:{u!r} x{g[0]:.1f} per doubling at n={g[1]} ({g[2]:.3f}s)")
    assert not slow, slow
