"""Joining the parts of a table over page breaks; a joined table → the model's Table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Cell, Table
from .layout import ordinal
from .normalize import key
from .pdf_lines import cell_line_ends, join_cell
from .pdf_parts import PCell, TablePart
from .pdf_ruled import cluster, index
from .pdf_settings import (
    CELL_PAD_RANGE,
    HEADER_MAX_ROWS,
    PART_ALIGN_PT,
    REPEATED_HEADER_MAX_ROWS,
    REPEATED_HEADER_MIN_TEXTS,
    ROW_SPLIT_BOTTOM_LINES,
    SNAP,
    TEXT_FILLS_CELL_EM,
)
from .pdf_unruled_grid import unbalanced

# ── joining the parts of a table over page breaks ─────────────────────────


def _aligned(a: PCell, b: PCell) -> bool:
    return abs(a.x0 - b.x0) <= PART_ALIGN_PT and abs(a.x1 - b.x1) <= PART_ALIGN_PT


def row_keys(cells: list[PCell], row: int) -> list[str]:
    return [
        key(" ".join(ln.text for ln in c.lines))
        for c in sorted(cells, key=lambda c: c.x0)
        if c.row == row
    ]


def _continues_line(above: PCell, below: PCell) -> bool:
    """``above``'s last line is full: ``below``'s first piece would not have fitted after it."""
    if not above.lines or not below.lines:
        return False
    return not cell_line_ends(above, above.lines[-1], below.lines[0])


def _was_cut(above: PCell, below: PCell, allow_paragraph_end: bool) -> bool:
    """Was ``above``'s text cut by the page break, ``below`` holding the rest?  Its text runs
    down to the cell's bottom, and its last line is full (the text flowed on) — or, for a
    cell of several lines, the break fell at the end of one of its paragraphs."""
    if not _text_fills_cell(above):
        return False
    return _continues_line(above, below) or (allow_paragraph_end and len(above.lines) >= 2)


def _text_fills_cell(cell: PCell) -> bool:
    """The text of the cell's last piece runs down to its bottom edge."""
    lines = [ln for ln in cell.lines if ln.page == cell.piece_page]
    if not lines:
        return False
    first, last = lines[0], lines[-1]
    pad = max(first.top - (cell.piece_top or cell.top), 0.0)
    return cell.bottom - last.bottom <= pad + TEXT_FILLS_CELL_EM * last.size


@dataclass
class Joined:
    cells: list[PCell]
    n_rows: int
    last: TablePart
    decisions: list[str] = field(default_factory=list)
    columns_guessed: str = ""


def _cell_key(cell: PCell) -> str:
    return key("".join(ln.text for ln in cell.lines))


def _bare_number(k: str) -> bool:
    """A comparison key that is a number and nothing else."""
    return bool(k) and re.fullmatch(r"[-+]?[\d.,，%]+", k) is not None


def _running_number(acc: Joined, above: PCell, below: PCell) -> bool:
    """``below`` holds the next integer after ``above``'s, and ``above`` the next after the
    cell over it (when that holds a number): a 序号 column counting rows — not a column of
    classification codes, where 220 ⏎ 220 ⏎ 221 steps to the next class (bu62)."""
    a, b = _cell_key(above), _cell_key(below)
    if not (a.isdecimal() and b.isdecimal() and int(b) == int(a) + 1):
        return False
    over = next(
        (c for c in acc.cells if c.row + c.rowspan == above.row and _aligned(c, above)), None
    )
    prev = _cell_key(over) if over is not None else ""
    return not prev.isdecimal() or int(prev) + 1 == int(a)


_ITEM_RE = re.compile(r"^(\(?)(\d{1,3}|[一二三四五六七八九十]{1,3})(\)|、|\.)")


