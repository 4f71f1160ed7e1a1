"""Text loader: any encoding, and the Word text-export table layout.

Reports saved from Word as plain text keep their tables in this shape:

* a line starting with TAB starts a cell; further lines without a leading TAB
  continue that cell (``公共财`` / ``政拨款`` is one cell);
* a blank line ends a table row;
* a line without TAB after a blank line is an ordinary paragraph and ends
  the table;
* leading spaces before the TAB (`` \\t评价等次``) stand for an empty cell
  printed as a space: the row keeps that empty cell;
* a form feed starts a new page.

Tables copied from Word or a spreadsheet into a text editor come as one line
per row with TAB between cells; two or more such lines in a row (outside a
Word-export table, the first cell not a list marker such as ``1.``) are turned
into the layout above first (``tab_rows_to_cells``).

HTML tables written inside the text (Markdown from a document converter) are read with their
spans (``htmltable``).  Forms flattened to a stream of cells (one ``cell |`` per line, or a whole form on one
line) are cut into rows from their headers first (``cellstream.reflow``).

The rows found this way carry no spans; ``textgrid`` rebuilds the grids.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import EncodingError, UnsupportedFormat
from ..model import Cell, Document, Source, Table
from . import cellstream, htmltable, textgrid
from .layout import Item, Paragraph, RawTable, assemble, cell_text, sha256_file
from .normalize import CJK_PUNCT, HAN, clean, is_wide

CONTROL_CHAR_RATIO = 0.01
"""Decoded text with more control characters than this share is binary, not text."""
REPLACED_CHAR_RATIO = 0.001
"""Up to this share of undecodable bytes is replaced (and recorded); more is an error."""
UTF16_NUL_RATIO = 0.3
"""Without a BOM, a file whose odd or even bytes are this often NUL is read as UTF-16."""
UTF16_PLAUSIBLE_SHARE = 0.9
"""Without a BOM and with few NULs (Chinese text), UTF-16 is accepted when this share of the
decoded characters is common text (CJK, CJK/full-width punctuation, printable ASCII, white
space); random binary decodes to about a third."""

TAB_ROWS_MIN = 2
"""Consecutive TAB-separated lines needed before they are read as a table (one is a paragraph)."""
_MARKER_RE = re.compile(
    r"^[ \u3000]*(?:[（(]?[0-9０-９一二三四五六七八九十]{1,3}[）)、.．]?|[●•·■□◆▲★①-⑳])[ \u3000]*$"
)

WRAP_MIN_LINES = 6
"""Lines of running text needed before their widths can show a wrap."""
WRAP_SHARE = 0.5
"""Share of those lines filled to about one width for the text to count as hard-wrapped."""
WRAP_FILLED = 0.75
"""A line at least this share of the width long was cut by the wrap (a shorter one ended)."""
_SENTENCE_CLOSE = "。；;！？!?：:"
_ITEM_START_RE = re.compile(
    r"^[ \u3000]*(?:[（(][0-9０-９一二三四五六七八九十]{1,3}[）)]|[0-9０-９一二三四五六七八九十]{1,3}[、.．]"
    r"|第[0-9一二三四五六七八九十]{1,3}[章节部分条]|[●•·■□◆▲★①-⑳])"
)


def wrap_width(lines: list[str]) -> int | None:
    """The width a text copied from a PDF breaks its lines at (…116433.12 元,占支⏎出总预算…),
    or None: most lines of running text (no TAB, no |) fill about one width, which paragraphs
    saved from a word processor (one line each) never do."""
    widths = sorted(
        _columns(t) for ln in lines if (t := ln.strip()) and "\t" not in ln and "|" not in ln
    )
    if len(widths) < WRAP_MIN_LINES:
        return None
    wide = widths[int(len(widths) * 0.8)]
    filled = sum(1 for w in widths if WRAP_FILLED * wide <= w <= 1.15 * wide)
    return wide if filled >= WRAP_SHARE * len(widths) and 32 <= wide <= 240 else None


def _columns(text: str) -> int:
    """Display width: a CJK character takes two columns, an ASCII one (digits in a line of
    Chinese make its character count vary, not its printed width)."""
    return sum(map(_WIDTHS.__getitem__, text))


class _Widths(dict[str, int]):
    """Character → columns, each character's width looked up once (every line of every text
    is measured, issue 18)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if is_wide(ch) else 1
        return width


_WIDTHS = _Widths()


