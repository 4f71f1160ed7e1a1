"""Rebuild table grids from Word's text export, where spans are lost.

The export writes every cell of a row, but a cell spanning several columns
once and a cell continuing a vertical merge as an empty cell.  So rows have
different numbers of cells and nothing says where the spans were.  Pure
functions, in order:

rows of texts → ``segment`` (split at a width change that is not a header or
a spanned row) → ``place_cells`` (which cell of a short row spans which
columns: dynamic programming over a small cost model, see ``_cell_cost``) →
``merge_down`` (empty cells continuing the cell above: leading empties of a
row, and empties below header cells) → ``Table``.

Rows of one cell are captions; they become 1×1 tables that the layout step
turns into paragraphs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..model import Cell, Table
from .normalize import key

_NUMBER_RE = re.compile(r"[-+]?[\d,，.．]+%?")

HEADER_REFINE_PASSES = 3
"""Passes of bottom-up/top-down refinement of span placement in header rows."""


@dataclass
class _Placed:
    text: str
    start: int
    span: int


def build_tables(rows: list[list[str]], page: int | None = None, split: bool = True) -> list[Table]:
    """Tables from rows of cell texts.  ``split``: cut where the column structure changes
    (``segment``); a caller that knows the table's extent (a rebuilt cell stream) says no."""
    tables: list[Table] = []
    run: list[list[str]] = []
    for row in rows:
        if len(row) == 1:
            tables.extend(_run_to_tables(run, page, split))
            run = []
            tables.append(
                Table(n_rows=1, n_cols=1, cells=[Cell(text=row[0], row=0, col=0, page=page)])
            )
        else:
            run.append(row)
    tables.extend(_run_to_tables(run, page, split))
    return tables


def _run_to_tables(run: list[list[str]], page: int | None, split: bool = True) -> list[Table]:
    if not run:
        return []
    return [_grid(seg, page) for seg in (segment(run) if split else [run])]


def segment(rows: list[list[str]]) -> list[list[list[str]]]:
    """Split rows into tables where the column structure changes.

    A table is a prefix of header rows of growing width, then body rows of one
    width ``W``; a shorter row inside the body is kept (a spanned row such as
    小计/总分) when the row after it is of width ``W`` again or it is the last.
    """
    out: list[list[list[str]]] = []
    cur: list[list[str]] = []
    width: int | None = None  # body width once established
    for i, row in enumerate(rows):
        k = len(row)
        if not cur:
            cur, width = [row], None
            continue
        if width is None:
            prev = len(cur[-1])
            widest = max(len(r) for r in cur)
            if k == prev and k >= widest:
                width = k
                cur.append(row)
            elif k > prev:
                cur.append(row)
            else:
                out.append(cur)
                cur, width = [row], None
            continue
        if k == width:
            cur.append(row)
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if k < width and (nxt is None or len(nxt) == width):
            cur.append(row)
        else:
            out.append(cur)
            cur, width = [row], None
    if cur:
        out.append(cur)
    return out


def _is_number(text: str) -> bool:
    return bool(_NUMBER_RE.fullmatch(text.replace(" ", "")))


@functools.lru_cache(maxsize=4096)
def _kind(text: str) -> str:
    """empty, num or text (remembered: every placement tried asks again, issue 18)."""
    return "empty" if not text else "num" if _is_number(text) else "text"


def place_cells(rows: list[list[str]]) -> list[list[_Placed]]:
    """Column start and span of every cell; full-width rows are trivial."""
    width = max(len(r) for r in rows)
    placed: list[list[_Placed] | None] = [
        [_Placed(t, j, 1) for j, t in enumerate(r)] if len(r) == width else None for r in rows
    ]
    short = [i for i, r in enumerate(rows) if len(r) < width]
    # initial guess: the last cell takes the missing columns
    for i in short:
        r = rows[i]
        cells = [_Placed(t, j, 1) for j, t in enumerate(r)]
        cells[-1].span = width - len(r) + 1
        placed[i] = cells
    col_kinds = _column_kinds(rows, width)
    prefix = 0  # leading short rows are header rows; later short rows are spanned body rows
    while prefix < len(rows) and len(rows[prefix]) < width:
        prefix += 1
    for _ in range(HEADER_REFINE_PASSES):
        moved = False
        for i in sorted(short, reverse=True):
            below = placed[i + 1] if i < prefix and i + 1 < len(rows) else None
            best = _best_placement(rows[i], width, placed[i - 1] if i else None, below, col_kinds)
            moved = moved or best != placed[i]
            placed[i] = best
        if not moved:
            break  # a pass that moved no cell: every further pass would place them the same
    return [p for p in placed if p is not None]


def _column_kinds(rows: list[list[str]], width: int) -> list[str]:
    kinds = []
    full = [r for r in rows if len(r) == width]
    for c in range(width):
        counts: dict[str, int] = {}
        for r in full:
            k = _kind(r[c])
            if k != "empty":
                counts[k] = counts.get(k, 0) + 1
        kinds.append(max(counts, key=counts.__getitem__) if counts else "empty")
    return kinds


