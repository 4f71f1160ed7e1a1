"""Rows of a 决算/预算 disclosure table (records stage, for ``statements``).

``read_rows`` reads each body row of a matched table: the 科目 code and label (split over
类/款/项 columns or printed together), its level (类 1, 款 2, 项 3 from the code's length),
its row key (patterns/statements.yaml row synonyms, per side of a two-sided 总表) and the
amount cells under the keyed columns.  Split from statements.py (issue 19: module size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..loaders.normalize import key
from ..model import Cell
from ..report import CellValue, StatementColumn, StatementRow
from .cells import join_lines, parse_number
from .statement_schema import StatementPatterns

UNKNOWN = "unknown"
"""Key of an amount column no synonym names (its cells are not read)."""

_NUMBERING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))"
)

CODE_RE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?![\d,，.])\s*")
_BRACKETED_CODE_RE = re.compile(r"^[\[【［]\s*(\d{3}(?:\d{2}){0,2})\s*[\]】］]\s*")
"""[201]一般公共服务支出 (广州): a code in square brackets before the name."""

_TOTAL_RE = re.compile(r"^(?:合计|总计|本年(?:收入|支出)?合计|支出合计|收入合计|总额)$")

TYPE_COLS = {"类": 1, "款": 2, "项": 3}

_STARS_RE = re.compile(r"[*＊]+")


@dataclass
class Column:
    col: int
    header: str
    parts: list[str]
    key: str | None = None
    group: str | None = None


def cell_amount(cell: Cell | None) -> Decimal | None:
    if cell is None:
        return None
    n = parse_number(cell.text)
    return None if n is None or n.percent else n.value


def is_line_numbers(row: list[Cell | None]) -> bool:
    """A 栏次 row: only 栏次/行次 and small integers, or integers 1, 2, 3 … in order."""
    texts = [key(c.text) for c in {id(c): c for c in row if c is not None}.values()]
    texts = [t for t in texts if t]
    marks = ("栏次", "行次", "序号", *TYPE_COLS)
    starred = any(_STARS_RE.fullmatch(t) for t in texts)
    texts = [t for t in texts if not _STARS_RE.fullmatch(t)]
    if not texts or not all(t in marks or (t.isdigit() and len(t) <= 2) for t in texts):
        return False
    if any(t in ("栏次", "行次") for t in texts):
        return True
    values = [int(t) for t in texts]
    if starred and values == list(range(1, len(values) + 1)):
        return True  # ** | 1 | 2: the template's starred label cell over its column numbers
    return len(values) >= 3 and values == list(range(values[0], values[0] + len(values)))


def full_key(col: Column) -> str | None:
    if col.key is None:
        return None
    return f"{col.group}.{col.key}" if col.group else col.key


def _row_key(label: str, side: str | None, pats: StatementPatterns) -> str | None:
    label = label.rstrip(":：")  # 总计：
    if side is None:
        if _TOTAL_RE.match(label):
            return "total"
        for k, syns in pats.rows["table"].items():
            if any(label == key(s) for s in syns):
                return k
        return None
    for k, syns in pats.rows[side].items():  # type: ignore[index]
        if any(label.startswith(key(s)) for s in syns):
            return k
    return None


def read_rows(
    grid: list[list[Cell | None]],
    body: int,
    cols: list[int],
    columns: list[Column],
    labels: list[int],
    side: str | None,
    default_key: str,
    pats: StatementPatterns,
) -> tuple[list[StatementRow], list[StatementColumn]]:
    """The rows of one side of a table and its amount columns, keyed."""
    by_col = {c.col: c for c in columns}
    label_cols = [c for c in cols if c in labels]
    amount_cols = _amount_columns(grid, body, cols, by_col, labels, default_key)
    out_cols = _statement_columns(amount_cols, by_col)
    keyed = {sc.col: sc.key for sc in out_cols if sc.key != UNKNOWN}
    type_of = _code_part_columns(label_cols, by_col)
    rows: list[StatementRow] = []
    parent_codes: dict[int, str] = {}
    for r in range(body, len(grid)):
        row = grid[r]
        if is_line_numbers(row):
            continue
        code, words, type_parts = _read_label(row, body, label_cols, by_col, type_of)
        code, level = _code_and_level(code, type_parts, parent_codes)
        label = _NUMBERING_RE.sub("", "".join(words))
        cells = _read_cells(row, r, amount_cols, keyed)
        if not label and code is None and not cells:
            continue
        rkey = _row_key(label, side, pats)
        if side is None and rkey is not None:
            level = 0  # a 合计, or the 合计 of one half (人员经费合计)
        rows.append(StatementRow(label=label, code=code, level=level, key=rkey, cells=cells, row=r))
    _unit_total(rows, side, pats)
    return rows, out_cols


def _amount_columns(
    grid: list[list[Cell | None]],
    body: int,
    cols: list[int],
    by_col: dict[int, Column],
    labels: list[int],
    default_key: str,
) -> list[int]:
    """The amount columns of a side; a lone unnamed one gets the document's own key."""
    amount_cols = [c for c in cols if c not in labels and by_col[c].key != "line_no"]
    if len(amount_cols) == 1 and by_col[amount_cols[0]].key in (None, "amount"):
        # one amount column (金额, 决算数, or no header): the document's own column
        by_col[amount_cols[0]].key, by_col[amount_cols[0]].group = default_key, None
    # a 行次 column printed without a header word: small integers only
    return [c for c in amount_cols if not _line_numbers_column(grid, c, body)]


