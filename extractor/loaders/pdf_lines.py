"""PDF characters → lines (overprints dropped), lines → paragraphs and cell texts; page furniture."""

from __future__ import annotations

import functools
import itertools
import operator
import re
import statistics
from collections import Counter

from .. import patterns
from .normalize import HAN, clean, is_wide, key, squash_cjk_spaces
from .pdf_parts import Line, PCell, numbering_res, page_number_res
from .pdf_settings import (
    CELL_SLACK_EM,
    FLOAT_SLACK,
    FURNITURE_BAND,
    FURNITURE_MIN_PAGES,
    LINE_END_SLACK_EM,
    OCR_SLACK_EM,
    OVERPRINT_EM,
    OVERPRINT_OVERLAP,
    OVERPRINT_SIZE_EM,
    RAGGED_FULL_SHARE,
    SAME_LINE_OVERLAP,
    SNAP,
    SPACE_GAP_EM,
    TURNED_MIN_SHARE,
    WIDE_GAP_EM,
    WORD_GAP_EM,
)

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


def sideways(ch: dict) -> bool:
    """Does the character run up or down the page (its text matrix turned a quarter)?"""
    m = ch.get("matrix")
    return m is not None and abs(m[1]) > abs(m[0]) and bool(ch["text"].strip())


def slanted(ch: dict) -> bool:
    """Is the character set at a slant, neither along the page nor a quarter turned (its text
    matrix turned 10 degrees or more off both): a watermark or a stamp across the page, the
    text of no line and no table."""
    m = ch.get("matrix")
    if m is None:
        return False
    a, b = abs(m[0]), abs(m[1])
    return min(a, b) > SLANT_MIN * max(a, b, 1e-9)


SLANT_MIN = 0.18
"""sin 10°: a text matrix turned less off the page's axes is read as level (or upright)."""


def level_chars(chars: list[dict]) -> list[dict]:
    """``chars`` without those set at a slant (``slanted``); most have b = 0 in their matrix,
    which is tested first, without a call."""
    return [c for c in chars if not ((m := c.get("matrix")) and m[1] and slanted(c))]


BINDING_MIN_MARKS = 8
"""A binding line: at least this many of its marks stacked at one x."""
BINDING_GAP_EM = 2.0
"""... and every other character of the page at least this many ems to one side of it."""


@functools.cache
def _binding_re() -> re.Pattern[str]:
    return re.compile(patterns.load("pdf")["binding_marks"])


def binding_line(chars: list[dict]) -> set[int]:
    """The ``id`` of each character of a binding line printed down a page's side margin
    (装 ┊ 订 ┊ 线 in the gutter of a thesis or an official document): at least
    ``BINDING_MIN_MARKS`` characters of ``binding_marks`` (``patterns/pdf.yaml``) stacked at
    one x, every other character of the page ``BINDING_GAP_EM`` or more to one side of them
    — a decoration, no text, and never a table's column beside each line of prose."""
    marks = _binding_re()
    found = sorted((c for c in chars if marks.fullmatch(c["text"])), key=lambda c: c["x0"])
    columns: list[list[dict]] = []
    for c in found:  # stacked: each within a point or two of the one before, left to right
        if columns and c["x0"] - columns[-1][-1]["x0"] <= SNAP:
            columns[-1].append(c)
        else:
            columns.append([c])
    out: set[int] = set()
    for column in columns:
        if len(column) < BINDING_MIN_MARKS:
            continue
        ids = {id(c) for c in column}
        x0, x1 = min(c["x0"] for c in column), max(c["x1"] for c in column)
        gap = BINDING_GAP_EM * max(c["size"] for c in column)
        rest = [c for c in chars if id(c) not in ids and c["text"].strip()]
        if all(c["x0"] >= x1 + gap for c in rest) or all(c["x1"] <= x0 - gap for c in rest):
            out |= ids
    return out


