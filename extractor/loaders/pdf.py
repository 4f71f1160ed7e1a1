"""PDF loader (pdfplumber): triage, then tables from ruling lines and paragraphs from lines.

file ──open──▶ **triage** (text layer? garbled?) ──▶ per page: ruled tables
(pdfplumber cell boxes → grid rows/cols/spans, the table's cell padding; a grid
of rules without its outer frame gets the frame), tables not fully ruled
(horizontal rules only, 三线表, no rules: columns from the gaps in the text's
lines, rows from the rules or from wrapped lines — cell boxes into the same
path), characters → lines (overprinted simulated-bold copies dropped), page furniture
dropped ──▶ one stream of lines and table parts over all pages ──▶ table parts
continued on the next page joined (repeated header rows kept for
``layout.mark_repeated_headers``; a row split by the page break joined back;
vertical merges across the break restored, a merged label below a repeated
header given its whole text; a header cut from its body joined to it) ──▶
lines grouped into paragraphs ──▶ ``layout.assemble``.

Whether a line ran on (the text flowed past it) or ended short decides most
joins: a paragraph's lines are measured against the body's right margin, a
cell's against the cell's content width (its width less the padding on both
sides, whatever the alignment).  A cell's lines join without a separator,
except that a line ending short keeps its line break and a Latin word wrapped
at a space gets its space back; a number the width broke inside (digits,
points and separators have no break opportunity) is joined whole, so only a
break that was typed survives into the number (the records' ``repaired``).

The steps live in modules of their own: ``pdf_settings`` (every threshold, a
named constant; sizes are in ems of the text's own font size, so they hold for
any point size), ``pdf_parts`` (the data passed between the steps),
``pdf_lines`` (characters → lines → paragraphs and cell texts, page
furniture), ``pdf_ruled`` (ruled grids), ``pdf_unruled`` (tables not fully
ruled; ``pdf_fragments``, lines cut at column gaps; ``pdf_rule_groups``, their
rules grouped a table each; ``pdf_cell_columns``, ruled cells holding columns of
text; ``pdf_unruled_grid``, the grid their cells are merged on) and
``pdf_join`` (parts joined over page breaks); this module reads the pages,
measures the body text, triages and loads.  Every threshold is named and every decision that changes
what a reader sees is written to ``source.decisions``.  A PDF without a usable
text layer gives a Document with ``text_layer=False`` and no blocks — never an
error and never a silently empty document; no OCR is attempted.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import CorruptFile, EncryptedFile
from ..model import Document, Source
from .layout import Item, Paragraph, RawTable, assemble, sha256_file
from .normalize import key as text_key
from .normalize import squash_cjk_spaces
from .pdf_cell_columns import banded_cells, columns_in_cells, text_in_columns
from .pdf_charts import (
    boxes_meet,
    chart_areas,
    chart_edges,
    crossed,
    diagonals,
    hull_of,
    in_area,
    rectangles,
)
from .pdf_fragments import fragments
from .pdf_join import (
    COLUMNS_IN_CELLS,
    NO_VERTICAL_RULES,
    Joined,
    continues,
    guessed_columns_reason,
    join_part,
    to_table,
)
from .pdf_lines import (
    binding_line,
    char_rows,
    chars_to_lines,
    ends_paragraph,
    find_furniture,
    gap_is_space,
    join_cell,
    join_lines,
    level_chars,
    numbered_line,
    sideways,
    text_turn,
    turned,
)
from .pdf_parts import Line, PageContent, PCell, RuleRow, TablePart, page_number_res
from .pdf_rule_groups import (
    explicit_line,
    missing_frames,
    rule_rows,
    shaded_rules,
    short_rules,
    stacked_rows,
)
from .pdf_ruled import (
    assign_chars,
    cut_at_seams,
    framed_figures,
    head_rows,
    levelled,
    line_rows,
    ruled_cells,
    side_by_side,
    split_unruled_rows,
    table_part,
)
from .pdf_settings import (
    EOF_WINDOW,
    FURNITURE_BAND,
    GARBLED_MAX_SHARE,
    GARBLED_RE,
    INDENT_EM,
    MARGIN_SUPPORT_SHARE,
    ORNAMENT_MAX_CHARS,
    PAGE_MIN_CHARS,
    PARAGRAPH_GAP_RATIO,
    PITCH_DEFAULT_EM,
    PITCH_MAX_EM,
    SHADE_MIN_PT,
    SIZE_CHANGE_PT,
    SNAP,
    TABLE_SETTINGS,
    TEXT_PAGE_MIN_SHARE,
)
from .pdf_unruled import unruled_tables

# ── reading pages ─────────────────────────────────────────────────────────


ROWS_FROM_LINES = "a column without rules between its rows, its rows taken from its lines"
LINE_ROWS = "rows without rules between them, one a line, taken from their level lines"
BANDED_ROWS = "rows and columns parted by shading every other row, not by rules"


SCANNED_SHARE = 0.5
"""A page without text whose images cover this share of it is a scanned page."""


def _scanned(page) -> bool:
    area = float(page.width * page.height) or 1.0
    covered = sum(
        max(0.0, float(im["x1"] - im["x0"])) * max(0.0, float(im["bottom"] - im["top"]))
        for im in page.images
    )
    return covered >= SCANNED_SHARE * area


class _Scans:
    """OCR for the scanned pages of a typeset PDF: the file opened for rendering once, at the
    first such page (if OCR is installed and pdfium can open it)."""

    def __init__(self, path: Path, source: Source) -> None:
        self.path, self.source = path, source
        self.pdf: Any = None
        self.tried = False

    def read(self, number: int, carry: dict) -> tuple[list[Line], list[TablePart], float] | None:
        from . import ocr

        if not self.tried:
            self.tried = True
            self.pdf = ocr.open_pdf(self.path, self.source) if ocr.available() else None
        if self.pdf is None:
            return None
        ocr.PROGRESS.info("OCR %s: page %d", self.path.name, number)
        how = " (a scanned page among typeset ones)"
        read = ocr.read_pdf_page(self.pdf, number - 1, self.source, carry, how=how)
        self.source.ocr = ocr.ENGINE
        return read

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def page_turn(page) -> int:
    """How the page's text runs: 0 left to right; 90 up the page, -90 down it (a landscape
    table drawn sideways on a portrait page; a page's ``/Rotate`` pdfplumber applies itself)."""
    return text_turn(page.chars)


