"""Deadlines: dated commitments (到2022年, 2020年底前, 自2020年起, 2019—2022年) and recurring ones
(每年, 逐年, 一年2次, 每学期), each with a short ``what`` and its source span.

Not deadlines: dates of referenced events or documents (2019年5月召开…, 《…》 titles other than the
document's own plan, 文号 〔2019〕), signature and printing dates, page timestamps, years that a past
review looks back on (2025年工作回顾, 以来), routines by the month, week or day (每周, 每天, 月考核).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import lru_cache
from importlib import resources

from policytext.extractors.clauses import is_heading
from policytext.extractors.scan import rfind_any
from policytext.extractors.targets import document_genre
from policytext.numbers import load_data
from policytext.records import Deadline
from policytext.shape import CN_YEAR, year_value
from policytext.shape import YEAR as _Y

__all__ = ["find_deadlines", "find_deadlines_explained"]



@lru_cache(maxsize=1)
def _lex() -> dict:
    raw = resources.files("policytext").joinpath("data/lexicon/deadlines.json").read_text(encoding="utf-8")
    return json.loads(raw)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_PERIOD = re.compile(rf"({_Y})\s*(?:年)?\s*(?:[-—–~～至到]|——)\s*({_Y})\s*年?")
_YEAR = re.compile(
    rf"(?P<pre>到|至|于|在|截至|截止到?|从|自|力争|争取|确保|展望)?[ \t]*(?P<y>{_Y}|{CN_YEAR})[ \t]*年(?P<m>[ \t]*\d{{1,2}}[ \t]*月(?:[ \t]*\d{{1,2}}[ \t]*日)?)?"
    r"(?P<post>底前|底|末|前|以前|年底|起|开始|以后|秋季学期|春季学期|秋季|春季|上半年|下半年|以来)?"
)
_RELATIVE_NOW = re.compile(r"(?P<w>今年|明年)(?P<post>底前|底|末|前|起)?")
_RECUR = [
    (re.compile(r"每学期|每个学期|每一学期"), "per_term"),
    (re.compile(r"(?<!每[生人户亩床])每年|逐年|每一年|每个年度|每学年|每个学年|年年|一年[0-9一二两三四五六七八九十]+次"), "yearly"),
    (re.compile(r"每半年|半年[0-9一二两三四五六七八九]+次"), "semiannual"),
    (re.compile(r"每季度|每个季度|每季(?!节)"), "quarterly"),
]
# 利用三年时间 / 三年内: a period counted from the document's year (issued 2019, 未来三年内 → 2019/2022, as
# the plan periods such documents carry: 规划(2019-2022)), or left relative (date null) when the year is unknown
# found by their tail (年时间 / 年内: a literal the regex engine finds fast), the count read just before it
_REL_TAIL = re.compile(r"(?:年|个年度)\s*(?:的)?\s*(?:左右)?\s*(?:时间|时期)(?!内?[已来])|年内")
_REL_COUNT = re.compile(r"(?:(?:利用|用|花|经过)\s*)?(?P<n>[一二三四五六七八九十两]|\d{1,2})\s*$")
_CN_SMALL = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)} | {"两": 2}
_DATE_DIGITS = frozenset("0123456789〇○零一二三四五六七八九十")
_NOT_RECUR_DATE_AFTER = frozenset(_lex()["D-RECUR-NOT-DATE"]["after"])
_NOT_RECUR_AFTER = re.compile(r"^(?:度|均|来|以来)")
_EVENT = re.compile(r"召开|印发|发布|出台|提出|颁布|举行|召集|审议通过|签署|批复|成立于|作出")
_PAST = re.compile(r"以来|回顾|过去|已经|已|取得了|完成了|实现了|建成了|入选|获评|荣获|获批|较上年|比上年|同比")
_COMMIT = re.compile(r"力争|确保|争取|(?<![重主需只必紧首])要(?!求|素|点)|将|应|必须|计划|目标|逐步")
_GOAL = re.compile(rf"(?:{_alt(_lex()['D-GOAL-STATEMENT']['words'])})(?:{_alt(_lex()['D-GOAL-STATEMENT']['copula'])})\s*[：:]?")
_YEAR_HEADING = re.compile(rf"({_Y})\s*年(?:的)?(?:{_alt(_lex()['D-YEAR-HEADING']['words'])})")
# (?<!\d): a number is tried from the start of its digits only (a digit run is not rescanned from every digit)
_GOAL_FIGURE = re.compile(r"(?<!\d)\d+(?:\.\d+)?\s*(?:%|％|万|亿|元|个|人)|增长|下降|控制在")
_CLAUSE_END = "，,；;。！？!?\n"
_SENT_END = "。！？!?\n；;"
# D-REFERENCE-YEAR: 恢复到2019年水平 (the words are the targets lexicon's year.reference)
_REF_AFTER = tuple(sorted(load_data("lexicon/targets.json").get("year_reference", {}).get("after", ()),
                          key=len, reverse=True)) or ("\0",)
# D-YEAR-ATTRIBUTE: 2000年底前建成的小区 (the verbs are the targets lexicon's year.attribute)
_ATTR_AFTER = re.compile(r"\s*(?:(?:之?前|以?后)\s*)?(?:" + _alt(
    load_data("lexicon/targets.json").get("year_attribute", {}).get("after", ["(?!)"])) + r")(?:的|、[^，,。；;\n]{0,12}的)")
_AS_OF = frozenset(_lex()["D-AS-OF"]["words"])
_HEADING_LINE = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]+[章节条])")
_EVENT_VERB = re.compile(rf"(?:{_alt(_lex()['D-EVENT-NAME']['verbs'])})\s*$")
_EVENT_NOUN = re.compile(rf"^[^，,。；;：:！？!?\n]{{0,30}}?(?:{_alt(_lex()['D-EVENT-NAME']['nouns'])})(?:[”\"》]|[，,。；;：:！？!?\n]|$)")


_SPAN_CONDITION = tuple(_lex()["D-SPAN-CONDITION"]["after"])
_CLAUSE_CAP = 300  # a real clause is far shorter; the cap keeps a text without punctuation linear


def _iso_date(year: int, month_day: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from a year and what followed it (6月, 6月30日); an impossible month
    or day is left out rather than written wrong."""
    import calendar

    md = re.search(r"(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?", month_day)
    if not md or not 1 <= int(md.group(1)) <= 12:
        return str(year)
    month = int(md.group(1))
    if md.group(2) and 1 <= int(md.group(2)) <= calendar.monthrange(year, month)[1]:
        return f"{year}-{month:02d}-{int(md.group(2)):02d}"
    return f"{year}-{month:02d}"


