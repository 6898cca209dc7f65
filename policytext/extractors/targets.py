"""Quantitative targets, achievements and baselines in normalized (simplified) policy text.

``find_targets(text)`` reads every quantity that ``policytext.numbers.find_quantities`` finds, drops the
ones that are not figures (durations, dates, mechanism-name counts such as 三个一, counts restating a list
such as 大通、湟中、湟源三县, 公文 furniture such as 共印35份, a routine "one each"), and for the rest works out

- ``text``: the short clause quoted (``text[start:end] == target.text``),
- ``indicator``: the measured noun phrase (left of the verb/number, else the counted noun right of it),
- ``scope``: 全市/全县/城区/农村 … when stated,
- ``year``: an explicit due/report year governing the clause (到2022年，…达到…), 今年/明年 via ``doc_year``,
- ``recurring``: ``yearly`` (每年, 一年N次), ``per_term`` (每学期), ``monthly`` …,
- ``kind``: ``target`` / ``achievement`` / ``baseline`` from cue words in the clause, then in the sentence,
  then the year relative to ``doc_year``, the mood of the governing heading (…回顾 vs …目标/任务) and
  finally the genre of the whole document (a report or news item vs a policy).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from policytext.extractors.kind_model import kind_features
from policytext.extractors.scan import line_start as _line_start
from policytext.numbers import (
    _BEFORE_TABLE,
    Quantity,
    comparator_rule_after,
    comparator_rule_before,
    find_quantities,
    load_data,
)
from policytext.records import Target
from policytext.shape import (
    CLAUSE_END,
    CN_YEAR,
    DUE_FORM,
    LIST_ITEM,
    PLAN_PERIOD,
    SENT_END,
    TOP_HEADING,
    YEAR,
    plan_period,
    year_value,
)

__all__ = ["find_targets"]

_SENT_END_RE = re.compile("[" + re.escape(SENT_END) + "]")
_CN_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"

_YEAR = re.compile(
    r"(?P<pre>到|至|截至|截止到?|在|于|从)?(?P<y>" + YEAR + "|" + CN_YEAR + r")学?年(?:度)?(?P<post>底|末|前|以前|以后|起|以来|上半年|下半年)?")
_REL_YEAR = re.compile(r"(?P<pre>到|至|在)?(?P<w>今年|明年|去年|上年|当年|本年度?)(?P<post>底|末|前)?")
# used with .match(text, paragraph_start): no "^", which would not match there (it is no string start)
# a speaker's label (发布人（副厅长 王某）：2023年，…) may open the paragraph before its year
_LEAD_YEAR = re.compile(r"[\W_—-]*(?:(?:发布人|发言人|答|记者|主持人|受访者)[^：:\n]{0,30}[：:]\s*)?(?:到|至|截至|截止到?)?"
                        + "(?:" + YEAR + "|" + CN_YEAR + ")" + r"年(?:底|末)?(?:前|以前)?\s*[，,：:]")

_SCOPE = re.compile(
    r"(全国|全省|全区|全市|全县域|全县|全州|全盟|全旗|全镇|全乡|全域|县域内?|市域|省域|主城区|中心城区|城区|城镇|农村|"
    r"乡村|市直|县直|省直|市属|区属|县属|全社会|全行业)")

# cue words (clause first, then the sentence before it)
_ACH = re.compile(r"已经|已有|已|累计|先后|过去[一二三四五两]年|[一二三四五两]年来|这[一二三四五两]年|共有|共计|建成了|完成了|实现了|达到了|(?<![为除])了(?!解)|同比|比上年|较上年|"
                  r"比去年|较去年|以来|获评|荣获|入选|获得|创建了|成功")
_TGT = re.compile(r"力争|确保|(?<![重主需只必紧首纲摘概提])要(?!求|素|点|闻|害|件)|争取|力求|目标|预期(?!寿命)|(?<!岗)(?<!培)(?<!善)(?<!动)(?<!划)(?<!育)计划(?![、，,”」）)\s]|惠及|实施|[\u4e00-\u9fff]{0,4}(?:学生|教师|人员))|应当|应该|必须|努力|下一步|今后|接下来|未来[一二三四五两]年|"
                  r"将(?:达到|提高|增加|降低|下降|扩大|新增|实现|建成|完成|超过)")
_TGT_WEAK = re.compile(r"达到(?!了)|做到|保证|不低于|不少于|不超过|控制在|应当|应该|应按|应在|应予")
_BASE = re.compile(r"目前|现有|现状|当前|原有|一度|仍有|尚有|原为|只有|仅有|存在")
_BASE_SENT = re.compile(r"造成|导致|现状|目前|当前")
_PROGRAMME = re.compile(r"(?:实施|开展|启动|推进|推行)[^，,。；;]{0,20}?(?:工程|计划|行动|项目)[^，,。；;了]{0,6}[，,：:]?即")
_RECUR = [
    (re.compile(r"每学期|每个学期|每一学期|一学期\d+次"), "per_term"),
    (re.compile(r"每年|每一年|每个年度|每年度|每学年|每个学年|一年[0-9一二两三四五六七八九十]+次|年年"), "yearly"),
    (re.compile(r"每半年|半年[0-9一二两三四五六七八九]+次"), "semiannual"),
    (re.compile(r"每季度?|每个季度"), "quarterly"),
    (re.compile(r"每月|每个月"), "monthly"),
    (re.compile(r"每周|每个星期|每星期"), "weekly"),
    (re.compile(r"每天|每日(?!均)"), "daily"),
]
_ACH_HEAD = re.compile(r"回顾|过去|成绩|成效|成就|进展|做法|经验|取得|总结|完成情况|发展基础|现状|基本情况")
# a completed event after the figure (…4个教育集团全部揭牌成立): a result, when nothing in the clause plans it
_EVENT = re.compile(r"(?:揭牌|正式成立|挂牌成立|落成|竣工|建成投用|投入使用|顺利召开|圆满完成)(?![率数量])")
_TGT_HEAD = re.compile(r"目标|任务|安排|思路|重点工作|工作重点|计划|要求|部署|开好局")
# an unnumbered heading line (“十四五”时期发展成就和2025年工作回顾): short, unpunctuated, with a mood word
_BARE_HEADING = re.compile(r"^[^，,。；;：:！？!?、]{6,40}$")
_BARE_MOOD = re.compile(r"回顾|总结|成就|重点工作|工作安排|主要目标|目标任务|主要任务")
_HEAD_YEAR = re.compile(rf"({YEAR})年")

# leading words to strip from an indicator (verbs, modals, time and linking words)
_LEAD_STRIP = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[\W_—-]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.．、](?!\d)|原则上|其中|"
    r"[该我本][省市县区州旗镇乡]|同时|并且?|而且|另外|此外|全年|今年|明年|当年|每年|每个|每(?![千万百十]\s*(?:人|名|户|平方|常住))|年均|力争|确保|争取|要|将|使|让|推动|"
    r"促进|实现|按照|通过|累计|共计|共有|共|已经|已有|已|先后|有|计划|预计|目标|主要预期目标是|预期目标是|"
    r"进一步|持续|逐步|稳步|努力|力求|做到|保证|保持|并|和|与|及|以及|的|是|在|到|至|从|由|对|为|把)+")
_LEX = load_data("lexicon/targets.json")
_TAIL = _LEX.get("indicator_tail", {})
# year.reference: 恢复到2019年水平, 2019年同期: the year names a reference level, not a due date
# kind.baseline_heading (一、基本情况) and kind.baseline_sentence (目前，…): the situation a policy starts from
_BASE_HEAD = re.compile("|".join(map(re.escape, _LEX.get("baseline_heading", {}).get("words", ()))) or "(?!)")
_BASE_LEAD = re.compile(r"[\s\W]*(?:" + ("|".join(map(re.escape, sorted(
    _LEX.get("baseline_sentence", {}).get("words", ()), key=len, reverse=True))) or "(?!)") + ")")
_REF_AFTER = tuple(sorted(_LEX.get("year_reference", {}).get("after", ()), key=len, reverse=True)) or ("\0",)
_ATTR_YEAR_AFTER = re.compile(r"\s*(?:(?:之?前|以?后)\s*)?(?:" + "|".join(
    map(re.escape, sorted(_LEX.get("year_attribute", {}).get("after", ()), key=len, reverse=True))) + r")(?:的|、[^，,。；;\n]{0,12}的)")


def _tail_table() -> dict[str, list[str]]:
    """Words stripped from the end of an indicator, by their last character, longest first."""
    words = set(_TAIL.get("words", [])) | set(_BEFORE_TABLE)
    words |= {v + p for v in _TAIL.get("change_verbs", []) for p in _TAIL.get("change_particles", [])}
    table: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        if w:
            table.setdefault(w[-1], []).append(w)
    return table


_TAIL_TABLE = _tail_table()
_TAIL_KEEP = tuple(_TAIL.get("keep", ())) or ("\0",)


def _strip_tail(s: str) -> str:
    """Strip verbs, modals and comparator words from the end, repeatedly (plain string code: linear, no
    backtracking whatever the input; 达约达约…率 once hung a regex here)."""
    while s and not s.endswith(_TAIL_KEEP):
        for w in _TAIL_TABLE.get(s[-1], ()):
            if s.endswith(w):
                s = s[: -len(w)]
                break
        else:
            break
    return s


_FRAMES = _LEX.get("frames", {})
_FRAME = re.compile(
    "(?:" + "|".join(map(re.escape, _FRAMES.get("open", ["在"]))) + ")[^，,。；;：:\n]{0,"
    + str(int(_FRAMES.get("max_inside", 16))) + "}?(?:" + "|".join(map(re.escape, _FRAMES.get("close", ["基础上"])))
    + ")[，,]?") if _FRAMES else None
_NOT_INDICATOR = set(_LEX.get("not_indicators", {}).get("words", []))
_RESP = _LEX.get("respectively", {})


def _mask_frames(s: str) -> str:
    """在现有基础上 → spaces (same length): a frame sets a condition; its words are no cue."""
    if _FRAME is None or "在" not in s:
        return s
    return _FRAME.sub(lambda m: " " * len(m.group()), s)


@dataclass
class _Ctx:
    text: str
    sentences: list[tuple[int, int]]
    headings: list[tuple[int, str]]
    genre: str
    doc_year: int | None
    sentence_starts: list[int] = field(default_factory=list)
    heading_starts: list[int] = field(default_factory=list)
    policy_title: bool = False  # the document's title is a policy's (…办法, 关于印发…的通知): kind.past_state

    def __post_init__(self) -> None:
        self.sentence_starts = [s for s, _ in self.sentences]
        self.heading_starts = [h for h, _ in self.headings]


def _split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ending after each sentence-ending character (the last one runs to the end of the text)."""
    out = []
    start = 0
    for m in _SENT_END_RE.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out




def _headings(text: str) -> list[tuple[int, str]]:
    """Top-level heading lines (一、… / 第一部分…): their wording sets the mood of what follows."""
    out = []
    pos = 0
    for line in text.split("\n"):
        s = line.strip()
        if 2 <= len(s) <= 40 and TOP_HEADING.match(s) and not re.search(r"[。；;！？]", s[:-1]):
            out.append((pos, s))
        elif _BARE_HEADING.match(s) and _BARE_MOOD.search(s):
            out.append((pos, s))
        pos += len(line) + 1
    return out


