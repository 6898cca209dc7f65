"""OCR of scanned PDF pages (read/ocr.py) on page images rendered here from our own policy-like wording.

Pages are drawn with Noto Serif CJK at 16 pt (the 三号 body size of official documents), 28 characters a line,
rotated slightly, with Gaussian and salt-and-pepper noise, at 150 and 300 dpi, and wrapped in PDFs by reportlab
as images only (no text layer). The character error rate is measured against the drawn text.
"""
from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policytext.errors import ScannedPDFError
from policytext.read import ocr as ocr_mod
from policytext.read import read_bytes
from policytext.read.ocr import DEBIAN_PACKAGES, OcrOptions, ocr_available

from .conftest import CHILD_PEAK_BYTES

FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
pytestmark = [
    pytest.mark.skipif(ocr_available() is not None, reason=f"needs Tesseract with chi_sim ({DEBIAN_PACKAGES})"),
    pytest.mark.skipif(not FONT.exists(), reason="needs the Noto CJK fonts (apt-get install fonts-noto-cjk)"),
]

PAGE1 = [
    "关于加强城乡供水保障工作的通知",
    "各区县人民政府，市直有关部门：",
    "为进一步提升城乡供水保障水平，推动供水服务均等化，经市政府同意，现就有关事项通知如下。",
    "一、工作目标。到2027年，全市农村自来水普及率达到98%以上，规模化供水工程覆盖农村人口比例不低于85%，"
    "城市公共供水管网漏损率控制在9%以内。",
    "二、管护机制。建立“三级联动”管护机制，即县级统筹、乡镇监管、村级落实，明确各级责任清单。",
]
PAGE2 = [
    "三、重点任务。各地要在2026年6月底前完成饮用水水源保护区划定工作，每季度开展一次水质抽检，"
    "出厂水水质抽检合格率保持在95%以上。",
    "四、资金保障。市财政每年安排专项资金3000万元，用于老旧管网改造和应急备用水源建设，"
    "各区县按照不低于1:1的比例落实配套资金。",
    "五、监督考核。市水务局会同市财政局每年组织一次考核，考核结果纳入区县高质量发展综合评价。",
    "本通知自印发之日起施行。",
]


def _font(px: int):
    from PIL import ImageFont

    for index in range(8):
        f = ImageFont.truetype(str(FONT), px, index=index)
        if "SC" in f.getname()[0]:
            return f
    return ImageFont.truetype(str(FONT), px)


def _wrap(paras: list[str], per_line: int = 28) -> list[tuple[str, bool]]:
    """(line, first line of a paragraph) — paragraphs indented by two characters, as official documents are."""
    out = []
    for p in paras:
        first, rest = p[:per_line - 2], p[per_line - 2:]
        out.append((first, True))
        out.extend((rest[i:i + per_line], False) for i in range(0, len(rest), per_line))
    return out


