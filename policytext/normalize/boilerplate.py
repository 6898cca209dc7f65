"""Boilerplate removal on plain text: site chrome that survives scraping as whole lines.

Works line by line (the HTML reader has already dropped what markup tells apart); each removed line
becomes an ``Edit`` of kind ``boilerplate`` so the offset map and the Repair log keep it.
Patterns are anchored and bounded (no nested quantifiers): safe on untrusted input.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from policytext.normalize.offsets import Edit
from policytext.normalize.scan import ClassRun

# Whole-line chrome of Chinese government / 范文 sites.
_LINE_PATTERNS = [
    r"(?:您|你)?(?:当前|现在)?(?:的)?(?:所在)?位置(?:是)?\s*[:：]",  # breadcrumb
    r"首页\s*[>»›/]",
    r"当前时间",
    r"字号\s*[:：]?\s*[\[【(（]?",
    r"\[?\s*(?:我要)?打印\s*\]?\s*\[?\s*关闭",
    r"视力保护色",
    r"(?:上|下)一(?:篇|条)\s*[:：]?",
    r"相关(?:文章|信息|链接|阅读|新闻|推荐|报道|文档|稿件)\s*[:：]?\s*$",
    r"推荐(?:访问|阅读)\s*[:：]",
    r"返回(?:列表|顶部|首页)\s*$",
    r"(?:分享到|扫一扫|打印本页|关闭窗口|【?\s*打印\s*】?\s*【?\s*关闭)",
    r"(?:版权所有|copyright|©|powered by)",
    r"(?:主办|承办|主管)(?:单位)?\s*[:：]",
    r"(?:网站标识码|网站地图|联系我们|技术支持)\s*[:：]?",
    r"(?:时间|发布时间|日期|发布日期)\s*[:：]\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}.{0,20}(?:来源|作者|点击|浏览)",
    r"(?:来源|作者|点击|浏览次数|阅读次数)\s*[:：].{0,30}(?:作者|点击|浏览|$)",
    r"文件链接\s*[:：]",
    r"【?\s*字[体号]\s*[:：]",
    r"(?:发表|发布|更新)?时间\s*[:：]\s*(?:\d{4}-\d{1,2}-\d{1,2}[\d: ]*)?$",
    r"(?:责任)?编辑\s*[:：].{0,12}$",
    r"[（(]?\s*来源\s*[:：].{0,20}[)）]\s*$",
    r".{0,6}点击.{0,10}进入.{0,8}$",
    r"(?:阅读量|阅读数|浏览量|访问量)\s*[:：]",
    r"(?:当前|您的)位置\s*[:：]?\s*$",
    r"\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$",
    r".{0,16}记者.{0,16}\s摄\s*$",
    r"扫一扫",
    r"(?:扫描|扫码)?\s*(?:分享|收藏)\s*[:：]?\s*$",
]
_ANYWHERE = [
    r"[A-Za-z\u4e00-\u9fff]{1,4}ICP[备証证]\s*\d{4,}",
    r"公网安备\s*\d{6,}",
    r"(?:小编|本站)(?:为(?:大家|你|您))?(?:精心)?(?:整理|收集|搜集)",
    r"供大家参考",
    r"(?:欢迎|敬请)(?:咨询|下载|收藏)",
]
_SPAM_WORDS = re.compile(
    r"(?:11选5|时时彩|快三|六合彩|彩票|博彩|棋牌|娱乐城|百家乐|真人(?:视讯|娱乐)|在线播放|成人网|超碰|有码|无码|"
    r"av网|一区|二区|三区|国产.{0,2}在线|人人(?:爽|碰)|毛片|黄色网站)",
    re.IGNORECASE,
)
_ANY_PROBES = ("ICP", "icp", "公网安备", "小编", "本站", "供大家", "欢迎", "敬请")
# the leading blanks are taken possessively: no pattern starts with a blank, and giving blanks back one by one
# to every pattern made a long blank line quadratic
_LINE_RE = re.compile(r"^\s*+(?:" + "|".join(_LINE_PATTERNS) + ")", re.IGNORECASE)
_ANY_RE = re.compile("|".join(_ANYWHERE), re.IGNORECASE)
_ANY_PROBE_RE = re.compile("|".join(map(re.escape, _ANY_PROBES)))
_ANY_PROBE_HEADS = ClassRun({p[0] for p in _ANY_PROBES}, {p[1] for p in _ANY_PROBES})
_SEP = re.compile(r"[|｜]")
_SENTENCE_END = re.compile(r"[。；！？]")
# lines holding nothing but decoration (bullets, dashes, NBSP …)
_JUNK_LINE = re.compile(r"^[\s\u00a0\u2000-\u200b\u3000•·●◆◇■□▪►>»*\-—_=~|×《》]+$")
_FOOTER_START = re.compile(r"^\s*(?:上一篇|下一篇|相关(?:文章|信息|链接|阅读|报道|文档)\s*[:：]?\s*$|返回列表|版权所有)")
_MAX_LINE = 400
# one-word chrome lines of vertical toolbars (下载 / 打印 / 全屏 / 收藏, 字号 加大 还原 减小)
_CHROME_WORDS = {"首页", "下载", "打印", "全屏", "收藏", "分享", "关闭", "加大", "还原", "减小", "默认", "返回",
                 "返回顶部", "打印本页", "关闭窗口", "分享到微信", "微信", "微博", "字号", "字体"}
# single characters that are chrome only next to other chrome (字体 小 中 大)
_CHROME_CHARS = {"小", "中", "大", "】", "【", "[", "]"}


def is_spam(line: str) -> bool:
    """Link-farm lines: many `|`-separated items or gambling/adult vocabulary in a short line."""
    s = line.strip()
    if len(s) > _MAX_LINE:
        return False
    # (the cheap tests first: a line without a separator has no three of them)
    if ("|" in s or "｜" in s) and len(_SEP.findall(s)) >= 3 and not _SENTENCE_END.search(s):
        return True
    return len(s) < 60 and bool(_SPAM_WORDS.search(s)) and not _SENTENCE_END.search(s)


def _simplified(s: str) -> str:
    from policytext.normalize.convert import t2s

    return t2s(s)[0]


def classify_line(line: str, *, simplified: bool = False) -> str | None:
    """Why a line is boilerplate (a short reason), or None when it is content.

    Lines are judged in simplified characters, so traditional pages (首頁, 來源) match too.
    """
    s = line.strip() if simplified else _simplified(line.strip())
    if not s:
        return None
    if _JUNK_LINE.match(s):
        return "decoration"
    if s in _CHROME_WORDS:
        return "site chrome"
    if len(s) <= _MAX_LINE and _LINE_RE.match(s):
        return "site chrome"
    # the unanchored patterns are costly on long content lines: probe for their fixed words first
    if len(s) <= _MAX_LINE and _ANY_PROBE_RE.search(s) and _ANY_RE.search(s):
        return "site filler"
    if (len(s) < 60 or "|" in s or "｜" in s) and is_spam(s):
        return "spam links"
    return None


def find_boilerplate(text: str) -> list[Edit]:
    """Edits deleting boilerplate lines (the line and its newline)."""
    raw = text.split("\n")
    last = len(raw) - 1  # raw[last] is the line without a newline after it (dropped when empty)
    n = last + 1 if raw[last] else last
    # judge lines in simplified characters: converting the whole text once is faster than line by line
    # (t2s keeps "\n", a separator, so the converted lines correspond one to one)
    from policytext.normalize.convert import detect_script

    converted = text if detect_script(text) == "simplified" else _simplified(text)
    simp = converted.split("\n")
    # Footer: from the first footer marker in the last third on, everything is page furniture
    # unless it reads like content (a long sentence).
    cut = n
    for i in range(n * 2 // 3, n):
        if _FOOTER_START.match(simp[i][:_MAX_LINE]):
            cut = i
            break
    # the lines holding a probe word of the unanchored patterns, from one scan of the whole text (a probe word has
    # no blank in it, so it is in a line exactly when it is in the line stripped)
    # (their first two characters found by one class scan, each hit checked against the words)
    probed: set[int] = set()
    hits = [i for i in _ANY_PROBE_HEADS.hits(converted) if converted.startswith(_ANY_PROBES, i)]
    if hits:
        line_starts = list(accumulate((len(x) + 1 for x in simp), initial=0))
        probed = {bisect_right(line_starts, i) - 1 for i in hits}
    # classify_line(line, simplified=True) for every line, its tests inlined in the same order
    reasons: list[str | None] = [None] * n
    junk, line_re, any_re, chrome = _JUNK_LINE.match, _LINE_RE.match, _ANY_RE.search, _CHROME_WORDS
    for i in range(n):
        s = simp[i].strip()
        if not s:
            continue
        if junk(s):
            reasons[i] = "decoration"
        elif s in chrome:
            reasons[i] = "site chrome"
        elif len(s) <= _MAX_LINE and line_re(s):
            reasons[i] = "site chrome"
        elif len(s) <= _MAX_LINE and i in probed and any_re(s):
            reasons[i] = "site filler"
        elif (len(s) < 60 or "|" in s or "｜" in s) and is_spam(s):
            reasons[i] = "spam links"
    for i in range(n):
        if reasons[i] is None and raw[i].strip() in _CHROME_CHARS:
            near = [reasons[j] for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < n]
            if any(r is not None for r in near):
                reasons[i] = "site chrome"
    edits: list[Edit] = []
    pos = 0
    for i in range(n):
        body = raw[i]
        size = len(body) + (i < last)
        reason = reasons[i]
        if reason is None and i >= cut:
            s = body.rstrip("\r").strip()
            if s and (len(s) < 40 or not _SENTENCE_END.search(s)):
                reason = "footer"
        if reason is not None:
            edits.append(Edit(pos, pos + size, "", "boilerplate", reason))
        pos += size
    return _merge(edits)


def _merge(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in edits:
        if out and out[-1].end == e.start and out[-1].detail == e.detail:
            p = out.pop()
            e = Edit(p.start, e.end, "", e.kind, e.detail)
        out.append(e)
    return out
