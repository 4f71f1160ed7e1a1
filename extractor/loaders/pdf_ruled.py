"""pdfplumber's ruled table cell boxes → a grid part (rows, columns, spans, cell padding)."""

from __future__ import annotations

import bisect
import itertools
import math
import re
from operator import itemgetter
from typing import Any

from .pdf_lines import cell_line_ends, cell_lines, ends_in_leader
from .pdf_parts import Line, PCell, TablePart
from .pdf_settings import CELL_PAD_RANGE, CELL_SLACK_EM, ROW_TEXT_ALIGN_PT, SNAP, SPLIT_MIN_ROWS
from .pdf_unruled_grid import is_figure

# ── ruling lines → cell boxes (pdfplumber's TableFinder, its cell search indexed) ──

Box = tuple[float, float, float, float]
_BBOX = itemgetter("x0", "top", "x1", "bottom")  # pdfplumber's ``obj_to_bbox``


def ruled_cells(page: Any, settings: dict) -> list[list[Box]]:
    """The cell boxes of each table pdfplumber's ``TableFinder`` finds on ``page`` (either
    engine's page, or an OCR'd one), in its order: its edges (for the ``lines`` and
    ``explicit`` strategies snapped and joined a band of the page at a time, ``_bands``),
    intersections and grouping of cells into tables, with the cells found by ``cell_boxes``
    (issue 18: pdfplumber's own search rebuilds both points' edge sets for every pair it
    tries and scans all later points for each point; a fifth of reading a ruled page)."""
    from pdfplumber.table import (
        TableFinder,
        TableSettings,
        cells_to_tables,
        edges_to_intersections,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    tset = TableSettings.resolve(settings)
    if not {tset.vertical_strategy, tset.horizontal_strategy} <= {"lines", "explicit"}:
        finder = TableFinder.__new__(TableFinder)  # its edges without its cell search
        finder.page, finder.settings = page, tset
        edges = finder.get_edges()
    else:  # pdfplumber's edges, snapped and joined a band of the page at a time
        edges = []
        for band in _bands(_raw_edges(page, tset), max(tset.snap_y_tolerance, 1.0)):
            merged = merge_edges(
                band,
                snap_x_tolerance=tset.snap_x_tolerance,
                snap_y_tolerance=tset.snap_y_tolerance,
                join_x_tolerance=tset.join_x_tolerance,
                join_y_tolerance=tset.join_y_tolerance,
            )
            edges += filter_edges(merged, min_length=tset.edge_min_length)
    points = edges_to_intersections(
        edges, tset.intersection_x_tolerance, tset.intersection_y_tolerance
    )
    return cells_to_tables(cell_boxes(points))


LEVEL_NOISE_PT = 0.01
"""A stroke whose ends differ by this little across its run is level (or upright): a matrix
with rounding noise in it (-1e-7 where 0 is meant) writes a table's rules a hair off the
axes, which pdfplumber then counts as neither (a curve's segment) or as the other way (a
line whose top and bottom differ in the fifth decimal is "v")."""


def levelled(edges: list[dict]) -> tuple[list[dict], bool]:
    """``edges`` with each stroke that runs along an axis but for rounding noise
    (``LEVEL_NOISE_PT``) and is not counted so set exactly on it, and whether any was; the
    others are the same objects."""
    out: list[dict] = []
    moved = False
    for e in edges:
        w, h = e["x1"] - e["x0"], e["bottom"] - e["top"]
        way = "h" if h <= LEVEL_NOISE_PT < w else "v" if w <= LEVEL_NOISE_PT < h else None
        if way is None or e["orientation"] == way:
            out.append(e)
            continue
        moved = True
        if way == "h":
            y = (e["top"] + e["bottom"]) / 2
            flat = {**e, "orientation": "h", "top": y, "bottom": y, "height": 0.0}
            if "y0" in e and "y1" in e:
                flat["y0"] = flat["y1"] = (e["y0"] + e["y1"]) / 2
            if "doctop" in e:
                flat["doctop"] = e["doctop"] + h / 2
        else:
            x = (e["x0"] + e["x1"]) / 2
            flat = {**e, "orientation": "v", "x0": x, "x1": x, "width": 0.0}
        out.append(flat)
    return out, moved


def _raw_edges(page: Any, tset: Any) -> list[dict]:
    """The edges pdfplumber's ``TableFinder.get_edges`` snaps and joins, in its order, for
    the ``lines`` and ``explicit`` strategies."""
    from pdfplumber.utils import filter_edges, obj_to_edges

    out: list[dict] = []
    for way, strategy, explicit in (
        ("v", tset.vertical_strategy, tset.explicit_vertical_lines),
        ("h", tset.horizontal_strategy, tset.explicit_horizontal_lines),
    ):
        if strategy == "lines":
            out += filter_edges(page.edges, way, min_length=tset.edge_min_length_prefilter)
        out += [e for desc in explicit or [] for e in obj_to_edges(desc) if e["orientation"] == way]
    return out


def _bands(edges: list[dict], tol: float) -> list[list[dict]]:
    """``edges`` parted where no edge spans the page's height between them (more than
    ``tol`` apart): a table's rules are snapped to each other, never to a logo's strokes
    above it (pdfplumber clusters positions in a chain: strokes 1 pt apart from the page's
    head down to a table's column rule dragged it 4 pt aside)."""
    out: list[list[dict]] = []
    reach = float("-inf")
    for e in sorted(edges, key=lambda e: e["top"]):
        if e["top"] > reach + tol or not out:
            out.append([])
        out[-1].append(e)
        reach = max(reach, e["bottom"])
    return out


def cell_boxes(intersections: dict[tuple[float, float], dict[str, list[dict]]]) -> list[Box]:
    """pdfplumber's ``intersections_to_cells``, the same cells in the same order: for each
    point (sorted), the first point below it and then the first to its right, each joined to
    it by a common edge, whose corner opposite is a point joined to both.  Each point's edge
    boxes are read once, and the points below and to the right are looked up by column and
    row, not searched for."""
    points = sorted(intersections)
    ups = {p: frozenset(map(_BBOX, intersections[p]["v"])) for p in points}
    levels = {p: frozenset(map(_BBOX, intersections[p]["h"])) for p in points}
    columns: dict[float, list[tuple[float, float]]] = {}
    rows: dict[float, list[tuple[float, float]]] = {}
    for p in points:  # in sorted order: a column's points by y, a row's by x
        columns.setdefault(p[0], []).append(p)
        rows.setdefault(p[1], []).append(p)
    at_column = {p: i for col in columns.values() for i, p in enumerate(col)}
    at_row = {p: i for row in rows.values() for i, p in enumerate(row)}
    out: list[Box] = []
    for pt in points:
        below = columns[pt[0]][at_column[pt] + 1 :]
        right = rows[pt[1]][at_row[pt] + 1 :]
        up, level = ups[pt], levels[pt]
        found = None
        for b in below:
            if up.isdisjoint(ups[b]):
                continue
            for r in right:
                if level.isdisjoint(levels[r]):
                    continue
                corner = (r[0], b[1])
                if (
                    corner in ups
                    and not ups[corner].isdisjoint(ups[r])
                    and not levels[corner].isdisjoint(levels[b])
                ):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


# ── pdfplumber table → grid part ──────────────────────────────────────────


def side_by_side(boxes: list[Box]) -> list[list[Box]]:
    """One grid's cell boxes as the grids drawn side by side in one frame, left to right: cut
    at an upright rule no cell crosses where the rows on its two sides are drawn each on
    their own (neither side's row boundaries all among the other's: a label merged over
    rows has its boundaries among the rows beside it) and a side's cells leave part of it
    uncovered (boxes standing apart in a frame's column: a report's charts beside its
    table, each in a box of its own).  A grid with no such rule is one part."""
    for x in sorted({b[0] for b in boxes}):
        if any(b[0] < x - SNAP and b[2] > x + SNAP for b in boxes):
            continue
        left = [b for b in boxes if b[2] <= x + SNAP]
        right = [b for b in boxes if b[2] > x + SNAP]
        rows = [_inner_rows(side) for side in (left, right)]  # none left of the grid's edge
        if (
            not _among(rows[0], rows[1])
            and not _among(rows[1], rows[0])
            and (_holed(left) or _holed(right))
        ):
            return [left, *side_by_side(right)]
    return [boxes]


def cut_at_seams(h: list[dict], grids: list[list[list[Box]]]) -> list[dict]:
    """The level rules ``h`` cut where grids side by side in one frame meet (each of
    ``grids``: one grid's ``side_by_side`` parts): the frame's rules over and under them are
    each part's own, so the text of one is never read with the other's."""
    seams = [
        (min(b[0] for b in part), min(b[1] for b in part), max(b[3] for b in part))
        for parts in grids
        for part in parts[1:]
    ]
    out = []
    for e in h:
        pieces = [e]
        for x, top, bottom in seams:
            if top - SNAP <= e["top"] <= bottom + SNAP:
                pieces = [
                    piece
                    for p in pieces
                    for piece in (
                        [dict(p, x1=x - SNAP), dict(p, x0=x + SNAP)]
                        if p["x0"] < x - SNAP and x + SNAP < p["x1"]
                        else [p]
                    )
                ]
        out += pieces
    return out


def framed_figures(boxes: list[Box], grids: list[list[Box]]) -> bool:
    """Does every cell of ``boxes`` hold another of the page's ``grids`` whole (a chart's
    gridlines in each box of a frame's column of charts): boxes framing figures, no table?"""

    def holds(c: Box, grid: list[Box]) -> bool:
        return grid is not boxes and all(
            c[0] - SNAP <= b[0]
            and c[1] - SNAP <= b[1]
            and b[2] <= c[2] + SNAP
            and b[3] <= c[3] + SNAP
            for b in grid
        )

    return all(any(holds(c, g) for g in grids) for c in boxes)


def _inner_rows(boxes: list[Box]) -> list[float]:
    """The row boundaries of ``boxes`` between their top and bottom."""
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    return ys[1:-1]


def _among(some: list[float], others: list[float]) -> bool:
    return all(any(abs(a - b) <= SNAP for b in others) for a in some)


def _holed(boxes: list[Box]) -> bool:
    """Do the cells leave part of their bounding box uncovered (a strip of it at least
    ``SNAP`` high or wide)?"""
    x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    covered = sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes)
    return covered < (x1 - x0) * (bottom - top) - SNAP * min(x1 - x0, bottom - top)


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
    them (labels one per row, the number columns ruled row by row).  The cell's lines are
    read as texts (a line that ended short, or dot leaders, end one; a text wrapped runs on);
    a line level with the first lines of a row's other cells starts a cell there, the lines
    of its text wrapped above it going with it (a label whose figures stand by its last
    line: Offenses against the family and ⏎ children . . . 92.4), and so does a full line
    level with the next row (a label filling its cell, no room left for a leader).  Only a
    cell over ``SPLIT_MIN_ROWS`` rows or more (or two holding figures only) with a cell so
    started in every row is split: a label merged over rows (centred, wrapped, or broken by
    hand into a line a row) is left as it is.  True when a cell was split."""
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
        figures = (
            c.rowspan >= 2
            and bool(c.lines)
            and all(_WHOLE_FIGURE.fullmatch(ln.text) for ln in c.lines)
        )
        tall = c.rowspan >= SPLIT_MIN_ROWS or figures  # two figures: no label merged over
        rows = _text_rows(c, row_at, firsts) if tall else None
        if rows is None or len(rows) < c.rowspan:
            out.append(c)
            continue
        split = True
        starts = sorted(rows)
        ends = [*starts[1:], c.row + c.rowspan]
        for r, end in zip(starts, ends, strict=True):
            cell = PCell(c.x0, c.x1, ys[r], ys[end], r, end - r, c.page, rows[r], pad=c.pad)
            out.append(cell)
    part.cells = out
    return split


def _text_rows(c: PCell, row_at, firsts: dict[int, list[float]]) -> dict[int, list] | None:
    """The lines of cell ``c`` by the row each starts (see ``split_unruled_rows``); None
    when a level line's row is not below the last one's, or text stands before any."""
    texts: list[list] = []
    for ln in c.lines:
        prev = texts[-1][-1] if texts else None
        if prev is not None and not cell_line_ends(c, prev, ln) and not _apart(c, prev, ln):
            texts[-1].append(ln)
        else:
            texts.append([ln])
    # labels set with dot leaders: a label filling its cell, no room left for a leader, ends
    leaders = 2 * sum(1 for ln in c.lines if ends_in_leader(ln.text)) >= len(c.lines)
    rows: dict[int, list] = {}
    last: int | None = None
    for text in texts:
        pending: list = []
        mine = False
        for ln in text:
            r = min(max(row_at((ln.top + ln.bottom) / 2), c.row), c.row + c.rowspan - 1)
            if not any(abs(ln.top - y) <= ROW_TEXT_ALIGN_PT for y in firsts.get(r, [])):
                pending.append(ln)
            elif (last is not None and r <= last) or (mine and not leaders):
                return None
            else:  # the lines before it wrap onto it
                rows[r], last, pending, mine = [*pending, ln], r, [], True
        if pending:  # the rest of the row above's text, or a text of its own under it
            if last is None:
                return None
            rows[last].extend(pending)
    return rows


_WHOLE_FIGURE = re.compile(r"[-+(（]?\d[\d,，.．]*[%％]?[)）]?")
"""A line that is one figure: a number, its sign or brackets, a percent."""


def _apart(c: PCell, line: Line, nxt: Line) -> bool:
    """Are ``line`` and ``nxt`` two figures, the first whole (no separator ending it) and
    narrower than the cell by more than the next's first digit: set apart, not one number
    wrapped?  (Centred in a narrow cell, a figure's room is on both sides of it, which
    ``cell_line_ends`` does not count: 100% ⏎ 100% down a boxed column of totals.)"""
    return (
        _WHOLE_FIGURE.fullmatch(line.text) is not None
        and _WHOLE_FIGURE.fullmatch(nxt.text) is not None
        and not _NUMBER_CUT.search(line.text)
        and (c.x1 - c.x0) - (line.x1 - line.x0) > nxt.first_char + CELL_SLACK_EM * line.size
    )


def line_rows(part: TablePart) -> list[tuple[float, float, float, float]] | None:
    """Cell boxes of ``part`` with the body rows drawn without rules between them split a
    line at a time, or None when no row is so split: a booktabs table with column rules
    (the body one ruled row whose every cell holds a line per row), a standard's table
    ruled between groups only (从业人员(X) ⏎ 营业收入(Y) beside 人 ⏎ 万元, X≥1000 ⏎
    Y≥40000, the group's name one line between them: merged over the rows).  A row below
    the first is split when two cells or more hold the same number of lines (two or more,
    level with each other) and every other cell one line or none; two of them, or more,
    have every line end short (``cell_line_ends``: a wrapped label beside a wrapped text
    stays one row); and one has a digit on every line (a header's cells wrapped over
    lines, 2023年 ⏎ 预算数, stay one row).  Not where a number is cut at a line's end
    (3,970,136. ⏎ 24: numbers wrapped in narrow cells), nor in a scan's cells (the
    recognised lines' widths cannot tell a line that ended).  Otherwise, a row that is the
    table's only one holding figures is split where its figure lines, or (under one or two
    rows of heads) its texts' starts, set rows (``_figure_cuts``: a budget book's body,
    ruled down but not across), its one-line cells too."""
    covered = {r for c in part.cells if c.rowspan > 1 for r in range(c.row, c.row + c.rowspan)}
    by_row: dict[int, list[PCell]] = {}
    for c in part.cells:
        by_row.setdefault(c.row, []).append(c)
    cuts: dict[int, list[float]] = {}
    every: set[int] = set()  # rows whose every cell is cut, one-line cells too
    figured: set[int] | None = None  # the rows holding a figure, when first asked
    for r, cells in by_row.items():
        if r == 0 or r in covered:
            continue
        at = _level_cuts(cells)
        if at is not None:
            cuts[r] = at
            continue
        if figured is None:
            figured = {
                q
                for q, row in by_row.items()
                if any(is_figure(ln.text) for c in row for ln in c.lines)
            }
        # the table's only row with figures in it, the rest its heads (a row ruled among
        # rows of figures is one row, its numbers wrapped: ４０．８ ⏎ ９)
        alone = not figured - {r}
        # a body of texts only is read so where it is one row under two of heads or one
        last = r == max(by_row) and r <= BODY_ROW_MAX
        if alone and (at := _figure_cuts(cells, texts=last)) is not None:
            cuts[r] = at
            every.add(r)
    return _cut_boxes(part, cuts, every) if cuts else None


def head_rows(part: TablePart) -> list[tuple[float, float, float, float]] | None:
    """Cell boxes of ``part`` with heads ruled in one row with the figures below them parted
    from them (``_head_cut``), or None: the first step before ``line_rows``."""
    first = [c for c in part.cells if c.row == 0]
    at = _head_cut(first) if first else None
    return None if at is None else _cut_boxes(part, {0: at}, set())


def _cut_boxes(
    part: TablePart, cuts: dict[int, list[float]], every: set[int]
) -> list[tuple[float, float, float, float]]:
    """The cell boxes of ``part``, each cell of a row in ``cuts`` cut at its heights."""
    boxes = []
    for c in part.cells:
        ys = [c.top, c.bottom]
        # a one-line cell is a label merged over the rows, but in a row cut every cell
        if c.rowspan == 1 and (len(c.lines) != 1 or c.row in every):
            ys[1:1] = cuts.get(c.row, [])
        boxes += [(c.x0, a, c.x1, b) for a, b in itertools.pairwise(ys)]
    return boxes


HEAD_LINES_MAX = 2
"""``_head_cut``: a column's heads over its figures are at most this many lines."""


