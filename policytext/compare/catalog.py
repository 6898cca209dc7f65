"""The indicator catalog (``data/indicators.json``): which indicator a target sets, in which measure and unit.

A target record (``indicator``, ``value``, ``value_max``, ``unit``, ``text``, offsets …) is mapped to a catalog
id ``<indicator>.<measure>`` in these steps, each reported as the ``rule`` of the mapping with a confidence:

1. **Read the figure from the clause**, not from the catalog: the unit family and its exact conversion to the
   family's canonical unit (万元 → 元, 亿斤 → 吨, 公顷 → 亩), and the measure — ``growth`` when a change word
   (增长, 下降, 涨幅 …) stands right before a percentage, ``share`` for other percentages and for percentage
   points, ``ratio`` for 倍 and 1:X, ``rate`` for figures per population (每千人口), ``count`` for classifiers and
   people, ``level`` for money and physical units, ``index`` for 指数 without unit.
2. **Find the indicator** among the aliases the clause's indicator words contain (the longest alias wins). An
   alias that stands after 占 or 与 names a denominator (占地区生产总值比重), and one right after 单位/每/人均/
   万元 is part of a longer indicator (单位地区生产总值能耗): neither is the subject. A list read with 分别
   (城镇、农村居民人均可支配收入分别增长4.5%、5.5%) gives its k-th figure the k-th item. A bare indicator
   (增长, 增至) takes the nearest alias before it in its sentence.
3. **Check the entry**: it must list the clause's measure with the clause's unit family; otherwise the target
   stays unmapped (a mismatched family is never merged). Named entries rank before ``class.*`` entries (head
   nouns such as 企业, 项目: counts and amounts only, confidence 0.5).
4. **Near variants**: words without a fitting named alias take the nearest one by character-bigram
   similarity (``SIMILARITY``), rule ``similarity``.

Values are exact: the written number is re-read from the quote as a ``Decimal`` (so 5.1亿元 is 510000000, not
509999999.99999994), and the written value and unit are kept beside the canonical ones.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

# words that make a percentage a rate of change when they stand right before it (the clause's own verb)
GROWTH_WORDS = ("年均增长", "增长", "增速", "增幅", "涨幅", "上涨幅度", "上涨", "下降幅度", "下降", "降低", "减少",
                "提高", "提升", "回升", "递增", "压减", "缩减", "增加", "减排", "降幅", "调增", "上调", "改善", "压缩",
                "精简", "降价", "扩大")
# words after a change verb that make the figure the new level (提高到65%)
LEVEL_AFTER = ("到", "至", "为", "达")
# adverbs that may stand between the change word and the figure
# words that may trail an indicator (…增长了, …年均, …保持在): stripped from its end by _strip_filler
FILLER_WORDS = ("了", "约", "均", "分别", "累计", "持续", "同比", "比上年", "较上年", "预计", "实际", "平均", "年均", "都", "共",
                "总共", "只", "保持", "稳定", "控制", "在", "以上", "左右", "超", "超过", "近", "逾", "接近")


_FILLER_SET = frozenset(FILLER_WORDS)
_FILLER_MAX = max(map(len, FILLER_WORDS))


def _strip_filler(s: str) -> str:
    """``s`` without its longest suffix made of filler words (what ``(?:word|…)+$`` removed, in time linear in
    that suffix: a regex search restarted at every position of a long run of fillers)."""
    n = len(s)
    ok = {n}  # positions i where s[i:] is a sequence of filler words
    best, miss = n, 0
    for i in range(n - 1, -1, -1):
        if any(i + k in ok and s[i:i + k] in _FILLER_SET for k in range(1, _FILLER_MAX + 1)):
            ok.add(i)
            best, miss = i, 0
        else:
            miss += 1
            if miss >= _FILLER_MAX:  # no filler word can bridge this gap: nothing before it is filler to the end
                break
    return s[:best] if best < n else s
PER_POPULATION = ("每千人口", "每万人口", "每十万人口", "每千人", "每万人", "每十万人", "每百人", "每千名", "每万名",
                  "每万户", "每百户", "十万分之", "万分之")
# the same without 每, read in the indicator words only and never right after a number (20万人口 is a count)
_PER_POPULATION_BARE = re.compile(r"(?<![\d.万千百十])(?:千人口|万人口|十万人口|千人|万人)"
                                  r"(?=[^\d口]{0,12}(?:拥有|床位|医师|护士|数|量|率))")
# an alias right after these is part of a longer indicator, not its subject
_BOUND_BEFORE = ("单位", "万元", "人均", "每")
# the subject of an indicator ends at these (占地区生产总值比重, 与GDP的比率)
_DENOMINATOR = re.compile(r"占|与(?=[^与]*(?:比率|比例|之比|比值|的比))")
_MAGNITUDE = {"万亿": Decimal("1000000000000"), "千亿": Decimal("100000000000"), "百亿": Decimal("10000000000"),
              "亿": Decimal("100000000"), "千万": Decimal("10000000"), "百万": Decimal("1000000"),
              "十万": Decimal("100000"), "万": Decimal("10000"), "千": Decimal("1000"), "百": Decimal("100")}
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|千亿|百亿|亿|千万|百万|十万|万|千|百)?")
PHYSICAL_FAMILIES = frozenset({"mass", "area", "length", "volume", "power", "energy", "energy_coal", "containers"})
COUNT_FAMILIES = frozenset({"count", "persons", "person_times", "households", "pieces", "vehicles", "heads", "days"})
LEVEL_FAMILIES_DEFAULT = "level"


@dataclass(frozen=True)
class Catalog:
    version: str
    entries: dict[str, dict]                 # indicator id → entry
    aliases: tuple[tuple[str, str], ...]     # (alias, indicator id), longest first
    unit_of: dict[str, tuple[str, Decimal]]  # written unit → (family, factor to the canonical unit)
    canonical: dict[str, str]                # family → canonical unit
    distributive: dict[str, list[str]]
    by_first: dict[str, tuple[tuple[str, str], ...]]  # aliases by their first character, longest first
    heads: dict[tuple[str, str], str]        # (class id, alias) → the first alias of its synonym group
    order: dict[str, int]                    # indicator id → its place in the file (earlier wins a tie)
    domains: dict[str, dict]                 # policy domain → label and cue words


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    data = json.loads((resources.files("policytext") / "data" / "indicators.json").read_text(encoding="utf-8"))
    return build(data)


def build(data: dict) -> Catalog:
    entries = {e["id"]: e for e in data["indicators"]}
    aliases = sorted({(a, e["id"]) for e in data["indicators"] for a in [e["name"], *e["aliases"]]},
                     key=lambda x: (-len(x[0]), x[0], x[1]))
    unit_of: dict[str, tuple[str, Decimal]] = {}
    canonical: dict[str, str] = {}
    for fam, spec in data["unit_families"].items():
        canonical[fam] = spec["canonical"]
        for u, f in spec["units"].items():
            unit_of[u] = (fam, Decimal(f))
    by_first: dict[str, list[tuple[str, str]]] = {}
    for a, iid in aliases:
        by_first.setdefault(a[0], []).append((a, iid))
    heads = {(e["id"], a): group[0] for e in data["indicators"] for group in e.get("synonyms") or () for a in group}
    return Catalog(str(data["version"]), entries, tuple(aliases), unit_of, canonical,
                   dict(data.get("distributive") or {}), {k: tuple(v) for k, v in by_first.items()}, heads,
                   {iid: k for k, iid in enumerate(entries)}, dict(data.get("domains") or {}))


# ---------------------------------------------------------------- exact values


def to_decimal(v) -> Decimal | None:
    """An exact ``Decimal`` for a record value: ints and strings as they are, floats through their 15
    significant digits (the binary noise of 5.1 × 10⁸ goes)."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        return v
    try:
        if isinstance(v, int):
            return Decimal(v)
        if isinstance(v, float):
            return Decimal(format(v, ".15g"))
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def dec_str(d: Decimal | None) -> str | None:
    """``Decimal`` as plain positional text without trailing zeros (5.1E+8 → 510000000)."""
    if d is None:
        return None
    d = d.normalize()
    s = format(d, "f")
    return s


