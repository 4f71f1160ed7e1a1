"""Tables as published PDFs draw them beside shading and prose (issue 15): a shaded header
row's foot between column rules, a shaded header over rows parted by rules, two page
columns of running text, a paragraph between two tables drawn alike, a list with unmapped
bullet glyphs, a page number's ornament, and a wrapped label beside a shared column gap."""

from __future__ import annotations

import itertools
from pathlib import Path

from extractor.loaders import load, pdf, pdf_fragments, pdf_parts, pdf_rule_groups, pdf_unruled
from tests import zoo

FONT = b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def _text(x: float, y: float, s: str, size: float = 9) -> bytes:
    return f"BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n".encode()


def _grids(tmp_path: Path, content: bytes, font: bytes = FONT) -> list[list[list[str]]]:
    path = tmp_path / "page.pdf"
    path.write_bytes(zoo._pdf(content, extra=font))
    return [
        [[(c.text if c else "") for c in row] for row in b.table.grid()]
        for b in load(path).blocks
        if b.table is not None
    ]


def _rect(x0: float, top: float, x1: float, bottom: float, **kw: object) -> list[dict]:
    """A rectangle's four sides as both page sources give them (top, bottom, left, right)."""
    base = {"object_type": "rect_edge", "fill": True, "stroke": False, **kw}
    return [
        {**base, "x0": x0, "x1": x1, "top": top, "bottom": top, "orientation": "h"},
        {**base, "x0": x0, "x1": x1, "top": bottom, "bottom": bottom, "orientation": "h"},
        {**base, "x0": x0, "x1": x0, "top": top, "bottom": bottom, "orientation": "v"},
        {**base, "x0": x1, "x1": x1, "top": top, "bottom": bottom, "orientation": "v"},
    ]


def _rule(x: float, top: float, bottom: float, kind: str = "line") -> dict:
    return {"object_type": kind, "x0": x, "x1": x, "top": top, "bottom": bottom, "orientation": "v"}


def _sides(edges: list[dict]) -> set[int]:
    return {id(e) for quad in pdf._shadings(edges) for e in quad}


def test_a_shaded_header_rows_foot_between_column_rules_is_a_row_boundary():
    """One shading per header cell, the column rules drawn down through it, no rule under
    it: its foot parts the header from the first row; a drawing's curves do not count."""
    grey = {"non_stroking_color": (0.5, 0.7, 0.9)}
    edges = [
        *_rect(65, 343, 89.5, 358.7, **grey),
        *_rect(89.5, 343, 190.7, 358.7, **grey),
        *_rect(190.7, 343, 295, 358.7, **grey),
        _rule(89.5, 343, 516),
        _rule(190.7, 343, 516),
    ]
    shading = _sides(edges)
    kept = pdf._crossing_rules(shading, edges)
    feet = {e["top"] for e in edges if id(e) in kept and e["orientation"] == "h"}
    assert feet == {343, 358.7}
    assert not any(e["orientation"] == "v" for e in edges if id(e) in kept)
    curves = [*edges[:12], _rule(89.5, 343, 516, "curve_edge"), _rule(190.7, 343, 516, "curve")]
    assert pdf._crossing_rules(_sides(curves), curves) == set()


def test_a_shaded_header_over_rows_parted_by_rules_keeps_each_rows_lines_together(tmp_path):
    """A header on a grey band (no rule of its own), two rows each under a rule, their labels
    on two lines and their figures on the last: the band's edges are the table's first rules,
    so each band between rules is one row."""
    body = b"0.85 g 60 700 400 22 re f 0 g\n"
    body += _text(300, 708, "Total number") + _text(400, 708, "Price")
    body += b"60 700 m 460 700 l S 60 670 m 460 670 l S 60 640 m 460 640 l S\n"
    body += _text(62, 688, "Options granted during the year")
    body += _text(62, 676, "to the ten employees") + _text(330, 676, "0") + _text(420, 676, "-")
    body += _text(62, 658, "Options exercised during the year")
    body += _text(62, 646, "by the ten employees") + _text(310, 646, "270,761")
    body += _text(420, 646, "41.00")
    grids = _grids(tmp_path, body)
    assert len(grids) == 1
    rows = [" ".join(" ".join(r).split()) for r in grids[0]]
    assert len(rows) == 3, rows
    assert "Options granted during the year to the ten employees" in rows[1]
    assert rows[2].endswith("270,761 41.00")


