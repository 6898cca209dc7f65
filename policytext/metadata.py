"""Document metadata from normalized text: title, issuer, 文号, issued vs published date, 主送/抄送/附件, region.

Input is the NORMALIZED simplified text (lines = paragraphs, boilerplate mostly removed, but expect leftovers:
site headlines, posting-info lines, 范文-site blurbs). The word lists and rule ids live in
``data/lexicon/metadata.json`` (ids in brackets below). Rules, in order of trust:

- labelled fields (gov.cn style 索引号/发文机关/发文字号/成文日期/发布日期 tables, ``标题：``, also with the value in
  the next table cell) win;
- title: the best-scoring title line (or up to four lines joined) in the opening lines: a 公文 title ends with a
  document type (意见/通知/方案/办法/规划/报告 …, optional (试行)), starts with 关于 or ISSUER关于, or is a
  transmittal ISSUERS印发/转发《…》的通知 [title.forwarding]; it sits after the 文号 and before the 主送 line.
  Removed from a candidate: decoration 【…】, a site-title suffix ``--栏目-网站`` / ``_网站`` / ``|栏目``
  [title.site_suffix], a bracketed 文号 after it ``(岳办发〔2017〕2号)``, 《》 wrapping the
  whole line. A line that begins mid-phrase (的报告, 会上的报告) only continues the line above
  [title.fragment]; a report's title is the line above its ``——YYYY年M月D日在…会议上`` subtitle. Without a title
  block: the text naming itself (现提出…关于…的实施意见), a news lead naming the document it reports
  (ORG近日印发《X》 / ORG印发X的通知) [title.news_release], the ``关于…的意见`` phrase of a sentence, the headline
  (never a numbered heading or a signature line), and last the first content clause of a news lead after its
  attribution and time words (从…获悉，今年，…) [title.lead_clause];
- issuer: 发文机关; a decree's organ [docnum.decree]; the organisations before the forwarding verb or 关于 in the
  title; a site headline ``ORG关于<same title>``; the signature block; the organisation line above the title
  (or a repeat of it); the red header ``…文件``; the ORG of a news lead's 印发《X》. Joint names whose spaces
  were lost are split (before a repeated place name or 中共, before a central organ's name [issuer.central_organ]).
  A place-less issuer (市人民政府) is completed from the signature or the region; a government work report is
  issued by the government presenting it [issuer.work_report]; an unsigned notice on a site that says who it
  is, by the site's owner [issuer.site_owner]; ``[]`` when none;
- doc_number: labelled, a decree's ``ORG令第N号`` (国务院令 → 国令), a 文号 on its own line in the head, or one in
  brackets after the title; brackets normalized to 〔〕;
- issued_date: 成文日期 label, the date under a decree's signer, the signature date (every written form:
  2019年12月4日, 二○一九年十二月四日, 二0一九年…, 2019.12.4, 20191204), a Chinese-numeral date line, the
  ``——YYYY年M月D日在…会议上`` line of a report, then the 印发 date; posting timestamps (时间:/发布时间:/发布日期:/
  信息来源…日期: lines, bare datetime lines, ``2023-03-15 17:52 来源:…``) only ever go to ``published_date``;
- region: :func:`policytext.region.find_region` over issuer → the title's issuer part → 文号 prefix → title and
  the site's owner [site.owner] → mention vote; national documents get none.

``html_meta`` (ArticleTitle, PubDate, ContentSource, SiteName, the page <title>) and ``hints`` (``title_lines``,
``removed``, or direct overrides ``title``/``issuer``/``doc_number``/``issued_date``/``published_date``) are
fallbacks only, except that the removed footer (版权所有/主办) and the <title> suffix name the site's owner.
"""
from __future__ import annotations

import re

from .dates import find_dates, parse_date
from .records import Metadata
from .region import by_code, find_mentions, find_region, lexicon
from .shape import YEAR