def _next_item(above: PCell, below: PCell) -> bool:
    """``below`` starts the next item of the list ``above`` is an item of ((3)… then (4)…,
    3、… then 4、…): a new row, never the rest of ``above``'s text."""
    m_above, m_below = _ITEM_RE.match(_cell_key(above)), _ITEM_RE.match(_cell_key(below))
    if not m_above or not m_below:
        return False
    if (m_above.group(1), m_above.group(3)) != (m_below.group(1), m_below.group(3)):
        return False
    a, b = m_above.group(2), m_below.group(2)
    if a.isdecimal() and b.isdecimal():
        return int(b) == int(a) + 1
    oa, ob = ordinal(a), ordinal(b)
    return oa is not None and ob == oa + 1


def _new_list_row(pairs: list[tuple[PCell, PCell | None]], texts: list) -> bool:
    """The row above the break is complete (numbers in its other cells) and the row below holds
    one text, the next item of the list the label above belongs to, and nothing else: the next
    institution ((3)… then (4)二级机构3, a placeholder row), not the rest of a cut label. (A list
    inside a cell cut between its items has text beside it, and is joined as before.)"""
    if len(texts) != 1:
        return False
    below, above = texts[0]
    if above is None or not _next_item(above, below):
        return False
    others = [(b, a) for b, a in pairs if b is not below]
    return all(b.empty for b, _ in others) and any(
        a is not None and _bare_number(_cell_key(a)) for _, a in others
    )


def _numeric_row(cells: list[PCell]) -> bool:
    """A row of data in a table of numbers: more bare numbers than texts, and two at least."""
    keys = [k for c in cells if (k := _cell_key(c))]
    numbers = sum(1 for k in keys if _bare_number(k))
    return numbers >= 2 and numbers > len(keys) - numbers


def header_like_rows(acc: Joined) -> bool:
    """True when every row so far is text only (no numbers): a table's header, never a table."""
    for r in range(acc.n_rows):
        for k in row_keys(acc.cells, r):
            if _bare_number(k):
                return False
    return True


def continues(acc: Joined, part: TablePart, body_bottom: float, line_height: float) -> bool:
    """Is ``part`` (first on its page) the rest of ``acc`` (last on the previous page)?"""
    if part.page != acc.last.page + 1:
        return False

    def covered(small: list[float], big: list[float]) -> bool:
        return all(any(abs(s - b) <= PART_ALIGN_PT for b in big) for s in small)

    aligned = (
        abs(part.x0 - acc.last.x0) <= PART_ALIGN_PT and abs(part.x1 - acc.last.x1) <= PART_ALIGN_PT
    )
    if acc.last.inferred == NO_VERTICAL_RULES and part.inferred == NO_VERTICAL_RULES:
        # columns from the text: the rest may leave its first or last columns empty (a
        # label merged over its rows, a remarks column), so its edges are its text's;
        # it goes on when it lies inside and every column of it is one of acc's.  Either
        # part may be bounded by its text rather than by rules: its edges then lie one cell
        # padding inside the other's, and so does its first column's start
        pad = CELL_PAD_RANGE[1]
        inside = part.x0 >= acc.last.x0 - pad and part.x1 <= acc.last.x1 + pad
        starts = cluster([c.x0 for c in acc.last.cells if not c.empty])
        own = [
            s
            for s in cluster([c.x0 for c in part.cells if not c.empty])
            if abs(s - part.x0) > pad or abs(s - acc.last.x0) > pad
        ]
        if inside and (covered(own, starts) or _same_gaps(own, acc.last, part)):
            return True
        # the last part left a column empty that this one fills (a remarks column): every
        # column of it one of the table's so far (its first column's start one of them, or
        # the last part's), ending within the table's width
        kept = [c for c in acc.cells if not c.empty]
        if kept and part.x1 <= max(c.x1 for c in kept) + pad and _same_gaps(own, acc, part):
            return True
    if not aligned:
        return False
    xs_a = cluster([c.x0 for c in acc.last.cells] + [acc.last.x1])
    xs_b = cluster([c.x0 for c in part.cells] + [part.x1])

    if covered(xs_b, xs_a):
        # the same columns, or fewer: rows of the continuation may span some of them
        return True
    # a header cut from its body at the page bottom: the body subdivides its spanning cells
    return (
        covered(xs_a, xs_b)
        and header_like_rows(acc)
        and (body_bottom - acc.last.bottom <= ROW_SPLIT_BOTTOM_LINES * line_height)
    )