def _frag(x0: float, x1: float, top: float, text: str, size: float = 10.0) -> pdf_parts.Frag:
    return pdf_parts.Frag(x0, x1, top, top + size, size, size, text)


def test_two_page_columns_of_running_text_are_no_table():
    """Every line two texts of about 23 em each, the left and the right page column."""
    left, right = "x" * 30, "y" * 30
    levels = [[_frag(65, 295, 100 + 17 * i, left), _frag(318, 547, 100 + 17 * i, right)]
              for i in range(8)]  # fmt: skip
    levels[3] = [_frag(65, 295, 151, left), _frag(318, 376, 151, "short.")]
    assert pdf_rule_groups.prose_lines(levels)
    table = [[_frag(65, 160, 100 + 17 * i, "Some label"), _frag(318, 360, 100 + 17 * i, "1,234")]
             for i in range(8)]  # fmt: skip
    assert not pdf_rule_groups.prose_lines(table)


def test_a_paragraph_of_full_lines_parts_two_tables():
    """Three lines in a row of two page columns' full lines of prose are a paragraph; a
    table's lines with a short label or figure are not, nor lines of one text."""
    prose = [[_frag(57, 258, 280 + 11 * i, "p" * 30), _frag(281, 482, 280 + 11 * i, "q" * 30)]
             for i in range(3)]  # fmt: skip
    assert pdf_rule_groups._prose_run(prose)
    assert not pdf_rule_groups._prose_run(prose[:2])
    alone = [[_frag(200, 360, 280 + 11 * i, "r" * 20)] for i in range(3)]
    assert not pdf_rule_groups._prose_run(alone)  # a cell's rest, or a paragraph: other rules
    mixed = [*prose[:2], [_frag(57, 99, 302, "January"), _frag(166, 197, 302, "288,975")], prose[2]]
    assert not pdf_rule_groups._prose_run(mixed)


def test_a_wrapped_labels_longest_line_is_left_of_the_column_boundary():
    """Lines with a figure give a gap from the short last line of each label (193) to the
    figures (367); the labels' first lines end at 287 and 293, alone on their lines: the
    boundary lies right of them, not at the middle of the figures' gap (280)."""
    levels = [
        [_frag(360, 399, 154, "Total number"), _frag(457, 478, 154, "(in euro)")],
        [_frag(57, 287, 173, "Options granted during the fiscal year")],
        [_frag(57, 193, 183, "receiving the most"), _frag(394, 399, 183, "0"),
         _frag(475, 478, 183, "-")],
        [_frag(57, 293, 196, "Options exercised during the fiscal year")],
        [_frag(57, 202, 205, "exercising the most"), _frag(367, 399, 205, "270,761"),
         _frag(456, 478, 205, "41.00")],
    ]  # fmt: skip
    assert pdf_unruled.column_bounds(levels, 57, 482)[1] < 287  # in ruled cells: the middle
    bounds = pdf_unruled.column_bounds(levels, 57, 482, clear=True)
    assert len(bounds) == 4
    assert 293 < bounds[1] < 360
    assert 399 < bounds[2] < 456


def test_a_list_of_unmapped_bullet_glyphs_is_no_table():
    """► drawn in a font without a character map reads (cid:2); items run together in the
    first column (three bullets in one cell) are still a list, not a table's labels."""
    marker = pdf_unruled.re.compile(pdf_fragments.settings()["list_marker"])
    assert marker.fullmatch("(cid:2)")
    assert not marker.fullmatch("(cid:2)(cid:2)")  # one marker per line, each line checked
    grid = pdf_unruled.UnitGrid(2, 2)  # the first row holds two items run together
    by_row = {
        0: [[_frag(146, 150, 10, "(cid:2)"), _frag(160, 500, 10, "A user connects to the server")],
            [_frag(146, 150, 22, "(cid:2)"), _frag(160, 500, 22, "USER and CURRENT USER have")]],
        1: [[_frag(146, 150, 34, "(cid:2)"), _frag(160, 500, 34, "ALICE calls a procedure")]],
    }  # fmt: skip
    assert pdf_unruled._text_not_table(grid, by_row, [140.0, 155.0, 510.0])


