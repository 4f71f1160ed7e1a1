"""Charts on a PDF page: where a plot's axes carry tick marks, the plot's frame, gridlines,
legend box and the text beside them (tick labels, axis titles) are no table.

An axis is a rule with at least ``min_ticks`` tick marks on it: short strokes across it
(``tick_max_pt`` long at most) with one end on the rule, no other stroke going on from their
free end (a dashed rule crossing the axis is no tick), spaced evenly (the most common spacing
holds for at least ``min_ticks - 1`` gaps).  A chart's area is the box of the rules joined
to an axis end to end, grown by ``margin_em`` (of the page's text size) for its tick labels
and axis titles.  Thresholds: ``charts`` in ``patterns/pdf.yaml``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import Counter
from collections.abc import Iterator
from statistics import median

from extractor import patterns

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

TOUCH_PT = 0.75  # a tick's end lies on its axis, an end of a frame's rule on another rule


@functools.cache
def _charts() -> dict:
    return patterns.load("pdf")["charts"]


def _length(e: dict) -> float:
    return max(e["x1"] - e["x0"], e["bottom"] - e["top"])


LINE_UP_PT = 0.3
"""How far apart across (points) a stroke going on from a tick's free end may be."""


class _Across:
    """A page's straight edges by orientation, sorted by where they are across it (a
    vertical one's ``x0``, a horizontal one's ``top``): the strokes in line with a stroke
    looked up, not searched for among the page's thousands (issue 18)."""

    def __init__(self, straight: list[dict]) -> None:
        self.keys: dict[str, list[float]] = {}
        self.edges: dict[str, list[dict]] = {}
        for way, key in (("v", "x0"), ("h", "top")):
            es = sorted((e for e in straight if e["orientation"] == way), key=lambda e: e[key])
            self.edges[way] = es
            self.keys[way] = [e[key] for e in es]

    def near(self, way: str, at: float) -> list[dict]:
        """The edges of orientation ``way`` within ``LINE_UP_PT`` (and a hair) of ``at``."""
        keys = self.keys[way]
        lo = bisect.bisect_left(keys, at - LINE_UP_PT - 0.01)
        hi = bisect.bisect_right(keys, at + LINE_UP_PT + 0.01)
        return self.edges[way][lo:hi]


def _ticks(axis: dict, strokes: list[dict], others: _Across) -> list[float]:
    """Positions along ``axis`` of the strokes that are its ticks."""
    across = "x0" if axis["orientation"] == "h" else "top"
    near, far = ("top", "bottom") if axis["orientation"] == "h" else ("x0", "x1")
    lo, hi = (
        (axis["x0"], axis["x1"]) if axis["orientation"] == "h" else (axis["top"], axis["bottom"])
    )
    at = axis[near]
    out: list[float] = []
    for s in strokes:
        if (
            s["orientation"] == axis["orientation"]
            or not lo - TOUCH_PT <= s[across] <= hi + TOUCH_PT
        ):
            continue
        a, b = (s["top"], s["bottom"]) if axis["orientation"] == "h" else (s["x0"], s["x1"])
        if abs(a - at) <= TOUCH_PT:
            free, step = b, 1
        elif abs(b - at) <= TOUCH_PT:
            free, step = a, -1
        else:
            continue
        reach = b - a
        lined_up = others.near(s["orientation"], s[across])
        if any(_goes_on(s, o, free, step, reach, across, far, near) for o in lined_up):
            continue  # a dash of a dashed rule crossing the axis
        out.append(s[across])
    return sorted(set(round(x, 1) for x in out))


def _goes_on(
    s: dict, o: dict, free: float, step: int, reach: float, across: str, far: str, near: str
) -> bool:
    """Does stroke ``o`` go on, in line with ``s``, from its free end within twice its length?"""
    if o is s or o["orientation"] != s["orientation"] or abs(o[across] - s[across]) > LINE_UP_PT:
        return False
    start = o[near] if step > 0 else o[far]  # ``near``/``far``: the stroke's own ends
    gap = (start - free) * step
    return 0 <= gap <= 2 * max(reach, 1.0)


def _even(ticks: list[float], need: int) -> bool:
    gaps = [
        round(b - a) for a, b in itertools.pairwise(ticks) if b - a >= _charts()["tick_min_gap_pt"]
    ]
    if len(gaps) < need - 1:
        return False
    common = Counter(gaps).most_common(1)[0][0]
    return common > 0 and sum(1 for g in gaps if abs(g - common) <= 1) >= need - 1