def _clause_end(text: str, b: int) -> int:
    hi = min(len(text), b + _CLAUSE_CAP)
    ends = [i for i in (text.find(c, b, hi) for c in _CLAUSE_END) if i >= 0]
    return min(ends) if ends else hi


def _clause(text: str, s: int, e: int) -> tuple[int, int]:
    lo = max(0, s - _CLAUSE_CAP)
    a = max(text.rfind(c, lo, s) for c in _CLAUSE_END)
    a = a + 1 if a >= 0 else lo
    b = _clause_end(text, e)
    # a leading "到2022年，" clause governs the next clause: take it along
    if b < len(text) and text[b] in "，," and b - e <= 2:
        b = _clause_end(text, b + 1)
    return a, b


def _line(text: str, pos: int) -> str:
    lo, hi = max(0, pos - 2000), min(len(text), pos + 2000)  # bounded: lines longer than this are no headings
    a = text.rfind("\n", lo, pos) + 1 or lo
    b = text.find("\n", pos, hi)
    return text[a: hi if b < 0 else b]


def _in_brackets(text: str, s: int, open_: str, close: str, window: int = 80) -> bool:
    left = text.rfind(open_, max(0, s - window), s)
    return left >= 0 and text.rfind(close, left, s) < 0


def _what(text: str, a: int, b: int, date_s: int, date_e: int) -> str:
    what = (text[a:date_s] + text[date_e:b]).strip(" ，,：:；;。")
    what = re.sub(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）])", "", what).strip(" ，,")
    what = re.sub(r"^(?:到|至|于|在|力争|争取|确保|前|底前|底)+", "", what).strip(" ，,")
    return what[:60] or text[a:b][:60]