def _covering(row: list[_Placed] | None, col: int) -> _Placed | None:
    if row is None:
        return None
    for p in row:
        if p.start <= col < p.start + p.span:
            return p
    return None


def _cell_cost(text: str, a: int, b: int, above, below, col_kinds: list[str], index: int) -> float:
    """Cost of a cell covering columns [a, b).

    * an empty cell is cheapest exactly under a cell of the same columns
      (it continues a vertical merge);
    * a spanning header cell should sit over its children: non-empty cells
      of the row below, wholly inside its columns (a child repeating the
      parent's word, 结余 over 当年结余, counts in its favour);
    * a spanning body cell (总分, 小计) is preferably the first, a label, and
      each cell should keep the kind (number/text) of its column.
    """
    span = b - a
    if not text:
        up = _covering(above, a)
        if up is not None and up.start == a and up.span == span:
            return 0.0
        return 0.1 + (span - 1)
    cost = 0.0
    if below is not None and span > 1:
        parent = key(text)
        children: list[_Placed] = []
        for c in range(a, b):
            child = _covering(below, c)
            if child is None:
                cost += 1
                continue
            if child.start < a or child.start + child.span > b:
                cost += 2
            if not child.text:
                cost += 1
            elif all(child is not x for x in children):
                children.append(child)
        child_keys = [key(ch.text) for ch in children]
        named = [k for k in child_keys if parent and parent in k and k != parent]
        if named:  # 结余 over 当年结余 and 累计结余, but not over 项目支出
            cost -= 0.5 * len(named) - 0.5 * (len(children) - len(named))
        # row-label groups span to the left: between equal fits, the earlier cell spans
        cost += 0.01 * index
    elif below is None and span > 1:
        cost += (0.3 if index == 0 and _kind(text) == "text" else 1.0) * (span - 1)
    kind = _kind(text)
    if below is None and col_kinds[a] not in ("empty", kind):
        cost += 1
    return cost


def _best_placement(texts, width, above, below, col_kinds) -> list[_Placed]:
    k = len(texts)
    inf = float("inf")
    # dp[i][c]: best cost placing the first i cells over columns [0, c)
    dp = [[inf] * (width + 1) for _ in range(k + 1)]
    back = [[0] * (width + 1) for _ in range(k + 1)]
    dp[0][0] = 0.0
    for i in range(k):
        for c in range(width + 1):
            if dp[i][c] == inf:
                continue
            max_span = width - c - (k - i - 1)
            for s in range(1, max_span + 1):
                cost = dp[i][c] + _cell_cost(texts[i], c, c + s, above, below, col_kinds, i)
                if cost < dp[i + 1][c + s] - 1e-9:
                    dp[i + 1][c + s] = cost
                    back[i + 1][c + s] = s
    out: list[_Placed] = []
    c = width
    for i in range(k, 0, -1):
        s = back[i][c]
        out.append(_Placed(texts[i - 1], c - s, s))
        c -= s
    out.reverse()
    return out


def _header_rows(rows: list[list[str]], width: int) -> int:
    """Number of rows forming the header: the short prefix plus the row completing it."""
    n = 0
    while n < len(rows) and len(rows[n]) < width:
        n += 1
    if n == 0:
        return 0
    if n < len(rows) and not any(_kind(t) == "num" for t in rows[n]):
        n += 1
    return n


def merge_down(rows: list[list[str]], placed: list[list[_Placed]], page: int | None) -> Table:
    """Cells with rowspans: empty cells that continue the cell above are absorbed."""
    width = max(len(r) for r in rows)
    header = _header_rows(rows, width)
    grid: list[list[Cell | None]] = [[None] * width for _ in rows]
    cells: list[Cell] = []
    for r, row in enumerate(placed):
        nonempty = [p for p in row if p.text]
        lead = 0
        while lead < len(row) and not row[lead].text:
            lead += 1
        for idx, p in enumerate(row):
            continues = r > 0 and not p.text and nonempty and (idx < lead or r < header)
            if continues:
                up = grid[r - 1][p.start]
                if (
                    up is not None
                    and up.col == p.start
                    and up.colspan == p.span
                    and up.row + up.rowspan == r
                    and (up.text or idx < lead)
                ):
                    up.rowspan += 1
                    for c in range(p.start, p.start + p.span):
                        grid[r][c] = up
                    continue
            cell = Cell(text=p.text, row=r, col=p.start, colspan=p.span, page=page)
            cells.append(cell)
            for c in range(p.start, p.start + p.span):
                grid[r][c] = cell
    return Table(n_rows=len(rows), n_cols=width, cells=cells)


def _grid(rows: list[list[str]], page: int | None) -> Table:
    return merge_down(rows, place_cells(rows), page)