def _invisible(edge: dict) -> bool:
    """An edge of a rectangle filled white and not stroked (a text run's background, as some
    typesetting systems draw behind every run): nothing is drawn there, so no rule."""
    return _painted(edge) and _white(edge)


def _white(obj: dict) -> bool:
    """Is ``obj`` filled white (its non-stroking colour: gray 1, RGB 1 1 1 or CMYK no ink)?"""
    color = obj.get("non_stroking_color")
    values = color if isinstance(color, (tuple, list)) else (color,)
    if len(values) == 4:  # CMYK: white is no ink
        return all(v == 0 for v in values)
    return all(v == 1 for v in values)


def _blank_curve_edges(page, edges: list[dict]) -> set[int]:
    """The ``id`` of every curve segment of a rectangle drawn as a path (four corners, not
    closed: no rectangle to pdfminer) filled white and not stroked (a text line's
    background in a Word cell, as ``_invisible`` tells of rectangles): curve edges carry no
    paint of their own, so they are matched to their path's box.  A flowchart's rounded
    boxes are no such rectangles."""
    boxes = [
        (c["x0"] - SNAP, c["top"] - SNAP, c["x1"] + SNAP, c["bottom"] + SNAP)
        for c in getattr(page, "curves", ())
        if _boxed(c) and c.get("fill") and not c.get("stroke") and _white(c)
    ]
    if not boxes:
        return set()
    return {id(e) for e in edges if e.get("object_type") == "curve_edge" and in_area(e, boxes)}


def _boxed(curve: dict) -> bool:
    """Is the path four points, each a corner of its box (a fifth closing it where it began
    is the first again)?"""
    pts = list(curve.get("pts") or ())
    if len(pts) == 5 and abs(pts[0][0] - pts[4][0]) < 0.1 and abs(pts[0][1] - pts[4][1]) < 0.1:
        pts.pop()
    xs, ys = (curve["x0"], curve["x1"]), (curve["top"], curve["bottom"])
    return len(pts) == 4 and all(
        min(abs(x - v) for v in xs) < 0.1 and min(abs(y - v) for v in ys) < 0.1 for x, y in pts
    )


def _painted(edge: dict) -> bool:
    """A side of a rectangle filled with some ink and not stroked."""
    return (
        edge.get("object_type") == "rect_edge" and bool(edge.get("fill")) and not edge.get("stroke")
    )


def _shadings(edges: list[dict]) -> list[tuple[dict, dict, dict, dict]]:
    """Every shading (``SHADE_MIN_PT``) as its four sides (top, bottom, left, right)."""
    return [
        (top, bottom, left, right)
        for top, bottom, left, right in rectangles(edges)
        if _painted(top)
        and not _invisible(top)
        and right["x0"] - left["x0"] >= SHADE_MIN_PT
        and bottom["top"] - top["top"] >= SHADE_MIN_PT
    ]


def _mark_only(cell: PCell) -> bool:
    """Does ``cell`` hold only a mark of ``ORNAMENT_MAX_CHARS`` characters or fewer (a page
    number), not a table's text (the rest of a cell cut by the page break)?"""
    return sum(len("".join(ln.text.split())) for ln in cell.lines) <= ORNAMENT_MAX_CHARS


def _crossing_rules(shading: set[int], edges: list[dict]) -> set[int]:
    """The sides of a shading that meet two drawn rules across them or more (a shaded header
    row's foot between a grid's column rules, with no rule of its own there): a boundary of
    that grid, as the eye reads it; an upright side only where columns are ruled too
    (``_ruled_alongside``).  Shadings side by side (one per cell) make one side."""
    drawn = [
        e
        for e in edges
        if e.get("object_type") in ("line", "rect_edge")
        and id(e) not in shading
        and not _painted(e)
    ]  # rules, not a drawing's curves
    out: set[int] = set()
    for o, key, lo, hi in (("h", "top", "x0", "x1"), ("v", "x0", "top", "bottom")):
        across = [
            (d[lo], d[key], d["bottom" if o == "h" else "x1"])
            for d in drawn
            if d["orientation"] != o
        ]
        sides = sorted(
            (e for e in edges if id(e) in shading and e["orientation"] == o),
            key=lambda e: (round(e[key]), e[lo]),
        )
        runs: list[list[dict]] = []
        for e in sides:
            last = runs[-1][-1] if runs else None
            if last is not None and round(last[key]) == round(e[key]) and e[lo] <= last[hi] + SNAP:
                runs[-1].append(e)
            else:
                runs.append([e])
        for run in runs:
            at, a0, a1 = run[0][key], run[0][lo], max(e[hi] for e in run)
            meets = {
                round(where)
                for where, b0, b1 in across
                if a0 + SNAP < where < a1 - SNAP and b0 - SNAP <= at <= b1 + SNAP
            }
            if len(meets) >= 2 and (o == "h" or _ruled_alongside(drawn, at, a0, a1, meets)):
                out.update(id(e) for e in run)
    return out


