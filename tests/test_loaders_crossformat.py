"""The seed report gives the same Document whatever format it arrives in.

corpus/seed.txt is the real report (Word's text export); seed.docx is made from
it with real merged cells, seed.pdf and seed.doc from the DOCX by LibreOffice
(``corpus/make_formats.py``).  Every table must come out with the same grid in
every format: same number of tables, same cell texts after ``normalize.key``,
same spans, same repeated header rows.  Headings and paragraphs must come in the
same sequence with the same key text, kinds, levels and section paths.

What differs by format, and why (so not asserted):

* exact whitespace.  The PDF has no spaces between CJK characters
  (``预 算 编 码`` → ``预算编码``: spaces between CJK characters are removed from PDF
  text, as the loader must for real PDFs), and a line break inside a cell is
  only kept where the line ended short: ``公共财⏎政拨款`` in a narrow column fills
  its line, so the PDF gives ``公共财政拨款``.  ``key`` removes whitespace, so the
  comparison is exact on everything else.
* pages: text has none (all blocks on page 1), DOCX counts explicit breaks only,
  the PDF knows them; asserted separately for the PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import soffice_or_skip

from extractor.loaders.normalize import key
from extractor.model import Document

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"

FORMATS = ["docx", "pdf"]


def table_signature(doc: Document) -> list[dict]:
    out = []
    for block in doc.tables():
        t = block.table
        out.append(
            {
                "shape": (t.n_rows, t.n_cols),
                "cells": sorted((c.row, c.col, c.rowspan, c.colspan, key(c.text)) for c in t.cells),
                "repeated_header_rows": t.repeated_header_rows,
                "section": key(block.section),
            }
        )
    return out


def text_signature(doc: Document) -> list[tuple]:
    return [(b.kind, b.level, key(b.text), key(b.section)) for b in doc.blocks if b.kind != "table"]


def assert_same_tables(base: Document, other: Document) -> None:
    want, got = table_signature(base), table_signature(other)
    assert len(got) == len(want), f"{len(got)} tables instead of {len(want)}"
    for i, (w, g) in enumerate(zip(want, got, strict=True)):
        assert g["shape"] == w["shape"], f"table {i}: shape"
        missing = sorted(set(w["cells"]) - set(g["cells"]))
        extra = sorted(set(g["cells"]) - set(w["cells"]))
        assert not missing and not extra, f"table {i}: cells differ\n-{missing[:5]}\n+{extra[:5]}"
        assert g["repeated_header_rows"] == w["repeated_header_rows"], (
            f"table {i}: repeated headers"
        )
        assert g["section"] == w["section"], f"table {i}: section"


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_tables_as_text(seed_docs, fmt):
    assert_same_tables(seed_docs("txt"), seed_docs(fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_headings_and_paragraphs_as_text(seed_docs, fmt):
    want, got = text_signature(seed_docs("txt")), text_signature(seed_docs(fmt))
    for i, (w, g) in enumerate(zip(want, got, strict=False)):
        assert g == w, f"block {i} differs"
    assert len(got) == len(want)


def test_seed_has_the_tables_a_reader_sees(seed_docs):
    """Guards the comparison itself: ten tables, the scoring table's repeated header flagged."""
    tables = seed_docs("txt").tables()
    assert len(tables) == 10
    scoring = tables[-1].table
    assert (scoring.n_rows, scoring.n_cols) == (28, 7)
    assert scoring.repeated_header_rows == [14]


def test_pdf_pages_and_decisions(seed_docs):
    doc = seed_docs("pdf")
    assert doc.source.text_layer and doc.source.pages and doc.source.pages > 5
    assert any(d.startswith("triage: text layer") for d in doc.source.decisions)
    # the narrative cell runs over pages: its row was joined back, not left as extra rows
    assert any("cut by the page break" in d for d in doc.source.decisions)
    pages = [b.page for b in doc.blocks]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == doc.source.pages
    for block in doc.tables():
        for cell in block.table.cells:
            assert cell.page is not None and block.page <= cell.page <= doc.source.pages
    # a table over several pages keeps each cell's own page
    scoring = doc.tables()[-1].table
    assert len(scoring.pages) >= 2


def test_doc_through_libreoffice_gives_the_same_tables(seed_docs):
    soffice_or_skip()
    doc = seed_docs("doc")
    assert doc.source.format == "doc"
    assert any("LibreOffice" in d for d in doc.source.decisions)
    assert_same_tables(seed_docs("txt"), doc)
    assert text_signature(doc) == text_signature(seed_docs("txt"))


