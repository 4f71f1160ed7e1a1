"""The rules of tables not fully ruled: the sides a grid of rules leaves undrawn, the
horizontal rules outside the ruled tables (not a text's underline; shadings' edges), and
those rules grouped a table each, a group split where a band between two rules holds prose, a
heading, a caption or an empty paragraph (see ``pdf_unruled.regions``)."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import statistics
from collections.abc import Callable

from .layout import heading_level
from .pdf_fragments import Level, fragments, holds_value, in_box, settings
from .pdf_lines import char_rows, chars_to_lines
from .pdf_parts import Frag, RuleRow
from .pdf_ruled import cluster
from .pdf_settings import (
    CAPTION_MAX_LINES,
    HEADING_SPLIT_LEVEL,
    PARAGRAPH_MIN_LINES,
    ROW_MAX_PROSE_LINES,
    RUNNING_HEAD_MAX_LINES,
    RUNNING_HEAD_WIDTH_SHARE,
    SNAP,
)
from .pdf_unruled_grid import VALUE_RE, WORD_RE, is_figure


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
    cfg = settings()
    rows: list[RuleRow] = []
    lines: list[list[dict]] | None = None  # the text's lines, read at the first rule
    for e in _joined(h):
        if e["x1"] - e["x0"] < cfg["rule_min_pt"]:
            continue
        if any(
            t - SNAP <= e["top"] <= b + SNAP and e["x0"] < x1 and x0 < e["x1"]
            for x0, t, x1, b in taken
        ):
            continue  # a ruled table's (asked first: no text's lines read for it)
        if lines is None:
            lines = char_rows(chars) if chars else []
        if _underline(e, lines):
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
    if rows and lines:
        ticks = _figure_underlines(rows, lines) | _spanners(rows, lines)
        rows = [r for r in rows if id(r) not in ticks]
    return rows


def short_rules(h: list[dict]) -> list[RuleRow]:
    """The horizontal rules too short to edge a table (``rule_min_pt``; pieces of a longer
    rule, drawn a cell at a time, joined first), each a row: a blank's underline in a
    sentence (``mark_blanks``), a glyph's stroke."""
    least = settings()["rule_min_pt"]
    return [
        RuleRow(e["top"], [(e["x0"], e["x1"])]) for e in _joined(h) if e["x1"] - e["x0"] < least
    ]


SPANNER_BELOW_LINES = 4
"""A spanner's table row is one of the first lines below its head."""


def _spanners(rows: list[RuleRow], lines: list[list[dict]]) -> set[int]:
    """The rows of rules that are a statement head's spanners (ids), not a table's edges:
    each rule under heads only (截至9月30日止三个月 over its three columns, 2025年 over
    two), every head over a rule, none left of the first, and the first row below the heads'
    lines (``SPANNER_BELOW_LINES`` at most) with its label left of the rules and figures
    under them — the rules group the figure columns' heads; the label column has none (a
    rule starting after a label merged down over rows, under a wrapped cell's rest, has a
    row of that cell's figures right below it, no label left of it)."""
    found: set[int] = set()
    tol = UNDERLINE_END_PT
    tops = [min(c["top"] for c in line) for line in lines]
    for r in rows:
        over = _line_over(r, lines)
        if not over or any(is_figure(f.text) for f in over):
            continue
        if not all(any(a - tol <= f.x0 and f.x1 <= b + tol for a, b in r.segments) for f in over):
            continue
        if not all(any(a < f.x1 and f.x0 < b for f in over) for a, b in r.segments):
            continue
        start = bisect.bisect_right(tops, r.y)
        for line in lines[start : start + SPANNER_BELOW_LINES]:
            levels = fragments(line)
            texts = levels[0] if len(levels) == 1 else []
            if texts and all(f.x0 >= r.x0 - tol and not is_figure(f.text) for f in texts):
                continue  # the heads' next line (人民币 人民币 美元)
            if (
                texts
                and texts[0].x1 < r.x0 - tol
                and WORD_RE.search(texts[0].text)
                and any(is_figure(f.text) and f.x0 >= r.x0 - tol for f in texts[1:])
            ):
                found.add(id(r))
            break  # the first row below the heads: the table's first, with its label or not
    return found


