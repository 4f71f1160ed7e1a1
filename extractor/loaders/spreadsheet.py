"""Spreadsheets (XLSX; XLS and Kingsoft ET) → one ``Document`` of table blocks (issue 13).

项目支出绩效自评表 and finance annexes are often published as workbooks.  Each sheet
becomes one table (its empty border rows and columns cut off); merged cells become
spans; a number is shown as the sheet displays it (``0.00`` → two decimals, ``#,##0``
→ thousands commas, ``0%`` → a percent) so printed precision survives.  Title rows
(one text across the sheet) become paragraphs through ``layout.assemble``, which splits
full-width caption rows out of every table the same way for all formats.

XLSX is read with openpyxl; XLS (and ET, usually XLS inside an OLE2 container) with
xlrd, which keeps merged ranges and number formats (``formatting_info``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import CorruptFile, EncryptedFile
from ..model import Cell, Document, Source, Table
from .layout import Item, RawTable, assemble, sha256_file
from .normalize import clean

_DECIMALS_RE = re.compile(r"0\.(0+)")


def _shown(value: Any, fmt: str | None) -> str:
    """A cell value as the sheet shows it (number format applied to decimals, %, commas)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        fmt = (fmt or "General").split(";", 1)[0]
        try:
            # a float as Excel shows it: 15 significant digits (0.1+0.2 → 0.3)
            d = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return str(value)
        percent = "%" in fmt
        if percent:
            d *= 100
        m = _DECIMALS_RE.search(fmt)
        if m:
            places = len(m.group(1))
        elif fmt == "General" or "@" in fmt:
            places = None
        else:
            places = 0 if "0" in fmt or "#" in fmt else None
        if places is not None:
            d = d.quantize(Decimal(1).scaleb(-places))
            text = f"{d:,.{places}f}" if "," in fmt else f"{d:.{places}f}"
        else:
            text = format(d.quantize(Decimal(1)) if d == d.to_integral_value() else d, "f")
        return text + ("%" if percent else "")
    return clean(str(value)).strip()


def _table(
    grid: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]]
) -> Table | None:
    """Cells from a sparse grid ``(row, col) → text`` and merged ranges (r0, c0, r1, c1 inclusive)."""
    filled = [rc for rc, t in grid.items() if t.strip()]
    if not filled:
        return None
    rows = sorted({r for r, _ in filled})
    cols = sorted({c for _, c in filled})
    r_min, r_max, c_min, c_max = rows[0], rows[-1], cols[0], cols[-1]
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in merges:
        r0, c0 = max(r0, r_min), max(c0, c_min)
        r1, c1 = min(r1, r_max), min(c1, c_max)
        if r0 > r1 or c0 > c1:
            continue
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update(
            (r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)
        )
    # drop empty rows inside the used range (spacing), keep the grid's row order
    keep_rows = [
        r
        for r in range(r_min, r_max + 1)
        if any(grid.get((r, c), "").strip() for c in range(c_min, c_max + 1))
        or any((r, c) in spans for c in range(c_min, c_max + 1))
    ]
    row_index = {r: i for i, r in enumerate(keep_rows)}
    cells: list[Cell] = []
    for r in keep_rows:
        for c in range(c_min, c_max + 1):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            last = max((x for x in keep_rows if x < r + rs), default=r)
            rs = row_index[last] - row_index[r] + 1
            cells.append(
                Cell(
                    text=grid.get((r, c), ""),
                    row=row_index[r],
                    col=c - c_min,
                    rowspan=rs,
                    colspan=cs,
                )
            )
    return Table(n_rows=len(keep_rows), n_cols=c_max - c_min + 1, cells=cells)


def _xlsx_items(path: Path) -> list[Item]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        raise CorruptFile(
            path, f"is a damaged XLSX workbook ({exc})", "open and re-save it"
        ) from exc
    items: list[Item] = []
    for ws in wb.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible":
            continue
        grid: dict[tuple[int, int], str] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    grid[(cell.row - 1, cell.column - 1)] = _shown(cell.value, cell.number_format)
        merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in ws.merged_cells.ranges
        ]
        table = _table(grid, merges)
        if table is not None:
            items.append(RawTable(table=table))
    return items


def _xls_items(path: Path) -> list[Item]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except NotImplementedError:
        book = xlrd.open_workbook(str(path))
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise EncryptedFile(path, "is a password-protected workbook") from exc
        raise CorruptFile(
            path, f"is a damaged XLS workbook ({exc})", "open and re-save it as XLSX"
        ) from exc
    items: list[Item] = []
    for sheet in book.sheets():
        if getattr(sheet, "visibility", 0):
            continue
        grid: dict[tuple[int, int], str] = {}
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                fmt = None
                if book.formatting_info and cell.xf_index is not None:
                    xf = book.xf_list[cell.xf_index]
                    fmt = book.format_map[xf.format_key].format_str
                value: Any = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = ""
                elif (
                    cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer() and not fmt
                ):
                    value = int(cell.value)
                grid[(r, c)] = _shown(value, fmt)
        merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in getattr(sheet, "merged_cells", [])]
        table = _table(grid, merges)
        if table is not None:
            items.append(RawTable(table=table))
    return items


def load(path: Path, fmt: str) -> Document:
    items = _xlsx_items(path) if fmt == "xlsx" else _xls_items(path)
    source = Source(
        path=str(path),
        format=fmt,  # type: ignore[arg-type]
        sha256=sha256_file(path),
        pages=None,
        encoding=None,
        text_layer=True,
        size=path.stat().st_size,
    )
    source.decisions.append(
        f"spreadsheet: {len(items)} sheet(s) with content read as tables; numbers as displayed"
    )
    return assemble(source, items)
