"""Figures in the narrative: every quantity, exact, labelled, linked (issue 5).

file → Document → extractors (records, **figures**) → Report → rules

``annotate(report, doc)`` sets ``report.figures`` and ``report.breakdowns``:

1. ``narrative_segments(block)`` — which text is narrative:
   - headings and paragraphs, whole;
   - table cells: every cell except repeated header rows, header cells, and
     cells under the headers listed as ``excluded`` in ``patterns/nonfigures.yaml:
     table_columns`` — 评分标准 holds thresholds and ranges, 一级/二级/三级指标
     hold weights (投入（15分）), 分值/得分 and the funds' 执行率 are the
     tables' own numbers.  A cell's column is the nearest known header above it
     (project tables start their indicator header mid-table), else the first
     row's cell; it is kept in ``Figure.column`` (绩效目标 vs 完成情况, 年度指标值
     vs 实际完成值).  A cell's ``start`` is its offset in the table block's text,
     so offsets stay exact.  A bare number cell (the finance tables, 人员编制 7)
     never yields a figure, since a figure needs a unit: it is table data, read
     by ``records``; so is a cell holding one quantity and nothing else
     (200.13万元 under 收入合计, 7人 beside 实有人数) unless its column is one of
     the ``narrative`` headers (年度指标值 ≥38公里).  The seed's 基本概况
     narrative cell is read like a paragraph.
2. ``numbers.find`` reads the quantities of a segment (units required,
   non-figures masked); a quantity in a clause that awards points for a
   threshold (``满意度≥95%，计5分``, a 评分标准 written as prose) is dropped.
3. ``label_for`` — what is counted: the words before the number back to the
   clause start, segmented with jieba and trimmed (``patterns/labels.yaml``),
   or the noun after a measure word (``17个窗口`` → 窗口); a figure with no
   words of its own takes the label of the figure just before it in the same
   clause (脱贫户386户1,245人), and a short table cell (≥38公里) the indicator
   named to its left in the row.  (``label_for`` and jieba: ``figure_labels``.)
4. ``find_breakdowns`` — 其中: the amount before the marker is the total (past
   what the text says of it in between: 占x%, 增长x%, 较上年减少y万元), the figures
   of its unit after it are the parts, up to a comparison, an average or the
   sentence end (``patterns/breakdowns.yaml``).

Every figure keeps ``raw`` exactly as printed and ``block.text[start:end] ==
raw`` (``block.printed[start:end]`` in a traditional-script document, whose ``text`` is
its simplified form); a repaired number (``50&`` read as 50%) keeps its note in ``repair``
and a line in ``report.decisions`` (the checker reports it as DQ03).

jieba's dictionary is loaded once, lazily, on the first label (not per block);
``measure_speed`` times the stage for the benchmark.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import numbers, patterns
from .figure_labels import jieba_loaded, label_for, label_rules
from .loaders.normalize import key
from .model import Block, Cell, Document, Table
from .report import Breakdown, Figure, Report

# ── which text is narrative ─────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of narrative text inside a block: the block text at ``offset``."""

    block: Block
    text: str
    offset: int
    page: int | None
    column: str | None = None
    row_label: str | None = None
    """For a table cell: the indicator named to its left, the label of a figure with no words before it.
    Worked out only for a cell holding a figure (``numbers.find``), as ``target_row``."""
    target_row: bool = False
    """For a table cell: its row holds a bound written as text (≥500亩): a target's row."""


HEADER_MAX_CHARS = 20  # a longer first-row cell is content (key–value tables), not a header
_UNIT_SUFFIX = re.compile(r"[（(][^（）()]{0,8}[）)]$")


@functools.lru_cache(maxsize=8192)
def header_key(text: str) -> str:
    """A header cell's comparison form: NFKC, no spaces, no trailing colon or （unit）."""
    return _UNIT_SUFFIX.sub("", key(text).rstrip(":："))


