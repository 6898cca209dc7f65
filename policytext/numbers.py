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
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from policytext.shape import CN_CAPITALS
from policytext.shape import CN_DIGITS as CN_DIGIT_CHARS

__all__ = ["Quantity", "parse_number", "parse_decimal", "load_data", "comparator_rule_before", "comparator_rule_after",
           "set_phrase_spans", "parse_chinese_int", "to_chinese_numeral", "find_quantities",
           "comparator_before", "comparator_after", "UNITS"]

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6,
             "陸": 6, "柒": 7, "捌": 8, "玖": 9}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
MAGNITUDE = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "千": 1e3, "百": 1e2, "十": 10.0, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9,
             "千万": 1e7, "百万": 1e6, "十万": 1e5}
_MAG_D = {k: Decimal(int(v)) for k, v in MAGNITUDE.items()}

# full-width → ASCII, same length (offsets unchanged)
_FW = str.maketrans("０１２３４５６７８９％．，～－—–", "0123456789%.,~---")

_ZEROS = "零〇○"
_CAPITALS = CN_CAPITALS
_CN_CHARS = "零〇○一二两兩三四五六七八九十百千万亿" + _CAPITALS


def load_data(name: str) -> dict:
    """A JSON data file of the package (``units.json``, ``lexicon/numbers.json``); ``{}`` when missing."""
    return _load_json(name)


