"""Format-independent assembly of a ``Document`` from what a loader read.

Loaders hand over ``Paragraph`` and ``Table`` items in reading order; this
module turns them into blocks the same way for every format:

raw items → split full-width caption rows out of tables → mark repeated
header rows → drop empty paragraphs → recognise headings (numbering, or the
style level a DOCX gives) → section paths → render texts and offsets.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import patterns
from ..model import BLOCK_SEP, Block, Cell, Document, Source, Table
from .normalize import key

REPEATED_HEADER_MIN_CELLS = 2
"""A row repeats the header only if it has at least this many non-empty cells."""


@dataclass
class Paragraph:
    text: str
    page: int | None = None
    style_level: int | None = None
    """Heading level declared by the source (DOCX heading style / outline level)."""


@dataclass
class RawTable:
    table: Table
    page: int | None = None
    extra: dict = field(default_factory=dict)


Item = Paragraph | RawTable


def cell_text(lines: list[str]) -> str:
    """A cell's paragraphs as one text: trailing blanks cut, empty paragraphs dropped.

    Empty paragraphs inside a cell are spacing; dropping them makes every
    format agree (Word's text export cannot hold them: a blank line ends a row).
    """
    return "\n".join(s for ln in lines if (s := ln.rstrip()).strip()).strip()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ── tables ────────────────────────────────────────────────────────────────


def split_caption_rows(table: Table, page: int | None) -> list[Item]:
    """A row that is one cell spanning the whole width is a caption, not data.

    The table is cut there; the caption becomes a paragraph between the parts.
    """
    rows = table.rows()
    out: list[Item] = []
    part: list[int] = []

    def flush() -> None:
        if part:
            sub = subtable(table, part[0], part[-1] + 1)
            # rows a caption cut off that hold no text (the empty last row of a grid under its
            # note) are no table; a table empty as a whole stays as it is
            if sub.n_rows == table.n_rows or any(c.text.strip() for c in sub.cells):
                out.append(RawTable(sub, page))
            part.clear()

    spanning = [
        len(cells) == 1 and cells[0].colspan >= table.n_cols and not _spans_into(table, r)
        for r, cells in enumerate(rows)
    ]
    groups = _group_rows(rows, spanning)
    for r, cells in enumerate(rows):
        # a section's name between rows of figures filled alike (Improved operation
        # scenario, 一、基本支出) is a row of the table, and so is one right under the
        # header (按产品档次 over its products' figures, 委办项目 over （一） | 业务费: no
        # figure above it, figures or a group's name below); a caption stands over a
        # header (the next table's: filled otherwise) or at the table's edge
        section = (
            spanning[r]  # (asked of a spanning row only: issue 18)
            and 0 < r < len(rows) - 1
            and not spanning[r + 1]
            and (
                (
                    _has_figure(rows[r + 1])
                    and not spanning[r - 1]
                    and _has_figure(rows[r - 1])
                    and _filled(rows[r - 1]) == _filled(rows[r + 1])
                )
                or (
                    (_has_figure(rows[r + 1]) or _group_name(rows[r + 1], table.n_cols))
                    and not any(_has_figure(rows[k]) or spanning[k] for k in range(r))
                )
            )
        )
        if spanning[r] and not section and r not in groups:
            flush()
            cell = cells[0]
            out.append(Paragraph(cell.text, cell.page if cell.page is not None else page))
        else:
            part.append(r)
    flush()
    return out


def _group_rows(rows: list[list[Cell]], spanning: list[bool]) -> set[int]:
    """Full-width rows that each open a part of one grid under a head of its own.

    主营业务分行业情况 over 分行业 | 营业收入 | …, then 主营业务分产品情况 over
    分产品 | 营业收入 | …: two such rows or more, each right over a head row, the
    heads alike (the same texts past the first column) and each part
    holding figures, are the grid's rows, the first one too. A caption is one of a
    kind, over a head unlike the others, or names its table (表2 支出: ``caption_start``).
    """
    starts = [r for r, s in enumerate(spanning) if s and r + 1 < len(rows) and not spanning[r + 1]]
    if len(starts) < 2 or any(_names_a_table(rows[r][0].text) for r in starts):
        return set()
    first, *heads = [rows[r + 1] for r in starts]
    if not all(_same_past_first(first, head) for head in heads):
        return set()
    ends = [*starts[1:], len(rows)]
    if not all(
        any(_has_figure(rows[k]) for k in range(s + 2, e))
        for s, e in zip(starts, ends, strict=True)
    ):
        return set()
    return set(starts)


def _names_a_table(text: str) -> bool:
    """Does ``text`` start as a table's caption does (表2：…, Table 3, 附表1)?"""
    return bool(_caption_start_re().match(text.strip()))


@functools.cache
def _caption_start_re() -> re.Pattern[str]:
    return re.compile(patterns.load("pdf")["unruled"]["caption_start"])


def _same_past_first(a: list[Cell], b: list[Cell]) -> bool:
    """Do two rows hold the same texts in their columns past the first (one at least)?"""
    ta = {c.col: key(c.text) for c in a if c.col > 0 and c.text.strip()}
    tb = {c.col: key(c.text) for c in b if c.col > 0 and c.text.strip()}
    return bool(ta) and ta == tb


_FIGURE_RE = re.compile(r"^[-+−(（]?[\d,，.]*\d%?[)）]?$")


def _has_figure(cells: list) -> bool:
    """Does one of the row's cells hold a number and nothing else?"""
    return any(_FIGURE_RE.match(key(c.text)) for c in cells)


def _group_name(cells: list, n_cols: int) -> bool:
    """Is the row a group's name beside its number (``list_marker``), run over the columns
    to the table's right edge (（一） | 业务费 over 說明 … 複價)?"""
    return (
        len(cells) >= 2
        and bool(cells[1].text.strip())
        and cells[1].colspan >= 2
        and cells[1].col + cells[1].colspan >= n_cols
        and bool(_marker_re().fullmatch(key(cells[0].text)))
    )


@functools.cache
def _marker_re() -> re.Pattern[str]:
    return re.compile(patterns.load("pdf")["unruled"]["list_marker"])


def _filled(cells: list) -> set[int]:
    """The columns where a row's cells hold text."""
    return {c.col for c in cells if c.text.strip()}


def _spans_into(table: Table, r: int) -> bool:
    """True when a cell from an earlier row spans down into row ``r``."""
    return any(c.row < r < c.row + c.rowspan for c in table.cells)


def subtable(table: Table, r0: int, r1: int) -> Table:
    """Rows ``r0``..``r1-1`` as a table of their own (spans clipped)."""
    cells = []
    for c in table.cells:
        if r0 <= c.row < r1:
            cells.append(_moved(c, c.row - r0, min(c.rowspan, r1 - c.row)))
    rep = [r - r0 for r in table.repeated_header_rows if r0 <= r < r1]
    return Table(
        n_rows=r1 - r0,
        n_cols=table.n_cols,
        cells=cells,
        repeated_header_rows=rep,
        layout_inferred=table.layout_inferred,
    )


_set = object.__setattr__


def _moved(cell: Cell, row: int, rowspan: int) -> Cell:
    """``cell.model_copy(update={"row": row, "rowspan": rowspan})``, the same copy made
    without pydantic's generic one: every cell of every table is copied (issue 18)."""
    m = type(cell).__new__(type(cell))
    fields = cell.__dict__.copy()
    fields["row"] = row
    fields["rowspan"] = rowspan
    _set(m, "__dict__", fields)
    extra = cell.__pydantic_extra__
    _set(m, "__pydantic_extra__", None if extra is None else dict(extra))
    _set(m, "__pydantic_fields_set__", cell.__pydantic_fields_set__ | _MOVED_FIELDS)
    private = cell.__pydantic_private__
    _set(m, "__pydantic_private__", None if private is None else dict(private))
    return m


_MOVED_FIELDS = frozenset({"row", "rowspan"})


def mark_repeated_headers(table: Table) -> None:
    """Flag rows that repeat the header rows at the top (a header after a page break)."""
    rows = [[key(c.text) for c in row] for row in table.rows()]
    if not rows or sum(1 for t in rows[0] if t) < REPEATED_HEADER_MIN_CELLS:
        return
    flagged = set(table.repeated_header_rows)
    r = 1
    while r < len(rows):
        if rows[r] != rows[0]:
            r += 1
            continue
        flagged.add(r)
        j = 1  # a multi-row header repeats row by row
        while (
            j < min(r, 3)
            and r + j < len(rows)
            and rows[r + j] == rows[j]
            and _row_is_header_like(rows[j])
        ):
            flagged.add(r + j)
            j += 1
        r += j
    table.repeated_header_rows = sorted(flagged)


def _row_is_header_like(row: list[str]) -> bool:
    return bool(row) and not any(re.fullmatch(r"[-+]?[\d.,%]+", t) for t in row if t)


# ── headings and sections ─────────────────────────────────────────────────


@functools.cache
def _heading_rules() -> tuple[int, tuple[str, ...], list[tuple[int, re.Pattern, bool]], str]:
    data = patterns.load("sections")
    rules = [
        (int(n["level"]), re.compile(n["regex"]), bool(n.get("resets_nesting", False)))
        for n in data["numbering"]
    ]
    return (
        int(data["max_heading_chars"]),
        tuple(data["sentence_endings"]),
        rules,
        data["ordinals"],
    )


def heading_level(text: str) -> tuple[int, bool] | None:
    """Level of a heading by its numbering, and whether it resets nesting; None if no heading."""
    max_chars, endings, rules, _ = _heading_rules()
    t = text.strip()
    if not t or "\n" in t or len(t) > max_chars or t.endswith(endings):
        return None
    for level, rx, resets in rules:
        if rx.match(t):
            return level, resets
    return None


def list_item(text: str) -> tuple[int, int] | None:
    """The numbering a text starts with, as (which numbering, its number): 3、… → (n, 3),
    （三）… → (m, 3), ③… → (k, 3); a sentence's too (heading or not); None without one."""
    t = text.lstrip()
    for i, (_level, rx, resets) in enumerate(_heading_rules()[2]):
        m = None if resets else rx.match(t)  # 附件2: an annex, no list's item
        if m is None:
            continue
        mark = m.group(0)
        if "①" <= mark[0] <= "⑳":  # one run of code points (numbering.py writes them)
            return i, ord(mark[0]) - ord("①") + 1
        digits = re.search(r"[0-9]+", mark)
        if digits is not None:
            return i, int(digits.group(0))
        n = ordinal(mark.lstrip("（( "))
        return (i, n) if n is not None else None
    return None


def ordinal(text: str) -> int | None:
    ordinals = _heading_rules()[3]
    m = re.match(r"^\s*([一二三四五六七八九十]{1,3})", text)
    if not m:
        return None
    s = m.group(1)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + ordinals.index(s[1]) + 1
    if len(s) >= 2 and s[1] == "十":
        return (ordinals.index(s[0]) + 1) * 10 + (ordinals.index(s[2]) + 1 if len(s) > 2 else 0)
    return ordinals.index(s[0]) + 1 if s[0] in ordinals else None


class _Sections:
    """Keeps the heading stack; a numbering that restarts at 一 nests under the last level 1."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []
        self.nest = 0
        self.top_ordinal: int | None = None

    def add(self, text: str, level: int, resets: bool) -> int:
        t = " ".join(text.split())
        if resets:
            self.nest = 0
            self.top_ordinal = None
        elif level == 1 and self.nest == 0:
            o = ordinal(t)
            if o == 1 and self.top_ordinal is not None and self.top_ordinal > 1:
                self.nest = 1
            elif o is not None:
                self.top_ordinal = o
        eff = level + self.nest
        while self.stack and self.stack[-1][0] >= eff:
            self.stack.pop()
        self.stack.append((eff, t))
        return eff

    @property
    def path(self) -> str:
        return " > ".join(t for _, t in self.stack)


# ── assembly ──────────────────────────────────────────────────────────────


def assemble(source: Source, items: list[Item]) -> Document:
    """Build the Document from a loader's items (see module doc for the steps)."""
    flat: list[Item] = []
    for it in items:
        if isinstance(it, RawTable):
            for sub in split_caption_rows(it.table, it.page):
                if isinstance(sub, RawTable):
                    mark_repeated_headers(sub.table)
                flat.append(sub)
        else:
            flat.append(it)

    sections = _Sections()
    blocks: list[Block] = []
    offset = 0
    for it in flat:
        if isinstance(it, Paragraph):
            text = it.text.strip()
            if not text:
                continue
            found = heading_level(text)
            if it.style_level is not None and found is None:
                found = (it.style_level, False)
            if found:
                level = sections.add(text, *found)
                block = Block(
                    index=len(blocks), kind="heading", text=text, level=level, page=it.page
                )
                block.section = sections.path
            else:
                block = Block(
                    index=len(blocks),
                    kind="paragraph",
                    text=text,
                    section=sections.path,
                    page=it.page,
                )
        else:
            table = it.table
            if not table.cells:
                continue
            text = table.render()
            pages = table.pages
            block = Block(
                index=len(blocks),
                kind="table",
                text=text,
                section=sections.path,
                page=pages[0] if pages else it.page,
                table=table,
            )
        if blocks:
            offset += len(BLOCK_SEP)
        block.start = offset
        offset += len(block.text)
        block.end = offset
        blocks.append(block)
    return Document(source=source, blocks=blocks)
