"""Scanned reports read by OCR (issue 14): the seed's first pages rendered as a greyscale
200-dpi scan, turned a little, saved as an image-only PDF."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from extractor import pipeline
from extractor.loaders import ocr

pytest.importorskip("rapidocr_onnxruntime", reason="rapidocr-onnxruntime reads scans")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(ROOT / "corpus" / "seed.pdf"))
    pages = [
        pdf[i].render(scale=200 / 72, grayscale=True).to_pil().rotate(0.8, fillcolor=255)
        for i in range(2)
    ]
    pdf.close()
    path = tmp_path_factory.mktemp("scan") / "scanned.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=200)
    return path


def test_a_scan_is_read_not_just_flagged(scan: Path):
    report = pipeline.check(scan)
    src = report.source
    assert not src.text_layer and src.ocr == ocr.ENGINE
    (dq01,) = [f for f in report.findings if f.code == "DQ01"]
    assert dq01.severity == "info" and "OCR" in dq01.message
    notes = [d for d in src.decisions if d.startswith("ocr: page")]
    assert len(notes) == 2 and all("mean confidence" in d for d in notes)
    m = report.meta
    assert (m.department, m.budget_code, m.contact, m.phone) == (
        "湖南城陵矶新港区政务服务中心",
        "107001",
        "罗龙文",
        "15273032337",
    )
    assert report.kind == "overall"
    raws = {f.raw for f in report.figures}
    assert {"1010条", "850条", "548条"} <= raws
    # the seed's planted 其中 slip is found on the scan too
    assert any(f.code == "NR03" for f in report.findings)


def test_an_error_on_a_scan_is_a_warning_that_says_why():
    from extractor.model import OcrDoubt
    from extractor.report import Finding
    from extractor.rules.registry import OCR_NOTE, soften_on_ocr

    class Src:
        ocr = ocr.ENGINE
        ocr_doubts: ClassVar[list] = []

    class Rep:
        source = Src()

    f = Finding(code="FN01", severity="error", message="合计不符")
    (out,) = soften_on_ocr(Rep(), [f])  # type: ignore[arg-type]
    assert out.severity == "warning" and out.message.endswith(OCR_NOTE)

    # a finding that quotes a number OCR read with a low confidence names it
    Src.ocr_doubts = [OcrDoubt(page=2, text="26063", confidence=0.62)]
    f = Finding(
        code="FN07", severity="warning", message="当年财政拨款26063+上年结转106.92=26169.92"
    )
    (out,) = soften_on_ocr(Rep(), [f])  # type: ignore[arg-type]
    assert out.severity == "warning" and "「26063」识读置信度0.62" in out.message
    f = Finding(code="FN07", severity="warning", message="当年财政拨款260.63不符")
    (out,) = soften_on_ocr(Rep(), [f])  # type: ignore[arg-type]
    assert "识读置信度" not in out.message  # 260.63 is not the doubtful 26063


def test_without_the_engine_a_scan_is_flagged(scan: Path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    report = pipeline.check(scan)
    assert report.source.ocr is None
    assert [f.code for f in report.findings] == ["DQ01"]
    assert any("ocr: not installed" in d for d in report.source.decisions)


def _box(text, left, top, right, bottom):
    return ocr.Box(text, left, top, right, bottom, 0.99)


def test_touching_boxes_and_a_number_cut_by_the_detector_are_one_run():
    boxes = [
        _box("83.", 100, 0, 160, 30),
        _box("91", 170, 0, 200, 30),  # 10 px apart (a third of the height): inside a number
        _box("万元", 225, 0, 260, 30),  # 25 px after a number, but not a number going on
        _box("合计", 0, 0, 60, 30),
    ]
    texts = [b.text for b in ocr.join_touching(boxes)]
    assert texts == ["合计", "83.91", "万元"]
    # columns of a table without rules stand further apart than a number's pieces
    apart = ocr.join_touching([_box("30", 0, 0, 30, 30), _box("29.99", 90, 0, 160, 30)])
    assert [b.text for b in apart] == ["30", "29.99"]


def _page_with_grid(angle: float):
    """A 3×3 ruled grid with a number in each cell, turned by ``angle`` degrees."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1400, 900), 255)
    draw = ImageDraw.Draw(img)
    xs, ys = [200, 420, 640, 860], [200, 300, 400, 500]
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=2)
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=2)
    font = ImageFont.load_default(size=40)
    for r in range(3):
        for c in range(3):
            draw.text((xs[c] + 30, ys[r] + 25), f"{r + 1}{c + 1}.5", fill=0, font=font)
    draw.text((200, 600), "1234567890 " * 4, fill=0, font=font)
    return img.rotate(angle, fillcolor=255)


