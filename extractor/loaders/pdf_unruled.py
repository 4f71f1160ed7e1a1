"""Tables not fully ruled (horizontal rules only, 三线表, no rules): cell boxes from text alignment."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import statistics
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .. import patterns
from .layout import heading_level
from .pdf_lines import char_rows, chars_to_lines, drop_overprints, first_piece
from .pdf_page_columns import by_page_column, page_gutter
from .pdf_parts import Frag, RuleRow
from .pdf_ruled import cluster
from .pdf_settings import (
    CAPTION_MAX_LINES,
    FILLED_ROW_MIN_CELLS,
    HEADING_SPLIT_LEVEL,
    PARAGRAPH_MIN_LINES,
    ROW_MAX_PROSE_LINES,
    RUNNING_HEAD_MAX_LINES,
    RUNNING_HEAD_WIDTH_SHARE,
    SNAP,
    UNRULED_MIN_COLS,
)
from .pdf_unruled_grid import (
    VALUE_RE,
    WORD_RE,
    ColumnEdges,
    UnitGrid,
    col,
    merge_crossing_texts,
    merge_cut_words,
    merge_header_spans,
    merge_labels_down,
    merge_like_neighbours,
    merge_split_brackets,
    merge_under_short_rules,
    merge_unneeded_bounds,
)

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
    out: list[dict] = []
    for hs, vs in _overlapping_merged(_grids(h, v)):
        x0, top, x1, bottom = _box(hs + vs)
        inner = any(top + SNAP < e["top"] < bottom - SNAP for e in hs) or any(
            x0 + SNAP < e["x0"] < x1 - SNAP for e in vs
        )
        if not inner:
            continue
        for where in (top, bottom):
            if not _drawn(hs, "top", where, "x0", "x1", x1 - x0):
                out.append(explicit_line(x0, where, x1, where))
        for where in (x0, x1):
            if not _drawn(vs, "x0", where, "top", "bottom", bottom - top):
                out.append(explicit_line(where, top, where, bottom))
    return out


def _grids(h: list[dict], v: list[dict]) -> list[tuple[list[dict], list[dict]]]:
    """The horizontal and vertical edges that meet, grouped (union-find)."""
    parent = list(range(len(h) + len(v)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # each vertical edge against the horizontal ones whose height it spans (sorted by it)
    order = sorted(range(len(h)), key=lambda i: h[i]["top"])
    tops = [h[i]["top"] for i in order]
    for j, b in enumerate(v):
        lo = bisect.bisect_left(tops, b["top"] - SNAP)
        hi = bisect.bisect_right(tops, b["bottom"] + SNAP)
        for i in order[lo:hi]:
            a = h[i]
            if a["x0"] - SNAP <= b["x0"] <= a["x1"] + SNAP:
                parent[find(i)] = find(len(h) + j)
    # a rule drawn in pieces (one segment a row or a cell) is one rule: its pieces meet
    for a_, b_ in _pieces(h, "top", "x0", "x1"):
        parent[find(a_)] = find(b_)
    for a_, b_ in _pieces(v, "x0", "top", "bottom"):
        parent[find(len(h) + a_)] = find(len(h) + b_)
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(find(i), []).append(i)
    return [
        ([h[i] for i in members if i < len(h)], [v[i - len(h)] for i in members if i >= len(h)])
        for members in groups.values()
    ]


def _pieces(edges: list[dict], at: str, lo: str, hi: str) -> list[tuple[int, int]]:
    """Pairs of ``edges`` (indexes) that are pieces of one rule: on one line (``at`` within a
    quarter of ``SNAP``), one starting where the others before it reach."""
    pairs: list[tuple[int, int]] = []
    order = sorted(range(len(edges)), key=lambda i: (edges[i][at], edges[i][lo]))
    lines: list[list[int]] = []
    for i in order:
        if not lines or edges[i][at] - edges[lines[-1][0]][at] > SNAP / 4:
            lines.append([])
        lines[-1].append(i)
    for members in lines:
        members.sort(key=lambda i: edges[i][lo])
        first, reach = members[0], edges[members[0]][hi]
        for i in members[1:]:
            if edges[i][lo] <= reach + SNAP / 4:
                pairs.append((i, first))
                reach = max(reach, edges[i][hi])
            else:
                first, reach = i, edges[i][hi]
    return pairs


def _drawn(edges: list[dict], at: str, where: float, lo: str, hi: str, span: float) -> bool:
    """Is the side at ``where`` drawn over ``span``?  A side drawn in pieces (one segment a
    cell) is drawn all the same."""
    pieces = sorted((e[lo], e[hi]) for e in edges if abs(e[at] - where) <= SNAP)
    covered, reach = 0.0, None
    for a, b in pieces:
        if reach is None or a > reach + SNAP:
            covered += b - a
            reach = b
        elif b > reach:
            covered += b - reach
            reach = b
    return covered >= span - 2 * SNAP


def _box(edges: list[dict]) -> tuple[float, float, float, float]:
    return (
        min(e["x0"] for e in edges),
        min(e["top"] for e in edges),
        max(e["x1"] for e in edges),
        max(e["bottom"] for e in edges),
    )


def _overlapping_merged(
    groups: list[tuple[list[dict], list[dict]]],
) -> list[tuple[list[dict], list[dict]]]:
    """Groups of edges whose boxes overlap or touch, merged: a table whose rules are drawn in
    pieces that do not all meet is one grid, not several grids each wanting its own frame."""
    merged = [(list(hs), list(vs)) for hs, vs in groups if hs and vs]
    changed = True
    while changed:
        changed = False
        for i in range(len(merged)):
            for j in range(i + 1, len(merged)):
                a, b = _box(merged[i][0] + merged[i][1]), _box(merged[j][0] + merged[j][1])
                if (
                    a[0] <= b[2] + SNAP
                    and b[0] <= a[2] + SNAP
                    and a[1] <= b[3] + SNAP
                    and b[1] <= a[3] + SNAP
                ):
                    merged[i][0].extend(merged[j][0])
                    merged[i][1].extend(merged[j][1])
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged


def explicit_line(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def rule_rows(
    h: list[dict], taken: list[tuple[float, float, float, float]], chars: list[dict] | None = None
) -> list[RuleRow]:
    """Horizontal rules outside the ruled tables, one entry per height (top to bottom); a
    text's underline (``_underline``) is none."""
    cfg = _unruled()
    rows: list[RuleRow] = []
    lines: list[list[dict]] | None = None  # the text's lines, read at the first rule
    for e in _joined(h):
        if e["x1"] - e["x0"] < cfg["rule_min_pt"]:
            continue
        if lines is None:
            lines = char_rows(chars) if chars else []
        if _underline(e, lines):
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


def _underline(e: dict, lines: list[list[dict]]) -> bool:
    """Is the rule ``e`` a text's underline: a line of text standing on it (its bottom at
    most ``UNDERLINE_GAP_EM`` above the rule, or below it: a descender) that starts and ends where
    the rule does (within ``UNDERLINE_END_PT``) — a heading's (OCCUPANTS, VEHICLES), not
    the rule under a table's header, which runs past its texts by the cells' padding?"""
    for line in lines:
        size = max(c["size"] for c in line) or 10.0
        bottom = max(c["bottom"] for c in line)
        if not (-0.5 * size <= e["top"] - bottom <= UNDERLINE_GAP_EM * size):
            continue
        ink = [c for c in line if c["text"].strip()]
        if (
            ink
            and abs(min(c["x0"] for c in ink) - e["x0"]) <= UNDERLINE_END_PT
            and abs(max(c["x1"] for c in ink) - e["x1"]) <= UNDERLINE_END_PT
            and not _in_columns(ink, size)
        ):
            return True
    return False


def _in_columns(ink: list[dict], size: float) -> bool:
    """Does a line stand in three columns or more (two gaps of ``UNDERLINE_COLUMN_GAP_EM`` or
    wider): a table's last row over its bottom rule (p-value ⇥ 0.0030 ⇥ … ⇥ -, its label at
    the rule's start, its last figure set flush to its end), not an underlined text?"""
    xs = sorted((c["x0"], c["x1"]) for c in ink)
    reach, gaps = xs[0][1], 0
    for x0, x1 in xs[1:]:
        if x0 - reach >= UNDERLINE_COLUMN_GAP_EM * size:
            gaps += 1
        reach = max(reach, x1)
    return gaps >= 2


