"""Forms flattened to a stream of cells, their rows rebuilt (text loader, issue 13).

Reports copied from web pages and from sites that publish a document's extracted text come
with their forms as a plain sequence of cells that no longer says where a row ends:

* one cell per line, each line ending in ``|`` and an empty cell as a bare ``|`` (an HTML
  table as a crawler renders it);
* a whole form on one line, its cells separated by runs of spaces (a WPS or Word file's text
  as a download page extracted it); empty cells are gone.

The rows come back from the form's own header: a run of at least ``HEADER_MIN_NAMED`` cells
that name columns (the column vocabulary of patterns/columns.yaml, asked of
``records.tables.names_a_column``) gives the row width ``w``.  The cells after it, up to the
next header, are cut into rows of at most ``w`` cells by dynamic programming over a small
cost model (``_row_cost``): a row starts with a name, not a number; a name that follows a
number and is followed by one starts a new row; long prose sits at a row's end; each cell
keeps the kind (number or text) its column has in the body's full rows.  The result is
written in Word's text-export layout (a TAB per cell, a blank line after each row), which
``text.parse`` and ``textgrid`` already turn into tables with their spans.

Everything outside a header and its body is given back as it came.  The module only
regroups cells; no text is changed except the trailing ``|`` of a cell line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

HEADER_MIN_NAMED = 3
"""Cells naming a column needed to take a run of cells for a header."""
HEADER_GAP_CHARS = 10
"""A cell this short between two column names (指标性质, 度量单位) belongs to the header."""
STREAM_MIN_LINES = 12
"""Consecutive ``cell |`` lines needed before they are read as a flattened form."""
STACKED_MIN_LINES = 9
"""Lines (cells and row ends) of the smallest one-row table under a two-row header."""
LINE_MIN_TOKENS = 20
"""Space-separated cells a single line needs before it is read as a flattened form."""
PROSE_CHARS = 30
"""A cell longer than this is prose (a note, a stated target), kept at the end of a row."""

STREAM_START = "\x1e<cell stream>"
STREAM_END = "\x1e</cell stream>"
"""Lines around a rebuilt stream, so that the text loader marks its tables as inferred."""
INFERRED = "cell stream: rows cut from a form flattened to text (a cell per line or per word)"
"""``Table.layout_inferred`` of the tables rebuilt here."""
CUT = "\x1e<cut>"
"""Line before the last row of a stream that ends the file in the middle of a table."""
INFERRED_CUT = INFERRED + "; the text ends inside this table, its last rows are missing"
"""``Table.layout_inferred`` of such a table: a sum over all its rows cannot be checked."""

_CELL_LINE_RE = re.compile(r"^(.*?)[ \u3000]*[|｜][ \u3000]*$")
_BARS = ("|", "｜")
_NUMBER_RE = re.compile(r"[-+]?\d[\d,，]*(?:[.．]\d+)?\s*[%％]?")
_PLACEHOLDERS = frozenset({"", "/", "／", "—", "——", "-", "--", "－", "\\", "无"})
_UNIT_CELL_RE = re.compile(r"^(?:[%％‰=<>≤≥＝＜＞]{1,2}|[^\d\W]|[万千亿]元|百分比|平方米)$")
"""A cell holding a unit or a comparison (%, 个, ≥): never a row's name."""
_SUMMARY_RE = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|汇\s*总|总\s*分)[:：]?$")
"""A summary row's name: it starts a row wherever it stands."""
_ROW_MARK_RE = re.compile(r"[\t|｜]")
"""A line holding these is a row of its own (TAB- or ``|``-separated), not a stream."""
_SPLIT_RE = re.compile(r"[ \u3000]{1,}")


@dataclass(frozen=True)
class Header:
    start: int  # index of the first header cell in the stream
    end: int  # one past the last


def _prose(text: str) -> bool:
    """A note or a written answer rather than a name: long, or a sentence of some length."""
    t = text.strip()
    return len(t) > PROSE_CHARS or (len(t) > 12 and re.search(r"[。；;，,]", t) is not None)