def render(paras: list[str], dpi: int, angle: float, seed: int, *, pt: float = 16):
    """A noisy, slightly rotated A4 page image of ``paras``."""
    import numpy as np
    from PIL import Image, ImageDraw

    w, h = round(8.27 * dpi), round(11.69 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    px = round(pt * dpi / 72)
    font = _font(px)
    x0, y = round(1.1 * dpi), round(1.3 * dpi)
    for line, first in _wrap(paras):
        draw.text((x0 + (2 * px if first else 0), y), line, font=font, fill=0)
        y += round(px * 1.75)
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    rng = np.random.default_rng(seed)
    a = np.asarray(img).astype(np.int16) + rng.normal(0, 18, (h, w)).astype(np.int16)
    speck = rng.random((h, w))
    a[speck < 0.002] = 0
    a[speck > 0.999] = 255
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def scanned_pdf(images, n: int | None = None, text_pages: dict[int, list[str]] | None = None,
                stamp: str | None = None) -> bytes:
    """A PDF of full-page images (each drawn once as a form and reused when ``n`` repeats them); pages in
    ``text_pages`` get a real text layer instead."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    for k, im in enumerate(images):
        c.beginForm(f"scan{k}")
        c.drawImage(ImageReader(im), 0, 0, A4[0], A4[1])
        c.endForm()
    text_pages = text_pages or {}
    if text_pages or stamp:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    for i in range(n or len(images)):
        if i in text_pages:
            y = A4[1] - 90
            for line, first in _wrap(text_pages[i]):
                c.setFont("STSong-Light", 16)
                c.drawString(80 + (32 if first else 0), y, line)
                y -= 28
        else:
            c.doForm(f"scan{i % len(images)}")
            if stamp:  # a few characters of real text on the scan, as a portal's PDF tool adds them
                c.setFont("STSong-Light", 9)
                c.drawString(A4[0] - 120, A4[1] - 30, stamp)
        c.showPage()
    c.save()
    return buf.getvalue()


def cer(ref: str, hyp: str) -> float:
    """Character error rate: Levenshtein distance / reference length, whitespace ignored."""
    ref, hyp = re.sub(r"\s+", "", ref), re.sub(r"\s+", "", hyp)
    prev = list(range(len(hyp) + 1))
    for i, c in enumerate(ref, 1):
        cur = [i]
        for j, d in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (c != d)))
        prev = cur
    return prev[-1] / max(1, len(ref))


def test_cer_helper():
    assert cer("到2027年", "到2027年") == 0 and cer("到2027年", "到 2O27 年") == 1 / 6 and cer("abcd", "") == 1


@pytest.mark.parametrize("dpi,limit", [(300, 0.03), (150, 0.06)])
def test_character_error_rate(dpi, limit):
    """Four 2-page scans (the two texts at four rotations, -1.2° to +0.9°, each page with its own noise)."""
    ref = hyp = ""
    took, confidences = 0.0, []
    for k, angle in enumerate((-1.2, -0.5, 0.3, 0.9)):
        data = scanned_pdf([render(PAGE1, dpi, angle, 100 + 2 * k), render(PAGE2, dpi, -angle, 101 + 2 * k)])
        t0 = time.perf_counter()
        raw = read_bytes(data, f"scan{dpi}-{k}.pdf")  # rendered at the scan's own resolution
        took += time.perf_counter() - t0
        info = raw.hints["ocr"]
        assert [p["page"] for p in info["pages"]] == [1, 2] and not info["skipped"]
        assert all(60 <= p["confidence"] <= 100 and p["seconds"] > 0 for p in info["pages"])
        confidences += [p["confidence"] for p in info["pages"]]
        # paragraphs come back as lines (wrapped lines re-joined by the PDF reader's paragraph rules); a line
        # whose OCR box falls short of the margin may split one paragraph in two
        assert abs(len(raw.text.split("\n")) - len(PAGE1 + PAGE2)) <= 1
        ref, hyp = ref + "".join(PAGE1 + PAGE2), hyp + raw.text
    rate = cer(ref, hyp)
    print(f"\nOCR {dpi} dpi: CER {rate:.4f} over {len(ref)} chars, {took / 8:.2f} s/page, "
          f"mean confidence {min(confidences)}-{max(confidences)}")
    assert rate <= limit, f"CER {rate:.3f} at {dpi} dpi over {limit}:\n{hyp}"


def test_ocr_punctuation_between_chinese_characters_is_full_width():
    from policytext.read.ocr import _fix_punct

    assert _fix_punct("各区县人民政府,市直有关部门:") == "各区县人民政府，市直有关部门："
    assert _fix_punct("按照1:1的比例,投入3,000万元") == "按照1:1的比例，投入3,000万元"
    assert _fix_punct("see: A,B") == "see: A,B"


@pytest.fixture(scope="module")
def mixed_pdf() -> bytes:
    """Page 1 has a text layer, page 2 is a scan."""
    return scanned_pdf([render(PAGE2, 300, 0.4, 3)], n=2, text_pages={0: PAGE1})


def test_mixed_pdf_page_by_page(mixed_pdf):
    from policytext.pipeline import parse_bytes

    raw = read_bytes(mixed_pdf, "mixed.pdf")
    cut = raw.text.index(PAGE1[-1]) + len(PAGE1[-1])
    assert raw.text[:cut].replace("\n", "") == "".join(PAGE1)  # the text layer, exactly
    assert [p["page"] for p in raw.hints["ocr"]["pages"]] == [2] and raw.hints["ocr"]["pages"][0]["start"] > cut
    assert cer("".join(PAGE2), raw.text[cut:]) <= 0.03
    doc = parse_bytes(mixed_pdf, "mixed.pdf")
    ocr = [r for r in doc.repairs if r.kind == "ocr"]
    assert len(ocr) == 1 and ocr[0].before == "" and "page 2, mean confidence" in ocr[0].detail
    r = ocr[0]
    assert doc.text[r.start:r.end] == r.after and r.start > doc.text.index("二、管护机制")
    assert r.after.startswith("三、") and r.end == len(doc.text.rstrip())


def test_low_confidence_passages_flag_records(mixed_pdf, nlp):
    from policytext.pipeline import extract_bytes

    # every OCR'd word counts as low-confidence: records on page 2 are flagged, page-1 records are not
    doc = extract_bytes(mixed_pdf, "mixed.pdf", nlp, ocr=OcrOptions(low_confidence=101))
    page2 = next(r for r in doc.repairs if r.kind == "ocr").start
    assert doc.damaged and all(d.reason.startswith("ocr low confidence") for d in doc.damaged)
    records = doc.targets + doc.deadlines
    assert any(x.start >= page2 for x in records) and any(x.end <= page2 for x in records)
    for x in records:
        assert x.damaged == (x.end > page2), (x.text, x.damaged)
    # no word under confidence 0: nothing flagged
    doc = extract_bytes(mixed_pdf, "mixed.pdf", nlp, ocr=OcrOptions(low_confidence=0))
    assert not doc.damaged and not any(x.damaged for x in doc.targets + doc.deadlines)
    # the default threshold flags only words Tesseract is unsure of, and records follow the damaged spans
    doc = extract_bytes(mixed_pdf, "mixed.pdf", nlp)
    for x in doc.targets + doc.deadlines + doc.mechanisms:
        assert x.damaged == doc.is_damaged(x.start, x.end)
    for d in doc.damaged:
        assert doc.text[d.start:d.end] == d.text and float(d.reason.split()[3]) < 60


def test_no_ocr_option(mixed_pdf):
    from policytext.pipeline import parse_bytes

    with pytest.raises(ScannedPDFError, match="OCR turned off") as e:
        read_bytes(scanned_pdf([render(PAGE1, 150, 0, 4)]), "scan.pdf", ocr=False)
    assert "\n" not in e.value.one_line()
    doc = parse_bytes(mixed_pdf, "mixed.pdf", ocr=False)
    assert "三、重点任务" not in doc.text and "二、管护机制" in doc.text
    note = [r for r in doc.repairs if r.kind == "ocr"]
    assert len(note) == 1 and note[0].start == note[0].end == len(doc.text)
    assert "scanned pages not read: 2" in note[0].detail


def test_missing_tesseract_names_the_packages(monkeypatch):
    monkeypatch.setattr(ocr_mod.shutil, "which", lambda name: None)
    with pytest.raises(ScannedPDFError) as e:
        read_bytes(scanned_pdf([render(PAGE1, 100, 0, 5)]), "scan.pdf")
    assert "apt-get install tesseract-ocr tesseract-ocr-chi-sim" in e.value.message


_CAPPED_RUN = """
import json, sys, time
from policytext.read import read_bytes
from policytext.read.ocr import OcrOptions
data = open(sys.argv[1], "rb").read()
t0 = time.perf_counter()
raw = read_bytes(data, "big-scan.pdf", ocr=OcrOptions(time_budget=float(sys.argv[2]), max_pages=int(sys.argv[3])))
info = raw.hints["ocr"]
print(json.dumps({"ocr_pages": len(info["pages"]), "skipped": len(info["skipped"]), "reason": info["reason"],
                  "seconds": time.perf_counter() - t0, "chars": len(raw.text),
                  "peak_mb": PEAK / 2**20}))
""".replace("PEAK", CHILD_PEAK_BYTES)


def _capped(path: Path, budget: float, max_pages: int) -> dict:
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", _CAPPED_RUN, str(path), str(budget), str(max_pages)],
                         capture_output=True, text=True, timeout=600, cwd=root,
                         env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.slow
def test_200_page_scan_stays_within_the_time_cap_and_memory_is_flat(tmp_path):
    """~35 s: 200 scanned pages at 300 dpi under a 15 s OCR budget, against one page read alone."""
    path = tmp_path / "scan200.pdf"
    path.write_bytes(scanned_pdf([render(PAGE1, 300, 0.6, 6), render(PAGE2, 300, -0.4, 7)], n=200))
    one = _capped(path, 600, 1)
    many = _capped(path, 15, 200)
    print(f"\n200-page scan: {many}\none page: {one}")
    assert one["ocr_pages"] == 1 and one["reason"].startswith("OCR page cap")
    assert many["reason"] == "OCR time cap of 15 s reached" and 2 <= many["ocr_pages"] < 200
    assert many["ocr_pages"] + many["skipped"] == 200
    assert many["seconds"] <= 15 + 15  # the cap plus reading 200 pages' layout and one page's rendering
    assert many["peak_mb"] - one["peak_mb"] < 60, "memory grows with the pages OCR'd"


def test_2000_page_scan_gives_a_capped_result(tmp_path):
    path = tmp_path / "scan2000.pdf"
    path.write_bytes(scanned_pdf([render(PAGE2, 150, 0.3, 8)], n=2000))
    res = _capped(path, 60, 2)
    assert res["ocr_pages"] == 2 and res["skipped"] == 1998 and res["reason"] == "OCR page cap of 2 pages reached"
    assert res["chars"] > 100 and res["seconds"] < 60


def test_skew_is_measured():
    from policytext.read.ocr import skew_angle

    for angle in (-1.5, 0.0, 0.8):
        assert abs(skew_angle(render(PAGE1, 100, angle, random.Random(angle).randrange(99))) + angle) <= 0.15


def test_scan_with_a_small_text_stamp_is_still_ocrd():
    data = scanned_pdf([render(PAGE2, 150, 0.2, 9)], stamp="仅供内部参考")
    raw = read_bytes(data, "stamped.pdf")
    assert [p["page"] for p in raw.hints["ocr"]["pages"]] == [1]
    assert cer("".join(PAGE2), raw.text.replace("仅供内部参考", "")) <= 0.06


def test_a_page_over_its_time_limit_is_skipped_and_said(mixed_pdf):
    from policytext.pipeline import parse_bytes

    doc = parse_bytes(mixed_pdf, "mixed.pdf", ocr=OcrOptions(page_timeout=0.01))
    assert "二、管护机制" in doc.text and "三、重点任务" not in doc.text
    note = [r for r in doc.repairs if r.kind == "ocr"]
    assert len(note) == 1 and "scanned pages not read: 2; OCR of page 2 took over 0.01 s" in note[0].detail


def test_images_of_text_on_request():
    from policytext.errors import UnsupportedTypeError

    img = render(PAGE1, 150, -0.4, 10)
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(150, 150))
    data = buf.getvalue()
    with pytest.raises(UnsupportedTypeError):
        read_bytes(data, "notice.png")  # not without asking
    raw = read_bytes(data, "notice.png", ocr_images=True)
    assert raw.format == "image" and [p["page"] for p in raw.hints["ocr"]["pages"]] == [1]
    assert cer("".join(PAGE1), raw.text) <= 0.06
    with pytest.raises(ScannedPDFError, match="turned off"):
        read_bytes(data, "notice.png", ocr=False, ocr_images=True)
    from policytext.pipeline import parse_bytes

    doc = parse_bytes(data, "notice.png", ocr_images=True)
    assert doc.format == "image" and doc.metadata.title == PAGE1[0]
    assert [r.kind for r in doc.repairs if r.kind == "ocr"] == ["ocr"]


def test_cli_ocr_and_no_ocr(mixed_pdf, tmp_path):
    """`parse` reads a scanned page by OCR; `parse --no-ocr` says which pages it left unread; `batch --no-ocr` stores
    the document with that note (the rest of the batch goes through)."""
    exe = str(Path(sys.executable).parent / "policytext")
    pdf = tmp_path / "mixed.pdf"
    pdf.write_bytes(mixed_pdf)
    r = subprocess.run([exe, "parse", str(pdf), "--format", "json"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "三、" in json.loads(r.stdout)["text"]
    r = subprocess.run([exe, "parse", str(pdf), "--format", "json", "--no-ocr"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert "三、重点任务" not in d["text"]
    assert any(x["kind"] == "ocr" and "scanned pages not read: 2" in x.get("detail", "") for x in d["repairs"])
    good = tmp_path / "good.txt"
    good.write_text("关于示例的通知\n到2030年，示例覆盖率达到90%以上。\n", encoding="utf-8")
    db = tmp_path / "runs.sqlite"
    r = subprocess.run([exe, "batch", str(pdf), str(good), "--db", str(db), "--silent", "--no-ocr", "-j", "1"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "2 done" in r.stderr or "2 inputs" in r.stderr