def test_a_page_numbers_ornament_is_no_table_but_a_cut_cells_rest_is(tmp_path):
    """Rules around a page number with empty cells beside it (—{87}—) are no table; a ruled
    row holding only the rest of one long cell (its label left on the page before) may be."""
    ornament = b"250 40 m 350 40 l S 250 60 m 350 60 l S 250 40 m 250 60 l S "
    ornament += b"280 40 m 280 60 l S 320 40 m 320 60 l S 350 40 m 350 60 l S\n"
    ornament += _text(294, 46, "87")
    assert _grids(tmp_path, ornament) == []
    cell = pdf_parts.PCell(0, 10, 0, 10, 0, 1, 1)
    cell.lines = [pdf_parts.Line("续上页内容", 0, 10, 0, 10, 9, 1)]
    assert not pdf._mark_only(cell)  # five characters: a cell's text, kept
    cell.lines = [pdf_parts.Line("8 7", 0, 10, 0, 10, 9, 1)]
    assert pdf._mark_only(cell)


def test_a_pages_running_text_between_a_running_heads_rule_and_a_tables_is_no_row():
    """Two page columns whose lines stand at other heights give lines of one text, full
    lines of prose; more than six of them are a page's running text, not a table's row."""
    lines = [[_frag(51 if i % 2 else 306, 289 if i % 2 else 544, 300 + 6 * i, "w" * 30, 9)]
             for i in range(12)]  # fmt: skip
    lines[5] = [_frag(51, 168, 330, "Material and methods", 12), _frag(306, 544, 330, "v", 9)]
    assert pdf_rule_groups.running_text(lines)
    assert not pdf_rule_groups.running_text(lines[:6])
    rows = [[_frag(62, 160, 300 + 12 * i, "a label"), _frag(300, 340, 300 + 12 * i, "1.0")]
            for i in range(12)]  # fmt: skip
    assert not pdf_rule_groups.running_text(rows)


def test_with_half_the_texts_going_on_the_first_column_decides_the_row():
    """Ethanol (96%) ⏎ Sulfuric acid (72%) beside Mojallaly (Iran) ⏎ Mojallaly: the second
    column's longest text looks full, so its next line seems to go on from it; the label
    had room for the next one's first word, so each line is a row.  Three columns of a
    wrapped header going on (全年预算数 ⏎ （A）) keep their line in the row, though the label
    项目资 had room for 金 (the column's longest text is a row below)."""
    size = 7.5
    texts = [("Ethanol (96%)", 100, "Mojallaly (Iran)", 289), ("Sulfuric acid (72%)", 117,
             "Mojallaly", 267), ("Acetic acid (98%)", 112, "Merck", 256),
             ("Sodium hydroxide (99%)", 136, "Merck", 256)]  # fmt: skip
    levels = [
        [
            pdf_parts.Frag(51, a_end, 600 + 12.5 * i, 608 + 12.5 * i, size, 25.0, a),
            pdf_parts.Frag(234, b_end, 600 + 12.5 * i, 608 + 12.5 * i, size, 25.0, b),
        ]
        for i, (a, a_end, b, b_end) in enumerate(texts)
    ]
    assert pdf_unruled.row_starts(levels, [51.0, 185.0, 289.0]) == [0, 1, 2, 3]
    header = [
        [_frag(62, 94, 396, "项目资"), _frag(246, 299, 396, "全年预算数"),
         _frag(324, 376, 396, "全年执行数"), _frag(402, 434, 396, "执行率")],
        [_frag(62, 73, 411, "金"), _frag(246, 275, 411, "（A）"), _frag(324, 352, 411, "（B）"),
         _frag(402, 441, 411, "（B/A）")],
        [_frag(62, 110, 426, "项目资金合计"), _frag(246, 298, 426, "731,210.00"),
         _frag(324, 378, 426, "653,430.49"), _frag(402, 439, 426, "89.36%")],
    ]  # fmt: skip
    assert pdf_unruled.row_starts(header, [57.0, 240.0, 318.0, 396.0, 450.0]) == [0, 2]