def test_a_tilted_page_is_straightened_and_its_rules_found():
    import numpy as np

    from extractor.loaders.ocr_page import find_rules, skew_angle, straighten

    gray = np.asarray(_page_with_grid(1.2))
    angle = skew_angle(gray)
    assert abs(angle + 1.2) <= 0.15
    rules = find_rules(straighten(gray, angle))
    assert sum(r.horizontal for r in rules) == 4
    assert sum(not r.horizontal for r in rules) == 4


def test_a_box_across_a_vertical_rule_is_cut_and_read_again():
    import numpy as np

    from extractor.loaders.ocr_page import find_rules

    gray = np.asarray(_page_with_grid(0))
    rules = find_rules(gray)
    # one detector box over the first row's three cells (the text stands at y 225–265)
    wide = _box("11.512.513.5", 215, 215, 845, 280)
    texts = [b.text for b in ocr.split_at_rules([wide], rules, gray)]
    assert texts == ["11.5", "12.5", "13.5"]


def test_a_glyph_the_detector_found_twice_is_read_once():
    # syn_003's rotated scan: "40.8" and a second box over its 8 gave 40.88
    boxes = [_box("40.8", 409, 1605, 513.7, 1642), _box("8", 500.7, 1610, 524.2, 1638)]
    assert [b.text for b in ocr.join_touching(boxes)] == ["40.8"]
    # a box that only touches the one before it is the number going on
    boxes = [_box("40.8", 409, 1605, 513.7, 1642), _box("8", 510, 1610, 534, 1638)]
    assert [b.text for b in ocr.join_touching(boxes)] == ["40.88"]


def test_a_piece_read_again_gains_no_sign(monkeypatch):
    # the noisy scan of syn_003: a box over two cells cut at their rule, the right piece read
    # again in a crop holding a speck of dust before 10.46 — read "-10.4"
    import numpy as np

    from extractor.loaders.ocr_page import Rule

    gray = np.full((100, 400), 255, dtype=np.uint8)
    wide = _box("114.3410.4", 10, 20, 390, 60)
    reads = iter([("114.34", 0.99), ("-10.4", 0.9)])
    monkeypatch.setattr(ocr, "_recognise", lambda crop: next(reads))
    pieces = ocr.split_at_rules([wide], [Rule(200, 0, 201, 99)], gray)
    assert [b.text for b in pieces] == ["114.34", "10.4"]
    # a minus the whole box read is the number's own
    reads = iter([("114.34", 0.99), ("-10.4", 0.9)])
    signed = _box("114.34-10.4", 10, 20, 390, 60)
    assert [b.text for b in ocr.split_at_rules([signed], [Rule(200, 0, 201, 99)], gray)] == [
        "114.34",
        "-10.4",
    ]


def test_a_rule_a_seal_crosses_is_kept_and_a_seal_alone_is_no_rule(tmp_path):
    # the noisy scan of syn_019: the seal's ring runs along the rule between 公务用车购置费 and
    # 因公出国费 of the 三公 table; the rule was dropped with the ring, the two columns ran
    # together and 0 | 0 read as "0 0"
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    from evaluation.scans import render_scan
    from extractor.loaders.ocr_page import find_rules, skew_angle, straighten

    path = tmp_path / "syn_019-noisy.pdf"
    render_scan(
        ROOT / "corpus" / "synthetic" / "syn_019.pdf", path, angle=-0.6, soil="noisy", seed=19
    )
    pdf = pdfium.PdfDocument(str(path))
    try:
        gray = np.asarray(pdf[1].render(scale=200 / 72, grayscale=True).to_pil().convert("L"))
    finally:
        pdf.close()
    page = straighten(gray, skew_angle(gray))
    crossed = [
        r
        for r in find_rules(page)
        if not r.horizontal and 1090 <= r.x0 <= 1120 and r.y0 <= 730 and r.y1 >= 960
    ]
    assert len(crossed) == 1 and crossed[0].x1 - crossed[0].x0 <= 3

    seal = Image.new("L", (900, 900), 255)
    ImageDraw.Draw(seal).ellipse((200, 200, 600, 600), outline=90, width=5)
    # the ring's flattest stretches pass as short rules; no longer piece of it is one
    assert all(max(r.x1 - r.x0, r.y1 - r.y0) < 100 for r in find_rules(np.asarray(seal)))