def _alt(words) -> str:
    """A regex alternation of literal words, longest first (words of one length in a fixed order: at one position
    at most one of them matches, and the same pattern in every process can come from the compiled-pattern cache)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_LEX = lexicon()

HEAD_LINES = 40
_CJK = r"\u4e00-\u9fff"

DOC_TYPES = ("实施意见|指导意见|若干意见|意见|通知|通报|决定|决议|方案|办法|规定|规划|细则|条例|报告|公告|通告|公报|批复|"
             "复函|函|纲要|计划|要点|措施|指引|指南|制度|章程|规则|规范|标准|纪要|请示|命令|议案|清单|目录|守则|准则|"
             "白皮书|倡议书|公开信|行动|工程")
_TITLE_END = re.compile(r"(?:" + DOC_TYPES + r")(?:[（(][^（()）]{1,20}[)）])?$")
_EDITORIAL = re.compile(r"[ \t　]{0,3}[（(](?:" + _alt(_LEX["title_editorial"]["words"]) + r")[)）][ \t　]{0,3}$")
_ORG_END = re.compile(r"(?:" + _alt(_LEX["org_suffixes"]["words"]) + r")$")
_SITE_BLURB = re.compile(r"下面是小编|小编为|为大家整理|供大家参考|范文|推荐访问|相关文章|本站|精心整理")
_NAV = re.compile(r"^(?:当前时间|当前位置|您当前的位置|您的位置|你的位置|首页|字号|打印|关闭|视力保护色|分享|下载|全屏|收藏|返回|"
                  r"上一篇|下一篇|相关信息|相关文章|加大|还原|减小|【字号|】|扫一扫|来源|时间|发布|点击|浏览|作者|责任编辑)")
_LABEL = re.compile(r"(标\s*题|名\s*称|发文机关|发布机构|发文字号|文\s*号|索\s*引\s*号|主题分类|成文日期|发文日期|印发日期|"
                    r"发布日期|发布时间|更新时间|发表时间|时\s*间|日\s*期|信息来源|文章来源|来\s*源|作\s*者|点\s*击|浏览次数|"
                    r"主\s*送)\s*(?:[:：]|\t|\s+(?=[\d０-９]))\s*")
_DOCNUM = re.compile(r"([" + _CJK + r"]{1,15})\s*[〔\[［【(（]\s*(" + YEAR + r")\s*[〕\]］】)）]\s*(第?\s*\d{1,5})\s*号")
# a cheap probe before _DOCNUM, whose leading CJK run is tried at every character of a line
_DOCNUM_PROBE = re.compile(r"[〔\[［【(（]\s*" + YEAR + r"\s*[〕\]］】)）]")
_SENT_PUNCT = re.compile(r"[。；;！!？?]")
_DATETIME = re.compile(r"^" + YEAR + r"[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?$")
# a posting line that opens with its timestamp: 2023-03-15 17:52:15 来源:某某网
_DATETIME_INFO = re.compile(r"^" + YEAR + r"[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|编辑|发布)")
_REPORT_DATE = re.compile(r"^[—―\-－]*\s*(" + YEAR + r"\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*在.{2,60}(?:会议|大会)上")
_PHRASE_TITLE = re.compile(r"(?:提出|制定|印发|出台|发布)[^。；\n]{0,20}?(关于[^。；，,\n]{2,60}?的(?:实施|指导|若干)?"
                           r"(?:意见|办法|方案|规定|细则|通知|决定))")
_SELF_TITLE = re.compile(r"(?:现|特|兹)[^。；\n]{0,12}?(?:提出|制定|印发)[^。；\n]{0,20}?(关于[^。；，,\n]{2,60}?的"
                         r"(?:实施|指导|若干)?(?:意见|办法|方案|规定|细则))")
_CSPACE = re.compile(r"(?<=[" + _CJK + r"》）)])[ \t\u00a0\u3000]+(?=[" + _CJK + r"《（(])")
_DECOR = re.compile(r"^【[^】]{1,20}】|【[^】]{1,20}】$")


def _clean(s: str) -> str:
    return _CSPACE.sub("", s.strip())


def _norm_docnum(m: re.Match) -> str:
    num = re.sub(r"\s+", "", m.group(3))
    return f"{m.group(1)}〔{m.group(2)}〕{num}号"


def is_org(s: str) -> bool:
    """Looks like one organisation name (辽阳县人民政府, 青海省教育厅办公室, 国务院)."""
    s = s.strip()
    return (2 <= len(s) <= 40 and not _SENT_PUNCT.search(s) and not re.search(r"[，,：:、]", s)
            and "关于" not in s and not s.startswith("各") and bool(_ORG_END.search(s))
            and bool(re.fullmatch(r"[" + _CJK + r"（）()·]+", s)))


_REGION_HEAD = re.compile(r"^(?:中共)?([" + _CJK + r"]{1,8}?(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗))")


def split_joint_issuers(s: str) -> list[str]:
    """杭州市教育局杭州市财政局杭州市人力资源和社会保障局 (a joint signature whose spaces are gone) → its three
    organisations: cut before each repeat of the first one's region name, after an organisation ending."""
    m = _REGION_HEAD.match(s)
    if not m or s.count(m.group(1)) < 2:
        return [s]
    head = m.group(1)
    cuts = [0]
    i = s.find(head, 1)
    while i > 0:
        cut = i - 2 if s[i - 2: i] == "中共" else i  # 成都市发展和改革委员会中共成都市委社会工作部
        if cut > cuts[-1] and _ORG_END.search(s[:cut]) and is_org(s[cuts[-1]:cut]):
            cuts.append(cut)
        i = s.find(head, i + 1)
    parts = [s[a:b] for a, b in zip(cuts, [*cuts[1:], len(s)], strict=True)]
    return parts if len(parts) > 1 and all(is_org(p) for p in parts) else [s]


_CENTRAL_NEXT = tuple(_LEX["central_organs"]["heads"]) + tuple(_LEX["central_organs"]["names"])


def split_glued_central(s: str) -> list[str]:
    """财政部国家发展和改革委员会工业和信息化部 → its three organs: cut before each central organ's name or head word
    (国家, 国务院, 中共 …) where the part before is a whole organisation (rule issuer.central_organ)."""
    cuts = [0]
    for i in range(2, len(s) - 1):
        if s.startswith(_CENTRAL_NEXT, i) and is_org(s[cuts[-1]:i]) and len(s[cuts[-1]:i]) >= 3:
            cuts.append(i)
    parts = [s[a:b] for a, b in zip(cuts, [*cuts[1:], len(s)], strict=True)]
    return parts if len(parts) > 1 and all(is_org(p) and len(p) >= 3 for p in parts) else [s]


def _orgs(s: str) -> list[str]:
    """Organisation names in a prefix such as ``教育部 财政部`` or ``中共中央、国务院``; [] unless all parts are orgs."""
    parts = [p for p in re.split(r"[\s、，,]+", s.strip()) if p]
    out: list[str] = []
    for p in parts:
        joint = split_joint_issuers(p)  # 中共某某市委办公室某某市人民政府办公室 (spaces lost)
        if len(joint) == 1:
            joint = split_glued_central(p)
        if not all(is_org(x) for x in joint):
            return []
        out.extend(joint)
    return out


def _labels(line: str) -> dict[str, str]:
    """``label: value`` pairs of a posting-info / gov.cn metadata line (only when the line starts with a label,
    after a list bullet)."""
    line = line.lstrip("•·●▪◆■-* \t")
    ms = list(_LABEL.finditer(line))
    if not ms or ms[0].start() != 0:
        return {}
    out: dict[str, str] = {}
    for i, m in enumerate(ms):
        end = ms[i + 1].start() if i + 1 < len(ms) else len(line)
        key = re.sub(r"\s+", "", m.group(1))
        out.setdefault(key, line[m.end(): end].strip())
    return out


def _date_line(line: str) -> str | None:
    line = line.strip()
    if len(line) == 7 and line.isdigit() and line[:2] in ("19", "20"):
        return _seven_digits(line)
    return parse_date(re.sub(r"(?:印发|发布|制发)$", "", line))


def _seven_digits(s: str) -> str | None:
    """A signature date whose separators were lost on a 7-digit line (2020928): the one valid reading of
    YYYY-M-DD / YYYY-MM-D, none when both or neither are valid (2020111)."""
    reads = {parse_date(f"{s[:4]}-{s[4:5]}-{s[5:]}"), parse_date(f"{s[:4]}-{s[4:6]}-{s[6:]}")} - {None}
    return reads.pop() if len(reads) == 1 else None


# indentation whose full-width spaces were lost in an encoding round trip: ??经市政府同意… (a line never starts
# with two question marks)
_LOST_INDENT = re.compile(r"^[?？]{2,}")


