"""Ruled grids whose cells hold columns of text the rules do not part: text in columns
inside a frame or between rules of rows only (``text_in_columns``, then read as a table not
fully ruled), a grid whose vertical rules part only column groups or the header, its cells
cut at the columns of their text (``columns_in_cells``), and a frame whose rows are told
apart by shading alternate rows, not by rules (``banded_cells``)."""

from __future__ import annotations

import bisect
import itertools

from .pdf_fragments import fragments, holds_value, in_box, line_cuts, settings
from .pdf_parts import Frag
from .pdf_ruled import cluster
from .pdf_settings import SNAP
from .pdf_unruled import column_bounds, figures_row
from .pdf_unruled_grid import VALUE_RE


def text_in_columns(chars: list[dict], box: tuple[float, float, float, float]) -> bool:
    """Does the text inside ``box`` run in columns: ``text_min_levels`` lines of two texts or
    more?  A frame drawn round such text, or rules between its rows only, make a ruled part
    of one column: the table is inside it, read from its text."""
    inside = [c for c in chars if in_box(c, *box)]
    tabular = sum(1 for lev in fragments(inside) if len(lev) >= 2)
    return tabular >= settings()["text_min_levels"]


def _short_columns(levels: list[list[Frag]]) -> bool:
    """Fewer lines than ``text_min_levels``, each holding the same number of texts (two or
    more), the last of them only values: a short table's columns (训练集(80%)  测试集(20%)
    over 1281  318 beside 样本量), cut as the longer ones are."""
    return (
        2 <= len(levels) < settings()["text_min_levels"]
        and len({len(lev) for lev in levels}) == 1
        and len(levels[-1]) >= 2
        and all(VALUE_RE.fullmatch(f.text) for f in levels[-1])
    )


def columns_in_cells(boxes: list[tuple], chars: list[dict]) -> list[tuple] | None:
    """A ruled grid whose vertical rules part only column groups (DLHS-4 | DLHS-3) or the
    header, the cells below holding a label and figures in columns of their own: the cell
    boxes with those columns cut from the text (None when no cell holds any).

    The cells of one extent (left and right edge) are cut where ``text_min_levels`` of their
    lines or more hold two texts or more, one of them a value (so a label spread over its
    cell, 合␣␣␣计, cuts nothing); the grid's own vertical rules inside the extent are kept as
    cuts.  The cuts apply to every cell within the extent; a cell whose text crosses one
    stays whole, merged over the columns.  A cut cell whose lines each hold figures in
    several columns (rows the rules did not part) is cut between its lines too."""
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    inside = _chars_in_boxes(boxes, chars)
    texts: dict[tuple, list[list[Frag]]] = {}

    def text(b: tuple) -> list[list[Frag]]:
        if b not in texts:
            texts[b] = fragments(inside[b])
        return texts[b]

    cuts: list[tuple[float, float, list[float]]] = []
    for x0, x1 in sorted({(b[0], b[2]) for b in boxes}, key=lambda e: e[0] - e[1]):
        mine = [b for b in boxes if abs(b[0] - x0) <= SNAP and abs(b[2] - x1) <= SNAP]
        if not any(_has_gap(inside[b]) for b in mine):
            continue  # no gap through any cell's lines: nothing to cut (and no text read)
        levels = [lev for b in mine for lev in text(b)]
        valued = sum(1 for lev in levels if len(lev) >= 2 and holds_value(lev))
        if (valued < settings()["text_min_levels"] and not _short_columns(levels)) or any(
            a <= x0 + SNAP and x1 - SNAP <= b for a, b, _ in cuts
        ):
            continue
        inner = column_bounds(levels, x0, x1, [x for x in xs if x0 + SNAP < x < x1 - SNAP])
        if len(inner) > 2:
            cuts.append((x0, x1, inner[1:-1]))
    if not cuts:
        return None
    out: list[tuple] = []
    for b in boxes:
        inner = next(
            (
                [x for x in xs_ if b[0] + SNAP < x < b[2] - SNAP]
                for a, z, xs_ in cuts
                if a - SNAP <= b[0] and b[2] <= z + SNAP
            ),
            [],
        )
        if not inner:
            out.append(b)
            continue
        if any(u < x < v for u, v in _runs(inside[b]) for x in inner):
            out.append(b)
            continue
        levels = text(b)
        ys = [b[1], b[3]]
        if len(levels) >= 2 and all(figures_row(lev, [b[0], *inner, b[2]]) for lev in levels):
            ys[1:1] = [
                (max(f.bottom for f in up) + min(f.top for f in down)) / 2
                for up, down in itertools.pairwise(levels)
            ]
        for top, bottom in itertools.pairwise(ys):
            out.extend((a, top, z, bottom) for a, z in itertools.pairwise([b[0], *inner, b[2]]))
    return out


def _runs(chars: list[dict]) -> list[tuple[float, float]]:
    """Where each run of ``chars`` without a column gap starts and ends, line by line: a
    typed space between two CJK characters parts runs here (``fragments`` joins them again
    as one text), so a head typed 经纪收入␣␣经纪收入同比 runs over no column of figures."""
    return [(r[0]["x0"], max(c["x1"] for c in r)) for rs, _ in line_cuts(chars) for r in rs]


