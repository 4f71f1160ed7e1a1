"""Data passed between the steps of the PDF loader: lines, cells, table parts, pages."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .. import patterns
from .pdf_settings import SNAP


@functools.cache
def numbering_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(n["regex"]) for n in patterns.load("sections")["numbering"])


@functools.cache
def page_number_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(rx, re.IGNORECASE) for rx in patterns.load("pdf")["page_number"])


# ── data passed between the steps ─────────────────────────────────────────


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    first_word: float = 0.0
    """Width of the line's first unbreakable piece (one CJK character or one Latin word)."""
    first_char: float = 0.0
    """Width of the line's first character with the punctuation glued to it (``7．``): all
    of a number broken inside that had to move down."""
    ocr: bool = False
    """Read from a scan: its widths are the ink's, not the font's advances (see
    ``OCR_SLACK_EM``)."""


@dataclass
class PCell:
    """A table cell in page coordinates; rows count within the (joined) table."""

    x0: float
    x1: float
    top: float
    bottom: float
    row: int
    rowspan: int
    page: int
    lines: list[Line] = field(default_factory=list)
    piece_top: float | None = None
    """Top of the cell's last piece (a cell joined over a page break has one per page)."""
    piece_page: int | None = None
    pad: float = 0.0
    """The table's cell padding (left = right): the cell's text runs between ``x0 + pad`` and
    ``x1 - pad``."""

    def __post_init__(self) -> None:
        if self.piece_top is None:
            self.piece_top, self.piece_page = self.top, self.page

    def add_piece(self, other: PCell) -> None:
        """Join ``other`` (the same cell's rest on the next page) to this cell."""
        self.lines.extend(other.lines)
        self.piece_top, self.piece_page, self.bottom = other.top, other.page, other.bottom

    @property
    def empty(self) -> bool:
        return not any(ln.text.strip() for ln in self.lines)


@dataclass
class TablePart:
    """The piece of a table drawn on one page."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    n_rows: int
    cells: list[PCell]
    inferred: str = ""
    """How a table not fully ruled was read (for ``source.decisions``); empty when ruled."""
    rules: list[RuleRow] = field(default_factory=list)
    """The horizontal rules drawn across a table read from its text (its rows' edges where
    they are drawn)."""


@dataclass
class PageContent:
    number: int
    items: list[Line | TablePart]
    furniture: int = 0
    height: float = 0.0


@dataclass
class RuleRow:
    """The horizontal rule segments drawn at one height."""

    y: float
    segments: list[tuple[float, float]]

    @property
    def x0(self) -> float:
        return min(s[0] for s in self.segments)

    @property
    def x1(self) -> float:
        return max(s[1] for s in self.segments)

    def covers(self, x: float) -> bool:
        return any(a - SNAP <= x <= b + SNAP for a, b in self.segments)


@dataclass
class Frag:
    """One cell's text on one line: a run of characters with no column gap inside."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first: float
    """Width of its first piece a line break cannot cut."""
    text: str = ""
