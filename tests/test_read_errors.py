"""Every bad input gets its own error class, a one-line message, and ``source`` set to the file name."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from policytext.errors import (
    CorruptFileError,
    DecodeError,
    EmptyInputError,
    InputError,
    PolicytextError,
    ScannedPDFError,
    TooLargeError,
    UnsupportedTypeError,
)
from policytext.read import RawDocument, detect_format, read_bytes, read_path

FIX = Path(__file__).resolve().parent / "fixtures" / "read"


@pytest.mark.parametrize("name,cls,words", [
    ("empty.txt", EmptyInputError, "empty"),
    ("blank.txt", EmptyInputError, "empty"),
    ("truncated.pdf", CorruptFileError, "PDF"),
    ("encrypted.pdf", CorruptFileError, "password"),
    ("scanned.pdf", ScannedPDFError, "OCR"),
    ("notdocx.docx", CorruptFileError, "word/document.xml"),
    ("random.txt", DecodeError, "binary"),
])
def test_fixture_errors(name, cls, words):
    with pytest.raises(cls) as e:
        read_path(FIX / name)
    err = e.value
    assert isinstance(err, InputError) and isinstance(err, ValueError)
    assert err.source == str(FIX / name)
    assert words in err.message and "\n" not in err.one_line()
    assert err.one_line().startswith(str(FIX / name) + ": ")


def test_oversize():
    data = (FIX / "p1_gbk_trs.html").read_bytes()
    with pytest.raises(TooLargeError, match="over the 1000-byte limit") as e:
        read_bytes(data, "big.html", max_bytes=1000)
    assert e.value.source == "big.html"
    with pytest.raises(TooLargeError):
        read_path(FIX / "report.pdf", max_bytes=1000)


def test_old_doc_asks_for_conversion():
    with pytest.raises(UnsupportedTypeError, match="convert it to .docx"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old.doc")
    with pytest.raises(UnsupportedTypeError, match="convert it to .docx"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "noext")


@pytest.mark.parametrize("data,name", [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "scan.png"),
                                       (b"PK\x03\x04junk", "a.zip")])
def test_unsupported(data, name):
    with pytest.raises(UnsupportedTypeError) as e:
        read_bytes(data, name)
    assert e.value.source == name


def test_zip_without_docx_member_sniffed():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UnsupportedTypeError, match="not a .docx"):
        read_bytes(buf.getvalue(), "download")


def test_corrupt_docx_zip():
    data = (FIX / "table.docx").read_bytes()
    with pytest.raises(CorruptFileError, match="zip"):
        read_bytes(data[: len(data) // 2], "half.docx")


def test_docx_zip_bomb_guard():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>" + b" " * 5_000_000)
    with pytest.raises(TooLargeError, match="inflates"):
        read_bytes(buf.getvalue(), "bomb.docx", max_bytes=1_000_000)


@pytest.mark.parametrize("fixture,fmt", [("report.pdf", "pdf"), ("table.docx", "docx"), ("p2_utf8_meta.html", "html"),
                                         ("gb18030.txt", "txt")])
def test_sniffing_without_extension(fixture, fmt):
    data = (FIX / fixture).read_bytes()
    assert detect_format(data, "download") == fmt
    doc = read_bytes(data, "download")
    assert isinstance(doc, RawDocument) and doc.format == fmt
    assert doc.text == read_path(FIX / fixture).text


def test_html_with_no_text():
    with pytest.raises(EmptyInputError, match="no text"):
        read_bytes(b"<html><body><script>var a=1;</script></body></html>", "blank.html")


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_path(tmp_path)


def test_all_errors_are_policytext_errors():
    for name in ("empty.txt", "truncated.pdf", "notdocx.docx", "random.txt", "scanned.pdf"):
        with pytest.raises(PolicytextError):
            read_path(FIX / name)


def test_magic_bytes_beat_a_wrong_extension():
    pdf = (FIX / "report.pdf").read_bytes()
    assert read_bytes(pdf, "notice.html").format == "pdf"
    assert detect_format((FIX / "table.docx").read_bytes(), "file.txt") == "docx"


@pytest.mark.parametrize("name", ["list.jsp", "view.aspx", "index.php", "detail.do", "政府工作报告(2026.1.25)"])
def test_web_page_names(name):
    data = (FIX / "p2_utf8_meta.html").read_bytes()
    assert read_bytes(data, name).format == "html"


def test_html_sniffed_after_comments_and_whitespace():
    data = b"\n\n<!-- TRS CMS -->\n<!--[if IE]><![endif]-->\n<HTML><BODY><p>" + "通知正文内容".encode() + b"</p></BODY></HTML>"
    assert detect_format(data, "page") == "html"
    assert read_bytes(data, "page").text == "通知正文内容"


def test_ofd_and_wps_ask_for_conversion():
    with pytest.raises(UnsupportedTypeError, match="export it to PDF"):
        read_bytes(b"PK\x03\x04rest", "notice.ofd")
    with pytest.raises(UnsupportedTypeError, match="convert it to .docx"):
        read_bytes(b"\x00\x01", "notice.wps")