def _head_cut(cells: list[PCell]) -> list[float] | None:
    """Where heads part from the figures below them in a table's first ruled row (the rule
    under the heads not drawn: a broker's table ruled as one row): two cells or more whose
    lines are figures but for their first one or two (经纪收入 over 15,138 ⏎ 14,753 …),
    every such column's first figure level, and every line of every cell wholly above or
    below the cut (a cell of one line is a label merged over both, as in ``line_rows``)."""
    heads: list[tuple[list[Line], list[Line]]] = []  # (head lines, figure lines) of a cell
    for c in cells:
        k = next((i for i, ln in enumerate(c.lines) if is_figure(ln.text)), 0)
        body = c.lines[k:]
        if 1 <= k <= HEAD_LINES_MAX and len(body) >= 2 and all(is_figure(ln.text) for ln in body):
            heads.append((c.lines[:k], body))
    if len(heads) < 2:
        return None
    tops = [body[0].top for _, body in heads]
    if max(tops) - min(tops) > ROW_TEXT_ALIGN_PT:
        return None
    cut = (max(ln.bottom for head, _ in heads for ln in head) + min(tops)) / 2
    if any(ln.top < cut < ln.bottom for c in cells for ln in c.lines):
        return None
    return [cut]


def _level_cuts(cells: list[PCell]) -> list[float] | None:
    """Where to cut a row of ``line_rows``' first kind (its docstring), or None."""
    k = max((len(c.lines) for c in cells), default=0)
    lined = [c for c in cells if len(c.lines) == k]
    if k < 2 or len(lined) < 2 or any(1 < len(c.lines) < k for c in cells):
        return None
    if any(ln.ocr for c in lined for ln in c.lines) or _numbers_wrapped(lined):
        return None  # numbers wrapped in their cells (3,970,136. ⏎ 24), or a scan's lines
    ended = [all(cell_line_ends(c, a, b) for a, b in itertools.pairwise(c.lines)) for c in lined]
    if sum(ended) < 2 or not any(all(_DIGIT.search(ln.text) for ln in c.lines) for c in lined):
        return None
    tops = _level_tops(lined, k)
    if tops is None:
        return None
    return _cuts(tops, [max(c.lines[i].bottom for c in lined) for i in range(k)])