UNDERLINE_END_PT = 1.5
"""An underline starts and ends within this many points of its text."""
UNDERLINE_COLUMN_GAP_EM = 2.0
"""A gap this wide (ems of the line's text) parts a table row's columns (``_in_columns``)."""
UNDERLINE_GAP_EM = 0.15
"""... and lies at most this far below its lowest ink (a caption justified to the width of
the table under it stands further above the table's top rule)."""


def _joined(h: list[dict]) -> list[dict]:
    """Horizontal edges, pieces of one rule (on one line, each starting where the one before
    it ends: a rule drawn a column at a time) joined (top to bottom, left to right).  Unlike
    ``_pieces`` (a grid's sides), a piece is matched to the edge before it in that order
    only: joining as ``_pieces`` does changed ot07's flow chart."""
    out: list[dict] = []
    for e in sorted(h, key=lambda e: (e["top"], e["x0"])):
        last = out[-1] if out else None
        if (
            last is not None
            and abs(e["top"] - last["top"]) <= SNAP / 4
            and last["x0"] <= e["x0"] <= last["x1"] + SNAP / 4
        ):
            out[-1] = {**last, "x1": max(last["x1"], e["x1"])}
        else:
            out.append(e)
    return out


def shaded_rules(
    edges: list[dict], shading: set[int], unseen: Callable[[dict], bool], chars: list[dict]
) -> list[dict]:
    """The top of each shading holding text but no figure and standing on a rule drawn as
    wide (its ends within ``rule_end_pt``; ``shading``: the shadings' sides' ids,
    ``unseen``: an edge not drawn): a shaded header over a table with rules between its
    rows, its top that table's first rule.  A shaded heading box stands on no rule of its
    own width; zebra stripes hold figures."""
    tol = _unruled()["rule_end_pt"]
    drawn = [e for e in edges if e["orientation"] == "h" and id(e) not in shading and not unseen(e)]
    sides = [e for e in edges if id(e) in shading and e["orientation"] == "h"]

    def same_width(a: dict, b: dict) -> bool:
        return abs(a["x0"] - b["x0"]) <= tol and abs(a["x1"] - b["x1"]) <= tol

    out = []
    for top in sides:
        below = [e for e in sides if same_width(e, top) and e["top"] > top["top"] + SNAP]
        foot = min(below, key=lambda e: e["top"], default=None)
        if foot is None or not any(
            abs(r["top"] - foot["top"]) <= SNAP and same_width(r, foot) for r in drawn
        ):
            continue
        box = (top["x0"], top["top"], top["x1"], foot["top"])
        inside = fragments([c for c in chars if _in_box(c, *box)])
        if inside and not any(_has_value(lev) for lev in inside):
            out.append(top)
    return out


STACK_MIN_BANDS = 3
"""Shadings of one width at a steady pitch spanning at least this many bands are a table's
rows (zebra stripes, or every row a band of its own)."""
STACK_STEADY = 3.0
"""... no band between two of them more than this many times the narrowest."""


def stacked_rows(edges: list[dict], shading: set[int]) -> list[dict]:
    """Rules at the tops and bottoms of shadings of one width stacked down a page at a
    steady pitch (``shading``: the shadings' sides' ids), none beside them: a table whose rows
    are drawn as bands, not rules.  One shaded box (a heading) or two are no stack, nor cells
    shaded one by one."""
    tol = _unruled()["rule_end_pt"]
    sides = sorted(
        (e for e in edges if id(e) in shading and e["orientation"] == "h"), key=lambda e: e["top"]
    )
    every = list(sides)
    out: list[dict] = []
    while sides:
        first = sides[0]
        same = [
            e
            for e in sides
            if abs(e["x0"] - first["x0"]) <= tol and abs(e["x1"] - first["x1"]) <= tol
        ]
        taken = {id(e) for e in same}
        sides = [e for e in sides if id(e) not in taken]
        ys: list[float] = []
        for e in same:
            if not ys or e["top"] - ys[-1] > SNAP:
                ys.append(e["top"])
        for run in _steady_runs(ys):
            beside = any(  # cells shaded one by one: a shading beside these, not a row band
                run[0] <= e["top"] <= run[-1] and (e["x1"] <= first["x0"] or first["x1"] <= e["x0"])
                for e in every
            )
            if (
                len(run) - 1 >= STACK_MIN_BANDS
                and len(same) >= 2 * STACK_MIN_BANDS - 2
                and not beside
            ):
                out += [
                    {**explicit_line(first["x0"], y, first["x1"], y), "orientation": "h"}
                    for y in run
                ]
    return out


def _steady_runs(ys: list[float]) -> list[list[float]]:
    """``ys`` cut where a gap is more than ``STACK_STEADY`` times the run's narrowest."""
    runs: list[list[float]] = []
    for y in ys:
        run = runs[-1] if runs else None
        if run and len(run) >= 2:
            narrowest = min(b - a for a, b in itertools.pairwise(run))
            if y - run[-1] <= STACK_STEADY * narrowest:
                run.append(y)
                continue
        if run and len(run) == 1:
            run.append(y)
        else:
            runs.append([y])
    return runs


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
    gap_em = _unruled()["fragment_gap_em"]
    return [
        _line_runs(drop_overprints(sorted(row, key=lambda c: c["x0"])), gap_em)
        for row in char_rows(chars)
    ]


def joined_fragments(lines: list[tuple[list[list[dict]], list[Cut]]]) -> list[list[Frag]]:
    """``fragments`` of lines cut at every gap (``line_cuts``): a typed space's gap that
    ``mark_cell_ends`` left unmarked joins the texts on its sides again."""
    levels: list[list[Frag]] = []
    for cut_runs, cuts in lines:
        runs = list(cut_runs)
        for i in range(len(cuts) - 1, -1, -1):  # a typed space's gap not a column's: one text
            space = cuts[i][2]
            if space is not None and not space.get(CELL_END):
                runs[i : i + 2] = [runs[i] + runs[i + 1]]
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


