"""HTML reader: decode by the declared charset (verified) or detection, find the article body, drop page chrome.

Body finding: known government-CMS content containers first (``TRS_Editor``, ``zoom``, ``pages_content`` …),
checked against text density; else the element with the most non-link text, penalised by link density, and
then the deepest descendant that still holds nearly all of that text. Inside the body, chrome elements (by
id/class and tag: nav, breadcrumbs, share/print bars, related links, footers) and link lists are removed, then
chrome lines (breadcrumbs, 字号/打印/关闭 bars, 上一篇/下一篇, related-link lists, copyright and ICP lines,
posting-info lines) are dropped. Everything removed is listed in ``hints["removed"]`` as ``(kind, text)``.

The page's own attachment and image links (read/links.py) are ``hints["links"]``; a page whose body is only such
links keeps its headline (else the article part of its ``<title>``) as its text.
"""
from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

from policytext.errors import DecodeError
from policytext.read import RawDocument
from policytext.read.encoding import charset_from_html, decode_text, normalize_charset, plausibility, try_decode

__all__ = ["extract_body", "read_html"]

_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "template", "select",
              "option", "button", "input", "textarea", "map", "audio", "video", "link", "meta", "head")
_BLOCK = frozenset("""p div tr li h1 h2 h3 h4 h5 h6 table tbody thead tfoot section article ul ol dl dt dd
    blockquote pre header footer nav aside main center hr form fieldset address figure figcaption caption
    body html""".split())
_CONTENT_TOKENS = frozenset("""trs_editor zoom article content pages_content view custom_unionstyle art_con
    xxgk_content article-content article_content articlecontent news_content newscontent news-content con
    con_text detail details detail_content detail-content zw zwnr zw_con zwcon contentbox content_box artibody
    article_body article-body articlebody main-content main_content maincontent entry-content post-content
    ucap-content fontzoom zoomcon textbox txt_content text_content info_content wzcon wz_con nr_con
    xxgk_detail pages-content page-content page_content arti_content art-content view_content""".split())
_CHROME = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|weizhi|dqwz|footer|foot|"
    r"copyright|banquan|share|bdshare|fenxiang|print|dayin|related|relate|xgwz|xglj|xgxx|prev|next|"
    r"prevnext|sxp|sxt|fontsize|font-size|zihao|tools?|toolbar|sidebar|login|search|qrcode|ewm|advert|"
    r"gotop|backtop|pagebar|paging|pager)(?:$|[\s_\-\d])",
    re.IGNORECASE)