def _gap_at(part: TablePart | Joined, x: float) -> tuple[float, float]:
    """The empty space around the column boundary ``x`` of a part whose columns come from its
    text: from the furthest its left column's text reaches to where its own text starts."""
    left = [ln.x1 for c in part.cells if abs(c.x1 - x) <= PART_ALIGN_PT for ln in c.lines]
    right = [ln.x0 for c in part.cells if abs(c.x0 - x) <= PART_ALIGN_PT for ln in c.lines]
    return (max(left, default=x), min(right, default=x))


def _gaps(part: TablePart | Joined) -> list[tuple[float, tuple[float, float]]]:
    """Each column boundary of ``part`` (its cells' left edges) with its gap (``_gap_at``)."""
    return [(b, _gap_at(part, b)) for b in cluster([c.x0 for c in part.cells if not c.empty])]


def _same_gaps(own: list[float], acc: TablePart | Joined, part: TablePart) -> bool:
    """Do the column boundaries of ``part`` each lie in one gap with one of ``acc``'s?  A
    boundary read from the text stands anywhere in the space between two columns' texts: the
    rest of a table whose labels run longer on the next page has it further right."""
    gaps = _gaps(acc)
    for s in own:
        lo, hi = _gap_at(part, s)
        if not any(lo <= b_hi and b_lo <= hi for _, (b_lo, b_hi) in gaps):
            return False
    return True


def repeated_header_count(acc: Joined, part: TablePart) -> int:
    """How many of ``part``'s first rows repeat ``acc``'s first rows."""
    n = 0
    while n < min(REPEATED_HEADER_MAX_ROWS, part.n_rows - 1, acc.n_rows - 1):
        a = row_keys(acc.cells, n)
        b = row_keys(part.cells, n)
        if not a or a != b or sum(1 for t in a if t) < REPEATED_HEADER_MIN_TEXTS:
            break
        n += 1
    return n


def _columns(acc: Joined, part: TablePart) -> list[float]:
    return cluster(
        [c.x0 for c in acc.cells + part.cells] + [c.x1 for c in acc.cells + part.cells],
        tol=PART_ALIGN_PT,
    )


def _filled_pattern(cells: list[PCell], xs: list[float]) -> frozenset[tuple[int, int]]:
    """The column ranges of a row's cells that hold text."""
    return frozenset((index(xs, c.x0), index(xs, c.x1)) for c in cells if not c.empty)


def _filled_patterns(acc: Joined, part: TablePart, skip_acc: int, skip_part: int) -> set:
    xs = _columns(acc, part)
    out = set()
    for cells, skip, n in ((acc.cells, skip_acc, acc.n_rows), (part.cells, skip_part, part.n_rows)):
        by_row: dict[int, list[PCell]] = {}
        for c in cells:
            by_row.setdefault(c.row, []).append(c)
        for r in range(n):
            if r != skip and r in by_row:
                out.add(_filled_pattern(by_row[r], xs))
    return out


def _repeat_label(acc: Joined, below: PCell, above: PCell, page: int) -> None:
    """A vertical merge ``above`` going on below a repeated header as ``below``: the two parts
    cannot be one cell of the grid, so each gets the whole label — ``above``'s text, and the
    rest ``below`` holds when the break cut the label's text (``预算配`` ⏎ ``置`` | ``（7分）``)."""
    if above.empty:
        return
    rest = list(below.lines)
    below.lines = [replace(ln, page=below.page) for ln in above.lines] + rest
    above.lines = above.lines + [replace(ln, page=above.lines[-1].page) for ln in rest]
    text = join_cell(above).replace("\n", "")
    acc.decisions.append(
        f"merged cell {text[:20]!r} continued below the repeated header on page {page}: "
        "its text repeated there"
    )