_PLAIN_RE = re.compile(rf"[{HAN}{CJK_PUNCT}\u2010-\u2027\x20-\x7e\s]")
_CELL_RE = re.compile(r"^([ \u3000]*)\t(.*)$")
_HTML_TABLE_RE = re.compile(r"^\s*<table[\s>]", re.IGNORECASE)
"""A line opening an HTML table (Markdown written by a document converter)."""
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Text, the encoding used and the decisions taken to get it."""
    decisions: list[str] = []
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    path, f"has a {enc} byte-order mark but is not valid {enc}"
                ) from exc
            decisions.append(f"encoding {enc} from its byte-order mark")
            return _check_text(text, path), enc, decisions

    sample = data[:4096]
    if b"\x00" in sample:
        even = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
        guess: str | None = (
            "utf-16-le"
            if odd >= UTF16_NUL_RATIO
            else "utf-16-be"
            if even >= UTF16_NUL_RATIO
            else None
        )
        why = "NUL bytes interleaved"
        if guess is None:  # Chinese UTF-16 has few NULs: take the byte order that reads as text
            guess, why = _plausible_utf16(data), "reads as Chinese text"
        if guess is None:
            raise UnsupportedFormat(path, "is a binary file, not text or a known document format")
        try:
            text = data.decode(guess)
        except UnicodeDecodeError as exc:
            raise UnsupportedFormat(
                path, "is a binary file, not text or a known document format"
            ) from exc
        decisions.append(f"encoding {guess} guessed (no byte-order mark, {why})")
        return _check_text(text, path), guess, decisions

    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc != "utf-8":
            decisions.append(f"encoding {enc} guessed (not valid UTF-8)")
        return _check_text(text, path), enc, decisions

    # a stray byte in either encoding (a copy cut mid-character, a corrupted byte): the
    # encoding that leaves fewer characters undecodable, UTF-8 on a tie
    readings = []
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        printed = data.count(b"\xef\xbf\xbd") if enc == "utf-8" else 0  # U+FFFD as printed
        readings.append((text.count("\ufffd") - printed, enc, text))
    bad, enc, text = min(readings, key=lambda r: r[0])
    if bad > max(1, len(text) * REPLACED_CHAR_RATIO):
        raise EncodingError(path, f"is neither UTF-8 nor GB18030 text ({bad} undecodable bytes)")
    decisions.append(f"encoding {enc} guessed; {bad} undecodable bytes replaced by U+FFFD")
    return _check_text(text, path), enc, decisions


def _plausible_utf16(data: bytes) -> str | None:
    best: tuple[float, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        head = data[:8192].decode(enc, errors="replace")
        share = len(_PLAIN_RE.findall(head)) / max(1, len(head))
        if share >= UTF16_PLAUSIBLE_SHARE and (best is None or share > best[0]):
            best = (share, enc)
    return best[1] if best else None


def _check_text(text: str, path: Path) -> str:
    controls = len(_CONTROL_RE.findall(text[:20000]))
    if controls > max(2, len(text[:20000]) * CONTROL_CHAR_RATIO):
        raise UnsupportedFormat(path, "is a binary file, not text or a known document format")
    if not text.strip():
        raise UnsupportedFormat(path, "contains only whitespace", "get the original report again")
    return text


def _tab_row(line: str) -> list[str] | None:
    """The cells of a TAB-separated row (empty ones kept, trailing ones too), or None.

    A line starting with TAB is a Word-export cell unless it holds two more TABs (an empty
    first cell of a row); ``1.\t文本`` is a numbered paragraph, not a row."""
    line = line.rstrip("\r\n")
    cells = [c.strip(" \u3000") for c in line.split("\t")]
    if not any(cells) or len(cells) < 2:
        return None
    if _CELL_RE.match(line) and len(cells) < 4:
        return None
    if len(cells) == 2 and _MARKER_RE.match(cells[0]):
        return None
    return cells


_PIPE_RE = re.compile(r"[|｜]")
_PIPE_RULE_RE = re.compile(r"^[\s|｜:：\-—–=+]*$")


def _pipe_row(line: str) -> list[str] | None:
    """The cells of a ``|``-separated row (a web page's table copied as text, or Markdown:
    ``一级指标 | 二级指标 | 分值``, ``| a | b |``), or None.  A Markdown rule row
    (``|---|---|``) is an empty row: None."""
    line = line.rstrip("\r\n")
    if not _PIPE_RE.search(line) or _PIPE_RULE_RE.match(line):
        return None
    cells = [c.strip(" \u3000") for c in _PIPE_RE.split(line)]
    if line.strip().startswith(("|", "｜")):
        cells = cells[1:]
    if line.strip().endswith(("|", "｜")):
        cells = cells[:-1]
    if len(cells) < 2 or not any(cells):
        return None
    return cells


def _table_row(line: str) -> list[str] | None:
    return _tab_row(line) or _pipe_row(line)


def tab_rows_to_cells(lines: list[str]) -> list[str]:
    """Runs of TAB-separated row lines → Word's text-export layout (a cell per line, a blank
    line after each row). A run counts when it has ``TAB_ROWS_MIN`` rows of two or more
    filled cells; lines inside a Word-export table are left alone (there a line without a
    leading TAB continues a cell)."""
    out: list[str] = []
    in_cells = False
    i = 0
    # a Markdown table rules its header off (|---|---|): the rule is no row, and no text
    lines = [ln for ln in lines if not ("|" in ln and ln.strip() and _PIPE_RULE_RE.match(ln))]
    rows: dict[int, list[str] | None] = {}  # each line's cells, read once (a run too short
    # to count is read again from each of its lines)

    def row_at(j: int) -> list[str] | None:
        if j not in rows:
            rows[j] = _table_row(clean(lines[j].replace("\f", "")))
        return rows[j]

    while i < len(lines):
        line = lines[i]
        run: list[list[str]] = []
        if not in_cells:
            j = i
            while j < len(lines) and (cells := row_at(j)):
                run.append(cells)
                j += 1
        if run and sum(1 for cells in run if sum(1 for c in cells if c) >= 2) >= TAB_ROWS_MIN:
            if out and out[-1].strip():
                out.append("")
            for k, cells in enumerate(run):
                if "\f" in lines[i + k]:
                    out.append("\f" * lines[i + k].count("\f"))  # keep the page count
                out.extend("\t" + c for c in cells)
                out.append("")
            i += len(run)
            continue
        cleaned = clean(line.replace("\f", ""))
        if _CELL_RE.match(cleaned):
            in_cells = True
        elif not cleaned.strip():
            in_cells = False
        out.append(line)
        i += 1
    return out


def _unit_broken_off(before: str, line: str) -> bool:
    """Does ``line`` start with the unit of the number ending ``before`` (a copied page broke
    the line inside ``91.91万元``)?  Asked of the number reader, which takes a unit across
    a line break only for amounts and rates."""
    if not before[-1:].isdigit() or not line:
        return False
    from ..numbers import find

    tail = before[-24:]
    return any(q.start < len(tail) < q.end for q in find(tail + "\n" + line[:12]))


class _Parser:
    """The state of ``parse`` over the lines of one text (see the module doc)."""

    def __init__(self, wrap: int | None = None) -> None:
        self.wrap = wrap  # the width a hard-wrapped text breaks its lines at (``wrap_width``)
        self.items: list[Item] = []
        self.rows: list[list[list[str]]] = []  # rows of cells; a cell is its list of lines
        self.row: list[list[str]] | None = None
        self.last = "blank"  # kind of the previous line: cell | blank | para | html
        self.page = 1
        self.table_page = 1
        self.inferred: str | None = None  # inside a flattened form rebuilt by cellstream
        self.html: list[str] | None = None  # lines of an HTML table not yet closed

    def end_row(self) -> None:
        if self.row:
            self.rows.append(self.row)
        self.row = None

    def end_table(self) -> None:
        self.end_row()
        if self.rows:
            for table in textgrid.build_tables(
                [[cell_text(c) for c in r] for r in self.rows],
                self.table_page,
                split=self.inferred is None,
            ):
                table.layout_inferred = self.inferred
                self.items.append(RawTable(table, self.table_page))
            self.rows.clear()

    def marker(self, raw_line: str) -> bool:
        """A line cellstream wrote around a rebuilt form: taken, True."""
        if raw_line == cellstream.CUT:
            self.inferred = cellstream.INFERRED_CUT  # the table being built is cut short
            return True
        if raw_line in (cellstream.STREAM_START, cellstream.STREAM_END):
            self.end_table()
            self.inferred = cellstream.INFERRED if raw_line == cellstream.STREAM_START else None
            self.last = "blank"
            return True
        return False

    def html_line(self, line: str) -> bool:
        """A line of a converter's HTML table (read with its spans when it closes): True."""
        if self.html is None and not _HTML_TABLE_RE.match(line):
            return False
        self.html = [*(self.html or []), line]
        if "</table>" in line.lower():
            self.end_table()
            for t in htmltable.tables("\n".join(self.html), self.page):
                prev = self.items[-1] if self.items and self.last == "html" else None
                if isinstance(prev, RawTable):  # pieces of one table, page by page
                    prev.table.layout_inferred = t.layout_inferred = htmltable.PIECES
                self.items.append(RawTable(t, self.page))
                self.last = "html"
            self.html = None
        return True

    def cell(self, m: re.Match[str], line: str) -> None:
        if self.row is None:
            if not self.rows:
                self.table_page = self.page
            self.row = []
        if m.group(1) and not line.startswith("\t"):
            self.row.append([""])  # printed blank before the TAB: an empty cell
        self.row.append([m.group(2)])
        self.last = "cell"

    def paragraph(self, line: str) -> None:
        self.end_table()
        prev = self.items[-1] if self.items and self.last == "para" else None
        if isinstance(prev, Paragraph) and (
            _unit_broken_off(prev.text, line.strip()) or self.wrapped(prev.text, line.strip())
        ):
            prev.text += "\n" + line.strip()  # 1,056.78⏎万元: one amount, one paragraph
        else:
            self.items.append(Paragraph(line.strip(), self.page))
        self.last = "para"

    def wrapped(self, before: str, line: str) -> bool:
        """Does ``line`` go on the sentence ``before`` broke off at the text's wrap width?"""
        if self.wrap is None or not line:
            return False
        last = before.rsplit("\n", 1)[-1]
        return (
            _columns(last) >= WRAP_FILLED * self.wrap
            and last[-1] not in _SENTENCE_CLOSE
            and not _ITEM_START_RE.match(line)
        )

    def line(self, raw_line: str) -> None:
        if self.marker(raw_line):
            return
        if "\f" in raw_line:
            self.page += raw_line.count("\f")
            raw_line = raw_line.replace("\f", "")
        line = clean(raw_line)
        if self.html_line(line):
            return
        m = _CELL_RE.match(line)
        if m:
            self.cell(m, line)
        elif not line.strip():
            if self.row is not None:
                self.end_row()
            self.last = "html" if self.last == "html" else "blank"
        elif self.last == "cell":
            assert self.row is not None
            self.row[-1].append(line)
        else:
            self.paragraph(line)

    def finish(self) -> list[Item]:
        self.end_table()
        if self.html:  # a table never closed: its text stays readable as a paragraph
            self.items.append(Paragraph("\n".join(self.html).strip(), self.page))
        return self.items