class _Doc:
    def __init__(self, text: str) -> None:
        # (only a line starting with a question mark can lose one: the substitution is skipped for the others)
        lines = [ln.strip() for ln in text.split("\n")]
        self.lines = [_LOST_INDENT.sub("", ln).strip() if ln.startswith(("?", "？")) else ln for ln in lines]
        self.lines = [ln for ln in self.lines if ln]
        self.text = text


# ---------------------------------------------------------------- rule tables (data/lexicon/metadata.json)
_SITE_SEP = re.compile(r"(?:" + _alt(_LEX["site_title"]["separators"]) + r")")
_SITE_WORD = re.compile(_alt(_LEX["site_title"]["site_words"]))
_FWD_VERB = re.compile(_alt(_LEX["forwarding_verbs"]["words"]))
_RELEASE = _alt(_LEX["release_verbs"]["words"])
_LEAD_TIME = tuple(_LEX["lead_time_words"]["time"])
_LEAD_ATTR = tuple(_LEX["lead_time_words"]["attribution_ends"])
_FRAGMENT_START = tuple(_LEX["title_fragment_starts"]["words"])
_DOCNAME_END = r"(?:" + DOC_TYPES + r")(?:[（(][^（()）]{1,20}[)）])?"
# ORG(近日)印发(了)《X》 / ORG印发X的通知 in a news item's lead (rule title.news_release)
_NEWS_DOC = re.compile(r"(?:" + _RELEASE + r")了?\s*(?:《([^《》\n]{4,80}?" + _DOCNAME_END + r")》|"
                       r"([^《》，。,；;:：\n]{4,60}?" + _DOCNAME_END + r")的通知)")
_CITE_BEFORE = tuple(_LEX["release_verbs"]["citation_words"])
_CITE_AFTER = tuple(_LEX["release_verbs"]["citation_after"])
_YEAR_MONTH = re.compile(YEAR + r"\s*年\s*\d{1,2}\s*月")
# a 文号 in brackets after a title line: …的通知(岳办发〔2017〕2号)
_TRAIL_DOCNUM = re.compile(r"[（(]\s*([^（()）\s]{1,20}\s*[〔\[［【]\s*" + YEAR + r"\s*[〕\]］】]\s*第?\s*\d{1,5}\s*号)\s*[)）]\s*$")
# a whole line that is a 《title》, optionally after its 文号 (a site headline)
_WRAPPED = re.compile(r"^([^《》\s]{1,20}[〔\[［【(（]\s*" + YEAR + r"\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号)?\s*《([^《》]{4,150})》$")
_FLAT_HEAD = re.compile(r"^([^。；;！!？?，,：:]{4,120}?(?:" + DOC_TYPES + r")(?:[（(][^（()）]{1,20}[)）])?)\s*"
                        r"([^《》\s。，,]{1,15}[〔\[［【(（]\s*" + YEAR + r"\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号)?\s*各[^。：:]{2,120}[：:]")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|"
                      r"\d{1,2}\s*[、.．](?!\d)|第[一二三四五六七八九十百\d]{1,4}[章节条部分篇])")


def strip_site_suffix(t: str, owners: tuple[str, ...] = ()) -> str:
    """``TITLE--栏目-网站`` / ``TITLE_网站`` / ``TITLE|栏目`` → ``TITLE`` (rule title.site_suffix).

    A cut is made at a separator when what precedes it is a complete title (ends with a document type) and what
    follows is short, or when every part that follows names a site or a column (…网, 门户, 通知公告, an
    organisation, a known site owner). A hyphen between digits (2021-2025) is never a separator."""
    if len(t) > 200:
        return t  # a paragraph, not a title
    for m in _SITE_SEP.finditer(t):
        a, b = m.start(), m.end()
        if a < 4 or (a > 0 and b < len(t) and t[a - 1].isdigit() and t[b].isdigit()):
            continue
        head = t[:a].strip()
        tail = [x.strip() for x in _SITE_SEP.split(t[b:]) if x.strip()]
        if not tail or any(len(x) > 30 or _SENT_PUNCT.search(x) for x in tail):
            continue
        if (_TITLE_END.search(_clean(head)) and not any(_TITLE_END.search(x) for x in tail)) \
                or all(_SITE_WORD.search(x) or is_org(x) or x in owners for x in tail):
            return head
    return t