def _numbers_wrapped(cells: list[PCell]) -> bool:
    """Does a line of one of ``cells`` end in a number's point or separator, the next line
    starting with a digit (3,970,136. ⏎ 24: a number wrapped in a narrow cell)?"""
    return any(
        _NUMBER_CUT.search(a.text) and b.text[:1].isdigit()
        for c in cells
        for a, b in itertools.pairwise(c.lines)
    )


def _level_tops(cells: list[PCell], k: int) -> list[float] | None:
    """The top of each of the first ``k`` lines of ``cells``, line by line, or None where
    the cells' lines of one index are not level."""
    out = []
    for i in range(k):
        tops = [c.lines[i].top for c in cells]
        if max(tops) - min(tops) > ROW_TEXT_ALIGN_PT:
            return None
        out.append(min(tops))
    return out


def _cuts(top: list[float], bottom: list[float]) -> list[float] | None:
    """Where to cut between rows whose texts span ``top[i]`` to ``bottom[i]``: midway
    between a row's top and the lowest text above it; None where texts overlap."""
    at = []
    for i in range(1, len(top)):
        above = max(bottom[:i])
        if above >= top[i]:
            return None
        at.append((above + top[i]) / 2)
    return at


def _figure_cuts(cells: list[PCell], texts: bool = False) -> list[float] | None:
    """Where to cut a body drawn as one ruled row whose rows the figure columns set: two
    cells or more of figures only, a figure a line, level line by line (a budget book's
    columns of amounts, ruled down but not across).  Every other cell's text starts level
    with a row's figures and runs on below them (a code ⏎ its name; a note wrapped over
    lines), or stands alone a little above them (a total's label set high): it goes with
    that row.  With ``texts``, where no two figure columns set the rows, the texts' starts
    do (``_text_starts``).  None where a text may wrap onto its figures' line from above
    (the label's last line beside its figures: ``split_unruled_rows``' case), where two
    rows' texts overlap, or on a scan's lines."""
    if any(ln.ocr for c in cells for ln in c.lines):
        return None
    figures = [c for c in cells if len(c.lines) >= 2 and all(is_figure(ln.text) for ln in c.lines)]
    if _numbers_wrapped(figures):
        return None  # numbers wrapped in their cells (3,970,136. ⏎ 24)
    m = max((len(c.lines) for c in figures), default=0)
    full = [c for c in figures if len(c.lines) == m]
    if len(full) >= 2:
        starts = _level_tops(full, m)
    elif texts:  # no two figure columns: the texts' starts
        starts = _text_starts(cells)
    else:
        return None
    if starts is None:
        return None
    levels = [[_level(ln, starts) for ln in c.lines] for c in cells]
    below = _run_on_below(cells, levels)
    top = [math.inf] * len(starts)
    bottom = [-math.inf] * len(starts)
    for c, levs in zip(cells, levels, strict=True):
        rows = _line_rows(c, levs, starts, below)
        if rows is None:
            return None
        for ln, r in zip(c.lines, rows, strict=True):
            top[r] = min(top[r], ln.top)
            bottom[r] = max(bottom[r], ln.bottom)
    return _cuts(top, bottom)


