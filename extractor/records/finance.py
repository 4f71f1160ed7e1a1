"""Finance tables (收入, 支出和结余, 三公经费, 固定资产, project funds) → ``report.tables``.

Second step of the records stage, after ``tables.find_regions``:

    region body rows
      → ``raw_rows``          label and value texts per row (merged cells filled,
                              a cell merged down from the row above not repeated)
      → ``unwrap``            a row that only continues the one above (a name or a
                              number wrapped onto the next line or page) joined to it
      → ``to_row``            numbers read exactly (``cells.parse_number``), the 汇总
                              row marked, placeholder rows (no value at all) dropped
      → ``inherit_units``     a table printing no unit takes its sibling's, recorded

Decisions (units inherited, numbers repaired) go to ``report.decisions``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Cell, Document
from ..report import CellValue, FinanceTable, Report, Row
from .cells import is_placeholder, label, label_key, parse_number
from .tables import Region, chains, header_rows_of, label_cells, row_cells, settings

_DIGITS_ONLY_RE = re.compile(r"^\s*\d{1,3}\s*$")
_OF_WHICH_RE = re.compile(r"^其中\s*[:：]\s*")


@dataclass
class RawRow:
    row: int
    label: str
    label_cell: Cell | None
    values: dict[str, str] = field(default_factory=dict)
    value_cells: dict[str, Cell] = field(default_factory=dict)


@functools.cache
def _row_res() -> dict[str, tuple[re.Pattern, ...]]:
    rows = settings()["rows"]
    return {
        name: tuple(re.compile(p) for p in rows.get(name, []))
        for name in ("numbered", "record_start", "summary", "skip")
    }


def numbered(text: str) -> bool:
    t = label(text) or ""
    return any(rx.search(t) for rx in _row_res()["numbered"])


def starts_record(text: str) -> bool:
    """A row name that begins a record of its own (numbered, 汇总, 合计, a funds row name)."""
    t = label(text) or ""
    if numbered(t) or any(rx.search(t) for rx in _row_res()["record_start"]):
        return True
    return funds_row_name(t) is not None


def is_summary(name: str) -> bool:
    t = label_key(name)
    return any(rx.search(t) for rx in _row_res()["summary"])


@functools.cache
def _funds_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    data = settings()["project_funds_rows"]
    return tuple((name, tuple(label_key(s) for s in syns)) for name, syns in data.items())


def funds_row_name(text: str) -> str | None:
    """The contract's name of a project funds row (其中：当年财政拨款 → 当年财政拨款)."""
    t = label_key(text)
    t = re.sub(r"^其中[:：]?", "", t)
    for name, syns in _funds_names():
        if any(s and (t == s or t.startswith(s) or (len(s) > 2 and s in t)) for s in syns):
            return name
    return None


# ── pipeline steps ────────────────────────────────────────────────────────


def raw_rows(region: Region) -> list[RawRow]:
    """Label and value texts of each body row (not the header rows)."""
    headers = header_rows_of(region)
    out: list[RawRow] = []
    for r in region.rows:
        names = [c for c in label_cells(region, r) if c.row not in headers and c.text.strip()]
        here = [c for c in names if c.row == r]
        named = here or names
        name_cell = named[-1] if named else None
        raw = RawRow(row=r, label=name_cell.text if name_cell else "", label_cell=name_cell)
        for k, cell in row_cells(region, r).items():
            if k in ("label", "seq") or cell.row != r or not cell.text.strip():
                continue  # a value merged down from the row above is not repeated
            raw.values[k] = cell.text
            raw.value_cells[k] = cell
        out.append(raw)
    return out


def _is_fragment(text: str) -> bool:
    return bool(_DIGITS_ONLY_RE.match(text))