def _kind(text: str) -> str:
    t = text.strip()
    if t in _PLACEHOLDERS:
        return "empty"
    if _NUMBER_RE.fullmatch(t):
        return "num"
    return "text"


def _names_a_column() -> Callable[[str], bool]:
    # the records stage owns the column vocabulary; imported here, when a stream is seen, so
    # that loading a document without one never reads it
    from ..records.tables import names_a_column

    return names_a_column


def headers(cells: list[str], named: Callable[[str], bool] | None = None) -> list[Header]:
    """Runs of cells that read as a table header, in order."""
    named = named or _names_a_column()
    flags = [bool(c.strip()) and _kind(c) == "text" and named(c.strip()) for c in cells]
    out: list[Header] = []
    i = 0
    while i < len(cells):
        if not flags[i]:
            i += 1
            continue
        j, count = i + 1, 1
        while j < len(cells):
            if j + 1 < len(cells) and _kind(cells[j + 1]) != "text":
                break  # 总额 followed by its amounts: the first row's name, not a column's
            if flags[j]:
                count, j = count + 1, j + 1
            elif (
                j + 1 < len(cells)
                and flags[j + 1]
                and _kind(cells[j]) == "text"
                and len(cells[j].strip()) <= HEADER_GAP_CHARS
            ):
                j += 1  # a short column name the vocabulary does not know (指标性质)
            else:
                break
        if count >= HEADER_MIN_NAMED:
            out.append(Header(i, j))
        i = j
    return out


def _row_cost(
    row: list[str], width: int, follow: str | None, col_kinds: list[str], dense: bool
) -> float:
    """Cost of taking ``row`` as one row of a ``width``-column body (see the module doc).
    ``dense``: the stream lost its empty cells (a form on one line)."""
    kinds = [_kind(c) for c in row]
    cost = 1.0 + 0.5 * (width - len(row)) / width
    first = row[0].strip()
    if kinds[0] == "num":
        cost += 3
    elif kinds[0] == "empty" or _UNIT_CELL_RE.match(first):
        cost += 2  # a placeholder (/), an empty cell or a unit (%) names no row
    if kinds[0] == "text" and _prose(first):
        cost += 1  # a row is named by a label, not by a note
    if len(row) == 1 and not _prose(first):
        cost += 1  # a lone name inside a body would end the table
    for k in range(1, len(row)):
        text = row[k].strip()
        if kinds[k] != "text" or _UNIT_CELL_RE.match(text):
            continue
        if _SUMMARY_RE.match(text):
            cost += 2  # 合计 inside a row: it names the next one
        nxt = kinds[k + 1] if k + 1 < len(row) else follow
        if kinds[k - 1] == "num" and (dense or nxt in ("num", "empty")) and not _prose(text):
            cost += 1.5  # 上年结转资金 after a row's numbers: the next row's name
        after = row[k + 1] if k + 1 < len(row) else ""
        if not _prose(text) and _prose(after) and (kinds[k - 1] != "text" or _prose(row[k - 1])):
            cost += 2  # 评价结论 before its prose, after a row's last cell: a row of its own
        if _prose(text) and k < len(row) - 1:
            cost += 2  # prose ends its row: a note, or the value of a label/value pair
    if len(row) == width and col_kinds:
        for k, kind in enumerate(kinds):
            if kind != "empty" and col_kinds[k] not in ("mixed", kind):
                cost += 1
    return cost


def _column_kinds(rows: list[list[str]], width: int) -> list[str]:
    full = [r for r in rows if len(r) == width]
    out = []
    for c in range(width):
        seen = [_kind(r[c]) for r in full if _kind(r[c]) != "empty"]
        if not seen:
            out.append("mixed")
            continue
        top = max(set(seen), key=seen.count)
        out.append(top if seen.count(top) * 3 >= len(seen) * 2 else "mixed")
    return out


