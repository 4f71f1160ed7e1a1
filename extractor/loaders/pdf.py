"""PDF loader (pdfplumber): triage, then tables from ruling lines and paragraphs from lines.

file ──open──▶ **triage** (text layer? garbled?) ──▶ per page: ruled tables
(pdfplumber cell boxes → grid rows/cols/spans, the table's cell padding; a grid
of rules without its outer frame gets the frame), tables not fully ruled
(horizontal rules only, 三线表, no rules: columns from the gaps in the text's
lines, rows from the rules or from wrapped lines — cell boxes into the same
path), characters → lines (overprinted simulated-bold copies dropped), page furniture
dropped ──▶ one stream of lines and table parts over all pages ──▶ table parts
continued on the next page joined (repeated header rows kept for
``layout.mark_repeated_headers``; a row split by the page break joined back;
vertical merges across the break restored, a merged label below a repeated
header given its whole text; a header cut from its body joined to it) ──▶
lines grouped into paragraphs ──▶ ``layout.assemble``.

Whether a line ran on (the text flowed past it) or ended short decides most
joins: a paragraph's lines are measured against the body's right margin, a
cell's against the cell's content width (its width less the padding on both
sides, whatever the alignment).  A cell's lines join without a separator,
except that a line ending short keeps its line break and a Latin word wrapped
at a space gets its space back; a number the width broke inside (digits,
points and separators have no break opportunity) is joined whole, so only a
break that was typed survives into the number (the records' ``repaired``).

Every threshold is a named constant below (sizes are in ems of the text's own
font size, so they hold for any point size) and every decision that changes
what a reader sees is written to ``source.decisions``.  A PDF without a usable
text layer gives a Document with ``text_layer=False`` and no blocks — never an
error and never a silently empty document; no OCR is attempted.
"""

from __future__ import annotations

import bisect
import functools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import patterns
from ..errors import CorruptFile, EncryptedFile
from ..model import Cell, Document, Source, Table
from .layout import Item, Paragraph, RawTable, _ordinal, assemble, heading_level, sha256_file
from .normalize import clean, key, squash_cjk_spaces

# ── triage ────────────────────────────────────────────────────────────────
PAGE_MIN_CHARS = 20
"""A page with fewer visible characters than this has no text layer (scan, image, blank)."""
TEXT_PAGE_MIN_SHARE = 0.5
"""Fewer pages than this share with a text layer: the PDF is a scan, nothing is extracted."""
GARBLED_MAX_SHARE = 0.10
"""More than this share of ``(cid:N)``, private-use or U+FFFD characters: the text layer is garbled."""
EOF_WINDOW = 4096
"""``%%EOF`` must occur in the last this-many bytes; otherwise the file was cut short."""

# ── lines ─────────────────────────────────────────────────────────────────
SAME_LINE_OVERLAP = 0.5
"""Two characters are on one line when they overlap vertically by this share of the smaller one."""
SPACE_GAP_EM = 0.25
"""Between two Latin characters, a gap wider than this (ems) is a space."""
WIDE_GAP_EM = 1.5
"""Between any two characters, a gap wider than this (ems) is a space (tab stops, spread text)."""
OVERPRINT_OVERLAP = 0.5
"""The same character again, its box covering this share of the first one's width, is an
overprint (simulated bold draws each glyph twice a fraction of a point apart), not a second
character: a real second character starts where the first one's advance ends, however narrow
the font (an "l" may advance 0.2 em), so the two boxes barely overlap."""
OVERPRINT_EM = 0.1
"""For glyphs drawn without a width (x1 = x0): the same character again within this many ems
(both ways) is an overprint."""
FURNITURE_BAND = 0.07
"""Top and bottom share of the page height where page numbers and running heads live."""
FURNITURE_MIN_PAGES = 3
"""A line recurring in the furniture band on at least this many pages (and half of them) is furniture."""

# ── tables ────────────────────────────────────────────────────────────────
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
"""Ruled tables come from ruling lines (pdfplumber's text strategy invents tables in prose);
tables not fully ruled are read by the section below, which asks more of the text."""
SNAP = 2.0
"""Cell edges closer than this (points) are one grid boundary."""
ROW_SPLIT_BOTTOM_LINES = 1.6
"""A table part ends "at the page bottom" within this many line heights of the lowest body content."""
CELL_SLACK_EM = 0.15
"""A cell's line is full when the room left in it (its content width less the line's width,
whatever the alignment) is at most the next line's first piece plus this many ems: text in a
cell is set to the exact content width, so only measuring error is allowed for."""
CELL_PAD_RANGE = (1.0, 10.0)
"""Bounds (points) of a table's cell padding, measured as the smallest gap between a cell's
left edge and its text."""
HEADER_MAX_ROWS = 4
"""A table part of at most this many rows, all text, may be a header the page break cut from
its body."""
TEXT_FILLS_CELL_EM = 0.8
"""A cell's text reaches its bottom edge when its last line ends within this many ems of it
(beyond the cell's own top padding): the page break cut it."""

CAPTION_MAX_LINES = 2
"""Between two rules, a band of at most this many lines of one text each, with other columns
above it than below it and starting where no text beside it starts, is the text between two
tables (a caption, a unit line: 支出情况 ⏎ 单位：元), not a row: the rules are two tables' edges."""
HEADING_SPLIT_LEVEL = 2
"""Between two rules of one width, a line numbered as a section heading of this level or
higher (一、, （一）) stands between two tables; lower numbering (1、) is a row's label."""

# ── paragraphs ────────────────────────────────────────────────────────────
LINE_END_SLACK_EM = 1.0
"""A line is full (the paragraph goes on) unless the next line's first word plus this many ems
would have fitted after it; kinsoku (no 。， at a line start) can push one character down."""
INDENT_EM = 0.8
"""A line starting this many ems right of the left margin starts a paragraph (first-line indent)."""
PARAGRAPH_GAP_RATIO = 1.6
"""A vertical gap this many times the usual line pitch separates paragraphs."""
SIZE_CHANGE_PT = 1.0
"""A font size change larger than this between two lines separates paragraphs (titles)."""

_GARBLED_RE = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd]")


@functools.cache
def _numbering_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(n["regex"]) for n in patterns.load("sections")["numbering"])


@functools.cache
def _page_number_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(rx, re.IGNORECASE) for rx in patterns.load("pdf")["page_number"])


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


# ── data passed between the steps ─────────────────────────────────────────


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    first_word: float = 0.0
    """Width of the line's first unbreakable piece (one CJK character or one Latin word)."""
    first_char: float = 0.0
    """Width of the line's first character with the punctuation glued to it (``7．``): all
    of a number broken inside that had to move down."""


@dataclass
class PCell:
    """A table cell in page coordinates; rows count within the (joined) table."""

    x0: float
    x1: float
    top: float
    bottom: float
    row: int
    rowspan: int
    page: int
    lines: list[Line] = field(default_factory=list)
    piece_top: float | None = None
    """Top of the cell's last piece (a cell joined over a page break has one per page)."""
    piece_page: int | None = None
    pad: float = 0.0
    """The table's cell padding (left = right): the cell's text runs between ``x0 + pad`` and
    ``x1 - pad``."""

    def __post_init__(self) -> None:
        if self.piece_top is None:
            self.piece_top, self.piece_page = self.top, self.page

    def add_piece(self, other: PCell) -> None:
        """Join ``other`` (the same cell's rest on the next page) to this cell."""
        self.lines.extend(other.lines)
        self.piece_top, self.piece_page, self.bottom = other.top, other.page, other.bottom

    @property
    def empty(self) -> bool:
        return not any(ln.text.strip() for ln in self.lines)


@dataclass
class TablePart:
    """The piece of a table drawn on one page."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    n_rows: int
    cells: list[PCell]
    inferred: str = ""
    """How a table not fully ruled was read (for ``source.decisions``); empty when ruled."""


@dataclass
class PageContent:
    number: int
    items: list[Line | TablePart]
    furniture: int = 0
    height: float = 0.0


# ── characters → lines ────────────────────────────────────────────────────


def chars_to_lines(chars: list[dict], page: int) -> list[Line]:
    """Group characters into lines (top to bottom, left to right)."""
    lines = []
    for r in char_rows(chars):
        ordered = drop_overprints(sorted(r, key=lambda c: c["x0"]))
        visible = [c for c in ordered if c["text"].strip()]
        if visible:
            lines.append(_line(ordered, visible, page))
    return lines


def char_rows(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by the line they stand on (top to bottom, unordered within)."""
    kept = [c for c in chars if c["text"] and c["text"] not in "\n\r"]
    kept.sort(key=lambda c: (c["top"], c["x0"]))
    rows: list[list[dict]] = []
    for ch in kept:
        if rows:
            cur = rows[-1]
            top = min(c["top"] for c in cur[-3:])
            bottom = max(c["bottom"] for c in cur[-3:])
            overlap = min(bottom, ch["bottom"]) - max(top, ch["top"])
            smaller = min(bottom - top, ch["bottom"] - ch["top"]) or 1.0
            if overlap >= SAME_LINE_OVERLAP * smaller:
                cur.append(ch)
                continue
        rows.append([ch])
    return rows