@functools.cache
def _columns() -> tuple[frozenset[str], frozenset[str]]:
    spec = patterns.load("nonfigures").get("table_columns", {})
    excluded = frozenset(header_key(c) for c in spec.get("excluded", []))
    narrative = frozenset(header_key(c) for c in spec.get("narrative", []))
    return excluded, narrative


def _known_headers_above(grid: list[list[Cell | None]]) -> list[list[str | None]]:
    """For every grid position, the nearest known header (excluded or narrative column
    name) above it in its column — one pass down each column, not one walk up per cell."""
    excluded, narrative = _columns()
    n_cols = len(grid[0]) if grid else 0
    out: list[list[str | None]] = [[None] * n_cols for _ in grid]
    for c in range(n_cols):
        last: str | None = None
        for r, row in enumerate(grid):
            out[r][c] = last
            cell = row[c]
            if cell is not None and cell.row == r:
                k = header_key(cell.text)
                if k in excluded or k in narrative:
                    last = k
    return out


def _column_header(
    grid: list[list[Cell | None]], cell: Cell, known: list[list[str | None]], top_data: bool
) -> str | None:
    """The header of a cell's column: the nearest known header above it, else the first row's
    cell (unless the first row is data: ``top_data``, ``_data_row`` of it, told once a table)."""
    if known[cell.row][cell.col] is not None:
        return known[cell.row][cell.col]
    top = grid[0][cell.col] if grid else None
    if top is not None and top is not cell and not top_data:
        k = header_key(top.text)
        if k and len(k) <= HEADER_MAX_CHARS and not any(ch.isdigit() for ch in k):
            return k
    return None


_DATUM = re.compile(r"^[≥≤≧≦><＞＜]?\s*\d{1,9}(?:[.,，]\d+)*\s*\S{0,3}$")
_BOUND = re.compile(r"^\s*(?:[≥≤≧≦><＞＜]|不(?:少|低|高|多)于|不超过|大于|小于)\s*\d")


_UNIT_CELL = re.compile(r"^\s*\d[\d.,]*\s*([^\d\s.,]{1,3})\s*$")


def _bound_row(row: list[Cell | None]) -> bool:
    """Is a row a target's: a cell that is a bound written as text (≥500亩, 不少于12种), or
    two cells side by side that are quantities of one unit, not money (100% | 100%, a target
    and its result)?"""
    if any(c is not None and _BOUND.match(c.text) for c in row):
        return True
    cells = Table.spans_once(row)
    units = [
        m.group(1) if c is not None and (m := _UNIT_CELL.match(c.text)) else None for c in cells
    ]
    return any(
        a is not None and a == b and _unit_kinds().get(a) not in ("money", None)
        for a, b in itertools.pairwise(units)
    )


def _data_row(row: list[Cell | None]) -> bool:
    """A first row holding a number cell (≧20000亩, 15.0) is data, not the header (a form
    whose header was cut off)."""
    return any(c is not None and _DATUM.match(c.text.strip()) for c in row)


def _row_label(grid: list[list[Cell | None]], cell: Cell) -> str | None:
    """The nearest short text cell to the left in the row (the indicator a target cell belongs to)."""
    row = grid[cell.row]
    for c in range(cell.col - 1, -1, -1):
        left = row[c]
        if left is None or left is cell:
            continue
        text = key(left.text)
        if text and len(text) <= HEADER_MAX_CHARS and not any(ch.isdigit() for ch in text):
            return _UNIT_SUFFIX.sub("", text)
    return None


