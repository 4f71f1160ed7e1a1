"""Table recognition by content: which rows of which table hold which kind of record.

First step of the records stage.  A report's tables are found by their
headers, never by their position, and one loaded table may hold several
(a project self-evaluation table is funds, targets and indicators in one
grid), so every row of every table is tried as the top of a header:

    table grid (merged cells cover their positions)
      → ``header_paths``   the distinct cells above each column, top to bottom
                           (a multi-row header rebuilt: 其中： › 基本支出 › 人员支出)
      → ``map_columns``    each column to a contract key (synonyms: columns.yaml)
      → ``match_header``   the kind whose required keys are all there, deepest
                           header that still adds keys (kinds: tables.yaml)
      → ``find_regions``   header + body rows until the next header; repeated
                           headers skipped; a table cut by a page break continues
      → ``region_unit``    万元/元 from a header cell, the caption above, a 单位 note

The readers (``finance``, ``scoring``, ``targets``) take a ``Region`` and read
its body rows through ``row_cells``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .. import patterns
from ..model import Block, Cell, Document, Table
from .cells import header_key, is_placeholder, label, parse_number

DATA_EXCLUDED = frozenset({"label", "seq"})
"""Keys that name no data column (row names, 序号)."""
TRAILING_ROWS = 3
"""A narrower table of at most this many rows right after a table may be its spanned last rows."""
LONGEST_HEADER_TEXT = 120
"""A cell longer than this (before normalising) is content, never a header."""


# ── synonyms ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Synonym:
    keys: tuple[str, ...]
    exact: tuple[str, ...]
    contains: tuple[str, ...]


@functools.cache
def synonyms() -> dict[str, tuple[Synonym, ...]]:
    """columns.yaml compiled: kind → its synonym entries, headers in comparison form."""
    data = patterns.load("columns")
    out: dict[str, tuple[Synonym, ...]] = {}
    for kind, entries in data.items():
        if kind == "generic":
            continue
        syns = []
        for name, spec in entries.items():
            keys = tuple(spec.get("keys", [name]))
            syns.append(
                Synonym(
                    keys=keys,
                    exact=tuple(header_key(s) for s in spec.get("exact", [])),
                    contains=tuple(header_key(s) for s in spec.get("contains", [])),
                )
            )
        out[kind] = tuple(syns)
    return out


@functools.cache
def _generic() -> frozenset[str]:
    return frozenset(header_key(s) for s in patterns.load("columns")["generic"])


@functools.cache
def settings() -> dict:
    return patterns.load("tables")


@functools.cache
def _kinds() -> tuple[tuple[str, tuple[tuple[str, ...], ...], int], ...]:
    return tuple(
        (name, tuple(tuple(g) for g in spec["required"]), int(spec["min_keys"]))
        for name, spec in settings()["kinds"].items()
    )


# ── header rows → column keys ─────────────────────────────────────────────


def header_paths(grid: list[list[Cell | None]], top: int, depth: int) -> list[list[Cell]]:
    """For each column, the distinct cells covering it in rows ``top``..``top+depth-1``.

    Cells merged down from above ``top`` are not part of a header starting there.
    """
    n_cols = len(grid[0]) if grid else 0
    paths: list[list[Cell]] = []
    for c in range(n_cols):
        path: list[Cell] = []
        for r in range(top, top + depth):
            cell = grid[r][c]
            if cell is not None and cell.row >= top and all(cell is not p for p in path):
                path.append(cell)
        paths.append(path)
    return paths


@functools.cache
def _any_synonym() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """The exact headers of every kind, and one pattern finding any word some synonym entry
    of some kind is matched by containing: a text with neither matches no entry."""
    exact: set[str] = set()
    contains: set[str] = set()
    for syns in synonyms().values():
        for syn in syns:
            exact.update(syn.exact)
            contains.update(s for s in syn.contains if s)
    words = sorted(contains, key=lambda s: (-len(s), s))
    return frozenset(exact), re.compile("|".join(map(re.escape, words))) if words else None


@functools.lru_cache(maxsize=16384)
def _matches(kind: str, text: str) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """(score, keys) of every synonym entry of ``kind`` a header text matches."""
    if not text or text in _generic():
        return ()
    max_contains = int(settings()["max_contains_chars"])
    exact, contained = _any_synonym()
    if text not in exact and (
        len(text) > max_contains or contained is None or contained.search(text) is None
    ):
        return ()  # most cells tried (figures, names): no entry of any kind (issue 18)
    out: list[tuple[float, tuple[str, ...]]] = []
    for syn in synonyms()[kind]:
        score = 0.0
        if text in syn.exact:
            score = 1000.0 - syn.exact.index(text)
        elif len(text) <= max_contains:
            hits = [s for s in syn.contains if s and s in text]
            if hits:
                score = float(max(len(s) for s in hits))
        if score:
            out.append((score, syn.keys))
    return tuple(out)


def _candidates(kind: str, cell: Cell, col: int) -> tuple[tuple[float, str], ...]:
    """(score, key) pairs a header cell offers for column ``col``; exact beats contains."""
    if len(cell.text) > LONGEST_HEADER_TEXT:
        return ()  # narrative, never a column name (and not worth normalising)
    return _offered(kind, cell.text, col - cell.col, cell.colspan > 1)


@functools.lru_cache(maxsize=16384)
def _offered(kind: str, text: str, i: int, spans: bool) -> tuple[tuple[float, str], ...]:
    """What a header cell of ``text`` offers the column ``i`` places right of its own
    (``spans``: it covers several columns).  Remembered: every kind asks every cell of every
    header row tried, row after row of every table (issue 18)."""
    out: list[tuple[float, str]] = []
    for score, keys in _matches(kind, header_key(text)):
        if len(keys) == 1:
            out.append((score, keys[0]))
        elif 0 <= i < len(keys) and (spans or i == 0):
            # one header over several columns: 评价内容 → category, subcategory
            out.append((score, keys[i]))
    return tuple(out)


def map_columns(kind: str, paths: list[list[Cell]]) -> dict[int, tuple[str, Cell]]:
    """Column → (key, naming cell) for one kind: bottom-most naming cell per column, each key once."""
    pairs: list[tuple[float, int, str, Cell]] = []
    for col, path in enumerate(paths):
        for cell in reversed(path):
            cands = _candidates(kind, cell, col)
            if cands:
                pairs.extend((score, col, k, cell) for score, k in cands)
                break
    pairs.sort(key=lambda p: (-p[0], p[1]))
    out: dict[int, tuple[str, Cell]] = {}
    used: set[str] = set()
    for _, col, k, cell in pairs:
        if col in out or k in used:
            continue
        out[col] = (k, cell)
        used.add(k)
    _level_weights(kind, pairs, out)
    return dict(sorted(out.items()))


def _level_weights(
    kind: str, pairs: list[tuple[float, int, str, Cell]], out: dict[int, tuple[str, Cell]]
) -> None:
    """Several columns offer 分值/权重: the one right after a level's label column is
    that level's weight (tables.yaml: level_weight_columns); the first other one is 分值."""
    conf = settings().get("level_weight_columns", {}).get(kind)
    offered = {col: cell for _, col, k, cell in pairs if k == "max"}
    if not conf or len(offered) < 2:
        return
    rest: list[int] = []
    for col in sorted(offered):
        if col in out and out[col][0] != "max":
            continue  # the column names something else better
        left = out.get(col - 1)
        if left is not None and left[0] in conf:
            out[col] = (conf[left[0]], offered[col])
        else:
            out.pop(col, None)
            rest.append(col)
    if rest:
        out[rest[0]] = ("max", offered[rest[0]])


