"""A page's own links: the files it attaches (附件：XX.doc, a .pdf link) and the images it shows.

Found in the page's content block, never in menus, sidebars, 上一篇/下一篇 lines, share bars or footers: the
article (the smallest block holding both the body read/html.py found and the headline), else the body when it
holds text (with the attachment blocks right after it), else the known content containers, else the page
outside its chrome. An ``<a>`` is an attachment when its address (path, or a query value naming a file) or its
text names a file extension of ``ATTACHMENT_EXTS``, or when it stands in a 附件 context (its text or line
starts with 附件, or a ``附件：`` line of its own comes before it through link-only lines); an ``<img>`` is a
content image unless it is declared tiny (icons, spacers) or sits inside an attachment link (a file-type icon).
A page whose body is only such links is a document (read/html.py, pipeline.py).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from policytext.read.html import (
    _BLOCK,
    _PREV_NEXT,
    _RELATED,
    _decode,
    _is_chrome,
    _is_content,
    _norm_ws,
    _simplified,
    _Stats,
    extract_body,
)

__all__ = ["ATTACHMENT_EXTS", "IMAGE_EXTS", "LABEL_ONLY", "only_links", "page_base", "page_links", "page_links_of"]

ATTACHMENT_EXTS = frozenset("pdf doc docx wps xls xlsx et ppt pptx dps zip rar 7z ofd txt csv".split())
IMAGE_EXTS = frozenset("jpg jpeg png gif bmp tif tiff webp".split())
_EXT_IN_TEXT = re.compile(r"\.([A-Za-z0-9]{1,5})(?![A-Za-z0-9])")
# 附件：, 附件1：, 相关附件, 附件下载: a label that makes the links after it attachments
_ATTACH_LABEL = re.compile(r"^[【\[（(]?\s*(?:相关|文件)?附\s*件")
LABEL_ONLY = re.compile(r"^[【\[]?\s*(?:相关|文件)?附\s*件\s*(?:下载|列表|清单)?\s*[0-9一二三四五六七八九十]{0,3}\s*"
                         r"[:：]?\s*[】\]]?$")
_TINY = 40  # an <img> declared narrower or lower than this many pixels is an icon or a spacer
_LINK_BLOCK = frozenset(_BLOCK | {"td", "th"})
_PARAGRAPH = frozenset("p li dd dt td th tr font span b strong h1 h2 h3 h4 h5 h6".split())


def _ext_of(path: str) -> str | None:
    """The lower-case extension ending a URL path or a file name, or None."""
    m = re.search(r"\.([A-Za-z0-9]{1,5})$", path.rsplit("/", 1)[-1].strip())
    return m.group(1).lower() if m else None


def _href_ext(href: str) -> str | None:
    """The file extension a link points to: of its path, else of a query value naming a file
    (``download.jsp?file=名单.doc``)."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    ext = _ext_of(unquote(parts.path))
    if ext in ATTACHMENT_EXTS or ext in IMAGE_EXTS:
        return ext
    for _, value in parse_qsl(parts.query, keep_blank_values=False):
        e = _ext_of(value)
        if e in ATTACHMENT_EXTS or e in IMAGE_EXTS:
            return e
    return None


def _text_ext(text: str) -> str | None:
    """The extension a link's text names at its end (``名单.doc``, ``名单.pdf（35KB）``)."""
    found = None
    for m in _EXT_IN_TEXT.finditer(text):
        if m.group(1).lower() in ATTACHMENT_EXTS or m.group(1).lower() in IMAGE_EXTS:
            found = m.group(1).lower()
    return found


def _resolve(href: str, base: str | None) -> str:
    """``href`` made absolute against ``base`` (an http(s) page URL or <base href>), its fragment dropped; as
    written when there is no base (a page read from a file: batch resolves it against the file's folder)."""
    href = href.strip()
    if base:
        try:
            href = urljoin(base, href)
        except ValueError:
            pass
    return href.split("#", 1)[0]