def _figure_underlines(rows: list[RuleRow], lines: list[list[dict]]) -> set[int]:
    """The rows of rules that are a statement's accounting underlines (ids), not a table's
    edges: each rule right under figures only, at most ``FIGURE_UNDERLINE_GAP_EM`` below
    them, and the line over them a label left of every rule, then figures only (利息支出
    (40,444) (32,146) over a subtotal's rules, the figure columns underlined, the labels
    not).  A row that draws the same rules as such a row under a line of figures alone (a
    total with no label: 14,459 14,647 over a double rule) is one too."""
    found: set[int] = set()
    spans: list[tuple[float, float]] = []
    loose: list[RuleRow] = []
    for r in rows:
        over = _line_over(r, lines)
        if over is None or not all(_figures_only(over, a, b) for a, b in r.segments):
            continue
        if not all(is_figure(f.text) for f in over if f.x1 > r.x0):
            continue  # words after the figures: a filled-in blank in prose (支出 110 万元，…)
        if any(f.x1 <= r.x0 and WORD_RE.search(f.text) for f in over):
            found.add(id(r))
            spans += r.segments
        else:
            loose.append(r)
    tol = UNDERLINE_END_PT
    for r in loose:
        if spans and all(
            any(abs(a - a2) <= tol and abs(b - b2) <= tol for a2, b2 in spans)
            for a, b in r.segments
        ):
            found.add(id(r))
    return found


FIGURE_UNDERLINE_GAP_EM = 0.6
"""A figure's underline lies at most this far below the figure (ems of its size)."""


def _line_over(r: RuleRow, lines: list[list[dict]]) -> list[Frag] | None:
    """The texts of the line right over the rules ``r`` (its bottom at most
    ``FIGURE_UNDERLINE_GAP_EM`` above them), or None."""
    for line in lines:
        size = max(c["size"] for c in line) or 10.0
        if -0.3 * size <= r.y - max(c["bottom"] for c in line) <= FIGURE_UNDERLINE_GAP_EM * size:
            levels = fragments(line)
            return levels[0] if len(levels) == 1 else None
    return None


def _figures_only(line: list[Frag], a: float, b: float) -> bool:
    """Does the rule from ``a`` to ``b`` lie under one figure or more and nothing else, each
    within its ends?"""
    tol = UNDERLINE_END_PT
    under = [f for f in line if f.x0 < b and a < f.x1]
    return bool(under) and all(
        is_figure(f.text) and a - tol <= f.x0 and f.x1 <= b + tol + _hanging(f) for f in under
    )