def _is_signature(line: str) -> bool:
    s = line.strip()
    return len(s) <= 40 and (s.endswith(("印发", "日", "印")) and not re.search(r"[，。；]", s))


def find_deadlines(text: str, *, doc_year: int | None = None, context=None) -> list[Deadline]:
    """The dated and recurring commitments of ``text`` (see the module docstring)."""
    return [d for d, _ in find_deadlines_explained(text, doc_year=doc_year, context=context)]


def find_deadlines_explained(text: str, *, doc_year: int | None = None,
                             context=None) -> list[tuple[Deadline, tuple[str, ...]]]:
    """Each deadline with the ids of the rules that produced it: D-PERIOD (2019—2022年), D-YEAR-DUE /
    D-YEAR-START (到2025年, 自2024年起), D-RELATIVE-NOW (今年/明年), D-RELATIVE-SPAN (三年内, from the document's
    year), D-GOAL-STATEMENT + D-YEAR-HEADING, D-RECUR (每年, 每学期 …). ``context`` (the pipeline's
    :class:`policytext.extractors.context.TextContext` of ``text``) supplies the genre already computed."""
    out: list[Deadline] = []
    why: dict[int, tuple[str, ...]] = {}
    used: list[tuple[int, int]] = []
    head = min(len(text), 600)
    for m in _PERIOD.finditer(text):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if not y1 < y2 <= y1 + 30:
            continue
        if _in_brackets(text, m.start(), "〔", "〕") or _in_brackets(text, m.start(), "[", "]"):
            continue
        if _in_brackets(text, m.start(), "《", "》", 200) and (
                m.start() > head or not (re.match(r"\s*(?:关于)?印发《", _line(text, m.start()))
                                         or (_line(text, m.start()) == text.lstrip().split("\n", 1)[0]
                                             and not re.search(r"根据|按照|依据|贯彻|落实", _line(text, m.start()))))):
            continue  # a referenced plan's title; the document's own plan is what its head 印发s
        a, b = _clause(text, m.start(), m.end())
        if _PAST.search(text[a:m.start()]):
            continue
        if doc_year and y2 < doc_year:
            used.append((m.start(), m.end()))
            continue  # D-PAST-PERIOD: 2021年至2025年，全市累计改造…236个 (in a 2026 text) reports what was done
        if any(d.date == f"{y1}/{y2}" for d in out) and (
                re.search(r"规划|方案|计划|纲要|通知|学年|《", text[a:b]) or text[m.start() - 1:m.start()] in ("（", "(")
                or (_HEADING_LINE.match(_line(text, m.start())) and len(_line(text, m.start()).strip()) <= 40
                    and not _line(text, m.start()).rstrip().endswith(("。", "；", ";")))):
            used.append((m.start(), m.end()))
            continue  # the same plan period named again (title, notice, heading): one commitment
        # (2026年至2028年每年新招引项目80个以上: a commitment over the period of its own, a second entry)
        out.append(Deadline(date=f"{y1}/{y2}", type="period", what=_what(text, a, b, m.start(), m.end()),
                            text=text[a:b], start=a, end=b))
        why[id(out[-1])] = ("D-PERIOD",)
        used.append((m.start(), m.end()))
    genre = None
    for d, span in _month_periods(text, context):
        out.append(d)
        why[id(d)] = ("D-MONTH-PERIOD",)
        used.append(span)
    periods = list(used)  # only period spans can contain a year match; checked by bisect below
    starts = [a for a, _ in periods]
    for m in _YEAR.finditer(text):
        ys, ye = m.start("y"), m.end()
        k = bisect_right(starts, ys) - 1
        if k >= 0 and periods[k][0] <= ys < periods[k][1]:
            continue
        year = year_value(m.group("y"))
        pre, post = m.group("pre") or "", m.group("post") or ""
        if pre == "于" and text[m.start() - 1:m.start()] in ("关", "基", "对", "由", "属", "处", "等", "位"):
            pre = ""  # 关于2026年工作: a word, not "due in"
        line = _line(text, ys)
        if _is_signature(line) or re.fullmatch(r"\s*\d{4}年\d{1,2}月\d{1,2}日\s*", line):
            continue
        if _in_brackets(text, ys, "〔", "〕") or _in_brackets(text, ys, "[", "]") or (ys > 0 and text[ys - 1] in "〔["):
            continue
        if _in_brackets(text, ys, "《", "》", 200) or _in_brackets(text, ys, "(", ")", 30):
            continue
        if post == "以来" or (doc_year and year < doc_year and not pre):
            continue
        if pre in _AS_OF and ((doc_year and year < doc_year) or (
                not doc_year and not _COMMIT.search(text[m.start():_clause(text, m.start(), ye)[1]]))):
            continue  # D-AS-OF: 截至2025年底，…人口计38.6万人: the date of a status (unless the clause commits to it)
        if not m.group("m") and text.startswith(_REF_AFTER, m.end("y") + 1) and text[m.end("y"):m.end("y") + 1] == "年":
            continue  # D-REFERENCE-YEAR: 恢复到2019年水平的五成
        if not pre and not post and not m.group("m") and text.startswith("度", ye) and \
                _DATED.search(text, ye, _clause(text, m.start(), ye)[1]):
            continue  # D-YEAR-ATTRIBUTE: 2026年度奖补资金申报于2026年6月30日前完成: the date in the clause is the due one
        if not pre and _ATTR_AFTER.match(text, ye):
            continue  # D-YEAR-ATTRIBUTE: 2000年底前建成、尚未改造的小区: the year dates what is counted, nothing is due
        if not pre and (_EVENT_VERB.search(text[max(0, m.start() - 4):m.start()]) or _EVENT_NOUN.match(text, ye)):
            continue  # D-EVENT-NAME: 召开2026年春季植树造林动员会 dates a meeting
        if not m.group("m") and not post and re.match(r"的\s*(?:[\d一二三四五六七八九十两百千万]|百分之)", text[ye:ye + 4]):
            continue  # D-VALUE-YEAR: 提高到2030年的92.5%: the year dates a value inside a target, not a commitment of its own
        if pre == "从" and text[ye:ye + 1] == "的":
            continue  # 从2020年的82.4岁提升至83.9岁: the year of a starting value, not a start
        if not pre and not post and is_heading(line) and len(line.strip()) <= 40 and "。" not in line:
            continue  # 三、关于2026年工作: a section heading, not a commitment
        if re.search(r"(?:[快高低慢多少大小强弱]于|比|较|同比|相比)[ \t]*$", text[max(0, m.start() - 3):ys]):
            continue  # 快于2024年…: a year compared with, not a due date
        a, b = _clause(text, m.start(), ye)
        if m.group("m") and not pre and not post:
            continue  # 2019年5月召开… / 2019年6月…意见提出: a dated event, not something due
        if not pre and not post and _EVENT.search(text[ye:b][:30]):
            continue
        if _PAST.search(text[a:b]) and pre not in ("到", "力争", "争取", "确保"):
            continue
        if not pre and (context is None or context.text != text):
            from policytext.extractors.context import TextContext

            context = TextContext(text, doc_year)  # once per text: its headings are computed on first use
        if not pre and _reviewed(text, ys, context):
            continue  # D-REVIEW-HEADING: 2025年，地区生产总值达到… under …发展成就 reports that year
        if post in ("起", "开始", "以后") or pre in ("从", "自"):
            typ = "start"
        else:
            typ = "due"
        # a year with no commitment around it (2019年全县…) counts only when something is set to happen
        if not pre and not post and not _COMMIT.search(text[a:b]):
            if genre is None:
                genre = context.genre if context is not None and context.text == text else document_genre(text)
            if genre == "report":
                continue  # D-REPORT-YEAR: 2025年，全县…达到15860元 in a news item reports that year; nothing is due
        if not pre and not post and not re.search(r"达到|实现|完成|建成|覆盖|提高|不低于|不少于|以上|基本|全面|力争|确保|争取|"
                                                  r"创建|新建|新增|培育|打造|预期目标|目标是|目标为", text[ye:b]):
            continue
        date = _iso_date(year, m.group("m") or "")
        out.append(Deadline(date=date, type=typ, what=_what(text, a, b, m.start(), ye), text=text[a:b], start=a,
                            end=b))
        why[id(out[-1])] = ("D-YEAR-DUE" if typ == "due" else "D-YEAR-START",)
        used.append((m.start(), ye))
    if doc_year:
        for m in _RELATIVE_NOW.finditer(text):
            year = doc_year + (1 if m.group("w") == "明年" else 0)
            a, b = _clause(text, m.start(), m.end())
            if _PAST.search(text[a:b]) or not re.search(r"\d|达到|以上|左右|以内|力争|确保|完成|建成",
                                                          text[m.end():b]):
                continue  # 今年是…之年 / 做好今年工作: no commitment in the clause
            typ = "start" if m.group("post") == "起" else "due"
            out.append(Deadline(date=str(year), type=typ, what=_what(text, a, b, m.start(), m.end()),
                                text=text[a:b], start=a, end=b))
            why[id(out[-1])] = ("D-RELATIVE-NOW",)
    for tail in _REL_TAIL.finditer(text):
        m = _REL_COUNT.search(text, max(0, tail.start() - 6), tail.start())
        if m is None:
            continue
        raw_n = m.group("n")
        n = int(raw_n) if raw_n.isdigit() else _CN_SMALL.get(raw_n, 0)
        before = text[max(0, m.start() - 2):m.start()]
        if not 1 <= n <= 10 or re.search(r"[近前过这每第再]$", before) or text.startswith("就", tail.end()):
            continue  # 近三年内 / 过去五年时间: looking back; 每年: a recurrence; 一年内就实现: a result
        if text[max(0, m.start() - 4):m.start()].endswith(_SPAN_CONDITION):
            continue  # D-SPAN-CONDITION: 离校2年内高校毕业生, 成立3年内的企业: who qualifies, not a time to act
        a, b = _clause(text, m.start(), tail.end())
        if _PAST.search(text[a:b]) or any(s <= m.start() < e for s, e in used):
            continue
        if re.search(r"(?:取消|暂停|禁止|不得|限制|不予)[\u4e00-\u9fff]{0,4}$", text[max(0, m.start() - 8):m.start()]):
            continue  # D-SANCTION-SPAN: 取消其3年内承担培训资格: how long a sanction lasts, nothing is due
        date = f"{doc_year}/{doc_year + n}" if doc_year else None
        if date and any(d.date == date for d in out):
            continue  # the plan period the title or notice already names
        out.append(Deadline(date=date, type="period", what=_what(text, a, b, m.start(), tail.end()), text=text[a:b],
                            start=a, end=b))
        why[id(out[-1])] = ("D-RELATIVE-SPAN",)
        used.append((m.start(), tail.end()))
    for d in _goal_statements(text, doc_year, out):
        out.append(d)
        why[id(d)] = ("D-GOAL-STATEMENT", "D-YEAR-HEADING")
    for d, rule in _plan_year_dates(text, context, used):
        out.append(d)
        why[id(d)] = (rule,)
    for rx, token in _RECUR:
        for m in rx.finditer(text):
            if _NOT_RECUR_AFTER.match(text[m.end():m.end() + 2]):
                continue
            if m.group() == "年年" and (text[m.start() - 1:m.start()] in _DATE_DIGITS
                                        or text[m.end():m.end() + 1] in _NOT_RECUR_DATE_AFTER):
                continue  # D-RECUR-NOT-DATE: 2025年年底前 is a date
            a, b = _clause(text, m.start(), m.end())
            if m.group() == "逐年" and not _COMMIT.search(text[max(0, a - 60):b]):
                if genre is None:
                    genre = context.genre if context is not None and context.text == text else document_genre(text)
                if genre == "report":
                    continue  # 空气质量逐年改善 in a report: a trend; 逐年 commits with 力争/要/将 … or in a policy
            out.append(Deadline(date=token, type="recurring", what=_what(text, a, b, m.start(), m.end()),
                                text=text[a:b], start=a, end=b))
            why[id(out[-1])] = ("D-RECUR",)
    out.sort(key=lambda d: (d.start, d.end))
    return [(d, why.get(id(d), ())) for d in _same_commitments(out)]