def test_means_with_their_spread_or_significance_letters_are_values():
    """267.67a ⏎ 91.17b (the letters mark which means differ) and 12.3 ± 0.5 are each a
    row's value, as a bare figure is; a label ending in a letter is not."""
    from extractor.loaders.pdf_unruled_grid import VALUE_RE

    for text in ("267.67a", "20.10ab", "−3.5c", "12.3 ± 0.5", "±0.8"):
        assert VALUE_RE.fullmatch(text), text
    for text in ("T0", "W1844", "CJ03", "abc", "2019年"):
        assert not VALUE_RE.fullmatch(text), text


def _char(x: float, top: float, text: str = "x", size: float = 9.0) -> dict:
    return {"text": text, "x0": x, "x1": x + size / 2, "top": top, "bottom": top + size,
            "size": size, "upright": True}  # fmt: skip


def test_a_running_heads_rule_is_not_the_top_of_a_table_in_one_page_column():
    """A rule over both page columns under the running head (one line above it) and a
    table's rules in the left column only: they are not one table.  A table's own top rule,
    as wide as its next, or one with a page of text above it, still is."""
    head = pdf_parts.RuleRow(45.0, [(51.0, 544.0)])
    table = pdf_parts.RuleRow(593.0, [(51.0, 289.0)])
    running_head = [_char(51 + 5 * i, 32) for i in range(20)]
    body = [_char(51 + 5 * i, 60 + 12 * line) for line in range(5) for i in range(20)]
    assert pdf_rule_groups._running_head_rule(head, table, running_head)
    assert not pdf_rule_groups._running_head_rule(head, pdf_parts.RuleRow(90.0, [(51.0, 530.0)]),
                                              running_head)  # fmt: skip
    assert not pdf_rule_groups._running_head_rule(head, table, running_head + body[:0] + [
        _char(51, 10), _char(51, 20), _char(51, 30)])  # fmt: skip
    assert not pdf_rule_groups._running_head_rule(pdf_parts.RuleRow(300.0, [(51.0, 544.0)]),
                                              table, running_head + body)  # fmt: skip
    band = [_char(x + 5 * i, top) for top in (570, 581) for x in (51, 306) for i in range(30)]
    band += [_char(x + 5 * i, 600) for x in (51, 200) for i in range(4)]  # the header
    rules = [head, table, pdf_parts.RuleRow(610.0, [(51.0, 289.0)])]
    groups = pdf_rule_groups.rule_groups(rules, running_head + band)
    assert [[r.y for r in g] for g in groups] == [[45.0], [593.0, 610.0]]


def test_a_rule_under_the_labels_only_merges_no_figures_printed_on_both_sides():
    """Rules drawn under the first column only (each zeolite's name) with a figure on each
    line of the other columns: each row keeps its own figure there; a column left empty
    below the rule (a label over two rows) is merged as before."""
    from extractor.loaders.pdf_unruled_grid import UnitGrid, merge_under_short_rules

    bounds = [40.0, 155.0, 200.0, 260.0]
    rule = pdf_parts.RuleRow(550.0, [(40.0, 155.0)])
    by_row = {
        0: [[_frag(41, 60, 540, "BEC"), _frag(160, 170, 540, "35"), _frag(210, 230, 540, "Total")]],
        1: [[_frag(41, 60, 552, "BOG"), _frag(160, 170, 552, "29")]],
    }  # fmt: skip
    grid = UnitGrid(2, 3)
    merge_under_short_rules(grid, [None, rule], by_row, bounds)
    assert grid.owner[0][1] != grid.owner[1][1]  # 35 over 29: two rows' figures
    assert grid.owner[0][2] == grid.owner[1][2]  # Total over nothing: one cell
    assert grid.owner[0][0] != grid.owner[1][0]  # the rule parts the labels


