"""Named numbered mechanisms (六统一, 四互四共, 三通两平台, 1+9 …) and their enumerated components.

Bundles are recognized by their shape, not by a list of known names: a Chinese count (or ``N+M``) with a
short pattern word, quoted (“六统一”) or standing right after an enumeration whose length fits the count
(家、校、社三位一体, “管理、技术、服务、人员”四下沉). Components are looked for wherever policy text lists
them: before the name (…、…等“六统一”), after it (“十统一”，即…、…; 九大行动，分别是：…), as 一是…二是…, as
quoted members that repeat the pattern word (“四在农家” … “富在农家”…“学在农家”), as the numbered headings of
the sections that follow or precede the sentence naming the bundle, in the body when the name is in the
title, and, for a name joining smaller bundles (四互四共), as the lists of its parts. Members must fit the
count the name implies and, far from the name, its pattern word.

The word lists are data (``policytext/data/lexicon/mechanisms.json``, one rule id per list).
``find_mechanisms_explained`` returns each record with the ids of the rules that produced it.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from policytext.extractors.clauses import is_heading
from policytext.records import Mechanism
from policytext.shape import YEAR

__all__ = ["find_mechanisms", "find_mechanisms_explained", "implied_count"]

_NUM = "一二三四五六七八九十两双"
_VAL = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MAGNITUDES = "一十百千万"


@lru_cache(maxsize=1)
def _lex() -> dict:
    raw = resources.files("policytext").joinpath("data/lexicon/mechanisms.json").read_text(encoding="utf-8")
    return json.loads(raw)


def _words(rule: str, key: str = "words") -> list[str]:
    return list(_lex()[rule].get(key, []))


def _alt(words: list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_STOP = frozenset(_words("M-STOP-SLOGAN") + _words("M-STOP-POLITICAL") + _words("M-STOP-IDIOM"))
_NUMERAL_WORDS = re.compile(_alt(_words("M-STOP-NUMERAL-WORD")))
_PLAN_PERIOD = re.compile(r"^十[一二三四五六七八九]?五$")
# a count token inside a name
# digit bundles (1+9, 1+X) are tried from the start of their digits only: (?<!\d) keeps a long digit run linear
_COUNT = re.compile(rf"(?:(?<!\d)\d+(?:\+(?:\d+|[XN]))+|[{_NUM}](?:个|项|大|种|类|条|位)?)")
_CORNER_QUOTES = str.maketrans("「」『』", "“”‘’")
_SHORT_PAREN = re.compile(r"(?<=[\u4e00-\u9fff])[（(][^（()）“”\"，,。；;：:\n]{1,6}[)）](?=[\u4e00-\u9fff])")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,14})[”\"]")
# unquoted names with an unmistakable shape
_SHAPE = re.compile(
    rf"(?<![{_NUM}第])(?:[{_NUM}](?:位一体|统一|结合|优先|到位|个一(?![{_NUM}百千万个])|通[{_NUM}]平台|联[{_NUM}]共|互[{_NUM}]共)"
    rf"|[{_NUM}]项(?:工程|行动|计划|举措|机制|制度)|[{_NUM}]大(?:行动|工程|计划|任务|体系|战略|板块|专项)|双培|\d{{1,2}}\+\d{{1,2}}(?=[\u4e00-\u9fff]{{0,4}}(?:制度|体系|框架|模式|机制|工程|方案))"
    rf"|1\+[XN](?=[\u4e00-\u9fff]{{0,4}}(?:{_alt(_lex()['M-HUB-SPOKE']['after_name'])})))"
)
_LIST_SEP = re.compile(r"、|——|—|及|和|与|以及")
_LEAD_VERB = re.compile(_alt(_words("M-LEAD-VERB")))
_ITEM_VERBS = frozenset(_words("M-ITEM-VERB"))
_LEAD_VERB_END = re.compile(rf"(?:{_alt(_words('M-LEAD-VERB'))})$")
_RESULT_VERB_END = re.compile(rf"(?:{_alt(_words('M-RESULT-VERB'))})$")
_BOUNDARY = "，,。；;：:！？!?（(）)\n“”\""
_INTRO = _alt(_words("M-AFTER-INTRO"))
_AFTER_INTRO = re.compile(rf"^[”\"]?(?:[\u4e00-\u9fff]{{5,10}}(?=[（(]\s*即|[，,]\s*即[^将使可]))?[\u4e00-\u9fff]{{0,4}}?\s*(?:[（(]\s*即|[，,]\s*(?:{_INTRO})\s*[：:]?|"
                          rf"(?:{_INTRO})\s*[：:]?|：|:|[（(])\s*")
_ITEM_MAX = 30
_FIGURE = re.compile(r"(?<!\d)\d+(?:\.\d+)?\s*(?:%|％|[所个名人家项万亿元年月日次户座条张])")
_CATEGORY = re.compile(rf"(?:{_alt(_words('M-CATEGORY'))})$")
_CATEGORY_START = re.compile(_alt(_words("M-CATEGORY")))
_TAIL_STOP = re.compile(_alt(_words("M-NAME-TAIL-STOP")))
_DEMONSTRATIVE = re.compile(rf"(?:{_alt(_words('M-DEMONSTRATIVE'))})[”“\"]?$")
_RANK = _lex()["M-STOP-RANK"]
_RANK_BEFORE = re.compile(rf"(?:{_alt(_RANK['before'])})[\u4e00-\u9fff]{{0,4}}$")
_RANK_AFTER = re.compile(rf"^(?:{_alt(_RANK['after'])})")
_RANK_SHAPE = re.compile(rf"^(?:{_alt(_RANK['prefix'])})[{_NUM}百千]+(?:{_alt(_RANK['suffix'])})|^[{_NUM}百千]+[强佳]")
_STREAK = re.compile(rf"[{_NUM}]连(?!{'|'.join(_lex()['M-STOP-STREAK']['not_after'])})[\u4e00-\u9fffA-Za-z]")
_QUANTITY = re.compile(r"^(?:[零一二三四五六七八九十两百千]+(?:多|余)?[万亿]|亿万|万千)")
_PART_SEP = "".join(_words("M-PART-SEP"))
_DIGIT_AFTER = re.compile(rf"^[”\"]\s*(?:{_alt(_lex()['M-DIGIT-BUNDLE']['after'])})")
_JOINED = re.compile(rf"[{_NUM}][\u4e00-\u9fff]{{1,3}}?(?:、[{_NUM}][\u4e00-\u9fff]{{1,3}}?){{1,5}}"
                     rf"(?=(?:{_alt(_lex()['M-JOINED-NAME']['after'])}))")
# “A、B、C、D”四下沉 / “A、B、C”三项机制: a quoted list, then a count and a short word
_QUOTED_LIST_NAME = re.compile(
    rf"“([^“”\n]{{3,90}})”\s*((?:[{_NUM}]|\d{{1,2}})(?:个|项|大|种|类|条|位)?)([\u4e00-\u9fff]{{1,6}})")
_ORD_RUN = re.compile(r"(?:(?<=[。；;，,：:\s“”])|^)(?:其|第)?([一二三四五六七八九十]{1,2})(?:是|[，,、](?=[\u4e00-\u9fff]))")


@dataclass
class _Cand:
    name: str
    start: int  # name span (without quotes)
    end: int
    quoted: bool
    rule: str = "M-QUOTED"
    items: list[tuple[int, int]] = field(default_factory=list)  # members given with the name (quoted list)
    q0: int = -1  # start of the quote when the members come with the name


def _counted(name: str, i: int) -> bool:
    """Whether the numeral at ``name[i]`` counts members (not the 一 of 统一, 三个一, 四算一体)."""
    if name[i] not in _NUM:
        return False
    return not (name[i] == "一" and i > 0 and (i + 1 == len(name) or name[i - 1] in "个统唯第"
                                              or name[i + 1] in "流线致样体"))


@lru_cache(maxsize=4096)
def implied_count(name: str) -> int:
    """Members a name implies: 六统一 → 6, 四互四共 → 8, 1+9 → 10, 1+X → 2, 一十百千万工程 → 5,
    横比纵看四提升 → 6, 双随机、一公开 → 3, “12812” → 14."""
    if re.fullmatch(r"\d{3,6}", name):
        return sum(int(d) for d in name)
    m = re.search(r"(?<!\d)\d+(?:\+(?:\d+|[XN]))+", name)
    if m:
        return sum(int(t) if t.isdigit() else 1 for t in m.group().split("+"))
    m = re.match(rf"^([{_MAGNITUDES}]{{3,5}})", name)
    if m:
        return len(m.group(1))
    m = re.search(rf"([{_NUM}])位一体", name)
    if m:
        return _VAL[m.group(1)]
    total = 0
    first = None
    for t in re.finditer(rf"[{_NUM}]", name):
        if not _counted(name, t.start()):
            continue  # 统一, 三个一, 四算一体: here 一 is part of the stem, not a count (三线一单 counts it)
        total += _VAL[t.group()]
        first = t.start() if first is None else first
    if first:
        prefix = name[:first]
        if re.fullmatch(r"[\u4e00-\u9fff]{4,8}", prefix) and len(prefix) % 2 == 0:
            total += len(prefix) // 2  # 横比纵看四提升: two unnumbered members before the count (开局八好: one word, no member)
    return max(total, 1)


def _is_ladder(name: str) -> bool:
    head = re.match(r"[一十百千万亿]+", name)
    return bool(head) and len(head.group()) >= 3 and len(set(head.group())) == len(head.group())


@lru_cache(maxsize=4096)
def _name_ok(name: str) -> bool:
    if name in _STOP or _PLAN_PERIOD.match(name) or any(s in name for s in ("十四五", "十五五", "十三五")):
        return False
    if "、" in name:
        return False  # “双向转诊、急慢分治、上下联动”: a quoted list, not a bundle's name
    if _QUANTITY.match(name) and not _is_ladder(name):
        return False  # M-STOP-QUANTITY: 十四亿, 十四亿人民, 亿万: a number of people or things
    if _RANK_SHAPE.match(name):
        return False  # M-STOP-RANK: 后十位, 十强
    if not _COUNT.search(name) and name != "双培":
        return False
    if not _COUNT.search(_NUMERAL_WORDS.sub("", name)):
        return False  # M-STOP-NUMERAL-WORD: 双向转诊, 一站式服务: the numeral is part of a word, it counts nothing
    if re.fullmatch(r"一[\u4e00-\u9fff]一[\u4e00-\u9fff](?:一[\u4e00-\u9fff])*", name):
        return False  # 一校一品: "one each", no count
    if re.search(r"[年月日第%％\d]", re.sub(r"(?<!\d)\d+(?:\+(?:\d+|[XN]))+", "", name)):
        return False
    if re.match(r"(?:全国|中国|世界|全球|亚洲)", name):
        return False  # 全国十大考古新发现, 中国企业500强: a ranking or an award, not a bundle
    if _STREAK.search(name):
        return False  # M-STOP-STREAK: 二十二连丰, 九连好, 六连A: a streak, not a bundle
    if re.fullmatch(rf"[{_NUM}]+(?:个|项|大|种|类|条)?", name):
        return False
    counts = [c for i, c in enumerate(name) if c in _NUM and not (i and name[i - 1] == "个")]
    if counts and all(c == "一" for c in counts) and not re.search(r"(?<!\d)\d+\+", name):
        return False  # 高效办成一件事, 一芯一环: "one", not a count of members
    return implied_count(name) >= 2


@lru_cache(maxsize=4096)
def _trim_quoted(content: str) -> tuple[int, str] | None:
    """The numbered part of a quoted phrase: 紫云教育六项提升计划 → 六项提升计划; 横比纵看四提升 stays;
    四在农家·美丽乡村 → 四在农家 (M-PART-SEP)."""
    parts = re.split(f"[{_PART_SEP}]", content)
    if len(parts) > 1:
        off = 0
        for part in parts:
            if re.search(rf"[{_NUM}]|\d+\+\d+", part):
                got = _trim_quoted(part)
                return (off + got[0], got[1]) if got else None
            off += len(part) + 1
        return None
    m = re.search(rf"[{_NUM}]|\d+\+(?:\d+|[XN])", content)
    if not m:
        return None
    prefix = content[:m.start()]
    if prefix and (re.search(r"(?:教育|学校|全市|全县|全省|全区|[省市县区州旗镇乡]|工作|发展)$", prefix) or len(prefix) > 4):
        return m.start(), content[m.start():]
    return 0, content


def _award_context(text: str, qs: int, qe: int) -> bool:
    """M-STOP-RANK: 荣获“…”称号, 入选国家“双高计划”, 获“五个一工程”奖: an honour or a selection, no arrangement."""
    return bool(_RANK_BEFORE.search(text[max(0, qs - 10):qs]) or _RANK_AFTER.match(text[qe:qe + 3]))


def _joined_name(content: str) -> bool:
    """M-JOINED-NAME: 双随机、一公开: every 、-part is a short counted name."""
    parts = content.split("、")
    return len(parts) >= 2 and all(re.fullmatch(rf"[{_NUM}][\u4e00-\u9fff]{{1,4}}", p) for p in parts) \
        and not any(p in _STOP for p in parts) and _name_ok(content.replace("、", ""))  # 一码、一图、一表: one each


def _tail_name(count: str, tail: str) -> str | None:
    """The name after a quoted list: the count and the word after it, up to a stop word (四个共同体建设 → 四个共同体)
    or right after a class noun (四个方面着重 → 四个方面)."""
    cat = _CATEGORY_START.match(tail)
    if cat:
        return count + cat.group()
    m = _TAIL_STOP.search(tail)
    word = tail[:m.start()] if m else tail[:4]
    if not word or len(word) > 4:
        return None
    return count + word


def _quoted_list_names(text: str) -> list[_Cand]:
    """M-QUOTED-LIST-NAME: “管理、技术、服务、人员”四下沉: the quoted list holds as many members as the count."""
    out = []
    for m in _QUOTED_LIST_NAME.finditer(text):
        content = m.group(1)
        if "、" not in content or re.search(r"[，,。；;：:！？]", content):
            continue
        name = _tail_name(m.group(2), m.group(3))
        if not name or not _name_ok(name):
            continue
        items, pos = [], m.start(1)
        for part in content.split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        if any(not 1 <= b - a <= 15 for a, b in items) or len(items) != implied_count(name):
            continue
        s = m.start(2)
        out.append(_Cand(name, s, s + len(name), False, "M-QUOTED-LIST-NAME", items, m.start()))
    return out


_SHORT_VERBS = frozenset(_words("M-LEAD-VERB") + _lex()["M-QUOTED-SHORT"].get("lead_verbs", []))


def _name_ok_short(name: str) -> bool:
    """A two-character quoted name (三变, 三专): a numeral and a word, not a stop word."""
    return name not in _STOP and name[1] not in _NUM and name[1] not in "个大项种类条年月日号院"


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = _quoted_list_names(text)
    for m in _QUOTED.finditer(text):
        content = m.group(1)
        if _award_context(text, m.start(), m.end()):
            continue
        if "、" in content:
            if _joined_name(content) and implied_count(content) >= 2:
                out.append(_Cand(content, m.start(1), m.end(1), True, "M-JOINED-NAME"))
            continue
        if re.fullmatch(r"\d{3,6}", content):
            if not re.fullmatch(YEAR, content) and _DIGIT_AFTER.match(text[m.end(1):m.end(1) + 6]):
                out.append(_Cand(content, m.start(1), m.end(1), True, "M-DIGIT-BUNDLE"))
            continue
        got = _trim_quoted(content)
        if not got:
            continue
        off, name = got
        if len(name) < 3 and not _SHAPE.fullmatch(name):
            # 两院, 九天, 四链: two characters are too little to tell a bundle from a name — unless its members
            # follow, each carrying the name's word (“三变”：资源变资产、资金变股金、农民变股东; M-QUOTED-SHORT)
            if len(name) == 2 and name[0] in _NUM and _name_ok_short(name):
                s = m.start(1) + off
                out.append(_Cand(name, s, s + len(name), True, "M-QUOTED-SHORT"))
            continue
        short = re.sub(r"(?:原则|机制|模式|体系|制度)$", "", name)
        if short != name and len(short) >= 3 and _name_ok(short):  # 三重制度 stays: 三重 names nothing
            name = short
        if _name_ok(name):
            s = m.start(1) + off
            out.append(_Cand(name, s, s + len(name), True))
    taken = _Spans((c.start, c.end) for c in out)
    for m in _SHAPE.finditer(text):
        if m.start() in taken:
            continue
        name = m.group()
        if _name_ok(name) and not _award_context(text, m.start(), m.end()):
            out.append(_Cand(name, m.start(), m.end(), False, "M-SHAPE"))
    for m in _JOINED.finditer(text):
        if m.start() in taken:
            continue
        if _joined_name(m.group()) and implied_count(m.group()) >= 2:
            out.append(_Cand(m.group(), m.start(), m.end(), False, "M-JOINED-NAME"))
    out.sort(key=lambda c: c.start)
    return out


_ITEM_MARK = re.compile(r"^(?:(?:其|第)?[一二三四五六七八九十]{1,2}(?:是|[、，,])|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、．])")


_ITEM_FRAME = re.compile(r"^(?:全年|今年|当年|年内|力争|确保|努力|争取|其中)(?=[\u4e00-\u9fff]{3})|(?<=[\u4e00-\u9fff]{3})(?:较上年|比上年|同比|较去年|比去年)$")


def _clean_item(s: str) -> str:
    """A member as written, without quotes, brackets or its ordinal (一是领导到位 → 领导到位)."""
    s = s.strip(" 　“”\"'‘’《》()（）、，,;；：:").strip()
    s = _ITEM_MARK.sub("", s).strip(" 　“”\"") or s
    # M-TRIM-FRAME: 全年燃气安全事故起数、死亡人数较上年“双下降”: the time and the comparison frame the list
    return _ITEM_FRAME.sub("", s) or s


def _list_before(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]], bool] | None:
    """Items of an enumeration ending right before the name (…、…等“六统一”); the flag tells whether 等 closes
    the list (then it may hold fewer members than the count)."""
    j = c.start - (1 if c.quoted else 0)
    short = re.search(r"[”\"]?(?:工程|行动|计划|活动|制度|机制|问题|疾病)?[”\"]?\s{0,12}[（(](?:以下)?简称$", text[max(0, j - 12):j])
    if short and c.quoted:
        # M-SHORT-NAME: 高血压、糖尿病（以下简称“两病”）, “千村示范、万村整治”工程（以下简称“千万工程”）
        j = max(0, j - 12) + short.start()
    # allow 等 / 的 / quotes between the list and the name
    k = j
    while k > 0 and text[k - 1] in "等的”\" 教育":
        k -= 1
    tail = re.search(r"(?:等[\u4e00-\u9fff]{0,6}|为(?:主体|重点|核心|龙头|抓手|引领|支撑))的?$", text[max(0, k - 10):k])
    if tail:
        k = max(0, k - 10) + tail.start()  # …文化共建等为重点的“九统一”
    if k > 0 and text[k - 1] in "，," and c.quoted and re.match(r"[”\"]?(?:均|都|全部|全)", text[c.end:c.end + 2]):
        k -= 1  # …突发严重困难户674户，“三类户”均落实: the name sums up the list before it
    etc = "等" in text[k:j]
    i = k
    while i > 0 and text[i - 1] not in _BOUNDARY and k - i < 300:
        i -= 1
    seg = text[i:k]
    first_sep = _LIST_SEP.search(seg)
    if i > 0 and text[i - 1] == "”" and text[i - 2:i - 1] not in ("。", "！", "？", "…") and first_sep \
            and not _LEAD_VERB.search(seg[:first_sep.start()]):
        return None  # “四网融合”工程、城市…更新改造工程等: the list runs on across a quoted name
    if not _LIST_SEP.search(seg) or re.match(r"\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])", seg):
        return None  # (a heading line's words, 二、深化落实…和…赋予的五大战略, are no list)
    parts: list[tuple[int, int]] = []
    pos = i
    for m in _LIST_SEP.finditer(seg):
        parts.append((pos, i + m.start()))
        pos = i + m.end()
    parts.append((pos, k))
    # the first item starts after the introducing verb (教育集团实行统一领导 → 统一领导)
    a, b = parts[0]
    first = re.sub(r"《[^》]*》", lambda m: "＿" * len(m.group()), text[a:b])  # never cut inside a title
    # the last verb before the list (发挥党建引领作用研究建立组织联建 → 组织联建)
    lead = next(reversed(list(_LEAD_VERB.finditer(first))), None)
    if lead and any(text.startswith(lead.group(), x) for x, _ in parts[1:]):
        lead = None  # 加强组织领导、加强要素投入…: the verb opens every member, it is part of them
    if lead and lead.end() < b - a:
        a = a + lead.end()
        while (more := _LEAD_VERB.match(text, a, b)) and more.end() < b:
            a = more.end()  # 推动实现高质量发展水平, 深化落实依法办理: verbs in a row
        if text.startswith("了", a) and b - a > 2:
            a += 1  # 建立了地区、县市、学校“三级联动”: the verb's aspect particle
    rest = text[a:b]
    title = rest.find("《")
    if title > 0:
        a += title  # 制定完善《…方案》: the item is the title
        rest = text[a:b]
    adv = re.match(r"(?:不断|进一步|积极|大力|全面|切实|努力|这种|这类|这些|此类|上述)", rest)
    if adv:
        a += adv.end()
    # 对学生的学校 / 社区教育为依托的家: a long modifier ending in 的 before a short first item
    others = [y - x for x, y in parts[1:]]
    mod = re.match(r"^[^、]{2,14}的", text[a:b])
    if mod and others and (b - a) > 2 * max(others) and b - a - mod.end() >= 1:
        a += mod.end()
    parts[0] = (a, b)
    items = []
    for a, b in parts:
        while a < b and text[a] in " 　“\"‘《(（":
            a += 1
        while b > a and text[b - 1] in " 　”\"’》)）":
            b -= 1
        if b <= a or b - a > _ITEM_MAX:
            return None
        items.append((a, b))
    if len(items) < 2:
        return None
    counted = [_COUNTED_ITEM.fullmatch(text, a, b) for a, b in items]
    if all(counted):
        # M-COUNTED-MEMBERS: 脱贫不稳定户1204户、边缘易致贫户1387户、突发严重困难户674户“三类户”: each member with its count
        items = [(a, a + m.end(1) - m.start()) for (a, _), m in zip(items, counted, strict=True)]
    # M-TRIM-MODIFIER: 行政决策、执行、管理、服务和结果: the first member carries the list's shared modifier
    lens = {b - a for a, b in items[1:]}
    if len(items) >= 4 and len(lens) == 1:
        n = lens.pop()
        a, b = items[0]
        if 1 <= n <= 2 and 1 <= (b - a) - n <= 3:  # (four-character members: the first is simply longer)
            items[0] = (b - n, b)
    return items[0][0], items, etc


def _before_fits(text: str, items: list[tuple[int, int]], count: int, etc: bool) -> bool:
    """A list before the name gives its members only when it can: as many as the count (fewer after 等), no
    figures (50%以上的农户庭院), not only verbs (坚持和落实“两个毫不动摇”), and no result verb between the list
    and the name (起数、死亡人数实现“双下降”: M-RESULT-VERB)."""
    names = [text[a:b] for a, b in items]
    if any(_FIGURE.search(n) for n in names) or all(n in _ITEM_VERBS for n in names):
        return False
    if any(n.startswith(("的", "和", "与", "及")) for n in names) or _RESULT_VERB_END.search(names[-1]):
        return False
    if _LEAD_VERB_END.search(names[-1]):
        return False  # 各级人社部门、财政部门采取“双随机、一公开”: the subjects and their verb, no members
    return len(items) == count or len(items) == count - 1 or (etc and len(items) < count)


_COUNTED_ITEM = re.compile(r"([\u4e00-\u9fff（）()]{2,20}?)\s*\d+(?:\.\d+)?\s*(?:万|亿)?[\u4e00-\u9fff]{0,2}")
_CN_ORD = "一二三四五六七八九十"
_HEAD_STYLES = (  # (marker regex with the ordinal as group 1) of the heading styles that number sections
    re.compile(r"^[（(]([一二三四五六七八九十]{1,2})[)）]\s*"),
    re.compile(r"^([一二三四五六七八九十]{1,2})[、.．]\s*"),
    re.compile(r"^(\d{1,2})[.．、](?!\d)\s*"),
    re.compile(r"^第([一二三四五六七八九十]{1,2})[，,、是]\s*"),
    re.compile(r"^([一二三四五六七八九十]{1,2})是\s*"),
)


def _ordinal(tok: str) -> int:
    if tok.isdigit():
        return int(tok)
    if tok == "十":
        return 10
    if tok.startswith("十"):
        return 10 + _CN_ORD.index(tok[1]) + 1
    if len(tok) == 2 and tok[1] == "十":
        return (_CN_ORD.index(tok[0]) + 1) * 10
    return _CN_ORD.index(tok[0]) + 1


@lru_cache(maxsize=4096)
def _stem(name: str) -> str:
    """The pattern word of a name: 六统一 → 统一, 三个一 → 一, 四在农家 → 在农家, 九大行动 → 行动."""
    out = []
    skip_measure = False
    for i, ch in enumerate(name):
        counted = _counted(name, i)
        if counted or ch.isdigit() or ch == "+":
            skip_measure = True
            continue
        if skip_measure and ch in "个大项种类条":
            skip_measure = False
            continue
        skip_measure = False
        out.append(ch)
    return "".join(out)


def _stem_ok(name: str, members: list[str]) -> bool:
    """Members far from the name carry its pattern word (六统一 → 统一…, 三个一 → 一…, 九大行动 → …行动)."""
    stem = _stem(name)
    if not stem:
        return False
    if len(stem) == 1:
        return all(stem in m for m in members)
    key = {stem[:2], stem[-2:]}
    return all(any(k in m for k in key) for m in members)


def _heading_member(line: str, m: re.Match) -> re.Match | None:
    head = _HEAD_WORDS.match(line, m.end())
    if not head or (head.end() >= len(line) and len(line) - m.end() > 20):
        return None
    return head


_HEAD_WORDS = re.compile(r"[^。；;：:！？!?，,]{2,20}")
_HEAD_FIRST = frozenset("（(一二三四五六七八九十第0123456789")


@lru_cache(maxsize=4)
def _heading_index(text: str) -> tuple[list[int], list[list[tuple[int, int, int, int]]]]:
    """Line starts and, per heading style, the numbered lines of ``text``: (line number, ordinal, member start,
    member end or -1 when the heading has no short member). Built once per text, shared by every candidate."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    per_style: list[list[tuple[int, int, int, int]]] = [[] for _ in _HEAD_STYLES]
    for ln, s in enumerate(starts):
        if s >= len(text) or text[s] not in _HEAD_FIRST:
            continue
        e = text.find("\n", s)
        line = text[s:len(text) if e < 0 else e]
        for si, style in enumerate(_HEAD_STYLES):
            m = style.match(line)
            if not m:
                continue
            try:
                num = _ordinal(m.group(1))
            except (ValueError, IndexError):
                continue
            head = _heading_member(line, m)
            per_style[si].append((ln, num, s + m.end(), s + head.end() if head else -1))
    return starts, per_style