def text_turn(chars: list[dict]) -> int:
    """How text of ``chars`` runs: 0 left to right; 90 up the page, -90 down it (a table
    drawn sideways, a header cell's text set vertically).  Read from the characters' text
    matrices: a character running up has b > 0 and a = 0."""
    up = down = n = 0
    for c in chars:
        if not c["text"].strip():
            continue
        n += 1
        if sideways(c):
            b = c["matrix"][1]
            up += b > 0
            down += b < 0
    if n and up > TURNED_MIN_SHARE * n:
        return 90
    if n and down > TURNED_MIN_SHARE * n:
        return -90
    return 0


def turned(obj: dict, turn: int, width: float, height: float) -> dict:
    """``obj`` (a character or an edge) as on the page turned so its text runs left to right."""
    x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
    if turn == 90:  # text running up: the page turned a quarter clockwise
        box = (height - bottom, height - top, x0, x1)
    else:  # text running down: a quarter anticlockwise
        box = (top, bottom, width - x1, width - x0)
    out = {**obj, "x0": box[0], "x1": box[1], "top": box[2], "bottom": box[3]}
    if "orientation" in obj:
        out["orientation"] = "v" if obj["orientation"] == "h" else "h"
    if "matrix" in obj:
        out["upright"] = True
    return out


def cell_lines(chars: list[dict], page: int) -> list[Line]:
    """A table cell's lines; text set vertically in it (a header turned a quarter) read along
    its run, each line kept in the cell's box."""
    # a page read turned already has its characters upright (``turned``)
    sideways = all("matrix" in c for c in chars) and not all(c.get("upright") for c in chars)
    turn = text_turn(chars) if sideways else 0
    if not turn:
        return chars_to_lines(chars, page)
    lines = chars_to_lines([turned(c, turn, 0.0, 0.0) for c in chars], page)
    x0, x1 = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
    top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    for ln in lines:
        ln.x0, ln.x1, ln.top, ln.bottom = x0, x1, top, bottom
    return lines


def char_rows(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by the line they stand on (top to bottom, unordered within): by
    their boxes' overlap, or by their baseline where a font's box stands apart from its
    baseline (a font of punctuation whose descent puts 、( ) half a line below the Chinese
    beside it, on the same baseline: ``_on_baseline``)."""
    kept = [c for c in chars if c["text"] and c["text"] not in "\n\r"]
    kept.sort(key=_TOP_X0)
    rows: list[list[dict]] = []
    cur: list[dict] | None = None
    # the tops and bottoms of the current row's last three characters (what it is matched by)
    tops: list[float] = []
    bottoms: list[float] = []
    last: dict | None = None  # the row's last character matched by its box
    for ch in kept:
        ch_top, ch_bottom = ch["top"], ch["bottom"]
        if cur is not None:
            top, bottom = min(tops), max(bottoms)
            # min(bottom, ch_bottom) - max(top, ch_top), written out
            overlap = (ch_bottom if ch_bottom < bottom else bottom) - (
                ch_top if ch_top > top else top
            )
            smaller = min(bottom - top, ch_bottom - ch_top) or 1.0
            if overlap >= (SAME_LINE_OVERLAP - FLOAT_SLACK) * smaller:
                cur.append(ch)
                tops.append(ch_top)
                bottoms.append(ch_bottom)
                if len(tops) > 3:
                    del tops[0], bottoms[0]
                last = ch
                continue
            base = _baseline(last) if last is not None else None
            if base is not None and _on_baseline(ch, base):
                cur.append(ch)  # matched by its baseline: its box moves nothing
                continue
        cur = [ch]
        rows.append(cur)
        tops, bottoms = [ch_top], [ch_bottom]
        last = ch
    return rows


def _baseline(ch: dict) -> float | None:
    """An upright character's baseline (its text matrix's origin), None for another, and for
    one set in a vertical font (pdfminer gives its advance down the page, negative, and its
    origin at the glyph's top centre: no baseline a line of horizontal text shares)."""
    m = ch.get("matrix")
    if m is None or m[1] or m[2] or m[0] <= 0 or m[3] <= 0 or ch.get("adv", 0.0) < 0:
        return None
    return m[5]


def _on_baseline(ch: dict, base: float) -> bool:
    """Does ``ch`` stand on the baseline ``base`` (within ``BASELINE_SLACK_EM``)?"""
    own = _baseline(ch)
    return own is not None and abs(own - base) <= BASELINE_SLACK_EM * (ch["size"] or 10.0)


BASELINE_SLACK_EM = 0.1
"""Two upright characters whose baselines are this close (a share of the font size) stand on
one line whatever their boxes say."""


_TOP_X0 = operator.itemgetter("top", "x0")


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
    if (
        a.get("fontname") != b.get("fontname")
        or abs(a["size"] - b["size"]) > OVERPRINT_SIZE_EM * size
    ):
        return False  # a copy is the same glyph again: same font, same size
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
            # a padding space set on the character before it (a sheet's right-aligned
            # figure, its spaces and digits placed apart: "1 17" for 117) is no gap
            if parts and parts[-1] != " " and not (prev and _inside(ch, prev)):
                parts.append(" ")
            continue
        if (
            prev is not None
            and parts[-1] != " "
            and gap_is_space(prev["text"][-1], ch["text"][0], ch["x0"] - prev["x1"], size)
        ):
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
        first_word=first_piece(visible),
        first_char=_first_unit(visible),
    )