def _on_side(x: float, y: float, box: list[float]) -> bool:
    """Does the point ``(x, y)`` lie on a side of ``box``?"""
    x0, top, x1, bottom = box
    t = TOUCH_PT
    on_upright = (abs(x - x0) <= t or abs(x - x1) <= t) and top - t <= y <= bottom + t
    on_level = (abs(y - top) <= t or abs(y - bottom) <= t) and x0 - t <= x <= x1 + t
    return on_upright or on_level


def _frame(axis: dict, rules: list[dict]) -> Box:
    """The box of the rules joined to ``axis`` end to end (the plot's frame)."""
    box = [axis["x0"], axis["top"], axis["x1"], axis["bottom"]]
    grew = True
    while grew:
        grew = False
        for r in rules:
            inside = _in_box(r, box)
            if not inside and (
                _on_side(r["x0"], r["top"], box) or _on_side(r["x1"], r["bottom"], box)
            ):
                box = [
                    min(box[0], r["x0"]),
                    min(box[1], r["top"]),
                    max(box[2], r["x1"]),
                    max(box[3], r["bottom"]),
                ]
                grew = True
    return (box[0], box[1], box[2], box[3])


def _plotted(frame: Box, axis: dict, curves: list[dict], gap: float) -> Box:
    """``frame`` grown up over the curves plotted above its level axis (``curves``: the
    page's curve strokes, lowest first), each within the axis's length and at most ``gap``
    above the ones below it: a chart whose plot area has no frame drawn (its y-axis labels
    stand beside the lines, not beside the axis alone)."""
    if axis["orientation"] != "h":
        return frame
    x0, top, x1, bottom = frame
    reach = axis["top"]
    for e in curves:
        if e["bottom"] > axis["top"] + TOUCH_PT or e["x0"] < axis["x0"] - TOUCH_PT:
            continue
        if e["x1"] > axis["x1"] + TOUCH_PT:
            continue
        if e["bottom"] < reach - gap:
            break
        reach = min(reach, e["top"])
    return (x0, min(top, reach), x1, bottom)


def _in_box(obj: dict, box: list[float] | Box, slack: float = TOUCH_PT) -> bool:
    return (
        box[0] - slack <= obj["x0"]
        and obj["x1"] <= box[2] + slack
        and box[1] - slack <= obj["top"]
        and obj["bottom"] <= box[3] + slack
    )


def rectangles(edges: list[dict]) -> Iterator[tuple[dict, dict, dict, dict]]:
    """The rectangles among ``edges``, each as its four sides (top, bottom, left, right).
    Both engines give a rectangle's sides as four edges in a row (pdfplumber's
    ``rect_to_edges``), so the rectangle is read back from them."""
    i = 0
    while i + 3 < len(edges):
        quad = (edges[i], edges[i + 1], edges[i + 2], edges[i + 3])
        if all(e.get("object_type") == "rect_edge" for e in quad) and tuple(
            e["orientation"] for e in quad
        ) == ("h", "h", "v", "v"):
            yield quad
            i += 4
        else:
            i += 1


def _no_ticks(edges: list[dict]) -> set[int]:
    """The ``id`` of the sides of rectangles that are no tick: a tick drawn as a filled
    rectangle is longer across its axis than along it, and only its long sides run as a
    tick does; a square's sides (a thick rule's piece where it crosses a column rule), or
    the short ends of a strip along the axis (a shaded row's edge strip), are none."""
    out: set[int] = set()
    for top, bottom, left, right in rectangles(edges):
        width, height = right["x0"] - left["x0"], bottom["top"] - top["top"]
        if width >= height:
            out.update((id(left), id(right)))
        if height >= width:
            out.update((id(top), id(bottom)))
    return out


def chart_areas(edges: list[dict], chars: list[dict]) -> list[Box]:
    """The areas of a page's charts (see the module's docstring), none inside another."""
    cfg = _charts()
    straight = [e for e in edges if e.get("orientation") in ("h", "v")]
    fat = _no_ticks(edges)
    strokes = [e for e in straight if _length(e) <= cfg["tick_max_pt"] and id(e) not in fat]
    if len(strokes) < cfg["min_ticks"]:
        return []
    rules = [e for e in straight if _length(e) >= cfg["axis_min_pt"]]
    grow = _grow(chars)
    out: list[Box] = []
    across = _Across(straight)
    plotted = sorted(
        (e for e in edges if e.get("object_type") == "curve_edge" or e.get("orientation") is None),
        key=lambda e: -e["bottom"],
    )
    for axis in rules:
        ticks = _ticks(axis, strokes, across)
        if len(ticks) < cfg["min_ticks"] or not _even(ticks, cfg["min_ticks"]):
            continue
        x0, top, x1, bottom = _plotted(_frame(axis, rules), axis, plotted, grow)
        box = (x0 - grow, top - grow, x1 + grow, bottom + grow)
        if not any(_within(box, b) for b in out):
            out = [b for b in out if not _within(b, box)] + [box]
    return out


