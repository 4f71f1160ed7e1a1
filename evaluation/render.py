"""Write a ``Document`` back out as a report file: Word-export text, DOCX, PDF, DOC.

Used to make the corpus (the seed in several formats) and the synthetic
reports: build or load a Document, then render it.  The DOCX has real merged
cells (``gridSpan``/``vMerge``); PDF and DOC are made from the DOCX by
LibreOffice, so those two need it installed; text and DOCX do not.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from extractor.loaders.legacy import convert
from extractor.model import Document, Table

CJK_FONT = "Noto Serif CJK SC"
FONT_PT = 10.5
"""Body font size (五号, the usual size of these reports)."""
PAGE_CM = (21.0, 29.7)
"""A4, as every report is printed."""
MARGIN_CM = 2.2
CELL_PADDING_CM = 0.4
"""Left + right cell margins Word and LibreOffice put inside a table cell by default."""
FIRST_LINE_INDENT_EM = 2
"""Paragraphs open with a two-character indent, as Chinese official documents do."""
MIN_COLUMN_EM = 3.0
"""A column is never squeezed below this many characters unless its text is shorter."""


# ── text (Word's "save as plain text" layout) ─────────────────────────────


def text_of(doc: Document) -> str:
    """The document as Word's text export writes it (see ``extractor.loaders.text``)."""
    out: list[str] = []
    for b in doc.blocks:
        if b.table is None:
            out.append(b.text)
        else:
            out.extend(_table_lines(b.table))  # each row ends with a blank line
    return "\n".join(out) + "\n"


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    grid = table.grid()
    for r in range(table.n_rows):
        c = 0
        while c < table.n_cols:
            cell = grid[r][c]
            if cell is None:
                lines.append("\t")
                c += 1
                continue
            text = cell.text if cell.row == r else ""  # a vertical merge repeats as an empty cell
            first, *rest = text.split("\n") if text else [""]
            lines.append("\t" + first)
            lines.extend(rest)
            c += cell.colspan
        lines.append("")
    return lines


def write_text(doc: Document, path: Path, encoding: str = "utf-8") -> Path:
    data = text_of(doc)
    if encoding.lower() in ("utf-16", "utf-16-le-bom"):
        path.write_bytes(data.encode("utf-16"))
    else:
        path.write_bytes(data.encode(encoding))
    return path


# ── DOCX ──────────────────────────────────────────────────────────────────


