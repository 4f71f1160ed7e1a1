"""Lines of text cut into fragments at column gaps, for tables not fully ruled
(``pdf_unruled``): where a gap parts two texts, where a typed space keeps them one, a line
(``Level``) of the texts, and the helpers both the rule groups and the regions read with
(the ``unruled`` thresholds, a character in a box, a value among a line's texts)."""

from __future__ import annotations

import functools
import itertools
import re
import statistics
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .. import patterns
from .pdf_lines import char_rows, drop_overprints, first_piece
from .pdf_parts import Frag, RuleRow
from .pdf_unruled_grid import VALUE_RE


@functools.cache
def settings() -> dict:
    return patterns.load("pdf")["unruled"]


def fragments(chars: list[dict]) -> list[list[Frag]]:
    """The characters' lines (top to bottom), each cut into fragments at column gaps: a gap
    wider than ``fragment_gap_em`` beyond the typed spaces in it (a producer may end each
    cell's text with a space: 47,824,589␣ then the next column).  Between two wide (CJK)
    characters a typed space keeps the gap in the text, however wide: Chinese is written
    without spaces, so one there was typed to lay the line out (填报人：周晓明␣⇥联系电话：…,
    年␣⇥月␣⇥日), not drawn by a table — unless ``mark_cell_ends`` found the gap a column's
    (a table whose every cell ends with a typed space: 被解释变量␣ ⇥ 违约距离␣).  Spaces
    drawn far apart (a tab set as a space at each tab stop it passes) bridge no gap: the
    gap before each is a gap."""
    return joined_fragments(line_cuts(chars))


Cut = tuple[float, float, dict | None]
"""A gap cutting a line (``_line_runs``): where it starts and ends, and the typed space
between two wide characters in it (else None)."""


def line_cuts(chars: list[dict]) -> list[tuple[list[list[dict]], list[Cut]]]:
    """Each line of ``chars`` (top to bottom) cut at every gap (``_line_runs``)."""
    gap_em = settings()["fragment_gap_em"], settings()["figure_gap_em"]
    return [
        _line_runs(drop_overprints(sorted(row, key=lambda c: c["x0"])), gap_em)
        for row in char_rows(chars)
    ]


def joined_fragments(lines: list[tuple[list[list[dict]], list[Cut]]]) -> list[list[Frag]]:
    """``fragments`` of lines cut at every gap (``line_cuts``): a typed space's gap that
    ``mark_cell_ends`` left unmarked joins the texts on its sides again, and so does the gap
    at a fill-in blank's edge (``mark_blanks``)."""
    levels: list[list[Frag]] = []
    for cut_runs, cuts in lines:
        runs = list(cut_runs)
        for i in range(len(cuts) - 1, -1, -1):  # a typed space's gap not a column's: one text
            space = cuts[i][2]
            if (space is not None and not space.get(CELL_END)) or runs[i + 1][0].get(BLANK):
                runs[i : i + 2] = [runs[i] + runs[i + 1]]
        if _letter_spaced(runs):  # 华 中 科 技 大 学: a title spaced out, one text
            runs = [[ch for r in runs for ch in r]]
        frags = [
            Frag(
                r[0]["x0"],
                max(c["x1"] for c in r),
                min(c["top"] for c in r),
                max(c["bottom"] for c in r),
                statistics.median(c["size"] for c in r) or 10.0,
                first_piece(r),
                "".join(c["text"] for c in r),
            )
            for r in runs
        ]
        if frags:
            levels.append(frags)
    return levels


CELL_END = "_cell_end"
"""The key ``mark_cell_ends`` sets on a typed space whose gap is a column's."""


def _line_runs(
    ordered: list[dict], gap_em: tuple[float, float]
) -> tuple[list[list[dict]], list[Cut]]:
    """A line's characters (left to right) cut at every gap (``fragments``), typed spaces
    left out, and each cut's gap (from where the text before it, or a typed space after
    it, ends to where the next text starts) with the typed space between two wide
    characters that would keep it in one text (else None).  ``gap_em``: the least gap
    (ems) between texts, and between two figures (from the first's last character)."""
    runs: list[list[dict]] = []
    cuts: list[Cut] = []
    reach = 0.0  # where the last character drawn, or a typed space after it, ends
    spaced = apart = False
    space: dict | None = None
    mono = _monospaced(ordered)
    closing = _closing()
    word, ink = "", 0.0  # the text drawn since the last typed space or cut, where it ends
    for i, ch in enumerate(ordered):
        em = ch["size"] or 10
        limit = max(gap_em[0] * em, MONO_GAP_CHARS * mono)
        gap = ch["x0"] - reach > limit or (
            # two figures set close: the gap between them, typed space and all
            ch["x0"] - ink > max(gap_em[1] * em, MONO_GAP_CHARS * mono)
            and _figures_meet(word, ch, spaced, ordered[i + 1 : i + 2])
        )
        if not ch["text"].strip():
            apart = apart or (bool(runs) and gap)
            reach, spaced, space = max(reach, ch["x1"]), True, ch
            continue
        if ch["text"] in closing:  # no text starts so: a justified line's stretched gap
            gap = apart = False
        word = ch["text"] if spaced or gap or apart else word + ch["text"]
        if runs and (gap or apart):
            wide = spaced and _wide(runs[-1][-1]["text"]) and _wide(ch["text"])
            cuts.append((reach, ch["x0"], space if wide else None))
            runs.append([ch])
        elif runs:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        reach, spaced, apart, ink = ch["x1"], False, False, ch["x1"]
    return runs, cuts


