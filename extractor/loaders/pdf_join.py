"""Joining the parts of a table over page breaks; a joined table → the model's Table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Cell, Table
from .layout import _ordinal
from .normalize import key
from .pdf_lines import cell_line_ends, join_cell
from .pdf_parts import PCell, TablePart
from .pdf_ruled import _index, cluster
from .pdf_settings import HEADER_MAX_ROWS, ROW_SPLIT_BOTTOM_LINES, SNAP, TEXT_FILLS_CELL_EM

# ── joining the parts of a table over page breaks ─────────────────────────


def _aligned(a: PCell, b: PCell) -> bool:
    return abs(a.x0 - b.x0) <= SNAP * 2 and abs(a.x1 - b.x1) <= SNAP * 2


def _row_keys(cells: list[PCell], row: int) -> list[str]:
    return [
        key(" ".join(ln.text for ln in c.lines))
        for c in sorted(cells, key=lambda c: c.x0)
        if c.row == row
    ]


def _continues_line(y: PCell, x: PCell) -> bool:
    """``y``'s last line is full: ``x``'s first piece would not have fitted after it."""
    if not y.lines or not x.lines:
        return False
    return not cell_line_ends(y, y.lines[-1], x.lines[0])


def _was_cut(y: PCell, x: PCell, allow_paragraph_end: bool) -> bool:
    """Was ``y``'s text cut by the page break, ``x`` holding the rest?  Its text runs down to
    the cell's bottom, and its last line is full (the text flowed on) — or, for a cell of
    several lines, the break fell at the end of one of its paragraphs."""
    if not _text_fills_cell(y):
        return False
    return _continues_line(y, x) or (allow_paragraph_end and len(y.lines) >= 2)


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


def _running_number(y: PCell, x: PCell) -> bool:
    """``x`` holds the next integer after ``y``'s: a 序号 column counting rows."""
    a, b = _cell_key(y), _cell_key(x)
    return a.isdecimal() and b.isdecimal() and int(b) == int(a) + 1


_ITEM_RE = re.compile(r"^(\(?)(\d{1,3}|[一二三四五六七八九十]{1,3})(\)|、|\.)")


def _next_item(y: PCell, x: PCell) -> bool:
    """``x`` starts the next item of the list ``y`` is an item of ((3)… then (4)…, 3、… then
    4、…): a new row, never the rest of ``y``'s text."""
    my, mx = _ITEM_RE.match(_cell_key(y)), _ITEM_RE.match(_cell_key(x))
    if not my or not mx or (my.group(1), my.group(3)) != (mx.group(1), mx.group(3)):
        return False
    a, b = my.group(2), mx.group(2)
    if a.isdecimal() and b.isdecimal():
        return int(b) == int(a) + 1
    oa, ob = _ordinal(a), _ordinal(b)
    return oa is not None and ob == oa + 1


def _new_list_row(pairs: list[tuple[PCell, PCell | None]], texts: list) -> bool:
    """The row above the break is complete (numbers in its other cells) and the row below holds
    one text, the next item of the list the label above belongs to, and nothing else: the next
    institution ((3)… then (4)二级机构3, a placeholder row), not the rest of a cut label. (A list
    inside a cell cut between its items has text beside it, and is joined as before.)"""
    if len(texts) != 1:
        return False
    x, y = texts[0]
    if y is None or not _next_item(y, x):
        return False
    others = [(xx, yy) for xx, yy in pairs if xx is not x]
    return all(xx.empty for xx, _ in others) and any(
        yy is not None and _bare_number(_cell_key(yy)) for _, yy in others
    )


def _numeric_row(cells: list[PCell]) -> bool:
    """A row of data in a table of numbers: more bare numbers than texts, and two at least."""
    keys = [k for c in cells if (k := _cell_key(c))]
    numbers = sum(1 for k in keys if _bare_number(k))
    return numbers >= 2 and numbers > len(keys) - numbers


def header_like_rows(acc: Joined) -> bool:
    """True when every row so far is text only (no numbers): a table's header, never a table."""
    for r in range(acc.n_rows):
        for k in _row_keys(acc.cells, r):
            if _bare_number(k):
                return False
    return True


def continues(acc: Joined, part: TablePart, body_bottom: float, line_height: float) -> bool:
    """Is ``part`` (first on its page) the rest of ``acc`` (last on the previous page)?"""
    if part.page != acc.last.page + 1:
        return False
    if abs(part.x0 - acc.last.x0) > SNAP * 2 or abs(part.x1 - acc.last.x1) > SNAP * 2:
        return False
    xs_a = cluster([c.x0 for c in acc.last.cells] + [acc.last.x1])
    xs_b = cluster([c.x0 for c in part.cells] + [part.x1])

    def covered(small: list[float], big: list[float]) -> bool:
        return all(any(abs(s - b) <= SNAP * 2 for b in big) for s in small)

    if covered(xs_b, xs_a):
        # the same columns, or fewer: rows of the continuation may span some of them
        return True
    # a header cut from its body at the page bottom: the body subdivides its spanning cells
    return (
        covered(xs_a, xs_b)
        and header_like_rows(acc)
        and (body_bottom - acc.last.bottom <= ROW_SPLIT_BOTTOM_LINES * line_height)
    )