def _ruled_alongside(drawn: list[dict], at: float, a0: float, a1: float, meets: set) -> bool:
    """Is a column rule drawn beside a shading's upright side at ``at`` (running from ``a0``
    to ``a1``), across two of the rows' rules ``meets`` or more?  A statement's row rules
    crossing a shaded column (the current year's figures on a band) make no column rule of
    its sides when no column is ruled: its columns come from the text's alignment."""
    return any(
        d["orientation"] == "v"
        and abs(d["x0"] - at) > SNAP
        and d["bottom"] > a0
        and d["top"] < a1
        and sum(1 for y in meets if d["top"] - SNAP <= y <= d["bottom"] + SNAP) >= 2
        for d in drawn
    )


def _explicit_settings(edges: list[dict]) -> dict:
    """Table settings that rule with ``edges`` only (pdfplumber's own would take them all)."""
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [
            explicit_line(e["x0"], e["top"], e["x0"], e["bottom"])
            for e in edges
            if e["orientation"] == "v"
        ],
        "explicit_horizontal_lines": [
            explicit_line(e["x0"], e["top"], e["x1"], e["top"])
            for e in edges
            if e["orientation"] == "h"
        ],
    }


def _unruled_within(
    part: TablePart, boxes: list[tuple], bands: list[dict], chars: list[dict], number: int
) -> TablePart:
    """``part`` (ruled as ``boxes``) with the rows and columns its rules do not part: rows
    told apart by shading (``banded_cells``), columns by their text (``columns_in_cells``)."""
    cut = banded_cells(boxes, bands, chars) if bands else None
    if cut is not None:
        boxes = cut
        part = replace(table_part(cut, number), inferred=BANDED_ROWS)
    cut = columns_in_cells(boxes, chars)
    if cut is not None:
        part = replace(table_part(cut, number), inferred=COLUMNS_IN_CELLS)
    return part


def _rows_by_line(part: TablePart, chars: list[dict], number: int) -> tuple[TablePart, list]:
    """``part`` with its characters (and the characters outside it), heads ruled with their
    figures parted from them (``head_rows``) and its body rows drawn without rules between
    them split a line at a time (``line_rows``)."""
    rest = assign_chars(part, chars)
    for split in (head_rows, line_rows):  # heads ruled with their figures part first
        boxes = split(part)
        if boxes is not None:
            part = replace(table_part(boxes, number), inferred=part.inferred or LINE_ROWS)
            rest = assign_chars(part, chars)
    return part, rest


def _held_out(
    chars: list[dict], areas: list[tuple[float, float, float, float]]
) -> tuple[list[dict], list[dict]]:
    """``chars`` outside ``areas`` (a chart's, a diagram's), and those inside: held out of
    tables, their lines read with the page's.  A word across an area's edge is held out
    whole (a tick label 0.6200 whose 0 lies past the chart's margin)."""
    inside = {id(c) for c in chars if in_area(c, areas)}
    if inside:
        for row in char_rows(chars):
            row.sort(key=lambda c: c["x0"])
            run: list[dict] = []
            for c in [*row, None]:
                if c is not None and run and c["x0"] - run[-1]["x1"] <= WORD_GAP_EM * c["size"]:
                    run.append(c)
                    continue
                if any(id(r) in inside for r in run):
                    inside.update(id(r) for r in run if r["text"].strip())
                run = [c] if c is not None and c["text"].strip() else []
    return (
        [c for c in chars if id(c) not in inside],
        [c for c in chars if id(c) in inside],
    )


WORD_GAP_EM = 0.25
"""Characters closer than this (ems) are of one word (``_held_out``)."""


def page_foot(chars: list[dict], height: float) -> list[dict]:
    """The characters of the page's running foot holding the page number: one of the last
    ``FOOT_MAX_FROM_END`` lines in the page's bottom ``FURNITURE_BAND`` (a distributor's
    stamp may stand under it), set apart from the line above by ``FOOT_GAP_LINES`` of its
    height or more, its first or last text a page number (谨请参阅尾页重要声明… ⇥ 15), or
    the middle one of three (敬请参阅最后一页特别声明 ⇥ -17- ⇥ 证券研究报告).  A table's
    last row runs on at the table's pitch."""
    floor = height * (1 - FURNITURE_BAND)
    band = [c for c in chars if c["top"] >= floor and c["text"].strip()]
    for line in char_rows(band)[::-1][:FOOT_MAX_FROM_END]:
        top, bottom = min(c["top"] for c in line), max(c["bottom"] for c in line)
        above = max(
            (b for c in chars if (b := c["bottom"]) <= top and c["text"].strip()), default=0.0
        )
        if top - above < FOOT_GAP_LINES * (bottom - top):
            continue
        texts = [f.text for level in fragments(line) for f in level]
        ends = {texts[0], texts[-1]} if len(texts) > 1 else set()
        if len(texts) == 3:
            ends.add(texts[1])
        if any(rx.match(text_key(t)) for t in ends for rx in page_number_res()):
            return line
    return []


FOOT_MAX_FROM_END = 3
"""A running foot is one of the page's last this many lines."""


def _without_foot(
    chars: list[dict], held: list[dict], rules: list[dict], height: float
) -> tuple[list[dict], list[dict], list[dict]]:
    """``chars`` without the page's running foot (``page_foot``: furniture, no table's row),
    ``held`` with it, and the level ``rules`` without the foot's rule (one drawn between
    the page's text and its foot, nearer the foot: no table's bottom rule)."""
    foot = page_foot(chars, height)
    if not foot:
        return chars, held, rules
    ids = {id(c) for c in foot}
    body = [c for c in chars if id(c) not in ids]
    top = min(c["top"] for c in foot)
    text_end = max(
        (c["bottom"] for c in body if c["text"].strip() and c["bottom"] <= top), default=0.0
    )
    rules = [e for e in rules if not text_end + (top - text_end) / 2 < e["top"] < top]
    return body, held + foot, rules


FOOT_GAP_LINES = 1.5
"""A running foot stands at least this many of its line heights below the text above it."""


