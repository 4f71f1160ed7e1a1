"""Small documents built in code for the records tests, and their round trips.

``table(rows)`` places cells left to right like Word does (a spec is a text or
``(text, rowspan, colspan)``; positions covered by an earlier span are
skipped); ``document(items)`` assembles paragraphs and tables exactly as a
loader would (``loaders.layout.assemble``); ``via(doc, fmt, tmp)`` writes the
document as DOCX or Word text export and loads it back, so a test sees what
the real loaders make of it.
"""

from __future__ import annotations

from pathlib import Path

import extractor
from extractor.loaders.layout import Paragraph, RawTable, assemble
from extractor.model import Cell, Document, Source, Table

Spec = str | tuple[str, int, int]


def table(rows: list[list[Spec]], page: int | None = 1) -> Table:
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    n_cols = 0
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            text, rs, cs = (spec, 1, 1) if isinstance(spec, str) else spec
            while (r, c) in taken:
                c += 1
            cells.append(Cell(text=text, row=r, col=c, rowspan=rs, colspan=cs, page=page))
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken.add((rr, cc))
            c += cs
        n_cols = max(n_cols, c, max((cc + 1 for rr, cc in taken if rr == r), default=0))
    return Table(n_rows=len(rows), n_cols=n_cols, cells=cells)


def document(items: list[str | Table], name: str = "fixture.docx") -> Document:
    raw = [RawTable(it, 1) if isinstance(it, Table) else Paragraph(it, 1) for it in items]
    return assemble(Source(path=name, format="docx", sha256="0" * 64), raw)


def via(doc: Document, fmt: str, tmp: Path) -> Document:
    """The document written as ``docx`` or ``txt`` (Word's text export) and loaded back."""
    from evaluation.render import write_docx, write_text

    path = tmp / f"fixture.{fmt}"
    if fmt == "docx":
        write_docx(doc, path)
    elif fmt == "txt":
        write_text(doc, path)
    else:
        raise ValueError(fmt)
    return extractor.load(path)


def extract(doc: Document) -> dict:
    return extractor.extract(doc).to_dict()


def load_text(text: str, tmp: Path, name: str = "fixture.txt") -> Document:
    """A report typed in Word's text-export layout (cells start with TAB, blank line ends a row)."""
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return extractor.load(path)
