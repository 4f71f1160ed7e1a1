"""pdfplumber's ruled table cell boxes → a grid part (rows, columns, spans, cell padding)."""

from __future__ import annotations

import bisect
import itertools

from .pdf_lines import cell_line_ends, cell_lines
from .pdf_parts import PCell, TablePart
from .pdf_settings import CELL_PAD_RANGE, ROW_TEXT_ALIGN_PT, SNAP, SPLIT_MIN_ROWS

# ── pdfplumber table → grid part ──────────────────────────────────────────


def cluster(values: list[float], tol: float = SNAP) -> list[float]:
    """Sorted values with near-equal ones merged (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def index(bounds: list[float], v: float) -> int:
    """The index of the boundary nearest ``v`` in the sorted ``bounds`` (the lower on a tie)."""
    i = bisect.bisect_left(bounds, v)
    if i == len(bounds) or (i > 0 and bounds[i] - v >= v - bounds[i - 1]):
        i -= 1
    return bisect.bisect_left(bounds, bounds[i])  # the first of equal boundaries


def table_part(bboxes: list[tuple[float, float, float, float]], page: int) -> TablePart:
    """Cell boxes → rows and row spans from the sorted unique y boundaries (columns come later,
    from the x boundaries of all parts of the table, so a table split over pages shares them)."""
    ys = cluster([b[1] for b in bboxes] + [b[3] for b in bboxes])
    seen: set[tuple[int, float]] = set()
    cells: list[PCell] = []
    for x0, top, x1, bottom in sorted(bboxes, key=lambda b: (b[1], b[0])):
        r0, r1 = index(ys, top), index(ys, bottom)
        if r1 <= r0 or (r0, round(x0)) in seen:
            continue
        seen.add((r0, round(x0)))
        cells.append(PCell(x0, x1, top, bottom, r0, r1 - r0, page))
    x0 = min(b[0] for b in bboxes)
    x1 = max(b[2] for b in bboxes)
    return TablePart(page, x0, ys[0], x1, ys[-1], len(ys) - 1, cells)


def assign_chars(part: TablePart, chars: list[dict]) -> list[dict]:
    """Put each character inside the part into its cell; return the characters outside it."""
    outside: list[dict] = []
    inside: dict[int, list[dict]] = {}
    by_top = sorted(range(len(part.cells)), key=lambda i: part.cells[i].top)
    tops = [part.cells[i].top for i in by_top]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (part.x0 - 1 <= cx <= part.x1 + 1 and part.top - 1 <= cy <= part.bottom + 1):
            outside.append(ch)
            continue
        hit = None
        for j in range(bisect.bisect_right(tops, cy) - 1, -1, -1):
            c = part.cells[by_top[j]]
            if c.x0 - 1 <= cx <= c.x1 + 1 and c.top - 1 <= cy <= c.bottom + 1:
                hit = by_top[j]
                break
        if hit is not None:
            inside.setdefault(hit, []).append(ch)
        # a character inside the table's box but in no cell is a border artefact: dropped
    for i, cs in inside.items():
        part.cells[i].lines = cell_lines(cs, part.page)
    set_padding(part)
    return outside


def set_padding(part: TablePart) -> None:
    """The part's cell padding: the gap between a cell's left edge and its text in a
    left-aligned column (centred and right-aligned columns only show more).  Each column's
    smallest gap; the second smallest of those, as one column's edge can be drawn off by a
    point (a border shared with rows split otherwise)."""
    per_column: dict[int, float] = {}
    for c in part.cells:
        if c.lines:
            gap = min(ln.x0 for ln in c.lines) - c.x0
            k = round(c.x0)
            per_column[k] = min(gap, per_column.get(k, gap))
    gaps = sorted(per_column.values())
    lo, hi = CELL_PAD_RANGE
    pad = min(max(gaps[1] if len(gaps) >= 2 else gaps[0], lo), hi) if gaps else lo
    for c in part.cells:
        c.pad = pad


def split_unruled_rows(part: TablePart) -> bool:
    """Split the cells of ``part`` that span rows only because their column has no rule between
    them (labels one per row, the number columns ruled row by row): each row holding a line
    level with the rest of that row's text, after a line that ended short, starts a cell.  Only
    a cell over ``SPLIT_MIN_ROWS`` rows or more with such a line in every row is split: a label
    merged over rows (centred, wrapped, or broken by hand into a line a row) is left as it is.  True when a cell was split."""
    ys = cluster([c.top for c in part.cells] + [c.bottom for c in part.cells])

    def row_at(y: float) -> int:
        return max(0, min(len(ys) - 2, bisect.bisect_right(ys, y) - 1))

    firsts: dict[int, list[float]] = {}
    for c in part.cells:
        if c.rowspan == 1 and c.lines:
            firsts.setdefault(c.row, []).append(c.lines[0].top)
    out: list[PCell] = []
    split = False
    for c in part.cells:
        starts: dict[int, list] = {}
        for ln in c.lines:
            r = min(max(row_at((ln.top + ln.bottom) / 2), c.row), c.row + c.rowspan - 1)
            starts.setdefault(r, []).append(ln)
        level = all(
            any(abs(lines[0].top - y) <= ROW_TEXT_ALIGN_PT for y in firsts.get(r, []))
            for r, lines in starts.items()
        )
        # every row's text starts one: the line before it ended short (a label wrapped in
        # a narrow merged cell runs on, however level its lines stand with the rows beside)
        rows = sorted(starts)
        short = all(
            cell_line_ends(c, starts[a][-1], starts[b][0]) for a, b in itertools.pairwise(rows)
        )
        if c.rowspan < SPLIT_MIN_ROWS or len(starts) < c.rowspan or not level or not short:
            out.append(c)
            continue
        split = True
        ends = [*rows[1:], c.row + c.rowspan]
        for r, end in zip(rows, ends, strict=True):
            cell = PCell(c.x0, c.x1, ys[r], ys[end], r, end - r, c.page, starts[r], pad=c.pad)
            out.append(cell)
    part.cells = out
    return split