def repeated_header_count(acc: Joined, part: TablePart) -> int:
    """How many of ``part``'s first rows repeat ``acc``'s first rows."""
    n = 0
    while n < min(3, part.n_rows - 1, acc.n_rows - 1):
        a = _row_keys(acc.cells, n)
        b = _row_keys(part.cells, n)
        if not a or a != b or sum(1 for t in a if t) < 2:
            break
        n += 1
    return n


def _columns(acc: Joined, part: TablePart) -> list[float]:
    return cluster(
        [c.x0 for c in acc.cells + part.cells] + [c.x1 for c in acc.cells + part.cells],
        tol=SNAP * 2,
    )


def _filled_pattern(cells: list[PCell], xs: list[float]) -> frozenset[tuple[int, int]]:
    """The column ranges of a row's cells that hold text."""
    return frozenset((_index(xs, c.x0), _index(xs, c.x1)) for c in cells if not c.empty)


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


def _repeat_label(acc: Joined, x: PCell, y: PCell, page: int) -> None:
    """A vertical merge ``y`` going on below a repeated header as ``x``: the two parts cannot be
    one cell of the grid, so each gets the whole label — ``y``'s text, and the rest ``x`` holds
    when the break cut the label's text (``预算配`` ⏎ ``置`` | ``（7分）``)."""
    if y.empty:
        return
    rest = list(x.lines)
    x.lines = [replace(ln, page=x.page) for ln in y.lines] + rest
    y.lines = y.lines + [replace(ln, page=y.lines[-1].page) for ln in rest]
    text = join_cell(y).replace("\n", "")
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
    ys = [c for c in acc.cells if c.row <= last_row < c.row + c.rowspan]
    for x in part.cells:
        if x.row != h or not x.empty:
            continue
        y = next((y for y in ys if _aligned(x, y)), None)
        if y is not None and not y.empty and (x.rowspan > 1 or y.rowspan > 1):
            return True
    return False


def without_top_rows(part: TablePart, n: int) -> TablePart:
    """``part`` less its first ``n`` rows."""
    cells = [replace(c, row=c.row - n) for c in part.cells if c.row >= n]
    top = min((c.top for c in cells), default=part.top)
    return replace(part, top=top, n_rows=part.n_rows - n, cells=cells)