def test_two_paragraphs_beside_a_spanning_label_are_a_row():
    """Rows ruled only right of a label spanning them (项目基本情况 over 项目年度目标 and
    its two paragraphs side by side, three full lines each), with rules above and below
    drawn across the label: one table (or left of one: the label on the right).  The same
    band between rules drawn across the whole width, or with nothing below drawn wider (or
    above, within the table so far), is running text set in two page columns between two
    tables."""

    Seg = tuple[float, float]

    def groups(inner: Seg, above: Seg = (57.0, 527.0), below: Seg = (57.0, 527.0)) -> list:
        ys = [(100.0, above), (120.0, above), (140.0, inner), (180.0, inner), (200.0, below),
              (220.0, below)]  # fmt: skip
        rules = [pdf_parts.RuleRow(y, [seg]) for y, seg in ys]
        band = [_char(x + 4.5 * i, 143 + 11 * line) for line in range(3) for x in (103, 317)
                for i in range(44)]  # fmt: skip
        rows = [_char(x + 4.5 * i, y) for y in (104, 124, 184, 204) for x in (60, 200, 400)
                for i in range(4)]  # fmt: skip
        rows.append(_char(521, 184))  # the label's (at the left and at the right)
        return [[r.y for r in g] for g in pdf_rule_groups.rule_groups(rules, band + rows)]

    one = [[100.0, 120.0, 140.0, 180.0, 200.0, 220.0]]
    two = [[100.0, 120.0, 140.0], [180.0, 200.0, 220.0]]
    assert groups((101.0, 527.0)) == one
    assert groups((57.0, 520.0)) == one
    assert groups((57.0, 527.0)) == two
    for inner, other in (((101.0, 527.0), (101.0, 527.0)), ((57.0, 520.0), (57.0, 520.0))):
        assert groups(inner, below=other) == two
        assert groups(inner, above=other) == two

    # the rule reaching past them above is another table's (a heading parts them): no span
    ys = [(100.0, 57.0), (120.0, 101.0), (140.0, 101.0), (180.0, 101.0), (200.0, 57.0),
          (220.0, 57.0)]  # fmt: skip
    rules = [pdf_parts.RuleRow(y, [(x0, 527.0)]) for y, x0 in ys]
    heading = [_char(60 + 9 * k, 104, ch) for k, ch in enumerate("一、基本情况")]
    band = [_char(x + 4.5 * i, 143 + 11 * line) for line in range(3) for x in (103, 317)
            for i in range(44)]  # fmt: skip
    rows = [_char(x + 4.5 * i, y) for y in (124, 184, 204) for x in (105, 200, 400)
            for i in range(4)]  # fmt: skip
    found = pdf_rule_groups.rule_groups(rules, heading + band + rows)
    assert [[r.y for r in g] for g in found] == [[100.0], [120.0, 140.0], [180.0, 200.0, 220.0]]


def test_a_span_needs_its_label_or_the_page_before():
    """The band between two rules drawn right of a spanning label is a row only when the
    label is there (between the nearest rules drawn across it) or the table opens the page
    (the label was on the page before, 满意度指标 over the break); a heading in the band
    parts two tables however the rules are drawn."""

    def groups(
        label: bool = True,
        second: float = 57.0,
        head: bool = False,
        heading: bool = False,
        para: bool = False,
        margin: bool = False,
    ) -> list[list[float]]:
        ys = [(100.0, 57.0), (120.0, second), (140.0, 101.0), (180.0, 101.0), (200.0, 57.0),
              (220.0, 57.0)]  # fmt: skip
        rules = [pdf_parts.RuleRow(y, [(x0, 527.0)]) for y, x0 in ys]
        if heading:
            band = [_char(105 + 9 * k, 150, ch) for k, ch in enumerate("二、项目支出情况")]
        elif para:  # a line of two texts, then a paragraph in one cell
            band = [_char(x + 4.5 * i, 143) for x in (103, 317) for i in range(44)]
            band += [_char(103 + 4.5 * i, 154 + 8 * line) for line in range(3) for i in range(60)]
        else:
            band = [_char(x + 4.5 * i, 143 + 11 * line) for line in range(3)
                    for x in (103, 317) for i in range(44)]  # fmt: skip
        rows = [_char(x + 4.5 * i, y) for y in (104, 124, 184, 204) for x in (60, 200, 400)
                for i in range(4) if label or x != 60 or y == 204]  # fmt: skip
        if head:
            rows += [_char(60 + 4.5 * i, 80) for i in range(10)]  # a running head
        if margin:
            rows += [_char(20, 150)]  # a note in the page's margin, outside the table
        return [[r.y for r in g] for g in pdf_rule_groups.rule_groups(rules, band + rows)]

    one = [[100.0, 120.0, 140.0, 180.0, 200.0, 220.0]]
    assert groups() == one
    assert groups(label=False) != one
    assert groups(label=False, second=101.0) == one  # the table opens the page
    assert groups(label=False, second=101.0, head=True) != one
    assert groups(heading=True) != one
    assert groups(para=True) == one
    assert groups(para=True, label=False) != one  # a paragraph between two tables
    assert groups(label=False, margin=True) != one