def dec_json(d: Decimal | None):
    """A JSON number that prints as the decimal: an int when integral, else the float whose shortest repr is
    the decimal (exact for up to 15 significant digits)."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def written_figures(text: str, unit: str | None) -> list[tuple[Decimal, str, str, int]]:
    """``(value, written number, written unit, position)`` of each number in ``text``, its 万/亿 magnitude
    applied; the written unit is the magnitude and ``unit``."""
    out = []
    for m in _NUMBER.finditer(text or ""):
        mag = m.group(2) or ""
        out.append((Decimal(m.group(1)) * _MAGNITUDE.get(mag, Decimal(1)), m.group(1), mag + (unit or ""), m.start()))
    return out


def _close(a: Decimal, b: Decimal) -> bool:
    if a == b:
        return True
    scale = max(abs(a), abs(b))
    return scale > 0 and abs(a - b) / scale < Decimal("1e-9")


def exact_figure(t: dict) -> dict:
    """``value``, ``value_max`` (Decimals) and the ``written_value``/``written_unit`` of a target: the number as
    the quote writes it when the quote has it (a range writes both bounds: 5%—5.5%)."""
    v = to_decimal(t.get("value"))
    vmax = to_decimal(t.get("value_max"))
    figs = written_figures(t.get("text") or "", t.get("unit"))
    wv = wu = None
    pos = None
    for val, num, wunit, at in reversed(figs):  # the figure usually ends the quote
        if v is not None and _close(val, v):
            v, wv, wu, pos = val, num, wunit, at
            break
    wmax = None
    if vmax is not None:
        for val, num, _wunit, _at in reversed(figs):
            if _close(val, vmax):
                vmax, wmax = val, num
                break
    if wv is None and v is not None:
        wv, wu = dec_str(v), t.get("unit") or ""
    if wmax is not None and wv is not None:
        wv = f"{wv}–{wmax}"
    return {"value": v, "value_max": vmax, "written_value": wv, "written_unit": wu, "position": pos}


# ---------------------------------------------------------------- measure and unit family


def unit_family(unit: str | None, cat: Catalog | None = None) -> tuple[str, Decimal, str]:
    """``(family, factor, canonical unit)`` of a written unit; an unknown unit is a family of its own
    (``unit:<unit>``), and no unit is ``none``."""
    cat = cat or catalog()
    if not unit:
        return "none", Decimal(1), ""
    hit = cat.unit_of.get(unit)
    if hit is None:
        if unit.startswith("1:") or unit.endswith(":1"):
            return "ratio", Decimal(1), unit
        return f"unit:{unit}", Decimal(1), unit
    fam, f = hit
    return fam, f, cat.canonical[fam]


def _before_figure(t: dict) -> str:
    """The words of the quote before its figure, or the indicator when the quote starts with the figure (the
    second figure of a list: 5.5%左右)."""
    text = t.get("text") or ""
    pos = exact_figure(t)["position"]
    if pos is None:
        m = _NUMBER.search(text)
        pos = m.start() if m else len(text)
    lo = max(text.rfind(c, 0, pos) for c in "，,、")  # a range's first bound is not the clause's head
    head = text[:pos]
    if not head.strip() or (lo >= 0 and not _strip_filler(text[lo + 1:pos]).strip()):
        return t.get("indicator") or ""
    return head


def is_change(words: str) -> bool:
    """Whether ``words`` end with a change verb (增长, 下降 …), adverbs aside, and not with 提高到/增至."""
    w = _strip_filler(words.strip())
    if w.endswith(LEVEL_AFTER):
        return False
    return w.endswith(GROWTH_WORDS)


def read_measure(t: dict, family: str) -> str:
    ind = t.get("indicator") or ""
    if family == "percentage_point":
        return "share"
    if family == "times":  # 增长1.5倍 is a rate of change; 为上年的1.2倍 a ratio
        return "growth" if is_change(_before_figure(t)) else "ratio"
    if family == "ratio":
        return "ratio"
    if family == "percent" and is_change(_before_figure(t)):  # 每万人口专利拥有量增长28% is a rate of change
        return "growth"
    if any(p in ind or p in (t.get("text") or "") for p in PER_POPULATION) or _PER_POPULATION_BARE.search(ind):
        return "rate"
    if family == "percent":
        return "share"
    if family in COUNT_FAMILIES:
        return "count"
    if family == "none":
        return "index" if "指数" in ind or "系数" in ind else "level"
    return "level"


# ---------------------------------------------------------------- indicator


def subject(ind: str) -> str:
    """The indicator words before a denominator (占…比重, 与…比率)."""
    m = _DENOMINATOR.search(ind)
    return ind[:m.start()] if m and m.start() >= 2 else ind


def alias_hits(words: str, cat: Catalog | None = None) -> list[tuple[str, str, int]]:
    """``(alias, indicator id, position)`` of the aliases ``words`` contain, longest first; an alias inside a
    longer one that also matches there is left out, and so is one bound to the word before it (单位, 人均)."""
    cat = cat or catalog()
    if cat is catalog():
        return list(_alias_hits_cached(words))
    return _alias_hits(words, cat)


@lru_cache(maxsize=65536)
def _alias_hits_cached(words: str) -> tuple[tuple[str, str, int], ...]:
    return tuple(_alias_hits(words, catalog()))


def _alias_hits(words: str, cat: Catalog) -> list[tuple[str, str, int]]:
    found = []  # every occurrence, by the first character of the alias (words are short)
    for p, ch in enumerate(words):
        for a, iid in cat.by_first.get(ch, ()):
            if words.startswith(a, p):
                found.append((a, iid, p))
    found.sort(key=lambda h: (-len(h[0]), h[0], h[1], h[2]))
    taken: list[tuple[int, int, str]] = []
    out = []
    for a, iid, p in found:
        if any(s <= p and p + len(a) <= e and w != a for s, e, w in taken):
            continue
        taken.append((p, p + len(a), a))  # a rejected match also hides the shorter aliases inside it
        if not a.startswith(_BOUND_BEFORE) and words[:p].endswith(_BOUND_BEFORE):
            continue
        out.append((a, iid, p))
    return out


SIMILARITY = 0.8  # Dice coefficient of character bigrams above which words without an alias take the nearest one
_SCOPE = re.compile(r"^(?:全省|全市|全区|全县|全州|全盟|全年|今年|其中|新增|累计|年均|力争|确保)+")


def _core(words: str) -> str:
    """Indicator words without scope words before and change words after (全市…增长)."""
    w = _SCOPE.sub("", words.strip())
    for _ in range(3):
        w2 = _strip_filler(w)
        for g in sorted(GROWTH_WORDS, key=len, reverse=True):
            if w2.endswith(g):
                w2 = w2[:-len(g)]
                break
        if w2 == w:
            break
        w = w2
    return w


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


_INDEX: dict[int, tuple[Catalog, list, dict]] = {}


def _bigram_index(cat: Catalog) -> tuple[list[tuple[str, str, int]], dict[str, list[int]]]:
    """Named (not class) aliases of at least four characters, and their postings by bigram."""
    hit = _INDEX.get(id(cat))
    if hit is not None and hit[0] is cat:
        return hit[1], hit[2]
    items = [(a, iid, len(_bigrams(a))) for a, iid in cat.aliases
             if len(a) >= 4 and not cat.entries[iid].get("class")]
    post: dict[str, list[int]] = {}
    for k, (a, _iid, _n) in enumerate(items):
        for g in _bigrams(a):
            post.setdefault(g, []).append(k)
    _INDEX[id(cat)] = (cat, items, post)
    return items, post


def similar_alias(words: str, measure: str, family: str, cat: Catalog | None = None) -> tuple[str, str, float] | None:
    """The named alias nearest to ``words`` (Dice coefficient of character bigrams ≥ ``SIMILARITY``) whose
    entry takes the measure and unit family: a variant wording (城镇调查的失业率, 规模以上工业的增加值) of an
    indicator the catalog names. None when nothing is that close."""
    cat = cat or catalog()
    grams = _bigrams(_core(words))
    if len(grams) < 3:
        return None
    items, post = _bigram_index(cat)
    overlap: dict[int, int] = {}
    for g in grams:
        for k in post.get(g, ()):
            overlap[k] = overlap.get(k, 0) + 1
    best = None
    for k, n in overlap.items():
        a, iid, na = items[k]
        score = 2 * n / (na + len(grams))
        if score >= SIMILARITY and (best is None or score > best[2]) and accepts(cat.entries[iid], measure, family):
            best = (a, iid, score)
    return best


def _fams(f) -> list[str]:
    return [] if f is None else [f] if isinstance(f, str) else list(f)


def accepts(entry: dict, measure: str, family: str) -> bool:
    """Whether ``entry`` lists ``measure`` in ``family``. Two readings are implied: a share in percent is also
    set in percentage points (城镇化率提高1个百分点), and a rate of change in percent or in times (增长20%,
    增长1.5倍) is set for every named indicator held as a growth rate, a level or a count (高新技术企业数增长20%)
    and for a class that lists growth; each family stays a row of its own."""
    ms = entry.get("measures") or {}
    fams = _fams(ms.get(measure))
    if family in fams:
        return True
    if measure == "share" and family == "percentage_point":
        return "percent" in fams
    if measure == "growth" and family in ("percent", "times"):
        return "percent" in fams or (not entry.get("class") and ("level" in ms or "count" in ms))
    return False


def expand_list(ind: str, k: int, n: int, cat: Catalog | None = None) -> str | None:
    """The k-th of ``n`` parallel indicators a list names (城镇、农村居民收入 → 农村居民收入; 城乡居民收入 →
    城镇居民收入 for k = 0); None when the list does not have ``n`` items."""
    cat = cat or catalog()
    for word, items in cat.distributive.items():
        p = ind.find(word)
        if p >= 0 and len(items) == n and "、" not in ind:
            return ind[:p] + items[k] + ind[p + len(word):]
    parts = re.split(r"[、和及与]", ind)
    if len(parts) != n or n < 2:
        return None
    heads = parts[:-1]
    last = parts[-1]
    w = len(heads[0])
    if any(len(h) != w for h in heads) or len(last) <= w:
        return None
    tail = last[w:]
    return heads[k] + tail if k < n - 1 else last


@dataclass
class Mapping:
    indicator_id: str | None   # <entry>.<measure>, or None
    entry: str | None
    name: str | None
    measure: str
    family: str
    canonical_unit: str
    factor: Decimal
    rule: str                  # alias, list, context, class, similarity, unmapped, family_mismatch
    confidence: float
    alias: str | None = None
    words: str | None = None   # the indicator words the mapping read
    quote_start: int | None = None  # a list's k-th figure is quoted with the list's words before it
    quote: str | None = None
    qualifier: str | None = None  # a class mapping: the words that tell its indicator apart (汽车产业 of 增加值)
    domain: str | None = None     # the policy domain (the entry's; a generic class's from its qualifier)
    label: str | None = None      # a class mapping: its indicator as the words name it (汽车产业增加值)
    head: str | None = None       # a class mapping: its head noun, synonyms as one (营业收入 for 营收)


# words that may end an indicator after its head noun (…企业数, …增加值增长, …达到): stripped to find the head
_TRAIL = tuple(sorted({*FILLER_WORDS, *GROWTH_WORDS, "达到", "达", "到", "至", "为", "突破", "超过", "超", "增至", "降至",
                       "提高到", "提升至", "提升到", "稳定在", "保持在", "控制在", "数量", "总数", "个数", "数", "总量",
                       "次数", "人数", "规模", "水平", "总额", "总长", "金额", "减量", "增量", "翻番", "再", "的"}, key=len,
                      reverse=True))
_TRAIL_SET = frozenset(_TRAIL)
_TRAIL_MAX = max(map(len, _TRAIL))
# a comparison with a past period that may end the words before the change word (较“十三五”期末增长, 比2020年增长)
_SINCE = re.compile(r"(?:较|比)(?:上年|去年|同期|“?十[一二三四五]五”?(?:期末|末|时期|期间)?|\d{4}年(?:末|底)?|“[^”]{1,6}”)$"
                    r"|(?:近|过去)?(?:(?<!\d)\d{1,4}|[一二三四五六七八九十])年(?:来|间)?$")
# words before a class qualifier that tell nothing apart (全省, 力争, 一是)
_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+是|其中|全省|全市|全区|全县|全州|全盟|全年|今年|明年|力争|确保|预计|争取|"
                   r"深入|持续|全力|扎实|积极|大力|着力|继续|加快|实施|推进|推动|完成|打造|带动|拉动|落实|开展|举办|"
                   r"抓好|支持|实现|组织|"
                   r"\d{4}年|[（(]?\d+[)）.、]|[“”\"、，,：:]|\s)+")


# qualifiers that tell nothing apart (总里程, 各类项目, 年度投资)
_EMPTY_QUALIFIERS = frozenset({"总", "年", "年度", "各类", "各项", "全部", "相关", "其他", "有关", "一批", "新", "再"})


def head_end(words: str) -> int:
    """Where the head noun of ``words`` ends: before the change, level and filler words and the comparison with
    a past period that may trail it (企业利润增长 → after 利润, 企业数 → after 企业, 实有企业较2020年增长 →
    after 企业)."""
    end = len(words)
    while end > 0:
        for k in range(min(_TRAIL_MAX, end - 1), 0, -1):  # the longest trailing word first
            if words[end - k:end] in _TRAIL_SET:
                end -= k
                break
        else:
            m = _SINCE.search(words, 0, end)
            if m and m.start() > 0:
                end = m.start()
                continue
            break
    return end


def _trailing_only(rest: str) -> bool:
    """Whether ``rest`` (the words after a head noun) holds only words that may trail it."""
    return not rest or head_end("·" + rest) == 1


def qualifier_of(words: str, start: int, end: int) -> str:
    """The words of a class mapping that tell its indicator apart: the words before the head noun (and any
    after it), without scope and hedge words."""
    before = _LEAD.sub("", words[:start])
    after = words[end:head_end(words)] if end < head_end(words) else ""
    qual = (before + after).strip("的 ")
    return "" if qual in _EMPTY_QUALIFIERS else qual


def map_target(t: dict, *, words: str | None = None, context: str = "", cat: Catalog | None = None) -> Mapping:
    """Map one target record; ``words`` overrides its indicator (a list item), ``context`` is the text of its
    sentence before it (for a bare indicator)."""
    cat = cat or catalog()
    family, factor, cunit = unit_family(t.get("unit"), cat)
    measure = read_measure(t, family)
    ind = words if words is not None else (t.get("indicator") or "")
    subj = subject(ind)
    hits = alias_hits(subj, cat)
    if subj != ind:  # an alias that spans the denominator names the share itself (税收占比, 制造业占比)
        span = [h for h in alias_hits(ind, cat) if h[2] < len(subj) < h[2] + len(h[0])]
        if span:
            subj = ind
            hits = span + [h for h in hits if h[2] + len(h[0]) <= span[0][2]]
    rule = "list" if words is not None else "alias"
    if not hits and _bare(subj) and context:
        ctx_hits = [h for h in alias_hits(context, cat) if not cat.entries[h[1]].get("class")
                    and accepts(cat.entries[h[1]], measure, family)]
        if ctx_hits:
            hits = [max(ctx_hits, key=lambda h: (h[2] + len(h[0]), len(h[0])))]
            rule = "context"
        else:  # the head noun of the clause before (实施重点项目2800个，新开工33个)
            m = _context_class(subj, ind, context, measure, family, cunit, factor, cat)
            if m is not None:
                return m
    # an alias right before 级 is a rank (国家级, 省级), not the thing measured
    fitting = [h for h in hits if accepts(cat.entries[h[1]], measure, family)
               and not subj.startswith("级", h[2] + len(h[0]))]
    named = [h for h in fitting if not cat.entries[h[1]].get("class")]
    classes = [h for h in fitting if cat.entries[h[1]].get("class")]
    # a class whose alias is the head noun (…企业利润, …产业增加值) takes the figure when every named indicator
    # the words contain stands before it (新能源汽车零售额: 新能源汽车 qualifies 零售额)
    # (a measure word — 占比, 覆盖率 — leaves the figure to the named indicator before it: 产业投资占比)
    heads = [h for h in classes if _trailing_only(subj[h[2] + len(h[0]):])
             and (not named or not cat.entries[h[1]].get("measure_word"))
             and all(n[2] + len(n[0]) <= h[2] for n in named)]
    if not named:
        # no named indicator among the aliases: a near variant of one (规模以上工业的增加值) before a class
        near = similar_alias(subj, measure, family, cat)
        if near is not None:
            a, iid, score = near
            e = cat.entries[iid]
            return Mapping(f"{iid}.{measure}", iid, e["name"], measure, family, cunit, factor, "similarity",
                           round(score * 0.8, 2), a, ind, domain=e.get("domain"))
    if heads:
        m = _class_mapping(max(heads, key=lambda h: (len(h[0]), -cat.order[h[1]])), subj, ind, measure, family,
                           cunit, factor, context, cat)
        if m.indicator_id is not None:
            return m
    if not named:
        # a counted or physical thing need not end the words (3家单位获评…, 公路安全生命防护工程1500公里): the
        # last class noun, for counts and physical amounts (not money: 低收入家庭…每人1万元)
        if classes and (measure == "count" or (measure == "level" and family in PHYSICAL_FAMILIES)):
            m = _class_mapping(max(classes, key=lambda h: (h[2] + len(h[0]), len(h[0]), -cat.order[h[1]])), subj,
                               ind, measure, family, cunit, factor, context, cat)
            if m.indicator_id is not None:
                m.confidence = 0.4
            return m
        # a share of a whole the words name after 占 (棉花产量占全国, 产值占全省比重): the share class, qualified by
        # the numerator and the whole
        if subj != ind and measure == "share" and "class.shares" in cat.entries \
                and accepts(cat.entries["class.shares"], measure, family):
            e = cat.entries["class.shares"]
            qual = _LEAD.sub("", ind[:head_end(ind)]).strip("的 ") or ind
            return Mapping(f"class.shares.{measure}", "class.shares", e["name"], measure, family, cunit, factor,
                           "class", 0.5, "占", ind, qualifier=qual, domain=_qualifier_domain(qual, "class.shares", cat),
                           label=qual, head=cat.heads.get(("class.shares", "占比"), "占比"))
    if not hits:
        return Mapping(None, None, None, measure, family, cunit, factor, "unmapped", 0.0, None, ind)
    if not named:
        return Mapping(None, None, None, measure, family, cunit, factor, "family_mismatch", 0.0, hits[0][0], ind)
    named.sort(key=lambda h: -len(h[0]))  # the longest alias
    a, iid, _ = named[0]
    distinct = {h[1] for h in named}
    conf = {"alias": 0.95, "list": 0.9, "context": 0.75}[rule]
    if a == subj.strip() or a == cat.entries[iid]["name"]:
        conf = min(1.0, conf + 0.05)
    if len(distinct) > 1:  # the words name several indicators (A、B增长): the longest is a guess
        conf *= 0.7
    conf = round(conf, 2)
    redirect = (cat.entries[iid].get("as") or {}).get(measure)  # 研发经费投入占GDP比重 is 研发投入强度
    if redirect and accepts(cat.entries[redirect], measure, family):
        iid = redirect
    e = cat.entries[iid]
    return Mapping(f"{iid}.{measure}", iid, e["name"], measure, family, cunit, factor, rule, conf, a, ind,
                   domain=e.get("domain"))


def _class_mapping(hit: tuple[str, str, int], subj: str, ind: str, measure: str, family: str, cunit: str,
                   factor: Decimal, context: str, cat: Catalog) -> Mapping:
    """A ``class.*`` mapping with its qualifier; a comparison with a reference (高于全国) that names no
    indicator of its own is qualified by the named indicator its sentence set before it."""
    a, iid, p = hit
    e = cat.entries[iid]
    qual = qualifier_of(subj, p, p + len(a))
    label = _LEAD.sub("", subj[:max(head_end(subj), p + len(a))]).strip("的 ") or a
    if not qual and e.get("measure_word"):
        # a bare measure word (占比, 高于全国) says nothing of what it measures: the named indicator its sentence
        # set before it does; without one, the figure stays unmapped
        ctx = [h for h in alias_hits(context, cat) if not cat.entries[h[1]].get("class")] if context else []
        if not ctx:
            return Mapping(None, None, None, measure, family, cunit, factor, "unmapped", 0.0, a, ind)
        qual = cat.entries[max(ctx, key=lambda h: (h[2] + len(h[0]), len(h[0])))[1]]["name"]
        label = f"{qual}{label}"
    return Mapping(f"{iid}.{measure}", iid, e["name"], measure, family, cunit, factor, "class", 0.5, a, ind,
                   qualifier=qual, domain=_qualifier_domain(qual, iid, cat), label=label,
                   head=cat.heads.get((iid, a), a))


_FIGURE_END = re.compile(r"(?<![\d.])\d{1,12}(?:\.\d{1,6})?[%％]?\S{0,3}$")  # a figure ending a clause (5.2%左右)


def _context_class(subj: str, ind: str, context: str, measure: str, family: str, cunit: str, factor: Decimal,
                   cat: Catalog) -> Mapping | None:
    """A class mapping for bare words (新开工, 增长) read from the head noun of the last clause before them that
    ends in one; its qualifier is that clause's and the bare words' (重点 · 新开工 of 项目)."""
    for clause in reversed(re.split(r"[，,、：:（）()]", context)):
        clause = _FIGURE_END.sub("", clause.strip())
        hits = [h for h in alias_hits(clause, cat) if cat.entries[h[1]].get("class")
                and not cat.entries[h[1]].get("measure_word") and accepts(cat.entries[h[1]], measure, family)
                and _trailing_only(clause[h[2] + len(h[0]):])]
        if hits:
            a, iid, p = max(hits, key=lambda h: len(h[0]))
            e = cat.entries[iid]
            bare = "" if _trailing_only(subj.strip()) else _LEAD.sub("", subj).strip()  # 增长 adds nothing
            qual = "".join(x for x in (qualifier_of(clause, p, p + len(a)), bare) if x)
            label = f"{clause[:p + len(a)]}{subj.strip()}"
            return Mapping(f"{iid}.{measure}", iid, e["name"], measure, family, cunit, factor, "context", 0.4, a,
                           ind, qualifier=qual, domain=_qualifier_domain(qual, iid, cat), label=_LEAD.sub("", label),
                           head=cat.heads.get((iid, a), a))
        if clause and alias_hits(clause, cat):
            return None  # the clause before names something else
    return None


def _qualifier_domain(qual: str, iid: str, cat: Catalog) -> str | None:
    """The policy domain of a class mapping: the class's own, or, for a class of generic measures (覆盖率,
    占比), the domain of the indicator its qualifier names (数字化转型覆盖率 of 工业企业 → industry)."""
    e = cat.entries[iid]
    if not e.get("domain_from_qualifier") or not qual:
        return e.get("domain")
    hits = [h for h in alias_hits(qual, cat) if not cat.entries[h[1]].get("domain_from_qualifier")]
    named = [h for h in hits if not cat.entries[h[1]].get("class")]
    if named:  # the longest named indicator the qualifier contains
        return cat.entries[max(named, key=lambda h: (len(h[0]), h[2]))[1]].get("domain") or e.get("domain")
    end = head_end(qual)  # else the class of the qualifier's own head noun (县医院 → 医院)
    heads = [h for h in hits if h[2] + len(h[0]) == end]
    if heads:
        return cat.entries[max(heads, key=lambda h: len(h[0]))[1]].get("domain") or e.get("domain")
    return cue_domain(qual, cat) or e.get("domain")


def cue_domain(words: str, cat: Catalog | None = None) -> str | None:
    """The policy domain whose cue words (``domains`` of the catalog: 工业, 医疗, 生态 …) ``words`` contain
    most often, the earliest on a tie; None without any."""
    cat = cat or catalog()
    best: tuple[int, int, str] | None = None
    for dom, spec in cat.domains.items():
        found = [words.find(c) for c in spec.get("cues") or () if c in words]
        if found:
            key = (len(found), -min(found), dom)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


_BARE = re.compile(r"^(?:全省|全市|全区|全县|全年|今年|其中|同比)?(?:年均|累计|比上年|分别)?"
                   r"(?:增长|增速|增幅|下降|降低|提高|提升|增至|增加到|增加|达到|突破|总量|规模|占比|产值|总额|达|"
                   r"新开工|开工|竣工|完工|建成|投产|推出|再推出|新增|新建|上线|总数|总规模|新登记|净增|增量)?$")


def _bare(ind: str) -> bool:
    """Indicator words that name no indicator (增长, 增至, 总量): the figure continues a clause about one."""
    return bool(_BARE.match(ind.strip()))


def sentence_before(text: str, start: int, limit: int = 80) -> str:
    """The text of the sentence before ``start`` (at most ``limit`` characters)."""
    lo = max(0, start - limit)
    chunk = text[lo:start]
    cut = max(chunk.rfind(c) for c in "。；！？\n")
    return chunk[cut + 1:]


def map_document(rec: dict, cat: Catalog | None = None) -> list[Mapping]:
    """A mapping per target of a document record, in the record's target order."""
    cat = cat or catalog()
    targets = rec.get("targets") or []
    text = rec.get("text") or ""
    out: list[Mapping | None] = [None] * len(targets)
    # lists read with 分别: consecutive targets sharing one indicator in one sentence
    groups: list[list[int]] = []
    for i, t in enumerate(targets):
        if groups:
            j = groups[-1][-1]
            p = targets[j]
            if (p.get("indicator") == t.get("indicator") and t.get("start") is not None and p.get("end") is not None
                    and 0 <= t["start"] - p["end"] <= 8
                    and not any(c in text[p["end"]:t["start"]] for c in "。；！？\n")):
                groups[-1].append(i)
                continue
        groups.append([i])
    for g in groups:
        n = len(g)
        if n >= 2:
            ind = targets[g[0]].get("indicator") or ""
            items = [expand_list(ind, k, n, cat) for k in range(n)]
            if all(items) and len(set(items)) == n:
                s0 = targets[g[0]].get("start")
                for k, i in enumerate(g):
                    m = map_target(targets[i], words=items[k], cat=cat)
                    e = targets[i].get("end")
                    if k and text and s0 is not None and e is not None and s0 < e:
                        m.quote_start, m.quote = s0, text[s0:e]
                    out[i] = m
                continue
        for i in g:
            t = targets[i]
            ctx = sentence_before(text, t["start"]) if text and t.get("start") is not None else ""
            out[i] = map_target(t, context=ctx, cat=cat)
    # a list's later figure that the record quotes bare (5.5%左右 after 城镇、农村居民收入分别增长4.5%、) is quoted
    # with the list's words before it, as successive prefixes of the clause
    for i in range(1, len(targets)):
        t, p, m = targets[i], targets[i - 1], out[i]
        if m is None or m.quote_start is not None or not text or t.get("start") is None or p.get("end") is None:
            continue
        gap = text[p["end"]:t["start"]]
        if gap in ("、", "，", ",") and re.match(r"[\d.]", t.get("text") or ""):
            q0 = out[i - 1].quote_start if out[i - 1] is not None and out[i - 1].quote_start is not None \
                else p.get("start")
            if q0 is not None and q0 < t["start"]:
                m.quote_start, m.quote = q0, text[q0:t["end"]]
    return out  # type: ignore[return-value]