def _text_starts(cells: list[PCell]) -> list[float] | None:
    """Row starts where no figure column sets them: the tops of the lines that start a text
    (a cell's first, or one after a gap, ``TEXT_GAP_EM``) level in ``TEXT_START_CELLS``
    cells or more, the row's label (the leftmost cell holding text) starting one at each;
    three rows at least (a table of wrapped texts set a blank line apart, ruled down
    only)."""
    tops: list[tuple[float, int]] = []
    for k, c in enumerate(cells):
        for i, ln in enumerate(c.lines):
            if i == 0 or ln.top - c.lines[i - 1].bottom > TEXT_GAP_EM * ln.size:
                tops.append((ln.top, k))
    tops.sort()
    groups: list[list[tuple[float, int]]] = []
    for t in tops:
        if groups and t[0] - groups[-1][0][0] <= ROW_TEXT_ALIGN_PT:
            groups[-1].append(t)
        else:
            groups.append([t])
    label = min(
        (k for k, c in enumerate(cells) if c.lines), key=lambda k: cells[k].x0, default=None
    )
    starts = [g[0][0] for g in groups if len({k for _, k in g}) >= TEXT_START_CELLS]
    labelled = {g[0][0] for g in groups if any(k == label for _, k in g)}
    if len(starts) < 3 or not set(starts) <= labelled:
        return None
    return starts