def _banded(rows: list[tuple[float, list[list[str]]]], shaded: set[int], seams=(200, 300)) -> bytes:
    """A framed table (60..460, its top at 700) with a rule under its header and one column
    rule at x=90, its rows parted only by shading every row in ``shaded`` (one shading per
    cell, side by side, the seams at ``seams``): ``rows`` are (height, lines of each cell)."""
    xs = [60, 90, *seams, 460]
    body = b""
    y = 700.0
    for i, (height, cells) in enumerate(rows):
        if i in shaded:
            for a, z in itertools.pairwise(xs):
                body += f"0.86 0.9 0.95 rg {a} {y - height} {z - a} {height} re f 0 g\n".encode()
        for x, lines in zip(xs, cells, strict=False):
            top = y - (height - 10 * len(lines)) / 2  # centred in the row
            for k, s in enumerate(lines):
                body += _text(x + 3, top - 8 - 10 * k, s)
        y -= height
    body += f"0 0 0.8 RG 60 {y} 400 {700 - y} re S 90 {y} m 90 700 l S\n".encode()
    body += f"60 {700 - rows[0][0]} m 460 {700 - rows[0][0]} l S\n".encode()
    return body


BANDED_ROWS = [
    (14, [["No"], ["Field"], ["Type"], ["Note"]]),
    (14, [["1"], ["SecurityID"], ["string"], ["code"]]),
    (14, [["2"], ["Price"], ["double"], ["price"]]),
    (14, [["3"], ["Volume"], ["long"], ["volume"]]),
    (34, [["4"], ["BSFlag"], ["string"], ["direction", "B: buy", "S: sell"]]),
    (14, [["5"], ["Kind"], ["string"], ["kind"]]),
]


def test_rows_parted_by_shading_every_other_row_are_rows(tmp_path):
    """Word's banded table style: a frame, a rule under the header, one column rule; the
    rows are told apart by shading every other row, a shading per cell (their seams the
    columns): each row is a row of the grid, the tall one's lines kept in its cell."""
    grids = _grids(tmp_path, _banded(BANDED_ROWS, {1, 3, 5}))
    assert grids == [
        [
            ["No", "Field", "Type", "Note"],
            ["1", "SecurityID", "string", "code"],
            ["2", "Price", "double", "price"],
            ["3", "Volume", "long", "volume"],
            ["4", "BSFlag", "string", "direction\nB: buy\nS: sell"],
            ["5", "Kind", "string", "kind"],
        ]
    ]


def test_one_shaded_row_is_no_banding(tmp_path):
    """One shaded row (a total's, a header's) parts no rows the rules do not: the frame's
    body stays as the rules draw it."""
    grids = _grids(tmp_path, _banded(BANDED_ROWS, {5}))
    assert grids == _grids(tmp_path, _banded(BANDED_ROWS, set()))
    assert len(grids) == 1 and len(grids[0]) == 2


def test_a_text_across_a_shading_seam_keeps_its_cell_whole(tmp_path):
    """A row whose text runs over a seam between two shaded cells (the seam drawn where no
    column is) keeps that text in one cell, merged over the columns."""
    rows = [
        *BANDED_ROWS[:3],
        (14, [["3"], ["Volume long volume traded"], [], []]),
        *BANDED_ROWS[4:],
    ]
    grids = _grids(tmp_path, _banded(rows, {1, 3, 5}, seams=(150, 300)))
    assert len(grids) == 1 and len(grids[0]) == len(rows)
    assert grids[0][3][1] == "Volume long volume traded"
    assert grids[0][1][1:3] == ["SecurityID", "string"]


