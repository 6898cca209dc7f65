"""Named numbered mechanisms (六统一, 四互四共, 三通两平台, 1+9 …) and their enumerated components.

Bundles are recognized by their shape, not by a list of known names: a Chinese count (or ``N+M``) with a
short pattern word, quoted (“六统一”) or standing right after an enumeration whose length fits the count
(家、校、社三位一体). Components come from the enumeration before the name (…、…等“六统一”), the one after
it (“十统一”，即…、…), and are checked against the count the name implies (``complete``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from policytext.records import Mechanism

__all__ = ["find_mechanisms", "implied_count"]

_NUM = "一二三四五六七八九十两双"
_VAL = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MAGNITUDES = "一十百千万"

# national slogans, political formulas and idioms: numbered, but not a policy's own arrangement
_STOP = {
    "四有好老师", "四有", "四个引路人", "四个意识", "四个自信", "两个维护", "两个确立", "四个全面", "五位一体",
    "两个一百年", "三个代表", "两学一做", "三严三实", "四个服务", "五大发展理念", "两不愁三保障", "六稳六保",
    "六稳", "六保", "三重一大", "一带一路", "两个大局", "三新一高", "三管齐下", "一举两得", "三令五申", "一分为二",
    "两代表一委员", "两委", "村支两委", "三农", "三公", "十四五", "十三五", "十五五", "十二五", "一把手", "一线",
    "两会", "三中全会", "四中全会", "五中全会", "六中全会", "一体化", "统一", "第一", "唯一", "一流",
}
_PLAN_PERIOD = re.compile(r"^十[一二三四五六七八九]?五$")
# a count token inside a name
_COUNT = re.compile(rf"(?:\d+\+\d+|[{_NUM}](?:个|项|大|种|类|条|位)?)")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{2,14})[”\"]")
# unquoted names with an unmistakable shape
_SHAPE = re.compile(
    rf"(?<![{_NUM}第])(?:[{_NUM}](?:位一体|统一|结合|优先|到位|个一(?![{_NUM}百千万个])|通[{_NUM}]平台|联[{_NUM}]共|互[{_NUM}]共)"
    rf"|[{_NUM}]项(?:工程|行动|计划|举措|机制|制度)|[{_NUM}]大(?:行动|工程|计划|任务|体系|战略|板块|专项)|双培|\d{{1,2}}\+\d{{1,2}}(?=[\u4e00-\u9fff]{{0,4}}(?:制度|体系|框架|模式|机制|工程|方案)))"
)
_LIST_SEP = re.compile(r"、|——|—|及|和|与|以及")
_LEAD_VERB = re.compile(
    r"实行|实施|推行|开展|展开|建立|构建|明确包括|包括|坚持|落实|按照|围绕|突出|实现|形成|促进|推进|以|即|通过|采取|采用|注重|抓好")
_BOUNDARY = "，,。；;：:！？!?（(）)\n“”\""
_AFTER_INTRO = re.compile(r"^[”\"]?[\u4e00-\u9fff]{0,4}?\s*(?:[（(]\s*即|[，,]\s*(?:即|做到|包括|主要包括|具体包括|具体为|主要是)|"
                          r"即|：|:|[（(])\s*")
_ITEM_MAX = 30


@dataclass
class _Cand:
    name: str
    start: int  # name span (without quotes)
    end: int
    quoted: bool


def implied_count(name: str) -> int:
    """Members a name implies: 六统一 → 6, 四互四共 → 8, 1+9 → 10, 一十百千万工程 → 5, 横比纵看四提升 → 6."""
    m = re.search(r"(\d+)\+(\d+)", name)
    if m:
        return int(m.group(1)) + int(m.group(2))
    m = re.match(rf"^([{_MAGNITUDES}]{{3,5}})", name)
    if m:
        return len(m.group(1))
    m = re.search(rf"([{_NUM}])位一体", name)
    if m:
        return _VAL[m.group(1)]
    total = 0
    first = None
    for t in re.finditer(rf"[{_NUM}]", name):
        if t.group() == "一" and t.start() > 0 and (t.end() == len(name) or name[t.start() - 1] in "个统唯第"
                                                   or name[t.end()] in "流线致样"):
            continue  # 统一, 三个一: here 一 is part of the stem, not a count (三线一单 counts it)
        total += _VAL[t.group()]
        first = t.start() if first is None else first
    if first:
        prefix = name[:first]
        if re.fullmatch(r"[\u4e00-\u9fff]{4,8}", prefix) and len(prefix) % 2 == 0:
            total += len(prefix) // 2  # 横比纵看四提升: two unnumbered members before the count (开局八好: one word, no member)
    return max(total, 1)


def _name_ok(name: str) -> bool:
    if name in _STOP or _PLAN_PERIOD.match(name) or any(s in name for s in ("十四五", "十五五", "十三五")):
        return False
    if "、" in name:
        return False  # “双向转诊、急慢分治、上下联动”: a quoted list, not a bundle's name
    if not _COUNT.search(name) and name != "双培":
        return False
    if re.fullmatch(r"一[\u4e00-\u9fff]一[\u4e00-\u9fff](?:一[\u4e00-\u9fff])*", name):
        return False  # 一校一品: "one each", no count
    if re.search(r"[年月日第%％\d]", re.sub(r"\d+\+\d+", "", name)):
        return False
    if re.match(r"(?:全国|中国|世界|全球|亚洲)", name):
        return False  # 全国十大考古新发现, 中国企业500强: a ranking or an award, not a bundle
    if re.search(rf"[{_NUM}]连[丰增涨冠胜升降]", name):
        return False  # 二十二连丰, 九连好: a streak, not a bundle
    if re.fullmatch(rf"[{_NUM}]+(?:个|项|大|种|类|条)?", name):
        return False
    counts = [c for i, c in enumerate(name) if c in _NUM and not (i and name[i - 1] == "个")]
    if counts and all(c == "一" for c in counts) and not re.search(r"\d+\+\d+", name):
        return False  # 高效办成一件事, 一芯一环: "one", not a count of members
    return implied_count(name) >= 2


def _trim_quoted(content: str) -> tuple[int, str] | None:
    """The numbered part of a quoted phrase: 紫云教育六项提升计划 → 六项提升计划; 横比纵看四提升 stays."""
    m = re.search(rf"[{_NUM}]|\d+\+\d+", content)
    if not m:
        return None
    prefix = content[:m.start()]
    if prefix and (re.search(r"(?:教育|学校|全市|全县|全省|全区|[省市县区州旗镇乡]|工作|发展)$", prefix) or len(prefix) > 4):
        return m.start(), content[m.start():]
    return 0, content


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _QUOTED.finditer(text):
        got = _trim_quoted(m.group(1))
        if not got:
            continue
        off, name = got
        if len(name) < 3 and not _SHAPE.fullmatch(name):
            continue  # 两院, 九天, 四链: two characters are too little to tell a bundle from a name
        short = re.sub(r"(?:原则|机制|模式|体系|制度)$", "", name)
        if short != name and _name_ok(short):
            name = short
        if _name_ok(name):
            s = m.start(1) + off
            out.append(_Cand(name, s, s + len(name), True))
    taken = [(c.start, c.end) for c in out]
    for m in _SHAPE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        name = m.group()
        if _name_ok(name):
            out.append(_Cand(name, m.start(), m.end(), False))
    out.sort(key=lambda c: c.start)
    return out


def _clean_item(s: str) -> str:
    return s.strip(" 　“”\"'‘’《》()（）、，,;；：:").strip()


def _list_before(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """Items of an enumeration ending right before the name (…、…等“六统一”)."""
    j = c.start - (1 if c.quoted else 0)
    # allow 等 / 的 / quotes between the list and the name
    k = j
    while k > 0 and text[k - 1] in "等的”\" 教育":
        k -= 1
    tail = re.search(r"等[\u4e00-\u9fff]{0,6}的?$", text[max(0, k - 10):k])
    if tail:
        k = max(0, k - 10) + tail.start()  # …文化共建等为重点的“九统一”
    i = k
    while i > 0 and text[i - 1] not in _BOUNDARY and k - i < 300:
        i -= 1
    seg = text[i:k]
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
    lead = _LEAD_VERB.search(first)
    if lead and lead.end() < b - a:
        a = a + lead.end()
    rest = text[a:b]
    title = rest.find("《")
    if title > 0:
        a += title  # 制定完善《…方案》: the item is the title
        rest = text[a:b]
    adv = re.match(r"(?:不断|进一步|积极|大力|全面|切实|努力)", rest)
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
    return parts[0][0], items


_CN_ORD = "一二三四五六七八九十"
_HEAD_STYLES = (  # (marker regex with the ordinal as group 1) of the heading styles that number sections
    re.compile(r"^[（(]([一二三四五六七八九十]{1,2})[)）]\s*"),
    re.compile(r"^([一二三四五六七八九十]{1,2})[、.．]\s*"),
    re.compile(r"^(\d{1,2})[.．、](?!\d)\s*"),
    re.compile(r"^第([一二三四五六七八九十]{1,2})[，,、是]\s*"),
)


def _ordinal(tok: str) -> int:
    if tok.isdigit():
        return int(tok)
    if tok == "十":
        return 10
    if tok.startswith("十"):
        return 10 + _CN_ORD.index(tok[1]) + 1
    return _CN_ORD.index(tok[0]) + 1


def _list_headings(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """Members given as the headings of the sections that follow the name: “六统一”管理 … （一）统一组织管理。…
    （二）统一人员管理。… Exactly as many headings as the name counts, numbered 1..N in one style, the first
    within a few lines of the name; each member is the heading's words up to its first stop."""
    n = implied_count(c.name)
    if n < 2 or n > 10:
        return None
    end = text.find("\n", c.end)
    if end < 0:
        return None
    lines: list[tuple[int, str]] = []
    pos = end + 1
    while pos < len(text) and len(lines) < 80 and pos - end < 6000:
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        lines.append((pos, text[pos:nl]))
        pos = nl + 1
    for style in _HEAD_STYLES:
        items: list[tuple[int, int]] = []
        for k, (lpos, line) in enumerate(lines):
            m = style.match(line)
            if not m:
                continue
            if not items and k > 3:
                break  # the first heading must follow the name closely
            try:
                num = _ordinal(m.group(1))
            except (ValueError, IndexError):
                break
            if num != len(items) + 1:
                break
            head = re.match(r"[^。；;：:！？!?，,]{2,20}", line[m.end():])
            if not head or len(head.group()) >= len(line) - m.end() and len(line) - m.end() > 20:
                break
            a = lpos + m.end()
            items.append((a, a + head.end()))
            if len(items) > n:
                break
        if len(items) == n:
            # the headings must carry the name's pattern word (六统一 → 统一…): seven sections that happen to
            # follow “三高四新” are not its members
            stem = set(re.sub(rf"[{_NUM}个大项\d+]", "", c.name))
            if stem and all(stem & set(text[a:b]) for a, b in items):
                return items[0][0], items
            return None
    return None


