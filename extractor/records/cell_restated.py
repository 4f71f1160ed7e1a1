"""Counts of a table cell restated in the narrative with another value (records stage).

Evaluation reports tabulate plans and results per year and category (表1-3: 2021 | 一类赛 |
9个赛事34个赛项) and restate them in the text (2021年计划一类赛9个赛事36个赛项).  A cell
and a clause restate each other when

* they print the same sequence of counted nouns (赛事, 赛项: the words after the numbers),
* the first count is the same (9个赛事 in both: the anchor that says it is the same thing),
* and every label of the cell's row stands in the clause's context: a year label as the last
  year named in the sentence before the clause (2021年计划…，二类赛… keeps 2021), any other
  label (一类赛) in the clause itself.

A later count that differs is written to ``report.repeats`` (NR06: stated twice with two
values), the cell's figure first.  Only whole counts: amounts have their own checks (NR01,
NR07) with their rounding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..loaders.normalize import HAN, key
from ..model import Block, Document
from ..numbers import find, noun_after
from ..report import Figure, Repeat

_HAN_RE = re.compile(f"[{HAN}]")
_YEAR_LABEL_RE = re.compile(r"^((?:19|20)\d\d)\s*年?度?$")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
_SEGMENT_END = "。；;！？!?\n"
_CLAUSE_END = _SEGMENT_END + "，,、："
LABEL_MAX_CHARS = 12
"""A row label longer than this is content, not a label."""
STOP_NOUN = ("其中", "实际", "占", "比", "共", "分别")
"""Words after a number that are not what it counts."""


@dataclass(frozen=True)
class _Count:
    value: Decimal
    raw: str
    noun: str
    start: int
    end: int


def _counts(text: str, spans: list[tuple[Decimal, str, int, int]]) -> list[list[_Count]]:
    """Runs of whole counts each followed by its noun and adjacent to the next (9个赛事34个赛项)."""
    runs: list[list[_Count]] = []
    for value, raw, start, end in spans:
        noun = noun_after(text, end)
        if value != value.to_integral_value() or not noun or noun.startswith(STOP_NOUN):
            if runs and runs[-1]:
                runs.append([])
            continue
        c = _Count(value, raw, noun, start, end)
        if runs and runs[-1] and runs[-1][-1].end + len(runs[-1][-1].noun) == start:
            runs[-1].append(c)
        else:
            runs.append([c])
    return [r for r in runs if len(r) >= 2]


def _carried(block: Block, before: Block | None) -> dict[int, str]:
    """Labels a table continued from the one before it (the same header row, a page break
    between) leaves blank in its first body row: the last label of that column above."""
    table = block.table
    prev = before.table if before is not None else None
    if table is None or prev is None or table.n_rows < 2:
        return {}
    head = [key(c.text) for c in table.rows()[0]]
    if head != [key(c.text) for c in prev.rows()[0]]:
        return {}
    grid, above = table.grid(), prev.grid()
    out = {}
    for c in range(min(table.n_cols, prev.n_cols)):
        cell = grid[1][c]
        if cell is None or cell.text.strip() or cell.row != 1:
            continue
        last = next(
            (x.text.strip() for x in (r[c] for r in reversed(above)) if x and x.text.strip()), ""
        )
        if last:
            out[c] = last
    return out


def _cell_runs(block: Block, before: Block | None) -> list[tuple[list[str], list[_Count], int]]:
    """(row labels, counts, the cell's offset) of every cell that prints two counts or more."""
    table = block.table
    assert table is not None
    grid = table.grid()
    carried = _carried(block, before)
    out = []
    for cell in table.cells:
        if _HAN_RE.search(cell.text) is None:
            continue  # no Han character, no noun after a count (noun_after): most cells
        quantities = [(q.value, q.raw, q.start, q.end) for q in find(cell.text) if q.op == "="]
        for run in _counts(cell.text, quantities)[:1]:  # the cell's first statement
            labels = []
            for c in range(cell.col):
                left = grid[cell.row][c]
                t = left.text.strip() if left is not None and left is not cell else ""
                if not t and left is not None and left.row == 1 and c in carried:
                    t = carried[c]  # a label cut off by the page break
                if t and len(t) <= LABEL_MAX_CHARS and t not in labels:
                    labels.append(t)
            if labels:
                out.append((labels, run, cell.start))
    return out


def _in_context(labels: list[str], text: str, at: int) -> bool:
    seg0 = max((text.rfind(ch, 0, at) for ch in _SEGMENT_END), default=-1) + 1
    cl0 = max((text.rfind(ch, 0, at) for ch in _CLAUSE_END), default=-1) + 1
    years = _YEAR_RE.findall(text, seg0, at)
    clause = key(text[cl0:at])
    for label in labels:
        y = _YEAR_LABEL_RE.match(label)
        if y is not None:
            if not years or years[-1] != y.group(1):
                return False
        elif key(label) not in clause:
            return False
    return True


def _figure(block: Block, c: _Count, offset: int) -> Figure:
    return Figure(
        raw=c.raw + c.noun,
        value=c.value,
        unit=c.noun,
        block=block.index,
        page=block.page,
        start=offset + c.start,
        end=offset + c.end,
    )


def cell_restatements(doc: Document, by_block: dict[int, list[Figure]]) -> list[Repeat]:
    """A later count of a cell restated with another value in a clause naming the same row
    (``by_block``: the figures of each block)."""
    cells = [
        (b, run)
        for i, b in enumerate(doc.blocks)
        if b.table is not None
        for run in _cell_runs(b, doc.blocks[i - 1] if i else None)
    ]
    if not cells:
        return []
    out: list[Repeat] = []
    for block in doc.blocks:
        if block.table is not None:
            continue
        text = block.text
        spans = [
            (f.value, f.raw, f.start, f.end)
            for f in by_block.get(block.index, [])
            if f.op == "=" and not f.approx
        ]
        for run in _counts(text, sorted(spans, key=lambda s: s[2])):
            for table_block, (labels, cell_run, offset) in cells:
                n = min(len(run), len(cell_run))
                if [c.noun for c in run[:n]] != [c.noun for c in cell_run[:n]]:
                    continue
                if run[0].value != cell_run[0].value or not _in_context(labels, text, run[0].start):
                    continue
                for mine, theirs in zip(run[1:n], cell_run[1:n], strict=True):
                    if mine.value != theirs.value:
                        out.append(
                            Repeat(
                                name="/".join(labels) + "的" + theirs.noun,
                                first=_figure(table_block, theirs, offset),
                                second=_figure(block, mine, 0),
                            )
                        )
    return out
