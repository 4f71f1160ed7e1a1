"""Scanned reports read by OCR (issue 14): the seed's first pages rendered as a greyscale
200-dpi scan, turned a little, saved as an image-only PDF."""

from __future__ import annotations

from pathlib import Path

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
    from extractor.report import Finding
    from extractor.rules.registry import OCR_NOTE, soften_on_ocr

    class Src:
        ocr = ocr.ENGINE

    class Rep:
        source = Src()

    f = Finding(code="FN01", severity="error", message="合计不符")
    (out,) = soften_on_ocr(Rep(), [f])  # type: ignore[arg-type]
    assert out.severity == "warning" and out.message.endswith(OCR_NOTE)


def test_without_the_engine_a_scan_is_flagged(scan: Path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    report = pipeline.check(scan)
    assert report.source.ocr is None
    assert [f.code for f in report.findings] == ["DQ01"]
    assert any("ocr: not installed" in d for d in report.source.decisions)


def test_rows_and_cells():
    def box(text, left, top, right, bottom):
        return ocr.Box(text, left, top, right, bottom, 0.99)

    boxes = [
        box("联系人", 0, 0, 60, 20),
        box("罗龙文", 200, 2, 260, 22),
        box("一、基本情况", 0, 60, 120, 80),
        box("本年支出合计100万元，其中", 0, 90, 300, 110),
        box("基本支出60万元。", 0, 112, 200, 132),
    ]
    assert ocr.page_text(boxes) == (
        "联系人\t罗龙文\n\n一、基本情况\n本年支出合计100万元，其中基本支出60万元。"
    )


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