class _Page:
    """One page's link search: element texts and chrome verdicts, each computed once (a page of 20,000 links in
    one block must not rebuild that block's text per link)."""

    def __init__(self, stats: _Stats):
        self.stats = stats
        self._text: dict = {}
        self._chrome: dict = {}
        self._label: dict = {}  # block → whether a label-only block comes before it through link-only blocks

    def text(self, el) -> str:
        """The start of ``el``'s text, white space normalized (enough for every label and line test here)."""
        t = self._text.get(el)
        if t is None:
            t = self._text[el] = _norm_ws(el.text_content()[:400])[:200]
        return t

    def _own_chrome(self, node) -> bool:
        return (isinstance(node.tag, str) and (node.tag in ("nav", "aside", "header", "footer") or _is_chrome(node))
                and not _ATTACH_LABEL.match(self.text(node)))  # a chrome-named block that says 附件 is kept

    def in_chrome(self, el, stop) -> bool:
        """Whether ``el`` or an ancestor below ``stop`` is page chrome (menus, footers, share/print bars,
        上一篇/下一篇 blocks) that is not itself an attachment block."""
        path = []
        node, verdict = el, False
        while node is not None and node is not stop:
            known = self._chrome.get((node, stop))
            if known is not None:
                verdict = known
                break
            path.append(node)
            node = node.getparent()
        for n in reversed(path):  # from the top down: a node is chrome when it or an ancestor is
            verdict = verdict or self._own_chrome(n)
            self._chrome[(n, stop)] = verdict
        return verdict

    def labelled(self, a, stop) -> bool:
        """An <a> in a 附件 context: its text starts with 附件, its block's line does, or its block follows a
        label-only block (``附件：`` on a line of its own) through blocks that hold only links."""
        if _ATTACH_LABEL.match(self.text(a)):
            return True
        block = _block_of(a, stop)
        if block is None:
            return False
        if _ATTACH_LABEL.match(self.text(block)):
            return True
        return self._after_label(block)

    def _after_label(self, block) -> bool:
        """``block`` follows a label-only block through blocks of links only (memoized along the way)."""
        walked = []
        prev, verdict = block.getprevious(), False
        while prev is not None:
            if isinstance(prev.tag, str):
                known = self._label.get(prev)
                if known is not None:
                    verdict = known
                    break
                if LABEL_ONLY.match(self.text(prev)):
                    verdict = True
                    break
                if self.stats.nonlink(prev) > 4:
                    break  # a block of ordinary text: the label does not reach past it
                walked.append(prev)
            prev = prev.getprevious()
        for b in walked:
            self._label[b] = verdict
        return verdict

    def skipped_line(self, a, stop) -> bool:
        """A link on a 上一篇/下一篇 or 相关链接 line is navigation, whatever it points to."""
        block = _block_of(a, stop)
        texts = (self.text(a), self.text(block)[:60]) if block is not None else (self.text(a),)
        return any(p.search(_simplified(x)) for x in texts for p in (_PREV_NEXT, _RELATED))


def _block_of(el, stop):
    node = el.getparent()
    while node is not None and node is not stop and not (isinstance(node.tag, str) and node.tag in _LINK_BLOCK):
        node = node.getparent()
    return node if node is not None else stop


def _px(value: str | None) -> int | None:
    m = re.match(r"\s*(\d{1,5})\s*(?:px)?\s*$", value or "")
    return int(m.group(1)) if m else None


def _collect_links(page: _Page, scope, base: str | None) -> list[dict]:
    """The attachment and image links of ``scope`` in document order, each URL once."""
    out: list[dict] = []
    seen: dict[str, dict] = {}
    icons: set = set()
    for el in scope.iter("a", "img"):
        if page.in_chrome(el, scope):
            continue
        if el.tag == "a":
            href = (el.get("href") or "").strip()
            if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
                continue
            text = _norm_ws(el.text_content()) or _norm_ws(el.get("title") or "")
            ext = _href_ext(href) or _text_ext(text)
            if ext is None and not page.labelled(el, scope):
                continue
            if ext is not None and ext not in ATTACHMENT_EXTS and ext not in IMAGE_EXTS:
                continue
            if page.skipped_line(el, scope):
                continue
            icons.update(el.iter("img"))  # an icon inside an attachment link is not a content image
            kind = "image" if ext in IMAGE_EXTS else "attachment"
            url = _resolve(href, base)
            if not text:
                text = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) if "://" in url or "/" in url else url
        else:
            if el in icons:
                continue
            src = (el.get("src") or "").strip()
            lazy = (el.get("data-src") or el.get("data-original") or "").strip()
            if lazy and (not src or src.startswith("data:")):
                src = lazy
            if not src or src.lower().startswith(("data:", "javascript:")):
                continue
            w, h = _px(el.get("width")), _px(el.get("height"))
            if (w is not None and w < _TINY) or (h is not None and h < _TINY):
                continue
            kind, url = "image", _resolve(src, base)
            text = _norm_ws(el.get("alt") or el.get("title") or "")
            ext = _href_ext(src)
        if url in seen:
            if not seen[url]["text"] and text:
                seen[url]["text"] = text
            continue
        link = {"kind": kind, "url": url, "text": text[:300], "ext": ext}
        seen[url] = link
        out.append(link)
    return out