_MONTH_DUE = re.compile(r"(?<![\d年月每上下本])(?P<m>1[0-2]|0?[1-9])\s*月(?:\s*(?P<d>[12]\d|3[01]|0?[1-9])\s*日)?"
                        r"(?P<post>底前|底|前|以前|中旬前|上旬前|下旬前)")
_YEAR_END_DUE = re.compile(r"(?<![\d年每全当上本明今去])年(?:底前|底|末前)")


def _plan_year_dates(text: str, context, used: list[tuple[int, int]]) -> list[tuple[Deadline, str]]:
    """D-TITLE-YEAR: in a one-year plan (《武侯区2025年…工作要点》, 2025年工作计划: targets lexicon's year.title), a date
    without its year (6月底前, 12月15日前, 年底前) is due in the title's year. Elsewhere such dates stay unread."""
    from policytext.extractors.targets import title_year

    plan_year = title_year(getattr(context, "title", None), "policy") if context is not None else None
    out = []
    spans = sorted(used)
    starts = [s for s, _ in spans]
    for rx in (_MONTH_DUE, _YEAR_END_DUE):
        for m in rx.finditer(text):
            k = bisect_right(starts, m.start()) - 1  # inside a date already read (2026年6月底前)? (log time)
            if k >= 0 and m.start() < max(e for _, e in spans[max(0, k - 2):k + 1]):
                continue
            year, rule = plan_year, "D-TITLE-YEAR"
            if year is None and rx is _MONTH_DUE:
                year, rule = _inherited_year(text, m.start()), "D-INHERITED-YEAR"
            if year is None:
                continue
            a, b = _clause(text, m.start(), m.end())
            if _PAST.search(text[a:b]):
                continue
            if rx is _MONTH_DUE:
                month = int(m.group("m"))
                date = f"{year}-{month:02d}" + (f"-{int(m.group('d')):02d}" if m.group("d") else "")
            else:
                date = str(year)
            out.append((Deadline(date=date, type="due", what=_what(text, a, b, m.start(), m.end()), text=text[a:b],
                                 start=a, end=b), rule))
    return out


