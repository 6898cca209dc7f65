"""Adversarial text inputs, generated (no big files in the repository): each is a function of ``n`` (the number
of repeated units) returning the text, so a test can run it at ``n`` and ``8n`` and compare the times.

The units are the characters and words the patterns of ``policytext`` look for (digits, numerals, 年, 、, ，,
spaces, brackets, quotes, headings, comparators, due-date words) repeated without the text that would end a
match, plus every word of the lexicons (``policytext/data/lexicon/*.json``), so a rule added there is pumped
too. A few cases have a *tail* appended after the pumped run: the character that makes a greedy match give
back (a run of digits ending in a non-digit, a run of 《 never closed).
"""
from __future__ import annotations

import json
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent.parent / "policytext" / "data" / "lexicon"

# name -> (unit, tail): the text is unit * n + tail
UNITS: dict[str, tuple[str, str]] = {
    "digits": ("1", "年"),
    "digits_year": ("2025", "年"),
    "years": ("2025年", ""),
    "year_word": ("年", "底前"),
    "year_month_day": ("2025年6月30日", "前"),
    "yearless_dates": ("6月30日", "前"),
    "year_ranges": ("2021—", "2025年"),
    "cn_year": ("二〇二五年", "底"),
    "cn_digits": ("一二三四五六七八九〇", "个"),
    "cn_places": ("十百千万亿", "元"),
    "cn_one": ("一", "项"),
    "cn_ten": ("十", "四五"),
    "capitals": ("壹贰叁肆伍陆柒捌玖拾佰仟", "元"),
    "mixed_numerals": ("1万", "亿元"),
    "decimal_dots": ("1.", "5%"),
    "thousands": ("1,", "000"),
    "percent": ("1%", "以上"),
    "percent_words": ("百分之", "五十"),
    "above_below": ("以上以下", ""),
    "comparators": ("不低于不超过", "80%"),
    "reach": ("达到", "90%"),
    "range_tilde": ("1~", "2个"),
    "dunhao": ("、", "等"),
    "dunhao_items": ("发展、", "等“六统一”"),
    "commas": ("，", "。"),
    "comma_items": ("目标，", "。"),
    "spaces": (" ", "。"),
    "space_cjk": ("发 ", "展"),
    "ideographic_space": ("\u3000", "一、"),
    "nbsp": ("\u00a0", "。"),
    "newlines": ("\n", "一、"),
    "blank_lines": ("\n \n", "（一）"),
    "tabs": ("\t", "1."),
    "no_punct": ("推进教育优质均衡发展加强学校管理", "。"),
    "book_open": ("《", "》"),
    "book_nested": ("《关于", "》"),
    "paren_open": ("（", "）"),
    "paren_ascii": ("(", ")"),
    "paren_num": ("（一", "）"),
    "quote_open": ("“", "”"),
    "quote_pairs": ("“六统一”", "。"),
    "brackets_docno": ("〔2025", "〕1号"),
    "square_brackets": ("【", "】"),
    "heading_top": ("一、", "总体要求"),
    "heading_sub": ("（一）", "目标"),
    "heading_chapter": ("第一章", "总则"),
    "di": ("第", "一条"),
    "list_digits": ("1.", "加强"),
    "yishi": ("一是", "加强"),
    "number_word": ("三个", "统一"),
    "tongyi": ("统一", "管理"),
    "due": ("到2025年底前", "完成"),
    "before": ("前", "完成"),
    "every_year": ("每年", "5月"),
    "plan_period": ("“十四五”", "时期"),
    "issuer_words": ("市人民政府办公室", "关于印发"),
    "title_words": ("关于印发", "的通知"),
    "notice": ("的通知", ""),
    "docno_words": ("发〔", "〕号"),
    "signature": ("人民政府", "\n2025年6月1日"),
    "colon_runs": ("：", "一、"),
    "semicolons": ("；", "。"),
    "question_marks": ("?", "学"),
    "pipes": ("|", "链接"),
    "dash_runs": ("—", "2025年"),
    "dots": ("…", "。"),
    "url_like": ("http://a.gov.cn/", "x.html"),
    "email_like": ("a.", "@b.cn"),
    "fullwidth_digits": ("１２３４５６７８９０", "年"),
    "ascii_letters": ("abc", "。"),
    "emoji": ("\U0001f600", "。"),
}


def text(name: str, n: int) -> str:
    unit, tail = UNITS[name]
    return unit * n + tail