def test_bands_part_a_grid_only_where_shaded_across_it():
    """``banded_cells`` on one body cell (60..460, 100..200): bands of shadings side by side
    across the cell part its rows, and their seams (in every band) its columns; a shading short of the cell's width, padding with gaps, a cell shaded on a
    row's shading, or another table's bands part nothing; bands on the grid's own rules
    give None."""
    from extractor.loaders import pdf_cell_columns

    def banded_cells(boxes: list, shades: list, chars: list) -> list | None:
        keys = ("x0", "top", "x1", "bottom")
        return pdf_cell_columns.banded_cells(
            boxes, [dict(zip(keys, s, strict=True)) for s in shades], chars
        )

    body = [(60, 100, 460, 200)]
    zebra = [(60, 110, 200, 120), (200, 110, 460, 120), (60, 130, 200, 140), (200, 130, 460, 140)]
    cut = banded_cells(body, zebra, [])
    ys = sorted({b[1] for b in cut})
    assert ys == [100, 110, 120, 130, 140] and sorted({b[0] for b in cut}) == [60, 200]
    extra = [
        (60, 150, 130, 160),  # a shading short of the width
        (60, 170, 85, 180),  # padding, gaps between
        (95, 170, 460, 180),
        (60, 500, 300, 510),  # another table's bands, below the grid, another seam
        (300, 500, 460, 510),
        (60, 520, 300, 530),
        (300, 520, 460, 530),
        (300, 110, 380, 120),  # a cell shaded on each band: no seam at its sides
        (300, 130, 380, 140),
        (300, 110, 460, 115),  # one line's shading from a band's top
    ]
    assert sorted(banded_cells(body, zebra + extra, [])) == sorted(cut)
    one_seam = [*zebra[:2], (60, 130, 300, 140), (300, 130, 460, 140)]
    assert sorted({b[0] for b in banded_cells(body, one_seam, [])}) == [60]  # in every band
    whole = [*zebra[:2], (60, 130, 460, 140)]  # a row shaded in one piece: no seam
    assert sorted({b[0] for b in banded_cells(body, whole, [])}) == [60]
    ruled = [(60, 100, 460, 110), (60, 110, 460, 120), (60, 120, 460, 200)]
    on_rules = [(60, 100, 460, 110), (60, 120, 460, 200)]
    assert banded_cells(ruled, on_rules, []) is None
    split = [(60, 100, 200, 200), (200, 100, 460, 200)]  # a column rule at the seam
    assert sorted({b[0] for b in banded_cells(split, zebra, [])}) == [60, 200]


def test_a_cells_paragraphs_beside_its_rows_label_part_no_tables():
    """A band between two rules holding a label's short lines (年度部 ⏎ 门（单 ⏎ 位）总)
    beside a paragraph in the second column, whose lines go on alone in that column: one
    cell's paragraphs, the table goes on under it.  Lines starting at the table's left under
    the label are a paragraph between two tables."""

    def groups(
        rest_x0: float, label_lines: int = 3, lines: int = 12, label: int = 3
    ) -> list[list[float]]:
        rules = [pdf_parts.RuleRow(y, [(57.0, 527.0)]) for y in (100.0, 120.0, 140.0, 300.0)]
        rows = [_char(x + 4.5 * i, y) for y in (104, 124) for x in (60, 120) for i in range(4)]
        labels = [
            _char(60 + 4.5 * i, 143 + 11 * k) for k in range(label_lines) for i in range(label)
        ]
        para = [
            _char(x0 + 4.5 * i, 143 + 11 * k)
            for k in range(lines)
            for x0 in [(70.0 + 4.5 * label if label > 3 else 120.0) if k < label_lines else rest_x0]
            for i in range(int((520 - x0) / 4.5))
        ]
        return [[r.y for r in g] for g in pdf_rule_groups.rule_groups(rules, rows + labels + para)]

    one = [[100.0, 120.0, 140.0, 300.0]]
    assert groups(120.0) == one
    assert groups(120.0, lines=6) == one  # a full-width run of three lines, not two thirds
    assert groups(60.0) != one
    assert groups(60.0, lines=6) != one
    assert groups(120.0, label=20) != one  # a first text running past the second column


