"""Tables no schema names whose rows are numbered as a hierarchy (records).

An evaluation report's funds table numbers its items 一、二、三 and their parts 1, 2, 3
under each, closed by a 合计 row: 合计 | 13,237.00 over 一 | 6,000.00 … 三 | 3,087.00 and
1 | 600.00, 2 | 57.00 … under 三.  The numbering says how the amounts add up: each
numbered item is the sum of the items numbered under it, and the 合计 the sum of the top
items — in every amount column.  Such sums are recorded as ``RowSum`` (one per column);
the rules stage (ST08) adds them up.  Only tables no other reader took, only columns of
plain amounts (no percentages), only where every term is printed (a blank or a 「-」 is 0).
"""

from __future__ import annotations

import re

from ..model import Cell, Document
from ..report import CellValue, GroupPart, Report, RowSum
from .cells import is_placeholder, join_lines, parse_number
from .group_totals import unnamed_tables

_TOP = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]?$")
_SUB = re.compile(r"^\d{1,2}[、.．]?$")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计)$")
MIN_PARTS = 2


def _level(row: list[Cell | None]) -> int | None:
    """0 for a 合计 row, 1 for 一、二…, 2 for 1, 2 … (from the row's first two cells)."""
    for cell in row[:2]:
        if cell is None:
            continue
        t = join_lines(cell.text).strip()
        if _TOTAL.match(t):
            return 0
        if _TOP.match(t):
            return 1
        if _SUB.match(t):
            return 2
    return None


def _amount(cell: Cell | None, r: int) -> CellValue | bool | None:
    """The cell's amount; False when it holds something that is not one (a percentage, a
    word); None when it is blank or a placeholder (counted as 0)."""
    if cell is None or cell.row != r or is_placeholder(cell.text):
        return None
    n = parse_number(cell.text)
    if n is None or n.percent:
        return False
    return CellValue(value=n.value, raw=cell.text.strip(), repaired=n.repaired)


def _label(row: list[Cell | None]) -> str:
    """The row's number and name: its first cells up to the first amount."""
    seen: list[str] = []
    for c in row[:3]:
        if c is None:
            continue
        t = join_lines(c.text).strip()
        if parse_number(t) is not None and not _TOP.match(t) and not _SUB.match(t):
            break
        if t and t not in seen:
            seen.append(t)
    return " ".join(seen)


def _sums(levels: dict[int, int]) -> list[tuple[int, list[int]]]:
    """(row of a whole, rows of its parts) from the rows' levels, in order."""
    rows = sorted(levels)
    out: list[tuple[int, list[int]]] = []
    for i, r in enumerate(rows):
        lv = levels[r]
        if lv == 2:
            continue
        parts = []
        for r2 in rows[i + 1 :] if lv == 1 else rows:
            if lv == 1 and levels[r2] != 2:
                break
            if levels[r2] == lv + 1:
                parts.append(r2)
        if len(parts) >= MIN_PARTS:
            out.append((r, parts))
    return out


def annotate(report: Report, doc: Document, skip: set[int]) -> None:
    """Fill ``report.row_sums`` from the tables not in ``skip`` (block indices)."""
    for t in unnamed_tables(doc, skip):
        block, grid = t.block, t.grid
        levels = {r: lv for r in range(t.body, len(grid)) if (lv := _level(grid[r])) is not None}
        sums = _sums(levels)
        if not sums or 1 not in levels.values():
            continue
        for col in t.columns:
            if not col.parts or col.col < 1:
                continue
            for whole, parts in sums:
                total = _amount(grid[whole][col.col], whole)
                values = [_amount(grid[p][col.col], p) for p in parts]
                if not isinstance(total, CellValue) or any(v is False for v in values):
                    continue
                terms = [(p, v) for p, v in zip(parts, values, strict=True)]
                if not any(isinstance(v, CellValue) for _, v in terms):
                    continue
                report.row_sums.append(
                    RowSum(
                        block=block.index,
                        page=block.page,
                        row=whole,
                        label=_label(grid[whole]),
                        column="/".join(col.parts),
                        total=total,
                        parts=[
                            GroupPart(header=_label(grid[p]), value=v)
                            for p, v in terms
                            if isinstance(v, CellValue)
                        ],
                    )
                )