def _unruled_parts(
    rows: list,
    chars: list[dict],
    carry: dict | None,
    number: int,
    upright: bool = True,
    drawn: list[tuple[float, float, float, float]] | None = None,
    short: Sequence[RuleRow] = (),
) -> tuple[list[TablePart], list[dict]]:
    """The tables not fully ruled on a page (``unruled_tables``) with their characters, and
    the characters outside them; a table whose text went to one found before it, over the
    same lines, is none, and so is one within the box around a diagram's parts (``drawn``:
    the boxes of a flowchart beside its rules').  On a page read ``upright``, text set
    sideways (a chart's turned labels) is in no such table: its lines are read as they
    were.  ``short``: the rules too short to edge a table (``short_rules``)."""
    hull = hull_of(drawn) if drawn else None
    side = [c for c in chars if sideways(c)] if upright else []
    order = {id(c): i for i, c in enumerate(chars)} if side else {}
    if side:
        chars = [c for c in chars if not sideways(c)]
    parts = []
    for boxes in unruled_tables(rows, chars, carry, short):
        part = table_part(boxes, number)
        if hull and boxes_meet(hull, (part.x0, part.top, part.x1, part.bottom)):
            continue
        part.inferred = NO_VERTICAL_RULES
        part.rules = [
            r
            for r in rows
            if part.top - SNAP <= r.y <= part.bottom + SNAP and r.x0 < part.x1 and part.x0 < r.x1
        ]
        rest = assign_chars(part, chars)
        if len(rest) == len(chars):
            continue
        chars = rest
        parts.append(part)
    if side:  # back in their places
        chars = sorted(chars + side, key=lambda c: order[id(c)])
    return parts, chars


def read_page(
    page, number: int, carry: dict | None = None, turn: int = 0
) -> tuple[list[Line], list[TablePart]]:
    """A page's lines and table parts; ``carry`` passes a table not fully ruled on to the
    next page (see ``unruled_tables``); ``turn`` (see ``page_turn``): the page is read turned
    so its text runs left to right, its rules given to pdfplumber as explicit lines."""
    chars = level_chars(page.chars)  # a watermark's characters are no text (_read_pages)
    binding = binding_line(chars)  # nor is a binding line's (counted there too)
    if binding:
        chars = [c for c in chars if id(c) not in binding]
    parts: list[TablePart] = []
    quads = _shadings(page.edges)
    shadings = {id(e) for quad in quads for e in quad}  # their sides (``stacked_rows`` below)
    bands = [  # the shadings' boxes (``banded_cells``)
        {"x0": left["x0"], "top": top["top"], "x1": right["x0"], "bottom": foot["top"]}
        for top, foot, left, right in quads
    ]
    edges = [e for e in page.edges if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= 1.0]
    settings: dict[str, Any] = dict(TABLE_SETTINGS)
    # rules a hair off the axes are rules (pdfplumber would leave them out): given explicitly
    edges, moved = levelled(edges)
    shading = shadings - _crossing_rules(shadings, edges)
    unseen = shading | _blank_curve_edges(page, edges)
    seen = [e for e in edges if not _invisible(e) and id(e) not in unseen]
    if (moved or len(seen) < len(edges)) and not turn:  # pdfplumber would rule with others
        edges = seen
        settings = _explicit_settings(edges)
    if turn:
        w, ht = float(page.width), float(page.height)
        chars = [turned(c, turn, w, ht) for c in chars]
        edges = [turned(e, turn, w, ht) for e in edges]
        settings = _explicit_settings(edges)
        bands = [turned(b, turn, w, ht) for b in bands]
    charts = chart_areas(edges, chars)
    held: list[dict] = []
    if charts:  # a plot's frame, gridlines and ticks, its labels: no table, its text lines
        edges, charts = chart_edges(edges, charts, chars)
        settings = _explicit_settings(edges)
        chars, held = _held_out(chars, charts)
    h = [e for e in edges if e["orientation"] == "h"]
    v = [e for e in edges if e["orientation"] == "v"]
    frames = missing_frames(h, v)
    if frames:  # a grid of rules without its outer frame: the frame given explicitly
        settings["explicit_vertical_lines"] = settings.get("explicit_vertical_lines", []) + [
            f for f in frames if f["x0"] == f["x1"]
        ]
        settings["explicit_horizontal_lines"] = settings.get("explicit_horizontal_lines", []) + [
            f for f in frames if f["top"] == f["bottom"]
        ]
    explicit = settings["vertical_strategy"] == "explicit"
    ruled = not explicit or all(
        len(settings.get(k, [])) >= 2
        for k in ("explicit_vertical_lines", "explicit_horizontal_lines")
    )  # pdfplumber wants two lines each way (and a table needs them)
    arrows = diagonals(edges)
    drawn: list[tuple[float, float, float, float]] = []
    grids = [grid for grid in (ruled_cells(page, settings) if ruled else []) if grid]
    pieces = [side_by_side(grid) for grid in grids]
    h = cut_at_seams(h, pieces)
    for boxes in (part for parts_of in pieces for part in parts_of):  # a grid itself, unsplit
        part = table_part(boxes, number)
        box = (part.x0, part.top, part.x1, part.bottom)
        if crossed(box, boxes, arrows) or framed_figures(boxes, grids):
            # boxes an arrow or connector runs between (a diagram), or boxes around charts:
            # their text lines of the page as a chart's are (no table read from them)
            drawn.append(box)
            chars, inside = _held_out(chars, [box])
            held += inside
            continue
        if all(c.x1 - c.x0 >= part.x1 - part.x0 - 2 * SNAP for c in part.cells) and (
            text_in_columns(chars, (part.x0, part.top, part.x1, part.bottom))
        ):
            continue  # a frame, or rules between rows only: columns come from the text
        if any(
            part.x0 - SNAP <= f["x0"] <= part.x1 + SNAP
            and part.top - SNAP <= f["top"] <= part.bottom + SNAP
            for f in frames
        ):
            part.inferred = "outer frame not drawn, taken from its inner rules"
        part = _unruled_within(part, boxes, bands, chars, number)
        part, rest = _rows_by_line(part, chars, number)
        filled = [c for c in part.cells if c.lines]
        if not filled or (len(filled) == 1 and len(part.cells) > 1 and _mark_only(filled[0])):
            continue  # rules around no text (a chart's gridlines, a drawing) or around a
            # page number with empty cells beside it (its ornament): not a table
        if split_unruled_rows(part):
            part.inferred = part.inferred or ROWS_FROM_LINES
        chars = rest
        parts.append(part)
    taken = [(p.x0, p.top, p.x1, p.bottom) for p in parts] + drawn
    shades = shaded_rules(page.edges, shading, _invisible, page.chars)
    shades += stacked_rows(page.edges, shadings)
    if turn:
        shades = [turned(e, turn, w, ht) for e in shades]
    shades = [e for e in shades if not in_area(e, charts)]
    chars, held, h = _without_foot(chars, held, h, float(page.width if turn else page.height))
    found, chars = _unruled_parts(
        rule_rows(h + shades, taken, chars),
        chars,
        carry,
        number,
        upright=not turn,
        drawn=drawn,
        short=short_rules(h),
    )
    parts += found
    if held:
        order = {id(c): i for i, c in enumerate(page.chars)}
        chars = sorted(chars + held, key=lambda c: order.get(id(c), -1))
    return chars_to_lines(chars, number), parts