def parse(text: str) -> list[Item]:
    """Lines → paragraphs and tables (see the module doc for the layout rules)."""
    lines = tab_rows_to_cells(cellstream.reflow(text.split("\n")))
    parser = _Parser(wrap_width(lines))
    for raw_line in lines:
        parser.line(raw_line)
    return _mark_broken_pipe_tables(parser.finish())


_PIPE_PIECE_RE = re.compile(r"^\s*[|｜]")
BROKEN_PIPES = (
    "text: part of a | table whose rows were broken over lines (spanned cells alone on a "
    "line); rows of the table stand outside this grid"
)
"""``Table.layout_inferred`` of such a part: a sum over the whole table cannot be checked."""


def _mark_broken_pipe_tables(items: list[Item]) -> list[Item]:
    """Tables among the leftover pieces of a ``|`` table whose rows were broken over lines (a
    web page's spanned cells: ``| 明确性(5分) |`` alone on a line, a lone ``|``): the rows that
    were rebuilt are only part of the table, so their grid is inferred (rules that sum over the
    table say they are not sure)."""
    region: list[int] = []

    def close() -> None:
        pieces = [i for i in region if isinstance(items[i], Paragraph)]
        if pieces:
            for i in region:
                item = items[i]
                if isinstance(item, RawTable) and item.table.layout_inferred is None:
                    item.table.layout_inferred = BROKEN_PIPES
        region.clear()

    for i, item in enumerate(items):
        if isinstance(item, RawTable) or _PIPE_PIECE_RE.match(item.text):
            region.append(i)
        else:
            close()
    close()
    return items