def _statement_columns(amount_cols: list[int], by_col: dict[int, Column]) -> list[StatementColumn]:
    """A column no synonym names is listed as `unknown`: a sum over its group is not checked."""
    out_cols: list[StatementColumn] = []
    for c in amount_cols:
        k = full_key(by_col[c]) or UNKNOWN
        if any(sc.key == k for sc in out_cols):
            k = UNKNOWN  # a key already taken: the first column of that name keeps it
        out_cols.append(StatementColumn(key=k, header=by_col[c].header, col=c))
    return out_cols


def _code_part_columns(label_cols: list[int], by_col: dict[int, Column]) -> dict[int, int]:
    """Label columns holding one part of the code (类/款/项) → the level of that part."""
    code_cols = [
        c
        for c in label_cols
        if by_col[c].parts and ("编码" in by_col[c].parts[-1] or "代码" in by_col[c].parts[-1])
    ]
    type_of: dict[int, int] = {}
    for c in sorted(label_cols):
        level = TYPE_COLS.get(by_col[c].parts[-1]) if by_col[c].parts else None
        if level is None:
            continue
        if level in type_of.values():
            break  # a second 类 | 款: another classification's code beside it (部门 | 政府经济分类)
        type_of[c] = level
    if not type_of and len(code_cols) == 3:
        # three code columns without 类/款/项 marks in the header are 类, 款 and 项 in order
        type_of = {c: i + 1 for i, c in enumerate(code_cols)}
    return type_of


def _read_label(
    row: list[Cell | None],
    body: int,
    label_cols: list[int],
    by_col: dict[int, Column],
    type_of: dict[int, int],
) -> tuple[str | None, list[str], dict[int, str]]:
    """A row's code, the words of its label and the code parts of 类/款/项 columns."""
    code: str | None = None
    words: list[str] = []
    type_parts: dict[int, str] = {}
    seen: set[int] = set()
    for c in label_cols:
        cell = row[c]
        if cell is None or id(cell) in seen or cell.row < body:
            continue  # a header cell merged down over the body names no row
        seen.add(id(cell))
        t = key(join_lines(cell.text))
        h = by_col[c].parts[-1] if by_col[c].parts else ""
        if c in type_of and t.isdigit():
            type_parts[type_of[c]] = t
        elif h in TYPE_COLS and t.isdigit():
            continue  # the code of another classification printed beside (政府经济分类 501)
        elif ("编码" in h or "代码" in h) and t.isdigit():
            code = t
        elif t in TYPE_COLS or t in ("栏次", "行次"):
            continue  # a header mark printed in a body row (类 | 款 | 项 | 合计)
        elif t:
            m = CODE_RE.match(t) or _BRACKETED_CODE_RE.match(t)
            if m and code is None and len(t) > m.end():
                code, t = m.group(1), t[m.end() :]
            words.append(t)
    return code, words, type_parts


def _code_and_level(
    code: str | None, type_parts: dict[int, str], parent_codes: dict[int, str]
) -> tuple[str | None, int | None]:
    """The full code and level (类 1, 款 2, 项 3) of a row; parts a row leaves out are its
    parents' (``parent_codes``, updated with this row)."""
    level = None
    if type_parts:
        deepest = max(type_parts)
        level = deepest
        for lv in range(1, deepest):
            if lv not in type_parts and lv in parent_codes:
                type_parts[lv] = parent_codes[lv][-2:] if lv > 1 else parent_codes[lv]
        if all(lv in type_parts for lv in range(1, deepest + 1)):
            code = "".join(type_parts[lv] for lv in range(1, deepest + 1))
    if code is not None and level is None and len(code) in (3, 5, 7):
        level = {3: 1, 5: 2, 7: 3}[len(code)]
    if code is not None and level is not None:
        parent_codes[level] = code
    return code, level


def _read_cells(
    row: list[Cell | None], r: int, amount_cols: list[int], keyed: dict[int, str]
) -> dict[str, CellValue]:
    """The amounts of a row by column key (a cell merged down from above is not this row's)."""
    cells: dict[str, CellValue] = {}
    for c in amount_cols:
        ck = keyed.get(c)
        cell = row[c]
        if ck is None or cell is None or cell.row != r:
            continue
        n = parse_number(cell.text)
        if n is None or n.percent:
            continue
        cells[ck] = CellValue(value=n.value, raw=cell.text.strip(), repaired=n.repaired)
    return cells


def _unit_total(rows: list[StatementRow], side: str | None, pats: StatementPatterns) -> None:
    """A table with no 合计 whose first row names the unit (深圳市统计局（本级）): that row
    is the unit's total."""
    if side is not None or not rows or any(r.key == "total" for r in rows):
        return
    first = rows[0]
    # a unit's own code (105001, 部门（单位）代码) is no 功能分类 code of 3, 5 or 7 digits
    unit_code = first.code is None or len(first.code) not in (3, 5, 7)
    if unit_code and first.cells and pats.unit_row_re.search(first.label):
        first.key, first.level = "total", 0


def _line_numbers_column(grid: list[list[Cell | None]], c: int, body: int) -> bool:
    values = [key(cell.text) for r in range(body, len(grid)) if (cell := grid[r][c]) is not None]
    values = [v for v in values if v]
    if len(values) < 3 or not all(v.isdigit() and len(v) <= 3 for v in values):
        return False
    ints = [int(v) for v in values]
    return ints == list(range(ints[0], ints[0] + len(ints)))