def header_splits_merge(acc: Joined, part: TablePart, h: int) -> bool:
    """Does the header repeated at the top of ``part`` stand inside a vertical merge that goes
    on below it with nothing printed there?  Word and LibreOffice repeat a header row marked
    so (tblHeader) on every page and print a merged cell's text once; a header repeated by
    hand stands where the author split the merges and wrote their labels again."""
    last_row = acc.n_rows - 1
    above_break = [c for c in acc.cells if c.row <= last_row < c.row + c.rowspan]
    for below in part.cells:
        if below.row != h or not below.empty:
            continue
        above = next((a for a in above_break if _aligned(below, a)), None)
        if above is not None and not above.empty and (below.rowspan > 1 or above.rowspan > 1):
            return True
    return False


def without_top_rows(part: TablePart, n: int) -> TablePart:
    """``part`` less its first ``n`` rows."""
    cells = [replace(c, row=c.row - n) for c in part.cells if c.row >= n]
    top = min((c.top for c in cells), default=part.top)
    return replace(part, top=top, n_rows=part.n_rows - n, cells=cells)


@dataclass
class _Break:
    """The page break between ``acc`` (the table so far) and ``part`` (its next piece): the
    cells standing on each side of it, paired by column."""

    acc: Joined
    part: TablePart
    header_rows: int
    """``part``'s first rows repeating ``acc``'s header (see ``repeated_header_count``)."""
    above: list[PCell]
    """``acc``'s cells in its last row (a vertical merge from higher up included)."""
    below: list[PCell]
    """``part``'s cells in its first row after the repeated header."""
    pairs: list[tuple[PCell, PCell | None]]
    """Each cell below with the cell above it in the same column (None when none aligns)."""
    at_bottom: bool
    """``acc`` ends at the page bottom (the break may have cut its last row)."""

    @property
    def last_row(self) -> int:
        return self.acc.n_rows - 1

    @property
    def texts(self) -> list[tuple[PCell, PCell | None]]:
        """The pairs whose cell below holds text."""
        return [(below, above) for below, above in self.pairs if not below.empty]


def _at_break(
    acc: Joined, part: TablePart, h: int, body_bottom: float, line_height: float
) -> _Break:
    last_row = acc.n_rows - 1
    above = [c for c in acc.cells if c.row <= last_row < c.row + c.rowspan]
    below = [c for c in part.cells if c.row == h]
    pairs = [
        (b, next((a for a in above if _aligned(b, a)), None) or _text_within(b, above, part))
        for b in below
    ]
    at_bottom = body_bottom - acc.last.bottom <= ROW_SPLIT_BOTTOM_LINES * line_height
    return _Break(acc, part, h, above, below, pairs, at_bottom)


def _text_within(below: PCell, above: list[PCell], part: TablePart) -> PCell | None:
    """The cell above whose column holds the text of ``below``, a cell wider than its text
    because its columns come from the text alone (the empty cells beside a row's rest at the
    page's top are spanned: 体育锻炼 ⏎ 人口比例 under 经常参加, the figures beside that one
    ended above the break): it starts where ``below`` does and its text ends inside it."""
    if not part.inferred or not below.lines:
        return None
    end = max(ln.x1 for ln in below.lines)
    a = next((a for a in above if abs(a.x0 - below.x0) <= PART_ALIGN_PT and a.x1 < below.x1), None)
    if a is None or end <= a.x1:
        return a
    # its text runs past that cell's edge (a guessed column is narrower than its text), but
    # stops short of the texts of the cells above it further right (①按规定内容… ⏎ 分；②…
    # beside 3 | 3 above the break, their cells empty below it)
    right = [c for c in above if c.x0 >= a.x1 - PART_ALIGN_PT and c.x1 <= below.x1 + PART_ALIGN_PT]
    texts = [ln.x0 for c in right for ln in c.lines]
    return a if texts and end < min(texts) else None