def _figures_meet(word: str, ch: dict, spaced: bool, after: list[dict]) -> bool:
    """Does a figure start at ``ch`` right after one (``word``, the text since the last
    typed space): after a percentage, a signed figure after a figure (-6.69% -20.57%), or a
    figure a typed space after one (4.92␣81.82%)?  Not two bare numbers with no space between
    (表 1.1 read without its point: 1  1), not a time after a date (2021-06-04␣09:00), not a
    range's dash set apart (6.50 - 7.00: the sign's ``after``, the next character, is no
    digit set right against it)."""
    if not _FIGURE.fullmatch(word):
        return False
    text = ch["text"]
    if text in _SIGNS:
        return (
            bool(after)
            and after[0]["text"] in _DIGITS
            and after[0]["x0"] - ch["x1"] < SIGN_TOUCH_EM * (ch["size"] or 10)
        )
    return text in _DIGITS and (word.endswith("%") or spaced)


@functools.cache
def _closing() -> frozenset[str]:
    """Full-width closing marks (``no_cell_start``): no text starts with one."""
    return frozenset(patterns.load("pdf")["no_cell_start"])


SIGN_TOUCH_EM = 0.15
"""A sign starts a figure when the digit after it is at most this far from it (ems)."""
_FIGURE = re.compile(r"[-+−]?[\d,]*\d(?:\.\d+)?%?")
_DIGITS = frozenset("0123456789")
_SIGNS = frozenset("-+−")


def _monospaced(ordered: list[dict]) -> float:
    """The advance of a line set in a monospaced font (code), 0.0 for another: narrow
    characters (i, l, the comma) as wide as the line's other small Latin letters.  There a gap of one character is a
    space between two words, never a column's."""
    widths = {c["text"]: c["x1"] - c["x0"] for c in ordered if c["text"] in _MONO_PROBE}
    narrow = [w for t, w in widths.items() if t in _MONO_NARROW]
    broad = [w for t, w in widths.items() if t not in _MONO_NARROW]
    if not narrow or not broad:
        return 0.0
    lo, hi = min(narrow + broad), max(narrow + broad)
    return hi if hi - lo <= 0.02 * hi else 0.0


_MONO_NARROW = frozenset("ilj.,:;!|")
_MONO_PROBE = frozenset(string.ascii_lowercase + "MW@=") | _MONO_NARROW
"""Narrow characters, and the letters a monospaced font sets as wide (key1 = value1,);
not digits: a CJK font's half-width digits and points are alike wide in any text."""
MONO_GAP_CHARS = 1.5
"""In a monospaced line, a gap this many characters wide or less is a word space."""


def mark_cell_ends(page: list[tuple[list[list[dict]], list[Cut]]]) -> None:
    """Mark (``CELL_END``) each typed space between two wide characters whose gap is a
    column's: two other lines of the page (``line_cuts``), or more, have a gap there (each
    overlapping it by an em, the gap counted from where the space starts: 一周内␣ 一月内␣
    over figures) — a table whose every cell ends with a space, not a form line laid out
    with a space and a tab (年␣⇥月␣⇥日, alone or with one like it)."""
    lines = [cuts for _, cuts in page]
    for n, cuts in enumerate(lines):
        for _, hi, space in cuts:
            if space is None:
                continue
            em = space["size"] or 10.0
            lo = space["x0"]  # the gap from where the space starts: a cell's text ended there
            others = sum(
                1
                for m, other in enumerate(lines)
                if m != n and any(min(hi, b) - max(lo, a) >= em for a, b, _ in other)
            )
            if others >= CELL_END_MIN_LINES:
                space[CELL_END] = True


BLANK = "_blank"
"""The key ``mark_blanks`` sets on the first character after a gap at a fill-in blank's edge."""