def join_part(acc: Joined, part: TablePart, body_bottom: float, line_height: float) -> None:
    """Append ``part`` to ``acc``, joining the row or the merged cells the page break cut."""
    h = repeated_header_count(acc, part)
    if h and header_splits_merge(acc, part, h):
        # a header the producer repeats on every page: not part of the table's text
        acc.decisions.append(
            f"header row(s) repeated on page {part.page} dropped: a merged cell runs through them"
        )
        join_part(acc, without_top_rows(part, h), body_bottom, line_height)
        return
    last_row = acc.n_rows - 1
    ys = [c for c in acc.cells if c.row <= last_row < c.row + c.rowspan]
    xs = [c for c in part.cells if c.row == h]
    pairs = [(x, next((y for y in ys if _aligned(x, y)), None)) for x in xs]
    at_bottom = body_bottom - acc.last.bottom <= ROW_SPLIT_BOTTOM_LINES * line_height

    # only a table that is all header so far can be a header cut from its body
    header_only = acc.n_rows <= HEADER_MAX_ROWS and header_like_rows(acc)

    merge: dict[int, PCell] = {}  # id(x) → y it continues
    split_row = False
    texts = [(x, y) for x, y in pairs if not x.empty]
    if at_bottom and xs:
        # Filled columns like another row's: the row may be a row of its own (the next name of
        # a list), so a cut at a paragraph end is not assumed for it.
        pattern = _filled_pattern(xs, _columns(acc, part))
        regular = len(pattern) >= 2 and pattern in _filled_patterns(acc, part, last_row, h)
        cut = all(
            y is not None and not y.empty and _was_cut(y, x, allow_paragraph_end=not regular)
            for x, y in texts
        ) and not _new_list_row(pairs, texts)
        # Evidence of a cut: a text that stopped mid-line, or a one-row cell whose whole text
        # fitted above the break (its rest is empty) right of a text that goes on.  Empty
        # cells left of every text are evidence only where no vertical merge shows among
        # them: a new row continuing the merged labels above it has empty cells there too.
        first_text = min((x.x0 for x, _ in texts), default=float("inf"))
        before = [(x, y) for x, y in pairs if x.x0 < first_text and y is not None]
        merged_labels = any(x.rowspan > 1 or y.rowspan > 1 for x, y in before)

        def fitted(x: PCell, y: PCell | None) -> bool:
            return x.empty and y is not None and not y.empty and y.rowspan == 1

        evidence = (
            any(fitted(x, y) for x, y in pairs if x.x0 > first_text)
            or (not merged_labels and any(fitted(x, y) for x, y in before))
            or any(_continues_line(y, x) for x, y in texts if y is not None)
        )
        # an all-empty first row is a row of its own (an empty row), not the rest of a cut one
        split_row = cut and evidence and bool(texts)
    if split_row:
        for x, y in pairs:
            if y is None:
                continue
            if h and x.rowspan > 1:
                # a vertical merge going on below a repeated header: a cell of its own there
                x.row, x.rowspan = x.row + 1, x.rowspan - 1
                _repeat_label(acc, x, y, part.page)
                continue
            merge[id(x)] = y
        acc.decisions.append(
            f"a table row cut by the page break {acc.last.page}/{part.page} joined back"
        )
    else:
        # a header row cut from the rows below that subdivide it (only a table with no data yet)
        subdivides = (
            h == 0
            and header_only
            and any(
                y is None and any(c.x0 - SNAP * 2 <= x.x0 and x.x1 <= c.x1 + SNAP * 2 for c in ys)
                for x, y in pairs
            )
        )
        # the first data row below a header continues none of the header's cells
        data_below_header = header_only and _numeric_row(xs)
        continued: dict[int, PCell] = {}
        leading = True  # every cell to the left continued the cell above it
        for x, y in sorted(pairs, key=lambda p: p[0].x0):
            if y is None or (x.empty and y.empty):
                leading = False
                continue
            if not texts or data_below_header:  # an empty row continues no merge
                break
            tall = x.rowspan > 1 or y.rowspan > 1  # part of a vertical merge on either page
            if (
                # a header cut from its body: its cells go on, empty or with the rest of a
                # text the break cut (the first body row below it is no header's rest)
                (subdivides and not y.empty and (x.empty or _continues_line(y, x)))
                or (x.empty and (leading or tall))
                # a merged label centred vertically may print on the second page only
                or (y.empty and leading and tall)
                # a merged cell whose text the page break cut (the row below it was not); a
                # bare number is a value of its own, never the rest of a text or a number
                or (
                    y.rowspan > 1
                    and at_bottom
                    and not x.empty
                    and not _bare_number(_cell_key(x))
                    and _was_cut(y, x, False)
                )
            ):
                continued[id(x)] = y
            # a running number (序号 4 → 5) keeps the cells after it leading
            leading = leading and (id(x) in continued or _running_number(y, x))
        if h == 0:
            merge = continued
            if merge:
                acc.decisions.append(
                    f"{len(merge)} merged cell(s) continued over the page break "
                    f"{acc.last.page}/{part.page} joined"
                )
        else:
            # A repeated header row stands between the two parts of a vertical merge, so they
            # cannot be one cell of the grid: the part below the header gets the label again,
            # as when a header is repeated by hand (the seed's scoring table does so).
            for x in xs:
                y = continued.get(id(x))
                if y is not None:
                    _repeat_label(acc, x, y, part.page)

    drop_row = split_row  # the cut row's rest is not a row of its own

    def new_row(r: int) -> int:
        if drop_row and r == h:
            return last_row
        if drop_row and r > h:
            return acc.n_rows + r - 1
        return acc.n_rows + r

    for c in part.cells:
        start, end = new_row(c.row), new_row(c.row + c.rowspan - 1)
        y = merge.get(id(c))
        if y is not None:
            y.add_piece(c)
            y.rowspan = max(y.rowspan, end - y.row + 1)
            continue
        if drop_row and c.row == h and c.empty:
            continue  # the empty rest of a cell the break cut
        c.row, c.rowspan = start, end - start + 1
        acc.cells.append(c)
    acc.n_rows += part.n_rows - (1 if drop_row else 0)
    acc.last = part


NO_VERTICAL_RULES = "no vertical rules, columns from the alignment of its text"


def _columns_guessed(part: TablePart) -> str:
    """The reason a part's columns are a guess ("" when rules drew them)."""
    return part.inferred if part.inferred == NO_VERTICAL_RULES else ""


def to_table(acc: Joined) -> Table:
    """Joined parts → the model's grid: columns from the x boundaries of every part."""
    xs = cluster([c.x0 for c in acc.cells] + [c.x1 for c in acc.cells], tol=SNAP * 2)
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for c in sorted(acc.cells, key=lambda c: (c.row, c.x0)):
        col, end = _index(xs, c.x0), _index(xs, c.x1)
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
