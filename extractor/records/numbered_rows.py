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

from ..model import Block, Cell, Document
from ..report import CellValue, GroupPart, Report, RowSum
from .cells import is_placeholder, join_lines, parse_number
from .group_totals import unnamed_tables

_TOP = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]?$")
_SUB = re.compile(r"^\d{1,2}[、.．]?$")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计)$")
_CIRCLED = re.compile(r"^[①-⑳]")
_SUBTOTAL = re.compile(r"小\s*计$")
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


def _label(row: list[Cell | None], r: int | None = None) -> str:
    """The row's number and name: its first cells up to the first amount (given ``r``, only
    cells that begin on the row: not a form's section label spanning down)."""
    seen: list[str] = []
    for c in row[:3]:
        if c is None or (r is not None and c.row != r):
            continue
        t = join_lines(c.text).strip()
        if parse_number(t) is not None and not _TOP.match(t) and not _SUB.match(t):
            break
        if t and t not in seen:
            seen.append(t)
    return " ".join(seen)


def _first_text(row: list[Cell | None], r: int) -> str:
    """The row's first text that begins on it (not a label spanning down from above)."""
    return next(
        (
            join_lines(c.text).strip()
            for c in row[:3]
            if c is not None and c.row == r and c.text.strip()
        ),
        "",
    )


def _subtotal_levels(grid: list[list[Cell | None]], body: int) -> dict[int, int]:
    """A funds form's rows (福建: 合计 over 财政资金小计 over ①中央 ②省级 ③地方, then 其他资金
    小计): rows named …小计 are items (1) and rows numbered ①② their parts (2) — only where
    a 小计 row is followed by a ① row, so a 小计 closing the rows above it is left alone."""
    texts = {r: _first_text(grid[r], r) for r in range(body, len(grid))}
    circled = {r for r, t in texts.items() if _CIRCLED.match(t)}
    subtotals = {r for r, t in texts.items() if _SUBTOTAL.search(t) and not _CIRCLED.match(t)}
    if not any(r + 1 in circled for r in subtotals):
        return {}
    return {r: 1 for r in subtotals} | {r: 2 for r in circled}


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
    """Fill ``report.row_sums`` from the tables not in ``skip`` (block indices), and from the
    funds rows of any form (``_form_funds``)."""
    seen: set[int] = set()
    for t in unnamed_tables(doc, skip):
        block, grid = t.block, t.grid
        levels = {r: lv for r in range(t.body, len(grid)) if (lv := _level(grid[r])) is not None}
        levels = _subtotal_levels(grid, t.body) | levels
        sums = _sums(levels)
        if not sums or 1 not in levels.values():
            continue
        seen.add(block.index)
        for col in t.columns:
            if not col.parts or col.col < 1:
                continue
            for whole, parts in sums:
                _add(report, block, grid, whole, parts, col.col, "/".join(col.parts))
    for block in doc.tables():
        if block.index not in seen and block.table is not None:
            _form_funds(report, block, block.table.grid())


def _add(
    report: Report,
    block: Block,
    grid: list[list[Cell | None]],
    whole: int,
    parts: list[int],
    col: int,
    column: str,
    own: bool = False,
) -> None:
    """One RowSum: the amount of row ``whole`` in column ``col`` over those of ``parts``."""
    total = _amount(grid[whole][col], whole)
    values = [_amount(grid[p][col], p) for p in parts]
    if not isinstance(total, CellValue) or any(v is False for v in values):
        return
    if not any(isinstance(v, CellValue) for v in values):
        return
    report.row_sums.append(
        RowSum(
            block=block.index,
            page=block.page,
            row=whole,
            label=_label(grid[whole], whole if own else None),
            column=column,
            total=total,
            parts=[
                GroupPart(header=_label(grid[p], p if own else None), value=v)
                for p, v in zip(parts, values, strict=True)
                if isinstance(v, CellValue)
            ],
        )
    )


def _form_funds(report: Report, block: Block, grid: list[list[Cell | None]]) -> None:
    """The funds rows inside a form another reader took (a 部门整体 自评表 of 福建: 合计 over
    财政资金小计 over ①②③, then 其他资金小计), checked in the first amount column only — the
    columns after it may be rates (支出实现率), which do not add up."""
    levels = _subtotal_levels(grid, 0)
    if not levels:
        return
    top = min(levels) - 1  # the 合计 row right above the first 小计
    if top < 0 or _level(grid[top]) != 0:
        return
    levels[top] = 0
    col = next(
        (c for c in range(1, len(grid[top])) if isinstance(_amount(grid[top][c], top), CellValue)),
        None,
    )
    if col is None:
        return
    for whole, parts in _sums(levels):
        _add(report, block, grid, whole, parts, col, f"第{col + 1}列", own=True)