def _valid(kind_required: tuple[tuple[str, ...], ...], min_keys: int, keys: set[str]) -> bool:
    data = keys - DATA_EXCLUDED
    return len(data) >= min_keys and all(any(k in keys for k in g) for g in kind_required)


def row_is_header_like(grid: list[list[Cell | None]], r: int) -> bool:
    """No cell starting in this row reads as a number (a data row always has one, or a name)."""
    for cell in grid[r]:
        if cell is not None and cell.row == r and parse_number(cell.text) is not None:
            return False
    return True


def names_a_column(text: str) -> bool:
    """The text is a column name of some table kind (收入合计, 分值 …)."""
    if len(text) > LONGEST_HEADER_TEXT:
        return False
    return _names_some_kind(header_key(text))


@functools.lru_cache(maxsize=16384)
def _names_some_kind(k: str) -> bool:
    """A header key matches a synonym of some table kind."""
    return any(_matches(kind, k) for kind in synonyms())


def _names_any(cell: Cell) -> bool:
    """Does the cell's text name a column of some kind (else it offers ``map_columns`` no key
    of any kind: ``_candidates`` is empty)?"""
    return len(cell.text) <= LONGEST_HEADER_TEXT and _names_some_kind(header_key(cell.text))


def _names_a_column(grid: list[list[Cell | None]], r: int) -> bool:
    """Some cell starting in row ``r`` is a column name of some kind (a quick first test)."""
    return any(
        c is not None
        and c.row == r
        and len(c.text) <= LONGEST_HEADER_TEXT
        and _names_some_kind(header_key(c.text))
        for c in grid[r]
    )