def _word(x: float, top: float, text: str, size: float = 7.0) -> list[dict]:
    return [_char(x + size / 2 * k, top, ch, size) for k, ch in enumerate(text)]


def _row(
    cols: tuple[int, ...], top: float, texts: tuple[str, ...], size: float = 9.0
) -> list[dict]:
    return [c for x, t in zip(cols, texts, strict=False) for c in _word(x, top, t, size)]


def test_group_headings_in_boxes_and_rows_set_wide_apart_are_one_table():
    """A capital budget's project list: heads over its columns, each group's name centred in
    a thin box of two rules (AGING, EDUCATION), rows of 7 pt type 11 pt apart, a rule over
    each group's total.  The box at either end of the rules is compared with the heads over
    it and the rows under it, and the rows go on under the last rule as far apart as inside:
    one table from the heads to the last row (a title in larger type over it is none; a
    space across a rule, over a total, or by a line not laid out like the rows sets no
    rows apart)."""
    cols = (43, 112, 191, 227, 480, 683)

    def row(top: float, texts: tuple[str, ...], size: float = 7.0) -> list[dict]:
        return _row(cols, top, texts, size)

    project = ("AGCN001", "AGD001", "M", "ROOFREHAB", "236,000", "RIVERA")
    chars = [
        *_word(330, 66, "CAPITALPROJECTDETAIL", 11.0),
        *row(86.4, ("PROJECTID", "BUDGETLINE", "BORO", "PROJECTTITLE", "FY2024", "SPONSOR"), 8.0),
        *_word(370, 107.7, "AGING", 9.0),
        *[c for top in (125.0, 143.0) for c in row(top, project)],
        *row(165.0, ("(a)", "", "", "", "note")),  # 15 pt between rows, no row of theirs
        *row(187.0, project),
        *row(214.0, ("TOTALS", "-", "-", "-", "3,734,000", "-")),  # 20 pt, across a rule
        *_word(360, 232.0, "EDUCATION", 9.0),
        *[c for top in (251.0, 269.0, 287.0, 305.0) for c in row(top, project)],
        *row(324.5, ("Source:", "", "", "", "NYC")),  # further than any two rows inside
    ]
    ys = (105.0, 117.0, 199.0, 230.0, 243.0)
    found = pdf_unruled.regions([pdf_parts.RuleRow(y, [(36.0, 751.0)]) for y in ys], chars)
    assert len(found) == 1
    assert 80.0 < found[0].top < 86.4 and 312.0 < found[0].bottom < 324.5
    # a first rule running on past the table (across another page column) boxes nothing
    for wider in ((36.0, 900.0), (-100.0, 751.0)):
        rules = [pdf_parts.RuleRow(y, [wider if y == 105.0 else (36.0, 751.0)]) for y in ys]
        assert all(r.top > 86.4 for r in pdf_unruled.regions(rules, chars))


def test_a_band_of_lines_at_a_groups_top_is_not_compared_with_the_running_head():
    """Over a table's rules, a letter-spaced running head whose characters happen to start
    where the table's columns do; the band under the first rule holds a paragraph's end and
    the table's caption: not the table's (only a band of one text, a group's name in a box,
    is compared with the lines over the rules)."""
    cols = (43, 112, 191, 227, 480, 683)
    chars = [
        *[_char(x, 37.0, ch, 9.0) for x, ch in zip(cols, "航空动力学报", strict=True)],
        *_word(37, 60.0, "x" * 140, 9.0),  # a paragraph's last line, across the page
        *_word(200, 84.0, "表1典型系统的发动机测量参数", 9.0),
        *_row(cols, 106.0, ("参数", "ECM", "ADEPT", "TEAM", "GEM", "AIDS")),
        *[c for top in (124.0, 138.0, 152.0, 166.0) for c in _row(cols, top, ("N1",) + ("X",) * 5)],
    ]
    rules = [pdf_parts.RuleRow(y, [(36.0, 751.0)]) for y in (50.0, 101.0, 120.0, 180.0)]
    found = pdf_unruled.regions(rules, chars)
    assert found and all(r.top >= 100.0 for r in found)