@pytest.fixture(scope="module")
def form_scan(tmp_path_factory) -> Path:
    from evaluation.scans import render_scan

    path = tmp_path_factory.mktemp("form") / "syn_007-scan.pdf"
    render_scan(ROOT / "corpus" / "synthetic" / "syn_007.pdf", path, angle=0.8)
    return path


def test_a_scanned_form_reads_like_the_pdf(form_scan: Path):
    """The 项目支出绩效自评表 of a synthetic report, scanned turned 0.8°: its ruled grids (with
    merged cells) give the same score rows and funds table as the born-digital PDF."""
    scan = pipeline.check(form_scan)
    born = pipeline.check(ROOT / "corpus" / "synthetic" / "syn_007.pdf")

    def rows(report):
        return [(r.level1, r.level3, r.max, r.score) for r in report.score_rows]

    assert rows(scan) == rows(born) and len(rows(born)) >= 10
    assert scan.score_total == born.score_total

    def funds(report):
        table = report.tables.project_funds
        return [(r.org, {k: v.value for k, v in r.cells.items()}) for r in table.rows]

    assert funds(scan) == funds(born)
    grids = [b.table for b in scan.document.blocks if b.table is not None]
    assert any(c.rowspan > 1 for t in grids for c in t.cells)  # 绩效指标 over its rows
    notes = [d for d in scan.source.decisions if d.startswith("ocr: page 1")]
    assert "turned -0.8°" in notes[0] and "ruling lines" in notes[0]


def test_an_image_file_is_read(tmp_path: Path):
    """A photographed or scanned page handed in as PNG (issue 14): read, not 'not a report'."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(ROOT / "corpus" / "seed.pdf"))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil().rotate(0.5, fillcolor=255)
    pdf.close()
    path = tmp_path / "page.png"
    image.save(path)
    report = pipeline.check(path)
    assert report.source.format == "image" and report.source.ocr == ocr.ENGINE
    assert report.kind == "overall"
    assert (report.meta.budget_code, report.meta.phone) == ("107001", "15273032337")
    assert any(d.startswith("ocr: page 1") for d in report.source.decisions)


def test_a_scanned_page_among_typeset_ones_is_read(tmp_path: Path):
    """Page triage per page: a PDF whose second page is a scan (pasted in as an image) reads
    like the typeset original, and the decisions name the page OCR read."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter

    seed = ROOT / "corpus" / "seed.pdf"
    pdf = pdfium.PdfDocument(str(seed))
    image = pdf[1].render(scale=200 / 72, grayscale=True).to_pil().rotate(0.5, fillcolor=255)
    pdf.close()
    image.save(tmp_path / "p2.pdf", resolution=200)
    writer = PdfWriter()
    reader = PdfReader(seed)
    writer.add_page(reader.pages[0])
    writer.add_page(PdfReader(tmp_path / "p2.pdf").pages[0])
    for page in reader.pages[2:]:
        writer.add_page(page)
    writer.write(tmp_path / "mixed.pdf")

    mixed = pipeline.check(tmp_path / "mixed.pdf")
    typeset = pipeline.check(seed)
    assert mixed.source.text_layer and mixed.source.ocr == ocr.ENGINE
    (note,) = [d for d in mixed.source.decisions if d.startswith("ocr: page")]
    assert note.startswith("ocr: page 2 ") and "among typeset ones" in note
    assert [f.code for f in mixed.findings] == [f.code for f in typeset.findings]
    assert len(mixed.score_rows) == len(typeset.score_rows)
    assert sorted((f.value, f.unit) for f in mixed.figures) == sorted(
        (f.value, f.unit) for f in typeset.figures
    )