@dataclass
class Header:
    kind: str
    top: int
    depth: int
    columns: dict[int, str]

    @property
    def rows(self) -> range:
        return range(self.top, self.top + self.depth)


def _has_long_text(grid: list[list[Cell | None]], r: int) -> bool:
    limit = int(settings()["max_header_chars"])
    return any(c is not None and c.row == r and len(header_key(c.text)) > limit for c in grid[r])


def match_header(
    grid: list[list[Cell | None]], top: int, max_depth: int | None = None
) -> Header | None:
    """The best header starting at row ``top``: valid kind, most keys, then shallowest.

    The top row must name a column itself; a header grows downwards only through
    short, number-free rows that are not a header of their own.
    """
    if not _names_a_column(grid, top) or not row_is_header_like(grid, top):
        return None
    best: tuple[int, int, int] | None = None
    found: Header | None = None
    if max_depth is None:
        max_depth = int(settings()["max_header_rows"])
    for depth in range(1, max_depth + 1):
        r = top + depth - 1
        if r >= len(grid):
            break
        if depth > 1 and (
            not row_is_header_like(grid, r)
            or _has_long_text(grid, r)
            or match_header(grid, r, max_depth=1) is not None
        ):
            break  # a data row, narrative, or the start of another header
        # only the cells naming a column of some kind can name one of each kind: the others
        # are left out once here, not once a kind in map_columns (issue 18)
        paths = [[c for c in path if _names_any(c)] for path in header_paths(grid, top, depth)]
        for order, (kind, required, min_keys) in enumerate(_kinds()):
            named = map_columns(kind, paths)
            cols = {c: k for c, (k, _) in named.items()}
            if not _valid(required, min_keys, set(cols.values())):
                continue
            if not any(cell.row == top for _, cell in named.values()):
                continue  # the top row must name a column itself, or the header starts lower
            rank = (len(set(cols.values()) - DATA_EXCLUDED), -depth, -order)
            if best is None or rank > best:
                best, found = rank, Header(kind, top, depth, cols)
    return found


# ── regions ───────────────────────────────────────────────────────────────


@dataclass
class Region:
    """One recognised table (or part of one): its header, its body rows, its unit."""

    block: Block
    grid: list[list[Cell | None]] = field(repr=False)
    kind: str
    columns: dict[int, str]
    header: Header | None
    """None for the continuation of a table cut by a page break (columns carried over)."""
    rows: list[int] = field(default_factory=list)
    skipped_headers: list[int] = field(default_factory=list)
    unit: str | None = None
    unit_source: str | None = None
    continues: Region | None = None
    transposed: bool = False
    """Read from the table with rows and columns swapped (items printed as rows)."""

    def col_of(self, key: str) -> int | None:
        for c, k in self.columns.items():
            if k == key:
                return c
        return None

    @property
    def data_columns(self) -> dict[int, str]:
        return {c: k for c, k in self.columns.items() if k not in DATA_EXCLUDED}


def _carried_columns(
    carry: Region, block: Block, grid: list[list[Cell | None]]
) -> dict[int, str] | None:
    """Columns of ``carry`` as they fall in ``block``, if ``block`` can continue it.

    Same width: the same columns.  Narrower and short, with no header of its own:
    rows whose name spans several columns (小计, 合计) that Word's text export
    printed apart from the table; they line up with it on the right edge.
    """
    assert block.table is not None and carry.block.table is not None
    wide, narrow = carry.block.table.n_cols, block.table.n_cols
    if narrow == wide:
        return dict(carry.columns)
    if narrow > wide or block.table.n_rows > TRAILING_ROWS or match_header(grid, 0) is not None:
        return None
    shift = wide - narrow
    return {c - shift: k for c, k in carry.columns.items() if c >= shift}