def join_part(acc: Joined, part: TablePart, body_bottom: float, line_height: float) -> None:
    """Append ``part`` to ``acc``, joining the row or the merged cells the page break cut."""
    _to_edges_of(acc.last, part)
    h = repeated_header_count(acc, part)
    if h and header_splits_merge(acc, part, h):
        # a header the producer repeats on every page: not part of the table's text
        acc.decisions.append(
            f"header row(s) repeated on page {part.page} dropped: a merged cell runs through them"
        )
        join_part(acc, without_top_rows(part, h), body_bottom, line_height)
        return
    brk = _at_break(acc, part, h, body_bottom, line_height)
    split_row = brk.at_bottom and bool(brk.below) and _row_was_cut(brk)
    merge = _rejoin_cut_row(brk) if split_row else _continue_merges(brk)
    folded = _next_paragraphs(brk, merge) if split_row else 0
    _labels_going_on(brk, merge, h + int(split_row) + folded)
    _append_rows(acc, part, h, merge, drop=int(split_row) + folded)


def _to_edges_of(last: TablePart, part: TablePart) -> None:
    """A rest whose columns come from its text ends where its text ends, inside the edges of
    the part before it (drawn by rules, or wider text): its outer cells reach those edges,
    so the joined table has no column the rest's narrower text alone made."""
    if part.inferred != NO_VERTICAL_RULES:
        return
    pad = CELL_PAD_RANGE[1]
    for edge, wider in (("x0", last.x0 < part.x0), ("x1", last.x1 > part.x1)):
        here, there = getattr(part, edge), getattr(last, edge)
        if not wider or abs(here - there) > max(pad, _last_column(last, edge)):
            continue
        for c in part.cells:
            if abs(getattr(c, edge) - here) <= PART_ALIGN_PT:
                setattr(c, edge, there)
        setattr(part, edge, there)
    # an inner boundary in the same gap as one of the part before it is that boundary
    gaps = _gaps(last)
    for s in cluster([c.x0 for c in part.cells]):
        if s <= part.x0 + PART_ALIGN_PT or any(abs(s - b) <= PART_ALIGN_PT for b, _ in gaps):
            continue
        lo, hi = _gap_at(part, s)
        # where its column's text starts, or else the one gap it meets
        same = [b for b, (b_lo, b_hi) in gaps if b_lo <= hi <= b_hi + PART_ALIGN_PT]
        if len(same) != 1:
            same = [b for b, (b_lo, b_hi) in gaps if lo <= b_hi and b_lo <= hi]
        if len(same) != 1:
            continue
        for c in part.cells:
            if abs(c.x0 - s) <= PART_ALIGN_PT:
                c.x0 = same[0]
            if abs(c.x1 - s) <= PART_ALIGN_PT:
                c.x1 = same[0]


def _last_column(part: TablePart, edge: str) -> float:
    """The width of the outermost column of ``part`` on the side of ``edge``."""
    if not part.cells:
        return 0.0
    if edge == "x0":
        return min(c.x1 for c in part.cells) - part.x0
    return part.x1 - max(c.x0 for c in part.cells)