def _cut(
    body: list[str], width: int, col_kinds: list[str], dense: bool
) -> tuple[float, list[list[str]]]:
    """Cheapest cut of ``body`` into rows of 1..``width`` cells."""
    n = len(body)
    inf = float("inf")
    best = [inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] == inf:
            continue
        for j in range(i + 1, min(n, i + width) + 1):
            follow = _kind(body[j]) if j < n else None
            c = best[i] + _row_cost(body[i:j], width, follow, col_kinds, dense)
            if c < best[j] - 1e-9:
                best[j], back[j] = c, i
    rows: list[list[str]] = []
    j = n
    while j > 0:
        rows.append(body[back[j] : j])
        j = back[j]
    rows.reverse()
    return best[n], rows


def rows_of(body: list[str], width: int, dense: bool) -> tuple[float, list[list[str]]]:
    """The body's rows: cut once, learn each column's kind from the full rows, cut again."""
    _, rows = _cut(body, width, [], dense)
    return _cut(body, width, _column_kinds(rows, width), dense)


def _last_number(row: list[str]) -> int | None:
    return next((k for k in range(len(row) - 1, -1, -1) if _kind(row[k]) == "num"), None)


def pad_dense(rows: list[list[str]], width: int) -> list[list[str]]:
    """Rows of a stream that lost its empty cells, each made ``width`` cells wide.

    A row with one name before its numbers (其中：本年财政拨款 90 89.974 89.974) lost cells at
    its end: it is filled on the right.  A row with several texts before its numbers (质量指标
    委托业务报告合格率 ≥100百分比 100 8 8) lost the names merged from the row above: it is
    moved right until its last number sits in the body's last number column (the rightmost
    one any row reaches when read from the left), the leading empties continuing the cells
    above as textgrid merges them."""
    ends = [k for r in rows if (k := _last_number(r)) is not None]
    last_col = max(ends, default=width - 1)
    out = []
    for r in rows:
        k = _last_number(r)
        first_num = next((i for i, c in enumerate(r) if _kind(c) == "num"), None)
        shift = 0
        if k is not None and first_num is not None and first_num >= 2:
            shift = max(0, min(last_col - k, width - len(r)))
        out.append([""] * shift + r + [""] * (width - len(r) - shift))
    return out


def pad_sparse(rows: list[list[str]], width: int) -> list[list[str]]:
    """Short rows of a stream that kept its empty cells, each made ``width`` cells wide.

    Such a row lost cells to a span: its name spans several columns (合计 over the indicator
    columns) or a cell of the row above reaches down (a note).  The name is widened by the
    number of columns that puts the row's numbers and texts under columns of their kind (as
    the full rows show them); between equal fits the narrower name wins, the rest is filled
    on the right."""
    kinds = _column_kinds(rows, width)

    def misfit(row: list[str]) -> int:
        return sum(
            1
            for k, c in enumerate(row)
            if _kind(c) != "empty" and kinds[k] not in ("mixed", _kind(c))
        )

    out = []
    for r in rows:
        missing = width - len(r)
        if missing <= 0 or len(r) < 2:
            out.append(r + [""] * max(0, missing))
            continue
        options = [[r[0], *[""] * s, *r[1:], *[""] * (missing - s)] for s in range(missing + 1)]
        out.append(min(options, key=misfit))  # min keeps the first (narrowest) of equal fits
    return out


def _is_caption(text: str) -> bool:
    return _kind(text) == "text" and not _prose(text)


def _names_the_labels(text: str) -> bool:
    """Could ``text`` head the label column (年度预算数（万元）), not name a row or a unit?"""
    t = text.strip()
    return _is_caption(t) and len(t) <= 12 and not re.search(r"\d{3}", t)


def _regular_header(cells: list[str]) -> list[Header]:
    """A header the vocabulary does not know, read from the stream's regularity: ``w`` short
    names, then rows of ``w`` cells each made of a name and amounts only (经费项目 | 2020年度
    支出 (万元) | 支出减少情况(万元) | 支出减少率 | 因公出国(境)费 | 0 | 0 | 0% | …), to the
    stream's last cell.  Nothing irregular is taken."""
    lead = 0
    while lead < len(cells) and _is_caption(cells[lead]) and cells[lead].strip():
        lead += 1
    width = lead - 1
    body = cells[width:]
    if width < 2 or len(body) < 2 * width or len(body) % width:
        return []
    for r in range(0, len(body), width):
        row = body[r : r + width]
        if not _is_caption(row[0]) or any(_kind(c) == "text" for c in row[1:]):
            return []
    return [Header(0, width)]