def _margins(lines: list[Line]) -> tuple[float, float]:
    """Left margin (continuation lines) and right margin (full lines) of the body text."""

    def supported(values: list[float], pick, share: float = 0.0) -> float:
        groups: list[list[float]] = []
        for v in sorted(values):
            if groups and v - groups[-1][-1] <= SNAP * 1.5:
                groups[-1].append(v)
            else:
                groups.append([v])
        # the left margin is where many lines start: two stray lines at the page edge (a
        # dot on the cover, a table's note) do not make one (full lines end less evenly,
        # above all in a scan: the right margin is the outermost end of two lines)
        need = max(2, int(share * len(values)))
        good = [g for g in groups if len(g) >= need] or [g for g in groups if len(g) >= 2] or groups
        return pick(pick(g) for g in good)

    if not lines:
        return 0.0, 0.0
    left = supported([ln.x0 for ln in lines], min, MARGIN_SUPPORT_SHARE)
    return left, supported([ln.x1 for ln in lines], max)


@dataclass(frozen=True)
class _Measures:
    """What the body text measures: its margins (per page shape), its line pitch and the
    lowest body content on any page."""

    margins: dict[int, tuple[float, float]]
    """Left and right margin by page shape (rounded page height)."""
    shape_of: dict[int, int]
    """Page number → its shape."""
    overall: tuple[float, float]
    """The margins of all pages' body text (a page of no known shape)."""
    pitch: float
    """Line pitch (points) of the body text."""
    pitch_em: float
    """Line pitch in ems of each line's own font size."""
    body_bottom: float
    """The lowest body content on any page: a table reaching it was cut by the page break."""

    def margins_of(self, page: int) -> tuple[float, float]:
        return self.margins.get(self.shape_of.get(page, 0), self.overall)


def _measure(pages: list[PageContent]) -> _Measures:
    body = [it for p in pages for it in p.items if isinstance(it, Line)]
    overall = _margins(body)
    # portrait and landscape pages have margins of their own: a landscape table page's
    # title must not move the right margin of the portrait text pages (every full line
    # would then end a paragraph)
    by_shape: dict[int, list[Line]] = {}
    shape_of = {p.number: round(p.height) for p in pages}
    for ln in body:
        by_shape.setdefault(shape_of.get(ln.page, 0), []).append(ln)
    margins = {shape: _margins(lines) for shape, lines in by_shape.items()}
    partial = _Measures(margins, shape_of, overall, 0.0, 0.0, 0.0)
    return replace(
        partial,
        pitch=_pitch(body, overall[1]),
        pitch_em=_pitch_em(body, partial),
        body_bottom=_body_bottom(pages),
    )


def _pitch(body: list[Line], right: float) -> float:
    """The median distance between the tops of two lines of one paragraph (points)."""
    sizes = [ln.size for ln in body] or [10.0]
    size = statistics.median(sizes)
    pitches = [
        b.top - a.top
        for a, b in itertools.pairwise(body)
        if a.page == b.page
        and 0 < b.top - a.top < PITCH_MAX_EM * size
        and not ends_paragraph(a, b, right)
    ]
    return statistics.median(pitches) if pitches else PITCH_DEFAULT_EM * size


def _pitch_em(body: list[Line], measures: _Measures) -> float:
    """The line pitch in ems: pages of small table notes and pages of large body text keep
    their own spacing (a gap is a paragraph break only against its own font size)."""
    pitch_ems = [
        (b.top - a.top) / a.size
        for a, b in itertools.pairwise(body)
        if a.page == b.page
        and a.size
        and abs(a.size - b.size) <= SIZE_CHANGE_PT
        and 0 < b.top - a.top < PITCH_MAX_EM * a.size
        and not ends_paragraph(a, b, measures.margins_of(a.page)[1])
    ]
    return statistics.median(pitch_ems) if pitch_ems else PITCH_DEFAULT_EM


def _body_bottom(pages: list[PageContent]) -> float:
    """The lowest body content on any page (outside the footer band, in case a footer was
    not recognised as furniture)."""
    bottoms = [
        it.bottom
        for p in pages
        for it in p.items
        if not p.height or it.bottom <= p.height * (1 - FURNITURE_BAND)
    ]
    return max(bottoms) if bottoms else 0.0