def drop_overprints(chars: list[dict]) -> list[dict]:
    """Characters of one line (left to right) without the copies drawn over them: Word and WPS
    simulate bold by drawing each character twice a fraction of a point apart (so the copy
    comes right after its original in left-to-right order)."""
    out: list[dict] = []
    for ch in chars:
        if out:
            prev = out[-1]
            if prev["text"] == ch["text"] and ch["text"].strip() and _coincide(prev, ch):
                continue
        out.append(ch)
    return out


def _coincide(a: dict, b: dict) -> bool:
    """``b`` (right of ``a``) is drawn over ``a``: their boxes cover the same place, measured
    on the glyphs' own widths, not on a share of the font size."""
    size = a["size"] or b["size"] or 10.0
    if abs(b["top"] - a["top"]) > SAME_LINE_OVERLAP * size:
        return False
    width = min(a["x1"] - a["x0"], b["x1"] - b["x0"])
    if width <= 0:
        return b["x0"] - a["x0"] <= OVERPRINT_EM * size
    overlap = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    return overlap >= OVERPRINT_OVERLAP * width


def _line(chars: list[dict], visible: list[dict], page: int) -> Line:
    """One line's text: printed spaces kept (runs as one), spaces inferred from wide gaps."""
    size = statistics.median(c["size"] for c in visible) or 10.0
    parts: list[str] = []
    prev = None
    for ch in chars:
        if not ch["text"].strip():
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None and parts[-1] != " ":
            gap = ch["x0"] - prev["x1"]
            narrow = not _wide(prev["text"][-1]) and not _wide(ch["text"][0])
            if gap > WIDE_GAP_EM * size or (narrow and gap > SPACE_GAP_EM * size):
                parts.append(" ")
        parts.append(ch["text"])
        prev = ch
    text = squash_cjk_spaces(clean("".join(parts).strip()))
    return Line(
        text=text,
        x0=visible[0]["x0"],
        x1=max(c["x1"] for c in visible),
        top=min(c["top"] for c in visible),
        bottom=max(c["bottom"] for c in visible),
        size=size,
        page=page,
        first_word=_first_piece(visible),
        first_char=_first_unit(visible),
    )


@functools.cache
def _breaking() -> tuple[str, str, str]:
    data = patterns.load("pdf")
    return data["no_line_start"], data["no_line_end"], data["quotes"]


def _first_piece(chars: list[dict]) -> float:
    """Width of the line's first piece that a line break could not have cut.

    CJK breaks between any two characters except next to punctuation that may
    not start or end a line and next to quotation marks; Latin words and
    numbers break only at spaces.
    """
    no_start, no_end, quotes = _breaking()
    end = chars[0]["x1"]
    for a, b in zip(chars, chars[1:], strict=False):
        ta, tb = a["text"][-1], b["text"][0]
        size = a["size"] or 10.0
        glued = (
            tb in no_start
            or tb in quotes
            or ta in no_end
            or ta in quotes
            or (not _wide(ta) and not _wide(tb) and b["x0"] - a["x1"] <= SPACE_GAP_EM * size)
        )
        if not glued:
            break
        end = b["x1"]
    return end - chars[0]["x0"]


def _first_unit(chars: list[dict]) -> float:
    """Width of the first character and the characters that may not start a line after it."""
    no_start = _breaking()[0]
    end = chars[0]["x1"]
    for ch in chars[1:]:
        if ch["text"][:1] not in no_start:
            break
        end = ch["x1"]
    return end - chars[0]["x0"]


def ends_paragraph(line: Line, nxt: Line, right: float) -> bool:
    """True when ``line`` stopped short although ``nxt``'s first word would have fitted."""
    return right - line.x1 > nxt.first_word + LINE_END_SLACK_EM * line.size


def starts_with_numbering(text: str) -> bool:
    return any(rx.match(text) for rx in _numbering_res())


def is_short(line: Line, right: float) -> bool:
    """The line stops well before the margin (it cannot be a wrapped line of a longer text)."""
    return right - line.x1 > (1 + LINE_END_SLACK_EM) * line.size


def numbered_line(line: Line, nxt: Line | None, right: float) -> bool:
    """A line opening with heading numbering and ending its own paragraph is a heading (or an
    item) on its own; a line that goes on is a paragraph that happens to wrap before ``(2)``."""
    if not starts_with_numbering(line.text):
        return False
    return is_short(line, right) if nxt is None else ends_paragraph(line, nxt, right)


def join_lines(lines: list[Line], right: float) -> str:
    """Lines of one paragraph → text; a short line before another ends a paragraph."""
    return _join(
        lines,
        lambda a, b: ends_paragraph(a, b, right),
        lambda a, b: numbered_line(a, b, right),
    )


_NUMBER_CHARS = "0123456789.,，．０１２３４５６７８９"
_NUMBER_TAIL_RE = re.compile(r"[-+]?[\d０-９][\d０-９.,，．]*$")


def _join(lines: list[Line], ends, numbered) -> str:
    """Lines → text: ``ends(a, b)`` says a line break after ``a`` ends a paragraph (kept as a
    line break), ``numbered(b, c)`` that ``b`` opens a numbered item.  A full line otherwise
    runs on: CJK joins directly, a Latin word wrapped at a space gets its space back, and a
    number the width could not hold (broken inside, where it has no break opportunity) is
    joined whole."""
    out = ""
    for i, ln in enumerate(lines):
        if i:
            prev = lines[i - 1]
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            full = not ends(prev, ln)
            if full and _number_broken(prev, ln):
                pass  # 1,411,648.7 ⏎ 2: one number (its rest is no numbered item either)
            elif not full or numbered(ln, nxt):
                out += "\n"
            elif (
                out[-1:].isascii()
                and out[-1:].isalnum()
                and ln.text[:1].isascii()
                and ln.text[:1].isalnum()
            ):
                out += " "  # a Latin word wrapped at a space
        out += ln.text
    return squash_cjk_spaces(out)


def _number_broken(prev: Line, line: Line) -> bool:
    """Did the line break fall inside a number?  Digits, decimal points and thousands
    separators offer no break opportunity, so a full line ending inside a number was broken
    there only because the number was wider than the line (it fills the whole line), or
    because the producer wraps Latin text anywhere (Word's 允许西文在单词中间换行, on in most
    Chinese installations), which shows as a number glued to the CJK text before it: in
    Chinese text no space stands there to break at."""
    if not prev.text or not line.text or line.text[0] not in _NUMBER_CHARS:
        return False
    m = _NUMBER_TAIL_RE.search(prev.text)
    return m is not None and (m.start() == 0 or _wide(prev.text[m.start() - 1]))


def _cell_room(cell: PCell, line: Line) -> float:
    """Width left in ``line`` inside the cell: content width less the line's width."""
    return (cell.x1 - cell.x0 - 2 * cell.pad) - (line.x1 - line.x0)


def cell_line_ends(cell: PCell, line: Line, nxt: Line) -> bool:
    """``line`` stopped short in its cell although ``nxt``'s first piece would have fitted.
    Between two numbers that piece is one character: a number is broken inside only when the
    width cannot hold it, and then anywhere (a number after a number that would have fitted
    whole is another number)."""
    piece = nxt.first_word
    if line.text[-1:] in _NUMBER_CHARS and nxt.text[:1] in _NUMBER_CHARS:
        piece = nxt.first_char
    return _cell_room(cell, line) > piece + CELL_SLACK_EM * line.size


def join_cell(cell: PCell) -> str:
    """A cell's lines → its text, line breaks kept only where a line ended short."""

    def numbered(line: Line, nxt: Line | None) -> bool:
        if not starts_with_numbering(line.text):
            return False
        if nxt is None:
            return _cell_room(cell, line) > (1 + CELL_SLACK_EM) * line.size
        return cell_line_ends(cell, line, nxt)

    return _join(cell.lines, lambda a, b: cell_line_ends(cell, a, b), numbered)


# ── page furniture ────────────────────────────────────────────────────────


def _in_band(line: Line, height: float) -> bool:
    return line.bottom < height * FURNITURE_BAND or line.top > height * (1 - FURNITURE_BAND)


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", key(line.text))


def find_furniture(pages: list[tuple[list[Line], float]]) -> set[int]:
    """ids of lines that are page numbers or running heads/feet."""
    counts: dict[str, int] = {}
    for lines, height in pages:
        for k in {_furniture_key(ln) for ln in lines if _in_band(ln, height)}:
            counts[k] = counts.get(k, 0) + 1
    repeated = {k for k, n in counts.items() if n >= FURNITURE_MIN_PAGES and n >= len(pages) / 2}
    out: set[int] = set()
    for lines, height in pages:
        for ln in lines:
            if not _in_band(ln, height):
                continue
            k = key(ln.text)
            if any(rx.match(k) for rx in _page_number_res()) or _furniture_key(ln) in repeated:
                out.add(id(ln))
    return out


# ── pdfplumber table → grid part ──────────────────────────────────────────


