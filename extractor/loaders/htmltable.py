"""HTML tables inside a text file (text loader).

Document converters that write Markdown (PDF-to-Markdown tools, web-page exporters) keep every
table they cannot draw with pipes as raw HTML: ``<table><tr><td rowspan="3">2021</td>…``.
Those lines are read here into the same ``Table`` model, merged cells as spans; cell text is
the text between the tags with entities decoded and ``<br>`` as a line break.  Nothing in
the markup is run or fetched: the parser only collects text and the two span attributes.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..model import Cell, Table

PIECES = (
    "html: one of several tables written one after another (a converter writes a table one "
    "page at a time), so a row cut by a page may be split and rows may be missing"
)
"""``Table.layout_inferred`` of an HTML table next to another: sums over the whole table
cannot be checked (info), and an error on it is a warning."""

MAX_SPAN = 200
"""A rowspan/colspan larger than this is a typo or an attack: read as 1."""


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)

    @staticmethod
    def _int(value: str | None) -> int:
        try:
            n = int((value or "1").strip())
        except ValueError:
            return 1
        return n if 1 <= n <= MAX_SPAN else 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            if not self.tables[-1]:
                self.tables[-1].append([])
            self._cell = []
            self._span = (self._int(a.get("rowspan")), self._int(a.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            text = "".join(self._cell).strip()
            self.tables[-1][-1].append((text, *self._span))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _grid(rows: list[list[tuple[str, int, int]]], page: int | None) -> Table | None:
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    n_cols = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            rowspan = min(rowspan, len(rows) - r)
            cells.append(Cell(text=text, row=r, col=c, rowspan=rowspan, colspan=colspan, page=page))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
            n_cols = max(n_cols, c)
    if not cells:
        return None
    n_rows = len(rows)
    # positions no cell covers (a short row) get an empty cell, so the grid is whole
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) not in taken:
                cells.append(Cell(text="", row=r, col=c, page=page))
    cells.sort(key=lambda x: (x.row, x.col))
    return Table(n_rows=n_rows, n_cols=n_cols, cells=cells)


def tables(markup: str, page: int | None = None) -> list[Table]:
    """The tables of an HTML fragment, in order (empty ones left out)."""
    parser = _Rows()
    parser.feed(markup)
    parser.close()
    out = []
    for rows in parser.tables:
        t = _grid([r for r in rows if r], page)
        if t is not None:
            out.append(t)
    return out