def canonical_figure(t: dict, m: Mapping) -> dict:
    """Exact value fields of a target: written, as recorded, and in the canonical unit of its family."""
    ex = exact_figure(t)
    f = m.factor
    cv = ex["value"] * f if ex["value"] is not None else None
    cmax = ex["value_max"] * f if ex["value_max"] is not None else None
    return {"value": ex["value"], "value_max": ex["value_max"], "written_value": ex["written_value"],
            "written_unit": ex["written_unit"], "canonical_value": cv, "canonical_value_max": cmax,
            "canonical_unit": m.canonical_unit}


def convert(value: Decimal, unit: str, to_unit: str, cat: Catalog | None = None) -> Decimal:
    """``value`` in ``unit`` expressed in ``to_unit`` of the same family, exactly; ``ValueError`` across
    families. Units may carry a magnitude (亿斤, 万吨)."""
    cat = cat or catalog()
    (fa, ma), (fb, mb) = _scaled(unit, cat), _scaled(to_unit, cat)
    if fa[0] != fb[0]:
        raise ValueError(f"{unit} ({fa[0]}) and {to_unit} ({fb[0]}) are different unit families")
    return value * ma * fa[1] / (mb * fb[1])


def _scaled(unit: str, cat: Catalog) -> tuple[tuple[str, Decimal], Decimal]:
    for mag in sorted(_MAGNITUDE, key=len, reverse=True):
        if unit.startswith(mag) and unit[len(mag):] in cat.unit_of:
            return cat.unit_of[unit[len(mag):]], _MAGNITUDE[mag]
    if unit in cat.unit_of:
        return cat.unit_of[unit], Decimal(1)
    raise ValueError(f"unknown unit {unit!r}")