def narrative_segments(block: Block, figures_only: bool = False) -> Iterator[Segment]:
    """The narrative text of a block (see the module docstring for what counts);
    ``figures_only``: not the cells that hold no figure (``find_figures`` reads none there)."""
    if block.table is None:
        if block.text:
            yield Segment(block, block.text, 0, block.page)
        return
    table = block.table
    grid = table.grid()
    excluded, _ = _columns()
    skip = set(table.repeated_header_rows)
    known = _known_headers_above(grid)
    top_data = bool(grid) and _data_row(grid[0])
    targets: dict[int, bool] = {}
    for cell in table.cells:
        if cell.row in skip or not cell.text.strip():
            continue
        if figures_only and not numbers.find(cell.text):
            continue  # told first: most cells hold no figure
        header = _column_header(grid, cell, known, top_data)
        if header is not None and header in excluded:
            continue
        k = header_key(cell.text)
        if k in excluded or k in _columns()[1]:
            continue  # a header cell itself
        page = cell.page if cell.page is not None else block.page
        if not numbers.find(cell.text):  # no figure: its row's label and bound are not read
            yield Segment(block, cell.text, cell.start, page, header)
            continue
        if cell.row not in targets:
            targets[cell.row] = _bound_row(grid[cell.row])
        yield Segment(
            block, cell.text, cell.start, page, header, _row_label(grid, cell), targets[cell.row]
        )


# ── figures ─────────────────────────────────────────────────────────────────


_CLAUSE_END = re.compile(r"[。；;\n]")


def _clauses(text: str) -> list[int]:
    """Positions of the characters that end a clause (。；; and line breaks)."""
    return [m.start() for m in _CLAUSE_END.finditer(text)]


def _clause(text: str, breaks: list[int], start: int, end: int) -> str:
    """The clause around text[start:end], between 。；; and line breaks."""
    i = bisect.bisect_left(breaks, start)
    s = breaks[i - 1] + 1 if i > 0 else 0
    j = bisect.bisect_left(breaks, end)
    e = breaks[j] if j < len(breaks) else len(text)
    return text[s:e]


def _breaks(text: str) -> bool:
    return any(c in label_rules().boundaries for c in text)


def _table_datum(seg: Segment, found: list[numbers.Quantity]) -> bool:
    """A cell that is one quantity and nothing else (200.13万元 under 收入合计) is table data,
    unless its column holds targets or results written as text (年度指标值 ≥38公里)."""
    if seg.block.table is None or len(found) != 1:
        return False
    q = found[0]
    if q.raw != seg.text.strip() or seg.column in _columns()[1]:
        return False
    # no header names the column (a form cut from its header): in a row that states a bound
    # (≥500亩 | 500亩) the quantities are a target and its result written as text — but not
    # a rate: 预算执行率 | 100% | 96.40% is a target beside the rate achieved, and read as
    # narrative the 100% would be taken for the rate stated (NR02)
    if seg.column is not None or not seg.target_row:
        return True
    unit = (q.norm_unit or q.unit or "").split("/")[0]
    return _unit_kinds().get(unit) in ("percent", "percent_point", "money")


def figures_in_segment(seg: Segment) -> list[Figure]:
    """Every figure of one narrative segment, offsets into its block's text."""
    text = seg.text
    found = numbers.find(text)
    if not found or _table_datum(seg, found):
        return []
    breaks = _clauses(text)
    scoring: dict[str, bool] = {}  # one test per clause, not per figure (linear time)

    def in_scoring_clause(q: numbers.Quantity) -> bool:
        clause = _clause(text, breaks, q.start, q.end)
        if clause not in scoring:
            scoring[clause] = numbers.scoring_clause(clause)
        return scoring[clause]

    found = [q for q in found if not in_scoring_clause(q)]
    # masked spans with digits (2020年, 5A级, “12345”) are left out of labels; the others
    # (“问诊”, set phrases) are words and stay
    masked = [
        (s, e)
        for s, e, _, weak in numbers.nonfigure_spans(text)
        if not weak and any(c.isdigit() for c in text[s:e])
    ]
    out: list[Figure] = []
    floor = 0
    prev_label: str | None = None
    for q in found:
        label = label_for(text, q, floor, found, masked)
        if label is None and prev_label and not _breaks(text[floor : q.start]):
            label = prev_label  # 脱贫户386户1,245人: the second figure counts the same thing
        if label is None and not text[: q.start].strip():
            label = seg.row_label  # a target cell "≥38公里" is labelled by its indicator
        floor = q.end
        prev_label = label
        printed = seg.block.printed  # traditional script: raw as printed, matched simplified
        out.append(
            Figure(
                raw=printed[seg.offset + q.start : seg.offset + q.end] if printed else q.raw,
                value=q.value,
                unit=q.unit,
                approx=q.approx,
                op=q.op,  # type: ignore[arg-type]
                high=q.high,
                label=label,
                section=seg.block.section or None,
                block=seg.block.index,
                page=seg.page,
                start=seg.offset + q.start,
                end=seg.offset + q.end,
                norm_value=q.norm_value,
                norm_unit=q.norm_unit,
                repair=q.repair,
                column=seg.column,
                decimals=q.decimals,
            )
        )
    return out