def cluster(values: list[float], tol: float = SNAP) -> list[float]:
    """Sorted values with near-equal ones merged (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _index(bounds: list[float], v: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def table_part(bboxes: list[tuple[float, float, float, float]], page: int) -> TablePart:
    """Cell boxes → rows and row spans from the sorted unique y boundaries (columns come later,
    from the x boundaries of all parts of the table, so a table split over pages shares them)."""
    ys = cluster([b[1] for b in bboxes] + [b[3] for b in bboxes])
    seen: set[tuple[int, float]] = set()
    cells: list[PCell] = []
    for x0, top, x1, bottom in sorted(bboxes, key=lambda b: (b[1], b[0])):
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if r1 <= r0 or (r0, round(x0)) in seen:
            continue
        seen.add((r0, round(x0)))
        cells.append(PCell(x0, x1, top, bottom, r0, r1 - r0, page))
    x0 = min(b[0] for b in bboxes)
    x1 = max(b[2] for b in bboxes)
    return TablePart(page, x0, ys[0], x1, ys[-1], len(ys) - 1, cells)


def assign_chars(part: TablePart, chars: list[dict]) -> list[dict]:
    """Put each character inside the part into its cell; return the characters outside it."""
    outside: list[dict] = []
    inside: dict[int, list[dict]] = {}
    by_top = sorted(range(len(part.cells)), key=lambda i: part.cells[i].top)
    tops = [part.cells[i].top for i in by_top]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (part.x0 - 1 <= cx <= part.x1 + 1 and part.top - 1 <= cy <= part.bottom + 1):
            outside.append(ch)
            continue
        hit = None
        for j in range(bisect.bisect_right(tops, cy) - 1, -1, -1):
            c = part.cells[by_top[j]]
            if c.x0 - 1 <= cx <= c.x1 + 1 and c.top - 1 <= cy <= c.bottom + 1:
                hit = by_top[j]
                break
        if hit is not None:
            inside.setdefault(hit, []).append(ch)
        # a character inside the table's box but in no cell is a border artefact: dropped
    for i, cs in inside.items():
        part.cells[i].lines = chars_to_lines(cs, part.page)
    set_padding(part)
    return outside


def set_padding(part: TablePart) -> None:
    """The part's cell padding: the gap between a cell's left edge and its text in a
    left-aligned column (centred and right-aligned columns only show more).  Each column's
    smallest gap; the second smallest of those, as one column's edge can be drawn off by a
    point (a border shared with rows split otherwise)."""
    per_column: dict[int, float] = {}
    for c in part.cells:
        if c.lines:
            gap = min(ln.x0 for ln in c.lines) - c.x0
            k = round(c.x0)
            per_column[k] = min(gap, per_column.get(k, gap))
    gaps = sorted(per_column.values())
    lo, hi = CELL_PAD_RANGE
    pad = min(max(gaps[1] if len(gaps) >= 2 else gaps[0], lo), hi) if gaps else lo
    for c in part.cells:
        c.pad = pad


# ── tables that are not fully ruled ───────────────────────────────────────
#
# Real reports are often printed with tables that have only some of their rules: no outer
# frame, horizontal rules only, a 三线表 (top rule, header rule, bottom rule), or none.
# Two mechanisms, both general:
#
# * a grid of rules without its frame: the inner rules meet, so their bounding box is the
#   table; the sides not drawn are given to pdfplumber as explicit lines and the ruled path
#   reads the table as if the frame were there (a fully ruled table gets nothing added);
# * horizontal rules sharing an end (the same table's width) bound a table whose columns
#   are inferred from the text: every gap between two texts of one line holds a column
#   boundary, and the fewest boundaries that stab all gaps are the columns.  Rows are the
#   bands between the rules when rules stand between the rows; otherwise a line starts a row
#   unless each of its texts continues a full line right above it in its column.  A text
#   crossing a boundary is a merged cell; a rule that stops short of a column leaves that
#   column's cell merged over it (a vertical merge).  Thresholds: ``unruled`` in
#   ``patterns/pdf.yaml``.


@functools.cache
def _unruled() -> dict:
    return patterns.load("pdf")["unruled"]


def missing_frames(h: list[dict], v: list[dict]) -> list[dict]:
    """Explicit lines for the undrawn sides of grids of rules that have no outer frame.

    Horizontal and vertical edges that meet form a grid; its bounding box is the table.
    A grid with an inner rule (so at least two rows or columns) gets each side of its box
    that no edge draws; a fully ruled table gets nothing."""
    if not h or not v:
        return []
    parent = list(range(len(h) + len(v)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(h):
        for j, b in enumerate(v):
            if (
                a["x0"] - SNAP <= b["x0"] <= a["x1"] + SNAP
                and b["top"] - SNAP <= a["top"] <= b["bottom"] + SNAP
            ):
                parent[find(i)] = find(len(h) + j)
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(find(i), []).append(i)
    out: list[dict] = []
    for members in groups.values():
        hs = [h[i] for i in members if i < len(h)]
        vs = [v[i - len(h)] for i in members if i >= len(h)]
        if not hs or not vs:
            continue
        x0, x1 = min(e["x0"] for e in hs + vs), max(e["x1"] for e in hs + vs)
        top, bottom = min(e["top"] for e in hs + vs), max(e["bottom"] for e in hs + vs)
        inner = any(top + SNAP < e["top"] < bottom - SNAP for e in hs) or any(
            x0 + SNAP < e["x0"] < x1 - SNAP for e in vs
        )
        if not inner:
            continue

        def drawn(edges: list[dict], at: str, where: float, lo: str, hi: str, span: float) -> bool:
            return any(
                abs(e[at] - where) <= SNAP and e[hi] - e[lo] >= span - 2 * SNAP for e in edges
            )

        sides = [
            (hs, "top", top, x0, x1),
            (hs, "top", bottom, x0, x1),
            (vs, "x0", x0, top, bottom),
            (vs, "x0", x1, top, bottom),
        ]
        for edges, at, where, a, b in sides:
            if at == "top" and not drawn(edges, "top", where, "x0", "x1", b - a):
                out.append(_explicit(a, where, b, where))
            elif at == "x0" and not drawn(edges, "x0", where, "top", "bottom", b - a):
                out.append(_explicit(where, a, where, b))
    return out


def _explicit(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


@dataclass
class RuleRow:
    """The horizontal rule segments drawn at one height."""

    y: float
    segments: list[tuple[float, float]]

    @property
    def x0(self) -> float:
        return min(s[0] for s in self.segments)

    @property
    def x1(self) -> float:
        return max(s[1] for s in self.segments)

    def covers(self, x: float) -> bool:
        return any(a - SNAP <= x <= b + SNAP for a, b in self.segments)


@dataclass
class Frag:
    """One cell's text on one line: a run of characters with no column gap inside."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first: float
    """Width of its first piece a line break cannot cut."""
    text: str = ""


def rule_rows(h: list[dict], taken: list[tuple[float, float, float, float]]) -> list[RuleRow]:
    """Horizontal rules outside the ruled tables, one entry per height (top to bottom)."""
    cfg = _unruled()
    rows: list[RuleRow] = []
    for e in sorted(h, key=lambda e: (e["top"], e["x0"])):
        if e["x1"] - e["x0"] < cfg["rule_min_pt"]:
            continue
        if any(
            t - SNAP <= e["top"] <= b + SNAP and e["x0"] < x1 and x0 < e["x1"]
            for x0, t, x1, b in taken
        ):
            continue
        if rows and e["top"] - rows[-1].y <= SNAP:  # a thin filled rectangle: two edges
            rows[-1].segments.append((e["x0"], e["x1"]))
        else:
            rows.append(RuleRow(e["top"], [(e["x0"], e["x1"])]))
    for r in rows:  # touching segments are one
        merged: list[tuple[float, float]] = []
        for a, b in sorted(r.segments):
            if merged and a <= merged[-1][1] + SNAP:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        r.segments = merged
    return rows


def fragments(chars: list[dict]) -> list[list[Frag]]:
    """The characters' lines (top to bottom), each cut into fragments at column gaps (a gap
    wider than ``fragment_gap_em`` with no typed space in it)."""
    gap_em = _unruled()["fragment_gap_em"]
    levels: list[list[Frag]] = []
    for row in char_rows(chars):
        ordered = drop_overprints(sorted(row, key=lambda c: c["x0"]))
        runs: list[list[dict]] = []
        spaced = False
        for ch in ordered:
            if not ch["text"].strip():
                spaced = True
                continue
            if runs and not spaced and ch["x0"] - runs[-1][-1]["x1"] > gap_em * (ch["size"] or 10):
                runs.append([ch])
            elif runs:
                runs[-1].append(ch)
            else:
                runs.append([ch])
            spaced = False
        frags = [
            Frag(
                r[0]["x0"],
                max(c["x1"] for c in r),
                min(c["top"] for c in r),
                max(c["bottom"] for c in r),
                statistics.median(c["size"] for c in r) or 10.0,
                _first_piece(r),
                "".join(c["text"] for c in r),
            )
            for r in runs
        ]
        if frags:
            levels.append(frags)
    return levels