def mark_blanks(
    page: list[tuple[list[list[dict]], list[Cut]]],
    rules: list[RuleRow],
    short: Sequence[RuleRow] = (),
) -> None:
    """Mark (``BLANK``) the gaps of a sentence written into a form's underlined blanks:
    收支预算总计␣␣[17996.68]万元，与上 — a short rule under the line, under one of its texts
    only (the figure filled in), touching the gap before or after that text, the sentence
    going on after it.  The line must read as a sentence (``sentence_marks``: ，。；： …),
    and the rule must not run under the whole line: a table row's rules (a sum rule under
    two figures, a bottom rule, a rule under each figure at the row's end) stay.  ``short``:
    the page's rules too short to edge a table (``rule_min_pt``), blanks' underlines as
    well (算支出␣␣[168]万元，: two such lines, their gaps at one place, read as a table's
    rows)."""
    marks = re.compile(settings()["sentence_marks"])
    tol = settings()["text_align_pt"]
    for runs, cuts in page:
        if not cuts or not marks.search("".join(c["text"] for run in runs for c in run)):
            continue
        size = max(c["size"] for run in runs for c in run) or 10.0
        bottom = max(c["bottom"] for run in runs for c in run)
        x0, x1 = runs[0][0]["x0"], max(c["x1"] for c in runs[-1])
        spans = [(run[0]["x0"], max(c["x1"] for c in run)) for run in runs]
        for rule in [*rules, *short]:
            if not -BLANK_RULE_ABOVE_EM * size <= rule.y - bottom <= BLANK_RULE_BELOW_EM * size:
                continue
            for a, b in rule.segments:
                if b - a > BLANK_MAX_EM * size or (a <= x0 + tol and b >= x1 - tol):
                    continue
                under = [k for k, (u, v) in enumerate(spans) if min(b, v) - max(a, u) > tol]
                if len(under) != 1 or not _sentence_goes_on(runs[under[0] :]):
                    continue
                k = under[0]
                for i in (k - 1, k):  # the gaps before and after the text filled in
                    if 0 <= i < len(cuts) and a <= cuts[i][1] + tol and b >= cuts[i][0] - tol:
                        runs[i + 1][0][BLANK] = True


def _sentence_goes_on(runs: list[list[dict]]) -> bool:
    """Does the underlined text (the first of ``runs``) or one after it on its line hold
    more than a figure (17996.68万元，与上; 1463.8 ⏎ 万元，增长)?  A figure last on its line,
    or before other figures only, is a table row's, underlined as accounts underline a sum
    (加：年初现金… 4,429,574,079.46 2,784,338,112.17 over a rule under each)."""
    return any(not VALUE_RE.fullmatch("".join(c["text"] for c in run).strip()) for run in runs)


BLANK_MAX_EM = 12.0
"""A fill-in blank's underline is at most this many ems long."""
BLANK_RULE_ABOVE_EM = 0.4
BLANK_RULE_BELOW_EM = 0.6
"""... and lies this close to the line's lowest ink (ems above it, ems below it)."""

CELL_END_MIN_LINES = 2
"""Other lines with a gap where a typed space's is that make it a column's."""


def _letter_spaced(runs: list[list[dict]]) -> bool:
    """A line of ``LETTER_SPACED_MIN`` single wide characters or more, evenly apart (within
    ``LETTER_SPACED_SLACK_EM``) and no more than ``LETTER_SPACED_MAX_EM`` apart: a title or a
    running head spaced out (华 中 科 技 大 学 学 士 学 位 论 文), not a row of columns."""
    if len(runs) < LETTER_SPACED_MIN or any(len(r) != 1 or not _wide(r[0]["text"]) for r in runs):
        return False
    size = statistics.median(r[0]["size"] for r in runs) or 10.0
    gaps = [b[0]["x0"] - a[0]["x1"] for a, b in itertools.pairwise(runs)]
    return (
        max(gaps) - min(gaps) <= LETTER_SPACED_SLACK_EM * size
        and max(gaps) <= LETTER_SPACED_MAX_EM * size
    )


LETTER_SPACED_MIN = 4
LETTER_SPACED_SLACK_EM = 0.1
LETTER_SPACED_MAX_EM = 2.0
"""A spaced-out title: this many single wide characters or more, their gaps equal within
this share of an em and no wider than these ems (a table's single-character cells stand
further apart, or unevenly)."""


def _wide(text: str) -> bool:
    """Is the character East Asian wide (Han, kana, full-width forms)?"""
    return unicodedata.east_asian_width(text[:1]) in ("W", "F")


def in_box(ch: dict, x0: float, top: float, x1: float, bottom: float) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return x0 - 1 <= cx <= x1 + 1 and top <= cy <= bottom


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


def holds_value(frags: list[Frag]) -> bool:
    """Does one of the texts stand for a value (a number, a dash, a slash)?"""
    return any(VALUE_RE.fullmatch(f.text) for f in frags)