def _row_was_cut(brk: _Break) -> bool:
    """Did the page break cut ``acc``'s last row, its rest the first row below the break?
    Every text below must be the rest of a text cut above, and there must be evidence of
    a cut (see ``_cut_evidence``); an all-empty first row is a row of its own."""
    acc, part, texts = brk.acc, brk.part, brk.texts
    # Filled columns like another row's: the row may be a row of its own (the next name of
    # a list), so a cut at a paragraph end is not assumed for it.
    pattern = _filled_pattern(brk.below, _columns(acc, part))
    regular = len(pattern) >= 2 and pattern in _filled_patterns(
        acc, part, brk.last_row, brk.header_rows
    )
    # a row of figures cut, and one of its texts surely so: the others below it that hold
    # no figure are its rest, their cells filled to the break (部分赛事 ⏎ 改为线上…, its
    # column's lines a character short of the cell's edge, beside 经常参加 ⏎ 体育锻炼…)
    rest = (
        any(above is not None and _was_cut(above, below, False) for below, above in texts)
        and any(_bare_number(_cell_key(a)) for a in brk.above)
        and not any(_bare_number(_cell_key(below)) for below, _ in texts)
    )
    cut = all(
        above is not None
        and not above.empty
        and (
            _was_cut(above, below, allow_paragraph_end=not regular)
            or (rest and _text_fills_cell(above))
        )
        for below, above in texts
    ) and not _new_list_row(brk.pairs, texts)
    return cut and _cut_evidence(brk) and bool(texts)


def _cut_evidence(brk: _Break) -> bool:
    """Evidence of a cut: a text that stopped mid-line, or a one-row cell whose whole text
    fitted above the break (its rest is empty) right of a text that goes on.  Empty cells
    left of every text are evidence only where no vertical merge shows among them: a new
    row continuing the merged labels above it has empty cells there too."""
    texts = brk.texts
    first_text = min((below.x0 for below, _ in texts), default=float("inf"))
    before = [
        (below, above) for below, above in brk.pairs if below.x0 < first_text and above is not None
    ]
    merged_labels = any(below.rowspan > 1 or above.rowspan > 1 for below, above in before)

    def fitted(below: PCell, above: PCell | None) -> bool:
        return below.empty and above is not None and not above.empty and above.rowspan == 1

    return (
        any(fitted(below, above) for below, above in brk.pairs if below.x0 > first_text)
        or (not merged_labels and any(fitted(below, above) for below, above in before))
        or any(_continues_line(above, below) for below, above in texts if above is not None)
    )


def _rejoin_cut_row(brk: _Break) -> dict[int, PCell]:
    """The cut row joined back: each cell below the break continues the cell above it
    (``id(below)`` → above), but a vertical merge going on below a repeated header."""
    acc, part = brk.acc, brk.part
    merge: dict[int, PCell] = {}
    for below, above in brk.pairs:
        if above is None:
            continue
        if brk.header_rows and below.rowspan > 1:
            # a vertical merge going on below a repeated header: a cell of its own there
            below.row, below.rowspan = below.row + 1, below.rowspan - 1
            _repeat_label(acc, below, above, part.page)
            continue
        merge[id(below)] = above
    acc.decisions.append(
        f"a table row cut by the page break {acc.last.page}/{part.page} joined back"
    )
    return merge


def _continue_merges(brk: _Break) -> dict[int, PCell]:
    """No row was cut: the cells that continue a merged cell above the break — joined to it
    when no header is repeated (``id(below)`` → above), or given its label below a repeated
    header (nothing joined)."""
    acc, part = brk.acc, brk.part
    continued = _continued_cells(brk)
    if brk.header_rows == 0:
        if continued:
            acc.decisions.append(
                f"{len(continued)} merged cell(s) continued over the page break "
                f"{acc.last.page}/{part.page} joined"
            )
        return continued
    # A repeated header row stands between the two parts of a vertical merge, so they
    # cannot be one cell of the grid: the part below the header gets the label again,
    # as when a header is repeated by hand (the seed's scoring table does so).
    for below in brk.below:
        above = continued.get(id(below))
        if above is not None:
            _repeat_label(acc, below, above, part.page)
    return {}