def find_figures(doc: Document) -> list[Figure]:
    """Every narrative figure of the document, in reading order."""
    out: list[Figure] = []
    for block in doc.blocks:
        segs = list(narrative_segments(block, figures_only=True))
        figs = [f for seg in segs for f in figures_in_segment(seg)]
        figs.sort(key=lambda f: f.start)
        out.extend(figs)
    return out


# ── 其中 breakdowns ─────────────────────────────────────────────────────────


@functools.cache
def _breakdown_rules() -> dict[str, Any]:
    return patterns.load("breakdowns")


def _family(f: Figure) -> str | None:
    rules = _breakdown_rules()
    kind = unit_kind(f)
    if kind in rules["nonadditive_kinds"]:
        return None
    return f.norm_unit or f.unit


@functools.cache
def _unit_kinds() -> dict[str, str]:
    return {str(u["unit"]): str(u["kind"]) for u in patterns.load("units")["units"]} | {
        str(u.get("canonical", u["unit"])): str(u["kind"]) for u in patterns.load("units")["units"]
    }


def unit_kind(f: Figure) -> str | None:
    unit = f.norm_unit or f.unit or ""
    return _unit_kinds().get(unit.split("/")[0])


def find_breakdowns(doc: Document, figures: list[Figure]) -> list[Breakdown]:
    """Totals and their parts where the text says …X，其中 A … B."""
    rules = _breakdown_rules()
    by_block: dict[int, list[Figure]] = {}
    for f in figures:
        by_block.setdefault(f.block, []).append(f)
    out: list[Breakdown] = []
    for index, figs in by_block.items():
        block = doc.block(index)
        if block is None:
            continue
        out.extend(_breakdowns_in(block.text, index, figs, rules))
    return out


def _items_closed(text: str, pos: int, stop: int, list_end: set[str]) -> bool:
    """Does a ；close the current list item before the sentence ends (more items follow)?"""
    return any(c in list_end for c in text[pos:stop])


def _compares(clause: str, stop_words: list[str], exempt: list[str]) -> bool:
    """Does this clause compare (较上年减少, 同比增长) rather than name a part?  Item names that
    hold a stop word (年初结转和结余) are taken out first."""
    for e in exempt:
        clause = clause.replace(e, "")
    return any(w in clause for w in stop_words)


def _clause_before(text: str, start: int, floor: int) -> str:
    """The clause that ends at ``start``: back to the last ，,、；;：: (not before ``floor``)."""
    j = start
    while j > floor and text[j - 1] not in "，,、；;：:。！？!?\n":
        j -= 1
    return text[j:start]


@functools.cache
def _comparison_re() -> re.Pattern[str] | None:
    pats = _breakdown_rules().get("comparisons") or []
    return re.compile("|".join(f"(?:{p})" for p in pats)) if pats else None