def _common_ancestor(a, b):
    ancestors = {id(x) for x in (a, *a.iterancestors())}
    for x in (b, *b.iterancestors()):
        if id(x) in ancestors:
            return x
    return None


def page_links_of(root, body, head_el, stats: _Stats, base: str | None) -> list[dict]:
    """The page's own attachment and image links (see the module doc): those of the article (the smallest
    block holding both the body and the headline), else of the body when it holds text (and of the attachment
    blocks right after it), else of the known content containers, else of the page outside its chrome."""
    page = root.find("body")
    page = page if page is not None else root
    wide = (page, root)
    ctx = _Page(stats)
    if head_el is not None and body is not None:
        art = _common_ancestor(body, head_el)
        if art is not None and art not in wide:
            links = _collect_links(ctx, art, base)
            if links:
                return links
    scopes = []
    if body is not None and body.tag in _PARAGRAPH and body.getparent() is not None \
            and body.getparent() not in wide:
        body = body.getparent()  # the densest paragraph was taken for the body: its links are its block's
    if body is not None and body not in wide and stats.nonlink(body) >= 50:
        scopes = [body]
        nxt = body.getnext()  # an attachment block right after the text (div.attach after div.TRS_Editor)
        for _ in range(3):
            if nxt is None:
                break
            if isinstance(nxt.tag, str) and not ctx.in_chrome(nxt, page):
                scopes.append(nxt)
            nxt = nxt.getnext()
    else:
        chosen: set = set()
        for el in page.iter():
            if isinstance(el.tag, str) and _is_content(el) and not ctx.in_chrome(el, page) \
                    and not any(a in chosen for a in el.iterancestors()):
                chosen.add(el)
                scopes.append(el)
    links: list[dict] = []
    seen: set[str] = set()
    for k, scope in enumerate(scopes):
        for x in _collect_links(ctx, scope, base):
            if x["url"] not in seen and (k == 0 or body not in scopes or x["kind"] == "attachment"):
                seen.add(x["url"])
                links.append(x)
    if links or (scopes and scopes[0] is body):
        return links
    return _collect_links(ctx, page, base)


def only_links(lines: list[str], counted: list[tuple[str, int]]) -> bool:
    """The body's lines are nothing but link text and 附件 labels (or there are none)."""
    link_chars = dict(counted)
    for line in lines:
        bare = len(line.replace(" ", ""))
        if not (LABEL_ONLY.match(line) or link_chars.get(line, 0) >= 0.8 * bare):
            return False
    return True


def page_base(root, source: str | None) -> str | None:
    """What a page's links are relative to: its ``<base href>`` (against the page's URL), else the page's URL
    when ``source`` is an http(s) URL; None for a page read from a file without an absolute ``<base>``."""
    base = source if source and source.lower().startswith(("http://", "https://")) else None
    for b in root.iter("base"):
        href = (b.get("href") or "").strip()
        if href:
            return _resolve(href, base) if base else (href if "://" in href else None)
    return base


def page_links(data: bytes, url: str, charset: str | None = None) -> list[dict]:
    """The attachment and image links of the HTML page ``data`` read from ``url`` (what the fetcher follows with
    ``--follow-attachments``): the ``hints["links"]`` of :func:`read_html`, URLs absolute when ``url`` is an
    http(s) URL. A page that cannot be decoded or parsed has none."""
    from policytext.errors import PolicytextError

    try:
        text, _ = _decode(data, url, charset)
        return extract_body(text, url)[2].get("links", [])
    except (PolicytextError, ValueError):
        return []