def _continued_cells(brk: _Break) -> dict[int, PCell]:
    """The cells below the break that go on with the cell above them (``id(below)`` → above),
    left to right while each cell before continued too (or counts the rows, 序号 4 → 5)."""
    acc = brk.acc
    # only a table that is all header so far can be a header cut from its body
    header_only = acc.n_rows <= HEADER_MAX_ROWS and header_like_rows(acc)
    # a header row cut from the rows below that subdivide it (only a table with no data yet)
    subdivides = (
        brk.header_rows == 0
        and header_only
        and any(
            above is None
            and any(
                c.x0 - PART_ALIGN_PT <= below.x0 and below.x1 <= c.x1 + PART_ALIGN_PT
                for c in brk.above
            )
            for below, above in brk.pairs
        )
    )
    # the first data row below a header continues none of the header's cells
    data_below_header = header_only and _numeric_row(brk.below)
    any_text = bool(brk.texts)
    continued: dict[int, PCell] = {}
    leading = True  # every cell to the left continued the cell above it
    for below, above in sorted(brk.pairs, key=lambda p: p[0].x0):
        if above is None or (below.empty and above.empty):
            leading = False
            continue
        if not any_text or data_below_header:  # an empty row continues no merge
            break
        if _goes_on(brk, below, above, leading, subdivides):
            continued[id(below)] = above
        # a running number (序号 4 → 5) keeps the cells after it leading
        leading = leading and (id(below) in continued or _running_number(acc, above, below))
    return continued


def _goes_on(brk: _Break, below: PCell, above: PCell, leading: bool, subdivides: bool) -> bool:
    """Does ``below`` continue ``above`` over the break (``leading``: every cell left of it
    did)?"""
    tall = below.rowspan > 1 or above.rowspan > 1  # part of a vertical merge on either page
    return (
        # a header cut from its body: its cells go on, empty or with the rest of a
        # text the break cut (the first body row below it is no header's rest)
        (subdivides and not above.empty and (below.empty or _continues_line(above, below)))
        or (below.empty and (leading or tall))
        # a merged label centred vertically may print on the second page only
        or (above.empty and leading and tall)
        # a merged cell whose text the page break cut (the row below it was not); a
        # bare number is a value of its own, never the rest of a text or a number
        or (
            above.rowspan > 1
            and brk.at_bottom
            and not below.empty
            and not _bare_number(_cell_key(below))
            and _was_cut(above, below, False)
        )
        # a label whose bracket the break cut (过程(20 ⏎ 分) beside 6, 7, …), cells left of
        # it going on or counting the rows
        or (leading and unbalanced(_cell_key(above)) > 0 and unbalanced(_cell_key(below)) < 0)
    )


def _next_paragraphs(brk: _Break, merge: dict[int, PCell]) -> int:
    """The rows after the cut row's rest that hold only the next paragraphs of a text it
    joined back (③… ⏎ ④… under 分；②… in a criterion's column, the row's scores above the
    break: a row prints its values once, on its first line), inside the span of a label of
    that rest (息公开性和完善性 over them): each one more piece of that text, no row."""
    part, h = brk.part, brk.header_rows
    joined = {c.x0: merge[id(c)] for c in brk.below if not c.empty and id(c) in merge}
    span = max((c.rowspan for c in brk.below if id(c) in merge), default=1)
    if not joined or not any(_bare_number(_cell_key(a)) for a in brk.above):
        return 0
    n = 0
    for r in range(h + 1, h + span):
        texts = [c for c in part.cells if c.row == r and not c.empty]
        if len(texts) != 1 or texts[0].x0 not in joined:
            break
        merge[id(texts[0])] = joined[texts[0].x0]
        n += 1
    return n


