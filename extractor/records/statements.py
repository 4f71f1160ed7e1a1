"""决算/预算 disclosure tables → keyed ``Statement`` records (records stage).

The pipeline of one table, each step a small function:

    table block ─▶ title_of        the caption above it or its own title rows
                ─▶ split_header    header rows (up to the first row with an amount), 栏次 rows
                ─▶ match_schema    which schema of patterns/statements.yaml, with a score and why
                ─▶ sides           one side, or the 收入 and 支出 halves of a 总表
                ─▶ column_keys     header words → column keys, with their group (预算数/决算数)
                ─▶ read_rows       code, label, level (类/款/项 from the code), row key, cells

A table continued on the next page (no caption of its own, same width, right after a
statement) is read into the statement it continues.  A table that matches no schema is
left alone: it is not a statement, and no rule will add up its columns.  Every choice
is written to the statement (``match``, ``why``) or to ``report.decisions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..loaders.normalize import key
from ..model import Block, Cell, Document
from ..report import Report, Statement, StatementRow
from .cells import is_placeholder, join_lines, parse_number
from .statement_fold import (
    by_source,
    column_group,
    earlier_year_is_prior,
    item_rows,
    period_rows,
    synonym_key,
    total_from,
    without_repeated_totals,
)
from .statement_rows import (  # noqa: F401 - Column, is_line_numbers re-exported
    CODE_RE,
    TYPE_COLS,
    UNKNOWN,
    Column,
    cell_amount,
    full_key,
    is_line_numbers,
    read_rows,
)
from .statement_schema import Schema, StatementPatterns, statement_patterns
from .tables import unit_in

CAPTION_LOOKBACK = 3
"""Non-table blocks above a table searched for its caption."""
CAPTION_MAX_CHARS = 160
"""A longer block is narrative, not a caption (a page's title line may be joined in)."""
TITLE_ROW_MIN_SPAN = 0.6
"""A top row whose one text spans this share of the width is a title row, not a header."""
LABEL_TEXT_SHARE = 0.5
"""A column is a label column when at least this share of its body cells are not numbers."""
CONTINUATION_MAX_GAP = 2
TITLE_MATCH = Decimal("0.7")
"""Match score of a table whose title names a schema, before its header words count."""
"""Short non-table blocks (page furniture) allowed between a table and its continuation."""


# ── title ────────────────────────────────────────────────────────────────


def title_rows(grid: list[list[Cell | None]]) -> int:
    """Rows at the top of a table that are its title or 单位 note, not its header."""
    n = 0
    width = len(grid[0]) if grid else 0
    for row in grid:
        cells = {id(c): c for c in row if c is not None and c.text.strip()}
        if len(cells) != 1 or width < 2:
            break
        (cell,) = cells.values()
        if cell.colspan < TITLE_ROW_MIN_SPAN * width and unit_in(cell.text) is None:
            break
        n += 1
    return n


def title_of(doc: Document, block: Block, grid: list[list[Cell | None]]) -> str:
    """The caption above the table and the table's own title rows, joined."""
    above: list[str] = []
    for b in reversed(doc.blocks[: block.index]):
        if b.kind == "table" or len(above) >= CAPTION_LOOKBACK:
            break
        if len(b.text) > CAPTION_MAX_CHARS:
            # a caption run into the narrative above it keeps its last sentence
            above.append(b.text[-CAPTION_MAX_CHARS // 2 :])
            break
        above.append(b.text)
    own = [
        next(c.text for c in grid[r] if c is not None and c.text.strip())
        for r in range(title_rows(grid))
    ]
    return key(" ".join([*reversed(above), *own]))


# ── header ───────────────────────────────────────────────────────────────


def split_header(grid: list[list[Cell | None]], top: int) -> tuple[int, set[int]]:
    """First body row after ``top``, and the 栏次 rows among the header rows."""
    skip: set[int] = set()
    r = top
    while r < len(grid):
        row = grid[r]
        if is_line_numbers(row):
            skip.add(r)
            r += 1
            continue
        if any(cell_amount(c) is not None and c.row == r for c in row if c is not None):
            # a row with an amount starts the body unless all its numbers are codes
            if not all(
                CODE_RE.fullmatch(key(c.text))
                for c in row
                if c is not None and cell_amount(c) is not None
            ):
                break
            if any(key(c.text) and not key(c.text).isdigit() for c in row if c is not None):
                break
        r += 1
    return r, skip


def columns_of(grid: list[list[Cell | None]], top: int, body: int, skip: set[int]) -> list[Column]:
    out = []
    for c in range(len(grid[0]) if grid else 0):
        parts: list[str] = []
        for r in range(top, body):
            cell = grid[r][c]
            t = key(join_lines(cell.text)) if cell is not None else ""
            if r in skip and t not in TYPE_COLS:
                continue  # a 栏次 row keeps only its 类/款/项 marks
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        out.append(Column(col=c, header="/".join(parts), parts=parts))
    return out


# ── schema ───────────────────────────────────────────────────────────────


def _last(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The match of ``rx`` that starts last in ``text`` (the caption nearest the table)."""
    found, pos = None, 0
    while (m := rx.search(text, pos)) is not None:
        found, pos = m, m.start() + 1
    return found


def match_schema(
    title: str, headers: str, kind: str | None, pats: StatementPatterns, rows: str = ""
) -> tuple[Schema | None, Decimal, str]:
    """The schema a table is, how well it matched (0–1) and why.  ``rows`` (the body's first
    cells) counts as headers for a schema that may print its items as rows (项目 | 预算数 over
    因公出国（境）费 | 0.00)."""
    best: tuple[Schema | None, Decimal, str] = (None, Decimal(0), "")
    best_end = (-1, -1)
    for s in pats.schemas:
        found_at = [(m.end(), m.start(), rx) for rx in s.title_res if (m := _last(rx, title))]
        if not found_at or any(rx.search(title) for rx in s.not_title_res):
            continue
        end, start, hit = max(found_at, key=lambda p: (p[0], p[1]))
        seen = headers + "|" + rows if s.items_as_rows else headers
        found = [h for h in s.headers if key(h) in seen]
        share = Decimal(len(found)) / Decimal(len(s.headers)) if s.headers else Decimal(1)
        score = (TITLE_MATCH + (1 - TITLE_MATCH) * share).quantize(Decimal("0.01"))
        if not found:
            score = min(score, Decimal("0.5"))  # a title and no header word: not sure at all
        if kind in ("final_accounts", "budget") and s.kind != kind:
            score = (score * Decimal("0.8")).quantize(Decimal("0.01"))
        # the caption nearest the table (the end of the title text) wins a tie: a note
        # about another table above it must not name this one
        if (score, end, start) > (best[1], *best_end):
            why = f"title «{hit.pattern}»; headers {found or 'none'} of {list(s.headers)}"
            best, best_end = (s, score, why), (end, start)
    return best


# ── columns ──────────────────────────────────────────────────────────────


def column_keys(columns: list[Column], pats: StatementPatterns) -> None:
    """Set each amount column's key and group from its header parts.

    The key is the lowest part that names a column (公务接待费 over 预算数 | 决算数 gives
    公务接待费 to both); the group is a part that names 预算数/决算数/上年 … and is not the
    key's own part.  A part that names only a group, with no key above it, is the key
    (a single 决算数 column)."""
    for col in columns:
        if not col.parts:
            continue
        if col.parts[-1].startswith("其中"):
            # 其中：专项资金 under 一般公共预算拨款 is a part of it, not it; a 其中 that names a
            # column exactly (其中：公务用车运行费) is that column
            named = col.parts[-1].removeprefix("其中").lstrip(":：")
            exact = next((k for syn, k in pats.column_synonyms if syn == named), None)
            if exact is not None:
                col.key = exact
            continue
        key_at = _key_of(col, pats)
        for i, part in enumerate(col.parts):
            if i == key_at:
                continue
            g = column_group(part, pats.group_synonyms)
            if g is not None:
                col.group = g
                break  # the outermost period names the group (上年 over …“三公”经费预算)
        last_group = column_group(col.parts[-1], pats.group_synonyms)
        if col.key is None and last_group is not None:
            # the column is only a period (决算数, 预算数): the document's own amount
            col.key, col.group = last_group, None
    earlier_year_is_prior(columns, pats)


def _key_of(col: Column, pats: StatementPatterns) -> int | None:
    """Set ``col.key`` from the lowest header part that names a column; the part's index."""
    for i in range(len(col.parts) - 1, -1, -1):
        k = synonym_key(col.parts[i], pats.column_synonyms)
        if k is None:
            continue
        if col.parts[i] == "小计" and i > 0:
            # a 小计 under a heading is that heading's total (公务用车购置及运行费/小计);
            # under a heading no synonym or group names (2026年政府采购项目) it is that
            # unknown heading's total, not the table's
            parent = col.parts[i - 1]
            if column_group(parent, pats.group_synonyms) is None:
                k = synonym_key(parent, pats.column_synonyms)
            # (under a period, 上年结转/小计, it is that period's total)
            if k is None:
                break
        if column_group(col.parts[i], pats.group_synonyms) is not None and k == "total":
            continue  # 本年支出 in 本年支出合计 … is a total; a bare 决算数 is no key
        if k == "amount" and i > 0:
            # 金额 under a heading that names a column (本级财政拨款/金额 beside
            # 本级财政拨款/其中:经费拨款) is that heading's amount
            above = next(
                (a for a in (synonym_key(p, pats.column_synonyms) for p in col.parts[:i]) if a),
                None,
            )
            k = above or k
        if i < len(col.parts) - 1 and column_group(col.parts[i], pats.group_synonyms):
            return None  # 上年结转/单位资金: an item no key names, in the 上年结转 period
        col.key = k
        return i
    return None


def _text_share(grid: list[list[Cell | None]], c: int, body: int) -> float:
    texts = [grid[r][c] for r in range(body, len(grid))]
    # a placeholder (-, —, /, 无) says "nothing" in an amount column; it names no row
    filled = [
        cell
        for cell in texts
        if cell is not None and key(cell.text) and not is_placeholder(cell.text)
    ]
    if not filled:
        return 0.0
    words = [cell for cell in filled if parse_number(cell.text) is None]
    return len(words) / len(filled)


def label_columns(grid: list[list[Cell | None]], columns: list[Column], body: int) -> list[int]:
    """Columns that name rows (科目名称, 项目) or hold their codes, left to right."""
    out = []
    for col in columns:
        h = col.parts[-1] if col.parts else ""
        named = h in TYPE_COLS or "编码" in h or "代码" in h or "名称" in h or h in ("项目", "科目")
        if named or (col.key is None and _text_share(grid, col.col, body) >= LABEL_TEXT_SHARE):
            out.append(col.col)
    return out


def sides(
    columns: list[Column], labels: list[int], two_sided: bool
) -> list[tuple[str | None, list[int]]]:
    """Column indices of each side: the 收入 half and the 支出 half of a 总表, or one side."""
    if not two_sided:
        return [(None, [c.col for c in columns])]
    # the expense side starts at the first label column after an amount column
    amounts = [c.col for c in columns if c.col not in labels]
    if not amounts:
        return []
    start = next((lc for lc in labels if lc > amounts[0]), None)
    if start is None:
        return []
    left = [c.col for c in columns if c.col < start]
    right = [c.col for c in columns if c.col >= start]
    return [("income", left), ("expense", right)]


def halves(columns: list[Column], labels: list[int]) -> list[list[int]] | None:
    """Column groups of a table printed as equal halves side by side (科目编码 | 科目名称 |
    决算数 twice), each with its own label column; or None."""
    n = len(columns)
    for p in range(2, n // 2 + 1):
        if n % p:
            continue
        heads = [c.parts[-1] if c.parts else "" for c in columns]
        if any(heads[:p]) and all(heads[i] == heads[i % p] for i in range(n)):
            parts = [list(range(k, k + p)) for k in range(0, n, p)]
            if all(any(c in labels for c in part) for part in parts):
                return parts
    return None


# ── the stage ────────────────────────────────────────────────────────────


def is_empty_note(text: str, pats: StatementPatterns) -> bool:
    t = key(text)
    return any(rx.search(t) for rx in pats.empty_res)


def empty_note(doc: Document, block: Block, pats: StatementPatterns) -> str | None:
    """The note that says this table is empty, in the table or in the paragraph right under it."""
    texts = [block.text]
    if block.index + 1 < len(doc.blocks) and doc.blocks[block.index + 1].kind != "table":
        texts.append(doc.blocks[block.index + 1].text)
    for text in texts:
        for line in text.splitlines():
            if is_empty_note(line, pats):
                return line.strip()
    return None


def _note_after(doc: Document, block: Block) -> str:
    nxt = [b.text for b in doc.blocks[block.index + 1 : block.index + 3] if b.kind != "table"]
    return " ".join(nxt)


@dataclass
class Layout:
    """How a statement's table was read, reused for its continuation on the next page."""

    schema: Schema
    columns: list[Column]
    labels: list[int]
    sides: list[tuple[str | None, list[int]]]
    default_key: str
    merge: bool = False
    """The sides are halves of one statement (printed side by side), not two statements."""

    def half_of(self, n: int) -> int:
        """Halves under the same heading (公用经费 printed over two halves) are one half."""
        heads = [tuple(self.columns[cols[-1]].parts[:-1]) for _, cols in self.sides]
        if len(set(heads)) == 1:
            return n  # no heading tells them apart: each half is its own
        return list(dict.fromkeys(heads)).index(heads[n])


def read_table(
    doc: Document, block: Block, kind: str | None, pats: StatementPatterns
) -> tuple[list[Statement], Layout | None]:
    """The statement(s) of one table block: none when it matches no schema."""
    assert block.table is not None
    grid = block.table.grid()
    if not grid:
        return [], None
    top = title_rows(grid)
    title = title_of(doc, block, grid)
    if not any(rx.search(title) for s in pats.schemas for rx in s.title_res):
        return [], None
    body, skip = split_header(grid, top)
    columns = columns_of(grid, top, body, skip)
    headers = "|".join(c.header for c in columns)
    rows = "|".join(key(row[0].text) for row in grid[body:] if row and row[0] is not None)
    schema, score, why = match_schema(title, headers, kind, pats, rows)
    if schema is None:
        return [], None
    if kind not in ("final_accounts", "budget") and score < Decimal(str(pats.min_match_for_error)):
        # in a self-evaluation a title alone does not make a 决算 table: the table stays
        # with the readers of the report's own tables (a 评分表 about 基本支出 is no statement)
        return [], None
    if pats.derived_re is not None:
        columns = [c for c in columns if not pats.derived_re.search(key(c.header))]
    column_keys(columns, pats)
    why += _widen(schema, columns)
    total_from(schema, columns)
    by_source(schema, columns, pats)
    labels = label_columns(grid, columns, body)
    unit = unit_in(title) or next((u for c in columns if (u := unit_in(c.header))), None)
    default_key = "final" if schema.kind == "final_accounts" else "budget"
    empty = is_empty_note(key(block.text) + _note_after(doc, block), pats)
    note = empty_note(doc, block, pats)
    layout = Layout(schema, columns, labels, sides(columns, labels, schema.two_sided), default_key)
    if not schema.two_sided:
        why += _side_by_side(layout, pats)
    shared: dict[str, Any] = {
        "title": schema.name,
        "unit": unit,
        "page": block.page,
        "block": block.index,
    }
    fields = {**shared, "match": score, "why": why, "empty_note": note}
    out = _read_sides(grid, body, block, layout, pats, empty, fields)
    if not out:
        # the halves of a 总表 could not be told apart: seen, but not read
        out.append(
            Statement(
                schema=schema.id,
                match=Decimal("0.3"),
                why=why + "; its 收入 and 支出 sides could not be told apart",
                **shared,
            )
        )
    return out, layout


def _widen(schema: Schema, columns: list[Column]) -> str:
    """Re-key the columns of a table wider than its schema (三公 with 合计, 会议费, 培训费
    beside it); what to add to ``why``."""
    if schema.widened is None or not any(c.key in schema.widened.with_ for c in columns):
        return ""
    for col in columns:  # 三公 小计 is the schema's total, 合计 the wider one
        if col.key in schema.widened.rename and not (col.parts and "三公" in col.parts[-1]):
            col.key = schema.widened.rename[col.key]  # (“三公”经费合计 stays the 三公 total)
    if not any(c.key == "total" for c in columns):
        # “三公”经费 / 小计 (江苏): the 小计 under the 三公 heading, whatever its quotes
        for col in columns:
            if len(col.parts) > 1 and col.parts[-1] == "小计" and "三公" in col.parts[-2]:
                col.key = "total"
                break
    groups = {c.group for c in columns if c.key is not None}
    if None in groups and len(groups) == 2:
        # one period only, named by the 三公 heading (…“三公”经费预算): 合计, 会议费 and
        # 培训费 beside it are of the same period
        for col in columns:
            col.group = None
    return f"; widened by {list(schema.widened.with_)}"


def _side_by_side(layout: Layout, pats: StatementPatterns) -> str:
    """Read a table printed as equal halves side by side as one statement; what to add to
    ``why``."""
    columns = layout.columns
    if (parts := halves(columns, layout.labels)) is None:
        return ""
    # 人员经费 | 公用经费 printed side by side with the same columns: one statement
    layout.sides = [(None, p) for p in parts]
    layout.merge = True
    for col in columns:  # each half's own heading (人员经费 / 公用经费) is no column key
        probe = Column(col.col, col.header, col.parts[-1:])
        column_keys([probe], pats)
        col.key, col.group = probe.key, probe.group
    return f"; {len(parts)} halves side by side"


def _read_sides(
    grid: list[list[Cell | None]],
    body: int,
    block: Block,
    layout: Layout,
    pats: StatementPatterns,
    empty: bool,
    fields: dict[str, Any],
) -> list[Statement]:
    """One statement per side of the layout (halves side by side: one for all); ``fields``
    are the statement's own (title, unit, page, match, why, note, block)."""
    schema = layout.schema
    out: list[Statement] = []
    for n, (side, cols) in enumerate(layout.sides):
        rows, out_cols = read_rows(
            grid, body, cols, layout.columns, layout.labels, side, layout.default_key, pats
        )
        rows = without_repeated_totals(rows)
        for row in rows:
            row.block = block.index
            row.half = layout.half_of(n) if layout.merge else None
        only = [r for r in rows if r.cells]
        items = side is None and schema.items_as_rows and len(only) > 2
        if items and any(r.key for r in only) and (folded := item_rows(only, pats)) is not None:
            rows = [folded]  # 合计 | 27.31 over 1、因公出国（境）费用 | 0.00 …: items as rows
        if side is None and not any(r.key == "total" for r in rows):
            if len(only) == 1 and not only[0].label:
                only[0].key, only[0].level = "total", 0  # a 三公 table's one row of amounts
            elif (folded := period_rows(only, pats, layout.default_key)) is not None:
                rows = [folded]  # 预算数 | … / 决算数 | …: one row, its columns by period
            elif schema.items_as_rows and (folded := item_rows(only, pats)) is not None:
                rows = [folded]  # 收入总计 | … / 一般公共预算资金小计 | …: items as rows
        if layout.merge and out:
            out[0].rows.extend(rows)
            continue
        out.append(
            Statement(
                schema=f"{schema.id}.{side}" if side else schema.id,
                empty=empty and not any(r.cells for r in rows),
                columns=out_cols,
                rows=rows,
                **fields,
            )
        )
    return out


def _row_sig(row: StatementRow) -> tuple:
    return (row.key, row.code, row.label, tuple(sorted((k, c.raw) for k, c in row.cells.items())))


def _continues(doc: Document, prev: Block, block: Block) -> bool:
    """``block`` is the rest of ``prev`` cut by a page break: same width, nothing between
    but short page furniture, and no caption of its own."""
    if prev.table is None or block.table is None or prev.table.n_cols != block.table.n_cols:
        return False
    between = doc.blocks[prev.index + 1 : block.index]
    return len(between) <= CONTINUATION_MAX_GAP and all(len(b.text) <= 20 for b in between)


def extend(
    block: Block, statements: list[Statement], layout: Layout, pats: StatementPatterns
) -> None:
    """Read a continuation block with the layout of the statement(s) it continues."""
    assert block.table is not None
    grid = block.table.grid()
    body, _ = split_header(grid, 0)
    if body >= len(grid):
        body = 0
    targets = [statements[0]] * len(layout.sides) if layout.merge else statements
    for n, (st, (side, cols)) in enumerate(zip(targets, layout.sides, strict=False)):
        rows, _ = read_rows(
            grid, body, cols, layout.columns, layout.labels, side, layout.default_key, pats
        )
        rows = without_repeated_totals(rows)
        for row in rows:
            row.block = block.index
            row.half = layout.half_of(n) if layout.merge else None
        st.rows.extend(rows)


def annotate(report: Report, doc: Document) -> None:
    """Fill ``report.statements`` from every table matching a schema of patterns/statements.yaml."""
    pats = statement_patterns()
    last: tuple[Block, list[Statement], Layout] | None = None
    for block in doc.tables():
        found, layout = read_table(doc, block, report.kind, pats)
        if (
            found
            and last is not None
            and [s.schema_id for s in found] == [s.schema_id for s in last[1]]
            and block.index - last[0].index <= CONTINUATION_MAX_GAP + CAPTION_LOOKBACK + 1
        ):
            # the same table again right after itself: its title repeated on the next page
            for st, more in zip(last[1], found, strict=True):
                # a page that repeats the header also repeats the 合计 row: read it once
                seen = {_row_sig(r) for r in st.rows}
                st.rows.extend(r for r in more.rows if _row_sig(r) not in seen)
            report.decisions.append(
                f"statements: table block {block.index} repeats the title of "
                f"{found[0].schema_id} on the next page; read as its continuation"
            )
            last = (block, last[1], last[2])
            continue
        if not found and last is not None and _continues(doc, last[0], block):
            extend(block, last[1], last[2], pats)
            report.decisions.append(
                f"statements: table block {block.index} continues {last[1][0].schema_id} "
                "(same width, no caption of its own)"
            )
            last = (block, last[1], last[2])
            continue
        if found and layout is not None:
            report.statements.extend(found)
            last = (block, found, layout)
        else:
            last = None
    for st in report.statements:
        if any(r.half for r in st.rows):
            # halves side by side, continued over pages: each half's rows together, in order
            st.rows.sort(key=lambda r: r.half or 0)
        report.decisions.append(
            f"statement {st.schema_id} (block {st.block}, match {st.match}): {st.why}"
        )