def _list_after_described(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """“三个一”教育工程，即一天一祝福，利用…；一周一表扬，每周五…；一月一主题，… — members each opening a
    ；-separated part, followed by their description. A part opening with a counted name whose members follow
    it (四提升，管理效能提升，教师素质提升，…) gives those members. The members must add up to the count."""
    j = c.end + (1 if c.quoted else 0)
    m = re.match(r"^[”\"]?[\u4e00-\u9fff]{0,10}?\s*[，,]?\s*即\s*[：:]?\s*|^[”\"]?\s*[：:]\s*", text[j:j + 12])
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


def _list_after(text: str, c: _Cand) -> tuple[int, list[tuple[int, int]]] | None:
    """Items of an enumeration introduced after the name (“十统一”，即…、…；“七统一”(即…))."""
    j = c.end + (1 if c.quoted else 0)
    m = _AFTER_INTRO.match(text[j:j + 10])
    if not m:
        return None
    gap = re.match(r"^[”\"]?([\u4e00-\u9fff]*)", m.group()).group(1)
    paren = "(" in m.group() or "（" in m.group()
    # a word between the name and the list (“六统一”管理（…）, “四个一”要求，做到…) is fine when the list holds
    # exactly as many members as the name says; “三个一”教育工程：… describes the programme
    strict = bool(gap) and "即" not in m.group()
    if strict and not (paren or re.search(r"做到|包括|具体为|主要是", m.group())):
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
    return end + (1 if paren and end < len(text) else 0), out


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    a = pos
    while a > 0 and text[a - 1] not in "。！？\n；":
        a -= 1
    b = pos
    while b < len(text) and text[b] not in "。！？\n；":
        b += 1
    return a, b


def find_mechanisms(text: str) -> list[Mechanism]:
    found: list[Mechanism] = []
    for c in _candidates(text):
        count = implied_count(c.name)
        before = _list_before(text, c)
        after = _list_after(text, c) or _list_after_described(text, c)
        comps: list[tuple[int, int]] = []
        q0, q1 = c.start - (1 if c.quoted else 0), c.end + (1 if c.quoted else 0)
        if after and len(after[1]) <= count + 1:
            comps = after[1][:count]
            q1 = after[0]
        elif before and len(before[1]) <= count:
            comps = before[1]
            q0 = before[0]
        elif c.quoted and (heads := _list_headings(text, c)):
            comps = heads[1]  # the quote stays the name's sentence: the sections are far below
        elif not c.quoted and not re.search(r"位一体|统一|结合|优先|到位|个一|平台|[互联][一二三四五六七八九十两双]共|项", c.name):
            continue
        if not c.quoted and not comps and not re.search(r"统一|位一体|结合|平台|[互联].共", c.name):
            continue  # an unquoted bare name needs its list to count (三结合 alone could be anything)
        # the quote: from the list (or the clause) to the name, trimmed to the sentence
        sa, sb = _sentence_bounds(text, c.start)
        if not comps:
            q0 = max(sa, c.start - 12)
            while q0 < c.start and text[q0] in "，,、；;： ":
                q0 += 1
            q1 = min(sb, q1 + 8)
        q0, q1 = max(q0, sa), min(max(q1, c.end), sb) if q1 <= sb else q1
        while q0 < q1 and text[q0] in "，,、；;：: ":
            q0 += 1
        if comps and len(comps) == count - 1:
            comps = _split_last_pair(text, comps)
        names = [_clean_item(text[a:b]) for a, b in comps]
        spans = [(a, b) for (a, b), n in zip(comps, names, strict=True) if n]
        names = [n for n in names if n]
        found.append(Mechanism(name=c.name, count=count, components=names, text=text[q0:q1], start=q0, end=q1,
                               complete=len(names) >= count, component_spans=spans))
    return _merge(found)


def _split_last_pair(text: str, comps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One member short, and the last item joins two with 和/及/与 (问题清单、任务清单、责任清单和作战图):
    split it."""
    a, b = comps[-1]
    m = re.fullmatch(r"(.{2,30}?)(?:和|及|与|以及)(.{2,30})", text[a:b])
    if not m:
        return comps
    return [*comps[:-1], (a, a + m.end(1)), (a + m.start(2), b)]


def _merge(items: list[Mechanism]) -> list[Mechanism]:
    """Repeated mentions of one bundle → one record (the one with its listing); same name with different
    members stays separate."""
    out: list[Mechanism] = []
    for m in items:
        same = [i for i, o in enumerate(out) if o.name == m.name]
        if not same:
            out.append(m)
            continue
        if not m.components:
            continue
        replaced = False
        for i in same:
            o = out[i]
            if not o.components:
                out[i] = m
                replaced = True
                break
            if set(o.components) == set(m.components):
                replaced = True
                break
        if not replaced:
            out.append(m)
    return out