# a schedule's dated step: 2026年3月至5月, 6月1日—8月31日 (the year written once, on the first step)
_MONTH_SPAN = re.compile(
    rf"(?<![\d年])(?:(?P<y1>{_Y})[ \t]{{0,2}}年[ \t]{{0,2}})?(?P<m1>1[0-2]|0?[1-9])[ \t]{{0,2}}月"
    rf"(?:[ \t]{{0,2}}(?P<d1>[12]\d|3[01]|0?[1-9])[ \t]{{0,2}}日)?[ \t]{{0,2}}(?:[-—–~～至到]|——)[ \t]{{0,2}}"
    rf"(?:(?P<y2>{_Y})[ \t]{{0,2}}年[ \t]{{0,2}})?(?P<m2>1[0-2]|0?[1-9])[ \t]{{0,2}}月"
    rf"(?:[ \t]{{0,2}}(?P<d2>[12]\d|3[01]|0?[1-9])[ \t]{{0,2}}日)?")
_DATED = re.compile(rf"(?<!\d)({_Y})[ \t]{{0,2}}年[ \t]{{0,2}}(?:1[0-2]|0?[1-9])[ \t]{{0,2}}月")
_INHERIT_WINDOW = 1500


def _inherited_year(text: str, pos: int) -> int | None:
    """D-INHERITED-YEAR: a schedule writes its year once (（一）自查阶段（2026年3月至5月）… （二）集中检查阶段（6月1日—8月31日）;
    …于5月20日前报送): a yearless month date takes the year of the nearest dated month before it, within the same
    stretch of text, unless that one sits in a bracketed document number or a 《》 title."""
    for m in reversed(list(_DATED.finditer(text, max(0, pos - _INHERIT_WINDOW), pos))):
        if _in_brackets(text, m.start(), "〔", "〕") or _in_brackets(text, m.start(), "《", "》", 200):
            continue
        if _is_signature(_line(text, m.start())):
            continue
        return int(m.group(1))
    return None