def _line_runs(ordered: list[dict], gap_em: float) -> tuple[list[list[dict]], list[Cut]]:
    """A line's characters (left to right) cut at every gap (``fragments``), typed spaces
    left out, and each cut's gap (from where the text before it, or a typed space after
    it, ends to where the next text starts) with the typed space between two wide
    characters that would keep it in one text (else None)."""
    runs: list[list[dict]] = []
    cuts: list[Cut] = []
    reach = 0.0  # where the last character drawn, or a typed space after it, ends
    spaced = apart = False
    space: dict | None = None
    mono = _monospaced(ordered)
    for ch in ordered:
        limit = max(gap_em * (ch["size"] or 10), MONO_GAP_CHARS * mono)
        gap = ch["x0"] - reach > limit
        if not ch["text"].strip():
            apart = apart or (bool(runs) and gap)
            reach, spaced, space = max(reach, ch["x1"]), True, ch
            continue
        if runs and (gap or apart):
            wide = spaced and _wide(runs[-1][-1]["text"]) and _wide(ch["text"])
            cuts.append((reach, ch["x0"], space if wide else None))
            runs.append([ch])
        elif runs:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        reach, spaced, apart = ch["x1"], False, False
    return runs, cuts


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
    overlapping it by an em) — a table whose every cell ends with a space, not a form line
    laid out with a space and a tab (年␣⇥月␣⇥日, alone or with one like it)."""
    lines = [cuts for _, cuts in page]
    for n, cuts in enumerate(lines):
        for lo, hi, space in cuts:
            if space is None:
                continue
            em = space["size"] or 10.0
            others = sum(
                1
                for m, other in enumerate(lines)
                if m != n and any(min(hi, b) - max(lo, a) >= em for a, b, _ in other)
            )
            if others >= CELL_END_MIN_LINES:
                space[CELL_END] = True


CELL_END_MIN_LINES = 2
"""Other lines with a gap where a typed space's is that make it a column's."""


def _wide(text: str) -> bool:
    """Is the character East Asian wide (Han, kana, full-width forms)?"""
    return unicodedata.east_asian_width(text[:1]) in ("W", "F")


def column_bounds(
    levels: list[list[Frag]],
    x0: float,
    x1: float,
    prior: list[float] | None = None,
    clear: bool = False,
) -> list[float]:
    """Column boundaries: the fewest x positions such that every gap between two fragments
    of one line holds one (greedy stabbing by right ends), each placed in the middle of the
    gaps it stabs (``clear``: of the part of them that no text alone on its line reaches,
    ``_clear_of_texts``; within ruled cells a text crossing the middle is a head across
    the columns); ``prior`` boundaries (the table's part on the previous page) are kept and
    stab the gaps they lie in."""
    kept = [b for b in prior or [] if x0 < b < x1]
    gaps = sorted(((a.x1, b.x0) for lev in levels for a, b in itertools.pairwise(lev)
                   if not any(a.x1 <= k <= b.x0 for k in kept)), key=lambda g: g[1])  # fmt: skip
    spans: list[tuple[float, float]] = []
    for a, b in gaps:
        if spans and a <= spans[-1][1]:
            spans[-1] = (max(spans[-1][0], a), spans[-1][1])
        else:
            spans.append((a, b))
    alone = [lev[0] for lev in levels if len(lev) == 1] if clear else []
    points = [_clear_of_texts(lo, hi, alone) for lo, hi in spans]
    return [x0, *sorted([*kept, *(p for p in points if x0 < p < x1)]), x1]


def _clear_of_texts(lo: float, hi: float, alone: list[Frag]) -> float:
    """The middle of the gap ``lo``..``hi`` that every line's gap there shares, narrowed by
    the texts alone on their lines (``alone``) that end in it (a wrapped label's longest
    line: it is the left column's), so the boundary cuts none of them.  (A text starting in
    the gap may be a merged label's second piece: it moves nothing.)"""
    for f in alone:
        if f.x0 < lo < f.x1 < hi:
            lo = f.x1
    return (lo + hi) / 2


def _column_edges(levels: list[list[Frag]], bounds: list[float]) -> ColumnEdges:
    cfg = _unruled()
    return ColumnEdges(levels, bounds, cfg["line_end_slack_em"], cfg["wrap_room_em"])


@functools.cache
def _figure_follows() -> re.Pattern[str]:
    return re.compile(_unruled()["figure_follows"])


def _rest_of(a: Frag, f: Frag) -> bool:
    """Is the value ``f`` the rest of ``a``: a number cut by its column, or the figure a
    sentence wrapped before (…合格率达到 ⏎ 100%)?"""
    return _value_cut(a.text, f.text) or _figure_follows().search(a.text) is not None


_OPENING_RE = re.compile(r"[(（\[【〔<《]")
"""A text opening with a bracket: the rest of a label (its unit, its note) as often as a
label of its own."""


def row_starts(levels: list[list[Frag]], bounds: list[float]) -> list[int]:
    """Indexes of the lines that start a table row, in a band with no rule between rows.

    A text in a column that was empty on the line above starts a row (a row's values are
    printed on its first line).  Otherwise the line goes on with the row when at least half
    of its texts continue the line above them: same left edge (the text wrapped) and that
    line full (the next piece would not have fitted after it; a column's right edge is its
    longest line, so a label as long as the longest looks full too).  A value (a number, a
    dash) continues no line: it is a row's own (a header's last word may end as wide as the
    numbers below it), nor does a numbered item (3、…, （三）…); a line holding a value
    starts a row."""
    cfg = _unruled()
    align = cfg["text_align_pt"]
    edges = _column_edges(levels, bounds)
    full, no_room = edges.full, edges.no_room

    def continues(a: Frag, f: Frag, c: int) -> bool:
        return (
            # a centred number's rest starts further right (２１２，８ ⏎ ６０．００)
            (abs(a.x0 - f.x0) <= align or _value_cut(a.text, f.text))
            and full(a, f, c)
            and (not VALUE_RE.fullmatch(f.text) or _rest_of(a, f))
            and heading_level(f.text) is None  # 3、二级机构2 under 2、二级机构1: an item of its own
        )

    def wraps(cols: list[tuple[int, Frag]], above: dict[int, Frag], first: int) -> bool:
        """The line holds only the rest of texts wrapped in narrow cells of the row above:
        no value, each text under one starting at its left edge, fewer texts than the row's
        first line (its values); and two such texts at once (产出指 ⏎ 标 beside 数量指 ⏎ 标),
        one character, or a text going on from a line that wrapped already."""
        if (
            len(cols) == 1
            and cols[0][0] == 0
            and not has_value
            and re.fullmatch(r"\d{1,2}", cols[0][1].text)
            and 0 in above
            and abs(above[0].x0 - cols[0][1].x0) <= align
            and WORD_RE.search(above[0].text)
        ):
            return True  # an empty row's label ending in a number (5、二级机构 ⏎ 4)
        if len(cols) >= first or _has_value([f for _, f in cols]):
            return False
        if not all(c in above and abs(above[c].x0 - f.x0) <= align for c, f in cols):
            return False
        if len(cols) == 1 and cols[0][0] > 0 and has_value:
            return True  # a cell's next paragraph (①… ⏎ ②…) beside the row's values
        if any(heading_level(f.text) is not None for _, f in cols):
            return False
        if not all(no_room(above[c], f, c) for c, f in cols):
            return False  # a line with room left after it ended its text (姓名 over 徐强)
        return len(cols) >= 2 or len(cols[0][1].text) == 1 or cols[0][0] in wrapping

    def new_label(above: dict[int, Frag], cols: list[tuple[int, Frag]]) -> bool:
        """When half the texts go on from the line above, the first column decides: its text
        starts where the one above it does and does not go on from it (that one had room
        for its first piece, and it is no figure's rest), so it is a label of its own
        (Ethanol ⏎ Sulfuric acid beside Mojallaly (Iran) ⏎ Mojallaly, the longest of its
        column, so it looks full)."""
        a, f = above.get(0), dict(cols).get(0)
        return (
            a is not None
            and f is not None
            and abs(a.x0 - f.x0) <= align
            and not continues(a, f, 0)
            and not _rest_of(a, f)  # 合格率达到 ⏎ 100%
            and not _OPENING_RE.match(f.text)  # 项目资金 ⏎ (元): a unit set on its own line
        )

    starts = [0] if levels else []
    wrapping: set[int] = set()
    has_value = bool(levels) and _has_value(levels[0])
    for i in range(1, len(levels)):
        above = {col(bounds, f.x0): f for f in levels[i - 1]}
        cols = [(col(bounds, f.x0), f) for f in levels[i]]
        fresh = any(c not in above for c, _ in cols)
        going_on = sum(1 for c, f in cols if not fresh and continues(above[c], f, c))
        own_value = any(
            VALUE_RE.fullmatch(f.text) and not (c in above and _rest_of(above[c], f))
            for c, f in cols
        )
        if wraps(cols, above, len(levels[starts[-1]])):
            wrapping = {c for c, _ in cols}
        elif (
            fresh
            or own_value
            or 2 * going_on < len(cols)
            or (2 * going_on == len(cols) and new_label(above, cols))
        ):
            starts.append(i)
            wrapping = set()
            has_value = _has_value(levels[i])
    return starts


_CUT_NUMBER_RE = re.compile(
    r"[-+]?(\d{1,3}([,，]\d{3})+([,，]\d{0,2})?|\d{1,3}[,，]\d{0,2}|\d+)([.．]\d*)?[%％]?"
)
"""A whole number as a cell prints it: digits, thousands separators, decimals, a percent; or
its first lines when the column cut it more than once (１０，３６ ⏎ ７，２４９． ⏎ ００,
５，０１ ⏎ ２，１０ ⏎ １．９０)."""


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


def text_in_columns(chars: list[dict], box: tuple[float, float, float, float]) -> bool:
    """Does the text inside ``box`` run in columns: ``text_min_levels`` lines of two texts or
    more?  A frame drawn round such text, or rules between its rows only, make a ruled part
    of one column: the table is inside it, read from its text."""
    inside = [c for c in chars if _in_box(c, *box)]
    tabular = sum(1 for lev in fragments(inside) if len(lev) >= 2)
    return tabular >= _unruled()["text_min_levels"]


def columns_in_cells(boxes: list[tuple], chars: list[dict]) -> list[tuple] | None:
    """A ruled grid whose vertical rules part only column groups (DLHS-4 | DLHS-3) or the
    header, the cells below holding a label and figures in columns of their own: the cell
    boxes with those columns cut from the text (None when no cell holds any).

    The cells of one extent (left and right edge) are cut where ``text_min_levels`` of their
    lines or more hold two texts or more, one of them a value (so a label spread over its
    cell, 合␣␣␣计, cuts nothing); the grid's own vertical rules inside the extent are kept as
    cuts.  The cuts apply to every cell within the extent; a cell whose text crosses one
    stays whole, merged over the columns.  A cut cell whose lines each hold figures in
    several columns (rows the rules did not part) is cut between its lines too."""
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    inside = _chars_in_boxes(boxes, chars)
    texts: dict[tuple, list[list[Frag]]] = {}

    def text(b: tuple) -> list[list[Frag]]:
        if b not in texts:
            texts[b] = fragments(inside[b])
        return texts[b]

    cuts: list[tuple[float, float, list[float]]] = []
    for x0, x1 in sorted({(b[0], b[2]) for b in boxes}, key=lambda e: e[0] - e[1]):
        mine = [b for b in boxes if abs(b[0] - x0) <= SNAP and abs(b[2] - x1) <= SNAP]
        if not any(_has_gap(inside[b]) for b in mine):
            continue  # no gap through any cell's lines: nothing to cut (and no text read)
        levels = [lev for b in mine for lev in text(b)]
        valued = sum(1 for lev in levels if len(lev) >= 2 and _has_value(lev))
        if valued < _unruled()["text_min_levels"] or any(
            a <= x0 + SNAP and x1 - SNAP <= b for a, b, _ in cuts
        ):
            continue
        inner = column_bounds(levels, x0, x1, [x for x in xs if x0 + SNAP < x < x1 - SNAP])
        if len(inner) > 2:
            cuts.append((x0, x1, inner[1:-1]))
    if not cuts:
        return None
    out: list[tuple] = []
    for b in boxes:
        inner = next(
            (
                [x for x in xs_ if b[0] + SNAP < x < b[2] - SNAP]
                for a, z, xs_ in cuts
                if a - SNAP <= b[0] and b[2] <= z + SNAP
            ),
            [],
        )
        if not inner:
            out.append(b)
            continue
        levels = text(b)
        if any(f.x0 < x < f.x1 for lev in levels for f in lev for x in inner):
            out.append(b)
            continue
        ys = [b[1], b[3]]
        if len(levels) >= 2 and all(_figures_row(lev, [b[0], *inner, b[2]]) for lev in levels):
            ys[1:1] = [
                (max(f.bottom for f in up) + min(f.top for f in down)) / 2
                for up, down in itertools.pairwise(levels)
            ]
        for top, bottom in itertools.pairwise(ys):
            out.extend((a, top, z, bottom) for a, z in itertools.pairwise([b[0], *inner, b[2]]))
    return out


def _has_gap(chars: list[dict]) -> bool:
    """Is there a gap wider than ``fragment_gap_em`` through all the lines of ``chars`` (no
    character of any line over it)?"""
    gap_em = _unruled()["fragment_gap_em"]
    reach = None
    for c in sorted(chars, key=lambda c: c["x0"]):
        if not c["text"].strip():
            continue
        if reach is not None and c["x0"] - reach > gap_em * (c["size"] or 10):
            return True
        reach = c["x1"] if reach is None else max(reach, c["x1"])
    return False


def _chars_in_boxes(boxes: list[tuple], chars: list[dict]) -> dict[tuple, list[dict]]:
    """The characters inside each box (``_in_box``), found through the characters sorted by
    their middle's height and, in each band of boxes, by their middle's x, not by testing
    every character against every box."""
    order = sorted(chars, key=lambda c: c["top"] + c["bottom"])
    mids = [(c["top"] + c["bottom"]) / 2 for c in order]
    out: dict[tuple, list[dict]] = {}
    bands: dict[tuple[float, float], list[tuple]] = {}
    for b in boxes:
        bands.setdefault((b[1], b[3]), []).append(b)
    for (top, bottom), row in bands.items():
        lo, hi = bisect.bisect_left(mids, top), bisect.bisect_right(mids, bottom)
        band = sorted(order[lo:hi], key=lambda c: c["x0"] + c["x1"])
        xs = [(c["x0"] + c["x1"]) / 2 for c in band]
        for b in row:
            a, z = bisect.bisect_left(xs, b[0] - 1), bisect.bisect_right(xs, b[2] + 1)
            out[b] = sorted(band[a:z], key=lambda c: c["top"] + c["bottom"])
    return out


def rule_groups(rows: list[RuleRow], chars: list[dict]) -> list[list[RuleRow]]:
    """Rules of one table each: sharing an end with the table's first rule, or lying within
    its width (a rule stopping short at both ends: merged cells left and right of it); a
    group is split where a band between two rules holds a paragraph.  A row of rules with a
    gap in it is taken a stretch at a time: tables side by side, their rules drawn at the
    same heights, are groups of their own (a stretch that fits no group goes on the group
    of the last one beside it)."""
    groups: list[list[RuleRow]] = []
    gutters = _rule_gutters(rows)
    for row in rows:
        for r in _stretches(row, gutters):
            g = groups[-1] if groups else None
            if g is not None and not _fits(g, r):
                g = next(
                    (
                        h
                        for h in reversed(groups[:-1])
                        if _fits(h, r) and _apart(h, groups[-1]) and _apart(groups[-1], [r])
                    ),
                    None,
                )
            if g is not None and not (len(g) == 1 and _running_head_rule(g[0], r, chars)):
                if g[-1].y == r.y:  # another stretch of its row within the table
                    g[-1] = RuleRow(r.y, sorted(g[-1].segments + r.segments))
                else:
                    g.append(r)
            else:
                groups.append([r])
    return [part for g in groups for part in _split_at_prose(g, chars)]


def _rule_gutters(rows: list[RuleRow]) -> list[tuple[float, float]]:
    """Gaps between tables drawn side by side: a gap (wider than ``SNAP``) that two rows of
    rules or more have at one place, no rule between them crossing it.  (A gap in one row
    alone is a rule stopping short: a header's column groups.)"""
    gaps = [
        (row.y, a, b)
        for row in rows
        for (_, a), (b, _) in itertools.pairwise(row.segments)
        if b - a > SNAP
    ]
    out: list[tuple[float, float]] = []
    for _, a, b in gaps:
        same = [(y, a2, b2) for y, a2, b2 in gaps if a2 < b and a < b2]
        lo, hi = min(y for y, _, _ in same), max(y for y, _, _ in same)
        ga, gb = max(a2 for _, a2, _ in same), min(b2 for _, _, b2 in same)
        if (
            hi > lo
            and ga < gb
            and not any(
                lo <= r.y <= hi and any(s0 < ga and gb < s1 for s0, s1 in r.segments) for r in rows
            )
        ):
            out.append((ga, gb))
    return out


def _stretches(row: RuleRow, gutters: list[tuple[float, float]]) -> list[RuleRow]:
    """``row`` cut at the gutters between tables side by side."""
    out: list[RuleRow] = []
    for seg in row.segments:
        if out and not any(out[-1].x1 <= ga and gb <= seg[0] for ga, gb in gutters):
            out[-1].segments.append(seg)
        else:
            out.append(RuleRow(row.y, [seg]))
    return out


def _fits(g: list[RuleRow], r: RuleRow) -> bool:
    """Is ``r`` a rule of the table whose rules are ``g``: sharing an end with its first
    rule, or within its width?"""
    tol = _unruled()["rule_end_pt"]
    first = g[0]
    return (
        abs(r.x0 - first.x0) <= tol
        or abs(r.x1 - first.x1) <= tol
        or (first.x0 - tol <= r.x0 and r.x1 <= first.x1 + tol)
    )


def _apart(g: list[RuleRow], h: list[RuleRow]) -> bool:
    """Do the rules ``g`` and ``h`` stand side by side (their widths do not overlap)?"""
    return max(r.x1 for r in g) < min(r.x0 for r in h) or max(r.x1 for r in h) < min(
        r.x0 for r in g
    )


def _running_head_rule(rule: RuleRow, narrower: RuleRow, chars: list[dict]) -> bool:
    """Is ``rule`` the rule under a page's running head, not the top of the table whose
    rule ``narrower`` is: at most ``RUNNING_HEAD_MAX_LINES`` lines above it on the page, and
    ``narrower`` (sharing an end with it or within it) less than ``RUNNING_HEAD_WIDTH_SHARE``
    of its width (one page column's table under a rule over both)?"""
    if narrower.x1 - narrower.x0 >= RUNNING_HEAD_WIDTH_SHARE * (rule.x1 - rule.x0):
        return False
    above = [c for c in chars if c["bottom"] <= rule.y]
    return bool(above) and len(char_rows(above)) <= RUNNING_HEAD_MAX_LINES


def _running_head_across(
    rule: RuleRow, gutter: tuple[float, float, float, float], chars: list[dict]
) -> bool:
    """On a page set in two columns, is ``rule``, alone, across the gutter, with at most
    ``RUNNING_HEAD_MAX_LINES`` lines above it, the rule under the running head?"""
    if not (rule.x0 < gutter[1] and gutter[2] < rule.x1):
        return False
    above = [c for c in chars if c["bottom"] <= rule.y]
    return len(char_rows(above)) <= RUNNING_HEAD_MAX_LINES


def regions(
    rows: list[RuleRow],
    chars: list[dict],
    carried: list[list[float]] | None = None,
    frags: list[list[Frag]] | None = None,
) -> list[Region]:
    """Tables not fully ruled on a page: each group of rules, grown over the text above and
    below it that goes on in columns (a 三线表 cut by a page break has its top and header
    rules on one page, its bottom rule on the next, and rows with no rule on both); then
    runs of lines in columns with no rule at all.  ``frags``: ``fragments(chars)`` when
    read already."""
    cfg = _unruled()
    levels = [Level(lev) for lev in (fragments(chars) if frags is None else frags)]
    gutter = page_gutter([lv.frags for lv in levels], cfg["prose_line_min_em"])
    out: list[Region] = []
    for g in rule_groups(rows, chars):
        if gutter and len(g) == 1 and _running_head_across(g[0], gutter, chars):
            continue
        x0, x1 = min(r.x0 for r in g), max(r.x1 for r in g)
        top, bottom = g[0].y, g[-1].y
        own = {r.y for r in g}
        others = [  # rules of other tables above or below this one
            r.y for r in rows if r.y not in own and any(a < x1 and x0 < b for a, b in r.segments)
        ]
        below = [lv for lv in levels if lv.top > bottom]
        above = [lv for lv in reversed(levels) if lv.bottom < top]
        down = _grow(below, x0, x1, bottom, others, 1)
        up = _grow(above, x0, x1, top, others, -1)
        if not up or carried:  # the rows grown over may stand under a cell's rest too
            inside = [lv for lv in levels if top <= lv.top and lv.bottom <= bottom]
            edge = up[0].top if up else top
            rest = [lv for lv in above if lv.bottom < edge]
            up = _page_top_rest(rest, up + inside, edge, carried) + up
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
    if gutter is None:
        out.extend(_free_runs(free, rows, carried))
    else:  # each page column on its own
        for column in by_page_column([lv.frags for lv in free], gutter):
            out.extend(_free_runs([Level(fs) for fs in column], rows, carried))
        out.sort(key=lambda r: r.top)
    return _headers_with_bodies(_across_gaps(out, levels), levels)


def _free_runs(
    free: list[Level], rows: list[RuleRow], carried: list[list[float]] | None
) -> list[Region]:
    """Runs of lines with two texts or more (the lines between them included) that make a
    table with no rule at all."""
    cfg = _unruled()
    out: list[Region] = []
    i = floor = 0
    while i < len(free):
        if not free[i].tabular:
            i += 1
            continue
        run = [free[i], *_grow(free[i + 1 :], -1e9, 1e9, free[i].bottom, [r.y for r in rows], 1)]
        start, i = i, i + len(run)
        for lv in reversed(free[floor:start]):  # the rest of a row cut by the page break
            if lv.bottom < run[0].top - cfg["grow_gap_em"] * lv.size or not _in_inner_column(
                run, lv
            ):
                break
            run.insert(0, lv)
        if floor == 0 and run[0] is free[start]:
            run[:0] = _page_top_rest(list(reversed(free[:start])), run, run[0].top, carried)
        floor = i
        if sum(1 for lv in run if lv.tabular) >= cfg["text_min_levels"] or _aligned_pair(run):
            xs0 = min(f.x0 for lv in run for f in lv.frags)
            xs1 = max(f.x1 for lv in run for f in lv.frags)
            out.append(Region(xs0 - 1.0, xs1 + 1.0, run[0].top - 1.0, run[-1].bottom + 1.0, []))
    return out


def _across_gaps(found: list[Region], levels: list[Level]) -> list[Region]:
    """Two tables read from their text alone, one right under the other with only space
    between (``join_gap_em``), whose columns are the same (each column's texts start or end
    where the other's do: a price list's sections, Les Blancs … then Les Rosés …): one
    table, its parts set apart."""
    cfg = _unruled()
    out: list[Region] = []
    for r in found:
        up = out[-1] if out else None
        if up is not None and not up.rules and not r.rules:
            between = [lv for lv in levels if up.bottom < lv.top and lv.bottom < r.top]
            lower = [lv for lv in levels if r.top <= lv.top and lv.bottom <= r.bottom]
            gap_ok = lower and r.top - up.bottom <= cfg["join_gap_em"] * lower[0].size
            if gap_ok and not between and _same_layout(up, r, levels):
                out[-1] = Region(min(up.x0, r.x0), max(up.x1, r.x1), up.top, r.bottom, [])
                continue
        out.append(r)
    return out


def _same_layout(a: Region, b: Region, levels: list[Level]) -> bool:
    """Do the lines of two texts or more in ``a`` and in ``b`` make as many columns, each
    column's texts starting or ending where the other's do (``text_align_pt``)?"""
    tol = _unruled()["text_align_pt"]

    def columns(r: Region) -> list[tuple[float, float]]:
        rows = [
            lv.frags for lv in levels if r.top <= lv.top and lv.bottom <= r.bottom and lv.tabular
        ]
        if not rows:
            return []
        edges = _column_edges(rows, column_bounds(rows, r.x0, r.x1))
        return [(edges.left[c], edges.right[c]) for c in sorted(edges.right)]

    ca, cb = columns(a), columns(b)
    return (
        len(ca) >= 2
        and len(ca) == len(cb)
        and all(
            abs(x[0] - y[0]) <= tol or abs(x[1] - y[1]) <= tol for x, y in zip(ca, cb, strict=True)
        )
    )


def _headers_with_bodies(found: list[Region], levels: list[Level]) -> list[Region]:
    """A header drawn between rules, with no value in it, and just below it
    (``header_gap_em``) a table read from its text alone that lies within the header's width:
    one table, as statistics tables print them (a rule over and under the header, the body
    without rules)."""
    cfg = _unruled()
    tol = cfg["rule_end_pt"]
    out: list[Region] = []
    for r in sorted(found, key=lambda r: r.top):
        head = out[-1] if out else None
        if head is not None and head.rules and not r.rules:
            inside = [lv for lv in levels if head.top <= lv.top and lv.bottom <= head.bottom]
            body = [lv for lv in levels if r.top <= lv.top and lv.bottom <= r.bottom]
            if (
                inside
                and body
                and not any(_has_value(lv.frags) for lv in inside)
                and -SNAP <= body[0].top - head.bottom <= cfg["header_gap_em"] * body[0].size
                and head.x0 - tol <= r.x0
                and r.x1 <= head.x1 + tol
            ):
                out[-1] = Region(head.x0, head.x1, head.top, r.bottom, head.rules)
                continue
        out.append(r)
    return out


def _aligned_pair(run: list[Level]) -> bool:
    """Two lines of ``aligned_pair_min_texts`` texts or more each, every text of the second
    starting where one of the first does: a table of two rows (联系人 罗龙文 联络电话 … over
    人员编制 7 实有人数 7), which no paragraph makes."""
    cfg = _unruled()
    if len(run) != 2 or any(len(lv.frags) < cfg["aligned_pair_min_texts"] for lv in run):
        return False
    tol = cfg["text_align_pt"]
    return all(any(abs(f.x0 - a.x0) <= tol for a in run[0].frags) for f in run[1].frags)


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
    if step > 0:  # the last row's text wrapped onto lines of one text, rows left empty
        for lv in pending:
            if not (_wraps_on(taken, lv) or _label_only(taken, lv)):
                break
            taken.append(lv)
    else:  # the rest of a row the page break cut, in a column after the first
        for lv in pending:
            if not _in_inner_column(taken, lv):
                break
            taken.append(lv)
    return taken if step > 0 else list(reversed(taken))


def _page_top_rest(
    above: list[Level], table: list[Level], edge: float, carried: list[list[float]] | None = None
) -> list[Level]:
    """The lines of one text at the top of the page, right above a table, that lie in one of
    its columns: the rest of a cell the page break cut, a label (种子 ⏎ 管理 ⏎ 站 over 3、
    机关服务中心 …, at most ``page_top_rest_max_lines`` lines, each starting where the
    table's labels start and ending before its second column) or a narrow remarks column's
    text (偏 ⏎ 高， ⏎ 下年 ⏎ 度将 …, ``_in_inner_column``, or within a column other than the
    first of the previous page's table, ``carried``, when this page's rows leave it empty);
    every line above the table, close to the next (``above``: nearest first)."""
    cfg = _unruled()
    second = _second_column(table)
    if not above or second is None:
        return []
    tol = cfg["text_align_pt"]
    left = min(t.frags[0].x0 for t in table if t.tabular)
    prev, labels = edge, 0
    for lv in above:
        f = lv.frags[0]
        if lv.tabular:
            return []
        if abs(f.x0 - left) <= tol and f.x1 <= second - tol:
            labels += 1
        elif not (_in_inner_column(table, lv) or _in_carried_column(carried, left, lv)):
            return []
        if prev - lv.bottom > cfg["grow_gap_em"] * lv.size:
            return []
        prev = lv.top
    if labels > cfg["page_top_rest_max_lines"]:
        return []
    return list(reversed(above))


def _in_carried_column(carried: list[list[float]] | None, left: float, lv: Level) -> bool:
    """Does ``lv`` (one text) lie within a column other than the first of a table on the
    previous page (its column boundaries, ``carried``) whose left edge is this table's?"""
    tol = _unruled()["rest_column_pt"]
    f = lv.frags[0]
    return any(
        abs(bounds[0] - left) <= tol
        and any(a - SNAP <= f.x0 and f.x1 <= b + SNAP for a, b in itertools.pairwise(bounds[1:]))
        for bounds in carried or ()
    )


def _second_column(table: list[Level]) -> float | None:
    """Where the second column of ``table``'s lines of two texts or more starts."""
    starts = [t.frags[1].x0 for t in table if t.tabular]
    return min(starts) if starts else None


def _in_inner_column(taken: list[Level], lv: Level) -> bool:
    """Is ``lv`` (one text) in a column of ``taken`` other than the first: each of its texts
    starts where a text of theirs does, right of where their lines start?  A caption over a
    table is centred or starts at the margin; the last characters of a cell the page break
    cut (…核对不及 ⏎ 时) start in that cell's column."""
    rows = [t for t in taken if t.tabular]
    if not rows or lv.tabular:
        return False
    tol = _unruled()["text_align_pt"]
    left = min(t.frags[0].x0 for t in rows)
    starts = [f.x0 for t in rows for f in t.frags[1:]]
    f = lv.frags[0]
    return f.x0 > left + tol and any(abs(f.x0 - x) <= tol for x in starts)


def _label_only(taken: list[Level], lv: Level) -> bool:
    """Is ``lv`` (one text) a row left empty: a label starting where the table's labels start
    and ending before its second column (2、二级机构1 under 1、局机关 with its amounts)?"""
    rows = [t for t in taken if t.tabular]
    if len(rows) < 2 or lv.tabular:
        return False
    tol = _unruled()["text_align_pt"]
    f = lv.frags[0]
    lefts = [t.frags[0].x0 for t in rows]
    second = _second_column(rows)
    return all(abs(f.x0 - x) <= tol for x in lefts[-2:]) and second is not None and f.x1 < second


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
    tol = _unruled()["rest_column_pt"]  # a rest bounded by its text, not by the rules
    lines = line_cuts(chars)
    mark_cell_ends(lines)
    page = joined_fragments(lines)
    for i, region in enumerate(regions(rows, chars, list(before.values()), page)):
        prior = None
        if i == 0 and before:
            own = _own_bounds(region, chars)
            prior = next(
                (b for (x0, x1), b in before.items()
                 if abs(x0 - region.x0) <= tol and abs(x1 - region.x1) <= tol),
                None,
            )  # fmt: skip
            if prior is not None and not _fits_columns(own, prior, share=0.5):
                prior = None  # the same width, another table: its own columns
            if prior is None:
                prior = _narrower_rest(region, own, before)
        boxes, bounds = unruled_cells(region, chars, prior)
        if boxes:
            out.append(boxes)
            last = ((region.x0, region.x1), bounds)
    carry.clear()
    if last is not None:
        carry[last[0]] = last[1]
    return out


def _narrower_rest(region: Region, own: list[float], before: dict) -> list[float] | None:
    """The previous page's boundaries for ``region`` when it is their table's rest but ends
    short of its right edge (a last column of remarks empty on this page): the same left
    edge, and each boundary its own text makes (``own``) lies near one of theirs."""
    for (x0, x1), prior in before.items():
        if abs(x0 - region.x0) > 2 * SNAP or region.x1 > x1 + 2 * SNAP:
            continue
        if _fits_columns(own, prior, share=1.0, need_own=True):
            return prior
    return None


def _own_bounds(region: Region, chars: list[dict]) -> list[float]:
    """The inner column boundaries the text of ``region`` makes on its own."""
    inside = [c for c in chars if _in_box(c, region.x0, region.top, region.x1, region.bottom)]
    return column_bounds(fragments(inside), region.x0, region.x1, clear=True)[1:-1]


def _fits_columns(
    own: list[float], prior: list[float], share: float, need_own: bool = False
) -> bool:
    """Does at least ``share`` of a region's own column boundaries (``_own_bounds``) lie
    near one of ``prior`` (``rest_column_pt``)?  A table's rest on the next page has its
    columns, or fewer of them (a label merged over the rows of the previous page leaves its
    column empty; a wrapped text may leave a gap elsewhere); another table of the same width
    has columns of its own."""
    tol = _unruled()["rest_column_pt"]
    near = sum(1 for b in own if any(abs(b - p) <= tol for p in prior))
    return (bool(own) or not need_own) and near >= share * len(own)


EMPTY_BAND_MIN_EM = 0.5
"""An empty band narrower than this share of the table's text size is no empty paragraph
between two tables: the gap of a double rule, or between a shaded header and the rows."""


def _split_at_prose(group: list[RuleRow], chars: list[dict]) -> list[list[RuleRow]]:
    """The runs of ``group`` whose bands hold table text.  A band with no line of two texts
    splits the group when it holds a paragraph (three lines or more), a section heading, or
    nothing between rows whose texts start in other columns (the empty paragraph that keeps
    two tables apart, at least ``EMPTY_BAND_MIN_EM`` high; an empty row of one table has its
    columns above and below it).  Such bands (bar the last kind) at either end of a run are
    no table's."""
    if len(group) < 2:
        return [group]  # a lone rule: a table's edge only if text in columns goes on from it
    x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
    bands = [
        fragments([c for c in chars if _in_box(c, x0, a.y, x1, b.y)])
        for a, b in itertools.pairwise(group)
    ]
    second = _second_column([Level(lev) for band in bands for lev in band])
    sizes = [f.size for band in bands for lev in band for f in lev]
    thin = EMPTY_BAND_MIN_EM * (statistics.median(sizes) if sizes else 0.0)
    runs: list[list[RuleRow]] = [[group[0]]]
    since = 0  # the first band of the current run: the bands before it are another table's
    for i, levels in enumerate(bands):
        a, b = group[i], group[i + 1]
        multi = any(len(lev) >= 2 for lev in levels)
        up, down = bands[since:i][::-1], _to_next_gap(bands[i + 1 :])
        split = (
            (
                not multi
                and (
                    (len(levels) >= PARAGRAPH_MIN_LINES and not _label_stack(levels, second))
                    or _heading_band(levels, chars, a, b)
                    or (not levels and b.y - a.y >= thin and not _same_columns(up, down))
                    or (
                        1 <= len(levels) <= CAPTION_MAX_LINES
                        and not _same_columns(up, down)
                        and (
                            not _starts_in_column(levels, up, down)
                            or _past_first_column(levels, up, down)
                        )
                    )
                )
            )
            or _caption_band(levels, up, down)
            or _figure_band(levels)
            or _paragraph_band(levels)
            or _prose_run(levels)
            or _running_text(levels)
        )
        if split:
            runs.append([b])
            since = i + 1
        else:
            runs[-1].append(b)
    # trim the bands of prose, headings and nothing from the ends of each run (one line of
    # one text stays: a row of one cell, such as the rest of a row the page break cut)
    out = []
    for run in runs:
        while len(run) >= 2 and _prose_band(run[0], run[1], x0, x1, chars, second):
            run = run[1:]
        while len(run) >= 2 and _prose_band(run[-2], run[-1], x0, x1, chars, second):
            run = run[:-1]
        out.append(run)
    return out


def _to_next_gap(bands: list[list[list[Frag]]]) -> list[list[list[Frag]]]:
    """The bands below a band up to the next empty one, when some hold text: three 三线表
    stacked, each parted from the next by an empty paragraph, are compared table by table
    (the third's columns may meet the first's); rows left empty one after another keep all."""
    gap = next((k for k, band in enumerate(bands) if not band), len(bands))
    return bands[:gap] if gap else bands


def _same_columns(above: list[list[list[Frag]]], below: list[list[list[Frag]]]) -> bool:
    """Do the texts of the bands nearest above and below (three with text each side) start
    in two columns or more besides the first?"""
    tol = _unruled()["text_align_pt"]
    up, down = _near_starts(above)[1:], _near_starts(below)[1:]
    return sum(1 for x in up if any(abs(x - y) <= tol for y in down)) >= 2


def _near_starts(bands: list[list[list[Frag]]]) -> list[float]:
    """Where the texts of the nearest three bands with text start, left to right (one x a
    column)."""
    near = [b for b in bands if b][:3]
    return cluster([f.x0 for b in near for lev in b for f in lev], tol=_unruled()["text_align_pt"])


def _starts_in_column(
    levels: list[list[Frag]], above: list[list[list[Frag]]], below: list[list[list[Frag]]]
) -> bool:
    """Does a text of ``levels`` start where a text of the nearest bands above or below it
    starts (three with text each way): a row of the table, not a caption indented or centred
    between two tables?  A caption meeting a column of either table by chance stays a row."""
    tol = _unruled()["text_align_pt"]
    near = [b for b in above if b][:3] + [b for b in below if b][:3]
    xs = [f.x0 for b in near for lev in b for f in lev]
    return any(abs(f.x0 - x) <= tol for lev in levels for f in lev for x in xs)


@functools.cache
def _caption_re() -> re.Pattern[str]:
    """A table's caption: ending so (…支出情况表) or starting so (表2：…)."""
    return re.compile(f"{_unruled()['caption_end']}|{_unruled()['caption_start']}")


def _caption_band(
    levels: list[list[Frag]], above: list[list[list[Frag]]], below: list[list[list[Frag]]]
) -> bool:
    """The caption between two stacked 三线表 whose columns happen to meet: a unit line
    (单位：万元), alone or with the caption naming the table (…情况, …表) beside or above
    it; a numbered caption (表2：…, 图表23：…), alone or under a note; or one text naming a
    table, starting in no column of the tables around it or running past their first (a
    row's label stays in its column)."""
    unit = re.compile(_unruled()["unit_note"])
    texts = [f.text for lev in levels for f in lev]
    if 1 <= len(levels) <= CAPTION_MAX_LINES and any(unit.fullmatch(t) for t in texts):
        # a unit line (单位：万元), alone or under its caption: what stands over a table
        return all(unit.fullmatch(t) or _caption_re().search(t) for t in texts)
    numbered = re.compile(_unruled()["caption_start"])
    if (
        1 <= len(levels) <= CAPTION_MAX_LINES
        and all(len(lev) == 1 for lev in levels)
        and any(numbered.match(t) for t in texts)
    ):
        return True  # a numbered caption (表2：…) names the table below, wherever it starts,
        # under the note of the table above it (资料来源：… ⏎ 图表23：…)
    if len(levels) != 1 or len(levels[0]) != 1 or not _caption_re().search(texts[0]):
        return False
    return not _starts_in_column(levels, above, below) or _past_first_column(levels, above, below)


def _figure_band(levels: list[list[Frag]]) -> bool:
    """A band holding a figure's caption (Fig. 6 | …, 图3 …) at the start of a line: the
    figure drawn over it between a running head's rule and a table's is no table's rows."""
    start = re.compile(_unruled()["figure_caption"])
    return any(lev and start.match(lev[0].text) for lev in levels)


def _past_first_column(
    levels: list[list[Frag]], above: list[list[list[Frag]]], below: list[list[list[Frag]]]
) -> bool:
    """Does the band's text run past where the second column starts in the tables both
    above and below it (a caption at the tables' left edge: 部门（单位）年度支出和结余情况
    between two 三线表), where a row's label stays in its column?"""
    tol = _unruled()["text_align_pt"]
    up, down = _near_starts(above), _near_starts(below)
    end = max(f.x1 for lev in levels for f in lev)
    return len(up) >= 2 and len(down) >= 2 and end > up[1] + tol and end > down[1] + tol


def _heading_band(levels: list[list[Frag]], chars: list[dict], a: RuleRow, b: RuleRow) -> bool:
    """The band holds one line, a section heading (一、 …, （一） …): the text between two
    tables, not a row."""
    if len(levels) != 1:
        return False
    line = [c for c in chars if _in_box(c, a.x0, a.y, a.x1, b.y)]
    text = "".join(ln.text for ln in chars_to_lines(line, 0))
    found = heading_level(text)
    return found is not None and found[0] <= HEADING_SPLIT_LEVEL


def _prose_band(
    a: RuleRow, b: RuleRow, x0: float, x1: float, chars: list[dict], second: float | None
) -> bool:
    """The band holds no line of two texts, and a paragraph, a heading, a note
    (``note_start``) or nothing."""
    levels = fragments([c for c in chars if _in_box(c, x0, a.y, x1, b.y)])
    if any(len(lev) >= 2 for lev in levels):
        return False
    if len(levels) >= PARAGRAPH_MIN_LINES:
        return not _label_stack(levels, second)
    if len(levels) == 1 and re.match(_unruled()["note_start"], levels[0][0].text):
        return True  # the table's note or source (资料来源：…) over the page foot's rule
    return not levels or _heading_band(levels, chars, a, b)


def _label_stack(levels: list[list[Frag]], second: float | None) -> bool:
    """Lines of one text each, all ending before the table's second column: a label wrapped
    in a narrow first column (5、 ⏎ 二级 ⏎ 机构 ⏎ 4, a row left empty), not a paragraph."""
    tol = _unruled()["text_align_pt"]
    return second is not None and all(f.x1 <= second - tol for lev in levels for f in lev)


def unruled_cells(
    region: Region, chars: list[dict], prior: list[float] | None = None
) -> tuple[list[tuple], list[float]]:
    """Cell boxes of the table in ``region`` (empty when the text there does not make a
    table of at least two rows and two columns) and its column boundaries; ``prior``: the
    boundaries of the table's part on the previous page."""
    cfg = _unruled()
    inside = [c for c in chars if _in_box(c, region.x0, region.top, region.x1, region.bottom)]
    levels = fragments(inside)
    if not levels:
        return [], []
    bounds = column_bounds(levels, region.x0, region.x1, prior, clear=True)
    if len(bounds) - 1 < UNRULED_MIN_COLS:
        return [], bounds
    ys, rule_at = _row_edges(region, levels, bounds)
    if len(ys) - 1 < cfg["min_rows"]:
        return [], bounds
    grid = UnitGrid(len(ys) - 1, len(bounds) - 1)
    by_row: dict[int, list[list[Frag]]] = {}
    for lev in levels:
        by_row.setdefault(_row_of(ys, lev[0]), []).append(lev)
    with_text = {(_row_of(ys, f), col(bounds, f.x0)) for lev in levels for f in lev}
    edges = _column_edges(levels, bounds)
    merge_under_short_rules(grid, rule_at, by_row, bounds)
    merge_crossing_texts(grid, by_row, bounds)
    merge_labels_down(grid, rule_at, by_row, with_text, bounds)
    values = (r for r, levs in by_row.items() if any(_has_value(lev) for lev in levs))
    header_rows = min(values, default=0)  # the rows before values
    merge_split_brackets(grid, by_row, bounds, cfg["text_align_pt"], header_rows)
    merge_cut_words(grid, by_row, bounds, cfg["text_align_pt"], edges)
    merge_header_spans(grid, by_row, bounds, header_rows)
    merge_unneeded_bounds(grid, by_row, bounds)
    merge_like_neighbours(grid, by_row, bounds)
    filled = {
        r: {grid.owner[r][col(bounds, f.x0)] for lev in levs for f in lev}
        for r, levs in by_row.items()
    }
    if (
        (
            sum(1 for cells in filled.values() if len(cells) >= FILLED_ROW_MIN_CELLS)
            < cfg["min_filled_rows"]
        )
        or _prose_lines(levels)
        or _running_text(levels)
        or _text_not_table(grid, by_row, bounds, ruled=bool(region.rules))
    ):
        return [], bounds
    boxes = [
        (bounds[c0], ys[r0], bounds[c1 + 1], ys[r1 + 1]) for r0, r1, c0, c1 in grid.rects.values()
    ]
    return boxes, bounds


def _text_not_table(
    grid: UnitGrid,
    by_row: dict[int, list[list[Frag]]],
    bounds: list[float],
    ruled: bool = False,
) -> bool:
    """Text in columns that no rule draws as a table: numbered headings or list items (2 ⏎
    2.1 ⏎ 2.1.1 beside their titles, • beside items, no figure beside them; a paragraph
    between them), prose set in columns (every cell a paragraph of
    ``prose_cell_min_chars``), or display mathematics (a text with an integral or a sum
    sign, ``math_marks``; equations beside their numbers, ``equation_number``).  With rules
    drawn (``ruled``), only items beside bullets (``bullet_marker``: a call-out box's list,
    its edges taken for rules): a ruled table's first column may number its rows."""
    cfg = _unruled()
    texts: dict[int, list[str]] = {}
    first: set[int] = set()
    for r, levs in by_row.items():
        for lev in levs:
            for f in lev:
                c = col(bounds, f.x0)
                cell = grid.owner[r][c]
                texts.setdefault(cell, []).append(f.text)
                if grid.rects[cell][2] == 0:
                    first.add(cell)
    if not texts:
        return False
    marker = re.compile(cfg["bullet_marker" if ruled else "list_marker"])
    prose = cfg["prose_cell_min_chars"]
    if not ruled and any(re.search(cfg["math_marks"], t) for ts in texts.values() for t in ts):
        return True
    last = [t for cell, ts in texts.items() if grid.rects[cell][2] == grid.n_cols - 1 for t in ts]
    if not ruled and last and all(re.fullmatch(cfg["equation_number"], t.strip()) for t in last):
        return True

    def listed(cell: int) -> bool:  # every line of the cell a marker (items run together)
        return all(marker.fullmatch(t.strip()) for t in texts[cell])

    def item_text(cell: int) -> bool:  # a paragraph, a numbered heading run into its
        # title (第十五条工会女职工…), or a line alone on its rows (an item's wrapped rest)
        text = "".join(texts[cell])
        head = marker.match(text)
        r0, r1 = grid.rects[cell][0], grid.rects[cell][1]
        return (
            len(text) >= prose
            or (head is not None and 0 < head.end() < len(text) and not text[head.end()].isdigit())
            or all(
                len({grid.owner[r][c] for c in range(grid.n_cols)} & texts.keys()) == 1
                for r in range(r0, r1 + 1)
            )
        )

    others = ["".join(t) for cell, t in texts.items() if cell not in first]
    markers = sum(1 for cell in first if listed(cell))
    if (
        markers >= 2
        and all(listed(c) or item_text(c) for c in first)
        and not any(VALUE_RE.fullmatch(t) for t in others)
    ):
        return True  # the paragraph under a heading may start at the margin too
    return not ruled and all(len("".join(t)) >= prose for t in texts.values())


def _paragraph_band(levels: list[list[Frag]]) -> bool:
    """A paragraph, whatever a line or two of it holds (a gap where a name was blacked out):
    ``PARAGRAPH_MIN_LINES`` lines or more that are one full line of prose each, two thirds
    of the band's lines."""
    full = sum(1 for lev in levels if len(lev) == 1 and _prose_line(lev))
    return full >= PARAGRAPH_MIN_LINES and 3 * full >= 2 * len(levels)


def _prose_run(levels: list[list[Frag]]) -> bool:
    """Three lines or more in a row, each of two texts or more that are all full lines of
    prose (at least ``prose_line_min_em`` wide): running text set in page columns between
    two tables drawn with the same rules (a paragraph in one column is a band of lines of
    one text; a cell's rest alone on its lines is one too)."""
    run = 0
    for lev in levels:
        run = run + 1 if len(lev) >= 2 and _prose_line(lev) else 0
        if run >= PARAGRAPH_MIN_LINES:
            return True
    return False


def _running_text(levels: list[list[Frag]]) -> bool:
    """A band of more than ``ROW_MAX_PROSE_LINES`` lines, most of them (``prose_line_share``)
    full lines of prose only: the running text of a page (in one column or two, their lines
    at other heights) between a running head's rule and a table's, not a table's row."""
    long = sum(1 for lev in levels if _prose_line(lev))
    return len(levels) > ROW_MAX_PROSE_LINES and long >= _unruled()["prose_line_share"] * len(
        levels
    )


def _prose_lines(levels: list[list[Frag]]) -> bool:
    """Page columns of running text, not a table, whatever rules stand by it: in most lines
    of two texts or more (``prose_line_share``) every text is a full line of prose, at least
    ``prose_line_min_em`` wide — a table's rows have a label or a figure short of that."""
    rows = [lev for lev in levels if len(lev) >= 2]
    long = sum(1 for lev in rows if _prose_line(lev))
    return bool(rows) and long >= _unruled()["prose_line_share"] * len(rows)


def _prose_line(lev: list[Frag]) -> bool:
    """Is every text of the line a full line of prose, at least ``prose_line_min_em`` wide?"""
    wide = _unruled()["prose_line_min_em"]
    return all(f.x1 - f.x0 >= wide * f.size for f in lev)


def _row_edges(
    region: Region, levels: list[list[Frag]], bounds: list[float]
) -> tuple[list[float], list[RuleRow | None]]:
    """The table's row boundaries (top to bottom) and the rule drawn at each (None where a
    row was inferred from the text, or at an edge no rule draws).  The bands between the
    rules and the region's edges: with rules between the rows each band between two rules
    is one row, otherwise rows are inferred from the text; an empty band thinner than
    ``EMPTY_BAND_MIN_EM`` of the text is none."""
    edges: list[tuple[float, RuleRow | None]] = [(r.y, r) for r in region.rules]
    if not edges or region.top < edges[0][0] - SNAP:
        edges.insert(0, (region.top, None))
    if region.bottom > edges[-1][0] + SNAP:
        edges.append((region.bottom, None))
    by_rule = len(region.rules) - 1 >= _unruled()["rows_by_rule_min_bands"]
    sizes = [f.size for lev in levels for f in lev]
    thin = EMPTY_BAND_MIN_EM * (statistics.median(sizes) if sizes else 0.0)
    ys: list[float] = [edges[0][0]]
    rule_at: list[RuleRow | None] = [edges[0][1]]
    for (upper, upper_rule), (lower, lower_rule) in itertools.pairwise(edges):
        band = [lev for lev in levels if upper <= (lev[0].top + lev[0].bottom) / 2 <= lower]
        if not band and lower - upper < thin and len(ys) > 1:
            # no row: the strip between a double rule's lines, or a shaded row's edge
            drawn = rule_at[-1]
            if drawn is not None and lower_rule is not None:
                lower_rule = RuleRow(lower, sorted(drawn.segments + lower_rule.segments))
            ys[-1], rule_at[-1] = lower, lower_rule or drawn
            continue
        if band:
            starts = row_starts(band, bounds)
            if (
                by_rule
                and upper_rule
                and lower_rule
                and sum(1 for lev in band if _labelled_value(lev, bounds)) < 2
            ):
                # rules between the rows, each band a row, unless it holds rows of figures
                # (the body of a 三线表 stacked with other tables' rules); a band with two
                # lines or more of a label and its value is rows read from the text: the
                # rules underline totals (an accounts statement), they part no rows
                starts = [i for i in starts if _figures_row(band[i], bounds)]
            for i in starts[1:]:
                ys.append((max(f.bottom for f in band[i - 1]) + min(f.top for f in band[i])) / 2)
                rule_at.append(None)
        ys.append(lower)
        rule_at.append(lower_rule)
    return ys, rule_at


def _has_value(frags: list[Frag]) -> bool:
    """Does one of the texts stand for a value (a number, a dash, a slash)?"""
    return any(VALUE_RE.fullmatch(f.text) for f in frags)


def _figures_row(level: list[Frag], bounds: list[float]) -> bool:
    """A line holding values in two columns or more: a row of its own."""
    return len({col(bounds, f.x0) for f in level if VALUE_RE.fullmatch(f.text)}) >= 2


def _labelled_value(level: list[Frag], bounds: list[float]) -> bool:
    """A line with text in the first column and a value in another: a row of its own."""
    cols = {col(bounds, f.x0): VALUE_RE.fullmatch(f.text) is not None for f in level}
    return cols.get(0) is False and any(v for c, v in cols.items() if c > 0)


def _row_of(ys: list[float], frag: Frag) -> int:
    """The row (between the boundaries ``ys``) a text stands in, by its middle."""
    n_rows = len(ys) - 1
    return max(0, min(n_rows - 1, bisect.bisect_right(ys, (frag.top + frag.bottom) / 2) - 1))
