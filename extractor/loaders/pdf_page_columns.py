"""Pages set in two columns of running text: where a line holds a full line of prose of one
page column, its texts left and right of the gutter are two lines, each read with the other
lines of its own page column, so a table in one page column is read without the prose or the
equations beside it.

The gutter is found from the prose itself: at least ``MIN_PROSE_LINES`` full lines of prose
(``prose_line_min_em`` wide) on each side of the middle of the text's width, those on the
left ending at one point and those on the right starting at one point (justified page
columns: ``MIN_JUSTIFIED`` each side, twice ``MIN_PROSE_LINES`` in all), the two points at
least half an em apart, and at most a quarter of the page's lines crossing the gutter
(titles, a figure or table across both columns).  Lines with no such prose on either side
(a table across both page columns, a heading) stay whole; a line with text on one side only
goes with its side where the lines with two sides around it are split.
"""

from __future__ import annotations

from collections import Counter

from .pdf_parts import Frag

MIN_PROSE_LINES = 5  # full lines of prose on each side of the gutter ...
MIN_JUSTIFIED = 3  # ... at least this many ending (starting) at the gutter, twice as many in all
FULL_LINE_SHARE = 0.75  # a line of prose fills this share of its page column's width
MIDDLE = (0.3, 0.7)  # the gutter lies between these shares of the text's width
MAX_ACROSS_SHARE = 0.25  # at most this share of the page's lines cross the gutter


def _mode(values: list[float]) -> tuple[float, int]:
    """The most common value (to a point) and how many values lie within a point of it."""
    at = Counter(round(v) for v in values).most_common(1)[0][0]
    return at, sum(1 for v in values if abs(v - at) <= 1.0)


def page_gutter(
    lines: list[list[Frag]], prose_em: float
) -> tuple[float, float, float, float] | None:
    """``(left, gutter_left, gutter_right, right)``: the text's left edge, the gutter's
    edges and the text's right edge, or None where the page is not set in two columns."""
    frags = [f for line in lines for f in line]
    if not frags:
        return None
    left, right = min(f.x0 for f in frags), max(f.x1 for f in frags)
    lo, hi = (left + s * (right - left) for s in MIDDLE)
    prose = [f for f in frags if f.x1 - f.x0 >= prose_em * f.size]
    ends = [f.x1 for f in prose if f.x0 < lo and f.x1 <= hi]
    starts = [f.x0 for f in prose if f.x0 >= lo and f.x1 > hi]
    if min(len(ends), len(starts)) < MIN_PROSE_LINES:
        return None
    (g0, n0), (g1, n1) = _mode(ends), _mode(starts)
    if min(n0, n1) < MIN_JUSTIFIED or n0 + n1 < 2 * MIN_PROSE_LINES:
        return None  # the lines of a page column end (and start) alike: it is justified
    size = sorted(f.size for f in prose)[len(prose) // 2]
    if g1 - g0 < 0.5 * size:
        return None
    mid = (g0 + g1) / 2
    across = sum(1 for line in lines if any(f.x0 < mid < f.x1 for f in line))
    if across > MAX_ACROSS_SHARE * len(lines):
        return None  # one column of text whose short lines end alike
    return (left, g0, g1, right)


def by_page_column(
    lines: list[list[Frag]], gutter: tuple[float, float, float, float]
) -> tuple[list[list[Frag]], list[list[Frag]]]:
    """``lines`` (top to bottom) as two sequences: the left page column's lines with the
    lines across both, and the right page column's."""
    left, g0, g1, right = gutter
    mid = (g0 + g1) / 2
    kinds: list[str] = []  # split, whole, left, right
    sides: list[tuple[list[Frag], list[Frag]]] = []  # each line's texts left, right of the gutter
    for line in lines:
        ls = [f for f in line if f.x1 < mid]
        rs = [f for f in line if f.x0 > mid]
        sides.append((ls, rs))
        if len(ls) + len(rs) < len(line):
            kinds.append("whole")
        elif ls and rs:
            full = any(f.x1 - f.x0 >= FULL_LINE_SHARE * (g0 - left) for f in ls) or any(
                f.x1 - f.x0 >= FULL_LINE_SHARE * (right - g1) for f in rs
            )
            kinds.append("split" if full else "whole")
        else:
            kinds.append("left" if ls else "right")
    first: list[list[Frag]] = []
    second: list[list[Frag]] = []
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == "split":
            first.append(sides[i][0])
            second.append(sides[i][1])
        elif kind == "right" and _beside_split(kinds, i):
            second.append(line)
        else:
            first.append(line)
    return first, second


def _beside_split(kinds: list[str], i: int) -> bool:
    """Is the nearest line with text on both sides, above or below line ``i``, split?"""
    before = next((k for k in reversed(kinds[:i]) if k in ("split", "whole")), None)
    after = next((k for k in kinds[i + 1 :] if k in ("split", "whole")), None)
    return "split" in (before, after) or (before is None and after is None)