def regroup(
    cells: list[str], named: Callable[[str], bool] | None = None, dense: bool = False
) -> list[list[str]] | None:
    """The stream as rows: each header a row of its own, its body cut into rows; cells outside
    any table as rows of one cell (captions and paragraphs).  None when it holds no header."""
    found = headers(cells, named) or _regular_header(cells)
    if not found:
        return None
    out: list[list[str]] = [[c] for c in cells[: found[0].start]]
    for n, h in enumerate(found):
        stop = found[n + 1].start if n + 1 < len(found) else len(cells)
        body = cells[h.end : stop]
        tail: list[list[str]] = []
        if n + 1 < len(found) and body and _is_caption(body[-1]):
            tail = [[body.pop()]]  # 绩效指标（90分） just above the next header
        head = cells[h.start : h.end]
        width = len(head)
        cost, rows = rows_of(body, width, dense) if body else (0.0, [])
        if out and len(out[-1]) == 1 and _names_the_labels(out[-1][0]) and body:
            # the header of the label column (年度预算数（万元）) the vocabulary did not know
            wider_cost, wider = rows_of(body, width + 1, dense)
            if wider_cost < cost:
                head, rows = [out.pop()[0], *head], wider
        table = [r for r in rows if len(r) > 1]
        padded = iter((pad_dense if dense else pad_sparse)(table, len(head)))
        rows = [next(padded) if len(r) > 1 else r for r in rows]
        out.append(head)
        out.extend(rows)
        out.extend(tail)
    return out


def _cut_short(rows: list[list[str]]) -> bool:
    """Does the stream stop inside a table row: a last row without the numbers the row above
    it has (a page cut at a fixed length, 公众满…)?"""
    if len(rows) < 2 or len(rows[-1]) < 2 or len(rows[-2]) < 2:
        return False
    return _last_number(rows[-1]) is None and _last_number(rows[-2]) is not None


def _as_export(rows: list[list[str]], at_end: bool = False) -> list[str]:
    """Rows in Word's text-export layout; a row of one cell is a paragraph line.  ``at_end``:
    nothing follows the stream in the file, so a table cut short is marked (``CUT``)."""
    lines: list[str] = []
    cut = at_end and _cut_short(rows)
    for n, row in enumerate(rows):
        if cut and n == len(rows) - 1:
            lines.append(CUT)
        if len(row) == 1:
            if lines and lines[-1] != "":
                lines.append("")
            lines.append(row[0].strip())
            continue
        lines.extend("\t" + c.strip() for c in row)
        lines.append("")
    return lines


def _cell_line(line: str) -> str | None:
    line = line.rstrip("\r\n")
    if not line.rstrip(" \u3000").endswith(_BARS):
        return None  # what _CELL_LINE_RE asks first, told without it
    m = _CELL_LINE_RE.match(line)
    if m is None or "|" in m.group(1) or "｜" in m.group(1):
        return None
    return m.group(1).strip(" \u3000")


def _tokens(line: str) -> list[str]:
    """The cells of a form printed on one line: runs of spaces separate them; a unit in
    brackets (项目资金 (万元)) stays with the name before it."""
    out: list[str] = []
    for tok in _SPLIT_RE.split(line.strip()):
        if out and tok[:1] in "(（" and len(tok) <= 8:
            out[-1] += " " + tok
        else:
            out.append(tok)
    return out


