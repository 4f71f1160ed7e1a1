"""The one container every stage annotates: a loaded ``Document``.

file ──loader──▶ **Document** ──extractors──▶ Report ──rules──▶ findings

A loader fills ``Document``: source facts, and ``blocks`` in reading order,
each a heading, a paragraph or a table.  Offsets are character offsets into
``Document.text`` (the blocks' texts joined by ``BLOCK_SEP``); a table block's
text is its rows joined by newlines and its cells by tabs, and every cell knows
where its text sits inside the block text, so figures found in a cell point back
at the exact characters.  Nothing downstream re-reads the file.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from contextlib import suppress
from typing import Any, Literal

from pydantic import BaseModel, Field

Format = Literal[
    "txt", "docx", "doc", "pdf", "wps", "rtf", "odt", "html", "mht", "xlsx", "xls", "image"
]
BlockKind = Literal["heading", "paragraph", "table"]

BLOCK_SEP = "\n"
CELL_SEP = "\t"
ROW_SEP = "\n"


class OcrDoubt(BaseModel):
    """A text OCR read with a low confidence: a number in it may be misread."""

    page: int
    text: str
    confidence: float


class Source(BaseModel):
    """What the file was and what the loader decided about it."""

    path: str
    format: Format
    sha256: str
    pages: int | None = None
    encoding: str | None = None
    text_layer: bool = True
    ocr: str | None = None
    """The OCR engine that read the text of a file without a text layer (a scan), if any."""
    size: int = 0
    ocr_doubts: list[OcrDoubt] = Field(default_factory=list)
    """Texts with digits that OCR read with a confidence under ``ocr.DOUBT`` (page, text,
    confidence): a finding that quotes one of their numbers says so."""
    decisions: list[str] = Field(default_factory=list)
    """Choices made while loading (encoding guessed, triage result, repairs), for the auditor."""


class Cell(BaseModel):
    """One cell of a table grid.  A merged cell appears once, at its top-left corner."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    start: int = 0
    """Offset of ``text`` in the table block's text (set by ``Table.render``)."""

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name in _PLACE_FIELDS:
            global _CELLS_MOVED
            _CELLS_MOVED = next(_MOVES)  # after the write: a grid made since sees the move


_PLACE_FIELDS = frozenset({"row", "col", "rowspan", "colspan"})
_MOVES = itertools.count(1)
_CELLS_MOVED = 0
"""Changed (to a number never used before) whenever a cell anywhere is moved or resized: a
remembered grid is keyed on it and on which cells its table holds (issue 18: comparing the
place of every cell at every ask cost more than the grid saved)."""
_GRIDS_KEPT = 4096
"""Grids remembered at most: a table's goes with the table, this bounds the tables alive."""
_GRIDS: dict[int, list[Any]] = {}
"""``id(table)`` → [the table, its size and cells when remembered, its grid, its rows, the
cells themselves]."""
_GRID, _ROWS = 2, 3


def _forget_grid(ident: int, ref: weakref.ref[Table]) -> None:
    """A table is gone: its grid goes (unless another table took its id since)."""
    kept = _GRIDS.get(ident)
    if kept is not None and kept[0] is ref:
        _GRIDS.pop(ident, None)