def _variant_docx(
    doc: Document, path, *, font_pt: float, justify: bool, footer: bool, font: str, margin_cm: float
):
    """The seed DOCX laid out otherwise: another size, font, margins, justified, page numbers."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from evaluation import render

    saved = render.FONT_PT, render.CJK_FONT, render.MARGIN_CM
    render.FONT_PT, render.CJK_FONT, render.MARGIN_CM = font_pt, font, margin_cm
    try:
        d = render.docx_of(doc)
    finally:
        render.FONT_PT, render.CJK_FONT, render.MARGIN_CM = saved
    if justify:
        paragraphs = list(d.paragraphs)
        for t in d.tables:
            paragraphs += [p for row in t.rows for c in row.cells for p in c.paragraphs]
        for p in paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if footer:  # "- N -" centred at the foot of every page
        fp = d.sections[0].footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fp.add_run("- ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run, t = OxmlElement("w:r"), OxmlElement("w:t")
        t.text = "1"
        run.append(t)
        field.append(run)
        fp._p.append(field)
        fp.add_run(" -")
    d.save(str(path))
    return path


VARIANTS = {
    "12pt-justified-page-numbers": {
        "font_pt": 12, "justify": True, "footer": True, "font": "Noto Serif CJK SC", "margin_cm": 2.54,
    },
    "sans-9pt": {
        "font_pt": 9, "justify": False, "footer": False, "font": "Noto Sans CJK SC", "margin_cm": 2.2,
    },
    "sans-14pt": {
        "font_pt": 14, "justify": False, "footer": False, "font": "Noto Sans CJK SC", "margin_cm": 2.2,
    },
    "12pt-narrow-margins": {
        "font_pt": 12, "justify": False, "footer": False, "font": "Noto Serif CJK SC", "margin_cm": 1.8,
    },
}  # fmt: skip


@pytest.mark.parametrize("name", VARIANTS)
def test_pdf_of_another_layout_gives_the_same_tables(seed_docs, tmp_path, name):
    """Other page breaks, other row splits, page numbers: the loader must not depend on how
    the committed seed.pdf happens to be laid out."""
    soffice_or_skip()
    from evaluation.render import docx_to
    from extractor.loaders import load

    src = _variant_docx(seed_docs("txt"), tmp_path / f"{name}.docx", **VARIANTS[name])
    doc = load(docx_to(src, "pdf", tmp_path / f"{name}.pdf"))
    assert_same_tables(seed_docs("txt"), doc)
    assert text_signature(doc) == text_signature(seed_docs("txt"))


def _web_page_forms(tmp_path):
    """The seed as RTF, ODT, an HTML page, that page in GB2312 under a .doc name (as Word
    "web pages" are published), and an MHT web archive holding it."""
    import base64
    import shutil

    from extractor.loaders.legacy import convert

    src = tmp_path / "seed.docx"
    shutil.copyfile(CORPUS_DIR / "seed.docx", src)
    forms = {to: convert(src, to, tmp_path) for to in ("rtf", "odt", "html")}
    html = forms["html"].read_text(encoding="utf-8")
    gb = tmp_path / "网页.doc"
    gb.write_bytes(
        # Word writes what GB2312 lacks (≦) as character references
        html.replace("charset=utf-8", "charset=gb2312").encode("gb2312", errors="xmlcharrefreplace")
    )
    forms["html as .doc, GB2312"] = gb
    mht = tmp_path / "seed.mht"
    mht.write_bytes(
        b"From: <Saved by Word>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        b"------=_NextPart_01\r\nContent-Location: file:///C:/seed.htm\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b'Content-Type: text/html; charset="utf-8"\r\n\r\n'
        + base64.encodebytes(html.encode("utf-8"))
        + b"\r\n------=_NextPart_01--\r\n"
    )
    forms["mht"] = mht
    return forms


def test_rtf_odt_html_and_mht_give_the_same_document(seed_docs, tmp_path):
    soffice_or_skip()
    from extractor.loaders import load

    expected = {
        "rtf": "rtf",
        "odt": "odt",
        "html": "html",
        "html as .doc, GB2312": "html",
        "mht": "mht",
    }
    for name, path in _web_page_forms(tmp_path).items():
        doc = load(path)
        assert doc.source.format == expected[name], name
        assert_same_tables(seed_docs("txt"), doc)
        assert text_signature(doc) == text_signature(seed_docs("txt")), name