def _load_json(name: str) -> dict:
    try:
        return json.loads(resources.files("policytext.data").joinpath(name).read_text(encoding="utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, OSError, ValueError):
        return {}


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
    rules: tuple[str, ...] = ()  # ids of the rules that read it (data/lexicon/numbers.json, see --explain)


def _load_units() -> tuple[list[str], set[str], dict[str, tuple[str, float]]]:
    data = _load_json("units.json")
    units = list(data.get("units", []))
    durations = set(data.get("durations", []))
    scaled = {k: (v[0], float(v[1])) for k, v in data.get("scaled", {}).items()}
    return units, durations, scaled


UNITS, DURATIONS, SCALED_UNITS = _load_units()
LEXICON = _load_json("lexicon/numbers.json")


# ----------------------------------------------------------------------------------------------- numerals

_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|.")


def _parse_int_decimal(s: str) -> Decimal | None:
    """A Chinese (or mixed 100万三千) whole numeral → Decimal; None when it is not one.

    Units must fall within a group (一千一百 but not 十一十二); a digit closing the numeral right after 百/千/万/亿
    is the next place down (三万五 = 35000, 两千六 = 2600, 一百二 = 120); after 零 it is units (一百零五)."""
    if not s:
        return None
    if all(c in CN_DIGITS for c in s):  # digit string: 二〇二二
        v = 0
        for c in s:
            v = v * 10 + CN_DIGITS[c]
        return Decimal(v)
    total = Decimal(0)  # completed 亿 group
    section = Decimal(0)  # the 万 part of the current 亿 group
    small = Decimal(0)  # the current group below 万
    digit: Decimal | None = None
    digit_arabic = False
    digit_len = 0
    digit_after = None  # what came before the pending digit: "unit", "zero" or None
    last_small: int | None = None
    last_unit: int | None = None
    prev = None
    fractional = False  # 10.1万: a decimal group ends the numeral (10.1万零100 is no numeral)
    for i, tok in enumerate(_TOKEN.findall(s)):
        if fractional:
            return None
        if tok[0] in "0123456789":
            if digit is not None:
                return None
            digit, digit_arabic, digit_after, digit_len = Decimal(tok), True, prev, len(tok)
            prev = "digit"
        elif tok in _ZEROS:
            if digit is not None:
                return None
            prev = "zero"
        elif tok in CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row inside a unit numeral: 三五百
            digit, digit_arabic, digit_after = Decimal(CN_DIGITS[tok]), False, prev
            prev = "digit"
        elif tok in CN_SMALL:
            u = CN_SMALL[tok]
            if digit is None and u != 10 and i != 0:
                return None  # 一千百: a place with no digit
            if digit is not None and (digit >= 10 or digit != digit.to_integral_value()):
                return None
            if last_small is not None and u >= last_small:
                return None  # 十一十二: places must fall
            small += (digit if digit is not None else 1) * u
            last_small, last_unit, digit, prev = u, u, None, "unit"
        elif tok in CN_BIG:
            u = CN_BIG[tok]
            if u == 10_000:
                g = small + (digit or 0)
                if g == 0:
                    if i != 0 or section or total:
                        return None  # 亿万: two magnitudes, no number
                    g = Decimal(1)
                if section:
                    return None
                section = g * u
                if g != g.to_integral_value():
                    fractional = True
            else:
                g = section + small + (digit or 0)
                if g == 0:
                    if i != 0:
                        return None
                    g = Decimal(1)
                if total:
                    return None
                total = g * u
                if g != g.to_integral_value():
                    fractional = True
            if u != 10_000:
                section = Decimal(0)
            small, digit, last_small, last_unit, prev = Decimal(0), None, None, u, "unit"
        else:
            return None
    if digit is not None:
        if digit_after == "unit" and last_unit and last_unit >= 100:
            if digit_arabic:
                if digit >= last_unit or digit_len < 2:
                    return None  # 1万6: which place? refuse rather than guess
            else:
                digit = digit * last_unit / 10  # 三万五, 两千六, 一百二
        elif digit_arabic and digit_after is not None and digit_after != "zero":
            return None
        small += digit
    return total + section + small


def parse_chinese_int(s: str) -> int | None:
    """一百零五 → 105, 两千 → 2000, 三亿五千万 → 350000000, 二〇二二 → 2022, 三万五 → 35000; None when not a
    numeral."""
    if not s or any(c not in _CN_CHARS and c not in CN_BIG for c in s):
        return None
    v = _parse_int_decimal(s)
    if v is None or v != v.to_integral_value():
        return None
    return int(v)


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


_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_RE_ARABIC_FULL = re.compile(rf"^(?:{_ARABIC})$")
_RE_DEC = re.compile(r"^(.+)点([零〇○一二三四五六七八九\d]+)$")
_RE_MAG_TAIL = re.compile(r"^(.+?)(万亿|万|亿)$")
_RE_FRACTION = re.compile(r"^(.+)分之(.+)$")
# 伍拾万元整, 壹佰捌拾壹圆柒角: an amount of money written out (as on a cheque or a contract)
_RE_MONEY = re.compile(r"^(.+?)[元圆](?:([^角分])角)?(?:([^角分])分)?[整正]?$")


def _parse_plain(s: str) -> Decimal | None:
    if _RE_ARABIC_FULL.match(s):
        return Decimal(s.replace(",", ""))
    m = _RE_DEC.match(s)
    if m:
        head = _parse_int_decimal(m.group(1))
        if head is None or head != head.to_integral_value():
            return None
        return head + Decimal("0." + "".join(str(CN_DIGITS.get(c, c)) for c in m.group(2)))
    return _parse_int_decimal(s)


def parse_decimal(s: str) -> Decimal | None:
    """Like :func:`parse_number`, exactly (5.1亿 → Decimal('510000000.0'), never 509999999.99999994)."""
    if not isinstance(s, str):
        return None
    s = s.translate(_FW).strip().rstrip("%‰").replace("萬", "万").replace("億", "亿")
    if not s or s.startswith(("负", "-", "−")):
        return None
    for prefix in ("百分之", "千分之", "万分之"):
        if s.startswith(prefix):
            return _parse_plain(s[len(prefix):]) if len(s) > len(prefix) else None
    f = _RE_FRACTION.match(s)
    if f:  # 三分之一 → 1/3
        d, n = _parse_plain(f.group(1)), _parse_plain(f.group(2))
        if not d or n is None or n > d:
            return None
        return n / d
    v = _parse_plain(s)
    if v is not None:
        return v
    money = _RE_MONEY.match(s)
    if money:
        yuan = parse_decimal(money.group(1))
        jiao = _parse_plain(money.group(2)) if money.group(2) else Decimal(0)
        fen = _parse_plain(money.group(3)) if money.group(3) else Decimal(0)
        if yuan is None or jiao is None or fen is None or jiao > 9 or fen > 9:
            return None
        return yuan + jiao / 10 + fen / 100
    m = _RE_MAG_TAIL.match(s)  # 3.6万, 三点五亿
    if m:
        head = _parse_plain(m.group(1))
        if head is not None and not (set(m.group(1)) & set("万亿")):
            return head * _MAG_D[m.group(2)]
    m = re.match(rf"^({_ARABIC})(千|百)$", s)
    if m:
        return Decimal(m.group(1).replace(",", "")) * _MAG_D[m.group(2)]
    return None


def parse_number(s: str) -> float | None:
    """A numeral (with an optional magnitude word) → float; None when ``s`` is not one.

    Arabic ``1,234.5``, full-width digits, Chinese ``一百零五``/``两千``/``三十五点五``, capital ``伍拾万``, colloquial
    ``三万五`` (35000), mixed ``3.6万``/``1.2亿``/``100万三千``, ``百分之六十`` → 60 (a percent number),
    ``千分之五`` → 5 (per mille), ``三分之一`` → 1/3; a trailing ``%`` is allowed. Computed in decimal, so
    ``5.1亿`` is exactly 510000000.
    """
    v = parse_decimal(s)
    return float(v) if v is not None else None


# ----------------------------------------------------------------------------------------------- comparators

def _before_table() -> tuple[dict[str, tuple[str, str]], set[str]]:
    """word → (comparator, rule id) for words before a number, and the words that count only right before it."""
    table: dict[str, tuple[str, str]] = {}
    near: set[str] = set()
    cb = LEXICON.get("comparators_before", {})
    for rule in cb.get("rules", []):
        for w in rule.get("words", []):
            table[w] = (rule["comparator"], rule["id"])
        near |= set(rule.get("near", []))
    neg = LEXICON.get("negated_bounds", {})
    for n in neg.get("negators", []):
        for w in neg.get("above", []):
            table[n + w] = ("<=", neg.get("id", "cmp.negated"))
        for w in neg.get("below", []):
            table[n + w] = (">=", neg.get("id", "cmp.negated"))
    return table, near


def _after_table() -> dict[str, tuple[str, str]]:
    return {w: (rule["comparator"], rule["id"]) for rule in LEXICON.get("comparators_after", {}).get("rules", [])
            for w in rule.get("words", [])}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_BEFORE_TABLE, _NEAR_ONLY = _before_table()
_MARGIN = LEXICON.get("comparison_margin", {})
_MARGIN_WORDS = frozenset(_MARGIN.get("words", ()))
_AFTER_TABLE = _after_table()
_BEFORE_MAP = {w: c for w, (c, _) in _BEFORE_TABLE.items()}
_AFTER_MAP = {w: c for w, (c, _) in _AFTER_TABLE.items()}
_BEFORE_RE = re.compile("(" + _alternation(_BEFORE_TABLE) + ")")
_AFTER_RE = re.compile(r"\s*(" + _alternation(_AFTER_TABLE) + ")")
_CLAUSE_STOP = re.compile(r"[，,；;。：:！？!?\n、]")
# a bound may govern a …的 share: 不低于符合交流条件教师总数的10%
_BOUND_WORDS = [w for w, (c, rid) in _BEFORE_TABLE.items() if c in (">=", "<=") and len(w) >= 2 and w not in
                ("保证", "控制在") and not w.startswith(("压", "缩", "降", "下降", "减少", "最"))]
_FAR_BOUND = re.compile("(" + _alternation(_BOUND_WORDS) + r")[^，,；;。：:！？!?\n、]{1,24}的\s*$")


_NAME_BOUNDS = frozenset(LEXICON.get("bound_in_name", {}).get("bounds", ()))
_NAME_NOUNS = tuple(LEXICON.get("bound_in_name", {}).get("nouns", ())) or ("\0",)
_NAME_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:" + _alternation(list(_NAME_NOUNS)) + ")")


def comparator_rule_before(text: str, pos: int, window: int = 12) -> tuple[str | None, int, str | None]:
    """Comparator implied by words just before ``pos`` (same clause, nearest wins), where it starts and the id
    of its rule; a bound may also govern a ``…的`` share: 不低于符合交流条件教师总数的10%."""
    far = _FAR_BOUND.search(text, max(0, pos - 30), pos)
    if far and pos - far.start() > window:
        return _BEFORE_MAP[far.group(1)], far.start(), _BEFORE_TABLE[far.group(1)][1] + ":" + far.group(1)
    lo = max(0, pos - window)
    seg = text[lo:pos]
    stop = max((m.end() for m in _CLAUSE_STOP.finditer(seg)), default=0)
    seg = seg[stop:]
    best = None
    for m in _BEFORE_RE.finditer(seg):
        w = m.group(1)
        # 近/为/达 only count when right before the number (为 is also a preposition: 以…为…)
        if w in _NEAR_ONLY and m.end() != len(seg):
            continue
        if w == "为" and m.start() > 0 and seg[m.start() - 1] in "成作认视改以":
            continue
        if re.search(r"\d", seg[m.end():]):
            continue  # 低于1万元的脱贫户1126户: the bound belongs to the number right after it, not to a later one
        if w in _NAME_BOUNDS and _NAME_NOUN_AFTER.match(seg, m.end()):
            continue  # cmp.name_word: 最低标准由…213元: the bound is part of the indicator's name
        if best and w in _NEAR_ONLY and _BEFORE_TABLE[w][0] == "=" and best[0] != "=" \
                and best[1] + len(best[2].partition(":")[2]) == lo + stop + m.start():
            continue  # 最低为40%, 不低于为: the bound before 为 sets the direction
        best = (_BEFORE_TABLE[w][0], lo + stop + m.start(), _BEFORE_TABLE[w][1] + ":" + w)
    if best and _MARGIN_WORDS:
        w = best[2].partition(":")[2]
        gap = text[best[1] + len(w):pos].strip()
        if (w in _MARGIN_WORDS and 2 <= len(gap) <= _MARGIN.get("reference_max", 12) and not gap.endswith("的")
                and not gap.startswith(("了", "过")) and not re.search(r"\d", gap)):
            # cmp.margin: 高于全市平均水平0.6个百分点: the number is the margin over what is compared with
            return "=", best[1], _MARGIN.get("id", "cmp.margin") + ":" + w
    return best if best else (None, pos, None)


def comparator_before(text: str, pos: int, window: int = 12) -> tuple[str | None, int]:
    """Comparator implied by words just before ``pos`` and where it starts (see :func:`comparator_rule_before`)."""
    comp, start, _ = comparator_rule_before(text, pos, window)
    return comp, start


_TIME_LIMIT = re.compile(r"内\s*(?:(?:全部|依法|及时|予以|一次性|要|须|必须|应当?)\s*)?(?:" + "|".join(
    map(re.escape, sorted(LEXICON.get("time_limit", {}).get("verbs", ["(?!)"]), key=len, reverse=True))) + ")")


_BARE_MAG_UNITS = frozenset(LEXICON.get("bare_magnitude", {}).get("units", ("个", "名", "人")))
_TIME_LIMIT_UNITS = frozenset(LEXICON.get("time_limit", {}).get("units", ()))


def comparator_rule_after(text: str, pos: int) -> tuple[str | None, int, str | None]:
    m = _AFTER_RE.match(text, pos)
    if m:
        comp, rid = _AFTER_TABLE[m.group(1)]
        return comp, m.end(), rid + ":" + m.group(1)
    return None, pos, None


def comparator_after(text: str, pos: int) -> tuple[str | None, int]:
    comp, end, _ = comparator_rule_after(text, pos)
    return comp, end


# ----------------------------------------------------------------------------------------------- scanning

_CN_CLASS = "零〇○一二两兩三四五六七八九十百千万亿萬億" + _CAPITALS
# 陆/伍/拾 are also words (大陆, 队伍, 收拾): they open a numeral only before a place (陆万, 伍拾, 拾万)
_CN_START = "".join(c for c in _CN_CLASS if c not in "陆陸伍拾")
_CN_NUM = (f"(?:百分之|千分之)?(?:[{_CN_START}]|[陆陸伍拾](?=[拾佰仟万亿]))"
           f"(?:[{_CN_CLASS}]|点(?=[零〇一二三四五六七八九]))*")
# 三分之一, 十分之一 (百分之/千分之 are percent words, read above)
_FRACTION = r"(?:[一二两三四五六七八九十][一二两三四五六七八九十百千]*|\d+)分之(?:[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?|\d+(?:\.\d+)?)"
_SEVERAL_WORDS = "".join(LEXICON.get("several", {}).get("words", ["数", "几"]))
_SEVERAL_NOT_AFTER = LEXICON.get("several", {}).get("not_after", "")
_SEVERAL = (f"(?<![{_SEVERAL_NOT_AFTER}])" if _SEVERAL_NOT_AFTER else "") + (
    f"[{_SEVERAL_WORDS}][十百千万亿]+(?![{CN_DIGIT_CHARS}])" if _SEVERAL_WORDS else "(?!)")
_NUM = rf"{_FRACTION}|{_SEVERAL}|(?:百分之|千分之)?(?:{_ARABIC})|{_CN_NUM}"
_APPROX_WORDS = LEXICON.get("approximate_marks", {}).get("words", ["多", "余", "来"])
_APPROX_MID = "(?:" + _alternation(_APPROX_WORDS) + ")?"
_RANGE_SEP = r"\s*(?:-{1,2}|~|至|到|或)\s*"


@lru_cache(maxsize=1)
def _scan_re() -> re.Pattern[str]:
    units = sorted(set(UNITS) | set(DURATIONS) | set(SCALED_UNITS), key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    mag = r"(?:万亿|[千百十]亿|亿|[千百十]万|万|千(?![瓦米克])|百(?!分))"
    # N多万 / N余亿: the approximate mark may stand between the numeral and its magnitude
    one = rf"(?P<nI>{_NUM})\s*(?P<aI>{_APPROX_MID})\s*(?P<mI>{mag})?\s*(?P<pI>%|‰)?"
    pat = (one.replace("I", "1") + rf"(?:(?P<u1>{unit_alt})?{_RANGE_SEP}" + one.replace("I", "2") + r")?"
           + rf"\s*(?P<approx>{_APPROX_MID})\s*(?P<unit>{unit_alt})?")
    # the leading lookahead lets the engine reject a position on one character class (twice as fast)
    return re.compile(rf"(?=[\d{_CN_CLASS}{_SEVERAL_WORDS}])" + pat)


_DATE_AFTER = re.compile(r"\s*(?:年(?!度?[以之]?[内来间]|时间|左右|多|余)|月(?!份?[内来间])|日(?!内)|号|时|点(?!\d)|/\d|\.\d{1,2}\.\d)")
_LATIN = re.compile(r"[A-Za-z]")
_PER_RATE = re.compile(r"\s*/\s*(10\s*万|十万|万|千|100000|10000|1000)(?![0-9])")
_FORMULA_BEFORE = "×*✕÷"
_TENTHS = LEXICON.get("tenths", {})
_CLOCK_AFTER = re.compile(r"\s*(?:[:：][0-5]\d(?!\d)|点\s*(?:[0-5]?\d\s*分|半|整))")
_BANDWIDTH = LEXICON.get("bandwidth", {})
_BARE_BANDWIDTH = set(_BANDWIDTH.get("bare", []))


@lru_cache(maxsize=1)
def _set_phrases() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One alternation of every set phrase with a numeral (百家争鸣, 八项规定): numerals inside count nothing."""
    ids: dict[str, str] = {}
    for rule in LEXICON.get("not_figures", {}).get("rules", []):
        for ph in rule.get("phrases", []):
            ids.setdefault(ph, rule["id"])
    if not ids:
        return None, ids
    return re.compile(_alternation(ids)), ids


def set_phrase_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, rule id) of the set phrases with numerals in ``text`` (data/lexicon/numbers.json)."""
    rx, ids = _set_phrases()
    if rx is None:
        return []
    return [(m.start(), m.end(), ids[m.group()]) for m in rx.finditer(text)]


def _split_mag(num: str) -> tuple[str, str | None]:
    """一百五十万 → (一百五十, 万): the magnitude a Chinese numeral carries at its end."""
    for mag in ("万亿", "亿", "万"):
        if num.endswith(mag) and len(num) > len(mag) and not re.search(r"\d", num):
            head = num[: -len(mag)]
            if parse_decimal(head) is not None and not (set(head) & set("万亿")):
                return head, mag
    return num, None


def _colloquial(num: str) -> bool:
    """三万五, 两千六, 一百二: a last digit standing for the next place down."""
    return len(num) >= 3 and num[-1] in CN_DIGITS and num[-1] not in _ZEROS and num[-2] in "百千万亿佰仟"


def _several(num: str) -> tuple[Decimal, Decimal] | None:
    rest = parse_decimal(num[1:])
    if rest is None:
        return None
    sev = LEXICON.get("several", {})
    return rest * sev.get("low", 2), rest * sev.get("high", 9)


# a minus sign (ASCII, fullwidth, U+2212 or 负) right after a copula or bound word: never a range's dash (5%-6%)
# nor a code's (2019-01)
_NEGATIVE_BEFORE = re.compile(r"(?:为|是|达|在|至|到|于|：|:|（|\(|=|＝|约)\s*(?P<sign>[-−－]|负)\s*$")


def find_quantities(text: str) -> list[Quantity]:
    """Every numeral with its unit, range, comparator and duration flag; dates, ordinals, formula factors and the
    numerals of set phrases (百家争鸣, 八项规定) are left out."""
    if not text:
        return []
    t = text.translate(_FW)
    out: list[Quantity] = []
    phrases = None
    phrase_starts: list[int] = []
    for m in _scan_re().finditer(t):
        n1 = m.group("n1")
        s, e = m.start(), m.end()
        if not n1:
            continue
        rules: list[str] = []
        chinese = not re.search(r"\d", n1)
        unit = m.group("unit")
        n2 = m.group("n2")
        u1 = m.group("u1")
        if n2 and u1 and unit and u1 != unit:  # 3年-5万元: no range
            n2, unit, e = None, u1, m.end("u1")
        elif n2 and u1 and not unit:
            unit = u1
        pct = (m.group("p2") or m.group("p1")) if n2 else m.group("p1")
        fraction = "分之" in n1 and not n1.startswith(("百分之", "千分之"))
        several = n1[0] in _SEVERAL_WORDS
        if n1.startswith("百分之") or fraction:
            pct = "%"
        elif n1.startswith("千分之"):
            pct = "‰"
        j = s - 1
        while j >= 0 and t[j] in " \t":
            j -= 1
        prev = t[j] if j >= 0 else ""
        if prev in ("第", "每", "届") or _LATIN.match(prev) or prev.isdigit():
            continue  # ordinals (第九, 第 14 个), denominators (每万人口), glued codes (ICP备2002, 1X所)
        if (prev in (":", "：") and re.match(r"\d{2}(?!\d)", n1)) or (prev == "点" and t.startswith("分", e)) or (
                not unit and not pct and not n2 and _CLOCK_AFTER.match(t, m.end("n1"))):
            continue  # nf.clock: 8:30, 8点30分, 9点半
        if prev and prev in _FORMULA_BEFORE:
            continue  # nf.formula: …/总数×100%
        if unit == _TENTHS.get("word") and (t[e:e + 1] and t[e] in _TENTHS.get("not_before", "")
                                             or n2 or float(parse_decimal(n1) or 0) > 10):
            continue  # 5成为, 三成员: 成 is a word here, not a tenth
        if unit == "份" and t[max(0, s - 2):s] == "一式":
            continue  # nf.copies: 一式三份
        if unit == "届":
            continue  # 二十届 / 十四届: a session's ordinal, not a count
        nxt = t[e] if e < len(t) else ""
        if _LATIN.match(nxt) and not unit and not pct:
            continue
        if unit in _BARE_BANDWIDTH and (re.match(r"[A-Za-z0-9\u3400-\u9fff]", nxt) or n2 or chinese
                                        or float(n1.replace(",", "")) < _BANDWIDTH.get("min_value", 10)):
            continue  # unit.bandwidth: 5G网络 is a generation, 2170G。 a bandwidth
        per = _PER_RATE.match(t, e) if not unit and not pct and not chinese and not n2 else None
        if per:  # 孕产妇死亡率10/10万: a rate per 100 000, not a date
            unit = "/" + per.group(1).replace(" ", "").replace("十万", "10万").replace("100000", "10万").replace(
                "10000", "万").replace("1000", "千")
            e = per.end()
            rules.append("unit.per_rate")
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
        if chinese and set(n1) & set(_CAPITALS) and len(n1) < 2 and not m.group("m1"):
            continue  # 陆家, 伍元: a lone capital numeral is more often a name
        if unit == "部" and t[e:e + 1] == "分":
            continue  # 两部分: parts, a word
        if chinese and unit in ("期", "度"):
            continue  # 二期工程, 一度: a phase or an adverb, not a count
        if unit == "次" and re.match(r"性|\s*(?:全会|会议|全体会议|大会|代表大会|党代会)", t[e:e + 6]):
            continue  # 十一次全会
        if chinese and unit == "元" and len(n1) == 1 and not n2 and not m.group("m1"):
            continue  # 二元结构, 一元化: words
        if chinese and n1 in ("万", "亿", "千", "百", "十", "万亿") and (not unit or n2 or unit not in _BARE_MAG_UNITS):
            continue  # a bare magnitude counts only as 十个/百个/千名/万名 (万人次, 亿元 alone are a column's unit)
        if phrases is None:
            phrases = set_phrase_spans(t)
            phrase_starts = [a for a, _, _ in phrases]
        if phrases:
            k = bisect_right(phrase_starts, m.end("n1") - 1) - 1  # the last phrase starting inside or before
            if k >= 0 and phrases[k][1] > s:
                continue  # nf.idiom / nf.set_term / nf.name_count: 百家争鸣, 二次供水, 八项规定
        rules.append("num.fraction" if fraction else "num.several" if several else
                     "num.capital" if set(n1) & set(_CAPITALS) else "num.chinese" if chinese else "num.arabic")
        if chinese and _colloquial(n1.removeprefix("百分之").removeprefix("千分之")):
            rules.append("num.colloquial")
        if several:
            rng = _several(n1)
            if rng is None:
                continue
            d1, d2 = rng
            if m.group("m1"):
                d1, d2 = d1 * _MAG_D[m.group("m1")], d2 * _MAG_D[m.group("m1")]
            if n2:
                continue
        else:
            d1 = parse_decimal(n1)
            if d1 is None:
                continue
            if fraction:
                d1 = (d1 * 100).quantize(Decimal("1E-10")).normalize()  # 三分之一 → 33.3333333333
            if m.group("m1"):
                d1 *= _MAG_D[m.group("m1")]
                rules.append("mag." + m.group("m1"))
            d2 = None
        if n2:
            d2 = parse_decimal(n2)
            if d2 is None:
                continue
            mag2 = m.group("m2") or _split_mag(n2)[1]
            if m.group("m2"):
                d2 *= _MAG_D[m.group("m2")]
            elif m.group("m1") and not _split_mag(n2)[1]:
                d2 *= _MAG_D[m.group("m1")]
            mag1 = m.group("m1") or _split_mag(n1)[1]
            tail2 = n2[1:]
            if (len(n1) == 1 and n1 in CN_DIGITS and n2[:1] in CN_DIGITS and tail2
                    and all(c in "十百千万亿" for c in tail2) and not m.group("m1")):
                d1 *= parse_decimal(tail2)  # 二到三百万: the places after the digit are shared (200万–300万)
                rules.append("range.shared_mag")
            elif not mag1 and mag2 and d2 / _MAG_D[mag2] >= d1:
                d1 *= _MAG_D[mag2]  # 3-5万, 三到五亿, 一百二十到一百五十万: the magnitude is shared
                rules.append("range.shared_mag")
            if d2 < d1:  # 1-2 looks like a list index or a date; keep only ascending ranges
                continue
            rules.append("range")
        v1 = float(d1)
        v2 = float(d2) if d2 is not None else None
        if unit == _TENTHS.get("word") and t[e:e + 1] in CN_DIGITS and t[e:e + 1] not in _ZEROS \
                and t[e + 1:e + 2] not in CN_DIGITS:
            d1 += Decimal(CN_DIGITS[t[e]]) / 10  # 八成五: 85%
            e += 1
        if unit in SCALED_UNITS:
            base, factor = SCALED_UNITS[unit]
            v1 = float(d1 * Decimal(str(factor)))
            v2 = float(d2 * Decimal(str(factor))) if d2 is not None else None
            unit = base
            rules.append("unit.scaled")
        if pct:
            if unit and unit not in ("%", "‰"):
                # 5%的人 → the percent is the figure; the noun is not its unit
                e = m.start("unit")
            unit = pct
        comp, cs, crule = comparator_rule_before(t, s)
        after, ae, arule = comparator_rule_after(t, e)
        approx = m.group("approx") or m.group("a1") or m.group("a2")
        if approx:
            comp, crule = "~", "num.approx:" + approx
        elif several:
            comp, crule = "~", "num.several"
        if after:
            comp, crule = after, arule
            e = ae
        if comp is None:
            comp, crule = "=", "cmp.default"
        rules.append(crule)
        sign = _NEGATIVE_BEFORE.search(text, max(0, s - 4), s)
        if sign and not n2:
            # num.negative: 人口自然增长率为-3.18‰, 控制在−1%以内, 为负0.3%: a signed value keeps its sign
            v1 = -v1
            s = sign.start("sign")
            rules.append("num.negative")
        duration = unit in DURATIONS
        if duration and not after and unit in _TIME_LIMIT_UNITS and _TIME_LIMIT.match(t, e):
            comp = "<="  # cmp.time_limit: 7个工作日内办结 sets a time limit
            rules[-1] = "cmp.time_limit"
            e += 1
        while e > s and t[e - 1].isspace():
            e -= 1
        out.append(Quantity(start=s, end=e, value=v1, value_max=v2, unit=unit, comparator=comp, raw=text[s:e],
                            duration=duration, chinese=chinese, num_start=s, num_end=m.end("n1"),
                            rules=tuple(rules)))
    if "翻" in t:
        # num.doubling: 交易额翻一番 is a growth of 100 % (翻两番: 300 %)
        for z in re.finditer(r"翻(?:了)?([一两二三])番", t):
            n = {"一": 1, "两": 2, "二": 2, "三": 3}[z.group(1)]
            out.append(Quantity(start=z.start(), end=z.end(), value=float(2 ** n - 1) * 100, value_max=None, unit="%",
                                comparator="=", raw=text[z.start():z.end()], duration=False, chinese=True,
                                num_start=z.start(1), num_end=z.end(1), rules=("num.doubling", "cmp.default")))
        out.sort(key=lambda q: q.start)
    if "零增长" in t:
        # num.zero_growth: 化肥、农药使用量保持零增长 bounds the change at nought (no growth at all)
        for z in re.finditer(r"零增长", t):
            out.append(Quantity(start=z.start(), end=z.end(), value=0.0, value_max=None, unit="%", comparator="<=",
                                raw=text[z.start():z.end()], duration=False, chinese=True, num_start=z.start(),
                                num_end=z.start() + 1, rules=("num.zero_growth", "cmp.zero_growth")))
        out.sort(key=lambda q: q.start)
    return out