_NEWS = _LEX.get("news", {})


_POLICY_TITLE = _NEWS.get("policy_title", {})
_POLICY_TITLE_WORDS = re.compile("|".join(map(re.escape, _POLICY_TITLE.get("words", ()))) or "(?!)")
_POLICY_TITLE_NOT = re.compile("|".join(map(re.escape, _POLICY_TITLE.get("not", ()))) or "(?!)")


def _policy_title(text: str) -> bool:
    """kind.genre: one of the first three lines is a policy document's title (关于印发…的通知, …规划, …政策解读)."""
    lines = [x.strip() for x in text[:400].split("\n") if x.strip()][:3]
    return any(len(x) <= 80 and _POLICY_TITLE_WORDS.search(x) and not _POLICY_TITLE_NOT.search(x)
               and not re.search(r"[。！？]", x[:-1]) for x in lines)


def document_genre(text: str, title: str | None = None) -> str:
    """``report`` (mostly past tense: a work report, a news item) or ``policy``. A short policy with a stray
    已 (已经市政府同意) stays a policy: a report needs a few past-tense marks. ``title`` (the metadata's, when
    known) counts like a first line: a page's chrome may push the title line far down."""
    if _policy_title(text) or (title and _policy_title(title)):
        return "policy"
    past = len(re.findall(r"(?<![为除])了(?!解)", text)) + len(re.findall(r"已|累计|以来|先后", text))
    past += sum(text.count(w) for w in _NEWS.get("past_comparisons", ()))
    plan = len(re.findall(r"要|应|力争|确保|争取|不低于", text))
    if past >= 3 and past / (plan + 1) > 0.4:
        return "report"
    head = text[:_NEWS.get("window", 400)]
    if any(c in head for c in (*_NEWS.get("cues", ()), *_NEWS.get("source_cues", ()))) and not any(c in head for c in _NEWS.get("policy_cues", ())):
        return "report"  # a news item: 记者从市人社局获悉，…
    return "policy"


def _sentence_of(ctx: _Ctx, pos: int) -> tuple[int, int]:
    i = bisect_right(ctx.sentence_starts, pos) - 1
    if i >= 0:
        s, e = ctx.sentences[i]
        if s <= pos < e:
            return s, e
    return 0, len(ctx.text)


def _in_short_quote(text: str, s: int, e: int) -> bool:
    """Inside “…” (or 「」) of at most 16 characters: a name such as “四个引路人”, not a figure."""
    lo = max(0, s - 16)
    left = text[lo:s]
    i = max(left.rfind("“"), left.rfind("「"), left.rfind('"'))
    if i < 0 or any(c in left[i + 1:] for c in "”」\""):
        return False
    right = text[e:e + 16]
    j = min((k for k in (right.find("”"), right.find("」"), right.find('"')) if k >= 0), default=-1)
    return j >= 0 and (s - (lo + i)) + (e - s) + j <= 18


def _restates_list(text: str, clause_start: int, q: Quantity) -> bool:
    """大通、湟中、湟源三县: a Chinese count right after N items separated by 、."""
    if q.value < 2 or q.value > 12 or q.unit in ("%", "‰"):
        return False
    left = text[clause_start:q.start]
    return left.count("、") == int(q.value) - 1


# a length of time or an age is a figure when it measures one: 人均预期寿命达到79岁, 办理时限压缩至5个工作日
_TIME_MEASURE = re.compile(r"(?:寿命|年龄|年限|时限|时长|时间|天数|工期|期限|周期)[^，,。；;]{0,6}$|"
                           r"(?:天数|时长|时间)[由从][^，,。；;]{0,20}$")  # 停留天数由上一冰雪季的二点六天增加到…


def _counts_subjects(text: str, q: Quantity) -> bool:
    """两项收入分别增长4%、6%: a count whose noun is the subject of a 分别 later in the clause."""
    word = _RESP.get("word", "分别")
    k = text.find(word, q.end, q.end + 16)
    return k >= 0 and not any(c in CLAUSE_END for c in text[q.end:k])


_BUNDLE_PAREN = re.compile(r"(?<![\d+])\d{1,3}(?:\+(?:\d{1,3}|[XN])){1,6}[”\"]?[^（()）。；;\n]{0,12}[（(][^（()）。；;\n]{0,60}$")


def _is_noise(text: str, q: Quantity, clause_start: int) -> bool:
    if q.unit is None:
        if (not q.chinese and any(r.startswith(_BOUND_RULES + ("cmp.reach_down", "cmp.equal")) for r in q.rules)
                and any(w in text[clause_start:q.start] for w in _DIMENSIONLESS)):
            return False  # unit.dimensionless: 校际差异系数不高于0.50
        # 诊疗人次达到3800万: a count whose unit the indicator names, told by its magnitude and the verb
        return not (re.search(r"[万亿](?:以上|以下|以内|左右)?$", q.raw) and not q.chinese
                    and re.search(r"(?:达到|达|超过|突破|增至|增加到|提高到|提升到|稳定在|保持在|控制在|近|约|逾)\s*$",
                                  text[max(0, q.start - 4):q.start]))
    if q.duration and re.search(r"连续[\u4e00-\u9fff]{0,3}$", text[max(0, q.start - 6):q.start]):
        return True  # 学生连续缺课3天以上: a streak (a condition), no quota
    if q.duration and q.unit in _EFFORT_UNITS and any(r.startswith(_BOUND_RULES) for r in q.rules):
        return False  # unit.bounded_effort: 志愿服务不少于12小时 is a quota of time, not a length of something
    if q.duration and any(r.startswith("cmp.reach_down") for r in q.rules):
        return False  # 公告时间由20天压缩至10天: a length cut down to is a time limit set
    if q.duration and "cmp.time_limit" in q.rules:
        return False  # cmp.time_limit: 7个工作日内办结 is a time limit the policy sets
    if q.duration and q.unit in _EFFORT_UNITS and not q.chinese:
        if re.search(r"每(?:天|日|周|星期|月|学期|学年|年)$", text[max(0, q.start - 8):q.start]):
            return False  # unit.recurring_effort: 体育课每周4课时 is a weekly quota
        sent_start = max(text.rfind(c, max(0, clause_start - 200), clause_start) for c in "。；;！？\n") + 1
        prev = text[sent_start:clause_start]
        if re.search(r"(?:达到|不少于|不低于|不超过|保证|确保)\s*$", text[clause_start:q.start]) and \
                re.search(r"(?:时间|时长|学时|课时)[^，,]{0,8}?\d+(?:\.\d+)?\s*" + re.escape(q.unit), prev):
            return False  # unit.parallel_effort: 睡眠时间应达到10小时，初中生应达到9小时
    if q.duration and (not _TIME_MEASURE.search(text[clause_start:q.start])
                       or text[max(0, q.start - 2):q.start].endswith(("连续", "连"))):
        return True  # 连续6年: a streak
    after = text[q.end:q.end + 1]
    if q.chinese and after and after in _CN_NUM_CHARS:
        return True  # 三个一, 四个全面: a name
    if q.chinese and q.value == 1 and q.unit != "次":
        return True  # 一所学校抓一个…: "one each", not a figure
    if q.chinese and q.value == 1 and q.unit == "次" and _ONCE_SLOGAN.match(text, q.end) and not re.search(
            r"每[\u4e00-\u9fff]{1,3}|至少|最多|开展|组织|召开|举办|进行", text[max(0, q.start - 10):q.start]):
        return True  # nf.once_slogan: 推行一次告知, 一窗受理、一次办结, 一次提交: a way of serving, no count
    if q.chinese and q.value == 1 and _member_of_ones(text, q.start):
        return True  # nf.bundle_one: （一）每月走访一次… under 做到“四个一”： is the 一 of the bundle
    if q.chinese and re.fullmatch(r"[十百千万亿]+\S{0,3}", q.raw) and \
            _blank_to_line_edge(text, q.start, -1) and _blank_to_line_edge(text, q.end, 1):
        return True  # nf.unit_cell: 万个 alone on its line is a table's unit cell, no ten thousand
    if q.value == 1 and _BUNDLE_PAREN.search(text, max(0, q.start - 60), q.start):
        return True  # nf.bundle_member: “1+1+1”组合签约（1家社区卫生服务中心、1家区级医院…）: the 1s spell the name
    if q.unit == "位" and text.startswith("数", q.end):
        return True  # nf.digit_count: 实现两位数增长 says how many digits a rate has, no figure of two
    if q.value == 1 and q.value_max is None and q.unit not in ("%", "‰", "个百分点", "百分点") and \
            re.search(r"每(?![年月季天周日学期半个])[\u4e00-\u9fff]{1,3}$", text[max(0, q.start - 4):q.start]) and \
            re.match(r"[^，,。；;\n]{0,12}?\d", text[q.end:q.end + 14]):
        return True  # nf.per_unit: 按每留用1人给予2000元: the 1 is the unit the rate after it is counted per
    if _in_short_quote(text, q.start, q.end):
        return True
    if _restates_list(text, clause_start, q):
        return True
    if q.unit not in ("%", "‰") and q.value <= 10 and _counts_subjects(text, q):
        return True  # nf.list_count: 两项收入分别增长…: the count of the subjects 分别 distributes over
    if text[max(0, q.start - 1):q.start] in _LIST_CLOSERS and q.unit not in ("%", "‰"):
        return True  # nf.list_count: 省卫健委等九部门 counts the list it closes
    if q.unit in ("个", "项") and q.value <= _DISCOURSE.get("max", 30) and (
            text.startswith(_DISCOURSE_NOUNS, q.end)
            or (q.unit == "项" and text[max(0, q.start - 8):q.start].endswith(_DISCOURSE_BEFORE))):
        return True  # nf.discourse_count: 重点报告八个方面, 设置9项主要指标, 其中约束性指标4项
    if re.fullmatch(r"[万千百十]?[万亿]+元?", q.raw) and text[max(0, q.start - 1):q.start] == "个" \
            and text.startswith(_RN_MILESTONES, q.end):
        return True  # nf.milestone_count: 连跨两个万亿元台阶 counts steps, it states no amount
    if (q.unit in _LIST_OPENER.get("units", ()) and q.value <= _LIST_OPENER.get("max", 12)
            and text.startswith(_LIST_OPENER_AFTER, q.end)):
        return True  # nf.list_opener: 主要有三项：一是…: the count restates the list that follows
    if q.unit in ("项", "个", "条", "件") and text[max(0, q.start - 1):q.start] in "（(" and \
            re.match(r"\s*[)）]\s*(?:\n|$)", text[q.end:q.end + 4]) and \
            _HEADING_MARK.match(text, _line_start(text, q.start), q.start):
        return True  # nf.discourse_count: 一、教育优先（3项）: a heading counts the items under it
    if q.unit in _NAME_NOUNS.get("units", ()) and text.startswith(tuple(_NAME_NOUNS.get("nouns", ())) or ("\0",), q.end):
        return True  # nf.name_count: 为民办十件实事 names the programme
    after = text[q.end:q.end + 16]
    if re.match(r"(?:以上|以下)?(?:至[^，,。；;]{0,10})?的部分", after) or (
            re.search(r"(?:以上|至)\s*$", text[max(0, q.start - 3):q.start]) and re.match(r"[^，,。；;]{0,3}的部分", after)):
        return True  # nf.band: 起付线以上至5万元的部分支付60%: the bounds of a band a rate applies to
    if re.search(r"选择[^，,。；;]{0,4}$", text[max(0, q.start - 6):q.start]) and re.match(
            r"(?:[至到—\-~～]\s*[\d.]+\s*元)?(?:及以上|以上|以下)?(?:档次?|的档)", after):
        return True  # nf.band: 选择200元至400元档次缴费的: the tier a person chooses
    if q.unit in ("公里", "千米", "米") and re.match(r"(?:以内|之内)?范围", after):
        return True  # nf.band: 沿江1公里范围内: a distance that draws a zone
    if q.unit in ("个", "项", "家", "类") and re.match(r"[\u4e00-\u9fff]{1,8}中[有，,]", after):
        return True  # nf.band: 全市35个工业行业大类中有26个…: the whole the part is counted in
    if q.unit in _CONDITION.get("units", ()) and q.comparator != "~" and _CONDITION_AFTER.match(text, q.end):
        return True  # nf.condition: 年满60周岁的老年人, 超过50万元的村, 缴费超过15年的，…: who qualifies
    if text.startswith(_CLASS_WORDS, q.end):
        return True  # nf.class: 千吨级航道, 百亿级产业
    if (q.chinese and q.unit in _PER_CAPITA.get("units", ()) and q.raw in ("万人", "千人", "十万人", "万人口", "千人口")
            and re.match(r"[\u4e00-\u9fff]", text[q.end:q.end + 1])):
        return True  # nf.per_capita: 万人高价值发明专利拥有量
    if (q.unit in _CATEGORY.get("units", ()) and q.value <= _CATEGORY.get("max", 10)
            and text.startswith(_CATEGORY_NOUNS, q.end)):
        return True  # nf.category_count: 两种模式
    if q.unit == "份" and re.search(r"印\s*$", text[max(0, q.start - 3):q.start]):
        return True  # (共印35份)
    before = text[max(0, q.start - 2):q.start]
    if re.search(r"[-—~]\s*$", before) and re.search(r"\d", text[max(0, q.start - 6):q.start]):
        return True  # tail of a phone number / code
    return False