class Table(BaseModel):
    n_rows: int
    n_cols: int
    cells: list[Cell]
    repeated_header_rows: list[int] = Field(default_factory=list)
    """Rows that repeat the table's header (after a page break), not data."""
    layout_inferred: str | None = None
    """Why the grid is a reading of the text's positions, not of ruling lines (a PDF table
    without vertical rules): its columns may be wrong, so findings on it are warnings."""

    def grid(self) -> list[list[Cell | None]]:
        """Every grid position → the cell covering it (merged cells repeat by reference).

        The stages ask for the grid of a table again and again (about 46 times a report,
        issue 18): it is remembered, keyed on the table's size and on which cells it holds
        where, so a loader moving, adding or replacing cells gets a fresh one.  Each call
        returns its own rows (a caller may write into them)."""
        return [row[:] for row in self._kept(_GRID, self._build_grid)]

    def _kept(self, slot: int, build: Callable[[], list]) -> list:
        """What ``build`` makes of the table as it is now, remembered in ``_GRIDS``."""
        moved = _CELLS_MOVED  # read before the cells: a move while building gives a new key
        key = (self.n_rows, self.n_cols, moved, tuple(map(id, self.cells)))
        ident = id(self)
        kept = _GRIDS.get(ident)
        if kept is None or kept[0]() is not self or kept[1] != key:
            if len(_GRIDS) >= _GRIDS_KEPT:
                with suppress(KeyError, RuntimeError, StopIteration):  # another thread was first
                    del _GRIDS[next(iter(_GRIDS))]  # the oldest goes
            # the cells are held with the key, so no other cell can take the id of one of them
            ref = weakref.ref(self, lambda ref: _forget_grid(ident, ref))
            kept = [ref, key, None, None, tuple(self.cells)]
            _GRIDS[ident] = kept
        got = kept[slot]
        if got is None:
            got = kept[slot] = build()
        return got

    def _build_grid(self) -> list[list[Cell | None]]:
        n_rows, n_cols = self.n_rows, self.n_cols
        g: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
        for c in self.cells:
            if c.rowspan == 1 and c.colspan == 1:  # most cells: one position, no loops
                if c.row < n_rows and c.col < n_cols:
                    g[c.row][c.col] = c
                continue
            for r in range(c.row, min(c.row + c.rowspan, n_rows)):
                for k in range(c.col, min(c.col + c.colspan, n_cols)):
                    g[r][k] = c
        return g

    @staticmethod
    def spans_once(row: list[Cell | None]) -> list[Cell | None]:
        """A grid row with a cell spanning several columns listed once (left to right)."""
        return [c for i, c in enumerate(row) if i == 0 or c is not row[i - 1]]

    def rows(self) -> list[list[Cell]]:
        """Anchor cells grouped by the row they start in, left to right (remembered as the
        grid is; each call returns its own lists)."""
        return [row[:] for row in self._kept(_ROWS, self._build_rows)]

    def _build_rows(self) -> list[list[Cell]]:
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def render(self) -> str:
        """Block text of the table; sets each cell's ``start`` offset into it."""
        parts: list[str] = []
        pos = 0
        for i, row in enumerate(self.rows()):
            if i:
                parts.append(ROW_SEP)
                pos += len(ROW_SEP)
            for j, cell in enumerate(row):
                if j:
                    parts.append(CELL_SEP)
                    pos += len(CELL_SEP)
                # cell.start = pos, as pydantic sets a field (no validation, no cell moved)
                # without its generic path: every cell of every table (issue 18)
                cell.__dict__["start"] = pos
                cell.__pydantic_fields_set__.add("start")
                parts.append(cell.text)
                pos += len(cell.text)
        return "".join(parts)

    @property
    def pages(self) -> list[int]:
        return sorted({c.page for c in self.cells if c.page is not None})


class Block(BaseModel):
    index: int
    kind: BlockKind
    text: str
    section: str = ""
    """Path of the headings above the block, e.g. ``二、部门（单位）收支情况 > 年度收入情况（万元）``."""
    level: int | None = None
    """Heading level (1 = 一、, 2 = （一）, 3 = 1、 …); ``None`` for other blocks."""
    page: int | None = None
    start: int = 0
    end: int = 0
    table: Table | None = None
    printed: str | None = None
    """The text as printed when ``text`` is its simplified-script form (a traditional-script
    document, issue 13); same length, so every offset holds in both."""


class Document(BaseModel):
    source: Source
    blocks: list[Block] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return BLOCK_SEP.join(b.text for b in self.blocks)

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    def block(self, index: int | None) -> Block | None:
        """The block of that ``index`` (its position in ``blocks`` as a rule; else searched:
        a form read apart keeps the indices of its document)."""
        if index is None:
            return None
        if 0 <= index < len(self.blocks) and self.blocks[index].index == index:
            return self.blocks[index]
        return next((b for b in self.blocks if b.index == index), None)