def _total_before(text: str, k: int, before: list[Figure], rules: dict[str, Any]) -> Figure | None:
    """The total a 其中 at ``k`` divides: the last amount before it, passing over what is said
    of that total in between (its share, its growth, a comparison with another period)."""
    if not before:
        return None
    ends = set(rules["sentence_end"])
    max_gap = int(rules["max_gap"])
    comparison = _comparison_re()
    last = before[-1]
    gap = text[last.end : k]
    # 支出：799.12万元。其中：… — the total may close the sentence just before
    crosses = any(c in ends for c in gap) and len(gap.strip()) > 1
    if len(gap) > max_gap or crosses:
        return None
    nearest: Figure | None = None  # the amount just before 其中, if nothing better is found
    for skipped, i in enumerate(range(len(before) - 1, -1, -1)):
        f = before[i]
        if _family(f) is not None:
            # the whole clause: 较2024年的2190万元减少221万元 compares 221万元 too
            clause = _clause_before(text, f.start, 0)
            if comparison is None or comparison.search(clause) is None:
                return f
            if i == len(before) - 1:
                nearest = f  # the old reading: the figure just before 其中
        if skipped >= int(rules.get("max_skipped", 0)) or i == 0:
            break
        between = text[before[i - 1].end : f.start]
        if len(between) > max_gap or any(c in ends for c in between):
            break
    return nearest


def _scale_of(f: Figure) -> Decimal:
    """The scale a figure was printed in (1 for 120元, 10000 for 862.3万元)."""
    if f.norm_value is None or not f.value:
        return Decimal(1)
    return f.norm_value / f.value


def _outscales(part: Figure, total: Figure) -> bool:
    """A 其中 list goes down in scale or stays in it; a candidate printed in a larger scale
    than the total that alone exceeds it belongs to another statement.  (A part exceeding its
    total in the same scale is kept: that is an inconsistency for the rules to report.)"""
    if part.norm_value is None or total.norm_value is None:
        return False
    return _scale_of(part) > _scale_of(total) and part.norm_value > total.norm_value


def _paren_close(text: str, k: int) -> int:
    """Where a 其中 list inside brackets ends: at the bracket closing around position ``k``
    (8013平方米（其中计容7998平方米，不计容105平方米），地下5356平方米: 5356 is no part)."""
    opened = max(text.rfind("（", 0, k), text.rfind("(", 0, k))
    if opened < 0 or max(text.rfind("）", opened, k), text.rfind(")", opened, k)) >= 0:
        return len(text)
    close = [j for j in (text.find("）", k), text.find(")", k)) if j >= 0]
    return min(close) if close else len(text)


def _paren_depth(text: str) -> int:
    """Parentheses opened in ``text`` and not closed (full-width and ASCII alike)."""
    return sum(text.count(o) for o in "（(") - sum(text.count(c) for c in "）)")


def _markers(text: str, markers: list[str]) -> list[int]:
    """Positions of every 其中-marker in ``text``, in order."""
    marks: list[int] = []
    for marker in markers:
        pos = text.find(marker)
        while pos >= 0:
            marks.append(pos)
            pos = text.find(marker, pos + len(marker))
    return sorted(marks)


def _breakdowns_in(
    text: str, block: int, figs: list[Figure], rules: dict[str, Any]
) -> list[Breakdown]:
    ends = set(rules["sentence_end"])
    marks = _markers(text, rules["markers"])
    out: list[Breakdown] = []
    for i, k in enumerate(marks):
        total = _total_before(text, k, [f for f in figs if f.end <= k], rules)
        if total is None:
            continue
        stop = next((j for j in range(k, len(text)) if text[j] in ends), len(text))
        if i + 1 < len(marks):
            stop = min(stop, marks[i + 1])
        stop = min(stop, _paren_close(text, k), _heading_after(text, k, stop, figs))
        parts = _parts_listed(text, k, stop, total, figs, rules)
        if not parts:
            continue
        out.append(
            Breakdown(
                label=total.label,
                total=total,
                parts=parts,
                text=text[total.start : parts[-1].end],
                block=block,
            )
        )
    return out


def _heading_after(text: str, k: int, stop: int, figs: list[Figure]) -> int:
    """Where a numbered heading run into the text after the first part of the list at ``k``
    begins (``stop`` when none): the next section's amounts are no parts."""
    heading = _section_heading_re()
    first = next((f.end for f in figs if f.start > k), None)
    if heading is None or first is None or first >= stop:
        return stop
    m = heading.search(text, first, stop)
    return m.start() if m else stop


@functools.cache
def _section_heading_re() -> re.Pattern[str] | None:
    pattern = _breakdown_rules().get("section_heading")
    return re.compile(pattern) if pattern else None


