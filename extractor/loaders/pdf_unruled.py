"""Tables not fully ruled (horizontal rules only, 三线表, no rules): cell boxes from text alignment."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .layout import heading_level, list_item
from .normalize import HAN
from .pdf_fragments import (
    Level,
    fragments,
    holds_value,
    in_box,
    joined_fragments,
    line_cuts,
    mark_blanks,
    mark_cell_ends,
    settings,
)
from .pdf_page_columns import by_page_column, page_gutter
from .pdf_parts import Frag, RuleRow
from .pdf_rule_groups import (
    caption_or_unit,
    empty_band_min,
    numbered_caption,
    prose_lines,
    rule_groups,
    running_head_across,
    running_head_rule,
    running_text,
    second_column,
)
from .pdf_settings import FILLED_ROW_MIN_CELLS, SNAP, UNRULED_MIN_COLS
from .pdf_side_tables import side_cut, split_sides
from .pdf_unruled_grid import (
    VALUE_RE,
    WORD_RE,
    ColumnEdges,
    UnitGrid,
    col,
    is_figure,
    merge_crossing_texts,
    merge_cut_words,
    merge_group_labels,
    merge_header_rows,
    merge_header_spans,
    merge_labels_down,
    merge_like_neighbours,
    merge_split_brackets,
    merge_under_short_rules,
    merge_unneeded_bounds,
)

# ── tables that are not fully ruled ───────────────────────────────────────
#
# Real reports are often printed with tables that have only some of their rules: no outer
# frame, horizontal rules only, a 三线表 (top rule, header rule, bottom rule), or none.
# Two mechanisms, both general:
#
# * a grid of rules without its frame: the inner rules meet, so their bounding box is the
#   table; the sides not drawn are given to pdfplumber as explicit lines and the ruled path
#   reads the table as if the frame were there (a fully ruled table gets nothing added);
# * horizontal rules sharing an end (the same table's width) bound a table whose columns
#   are inferred from the text: every gap between two texts of one line holds a column
#   boundary, and the fewest boundaries that stab all gaps are the columns.  Rows are the
#   bands between the rules when rules stand between the rows; otherwise a line starts a row
#   unless each of its texts continues a full line right above it in its column.  A text
#   crossing a boundary is a merged cell; a rule that stops short of a column leaves that
#   column's cell merged over it (a vertical merge).  Thresholds: ``unruled`` in
#   ``patterns/pdf.yaml``.


def column_bounds(
    levels: list[list[Frag]],
    x0: float,
    x1: float,
    prior: list[float] | None = None,
    clear: bool = False,
) -> list[float]:
    """Column boundaries: the fewest x positions such that every gap between two fragments
    of one line holds one (greedy stabbing by right ends), each placed in the middle of the
    gaps it stabs (``clear``: of the part of them that no text alone on its line reaches,
    ``_clear_of_texts``; within ruled cells a text crossing the middle is a head across
    the columns); ``prior`` boundaries (the table's part on the previous page) are kept and
    stab the gaps they lie in."""
    kept = [b for b in prior or [] if x0 < b < x1]
    gaps = sorted(((a.x1, b.x0) for lev in levels for a, b in itertools.pairwise(lev)
                   if not any(a.x1 <= k <= b.x0 for k in kept)), key=lambda g: g[1])  # fmt: skip
    spans: list[tuple[float, float]] = []
    for a, b in gaps:
        if spans and a <= spans[-1][1]:
            spans[-1] = (max(spans[-1][0], a), spans[-1][1])
        else:
            spans.append((a, b))
    alone = [lev[0] for lev in levels if len(lev) == 1] if clear else []
    points = [_clear_of_texts(lo, hi, alone) for lo, hi in spans]
    return [x0, *sorted([*kept, *(p for p in points if x0 < p < x1)]), x1]


def _clear_of_texts(lo: float, hi: float, alone: list[Frag]) -> float:
    """The middle of the gap ``lo``..``hi`` that every line's gap there shares, narrowed by
    the texts alone on their lines (``alone``) that end in it (a wrapped label's longest
    line: it is the left column's), so the boundary cuts none of them.  (A text starting in
    the gap may be a merged label's second piece: it moves nothing.)"""
    for f in alone:
        if f.x0 < lo < f.x1 < hi:
            lo = f.x1
    return (lo + hi) / 2


def _column_edges(
    levels: list[list[Frag]], bounds: list[float], table: Sequence[list[Frag]] = ()
) -> ColumnEdges:
    cfg = settings()
    return ColumnEdges(levels, bounds, cfg["line_end_slack_em"], cfg["wrap_room_em"], table)


@functools.cache
def _figure_follows() -> re.Pattern[str]:
    return re.compile(settings()["figure_follows"])


def _rest_of(a: Frag, f: Frag) -> bool:
    """Is the value ``f`` the rest of ``a``: a number cut by its column, or the figure a
    sentence wrapped before (…合格率达到 ⏎ 100%)?"""
    return _value_cut(a.text, f.text) or _figure_follows().search(a.text) is not None


_OPENING_RE = re.compile(r"[(（\[【〔<《]")
"""A text opening with a bracket: the rest of a label (its unit, its note) as often as a
label of its own."""
_BRACKETED_RE = re.compile(r"\[[^\[\]]*\]|[(（][^()（）]*[)）]|【[^【】]*】")
"""A text that is one bracketed item, whole: [1], [12, Theorem 1.5.9], （一）."""


def _bracket_rest(a: Frag, f: Frag) -> bool:
    """May ``f``, opening with a bracket, be the rest of ``a`` above it (its unit or note:
    全年预算数 ⏎ （A））?  Not when ``a`` is itself one bracketed item, whole: then ``f`` is
    an item of its own ([1] ⏎ [12, Theorem 1.5.9], a list of citations)."""
    return _OPENING_RE.match(f.text) is not None and not _BRACKETED_RE.fullmatch(a.text)


_NOTE_RE = re.compile(r"[(（][^()（）]+[)）]")
"""A note in brackets, whole: （重述）, （A）, (万元)."""


def row_starts(
    levels: list[list[Frag]], bounds: list[float], table: Sequence[list[Frag]] = ()
) -> list[int]:
    """Indexes of the lines that start a table row, in a band with no rule between rows.

    A text in a column that was empty on the line above starts a row (a row's values are
    printed on its first line).  Otherwise the line goes on with the row when at least half
    of its texts continue the line above them: same left edge (the text wrapped) and that
    line full (the next piece would not have fitted after it; a column's right edge is its
    longest line, so a label as long as the longest looks full too).  A value (a number, a
    dash) continues no line: it is a row's own (a header's last word may end as wide as the
    numbers below it), nor does a numbered item (3、…, （三）…); a line holding a value
    starts a row.  ``table``: the whole table's lines (its heads too), which set how wide
    each column is (``ColumnEdges``)."""
    cfg = settings()
    align = cfg["text_align_pt"]
    edges = _column_edges(levels, bounds, table)
    full, no_room = edges.full, edges.no_room

    def continues(a: Frag, f: Frag, c: int, wrapped_at: float | None = None) -> bool:
        return (
            # a centred number's rest starts further right (２１２，８ ⏎ ６０．００)
            (abs(a.x0 - f.x0) <= align or _value_cut(a.text, f.text))
            and (full(a, f, c) or _fills_its_row(a, f, c, wrapped_at, edges))
            and (not VALUE_RE.fullmatch(f.text) or _rest_of(a, f))
            and heading_level(f.text) is None  # 3、二级机构2 under 2、二级机构1: an item of its own
        )

    def wraps(cols: list[tuple[int, Frag]], above: dict[int, Frag], first: int) -> bool:
        """The line holds only the rest of texts wrapped in narrow cells of the row above:
        no value, each text under one starting at its left edge, fewer texts than the row's
        first line (its values); and two such texts at once (产出指 ⏎ 标 beside 数量指 ⏎ 标),
        one character, or a text going on from a line that wrapped already."""
        if (
            len(cols) == 1
            and cols[0][0] == 0
            and not has_value
            and re.fullmatch(r"\d{1,2}", cols[0][1].text)
            and 0 in above
            and abs(above[0].x0 - cols[0][1].x0) <= align
            and WORD_RE.search(above[0].text)
        ):
            return True  # an empty row's label ending in a number (5、二级机构 ⏎ 4)
        if len(cols) >= first or holds_value([f for _, f in cols]):
            return False
        if not all(c in above and abs(above[c].x0 - f.x0) <= align for c, f in cols):
            return False
        if len(cols) == 1 and cols[0][0] > 0 and has_value:
            return True  # a cell's next paragraph (①… ⏎ ②…) beside the row's values
        if any(heading_level(f.text) is not None for _, f in cols):
            return False
        if not all(no_room(above[c], f, c) for c, f in cols):
            return False  # a line with room left after it ended its text (姓名 over 徐强)
        # two texts at once, unless they ran further; one character, or a text going on
        return (len(cols) >= 2 and not _ran_further(cols, above)) or (
            len(cols) == 1 and (len(cols[0][1].text) == 1 or cols[0][0] in wrapping)
        )

    def new_label(above: dict[int, Frag], cols: list[tuple[int, Frag]]) -> bool:
        """When half the texts go on from the line above, the first column decides: its text
        starts where the one above it does and does not go on from it (that one had room
        for its first piece, and it is no figure's rest), so it is a label of its own
        (Ethanol ⏎ Sulfuric acid beside Mojallaly (Iran) ⏎ Mojallaly, the longest of its
        column, so it looks full)."""
        a, f = above.get(0), dict(cols).get(0)
        return (
            a is not None
            and f is not None
            and abs(a.x0 - f.x0) <= align
            and not continues(a, f, 0)
            and not _rest_of(a, f)  # 合格率达到 ⏎ 100%
            and not _OPENING_RE.match(f.text)  # 项目资金 ⏎ (元): a unit set on its own line
        )

    starts = [0] if levels else []
    wrapping: set[int] = set()
    has_value = bool(levels) and holds_value(levels[0])
    # the first body row (a label in the first column, values beside it): the heads are
    # above it; a band of heads alone (its rules part it from the body) holds values (years)
    body = next(
        (
            k
            for k, lev in enumerate(levels)
            if col(bounds, lev[0].x0) == 0
            and holds_value([f for f in lev if col(bounds, f.x0) > 0])
        ),
        len(levels) if any(holds_value(lev) for lev in levels) else 0,
    )
    for i in range(1, len(levels)):
        above = {col(bounds, f.x0): f for f in levels[i - 1]}
        cols = [(col(bounds, f.x0), f) for f in levels[i]]
        fresh = any(c not in above for c, _ in cols)
        wrapped_at = _row_widths(levels[starts[-1] : i - 1], bounds, align)
        going_on = sum(
            1 for c, f in cols if not fresh and continues(above[c], f, c, wrapped_at.get(c))
        )
        own_value = any(
            VALUE_RE.fullmatch(f.text) and not (c in above and _rest_of(above[c], f))
            for c, f in cols
        )
        # every column holds a text, one of them under a text with room left after it (that
        # one did not wrap): a row of its own, however many of the others look full (a
        # column's longest lines look full: 评分细则 ⏎ 分值 beside 字符串 ⏎ 数字，…) — unless
        # one is surely a rest (a unit or note in brackets: 全年预算数 ⏎ （A）, a figure's)
        unwrapped = (
            not fresh
            and len(cols) == len(bounds) - 1
            and any(not edges.longest(above[c], f, c) for c, f in cols)
            and not any(_bracket_rest(above[c], f) or _rest_of(above[c], f) for c, f in cols)
        )
        if (
            _noted(cols, above, align)
            or _list_goes_on(levels[starts[-1] : i], cols, bounds)
            or (i < body and _translated(cols, above, align))
            or (has_value and _wrapping_on(levels[i - 1], cols, above, align))
        ):
            continue
        if _hung(levels, starts[-1], i, cols, above, edges):
            has_value = True
            wrapping = set()
        elif wraps(cols, above, len(levels[starts[-1]])):
            wrapping = {c for c, _ in cols}
        elif (
            fresh
            or own_value
            or unwrapped
            or 2 * going_on < len(cols)
            or (2 * going_on == len(cols) and new_label(above, cols))
        ):
            starts.append(i)
            wrapping = set()
            has_value = holds_value(levels[i])
    return starts


def _list_goes_on(row: list[list[Frag]], cols: list[tuple[int, Frag]], bounds: list[float]) -> bool:
    """Is every text of a line (by column, ``cols``) the next item of a list its column's
    cell already went on with inside the row (``row``: its lines so far, the item before it
    on a line after the row's first)?  A cell's items printed beside another cell's, each
    list numbered alike (1、… 2、… ⏎ 3、开展法律知识培训 beside 1、… 2、… ⏎ 3、已开展…):
    the row goes on; an item that starts a row (3、二级机构2 under 2、二级机构1) stands on the
    row's first line — unless it stands alone on its line, the row's other cells empty there
    (经济效益 | 1、互联网+政务服务… | 完成 ⏎ 2、对法律纠纷…: a row of its own prints its
    完成) — and items in the first column are the rows' labels (a contents page's 一、… 二、…
    under 第三部分)."""
    for c, f in cols:
        item = list_item(f.text)
        if item is None or c == 0:
            return False
        before = (item[0], item[1] - 1)
        alone = len(cols) == 1 and any(col(bounds, g.x0) != c for g in row[0])
        if not any(
            list_item(g.text) == before and col(bounds, g.x0) == c
            for lev in (row if alone else row[1:])
            for g in lev
        ):
            return False
    return True


def _row_widths(lines: list[list[Frag]], bounds: list[float], align: float) -> dict[int, float]:
    """By column, where the row's lines before the last one end, the furthest right, of
    columns where two of them start together (a text wrapped there: its cell ends about
    there)."""
    by_col: dict[int, list[Frag]] = {}
    for lev in lines:
        for f in lev:
            by_col.setdefault(col(bounds, f.x0), []).append(f)
    return {
        c: max(f.x1 for f in fs)
        for c, fs in by_col.items()
        if len(fs) >= 2 and max(f.x0 for f in fs) - min(f.x0 for f in fs) <= align
    }


def _fills_its_row(a: Frag, f: Frag, c: int, wrapped_at: float | None, edges: ColumnEdges) -> bool:
    """Is ``a`` as long as the lines its row wrapped before it in its column (``wrapped_at``,
    ``_row_widths``), so that ``f``'s first piece would not have fitted after it, with no
    room before the next column either: a text wrapped in a cell narrower than its column's
    longest line (…持证比例达到 ⏎ 90%。 under lines ending at 316, a code in another row
    reaching 348)?"""
    if wrapped_at is None or a.x1 > wrapped_at + edges.slack * f.size:
        return False
    return wrapped_at - a.x1 <= f.first + edges.slack * f.size and edges.no_room(a, f, c)


def _ran_further(cols: list[tuple[int, Frag]], above: dict[int, Frag]) -> bool:
    """Does every text of a line of two texts or more (by column, ``cols``) run further than
    the one above it by more than its first piece (``line_end_slack_em``): those had room,
    so they wrapped nothing (heads over their paragraphs: 项目年度目标 ⏎ 保障全县12所…，全)?"""
    slack = settings()["line_end_slack_em"]
    return all(f.x1 - above[c].x1 > f.first + slack * f.size for c, f in cols)


def _wrapping_on(
    last: list[Frag], cols: list[tuple[int, Frag]], above: dict[int, Frag], align: float
) -> bool:
    """Does a line (its texts by column, ``cols``) go on with a row already more than a line
    long, texts only (asked where the row's first line holds its values): the line above
    (``last``, by column ``above``) went on with the row, neither holds a value, and this one
    holds two texts or more, each under one of the line above at its left edge, none a
    numbered item?  A label cut at a word in its narrow column beside a rule's next
    paragraph (“三公经 ⏎ 费” ⏎ 控制率 beside 以100%为标准… ⏎ ≦100%，计6分； ⏎ 每超过一个百分点
    扣1分…, the scores on the first line): one row, though neither text above was full."""
    return (
        len(cols) >= 2
        and not holds_value(last)
        and not holds_value([f for _, f in cols])
        and all(
            c in above and abs(above[c].x0 - f.x0) <= align and heading_level(f.text) is None
            for c, f in cols
        )
    )


def _hung(
    levels: list[list[Frag]],
    start: int,
    i: int,
    cols: list[tuple[int, Frag]],
    above: dict[int, Frag],
    edges: ColumnEdges,
) -> bool:
    """Is line ``i`` the last of a label wrapped over lines of its own, the row's values
    beside it (a statement prints them on the label's last line: 分配股利、利润或偿付利息
    支付的 ⏎ 现金  1,319,979,091.45): the row's lines so far hold only a label in the first
    column, as long as the column's longest (the far right figures leave room after it),
    and this line's first text goes on from it indented (a hanging indent: a group's label
    over its first item starts where the item does: 盈利能力指标(%) ⏎ 毛利率) — no item of
    its own, no unit in brackets — beside values?  (``start``: the row's first line.)"""
    a, f = above.get(0), dict(cols).get(0)
    return (
        a is not None
        and f is not None
        and len(cols) >= 2
        and all(len(levels[k]) == 1 for k in range(start, i))
        and not holds_value(levels[i - 1])
        and f.x0 > a.x0 + settings()["text_align_pt"]
        and edges.longest(a, f, 0)
        and holds_value([g for c, g in cols if c > 0])
        and heading_level(f.text) is None
        and (not _OPENING_RE.match(f.text) or _JOINED_RE.search(a.text) is not None)
        and not VALUE_RE.fullmatch(f.text)
        and _goes_on(a.text, f.text)
    )


def _noted(cols: list[tuple[int, Frag]], above: dict[int, Frag], align: float) -> bool:
    """Does the line (its texts by column, ``cols``) hold only notes in brackets, each under a
    text of the line above (``above``) in its column (starting, ending or centred with it)
    — no value, no numbered item: the heads' rest (2017年1-3月 ⏎ （重述）, 全年预算数 ⏎
    （A））?"""
    return bool(cols) and all(
        _NOTE_RE.fullmatch(f.text)
        and heading_level(f.text) is None
        and c in above
        and not VALUE_RE.fullmatch(above[c].text)
        and _aligned(above[c], f, align)
        for c, f in cols
    )


def _translated(cols: list[tuple[int, Frag]], above: dict[int, Frag], align: float) -> bool:
    """Is the line (its texts by column, ``cols``) the Chinese of the line above, text for
    text: each text holding Chinese under one with none (starting, ending or centred with
    it; a centred head's translation may start in another column), every text above so
    matched?  A bilingual report's heads (2024 ⏎ 2024年, Year ended 31 March ⏎ 截至3月31日
    止年度, RMB'000 ⏎ 人民币千元): one cell's two lines.  Asked of the heads only, above the
    first body row (a table of names prints Courier ⏎ 中易宋体 as two rows)."""
    if not cols or len(cols) != len(above):
        return False
    uppers = sorted(above.values(), key=lambda g: g.x0)
    for (_, f), g in zip(cols, uppers, strict=True):  # both left to right, text for text
        if (
            _HAN_RE.search(f.text) is None
            or heading_level(f.text) is not None  # a numbered item: a row of its own
            or _HAN_RE.search(g.text) is not None
            or _LATIN_OR_DIGIT_RE.search(g.text) is None
            or not _aligned(g, f, align)
        ):
            return False
    return True


_HAN_RE = re.compile(f"[{HAN}]")
_LATIN_OR_DIGIT_RE = re.compile(r"[A-Za-z0-9]")


def _goes_on(above: str, text: str) -> bool:
    """Can ``text`` be the rest of the label ``above`` wrapped: Chinese after Chinese, anything
    after a joining mark or word (``_JOINED_RE``), or a word in lower case after words (a
    label of one word, or a capital after it, is a group's label over its first item:
    diploma ⏎ grad, Number of living children ⏎ No children)?"""
    if (_HAN_RE.match(above[-1:]) and _HAN_RE.match(text)) or _JOINED_RE.search(above):
        return True
    return " " in above.strip() and text[:1].islower()


_JOINED_RE = re.compile(r"[╱／/、及和与與或]$")
"""A label ending in a mark or a word that joins it to more (收益╱ ⏎ （亏损）前净利润)."""


_CUT_NUMBER_RE = re.compile(
    r"[-+]?(\d{1,3}([,，]\d{3})+([,，]\d{0,2})?|\d{1,3}[,，]\d{0,2}|\d+)([.．]\d{0,4})?[%％]?"
)
"""A whole number as a cell prints it: digits, thousands separators, decimals, a percent; or
its first lines when the column cut it more than once (１０，３６ ⏎ ７，２４９． ⏎ ００,
５，０１ ⏎ ２，１０ ⏎ １．９０)."""


def _value_cut(above: str, text: str) -> bool:
    """Is ``text`` the rest of the number ``above`` cut by its narrow column (15,337.0 ⏎ 0,
    90.59 ⏎ %)?  Together they make one number, and the cut is one no new row would make:
    a lone percent sign, or after a separator (a number of the next row would stand alone)."""
    if not _CUT_NUMBER_RE.fullmatch(above + text):
        return False
    return text in "%％" or any(ch in ",，.．" for ch in above)


@dataclass
class Region:
    """Where a table not fully ruled stands: its width, its top and bottom (a rule, or the
    text's edge where the table went on without one) and the rules inside."""

    x0: float
    x1: float
    top: float
    bottom: float
    rules: list[RuleRow]
    """Rules from ``top`` to ``bottom``, both included when they are rules."""


def regions(
    rows: list[RuleRow],
    chars: list[dict],
    carried: list[list[float]] | None = None,
    frags: list[list[Frag]] | None = None,
) -> list[Region]:
    """Tables not fully ruled on a page: each group of rules, grown over the text above and
    below it that goes on in columns (a 三线表 cut by a page break has its top and header
    rules on one page, its bottom rule on the next, and rows with no rule on both); then
    runs of lines in columns with no rule at all.  ``frags``: ``fragments(chars)`` when
    read already."""
    cfg = settings()
    levels = [Level(lev) for lev in (fragments(chars) if frags is None else frags)]
    gutter = page_gutter([lv.frags for lv in levels], cfg["prose_line_min_em"])
    out: list[Region] = []
    # two tables side by side (not sought on a page set in two columns)
    cut = side_cut(levels) if gutter is None else None
    mid = None if cut is None else (cut[0] + cut[1]) / 2
    groups = rule_groups(rows, chars, None if gutter is None else (gutter[1] + gutter[2]) / 2, mid)
    # a table whose first rule is the last of the one above it (its heads under that one's
    # rows, ``_split_at_prose``): the lines above that rule are the other table's
    ends = {id(h[-1]) for h in groups}
    for g in groups:
        if len(g) == 1 and (
            running_head_rule(g[0], rows, chars)
            if gutter is None
            else running_head_across(g[0], gutter, chars)
        ):
            continue
        x0, x1 = min(r.x0 for r in g), max(r.x1 for r in g)
        top, bottom = g[0].y, g[-1].y
        own = {r.y for r in g}
        others = [  # rules of other tables above or below this one
            r.y for r in rows if r.y not in own and any(a < x1 and x0 < b for a, b in r.segments)
        ]
        below = [lv for lv in levels if lv.top > bottom]
        above = [lv for lv in reversed(levels) if lv.bottom < top]
        inside = [lv for lv in levels if top <= lv.top and lv.bottom <= bottom]
        spacing = _line_spacing(inside, own)
        down = _grow(below, x0, x1, bottom, others, 1, spacing=spacing)
        shared = id(g[0]) in ends and len(g) > 1
        ends_at = _labels_end(inside + down)
        up = [] if shared else _grow(above, x0, x1, top, others, -1, ends_at, spacing=spacing)
        if not shared and not up:
            up = _heads_on_rule(above, g[0], inside + down, ends_at)
        if not shared and (not up or carried):  # the rows grown over may stand under a cell's rest
            edge = up[0].top if up else top
            rest = [lv for lv in above if lv.bottom < edge]
            up = _page_top_rest(rest, up + inside, edge, carried) + up
        if len(g) < 2 and not down and not up:
            continue
        out.append(
            Region(
                x0,
                x1,
                min(lv.top for lv in up) - 1.0 if up else top,
                max(lv.bottom for lv in down) + 1.0 if down else bottom,
                g,
            )
        )
    # no rule at all: runs of lines with two texts or more (the lines between them included)
    if cut is not None and mid is not None:
        # tables side by side: each side on its own, parted by its own rules
        left, right = split_sides(_beside(levels, out), cut)
        out.extend(_free_runs(left, [r for r in rows if r.x0 < mid], carried))
        out.extend(_free_runs(right, [r for r in rows if r.x1 > mid], carried))
        out.sort(key=lambda r: r.top)
        return _headers_with_bodies(_across_gaps(out, levels), levels)
    free = [
        lv
        for lv in levels
        if not any(r.top - 1 <= lv.top and lv.bottom <= r.bottom + 1 for r in out)
    ]
    if gutter is None:
        out.extend(_free_runs(free, rows, carried))
    else:  # each page column on its own
        for column in by_page_column([lv.frags for lv in free], gutter):
            out.extend(_free_runs([Level(fs) for fs in column], rows, carried))
        out.sort(key=lambda r: r.top)
    return _headers_with_bodies(_across_gaps(out, levels), levels)


def _beside(levels: list[Level], found: list[Region]) -> list[Level]:
    """The lines' texts outside the tables ``found`` (a line beside one side's ruled table
    holds the other side's row)."""
    out = []
    for lv in levels:
        fs = [
            f
            for f in lv.frags
            if not any(
                r.top - 1 <= lv.top
                and lv.bottom <= r.bottom + 1
                and r.x0 - SNAP <= f.x0
                and f.x1 <= r.x1 + SNAP
                for r in found
            )
        ]
        if fs:
            out.append(Level(fs))
    return out


def _free_runs(
    free: list[Level], rows: list[RuleRow], carried: list[list[float]] | None
) -> list[Region]:
    """Runs of lines with two texts or more (the lines between them included) that make a
    table with no rule at all."""
    cfg = settings()
    out: list[Region] = []
    i = floor = 0
    while i < len(free):
        if not free[i].tabular:
            i += 1
            continue
        run = [
            free[i],
            *_grow(
                free[i + 1 :], -1e9, 1e9, free[i].bottom, [r.y for r in rows], 1, bridge=[free[i]]
            ),
        ]
        start, i = i, i + len(run)
        for lv in reversed(free[floor:start]):  # the rest of a row cut by the page break
            if lv.bottom < run[0].top - cfg["grow_gap_em"] * lv.size or not _in_inner_column(
                run, lv
            ):
                break
            run.insert(0, lv)
        if floor == 0 and run[0] is free[start]:
            run[:0] = _page_top_rest(list(reversed(free[:start])), run, run[0].top, carried)
        floor = i
        if sum(1 for lv in run if lv.tabular) >= cfg["text_min_levels"] or _aligned_pair(run):
            xs0 = min(f.x0 for lv in run for f in lv.frags)
            xs1 = max(f.x1 for lv in run for f in lv.frags)
            out.append(Region(xs0 - 1.0, xs1 + 1.0, run[0].top - 1.0, run[-1].bottom + 1.0, []))
    return out


def _across_gaps(found: list[Region], levels: list[Level]) -> list[Region]:
    """Two tables read from their text alone, one right under the other with only space
    between (``join_gap_em``), whose columns are the same (each column's texts start or end
    where the other's do: a price list's sections, Les Blancs … then Les Rosés …): one
    table, its parts set apart.  The lower may have rules under its first line (its bottom
    rule: ``_closed_below``), the upper none."""
    cfg = settings()
    out: list[Region] = []
    for r in sorted(found, key=lambda r: r.top):
        up = out[-1] if out else None
        lower = [lv for lv in levels if r.top <= lv.top and lv.bottom <= r.bottom]
        # the lower may close the table with a rule under its rows (a 三线表's bottom rule,
        # its top and header rules on the page before), not head one with a rule over them
        if up is not None and lower and not up.rules and _closed_below(r, lower[0]):
            between = [lv for lv in levels if up.bottom < lv.top and lv.bottom < r.top]
            gap_ok = r.top - up.bottom <= cfg["join_gap_em"] * lower[0].size
            if gap_ok and not between and _same_layout(up, r, levels):
                out[-1] = Region(min(up.x0, r.x0), max(up.x1, r.x1), up.top, r.bottom, r.rules)
                continue
        out.append(r)
    return out


def _closed_below(r: Region, first: Level) -> bool:
    """Has ``r`` no rule, or only rules below its first line (``first``)?"""
    return all(rule.y > first.bottom for rule in r.rules)


MISSING_COLUMNS_MAX = 0.25
"""Of two parts of a table, the one with fewer columns (its rows leave some empty: a group
label's column spanning the rows above) may lack this share of the other's columns."""


def _same_layout(a: Region, b: Region, levels: list[Level]) -> bool:
    """Do the lines of two texts or more in ``a`` and in ``b`` make columns alike: each column
    of the one with fewer (it may lack ``MISSING_COLUMNS_MAX`` of the other's) starting or
    ending where one of the other's does (``text_align_pt``), in order?"""
    tol = settings()["text_align_pt"]

    def columns(r: Region) -> list[tuple[float, float]]:
        rows = [
            lv.frags for lv in levels if r.top <= lv.top and lv.bottom <= r.bottom and lv.tabular
        ]
        if not rows:
            return []
        edges = _column_edges(rows, column_bounds(rows, r.x0, r.x1))
        return [(edges.left[c], edges.right[c]) for c in sorted(edges.right)]

    fewer, more = sorted((columns(a), columns(b)), key=len)
    if len(fewer) < 2 or len(fewer) < len(more) - MISSING_COLUMNS_MAX * len(more):
        return False
    rest = iter(more)  # each column of the one with fewer matched by one of the other, in order
    return all(any(abs(x[0] - y[0]) <= tol or abs(x[1] - y[1]) <= tol for y in rest) for x in fewer)


def _headers_with_bodies(found: list[Region], levels: list[Level]) -> list[Region]:
    """A header drawn between rules, with no value in it, and just below it
    (``header_gap_em``) a table read from its text alone that lies within the header's width:
    one table, as statistics tables print them (a rule over and under the header, the body
    without rules)."""
    cfg = settings()
    tol = cfg["rule_end_pt"]
    out: list[Region] = []
    for r in sorted(found, key=lambda r: r.top):
        head = out[-1] if out else None
        if head is not None and head.rules and not r.rules:
            inside = [lv for lv in levels if head.top <= lv.top and lv.bottom <= head.bottom]
            body = [lv for lv in levels if r.top <= lv.top and lv.bottom <= r.bottom]
            if (
                inside
                and body
                and not any(holds_value(lv.frags) for lv in inside)
                and -SNAP <= body[0].top - head.bottom <= cfg["header_gap_em"] * body[0].size
                and head.x0 - tol <= r.x0
                and r.x1 <= head.x1 + tol
            ):
                out[-1] = Region(head.x0, head.x1, head.top, r.bottom, head.rules)
                continue
        out.append(r)
    return out


def _aligned_pair(run: list[Level]) -> bool:
    """Two lines of ``aligned_pair_min_texts`` texts or more each, every text of the second
    starting where one of the first does: a table of two rows (联系人 罗龙文 联络电话 … over
    人员编制 7 实有人数 7), which no paragraph makes."""
    cfg = settings()
    if len(run) != 2 or any(len(lv.frags) < cfg["aligned_pair_min_texts"] for lv in run):
        return False
    tol = cfg["text_align_pt"]
    return all(any(abs(f.x0 - a.x0) <= tol for a in run[0].frags) for f in run[1].frags)


def _grow(
    levels: list[Level],
    x0: float,
    x1: float,
    edge: float,
    rules: list[float],
    step: int,
    labels_end: float | None = None,
    bridge: list[Level] | None = None,
    spacing: float = 0.0,
) -> list[Level]:
    """The lines next to a table's edge (``levels`` in order away from it) that go on in its
    columns: lines of two texts or more inside its width, with the lines of one text between
    them (a cell's text running on); a gap wider than ``grow_gap_em`` or a rule of another
    table ends it, and lines of one text at its end are not the table's — but over it, the
    rest of a cell the page break cut, or a head over columns right of where its first
    column's texts end (``labels_end``; ``_over_inner_columns``).  ``bridge`` (downwards,
    the table's lines before ``levels``): a gap up to ``join_gap_em`` is a statement's
    spacer when the table's columns resume after it (``_resumes``).  ``spacing``: the widest
    space between two lines inside the table (``_line_spacing``): its rows set that far
    apart go on so outside it too."""
    cfg = settings()
    gap_em = cfg["grow_gap_em"]
    taken: list[Level] = []
    pending: list[Level] = []
    prev = edge
    ended = False  # the lines ran out (the page's end) before a gap, a rule or a wider line
    for k, lv in enumerate(levels):
        near = lv.top - prev if step > 0 else prev - lv.bottom
        lo, hi = sorted((prev, lv.top if step > 0 else lv.bottom))
        if any(lo < y < hi for y in rules):
            break
        if near > max(gap_em * lv.size, spacing) and not (
            bridge is not None
            and step > 0
            and near <= cfg["join_gap_em"] * lv.size
            and _resumes(levels[k:], bridge + taken + pending)
        ):
            break
        if any(f.x0 < x0 - SNAP or f.x1 > x1 + SNAP for f in lv.frags):
            break
        if step < 0 and numbered_caption().match(lv.frags[0].text):
            break  # 表3.1␣␣三线表示例 over its rules: the table's caption, not its heads
        pending.append(lv)
        if lv.tabular:
            taken.extend(pending)
            pending = []
        prev = lv.bottom if step > 0 else lv.top
    else:
        ended = True
    if step > 0:  # the last row's text wrapped onto lines of one text, rows left empty; at
        for lv in pending:  # the page's end, the start of a cell the page break cut
            if not (
                _wraps_on(taken, lv)
                or _label_only(taken, lv)
                or (ended and _in_inner_column(taken, lv))
            ):
                break
            taken.append(lv)
    else:  # the rest of a row the page break cut, in a column after the first; a head
        for lv in pending:  # over columns after the first (截至12月31日止年度)
            if not (_in_inner_column(taken, lv) or _over_inner_columns(taken, lv, labels_end)):
                break
            taken.append(lv)
    return taken if step > 0 else list(reversed(taken))


STATEMENT_MAX_LABELS = 1
"""Over a statement's spacer, at most this many lines of one text (a section's label: 三、
筹资活动产生的现金流量) before its columns resume."""


def _line_spacing(inside: list[Level], rules: set[float]) -> float:
    """The widest space between two rows next to each other inside a table's rules, laid out
    alike (``_alike``) with no rule between them: rows set wide apart (a capital budget's
    project lines, 11 pt apart in 7 pt type); 0 where no two are."""
    gaps = [
        b.top - a.bottom
        for a, b in itertools.pairwise(inside)
        if _alike(a, b) and not any(a.bottom < y < b.top for y in rules)
    ]
    return max(gaps, default=0.0)


ALIKE_MIN_TEXTS = 3
"""Two lines are rows laid out alike when this many texts or more of each start together."""


def _alike(a: Level, b: Level) -> bool:
    """Do ``ALIKE_MIN_TEXTS`` texts of ``b`` or more start where texts of ``a`` start?"""
    tol = settings()["text_align_pt"]
    return (
        sum(1 for f in b.frags if any(abs(f.x0 - g.x0) <= tol for g in a.frags)) >= ALIKE_MIN_TEXTS
    )


def _resumes(ahead: list[Level], taken: list[Level]) -> bool:
    """After a gap, do the table's columns go on: the next line of two texts or more, under
    at most ``STATEMENT_MAX_LABELS`` labels (each ending before the second column, neither a
    caption nor a unit line), ``join_gap_em`` apart at most, has every text after its first
    starting, ending or centred where a text of the table's lines is, and every one a figure
    (a financial statement's sections, a blank line between them; its figures set flush
    right, its notes' numbers centred under 附註)?"""
    cfg = settings()
    tol = cfg["text_align_pt"]
    lines = [t for t in taken if t.tabular]
    if not lines:
        return False
    # a header's first text may head a column, and so may a head alone on its line (附註)
    cols = [f for t in taken for f in t.frags]
    second = min(t.frags[1].x0 for t in lines)
    prev = None
    for labels, lv in enumerate(ahead):  # the lines before it are labels
        if prev is not None and lv.top - prev > cfg["join_gap_em"] * lv.size:
            return False
        prev = lv.bottom
        if lv.tabular:
            return all(
                is_figure(f.text) and any(_aligned(f, c, tol) for c in cols) for f in lv.frags[1:]
            )
        f = lv.frags[0]
        if labels >= STATEMENT_MAX_LABELS or f.x1 > second - tol or caption_or_unit(f.text):
            return False
    return False


def _aligned(f: Frag, c: Frag, tol: float) -> bool:
    """Do ``f`` and ``c`` start, end or centre within ``tol`` of each other?"""
    return (
        abs(f.x0 - c.x0) <= tol
        or abs(f.x1 - c.x1) <= tol
        or abs(f.x0 + f.x1 - c.x0 - c.x1) <= 2 * tol
    )


def _page_top_rest(
    above: list[Level], table: list[Level], edge: float, carried: list[list[float]] | None = None
) -> list[Level]:
    """The lines of one text at the top of the page, right above a table, that lie in one of
    its columns: the rest of a cell the page break cut, a label (种子 ⏎ 管理 ⏎ 站 over 3、
    机关服务中心 …, at most ``page_top_rest_max_lines`` lines, each starting where the
    table's labels start and ending before its second column) or a narrow remarks column's
    text (偏 ⏎ 高， ⏎ 下年 ⏎ 度将 …, ``_in_inner_column``, or within a column other than the
    first of the previous page's table, ``carried``, when this page's rows leave it empty);
    every line above the table, close to the next (``above``: nearest first)."""
    cfg = settings()
    second = second_column(table)
    if not above or second is None:
        return []
    tol = cfg["text_align_pt"]
    left = min(t.frags[0].x0 for t in table if t.tabular)
    prev, labels = edge, 0
    for lv in above:
        f = lv.frags[0]
        if lv.tabular or caption_or_unit(f.text):
            return []  # a caption or unit line over the table (现金流量表, 单位：万元)
        if abs(f.x0 - left) <= tol and f.x1 <= second - tol:
            labels += 1
        elif not (_in_inner_column(table, lv) or _in_carried_column(carried, left, lv)):
            return []
        if prev - lv.bottom > cfg["grow_gap_em"] * lv.size:
            return []
        prev = lv.top
    if labels > cfg["page_top_rest_max_lines"]:
        return []
    return list(reversed(above))


def _in_carried_column(carried: list[list[float]] | None, left: float, lv: Level) -> bool:
    """Does ``lv`` (one text) lie within a column other than the first of a table on the
    previous page (its column boundaries, ``carried``) whose left edge is this table's?"""
    tol = settings()["rest_column_pt"]
    f = lv.frags[0]
    return any(
        abs(bounds[0] - left) <= tol
        and any(a - SNAP <= f.x0 and f.x1 <= b + SNAP for a, b in itertools.pairwise(bounds[1:]))
        for bounds in carried or ()
    )


def _in_inner_column(taken: list[Level], lv: Level) -> bool:
    """Is ``lv`` (one text) in a column of ``taken`` other than the first: each of its texts
    starts where a text of theirs does, right of where their lines start?  A caption over a
    table is centred or starts at the margin; the last characters of a cell the page break
    cut (…核对不及 ⏎ 时) start in that cell's column."""
    rows = [t for t in taken if t.tabular]
    if not rows or lv.tabular:
        return False
    tol = settings()["text_align_pt"]
    left = min(t.frags[0].x0 for t in rows)
    starts = [f.x0 for t in rows for f in t.frags[1:]]
    f = lv.frags[0]
    return f.x0 > left + tol and any(abs(f.x0 - x) <= tol for x in starts)


def _labels_end(rows: list[Level]) -> float | None:
    """Where the texts of the first column of ``rows`` (lines of two texts or more starting
    where the leftmost does) end, the furthest right; None without such lines."""
    firsts = [lv.frags[0] for lv in rows if lv.tabular]
    if not firsts:
        return None
    left = min(f.x0 for f in firsts)
    tol = settings()["text_align_pt"]
    return max(f.x1 for f in firsts if f.x0 <= left + tol)


def _over_inner_columns(taken: list[Level], lv: Level, labels_end: float | None) -> bool:
    """Is ``lv`` (one text) a head over two columns or more after the first: starting right
    of where the first column's texts end (``labels_end``), across the middle of the space
    between two texts of a line of ``taken`` (截至12月31日止年度 over 2025年 and 2024年),
    no caption or unit line, and set no larger than those lines (``HEAD_MAX_SIZE``; a
    title centred over the table is larger: CAPITAL PROJECT DETAIL)?"""
    if labels_end is None or lv.tabular:
        return False
    f = lv.frags[0]
    if f.x0 < labels_end or caption_or_unit(f.text):
        return False
    sizes = [g.size for t in taken if t.tabular for g in t.frags]
    if sizes and f.size > HEAD_MAX_SIZE * max(sizes):
        return False
    return any(
        any(f.x0 < (g.x1 + h.x0) / 2 < f.x1 for g, h in itertools.pairwise(t.frags))
        for t in taken
        if t.tabular
    )


HEAD_MAX_SIZE = 1.2
"""A head over a table's columns is set at most this many times as large as its lines."""


def _heads_on_rule(
    above: list[Level], rule: RuleRow, table: list[Level], labels_end: float | None
) -> list[Level]:
    """The lines right over a table's first rule (``above``: nearest first) when that rule
    stops short of where the table's labels end: a column group's rule, a head printed on it
    (Plan Assets at Measurement Date over 2008 and 2007).  Each line is one text within the
    rule's width (not a shaded column's edge under a head over the columns beside it too),
    over two of the table's columns or more (``_over_inner_columns``), at most
    ``grow_gap_em`` from the next; top to bottom."""
    if labels_end is None or rule.x0 <= labels_end:
        return []
    gap = settings()["grow_gap_em"]
    taken: list[Level] = []
    edge = rule.y
    for lv in above:
        f = lv.frags[0]
        if (
            edge - lv.bottom > gap * lv.size
            or f.x0 < rule.x0 - SNAP
            or f.x1 > rule.x1 + SNAP
            or not _over_inner_columns(table, lv, labels_end)
        ):
            break
        taken.append(lv)
        edge = lv.top
    return taken[::-1]


def _label_only(taken: list[Level], lv: Level) -> bool:
    """Is ``lv`` (one text) a row left empty: a label starting where the table's labels start
    and ending before its second column (2、二级机构1 under 1、局机关 with its amounts)?"""
    rows = [t for t in taken if t.tabular]
    if len(rows) < 2 or lv.tabular:
        return False
    tol = settings()["text_align_pt"]
    f = lv.frags[0]
    lefts = [t.frags[0].x0 for t in rows]
    second = second_column(rows)
    return all(abs(f.x0 - x) <= tol for x in lefts[-2:]) and second is not None and f.x1 < second


def _wraps_on(taken: list[Level], lv: Level) -> bool:
    """Is ``lv`` (one text) the rest of a full line right above it in the same column?"""
    if not taken or lv.tabular:
        return False
    cfg = settings()
    align, slack = cfg["text_align_pt"], cfg["line_end_slack_em"]
    f = lv.frags[0]
    a = next((a for a in taken[-1].frags if abs(a.x0 - f.x0) <= align), None)
    if a is None:
        return False
    right = max(g.x1 for t in taken for g in t.frags if abs(g.x0 - f.x0) <= align)
    return right - a.x1 <= f.first + slack * f.size


def unruled_tables(
    rows: list[RuleRow],
    chars: list[dict],
    carry: dict | None = None,
    short: Sequence[RuleRow] = (),
) -> list[list[tuple]]:
    """Cell boxes of the tables not fully ruled on a page.  ``carry`` holds the column
    boundaries of the previous page's last such table by its width: the first table of this
    page with that width is its rest, whose rows may leave a column empty (a label merged
    over the rows of the previous page), so it has those columns too.  ``short``: the
    page's rules too short to edge a table (blanks' underlines: ``mark_blanks``)."""
    out = []
    carry = {} if carry is None else carry
    before, last = dict(carry), None
    tol = settings()["rest_column_pt"]  # a rest bounded by its text, not by the rules
    lines = line_cuts(chars)
    mark_cell_ends(lines)
    mark_blanks(lines, rows, short)
    page = joined_fragments(lines)
    for i, region in enumerate(regions(rows, chars, list(before.values()), page)):
        prior = None
        if i == 0 and before:
            own = _own_bounds(region, chars)
            prior = next(
                (b for (x0, x1), b in before.items()
                 if abs(x0 - region.x0) <= tol and abs(x1 - region.x1) <= tol),
                None,
            )  # fmt: skip
            if prior is not None and not _fits_columns(own, prior, share=0.5):
                prior = None  # the same width, another table: its own columns
            if prior is None:
                prior = _narrower_rest(region, own, before)
        boxes, bounds = unruled_cells(region, chars, prior)
        if boxes:
            out.append(boxes)
            last = ((region.x0, region.x1), bounds)
    carry.clear()
    if last is not None:
        carry[last[0]] = last[1]
    return out


def _heads_at_page_end(region: Region, levels: list[list[Frag]], chars: list[dict]) -> bool:
    """Is ``region`` (its lines ``levels``) a table's heads alone at the page's end, its body
    on the next page: a rule over it, lines of texts and no figure, and below it on the page
    (``chars``) at most one line (the page's number)?  It may be one row: joined to its
    body, or read as a line."""
    if not region.rules or region.rules[0].y > region.top + SNAP:
        return False
    if any(holds_value(lev) for lev in levels):
        return False
    return len(fragments([c for c in chars if c["top"] > region.bottom])) <= 1


def _narrower_rest(region: Region, own: list[float], before: dict) -> list[float] | None:
    """The previous page's boundaries for ``region`` when it is their table's rest but ends
    short of its right edge (a last column of remarks empty on this page): the same left
    edge, and each boundary its own text makes (``own``) lies near one of theirs."""
    for (x0, x1), prior in before.items():
        if abs(x0 - region.x0) > 2 * SNAP or region.x1 > x1 + 2 * SNAP:
            continue
        if _fits_columns(own, prior, share=1.0, need_own=True):
            return prior
    return None


def _own_bounds(region: Region, chars: list[dict]) -> list[float]:
    """The inner column boundaries the text of ``region`` makes on its own."""
    x1 = _text_end(region, chars)
    inside = [c for c in chars if in_box(c, region.x0, region.top, x1, region.bottom)]
    return column_bounds(fragments(inside), region.x0, x1, clear=True)[1:-1]


@functools.cache
def _currency_re() -> re.Pattern[str]:
    return re.compile(settings()["currency_sign"])


_LEADS = re.compile(r"[(（-]?\d")
"""How a figure starts: a digit, or a sign or an accountant's parenthesis before one."""


def _signs_with_figures(levels: list[list[Frag]], bounds: list[float]) -> list[float]:
    """``bounds`` without each boundary whose column holds nothing wholly but currency
    signs (``currency_sign``), each followed on its line by a figure: an account's $ set at
    its column's left, the amounts flush right (the widest starting left of the boundary),
    is the amount's."""
    sign = _currency_re()
    keep = [bounds[0]]
    for k in range(1, len(bounds) - 1):
        lo, hi = bounds[k - 1] - SNAP, bounds[k] + SNAP
        inside = [
            (lev, i) for lev in levels for i, f in enumerate(lev) if lo <= f.x0 and f.x1 <= hi
        ]
        if not inside or not all(
            sign.fullmatch(lev[i].text) and i + 1 < len(lev) and _LEADS.match(lev[i + 1].text)
            for lev, i in inside
        ):
            keep.append(bounds[k])
    return [*keep, bounds[-1]]


def _text_end(region: Region, chars: list[dict]) -> float:
    """The right edge of ``region`` moved to the end of the texts that start left of it and
    run over it: a figure's % or a note mark printed past the end of the rules belongs to
    the cell it starts in, not to a paragraph of its own."""
    band = [c for c in chars if region.top <= (c["top"] + c["bottom"]) / 2 <= region.bottom]
    ends = [f.x1 for lev in fragments(band) for f in lev if f.x0 < region.x1 < f.x1]
    return max([region.x1, *ends])


def _fits_columns(
    own: list[float], prior: list[float], share: float, need_own: bool = False
) -> bool:
    """Does at least ``share`` of a region's own column boundaries (``_own_bounds``) lie
    near one of ``prior`` (``rest_column_pt``)?  A table's rest on the next page has its
    columns, or fewer of them (a label merged over the rows of the previous page leaves its
    column empty; a wrapped text may leave a gap elsewhere); another table of the same width
    has columns of its own."""
    tol = settings()["rest_column_pt"]
    near = sum(1 for b in own if any(abs(b - p) <= tol for p in prior))
    return (bool(own) or not need_own) and near >= share * len(own)


def unruled_cells(
    region: Region, chars: list[dict], prior: list[float] | None = None
) -> tuple[list[tuple], list[float]]:
    """Cell boxes of the table in ``region`` (empty when the text there does not make a
    table of at least two rows and two columns, bar a table's heads the page's end cut from
    its body: ``_heads_at_page_end``) and its column boundaries; ``prior``: the boundaries
    of the table's part on the previous page."""
    cfg = settings()
    x0, x1 = region.x0, _text_end(region, chars)
    inside = [c for c in chars if in_box(c, x0, region.top, x1, region.bottom)]
    levels = fragments(inside)
    if not levels:
        return [], []
    bounds = _signs_with_figures(levels, column_bounds(levels, x0, x1, prior, clear=True))
    if len(bounds) - 1 < UNRULED_MIN_COLS:
        return [], bounds
    ys, rule_at = _row_edges(region, levels, bounds)
    short = len(ys) - 1 < cfg["min_rows"]  # then only a table's heads cut from its body
    if short and not _heads_at_page_end(region, levels, chars):
        return [], bounds
    grid = UnitGrid(len(ys) - 1, len(bounds) - 1)
    by_row: dict[int, list[list[Frag]]] = {}
    for lev in levels:
        by_row.setdefault(_row_of(ys, lev[0]), []).append(lev)
    bounds = _past_crossed_texts(by_row, bounds)
    with_text = {(_row_of(ys, f), col(bounds, f.x0)) for lev in levels for f in lev}
    edges = _column_edges(levels, bounds)
    merge_under_short_rules(grid, rule_at, by_row, bounds)
    merge_group_labels(grid, rule_at, by_row, bounds)
    merge_crossing_texts(grid, by_row, bounds)
    merge_labels_down(grid, rule_at, by_row, with_text, bounds)
    values = (r for r, levs in by_row.items() if any(holds_value(lev) for lev in levs))
    header_rows = min(values, default=0)  # the rows before values
    merge_split_brackets(grid, by_row, bounds, cfg["text_align_pt"], header_rows)
    merge_cut_words(grid, by_row, bounds, cfg["text_align_pt"], edges)
    merge_header_spans(grid, by_row, bounds, header_rows)
    merge_header_rows(grid, rule_at, by_row, bounds, header_rows)
    merge_unneeded_bounds(grid, by_row, bounds)
    merge_like_neighbours(grid, by_row, bounds)
    filled = {
        r: {grid.owner[r][col(bounds, f.x0)] for lev in levs for f in lev}
        for r, levs in by_row.items()
    }
    # the rest of the previous page's table (``prior``: its columns) may hold one row of
    # figures over rows of labels alone (1、局机关 200.13 … ⏎ 2、二级机构1 ⏎ 3、二级机构2),
    # and a table's heads cut from its body one filled row
    full = sum(1 for cells in filled.values() if len(cells) >= FILLED_ROW_MIN_CELLS)
    enough = full >= cfg["min_filled_rows"] or (
        full >= 1 and (prior is not None or short or _heads_at_page_end(region, levels, chars))
    )
    if (
        not enough
        or prose_lines(levels)
        or running_text(levels)
        or _text_not_table(grid, by_row, bounds, ruled=bool(region.rules))
    ):
        return [], bounds
    boxes = [
        (bounds[c0], ys[r0], bounds[c1 + 1], ys[r1 + 1]) for r0, r1, c0, c1 in grid.rects.values()
    ]
    return boxes, bounds


def _past_crossed_texts(by_row: dict[int, list[list[Frag]]], bounds: list[float]) -> list[float]:
    """The boundaries moved right past the texts they cross where each of those texts stands
    in a row whose next column holds a text of its own: such a text is no cell merged across
    (产出目标 | 质量指标 over （部门工作实绩，, the label's wider lines), so the boundary
    stands after it, still left of every text of the next column.  (Placed in the middle
    of a gap, a boundary may cross a text of another line of the row; one crossing into an
    empty cell is a merged cell, 其他资金 over two columns.)"""
    out = list(bounds)
    texts = {r: [f for lev in levs for f in lev] for r, levs in by_row.items()}
    for k in range(1, len(out) - 1):
        b, nxt = out[k], out[k + 1]
        crossing = [(r, f) for r, fs in texts.items() for f in fs if f.x0 < b < f.x1]
        starts = [f.x0 for fs in texts.values() for f in fs if b <= f.x0 < nxt]
        if not crossing or not starts or max(f.x1 for _, f in crossing) >= min(starts):
            continue
        first = min(starts)
        if all(
            first - f.x1 >= f.size or any(b <= g.x0 < nxt for g in texts[r]) for r, f in crossing
        ):
            out[k] = (max(f.x1 for _, f in crossing) + first) / 2
    return out


def _text_not_table(
    grid: UnitGrid,
    by_row: dict[int, list[list[Frag]]],
    bounds: list[float],
    ruled: bool = False,
) -> bool:
    """Text in columns that no rule draws as a table: numbered headings or list items (2 ⏎
    2.1 ⏎ 2.1.1 beside their titles, • beside items, no figure beside them; a paragraph
    between them), prose set in columns (every cell a paragraph of
    ``prose_cell_min_chars``), or display mathematics (a text with an integral or a sum
    sign, ``math_marks``; equations beside their numbers, ``equation_number``).  With rules
    drawn (``ruled``), only items beside bullets (``bullet_marker``: a call-out box's list,
    its edges taken for rules): a ruled table's first column may number its rows."""
    cfg = settings()
    texts: dict[int, list[str]] = {}
    first: set[int] = set()
    for r, levs in by_row.items():
        for lev in levs:
            for f in lev:
                c = col(bounds, f.x0)
                cell = grid.owner[r][c]
                texts.setdefault(cell, []).append(f.text)
                if grid.rects[cell][2] == 0:
                    first.add(cell)
    if not texts:
        return False
    marker = re.compile(cfg["bullet_marker" if ruled else "list_marker"])
    prose = cfg["prose_cell_min_chars"]
    if not ruled and any(re.search(cfg["math_marks"], t) for ts in texts.values() for t in ts):
        return True
    last = [t for cell, ts in texts.items() if grid.rects[cell][2] == grid.n_cols - 1 for t in ts]
    if not ruled and last and all(re.fullmatch(cfg["equation_number"], t.strip()) for t in last):
        return True

    def listed(cell: int) -> bool:  # every line of the cell a marker (items run together)
        return all(marker.fullmatch(t.strip()) for t in texts[cell])

    def item_text(cell: int) -> bool:  # a paragraph, a numbered heading run into its
        # title (第十五条工会女职工…), or a line alone on its rows (an item's wrapped rest)
        text = "".join(texts[cell])
        head = marker.match(text)
        r0, r1 = grid.rects[cell][0], grid.rects[cell][1]
        return (
            len(text) >= prose
            or (head is not None and 0 < head.end() < len(text) and not text[head.end()].isdigit())
            or all(
                len({grid.owner[r][c] for c in range(grid.n_cols)} & texts.keys()) == 1
                for r in range(r0, r1 + 1)
            )
        )

    others = ["".join(t) for cell, t in texts.items() if cell not in first]
    if any(VALUE_RE.fullmatch(t) for t in others):
        return False if ruled else all(len("".join(t)) >= prose for t in texts.values())
    markers = sum(1 for cell in first if listed(cell))
    if markers >= 2 and all(listed(c) or item_text(c) for c in first):
        return True  # the paragraph under a heading may start at the margin too
    if ruled and _line_numbers(grid, by_row, bounds, first, texts):
        return True
    return not ruled and all(len("".join(t)) >= prose for t in texts.values())


def _line_numbers(
    grid: UnitGrid,
    by_row: dict[int, list[list[Frag]]],
    bounds: list[float],
    first: set[int],
    texts: dict[int, list[str]],
) -> bool:
    """A first column numbering lines 1, 2, 3 … (at least ``LINE_NUMBERS_MIN``, each one
    more than the last, a number run into its line counting): a code listing's or an
    algorithm's line numbers in its box, when they count from 1 in the box's first row (no
    header above them) or are set smaller than the text beside them (unnumbered lines above
    them, its Data: and Result:, allowed).  A table's row numbers stand under a header (序号)
    in its size."""
    numbered = sorted(first, key=lambda c: grid.rects[c][0])
    heads = [_LEADING_NUMBER_RE.match("".join(texts[c])) for c in numbered]
    while heads and heads[0] is None:  # lines above the numbered ones (Data:, Result:)
        heads, numbered = heads[1:], numbered[1:]
    nums = [int(m.group()) for m in heads if m]
    if len(nums) < max(LINE_NUMBERS_MIN, len(heads)):
        return False  # a first-column text not numbered (a number run into its line counts)
    if any(b != a + 1 for a, b in itertools.pairwise(nums)):
        return False
    if nums[0] == 1 and grid.rects[numbered[0]][0] == 0:
        return True
    sizes: dict[bool, list[float]] = {True: [], False: []}  # the numbers alone, other text
    for levs in by_row.values():
        for f in (f for lev in levs for f in lev):
            sizes[col(bounds, f.x0) == 0 and f.text.strip().isdigit()].append(f.size)
    if not (sizes[True] and sizes[False]):
        return False
    return max(sizes[True]) <= SMALL_NUMBERS * statistics.median(sizes[False])


_LEADING_NUMBER_RE = re.compile(r"\s*\d+")
"""A text's leading number (a line number run into its line: 1initialization;)."""
LINE_NUMBERS_MIN = 3
"""The fewest numbered lines that make a listing's line numbers."""
SMALL_NUMBERS = 0.8
"""Line numbers set at most this share of the size of the text beside them."""


def _row_edges(
    region: Region, levels: list[list[Frag]], bounds: list[float]
) -> tuple[list[float], list[RuleRow | None]]:
    """The table's row boundaries (top to bottom) and the rule drawn at each (None where a
    row was inferred from the text, or at an edge no rule draws).  The bands between the
    rules and the region's edges: with rules between the rows each band between two rules
    is one row, otherwise rows are inferred from the text; an empty band thinner than
    ``EMPTY_BAND_MIN_EM`` of the text, or under a rule a line's text crosses, is none."""
    edges: list[tuple[float, RuleRow | None]] = [(r.y, r) for r in region.rules]
    if not edges or region.top < edges[0][0] - SNAP:
        edges.insert(0, (region.top, None))
    if region.bottom > edges[-1][0] + SNAP:
        edges.append((region.bottom, None))
    by_rule = len(region.rules) - 1 >= settings()["rows_by_rule_min_bands"]
    thin = empty_band_min(levels)
    ys: list[float] = [edges[0][0]]
    rule_at: list[RuleRow | None] = [edges[0][1]]
    for (upper, upper_rule), (lower, lower_rule) in itertools.pairwise(edges):
        band = [lev for lev in levels if upper <= (lev[0].top + lev[0].bottom) / 2 <= lower]
        if (
            not band
            and len(ys) > 1
            and (
                lower - upper < thin
                or any(f.top < upper < f.bottom - SNAP for lev in levels for f in lev)
            )
        ):
            # no row: the strip between a double rule's lines, or a shaded row's edge (the
            # row's text running over it)
            drawn = rule_at[-1]
            if drawn is not None and lower_rule is not None:
                lower_rule = RuleRow(lower, sorted(drawn.segments + lower_rule.segments))
            ys[-1], rule_at[-1] = lower, lower_rule or drawn
            continue
        if band:
            starts = row_starts(band, bounds, levels)
            if (
                by_rule
                and upper_rule
                and lower_rule
                and sum(1 for lev in band if _labelled_value(lev, bounds)) < 2
            ):
                # rules between the rows, each band a row, unless it holds rows of figures
                # (the body of a 三线表 stacked with other tables' rules); a band with two
                # lines or more of a label and its value is rows read from the text: the
                # rules underline totals (an accounts statement), they part no rows
                starts = [i for i in starts if figures_row(band[i], bounds)]
            elif by_rule and upper_rule and lower_rule:
                starts = [i for i in starts if i != _group_label(band, bounds)]
            for i in starts[1:]:
                ys.append((max(f.bottom for f in band[i - 1]) + min(f.top for f in band[i])) / 2)
                rule_at.append(None)
        ys.append(lower)
        rule_at.append(lower_rule)
    return ys, rule_at


def _group_label(band: list[list[Frag]], bounds: list[float]) -> int | None:
    """The line of a band between rules that holds its only first-column text, alone on its
    line and neither its first nor its last line: a group's label centred beside the rows
    the band holds (数据查询 beside 分类+任务生成 … sql生成), no row of its own."""
    firsts = [i for i, lev in enumerate(band) if col(bounds, lev[0].x0) == 0]
    if len(firsts) != 1 or not 0 < firsts[0] < len(band) - 1 or len(band[firsts[0]]) != 1:
        return None
    return firsts[0]


def figures_row(level: list[Frag], bounds: list[float]) -> bool:
    """A line holding values in two columns or more: a row of its own."""
    return len({col(bounds, f.x0) for f in level if VALUE_RE.fullmatch(f.text)}) >= 2


def _labelled_value(level: list[Frag], bounds: list[float]) -> bool:
    """A line with text in a column and a value in one right of it: a row of its own (its
    label in the first column, or in the next when a group's label spans the rows there)."""
    cols = sorted((col(bounds, f.x0), VALUE_RE.fullmatch(f.text) is not None) for f in level)
    first_text = next((c for c, value in cols if not value), None)
    return first_text is not None and any(value and c > first_text for c, value in cols)


def _row_of(ys: list[float], frag: Frag) -> int:
    """The row (between the boundaries ``ys``) a text stands in, by its middle."""
    n_rows = len(ys) - 1
    return max(0, min(n_rows - 1, bisect.bisect_right(ys, (frag.top + frag.bottom) / 2) - 1))