def _has_gap(chars: list[dict]) -> bool:
    """Is there a gap wider than ``fragment_gap_em`` through all the lines of ``chars`` (no
    character of any line over it)?"""
    gap_em = settings()["fragment_gap_em"]
    reach = None
    for c in sorted(chars, key=lambda c: c["x0"]):
        if not c["text"].strip():
            continue
        if reach is not None and c["x0"] - reach > gap_em * (c["size"] or 10):
            return True
        reach = c["x1"] if reach is None else max(reach, c["x1"])
    return False


def _chars_in_boxes(boxes: list[tuple], chars: list[dict]) -> dict[tuple, list[dict]]:
    """The characters inside each box (``in_box``), found through the characters sorted by
    their middle's height and, in each band of boxes, by their middle's x, not by testing
    every character against every box."""
    order = sorted(chars, key=lambda c: c["top"] + c["bottom"])
    mids = [(c["top"] + c["bottom"]) / 2 for c in order]
    out: dict[tuple, list[dict]] = {}
    bands: dict[tuple[float, float], list[tuple]] = {}
    for b in boxes:
        bands.setdefault((b[1], b[3]), []).append(b)
    for (top, bottom), row in bands.items():
        lo, hi = bisect.bisect_left(mids, top), bisect.bisect_right(mids, bottom)
        band = sorted(order[lo:hi], key=lambda c: c["x0"] + c["x1"])
        xs = [(c["x0"] + c["x1"]) / 2 for c in band]
        for b in row:
            a, z = bisect.bisect_left(xs, b[0] - 1), bisect.bisect_right(xs, b[2] + 1)
            out[b] = sorted(band[a:z], key=lambda c: c["top"] + c["bottom"])
    return out


BAND_MIN = 2
"""Shaded bands across a ruled grid needed before they part its rows (``banded_cells``): one
band is a shaded header or total row, and rules part those."""


def banded_cells(boxes: list[tuple], shades: list[dict], chars: list[dict]) -> list[tuple] | None:
    """A framed grid whose rows are told apart by shading every other row, not by rules
    (Word's banded table styles: a frame, a rule under the header, perhaps one column
    rule): its cell boxes cut at the tops and bottoms of the bands and at the seams between
    the shaded cells side by side in every band, or None when the bands part nothing the
    rules do not.

    ``shades``: the page's shadings (``x0``, ``top``, ``x1``, ``bottom``).  A band is shadings of one height side by side
    across the whole grid (``BAND_MIN`` of them or more); a shading inside a cell (its
    padding, one line of it) or a column shaded alone is no band.  The seams are those of
    every band (a row shaded in one piece: none).  A cell whose text crosses
    a seam (a run of characters without a column gap, typed spaces or not: the seam is
    drawn) stays whole there, merged over the columns."""
    x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    shaded = [
        s
        for s in shades
        if x0 - SNAP <= s["x0"] and s["x1"] <= x1 + SNAP
        if top - SNAP <= s["top"] and s["bottom"] <= bottom + SNAP
    ]
    rows: list[list[dict]] = []  # shadings of one height (top and bottom within SNAP)
    for s in sorted(shaded, key=lambda s: (s["top"], s["bottom"])):
        first = rows[-1][0] if rows else None
        if (
            first
            and abs(first["top"] - s["top"]) <= SNAP
            and abs(first["bottom"] - s["bottom"]) <= SNAP
        ):
            rows[-1].append(s)
        else:
            rows.append([s])
    ys: list[float] = []
    seams: set[float] | None = None
    for band in rows:
        t, u = band[0]["top"], band[0]["bottom"]
        spans = sorted((s["x0"], s["x1"]) for s in band)
        reach = x0
        for a, z in spans:
            if a > reach + SNAP:
                break
            reach = max(reach, z)
        else:
            if reach >= x1 - SNAP:
                ys += [t, u]
                joins = {round(z) for _, z in spans for a, _ in spans if abs(a - z) <= SNAP}
                seams = joins if seams is None else seams & joins
    if len(ys) < 2 * BAND_MIN:
        return None
    xs = sorted(seams or ())  # (a seam on a column rule cuts no cell: within none)
    levels = cluster(ys)
    inside = _chars_in_boxes(boxes, chars)
    out: list[tuple] = []
    for b in boxes:
        for a, z in itertools.pairwise(
            [b[1], *(y for y in levels if b[1] + SNAP < y < b[3] - SNAP), b[3]]
        ):
            cuts = [x for x in xs if b[0] + SNAP < x < b[2] - SNAP]
            if cuts:  # a seam crossed by a text of this row parts nothing here
                mid = [c for c in inside[b] if a <= (c["top"] + c["bottom"]) / 2 <= z]
                runs = _runs(mid)
                cuts = [x for x in cuts if not any(u < x < v for u, v in runs)]
            out.extend((u, a, v, z) for u, v in itertools.pairwise([b[0], *cuts, b[2]]))
    return out if len(out) > len(boxes) else None