def continues(prev: RawRow, row: RawRow) -> bool:
    """Does ``row`` only carry the wrapped ends of ``prev``'s cells?

    A wrapped name is text without a record-start (1、, 汇总) under a numbered
    row; a wrapped number is 1–3 bare digits under a number.  Anything else
    (another value, a name of its own) is a row of its own.
    """
    if not row.values and not row.label:
        return False
    if row.label and (starts_record(row.label) or not prev.label or not numbered(prev.label)):
        return False
    for k, text in row.values.items():
        if k not in prev.values or not _is_fragment(text):
            return False
        if parse_number(prev.values[k]) is None:
            return False
    return True


def unwrap(rows: list[RawRow]) -> list[RawRow]:
    """Join continuation rows onto the row they continue."""
    out: list[RawRow] = []
    for row in rows:
        if out and continues(out[-1], row):
            prev = out[-1]
            if row.label:
                prev.label = prev.label + "\n" + row.label
            for k, text in row.values.items():
                prev.values[k] = prev.values[k] + "\n" + text
            continue
        out.append(row)
    return out


def to_row(raw: RawRow, kind: str) -> Row | None:
    """A contract Row; None for a placeholder row (no value) or a 栏次 row."""
    name = label(raw.label) or ""
    if any(rx.search(label_key(name)) for rx in _row_res()["skip"]):
        return None
    cells: dict[str, CellValue] = {}
    unread: list[str] = []
    for k, text in raw.values.items():
        n = parse_number(text)
        if n is None:
            if not is_placeholder(text) and any(ch.isdigit() for ch in text):
                unread.append(k)
            continue
        cells[k] = CellValue(value=n.value, raw=n.raw, repaired=n.repaired)
    if not cells:
        return None
    if kind == "project_funds":
        # a row under 其中： is one of the parts; its name is the part's (基本支出, 单位资金)
        name = funds_row_name(name) or _OF_WHICH_RE.sub("", name)
    return Row(org=name, is_summary=is_summary(name), cells=cells, row=raw.row, unread=unread)


def name_unlabelled_total(rows: list[Row]) -> Row | None:
    """A project funds table whose first amount row has no name of its own is a one-line
    table (a department form's 预算执行情况, its name merged into the header rows): that
    row is the total.  Returns the row renamed, or None."""
    if not rows or rows[0].org:
        return None
    total = next(iter(settings()["project_funds_rows"]))
    rows[0].org, rows[0].is_summary = total, True
    return rows[0]


def read_chain(chain: list[Region]) -> list[Row]:
    """Rows of a table and its continuations after page breaks (a row may wrap across)."""
    raws = [raw for region in chain for raw in raw_rows(region)]
    read = [(raw, to_row(raw, chain[0].kind)) for raw in unwrap(raws)]
    pairs = [(raw, row) for raw, row in read if row is not None]
    if chain[0].kind == "project_funds":
        mark_nested_parts([(label(raw.label) or "", row) for raw, row in pairs])
    return [row for _, row in pairs]


FUNDS_AMOUNT_KEYS = ("initial_budget", "full_year_budget", "executed")
"""The amount columns of the project funds table (执行率, 分值, 得分 are not amounts)."""


def _parts_close(parent: Row, sums: dict[str, Decimal], n_parts: int) -> bool:
    """The parts read so far add up to their parent in every amount column it prints
    (within rounding): the list of parts is complete."""
    keys = [k for k in FUNDS_AMOUNT_KEYS if k in parent.cells]
    tolerance = Decimal("0.005") * (n_parts + 1)
    return bool(keys) and all(
        k in sums and abs(sums[k] - parent.cells[k].value) <= tolerance for k in keys
    )