def _title_line(line: str, owners: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """A head line as a title candidate: decoration 【…】, a site suffix and a bracketed 文号 after it removed;
    returns ``(line, 文号 or None)``."""
    line = _DECOR.sub("", line)
    num = None
    w = _WRAPPED.match(line.strip())
    if w:  # 鲁政发〔2014〕20号《某某省人民政府关于…的意见》: a site headline wrapping the title in 《》
        dm = _DOCNUM.search(w.group(1) or "")
        num = _norm_docnum(dm) if dm else None
        line = w.group(2)
    m = _TRAIL_DOCNUM.search(line)
    if m:
        dm = _DOCNUM.search(m.group(1))
        num = _norm_docnum(dm) if dm else None
        line = line[: m.start()].rstrip()
    return strip_site_suffix(line.strip(), owners), num


def forwarding_issuers(t: str) -> list[str]:
    """ISSUERS印发《…》的通知 / X办公室转发Y办公室关于…的通知 → the organisations before the first forwarding verb
    (rule title.forwarding); ``[]`` when the title is not a transmittal or 关于 comes first."""
    for m in _FWD_VERB.finditer(t):
        prefix = t[: m.start()]
        if "关于" in prefix or len(prefix) < 2:
            return []
        rest = t[m.end():]
        if not (rest.startswith("《") or _TITLE_END.search(rest) or rest.endswith("》")):
            continue
        orgs = _orgs(prefix)
        if orgs:
            return orgs
    return []


def _news_document(text: str) -> tuple[str, list[str]] | None:
    """A news item's lead naming the document it reports (rule title.news_release): ``(title, issuers)``.

    Only the opening paragraphs count, and only a clause without a year-month date (2024年5月某某印发了《…》 cites
    an earlier document)."""
    paras = [ln for ln in text.split("\n") if ln.strip() and not _HEADING.match(ln.strip())][:4]
    head = "\n".join(paras)[:900]
    for m in _NEWS_DOC.finditer(head):
        start = max(head.rfind(c, 0, m.start()) for c in "，,。；;：:\n") + 1
        clause = head[start: m.start()]
        if _YEAR_MONTH.search(clause) or "《" in clause or any(w in clause for w in _CITE_BEFORE) \
                or head[m.end(): m.end() + 4].startswith(_CITE_AFTER):
            continue
        title = _clean(m.group(1) or m.group(2))
        who = clause.strip()
        for w in sorted(_LEAD_TIME, key=len, reverse=True):
            who = who.replace(w, "")
        who = re.sub(r"(?:共同|联合|正式)$", "", who.strip())
        return title, _orgs(who)
    return None


_MONTH_DAY = re.compile(r"(?:" + YEAR + r"年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚|晚上)?")


def _lead_clause(lines: list[str]) -> str | None:
    """A headline-less news item: the first content clause of its lead (rule title.lead_clause), after the source
    attribution (从…获悉, 据…介绍) and time words (今年, 近日)."""
    for ln in lines[:3]:
        if _HEADING.match(ln) or len(ln) < 20 or not _SENT_PUNCT.search(ln):
            continue
        lead = False  # only a lead that opens with an attribution or a time word is a news lead
        for c in re.split(r"[，,。；;！!？?：:]", ln):
            c = c.strip(" ?？·•")
            if not c:
                continue
            if c in _LEAD_TIME or c.endswith(_LEAD_ATTR) or find_dates(c) and len(c) <= 12 \
                    or _MONTH_DAY.fullmatch(c):
                lead = True
                continue
            return c if lead and 6 <= len(c) <= 40 else None
        return None
    return None


# ---------------------------------------------------------------- title
def _flattened_head(line: str) -> tuple[str, str | None] | None:
    """A page whose paragraph breaks were lost: ``TITLE 文号 各省…：正文…`` on one line → ``(TITLE, 文号)``."""
    if len(line) <= 60:
        return None
    m = _FLAT_HEAD.match(line)
    if not m:
        return None
    dm = _DOCNUM.search(m.group(2)) if m.group(2) else None
    return m.group(1).strip(), (_norm_docnum(dm) if dm else None)


def _title_candidates(lines: list[str], owners: tuple[str, ...] = ()) -> list[tuple[int, int, str]]:
    out = []
    n = min(len(lines), HEAD_LINES)
    for i in range(min(n, 5)):
        flat = _flattened_head(lines[i])
        if flat:
            out.append((i, i + 1, _clean(_title_line(flat[0], owners)[0])))
    for i in range(n):
        if i > 0 and (lab := _labels(lines[i - 1])) and not any(lab.values()):
            continue  # the value of a label standing alone on the line above (来源： / 某某日报客户端)
        for k in (1, 2, 3, 4):
            if i + k > len(lines):
                break
            parts = lines[i: i + k]
            if k > 1 and not _joinable(parts):
                break
            out.append((i, i + k, _clean(_title_line("".join(_DECOR.sub("", p) for p in parts), owners)[0])))
    return out


_TITLE_START = re.compile(r"^(?:关于|" + YEAR + r"\s*年)")


def _fragment(p: str) -> bool:
    """A line that can only continue the line above it (的报告, 会上的报告: rule title.fragment)."""
    return p.startswith(_FRAGMENT_START)


def _joinable(parts: list[str]) -> bool:
    """Lines that may be one title split over several lines (not a column name + headline, not a signature)."""
    if any(len(p) > 60 or _SENT_PUNCT.search(p) or re.search(r"[:：>|]", p) or _date_line(p) for p in parts):
        return False
    if _orgs(parts[0]) and (parts[1].startswith("关于") or _FWD_VERB.match(parts[1])):
        return len(parts) == 2 or _joinable(parts[1:])  # 某某市人民政府办公厅 / 关于进一步加强… / …的意见
    if any(_fragment(p) for p in parts[1:]) and not any(_TITLE_END.search(_clean(p)) for p in parts[:-1]):
        return True  # a PDF title broken in mid-phrase: 在某某人民代表大 / 会上的报告
    if len(parts) == 2 and len(parts[1]) <= 8 and _TITLE_END.search(parts[1]) and not _orgs(parts[1]) \
            and not _TITLE_END.search(_clean(parts[0])) and not _NAV.match(parts[0]) and not is_org(parts[0]):
        return not _TITLE_START.match(parts[1])  # 关于印发《…若干措施》的 / 通知
    if any(len(p) > 40 for p in parts):
        return False
    if any(_TITLE_END.search(_clean(p)) or _NAV.match(p) or is_org(p) or len(p) < 4 for p in parts[:-1]):
        return False
    return not any(_TITLE_START.match(p) for p in parts[1:])


def _score_title(lines: list[str], i: int, j: int, t: str, blurbs: list[str], docnum_lines: set[int]) -> float:
    if not (4 <= len(t) <= 150) or _SENT_PUNCT.search(t) or re.search(r"[:：|>]", t) or t.endswith(("，", ",")):
        return -99
    if _NAV.match(t) or _labels(t) or _SITE_BLURB.search(t) or _date_line(t) or is_org(t) or _fragment(t) \
            or _HEADING.match(t):
        return -99
    score = 0.0
    if _TITLE_END.search(t):
        score += 3
    if t.startswith("关于") or re.match(r"^.{2,40}?关于", t) and _orgs(t.split("关于", 1)[0]):
        score += 3
        if _TITLE_END.search(t) and "的" in t:
            score += 1
    elif forwarding_issuers(t):  # ISSUERS印发《…》的通知 (rule title.forwarding)
        score += 4
    if score < 3:
        return -99
    if j < len(lines):
        nxt = lines[j]
        if _recipient_line(nxt):
            score += 3
        elif _REPORT_DATE.match(nxt) and t.endswith("报告") and (j - i == 1 or _fragment(lines[j - 1])):
            score += 4  # 政府工作报告 / ——2026年1月27日在…会议上 (the report's own title line)
        elif _date_line(nxt) or _labels(nxt):
            score += 1
    if i - 1 in docnum_lines:
        score += 2
    if any(_DECOR.search(lines[x]) for x in range(i, j)):
        score -= 3
    if any(t in b for b in blurbs):
        score -= 4
    if any("《" + t + "》" in lines[x] for x in range(max(0, i - 12), i)):
        score -= 0.5  # the document a transmittal above it sends (《t》已经…同意，现印发给你们)
    return score - 0.1 * i


def _find_title(doc: _Doc, removed: list[str], owners: tuple[str, ...] = ()) -> tuple[str | None, int, int]:
    lines = doc.lines
    blurbs = [_clean(_DECOR.sub("", ln)) for ln in lines + removed if _SITE_BLURB.search(ln)]
    blurbs = [re.sub(r"【[^】]{1,20}】", "", b) for b in blurbs]
    docnum_lines = {i for i, ln in enumerate(lines[:HEAD_LINES]) if _docnum_line(ln)}
    best: tuple[float, int, int, str] | None = None
    for i, j, t in _title_candidates(lines, owners):
        s = _score_title(lines, i, j, t, blurbs, docnum_lines)
        if s > -99 and (best is None or s > best[0]):
            best = (s, i, j, t)
    own = _SELF_TITLE.search(doc.text[:5000])  # 现提出我市关于…的实施意见: the text names itself
    if own and (best is None or ("关于" not in best[3] and best[0] < 4)):
        return own.group(1), -1, -1
    if best and best[0] >= 2:
        return best[3], best[1], best[2]
    news = _news_document(doc.text)
    if news:
        return news[0], -1, -1
    m = _PHRASE_TITLE.search(doc.text[:5000])
    if m:
        return m.group(1), -1, -1
    head = _headline(lines, blurbs, owners)
    if head[0]:
        return head
    return _lead_clause(lines), -1, -1


def _signed(t: str) -> bool:
    """ORG + date on one line (学院办公室 二〇一一年九月六日): a signature, not a headline."""
    ds = find_dates(t)
    return bool(ds) and ds[-1][1] >= len(t) and len(ds[-1][2]) == 10 and is_org(t[: ds[-1][0]].strip())


def _headline(lines: list[str], blurbs: list[str], owners: tuple[str, ...] = ()) -> tuple[str | None, int, int]:
    """News items: a headline line the page repeats, else the first headline-like line (never a numbered
    section heading such as 二、总体目标)."""
    head = lines[:20]

    def ok(ln: str) -> bool:
        t = _clean(_title_line(ln, owners)[0])
        cjk = len(re.findall(r"[" + _CJK + "]", t))
        digits = len(re.findall(r"[0-9.%—\-～~]", t))  # 2026年1—10月全市经济运行情况: dates and figures are headline words
        return (6 <= len(t) <= 60 and cjk >= 4 and cjk + digits >= 0.8 * len(t) and cjk >= 0.4 * len(t) and not _SENT_PUNCT.search(t) and not _NAV.match(t)
                and not _labels(t) and not _SITE_BLURB.search(t) and not t.endswith(("：", ":", "，"))
                and "|" not in t and not is_org(t) and not any(t in b for b in blurbs) and not _date_line(t)
                and not _HEADING.match(t) and not _signed(t))

    cleaned = [_clean(_title_line(ln, owners)[0]) for ln in head]
    for i, t in enumerate(cleaned):
        if ok(head[i]) and cleaned.count(t) >= 2:
            return t, i, i + 1
    for i, t in enumerate(cleaned):
        if ok(head[i]):
            return t, i, i + 1
    return None, -1, -1


# ---------------------------------------------------------------- 文号, issuer, dates
def _docnum_line(line: str) -> str | None:
    m = _DOCNUM.search(line) if _DOCNUM_PROBE.search(line) else None
    if not m or _SENT_PUNCT.search(line) or "《" in line or len(line) > len(m.group(0)) + 14:
        return None
    return _norm_docnum(m)


_DATEISH = re.compile(r"[0-9〇○年]")


def _signature(lines: list[str], after: int) -> tuple[list[str], str | None, int]:
    """(issuers, issued_date, line index) of the first ORG-line(s) + bare date line after the title."""
    for k in range(max(after, 1), len(lines)):
        ln = lines[k]
        if ln.endswith("印发") or len(ln) > 60 or not _DATEISH.search(ln):
            continue  # a signature date line is short and holds a digit, 〇 or 年
        iso = _date_line(ln)
        if not iso:
            # "辽阳县人民政府  2019年9月10日" on one line
            ds = find_dates(ln)
            if ds and ds[-1][1] >= len(ln.rstrip()) and is_org(ln[: ds[-1][0]].strip()):
                return [ln[: ds[-1][0]].strip()], ds[-1][2], k
            continue
        orgs: list[str] = []
        x = k - 1
        while x >= after and len(orgs) < 4:
            found = _orgs(lines[x])
            if not found:
                break
            orgs = found + orgs
            x -= 1
        if orgs:
            return orgs, iso, k
    return [], None, -1


def _issued_fallback(lines: list[str], after: int) -> str | None:
    for ln in lines[:HEAD_LINES]:
        m = _REPORT_DATE.match(ln)
        if m:
            return parse_date(m.group(1))
    for ln in lines[max(after, 0):]:  # a bare date written in Chinese numerals is a signature date
        iso = _date_line(ln)
        if iso and re.match(r"^[〇零○OＯ一二三四五六七八九]{4}\s*年", ln):
            return iso
    for ln in lines[max(after, 0) + 2:]:  # a bare 年月日 line below the body: a signature without a name
        if re.match(r"^" + YEAR + r"\s*年", ln) and _date_line(ln) and len(_date_line(ln) or "") == 10:
            return _date_line(ln)
    for ln in lines:
        if re.search(r"日\s*(?:印发|发布)$", ln):
            ds = find_dates(ln)
            if ds:
                return ds[-1][2]
    for ln in lines[max(after, 0): max(after, 0) + 5]:  # (2019年9月10日…会议通过) 题注
        if re.match(r"^[（(].{0,10}" + YEAR + r"\s*年.{0,60}(?:通过|印发|发布)[)）]$", ln):
            ds = find_dates(ln)
            if ds:
                return ds[0][2]
    return None


def _items(s: str) -> list[str]:
    """Split a list at ，/；/, (or at 、 when the list has no comma), never inside brackets."""
    seps = "，,；;" if re.search(r"[，,；;]", s) else "、"
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return [x.strip(" 。.：:") for x in out if x.strip(" 。.：:")]


_RECIP_END = re.compile(r"(?:单位|部门|学校|机构|企业|组织|成员|委员|同志)$")


def _recipient_line(ln: str) -> list[str]:
    """The items of a 主送 line (各乡镇人民政府，县政府各相关部门：), [] when ``ln`` is not one."""
    m = re.match(r"^(?:主\s*送\s*[:：]\s*)?(.+?)[:：]$", ln.strip())
    if not m or len(ln) > 150 or ln.startswith(("各位", "附件", "抄送")) or (_labels(ln) and not ln.startswith("主")):
        return []
    items = _items(m.group(1))
    if not items:
        return []
    if ln.startswith(("各", "主")) or all(is_org(x) or x.startswith("各") or _RECIP_END.search(x) for x in items):
        return items
    return []


def _recipients(lines: list[str], after: int) -> list[str]:
    start = max(after, 0)
    for ln in lines[start: start + 4]:
        items = _recipient_line(ln)
        if items:
            return items
    return []


def _cc(lines: list[str]) -> list[str]:
    for ln in lines:
        m = re.match(r"^抄\s*(?:送|报)\s*[:：]\s*(.+)$", ln)
        if m:
            out = []
            for it in _items(m.group(1)):
                lead = re.match(r"[" + _CJK + r"（）()]+", it)
                if lead:
                    out.append(lead.group(0))
            return out
    return []


_NUM_ITEM = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*")


_ATTACHMENT_LINE = re.compile(r"^附\s*件\s*\d*\s*[:：]\s*(.*)$")


def _attachments(lines: list[str]) -> list[str]:
    for k, ln in enumerate(lines):
        m = _ATTACHMENT_LINE.match(ln) if ln.startswith("附") else None
        if not m:
            continue
        rest = m.group(1).strip()
        items: list[str] = []
        if rest and not _NUM_ITEM.match(rest):
            item = rest
            nxt = lines[k + 1] if k + 1 < len(lines) else ""
            if (nxt and len(nxt) <= 15 and not is_org(nxt) and not _date_line(nxt) and not _NUM_ITEM.match(nxt)
                    and not _SENT_PUNCT.search(nxt) and not _TITLE_END.search(item) and not item.endswith("》")):
                item += nxt  # a line-break inside the attachment name
            return [_clean(item)]
        if rest:
            items.append(_NUM_ITEM.sub("", rest))
        for nxt in lines[k + 1: k + 20]:
            if not _NUM_ITEM.match(nxt):
                break
            items.append(_NUM_ITEM.sub("", nxt))
        return [_clean(x) for x in items if x.strip()]
    return []


# ---------------------------------------------------------------- decrees, work reports, site owners
_NUM_CN = r"[0-9一二三四五六七八九十百千零〇]"
_DECREE_NO = r"(?:[〔\[［【(（]\s*" + YEAR + r"\s*[〕\]］】)）]\s*)?第\s*" + _NUM_CN + r"{1,6}\s*号"
_DECREE_HEAD = re.compile(r"^(.{2,40}?)令\s*(" + _DECREE_NO + r")?$")
_DECREE_NUM_LINE = re.compile(r"^(" + _DECREE_NO + r")$")
_PROMULGATE = re.compile(r"《([^《》\n]{2,60})》[^。\n]{0,80}?(?:现予公布|予以公布|现予发布|予以发布|现予印发|公布施行)")


def _decree(lines: list[str]) -> tuple[str, list[str], str | None, str | None] | None:
    """A decree (rule docnum.decree): 中华人民共和国国务院令 / 第708号 / 《X》已经…通过，现予公布 / signer / date →
    ``(文号, issuers, issued_date, title)``; 文号 as ORG令第N号 with the state name dropped (国务院令 → 国令)."""
    rule = _LEX["decree"]
    for k, ln in enumerate(lines[:15]):
        m = _DECREE_HEAD.match(ln)
        if not m:
            continue
        org = m.group(1).strip()
        org = org[len(rule["state_prefix"]):] if org.startswith(rule["state_prefix"]) else org
        if not is_org(org):
            continue
        num = m.group(2)
        nxt = k + 1
        if num is None:
            nm = _DECREE_NUM_LINE.match(lines[k + 1]) if k + 1 < len(lines) else None
            if not nm:
                continue
            num, nxt = nm.group(1), k + 2
        num = re.sub(r"\s+", "", num)
        num = re.sub(r"^[〔\[［【(（](\d{4})[〕\]］】)）]", r"〔\1〕", num)
        head = rule["short_forms"].get(org + "令", org + "令")
        issued, title = None, None
        for x in range(nxt, min(len(lines), nxt + 12)):
            pm = _PROMULGATE.search(lines[x])
            if pm and title is None:
                title = _clean(pm.group(1))
            iso = _date_line(lines[x])
            if iso:
                issued = iso
                break
        return head + num, [org], issued, title
    return None


_REPORT_WORDS = tuple(_LEX["report"]["title_words"])
_PRESENTER = re.compile(re.escape(_LEX["report"]["presenter"]) + r"\s*([" + _CJK + r"]{0,20}?)(?:人民)?政府")
_BARE_LEVEL = ("自治区", "自治州", "自治县", "自治旗", "省", "市", "县", "区", "州", "盟", "旗")
_LEVEL_OF = {"省": ("province",), "自治区": ("province",), "市": ("city", "province", "county"), "县": ("county",),
             "自治县": ("county",), "区": ("district",), "州": ("city",), "自治州": ("city",), "盟": ("city",),
             "旗": ("county",), "自治旗": ("county",)}


def _report_issuer(text: str, title: str | None, region) -> list[str]:
    """A government work report is issued by the government presenting it (rule issuer.work_report):
    我代表省人民政府 → the region's official name + 人民政府."""
    if not title or not any(w in title for w in _REPORT_WORDS):
        return []
    m = _PRESENTER.search(text[:6000])
    if not m:
        return []  # a news item about a report (市政府工作报告提出…) is not the report
    place = m.group(1)  # 我代表省人民政府 / 我代表省政府 / 我代表北京市人民政府
    if place and find_mentions(place):
        return [place + _LEX["report"]["government"]]
    entry = by_code(region.code) if region is not None and region.code else None
    if entry is None or (place and entry.level not in _LEVEL_OF.get(place, ())):
        return []
    return [entry.name + _LEX["report"]["government"]]


_NOT_AFTER_LEVEL = frozenset("场域级民内属直辖")


def _complete_bare(org: str, signature: list[str], region) -> str:
    """市人民政府 (a title that names no place) → 鄂州市人民政府: from the signature, else the region."""
    if find_mentions(org):
        return org
    level = next((lv for lv in _BARE_LEVEL if org.startswith(lv)), None)
    if level is None or len(org) <= len(level) + 1 or org[len(level)] in _NOT_AFTER_LEVEL:
        return org  # 市场监管总局, 区域协调办公室, 县级…: the first character is no level word here
    for s in signature:
        if s.endswith(org) and len(s) > len(org) and find_mentions(s[: len(s) - len(org) + len(level)]):
            return s
    entry = by_code(region.code) if region is not None and region.code else None
    if entry is not None and entry.level in _LEVEL_OF[level] and entry.name.endswith(level):
        return entry.name + org[len(level):]
    return org


_COPYRIGHT = re.compile(r"(?:" + _alt(_LEX["site_owner"]["copyright"]) + r")\s*[:：]?\s*(?:[©]\s*)?")


def site_owner(removed: list[str], html_meta: dict, tail: list[str] = ()) -> str | None:
    """Who a site says it is (rule site.owner): the organisation of the footer's 版权所有/主办 line (in the chrome a
    reader removed, or a 版权所有 line among the last lines of the text), else the last part of the page <title>
    when it names an organisation or a site."""
    footer = [ln for ln in removed if len(ln) <= 300] + [ln for ln in tail if "版权所有" in ln and len(ln) <= 300]
    for ln in footer:
        m = _COPYRIGHT.search(ln)
        if not m:
            continue
        rest = re.sub(r"^(?:[\s©:：\d\-–—]|[Cc]opyright|\(c\)|（c）)+", "", ln[m.end():])
        after = re.match(r"[" + _CJK + r"（）()]{2,40}", rest)
        before = re.search(r"([" + _CJK + r"（）()]{2,40})\s*[©]?\s*(?:\d{4}\s*)?$", ln[: m.start()].strip())
        for cand in (after.group(0) if after else None, before.group(1) if before else None):
            if cand:
                cand = re.sub(r"(?:网站|门户网站|官网|网)$", "", cand)
                if is_org(cand):
                    return cand
    page_title = (html_meta or {}).get("title") or ""
    parts = [x.strip() for x in _SITE_SEP.split(page_title) if x.strip()]
    if len(parts) >= 2:
        last = re.sub(r"(?:门户网站|网站|官网|门户|网)$", "", parts[-1])
        if is_org(last):
            return last
    return None


# ---------------------------------------------------------------- entry point
def extract_metadata(text: str, *, hints: dict | None = None, html_meta: dict | None = None) -> Metadata:
    """Metadata of one normalized document (see the module docstring for the rules)."""
    hints = hints or {}
    html_meta = html_meta or {}
    doc = _Doc(text)
    lines = doc.lines

    labelled: dict[str, str] = {}
    scan = list(range(min(HEAD_LINES, len(lines)))) + list(range(max(HEAD_LINES, len(lines) - 15), len(lines)))
    for x in scan:
        for k, v in _labels(lines[x]).items():
            if not v and x + 1 < len(lines) and not _labels(lines[x + 1]):
                v = lines[x + 1]  # "来源：" with its value on the next line
            if v:
                labelled.setdefault(k, v)
    removed_lines: list[str] = []
    for removed in hints.get("removed", []) or []:  # chrome dropped by the reader / normalizer
        line = removed[-1] if isinstance(removed, (tuple, list)) else removed
        removed_lines.extend(str(line).split("\n"))
        for part in str(line).split("\n"):
            for k, v in _labels(part.strip()).items():
                if v and k not in ("标题", "名称"):
                    labelled.setdefault(k, v)
    owner = site_owner(removed_lines, html_meta, lines[-8:])
    owners = (owner,) if owner else ()
    decree = _decree(lines)

    # title
    title: str | None = labelled.get("标题") or labelled.get("名称")
    t_start = t_end = -1
    title_docnum = None
    if title:
        title, title_docnum = _title_line(_clean(title), owners)
    else:
        title, t_start, t_end = _find_title(doc, removed_lines, owners)
        if t_start >= 0:
            flat = _flattened_head(lines[t_start]) if t_end - t_start == 1 else None
            title_docnum = flat[1] if flat else _title_line("".join(lines[t_start:t_end]), owners)[1]
    if decree and decree[3]:
        title = decree[3]  # 《X》已经…通过，现予公布: the decree names what it promulgates
    if not title:
        for cand in [*(hints.get("title_lines") or []), hints.get("title"), html_meta.get("ArticleTitle"),
                     html_meta.get("title")]:
            if cand and cand.strip():
                title = _clean(_title_line(cand, owners)[0])
                break

    if title:
        title = _EDITORIAL.sub("", title) or title  # （摘要）, （节选）: what the page shows, not the title
    # doc number
    doc_number = None
    for key in ("发文字号", "文号"):
        m = _DOCNUM.search(labelled.get(key, ""))
        if m:
            doc_number = _norm_docnum(m)
            break
    if doc_number is None and decree:
        doc_number = decree[0]
    if doc_number is None:
        limit = max(HEAD_LINES, t_end + 5)
        for ln in lines[:limit]:
            doc_number = _docnum_line(ln)
            if doc_number:
                break
    doc_number = doc_number or title_docnum or hints.get("doc_number")
    if doc_number is None and title:
        # a 解读 or news page about the document: 印发《<title>》（石政办发〔2025〕58号） names its 文号 in the body
        # (the very title: a document it implements, 《关于印发青海省…的通知》(青卫健〔2024〕58号), is another one)
        for m in re.finditer(r"《([^《》\n]{4,80})》\s*[（(]\s*", text[:3000]):
            dm = _DOCNUM.match(text, m.end())
            if dm and re.sub(r"[\s()（）]", "", m.group(1)) == re.sub(r"[\s()（）]", "", title):
                doc_number = _norm_docnum(dm)
                break

    # issuer
    issuer: list[str] = []
    if labelled.get("发文机关"):
        issuer = _orgs(labelled["发文机关"]) or [labelled["发文机关"]]
    if not issuer and decree:
        issuer = decree[1]
    if not issuer and title:
        raw_title = _title_line("".join(lines[t_start:t_end]), owners)[0] if t_start >= 0 else title
        issuer = forwarding_issuers(raw_title) or forwarding_issuers(title)
    if not issuer and title and "关于" in title:
        raw_title = "".join(_DECOR.sub("", ln) for ln in lines[t_start:t_end]) if t_start >= 0 else title
        prefix = raw_title.split("关于", 1)[0] if "关于" in raw_title else title.split("关于", 1)[0]
        issuer = _orgs(prefix) or _orgs(title.split("关于", 1)[0])  # 教育部 财政部关于… keeps the two
    if not issuer and title and title.startswith("关于"):
        for ln in lines[:HEAD_LINES]:
            m = re.match(r"^(?:【[^】]{1,20}】)?(.{2,40}?)关于(.+)$", _clean(ln))
            if m and _orgs(m.group(1)) and _similar(m.group(2), title[2:]):
                issuer = _orgs(m.group(1))
                break
    sig_orgs, sig_date, _ = _signature(lines, t_end if t_end > 0 else 0)
    if not sig_orgs and not sig_date and t_start > 0:
        # a transmittal before the plan's title line (各县区人民政府：… 某某办公室 / 2018年5月14日 / 规划标题)
        first = next((k for k in range(t_start) if _recipient_line(lines[k])), None)
        if first is not None:
            sig_orgs, sig_date, _ = _signature(lines[: t_start], first + 1)
    if not issuer:
        issuer = sig_orgs
    if not issuer and t_start >= 0 and not re.match(r"^.{2,60}?关于", title or ""):
        for k in range(1, min(len(lines), HEAD_LINES)):  # 财政部 国家发展和改革委员会 / 关于开展…的通知
            if lines[k] == lines[t_start] and (above := _orgs(lines[k - 1])):
                issuer = above  # the organisations on the line above the title (or above a repeat of it)
                break
    if not issuer:  # red-header 版头: 邯郸市人民政府文件 / 中共邯郸市委 邯郸市人民政府文件
        for ln in lines[: max(t_start, 0) + 1 if t_start >= 0 else 10]:
            m = re.match(r"^(.{2,60}?)\s*文件$", ln)
            if m and _orgs(m.group(1)):
                issuer = _orgs(m.group(1))
                break
    if not issuer and t_start < 0 and title:
        news = _news_document(text)  # 某某办公厅近日印发《X》: the body names who issued the reported document
        if news and news[0] == title:
            issuer = news[1]
    if not issuer:
        issuer = list(hints.get("issuer") or [])
    if not issuer and html_meta.get("ContentSource") and is_org(html_meta["ContentSource"]):
        issuer = [html_meta["ContentSource"].strip()]

    # dates
    issued = None
    label_date = {}
    for key in ("成文日期", "发文日期"):
        if labelled.get(key):
            label_date[key] = parse_date(labelled[key]) or (find_dates(labelled[key]) or [(0, 0, None, "")])[0][2]
    # 成文日期 is the date at the signature; a portal's 发文日期 (its dispatch date) only stands in for it
    issued = label_date.get("成文日期") or (decree[2] if decree else None) or sig_date or label_date.get("发文日期") \
        or _issued_fallback(lines, t_end if t_end > 0 else 0) or hints.get("issued_date")

    published = None
    for key in ("发布日期", "发布时间", "发表时间", "时间", "日期", "更新时间"):
        if labelled.get(key):
            ds = find_dates(labelled[key])
            if ds:
                published = ds[0][2]
                break
    if published is None:
        for k, ln in enumerate(lines[:HEAD_LINES]):
            if _DATETIME.match(ln) or _DATETIME_INFO.match(ln) \
                    or (t_end > 0 and k == t_end and re.match(r"^\d{4}[-/.]", ln) and _date_line(ln)):
                published = _date_line(ln.split()[0])
                break
    if published is None:
        published = hints.get("published_date")
    if published is None and html_meta.get("PubDate"):
        ds = find_dates(html_meta["PubDate"])
        published = ds[0][2] if ds else None

    issuer = [o for joint in issuer for o in split_joint_issuers(joint)]
    region = find_region(text, issuer=issuer, title=title, doc_number=doc_number, site=owner)
    if issuer:
        issuer = list(dict.fromkeys(_complete_bare(o, sig_orgs, region) for o in issuer))
    else:
        issuer = _report_issuer(text, title, region)
    if not issuer and owner and title and title.endswith(tuple(_LEX["notice_types"]["words"])) \
            and region is not None and site_region_matches(owner, region):
        issuer = [owner]  # an unsigned notice on a site that says who it is (rule issuer.site_owner)
    source_site = labelled.get("来源") or labelled.get("信息来源") or labelled.get("文章来源") \
        or html_meta.get("SiteName") or None
    if title and ("「" in title or "『" in title):
        title = title.translate(_CORNER_QUOTES)  # a Hong Kong or Taiwan re-host quotes 「一件事一次办」: “一件事一次办”
    interp = next((c for ln in lines[:12] if _INTERPRETATION.fullmatch(c := _clean(ln))), None)
    if interp:
        # title.interpretation: a page headed 《…办法》政策解读 is the interpretation, not the document it explains:
        # its headline is the title, the unit that wrote it (来源) the issuer, and the document's 文号 is not its own
        title = interp
        doc_number = next((_norm_docnum(m) for key in ("发文字号", "文号")
                           if (m := _DOCNUM.search(labelled.get(key, "")))), None)
        src = (labelled.get("来源") or labelled.get("信息来源") or labelled.get("发布机构") or "").split()
        orgs = _orgs(src[0]) if src else []
        if orgs:
            issuer = orgs
    return Metadata(
        title=title or None,
        issuer=issuer,
        doc_number=doc_number,
        issued_date=issued,
        published_date=published,
        region=region,
        recipients=_recipients(lines, t_end) if t_end > 0 else _recipients(lines, 0),
        cc=_cc(lines),
        attachments=_attachments(lines),
        source_site=source_site,
    )


_CORNER_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})
_INTERPRETATION = re.compile(r"(?:关于)?《[^《》\n]{4,80}》的?(?:政策)?(?:解读|问答|答记者问|图解)")


def site_region_matches(owner: str, region) -> bool:
    """The site's owner belongs to the region found (so it may stand as the issuer of an unsigned notice)."""
    r = find_region("", issuer=[owner])
    return r is not None and region is not None and r.code == region.code


def _similar(a: str, b: str) -> bool:
    """Two renderings of one title (a site headline often drops 的 or decoration)."""
    a, b = re.sub(r"[的之]", "", a), re.sub(r"[的之]", "", b)
    if not a or not b:
        return False
    common = sum(1 for ch in set(a) if ch in b)
    return common >= 0.8 * len(set(b)) and abs(len(a) - len(b)) <= 0.3 * len(b)