def _month_periods(text: str, context) -> list[tuple[Deadline, tuple[int, int]]]:
    """D-MONTH-PERIOD: the dated steps of a schedule as periods (2026-03/2026-05, 2026-06-01/2026-08-31)."""
    from policytext.extractors.targets import title_year

    out = []
    plan_year = None
    for m in _MONTH_SPAN.finditer(text):
        m1, m2 = int(m.group("m1")), int(m.group("m2"))
        y1 = int(m.group("y1")) if m.group("y1") else None
        if y1 is None:
            if plan_year is None and context is not None:
                plan_year = title_year(getattr(context, "title", None), "policy") or 0
            y1 = plan_year or _inherited_year(text, m.start())
        if not y1:
            continue
        y2 = int(m.group("y2")) if m.group("y2") else y1
        d1 = int(m.group("d1")) if m.group("d1") else 0
        d2 = int(m.group("d2")) if m.group("d2") else 32
        if (y2, m2, d2) <= (y1, m1, d1) or y2 > y1 + 1:
            continue  # (4月1日—4月30日 is one month's span; 5月至3月 is no span)
        a, b = _clause(text, m.start(), m.end())
        if _PAST.search(text[a:m.start()]):
            continue
        lo = _iso_date(y1, f"{m1}月" + (f"{m.group('d1')}日" if m.group("d1") else ""))
        hi = _iso_date(y2, f"{m2}月" + (f"{m.group('d2')}日" if m.group("d2") else ""))
        out.append((Deadline(date=f"{lo}/{hi}", type="period", what=_what(text, a, b, m.start(), m.end()),
                             text=text[a:b], start=a, end=b), (m.start(), m.end())))
    return out