class _ItemStream:
    """Paragraphs and joined tables, built from the page stream in reading order: lines
    gather into the open paragraph, table parts into the open table."""

    def __init__(self, measures: _Measures, decisions: list[str]) -> None:
        self.measures, self.decisions = measures, decisions
        self.items: list[Item] = []
        self.para: list[Line] = []
        self.table: Joined | None = None
        self.joined_parts = 0

    def add_part(self, part: TablePart, first_on_page: bool) -> None:
        """A table part: the rest of the open table (continued from the previous page), or
        a new table."""
        self.flush_para()
        m, table = self.measures, self.table
        if table is not None and first_on_page and continues(table, part, m.body_bottom, m.pitch):
            join_part(table, part, m.body_bottom, m.pitch)
            table.columns_guessed = table.columns_guessed or guessed_columns_reason(part)
            self.joined_parts += 1
            return
        self.flush_table()
        self.table = Joined(cells=list(part.cells), n_rows=part.n_rows, last=part)
        self.table.columns_guessed = guessed_columns_reason(part)

    def add_line(self, line: Line, nxt: Line | TablePart | None) -> None:
        """A line: it goes on the open paragraph or starts a new one (``nxt``: the item after
        it in the stream)."""
        self.flush_table()
        p_left, p_right = self.measures.margins_of(line.page)
        nxt_line = nxt if isinstance(nxt, Line) and not _indented(nxt, p_left) else None
        if self.para and _breaks(
            self.para[-1], line, nxt_line, p_left, p_right, self.measures.pitch_em
        ):
            self.flush_para()
        self.para.append(line)

    def flush_para(self) -> None:
        para = self.para
        if para:
            right = self.measures.margins_of(para[0].page)[1]
            self.items.append(Paragraph(join_lines(para, right), para[0].page))
            para.clear()

    def flush_table(self) -> None:
        acc = self.table
        if acc is not None:
            self.decisions.extend(acc.decisions)
            table = to_table(acc)
            page = table.pages[0] if table.pages else acc.last.page
            if table.n_rows == 1:
                # one row of boxes is no table: a line cut by rules or gaps (a contents
                # line 第一部分 | …基本情况……, a sentence's figure 8.85 | %。主要是…)
                self.items.append(Paragraph(_as_line(acc.cells), page))
                self.decisions.append(f"a table of one row on page {page} read as a line")
            else:
                self.items.append(RawTable(table, page))
            self.table = None

    def finish(self) -> list[Item]:
        self.flush_para()
        self.flush_table()
        if self.joined_parts:
            self.decisions.append(
                f"{self.joined_parts} table part(s) continued on the next page joined"
            )
        return self.items


def _as_line(cells: list[PCell]) -> str:
    """One row of cells read back as the line reader reads a line (``pdf_lines._line``):
    each cell's text on one line, a space between two where the gap between them is one
    (``gap_is_space``), none between two CJK characters."""
    out = ""
    reach = 0.0
    for c in sorted((c for c in cells if c.lines), key=lambda c: c.x0):
        text = join_cell(c).replace("\n", "")
        if not text.strip():
            continue
        x0 = min(ln.x0 for ln in c.lines)
        if out and gap_is_space(out[-1], text[0], x0 - reach, c.lines[0].size):
            out += " "
        out += text
        reach = max(ln.x1 for ln in c.lines)
    return squash_cjk_spaces(out)


def to_items(pages: list[PageContent], decisions: list[str]) -> list[Item]:
    """The page stream → paragraphs and joined tables, in reading order."""
    out = _ItemStream(_measure(pages), decisions)
    stream = _without_repeated_captions(pages, decisions)
    for i, it in enumerate(stream):
        if isinstance(it, TablePart):
            out.add_part(it, first_on_page=i == 0 or _page(stream[i - 1]) != it.page)
        else:
            out.add_line(it, stream[i + 1] if i + 1 < len(stream) else None)
    return out.finish()


CAPTION_MAX_LINES = 4
"""A table's caption: at most this many lines right above its first part."""


def _without_repeated_captions(pages: list[PageContent], decisions: list[str]) -> list:
    """The page stream without the caption lines a table repeats over its continuation on
    the next page (公开表2 / 收入总体情况表 / 单位：万元 printed again above the rest of the
    table): dropped, the continuation joins the table as if it began the page."""
    from .normalize import key

    stream: list[Line | TablePart] = []
    caption: set[str] = set()
    header: list[str] = []
    dropped = 0
    for page in pages:
        items = list(page.items)
        lead = next((i for i, it in enumerate(items) if isinstance(it, TablePart)), None)
        open_table = bool(stream) and isinstance(stream[-1], TablePart)
        if (
            open_table
            and lead is not None
            and 0 < lead <= CAPTION_MAX_LINES
            and all(isinstance(it, Line) and key(it.text) in caption for it in items[:lead])
            # ... and the part repeats the table's header: a form after a form of the same
            # title (two 中职免学费补助 forms) starts with its own project, not the header
            and _first_row(items[lead]) == header
        ):
            dropped += lead
            items = items[lead:]
        for i, it in enumerate(items):
            if isinstance(it, TablePart) and (i == 0 or not isinstance(items[i - 1], TablePart)):
                if i > 0 or not (stream and isinstance(stream[-1], TablePart)):
                    header = _first_row(it)  # a table starts here, not a continuation
                above: list[str] = []
                for prev in reversed(items[:i]):
                    if not isinstance(prev, Line) or len(above) == CAPTION_MAX_LINES:
                        break
                    above.append(key(prev.text))
                if above or i > 0:
                    caption = set(above)
        stream.extend(items)
    if dropped:
        decisions.append(
            f"{dropped} caption line(s) repeated above a table's continuation on the next "
            "page dropped (the table goes on)"
        )
    return stream


