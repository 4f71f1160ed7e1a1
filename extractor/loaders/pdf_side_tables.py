"""Tables without rules set side by side: a broker's 利润表 beside its 现金流量表, a 资产负债表
beside its ratios, each with its own label column and its own heads.

Read as one, their rows join across the page (利润表's 毛利率 beside 现金流量表's 营运资金变动)
and the columns of one run through the other's blank rows.  A cut between them is a gap every
line of two tables leaves between a figure (the left table's last column) and a label (the
right table's first), on ``SIDE_MIN_ROWS`` lines or more each side, no line of texts
crossing it.  A gap between figures and labels is also where one table's columns go on with
a second group (收入 | 金额 | 支出 | 金额: a 收入支出决算总表 is one table), so two tables
only where they show it, and no table's rows go on across the gap (a figure or a mark first
right of it, ``SIDE_MIN_ROWS`` times or more: Class A/B … 131.44% | >= 122.60%): a caption
over each side on one line (利润表 | 现金流量表), or lines that do not meet — one side's rows
at other heights than the other's (``SIDE_OFFSET_EM``), in ``SIDE_MIN_ROWS`` places or
more.
"""

from __future__ import annotations

import itertools
import statistics

from .pdf_fragments import Level, settings
from .pdf_parts import Frag
from .pdf_rule_groups import caption_or_unit
from .pdf_unruled_grid import WORD_RE, is_figure

SIDE_MIN_ROWS = 3
"""Lines with a figure before the cut and a label after it (and a text more on each side) —
and places where the sides' lines do not meet — for two tables side by side."""
SIDE_OFFSET_EM = 0.3
"""The two sides' texts on one line whose tops lie further apart than this (ems) belong to
lines of their own: rows of two tables, not one row."""


def side_cut(levels: list[Level]) -> tuple[float, float] | None:
    """``(left, right)``: the gap between two tables without rules set side by side on the
    page (``levels``: its lines outside ruled tables), or None."""
    tol = settings()["text_align_pt"]
    rows = [lv for lv in levels if len(lv.frags) >= 2]
    spans: list[list[float]] = []
    for x0, x1 in sorted((f.x0, f.x1) for lv in rows for f in lv.frags):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    best: tuple[float, float] | None = None
    support = 0
    for (_, lo), (hi, _) in itertools.pairwise(spans):  # each gap no line crosses
        figures = labels = 0
        for lv in rows:  # figures flush with the gap's left, labels starting at its right
            before = [f for f in lv.frags if f.x1 <= lo]
            after = [f for f in lv.frags if f.x0 >= hi]
            figures += len(before) >= 2 and before[-1].x1 >= lo - tol and is_figure(before[-1].text)
            labels += len(after) >= 2 and after[0].x0 <= hi + tol and _label(after[0])
        if min(figures, labels) > support:
            best, support = (lo, hi), min(figures, labels)
    if best is None or support < SIDE_MIN_ROWS:
        return None
    sides = [_sides(lv, *best) for lv in levels]
    across = sum(1 for left, right in sides if left and right and not _label(right[0]))
    if across >= SIDE_MIN_ROWS:
        return None  # a table's rows go on across the gap (Class A/B … 131.44% | >= 122.60%)
    if _twin_captions(sides) or _apart(sides, levels) >= SIDE_MIN_ROWS:
        return best
    return None


def _label(f: Frag) -> bool:
    """Is ``f`` a row's label: words, no figure?"""
    return not is_figure(f.text) and WORD_RE.search(f.text) is not None


def _sides(lv: Level, lo: float, hi: float) -> tuple[list[Frag], list[Frag]]:
    """The line's texts starting left of the cut's middle (a title across it among them)
    and right of it."""
    mid = (lo + hi) / 2
    return [f for f in lv.frags if f.x0 < mid], [f for f in lv.frags if f.x0 >= mid]


def _twin_captions(sides: list[tuple[list[Frag], list[Frag]]]) -> bool:
    """A line of one caption each side (利润表 | 现金流量表)?"""
    return any(
        len(left) == 1
        and len(right) == 1
        and caption_or_unit(left[0].text)
        and caption_or_unit(right[0].text)
        for left, right in sides
    )


def _apart(sides: list[tuple[list[Frag], list[Frag]]], levels: list[Level]) -> int:
    """Places where the two sides' lines do not meet: a line whose texts left and right of
    the cut stand at other heights, or a line of one side only right next to one of the
    other side only (closer than a line's height)."""
    n = 0
    for (left, right), lv in zip(sides, levels, strict=True):
        if left and right:
            lt = statistics.median(f.top for f in left)
            rt = statistics.median(f.top for f in right)
            n += abs(lt - rt) > SIDE_OFFSET_EM * lv.size
    kinds = ["left" if ls and not rs else "right" if rs and not ls else "" for ls, rs in sides]
    for k in range(1, len(levels)):
        near = levels[k].top - levels[k - 1].top < levels[k - 1].size
        n += near and {kinds[k - 1], kinds[k]} == {"left", "right"}
    return n


def split_sides(levels: list[Level], cut: tuple[float, float]) -> tuple[list[Level], list[Level]]:
    """The lines left of the cut (with those running across it) and right of it, each side's
    texts a line of their own."""
    left: list[Level] = []
    right: list[Level] = []
    for lv in levels:
        ls, rs = _sides(lv, *cut)
        if ls:
            left.append(Level(ls))
        if rs:
            right.append(Level(rs))
    return left, right