def _reviewed(text: str, pos: int, context) -> bool:
    """D-REVIEW-HEADING: ``pos`` lies under a heading that reviews results or states the situation (the targets
    extractor's heading mood over ``context``, the TextContext of ``text``: achievement or baseline)."""
    from policytext.extractors.targets import _heading_mood

    return _heading_mood(context, pos) in ("achievement", "baseline")


def _core(what: str) -> str:
    return "".join(ch for ch in what if "\u4e00" <= ch <= "\u9fff")


def _same_commitments(items: list[Deadline]) -> list[Deadline]:
    """D-SAME-COMMITMENT: a commitment stated again (the headline, the summary, the text) is one deadline."""
    kept: list[Deadline] = []
    for d in items:
        core = _core(d.what)
        if len(core) >= 6 and any(k.date == d.date and k.type == d.type and len(_core(k.what)) >= 6
                                  and (core in _core(k.what) or _core(k.what) in core) for k in kept):
            continue
        kept.append(d)
    return kept


def _heading_year(text: str, pos: int) -> int | None:
    """The year named by the nearest section heading above ``pos`` (三、2026年重点工作), if it names one."""
    lo = max(0, pos - 4000)
    end = text.rfind("\n", lo, pos)  # bounded: a break before lo ends the loop at once anyway
    while end > lo:
        start = text.rfind("\n", lo, end) + 1
        line = text[start:end].strip()
        if line and (is_heading(line) or len(line) <= 20) and "。" not in line:
            if len(line) <= 40:
                m = _YEAR_HEADING.search(line)
                if m and not _PERIOD.search(line):
                    return int(m.group(1))
                if is_heading(line):
                    return None  # the nearest heading names no year
        end = start - 1
    return None


_GOAL_LOOKBACK = 2000


def _goal_statements(text: str, doc_year: int | None, found: list[Deadline]) -> list[Deadline]:
    """D-GOAL-STATEMENT: 主要预期目标是：地区生产总值增长5%左右 under 三、2026年重点工作 (or after 今年) is due
    that year; a goal sentence with its own year is dated by it already."""
    out = []
    for m in _GOAL.finditer(text):
        a, b = _clause(text, m.start(), m.end())
        if not _GOAL_FIGURE.search(text[m.end():b]):
            continue
        # the sentence so far, its last 2,000 characters at most (a "sentence" longer than that is a page without
        # sentence ends, where searching each goal's whole prefix was quadratic)
        sa = max(rfind_any(text, "。\n！？", m.start()) + 1, m.start() - _GOAL_LOOKBACK)
        if re.search(rf"{_Y}\s*年|今年|明年", text[sa:m.start()]) or any(d.start <= m.start() < d.end + 1 for d in found):
            continue  # dated in its own sentence: the year rules have it
        year = _heading_year(text, m.start())
        if year is None or (doc_year and year < doc_year):
            continue
        out.append(Deadline(date=str(year), type="due", what=_what(text, a, b, m.start(), m.start()), text=text[a:b],
                            start=a, end=b))
    return out
