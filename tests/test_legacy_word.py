"""Word 97-2003 .doc and .wps files, read through LibreOffice headless (read/legacy.py).

Fixtures are made at test time: a .docx written here with python-docx (own wording: targets, a named
mechanism, deadlines and an indicator table) is converted by LibreOffice to .doc and .wps; reading them must
give the docx's text (modulo whitespace) and the same extraction records.
"""
from __future__ import annotations

import re
import subprocess
import time
from io import BytesIO

import pytest

from policytext.errors import CorruptFileError, InputError, PolicytextError, TooLargeError, UnsupportedTypeError
from policytext.read import detect_format, legacy, read_bytes, read_path
from policytext.read.legacy import DEBIAN_PACKAGE, find_soffice, is_encrypted

pytestmark = pytest.mark.skipif(find_soffice() is None,
                                reason=f"needs LibreOffice (apt-get install {DEBIAN_PACKAGE})")

PARAS = [
    "关于加快发展县域职业教育的若干措施",
    "各乡镇人民政府，县直各有关单位：",
    "为推动职业教育提质扩容，现提出以下措施。",
    "一、发展目标",
    "到2028年，全县中等职业学校在校生规模达到6000人，“双师型”教师占专业课教师比例不低于60%。",
    "二、重点任务",
    "（一）实行“四统筹”工作机制，即统筹专业设置、统筹师资调配、统筹实训基地建设、统筹经费使用。",
    "（二）2026年12月底前，完成2个市级示范性实训基地建设；每年组织一次技能大赛。",
    "三、保障措施",
    "各单位要加强组织领导，本措施自2026年3月1日起施行，有效期5年。",
]
TABLE = [
    ["指标", "2025年", "2028年", "属性"],
    ["中职在校生规模（人）", "4800", "6000", "预期性"],
    ["生均实训工位数（个）", "0.6", "1", "约束性"],
]


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(PARAS[0], 1)
    for p in PARAS[1:6]:
        d.add_paragraph(p)
    t = d.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for i, row in enumerate(TABLE):
        for j, cell in enumerate(row):
            t.cell(i, j).text = cell
    for p in PARAS[6:]:
        d.add_paragraph(p)
    buf = BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, bytes]:
    """notice.docx and its LibreOffice conversions notice.doc (MS Word 97) and notice.wps."""
    tmp = tmp_path_factory.mktemp("legacy")
    src = tmp / "notice.docx"
    src.write_bytes(_docx_bytes())
    prof = (tmp / "profile").as_uri()
    for target in ("doc", "wps", "rtf"):
        subprocess.run([find_soffice(), f"-env:UserInstallation={prof}", "--headless", "--convert-to", target,
                        "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=120)
    return {s: (tmp / f"notice.{s}").read_bytes() for s in ("docx", "doc", "wps", "rtf")}


def _ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.mark.parametrize("kind", ["doc", "wps"])
def test_text_equals_the_docx_original(files, kind):
    data = files[kind]
    assert data.startswith(b"\xd0\xcf\x11\xe0") and detect_format(data, f"n.{kind}") == kind
    t0 = time.perf_counter()
    raw = read_bytes(data, f"notice.{kind}")
    took = time.perf_counter() - t0
    want = read_bytes(files["docx"], "notice.docx")
    assert raw.format == kind and raw.hints["converted"] == "libreoffice"
    assert _ws(raw.text) == _ws(want.text)
    # paragraphs stay lines and table rows stay rows of tab-separated cells
    assert raw.text.split("\n") == want.text.split("\n")
    assert "生均实训工位数（个）\t0.6\t1\t约束性" in raw.text.split("\n")
    assert raw.hints["tables"] == 1 and raw.hints["headings"] == [PARAS[0]]
    assert took < legacy.TIMEOUT


def test_sniffed_without_extension(files):
    raw = read_bytes(files["doc"], "download_attachment")
    assert raw.format == "doc" and "四统筹" in raw.text


@pytest.mark.parametrize("kind", ["doc", "wps"])
def test_records_equal_the_docx_records(files, kind, nlp):
    from policytext.pipeline import extract_bytes

    ref = extract_bytes(files["docx"], "notice.docx", nlp)
    got = extract_bytes(files[kind], f"notice.{kind}", nlp)
    assert got.text == ref.text
    for key in ("targets", "mechanisms", "deadlines"):
        a = [r.to_dict() for r in getattr(got, key)]
        b = [r.to_dict() for r in getattr(ref, key)]
        assert a == b, key
    assert ref.targets and ref.mechanisms and ref.deadlines  # the fixture does exercise every extractor
    assert any(m.name == "四统筹" and m.count == 4 for m in got.mechanisms)
    assert got.metadata.title == ref.metadata.title
    # the indicator table keeps its rows and cells, and reads the same as the docx's
    from policytext.extractors.tables import indicator_rows

    assert [c.text for c in got.tables[0].rows[2]] == TABLE[2]
    rows = indicator_rows(got)
    assert rows == indicator_rows(ref) and [(r.indicator, r.unit, r.attribute) for r in rows] == [
        ("中职在校生规模", "人", "预期性"), ("生均实训工位数", "个", "约束性")]
    assert [(r.baseline.value, r.baseline.year, r.target.value, r.target.year) for r in rows] == [
        (4800, 2025, 6000, 2028), (0.6, 2025, 1, 2028)]


def _set_fib_encrypted(data: bytes) -> bytes:
    """The Word 97 FIB starts a 512-byte sector with A5EC; set its fEncrypted flag (bit 8 of the word at 10)."""
    buf = bytearray(data)
    for off in range(512, len(buf), 512):
        if buf[off:off + 2] == b"\xec\xa5":
            flags = int.from_bytes(buf[off + 10:off + 12], "little") | 0x0100
            buf[off + 10:off + 12] = flags.to_bytes(2, "little")
            return bytes(buf)
    raise AssertionError("no FIB found in the generated .doc")


def test_password_protected_doc_is_one_clear_line(files):
    assert not is_encrypted(files["doc"])
    locked = _set_fib_encrypted(files["doc"])
    assert is_encrypted(locked)
    with pytest.raises(CorruptFileError, match="password-protected") as e:
        read_bytes(locked, "locked.doc")
    assert "\n" not in e.value.one_line() and e.value.source == "locked.doc"
    # an encrypted .docx is an OLE2 container with EncryptionInfo / EncryptedPackage streams
    fake = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le")
            + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 300)
    with pytest.raises(CorruptFileError, match="password-protected"):
        read_bytes(fake, "secret.docx")


@pytest.mark.parametrize("how", ["junk", "truncated"])
def test_corrupt_doc_is_one_clear_line(files, how):
    import random

    data = files["doc"]
    rnd = random.Random(7)
    bad = (data[:512] + bytes(rnd.randrange(256) for _ in range(len(data) - 512)) if how == "junk"
           else data[: len(data) // 4])
    with pytest.raises(InputError) as e:
        read_bytes(bad, "broken.doc")
    assert isinstance(e.value, CorruptFileError | UnsupportedTypeError)
    assert "\n" not in e.value.one_line() and e.value.one_line().startswith("broken.doc: ")


def test_missing_libreoffice_names_the_package(files, monkeypatch):
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    with pytest.raises(UnsupportedTypeError) as e:
        read_bytes(files["doc"], "notice.doc")
    assert DEBIAN_PACKAGE in e.value.message and "apt-get install" in e.value.message


def test_time_limit_kills_the_converter(files, monkeypatch):
    monkeypatch.setattr(legacy, "TIMEOUT", 0.05)
    t0 = time.perf_counter()
    with pytest.raises(TooLargeError, match="took over"):
        read_bytes(files["doc"], "slow.doc")
    assert time.perf_counter() - t0 < 10
    left = subprocess.run(["pgrep", "-f", "policytext-soffice-"], capture_output=True, text=True).stdout.split()
    assert not left, "a timed-out soffice process was left running"


def test_other_ole_files_are_refused():
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 300
    with pytest.raises(UnsupportedTypeError, match="Excel or PowerPoint"):
        read_bytes(xls, "table.doc")


def test_bad_legacy_files_do_not_stop_a_batch(files, tmp_path):
    from policytext.batch import run_batch

    (tmp_path / "good.doc").write_bytes(files["doc"])
    (tmp_path / "good.wps").write_bytes(files["wps"])
    (tmp_path / "locked.doc").write_bytes(_set_fib_encrypted(files["doc"]))
    (tmp_path / "broken.doc").write_bytes(files["doc"][:3000])
    summary = run_batch(sorted(tmp_path.glob("*.*")), tmp_path / "store.sqlite", jobs=1)
    # notice.wps holds the same bytes as notice.doc (LibreOffice writes .wps with its Word 97 filter): the batch
    # stores it once and skips the copy
    assert summary.done + summary.skipped == 2 and summary.done >= 1 and len(summary.failed) == 2
    assert {f.code for f in summary.failed} == {CorruptFileError.code}
    assert all("\n" not in f.message for f in summary.failed)


def test_read_path_reads_a_doc_file(files, tmp_path):
    p = tmp_path / "通知.doc"
    p.write_bytes(files["doc"])
    raw = read_path(p)
    assert raw.format == "doc" and PARAS[4] in raw.text
    assert issubclass(CorruptFileError, PolicytextError)


def test_rtf_saved_as_doc(files):
    data = files["rtf"]
    assert data.startswith(b"{\\rtf") and detect_format(data, "notice.doc") == "doc"
    raw = read_bytes(data, "notice.doc")
    want = read_bytes(files["docx"], "notice.docx")
    assert raw.hints["converted"] == "libreoffice (rtf)" and _ws(raw.text) == _ws(want.text)