_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|zip|rar|7z|ofd|txt|csv)(?:$|[?#])", re.IGNORECASE)
_WS_RUN = re.compile(r"[ \t\r\n\f\v]+")  # a run holding a line break becomes \x00 (see _Lines.add)
_WS = re.compile(r"[ \t\r\f\v]+")

# chrome lines
_BREADCRUMB = re.compile(r"^(?:您|你)?(?:当前|现在|目前)?(?:的|所在)?(?:位置|所在位置|当前位置)\s*[:：是]|"
                         r"^当前栏目\s*[:：]|^(?:首页|网站首页|主页)\s*[>»›＞/\\→]")
_TOOL_ANCHOR = re.compile(r"字号|打印|关闭|视力保护色|护眼|分享到|收藏本页|加入收藏|扫一扫|繁體|简体版|无障碍|纠错")
_TOOL_WORDS = re.compile(r"字号|字体|打印本页|打印|关闭窗口|关闭本页|关闭|视力保护色|护眼模式|分享到|收藏本页|加入收藏|"
                         r"收藏|加大|减小|还原|默认|扫一扫|微信|微博|繁體|简体版|无障碍|大|中|小|我要|本页|此页|窗口|纠错|在手机(?:上)?打开|当前页|"
                         r"[\s\[\]【】()（）:：|/·•,，\u3000\xa0-]")
_PREV_NEXT = re.compile(r"^[【\[]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|上一页|下一页)[】\]]?\s*[:：]?")
_RELATED = re.compile(r"^[【\[]?(?:相关链接|相关文章|相关信息|相关阅读|相关新闻|相关文件|相关稿件|相关推荐|推荐阅读|"
                      r"延伸阅读|热点推荐|热门文章|猜你喜欢|友情链接|推荐访问)[】\]]?\s*[:：]?")
_FOOTER = re.compile(r"版权所有|[Cc]opyright|©|ICP备|ICP证|网站标识码|公网安备|网安备|主办单位\s*[:：]|"
                     r"承办单位\s*[:：]|技术支持\s*[:：]|维护单位\s*[:：]|建议使用.{0,20}浏览器|最佳分辨率|"
                     r"网站地图|联系我们\s*[|｜]|不良信息举报")
# posting-info lines: a field only page furniture uses, or a generic field (时间/日期/作者) followed by one
# ("时间：2024年3月5日上午9时" alone is a meeting notice's body, not furniture)
_INFO_FIELD = r"(?:发布时间|发布日期|更新时间|信息来源|文章来源|稿件来源|来源|浏览次数|浏览量|点击数|点击量|阅读次数|访问量|责任编辑)"
_INFO = re.compile(r"^" + _INFO_FIELD + r"\s*[:：]|^(?:时间|日期|作者|编辑|发文日期)\s*[:：].{0,80}?" + _INFO_FIELD
                   + r"\s*[:：]")
_META_KEYS = {"articletitle": "ArticleTitle", "pubdate": "PubDate", "contentsource": "ContentSource",
              "description": "description", "keywords": "keywords", "sitename": "SiteName",
              "columnname": "ColumnName", "author": "author", "firstpublishedtime": "firstpublishedtime"}


# entities a site escaped twice (通&amp;nbsp;&amp;nbsp;知 reaches the text as 通&nbsp;&nbsp;知): unescaped once more.
# Only entities of spacing, quotes and dashes, so a page that shows "&lt;" as text keeps it.
_LEFTOVER_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|amp|quot|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|"
                              r"#(?:1[0-9]{2,4}|[2-9][0-9]{2,4}|x[0-9a-fA-F]{3,4}));")


def _unescape_leftovers(s: str) -> str:
    return _LEFTOVER_ENTITY.sub(lambda m: html.unescape(m.group(0)), s) if "&" in s else s


def _norm_ws(s: str) -> str:
    return " ".join(_unescape_leftovers(s).split())


def _decode(data: bytes, name: str, http_charset: str | None = None) -> tuple[str, str]:
    declared = normalize_charset(http_charset) or charset_from_html(data)
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        text = try_decode(data, declared)
        if text is not None:
            if plausibility(text) >= 0.5:
                return text, declared
            guessed, enc = decode_text(data, name)
            return (guessed, enc) if plausibility(guessed) > plausibility(text) else (text, declared)
    return decode_text(data, name)


class _Stats:
    """Non-whitespace text length, link-text length and CJK punctuation per element (one bottom-up pass)."""

    def __init__(self, root):
        self.text: dict = {}
        self.link: dict = {}
        self.punct: dict = {}
        self._walk(root, False)

    def _walk(self, el, in_link: bool) -> tuple[int, int, int]:
        in_link = in_link or el.tag == "a"
        own = el.text or ""
        t = len("".join(own.split()))
        p = sum(own.count(c) for c in "，。；")
        lk = t if in_link else 0
        for child in el:
            if isinstance(child.tag, str):
                ct, cl, cp = self._walk(child, in_link)
                t, lk, p = t + ct, lk + cl, p + cp
            tail = child.tail or ""
            n = len("".join(tail.split()))
            t += n
            lk += n if in_link else 0
            p += sum(tail.count(c) for c in "，。；")
        self.text[el], self.link[el], self.punct[el] = t, lk, p
        return t, lk, p

    def nonlink(self, el) -> int:
        return self.text.get(el, 0) - self.link.get(el, 0)

    def density(self, el) -> float:
        t = self.text.get(el, 0)
        return self.link.get(el, 0) / t if t else 1.0

    def score(self, el) -> float:
        return self.nonlink(el) * (1 - self.density(el)) ** 2 + 5 * self.punct.get(el, 0)


def _tokens(el) -> list[str]:
    return (el.get("id", "") + " " + el.get("class", "")).lower().split()


def _is_content(el) -> bool:
    return any(t in _CONTENT_TOKENS or t.startswith("trs_editor") for t in _tokens(el))


def _is_chrome(el) -> bool:
    if el.tag in ("nav", "aside"):
        return True
    attrs = (el.get("id", "") + " " + el.get("class", "")).strip()
    return bool(attrs) and bool(_CHROME.search(attrs)) and not _is_content(el)


def _descend(el, stats: _Stats, share: float = 0.85):
    """The deepest descendant of ``el`` that still holds ``share`` of its non-link text."""
    total = stats.nonlink(el)
    while True:
        best = None
        for child in el:
            if isinstance(child.tag, str) and stats.nonlink(child) >= share * total:
                best = child
                break
        if best is None or best.tag not in _BLOCK - {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}:
            return el
        el = best


def _find_body(root, stats: _Stats):
    elements = [el for el in root.iter() if isinstance(el.tag, str) and el.tag in _BLOCK | {"td", "font", "span"}]
    if not elements:
        return root, "root"
    dense = max(elements, key=stats.score)
    dense = _descend(dense, stats)
    cands = [el for el in elements if _is_content(el) and stats.density(el) < 0.5
             and stats.nonlink(el) >= max(50, 0.4 * stats.nonlink(dense))]
    if cands:
        best = max(cands, key=stats.score)
        # a nested known container that holds most of the text is the tighter choice
        for el in best.iter():
            if el is not best and el in cands and stats.nonlink(el) >= 0.7 * stats.nonlink(best):
                best = el
        # a known name on a page-wide wrapper (div#content around nav, body and footer): the densest block
        # inside it that holds most of its text is the body
        if dense is not best and any(a is best for a in dense.iterancestors()) \
                and stats.nonlink(dense) >= 0.7 * stats.nonlink(best):
            return dense, "density:" + (dense.get("id") or dense.get("class") or dense.tag)
        return best, "container:" + (best.get("id") or best.get("class") or best.tag)
    return dense, "density:" + (dense.get("id") or dense.get("class") or dense.tag)


def _remove(el, kind: str, removed: list) -> None:
    text = _norm_ws(el.text_content())
    if text:
        removed.append((kind, text[:500]))
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:  # keep the tail text, it belongs to the parent
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _is_attachment_block(el) -> bool:
    if "附件" in (el.text_content() or "")[:200]:
        return True
    return any(_ATTACHMENT.search(a.get("href", "")) for a in el.iter("a"))


def _strip_chrome(body, stats: _Stats, removed: list) -> None:
    total = max(1, stats.nonlink(body))
    for el in list(body.iter()):
        if el is body or not isinstance(el.tag, str) or not any(a is body for a in el.iterancestors()):
            continue
        if stats.nonlink(el) > 0.5 * total:
            continue
        if _is_chrome(el) or el.tag == "footer":
            if not _is_attachment_block(el):
                _remove(el, "chrome", removed)
            continue
        if el.tag in ("div", "ul", "ol", "dl", "table", "p", "td", "section", "span"):
            links = sum(1 for _ in el.iter("a"))
            if links >= 3 and stats.density(el) > 0.6 and not _is_attachment_block(el):
                _remove(el, "links", removed)


def _is_layout_table(table) -> bool:
    if any(True for _ in table.iter("table") if _ is not table):
        return True
    rows = [r for r in table.iter("tr")]
    if not rows or max(sum(1 for c in r if c.tag in ("td", "th")) for r in rows) < 2:
        return True
    for cell in table.iter("td", "th"):
        if len("".join(cell.text_content().split())) > 400:
            return True
    return False


def _nl_run(m: re.Match) -> str:
    return "\x00" if "\n" in m.group() else m.group()


class _Lines:
    """Collects output lines; each line remembers how many of its characters were link text."""

    def __init__(self):
        self.lines: list[tuple[str, int]] = []
        self._buf: list[str] = []
        self._link = 0

    def add(self, s: str, in_link: bool) -> None:
        if not s:
            return
        s = _unescape_leftovers(s)
        if "\n" in s:  # one scan of maximal runs ("\s*\n\s*" would retry every start of a long blank run)
            s = _WS_RUN.sub(_nl_run, s)
        s = _WS.sub(" ", s)
        self._buf.append(s)
        if in_link:
            self._link += len(s.strip())

    def flush(self) -> None:
        if self._buf:
            line = _join_fragments("".join(self._buf))
            if line:
                self.lines.append((line, self._link))
        self._buf, self._link = [], 0


def _cjkish(ch: str) -> bool:
    return ord(ch) > 0x2E7F


def _numeric(a: str, b: str) -> bool:
    """A source line break inside a number (``337⏎57.93``, Word-exported HTML) is not a space."""
    return (a.isdigit() or a in ".%") and (b.isdigit() or b in ".%") and (a.isdigit() or b.isdigit())


def _join_fragments(s: str) -> str:
    """Source line breaks inside a paragraph: nothing between CJK characters, a space between Latin words."""
    if "\x00" in s:
        parts = s.split("\x00")
        out = parts[0]
        for p in parts[1:]:
            if out and p and not (_cjkish(out[-1]) or _cjkish(p[0]) or _numeric(out[-1], p[0])) \
                    and not out.endswith(" ") and not p.startswith(" "):
                out += " "
            out += p
        s = out
    s = re.sub(r" {2,}", " ", s)
    return s.strip(" \t\u3000\xa0")


def _serialize(el, out: _Lines, in_link: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "br":
        out.flush()
        return
    if tag == "table" and not _is_layout_table(el):
        out.flush()
        for row in el.iter("tr"):
            cells = []
            for cell in row:
                if cell.tag not in ("td", "th"):
                    continue
                sub = _Lines()
                _serialize_children(cell, sub, in_link)
                sub.flush()
                cells.append(" ".join(t for t, _ in sub.lines))
            if any(cells):
                out.lines.append(("\t".join(cells), 0))
        if el.tail:
            out.add(el.tail, in_link)
        return
    block = tag in _BLOCK or tag == "td" or tag == "th"
    if block:
        out.flush()
    _serialize_children(el, out, in_link or tag == "a")
    if block:
        out.flush()


def _serialize_children(el, out: _Lines, in_link: bool) -> None:
    if el.text:
        out.add(el.text, in_link)
    for child in el:
        if isinstance(child.tag, str):
            _serialize(child, out, in_link)
        if child.tail:
            out.add(child.tail, in_link and child.tag != "a")


# traditional forms of the characters the chrome patterns use, so the patterns match either script
_T2S = str.maketrans(dict(zip("當號體關閉視護鏈連結資訊閱讀聞權網標識碼備發佈時間來瀏覽點擊條辦單術頁覽維護錶薦熱門類態處",
                              "当号体关闭视护链连结资讯阅读闻权网标识码备发布时间来浏览点击条办单术页览维护表荐热门类态处",
                              strict=True)))
_T2S_EXTRA = {"列印": "打印", "連結": "链接", "资讯": "信息", "发佈": "发布"}


def _simplified(line: str) -> str:
    s = line.translate(_T2S)
    for a, b in _T2S_EXTRA.items():
        s = s.replace(a.translate(_T2S), b)
    return s


def _clean_lines(lines: list[tuple[str, int]], removed: list) -> list[str]:
    out: list[str] = []
    related = False
    n = len(lines)
    for i, (original, link) in enumerate(lines):
        line = _simplified(original)
        short = len(line) <= 120
        linky = link >= 0.8 * len(line.replace(" ", ""))
        if related:
            if linky or len(line) <= 40 or _FOOTER.search(line):
                removed.append(("related", original))
                continue
            related = False
        kind = None
        if short and _BREADCRUMB.search(line):
            kind = "breadcrumb"
        elif short and _TOOL_ANCHOR.search(line) and len(_TOOL_WORDS.sub("", line)) <= 6:
            kind = "toolbar"
        elif short and _PREV_NEXT.search(line):
            kind = "prev_next"
        elif short and _RELATED.search(line) and (i >= n // 2 or len(line) <= 12):
            kind = "related"
            related = True
        elif len(line) <= 200 and _FOOTER.search(line):
            kind = "footer"
        elif short and _INFO.search(line) and not line.endswith(("。", "；")):
            kind = "info"
        elif linky and line.count("|") + line.count("｜") >= 2:
            kind = "links"
        if kind:
            removed.append((kind, original))
        else:
            out.append(original)
    # runs of three or more link-only lines are link lists (navigation, spam), not body text
    keep: list[str] = []
    linkflags = {line for line, link in lines if link >= 0.8 * len(line.replace(" ", "")) and link > 0}
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and out[j] in linkflags and not out[j].startswith("附件"):
            j += 1
        if j - i >= 3:
            removed.extend(("links", s) for s in out[i:j])
            i = j
            continue
        keep.append(out[i])
        i += 1
    return keep


def _page_meta(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("http-equiv") or "").strip().lower()
        content = (m.get("content") or "").strip()
        if key in _META_KEYS and content and _META_KEYS[key] not in meta:
            meta[_META_KEYS[key]] = _norm_ws(content)
    t = root.find(".//title")
    if t is not None and t.text_content().strip():
        meta["title"] = _norm_ws(t.text_content())
    return meta


def _headline(root, body, meta: dict[str, str]) -> tuple[str | None, bool, object]:
    """``(headline, inside_body, element)``: ArticleTitle, else the h1/h2/*title* block that best matches <title>
    (``element`` is None for the ArticleTitle of a <meta> or when nothing matched)."""
    page_title = meta.get("title", "")
    cands = []
    for el in root.iter("h1", "h2", "h3", "div", "p", "td", "span", "font", "b", "strong"):
        text = _norm_ws(el.text_content())
        if not 4 <= len(text) <= 120 or _is_chrome(el):
            continue
        tokens = " ".join(_tokens(el))
        big_font = el.tag == "font" and el.get("size", "").strip() in ("4", "5", "6", "7", "+1", "+2", "+3")
        titled = "title" in tokens or "biaoti" in tokens or el.tag in ("h1", "h2") or big_font
        in_title = bool(page_title) and page_title.startswith(text)
        inside = el is body or any(a is body for a in el.iterancestors())
        if not (titled or (in_title and not inside)) or (el.tag not in ("h1", "h2") and len(el) > 3):
            continue
        rank = (text == meta.get("ArticleTitle"), titled and in_title, el.tag == "h1", titled, in_title)
        cands.append((rank, text, inside, el))
    if meta.get("ArticleTitle") and not any(c[0][0] for c in cands):
        return meta["ArticleTitle"], False, None
    if not cands:
        return None, False, None
    best = max(cands, key=lambda c: c[0])
    return best[1], best[2], best[3]


# on white space already collapsed to single spaces; never the 2021—2025 of a title
_TITLE_SEP = re.compile(r"[_|｜]| [-—–]+ |(?<!\d)-{2,}(?!\d)")


def _page_title(meta: dict[str, str]) -> str | None:
    """The article title inside a page's <title> (``关于…的通知_通知公告_某某中学``: its longest part)."""
    parts = [p.strip() for p in _TITLE_SEP.split(_norm_ws(meta.get("title") or ""))]
    best = max(parts, key=len, default="")
    return best if len(best) >= 4 else None


# libxml2 stops building the tree at depth 255 (the rest of the page is lost); deeper pages are flattened first
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_TAG_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]{0,40})(?=[\s/>])[^<>]*>|<!--|<!\[CDATA\[")
_MAX_DEPTH = 180  # nesting kept by _flatten_deep (below the parser's 255 and Python's recursion limit)
_STACK_SEARCH = 64  # how far down the open-tag stack a closing tag looks for its opening tag


def _depth_exceeded(parser) -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" or "depth" in e.message for e in parser.error_log)


def _flatten_deep(text: str, limit: int) -> str:
    """``text`` with the start and end tags of elements nested deeper than ``limit`` removed (their text and
    their children's text stay, in order; a removed block element leaves a ``<br>`` so its lines stay apart).
    One left-to-right scan over the tags; comments and raw-text elements are skipped."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, dropped)
    pos = 0
    for m in _TAG_TOKEN.finditer(text):
        if m.start() < pos:
            continue  # inside a comment skipped below
        if m.group(0) in ("<!--", "<![CDATA["):
            end = text.find("-->" if m.group(0) == "<!--" else "]]>", m.end())
            end = len(text) if end < 0 else end + 3
            out.append(text[pos:end])
            pos = end
            continue
        name = m.group(2).lower()
        out.append(text[pos:m.start()])
        pos = m.end()
        if m.group(1):  # a closing tag: pop up to its opening tag when it is near the top of the stack
            for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _STACK_SEARCH), -1):
                if stack[k][0] == name:
                    dropped = stack[k][1]
                    del stack[k:]
                    out.append(("<br>" if name in _BLOCK else "") if dropped else m.group(0))
                    break
            else:
                out.append(m.group(0))
            continue
        if name in _VOID or m.group(0).endswith("/>"):
            out.append(m.group(0))
            continue
        drop = len(stack) >= limit
        stack.append((name, drop))
        out.append(("<br>" if name in _BLOCK else "") if drop else m.group(0))  # a dropped block keeps its break
        if name in ("script", "style", "textarea", "title"):  # raw text: no tags inside
            close = re.compile(r"</" + name + r"\s*>", re.IGNORECASE).search(text, pos)
            end = len(text) if close is None else close.start()
            out.append(text[pos:end])
            pos = end
    out.append(text[pos:])
    return "".join(out)


def _parse(text: str, source: str | None):
    """The lxml tree of ``text``. A page nested deeper than libxml2 builds is parsed again after flattening."""
    limit = _MAX_DEPTH
    for _ in range(3):
        parser = lxml.html.HTMLParser()
        try:
            root = lxml.html.document_fromstring(text, parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise DecodeError(f"not parseable as HTML: {exc}", source=source) from None
        if not _depth_exceeded(parser):
            break
        text = _flatten_deep(text, limit)
        limit //= 2
    return root


def extract_body(text: str, source: str | None = None) -> tuple[str, dict[str, str], dict]:
    """``(body_text, meta, hints)`` from decoded HTML."""
    text = re.sub(r"^\s*<\?xml[^>]{0,200}\?>", "", text)
    root = _parse(text, source)
    meta = _page_meta(root)
    from policytext.read import links as page_links  # the page's attachment and image links (read/links.py)

    base = page_links.page_base(root, source)  # before <head> (and its <base href>) is dropped
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS, with_tail=False)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden",
                                                 el.get("style", ""), re.IGNORECASE):
            el.drop_tree()
    removed: list = []
    stats = _Stats(root)
    body, how = _find_body(root, stats)
    _strip_chrome(body, stats, removed)
    out = _Lines()
    _serialize(body, out)
    out.flush()
    lines = _clean_lines(out.lines, removed)
    title, inside, head_el = _headline(root, body, meta)
    links = page_links.page_links_of(root, body, head_el, stats, base)
    if not title and links and page_links.only_links(lines, out.lines):
        title = _page_title(meta)  # a page of only attachments or images: its <title> is its minimal body
        inside = False
    title_lines = []
    if title:
        title_lines = [title]
        head = [_norm_ws(x) for x in lines[:3]]
        if not inside and title not in head:
            lines.insert(0, title)
    hints = {"title_lines": title_lines, "removed": removed, "container": how}
    tables = sum(1 for t in body.iter("table") if not _is_layout_table(t))
    if tables:
        hints["tables"] = tables
    headings = [_norm_ws(h.text_content()) for h in body.iter("h2", "h3", "h4") if _norm_ws(h.text_content())]
    if headings:
        hints["headings"] = headings
    if links:
        hints["links"] = links
    return "\n".join(lines), meta, hints


def read_html(data: bytes, name: str = "", *, charset: str | None = None) -> RawDocument:
    """Article body of an HTML page as text (paragraphs by ``\\n``, table cells by ``\\t``).

    ``charset``: the HTTP Content-Type charset when known (fetch / WARC); it is tried before the page's own
    declaration and, like it, only used when it decodes the bytes to plausible text.
    """
    text, enc = _decode(data, name, charset)
    body, meta, hints = extract_body(text, name or None)
    return RawDocument(text=body, format="html", encoding=enc, meta=meta, hints=hints)

