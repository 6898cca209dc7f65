"""Numbers in Chinese policy text: Arabic and Chinese numerals, magnitudes, units, ranges, comparators.

    >>> parse_number("3.6万")
    36000.0
    >>> parse_number("百分之三十五点五")
    35.5
    >>> [(q.value, q.unit, q.comparator) for q in find_quantities("城镇新增就业50万人以上")]
    [(500000.0, '人', '>=')]

``find_quantities`` returns every counted amount with its measure word (``unit``), the comparator its
context words imply and whether it is a duration (三年, 6个月 — durations are marked, targets skip them).
Calendar dates (2022年, 9月10日, 2019-12-17), ordinals (第九) and numbers glued to Latin letters
(ICP备2002号, 1X所) are not quantities. Offsets index the text as given (full-width digits are read in
place, so no offset shifts).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Quantity", "parse_number", "parse_chinese_int", "to_chinese_numeral", "find_quantities",
           "comparator_before", "comparator_after", "UNITS"]

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
MAGNITUDE = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千": 1e3, "百": 1e2, "十": 10.0}

# full-width → ASCII, same length (offsets unchanged)
_FW = str.maketrans("０１２３４５６７８９％．，～－—–", "0123456789%.,~---")

_CN_CHARS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str | None
    comparator: str
    raw: str
    duration: bool = False
    chinese: bool = False  # written with a Chinese numeral
    num_start: int = 0  # span of the numeral itself (without comparator words)
    num_end: int = 0


def _load_units() -> tuple[list[str], set[str], dict[str, tuple[str, float]]]:
    try:
        data = json.loads(resources.files("policytext.data").joinpath("units.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, OSError, ValueError):
        data = {}
    units = list(data.get("units", []))
    durations = set(data.get("durations", []))
    scaled = {k: (v[0], float(v[1])) for k, v in data.get("scaled", {}).items()}
    return units, durations, scaled


UNITS, DURATIONS, SCALED_UNITS = _load_units()


# ----------------------------------------------------------------------------------------------- numerals

def parse_chinese_int(s: str) -> int | None:
    """一百零五 → 105, 两千 → 2000, 三亿五千万 → 350000000, 二〇二二 → 2022; None when not a numeral."""
    if not s or any(c not in _CN_CHARS for c in s):
        return None
    if all(c in CN_DIGITS for c in s):  # digit string: 二〇二二
        v = 0
        for c in s:
            v = v * 10 + CN_DIGITS[c]
        return v
    total = 0  # completed 亿 groups
    section = 0  # current group below 亿 (may include 万)
    small = 0  # current group below 万
    digit: int | None = None
    for c in s:
        if c in CN_DIGITS:
            if digit is not None and CN_DIGITS[c] != 0:
                return None  # two digits in a row inside a unit numeral: 三五百
            digit = CN_DIGITS[c] if CN_DIGITS[c] != 0 else None
        elif c in CN_SMALL:
            small += (1 if digit is None else digit) * CN_SMALL[c]
            digit = None
        elif c == "万":
            section = (section + small + (digit or 0)) * 10_000 if (small or digit or section) else 10_000
            small, digit = 0, None
        elif c == "亿":
            total = (total + section + small + (digit or 0)) * 100_000_000 if (section or small or digit or total) \
                else 100_000_000
            section, small, digit = 0, 0, None
    return total + section + small + (digit or 0)


def to_chinese_numeral(n: int) -> str:
    """Non-negative int → Chinese numeral (105 → 一百零五, 12 → 十二, 20000 → 二万)."""
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"

    def below_10k(x: int, leading: bool) -> str:
        out = ""
        zero = False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // unit
            x %= unit
            if d:
                if zero:
                    out += "零"
                    zero = False
                if unit == 10 and d == 1 and leading and not out:
                    out += "十"
                else:
                    out += digits[d] + name
            elif out:
                zero = True
        return out

    parts = []
    groups = []
    while n:
        groups.append(n % 10_000)
        n //= 10_000
    names = ["", "万", "亿", "万亿"]
    first = True
    pending_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            pending_zero = True
            continue
        if not first and (pending_zero or g < 1000):
            parts.append("零")
        parts.append(below_10k(g, first) + names[i])
        first = False
        pending_zero = False
    return "".join(parts)


_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RE_ARABIC_FULL = re.compile(rf"^(?:{_ARABIC})$")
_RE_CN_DEC = re.compile(rf"^([{_CN_CHARS}]+)点([零〇○一二三四五六七八九]+)$")


def _parse_plain(s: str) -> float | None:
    if _RE_ARABIC_FULL.match(s):
        return float(s.replace(",", ""))
    m = _RE_CN_DEC.match(s)
    if m:
        head = parse_chinese_int(m.group(1))
        if head is None:
            return None
        return float(f"{head}.{''.join(str(CN_DIGITS[c]) for c in m.group(2))}")
    v = parse_chinese_int(s)
    return float(v) if v is not None else None


def parse_number(s: str) -> float | None:
    """A numeral (with an optional magnitude word) → float; None when ``s`` is not one.

    Arabic ``1,234.5``, full-width digits, Chinese ``一百零五``/``两千``/``三十五点五``, mixed ``3.6万``/``1.2亿``,
    ``百分之六十`` → 60 (a percent number), ``千分之五`` → 5 (per mille); a trailing ``%`` is allowed.
    """
    if not isinstance(s, str):
        return None
    s = s.translate(_FW).strip().rstrip("%‰")
    if not s:
        return None
    for prefix in ("百分之", "千分之", "万分之"):
        if s.startswith(prefix):
            return _parse_plain(s[len(prefix):]) if len(s) > len(prefix) else None
    v = _parse_plain(s)
    if v is not None:
        return v
    m = re.match(rf"^({_ARABIC})(万亿|万|亿|千|百)$", s)
    if m:
        return float(m.group(1).replace(",", "")) * MAGNITUDE[m.group(2)]
    return None


# ----------------------------------------------------------------------------------------------- comparators

# (word, comparator): checked right before the number (nearest wins)
_BEFORE = [
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("不下于", ">="), ("至少", ">="), ("最少", ">="),
    ("超过", ">="), ("突破", ">="), ("高于", ">="), ("大于", ">="), ("多于", ">="), ("保证", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("低于", "<="), ("少于", "<="),
    ("小于", "<="), ("控制在", "<="), ("压缩至", "<="), ("压缩到", "<="), ("缩短至", "<="), ("缩短到", "<="),
    ("降至", "<="), ("降到", "<="), ("降低到", "<="), ("下降到", "<="),
    ("超", ">="), ("约", "~"), ("近", "~"), ("将近", "~"), ("接近", "~"), ("大约", "~"), ("大概", "~"),
    ("达到", "="), ("达", "="), ("为", "="),
]
_AFTER = [("以上", ">="), ("及以上", ">="), ("之上", ">="), ("以下", "<="), ("及以下", "<="), ("以内", "<="),
          ("之内", "<="), ("左右", "~"), ("上下", "~"), ("前后", "~")]
_BEFORE_RE = re.compile("(" + "|".join(sorted({re.escape(w) for w, _ in _BEFORE}, key=len, reverse=True)) + ")")
_BEFORE_MAP = dict(_BEFORE)
_AFTER_RE = re.compile(r"\s*(" + "|".join(sorted({re.escape(w) for w, _ in _AFTER}, key=len, reverse=True)) + ")")
_AFTER_MAP = dict(_AFTER)
_CLAUSE_STOP = re.compile(r"[，,；;。：:！？!?\n、]")


_FAR_BOUND = re.compile(r"(不低于|不少于|不高于|不超过|不大于|不小于|低于|高于|超过)[^，,；;。：:！？!?\n、]{1,24}的\s*$")


def comparator_before(text: str, pos: int, window: int = 12) -> tuple[str | None, int]:
    """Comparator implied by words just before ``pos`` (same clause, nearest wins) and where it starts;
    a bound may also govern a ``…的`` share: 不低于符合交流条件教师总数的10%."""
    far = _FAR_BOUND.search(text, max(0, pos - 30), pos)
    if far and pos - far.start() > window:
        return _BEFORE_MAP[far.group(1)], far.start()
    lo = max(0, pos - window)
    seg = text[lo:pos]
    stop = max((m.end() for m in _CLAUSE_STOP.finditer(seg)), default=0)
    seg = seg[stop:]
    best = None
    for m in _BEFORE_RE.finditer(seg):
        w = m.group(1)
        # 近/为/达 only count when right before the number (为 is also a preposition: 以…为…)
        if w in ("近", "为", "达", "约", "超") and m.end() != len(seg):
            continue
        if w == "为" and m.start() > 0 and seg[m.start() - 1] in "成作认视改以":
            continue
        best = (_BEFORE_MAP[w], lo + stop + m.start())
    return best if best else (None, pos)


def comparator_after(text: str, pos: int) -> tuple[str | None, int]:
    m = _AFTER_RE.match(text, pos)
    if m:
        return _AFTER_MAP[m.group(1)], m.end()
    return None, pos


# ----------------------------------------------------------------------------------------------- scanning

_CN_NUM = "(?:百分之|千分之)?[零〇○一二两三四五六七八九十百千万亿](?:[零〇○一二两三四五六七八九十百千万亿]|点(?=[零〇一二三四五六七八九]))*"
_NUM = rf"(?:百分之|千分之)?(?:{_ARABIC})|{_CN_NUM}"
_APPROX_MID = r"(?:多|余|来)?"
_RANGE_SEP = r"\s*(?:-{1,2}|~|至|到|或)\s*"


@lru_cache(maxsize=1)
def _scan_re() -> re.Pattern[str]:
    units = sorted(set(UNITS) | set(DURATIONS) | set(SCALED_UNITS), key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    mag = r"(?:万亿|亿|万|千(?![瓦米克])|百(?!分))"
    one = rf"(?P<nI>{_NUM})\s*(?P<mI>{mag})?\s*(?P<aI>{_APPROX_MID})\s*(?P<pI>%|‰)?"
    pat = (one.replace("I", "1") + rf"(?:{_RANGE_SEP}" + one.replace("I", "2") + r")?"
           + rf"\s*(?P<approx>{_APPROX_MID})\s*(?P<unit>{unit_alt})?")
    # the leading lookahead lets the engine reject a position on one character class (twice as fast)
    return re.compile(r"(?=[\d零〇○一二两三四五六七八九十百千万亿])" + pat)


_DATE_AFTER = re.compile(r"\s*(?:年(?!度?[以之]?[内来间]|时间|左右|多|余)|月(?!份?[内来间])|日(?!内)|号|时|点(?!\d)|/\d|\.\d{1,2}\.\d)")
_LATIN = re.compile(r"[A-Za-z]")
_PER_RATE = re.compile(r"\s*/\s*(10\s*万|十万|万|千|100000|10000|1000)(?![0-9])")


def _value(num: str, mag: str | None) -> float | None:
    v = parse_number(num)
    if v is None:
        return None
    if mag:
        v *= MAGNITUDE[mag]
    return v


def find_quantities(text: str) -> list[Quantity]:
    """Every numeral with its unit, range, comparator and duration flag; dates and ordinals are left out."""
    if not text:
        return []
    t = text.translate(_FW)
    out: list[Quantity] = []
    for m in _scan_re().finditer(t):
        n1 = m.group("n1")
        s, e = m.start(), m.end()
        if not n1:
            continue
        chinese = not re.search(r"\d", n1)
        unit = m.group("unit")
        pct = m.group("p2") or m.group("p1")
        if n1.startswith("百分之"):
            pct = "%"
        elif n1.startswith("千分之"):
            pct = "‰"
        # trim what the unit group swallowed but the range did not use
        prev = t[s - 1] if s else ""
        if prev in ("第", "每", "届") or _LATIN.match(prev) or prev.isdigit():
            continue  # ordinals (第九), denominators (每万人口), glued codes (ICP备2002, 1X所)
        if unit == "届":
            continue  # 二十届 / 十四届: a session's ordinal, not a count
        nxt = t[e] if e < len(t) else ""
        if _LATIN.match(nxt) and not unit and not pct:
            continue
        per = _PER_RATE.match(t, e) if not unit and not pct and not chinese and not m.group("n2") else None
        if per:  # 孕产妇死亡率10/10万: a rate per 100 000, not a date
            unit = "/" + per.group(1).replace(" ", "").replace("十万", "10万").replace("100000", "10万").replace(
                "10000", "万").replace("1000", "千")
            e = per.end()
        if not unit and not pct and _DATE_AFTER.match(t, e):
            continue
        if (not chinese and re.fullmatch(r"\d{4}", n1) and unit in (None, "年", "年度") and not pct
                and not m.group("m1") and 1900 <= float(n1) <= 2100):
            continue  # 2022年 / 2019-2022 are dates
        # chinese numerals: only with a unit (or percent), never a lone 一 word-part like 统一
        if chinese and not unit and not pct:
            continue
        if chinese and all(c in CN_DIGITS for c in n1) and (len(n1) > 1 or CN_DIGITS[n1] == 0):
            continue  # 一一, 三五个: word parts or vague counts, not numerals
        if chinese and unit in ("期", "度"):
            continue  # 二期工程, 一度: a phase or an adverb, not a count
        if unit == "次" and re.match(r"性|\s*(?:全会|会议|全体会议|大会|代表大会|党代会)", t[e:e + 6]):
            continue  # 十一次全会
        if chinese and unit == "元" and len(n1) == 1:
            continue  # 二元结构, 一元化: words
        if chinese and n1 in ("万", "亿", "千", "百", "十", "万亿") and (not unit or m.group("a1") or m.group("n2")):
            continue  # a bare magnitude counts only as 十个/百个/千名/万名
        v1 = _value(n1, m.group("m1"))
        if v1 is None:
            continue
        v2 = None
        if m.group("n2"):
            v2 = _value(m.group("n2"), m.group("m2") or m.group("m1"))
            if v2 is None:
                continue
            if v2 < v1:  # 1-2 looks like a list index or a date; keep only ascending ranges
                continue
            if not m.group("m1") and m.group("m2") and v2 / MAGNITUDE[m.group("m2")] >= v1:
                v1 *= MAGNITUDE[m.group("m2")]  # 3-5万 → 30000..50000
        if unit in SCALED_UNITS:
            base, factor = SCALED_UNITS[unit]
            v1 *= factor
            v2 = v2 * factor if v2 is not None else None
            unit = base
        if pct:
            if unit and unit not in ("%", "‰"):
                # 5%的人 → the percent is the figure; the noun is not its unit
                e = m.start("unit")
            unit = pct
        comp, cs = comparator_before(t, s)
        after, ae = comparator_after(t, e)
        approx = m.group("approx") or m.group("a1") or m.group("a2")
        if approx:
            comp = "~"
        if after:
            comp = after
            e = ae
        if comp is None:
            comp = "="
        duration = unit in DURATIONS
        while e > s and t[e - 1].isspace():
            e -= 1
        out.append(Quantity(start=s, end=e, value=v1, value_max=v2, unit=unit, comparator=comp, raw=text[s:e],
                            duration=duration, chinese=chinese, num_start=s, num_end=m.end("n1")))
    return out