def _within(a: Box, b: Box) -> bool:
    return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]


def in_area(obj: dict, areas: list[Box]) -> bool:
    """Is ``obj`` (a character or an edge) wholly inside one of ``areas``?"""
    return any(_in_box(obj, a, 0.0) for a in areas)


def chart_edges(
    edges: list[dict], areas: list[Box], chars: list[dict]
) -> tuple[list[dict], list[Box]]:
    """The edges that are no chart's: outside its ``areas`` (``chart_areas`` of the same
    ``chars``), or a horizontal rule (its pieces end to end taken together) running past the
    plot's frame at both ends — the top rule of a table set under the chart, within its
    margin for tick labels, is the table's; and the areas cut at such rules (the table's
    text beyond them is no tick label)."""
    grow = _grow(chars)
    frames = [(a[0] + grow, a[1] + grow, a[2] - grow, a[3] - grow) for a in areas]
    span = _runs([e for e in edges if e.get("orientation") == "h"])
    out = []
    cut = [list(a) for a in areas]
    for e in edges:
        x0, x1 = span.get(id(e), (e["x0"], e["x1"]))
        mine = False
        for a, f, c in zip(areas, frames, cut, strict=True):
            if not _in_box(e, a, 0.0):
                continue
            if id(e) in span and x0 < f[0] - TOUCH_PT and x1 > f[2] + TOUCH_PT:
                if e["top"] >= f[3]:  # under the plot: the area ends there
                    c[3] = min(c[3], e["top"])
                elif e["top"] <= f[1]:
                    c[1] = max(c[1], e["top"])
            else:
                mine = True
        if not mine:
            out.append(e)
    return out, [(c[0], c[1], c[2], c[3]) for c in cut]


def _runs(h: list[dict]) -> dict[int, tuple[float, float]]:
    """Each horizontal edge's run: the pieces at its height that touch end to end, by id."""
    out: dict[int, tuple[float, float]] = {}
    order = sorted(h, key=lambda e: (round(e["top"], 1), e["x0"]))
    for _, same in itertools.groupby(order, key=lambda e: round(e["top"], 1)):
        run: list[dict] = []
        for e in [*same, None]:
            if e is not None and run and e["x0"] <= max(r["x1"] for r in run) + TOUCH_PT:
                run.append(e)
                continue
            if run:
                lo, hi = run[0]["x0"], max(r["x1"] for r in run)
                out.update((id(r), (lo, hi)) for r in run)
            run = [e] if e is not None else []
    return out


def _grow(chars: list[dict]) -> float:
    """How far a chart's area reaches past its frame (``margin_em`` of the text's size)."""
    size = median(c["size"] for c in chars) if chars else 10.0
    return _charts()["margin_em"] * size


def diagonals(edges: list[dict]) -> list[dict]:
    """Strokes neither level nor upright (an arrow's shaft, a connector), ``diagonal_min_pt``
    long at least each way: short ones are arrowheads and rounded corners."""
    least = _charts()["diagonal_min_pt"]
    return [e for e in edges if min(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= least]


def crossed(box: Box, cells: list[Box], strokes: list[dict]) -> bool:
    """Does a diagonal stroke run across the rules of a grid (``box``, its ``cells``): from
    inside to outside, or from cell to cell?  A table's diagonal header line stays in its
    corner cell; an arrow between the boxes of a diagram does not."""
    for e in strokes:
        meets = boxes_meet(box, (e["x0"], e["top"], e["x1"], e["bottom"]))
        if meets and not any(_in_box(e, c, slack=2 * TOUCH_PT) for c in cells):
            return True
    return False


def boxes_meet(a: Box, b: Box) -> bool:
    """Do the two boxes overlap (more than along an edge)?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def hull_of(boxes: list[Box]) -> Box:
    """The smallest box around ``boxes``."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