def csv_items(text: str) -> list[Item]:
    """A CSV text → its title rows as paragraphs and its rows as one table (``assemble``
    splits full-width caption rows out), empty rows dropped."""
    import csv
    import io

    rows = [[clean(c).strip() for c in r] for r in csv.reader(io.StringIO(text))]
    rows = [r for r in rows if any(r)]
    items: list[Item] = []
    while rows and sum(1 for c in rows[0] if c) == 1 and len(rows) > 1:
        items.append(Paragraph(next(c for c in rows.pop(0) if c), 1))  # a title row
    if not rows:
        return items
    width = max(len(r) for r in rows)
    cells = [
        Cell(text=(r[c] if c < len(r) else ""), row=i, col=c)
        for i, r in enumerate(rows)
        for c in range(width)
    ]
    return [*items, RawTable(Table(n_rows=len(rows), n_cols=width, cells=cells), 1)]


def load(path: Path) -> Document:
    data = path.read_bytes()
    text, encoding, decisions = decode(data, path)
    if path.suffix.lower() == ".csv":
        # a sheet saved as CSV (the name is the only sign: its bytes are text): one table,
        # its rows as written, numbers as printed
        items = csv_items(text)
        decisions = [*decisions, "CSV: read as one table (named .csv)"]
    else:
        items = parse(text)
    pages = text.count("\f") + 1
    source = Source(
        path=str(path),
        format="txt",
        sha256=sha256_file(path),
        pages=pages,
        encoding=encoding,
        text_layer=True,
        size=len(data),
        decisions=decisions,
    )
    return assemble(source, items)
