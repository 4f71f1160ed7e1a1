"""How a disclosure table's columns and rows are normalised to its schema (records stage):
header words to column keys and groups, groups told apart by a year, items split by fund
source, a 基本支出 小计 as the total, and tables that print their periods or items as rows
folded into the one total row they are.  Used by ``statements``."""

from __future__ import annotations

import re

from ..loaders.normalize import key
from ..report import CellValue, StatementRow
from .statement_rows import Column
from .statement_schema import Schema, StatementPatterns


def synonym_key(text: str, pairs: tuple[tuple[str, str], ...]) -> str | None:
    for syn, k in pairs:
        if text == syn:
            return k
    for syn, k in pairs:
        if syn in text:
            return k
    return None


def column_group(text: str, pairs: tuple[tuple[str, str], ...]) -> str | None:
    """A column group named by a header part: the part is the group word, or ends with it
    (2023年预算数) — not a word that merely holds it (一般公共预算财政拨款)."""
    for syn, g in pairs:
        if text == syn or text.endswith(syn):
            return g
    return None


_YEAR_RE = re.compile(r"^((?:19|20)\d\d)年")


def earlier_year_is_prior(columns: list[Column], pats: StatementPatterns) -> None:
    """Periods told apart by a year (2025年预算数 | 2026年预算数, a 三公 table of a 2026 budget;
    2025年执行数 | 2026年预算数, 国家信访局): the earlier years are the prior period, and a
    column that is only such a period (2025年执行数) is that period's total."""
    years = {y for col in columns if (y := _group_year(col, pats)) is not None}
    if len(years) < 2:
        return
    latest = max(years)
    for col in columns:
        y = _group_year(col, pats)
        if y is None or y == latest:
            continue
        if col.group is None and col.key in pats.groups:
            col.key = "total"
        col.group = "prior"


def _group_year(col: Column, pats: StatementPatterns) -> int | None:
    for part in col.parts:
        m = _YEAR_RE.match(part)
        if m and column_group(part, pats.group_synonyms) is not None:
            return int(m.group(1))
    return None


# ── rows ─────────────────────────────────────────────────────────────────


def by_source(schema: Schema, columns: list[Column], pats: StatementPatterns) -> None:
    """Items split by fund source (总计 / 一般公共预算 | 政府性基金预算 | 国有资本经营预算 under
    each 三公 item, 深圳): the first source is the item's amount, the others are not read."""
    if not schema.by_source:
        return
    for col in columns:
        if col.key not in schema.by_source or len(col.parts) < 2:
            continue
        item = next(
            (
                k
                for p in reversed(col.parts[:-1])
                if p != "小计"  # 公务用车购置及运行维护费/小计: the heading's own amount
                and (k := synonym_key(p, pats.column_synonyms)) is not None
            ),
            None,
        )
        if item is None or item in schema.by_source:
            continue
        col.key = item if col.key == schema.by_source[0] else None


def total_from(schema: Schema, columns: list[Column]) -> None:
    """A table with no 合计 column whose schema names the column that is its total
    (一般公共预算基本支出表: 基本支出预算/小计 | 人员支出 | 日常公用支出, 山东)."""
    keys = {c.key for c in columns}
    if "total" in keys:
        return
    for k in schema.total_is:
        if k in keys:
            for col in columns:
                if col.key == k:
                    col.key = "total"
            return


_YEAR_END_RE = re.compile(r"((?:19|20)\d\d)年(?:度)?(?:预算数?|决算数?)?$")


def period_rows(
    rows: list[StatementRow], pats: StatementPatterns, own: str = "budget"
) -> StatementRow | None:
    """A table printed with its periods as rows (a 三公 table: 预算数 | 593.46 | … over 决算数 |
    587.55 | …) as the one total row it is, each cell keyed ``<group>.<column>``; None when
    the rows are not each named by one period word."""
    if len(rows) < 2 or any(r.key or r.code for r in rows):
        return None
    cells: dict[str, CellValue] = {}
    years = [int(m.group(1)) for r in rows if (m := _YEAR_END_RE.search(key(r.label)))]
    for r in rows:
        label = key(r.label)
        group = next((g for g, words in pats.groups.items() if label in map(key, words)), None)
        year = _YEAR_END_RE.search(label)
        if group is None and year is not None and len(years) > 1:
            # 2025年 | … over 2026年 | …: the latest year is the document's own period
            group = own if int(year.group(1)) == max(years) else "prior"
        if group is None:
            return None
        for k, v in r.cells.items():
            cells[f"{group}.{k.split('.', 1)[-1]}"] = v
    first = rows[0]
    return first.model_copy(update={"label": "合计", "key": "total", "level": 0, "cells": cells})


def without_repeated_totals(rows: list[StatementRow]) -> list[StatementRow]:
    """A 合计 row printed again under the header a table repeats on each page (佛山's 收入
    决算表: 合计 | 1668.14 … on both pages) is the same row, not a second total over the
    rows after it."""
    out: list[StatementRow] = []
    for row in rows:
        if (
            row.key == "total"
            and row.cells
            and any(r.key == "total" and r.cells == row.cells for r in out)
        ):
            continue
        out.append(row)
    return out


def item_rows(rows: list[StatementRow], pats: StatementPatterns) -> StatementRow | None:
    """A table printing its column items as rows (江苏's 收入预算总表: 收入总计 | 37,188.34 over
    一般公共预算资金 小计 | 37,188.34 …; 广州's 三公 table: “三公”经费 | 226.86 | 226.86 | … over
    其中：（一）因公出国（境）支出 | 215.60 | …) as the one total row it is, read from its one
    amount column or its 合计 column; None unless a row is the total and a later row names a
    column.  Rows above the total (行政经费) are not its items, unless the total is the last
    row: then the rows above it are."""
    if len(rows) < 2 or any(r.code for r in rows):
        return None

    def amount(r: StatementRow) -> CellValue | None:
        if len(r.cells) == 1:
            return next(iter(r.cells.values()))
        return r.cells.get("total")

    if any(amount(r) is None for r in rows):
        return None
    at = next((i for i, r in enumerate(rows) if _is_total_item(r.label, pats)), None)
    if at is None:
        return None
    first = rows[at]
    items = rows[at + 1 :]
    if not items and at >= 2:
        # the total printed last, under its items (… | 总“三公”经费支出 | 1928.76)
        items = rows[:at]
    cells: dict[str, CellValue] = {"total": amount(first)}  # type: ignore[dict-item]
    for r in items:
        # 1、因公出国（境）费用, 其中：（1）公务用车购置费: the item's name without its numbering
        name = _ITEM_NUMBER_RE.sub("", key(r.label)).removesuffix("小计")
        k = synonym_key(name, pats.column_synonyms)
        value = amount(r)
        if k is not None and k != "total" and k not in cells and value is not None:
            cells[k] = value
    if len(cells) < 2:
        return None
    return first.model_copy(update={"key": "total", "level": 0, "cells": cells})


def _is_total_item(label: str, pats: StatementPatterns) -> bool:
    name = key(label)
    return bool(_TOTAL_WORDS.search(name)) or synonym_key(name, pats.column_synonyms) == "total"


_TOTAL_WORDS = re.compile("^(?:收入|支出)?(?:总计|合计)$")
_ITEM_NUMBER_RE = re.compile(
    r"^(?:其中[:：]?)?(?:\d+[、.]|[(（]\d+[)）]|[一二三四五六七八九十]+[、.])*"
)
