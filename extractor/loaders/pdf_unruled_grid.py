"""Cells of a table not fully ruled: a grid of units (rows × columns found from the text),
merged into cells by its rules and its texts (see ``pdf_unruled.unruled_cells``)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from .normalize import HAN
from .pdf_parts import Frag, RuleRow
from .pdf_settings import SNAP

_VALUE_CHARS = r"[-+−—–/\\\d.,，．%％０-９≥≤<>=＞＜＝≈~～±¥￥$€£]+"
VALUE_RE = re.compile(
    rf"{_VALUE_CHARS}(?: {_VALUE_CHARS})*|[-+−]?\d[\d.,]*(?:[a-g]{{1,3}}|\*{{1,3}})"
    r"|[(（][-+−]?\d[\d,，]*[.,，．]\d+%?[)）]|N/?A|n/?a|\([Xx]\)"
)
"""A number (a price with its currency sign too: 8 €, ¥1,200; a space a bold font's
kerning typed inside: 11,062 .6; a mean with its spread, 12.3 ± 0.5, or the letters or
stars that mark which means differ or how significant a coefficient is, 267.67a, 20.10ab,
-238.90***; a standard error or an accountant's negative in parentheses, with a point or a
separator: (53.08), (1,171)), a dash, a slash or NA, (X) standing for none: a value of its
own, never a wrapped text."""


def col(bounds: list[float], x: float) -> int:
    return max(0, min(len(bounds) - 2, bisect.bisect_right(bounds, x) - 1))


class ColumnEdges:
    """Where the texts of each column of a band end (its longest line) and where the next
    column's text starts: a cell's line wrapped only when its rest would not have fitted
    after it, before either (姓名 over 徐强, the next column far to the right, is a header
    over a row, however short the column's texts).  ``slack_em``, ``room_em``: the
    ``unruled`` thresholds ``line_end_slack_em`` and ``wrap_room_em``.  ``table``: the
    lines of the whole table, whose texts within one column widen the band's columns (a
    三线表's head 标识代码 over codes M ⏎ G: a column that wide, no code in it fills it)."""

    def __init__(
        self,
        levels: list[list[Frag]],
        bounds: list[float],
        slack_em: float,
        room_em: float,
        table: Sequence[list[Frag]] = (),
    ) -> None:
        self.slack, self.room_em = slack_em, room_em
        self.right: dict[int, float] = {}
        self.left: dict[int, float] = {}
        for lev in levels:
            for f in lev:
                c = col(bounds, f.x0)
                self.right[c] = max(self.right.get(c, f.x1), f.x1)
                self.left[c] = min(self.left.get(c, f.x0), f.x0)
        for lev in table:
            for f in lev:
                c = col(bounds, f.x0)
                if c in self.right and (c + 2 >= len(bounds) or f.x1 <= bounds[c + 1] + SNAP):
                    self.right[c] = max(self.right[c], f.x1)
                    self.left[c] = min(self.left[c], f.x0)
        self.next_start = {
            c: min((x for k, x in self.left.items() if k > c), default=None) for c in self.right
        }

    def longest(self, a: Frag, f: Frag, c: int) -> bool:
        """Is ``a`` as long as its column's longest line (``f``'s first piece would not have
        fitted after it; a line centred in its column, not in the column's width either:
        C1 ⏎ C2 centred under Long 1 are two rows)?"""
        room = f.first + self.slack * f.size
        if self.right[c] - a.x1 > room:
            return False
        before, after = a.x0 - self.left[c], self.right[c] - a.x1
        centred = abs(before - after) <= self.slack * f.size
        return not centred or before + after <= room

    def no_room(self, a: Frag, f: Frag, c: int) -> bool:
        """Would ``f``'s first piece not have fitted after ``a`` before the next column?"""
        nxt = self.next_start[c]
        return nxt is None or nxt - a.x1 <= f.first + self.room_em * f.size

    def full(self, a: Frag, f: Frag, c: int) -> bool:
        """Is ``a`` as long as its column's longest line, with no room after it?"""
        return self.longest(a, f, c) and self.no_room(a, f, c)


class UnitGrid:
    """A table's grid units (row, column), every cell a rectangle of them (r0, r1, c0, c1);
    two cells merge only when together they make a rectangle (merges that contradict each
    other are not made)."""

    def __init__(self, n_rows: int, n_cols: int) -> None:
        self.n_rows, self.n_cols = n_rows, n_cols
        self.owner = [[r * n_cols + c for c in range(n_cols)] for r in range(n_rows)]
        """The cell each unit belongs to."""
        self.rects = {r * n_cols + c: (r, r, c, c) for r in range(n_rows) for c in range(n_cols)}
        """Each cell's rectangle of units."""

    def rect(self, r: int, c: int) -> tuple[int, int, int, int]:
        return self.rects[self.owner[r][c]]

    def merge(self, a: tuple[int, int], b: tuple[int, int]) -> None:
        """The cells of units ``a`` and ``b`` made one, if together they are a rectangle."""
        ia, ib = self.owner[a[0]][a[1]], self.owner[b[0]][b[1]]
        if ia == ib:
            return
        (a0, a1, a2, a3), (b0, b1, b2, b3) = self.rects[ia], self.rects[ib]
        r0, r1, c0, c1 = min(a0, b0), max(a1, b1), min(a2, b2), max(a3, b3)
        area = (r1 - r0 + 1) * (c1 - c0 + 1)
        if area != (a1 - a0 + 1) * (a3 - a2 + 1) + (b1 - b0 + 1) * (b3 - b2 + 1):
            return
        del self.rects[ib]
        self.rects[ia] = (r0, r1, c0, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                self.owner[r][c] = ia


def merge_under_short_rules(
    grid: UnitGrid,
    rule_at: list[RuleRow | None],
    by_row: dict[int, list[list[Frag]]],
    bounds: list[float],
) -> None:
    """A rule that skips a column: its cell goes on below it (a vertical merge); but a rule
    drawn only under figures (every column it covers holds a value right above it) underlines
    them, a total as accounts print it (Costs (106,870) over Total … 1,969,797): it merges
    nothing; nor does a rule drawn only under texts of the line above, each piece as wide as
    one of them (2016年 and 2015年 underlined over a statement's rows).  Nor is a column merged
    that holds a value under the rule and a text over it: each row has its own figure there
    (a text never runs on into a value: IC over -3.79%, a shaded header's foot drawn across
    the label column only)."""

    def values(r: int) -> set[int]:
        return {col(bounds, f.x0) for lev in by_row.get(r, ()) for f in lev if is_figure(f.text)}

    for r in range(1, grid.n_rows):
        rule = rule_at[r]
        if rule is None:
            continue
        covered = [c for c in range(grid.n_cols) if rule.covers((bounds[c] + bounds[c + 1]) / 2)]
        above, below = values(r - 1), values(r)
        if covered and len(covered) < grid.n_cols and set(covered) <= above:
            continue
        if _underlines(rule, by_row.get(r - 1, [])):
            continue
        texts = {col(bounds, f.x0) for lev in by_row.get(r - 1, ()) for f in lev}
        for c in range(grid.n_cols):
            if c not in covered and not (c in below and c in texts):
                grid.merge((r - 1, c), (r, c))


def _underlines(rule: RuleRow, above: list[list[Frag]]) -> bool:
    """Is every piece of ``rule`` under one text of the last line of ``above``, its ends
    where the text's are (within ``UNDERLINE_SLACK_PT``): those texts underlined?"""
    if not above:
        return False
    last = max(above, key=lambda lev: lev[0].bottom)
    t = UNDERLINE_SLACK_PT
    return all(
        any(abs(f.x0 - a) <= t and abs(f.x1 - b) <= t for f in last) for a, b in rule.segments
    )


UNDERLINE_SLACK_PT = 3.0
"""An underline's ends lie this close to its text's."""


_NEGATIVE_RE = re.compile(r"[(（][\d.,，]*\d[)）]")
"""A negative amount as accounts print it: (106,870)."""


def is_figure(text: str) -> bool:
    """Is ``text`` a figure of a statement's figure column: a value, or a negative amount in
    brackets ((1,322), (1) — elsewhere (1) may number an item)?"""
    return bool(VALUE_RE.fullmatch(text) or _NEGATIVE_RE.fullmatch(text))


def merge_crossing_texts(
    grid: UnitGrid, by_row: dict[int, list[list[Frag]]], bounds: list[float]
) -> None:
    """A text crossing a column boundary: a merged cell."""
    for r, levs in by_row.items():
        for lev in levs:
            for f in lev:
                for c in range(col(bounds, f.x0), col(bounds, f.x1)):
                    grid.merge((r, c), (r, c + 1))


def merge_group_labels(
    grid: UnitGrid,
    rule_at: list[RuleRow | None],
    by_row: dict[int, list[list[Frag]]],
    bounds: list[float],
) -> None:
    """Between two drawn rules, rows read from the text whose only first-column text stands
    in neither the first nor the last of them, or alone on its line (a group's label centred
    beside its rows, 数据查询): that cell spans the rows from the rule above to the rule
    below, the label in it from the first.  (A label in the last row is the rows' total.)"""
    drawn = [r for r in range(grid.n_rows + 1) if r in (0, grid.n_rows) or rule_at[r] is not None]
    for top, end in itertools.pairwise(drawn):
        if end - top < 2 or rule_at[top] is None:
            continue
        firsts = [
            (r, lev)
            for r in range(top, end)
            for lev in by_row.get(r, ())
            if col(bounds, lev[0].x0) == 0
        ]
        at, lev = firsts[0] if len(firsts) == 1 else (end, [])
        if at < end - 1 and (len(lev) == 1 or at > top):
            for r in range(top + 1, end):
                grid.merge((top, 0), (r, 0))


def merge_labels_down(
    grid: UnitGrid,
    rule_at: list[RuleRow | None],
    by_row: dict[int, list[list[Frag]]],
    with_text: set[tuple[int, int]],
    bounds: list[float],
) -> None:
    """With no rule between two rows, the empty cells before a row's first text continue
    the cells above them (when those hold text): a label merged over rows (一级指标 |
    二级指标 printed once, at the top); a row's number in the first column (序号 2) is not
    its first text.  A row that starts with a figure is a total with no label (its
    figures under the ones above), not the rest of the label above."""
    for r in range(1, grid.n_rows):
        if rule_at[r] is not None or r not in by_row:
            continue
        cols = [(col(bounds, f.x0), f.text) for lev in by_row[r] for f in lev]
        first_col = min(
            (c for c, text in cols if c or not _ROW_NUMBER_RE.fullmatch(text)),
            default=min(c for c, _ in cols),
        )
        if first_col and all(is_figure(text) for c, text in cols if c == first_col):
            continue
        for c in range(first_col):
            if any(k == c for k, _ in cols):
                continue  # the row's number
            r0, r1, c0, c1 = grid.rect(r - 1, c)
            if any((i, k) in with_text for i in range(r0, r1 + 1) for k in range(c0, c1 + 1)):
                grid.merge((r - 1, c), (r, c))


def merge_like_neighbours(
    grid: UnitGrid, by_row: dict[int, list[list[Frag]]], bounds: list[float]
) -> None:
    """Two rows next to each other whose texts start in the same columns (three or more) are
    laid out alike: each text's cell reaches as far right as the other row's (主管部门 | 财政局
    | 实施单位 | 监督管理局 over 项目负责人 | 胡婷 | 联系电话 | 135…, a form's rows)."""
    starts = {
        r: sorted({col(bounds, f.x0) for lev in levs for f in lev}) for r, levs in by_row.items()
    }
    for step in (1, -1):
        rows = sorted(by_row) if step > 0 else sorted(by_row, reverse=True)
        for r in rows:
            other = r - step
            if other not in starts or len(starts[r]) < 3 or starts[r] != starts[other]:
                continue
            for i, c in enumerate(starts[r]):
                end = starts[r][i + 1] if i + 1 < len(starts[r]) else grid.n_cols
                o0, o1, _, reach = grid.rect(other, c)
                if o0 != o1:
                    continue  # a cell merged over rows: no row's layout
                for k in range(grid.rect(r, c)[3] + 1, min(reach, end - 1) + 1):
                    grid.merge((r, k - 1), (r, k))


def merge_cut_words(
    grid: UnitGrid,
    by_row: dict[int, list[list[Frag]]],
    bounds: list[float],
    align: float,
    edges: ColumnEdges,
) -> None:
    """A cell's text wrapped mid-word onto the next row's first line (年度总 ⏎ 体目标 beside
    预期目标 ⏎ 按计划完成…, the other columns starting a row there): the upper line is full
    (as long as the column's longest), the lower starts under it, and a word of the two
    lines read together crosses the line end (总体).  The cell goes on over both rows."""
    from .. import segment

    for r in sorted(by_row):
        if r - 1 not in by_row:
            continue
        for f in by_row[r][0]:
            c = col(bounds, f.x0)
            above = [a for lev in by_row[r - 1] for a in lev if col(bounds, a.x0) == c]
            if not above:
                continue
            a = above[-1]
            if (
                abs(a.x0 - f.x0) > align
                or not edges.longest(a, f, c)
                or not (_HAN_RE.match(a.text[-1:]) and _HAN_RE.match(f.text[:1]))
            ):
                continue
            words = segment.cut(a.text + f.text)
            at = len(a.text)
            ends = list(itertools.accumulate(len(w) for w in words))
            if any(end - len(w) < at < end for w, end in zip(words, ends, strict=True)):
                grid.merge((r - 1, c), (r, c))


_HAN_RE = re.compile(rf"[{HAN}]")


_ROW_NUMBER_RE = re.compile(r"\d{1,3}")
"""A row's number in a 序号 column."""


def merge_unneeded_bounds(
    grid: UnitGrid, by_row: dict[int, list[list[Frag]]], bounds: list[float]
) -> None:
    """A boundary right of a row's first text that no text of this row (or of a row next to
    it) needs is inside a merged cell (项目名称 | one value over 10).  A row whose text is
    a label inside the first column is a row left empty (3、二级机构2), not merged; nor is a
    value (87.25%, 7.0, a row's number 5): the cells after it were left empty."""
    support = {r: _supported(levs, bounds) for r, levs in by_row.items()}
    for r, levs in by_row.items():
        if len(bounds) > 2 and all(f.x1 <= bounds[1] for lev in levs for f in lev):
            continue
        first = min(f.x0 for lev in levs for f in lev)
        near = support[r] | support.get(r - 1, set()) | support.get(r + 1, set())
        values = {col(bounds, f.x0) for lev in levs for f in lev if VALUE_RE.fullmatch(f.text)}
        for k in range(1, grid.n_cols):
            if bounds[k] > first and k not in near and grid.rect(r, k - 1)[2] not in values:
                grid.merge((r, k - 1), (r, k))


def _supported(levels: list[list[Frag]], bounds: list[float]) -> set[int]:
    """Boundaries a row's texts need: in each gap between two texts of a line, the boundary
    nearest the right one (its cell's left edge, whatever the alignment; the others in the
    gap are inside the left text's merged cell)."""
    out: set[int] = set()
    for lev in levels:
        for a, b in itertools.pairwise(lev):
            inside = [k for k in range(1, len(bounds) - 1) if a.x1 <= bounds[k] <= b.x0]
            if inside:
                out.add(inside[-1])
    return out


_OPEN, _CLOSE = "(（[［【", ")）]］】"


def unbalanced(text: str) -> int:
    """Brackets opened and not closed in ``text`` (negative: closed and not opened)."""
    depth = low = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            low = min(low, depth)
    return depth if low == 0 else low


def merge_split_brackets(
    grid: UnitGrid,
    by_row: dict[int, list[list[Frag]]],
    bounds: list[float],
    align: float,
    header_rows: int = 0,
) -> None:
    """A text whose bracket closes on the next row's first line, under it in its column
    (产出指标(50 ⏎ 分) beside the next row's values), or a label (not of the table's first
    row when ``header_rows`` head it: a repeated header may stand over a row's rest, 一级指标
    ⏎ (25分)) whose next row's first line is a whole bracket of its own (决策 ⏎ （10分）, a
    label centred over two rows; 项目资金 ⏎ （万元） over the funds' first row): one cell
    wrapped over both rows, a label merged over them."""
    for r in sorted(by_row):
        if r - 1 not in by_row or not by_row[r]:
            continue
        for f in by_row[r][0]:
            c = col(bounds, f.x0)
            above = [a for lev in by_row[r - 1] for a in lev if col(bounds, a.x0) == c]
            a = above[-1] if above else None
            if a is None or (  # under it: the same left edge, or centred in one cell
                abs(a.x0 - f.x0) > align and abs(a.x0 + a.x1 - f.x0 - f.x1) / 2 > align
            ):
                continue
            # the cells' whole texts: either may have wrapped (产出指 ⏎ 标 over （40 ⏎ 分）)
            upper = "".join(x.text for x in above)
            lower = "".join(x.text for lev in by_row[r] for x in lev if col(bounds, x.x0) == c)
            if (unbalanced(upper) > 0 and unbalanced(lower) < 0) or (
                r - 1 >= min(header_rows, 1)
                and _ANNOTATION_RE.fullmatch(lower)
                and not _ANNOTATION_RE.search(upper)
                and not _NUMBERING_RE.fullmatch(lower)
                and not _FIGURE_RE.fullmatch(lower)  # (82.1) under 73.9: a figure of its own
                and WORD_RE.search(upper)
            ):
                grid.merge((r - 1, c), (r, c))


_ANNOTATION_RE = re.compile(r"[（(][^（()）]+[）)]$")
"""A bracket closing a label (its score, its unit): （10分）, （万元）."""
_FIGURE_RE = re.compile(r"[（(][-+−\d.,，．%％\s]+[）)]")
"""A figure in brackets (a negative, a share, a prior year's value)."""
WORD_RE = re.compile(r"[^\W\d_]")
"""A letter or a Han character: a label, not a figure."""
_NUMBERING_RE = re.compile(r"[（(](?:[一二三四五六七八九十]+|\d+)[）)]")
"""A list number in brackets, which starts an item of its own: （一）, (3)."""


def merge_header_spans(
    grid: UnitGrid, by_row: dict[int, list[list[Frag]]], bounds: list[float], header_rows: int
) -> None:
    """In a header of several rows, a text followed by empty cells up to the row's next text
    spans them when the header row below has texts in two or more of those columns (其中：
    over 上年结转 | 财政拨款 | …)."""
    for r in range(header_rows - 1):
        here = sorted({col(bounds, f.x0) for lev in by_row.get(r, []) for f in lev})
        below = {col(bounds, f.x0) for lev in by_row.get(r + 1, []) for f in lev}
        for i, c in enumerate(here):
            end = here[i + 1] if i + 1 < len(here) else grid.n_cols
            if end - c >= 2 and len(below & set(range(c, end))) >= 2:
                for k in range(c + 1, end):
                    grid.merge((r, c), (r, k))


def merge_header_rows(
    grid: UnitGrid,
    rule_at: list[RuleRow | None],
    by_row: dict[int, list[list[Frag]]],
    bounds: list[float],
    header_rows: int,
) -> None:
    """In a header of two rows with no rule between them, a head over several columns over
    its parts (其中： over 在用固定资产 | 出租固定资产), a head of one column with nothing under
    it in the lower row spans down to it (其他 beside them).  Then the lower row is no row of
    heads across the table, so a head of one column with a text on the next line under it
    wrapped there: one cell (固定资产 ⏎ 合计; not 主管部 ⏎ 门 over lines of another column's
    text, then 项目基 ⏎ 本情况, nor 主管部门 over 项目资金 in the first column: a form's
    rows).  Where every such head has a text under it, those are heads of their own (2024年
    ⏎ 人民币 beside 2025年 over 人民币 | 美元)."""
    for r in range(header_rows - 1):
        if rule_at[r + 1] is not None:
            continue
        upper = {col(bounds, f.x0) for lev in by_row.get(r, []) for f in lev}
        lower = {col(bounds, f.x0) for lev in by_row.get(r + 1, []) for f in lev}
        spans = [grid.rect(r, c) for c in upper]
        if not any(c0 < c1 and any(c0 <= k <= c1 for k in lower) for _, _, c0, c1 in spans):
            continue
        alone = upper - lower
        # a text wrapped: on the upper row's last line and the lower's first, past the first
        # column (a form's rows of labels there look like a header: 主管部门 ⏎ 项目资金)
        last = {col(bounds, f.x0) for f in by_row[r][-1]}
        first = {col(bounds, f.x0) for f in by_row[r + 1][0]}
        wrapped = {c for c in last & first if c > 0} if alone else set()
        # (a head over columns and a unit under it make no rectangle: ``merge`` leaves them)
        for c in alone | wrapped:
            grid.merge((r, c), (r + 1, c))
