"""Tables no schema names, read only where their own headers say how they add up (records).

A header group whose last column is 总计 / 合计 / 小计 — 政府信息公开年度报告's 行政复议 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 — states that column as the sum of the
group's other columns, in every body row.  Such groups are recorded as ``GroupTotal`` (one
per row); the rules stage (ST07) adds them up.  Nothing else of an unnamed table is read as
a relation: a 其中 column, a total printed first, or columns that are not side by side make
no group.  Tables read as statements or as a self-evaluation's own tables are left to their
readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Block, Cell, Document
from ..report import CellValue, GroupPart, GroupTotal, Report
from .cells import join_lines, parse_number
from .statements import Column, columns_of, split_header, title_rows

TOTAL_WORDS = ("总计", "合计", "小计")
MIN_PARTS = 2


def _groups(columns: list[Column]) -> list[list[Column]]:
    """Side-by-side columns under one parent header, the last named a total."""
    by_parent: dict[tuple[str, ...], list[Column]] = {}
    for col in columns:
        if len(col.parts) >= 2:
            by_parent.setdefault(tuple(col.parts[:-1]), []).append(col)
    out = []
    for cols in by_parent.values():
        *parts, last = cols
        if last.parts[-1] not in TOTAL_WORDS or len(parts) < MIN_PARTS:
            continue
        if any(c.parts[-1].startswith("其中") or c.parts[-1] in TOTAL_WORDS for c in parts):
            continue
        if [c.col for c in cols] != list(range(cols[0].col, cols[0].col + len(cols))):
            continue
        out.append(cols)
    return out


def _value(cell: Cell | None, r: int) -> CellValue | None:
    if cell is None or cell.row != r:
        return None
    n = parse_number(cell.text)
    if n is None or n.percent:
        return None
    return CellValue(value=n.value, raw=cell.text.strip(), repaired=n.repaired)


def _label(row: list[Cell | None], first: int) -> str:
    words = [join_lines(c.text).strip() for c in row[:first] if c is not None]
    return "".join(w for w in words if w and parse_number(w) is None)


@dataclass(frozen=True)
class Unnamed:
    """A table no reader took, its header split from its body."""

    block: Block
    grid: list[list[Cell | None]]
    body: int
    """The first body row."""
    columns: list[Column]


def unnamed_tables(doc: Document, skip: set[int]) -> Iterator[Unnamed]:
    """The tables not in ``skip`` (block indices) that have a header and a body."""
    for block in doc.tables():
        if block.index in skip or block.table is None:
            continue
        grid = block.table.grid()
        if not grid:
            continue
        top = title_rows(grid)
        body, line_rows = split_header(grid, top)
        if body <= top or body >= len(grid):
            continue
        yield Unnamed(block, grid, body, columns_of(grid, top, body, line_rows))


def annotate(report: Report, doc: Document, skip: set[int]) -> None:
    """Fill ``report.group_totals`` from the tables not in ``skip`` (block indices)."""
    for t in unnamed_tables(doc, skip):
        block, grid, body = t.block, t.grid, t.body
        for cols in _groups(t.columns):
            *parts, last = cols
            for r in range(body, len(grid)):
                total = _value(grid[r][last.col], r)
                values = [_value(grid[r][c.col], r) for c in parts]
                if total is None or any(v is None for v in values):
                    continue
                report.group_totals.append(
                    GroupTotal(
                        block=block.index,
                        page=block.page,
                        row=r,
                        label=_label(grid[r], cols[0].col),
                        group="/".join(last.parts[:-1]),
                        total=total,
                        total_header=last.parts[-1],
                        parts=[
                            GroupPart(header=c.parts[-1], value=v)
                            for c, v in zip(parts, values, strict=True)
                            if v is not None
                        ],
                    )
                )