def _first_row(it: Line | TablePart) -> list[str]:
    from .pdf_join import row_keys

    return row_keys(it.cells, 0) if isinstance(it, TablePart) else []


def _page(it: Line | TablePart) -> int:
    return it.page


def _indented(line: Line, left: float) -> bool:
    return line.x0 - left > INDENT_EM * line.size


def _breaks(
    prev: Line, line: Line, nxt: Line | None, left: float, right: float, pitch_em: float
) -> bool:
    """Does ``line`` start a new paragraph after ``prev``?  (``nxt``: the line after, if it
    could continue ``line``'s paragraph.)"""
    if ends_paragraph(prev, line, right):
        return True
    if _indented(line, left):
        return True
    if abs(line.size - prev.size) > SIZE_CHANGE_PT:
        return True
    if line.page == prev.page and line.top - prev.top > PARAGRAPH_GAP_RATIO * pitch_em * prev.size:
        return True
    return numbered_line(line, nxt, right)


# ── triage and load ───────────────────────────────────────────────────────


def triage(char_counts: list[int], garbled: int, total: int) -> tuple[bool, str]:
    """Has the PDF a usable text layer?  The decision and its reason."""
    n = len(char_counts)
    with_text = sum(1 for k in char_counts if k >= PAGE_MIN_CHARS)
    share = garbled / total if total else 0.0
    facts = (
        f"{with_text}/{n} pages with ≥{PAGE_MIN_CHARS} characters, "
        f"{share:.1%} unreadable characters"
    )
    if n == 0 or with_text < TEXT_PAGE_MIN_SHARE * n:
        return False, f"triage: no text layer ({facts}; scanned? no OCR is done)"
    if share > GARBLED_MAX_SHARE:
        return (
            False,
            f"triage: text layer garbled ({facts} > {GARBLED_MAX_SHARE:.0%}; fonts without a Unicode map)",
        )
    return True, f"triage: text layer ({facts})"


def _check_complete(path: Path, size: int) -> None:
    with path.open("rb") as fh:
        fh.seek(max(0, size - EOF_WINDOW))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise CorruptFile(
            path,
            "is a truncated PDF (its end marker %%EOF is missing)",
            "get the complete file again (the download or copy was cut short)",
        )


ENGINES = ("pdfium", "pdfplumber")
ENGINE_ENV = "EXTRACTOR_PDF_ENGINE"
"""The environment variable naming the engine (``--pdf-engine`` sets it, so a scan's worker
processes read PDFs with the engine the command asked for)."""


def engine() -> str:
    """The PDF engine: pdfium (the default: PDFium's C parser) or pdfplumber (pdfminer's
    Python parser, the reference the pdfium pages are made to match)."""
    import os

    name = os.environ.get(ENGINE_ENV, "") or ENGINES[0]
    return name if name in ENGINES else ENGINES[0]


def _open(path: Path, name: str, source: Source) -> Any:
    """The PDF opened with the engine asked for; a file PDFium cannot open (it refuses a
    document without pages, which pdfminer reads as empty) is given to pdfplumber, which
    also tells a password from damage (PDFium's error code is the process's last one, so a
    password asked of an earlier file can be reported for this one)."""
    if name == "pdfium":
        import pypdfium2 as pdfium

        from .pdfium_page import PdfiumDocument

        try:
            return PdfiumDocument(path)
        except pdfium.PdfiumError:
            source.decisions.append("pdf engine: pdfplumber (PDFium could not open the file)")
    import pdfplumber

    return pdfplumber.open(path)


def _damaged(path: Path, exc: Exception) -> Exception:
    """The one-line error for a PDF neither engine could open or read."""
    inner = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
    if type(inner).__name__ == "PDFPasswordIncorrect" or "password" in str(inner).lower():
        return EncryptedFile(path, "is a password-protected PDF")
    return CorruptFile(path, f"is a damaged PDF ({type(inner).__name__}: {inner})")


def load(path: Path) -> Document:
    size = path.stat().st_size
    _check_complete(path, size)
    source = Source(path=str(path), format="pdf", sha256=sha256_file(path), size=size)
    try:
        return _load(path, source, engine())
    except (CorruptFile, EncryptedFile):
        raise
    except Exception as exc:  # the parsers raise their own and builtin errors on damaged files
        if not type(exc).__module__.startswith(
            ("pdfminer", "pdfplumber", "pypdfium2")
        ) and not isinstance(exc, (ValueError, KeyError, TypeError, AssertionError, IndexError)):
            raise
        raise _damaged(path, exc) from exc


def _load(path: Path, source: Source, name: str) -> Document:
    with _open(path, name, source) as pdf:
        source.pages = len(pdf.pages)
        if name != ENGINES[0] and not any(d.startswith("pdf engine") for d in source.decisions):
            source.decisions.append(f"pdf engine: {name}")
        pages = list(pdf.pages) if name == ENGINES[0] else _unclipped(path, pdf.pages)
        with _Reference(path, source) as reference:
            counts: list[int] = []
            garbled = total = 0
            for number, page in enumerate(pages, start=1):
                chars = page.chars  # PDFium's page learns here whether it left text out
                if getattr(page, "unmeasured", False):
                    page = pages[number - 1] = reference.page(page, number)
                    chars = page.chars
                visible = [c["text"] for c in chars if c["text"].strip()]
                counts.append(len(visible))
                total += len(visible)
                garbled += sum(1 for t in visible if GARBLED_RE.search(t))
            reference.decide()
            ok, why = triage(counts, garbled, total)
            source.decisions.append(why)
            if not ok:
                source.text_layer = False
                from . import ocr

                if ocr.available():  # a scan: every page read by OCR
                    return ocr.read_pdf(path, source)
                source.decisions.append(
                    "ocr: not installed (pip install rapidocr-onnxruntime); the scan is not read"
                )
                return Document(source=source, blocks=[])
            raw = _read_pages(path, source, pages, counts)
    return finish(source, raw)