_YEAR_WINDOW = 400
_EFFORT_UNITS = frozenset(load_data("lexicon/numbers.json").get("bounded_effort", {}).get("units", ()))
# a name of "ones" (四个一, 三个一) that ends a line or a clause and opens a list of its members
_ONES_NAME = re.compile(r"[二三四五六七八九十两]个一[”\"]?[\u4e00-\u9fff]{0,4}\s*(?:[：:]|[，,]?\s*即)")


def _blank_to_line_edge(text: str, pos: int, step: int) -> bool:
    """Only white space between ``pos`` and the line's start (``step`` -1) or end (1): the test of
    ``text[line_start:pos].strip() == ""``, walking the blanks only (a long line is not scanned)."""
    i = pos - 1 if step < 0 else pos
    while 0 <= i < len(text) and text[i] != "\n" and text[i].isspace():
        i += step
    return not 0 <= i < len(text) or text[i] == "\n"


def _member_of_ones(text: str, pos: int) -> bool:
    """nf.bundle_one: the figure stands in an item of a list (（一）/1./一是) that a “N个一” name opens: each item is
    one of the ones the name counts (每月走访一次…), the bundle's member rather than a figure."""
    lo = max(0, pos - 80)
    opener = _ONES_NAME.search(text, lo, pos)
    if opener and not re.search(r"[。；;！？\n]", text[opener.end():pos]):
        return True  # 推行“四个一”工作法，即…、开展一次评议: the 、-list the name opens in its own sentence
    line_start = _line_start(text, pos)
    if not (_ITEM.match(text, line_start, min(len(text), line_start + 8))
            or re.match(r"\s*[（(][一二三四五六七八九十]{1,2}[)）]", text[line_start:line_start + 8])):
        return False
    at = line_start
    for _ in range(12):  # at most a dozen items back to the line that opens the list
        if at <= 0:
            return False
        prev = _line_start(text, at - 1)
        line = text[prev:at - 1]
        if _ITEM.match(line[:8]) or re.match(r"\s*[（(][一二三四五六七八九十]{1,2}[)）]", line):
            at = prev
            continue
        return bool(_ONES_NAME.search(line[-40:]))
    return False
_NUM_LEX = load_data("lexicon/numbers.json")
_DISCOURSE = _NUM_LEX.get("discourse_count", {})
_DISCOURSE_NOUNS = tuple(_DISCOURSE.get("nouns", ())) or ("\0",)
_DISCOURSE_BEFORE = tuple(_DISCOURSE.get("before", ())) or ("\0",)
_CLASS_WORDS = tuple(_NUM_LEX.get("class_suffix", {}).get("words", ())) or ("\0",)
_PER_CAPITA = _NUM_LEX.get("per_capita", {})
_CATEGORY = _NUM_LEX.get("category_count", {})
_DIMENSIONLESS = tuple(_NUM_LEX.get("dimensionless", {}).get("words", ()))
_BOUND_RULES = ("cmp.floor", "cmp.ceiling", "cmp.exceed", "cmp.negated", "cmp.after_floor", "cmp.after_ceiling")
_CATEGORY_NOUNS = tuple(_CATEGORY.get("nouns", ())) or ("\0",)
_LIST_OPENER = _NUM_LEX.get("list_opener", {})
_LIST_OPENER_AFTER = tuple(_LIST_OPENER.get("after", ())) or ("\0",)
_CONDITION = _NUM_LEX.get("condition", {})
_NAME_NOUNS = _NUM_LEX.get("name_nouns", {})
_HEADING_MARK = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d))")
_ONCE_SLOGAN = re.compile("(?:" + "|".join(map(re.escape, _NUM_LEX.get("once_slogan", {}).get("verbs", ()))) + ")"
                          if _NUM_LEX.get("once_slogan") else "(?!)")
_CONDITION_AFTER = re.compile(
    r"\s*(?:" + "|".join(map(re.escape, _CONDITION.get("bounds", ()))) + r")?的(?:[，,]|[\u4e00-\u9fff]{0,3}?(?:"
    + ("|".join(map(re.escape, sorted(_CONDITION.get("nouns", ()), key=len, reverse=True))) or "(?!)") + "))")
_LIST_CLOSERS = set(load_data("lexicon/numbers.json").get("list_count_after", {}).get("words", ["等"]))


# 到2025年，… / 到2025年底前，…: a due year opening a clause governs the rest of its paragraph
_DUE_YEAR = re.compile(r"(?:到|至|截至|截止到?)\s*(" + YEAR + r")\s*年(?:底|末)?(?:前|以前)?\s*[，,：:]")
_ITEM = LIST_ITEM
_PARA_YEAR_WINDOW = 1500