BODY_ROW_MAX = 2
"""``line_rows``: rows of wrapped texts are read from their starts only in a table whose
body is its row this index or less (heads of one or two rows over it)."""

TEXT_START_CELLS = 3
"""... in this many cells at once: a label and its value beside it (a form's two columns,
its paragraphs set apart) part no rows."""

TEXT_GAP_EM = 0.3
"""A gap between two lines of a cell wider than this (ems) parts two texts (``_text_starts``)."""


def _level(line: Line, starts: list[float]) -> int | None:
    """The row whose figures ``line`` stands level with, if any."""
    return next((j for j, y in enumerate(starts) if abs(line.top - y) <= ROW_TEXT_ALIGN_PT), None)


def _run_on_below(cells: list[PCell], levels: list[list[int | None]]) -> bool:
    """Does a text start level with a row's figures and run on below them, not into the
    next row's line (the page's texts start level: none ends by its figures)?  ``levels``:
    the row each cell's line stands level with (``_level``), cell by cell."""
    for c, levs in zip(cells, levels, strict=True):
        run = False  # in a text that started level
        for i, a in enumerate(c.lines):
            b = c.lines[i + 1] if i + 1 < len(c.lines) else None
            if levs[i] is not None:
                run = True
            elif run and (b is None or b.top - a.bottom > b.size):
                return True  # the text ends below its row's line
            if b is not None and (levs[i + 1] is not None or b.top - a.bottom > b.size):
                run = False
    return False