def table_regions(block: Block, carry: Region | None = None) -> list[Region]:
    """Regions of one table block; ``carry`` is a region this table may continue."""
    assert block.table is not None
    grid = block.table.grid()
    repeated = set(block.table.repeated_header_rows)
    regions: list[Region] = []
    current: Region | None = None
    columns = _carried_columns(carry, block, grid) if carry is not None else None
    if carry is not None and columns is not None:
        current = Region(
            block=block,
            grid=grid,
            kind=carry.kind,
            columns=columns,
            header=None,
            unit=carry.unit,
            unit_source=carry.unit_source,
            continues=carry,
        )
    r = 0
    while r < len(grid):
        if r in repeated:
            if current is not None:
                current.skipped_headers.append(r)
            r += 1
            continue
        header = match_header(grid, r)
        if header is not None:
            if (
                current is not None
                and current.kind == header.kind
                and current.columns == header.columns
            ):
                # the header printed again (after a page break) but not flagged by the loader
                current.skipped_headers.extend(header.rows)
            else:
                if current is not None and (current.rows or current.header is not None):
                    regions.append(current)
                current = Region(
                    block=block, grid=grid, kind=header.kind, columns=header.columns, header=header
                )
            r += header.depth
            continue
        if current is not None:
            current.rows.append(r)
        r += 1
    if current is not None and (current.rows or current.header is not None):
        regions.append(current)
    for region in regions:
        _realign_lost_span(region)
    if not regions and carry is None:
        regions = transposed_regions(block)
    return regions


def _fit(region: Region, columns: dict[int, str]) -> int:
    """How well the body rows fit ``columns``: +1 for a number in a numeric column, -1 for
    text there, -1 for a number as the row's first cell (a row's name is never a number)."""
    numeric = set(settings().get("lost_span", {}).get("numeric_keys", {}).get(region.kind, ()))
    score = 0
    for r in region.rows:
        row = region.grid[r]
        first = row[0] if row else None
        if first is not None and first.row == r and parse_number(first.text) is not None:
            score -= 1
        for c, k in columns.items():
            cell = row[c] if c < len(row) else None
            if k not in numeric or cell is None or cell.row != r or is_placeholder(cell.text):
                continue
            score += 1 if parse_number(cell.text) is not None else -1
    return score


def _realign_lost_span(region: Region) -> None:
    """A form flattened to text prints the cell that heads a block of rows (预算执行情况
    （10分）, 绩效指标（90分）) once, in the header row only: the body rows then sit one
    column to the left of their header.  Realigned when the header's first cell names no
    column, spans one row, and the body fits the columns moved left strictly better."""
    header = region.header
    if header is None or region.kind not in settings().get("lost_span", {}).get("numeric_keys", {}):
        return
    if 0 in region.columns or not region.rows:
        return
    head = region.grid[header.top][0]
    if head is None or head.row != header.top or head.rowspan > 1 or not head.text.strip():
        return
    moved = {c - 1: k for c, k in region.columns.items()}
    if _fit(region, moved) > _fit(region, region.columns):
        region.columns = moved
        header.columns = dict(moved)


def transposed(table: Table) -> list[list[Cell | None]]:
    """The grid of ``table`` with rows and columns swapped (merges swap with them)."""
    cells = [
        c.model_copy(
            update={"row": c.col, "col": c.row, "rowspan": c.colspan, "colspan": c.rowspan}
        )
        for c in table.cells
    ]
    return Table(n_rows=table.n_cols, n_cols=table.n_rows, cells=cells).grid()


def transposed_regions(block: Block) -> list[Region]:
    """A finance table printed the other way round: the items (收入合计, 上年结转 …) as
    rows, the institutions — or one 金额 column — as columns.  Read transposed, it is
    the usual table: one row per institution.  Only a table with no region of its own
    is tried, and only the finance kinds (tables.yaml: transposable_kinds), headed at
    its first column."""
    assert block.table is not None
    grid = transposed(block.table)
    header = match_header(grid, 0) if grid else None
    if header is None or header.kind not in settings()["transposable_kinds"]:
        return []
    region = Region(block=block, grid=grid, kind=header.kind, columns=header.columns, header=header)
    region.rows = list(range(header.depth, len(grid)))
    region.transposed = True
    return [region]


@functools.cache
def _furniture() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in settings()["page_furniture"])


def _may_continue(doc: Document, prev: Block, block: Block) -> bool:
    """Nothing but page furniture (a page number) stands between the two tables."""
    between = doc.blocks[prev.index + 1 : block.index]
    return all(
        b.kind == "paragraph" and any(rx.search(b.text.strip()) for rx in _furniture())
        for b in between
    )


def find_regions(doc: Document) -> list[Region]:
    """Every recognised region of every table, in reading order, with units."""
    regions: list[Region] = []
    last: Region | None = None
    for block in doc.tables():
        carry = last if last is not None and _may_continue(doc, last.block, block) else None
        found = table_regions(block, carry)
        # a continuation is kept only when it got rows before this table's own first header
        found = [g for g in found if g.header is not None or g.rows]
        for g in found:
            if g.unit is None:
                g.unit, g.unit_source = region_unit(doc, g)
        regions.extend(found)
        if found:
            last = found[-1]
        elif block.table is not None and block.table.n_rows:
            last = None
    return regions