def _hanging(f: Frag) -> float:
    """How far a figure's closing bracket may hang past its column's end (accounting
    layouts align a negative's digits with the others', its ")" set outside): half an em for
    ")", one for "）"; 0 without one."""
    return {")": 0.5, "）": 1.0}.get(f.text[-1:], 0.0) * f.size


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
        if ink and e["x1"] - e["x0"] < max(c["x1"] for c in ink) - min(c["x0"] for c in ink):
            # one text of a line in columns underlined (a statement's year heads, 2016年)
            texts = fragments(line)
            if len(texts) == 1 and any(
                abs(f.x0 - e["x0"]) <= UNDERLINE_END_PT
                and abs(f.x1 - e["x1"]) <= UNDERLINE_END_PT
                and not VALUE_RE.fullmatch(f.text)
                for f in texts[0]
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
    tol = settings()["rule_end_pt"]
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
        inside = fragments([c for c in chars if in_box(c, *box)])
        if inside and not any(holds_value(lev) for lev in inside):
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
    tol = settings()["rule_end_pt"]
    sides = sorted(
        (e for e in edges if id(e) in shading and e["orientation"] == "h"), key=lambda e: e["top"]
    )
    every = list(sides)
    uprights = [e for e in edges if id(e) in shading and e["orientation"] == "v"]
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
            if (not ys or e["top"] - ys[-1] > SNAP) and not _seam(e, uprights):
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


def _seam(side: dict, uprights: list[dict]) -> bool:
    """Is the level ``side`` where two shadings of one colour meet, one above it and one
    below it (a band drawn a row's piece at a time: one band to the eye, no row boundary)?
    ``uprights``: the shadings' upright sides."""
    y, tol = side["top"], 0.5
    colour = side.get("non_stroking_color")
    ending = starting = False
    for e in uprights:
        if abs(e["x0"] - side["x0"]) > tol or e.get("non_stroking_color") != colour:
            continue
        ending = ending or abs(e["bottom"] - y) <= tol
        starting = starting or abs(e["top"] - y) <= tol
    return ending and starting


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


def rule_groups(
    rows: list[RuleRow], chars: list[dict], gutter: float | None = None, cut: float | None = None
) -> list[list[RuleRow]]:
    """Rules of one table each: sharing an end with the table's first rule, or lying within
    its width (a rule stopping short at both ends: merged cells left and right of it); a
    group is split where a band between two rules holds a paragraph.  A row of rules with a
    gap in it is taken a stretch at a time: tables side by side, their rules drawn at the
    same heights, are groups of their own (a stretch that fits no group goes on the group
    of the last one beside it).  ``gutter``: the middle of the gutter of a page set in two
    columns (``page_gutter``): a band between two rules on one side of it holds that side's
    text only (a page-wide rule over the page's columns joins a table's group).  ``cut``:
    where the text shows two tables side by side (``side_cut``), a gap between tables like
    the rules' own."""
    groups: list[list[RuleRow]] = []
    gutters = _rule_gutters(rows) + ([] if cut is None else [(cut, cut)])
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
    return [part for g in groups for part in _split_at_prose(g, chars, gutter)]


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
    tol = settings()["rule_end_pt"]
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
    return 0 < _lines_above(rule, chars) <= RUNNING_HEAD_MAX_LINES


def running_head_across(
    rule: RuleRow, gutter: tuple[float, float, float, float], chars: list[dict]
) -> bool:
    """On a page set in two columns, is ``rule``, alone, across the gutter, with at most
    ``RUNNING_HEAD_MAX_LINES`` lines above it, the rule under the running head?"""
    if not (rule.x0 < gutter[1] and gutter[2] < rule.x1):
        return False
    return _lines_above(rule, chars) <= RUNNING_HEAD_MAX_LINES


def _lines_above(rule: RuleRow, chars: list[dict]) -> int:
    """How many lines of ``chars`` stand above ``rule`` on the page (a running head's)."""
    return len(char_rows([c for c in chars if c["bottom"] <= rule.y]))


def running_head_rule(rule: RuleRow, rows: list[RuleRow], chars: list[dict]) -> bool:
    """Is ``rule``, alone, the rule under the page's running head: at most
    ``RUNNING_HEAD_MAX_LINES`` lines above it on the page, and under it, before the next of
    the page's rules ``rows``, no two lines in columns (section titles set apart from their
    numbers aside) before a line of one text?  (中山大学本科毕业论文  第2章 简单的使用例子
    over the rule, 2.2  表格的插入 under it, then a paragraph or another table's rule.)  A
    table's header over its rule at a page's top has its rows under the rule."""
    if not 0 < _lines_above(rule, chars) <= RUNNING_HEAD_MAX_LINES:
        return False
    end = min((r.y for r in rows if r.y > rule.y + SNAP), default=float("inf"))
    below = fragments([c for c in chars if rule.y <= c["top"] and c["bottom"] <= end])
    under = [lev for lev in below if not _section_title(lev)]
    return next((i for i, lev in enumerate(under) if len(lev) < 2), len(under)) < 2


_SECTION_NUMBER_RE = re.compile(r"\d+(?:\.\d+)+")


def _section_title(lev: list[Frag]) -> bool:
    """A section's number set apart from its title (6.4.1  图形和多个图形): a heading."""
    return len(lev) == 2 and bool(_SECTION_NUMBER_RE.fullmatch(lev[0].text))


def _titled(lev: list[Frag]) -> bool:
    """A heading or a numbered caption set apart from its title (4.2.3.1  表格内…,
    表4.3  最小的…): a line of two texts that is no table's row among a paragraph's lines."""
    return _section_title(lev) or (
        len(lev) == 2 and numbered_caption().fullmatch(lev[0].text) is not None
    )


def second_column(table: list[Level]) -> float | None:
    """Where the second column of ``table``'s lines of two texts or more starts."""
    starts = [t.frags[1].x0 for t in table if t.tabular]
    return min(starts) if starts else None


EMPTY_BAND_MIN_EM = 0.5
"""An empty band narrower than this share of the table's text size is no empty paragraph
between two tables: the gap of a double rule, or between a shaded header and the rows."""


def empty_band_min(levels: list[list[Frag]]) -> float:
    """The height below which an empty band between these lines' rules is none
    (``EMPTY_BAND_MIN_EM`` of their median text size)."""
    sizes = [f.size for lev in levels for f in lev]
    return EMPTY_BAND_MIN_EM * (statistics.median(sizes) if sizes else 0.0)


def _split_at_prose(
    group: list[RuleRow], chars: list[dict], gutter: float | None = None
) -> list[list[RuleRow]]:
    """The runs of ``group`` whose bands hold table text.  A band with no line of two texts
    splits the group when it holds a paragraph (three lines or more), a section heading, or
    nothing between rows whose texts start in other columns or below which the table's heads
    are printed again (the empty paragraph that keeps two tables apart, at least
    ``EMPTY_BAND_MIN_EM`` high; an empty row of one table has its columns above and below
    it, and body rows below it).  Such bands (bar the last kind) at either end of a run are
    no table's."""
    if len(group) < 2:
        return [group]  # a lone rule: a table's edge only if text in columns goes on from it
    x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
    bands = [_band(a, b, x0, x1, chars, gutter) for a, b in itertools.pairwise(group)]
    second = second_column([Level(lev) for band in bands for lev in band])
    thin = empty_band_min([lev for band in bands for lev in band])
    runs: list[list[RuleRow]] = [[group[0]]]
    since = 0  # the first band of the current run: the bands before it are another table's
    for i, levels in enumerate(bands):
        a, b = group[i], group[i + 1]
        multi = any(len(lev) >= 2 for lev in levels)
        up, down = bands[since:i][::-1], _to_next_gap(bands[i + 1 :])
        if len(levels) == 1 and len(levels[0]) == 1 and _boxed(a, b):
            # a group's name in a box at either end of the rules is compared with the heads
            # over the table or the rows going on under it
            if i == 0:
                up = [_outside(a, -1, bands, x0, x1, chars, gutter)]
            if i == len(bands) - 1:
                down = [_outside(b, 1, bands, x0, x1, chars, gutter)]
        paragraph = (
            len(levels) >= PARAGRAPH_MIN_LINES
            and not any(len(lev) >= 2 and not _titled(lev) for lev in levels)
            and not _label_stack(levels, second)
        ) or (
            not levels
            and b.y - a.y >= thin
            and (not _same_columns(up, down) or _heads_again(bands[since], down))
        )
        # a cell's paragraphs beside its row's label are no paragraph between two tables
        beside = _beside_label(levels, second)
        prose = paragraph or (_paragraph_band(levels) and not beside) or _prose_run(levels)
        # inside a spanning label's rows, paragraphs and emptiness are a row's cells
        split = (
            (prose and not _in_span(group, since, i, chars))
            or (
                not multi
                and (
                    _heading_band(levels, chars, a, b)
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
            or ((_full_width_paragraph(levels) or running_text(levels)) and not beside)
        )
        if split:
            runs.append([b])
            since = i + 1
        elif _heads_band(levels, up):
            runs.append([a, b])  # a table's heads below another's rows: the next table's
            since = i
        else:
            runs[-1].append(b)
    # trim the bands of prose, headings and nothing from the ends of each run (one line of
    # one text stays: a row of one cell, such as the rest of a row the page break cut)
    under = {id(r): band for r, band in zip(group, bands, strict=False)}  # a run's rules
    out = []  # are the group's in order: the band under each is the one read above
    for run in runs:
        while len(run) >= 2 and _prose_band(under[id(run[0])], run[0], run[1], chars, second):
            run = run[1:]
        while len(run) >= 2 and _prose_band(under[id(run[-2])], run[-2], run[-1], chars, second):
            run = run[:-1]
        out.append(run)
    return out


def _outside(
    rule: RuleRow,
    step: int,
    bands: list[list[list[Frag]]],
    x0: float,
    x1: float,
    chars: list[dict],
    gutter: float | None,
) -> list[list[Frag]]:
    """The lines within ``OUTSIDE_REACH_EM`` of the group's text size (``bands``) over
    (``step`` -1) the group's first ``rule`` or under (1) its last, across its width: the
    heads over a table whose first band is a group's heading in a box (AGING between its
    rules, centred), the rows going on under a last such band (EDUCATION)."""
    sizes = [f.size for band in bands for lev in band for f in lev]
    edge = RuleRow(rule.y + step * OUTSIDE_REACH_EM * statistics.median(sizes), rule.segments)
    a, b = (edge, rule) if step < 0 else (rule, edge)
    return _band(a, b, x0, x1, chars, gutter)


def _boxed(a: RuleRow, b: RuleRow) -> bool:
    """Do rules ``a`` and ``b`` start and end together (``rule_end_pt``): a box's top and
    bottom, not a rule across two page columns over one column's table?"""
    tol = settings()["rule_end_pt"]
    return abs(a.x0 - b.x0) <= tol and abs(a.x1 - b.x1) <= tol


OUTSIDE_REACH_EM = 3.0
"""How far over a group of rules and under it (ems of its text) lie the lines a band at
either end is compared with."""


def _band(
    a: RuleRow, b: RuleRow, x0: float, x1: float, chars: list[dict], gutter: float | None
) -> list[list[Frag]]:
    """The lines between rules ``a`` and ``b`` across the group's width ``x0``-``x1``, cut
    at the page's ``gutter`` (its middle) when both rules lie on one side of it."""
    if gutter is not None and max(a.x1, b.x1) < gutter:
        x1 = min(x1, gutter)
    elif gutter is not None and min(a.x0, b.x0) > gutter:
        x0 = max(x0, gutter)
    return fragments([c for c in chars if in_box(c, x0, a.y, x1, b.y)])


def _in_span(group: list[RuleRow], since: int, i: int, chars: list[dict]) -> bool:
    """Is the band under ``group[i]`` inside the table, right of (or left of) a cell that
    spans it: both its rules stop short of the group's edge on one side, the nearest rules
    of the table so far (from ``group[since]``) above and below that reach past them enclose
    a label there (项目基本情况 beside rows of two paragraphs side by side, each row ruled
    only right of the label), or the one above opens the page (the label is on the page
    before)?  Paragraphs there, side by side or not, and an empty band are its cells; a
    heading, a caption or a figure still parts two tables."""
    a, b = group[i], group[i + 1]
    above, below = group[since:i][::-1], group[i + 2 :]
    left, right = min(a.x0, b.x0) - SNAP, max(a.x1, b.x1) + SNAP
    for reach, beside in (
        (lambda r: r.x0 < left, lambda c: c["x1"] <= left + SNAP),
        (lambda r: r.x1 > right, lambda c: c["x0"] >= right - SNAP),
    ):
        up = next((r for r in above if reach(r)), None)
        down = next((r for r in below if reach(r)), None)
        if up is None or down is None:
            continue
        if up is group[0] and not any(c["bottom"] <= up.y for c in chars):
            return True  # the page opens with the table: the label was on the page before
        x0, x1 = min(up.x0, down.x0) - SNAP, max(up.x1, down.x1) + SNAP
        if any(
            beside(c) and x0 <= c["x0"] and c["x1"] <= x1 and up.y < c["top"] < down.y
            for c in chars
        ):
            return True
    return False


def _heads_band(levels: list[list[Frag]], above: list[list[list[Frag]]]) -> bool:
    """Does the band hold column heads only, below rows of a table (``above``: its bands,
    nearest first): a line of two texts or more, every text right of where the labels of
    the rows above end and none a figure (于2025年 12月31日 人民币千元 over the figure
    columns, under a body's last rule)?  The next table's heads."""
    rows = [lev for band in above for lev in band if len(lev) >= 2 and holds_value(lev[1:])]
    if not rows or not any(len(lev) >= 2 for lev in levels):
        return False
    labels_end = max(lev[0].x1 for lev in rows)
    return all(f.x0 > labels_end and not is_figure(f.text) for lev in levels for f in lev)


HEADS_AGAIN_BANDS = 3
"""The bands below an empty one whose texts are compared with the table's first band."""
HEADS_AGAIN_SHARE = 0.5
"""The share of a table's first band's texts that the band after an empty one must repeat to
start a table of its own (``_heads_again``)."""


def _heads_again(first: list[list[Frag]], below: list[list[list[Frag]]]) -> bool:
    """Do the first bands ``below`` an empty one (``HEADS_AGAIN_BANDS``) repeat the texts of
    the table's first band ``first`` (two or more, ``HEADS_AGAIN_SHARE`` of the fewer): a
    table of the same columns stacked under it, its heads printed again (2024 2023 2022 over
    a year's results, then over the assets at its end), not an empty row inside one table?"""
    if not below or not below[0]:
        return False
    mine = {"".join(f.text.split()) for lev in first for f in lev}
    # the heads' bands (a shading's ends may rule them apart): the first few
    theirs = {
        "".join(f.text.split()) for band in below[:HEADS_AGAIN_BANDS] for lev in band for f in lev
    }
    same = len(mine & theirs)
    return same >= 2 and same >= HEADS_AGAIN_SHARE * min(len(mine), len(theirs))


def _to_next_gap(bands: list[list[list[Frag]]]) -> list[list[list[Frag]]]:
    """The bands below a band up to the next empty one, when some hold text: three 三线表
    stacked, each parted from the next by an empty paragraph, are compared table by table
    (the third's columns may meet the first's); rows left empty one after another keep all."""
    gap = next((k for k, band in enumerate(bands) if not band), len(bands))
    return bands[:gap] if gap else bands


def _same_columns(above: list[list[list[Frag]]], below: list[list[list[Frag]]]) -> bool:
    """Do the texts of the bands nearest above and below (three with text each side) start
    in two columns or more besides the first?"""
    tol = settings()["text_align_pt"]
    up, down = _near_starts(above)[1:], _near_starts(below)[1:]
    return sum(1 for x in up if any(abs(x - y) <= tol for y in down)) >= 2


def _near_starts(bands: list[list[list[Frag]]]) -> list[float]:
    """Where the texts of the nearest three bands with text start, left to right (one x a
    column)."""
    near = [b for b in bands if b][:3]
    return cluster([f.x0 for b in near for lev in b for f in lev], tol=settings()["text_align_pt"])


def _starts_in_column(
    levels: list[list[Frag]], above: list[list[list[Frag]]], below: list[list[list[Frag]]]
) -> bool:
    """Does a text of ``levels`` start where a text of the nearest bands above or below it
    starts (three with text each way): a row of the table, not a caption indented or centred
    between two tables?  A caption meeting a column of either table by chance stays a row."""
    tol = settings()["text_align_pt"]
    near = [b for b in above if b][:3] + [b for b in below if b][:3]
    xs = [f.x0 for b in near for lev in b for f in lev]
    return any(abs(f.x0 - x) <= tol for lev in levels for f in lev for x in xs)


@functools.cache
def _caption_re() -> re.Pattern[str]:
    """A table's caption: ending so (…支出情况表) or starting so (表2：…)."""
    return re.compile(f"{settings()['caption_end']}|{settings()['caption_start']}")


@functools.cache
def _unit_re() -> re.Pattern[str]:
    """A caption's unit line (单位：万元, ``unit_note``)."""
    return re.compile(settings()["unit_note"])


@functools.cache
def numbered_caption() -> re.Pattern[str]:
    """A numbered caption's start (表2：…, 表 3.1, 图表23：…; ``caption_start``)."""
    return re.compile(settings()["caption_start"])


def caption_or_unit(text: str) -> bool:
    """Does ``text`` read as a table's caption (``_caption_re``) or unit line (单位：万元)?"""
    return bool(_caption_re().search(text) or _unit_re().search(text))


def _caption_band(
    levels: list[list[Frag]], above: list[list[list[Frag]]], below: list[list[list[Frag]]]
) -> bool:
    """The caption between two stacked 三线表 whose columns happen to meet: a unit line
    (单位：万元), alone or with the caption naming the table (…情况, …表) beside or above
    it; a numbered caption (表2：…, 图表23：…), alone or under a note; or one text naming a
    table, starting in no column of the tables around it or running past their first (a
    row's label stays in its column)."""
    unit = _unit_re()
    texts = [f.text for lev in levels for f in lev]
    if 1 <= len(levels) <= CAPTION_MAX_LINES and any(unit.fullmatch(t) for t in texts):
        # a unit line (单位：万元), alone or under its caption: what stands over a table
        return all(unit.fullmatch(t) or _caption_re().search(t) for t in texts)
    numbered = numbered_caption()
    if 1 <= len(levels) <= CAPTION_MAX_LINES and any(numbered.match(t) for t in texts):
        if all(len(lev) == 1 for lev in levels):
            return True  # a numbered caption (表2：…) names the table below, wherever it
            # starts, under the note of the table above it (资料来源：… ⏎ 图表23：…)
        if all(
            len(lev) == 1 or (len(lev) == 2 and numbered.fullmatch(lev[0].text)) for lev in levels
        ) and not _starts_in_column(levels, above, below):
            return True  # its number set a space apart from its title (表3.2␣␣带附注的表格),
            # starting in no column of the tables around it (附表1 | 收支总表 in a list)
    if len(levels) != 1 or len(levels[0]) != 1 or not _caption_re().search(texts[0]):
        return False
    return not _starts_in_column(levels, above, below) or _past_first_column(levels, above, below)


def _figure_band(levels: list[list[Frag]]) -> bool:
    """A band holding a figure's caption (Fig. 6 | …, 图3 …) at the start of a line: the
    figure drawn over it between a running head's rule and a table's is no table's rows."""
    start = re.compile(settings()["figure_caption"])
    return any(lev and start.match(lev[0].text) for lev in levels)


def _past_first_column(
    levels: list[list[Frag]], above: list[list[list[Frag]]], below: list[list[list[Frag]]]
) -> bool:
    """Does the band's text run past where the second column starts in the tables both
    above and below it (a caption at the tables' left edge: 部门（单位）年度支出和结余情况
    between two 三线表), where a row's label stays in its column?"""
    tol = settings()["text_align_pt"]
    up, down = _near_starts(above), _near_starts(below)
    end = max(f.x1 for lev in levels for f in lev)
    return len(up) >= 2 and len(down) >= 2 and end > up[1] + tol and end > down[1] + tol


def _heading_band(levels: list[list[Frag]], chars: list[dict], a: RuleRow, b: RuleRow) -> bool:
    """The band holds one line, a section heading (一、 …, （一） …): the text between two
    tables, not a row."""
    if len(levels) != 1:
        return False
    line = [c for c in chars if in_box(c, a.x0, a.y, a.x1, b.y)]
    text = "".join(ln.text for ln in chars_to_lines(line, 0))
    found = heading_level(text)
    return found is not None and found[0] <= HEADING_SPLIT_LEVEL


def _prose_band(
    levels: list[list[Frag]], a: RuleRow, b: RuleRow, chars: list[dict], second: float | None
) -> bool:
    """The band between rules ``a`` and ``b`` (its lines ``levels``) holds no line of two
    texts, and a paragraph, a heading, a note (``note_start``) or nothing."""
    if any(len(lev) >= 2 for lev in levels):
        return False
    if len(levels) >= PARAGRAPH_MIN_LINES:
        return not _label_stack(levels, second)
    if len(levels) == 1 and re.match(settings()["note_start"], levels[0][0].text):
        return True  # the table's note or source (资料来源：…) over the page foot's rule
    return not levels or _heading_band(levels, chars, a, b)


def _label_stack(levels: list[list[Frag]], second: float | None) -> bool:
    """Lines of one text each, all ending before the table's second column: a label wrapped
    in a narrow first column (5、 ⏎ 二级 ⏎ 机构 ⏎ 4, a row left empty), not a paragraph."""
    tol = settings()["text_align_pt"]
    return second is not None and all(f.x1 <= second - tol for lev in levels for f in lev)


def _paragraph_band(levels: list[list[Frag]]) -> bool:
    """A paragraph, whatever a line or two of it holds (a gap where a name was blacked out):
    ``PARAGRAPH_MIN_LINES`` lines or more that are one full line of prose each, two thirds
    of the band's lines."""
    full = sum(1 for lev in levels if len(lev) == 1 and _prose_line(lev))
    return full >= PARAGRAPH_MIN_LINES and 3 * full >= 2 * len(levels)


def _beside_label(levels: list[list[Frag]], second: float | None) -> bool:
    """Are the band's lines a cell's paragraphs beside its row's label (or under a label
    spanning rows from above): every line of two texts or more has its first ending before
    the table's ``second`` column, every line of one text starts in that column (年度部 ⏎
    门（单 ⏎ 位）总 … beside 一、深化… ⏎ 行政审批工作… ⏎ 审批改革是…, a band between two
    rules)?  A paragraph between two tables starts at the table's left; a blacked-out gap
    leaves its first text running past the label's."""
    if second is None:
        return False
    tol = settings()["text_align_pt"]
    return all(
        lev[0].x1 <= second - tol if len(lev) >= 2 else lev[0].x0 >= second - tol for lev in levels
    )


def _full_width_paragraph(levels: list[list[Frag]]) -> bool:
    """``PARAGRAPH_MIN_LINES`` lines or more in a row, each one text of prose across
    ``FULL_WIDTH_SHARE`` of the band's widest line: a paragraph between two tables, whatever
    else the band holds (the next table's header above its rule, 2025年 2024年; headings and
    a chart's source over it); a cell's text wraps within its column."""
    if not levels:
        return False
    widest = max(lev[-1].x1 - lev[0].x0 for lev in levels)
    run = 0
    for lev in levels:
        wide = len(lev) == 1 and lev[0].x1 - lev[0].x0 >= FULL_WIDTH_SHARE * widest
        run = run + 1 if wide and _prose_line(lev) else 0
        if run >= PARAGRAPH_MIN_LINES:
            return True
    return False


FULL_WIDTH_SHARE = 0.8
"""A paragraph's line between tables runs across at least this share of its band's widest."""


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


def running_text(levels: list[list[Frag]]) -> bool:
    """A band of more than ``ROW_MAX_PROSE_LINES`` lines, most of them (``prose_line_share``)
    full lines of prose only: the running text of a page (in one column or two, their lines
    at other heights) between a running head's rule and a table's, not a table's row."""
    long = sum(1 for lev in levels if _prose_line(lev))
    return len(levels) > ROW_MAX_PROSE_LINES and long >= settings()["prose_line_share"] * len(
        levels
    )


def prose_lines(levels: list[list[Frag]]) -> bool:
    """Page columns of running text, not a table, whatever rules stand by it: in most lines
    of two texts or more (``prose_line_share``) every text is a full line of prose, at least
    ``prose_line_min_em`` wide — a table's rows have a label or a figure short of that."""
    rows = [lev for lev in levels if len(lev) >= 2]
    long = sum(1 for lev in rows if _prose_line(lev))
    return bool(rows) and long >= settings()["prose_line_share"] * len(rows)


def _prose_line(lev: list[Frag]) -> bool:
    """Is every text of the line a full line of prose, at least ``prose_line_min_em`` wide?"""
    wide = settings()["prose_line_min_em"]
    return all(f.x1 - f.x0 >= wide * f.size for f in lev)