def column_bounds(
    levels: list[list[Frag]], x0: float, x1: float, prior: list[float] | None = None
) -> list[float]:
    """Column boundaries: the fewest x positions such that every gap between two fragments
    of one line holds one (greedy stabbing by right ends), each placed in the middle of the
    gaps it stabs; ``prior`` boundaries (the table's part on the previous page) are kept and
    stab the gaps they lie in."""
    kept = [b for b in prior or [] if x0 < b < x1]
    gaps = sorted(((a.x1, b.x0) for lev in levels for a, b in zip(lev, lev[1:], strict=False)
                   if not any(a.x1 <= k <= b.x0 for k in kept)), key=lambda g: g[1])  # fmt: skip
    points: list[float] = []
    lo = hi = None
    for a, b in gaps:
        if hi is not None and a <= hi:
            lo = max(lo, a)
            continue
        if hi is not None:
            points.append((lo + hi) / 2)
        lo, hi = a, b
    if hi is not None:
        points.append((lo + hi) / 2)
    return [x0, *sorted([*kept, *(p for p in points if x0 < p < x1)]), x1]


def _col(bounds: list[float], x: float) -> int:
    return max(0, min(len(bounds) - 2, bisect.bisect_right(bounds, x) - 1))


_VALUE_RE = re.compile(r"[-+−—–/\\\d.,，．%％０-９≥≤<>=＞＜＝≈~～]+")
"""A number, a dash or a slash standing for none: a value of its own, never a wrapped text."""


def row_starts(levels: list[list[Frag]], bounds: list[float]) -> list[int]:
    """Indexes of the lines that start a table row, in a band with no rule between rows.

    A text in a column that was empty on the line above starts a row (a row's values are
    printed on its first line).  Otherwise the line goes on with the row when at least half
    of its texts continue the line above them: same left edge (the text wrapped) and that
    line full (the next piece would not have fitted after it; a column's right edge is its
    longest line, so a label as long as the longest looks full too).  A value (a number, a
    dash) continues no line: it is a row's own (a header's last word may end as wide as the
    numbers below it)."""
    cfg = _unruled()
    slack, align = cfg["line_end_slack_em"], cfg["text_align_pt"]
    right: dict[int, float] = {}
    for lev in levels:
        for f in lev:
            c = _col(bounds, f.x0)
            right[c] = max(right.get(c, f.x1), f.x1)

    def continues(a: Frag, f: Frag, c: int) -> bool:
        return (
            abs(a.x0 - f.x0) <= align
            and right[c] - a.x1 <= f.first + slack * f.size
            and (not _VALUE_RE.fullmatch(f.text) or _value_cut(a.text, f.text))
        )

    starts = [0] if levels else []
    for i in range(1, len(levels)):
        above = {_col(bounds, f.x0): f for f in levels[i - 1]}
        cols = [(_col(bounds, f.x0), f) for f in levels[i]]
        fresh = any(c not in above for c, _ in cols)
        going_on = sum(1 for c, f in cols if not fresh and continues(above[c], f, c))
        if fresh or 2 * going_on < len(cols):
            starts.append(i)
    return starts


_CUT_NUMBER_RE = re.compile(r"[-+]?(\d{1,3}([,，]\d{3})+|\d+)([.．]\d+)?[%％]?")
"""A whole number as a cell prints it: digits, thousands separators, decimals, a percent."""


def _value_cut(above: str, text: str) -> bool:
    """Is ``text`` the rest of the number ``above`` cut by its narrow column (15,337.0 ⏎ 0,
    90.59 ⏎ %)?  Together they make one number, and the cut is one no new row would make:
    a lone percent sign, or after a separator (a number of the next row would stand alone)."""
    if not _CUT_NUMBER_RE.fullmatch(above + text):
        return False
    return text in "%％" or any(ch in ",，.．" for ch in above)


def _in_box(ch: dict, x0: float, top: float, x1: float, bottom: float) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return x0 - 1 <= cx <= x1 + 1 and top <= cy <= bottom


@dataclass
class Region:
    """Where a table not fully ruled stands: its width, its top and bottom (a rule, or the
    text's edge where the table went on without one) and the rules inside."""

    x0: float
    x1: float
    top: float
    bottom: float
    rules: list[RuleRow]
    """Rules from ``top`` to ``bottom``, both included when they are rules."""


@dataclass
class Level:
    """One line of text across the page, cut into its cells' texts."""

    frags: list[Frag]

    @property
    def top(self) -> float:
        return min(f.top for f in self.frags)

    @property
    def bottom(self) -> float:
        return max(f.bottom for f in self.frags)

    @property
    def size(self) -> float:
        return max(f.size for f in self.frags)

    @property
    def tabular(self) -> bool:
        return len(self.frags) >= 2


def rule_groups(rows: list[RuleRow], chars: list[dict]) -> list[list[RuleRow]]:
    """Rules of one table each: sharing an end with the table's first rule, or lying within
    its width (a rule stopping short at both ends: merged cells left and right of it); a
    group is split where a band between two rules holds a paragraph."""
    tol = _unruled()["rule_end_pt"]
    groups: list[list[RuleRow]] = []
    for r in rows:
        g = groups[-1] if groups else None
        if g and (
            abs(r.x0 - g[0].x0) <= tol
            or abs(r.x1 - g[0].x1) <= tol
            or (g[0].x0 - tol <= r.x0 and r.x1 <= g[0].x1 + tol)
        ):
            g.append(r)
        else:
            groups.append([r])
    return [part for g in groups for part in _split_at_prose(g, chars)]


def regions(rows: list[RuleRow], chars: list[dict]) -> list[Region]:
    """Tables not fully ruled on a page: each group of rules, grown over the text above and
    below it that goes on in columns (a 三线表 cut by a page break has its top and header
    rules on one page, its bottom rule on the next, and rows with no rule on both); then
    runs of lines in columns with no rule at all."""
    cfg = _unruled()
    levels = [Level(lev) for lev in fragments(chars)]
    out: list[Region] = []
    for g in rule_groups(rows, chars):
        x0, x1 = min(r.x0 for r in g), max(r.x1 for r in g)
        top, bottom = g[0].y, g[-1].y
        others = [r.y for r in rows if r not in g]
        below = [lv for lv in levels if lv.top > bottom]
        above = [lv for lv in reversed(levels) if lv.bottom < top]
        down = _grow(below, x0, x1, bottom, others, 1)
        up = _grow(above, x0, x1, top, others, -1)
        if len(g) < 2 and not down and not up:
            continue
        out.append(
            Region(
                x0,
                x1,
                min(lv.top for lv in up) - 1.0 if up else top,
                max(lv.bottom for lv in down) + 1.0 if down else bottom,
                g,
            )
        )
    # no rule at all: runs of lines with two texts or more (the lines between them included)
    free = [
        lv
        for lv in levels
        if not any(r.top - 1 <= lv.top and lv.bottom <= r.bottom + 1 for r in out)
    ]
    i = 0
    while i < len(free):
        if not free[i].tabular:
            i += 1
            continue
        run = [free[i]] + _grow(free[i + 1 :], -1e9, 1e9, free[i].bottom, [r.y for r in rows], 1)
        i += len(run)
        if sum(1 for lv in run if lv.tabular) >= cfg["text_min_levels"]:
            xs0 = min(f.x0 for lv in run for f in lv.frags)
            xs1 = max(f.x1 for lv in run for f in lv.frags)
            out.append(Region(xs0 - 1.0, xs1 + 1.0, run[0].top - 1.0, run[-1].bottom + 1.0, []))
    return out


def _grow(
    levels: list[Level], x0: float, x1: float, edge: float, rules: list[float], step: int
) -> list[Level]:
    """The lines next to a table's edge (``levels`` in order away from it) that go on in its
    columns: lines of two texts or more inside its width, with the lines of one text between
    them (a cell's text running on); a gap wider than ``grow_gap_em`` or a rule of another
    table ends it, and lines of one text at its end are not the table's."""
    gap_em = _unruled()["grow_gap_em"]
    taken: list[Level] = []
    pending: list[Level] = []
    prev = edge
    for lv in levels:
        near = lv.top - prev if step > 0 else prev - lv.bottom
        lo, hi = sorted((prev, lv.top if step > 0 else lv.bottom))
        if near > gap_em * lv.size or any(lo < y < hi for y in rules):
            break
        if any(f.x0 < x0 - SNAP or f.x1 > x1 + SNAP for f in lv.frags):
            break
        pending.append(lv)
        if lv.tabular:
            taken.extend(pending)
            pending = []
        prev = lv.bottom if step > 0 else lv.top
    if step > 0:  # the last row's text wrapped onto lines of one text
        for lv in pending:
            if not _wraps_on(taken, lv):
                break
            taken.append(lv)
    return taken if step > 0 else list(reversed(taken))


def _wraps_on(taken: list[Level], lv: Level) -> bool:
    """Is ``lv`` (one text) the rest of a full line right above it in the same column?"""
    if not taken or lv.tabular:
        return False
    cfg = _unruled()
    align, slack = cfg["text_align_pt"], cfg["line_end_slack_em"]
    f = lv.frags[0]
    a = next((a for a in taken[-1].frags if abs(a.x0 - f.x0) <= align), None)
    if a is None:
        return False
    right = max(g.x1 for t in taken for g in t.frags if abs(g.x0 - f.x0) <= align)
    return right - a.x1 <= f.first + slack * f.size