class _Reference:
    """The pdfplumber engine's page in place of a PDFium page whose text page left out text
    it could not measure (``PdfiumPage.unmeasured``: text in a font not embedded in the
    file), the characters PDFium found cut away by a clip cut from it (as ``_unclipped``
    does): that page alone, not the whole file, read by pdfminer (issue 18)."""

    def __init__(self, path: Path, source: Source) -> None:
        self.path, self.source = path, source
        self.pdf: Any = None
        self.numbers: list[int] = []

    def __enter__(self) -> _Reference:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pdf is not None:
            self.pdf.close()

    def page(self, ours: Any, number: int) -> Any:
        import pdfplumber

        if self.pdf is None:
            self.pdf = pdfplumber.open(self.path)
        self.numbers.append(number)
        hidden = ours.hidden
        ours.flush_cache()
        return _without(self.pdf.pages[number - 1], hidden)

    def decide(self) -> None:
        if self.numbers:
            self.source.decisions.append(
                f"pdf engine: pdfplumber for page(s) {_runs(self.numbers)} (text in a font "
                "not embedded in the file, whose glyphs PDFium cannot measure, is left off its "
                "text page)"
            )


CLIP_MATCH_PT = 0.5
"""How near (points, each way) a pdfplumber character's centre is to that of the character
PDFium read outside its clip, to be that character."""


def _unclipped(path: Path, pages: list) -> list:
    """pdfplumber's pages without the characters cut away by a clipping path (pdfminer keeps
    none: what PDFium reads outside its clip, ``clipped_chars``, matched by text and place)."""
    from .pdfium_page import clipped_chars

    hidden = clipped_chars(path)
    return [_without(page, hidden.get(i, [])) for i, page in enumerate(pages)]


def _runs(numbers: list[int]) -> str:
    """Ascending page numbers written as runs: ``1-3, 7``."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _without(page: Any, hidden: list[dict]) -> Any:
    """A pdfplumber page without its characters matching, by text and place, those PDFium
    read outside their clip (``hidden``): the page itself when there are none."""
    if not hidden:
        return page
    places: dict[str, list[tuple[float, float]]] = {}
    for c in hidden:
        places.setdefault(c["text"], []).append(_centre(c))
    cut: list[dict] = []
    for c in page.chars:
        near = places.get(c["text"])
        if not near:
            continue
        x, y = _centre(c)
        for k, (u, v) in enumerate(near):
            if abs(u - x) <= CLIP_MATCH_PT and abs(v - y) <= CLIP_MATCH_PT:
                cut.append(c)
                del near[k]
                break
    ids = {id(c) for c in cut}
    kept = page.filter(lambda obj, ids=ids: id(obj) not in ids)
    kept.hidden = cut
    return kept


def _centre(c: dict) -> tuple[float, float]:
    return (float(c["x0"]) + float(c["x1"])) / 2, (float(c["top"]) + float(c["bottom"])) / 2


def _read_pages(
    path: Path, source: Source, pages: list, counts: list[int]
) -> list[tuple[list[Line], list[TablePart], float]]:
    raw: list[tuple[list[Line], list[TablePart], float]] = []
    carry: dict = {}
    hidden = aslant = bound = 0
    scans = _Scans(path, source)
    try:
        for number, page in enumerate(pages, start=1):
            if counts[number - 1] == 0 and _scanned(page):
                read = scans.read(number, carry)  # a scanned page among typeset ones
                if read is not None:
                    raw.append(read)
                    continue
            turn = page_turn(page)
            level = level_chars(page.chars)
            aslant += len(page.chars) - len(level)
            bound += len(binding_line(level))
            lines, parts = read_page(page, number, carry, turn)
            raw.append((lines, parts, float(page.width if turn else page.height)))
            if turn:
                way = "up" if turn > 0 else "down"
                source.decisions.append(
                    f"page {number} read turned a quarter: its text runs {way} the page"
                )
            hidden += len(getattr(page, "hidden", ()))
            page.flush_cache()
            getattr(page, "parent_page", page).flush_cache()  # a filtered page's own
    finally:
        scans.close()
    if hidden:
        source.decisions.append(
            f"{hidden} character(s) outside their clipping path left out (drawn, but cut away "
            "where the page is printed)"
        )
    if bound:
        source.decisions.append(
            f"{bound} character(s) of a binding line down a page's margin (装┊订┊线) left out "
            "of the text and its tables"
        )
    if aslant:
        source.decisions.append(
            f"{aslant} character(s) set at a slant left out of the text and its tables (a "
            "watermark or a stamp across the page)"
        )
    return raw


def finish(source: Source, raw: list[tuple[list[Line], list[TablePart], float]]) -> Document:
    """The Document from each page's lines, table parts and height (born-digital or OCR'd):
    running heads and page numbers dropped, tables joined over page breaks, assembled."""
    for number, (_, parts, _) in enumerate(raw, start=1):
        for part in parts:
            if part.inferred:
                source.decisions.append(f"table on page {number} not fully ruled: {part.inferred}")
    furniture = find_furniture([(lines, h) for lines, _, h in raw])
    pages: list[PageContent] = []
    for number, (lines, parts, height) in enumerate(raw, start=1):
        kept = [ln for ln in lines if id(ln) not in furniture]
        content: list[Line | TablePart] = [*kept, *parts]
        content.sort(key=lambda it: it.top)
        pages.append(PageContent(number, content, len(lines) - len(kept), height))
    dropped = sum(p.furniture for p in pages)
    if dropped:
        source.decisions.append(f"{dropped} page-number/running-head line(s) dropped")
    items = to_items(pages, source.decisions)
    return assemble(source, items)