def chains(regions: list[Region]) -> list[list[Region]]:
    """Regions grouped with their page-break continuations, in reading order."""
    out: list[list[Region]] = []
    for region in regions:
        if region.continues is not None:
            for chain in out:
                if chain[-1] is region.continues:
                    chain.append(region)
                    break
            else:
                out.append([region])
        else:
            out.append([region])
    return out


# ── units ─────────────────────────────────────────────────────────────────


@functools.cache
def _unit_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in settings()["units"]["patterns"])


def unit_in(text: str, at_end: bool = False) -> str | None:
    """万元/元 named in a caption, header or 单位 note; None if none is.  ``at_end``: only
    a note that ends the text counts."""
    from unicodedata import normalize

    t = normalize("NFKC", text)
    if at_end:
        t = t.rstrip()
    for rx in _unit_res():
        for m in rx.finditer(t):
            if not at_end or m.end() == len(t):
                return m.group(1)
    return None


def region_unit(doc: Document, region: Region) -> tuple[str | None, str | None]:
    """The unit printed for a region and where it was found (None, None if nowhere)."""
    grid = region.grid
    if region.header is not None:
        for r in range(0, region.header.top + region.header.depth):
            for cell in grid[r]:
                if cell is not None and cell.row == r:
                    u = unit_in(cell.text)
                    if u:
                        where = "header cell" if r >= region.header.top else "title row"
                        return u, f"{where}: {label(cell.text)}"
        if any(not row_is_header_like(grid, r) for r in range(region.header.top)):
            # a region lower in a table, under rows with amounts, has no caption of its own;
            # under title rows only (项目名称, 主管部门) the table's caption is its caption
            return None, None
    conf = settings()["units"]
    limit = int(conf["caption_max_chars"])
    for looked, b in enumerate(reversed(doc.blocks[: region.block.index])):
        if b.kind == "table" or looked >= int(conf["caption_lookback"]):
            break
        if len(b.text) > limit:
            # narrative between a caption and the table: the caption is not this table's —
            # unless the 单位 note ends the block (a PDF runs the caption into the text above)
            u = unit_in(b.text[-limit:], at_end=True)
            if u:
                return u, f"caption at the end of block {b.index}"
            break
        u = unit_in(b.text)
        if u:
            return u, f"caption: {label(b.text)}"
    # a unit printed in a heading above (二、部门收支情况（金额单位：万元）) holds for its tables
    for heading in reversed(region.block.section.split(" > ") if region.block.section else []):
        u = unit_in(heading)
        if u:
            return u, f"heading: {label(heading)}"
    return None, None


# ── reading body rows ─────────────────────────────────────────────────────


def row_cells(region: Region, r: int) -> dict[str, Cell]:
    """Key → the cell covering row ``r`` in that key's column.

    A cell spanning several mapped columns belongs to the first of them only
    (a 总分 label spread over 一级/二级/三级 is the 一级 cell).  Cells still
    include those merged down from a row above; callers check ``cell.row``.
    """
    grid = region.grid
    out: dict[str, Cell] = {}
    for c, k in region.columns.items():
        cell = grid[r][c]
        if cell is None:
            continue
        if cell.colspan == 1:  # it covers column c alone: c is its first mapped column
            out[k] = cell
            continue
        first = min(
            (cc for cc in region.columns if cell.col <= cc < cell.col + cell.colspan), default=c
        )
        if first != c:
            continue
        out[k] = cell
    return out


def label_cells(region: Region, r: int) -> list[Cell]:
    """Cells of row ``r`` in columns left of the first data column that no data key claims.

    They hold the row's name (机构名称 column, or an unnamed column as in the
    project funds table); left to right, each cell once.
    """
    grid = region.grid
    data_cols = sorted(region.data_columns)
    first_data = data_cols[0] if data_cols else len(grid[r])
    cols = [c for c in range(first_data) if region.columns.get(c, "label") == "label"]
    out: list[Cell] = []
    for c in cols:
        cell = grid[r][c]
        if cell is not None and all(cell is not x for x in out):
            out.append(cell)
    return out


def header_rows_of(region: Region) -> set[int]:
    rows: set[int] = set(region.skipped_headers)
    if region.header is not None:
        rows.update(range(0, region.header.top + region.header.depth))
    return rows