def unruled_tables(
    rows: list[RuleRow], chars: list[dict], carry: dict | None = None
) -> list[list[tuple]]:
    """Cell boxes of the tables not fully ruled on a page.  ``carry`` holds the column
    boundaries of the previous page's last such table by its width: the first table of this
    page with that width is its rest, whose rows may leave a column empty (a label merged
    over the rows of the previous page), so it has those columns too."""
    out = []
    carry = {} if carry is None else carry
    before, last = dict(carry), None
    for i, region in enumerate(regions(rows, chars)):
        prior = next(
            (b for (x0, x1), b in before.items()
             if i == 0 and abs(x0 - region.x0) <= 2 * SNAP and abs(x1 - region.x1) <= 2 * SNAP),
            None,
        )  # fmt: skip
        boxes, bounds = unruled_cells(region, chars, prior)
        if boxes:
            out.append(boxes)
            last = ((region.x0, region.x1), bounds)
    carry.clear()
    if last is not None:
        carry[last[0]] = last[1]
    return out


def _split_at_prose(group: list[RuleRow], chars: list[dict]) -> list[list[RuleRow]]:
    """The runs of ``group`` whose bands hold table text.  A band with no line of two texts
    splits the group when it holds a paragraph (three lines or more), a section heading, or
    nothing between rows whose texts start in other columns (the empty paragraph that keeps
    two tables apart; an empty row of one table has its columns above and below it).  Such
    bands (bar the last kind) at either end of a run are no table's."""
    if len(group) < 2:
        return [group]  # a lone rule: a table's edge only if text in columns goes on from it
    x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
    bands = [
        fragments([c for c in chars if _in_box(c, x0, a.y, x1, b.y)])
        for a, b in zip(group, group[1:], strict=False)
    ]
    runs: list[list[RuleRow]] = [[group[0]]]
    for i, levels in enumerate(bands):
        a, b = group[i], group[i + 1]
        multi = any(len(lev) >= 2 for lev in levels)
        split = not multi and (
            len(levels) >= 3
            or _heading_band(levels, chars, a, b)
            or (not levels and not _same_columns(bands[:i][::-1], bands[i + 1 :]))
            or (
                len(levels) <= CAPTION_MAX_LINES
                and not _same_columns(bands[:i][::-1], bands[i + 1 :])
                and not _starts_in_column(levels, bands[:i][::-1] + bands[i + 1 :])
            )
        )
        if split:
            runs.append([b])
        else:
            runs[-1].append(b)
    # trim the bands of prose, headings and nothing from the ends of each run (one line of
    # one text stays: a row of one cell, such as the rest of a row the page break cut)
    out = []
    for run in runs:
        while len(run) >= 2 and _prose_band(run[0], run[1], x0, x1, chars):
            run = run[1:]
        while len(run) >= 2 and _prose_band(run[-2], run[-1], x0, x1, chars):
            run = run[:-1]
        out.append(run)
    return out


def _same_columns(above: list[list[list[Frag]]], below: list[list[list[Frag]]]) -> bool:
    """Do the texts of the bands nearest above and below (three with text each side) start
    in two columns or more besides the first?"""
    tol = _unruled()["text_align_pt"]

    def starts(bands: list[list[list[Frag]]]) -> list[float]:
        near = [b for b in bands if b][:3]
        xs = cluster([f.x0 for b in near for lev in b for f in lev], tol=tol)
        return xs[1:]

    up, down = starts(above), starts(below)
    return sum(1 for x in up if any(abs(x - y) <= tol for y in down)) >= 2


def _starts_in_column(levels: list[list[Frag]], beside: list[list[list[Frag]]]) -> bool:
    """Does a text of ``levels`` start where a text of the nearest bands beside it starts (three
    with text each way: a row of the table, not a caption indented or centred over it)?"""
    tol = _unruled()["text_align_pt"]
    near = [b for b in beside if b][:6]
    xs = [f.x0 for b in near for lev in b for f in lev]
    return any(abs(f.x0 - x) <= tol for lev in levels for f in lev for x in xs)


def _heading_band(levels: list[list[Frag]], chars: list[dict], a: RuleRow, b: RuleRow) -> bool:
    """The band holds one line, a section heading (一、 …, （一） …): the text between two
    tables, not a row."""
    if len(levels) != 1:
        return False
    line = [c for c in chars if _in_box(c, a.x0, a.y, a.x1, b.y)]
    text = "".join(ln.text for ln in chars_to_lines(line, 0))
    found = heading_level(text)
    return found is not None and found[0] <= HEADING_SPLIT_LEVEL


def _prose_band(a: RuleRow, b: RuleRow, x0: float, x1: float, chars: list[dict]) -> bool:
    """The band holds no line of two texts, and a paragraph, a heading or nothing."""
    levels = fragments([c for c in chars if _in_box(c, x0, a.y, x1, b.y)])
    if any(len(lev) >= 2 for lev in levels):
        return False
    return len(levels) >= 3 or not levels or _heading_band(levels, chars, a, b)