def mark_nested_parts(rows: list[tuple[str, Row]]) -> None:
    """其中 under a part, not under the total, opens the parts of that part (云南: 财政拨款 ›
    其中：上级补助, 本级安排); they run until the next row the contract names (上年结转,
    其他资金), the next total, or until they add up to their parent (浙江: 一般公共预算 ›
    其中：上级转移支付, 本级财政, then 单位自有资金 beside it).  ``rows``: (printed label,
    row) pairs, in order."""
    contract = set(settings()["project_funds_rows"])
    parent: Row | None = None
    prev: Row | None = None
    sums: dict[str, Decimal] = {}
    n_parts = 0
    for printed, row in rows:
        if row.is_summary:
            parent = None
        elif _OF_WHICH_RE.match(printed) and prev is not None and not prev.is_summary:
            if prev.part_of is None:
                parent, sums, n_parts = prev, {}, 0
        elif parent is not None and row.org in contract:
            parent = None  # the next source the contract names ends the parts
        if parent is not None and row is not parent:
            row.part_of = parent.org
            n_parts += 1
            for k in FUNDS_AMOUNT_KEYS:
                if k in row.cells:
                    sums[k] = sums.get(k, Decimal(0)) + row.cells[k].value
            if _parts_close(parent, sums, n_parts):
                parent = None
        prev = row


# ── the stage ─────────────────────────────────────────────────────────────


def inherit_units(tables: dict[str, tuple[FinanceTable, Region]], report: Report) -> None:
    """A finance table with no unit printed takes the unit of the nearest earlier
    finance table in the same section that states one (the sibling tables of one
    收支情况 section are printed in one unit); the choice is recorded."""
    ordered = sorted(tables.items(), key=lambda kv: kv[1][1].block.index)
    for name, (table, region) in ordered:
        if table.unit is not None:
            continue
        sibling = None
        for other_name, (other, oregion) in ordered:
            if oregion.block.index >= region.block.index:
                break
            if (
                other.unit is not None
                and other.unit_source
                and not other.unit_source.startswith("inherited")
                and oregion.block.section == region.block.section
            ):
                sibling = (other_name, other, oregion)
        if sibling is None:
            table.unit_source = "not stated (no caption, header or 单位 note; no sibling table)"
            report.decisions.append(
                f"tables.{name}: no unit printed and no sibling table "
                "in its section states one; unit left null"
            )
            continue
        other_name, other, oregion = sibling
        table.unit = other.unit
        table.unit_source = (
            f"inherited from the {other_name} table (block {oregion.block.index}) "
            f"in the same section"
        )
        report.decisions.append(
            f"tables.{name} (block {region.block.index}): no unit printed; {other.unit} inherited "
            f"from the {other_name} table (block {oregion.block.index}, {other.unit_source}) "
            f"in the same section «{region.block.section}»"
        )


def annotate(report: Report, doc: Document, regions: list[Region]) -> None:
    """Fill ``report.tables`` from the finance regions (the first table of each kind,
    with its page-break continuations)."""
    kinds = settings()["finance_kinds"]
    found: dict[str, tuple[FinanceTable, Region]] = {}
    for chain in chains([g for g in regions if g.kind in kinds]):
        first = chain[0]
        if first.kind in found:
            report.decisions.append(
                f"tables.{first.kind}: a second table of this kind at block {first.block.index} "
                f"was not used (the first, block {found[first.kind][1].block.index}, was)"
            )
            continue
        table = FinanceTable(
            unit=first.unit,
            rows=read_chain(chain),
            block=first.block.index,
            page=first.block.page,
            unit_source=first.unit_source,
        )
        if first.kind == "project_funds" and name_unlabelled_total(table.rows) is not None:
            report.decisions.append(
                f"tables.project_funds (block {first.block.index}): the first amount row has no "
                f"name (it sits under the table's title cell); read as «{table.rows[0].org}»"
            )
        found[first.kind] = (table, first)
    inherit_units(found, report)
    for name, (table, _) in found.items():
        setattr(report.tables, name, table)
        for row in table.rows:
            for k, cv in row.cells.items():
                if cv.repaired:
                    report.decisions.append(
                        f"tables.{name}: «{row.org}» {k} printed {cv.raw!r} read as {cv.value} "
                        "(a number broken by a space or line break was rejoined)"
                    )