def lexicon_words() -> list[str]:
    """Every string of two or more characters in the lexicon files (words, cues, patterns' literal parts)."""
    words: set[str] = set()

    def walk(v) -> None:
        if isinstance(v, str):
            if 2 <= len(v) <= 12 and not v.isascii():
                words.add(v)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for k, x in v.items():
                if k not in ("note", "about", "_about", "_doc", "doc"):
                    walk(x)

    for path in sorted(LEXICONS.glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return sorted(words)


def lexicon_text(n: int, stride: int = 1) -> str:
    """All lexicon words, each repeated ``n`` times in a row, with no punctuation between runs."""
    return "".join(w * n for w in lexicon_words()[::stride])


# policy-like sentences, each with something an extractor looks at twice (a figure, a due date, a bundle, a goal
# sentence, a table-like unit cell, a ratio of the three sectors, a heading-like phrase, a one-off "一次")
SENTENCES = ("到2025年底前，全市义务教育巩固率达到96%以上，推行“六统一”管理，新建学校12所；",
             "主要目标是：地区生产总值增长5%左右。", "二、落实“双报到”制度，在职党员到社区报到。",
             "每月走访一次，全年不少于十二次。", "三次产业结构调整为8.5:37.2:54.3，", "新增就业万人以上，",
             "（一）加强组织领导。2026年6月30日前完成“三个一”建设，", "力争“十四五”时期达到1.2万亿元。")


def single_line(chars: int, mixed: bool = False) -> str:
    """One long line of policy-like sentences and no line break (``mixed``: all of SENTENCES, in turn)."""
    s = "".join(SENTENCES) if mixed else SENTENCES[0]
    return (s * (chars // len(s) + 1))[:chars]


def nested_html(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "关于加强学校管理的通知" + "</div>" * depth + "</body></html>"


def nested_html_unclosed(depth: int) -> str:
    return "<html><body>" + "<div><span>" * depth + "关于加强学校管理的通知"


# --- files: each builder writes one hostile file into a folder and returns its path --------------------------
GOOD = "关于加强学校管理的通知\n各区县教育局：\n为加强学校管理，到2025年，全市义务教育巩固率达到96%以上。\n"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(paragraphs: list[str]) -> bytes:
    import io
    import zipfile
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types xmlns='http://schemas.openxmlformats.org/"
                   "package/2006/content-types'/>")
        z.writestr("word/document.xml", f"<w:document xmlns:w='{W_NS}'><w:body>{body}</w:body></w:document>")
    return b.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF of ASCII lines in Helvetica (no font files needed), written by hand."""
    ops = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(
        "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for s in lines) + " ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 "
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(ops) + ops.encode() + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def zip_bomb_docx() -> bytes:
    """A .docx of ~200 KB whose document.xml inflates to ~1 GB of one paragraph's text."""
    import io
    import zipfile

    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f"<w:document xmlns:w='{W_NS}'><w:body><w:p><w:r><w:t>".encode())
            block = ("发" * (1 << 18)).encode()
            for _ in range(1280):  # 1280 × 768 KB ≈ 1 GB
                f.write(block)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return b.getvalue()


CHROME_HTML = ("<html><head><title>首页</title></head><body><div class='nav'><a href='/'>首页</a> | <a href='/a'>"
               "机构概况</a> | <a href='/b'>政务公开</a></div><div class='footer'>版权所有：某某市人民政府办公室 "
               "主办单位：某某市人民政府 网站标识码：1234567890 ICP备案号：京ICP备12345678号 网站地图 "
               "联系我们</div></body></html>")
TITLE_ONLY_HTML = ("<html><head><title>关于加强学校管理的通知</title></head><body><h1>关于加强学校管理的通知</h1>"
                   "</body></html>")

BAD_FILES = {
    "empty.txt": lambda: b"",
    "blank.txt": lambda: " \n\t\n\u3000\n".encode(),
    "empty.pdf": lambda: b"",
    "empty.docx": lambda: b"",
    "empty.html": lambda: b"",
    "garbage.bin": lambda: bytes((i * 7919 + 13) % 256 for i in range(40_000)),
    "garbage.txt": lambda: bytes((i * 104729 + 7) % 256 for i in range(40_000)),
    "garbage.pdf": lambda: b"%PDF-1.4\n" + bytes((i * 31 + 5) % 256 for i in range(20_000)),
    "garbage.docx": lambda: b"PK\x03\x04" + bytes((i * 17 + 3) % 256 for i in range(20_000)),
    "truncated.docx": lambda: docx_bytes(GOOD.split("\n"))[:300],
    "truncated_half.docx": lambda: (lambda d: d[: len(d) // 2])(docx_bytes(GOOD.split("\n") * 50)),
    "truncated.pdf": lambda: (lambda d: d[: len(d) // 2])(pdf_bytes(["School places rise to 96 percent."] * 20)),
    "nested.html": lambda: nested_html(100_000).encode(),
    "nested_unclosed.html": lambda: nested_html_unclosed(100_000).encode(),
    "gb18030.txt": lambda: (GOOD * 3).encode("gb18030"),
    "big5.txt": lambda: ("關於加強學校管理的通知\n各區縣教育局：\n為加強學校管理，到2025年，全市義務教育鞏固率達到96%以上。\n"
                         * 3).encode("big5"),
    "utf16le.txt": lambda: (GOOD * 3).encode("utf-16-le"),
    "utf16be.txt": lambda: (GOOD * 3).encode("utf-16-be"),
    "chrome.html": lambda: CHROME_HTML.encode(),
    "title_only.html": lambda: TITLE_ONLY_HTML.encode(),
}