def _heading_runs(entries: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Runs of headings of one style numbered 1, 2, 3 …: each a list of (line number, member start, member end)."""
    runs: list[list[tuple[int, int, int]]] = []
    cur: list[tuple[int, int, int]] = []
    for ln, num, a, b in entries:
        if num == 1:
            if cur:
                runs.append(cur)
            cur = []
        elif num != len(cur) + 1 or not cur:
            if cur:
                runs.append(cur)
            cur = []
            continue
        if b < 0:
            cur = []
            continue
        cur.append((ln, a, b))
    if cur:
        runs.append(cur)
    return runs


def _entries_between(entries: list[tuple[int, int, int, int]], lo: int, hi: int) -> list[tuple[int, int, int, int]]:
    """The entries on lines lo <= line < hi."""
    i = bisect_left(entries, (lo,))
    j = bisect_left(entries, (hi,))
    return entries[i:j]


def _list_headings(text: str, c: _Cand, anywhere: bool = False) -> tuple[int, list[tuple[int, int]]] | None:
    """Members given as the headings of the sections that follow the name: “六统一”管理 … （一）统一组织管理。…
    （二）统一人员管理。… Exactly as many headings as the name counts, numbered 1..N in one style, the first
    within a few lines of the name (anywhere in the body for a name in the title); each member is the heading's
    words up to its first stop, and carries the name's pattern word."""
    n = implied_count(c.name)
    if n < 2 or n > 12:
        return None
    starts, per_style = _heading_index(text)
    first = bisect_right(starts, c.end)  # the line after the name's line
    if first >= len(starts):
        return None
    limit = starts[first] + (40000 if anywhere else 6000)
    for entries in per_style:
        window = [e for e in _entries_between(entries, first, first + (600 if anywhere else 80)) if e[2] < limit]
        runs = _heading_runs(window)
        if not anywhere:
            runs = [r for r in runs[:1] if r[0][0] - first <= 3]
        for run in runs:
            if len(run) != n:
                continue
            items = [(a, b) for _, a, b in run]
            if _stem_ok(c.name, [text[a:b] for a, b in items]):
                return items[0][0], items
    return None


def _list_headings_before(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-HEADINGS-BEFORE: 一、一人一档 … 二、一月一访 … 三、一季一评 … then 做到这“三个一”: the last N sections
    before the name are its members. The name must refer back (这/上述/以上) or the headings carry its pattern
    word that is not a class noun."""
    n = implied_count(c.name)
    if n < 2 or n > 12:
        return None
    back = _DEMONSTRATIVE.search(text[max(0, c.start - 4):c.start])
    if not back and (_CATEGORY.search(c.name) or not _stem(c.name)):
        return None
    starts, per_style = _heading_index(text)
    line = bisect_right(starts, c.start) - 1  # the name's line
    lo = max(0, starts[line] - 15000)
    for entries in per_style:
        window = [e for e in _entries_between(entries, max(0, line - 200), line) if e[2] >= lo]
        runs = _heading_runs(window)
        if not runs:
            continue
        last = runs[-1]
        if len(last) == n + 1:
            last = last[:n]  # the name stands in the section after its members (五、工作要求 …这“四个一”)
        if len(last) != n:
            continue
        items = [(x, y) for _, x, y in last]
        if _stem_ok(c.name, [text[x:y] for x, y in items]):
            return items[0][0], items
    return None


# the rest of the name's own sentence, then its end: 工程。 / 行动： / ”。 (no other words, no figure)
_CLOSES_NAME = re.compile(r"[”\"]?[\u4e00-\u9fff]{0,6}[。：:][ \t\u3000]*")  # same paragraph


def _list_ordinals(text: str, c: _Cand, near: bool = True) -> tuple[int, list[tuple[int, int]]] | None:
    """M-ORDINAL-RUN: “三个到位”：一是组织到位，…；二是…；三是…: members opened by 一是/二是 (其一, 第一，) in the
    text after the name. Right after the name the count is enough; further on (or after a title) the members
    must carry the name's pattern word."""
    n = implied_count(c.name)
    if n < 2 or n > 12:
        return None
    j = c.end + (1 if c.quoted else 0)
    if near and not _ORD_RUN.search(text, j, min(len(text), j + 16)):
        return None  # right after the name, the first member opens within a few characters
    limit = min(len(text), j + (40000 if not near else 3000))
    items: list[tuple[int, int]] = []
    first_at = -1
    for m in _ORD_RUN.finditer(text, j, limit):
        try:
            num = _ordinal(m.group(1))
        except (ValueError, IndexError):
            continue
        if num == 1 and not items:
            first_at = m.start()
        elif num != len(items) + 1:
            if items and num == 1:
                break
            continue
        if num == 1 and items:
            break
        head = re.match(r"[^。；;：:！？!?，,]{2,30}", text[m.end():m.end() + 31])
        if not head:
            return None
        items.append((m.end(), m.end() + head.end()))
        if len(items) > n:
            return None
    if len(items) * 2 == n:
        items = _paired_parts(text, c.name, items) or items
    if len(items) != n:
        return None
    # adjacent: the first member opens right after the name, or right after the sentence the name closes
    # (实施“三个一”工程。一是…，二是…: a lead sentence names the bundle, the next ones list it)
    between = text[j:first_at]
    adjacent = first_at - j <= 12 and (not re.search(r"[。\n]", between)
                                       or _CLOSES_NAME.fullmatch(between) is not None)
    if near and not adjacent:
        return None
    if not adjacent and not _stem_ok(c.name, [text[a:b] for a, b in items]):
        return None
    return items[-1][1], items


def _list_quoted_members(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-QUOTED-MEMBERS: 丰富“四在农家”内涵。…实现“富在农家”，…实现“学在农家”…: the quoted phrases after the
    name that repeat its pattern word are its members, when there are as many as the count."""
    n = implied_count(c.name)
    stem = _stem(c.name)
    if n < 2 or len(stem) < 2 or _CATEGORY.search(c.name):
        return None
    j = c.end + (1 if c.quoted else 0)
    stop = text.find("\n", j, j + 600)  # bounded: an unbounded search made a page of one long line quadratic
    stop = min(len(text), j + 600) if stop < 0 else stop
    seen: dict[str, tuple[int, int]] = {}
    for m in re.finditer(r"“([^“”\n]{2,12})”", text[j:stop]):
        w = m.group(1)
        if stem in w and w != c.name and w != stem and not re.search(rf"[{_NUM}]", w.replace(stem, "")):
            seen.setdefault(w, (j + m.start(1), j + m.end(1)))
    if len(seen) != n:
        return None
    items = list(seen.values())
    return items[-1][1], items


def _parts(name: str) -> list[str]:
    """The smaller bundles a name joins: 四互四共 → 四互, 四共; 三通两平台 → 三通, 两平台."""
    cuts = [m.start() for m in re.finditer(rf"[{_NUM}](?!个一)", name) if m.start() == 0 or name[m.start() - 1] not in "个统唯第"]
    if len(cuts) < 2 or cuts[0] != 0:
        return []
    out = [name[a:b] for a, b in zip(cuts, [*cuts[1:], len(name)], strict=True)]
    return out if all(len(p) >= 2 and implied_count(p) >= 1 for p in out) else []


def _list_nested(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-NESTED: “四互四共” … “四互”即A、B、C、D；“四共”即E、F、G、H: each part listed on its own."""
    parts = _parts(c.name)
    if not parts or sum(implied_count(p) for p in parts) != implied_count(c.name):
        return None
    j = c.end + (1 if c.quoted else 0)
    window = text[j:j + 1500]
    items: list[tuple[int, int]] = []
    last = j
    for p in parts:
        got = None
        for m in re.finditer(re.escape(p), window):
            s = j + m.start()
            if text.startswith(c.name, s):
                continue
            quoted = s > 0 and text[s - 1] in "“\"" and text[s + len(p):s + len(p) + 1] in "”\""
            sub = _Cand(p, s, s + len(p), quoted)
            k = implied_count(p)
            got = _list_after(text, sub) or _list_after_described(text, sub)
            if got and len(got[1]) == k:
                break
            before = _list_before(text, sub)
            if before and len(before[1]) == k and _before_fits(text, before[1], k, False):
                got = (s + len(p), before[1])
                break
            got = None
        if not got:
            return None
        items += got[1]
        last = max(last, got[0])
    return last, items


def _title_line(text: str, pos: int) -> bool:
    """The name stands in the document's title: a short line without a full stop among the first lines."""
    if pos > 61 and "\n" not in text[pos - 61:pos] and not text[pos - 61].isspace() and not text[pos].isspace():
        return False  # the line holds text[pos - 61:pos + 1], over 60 characters (no scan of a long line back)
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    b = len(text) if b < 0 else b
    line = text[a:b].strip()
    if a > 1500 or len(line) > 60 or "。" in line or "，" in line:
        return False
    before = [x for x in text[:a].split("\n") if x.strip()]
    return len(before) <= 12 and bool(re.search(r"(?:通知|意见|方案|办法|规定|细则|规划|计划|决定|报告|纲要|措施|要点|指南|"
                                                 r"通告|公告|工作法|实施|行动|工程|制度|机制|模式)[”\"》]?\s*$", line)
                                       or not before)


def _list_after_described(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """“三个一”教育工程，即一天一祝福，利用…；一周一表扬，每周五…；一月一主题，… — members each opening a
    ；-separated part, followed by their description. A part opening with a counted name whose members follow
    it (四提升，管理效能提升，教师素质提升，…) gives those members. The members must add up to the count."""
    j = c.end + (1 if c.quoted else 0)
    m = re.match(r"^[”\"]?[\u4e00-\u9fff]{0,10}?\s{0,3}[，,]?\s{0,3}即\s{0,3}[：:]?\s{0,3}|^[”\"]?\s{0,3}[：:]\s{0,3}",
                 text[j:j + 12])
    if not m:
        return None
    start = j + m.end()
    end = start
    while end < len(text) and text[end] not in "。\n" and end - start < 800:
        end += 1
    parts, pos = [], start
    for sm in re.finditer(r"[；;]", text[start:end]):
        parts.append((pos, start + sm.start()))
        pos = start + sm.end()
    parts.append((pos, end))
    if len(parts) < 2:
        return None
    items: list[tuple[int, int]] = []
    for a, b in parts:
        clauses, cpos = [], a
        for cm in re.finditer(r"[，,：:]", text[a:b]):
            clauses.append((cpos, a + cm.start()))
            cpos = a + cm.end()
        clauses.append((cpos, b))
        ha, hb = clauses[0]
        head = text[ha:hb].strip()
        if not 2 <= len(head) <= 12:
            return None
        k = implied_count(head) if _COUNT.search(head) else 1
        if k >= 2 and len(clauses) - 1 == k and all(2 <= y - x <= 12 for x, y in clauses[1:]):
            items += clauses[1:]
        else:
            items.append((ha, hb))
    if len(items) != implied_count(c.name):
        return None
    return end, items


def _paired(name: str, members: list[str]) -> bool:
    """M-PAIRED-MEMBERS: 三联三促，即联系社区促服务、联系企业促发展、联系群众促和谐: a name of two equal counts
    (N X N Y) whose N members each hold both pattern words, in order (each 联 comes with its 促)."""
    m = re.fullmatch(rf"([{_NUM}])([\u4e00-\u9fff])\1([\u4e00-\u9fff])", name)
    if not m or len(members) != _VAL[m.group(1)] or len(members) < 2:
        return False
    x, y = m.group(2), m.group(3)
    return all(x in w and y in w[w.index(x) + 1:] for w in members)


def _paired_parts(text: str, name: str, items: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """M-PAIRED-MEMBERS in an ordinal run: 三查三改：一是查思想认识，改作风漂浮；二是…: each of the N items is a pair of
    clauses, the first with the name's first pattern word (查), the second with its other (改): 2N members."""
    m = re.fullmatch(rf"([{_NUM}])([\u4e00-\u9fff])\1([\u4e00-\u9fff])", name)
    if not m:
        return None
    x, y = m.group(2), m.group(3)
    out = []
    for a, b in items:
        sep = re.match(r"\s*[，,]\s*", text[b:b + 3])
        if not sep or x not in text[a:b]:
            return None
        second = re.match(r"[^。；;：:！？!?，,\n]{2,30}", text[b + sep.end():b + sep.end() + 31])
        if not second or y not in second.group():
            return None
        out += [(a, b), (b + sep.end(), b + sep.end() + second.end())]
    return out


def _list_after(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """Items of an enumeration introduced after the name (“十统一”，即…、…；“七统一”(即…))."""
    j = c.end + (1 if c.quoted else 0)
    m = _AFTER_INTRO.match(text[j:j + 14])
    if not m:
        return None
    gap = re.match(r"^[”\"]?([\u4e00-\u9fff]*)", m.group()).group(1)
    paren = "(" in m.group() or "（" in m.group()
    # a word between the name and the list (“六统一”管理（…）, “四个一”要求，做到…) is fine when the list holds
    # exactly as many members as the name says; “三个一”教育工程：… describes the programme
    strict = bool(gap) and "即" not in m.group()
    # M-COLON-PATTERN: “五统一”管理：统一指挥调度，统一着装标识，…: after a word and a colon, the list holds the members
    # when each repeats the name's pattern word (统一) and there are as many as the count
    colon = strict and not paren and not re.search(_INTRO, m.group()) and re.search(r"[：:]\s*$", m.group()) \
        and (len(_stem(c.name)) >= 2 or bool(re.fullmatch(r"[两二三四五六七八九十]个一", c.name)))
    if strict and not (paren or re.search(_INTRO, m.group()) or colon):
        return None
    start = j + m.end()
    end = start
    stop = ")）" if paren else "。；;\n"
    while end < len(text) and text[end] not in stop and end - start < 400:
        end += 1
    seg = text[start:end]
    first_clause = re.split(r"[，,；;]", seg, maxsplit=1)[0]
    if paren:
        sep = re.compile(r"[、，,；;]")
    elif "、" in first_clause:
        # a 、 list ends at the clause's end (即统一管理策略、统一共享设施、…，全面提升…)
        end = start + len(first_clause)
        seg = first_clause
        sep = re.compile(r"、")
    else:
        sep = re.compile(r"[，,；;]")
    items: list[tuple[int, int]] = []
    pos = start
    for mm in sep.finditer(seg):
        items.append((pos, start + mm.start()))
        pos = start + mm.end()
    items.append((pos, end))
    out = []
    for a, b in items:
        while a < b and text[a] in " 　“\"":
            a += 1
        while b > a and text[b - 1] in " 　”\"。":
            b -= 1
        if b > a:
            out.append((a, b))
    if len(out) < 2 or any(b - a > 60 for a, b in out):
        return None
    n = implied_count(c.name)
    if sep.pattern == "、" and not paren and len(out) < n:
        # M-LIST-CONTINUED: 即村党组织提议、…、村民会议决议，决议公开、实施结果公开: the members run on into the
        # clauses that end the sentence, exactly as many as the name still counts
        stop = end
        while stop < len(text) and text[stop] not in "。；;\n" and stop - end < 200:
            stop += 1
        more, pos = [], end + 1
        for mm in re.finditer(r"[、，,]", text[end + 1:stop]):
            more.append((pos, end + 1 + mm.start()))
            pos = end + 1 + mm.end()
        more.append((pos, stop))
        more = [(a, b) for a, b in more if b > a]
        last = text[out[-1][0]:out[-1][1]]
        if text[end:end + 1] in "，," and len(out) + len(more) == n and all(2 <= b - a <= 20 for a, b in more) \
                and not re.search(r"[和及与]", last) and not any(_PURPOSE.match(text, a) for a, _ in more):
            out += more
            end = out[-1][1]
    if not paren and sep.pattern != "、":
        # clauses after 即 are the members only when there are as many as the name says (a closing purpose
        # clause, 全面提高…, may follow them)
        n = implied_count(c.name)
        if len(out) == n + 1 and re.match(r"(?:全面|进一步|从而|切实|努力|不断|推动|促进|提高|提升|确保|以)",
                                          text[out[-1][0]:out[-1][1]]):
            out = out[:n]
            end = out[-1][1]
        if len(out) != n:
            return None
    if strict and len(out) != implied_count(c.name):
        return None
    if colon and not _stem_ok(c.name, [text[a:b] for a, b in out]):
        return None
    if colon and len(_stem(c.name)) < 2 and sep.pattern != "、":
        return None  # “三个一”教育工程：每天读一本书，每周写一篇文章…: clauses describing a programme, not a 、-list
    return end + (1 if paren and end < len(text) else 0), out


# a clause that says what the list is for (从源头上推动…, 全面提升…) is no member
_PURPOSE = re.compile(r"(?:从|以|为|推动|促进|确保|全面|进一步|切实|努力|不断|提高|提升|加快|形成|实现|着力|切实)")
_SENTENCE_CAP = 2000  # characters searched either side for a sentence end (a page without any stays linear)


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    lo, hi = max(0, pos - _SENTENCE_CAP), min(len(text), pos + _SENTENCE_CAP)
    a = max(text.rfind(c, lo, pos) for c in "。！？\n；")
    ends = [i for i in (text.find(c, pos, hi) for c in "。！？\n；") if i >= 0]
    return (a + 1 if a >= 0 else lo), (min(ends) if ends else hi)


class _Spans:
    """A set of spans asked whether they cover a position, in log time (merged, sorted)."""

    def __init__(self, spans) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


_HUB = _lex()["M-HUB-SPOKE"]
_HUB_ROLE = re.compile(rf"(?:{_alt(_HUB['hub'])})([\u4e00-\u9fff]{{2,8}})(?=[，,])")
_SPOKE_ROLE = re.compile(rf"(?:{_alt(_HUB['spoke'])})([\u4e00-\u9fff]{{2,8}}?)(?=[，,]?\s*(?:{_alt(_HUB['join'])}))")


def _list_hub_spoke(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-HUB-SPOKE: 由…医院作为牵头医院，联合多家乡镇卫生院组成1+X医共体: the 1 is the lead role, the X the role
    of the units joined to it."""
    if not re.fullmatch(r"1\+[XN]", c.name):
        return None
    sa, _ = _sentence_bounds(text, c.start)
    hubs = list(_HUB_ROLE.finditer(text, sa, c.start))
    hub = hubs[-1] if hubs else None
    spokes = list(_SPOKE_ROLE.finditer(text, hub.end() if hub else sa, c.start))
    spoke = spokes[-1] if spokes else None
    if not hub or not spoke:
        return None
    return hub.start(1), [hub.span(1), spoke.span(1)]


# layouts tried, in this order, when no list stands right before or after the name
def _list_section_sentence(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-SECTION-SENTENCE: 二、落实“双报到”制度 / 在职党员到社区报到，机关党组织到社区报到。: a heading names the
    bundle and the first sentence of its section lists the members, one per clause, each repeating the name's
    pattern word, as many as the count."""
    lo = max(0, c.start - 41)  # the heading line is at most 40 characters: search no further (a long line)
    a = text.rfind("\n", lo, c.start) + 1
    b = text.find("\n", c.end, a + 41) if a or not lo else -1
    if b < 0 or b - a > 40 or re.search(r"[。；;！？]", text[a:b]) or not is_heading(text[a:b].strip()):
        return None
    n = implied_count(c.name)
    if not 2 <= n <= 8 or len(_stem(c.name)) < 2:
        return None
    start = b + 1
    while start < len(text) and text[start] in " \t　":
        start += 1
    end = start
    while end < len(text) and text[end] not in "。！？!?\n" and end - start < 300:
        end += 1
    if c.name in text[start:end] or re.search(r"[：:“”\"]", text[start:end]):
        return None  # the section names the bundle again: that mention has its own list
    items, pos = [], start
    for sm in re.finditer(r"[，,；;、]", text[start:end]):
        items.append((pos, start + sm.start()))
        pos = start + sm.end()
    items.append((pos, end))
    if len(items) != n or any(not 2 <= y - x <= _ITEM_MAX for x, y in items):
        return None
    if not _stem_ok(c.name, [text[x:y] for x, y in items]):
        return None
    return end, items


def _pattern_runs(name: str) -> list[tuple[str, int]] | None:
    """The runs of members a name announces: 五统一 → [(统一, 5)]; 三进三送 → [(进, 3), (送, 3)]."""
    m = re.fullmatch(rf"([{_NUM}])([\u4e00-\u9fff])\1([\u4e00-\u9fff])", name)
    if m:
        return [(m.group(2), _VAL[m.group(1)]), (m.group(3), _VAL[m.group(1)])]
    stem = _stem(name)
    n = implied_count(name)
    if len(stem) < 2 or not 2 <= n <= 10 or stem != name[len(name) - len(stem):]:
        return None
    return [(stem, n)]


def _list_next_sentence(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-NEXT-SENTENCE: （二）建立“四统一”管理机制。对全县…实行统一标准、统一标识、统一保洁、统一考核。 and
    实施“三进三送”行动。推动文化进乡村、进社区、进校园，送戏、送书、送电影下乡: a short one-clause sentence names the bundle and
    the next one holds the members as a run of 、/，-separated items, each opening with the name's pattern word
    (for a name of two counted words, one run per word), exactly as many as the count."""
    runs = _pattern_runs(c.name)
    if not runs:
        return None
    _, sb = _sentence_bounds(text, c.start)
    sa, _ = _sentence_bounds(text, c.start)
    if sb - sa > 40 or sb >= len(text) or text[sb] not in "。！？" or re.search(r"[，,；;：:]", text[sa:sb]):
        return None  # the naming sentence is one short clause: a topic sentence of what follows
    start = sb + 1
    end = start
    while end < len(text) and text[end] not in "。！？!?\n" and end - start < 300:
        end += 1
    if c.name in text[start:end]:
        return None  # named again: that mention has its own list
    segs, pos = [], start
    for sm in re.finditer(r"[、，,；;]", text[start:end]):
        segs.append((pos, start + sm.start()))
        pos = start + sm.end()
    segs.append((pos, end))
    need = sum(n for _, n in runs)
    for i in range(len(segs) - need + 1):
        items, k = [], i
        for word, n in runs:
            for j in range(n):
                a, b = segs[k]
                seg = text[a:b]
                if not seg.startswith(word):
                    at = seg.rfind(word, 0, len(seg) - 1)
                    if j > 0 or at < 0:
                        break  # only the first item of a run may carry the sentence's lead (实行, 推动文化)
                    a += at
                if not len(word) + 1 <= b - a <= 12:
                    break
                items.append((a, b))
                k += 1
            else:
                continue
            break
        if len(items) == need:
            return items[-1][1], items
    if len(runs) == 1 and len(runs[0][0]) >= 2:
        # 加快建设“三个中心”。聚焦长三角…的科创中心、先进制造业中心、现代物流中心建设: members ending in the pattern
        # word; the first carries the sentence's verb, the last what is done to all (建设)
        word, n = runs[0]
        for i in range(len(segs) - n + 1):
            items = []
            for j, (a, b) in enumerate(segs[i:i + n]):
                at = text.rfind(word, a, b)
                if at < 0 or (j < n - 1 and at + len(word) != b):
                    break
                if j == 0:
                    lead = _LEAD_VERB.match(text, a, at)
                    a = lead.end() if lead else a
                items.append((a, at + len(word)))
            if len(items) == n and all(len(word) + 1 <= y - x <= _ITEM_MAX for x, y in items):
                return items[-1][1], items
    return None


_QUOTED_LONG = re.compile(r"[“\"]([^“”\"\n]{3,90})[”\"]")


def _list_quoted_near(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-QUOTED-LIST-NEAR: 把“三变”改革作为抓手，以“资源变资产、资金变股金、农民变股东”为路径: a quoted 、-list in the
    name's sentence holds exactly as many items as the count, each carrying the name's word."""
    sa, sb = _sentence_bounds(text, c.start)
    n = implied_count(c.name)
    for qm in _QUOTED_LONG.finditer(text, sa, sb):
        if qm.start(1) <= c.start < qm.end(1) or "、" not in qm.group(1):
            continue
        items, pos = [], qm.start(1)
        for sm in re.finditer("、", qm.group(1)):
            items.append((pos, qm.start(1) + sm.start()))
            pos = qm.start(1) + sm.end()
        items.append((pos, qm.end(1)))
        members = [text[a:b] for a, b in items]
        word = c.name[1:] if c.rule == "M-QUOTED-SHORT" else None
        if len(items) == n and all(2 <= b - a <= _ITEM_MAX for a, b in items) and (
                all(word in x for x in members) if word else _stem_ok(c.name, members)):
            return qm.end(), items
    if c.rule == "M-QUOTED-SHORT":
        # 开展“三清”行动，清河道垃圾、清岸坡违建、清非法排口: an unquoted 、-run after the name, each item opening
        # with the name's word
        word = c.name[1:]
        seg_start = c.end + 1
        item = rf"{re.escape(word)}[^、，,。；;：:\n\d各等]{{1,{_ITEM_MAX}}}"
        for rm in re.finditer(rf"{item}(?:、{item})+",
                              text[seg_start:sb]):
            items, pos = [], seg_start + rm.start()
            for part in rm.group().split("、"):
                items.append((pos, pos + len(part)))
                pos += len(part) + 1
            if len(items) == n:
                return items[-1][1], items
    return None


_WORD_SEGMENT = re.compile(r"([一二两双三四五六七八九十])([^一二两双三四五六七八九十、]{1,2})")
_OBJECT_VERB = re.compile(rf"(?:{_alt(_lex()['M-WORD-MEMBERS']['object_verbs'] + _words('M-LEAD-VERB'))})")
_WORD_ITEM_SEP = re.compile(r"[、，,；;：:。！？“”（）()]")


def _list_word_members(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-WORD-MEMBERS: 三书一函 → three items carrying 书, then one carrying 函, in the name's sentence after it
    or in the next sentence."""
    bare = c.name.replace("、", "")
    segs = _WORD_SEGMENT.findall(bare)
    if len(segs) < 2 or "".join(n + w for n, w in segs) != bare:
        return None
    want = [(_VAL[n], w) for n, w in segs]
    if any(n < 1 for n, _ in want) or sum(n for n, _ in want) > 12:
        return None
    _, sb = _sentence_bounds(text, c.start)
    end = _sentence_bounds(text, sb + 1)[1] if sb < len(text) and text[sb] in "。！？；" else sb
    end = min(end, c.end + 300)
    items, pos = [], c.end + (1 if c.quoted else 0)
    for m in _WORD_ITEM_SEP.finditer(text, pos, end):
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, end))
    items = [(a, b) for a, b in items if b > a and bare not in text[a:b].replace("、", "")]  # the name again
    out: list[tuple[int, int]] = []
    i = 0
    for n, word in want:
        while i < len(items) and word not in text[items[i][0]:items[i][1]]:
            i += 1
        run = items[i:i + n]
        if len(run) != n or any(word not in text[a:b] or not 2 <= b - a <= _ITEM_MAX for a, b in run):
            return None
        if i + n < len(items) and word in text[items[i + n][0]:items[i + n][1]]:
            return None  # more items carry the word than the name counts
        opening = sum(text.startswith(word, a) for a, _ in run)
        for a, b in run:
            if n >= 2 and opening == n - 1 and not text.startswith(word, a):
                a = text.find(word, a, b)  # 组织干部下基层、下企业、下农户: the others open with the word
            elif text.endswith(word, a, b) and b - a > len(word) + 5:
                verbs = list(_OBJECT_VERB.finditer(text, a, b - len(word)))
                cut = max([v.end() for v in verbs] + [text.rfind("的", a, b - len(word)) + 1])
                if cut > a and b - cut >= len(word) + 1:
                    a = cut
            out.append((a, b))
        i += n
    return out[-1][1], out



def find_mechanisms(text: str) -> list[Mechanism]:
    """The named numbered bundles of ``text`` with their members (see the module docstring)."""
    return [m for m, _ in find_mechanisms_explained(text)]


def find_mechanisms_explained(text: str) -> list[tuple[Mechanism, tuple[str, ...]]]:
    """Each mechanism with the ids of the rules that produced it: how the name was found (M-QUOTED, M-SHAPE,
    M-QUOTED-LIST-NAME, M-JOINED-NAME, M-DIGIT-BUNDLE) and where its members came from (M-LIST-AFTER,
    M-LIST-BEFORE, M-ORDINAL-RUN, M-QUOTED-MEMBERS, M-NESTED, M-HEADINGS-AFTER, M-HEADINGS-BEFORE,
    M-TITLE-BODY), plus the checks that shaped them (M-TRIM-MODIFIER)."""
    # 「三清」, 『四个到位』 (Hong Kong and Taiwan pages, even after t2s) quote like “三清”: one character for one, so
    # every offset stays (M-QUOTED)
    orig, text = text, text.translate(_CORNER_QUOTES)
    # 市域（郊）铁路, 县（市、区）: a short parenthetical inside a member does not end it (same length: offsets kept)
    masked = _SHORT_PAREN.sub(lambda m: "＿" * len(m.group()), text) if "（" in text or "(" in text else text
    found: list[tuple[Mechanism, tuple[str, ...]]] = []
    for c in _candidates(text):
        count = implied_count(c.name)
        rules = [c.rule]
        comps: list[tuple[int, int]] = []
        q0, q1 = c.start - (1 if c.quoted else 0), c.end + (1 if c.quoted else 0)
        if c.items:
            comps, q0 = c.items, c.q0
        else:
            after = _list_after(text, c) or _list_after_described(text, c)
            before = _list_before(masked, c)
            if after and (count - 1 <= len(after[1]) <= count + 1
                          or len(after[1]) < count and text.startswith("等", after[1][-1][1])):
                comps = after[1][:count]
                q1 = after[0]
                rules.append("M-LIST-AFTER")
                if re.match(r"[”\"]?[\u4e00-\u9fff]{1,4}\s*[：:]", text[c.end:c.end + 8]) and not re.search(
                        _INTRO, text[c.end:comps[0][0]]):
                    rules.append("M-COLON-PATTERN")
            elif after and _paired(c.name, [text[a:b] for a, b in after[1]]):
                comps = after[1]
                q1 = after[0]
                rules += ["M-LIST-AFTER", "M-PAIRED-MEMBERS"]
            elif before and _before_fits(text, before[1], count, before[2]):
                comps = before[1]
                q0 = before[0]
                rules.append("M-LIST-BEFORE")
                if text[comps[0][0]:comps[0][1]] != text[comps[0][0]:comps[0][1]].strip() or \
                        comps[0][1] - comps[0][0] == comps[-1][1] - comps[-1][0] != comps[0][1] - before[0]:
                    rules.append("M-TRIM-MODIFIER")
            else:
                got = None
                for rule, fn in _FAR_LAYOUTS:
                    if rule.startswith("M-HEADINGS") and not c.quoted:
                        continue
                    got = fn(text, c)
                    if got:
                        rules.append(rule)
                        break
                if not got and c.quoted and _title_line(text, c.start):
                    got = _list_headings(text, c, anywhere=True) or _list_ordinals(text, c, near=False)
                    if got:
                        rules.append("M-TITLE-BODY")
                if got:
                    comps = got[1]  # the quote stays the name's sentence: the members may be far from it
        if comps and "简称" in text[comps[-1][1]:c.start]:
            rules.append("M-SHORT-NAME")  # 高血压、糖尿病（以下简称“两病”）: the list defines the name
        if c.rule == "M-QUOTED-SHORT" and (len(comps) != count or not (rules[-1] == "M-SHORT-NAME" or all(
                c.name[1] in text[a:b] for a, b in comps))):
            continue  # M-QUOTED-SHORT: kept only with its members, each carrying the name's word
        if not comps and not c.quoted and c.rule != "M-JOINED-NAME" and not re.search(
                r"位一体|统一|结合|平台|[互联].共", c.name):
            continue  # an unquoted bare name needs its list to count (三结合 alone could be anything)
        # the quote: from the list (or the clause) to the name, trimmed to the sentence
        sa, sb = _sentence_bounds(text, c.start)
        if not comps or rules[-1] in ("M-ORDINAL-RUN", "M-QUOTED-MEMBERS", "M-NESTED", "M-HEADINGS-AFTER",
                                      "M-HEADINGS-BEFORE", "M-TITLE-BODY", "M-NEXT-SENTENCE") and q1 > sb:
            q0 = max(sa, c.start - 12) if not c.items else q0
            while q0 < c.start and text[q0] in "，,、；;： ":
                q0 += 1
            q1 = min(sb, c.end + (1 if c.quoted else 0) + 8)
        q0, q1 = max(q0, sa), min(max(q1, c.end), sb) if q1 <= sb else q1
        while q0 < q1 and text[q0] in "，,、；;：: ":
            q0 += 1
        if comps and len(comps) == count - 1:
            comps = _split_last_pair(text, comps)
        names = [_clean_item(text[a:b]) for a, b in comps]
        aligned = _align_first(names, "一" if re.fullmatch(r"[两二三四五六七八九十]个一", c.name) else None)
        if aligned != names:
            names = aligned
            rules.append("M-ALIGN-FIRST")
        if c.rule == "M-QUOTED-SHORT":
            # 一是设立专管机构…: the member is what carries the name's word (专管机构), after the item's verb
            names = [n[2:] if len(n) > 4 and n[:2] in _SHORT_VERBS and n[2] == c.name[1] else n for n in names]
        spans = []
        for (a, b), n in zip(comps, names, strict=True):
            if n:
                at = text.find(n, a, b)
                spans.append((at, at + len(n)) if at >= 0 else (a, b))
        names = [n for n in names if n]
        found.append((Mechanism(name=c.name, count=count, components=names, text=orig[q0:q1], start=q0, end=q1,
                                complete=len(names) >= count, component_spans=spans), tuple(rules)))
    return _merge(_compound_members(text, found))


def _align_first(names: list[str], anchor: str | None) -> list[str]:
    """M-ALIGN-FIRST: the first member of a list carries what leads into the list (集中整治乱堆乱放、乱搭乱建、乱扔乱倒;
    每个项目明确一名领导联系、一个部门负责、一个专班推进): when the others open alike (the same first character, or for
    an N个一 bundle its 一 at the same place), the first is cut to open the same way."""
    if len(names) < 3 or not names[0] or not all(names[1:]):
        return names
    first, others = names[0], names[1:]
    if anchor:
        offsets = {o.find(anchor) for o in others}
        if len(offsets) != 1 or (k := offsets.pop()) < 0:
            return names
        i = first.find(anchor)
        # a lead of a few characters (每天阅读一小时 beside 每周一节阅读课) is the member's own wording
        return [first[i - k:], *others] if i - k >= 3 and len(first) - (i - k) >= 2 else names
    ch = others[0][0]
    if ch in "的和与及" or any(o[0] != ch for o in others) or first.startswith(ch):
        return names
    i = first.find(ch)
    return [first[i:], *others] if 0 < i < len(first) - 1 else names


_COUNTED_WORD = re.compile(r"([两二三四五六七八九十])个(.{1,3})|([两二三四五六七八九十])([^个一二两三四五六七八九十\d]{2,3})")


def _list_counted_word(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """M-COUNTED-WORD: 坚持“四个一”推进机制，每个项目明确一名领导联系、一个部门负责…; 实施“四个一批”机制，签约一批、开工一批、
    投产一批、储备一批滚动推进: after the name's clause, exactly as many consecutive items of the sentence as the count
    carry the counted word (一, 一批), and they are the members."""
    m = _COUNTED_WORD.fullmatch(c.name)
    if not m or (m.group(3) and not c.quoted):
        return None
    # “三公开”要求，公开项目内容、公开推进进度、公开完成结果: a quoted number and word count the same way
    n, word = (_VAL[m.group(1)], m.group(2)) if m.group(1) else (_VAL[m.group(3)], m.group(4))
    j = c.end + (1 if c.quoted else 0)
    gm = re.match(r"[\u4e00-\u9fff]{0,6}[，,：:。]", text[j:j + 8])
    if not gm:
        return None
    start = j + gm.end()
    # after 。 the members are the next sentence's (落实“四个一”推进机制。每个项目确定一名…、一个…)
    sb = _sentence_bounds(text, start)[1] if gm.group().endswith("。") else _sentence_bounds(text, c.start)[1]
    pos = start
    items = []
    for mm in re.finditer(r"[、，,；;：:]", text[pos:sb]):
        items.append((pos, start + mm.start()))
        pos = start + mm.end()
    items.append((pos, sb))
    hits = [k for k, (a, b) in enumerate(items) if word in text[a:b]]
    if len(hits) != n or hits != list(range(hits[0], hits[0] + n)):
        return None
    out = [items[k] for k in hits]
    if gm.group()[-1] in "：:" and any(text[b] != "、" for _, b in out[:-1]):
        return None  # “三个一”教育工程：每天读一本书，每周写一篇文章…: clauses describing a programme, no 、-list
    a, b = out[0]
    lead = next(reversed(list(_LEAD_VERB.finditer(text, a, b))), None)
    if lead and lead.end() < b - len(word) and word not in text[a:lead.end()]:
        out[0] = (lead.end(), b)  # 聚焦长三角…科创中心: the members start after the sentence's verb
    if len(word) > 1 and all(text.endswith(word, a, b) for a, b in out[:-1]):
        a, b = out[-1]
        out[-1] = (a, text.rfind(word, a, b) + len(word))  # 储备一批滚动推进: the member ends with the word
    if any(not 2 <= b - a <= _ITEM_MAX for a, b in out):
        return None
    return out[-1][1], out


def _split_last_pair(text: str, comps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One member short, and the last item joins two with 和/及/与 (问题清单、任务清单、责任清单和作战图):
    split it."""
    a, b = comps[-1]
    m = re.fullmatch(r"(.{2,30}?)(?:和|及|与|以及)(.{2,30})", text[a:b])
    if not m:
        return comps
    return [*comps[:-1], (a, a + m.end(1)), (a + m.start(2), b)]


_SEGMENT_DEF = "以([^。；;：:“”]{{2,80}}?)为[“\"]{name}[”\"]"
_SEGMENT_IS = "[“\"]{name}[”\"]\\s*(?:即|是指|指)[：:]?([^。；;\\n]{{2,80}})"


def _compound_members(text: str, found: list[tuple[Mechanism, tuple[str, ...]]]) \
        -> list[tuple[Mechanism, tuple[str, ...]]]:
    """M-COMPOUND: 一核两带三区 whose parts are named one by one (以延吉…核心区为“一核”; “两带”即…; “三区”即…) takes
    their members in order (a one-member part whole, 丰泽、鲤城、洛江数位经济核心区); the parts, then, are no bundles of
    their own."""
    by_name = {m.name: (m, r) for m, r in found if m.components}
    out, used = [], set()
    for m, rules in found:
        bare = m.name.replace("、", "")
        segs = _WORD_SEGMENT.findall(bare)
        if m.components or len(segs) < 2 or "".join(n + w for n, w in segs) != bare:
            out.append((m, rules))
            continue
        members: list[str] = []
        for n, w in segs:
            part = n + w
            if part in by_name and len(by_name[part][0].components) == _VAL[n]:
                members += by_name[part][0].components
                used.add(part)
                continue
            lo, hi = m.start, min(len(text), m.end + 800)  # the parts are named after the whole
            d = re.compile(_SEGMENT_DEF.format(name=re.escape(part))).search(text, lo, hi) or \
                re.compile(_SEGMENT_IS.format(name=re.escape(part))).search(text, lo, hi)
            if not d:
                break
            items = [d.group(1)] if _VAL[n] == 1 else [x for x in re.split(r"[、，,]|和(?=[^、]*$)", d.group(1)) if x]
            if len(items) != _VAL[n]:
                break
            members += [x.strip() for x in items]
        else:
            if len(members) == m.count:
                out.append((replace(m, components=members, complete=True), (*rules, "M-COMPOUND")))
                continue
        out.append((m, rules))
    return [(m, r) for m, r in out if m.name not in used]


def _merge(items: list[tuple[Mechanism, tuple[str, ...]]]) -> list[tuple[Mechanism, tuple[str, ...]]]:
    """Repeated mentions of one bundle → one record (the one with its listing); same name with different
    members stays separate."""
    out: list[tuple[Mechanism, tuple[str, ...]]] = []
    for m, rules in items:
        same = [i for i, (o, _) in enumerate(out) if o.name == m.name]
        if not same:
            out.append((m, rules))
            continue
        if not m.components:
            continue
        replaced = False
        for i in same:
            o = out[i][0]
            if not o.components:
                out[i] = (m, rules)
                replaced = True
                break
            if set(o.components) == set(m.components):
                replaced = True
                break
        if not replaced:
            out.append((m, rules))
    return out


# the layouts tried in turn when no list stands right after or before the name
_FAR_LAYOUTS = (("M-HUB-SPOKE", _list_hub_spoke), ("M-ORDINAL-RUN", _list_ordinals), ("M-QUOTED-MEMBERS", _list_quoted_members),
                ("M-COUNTED-WORD", _list_counted_word),
                ("M-NESTED", _list_nested), ("M-HEADINGS-AFTER", _list_headings),
                ("M-HEADINGS-BEFORE", _list_headings_before), ("M-SECTION-SENTENCE", _list_section_sentence),
                ("M-NEXT-SENTENCE", _list_next_sentence), ("M-WORD-MEMBERS", _list_word_members),
                ("M-QUOTED-LIST-NEAR", _list_quoted_near))