def unruled_cells(
    region: Region, chars: list[dict], prior: list[float] | None = None
) -> tuple[list[tuple], list[float]]:
    """Cell boxes of the table in ``region`` (empty when the text there does not make a
    table of at least two rows and two columns) and its column boundaries; ``prior``: the
    boundaries of the table's part on the previous page."""
    cfg = _unruled()
    x0, x1, top, bottom = region.x0, region.x1, region.top, region.bottom
    inside = [c for c in chars if _in_box(c, x0, top, x1, bottom)]
    levels = fragments(inside)
    if not levels:
        return [], []
    bounds = column_bounds(levels, x0, x1, prior)
    if len(bounds) < 3:
        return [], bounds
    # bands between the rules and the region's edges; with rules between the rows each band
    # between two rules is one row, otherwise rows are inferred from the text
    edges: list[tuple[float, RuleRow | None]] = [(r.y, r) for r in region.rules]
    if not edges or top < edges[0][0] - SNAP:
        edges.insert(0, (top, None))
    if bottom > edges[-1][0] + SNAP:
        edges.append((bottom, None))
    by_rule = len(region.rules) - 1 >= cfg["rows_by_rule_min_bands"]
    ys: list[float] = [edges[0][0]]
    rule_at: list[RuleRow | None] = [edges[0][1]]
    for (a, ra), (b, rb) in zip(edges, edges[1:], strict=False):
        band = [lev for lev in levels if a <= (lev[0].top + lev[0].bottom) / 2 <= b]
        if not (by_rule and ra and rb) and band:
            starts = row_starts(band, bounds)
            for i in starts[1:]:
                ys.append((max(f.bottom for f in band[i - 1]) + min(f.top for f in band[i])) / 2)
                rule_at.append(None)
        ys.append(b)
        rule_at.append(rb)
    n_rows, n_cols = len(ys) - 1, len(bounds) - 1
    if n_rows < cfg["min_rows"]:
        return [], bounds

    def row_of(f: Frag) -> int:
        return max(0, min(n_rows - 1, bisect.bisect_right(ys, (f.top + f.bottom) / 2) - 1))

    # every cell a rectangle of grid units (r0, r1, c0, c1); two cells merge only when
    # together they make a rectangle (merges that contradict each other are not made)
    owner = [[r * n_cols + c for c in range(n_cols)] for r in range(n_rows)]
    rects = {r * n_cols + c: (r, r, c, c) for r in range(n_rows) for c in range(n_cols)}

    def merge(a: tuple[int, int], b: tuple[int, int]) -> None:
        ia, ib = owner[a[0]][a[1]], owner[b[0]][b[1]]
        if ia == ib:
            return
        (a0, a1, a2, a3), (b0, b1, b2, b3) = rects[ia], rects[ib]
        r0, r1, c0, c1 = min(a0, b0), max(a1, b1), min(a2, b2), max(a3, b3)
        area = (r1 - r0 + 1) * (c1 - c0 + 1)
        if area != (a1 - a0 + 1) * (a3 - a2 + 1) + (b1 - b0 + 1) * (b3 - b2 + 1):
            return
        del rects[ib]
        rects[ia] = (r0, r1, c0, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner[r][c] = ia

    for r in range(1, n_rows):  # a rule that skips a column: its cell goes on below it
        rule = rule_at[r]
        if rule is None:
            continue
        for c in range(n_cols):
            if not rule.covers((bounds[c] + bounds[c + 1]) / 2):
                merge((r - 1, c), (r, c))
    by_row: dict[int, list[list[Frag]]] = {}
    for lev in levels:
        by_row.setdefault(row_of(lev[0]), []).append(lev)
    with_text = {(row_of(f), _col(bounds, f.x0)) for lev in levels for f in lev}
    for r, levs in by_row.items():
        for lev in levs:
            for f in lev:  # a text crossing a boundary: a merged cell
                for c in range(_col(bounds, f.x0), _col(bounds, f.x1)):
                    merge((r, c), (r, c + 1))
    # with no rule between two rows, the empty cells before a row's first text continue the
    # cells above them: a label merged over rows (一级指标 | 二级指标 printed once, at the top)
    for r in range(1, n_rows):
        if rule_at[r] is not None or r not in by_row:
            continue
        first_col = min(_col(bounds, f.x0) for lev in by_row[r] for f in lev)
        for c in range(first_col):
            r0, r1, c0, c1 = rects[owner[r - 1][c]]
            if any((i, k) in with_text for i in range(r0, r1 + 1) for k in range(c0, c1 + 1)):
                merge((r - 1, c), (r, c))
    support = {r: _supported(levs, bounds) for r, levs in by_row.items()}
    for r, levs in by_row.items():
        first = min(f.x0 for lev in levs for f in lev)
        near = support[r] | support.get(r - 1, set()) | support.get(r + 1, set())
        for k in range(1, n_cols):
            # a boundary right of the row's first text that no text of this row (or of a
            # row next to it) needs is inside a merged cell (项目名称 | one value over 10)
            if bounds[k] > first and k not in near:
                merge((r, k - 1), (r, k))
    filled = {
        r: {owner[r][_col(bounds, f.x0)] for lev in levs for f in lev} for r, levs in by_row.items()
    }
    if sum(1 for cells in filled.values() if len(cells) >= 2) < cfg["min_filled_rows"]:
        return [], bounds
    boxes = [(bounds[c0], ys[r0], bounds[c1 + 1], ys[r1 + 1]) for r0, r1, c0, c1 in rects.values()]
    return boxes, bounds


def _supported(levels: list[list[Frag]], bounds: list[float]) -> set[int]:
    """Boundaries a row's texts need: in each gap between two texts of a line, the boundary
    nearest the right one (its cell's left edge, whatever the alignment; the others in the
    gap are inside the left text's merged cell)."""
    out: set[int] = set()
    for lev in levels:
        for a, b in zip(lev, lev[1:], strict=False):
            inside = [k for k in range(1, len(bounds) - 1) if a.x1 <= bounds[k] <= b.x0]
            if inside:
                out.add(inside[-1])
    return out


# ── joining the parts of a table over page breaks ─────────────────────────


def _aligned(a: PCell, b: PCell) -> bool:
    return abs(a.x0 - b.x0) <= SNAP * 2 and abs(a.x1 - b.x1) <= SNAP * 2


def _row_keys(cells: list[PCell], row: int) -> list[str]:
    return [
        key(" ".join(ln.text for ln in c.lines))
        for c in sorted(cells, key=lambda c: c.x0)
        if c.row == row
    ]


def _continues_line(y: PCell, x: PCell) -> bool:
    """``y``'s last line is full: ``x``'s first piece would not have fitted after it."""
    if not y.lines or not x.lines:
        return False
    return not cell_line_ends(y, y.lines[-1], x.lines[0])


def _was_cut(y: PCell, x: PCell, allow_paragraph_end: bool) -> bool:
    """Was ``y``'s text cut by the page break, ``x`` holding the rest?  Its text runs down to
    the cell's bottom, and its last line is full (the text flowed on) — or, for a cell of
    several lines, the break fell at the end of one of its paragraphs."""
    if not _text_fills_cell(y):
        return False
    return _continues_line(y, x) or (allow_paragraph_end and len(y.lines) >= 2)


def _text_fills_cell(cell: PCell) -> bool:
    """The text of the cell's last piece runs down to its bottom edge."""
    lines = [ln for ln in cell.lines if ln.page == cell.piece_page]
    if not lines:
        return False
    first, last = lines[0], lines[-1]
    pad = max(first.top - (cell.piece_top or cell.top), 0.0)
    return cell.bottom - last.bottom <= pad + TEXT_FILLS_CELL_EM * last.size


@dataclass
class Joined:
    cells: list[PCell]
    n_rows: int
    last: TablePart
    decisions: list[str] = field(default_factory=list)
    columns_guessed: str = ""


def _cell_key(cell: PCell) -> str:
    return key("".join(ln.text for ln in cell.lines))


def _bare_number(k: str) -> bool:
    """A comparison key that is a number and nothing else."""
    return bool(k) and re.fullmatch(r"[-+]?[\d.,，%]+", k) is not None


def _running_number(y: PCell, x: PCell) -> bool:
    """``x`` holds the next integer after ``y``'s: a 序号 column counting rows."""
    a, b = _cell_key(y), _cell_key(x)
    return a.isdecimal() and b.isdecimal() and int(b) == int(a) + 1


_ITEM_RE = re.compile(r"^(\(?)(\d{1,3}|[一二三四五六七八九十]{1,3})(\)|、|\.)")


def _next_item(y: PCell, x: PCell) -> bool:
    """``x`` starts the next item of the list ``y`` is an item of ((3)… then (4)…, 3、… then
    4、…): a new row, never the rest of ``y``'s text."""
    my, mx = _ITEM_RE.match(_cell_key(y)), _ITEM_RE.match(_cell_key(x))
    if not my or not mx or (my.group(1), my.group(3)) != (mx.group(1), mx.group(3)):
        return False
    a, b = my.group(2), mx.group(2)
    if a.isdecimal() and b.isdecimal():
        return int(b) == int(a) + 1
    oa, ob = _ordinal(a), _ordinal(b)
    return oa is not None and ob == oa + 1


def _new_list_row(pairs: list[tuple[PCell, PCell | None]], texts: list) -> bool:
    """The row above the break is complete (numbers in its other cells) and the row below holds
    one text, the next item of the list the label above belongs to, and nothing else: the next
    institution ((3)… then (4)二级机构3, a placeholder row), not the rest of a cut label. (A list
    inside a cell cut between its items has text beside it, and is joined as before.)"""
    if len(texts) != 1:
        return False
    x, y = texts[0]
    if y is None or not _next_item(y, x):
        return False
    others = [(xx, yy) for xx, yy in pairs if xx is not x]
    return all(xx.empty for xx, _ in others) and any(
        yy is not None and _bare_number(_cell_key(yy)) for _, yy in others
    )


def _numeric_row(cells: list[PCell]) -> bool:
    """A row of data in a table of numbers: more bare numbers than texts, and two at least."""
    keys = [k for c in cells if (k := _cell_key(c))]
    numbers = sum(1 for k in keys if _bare_number(k))
    return numbers >= 2 and numbers > len(keys) - numbers


def header_like_rows(acc: Joined) -> bool:
    """True when every row so far is text only (no numbers): a table's header, never a table."""
    for r in range(acc.n_rows):
        for k in _row_keys(acc.cells, r):
            if _bare_number(k):
                return False
    return True


def continues(acc: Joined, part: TablePart, body_bottom: float, line_height: float) -> bool:
    """Is ``part`` (first on its page) the rest of ``acc`` (last on the previous page)?"""
    if part.page != acc.last.page + 1:
        return False
    if abs(part.x0 - acc.last.x0) > SNAP * 2 or abs(part.x1 - acc.last.x1) > SNAP * 2:
        return False
    xs_a = cluster([c.x0 for c in acc.last.cells] + [acc.last.x1])
    xs_b = cluster([c.x0 for c in part.cells] + [part.x1])

    def covered(small: list[float], big: list[float]) -> bool:
        return all(any(abs(s - b) <= SNAP * 2 for b in big) for s in small)

    if covered(xs_b, xs_a):
        # the same columns, or fewer: rows of the continuation may span some of them
        return True
    # a header cut from its body at the page bottom: the body subdivides its spanning cells
    return (
        covered(xs_a, xs_b)
        and header_like_rows(acc)
        and (body_bottom - acc.last.bottom <= ROW_SPLIT_BOTTOM_LINES * line_height)
    )


def repeated_header_count(acc: Joined, part: TablePart) -> int:
    """How many of ``part``'s first rows repeat ``acc``'s first rows."""
    n = 0
    while n < min(3, part.n_rows - 1, acc.n_rows - 1):
        a = _row_keys(acc.cells, n)
        b = _row_keys(part.cells, n)
        if not a or a != b or sum(1 for t in a if t) < 2:
            break
        n += 1
    return n


def _columns(acc: Joined, part: TablePart) -> list[float]:
    return cluster(
        [c.x0 for c in acc.cells + part.cells] + [c.x1 for c in acc.cells + part.cells],
        tol=SNAP * 2,
    )


def _filled_pattern(cells: list[PCell], xs: list[float]) -> frozenset[tuple[int, int]]:
    """The column ranges of a row's cells that hold text."""
    return frozenset((_index(xs, c.x0), _index(xs, c.x1)) for c in cells if not c.empty)


def _filled_patterns(acc: Joined, part: TablePart, skip_acc: int, skip_part: int) -> set:
    xs = _columns(acc, part)
    out = set()
    for cells, skip, n in ((acc.cells, skip_acc, acc.n_rows), (part.cells, skip_part, part.n_rows)):
        by_row: dict[int, list[PCell]] = {}
        for c in cells:
            by_row.setdefault(c.row, []).append(c)
        for r in range(n):
            if r != skip and r in by_row:
                out.add(_filled_pattern(by_row[r], xs))
    return out


def _repeat_label(acc: Joined, x: PCell, y: PCell, page: int) -> None:
    """A vertical merge ``y`` going on below a repeated header as ``x``: the two parts cannot be
    one cell of the grid, so each gets the whole label — ``y``'s text, and the rest ``x`` holds
    when the break cut the label's text (``预算配`` ⏎ ``置`` | ``（7分）``)."""
    if y.empty:
        return
    rest = list(x.lines)
    x.lines = [replace(ln, page=x.page) for ln in y.lines] + rest
    y.lines = y.lines + [replace(ln, page=y.lines[-1].page) for ln in rest]
    text = join_cell(y).replace("\n", "")
    acc.decisions.append(
        f"merged cell {text[:20]!r} continued below the repeated header on page {page}: "
        "its text repeated there"
    )


def header_splits_merge(acc: Joined, part: TablePart, h: int) -> bool:
    """Does the header repeated at the top of ``part`` stand inside a vertical merge that goes
    on below it with nothing printed there?  Word and LibreOffice repeat a header row marked
    so (tblHeader) on every page and print a merged cell's text once; a header repeated by
    hand stands where the author split the merges and wrote their labels again."""
    last_row = acc.n_rows - 1
    ys = [c for c in acc.cells if c.row <= last_row < c.row + c.rowspan]
    for x in part.cells:
        if x.row != h or not x.empty:
            continue
        y = next((y for y in ys if _aligned(x, y)), None)
        if y is not None and not y.empty and (x.rowspan > 1 or y.rowspan > 1):
            return True
    return False


def without_top_rows(part: TablePart, n: int) -> TablePart:
    """``part`` less its first ``n`` rows."""
    cells = [replace(c, row=c.row - n) for c in part.cells if c.row >= n]
    top = min((c.top for c in cells), default=part.top)
    return replace(part, top=top, n_rows=part.n_rows - n, cells=cells)


def join_part(acc: Joined, part: TablePart, body_bottom: float, line_height: float) -> None:
    """Append ``part`` to ``acc``, joining the row or the merged cells the page break cut."""
    h = repeated_header_count(acc, part)
    if h and header_splits_merge(acc, part, h):
        # a header the producer repeats on every page: not part of the table's text
        acc.decisions.append(
            f"header row(s) repeated on page {part.page} dropped: a merged cell runs through them"
        )
        join_part(acc, without_top_rows(part, h), body_bottom, line_height)
        return
    last_row = acc.n_rows - 1
    ys = [c for c in acc.cells if c.row <= last_row < c.row + c.rowspan]
    xs = [c for c in part.cells if c.row == h]
    pairs = [(x, next((y for y in ys if _aligned(x, y)), None)) for x in xs]
    at_bottom = body_bottom - acc.last.bottom <= ROW_SPLIT_BOTTOM_LINES * line_height

    # only a table that is all header so far can be a header cut from its body
    header_only = acc.n_rows <= HEADER_MAX_ROWS and header_like_rows(acc)

    merge: dict[int, PCell] = {}  # id(x) → y it continues
    split_row = False
    texts = [(x, y) for x, y in pairs if not x.empty]
    if at_bottom and xs:
        # Filled columns like another row's: the row may be a row of its own (the next name of
        # a list), so a cut at a paragraph end is not assumed for it.
        pattern = _filled_pattern(xs, _columns(acc, part))
        regular = len(pattern) >= 2 and pattern in _filled_patterns(acc, part, last_row, h)
        cut = all(
            y is not None and not y.empty and _was_cut(y, x, allow_paragraph_end=not regular)
            for x, y in texts
        ) and not _new_list_row(pairs, texts)
        # Evidence of a cut: a text that stopped mid-line, or a one-row cell whose whole text
        # fitted above the break (its rest is empty) right of a text that goes on.  Empty
        # cells left of every text are evidence only where no vertical merge shows among
        # them: a new row continuing the merged labels above it has empty cells there too.
        first_text = min((x.x0 for x, _ in texts), default=float("inf"))
        before = [(x, y) for x, y in pairs if x.x0 < first_text and y is not None]
        merged_labels = any(x.rowspan > 1 or y.rowspan > 1 for x, y in before)

        def fitted(x: PCell, y: PCell | None) -> bool:
            return x.empty and y is not None and not y.empty and y.rowspan == 1

        evidence = (
            any(fitted(x, y) for x, y in pairs if x.x0 > first_text)
            or (not merged_labels and any(fitted(x, y) for x, y in before))
            or any(_continues_line(y, x) for x, y in texts if y is not None)
        )
        # an all-empty first row is a row of its own (an empty row), not the rest of a cut one
        split_row = cut and evidence and bool(texts)
    if split_row:
        for x, y in pairs:
            if y is None:
                continue
            if h and x.rowspan > 1:
                # a vertical merge going on below a repeated header: a cell of its own there
                x.row, x.rowspan = x.row + 1, x.rowspan - 1
                _repeat_label(acc, x, y, part.page)
                continue
            merge[id(x)] = y
        acc.decisions.append(
            f"a table row cut by the page break {acc.last.page}/{part.page} joined back"
        )
    else:
        # a header row cut from the rows below that subdivide it (only a table with no data yet)
        subdivides = (
            h == 0
            and header_only
            and any(
                y is None and any(c.x0 - SNAP * 2 <= x.x0 and x.x1 <= c.x1 + SNAP * 2 for c in ys)
                for x, y in pairs
            )
        )
        # the first data row below a header continues none of the header's cells
        data_below_header = header_only and _numeric_row(xs)
        continued: dict[int, PCell] = {}
        leading = True  # every cell to the left continued the cell above it
        for x, y in sorted(pairs, key=lambda p: p[0].x0):
            if y is None or (x.empty and y.empty):
                leading = False
                continue
            if not texts or data_below_header:  # an empty row continues no merge
                break
            tall = x.rowspan > 1 or y.rowspan > 1  # part of a vertical merge on either page
            if (
                # a header cut from its body: its cells go on, empty or with the rest of a
                # text the break cut (the first body row below it is no header's rest)
                (subdivides and not y.empty and (x.empty or _continues_line(y, x)))
                or (x.empty and (leading or tall))
                # a merged label centred vertically may print on the second page only
                or (y.empty and leading and tall)
                # a merged cell whose text the page break cut (the row below it was not); a
                # bare number is a value of its own, never the rest of a text or a number
                or (
                    y.rowspan > 1
                    and at_bottom
                    and not x.empty
                    and not _bare_number(_cell_key(x))
                    and _was_cut(y, x, False)
                )
            ):
                continued[id(x)] = y
            # a running number (序号 4 → 5) keeps the cells after it leading
            leading = leading and (id(x) in continued or _running_number(y, x))
        if h == 0:
            merge = continued
            if merge:
                acc.decisions.append(
                    f"{len(merge)} merged cell(s) continued over the page break "
                    f"{acc.last.page}/{part.page} joined"
                )
        else:
            # A repeated header row stands between the two parts of a vertical merge, so they
            # cannot be one cell of the grid: the part below the header gets the label again,
            # as when a header is repeated by hand (the seed's scoring table does so).
            for x in xs:
                y = continued.get(id(x))
                if y is not None:
                    _repeat_label(acc, x, y, part.page)

    drop_row = split_row  # the cut row's rest is not a row of its own

    def new_row(r: int) -> int:
        if drop_row and r == h:
            return last_row
        if drop_row and r > h:
            return acc.n_rows + r - 1
        return acc.n_rows + r

    for c in part.cells:
        start, end = new_row(c.row), new_row(c.row + c.rowspan - 1)
        y = merge.get(id(c))
        if y is not None:
            y.add_piece(c)
            y.rowspan = max(y.rowspan, end - y.row + 1)
            continue
        if drop_row and c.row == h and c.empty:
            continue  # the empty rest of a cell the break cut
        c.row, c.rowspan = start, end - start + 1
        acc.cells.append(c)
    acc.n_rows += part.n_rows - (1 if drop_row else 0)
    acc.last = part


NO_VERTICAL_RULES = "no vertical rules, columns from the alignment of its text"


def _columns_guessed(part: TablePart) -> str:
    """The reason a part's columns are a guess ("" when rules drew them)."""
    return part.inferred if part.inferred == NO_VERTICAL_RULES else ""


def to_table(acc: Joined) -> Table:
    """Joined parts → the model's grid: columns from the x boundaries of every part."""
    xs = cluster([c.x0 for c in acc.cells] + [c.x1 for c in acc.cells], tol=SNAP * 2)
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for c in sorted(acc.cells, key=lambda c: (c.row, c.x0)):
        col, end = _index(xs, c.x0), _index(xs, c.x1)
        if end <= col or (c.row, col) in taken:
            continue
        taken.add((c.row, col))
        text = join_cell(c) if c.lines else ""
        page = c.lines[0].page if c.lines else c.page
        cells.append(
            Cell(
                text=text,
                row=c.row,
                col=col,
                rowspan=max(1, c.rowspan),
                colspan=end - col,
                page=page,
            )
        )
    return Table(
        n_rows=acc.n_rows,
        n_cols=len(xs) - 1,
        cells=cells,
        layout_inferred=acc.columns_guessed or None,
    )


# ── reading pages ─────────────────────────────────────────────────────────


def read_page(page, number: int, carry: dict | None = None) -> tuple[list[Line], list[TablePart]]:
    """A page's lines and table parts; ``carry`` passes a table not fully ruled on to the
    next page (see ``unruled_tables``)."""
    chars = page.chars
    parts: list[TablePart] = []
    edges = [e for e in page.edges if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= 1.0]
    h = [e for e in edges if e["orientation"] == "h"]
    v = [e for e in edges if e["orientation"] == "v"]
    settings = dict(TABLE_SETTINGS)
    frames = missing_frames(h, v)
    if frames:  # a grid of rules without its outer frame: the frame given explicitly
        settings["explicit_vertical_lines"] = [f for f in frames if f["x0"] == f["x1"]]
        settings["explicit_horizontal_lines"] = [f for f in frames if f["top"] == f["bottom"]]
    for t in page.find_tables(settings):
        if not t.cells:
            continue
        part = table_part([tuple(b) for b in t.cells], number)
        if any(
            part.x0 - SNAP <= f["x0"] <= part.x1 + SNAP
            and part.top - SNAP <= f["top"] <= part.bottom + SNAP
            for f in frames
        ):
            part.inferred = "outer frame not drawn, taken from its inner rules"
        chars = assign_chars(part, chars)
        parts.append(part)
    taken = [(p.x0, p.top, p.x1, p.bottom) for p in parts]
    for boxes in unruled_tables(rule_rows(h, taken), chars, carry):
        part = table_part(boxes, number)
        part.inferred = NO_VERTICAL_RULES
        chars = assign_chars(part, chars)
        parts.append(part)
    return chars_to_lines(chars, number), parts


def _margins(lines: list[Line]) -> tuple[float, float]:
    """Left margin (continuation lines) and right margin (full lines) of the body text."""

    def supported(values: list[float], pick) -> float:
        groups: list[list[float]] = []
        for v in sorted(values):
            if groups and v - groups[-1][-1] <= SNAP * 1.5:
                groups[-1].append(v)
            else:
                groups.append([v])
        good = [g for g in groups if len(g) >= 2] or groups
        return pick(pick(g) for g in good)

    if not lines:
        return 0.0, 0.0
    return supported([ln.x0 for ln in lines], min), supported([ln.x1 for ln in lines], max)


def to_items(pages: list[PageContent], decisions: list[str]) -> list[Item]:
    """The page stream → paragraphs and joined tables, in reading order."""
    body = [it for p in pages for it in p.items if isinstance(it, Line)]
    left, right = _margins(body)
    sizes = [ln.size for ln in body] or [10.0]
    size = statistics.median(sizes)
    pitches = [
        b.top - a.top
        for a, b in zip(body, body[1:], strict=False)
        if a.page == b.page and 0 < b.top - a.top < 3 * size and not ends_paragraph(a, b, right)
    ]
    pitch = statistics.median(pitches) if pitches else 1.4 * size
    # the lowest body content on any page (outside the footer band, in case a footer was not
    # recognised as furniture): a table reaching it was cut by the page break
    bottoms = [
        it.bottom
        for p in pages
        for it in p.items
        if not p.height or it.bottom <= p.height * (1 - FURNITURE_BAND)
    ]
    body_bottom = max(bottoms) if bottoms else 0.0

    items: list[Item] = []
    para: list[Line] = []
    acc: Joined | None = None
    joined_tables = 0

    def flush_para() -> None:
        if para:
            items.append(Paragraph(join_lines(para, right), para[0].page))
            para.clear()

    def flush_table() -> None:
        nonlocal acc
        if acc is not None:
            decisions.extend(acc.decisions)
            table = to_table(acc)
            items.append(RawTable(table, table.pages[0] if table.pages else acc.last.page))
            acc = None

    stream = [it for p in pages for it in p.items]
    for i, it in enumerate(stream):
        if isinstance(it, TablePart):
            flush_para()
            first_on_page = i == 0 or _page(stream[i - 1]) != it.page
            if acc is not None and first_on_page and continues(acc, it, body_bottom, pitch):
                join_part(acc, it, body_bottom, pitch)
                acc.columns_guessed = acc.columns_guessed or _columns_guessed(it)
                joined_tables += 1
                continue
            flush_table()
            acc = Joined(cells=list(it.cells), n_rows=it.n_rows, last=it)
            acc.columns_guessed = _columns_guessed(it)
            continue
        flush_table()
        nxt = stream[i + 1] if i + 1 < len(stream) else None
        nxt_line = nxt if isinstance(nxt, Line) and not _indented(nxt, left) else None
        if para and _breaks(para[-1], it, nxt_line, left, right, pitch):
            flush_para()
        para.append(it)
    flush_para()
    flush_table()
    if joined_tables:
        decisions.append(f"{joined_tables} table part(s) continued on the next page joined")
    return items


def _page(it: Line | TablePart) -> int:
    return it.page


def _indented(line: Line, left: float) -> bool:
    return line.x0 - left > INDENT_EM * line.size


def _breaks(
    prev: Line, line: Line, nxt: Line | None, left: float, right: float, pitch: float
) -> bool:
    """Does ``line`` start a new paragraph after ``prev``?  (``nxt``: the line after, if it
    could continue ``line``'s paragraph.)"""
    if ends_paragraph(prev, line, right):
        return True
    if _indented(line, left):
        return True
    if abs(line.size - prev.size) > SIZE_CHANGE_PT:
        return True
    if line.page == prev.page and line.top - prev.top > PARAGRAPH_GAP_RATIO * pitch:
        return True
    return numbered_line(line, nxt, right)


# ── triage and load ───────────────────────────────────────────────────────


def triage(char_counts: list[int], garbled: int, total: int) -> tuple[bool, str]:
    """Has the PDF a usable text layer?  The decision and its reason."""
    n = len(char_counts)
    with_text = sum(1 for k in char_counts if k >= PAGE_MIN_CHARS)
    share = garbled / total if total else 0.0
    facts = (
        f"{with_text}/{n} pages with ≥{PAGE_MIN_CHARS} characters, "
        f"{share:.1%} unreadable characters"
    )
    if n == 0 or with_text < TEXT_PAGE_MIN_SHARE * n:
        return False, f"triage: no text layer ({facts}; scanned? no OCR is done)"
    if share > GARBLED_MAX_SHARE:
        return (
            False,
            f"triage: text layer garbled ({facts} > {GARBLED_MAX_SHARE:.0%}; fonts without a Unicode map)",
        )
    return True, f"triage: text layer ({facts})"


def _check_complete(path: Path, size: int) -> None:
    with path.open("rb") as fh:
        fh.seek(max(0, size - EOF_WINDOW))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise CorruptFile(
            path,
            "is a truncated PDF (its end marker %%EOF is missing)",
            "get the complete file again (the download or copy was cut short)",
        )


def load(path: Path) -> Document:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    size = path.stat().st_size
    _check_complete(path, size)
    source = Source(path=str(path), format="pdf", sha256=sha256_file(path), size=size)
    try:
        with pdfplumber.open(path) as pdf:
            source.pages = len(pdf.pages)
            counts: list[int] = []
            garbled = total = 0
            for page in pdf.pages:
                visible = [c["text"] for c in page.chars if c["text"].strip()]
                counts.append(len(visible))
                total += len(visible)
                garbled += sum(1 for t in visible if _GARBLED_RE.search(t))
            ok, why = triage(counts, garbled, total)
            source.decisions.append(why)
            if not ok:
                source.text_layer = False
                return Document(source=source, blocks=[])
            raw: list[tuple[list[Line], list[TablePart], float]] = []
            carry: dict = {}
            for number, page in enumerate(pdf.pages, start=1):
                lines, parts = read_page(page, number, carry)
                raw.append((lines, parts, float(page.height)))
                page.flush_cache()
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if type(inner).__name__ == "PDFPasswordIncorrect":
            raise EncryptedFile(path, "is a password-protected PDF") from exc
        raise CorruptFile(path, f"is a damaged PDF ({type(inner).__name__}: {inner})") from exc
    except Exception as exc:  # pdfminer raises its own and builtin errors on damaged files
        if not type(exc).__module__.startswith(("pdfminer", "pdfplumber")) and not isinstance(
            exc, (ValueError, KeyError, TypeError, AssertionError, IndexError)
        ):
            raise
        raise CorruptFile(path, f"is a damaged PDF ({type(exc).__name__}: {exc})") from exc

    for number, (_, parts, _) in enumerate(raw, start=1):
        for part in parts:
            if part.inferred:
                source.decisions.append(f"table on page {number} not fully ruled: {part.inferred}")
    furniture = find_furniture([(lines, h) for lines, _, h in raw])
    pages: list[PageContent] = []
    for number, (lines, parts, height) in enumerate(raw, start=1):
        kept = [ln for ln in lines if id(ln) not in furniture]
        content: list[Line | TablePart] = [*kept, *parts]
        content.sort(key=lambda it: it.top)
        pages.append(PageContent(number, content, len(lines) - len(kept), height))
    dropped = sum(p.furniture for p in pages)
    if dropped:
        source.decisions.append(f"{dropped} page-number/running-head line(s) dropped")
    items = to_items(pages, source.decisions)
    return assemble(source, items)