def _labels_going_on(brk: _Break, merge: dict[int, PCell], start: int) -> None:
    """Below the break, from row ``start`` on, the empty cells before each row's first text
    go on with the label above the break that the cells over them joined (过程（40分） beside
    政府采购执行率, 公务卡刷卡率 …), as rows of one page do (``merge_labels_down``), until a
    text stands in that column; a row starting with a figure is a total (no label's row),
    and a rule drawn over a cell parts it from the cell above.  Only where the part's columns
    come from its text, and no header is repeated."""
    part = brk.part
    if part.inferred != NO_VERTICAL_RULES or brk.header_rows:
        return
    going = {c.x0: merge[id(c)] for c in brk.below if id(c) in merge}
    for r in range(start, part.n_rows):
        row = [c for c in part.cells if c.row == r]
        texts = [c for c in row if not c.empty]
        if not texts or not going:
            return
        first = min(texts, key=lambda c: c.x0)
        if _bare_number(_cell_key(first)):
            return
        for x0 in list(going):
            cell = next((c for c in row if abs(c.x0 - x0) <= PART_ALIGN_PT), None)
            if cell is None and any(
                abs(c.x0 - x0) <= PART_ALIGN_PT and c.row < r < c.row + c.rowspan
                for c in part.cells
            ):
                continue  # inside a cell of the part spanning rows: that one goes on
            if cell is None or cell.x0 >= first.x0 or _ruled_over(part, cell):
                del going[x0]  # a text of its own or after one, or drawn apart
            else:
                merge[id(cell)] = going[x0]


def _ruled_over(part: TablePart, cell: PCell) -> bool:
    """Is a rule of ``part`` drawn along the top of ``cell``, over its middle?"""
    mid = (cell.x0 + cell.x1) / 2
    return any(abs(r.y - cell.top) <= SNAP and r.covers(mid) for r in part.rules)


def _append_rows(acc: Joined, part: TablePart, h: int, merge: dict[int, PCell], drop: int) -> None:
    """``part``'s cells appended below ``acc``'s rows; a cell in ``merge`` joined to the cell
    above the break it continues instead.  ``drop``: ``part``'s rows from ``h`` on, that many,
    are the rest of ``acc``'s last row, not rows of their own."""
    last_row = acc.n_rows - 1

    def new_row(r: int) -> int:
        if h <= r < h + drop:
            return last_row
        if r >= h + drop:
            return acc.n_rows + r - drop
        return acc.n_rows + r

    for c in part.cells:
        start, end = new_row(c.row), new_row(c.row + c.rowspan - 1)
        above = merge.get(id(c))
        if above is not None:
            above.add_piece(c)
            above.rowspan = max(above.rowspan, end - above.row + 1)
            continue
        if h <= c.row < h + drop and c.empty:
            continue  # the empty rest of a cell the break cut
        c.row, c.rowspan = start, end - start + 1
        acc.cells.append(c)
    acc.n_rows += part.n_rows - drop
    acc.last = part


NO_VERTICAL_RULES = "no vertical rules, columns from the alignment of its text"
COLUMNS_IN_CELLS = (
    "vertical rules between column groups only, the columns inside them from the alignment of "
    "the text"
)


def guessed_columns_reason(part: TablePart) -> str:
    """The reason a part's columns are a guess ("" when rules drew them)."""
    return part.inferred if part.inferred in (NO_VERTICAL_RULES, COLUMNS_IN_CELLS) else ""


def to_table(acc: Joined) -> Table:
    """Joined parts → the model's grid: columns from the x boundaries of every part."""
    xs = cluster([c.x0 for c in acc.cells] + [c.x1 for c in acc.cells], tol=PART_ALIGN_PT)
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for c in sorted(acc.cells, key=lambda c: (c.row, c.x0)):
        col, end = index(xs, c.x0), index(xs, c.x1)
        if end <= col or (c.row, col) in taken:
            continue
        taken.add((c.row, col))
        text = join_cell(c) if c.lines else ""
        page = c.lines[0].page if c.lines else c.page
        cells.append(
            Cell(
                text=text,
                row=c.row,
                col=col,
                rowspan=max(1, c.rowspan),
                colspan=end - col,
                page=page,
            )
        )
    return Table(
        n_rows=acc.n_rows,
        n_cols=len(xs) - 1,
        cells=cells,
        layout_inferred=acc.columns_guessed or None,
    )