def gap_is_space(left: str, right: str, gap: float, size: float) -> bool:
    """Is a gap of ``gap`` points between the characters ``left`` and ``right`` (on a line
    of font ``size``) a space: wider than ``WIDE_GAP_EM``, or ``SPACE_GAP_EM`` between two
    narrow (Latin) characters, ``WORD_GAP_EM`` when one of them is a letter?"""
    if gap > WIDE_GAP_EM * size:
        return True
    if is_wide(left) or is_wide(right):
        return False
    letter = left.isalpha() or right.isalpha()
    return gap > (WORD_GAP_EM if letter else SPACE_GAP_EM) * size


_ON_CHAR = 0.5
"""Points a space's box may stand out of the character's it lies on."""


def _inside(space: dict, ch: dict) -> bool:
    """Does the box of ``space`` lie on the box of ``ch`` (within ``_ON_CHAR``)?"""
    return ch["x0"] - _ON_CHAR <= space["x0"] and space["x1"] <= ch["x1"] + _ON_CHAR


@functools.cache
def _breaking() -> tuple[str, str, str]:
    data = patterns.load("pdf")
    return data["no_line_start"], data["no_line_end"], data["quotes"]


def first_piece(chars: list[dict]) -> float:
    """Width of the line's first piece that a line break could not have cut.

    CJK breaks between any two characters except next to punctuation that may
    not start or end a line and next to quotation marks; Latin words and
    numbers break only at spaces.
    """
    no_start, no_end, quotes = _breaking()
    end = chars[0]["x1"]
    for a, b in itertools.pairwise(chars):
        ta, tb = a["text"][-1], b["text"][0]
        size = a["size"] or 10.0
        glued = (
            tb in no_start
            or tb in quotes
            or ta in no_end
            or ta in quotes
            or (
                not is_wide(ta)
                and not is_wide(tb)
                and not gap_is_space(ta, tb, b["x0"] - a["x1"], size)
            )
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
    """True when ``line`` stopped short although ``nxt``'s first word would have fitted, unless
    it fills most of its measure and stops inside a word run (a ragged right edge)."""
    if _TOC_END_RE.search(line.text):
        return True  # 水土保持方案报告书审批办理流程图……4: a 目录 entry is a line of its own
    if right - line.x1 <= nxt.first_word + LINE_END_SLACK_EM * line.size:
        return False
    return not _ragged(line, right) and not _number_cut_from_unit(line, nxt, right)


def _number_cut_from_unit(line: Line, nxt: Line, right: float) -> bool:
    """``line`` fills most of its measure and ends with a number whose unit starts ``nxt``
    (…费支出 222.5 ⏎ 万元，占…): one figure, not a paragraph's end."""
    measure = right - line.x0
    if measure <= 0 or line.x1 - line.x0 < RAGGED_FULL_SHARE * measure:
        return False
    if not _NUMBER_TAIL_RE.search(line.text.rstrip()):
        return False
    head = nxt.text.lstrip()
    return any(head.startswith(u) for u in patterns.load("pdf").get("number_units", ()))


_HAN_END_RE = re.compile(f"[{HAN}，、；]$")
"""A line ending inside a sentence: a character, or a comma or semicolon no paragraph ends
with (…18,417.70 万元， ⏎ 比 2025 年增加…)."""
_TOC_END_RE = re.compile(r"(?:[.．·…⋯]{3,}|…{1,})\s*[0-9０-９]{1,3}$")


def _ragged(line: Line, right: float) -> bool:
    measure = right - line.x0
    return (
        measure > 0
        and line.x1 - line.x0 >= RAGGED_FULL_SHARE * measure
        and _HAN_END_RE.search(line.text) is not None
    )


def starts_with_numbering(text: str) -> bool:
    return any(rx.match(text) for rx in numbering_res())


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
            elif _latin_end(out) and ln.text[:1].isascii() and ln.text[:1].isalnum():
                out += " "  # a Latin word wrapped at a space (after its comma: doubleton, duad)
        out += ln.text
    return squash_cjk_spaces(out)


def _latin_end(text: str) -> bool:
    """Does ``text`` end with a Latin letter or digit, or the punctuation after one
    (doubleton, / in 2023, / trio)), where a line wrapped at a space?"""
    last, before = text[-1:], text[-2:-1]
    if last.isascii() and last.isalnum():
        return True
    return last in ",;:.!?)" and before.isascii() and before.isalnum()


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
    return m is not None and (m.start() == 0 or is_wide(prev.text[m.start() - 1]))


def _cell_room(cell: PCell, line: Line) -> float:
    """Width left in ``line`` inside the cell: content width less the line's width."""
    return (cell.x1 - cell.x0 - 2 * cell.pad) - (line.x1 - line.x0)


_LEADER_RE = re.compile(r"(?:[.．·]\s*){4,}$|…{3,}$")


def ends_in_leader(text: str) -> bool:
    """Does the line end in dot leaders (Total . . . . . ., 合计……)?"""
    return _LEADER_RE.search(text) is not None


def cell_line_ends(cell: PCell, line: Line, nxt: Line) -> bool:
    """``line`` stopped short in its cell although ``nxt``'s first piece would have fitted.
    Between two numbers that piece is one character: a number is broken inside only when the
    width cannot hold it, and then anywhere (a number after a number that would have fitted
    whole is another number)."""
    if line.ocr and re.search(r"[0-9][.．,，]$", line.text) and nxt.text[:1].isdigit():
        return False  # 124.⏎80: a number never ends in its point (ink widths cannot tell)
    if ends_in_leader(line.text):
        return True  # dot leaders (Total . . . . . .) fill out a line whose text ended
    piece = nxt.first_word
    if line.text[-1:] in _NUMBER_CHARS and nxt.text[:1] in _NUMBER_CHARS:
        piece = nxt.first_char
    slack = OCR_SLACK_EM if line.ocr else CELL_SLACK_EM
    return _cell_room(cell, line) > piece + slack * line.size


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
    for number, (lines, height) in enumerate(pages):
        title = _first_page_title(lines) if number == 0 else None
        for ln in lines:
            if not _in_band(ln, height) or ln is title:
                continue
            k = key(ln.text)
            if any(rx.match(k) for rx in page_number_res()) or _furniture_key(ln) in repeated:
                out.add(id(ln))
    return out


TITLE_SIZE = 1.15
"""A first page's top line this many times the size of the page's most common size or more
is its title, whatever it repeats."""


def _first_page_title(lines: list[Line]) -> Line | None:
    """The first page's top line when it is printed larger than the page's text: a title
    printed again at the head of every page (…2026年项目支出绩效目标表 over each page of
    one long table) is still the title where the document begins; a running head in the
    body's size or smaller (the unit's name) is not."""
    top = min(lines, key=lambda ln: ln.top, default=None)
    if top is None or len(lines) < 2:
        return None
    sizes = Counter(round(ln.size, 1) for ln in lines if ln is not top)
    common = sizes.most_common(1)[0][0]
    return top if top.size >= TITLE_SIZE * common else None