_ROW_END_RE = re.compile(r"^[ \u3000]*[|｜]{2,}[ \u3000]*$")
"""A line of pipes alone (``||``, ``|||``): where a crawler ended a row of an HTML table."""


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\W", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def stacked(lines: list[str], named: Callable[[str], bool] | None = None) -> list[list[str]] | None:
    """A one-row table under a two-row header, a cell per line, each row ended by a line of
    pipes (寿县's 三公 page: 合计 | 因公出国 | 公务用车购置及运行费 | 公务接待费 ⏎ ``||`` ⏎ 小计 |
    购置费 | 运行费 ⏎ ``|||`` ⏎ 79 | 0 | 75 | 50 | 25 | 4).  The second header row sits under
    the one cell of the first whose words it shares (公务用车…); the amounts fill the columns
    left to right.  Rows in Word's export layout (the spanned cells empty), or None unless the
    counts fit exactly: amounts = first row − 1 + second row, every amount a number."""
    named = named or _names_a_column()
    groups: list[list[str]] = [[]]
    for line in lines:
        if _ROW_END_RE.match(line):
            groups.append([])
        elif (cell := _cell_line(line)) is not None:
            groups[-1].append(cell)
    groups = [g for g in groups if g]
    if len(groups) != 3:
        return None
    first, second, values = groups
    if any(_kind(c) != "text" for c in first + second) or any(_kind(c) != "num" for c in values):
        return None
    if len(values) != len(first) - 1 + len(second) or len(second) < 2:
        return None
    if sum(1 for c in first if named(c)) < HEADER_MIN_NAMED:
        return None
    under = set().union(*(_bigrams(c) for c in second))
    shared = [len(_bigrams(c) & under) for c in first]
    best = max(shared)
    if best == 0 or shared.count(best) > 1:
        return None  # no cell, or more than one, that the second row belongs under
    at = shared.index(best)
    blank = [""] * (len(second) - 1)
    top = [*first[: at + 1], *blank, *first[at + 1 :]]
    below = [*([""] * at), *second, *([""] * (len(first) - at - 1))]
    return [top, below, values]


def _run_ends(lines: list[str], cell_lines: list[str | None]) -> list[int]:
    """For each line, one past the last line of the run of cell lines and row-end lines that
    starts there (the line itself when it is neither): one pass from the end, so that asking
    it at every line costs nothing more.  ``cell_lines``: ``_cell_line`` of each line."""
    ends = list(range(len(lines) + 1))
    for i in range(len(lines) - 1, -1, -1):
        if _ROW_END_RE.match(lines[i]) or (cell_lines[i] or "").strip():
            ends[i] = ends[i + 1]
    return ends


def reflow(lines: list[str], named: Callable[[str], bool] | None = None) -> list[str]:
    """``lines`` with every flattened form in it rewritten in Word's text-export layout."""
    out: list[str] = []
    cell_lines = [_cell_line(line) for line in lines]  # once a line, not once a run tried
    run_ends = _run_ends(lines, cell_lines)
    i = 0
    while i < len(lines):
        end = run_ends[i]
        if end - i >= STACKED_MIN_LINES and (rows := stacked(lines[i:end], named)) is not None:
            at_end = not any(ln.strip() for ln in lines[end:])
            out.extend(["", STREAM_START, *_as_export(rows, at_end), STREAM_END, ""])
            i = end
            continue
        j = i
        cells: list[str] = []
        while j < len(lines) and (cell := cell_lines[j]) is not None:
            cells.append(cell)
            j += 1
        if len(cells) >= STREAM_MIN_LINES and (rows := regroup(cells, named)) is not None:
            at_end = not any(ln.strip() for ln in lines[j:])
            out.extend(["", STREAM_START, *_as_export(rows, at_end), STREAM_END, ""])
            i = j
            continue
        line = lines[i]
        markup = line.lstrip().startswith("<")
        if not markup and not _ROW_MARK_RE.search(line) and len(line) > LINE_MIN_TOKENS * 2:
            tokens = _tokens(line)
            if len(tokens) >= LINE_MIN_TOKENS and (rows := regroup(tokens, named, True)):
                at_end = not any(ln.strip() for ln in lines[i + 1 :])
                out.extend(["", STREAM_START, *_as_export(rows, at_end), STREAM_END, ""])
                i += 1
                continue
        out.append(line)
        i += 1
    return out
