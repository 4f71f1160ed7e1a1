"""Text a clipping path cuts away is not printed, so it is not read (both engines): a figure
typed over and hidden by a clip in an edited bulletin (黔东南 2023 统计公报 表12: 教育 3.7 over a
clipped 4.6, read as "43.67"), an Excel sheet's text run on past the page's print area (the
same paragraphs read on two pages).  A label cut at its cell's side keeps its tail.

The pages are Latin text: the test writer embeds no font, and PDFium's text page leaves out
CJK glyphs and spaces its substitute font cannot measure (the file then goes to pdfplumber):
no space either."""

from __future__ import annotations

from pathlib import Path

import pytest
from handpdf import HandPdf, width

from extractor.loaders import load
from tests.test_pdf_engines import with_engine

ENGINES = ["pdfium", "pdfplumber"]


def _page() -> HandPdf:
    pdf = HandPdf().new_page()
    # enough text for a text layer (a page of fewer characters is taken for a scan)
    pdf.text(72, 60, "Self-evaluation-of-the-department's-budget-performance.")
    return pdf


def _read(path: Path, engine: str):
    doc = with_engine(engine, lambda: load(path))()
    assert not any("pdf engine: pdfplumber for page" in d for d in doc.source.decisions)
    return doc


@pytest.mark.parametrize("engine", ENGINES)
def test_a_figure_hidden_by_its_clip_is_not_read(tmp_path: Path, engine: str) -> None:
    pdf = _page()
    pdf.text(72, 100, "Education-grew-by")
    pdf.clip(200, 300, 260, 320)  # the clip of a cell far from where the old figure is
    pdf.text(210, 96.5, "4.6")  # 3.5 points above the figure printed, as in the bulletin
    pdf.unclip()
    pdf.text(210, 100, "3.7")
    path = pdf.save(tmp_path / "typed-over.pdf")
    doc = _read(path, engine)
    assert "3.7" in doc.text and "4" not in doc.text and "6" not in doc.text
    assert any("clipping path" in d and d.startswith("3 ") for d in doc.source.decisions)


@pytest.mark.parametrize("engine", ENGINES)
def test_lines_below_the_print_area_are_not_read(tmp_path: Path, engine: str) -> None:
    pdf = _page()
    pdf.clip(60, 80, 540, 200)
    pdf.text(72, 100, "The-main-duties:plan-the-district's-markets.")
    pdf.text(72, 260, "Emergency-supply-of-staple-goods.")  # below the print area
    pdf.unclip()
    path = pdf.save(tmp_path / "print-area.pdf")
    doc = _read(path, engine)
    assert "main-duties" in doc.text and "Emergency" not in doc.text


@pytest.mark.parametrize("engine", ENGINES)
def test_a_label_cut_at_its_cells_side_keeps_its_tail(tmp_path: Path, engine: str) -> None:
    pdf = _page()
    end = 72 + width("Satisfactio", 10.5)
    pdf.clip(70, 95, end + 0.3, 115)  # the cell ends before the label's last letter
    pdf.text(72, 100, "Satisfaction")
    pdf.unclip()
    path = pdf.save(tmp_path / "cut-label.pdf")
    doc = _read(path, engine)
    assert "Satisfaction" in doc.text
    assert not any("clipping path" in d for d in doc.source.decisions)


def test_pdfium_failing_leaves_the_clip_unchecked_not_the_file_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pdfplumber engine asks PDFium which characters its clip cuts away; a file PDFium
    cannot read (the reason it went to pdfplumber) is still read, its clips unchecked."""
    from extractor.loaders import pdfium_page

    pdf = _page()
    pdf.text(72, 100, "Education-grew-by")
    pdf.text(210, 100, "3.7")
    path = pdf.save(tmp_path / "plain.pdf")

    def refuse(_path: Path) -> None:
        raise RuntimeError("PDFium cannot read this file")

    monkeypatch.setattr(pdfium_page, "PdfiumDocument", refuse)
    doc = with_engine("pdfplumber", lambda: load(path))()
    assert "Education-grew-by 3.7" in doc.text
