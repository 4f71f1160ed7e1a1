"""Write a ``Document`` back out as a report file: Word-export text, DOCX, PDF, DOC.

Used to make the corpus (the seed in several formats) and the synthetic
reports: build or load a Document, then render it.  The DOCX has real merged
cells (``gridSpan``/``vMerge``); PDF and DOC are made from the DOCX by
LibreOffice, so those two need it installed; text and DOCX do not.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from extractor.loaders.legacy import convert
from extractor.model import Document, Table

CJK_FONT = "Noto Serif CJK SC"


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
    style.font.size = Pt(10.5)
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


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    trpr.append(el)


def _add_table(d: docx.Document, table: Table) -> None:
    t = d.add_table(rows=table.n_rows, cols=table.n_cols)
    t.style = "Table Grid"
    for row in t.rows:
        _cant_split(row)
    for cell in table.cells:
        target = t.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(t.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        _fill(target, cell.text, target.paragraphs[0])


def docx_of(doc: Document) -> docx.Document:
    d = docx.Document()
    _set_fonts(d)
    for section in d.sections:
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.2)
    prev_table = False
    first = True
    for b in doc.blocks:
        if b.table is not None:
            if prev_table or first:
                d.add_paragraph("")  # keeps adjacent tables apart (Word would join them)
            _add_table(d, b.table)
            prev_table = True
        else:
            p = d.add_paragraph()
            for i, line in enumerate(b.text.split("\n")):
                if i:
                    p.add_run().add_break(WD_BREAK.LINE)
                p.add_run(line)
            prev_table = False
        first = False
    return d


def write_docx(doc: Document, path: Path) -> Path:
    docx_of(doc).save(str(path))
    return path


# ── via LibreOffice ───────────────────────────────────────────────────────


def docx_to(src: Path, fmt: str, dest: Path, timeout: float = 180) -> Path:
    """Convert a DOCX to ``pdf`` or ``doc`` at ``dest`` with LibreOffice."""
    with tempfile.TemporaryDirectory(prefix="render-") as tmp:
        out = convert(src, fmt, Path(tmp), timeout=timeout)
        shutil.move(str(out), dest)
    return dest