def _explicit_years(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(position, year) of the years in text[lo:hi] that can govern a figure (not 比2020年, 2019年以来, 从…)."""
    out = []
    for m in _YEAR.finditer(text, lo, hi):
        pre, post = m.group("pre") or "", m.group("post") or ""
        prev = text[max(0, m.start() - 1):m.start()]
        if prev in ("比", "较", "同", "与") or post in ("以来", "起", "以后") or pre == "从":
            continue
        if prev == "由" and text.startswith("的", m.end()):
            continue  # 由2025年的75.2%提高到78%: the year dates the starting value (kind.from_value), not the goal
        if re.match(r"\s*\d{1,2}月\d{1,2}日", text[m.end():m.end() + 7]) and not pre:
            continue  # a dated event, not a due year
        if not post and text.startswith(_REF_AFTER, m.end()):
            continue  # year.reference: 恢复到2019年水平的五成 measures against 2019, it is not due then
        if pre not in ("到", "至", "截至", "截止", "截止到") and _ATTR_YEAR_AFTER.match(text, m.end()):
            continue  # year.attribute: 2000年底前建成的小区 dates the things counted, not the figure
        out.append((m.start(), year_value(m.group("y"))))
    return out


def _paragraph_due_year(text: str, lo: int, hi: int) -> int | None:
    """The last 到YYYY年， of text[lo:hi] when no other year follows it."""
    last = None
    for m in _DUE_YEAR.finditer(text, lo, hi):
        last = m
    if last is None:
        return None
    y = int(last.group(1))
    if any(yy != y for _, yy in _explicit_years(text, last.end(), hi)):
        return None
    return y


def _list_intro_year(text: str, para_start: int) -> int | None:
    """A numbered item (1. / （1） / 一是) takes the due year of the paragraph that opens its list."""
    if not _ITEM.match(text, para_start, min(len(text), para_start + 8)):
        return None
    pos = para_start
    for _ in range(40):
        if pos <= 1:
            return None
        prev_start = text.rfind("\n", max(0, pos - 3000), pos - 1) + 1
        if prev_start == 0 and pos - 1 > 3000:
            return None
        if not text[prev_start:pos - 1].strip():
            pos = prev_start
            continue
        if not _ITEM.match(text, prev_start, min(len(text), prev_start + 8)):
            return _paragraph_due_year(text, prev_start, pos - 1)
        pos = prev_start
    return None


def _year(ctx: _Ctx, q: Quantity, seg_start: int, sent: tuple[int, int], para_start: int) -> tuple[int | None, str]:
    """The due (or report) year of a figure and the id of the rule that found it."""
    text = ctx.text
    # a governing 到2022年 is never far back in a real sentence; the cap keeps a 5 MB "sentence" linear
    lo = max(sent[0], q.start - _YEAR_WINDOW)
    years = _explicit_years(text, lo, q.start)
    best = years[-1][1] if years else None
    rule = "year.sentence"
    if ctx.doc_year:
        for m in _REL_YEAR.finditer(text, lo, q.start):
            prev = text[max(0, m.start() - 1):m.start()]
            if prev in ("比", "较", "同", "与"):
                continue
            w = m.group("w")
            off = {"今年": 0, "当年": 0, "本年": 0, "本年度": 0, "明年": 1, "去年": -1, "上年": -1}[w]
            if best is None or m.start() > years[-1][0]:
                best, rule = ctx.doc_year + off, "year.relative"
    if best is not None:
        return best, rule
    lead = _LEAD_YEAR.match(text, para_start, min(len(text), para_start + 60))
    if lead:
        m = _YEAR.search(lead.group(0))
        if m:
            y = year_value(m.group("y"))
            if ctx.genre == "policy" and ctx.doc_year and y < ctx.doc_year and q.comparator in (">=", "<=") \
                    and "全年" in text[sent[0]:q.start]:
                # year.this_year: a 2024 notice's 2023年，…检查1126家次 … 全年完成抽检不少于3200批次: the bounded goal
                # of 全年 is the document's year, not the paragraph's past one
                return ctx.doc_year, "year.this_year"
            return y, "year.paragraph_lead"
    y = _paragraph_due_year(text, max(para_start, q.start - _PARA_YEAR_WINDOW), q.start)
    if y is not None:
        return y, "year.paragraph"
    y = _list_intro_year(text, para_start)
    if y is not None:
        return y, "year.list_intro"
    return None, ""


def _heading_periods(h: str) -> list[tuple[int, int]]:
    """Years a heading names: 2025年 → (2025, 2025); “十四五” → (2021, 2025) (the 3rd plan began in 1966)."""
    out = [(int(y), int(y)) for y in _HEAD_YEAR.findall(h)]
    for m in PLAN_PERIOD.finditer(h):
        period = plan_period(m.group())
        if period:
            out.append(period)
    return out


def _heading_year(ctx: _Ctx, pos: int) -> int | None:
    """The one year the nearest governing heading names (三、2026年重点工作), if it names exactly one."""
    i = bisect_right(_heading_starts(ctx), pos) - 1  # headings are in text order: the nearest by bisection
    if i < 0:
        return None
    h = ctx.headings[i][1]
    years = set(_HEAD_YEAR.findall(h))
    if len(years) != 1:
        return None
    y = int(years.pop())
    # 一、2025年和“十四五”时期工作回顾: a plan period ending in the named year reviews up to it
    ends = {p[1] for m in PLAN_PERIOD.finditer(h) if (p := plan_period(m.group()))}
    return y if not PLAN_PERIOD.search(h) or ends == {y} else None


_NO_MOOD = object()  # a heading whose wording sets no mood: the one above it governs


def _heading_starts(ctx) -> list[int]:
    """The offsets of ``ctx.headings`` (a _Ctx or TextContext), listed once per context."""
    memo = ctx.__dict__.get("_heading_starts_memo")
    if memo is None or memo[0] is not ctx.headings:
        memo = ctx.__dict__["_heading_starts_memo"] = (ctx.headings, [p for p, _ in ctx.headings])
    return memo[1]


def _moods(ctx) -> list[str | None]:
    """Per heading of ``ctx``, the mood of the text under it (_heading_mood), computed once per context: looking
    it up per figure by walking the headings back made a page of many headings and figures quadratic."""
    key = (ctx.headings, ctx.doc_year)
    memo = ctx.__dict__.get("_mood_memo")
    if memo is None or memo[0][0] is not key[0] or memo[0][1] != key[1]:
        moods: list[str | None] = []
        for _, h in ctx.headings:
            m = _own_mood(ctx, h)
            moods.append((moods[-1] if moods else None) if m is _NO_MOOD else m)
        memo = ctx.__dict__["_mood_memo"] = (key, moods)
    return memo[1]


def _heading_mood(ctx: _Ctx, pos: int) -> str | None:
    """The mood of the nearest governing heading: its years against the document's year when it names
    any (2025年工作回顾 / “十五五”时期主要目标), else its words; a heading naming both past and coming
    periods (“十四五”成就和“十五五”目标) sets no mood."""
    i = bisect_right(_heading_starts(ctx), pos) - 1
    return _moods(ctx)[i] if i >= 0 else None


def _own_mood(ctx, h: str):
    """The mood heading ``h`` sets (see _heading_mood), or _NO_MOOD when its wording sets none."""
    periods = _heading_periods(h)
    if periods and ctx.doc_year and all(s == e == ctx.doc_year for s, e in periods):
        periods = []  # kind.heading_own_year: 2025年工作总结 in a 2025 text: the words tell review from plan
    if periods and ctx.doc_year:
        past = any(e < ctx.doc_year for _, e in periods)
        coming = any(s >= ctx.doc_year for s, _ in periods)
        if past != coming:
            return "achievement" if past else "target"
        if past and coming:
            return None
    ach, tgt = bool(_ACH_HEAD.search(h)), bool(_TGT_HEAD.search(h))
    if ctx.genre == "policy" and not tgt and _BASE_HEAD.search(h):
        return "baseline"  # kind.baseline_heading: a policy's 一、基本情况 states where it starts from
    if ach and tgt:
        return None
    if ach:
        return "achievement"
    if tgt:
        return "target"
    return _NO_MOOD


# the starting value of a change (由1.58亿人次增加到…, 由2025年的90.8%提高到2030年的92.5%, 从“十四五”末的…)
_FROM_VALUE = re.compile(r"[由从]\s*(?:(?:" + YEAR + r")\s*年(?:底|末)?|[“\"]?十[一二三四五六七八九]五[”\"]?(?:末|期末)|上年|去年|"
                         r"基期|目前|现在|原来|原|此前|以前|现行|上一[\u4e00-\u9fff]{1,3}|平均|"
                         r"[一二三四五六七八九十两\d]{1,2}年前)?\s*的?\s*(?:平均)?\s*"
                         r"(?:每[人户生床亩年月天日](?:每[年月天日])?)?(?:最高|最低)?\s*$")
def _from_year(text: str, pos: int, doc_year: int | None) -> int | None:
    """The year of a starting value: written in its phrase (由2025年的…, 由“十四五”末的… → 2025, 由上年的… → the year before
    the document's), else unknown."""
    m = _FROM_VALUE.search(text, max(0, pos - 16), pos)
    if not m:
        return None
    y = re.search(YEAR, m.group())
    if y:
        return int(y.group())
    period = plan_period(m.group())
    if period:
        return period[1]
    if doc_year and re.search(r"上年|去年", m.group()):
        return doc_year - 1
    return None


# 完成年度目标任务的105%, 完成全年目标的: 目标 is the object of a completion, no modal of a goal
_DONE_GOAL = re.compile(r"完成[^，,；;。]{0,8}目标$")
_BASE_PERIOD = ("同比", "比上年", "较上年", "比去年", "较去年")
# a total over a span of years that a plan sets (三年累计, 五年内累计; not 三年来累计, which looks back)
_SPAN_TOTAL = re.compile(r"[一二三四五六七八九十两\d]年(?:内|间|期间)?累计$")


_AWARD = frozenset(_LEX["award_condition"]["cues"])
_PAY = re.compile("|".join(map(re.escape, _LEX.get("policy_payment", {}).get("verbs", ()))) or "(?!)")
_AWARD_CONDITION = re.compile(rf"(?:{'|'.join(_LEX['award_condition']['before'])})(?:新|首次|当年|年度)?$")
# words of a state rather than a deed (全省共有托育机构5862家): under a policy's 基本情况 they describe where it
# starts from, while 已建成… reports what was done (kind.baseline_heading, "stative" in the lexicon)
# 关于开展…整治行动的通知, 关于调整…待遇的通知: a notice that sets something going is a policy's title
_ACTION_NOTICE = re.compile(r"关于(?:开展|印发|进一步|加强|做好|推进|实施|深化|加快|组织|调整|规范|建立|完善)[^。]{2,60}的通知$")
_ACTION_BEFORE = re.compile(r"完成|建成|新增|新建|改造|实现|引进|培育|发放|投入|达到|增长|下降|提高|减少|增加")
_STATIVE = frozenset(_LEX.get("baseline_heading", {}).get("stative", ("共有",)))


def _under_baseline_heading(ctx: _Ctx, q: Quantity, year: int | None) -> bool:
    """A policy's figure under 一、基本情况, or in a sentence opening with 目前/截至… (kind.baseline_sentence)."""
    if ctx.genre != "policy" or not (year is None or not ctx.doc_year or year < ctx.doc_year):
        return False
    s, _ = _sentence_of(ctx, q.start)
    return bool(_BASE_LEAD.match(ctx.text[s:q.start])) or _heading_mood(ctx, q.start) == "baseline"


def _kind(ctx: _Ctx, q: Quantity, seg: str, clause: str, sent_before: str, year: int | None,
          recurring: str | None, later_in_clause: bool) -> tuple[str, str, str]:
    """The kind, how it was decided — ``cue`` (a tense or modal word in the clause or sentence) or ``context``
    (headings, years, genre), where a trained model may decide instead — and the id of the deciding rule."""
    if _FROM_VALUE.search(ctx.text, max(0, q.start - 16), q.start) and later_in_clause:
        return "baseline", "cue", "kind.from_value"  # 由1.58亿人次增加到… / 由每人每月213元提高到…: the starting point
    if recurring:
        return "target", "cue", "kind.recurring"
    if re.search(r"(?:^|[^\w])(?:到|在)[^，,。；;]{0,8}$", seg[: max(0, seg.find(q.raw))]) and later_in_clause \
            and not _TGT.search(clause):
        return "baseline", "cue", "kind.place_before"  # 到西宁市57个…基地参观…的孩子已经突破3万人次
    # cue words up to the figure (and just after it): …达到8400亿元、同比增长7%左右 is a plan, whatever 同比 says
    cue_span = clause[:len(seg) + 2]
    for rx, kind in ((_ACH, "achievement"), (_TGT, "target"), (_BASE, "baseline")):
        cue = rx.search(cue_span)
        if cue and kind == "achievement" and cue.group() in ("累计", "共计", "共有") and (
                (year and ctx.doc_year and year >= ctx.doc_year)
                or DUE_FORM.search(sent_before + clause[:len(seg)])
                or (ctx.genre == "policy" and _SPAN_TOTAL.search(cue_span[:cue.end()]))
                or (ctx.genre == "policy" and q.comparator in ("<=", ">="))):
            continue  # 2025年…累计达到50个 / a policy's 累计新改造…550万户 / 三年累计投入 / 累计不超过15年: a cumulative goal
        if cue and kind == "achievement" and ctx.genre == "policy" and cue.group() in ("成功", "获得", "获评", "入选") \
                and _PAY.search(clause):
            continue  # kind.policy_payment: 对创建成功的美丽村庄每村奖补30万元: whom the policy pays, not a result
        if cue and kind == "achievement" and cue.group() in _AWARD and _AWARD_CONDITION.search(cue_span[:cue.start()]):
            continue  # kind.award_condition: 对获评…小区每个给予2万元, 对入选…的企业奖励: whom a policy rewards, no result
        if cue and kind == "baseline" and re.search(r"[由从]$", cue_span[:cue.start()]) \
                and cue_span.startswith("的", cue.end()):
            continue  # 由目前的238公里增加到280公里: the 目前 dates the starting value only (kind.from_value)
        if cue and kind == "target" and cue.group() == "目标" and _DONE_GOAL.search(cue_span[:cue.end()]):
            continue  # kind.goal_completed: 完成年度目标任务的105% reports how much of the goal was done
        if cue and kind == "achievement" and cue.group() in _BASE_PERIOD and ctx.genre == "policy" \
                and q.comparator in (">=", "<=", "~"):
            continue  # a policy's 较上年减少10%左右: last year is the base of a bounded goal, not a reported result
        if cue:
            if cue.group() in _STATIVE and _under_baseline_heading(ctx, q, year):
                return "baseline", "context", "kind.baseline_heading"
            return kind, "cue", f"kind.cue:{cue.group()}"
    cue = _EVENT.search(clause)
    if cue and not _TGT.search(sent_before + clause) and not (year and ctx.doc_year and year >= ctx.doc_year):
        return "achievement", "cue", f"kind.event:{cue.group()}"
    # an earlier item of a ；-separated list (…累计建成7000个；实施…500处) says nothing of this one
    last = re.split(r"[；;]", sent_before)[-1]
    cue = next((c for c in _ACH.finditer(last)
                if not (c.group() in _AWARD and _AWARD_CONDITION.search(last[:c.start()]))), None)
    if cue and ctx.genre == "policy" and _PAY.search(sent_before + clause):
        cue = None  # kind.policy_payment: 对成功引进…的，按每人5万元给予奖励: what a policy pays is its commitment
    due = DUE_FORM.search(sent_before) if cue and cue.group() in ("累计", "共计") else None
    due_year = int(re.search(r"\d{4}", due.group()).group()) if due and re.search(r"\d{4}", due.group()) else None
    if cue and ctx.genre == "policy" and cue.group() in ("累计", "共计") and (
            (year and ctx.doc_year and year >= ctx.doc_year)
            or (due and not (due_year and ctx.doc_year and due_year < ctx.doc_year))):
        cue = None  # 到2028年，累计培育强村公司…，年营业收入突破30亿元: a cumulative goal's sentence plans, it reports nothing
    if cue and not ((cue.group() in _BASE_PERIOD or cue.group() in ("累计", "共计")) and ctx.genre == "policy"
                    and q.comparator in (">=", "<=", "~")):
        # (a policy's 门诊费用同比下降5%左右，住院费用增幅不超过3%: 同比 is the base of the goals, no tense)
        if cue.group() in _STATIVE and _under_baseline_heading(ctx, q, year):
            return "baseline", "context", "kind.baseline_heading"
        return "achievement", "cue", f"kind.sentence_cue:{cue.group()}"
    mood = _heading_mood(ctx, q.start)
    if mood == "achievement" and (year is None or not ctx.doc_year or year <= ctx.doc_year):
        # a review section (…工作回顾): 落实资金110亿元 reports a result; a year-end summary's 今年 is the year reviewed
        return mood, "context", "kind.heading"
    if mood == "baseline" and (year is None or not ctx.doc_year or year < ctx.doc_year):
        return mood, "context", "kind.baseline_heading"
    cue = _TGT.search(sent_before) or DUE_FORM.search(sent_before)
    if cue:
        return "target", "cue", f"kind.sentence_cue:{cue.group()}"
    cue = _BASE_SENT.search(sent_before)
    if cue and ctx.genre == "report":
        return "baseline", "cue", f"kind.sentence_cue:{cue.group()}"
    if ctx.genre == "policy" and (year is None or not ctx.doc_year or year < ctx.doc_year) \
            and _BASE_LEAD.match(sent_before):
        return "baseline", "cue", "kind.baseline_sentence"  # 目前，全县常住人口约42万人
    if year is not None and ctx.doc_year and year < ctx.doc_year and ctx.policy_title \
            and re.search(r"(?:为|是)\s*$", seg[:max(0, seg.find(q.raw))]) and not _ACTION_BEFORE.search(seg):
        # kind.past_state: a policy's 2025年，全市PM2.5平均浓度为33.4微克/立方米 states where it starts from
        return "baseline", "context", "kind.past_state"
    if year is not None and ctx.doc_year:
        return ("achievement" if year < ctx.doc_year else "target"), "context", "kind.year"
    if mood:
        return mood, "context", "kind.heading"
    cue = _TGT_WEAK.search(clause) or _TGT_WEAK.search(sent_before)
    if cue and not (ctx.genre == "report" and cue.group().startswith("达到")):
        # (kind.weak_cue: in a report, 全年地区生产总值达到5812.6亿元 states a result; 达到 plans nothing there)
        return "target", "cue", f"kind.weak_cue:{cue.group()}"
    if _PROGRAMME.search(sent_before):
        return "target", "cue", "kind.programme"
    return ("achievement" if ctx.genre == "report" else "target"), "context", f"kind.genre:{ctx.genre}"


def _recurring(seg_left: str) -> str | None:
    for rx, word in _RECUR:
        if rx.search(seg_left):
            return word
    return None


_NOT_CLASSIFIER = {"%", "‰", "个百分点", "百分点", "倍", "元", "美元", "欧元", "吨", "千克", "公斤", "斤", "千瓦", "千瓦时",
                   "兆瓦", "吉瓦", "度", "公里", "千米", "米", "平方米", "平方公里", "立方米", "亩", "公顷", "标箱", "标准箱"}
_RIGHT_STOP = re.compile(
    r"(?:得到|获得|获评|成为|进行|参加|参与|开展|回流|当|在(?!地)|用于|上学|入选|作为|加入|引进|建立|实施|推进|参观|组建|覆盖|纳入|"
    r"通过|实现|达到|的|[，,；;。：:、（(“”]|与|和|等)")
_VERB_ONLY = re.compile(r"(?:建立|建设|新建|组建|成立|评选|开展|培训|完成|新增|设立|安排|建成|划分为|形成|打造|培育|引进|实施|"
                        r"达到|有|让|累计|共|其中)+")


_RN = _LEX.get("right_noun", {})
_RN_NOT_START = tuple(_RN.get("not_start", ())) or ("\0",)
_RN_MILESTONES = tuple(_RN.get("milestones", ())) or ("\0",)


def _right_noun(text: str, q: Quantity, seg_end: int) -> tuple[str, int]:
    """The counted noun right after the unit (12所优质初中 → 优质初中) and where it ends."""
    pos = q.end
    if text.startswith("的", pos):
        pos += 1
    right = text[pos:seg_end]
    if not right or not re.match(r"[\u4e00-\u9fff]", right) or _VERB_ONLY.match(right) \
            or right.startswith(_RN_NOT_START) or right.startswith(_RN_MILESTONES):
        return "", q.end
    k = 1
    while True:
        m = _RIGHT_STOP.search(right, k)
        if m and m.group() in "（(":  # 60个县（市、区）水源置换工作: a short parenthetical belongs to the noun
            close = min((c for c in (right.find("）", m.end()), right.find(")", m.end())) if c >= 0), default=-1)
            if 0 <= close - m.start() <= 12:
                k = close + 1
                continue
        break
    noun = right[: m.start()] if m else right
    noun = noun[:24]
    if len(noun) < 2:
        return "", q.end
    return noun, pos + len(noun)


def _left_indicator(text: str, seg_start: int, q: Quantity) -> str:
    cut = q.start
    left = text[seg_start:cut]
    left = _YEAR.sub("", left)
    left = re.sub(r"(今年|明年|去年|当年|上年)(底|末)?", "", left)
    left = _LEAD_STRIP.sub("", _mask_frames(left).strip())
    left = re.sub(r"^全[省市县区州盟旗镇乡]|^全县域", "", left)
    left = _LEAD_STRIP.sub("", left)
    prev = None
    while prev != left:
        prev = left
        left = _strip_tail(left)
        left = re.sub(r"(?:每个|每一|每)[^每]{0,4}$", "", left)
    left = left.strip(" -—–·•")
    if len(left) < 2 or _VERB_ONLY.fullmatch(left):
        return ""
    return left[-40:]


_INNER_BOUND = re.compile(r"(?<=[\u4e00-\u9fff])(?:" + "|".join(sorted(
    (w for w, (c, _) in _BEFORE_TABLE.items() if c in (">=", "<=") and w.startswith(("不", "严禁", "禁止")) and len(w) >= 3),
    key=len, reverse=True)) + r")(?=[\u4e00-\u9fff]{2})")
_SANCTION = _NUM_LEX.get("sanction_floor", {})
_SANCTION_WORDS = re.compile("|".join(map(re.escape, _SANCTION.get("sanctions", ()))) or "(?!)")


def _sanction_bound(text: str, q: Quantity, clause_end: int) -> str | None:
    """cmp.sanction_floor: 对巩固率低于94%的县进行约谈 → >=; 超过X的…不得 → <= (the bound the policy requires), when
    the figure's condition (…的) leads to a sanction later in its sentence; else None."""
    word = next((r.partition(":")[2] for r in q.rules if r.startswith(("cmp.ceiling:", "cmp.exceed:", "cmp.margin:"))),
                "")
    if word in _SANCTION.get("below", ()):
        flipped = ">="
    elif word in _SANCTION.get("above", ()):
        flipped = "<="
    else:
        return None
    after = text[q.end:min(len(text), q.end + 80)]
    end = min((i for i in (after.find(c) for c in "。；;！\n") if i >= 0), default=len(after))
    rest = after[:end]
    if not re.match(r"[^，,。；;]{0,20}?的", rest) or not _SANCTION_WORDS.search(rest):
        return None
    return flipped


# a count whose unit the indicator names (诊疗人次, 参保人数, 签约户数): its unit
_COUNT_UNITS = {"人次": "人次", "人数": "人", "户数": "户", "次数": "次", "件数": "件", "家数": "家", "个数": "个"}
_COUNT_NAMED = re.compile("(?:" + "|".join(_COUNT_UNITS) + ")$")
_TO_VERB_ONLY = re.compile(r"(?:再|进一步|逐步)?(?:(?:提高|下调|上调|降低|调整|增加|提升|下降|减少|压缩|缩短|扩大|放宽|延长)(?:至|到|为)|"
                           r"增至|降至|达到|调至)")
_CHANGE_ONLY = re.compile(r"(?:较|比|同比|比上年|较上年|比去年|较去年)?(增长|下降|提高|降低|减少|增加|上升)")


def _previous_clause_indicator(text: str, clause_start: int, ctx: _Ctx) -> str:
    """…比重由60%提高到70%: a figure with nothing left of it inherits the indicator of the clause before."""
    if clause_start < 2 or text[clause_start - 1] not in "，,":
        return ""
    a = clause_start - 1
    lo = max(0, a - _CLAUSE_CAP)
    while a > lo and text[a - 1] not in CLAUSE_END:
        a -= 1
    prev = _LEAD_STRIP.sub("", _YEAR.sub("", text[a:clause_start - 1]))
    prev = re.split(r"[0-9０-９]", prev)[0]
    qs = find_quantities(prev) if re.search(r"[一二两三四五六七八九十百千万亿]", prev) else []
    prev = prev[:qs[0].start] if qs else prev  # 全年教育投入十二点六亿元: a figure in Chinese numerals ends it too
    prev = _LEAD_STRIP.sub("", prev)
    prev = _strip_tail(prev)
    return prev[-30:] if len(prev) >= 2 else ""


_RESP_JOIN = re.compile("|".join(map(re.escape, sorted(_RESP.get("joiners", ["、", "和"]), key=len, reverse=True))))


def _respectively(text: str, a: int, q: Quantity) -> tuple[int, list[str], str] | None:
    """Under 分别 (X、Y分别增长a%、b%): the subjects, each complete (城镇和农村居民收入 → 城镇居民收入, 农村居民收入),
    and the change verb between 分别 and the first figure."""
    word = _RESP.get("word", "分别")
    k = text.rfind(word, a, q.start)
    if k < 0:
        each = _RESP.get("each", "各")  # 名校长、名教师、名班主任各1000名: one figure for each subject
        if not text.startswith(each, q.start - len(each)) or "、" not in text[a:q.start]:
            return None
        word, k = each, q.start - len(each)
    left = re.sub(r"(?:比|较|同比|与)" + YEAR + r"\s*年(?:底|末)?", "", text[a:k])
    left = _strip_tail(_LEAD_STRIP.sub("", _mask_frames(_YEAR.sub("", left)).strip()))
    left = re.sub(r"(?:(?:比|较)(?:上年|去年)(?:同期)?|同比)$", "", left)
    left = re.sub(r"^全[省市县区州盟旗镇乡]", "", left)
    subjects = [x.strip() for x in _RESP_JOIN.split(left)]
    if len(subjects) < 2 or len(subjects) > 8 or any(not x or len(x) > 24 for x in subjects):
        return None
    short = _RESP.get("modifier_max_len", 3)
    first = subjects[:-1]
    lens = {len(x) for x in first}
    last = subjects[-1]
    heads = sorted(_RESP.get("heads", []), key=len, reverse=True)
    if len(lens) == 1 and max(lens) <= short and len(last) > max(lens) + 1:
        head = last[max(lens):]
        subjects = [x + head for x in first] + [last]
    else:
        head = next((h for h in heads if last.endswith(h) and len(last) > len(h)), "")
        ends = tuple(heads) + tuple(_RESP.get("measure_ends", ""))
        if head:
            subjects = [x if x.endswith(ends) else x + head for x in first] + [last]
    verb = _strip_tail(text[k + len(word):q.start].strip())
    verb = verb if verb in _TAIL.get("change_verbs", []) else ""
    if all(len(x) <= short for x in subjects):  # …教师数，小学、初中分别达到…: the measure is the clause before's
        prev = _previous_clause_indicator(text, a, None)
        if prev:
            subjects = [x + prev for x in subjects]
    return a, subjects, verb


_ENSURE = _NUM_LEX.get("ensure_share", {})


def _ensured_share(text: str, q: Quantity, a: int) -> Quantity:
    """确保…50%的城市社区建成…: a share that the clause ensures is a floor, when nothing else bounds it."""
    if q.unit != "%" or "cmp.default" not in q.rules or not text.startswith("的", q.end):
        return q
    if not any(w in text[a:q.start] for w in _ENSURE.get("words", ())):
        return q
    rid = _ENSURE.get("id", "cmp.ensure_share")
    return replace(q, comparator=">=", rules=tuple(rid if r == "cmp.default" else r for r in q.rules))


def _share_units(text: str, kept: list[tuple[Quantity, int, int]]) -> list[tuple[Quantity, int, int]]:
    """unit.shared: 分别压缩至3个、1个工作日 / 2个、3个百分点: a bare 个 before 、 takes the full unit of the next figure."""
    out = list(kept)
    for i in range(len(out) - 2, -1, -1):
        q, a, b = out[i]
        nq, na, _ = out[i + 1]
        if na == a and q.unit == "个" and nq.unit and nq.unit.startswith("个") and len(nq.unit) > 1 \
                and text[q.end:nq.start].strip() in ("、", "和", "至", "到"):
            out[i] = (replace(q, unit=nq.unit, duration=nq.duration, rules=(*q.rules, "unit.shared")), a, b)
    return out


def _share_after_comparators(text: str, kept: list[tuple[Quantity, int, int]]) -> list[tuple[Quantity, int, int]]:
    """4.5%、5.5%左右 / 90%和95%以上: a 左右/以上 closing a list of bare figures bounds every one of them."""
    out = list(kept)
    for i in range(len(out) - 2, -1, -1):
        q, a, b = out[i]
        nq, na, _ = out[i + 1]
        if na != a or not any(r == "cmp.default" or r.startswith("cmp.equal") for r in q.rules) or nq.unit != q.unit:
            continue
        last = nq.rules[-1] if nq.rules else ""
        if not last.startswith(("cmp.after", "cmp.shared_after")):
            continue
        if text[q.end:nq.start].strip() not in ("、", "和", "及", "与"):
            continue
        shared = "cmp.shared_after:" + last.partition(":")[2]
        rules = tuple(shared if r == "cmp.default" or r.startswith("cmp.equal") else r for r in q.rules)
        out[i] = (replace(q, comparator=nq.comparator, rules=rules), a, b)
    return out


_HEADLINE = load_data("lexicon/numbers.json").get("headline", {})


def _drop_headline_restatements(text: str, out: list[Target]) -> list[Target]:
    """A figure of the page head (the short unpunctuated lines before the first sentence: site name, breadcrumb,
    headline) that the body states again is kept once, in the body, where its sentence says more."""
    end = 0
    limit = min(len(text), 400)
    while end < limit:
        nl = text.find("\n", end)
        if nl < 0:
            return out
        line = text[end:nl]
        if len(line.strip()) > _HEADLINE.get("max_len", 60) or re.search(r"[。；;！？!?]", line):
            break
        end = nl + 1
    if end == 0:
        return out
    body = {(t.value, t.unit) for t in out if t.start >= end}
    return [t for t in out if t.start >= end or (t.value, t.unit) not in body]


_CLAUSE_CAP = 300
_CLAUSE_END_RE = re.compile("[" + re.escape(CLAUSE_END) + "]")


class _ClauseIndex:
    """Clause bounds by bisection over the clause ends found once (a walk per figure is quadratic in a long
    clause full of numbers)."""

    def __init__(self, text: str):
        self.n = len(text)
        self.ends = [m.start() for m in _CLAUSE_END_RE.finditer(text)]

    def __call__(self, s: int, e: int) -> tuple[int, int]:
        i = bisect_right(self.ends, s - 1)
        a = self.ends[i - 1] + 1 if i else 0
        j = bisect_right(self.ends, e - 1)
        b = self.ends[j] if j < len(self.ends) else self.n
        return a, b


_TITLE_YEAR = _LEX.get("title_year", {})
_TITLE_ONE_YEAR = re.compile(r"(?<![\d〔\[［(（])(" + YEAR + r")年(?:度)?(?![—\-–~～至到]|\d{4})")
_TITLE_SPAN = re.compile(r"(?:" + YEAR + r")\s*年?\s*[—\-–~～至到]\s*(?:" + YEAR + r")|十[一二三四五六七八九]五")


def title_year(title: str | None, genre: str) -> int | None:
    """year.title: the one year a report's or a one-year plan's title is about (2024年全市经济运行…, 2025年…工作要点),
    else None (a span, several years, or a title of another kind)."""
    if not title or _TITLE_SPAN.search(title):
        return None
    years = {m.group(1) for m in _TITLE_ONE_YEAR.finditer(title)}
    if len(years) != 1:
        return None
    words = _TITLE_YEAR.get("report_words" if genre == "report" else "plan_words", ())
    return int(years.pop()) if any(w in title for w in words) else None


_GOAL_HEADING = re.compile(r"目标|指标")
# a title naming a part of the current year (一季度, 上半年, 1—10月, 今年以来) reports that year
_WITHIN_YEAR = re.compile(r"[一二三四1-4]季度|前三季度|上半年|下半年|(?<!\d)1\s*[—\-–~至]\s*\d{1,2}\s*月|今年以来|年初以来")


def _under_goal_heading(ctx: _Ctx, pos: int) -> bool:
    """The nearest top-level heading above ``pos`` names goals or indicators (发展目标与主要指标, 主要目标), not tasks
    or measures (重点任务, 保障措施), whose standards (按每个1.2万元的标准) are due whenever they apply."""
    i = bisect_right(ctx.heading_starts, pos) - 1
    return i >= 0 and bool(_GOAL_HEADING.search(ctx.headings[i][1]))


def title_period_end(title: str | None) -> int | None:
    """year.plan_period: the last year of the plan period a title names (“十五五”规划 → 2030, 三年行动方案
    （2026—2028年） → 2028), else None."""
    if not title:
        return None
    m = _TITLE_SPAN.search(title)
    if not m or re.match(r"[ \t]{0,2}年?[ \t]{0,2}学年", title[m.end():]):
        return None  # 2024—2025学年 is a school year, no plan period
    period = plan_period(m.group())
    if period:
        return period[1]
    years = re.findall(YEAR, m.group())
    return int(years[-1]) if years else None


def find_targets(text: str, *, sentences: list[tuple[int, int]] | None = None,
                 doc_year: int | None = None, kind_model=None, context=None) -> list[Target]:
    """Targets, achievements and baselines in normalized text (offsets index ``text``).

    ``kind_model`` (a :class:`policytext.extractors.kind_model.KindModel`) decides the kind where no cue
    word does (the rules would fall back on headings, years and genre). ``context`` (an
    :class:`policytext.extractors.context.TextContext` of ``text``) supplies the sentences, headings and genre
    that the pipeline computed once for every extractor."""
    if not text:
        return []
    if context is None or context.text != text:
        from policytext.extractors.context import TextContext

        context = TextContext(text, doc_year)
    title = getattr(context, "title", None)
    ctx = _Ctx(text=text, sentences=sorted(sentences) if sentences else context.sentences,
               headings=context.headings, genre=context.genre, doc_year=doc_year,
               policy_title=bool(title and (_policy_title(title) or _ACTION_NOTICE.search(title))))
    one_year = title_year(getattr(context, "title", None), ctx.genre)
    if one_year is None and ctx.genre == "report" and doc_year and _WITHIN_YEAR.search(getattr(context, "title", None) or ""):
        one_year = doc_year  # year.title: 河西区一季度卫生健康服务能力稳步提升, posted in 2026, reports 2026's first quarter
    period_end = title_period_end(getattr(context, "title", None)) if ctx.genre == "policy" else None
    qs = find_quantities(text)
    kept: list[tuple[Quantity, int, int]] = []
    bounds = _ClauseIndex(text)
    for q in qs:
        a, b = bounds(q.start, q.end)
        # a real clause is far shorter; the cap keeps a pathological one (no punctuation for pages) linear
        a, b = max(a, q.start - _CLAUSE_CAP), min(b, q.end + _CLAUSE_CAP)
        if _is_noise(text, q, a):
            continue
        kept.append((q, a, b))
    kept = _share_units(text, kept)
    kept = _share_after_comparators(text, kept)
    kept = [(_ensured_share(text, q, a), a, b) for q, a, b in kept]
    out: list[Target] = []
    heads = None
    per_clause: dict[int, int] = {}
    for _q, a, _b in kept:
        per_clause[a] = per_clause.get(a, 0) + 1
    resp: tuple[int, list[str], str] | None = None  # (clause start, subjects, verb) under 分别
    nth = 0
    for i, (q, a, b) in enumerate(kept):
        rules = list(q.rules)
        prev_end = kept[i - 1][0].end if i and kept[i - 1][1] == a else None
        next_start = kept[i + 1][0].start if i + 1 < len(kept) and kept[i + 1][1] == a else None
        nth = nth + 1 if prev_end is not None else 0
        if prev_end is None:
            resp = _respectively(text, a, q)
        seg_start = a
        if prev_end is not None:
            # after the previous figure, or after the noun it counted (30%以上的行政村、50%以上的…)
            seg_start = max(prev_end, out[-1].end) if out and a <= out[-1].start and out[-1].end <= q.start \
                else prev_end
            m = re.match(r"[、和与及以及并且和]*", text[seg_start:q.start])
            seg_start += m.end() if m else 0
        seg_end = next_start if next_start is not None else b
        # the connector before the next figure belongs to neither
        while seg_end > q.end and text[seg_end - 1] in "、和与及":
            seg_end -= 1
        left_ind = _left_indicator(text, seg_start, q)
        noun, noun_end = _right_noun(text, q, seg_end)
        end = q.end
        if noun and (q.unit not in _NOT_CLASSIFIER or text.startswith("的", q.end) or not left_ind):
            indicator = noun + ("比例" if q.unit == "%" and not noun.endswith(("比例", "率", "比重")) else "")
            end = noun_end
            rules.append("ind.right_noun")
        else:
            # …分别增长5.3%、7%: a later figure of the clause shares the first one's indicator
            same_clause = out[-1].indicator if out and prev_end is not None and out[-1].start >= a else ""
            if same_clause and left_ind and _TO_VERB_ONLY.fullmatch(left_ind):
                left_ind = ""  # 最低首付款比例由20%下调至15%: the new value's indicator is the old one's
            indicator = left_ind or noun or same_clause
            rules.append("ind.left" if left_ind else "ind.right_noun" if noun else "ind.same_clause" if same_clause
                         else "")
            if not indicator:
                indicator = _previous_clause_indicator(text, a, ctx)
                rules.append("ind.previous_clause" if indicator else "ind.raw")
                indicator = indicator or q.raw
        comparator = q.comparator
        flipped = _sanction_bound(text, q, b)
        if flipped:
            # cmp.sanction_floor: 考勤率低于80%的学员不得纳入补贴: the bound the policy requires is the other side
            comparator = flipped
            rules.append(_SANCTION.get("id", "cmp.sanction_floor"))
            if left_ind and "ind.right_noun" in rules:
                indicator = left_ind
        sup = next((r.partition(":")[2] for r in q.rules if r.partition(":")[2] in ("最高", "最低", "最多", "最少")), "")
        if sup and ctx.genre == "report":
            at = text.rfind(sup, max(0, q.start - 14), q.start)
            gap = text[at + len(sup):q.start] if at >= 0 else ""
            if len(gap) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", gap):
                comparator = "="  # cmp.record: a report's 单日最高接待游客11.2万人次 states the peak reached
                rules.append("cmp.record")
        if "num.doubling" in q.rules and not indicator.endswith("增长"):
            indicator += "增长"  # 交易额翻一番: its growth
        if "cmp.time_limit" in q.rules and noun:
            # 一般投诉自受理之日起7个工作日内办结 → 一般投诉办结时限: what is done in the time, and by whom
            subject = re.sub(r"(?:自|从)[^，,；;]{0,12}?(?:之日|后)?起$|须|要|应当?$", "", left_ind or "")
            indicator = subject + noun + ("" if noun.endswith("时限") else "时限")
            rules.append("ind.time_limit")
        rules = [r for r in rules if r]
        # 办理时限由原来的20个工作日: the starting point's phrase is no part of the indicator
        indicator = re.sub(r"[由从](?:原来|目前|现在|上一[\u4e00-\u9fff]{1,3}|此前|以前|现行|平均)?的?$", "", indicator) \
            or indicator
        # 分别 distributes, it names nothing; 比(2020年)下降: the base year is gone, so is its 比
        indicator = re.sub(r"(?:同比|比|较)(?=(?:增长|下降|提高|降低|减少|增加|上升)$)", "", indicator.replace("分别", "")) or q.raw
        bound = _INNER_BOUND.search(indicator) if q.unit == "%" else None
        if bound:  # 交流教师不低于符合条件教师总数的10%: the share of the one in the other
            indicator = indicator[:bound.start()] + "占" + indicator[bound.end():]
            if not indicator.endswith(("比例", "率", "比重")):
                indicator += "比例"
            rules.append("ind.share")
        change = _CHANGE_ONLY.fullmatch(indicator)
        if change:  # …达到3800万，较上年增长6.5%: the growth of the clause before's indicator
            prev = _previous_clause_indicator(text, a, ctx)
            if prev:
                indicator = prev + change.group(1)
                rules.append("ind.previous_clause")
        # a joining word or mark at either end belongs to the sentence, not to the measured noun
        unstripped = indicator.rstrip(" ，,；;、")
        indicator = indicator.strip("的和与及并或、，,；; ").removeprefix("”").removesuffix("“") or indicator
        if unstripped.endswith(_TAIL_KEEP) and not indicator.endswith(_TAIL_KEEP):
            indicator = indicator + unstripped[-1]  # 惠及251.6万人: 及 ends the word 惠及 here, no joiner
        if indicator in _NOT_INDICATOR:  # 基础上, 增长到: a function word or a fragment is no indicator
            indicator = noun or _previous_clause_indicator(text, a, ctx) or q.raw
            rules.append(_LEX.get("not_indicators", {}).get("id", "ind.reject"))
        # a percentage closed by what it measures (…达到百分之百全覆盖 / 100%普及): that word is the indicator's head
        tail = re.match(r"(?:全|基本)?(?:覆盖|普及|达标|合格|到位|落实|完成)", text[end:seg_end]) if q.unit == "%" else None
        if tail and end == q.end:
            end += tail.end()
            indicator = indicator + tail.group()
        start = seg_start
        while start < q.start and text[start] in " \t-—–·•*":
            start += 1
        quote = text[start:end]
        sent = _sentence_of(ctx, q.start)
        lo_para = max(0, q.start - 5000)  # bounded: a paragraph opening further back governs nothing here
        para_start = text.rfind("\n", lo_para, q.start) + 1 or lo_para
        year, yrule = _year(ctx, q, seg_start, sent, para_start)
        if year is None:
            year = _heading_year(ctx, q.start)
            yrule = "year.heading" if year is not None else ""
        recurring = _recurring(text[max(sent[0], a):q.end])
        if recurring and yrule in ("year.paragraph", "year.list_intro"):
            year, yrule = None, ""  # 每年淘汰200辆: a yearly quota is due every year, not in the plan's last one
        if yrule:
            rules.append(yrule)
        clause = _mask_frames(text[a:b])
        sent_before = text[max(sent[0], a - _YEAR_WINDOW):a]
        kind, how, krule = _kind(ctx, q, clause[:q.end - a], clause, sent_before, year, recurring,
                                 next_start is not None)
        if kind_model is not None and how == "context":
            if heads is None:
                heads = context.heading_index
            kind = kind_model.predict(kind_features(text, start, end, doc_year, heads))[0]
            krule = "kind.model"
        rules.append(krule)
        if krule == "kind.from_value":
            year = _from_year(text, q.start, ctx.doc_year)  # 由2025年的… is 2025's; the goal's 到2030年 is not its year
        if year is None and one_year is not None and kind == ("achievement" if ctx.genre == "report" else "target"):
            year = one_year
            rules.append(_TITLE_YEAR.get("id", "year.title"))
        elif year is None and period_end is not None and kind == "target" and not recurring \
                and _under_goal_heading(ctx, q.start):
            year = period_end  # year.plan_period: a 十五五 plan's 主要指标 without a year of their own are its end year's
            rules.append("year.plan_period")
        scope_m = _SCOPE.search(text[a:q.start])
        if scope_m is None:
            # only a jurisdiction-wide scope (全市, 全县 …) governs the clauses after it; 城镇/农村 belong to
            # their own indicator (城镇新增就业 does not make the next clause's CPI urban)
            wide = [m for m in _SCOPE.finditer(text, max(sent[0], a - _YEAR_WINDOW), a) if m.group(1).startswith("全")]
            scope_m = wide[-1] if wide else None
        indicators = [indicator]
        if resp is not None and resp[0] == a:
            subjects, verb = resp[1], resp[2]
            if per_clause[a] == len(subjects):  # X、Y分别增长a%、b%
                indicators = [subjects[nth] + verb]
            elif per_clause[a] == 1:  # A和B分别下降10%: one target per subject
                indicators = [x + verb for x in subjects]
            if indicators != [indicator]:
                rules.append(_RESP.get("id", "ind.respectively"))
        unit = q.unit or ("倍" if re.search(r"倍差|倍数", indicator) else "")  # 收入倍差缩小至1.62: in 倍
        if not unit and (named := _COUNT_NAMED.search(indicator)):
            unit = _COUNT_UNITS[named.group()]  # unit.from_indicator: 诊疗人次达到3800万 counts 人次
            rules.append("unit.from_indicator")
        for ind in indicators:
            out.append(Target(indicator=ind, scope=scope_m.group(1) if scope_m else None, value=q.value,
                              unit=unit, comparator=comparator, year=year, recurring=recurring, kind=kind,
                              text=quote, start=start, end=end, value_max=q.value_max, rule=list(rules)))
    out = _drop_headline_restatements(text, out)
    for t in _ratio_targets(text, ctx, [(t.start, t.end) for t in out]):
        if t.year is None and one_year is not None and t.kind == ("achievement" if ctx.genre == "report" else "target"):
            t = replace(t, year=one_year, rule=[*t.rule, _TITLE_YEAR.get("id", "year.title")])
        out.append(t)
    table = _table_targets(text) + _column_table_targets(text)
    if table:
        rows = [(t.start, t.end) for t in table]
        out = [t for t in out if not any(a <= t.start < b for a, b in rows)] + table
    out.sort(key=lambda t: (t.start, t.end))
    return out


# ------------------------------------------------------------------------------ ratios
# 师生比1:15 / 生师比不高于13:1 / 教职工与幼儿比例不低于1:7: the side that is not 1 is the value, the unit says
# which side it is ("1:" or ":1"), and the comparator bounds that value (不低于1:7 → value 7, "<=")
_RATIO = re.compile(r"(?<![\d.:：])(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)(?![\d.:：])")
_RATIO_CUE = re.compile(r"比例?|配比|配备标准")


# 三次产业结构为14.2:30.0:55.8: the shares of the three sectors in output, in percent (num.sector_structure)
_STRUCTURE = re.compile(r"(三次产业(?:结构|比例|之比)|产业结构(?:比例)?)[^，,。；;：:\d]{0,6}?"
                        r"(\d{1,2}(?:\.\d+)?)\s*[:：]\s*(\d{1,2}(?:\.\d+)?)\s*[:：]\s*(\d{1,2}(?:\.\d+)?)(?![\d.:：])")
_SECTORS = ("第一产业", "第二产业", "第三产业")


def _structure_targets(text: str, ctx: _Ctx) -> list[Target]:
    out: list[Target] = []
    for m in _STRUCTURE.finditer(text):
        vals = [float(m.group(k)) for k in (2, 3, 4)]
        if abs(sum(vals) - 100) > 1.5:
            continue  # not shares of one whole
        sent = _sentence_of(ctx, m.start())
        a = max(sent[0], text.rfind("，", sent[0], m.start()) + 1, text.rfind("。", sent[0], m.start()) + 1)
        for k, (sector, v) in enumerate(zip(_SECTORS, vals, strict=True)):
            end = m.end(k + 2)
            q = Quantity(start=m.start(k + 2), end=end, value=v, value_max=None, unit="%", comparator="=",
                         raw=m.group(k + 2), num_start=m.start(k + 2), num_end=end)
            year, _ = _year(ctx, q, a, sent, _line_start(text, m.start()))
            kind, _, krule = _kind(ctx, q, text[a:end], text[a:m.end()], text[max(sent[0], a - _YEAR_WINDOW):a], year,
                                   None, False)
            out.append(Target(indicator=f"{sector}增加值占比", scope=None, value=v, unit="%", comparator="=", year=year,
                              recurring=None, kind=kind, text=text[a:end], start=a, end=end,
                              rule=["num.sector_structure", "cmp.default", krule]))
    return out


def _ratio_targets(text: str, ctx: _Ctx, taken: list[tuple[int, int]]) -> list[Target]:
    out: list[Target] = _structure_targets(text, ctx)
    taken = taken + [(t.start, t.end) for t in out]
    bounds = None
    for m in _RATIO.finditer(text):
        if any(x <= m.start() < y for x, y in taken):
            continue
        a_val, b_val = m.group(1), m.group(2)
        if a_val != "1" and b_val != "1":
            continue  # 8:30 is a time, 3:2 a split
        if bounds is None:
            bounds = _ClauseIndex(text)
        a, b = bounds(m.start(), m.end())
        a, b = max(a, m.start() - _CLAUSE_CAP), min(b, m.end() + _CLAUSE_CAP)
        left = text[a:m.start()]
        if not _RATIO_CUE.search(left) or any(x <= m.start() < y for x, y in taken):
            continue
        value, unit = (float(b_val), "1:") if a_val == "1" else (float(a_val), ":1")
        comp, cs, crule = comparator_rule_before(text, m.start())
        after, ae, arule = comparator_rule_after(text, m.end())
        comparator = after or comp or "="
        if unit == "1:":  # 不低于1:7 bounds the ratio 1/7 from below: N (the value) from above
            comparator = {">=": "<=", "<=": ">="}.get(comparator, comparator)
        end = ae if after else m.end()
        indicator = _strip_tail(_LEAD_STRIP.sub("", left[: max(0, cs - a)] if comp else left)) or left
        q = Quantity(start=m.start(), end=end, value=value, value_max=None, unit=unit, comparator=comparator,
                     raw=text[m.start():end], num_start=m.start(), num_end=m.end())
        sent = _sentence_of(ctx, m.start())
        year, _ = _year(ctx, q, a, sent, _line_start(text, m.start()))
        kind, _, krule = _kind(ctx, q, text[a:end], text[a:b], text[max(sent[0], a - _YEAR_WINDOW):a], year, None,
                               False)
        rules = ["num.ratio", ("cmp.ratio_side" if unit == "1:" and (after or comp) else arule or crule or "cmp.default"),
                 krule]
        out.append(Target(indicator=indicator.strip(), scope=None, value=value, unit=unit, comparator=comparator,
                          year=year, recurring=None, kind=kind, text=text[a:end], start=a, end=end, rule=rules))
    return out


# ------------------------------------------------------------------------------ indicator tables
# 规划 tables of main indicators, as text: a header naming the years (指标 2020年 2025年 … 属性) and rows
# 常住人口城镇化率（%） 60.1 65 [1] 预期性 — the base year's value is a baseline, the goal year's a target.
_TABLE_YEARS = re.compile(rf"({YEAR})\s*年")
_TABLE_PROBE = re.compile(rf"{YEAR}\s*年[^\n]*?{YEAR}\s*年")
_TABLE_ROW = re.compile(r"(?:\d{1,2}\s+)?(?P<ind>[^\s\d（()）][^\s（()）]{1,40}?)\s*[（(](?P<unit>[^（()）\d]{1,8})[)）]\s*(?P<cells>[^\n]+)")
_TABLE_CELL = re.compile(r"(?P<cmp>[<>≤≥＜＞]|不低于|不高于|不少于|不超过|大于|小于)?\s*(?P<num>\d+(?:\.\d+)?)"
                         r"(?P<tail>左右|以上|以下|以内)?")
_TABLE_CATEGORY = re.compile(r"^(?:经济发展|创新驱动|民生福祉|绿色生态|生态环境|生态文明|安全保障|社会文明|改革开放|人民生活|"
                             r"资源环境|基础设施|公共服务|社会发展|科技创新|产业发展|城乡融合|文化建设)")
_CELL_CMP = {"<": "<=", "＜": "<=", "≤": "<=", "小于": "<=", "不高于": "<=", "不超过": "<=",
             ">": ">=", "＞": ">=", "≥": ">=", "大于": ">=", "不低于": ">=", "不少于": ">="}


_COL_HEAD = re.compile(r"^(?:序号|编号|指标(?:名称)?|主要指标|类别|领域|单位|计量单位|属性|指标属性|备注|"
                       r"(?:基期值?|目标值?|现状值?|预期值?|规划值?)?\s*[（(]?(?:" + YEAR + r")\s*年[^\n]{0,8})$")
_COL_NUMBER = re.compile(r"^\d{1,2}$")


def _column_table_targets(text: str) -> list[Target]:
    """An indicator table flattened one cell per line (序号 / 指标名称 / 单位 / 2025年（基期） / 2030年（目标） / 属性,
    then each row's cells, one per line): the base year's cell is a baseline, the goal year's a target (table.columns)."""
    if not _TABLE_PROBE.search(text.replace("\n", " ")):
        return []
    lines, starts, pos = [], [], 0
    for line in text.split("\n"):
        lines.append(line.strip())
        starts.append(pos + len(line) - len(line.lstrip()))
        pos += len(line) + 1
    out: list[Target] = []
    i = 0
    while i < len(lines):
        # a header: consecutive header cells, two of them years, one naming the indicator
        j = i
        while j < len(lines) and _COL_HEAD.match(lines[j]):
            j += 1
        head = lines[i:j]
        ys = [(k, int(m.group(1))) for k, h in enumerate(head) if (m := re.search(rf"({YEAR})\s*年", h))]
        name_col = next((k for k, h in enumerate(head) if h.startswith(("指标", "主要指标"))), None)
        if len(ys) < 2 or name_col is None or j - i < 3:
            i = max(j, i + 1)
            continue
        n = len(head)
        unit_col = next((k for k, h in enumerate(head) if "单位" in h), None)
        attr_col = next((k for k, h in enumerate(head) if "属性" in h), None)
        num_col = next((k for k, h in enumerate(head[:2]) if h in ("序号", "编号")), None)
        # a category column merged over its rows (类别 / 水环境 written once, above its first row only)
        cat_col = 0 if num_col == 1 and head[0] in ("类别", "领域", "分类") else None
        category = ""
        last_no: int | None = None
        base_k = next((k for k, y in ys if "基期" in head[k] or "现状" in head[k]), ys[0][0])
        goal_k = next((k for k, y in ys if "目标" in head[k] or "预期" in head[k]), ys[-1][0])
        years = dict(ys)
        r = j
        while r + n - (cat_col is not None) <= len(lines):
            width = n
            if cat_col is not None and _COL_NUMBER.match(lines[r]):
                width = n - 1  # the row under a merged category cell: the category is the one above
                row = [category] + lines[r:r + width]
            else:
                row = lines[r:r + n]
                if cat_col is not None:
                    category = row[cat_col]
            broken = len(row) < n or (num_col is not None and not _COL_NUMBER.match(row[num_col])) \
                or any(not c or len(c) > 40 for c in row[1 if width < n else 0:]) \
                or (attr_col is not None and row[attr_col] not in ("预期性", "约束性", "—", "-", ""))
            if broken:
                # a cell lost on the way (an empty “—” line) shifts the row: never misread it; go on at the next
                # row's number when one follows within a row's length (table.columns resync)
                if num_col is None or len(row) <= num_col:
                    break
                cur = int(row[num_col]) if _COL_NUMBER.match(row[num_col]) else (last_no or 0) + 1
                nxt = str(cur + 1)
                r2 = next((x for x in range(r + 1, min(len(lines), r + n + 2)) if lines[x] == nxt), None)
                if r2 is None:
                    break
                r = r2 - num_col if cat_col is None else r2
                last_no = cur
                continue
            if num_col is not None:
                last_no = int(row[num_col])
            unit = row[unit_col] if unit_col is not None else ""
            factor = 1.0
            if unit[:1] in ("万", "亿", "千") and len(unit) > 1:
                factor, unit = {"万": 1e4, "亿": 1e8, "千": 1e3}[unit[0]], unit[1:]
            attribute = row[attr_col] if attr_col is not None and row[attr_col] in ("预期性", "约束性") else None
            for k, kind in ((base_k, "baseline"), (goal_k, "target")):
                cell = row[k].strip("[]［］〔〕")
                c = _TABLE_CELL.fullmatch(cell)
                if not c:
                    continue  # — : no value
                comparator = _CELL_CMP.get(c.group("cmp") or "", "=")
                tail = c.group("tail")
                comparator = {"左右": "~", "以上": ">=", "以下": "<=", "以内": "<="}.get(tail or "", comparator)
                off = n - width  # a row without its category cell starts one line earlier
                a, b = starts[r + name_col - off], starts[r + k - off] + len(lines[r + k - off])
                out.append(Target(indicator=row[name_col], scope=None, value=float(c.group("num")) * factor,
                                  unit=unit if unit not in ("—", "-") else "", comparator=comparator, year=years[k],
                                  recurring=None, kind=kind, text=text[a:b], start=a, end=b, attribute=attribute,
                                  rule=["table.columns", f"kind.table_{'goal' if kind == 'target' else 'base'}_column"]))
            r += width
        i = r if r > j else j
    return out


def _table_targets(text: str) -> list[Target]:
    """Rows of an indicator table under a header with two or more years."""
    if not _TABLE_PROBE.search(text):
        return []  # no line names two years: no header, and no need to walk the lines
    out: list[Target] = []
    years: list[int] = []
    since_header = 99
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        ys = [int(y) for y in _TABLE_YEARS.findall(line)]
        if len(ys) >= 2 and len(line) <= 80 and re.search(r"指标|项目|类别", line):
            years, since_header = ys, 0
            continue
        since_header += 1
        if not years or since_header > 40:
            continue
        m = _TABLE_ROW.fullmatch(line.strip())
        if not m:
            continue
        lead = len(line) - len(line.lstrip())
        cells = re.split(r"\s+", m.group("cells").strip())
        unit = m.group("unit").strip()
        factor = 1.0
        if unit[:2] == "万亿" and len(unit) > 2:
            factor, unit = 1e12, unit[2:]
        elif unit[:1] in ("万", "亿", "千") and len(unit) > 1:
            factor, unit = {"万": 1e4, "亿": 1e8, "千": 1e3}[unit[0]], unit[1:]
        indicator = _TABLE_CATEGORY.sub("", m.group("ind")) or m.group("ind")
        cell_pos = start + lead + m.start("cells")
        for k, cell in enumerate(cells[:len(years)]):
            c = _TABLE_CELL.fullmatch(cell)
            at = text.find(cell, cell_pos, start + len(line))
            if at >= 0:
                cell_pos = at + len(cell)
            if not c or at < 0:
                continue
            year = years[k]
            goal = k == len(years) - 1 or year > years[0]
            comparator = _CELL_CMP.get(c.group("cmp") or "", "=")
            if c.group("tail") == "左右":
                comparator = "~"
            elif c.group("tail") == "以上":
                comparator = ">="
            elif c.group("tail") in ("以下", "以内"):
                comparator = "<="
            row_start = start + lead + m.start("ind")
            out.append(Target(indicator=indicator, scope=None, value=float(c.group("num")) * factor, unit=unit,
                              comparator=comparator, year=year, recurring=None,
                              kind="target" if goal else "baseline", text=text[row_start:at + len(cell)],
                              start=row_start, end=at + len(cell)))
    return out