def _set_fonts(d: docx.Document) -> None:
    style = d.styles["Normal"]
    style.font.size = Pt(FONT_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    fonts.set(qn("w:ascii"), CJK_FONT)
    fonts.set(qn("w:hAnsi"), CJK_FONT)


def _fill(paragraph_owner, text: str, first_paragraph) -> None:
    """Put ``text`` into a cell: one paragraph per line."""
    lines = text.split("\n") if text else [""]
    first_paragraph.text = lines[0]
    for line in lines[1:]:
        paragraph_owner.add_paragraph(line)


def _em(text: str) -> float:
    """Printed width of ``text`` in ems: wide (CJK) characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _min_max_em(text: str) -> tuple[float, float]:
    """Narrowest sensible width (longest unbreakable run, or MIN_COLUMN_EM) and unwrapped width."""
    lines = text.split("\n") if text else [""]
    widest = max(_em(ln) for ln in lines)
    # CJK breaks between any two characters; Latin words and numbers do not break
    tokens = [t for ln in lines for t in re.findall(r"[!-~]+", ln)]
    longest_token = max((_em(t) for t in tokens), default=0.0)
    return min(widest, max(longest_token, MIN_COLUMN_EM)), widest


def column_widths(table: Table, available_cm: float, font_pt: float = FONT_PT) -> list[float]:
    """Column widths in cm that suit the content (the CSS automatic table layout).

    Each column gets at least its minimum (longest unbreakable run, or
    ``MIN_COLUMN_EM``); the rest of the width goes to columns in proportion to
    how much more they would need to print unwrapped.  So a label column stays
    narrow and a narrative column takes the page, instead of every column
    getting an equal share (which makes a long narrative cell run over pages).
    """
    n = table.n_cols
    lo = [0.0] * n
    hi = [0.0] * n
    for cell in sorted(table.cells, key=lambda c: c.colspan):
        a, b = _min_max_em(cell.text)
        cols = range(cell.col, min(cell.col + cell.colspan, n))
        if cell.colspan == 1:
            lo[cell.col] = max(lo[cell.col], a)
            hi[cell.col] = max(hi[cell.col], b)
            continue
        # a spanning cell only widens its columns if they are too narrow together
        have_lo, have_hi = sum(lo[c] for c in cols), sum(hi[c] for c in cols)
        for c in cols:
            if a > have_lo:
                lo[c] += (a - have_lo) / cell.colspan
            if b > have_hi:
                hi[c] += (b - have_hi) / cell.colspan
    em_cm = font_pt / 72 * 2.54
    pad = CELL_PADDING_CM + 0.1
    lo_cm = [max(x, 1.0) * em_cm + pad for x in lo]
    hi_cm = [max(x, 1.0) * em_cm + pad for x in hi]
    if sum(hi_cm) <= available_cm:  # everything fits unwrapped: stretch to the full width
        return [w * available_cm / sum(hi_cm) for w in hi_cm]
    if sum(lo_cm) >= available_cm:
        return [w * available_cm / sum(lo_cm) for w in lo_cm]
    spare = available_cm - sum(lo_cm)
    want = [h - w for h, w in zip(hi_cm, lo_cm, strict=True)]
    total_want = sum(want) or 1.0
    return [lo + spare * w / total_want for lo, w in zip(lo_cm, want, strict=True)]


def _set_widths(t, widths_cm: list[float]) -> None:
    t.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/>: keep our widths
    for col, w in zip(t.columns, widths_cm, strict=True):
        col.width = Cm(w)
    for row in t.rows:
        for cell, w in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(w)


def _repeat_as_header(row) -> None:
    """Mark a row as a header row that Word/LibreOffice repeat at the top of every page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _add_table(d: docx.Document, table: Table, available_cm: float, header_rows: int = 0) -> None:
    t = d.add_table(rows=table.n_rows, cols=table.n_cols)
    t.style = "Table Grid"
    _set_widths(t, column_widths(table, available_cm))
    for row in t.rows[:header_rows]:
        _repeat_as_header(row)
    # Rows may split over a page break (Word's default), as in real reports.  (With
    # <w:cantSplit/> LibreOffice also leaves the borders of a vertical merge undrawn
    # in its last row, so the PDF would lose cells.)
    for cell in table.cells:
        target = t.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(t.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        _fill(target, cell.text, target.paragraphs[0])


def docx_of(doc: Document, header_rows: dict[int, int] | None = None) -> docx.Document:
    """``header_rows``: table block index → number of top rows repeated on every page."""
    d = docx.Document()
    _set_fonts(d)
    for section in d.sections:
        section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
        section.left_margin = section.right_margin = Cm(MARGIN_CM)
        section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    available_cm = PAGE_CM[0] - 2 * MARGIN_CM
    prev_table = False
    first = True
    for b in doc.blocks:
        if b.table is not None:
            if prev_table or first:
                d.add_paragraph("")  # keeps adjacent tables apart (Word would join them)
            _add_table(d, b.table, available_cm, (header_rows or {}).get(b.index, 0))
            prev_table = True
        else:
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(FONT_PT * FIRST_LINE_INDENT_EM)
            for i, line in enumerate(b.text.split("\n")):
                if i:
                    p.add_run().add_break(WD_BREAK.LINE)
                p.add_run(line)
            prev_table = False
        first = False
    if prev_table:
        # Word always ends the body with a paragraph; LibreOffice's DOC export drops a
        # table that ends it (the .doc then holds its cells as loose paragraphs)
        d.add_paragraph("")
    return d


def write_docx(doc: Document, path: Path, header_rows: dict[int, int] | None = None) -> Path:
    docx_of(doc, header_rows).save(str(path))
    return path


# ── via LibreOffice ───────────────────────────────────────────────────────


def docx_to(src: Path, fmt: str, dest: Path, timeout: float = 180) -> Path:
    """Convert a DOCX to ``pdf`` or ``doc`` at ``dest`` with LibreOffice."""
    with tempfile.TemporaryDirectory(prefix="render-") as tmp:
        out = convert(src, fmt, Path(tmp), timeout=timeout)
        shutil.move(str(out), dest)
    return dest
