"""decode_text: BOMs, strict trials, plausibility tie-breaking, lossy fallback, binary rejection."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.errors import DecodeError, EmptyInputError
from policytext.read import read_bytes
from policytext.read.encoding import COMMON_HANZI, charset_from_html, decode_text, normalize_charset, plausibility

SIMP = "各县市区教育局要加强领导，统筹推进义务教育均衡发展，2019年全市集团化覆盖率达到95%以上。"
TRAD = "各鄉鎮人民政府，縣政府各相關部門：經縣政府同意，現將發展規劃印發給你們，請認真貫徹執行。"


@pytest.mark.parametrize("text,enc,want", [
    (SIMP, "utf-8", "utf-8"), (SIMP, "gb18030", "gb18030"), (SIMP, "gbk", "gb18030"),
    (TRAD, "utf-8", "utf-8"), (TRAD, "big5", "big5"), (TRAD, "gb18030", "gb18030"),
    ("中文", "gbk", "gb18030"), ("教育", "big5", "big5"), ("政府工作报告", "gbk", "gb18030"),
    ("plain ascii text", "ascii", "utf-8"),
])
def test_strict_candidates(text, enc, want):
    assert decode_text(text.encode(enc)) == (text, want)


@pytest.mark.parametrize("bom,enc,want", [
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
])
def test_boms(bom, enc, want):
    assert decode_text(bom + SIMP.encode(enc)) == (SIMP, want)


def test_utf16_without_bom():
    assert decode_text(SIMP.encode("utf-16-le")) == (SIMP, "utf-16")
    assert decode_text("Notice 2019: ".encode("utf-16-be") + SIMP.encode("utf-16-be"))[1] == "utf-16"


def test_gbk_that_is_also_valid_big5_is_read_as_gbk():
    """The detector trap: these GBK bytes decode strictly as Big5 too (to nonsense)."""
    data = SIMP.encode("gbk")
    wrong = data.decode("big5", errors="strict") if _strict_ok(data, "big5") else None
    text, enc = decode_text(data)
    assert (text, enc) == (SIMP, "gb18030")
    if wrong is not None:
        assert plausibility(wrong) < plausibility(SIMP)


def _strict_ok(data, enc):
    try:
        data.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def test_four_byte_gb18030_is_not_gbk():
    text = "生僻字测试：𠮷野家。" + SIMP
    assert decode_text(text.encode("gb18030")) == (text, "gb18030")


def test_lossy_gb18030_under_one_percent():
    data = (SIMP * 20).encode("gb18030")
    broken = data.replace("领".encode("gb18030"), b"\xff\xff", 1)  # two undecodable bytes, pairing intact
    text, enc = decode_text(broken, "x.txt")
    assert enc == "gb18030" and 1 <= text.count("\ufffd") <= 2
    assert text.count(SIMP) == 19 and text.replace("\ufffd\ufffd", "领", 1) == SIMP * 20


def test_lossy_over_one_percent_is_decode_error():
    data = SIMP.encode("gb18030")
    broken = b"\xff".join(data[i:i + 6] for i in range(0, len(data), 6))
    with pytest.raises(DecodeError) as e:
        decode_text(broken, "bad.txt")
    assert e.value.source == "bad.txt"


def test_binary_is_decode_error():
    with pytest.raises(DecodeError, match="NUL"):
        decode_text(b"\x00\x01\x02abc" * 100, "blob.txt")
    with pytest.raises(EmptyInputError):
        decode_text(b"", "e.txt")


def test_common_hanzi_list():
    assert len(COMMON_HANZI) > 2000
    assert {"的", "国", "國", "发", "發", "展"} <= COMMON_HANZI


def test_plausibility_orders_right_and_wrong_decodings():
    data = SIMP.encode("utf-8")
    assert plausibility(SIMP) > 0.8
    assert plausibility(data.decode("gb18030", "replace")) < 0.5
    assert plausibility(data.decode("latin-1")) < 0


@pytest.mark.parametrize("label,want", [("gb2312", "gb18030"), ("GBK", "gb18030"), ("UTF-8", "utf-8"),
                                        ("big5", "big5"), ("x-unknown", None), ("", None)])
def test_normalize_charset(label, want):
    assert normalize_charset(label) == want


def test_charset_from_html_forms():
    assert charset_from_html(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">') == "gb18030"
    assert charset_from_html(b"<meta charset='utf-8'>") == "utf-8"
    assert charset_from_html(b"<html><body>no declaration</body></html>") is None


HANZI = sorted(COMMON_HANZI)
simp_text = st.text(alphabet=st.sampled_from([c for c in HANZI if _strict_ok(c.encode("utf-8"), "utf-8")]
                                            + list("，。、；：0123456789%")), min_size=12, max_size=80)


@settings(max_examples=150, deadline=None)
@given(simp_text, st.sampled_from(["utf-8", "gb18030"]))
def test_roundtrip_common_text(text, enc):
    """Any text of common hanzi (12+ characters) comes back exactly, in UTF-8 and GB18030."""
    got, used = decode_text(text.encode(enc))
    assert got == text
    assert used == ("utf-8" if text.isascii() else enc)


def test_txt_reader_unifies_line_ends():
    doc = read_bytes(("第一行\r\n第二行\r第三行\n").encode("gb18030"), "a.txt")
    assert doc.text == "第一行\n第二行\n第三行\n" and doc.encoding == "gb18030" and doc.format == "txt"


def test_charset_normalizer_only_breaks_ties_among_candidates():
    from policytext.read.encoding import _choose, _tie_break

    assert _tie_break(SIMP.encode("gbk"), ["gb18030", "big5"]) == "gb18030"
    assert _tie_break(TRAD.encode("big5"), ["gb18030", "big5"]) == "big5"
    assert _tie_break(TRAD.encode("big5"), ["utf-8"]) is None  # never an encoding outside the candidates
    # equal scores: the tie-breaker decides, not the candidate order
    same = {"gb18030": SIMP, "big5": SIMP}
    assert _choose(SIMP.encode("gbk"), dict(reversed(list(same.items())))) == "gb18030"