def _parts_listed(
    text: str, k: int, stop: int, total: Figure, figs: list[Figure], rules: dict[str, Any]
) -> list[Figure]:
    """The parts listed after the marker at ``k`` (up to ``stop``) of ``total``."""
    list_end = set(rules["list_end"])
    stop_words = rules["stop_words"]
    exempt = rules.get("stop_word_exempt", [])
    subs = rules.get("sub_markers", [])
    family = _family(total)
    parts: list[Figure] = []
    separator: str | None = None
    prev_end = k
    for f in figs:
        if f.start <= k or f.end > stop or _family(f) != family:
            continue
        if _paren_depth(text[k : f.start]) > 0:
            continue  # a part of the part before it: 公务用车3亿元（购置0.2亿元、运行2.8亿元）
        between = text[prev_end : f.start]
        if parts and any(w in between for w in subs):
            break  # 具体是…: the parts of the last part, not more parts of the total
        clause_start = max(
            [prev_end] + [prev_end + j + 1 for j, c in enumerate(between) if c in "，,、；;：:"]
        )
        if _compares(text[clause_start : f.start], stop_words, exempt):
            if separator != "，" and _items_closed(text, f.end, stop, list_end):
                continue  # an item's own comparison, inside a list of ；-closed items
            break
        if _outscales(f, total):
            break  # a new statement, not a part: 每人120元，其中40元；全年拨付862.3万元
        if _holds_the_next(text, f, total, figs):
            continue  # 14个赛事36个赛项 under 83个赛项: the 14 count the groups, not the total's
        semicolon = any(c in list_end for c in between)
        if parts:
            if separator is None:
                separator = "；" if semicolon else "，"
            elif separator == "，" and semicolon:
                break
        parts.append(f)
        prev_end = f.end
    return parts


def _holds_the_next(text: str, f: Figure, total: Figure, figs: list[Figure]) -> bool:
    """Is ``f`` a count of other things that hold the next count, which is the total's
    (35个赛事83个赛项, 3个乡镇12个村): the total counts 赛项, ``f`` counts 赛事, and the count
    of 赛项 follows right after its noun?"""
    noun, own = numbers.noun_after(text, total.end), numbers.noun_after(text, f.end)
    if not noun or not own or f.unit != total.unit or own[:2] == noun[:2]:
        return False
    nxt = next((g for g in figs if g.start >= f.end), None)
    return (
        nxt is not None
        and nxt.start == f.end + len(own)
        and nxt.unit == f.unit
        and numbers.noun_after(text, nxt.end)[:2] == noun[:2]
    )


# ── the stage ───────────────────────────────────────────────────────────────


def annotate(report: Report, doc: Document) -> None:
    """Set ``report.figures`` and ``report.breakdowns``; note repairs in ``report.decisions``."""
    figures = find_figures(doc)
    report.figures = figures
    report.breakdowns = find_breakdowns(doc, figures)
    for f in figures:
        if f.repair:
            report.decisions.append(f"figure in block {f.block}: {f.repair}")


def measure_speed(docs: Iterable[Document], repeat: int = 1) -> dict[str, float]:
    """Figures per second of the figure stage over ``docs`` (jieba loaded before timing).

    For the benchmark; returns ``{"figures", "chars", "seconds", "figures_per_second",
    "chars_per_second"}``.
    """
    docs = list(docs)
    jieba_loaded()  # the one-off dictionary load is not part of the per-block cost
    numbers.grammar()
    count = 0
    chars = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for doc in docs:
            numbers.clear_cache()  # every pass reads the text afresh
            header_key.cache_clear()
            figs = find_figures(doc)
            find_breakdowns(doc, figs)
            count += len(figs)
            chars += sum(len(b.text) for b in doc.blocks)
    seconds = time.perf_counter() - t0
    return {
        "figures": float(count),
        "chars": float(chars),
        "seconds": seconds,
        "figures_per_second": count / seconds if seconds else 0.0,
        "chars_per_second": chars / seconds if seconds else 0.0,
    }