def _line_rows(
    c: PCell, levels: list[int | None], starts: list[float], below: bool
) -> list[int] | None:
    """The row of each of ``c``'s lines (``_figure_cuts``; ``levels``: the row each stands
    level with), or None."""
    out: list[int] = []
    for i, ln in enumerate(c.lines):
        nxt = c.lines[i + 1] if i + 1 < len(c.lines) else None
        if (lev := levels[i]) is not None:
            out.append(lev)
        elif is_figure(ln.text):
            return None  # a figure between two rows' figures: of neither
        elif (
            not below
            and nxt is not None
            and levels[i + 1] is not None
            and not cell_line_ends(c, ln, nxt)
        ):
            return None  # wrapped onto the next row's line: a label ending by its figures
        elif (raised := _raised(ln, starts)) is not None and (
            not out or ln.bottom > starts[raised]
        ):
            out.append(raised)  # alone a little above a row's figures, or reaching their line
        elif not out or ln.top - c.lines[i - 1].bottom > ln.size:
            return None
        else:
            out.append(out[-1])  # runs on below its row's line
    return out


def _raised(line: Line, starts: list[float]) -> int | None:
    """The row whose figures ``line`` stands a little above (``HIGH_LABEL_EM``), if any."""
    return next(
        (j for j, y in enumerate(starts) if 0 < y - line.top <= HIGH_LABEL_EM * line.size), None
    )


HIGH_LABEL_EM = 1.0
"""How far above its row's figures (ems) a label standing alone may start (``_figure_cuts``)."""

_DIGIT = re.compile(r"\d")
_NUMBER_CUT = re.compile(r"\d[.,，．]$")
"""A line ending in a number's point or separator: the number goes on on the next line."""