def test_digit_groups_and_body_size():
    assert (
        ocr._digits_as_printed("接待5，753人次，其中１．５万元") == "接待5,753人次，其中１.５万元"
    )
    assert ocr._digits_as_printed("分别为12，3和4") == "分别为12，3和4"  # not a group of three
    assert ocr._digits_as_printed("114. 3 4") == "114.34"  # spaces among a cell's decimals
    assert ocr._digits_as_printed("1. 15个乡镇") == "1. 15个乡镇"  # maybe an item number
    body = [
        _box("全年支出合计", 0, 0, 200, 30),
        _box("元。", 0, 50, 40, 75),
        _box("标题", 0, 100, 90, 160),
    ]
    sized = ocr._body_size(body)
    assert [round(b.height) for b in sized] == [30, 30, 60]  # the title keeps its size
    assert sized[1].middle == body[1].middle


def test_a_lone_digit_under_a_seal_is_read_in_its_cell():
    """A cell the detector passed over (a lone 1, a seal's ring across the cell): its first
    line of character-sized ink is read on its own."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (120, 130), 255)
    draw = ImageDraw.Draw(img)
    draw.text((12, 8), "1", fill=0, font=ImageFont.load_default(size=30))
    draw.ellipse((40, 20, 400, 380), outline=90, width=9)  # the ring of a round seal
    crop = np.asarray(img)
    found = ocr._glyph_line(crop, 200 / 72)
    assert found is not None
    line, (_x0, _y0, x1, y1) = found
    assert x1 < 40 and y1 < 50  # the digit only, not the ring
    assert ocr._recognise(line)[0] == "1"


def test_a_digit_a_seal_crosses_is_read_from_its_darker_print():
    """syn_035's noisy scan: the ring of a red seal (mid-grey once scanned) runs across the 4
    of a 分值 cell; at the page's ink level digit and ring are one stroke too big for a glyph,
    and the cell read empty.  The print under the ring is darker than the ring beside it."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (120, 80), 255)
    ImageDraw.Draw(img).text((20, 10), "4", fill=0, font=ImageFont.load_default(size=30))
    ring = Image.new("L", img.size, 0)
    ImageDraw.Draw(ring).ellipse((-146, 22, 254, 400), outline=255, width=9)
    red_in_grey = 87  # (220, 30, 30) as luminance, laid over the page at 78 % opacity
    pixels = np.asarray(img, dtype=np.float64)
    pixels = np.where(np.asarray(ring) > 0, 0.22 * pixels + 0.78 * red_in_grey, pixels)
    crop = pixels.astype(np.uint8)
    assert ocr._glyph_line(crop, 200 / 72) is None  # at the usual level: one stroke, no glyph
    read = ocr._read_cell(crop, 200 / 72)
    assert read is not None and read[0] == "4" and read[1] >= ocr.CELL_READ_CONFIDENCE
    assert ocr._read_cell(np.full((80, 120), 255, np.uint8), 200 / 72) is None


def test_a_figures_yuan_read_as_wu_is_yuan():
    # syn_015's noisy scan: 全年预算数42126325.19元 came back as …19无
    assert ocr._digits_as_printed("全年预算数42126325.19无；") == "全年预算数42126325.19元；"
    assert ocr._digits_as_printed("本单位无三公经费") == "本单位无三公经费"


def test_a_table_printed_across_a_turned_page_is_read_upright():
    """A wide table printed a quarter turned (landscape on a portrait scan): the page is
    tried each way round and read where its lines run across."""
    from extractor.model import Source

    page = _page_with_grid(0).rotate(90, expand=True, fillcolor=255)
    source = Source(path="x.pdf", format="pdf", sha256="", size=0)
    _lines, parts, _ = ocr.read_page_image(page, 1, "", source, {})
    (part,) = parts
    texts = [ln.text for c in part.cells for ln in c.lines]
    assert texts[:3] == ["11.5", "12.5", "13.5"]
    assert "turned" in source.decisions[0]
