"""Tables ruled between column groups only, their labels set with dot leaders (issue 15).

A statistical abstract's table (camelot's 12s0324): vertical rules between the column groups
drawn one piece a row, horizontal rules only over and under the header and under the
body; labels ending in dot leaders, a wrapped label's figures by its last line; bold rows
whose figures a kerning space cuts (11,062 .6); NA and (X) for values not there.
"""

from __future__ import annotations

import itertools

from extractor.loaders import pdf_parts, pdf_rule_groups, pdf_ruled
from extractor.loaders.pdf_lines import cell_line_ends, ends_in_leader
from extractor.loaders.pdf_rule_groups import explicit_line
from extractor.loaders.pdf_unruled_grid import VALUE_RE

SIZE = 6.5


def _v(x: float, top: float, bottom: float) -> dict:
    e = explicit_line(x, top, x, bottom)
    e["orientation"] = "v"
    return e


def _h(x0: float, x1: float, y: float) -> dict:
    e = explicit_line(x0, y, x1, y)
    e["orientation"] = "h"
    return e


def test_a_rule_drawn_one_piece_a_row_is_one_rule():
    """Vertical rules at 138 and 220 drawn one piece per row from the header's top rule to
    the bottom rule: one grid from the top rule to the bottom one, so no frame is invented
    at the header's foot; pieces on one line that do not meet (two tables stacked) stay
    apart."""
    h = [_h(36, 384, 67.5), _h(36, 384, 91.5), _h(36, 384, 316.8)]
    ys = [67.8, 76.0, 91.2, 98.2, *range(105, 310, 7), 316.5]
    v = [_v(x, a, b) for x in (138.0, 220.0) for a, b in itertools.pairwise(ys)]
    (grid,) = [g for g in pdf_rule_groups._grids(h, v) if g[0]]
    assert len(grid[0]) == 3 and len(grid[1]) == len(v)
    frames = pdf_rule_groups.missing_frames(h, v)
    assert {round(f["top"]) for f in frames if f["x0"] == f["x1"]} == {68}  # sides only
    assert all(f["bottom"] > 316 for f in frames)

    upper, lower = [_v(72, 72, 170)], [_v(72, 244, 286)]
    assert pdf_rule_groups._pieces(upper + lower, "x0", "top", "bottom") == []
    touching = [_v(72, 72, 86), _v(72.5, 86.2, 100), _v(72, 100, 114)]
    assert len(pdf_rule_groups._pieces(touching, "x0", "top", "bottom")) == 2


def test_dot_leaders_end_a_label():
    """Total . . . . . . . fills out its line: the next line is another label, however little
    room the leaders left."""
    cell = pdf_parts.PCell(36, 138, 90, 320, 0, 30, 1)
    total = pdf_parts.Line("Total . . . . . . . . . .", 37, 137, 100, 106.5, SIZE, 1, 20, 5)
    nxt = pdf_parts.Line("Violent crime . . . . . .", 37, 137, 106.5, 113, SIZE, 1, 25, 5)
    assert ends_in_leader(total.text) and not ends_in_leader("Prostitution and vice")
    assert ends_in_leader("合计……………")
    assert cell_line_ends(cell, total, nxt)
    full = pdf_parts.Line("Murder and nonnegligent man", 37, 137, 100, 106.5, SIZE, 1, 25, 5)
    assert not cell_line_ends(cell, full, nxt)


def test_values_with_a_kerning_space_or_for_none():
    for text in ("11,062 .6", "NA", "N/A", "(X)", "8 €", "¥1,200"):
        assert VALUE_RE.fullmatch(text), text
    for text in ("NAB", "X", "Total 1", "1  2"):
        assert not VALUE_RE.fullmatch(text), text


def _line(text: str, top: float, x0: float = 37.0, x1: float = 100.0) -> pdf_parts.Line:
    return pdf_parts.Line(text, x0, x1, top, top + SIZE, SIZE, 1, 20, 4)


def _part(labels: list[pdf_parts.Line], figure_tops: list[float]) -> pdf_parts.TablePart:
    """A label cell over the rows of a figures column ruled row by row."""
    gaps = itertools.pairwise(figure_tops)
    ys = [90.0, *[(a + SIZE + b) / 2 for a, b in gaps]]  # rules between the figures' lines
    ys.append(figure_tops[-1] + 10)
    n = len(figure_tops)
    label = pdf_parts.PCell(36, 138, ys[0], ys[-1], 0, n, 1, labels)
    figures = [
        pdf_parts.PCell(138, 180, ys[r], ys[r + 1], r, 1, 1, [_line("1.0", t, 150, 160)])
        for r, t in enumerate(figure_tops)
    ]
    return pdf_parts.TablePart(1, 36, 90, 180, ys[-1], n, [label, *figures])


def test_a_label_with_its_figures_by_its_last_line_is_split_with_its_rows():
    """Violent crime . . . ⏎ Murder and nonnegligent (full) ⏎ manslaughter . . . (its figures
    on this line) ⏎ Forcible rape . . .: three label cells, the wrapped label's first line
    with its last; each on the row of its level line."""
    tops = [100.0, 106.5, 113.0, 119.5]
    labels = [
        _line("Violent crime . . . . . . .", 100.0, x1=137),
        _line("Murder and nonnegligent", 106.5, x1=137),
        _line("manslaughter . . . . . . .", 113.0, x1=137),
        _line("Forcible rape . . . . . . .", 119.5, x1=137),
    ]
    part = _part(labels, [tops[0], tops[2], tops[3]])
    assert pdf_ruled.split_unruled_rows(part)
    cells = sorted((c for c in part.cells if c.x0 == 36), key=lambda c: c.row)
    assert [[ln.text[:8] for ln in c.lines] for c in cells] == [
        ["Violent "],
        ["Murder a", "manslaug"],
        ["Forcible"],
    ]


def test_full_lines_level_with_rows_split_only_where_labels_have_leaders():
    """Lines each level with a row, all filling the cell: labels that fill their cells
    among labels set with leaders are rows' labels; without leaders (项目效 ⏎ 益 ⏎ (25分)
    beside single-line rows) they are one label merged over the rows, not split."""
    tops = [100.0, 106.5, 113.0]
    plain = [_line(t, y, x1=137) for t, y in zip(("项目效", "益的", "(25分)"), tops, strict=True)]
    part = _part(plain, tops)
    assert not pdf_ruled.split_unruled_rows(part)

    led = [
        _line("Weapons; carrying, etc. .", 100.0, x1=137),
        _line("Prostitution and vice", 106.5, x1=137),
        _line("Sex offenses . . . . . . .", 113.0, x1=137),
        _line("Gambling . . . . . . . . .", 119.5, x1=137),
    ]
    part = _part(led, [*tops, 119.5])
    assert pdf_ruled.split_unruled_rows(part)
    assert sum(1 for c in part.cells if c.x0 == 36) == 4


def _rows_part(page: int, bounds: list[float], rows: list[list[tuple[float, float, str]]]):
    """A part read from its text (no vertical rules): each row's cells between ``bounds``,
    each holding one line from x0 to x1."""
    from extractor.loaders.pdf_join import NO_VERTICAL_RULES

    cells = []
    for r, row in enumerate(rows):
        top = 100.0 + 12 * r
        for (a, b), (x0, x1, text) in zip(itertools.pairwise(bounds), row, strict=True):
            line = pdf_parts.Line(text, x0, x1, top + 1, top + 11, 10.5, page, 10, 5)
            cells.append(pdf_parts.PCell(a, b, top, top + 12, r, 1, page, [line] if text else []))
    return pdf_parts.TablePart(
        page,
        bounds[0],
        100.0,
        bounds[-1],
        100.0 + 12 * len(rows),
        len(rows),
        cells,
        NO_VERTICAL_RULES,
    )


def test_a_rest_whose_labels_run_longer_has_the_same_columns():
    """Page 2's rows (labels up to 225) put the boundary read from the text at 230, page 1's
    (labels up to 190) at 200; the values start at 240 on both: the same gap, so page 2 goes
    on with page 1's table and its cells take page 1's boundary."""
    from extractor.loaders import pdf_join

    first = _rows_part(1, [60, 200, 300], [[(62, 190, "资金到位率"), (240, 260, "5.0")]] * 3)
    rest = _rows_part(2, [60, 230, 300], [[(62, 225, "制度执行有效性说明"), (240, 260, "3.0")]] * 3)
    assert pdf_join._same_gaps([230], first, rest)
    pdf_join._to_edges_of(first, rest)
    assert {c.x0 for c in rest.cells} == {60, 200} and {c.x1 for c in rest.cells} == {200, 300}

    other = _rows_part(2, [60, 120, 300], [[(62, 110, "其他"), (130, 150, "3.0")]] * 3)
    assert not pdf_join._same_gaps([120], first, other)


def test_a_rest_filling_a_column_the_last_part_left_empty_goes_on():
    """A scoring table over three pages, its remarks column (扣分原因) filled on the first and
    the third and left empty on the second, whose columns read from the text end before it:
    the third page's part lies outside the second's width, yet each of its columns is one
    of the table's so far, so it goes on with the table.  A part wider than the table, or
    with a column the table has not, is another table."""
    from extractor.loaders import pdf_join

    row = [(62, 190, "资金到位率"), (240, 250, "5"), (300, 310, "5"), (360, 400, "到位及时")]
    bounds = [60, 230, 290, 350, 420]
    first = _rows_part(1, bounds, [row] * 3)
    narrow = _rows_part(2, [*bounds[:3], 330], [row[:3]] * 3)
    acc = pdf_join.Joined(cells=list(first.cells), n_rows=first.n_rows, last=first)
    assert pdf_join.continues(acc, narrow, 500.0, 12.0)
    pdf_join.join_part(acc, narrow, 500.0, 12.0)
    assert pdf_join.continues(acc, _rows_part(3, bounds, [row] * 3), 500.0, 12.0)
    wider = _rows_part(3, [*bounds[:4], 480], [[*row[:3], (360, 470, "到位及时并按规定使用")]] * 3)
    assert not pdf_join.continues(acc, wider, 500.0, 12.0)
    left = _rows_part(3, [20, *bounds[1:]], [[(22, 190, "资金到位率"), *row[1:]]] * 3)
    assert not pdf_join.continues(acc, left, 500.0, 12.0)
    other = [(62, 100, "其他"), (160, 170, "3"), (300, 310, "5"), (360, 400, "到位及时")]
    assert not pdf_join.continues(
        acc, _rows_part(3, [60, 150, *bounds[2:]], [other] * 3), 500.0, 12.0
    )


def test_a_two_row_table_ruled_after_its_stub_has_its_columns_from_the_text(tmp_path):
    """A three-line table of two rows with one vertical rule, after the stub (样本量 | 训练集(80%)
    测试集(20%) over 1281 318): the right-hand cell holds two columns, its header over its
    figures, cut as a longer table's are (a row of only figures under a row of as many
    texts); a cell whose second line is words (合 计 spread) is not cut."""
    from pathlib import Path

    from handpdf import HandPdf

    from extractor.loaders import load

    def page(second: tuple[str, str]) -> Path:
        pdf = HandPdf().new_page()
        pdf.text(72, 60, "训练集和测试集的数据特征如下表所示，其中样本量按随机抽样划分。")
        for y in (100.0, 118.0, 136.0):
            pdf.rule(200, y, 420, y)
        pdf.rule(260, 100, 260, 136)
        for x, t in ((270, "训练集(80%)"), (350, "测试集(20%)")):
            pdf.text(x, 104, t)
        pdf.text(210, 122, "样本量")
        for x, t in zip((285, 365), second, strict=True):
            pdf.text(x, 122, t)
        pdf.text(72, 160, "训练集用于调参，测试集用于计算误差，误差小的模型作为最后的回归模型。")
        return pdf.save(tmp_path / f"{second[0]}.pdf")

    (table,) = [b.table for b in load(page(("1281", "318"))).blocks if b.table]
    assert [[c.text if c else "" for c in row] for row in table.grid()] == [
        ["", "训练集(80%)", "测试集(20%)"],
        ["样本量", "1281", "318"],
    ]
    (table,) = [b.table for b in load(page(("合", "计"))).blocks if b.table]
    assert table.n_cols == 2


def test_the_rest_of_a_row_of_figures_cut_by_the_page_break_joins_it():
    """Page 1 ends on a row of figures whose label surely ran on (经常参加, its line full);
    page 2 starts with texts only, under the label (体育锻炼, its cell spanning the empty
    figure columns as columns read from the text leave it, or not) and under the remark
    (改为线上, though 部分赛事's line had room left): the rest of that row.  With a figure below, no
    figure above, no label surely cut, a remark not down to its cell's foot, or a part whose
    columns are ruled, it is a row of its own."""
    from extractor.loaders import pdf_join

    bounds = [60, 200, 240, 280, 420]
    row = [(62, 120, "资金到位率"), (210, 220, "10"), (250, 260, "9"), (290, 330, "到位及时")]

    def rows_after(
        figure: str = "",
        inferred: bool = True,
        figures: tuple[str, str] = ("10", "9"),
        label_end: float = 198,
        remark_foot: float = 0.0,
        span: bool = True,
    ) -> list[list[str]]:
        cut = [(62, label_end, "经常参加"), (210, 220, figures[0]), (250, 260, figures[1]),
               (290, 330, "部分赛事")]  # fmt: skip
        first = _rows_part(1, bounds, [row, row, cut])
        next(c for c in first.cells if c.row == 2 and c.x0 == 280).bottom += remark_foot
        head = [(62, 150, "体育锻炼"), (210, 220, figure), (0, 0, ""), (290, 330, "改为线上")]
        rest = _rows_part(2, bounds, [head, row])
        if span and not figure:  # the label's cell spans the empty columns right of it
            rest.cells = [c for c in rest.cells if c.row or c.x0 not in (200, 240)]
            next(c for c in rest.cells if c.row == 0 and c.x0 == 60).x1 = 280
        if not inferred:
            rest.inferred = ""
        acc = pdf_join.Joined(cells=list(first.cells), n_rows=first.n_rows, last=first)
        pdf_join.join_part(acc, rest, 140.0, 12.0)
        grid = pdf_join.to_table(acc).grid()
        return [["".join((c.text if c else "").split()) for c in r] for r in grid]

    joined = rows_after()
    assert len(joined) == 4
    assert joined[2][0] == "经常参加体育锻炼" and joined[2][-1] == "部分赛事改为线上"
    assert len(rows_after(figure="5")) == 5
    assert len(rows_after(inferred=False)) == 5
    assert len(rows_after(figures=("是", "否"))) == 5
    assert len(rows_after(span=False)) == 4
    assert len(rows_after(label_end=150, span=False)) == 5
    assert len(rows_after(remark_foot=24.0)) == 5


def _over_the_break(upper: tuple[str, str, str], lower: str, end: float):
    """A row of a label and two figures above a page break (columns from the text, the
    label's cell 60 to 200) and below it one cell from 60 to 280 holding ``lower`` up to
    ``end``: the cells above, the cell below and its part."""
    label, a, b = upper
    row = [(62, 190, label), (210, 220, a), (250, 260, b)]
    above = _rows_part(1, [60, 200, 240, 280], [row]).cells
    part = _rows_part(2, [60, 280], [[(62, end, lower)]])
    return above, part.cells[0], part


def test_a_cell_wider_than_its_text_pairs_with_the_column_holding_it():
    """Across a page break, a cell whose columns come from the text and that spans columns
    beside its text pairs with the cell above that starts where it does and holds its text;
    not when its text runs past that cell, starts elsewhere, or when it is the narrower."""
    from extractor.loaders import pdf_join

    above, below, part = _over_the_break(("经常参加", "10", "9"), "体育锻炼", 150)
    assert pdf_join._text_within(below, above, part) is above[0]
    below.lines[0].x1 = 210
    assert pdf_join._text_within(below, above, part) is None
    below.lines[0].x1, below.x0 = 150, 70
    assert pdf_join._text_within(below, above, part) is None
    below.x0, below.x1 = 60, 150
    assert pdf_join._text_within(below, above, part) is None


def test_a_cells_rest_past_its_guessed_column_pairs_while_short_of_the_next_texts():
    """A criterion's rest below the break (分；②按规定时限… under ①按规定内容…), its cell
    spanning the empty score columns beside it and its text running past the column guessed
    above (narrower than its text): it pairs with the cell starting where it does while its
    text stops short of the texts above further right (3 | 3); not once it reaches them, nor
    when the cells further right hold no text to tell."""
    from extractor.loaders import pdf_join

    above, below, part = _over_the_break(("①按规定内容", "3", "3"), "分；②按规定时限", 205)
    assert pdf_join._text_within(below, above, part) is above[0]
    below.lines[0].x1 = 212
    assert pdf_join._text_within(below, above, part) is None
    below.lines[0].x1 = 205
    for c in above[1:]:
        c.lines = []
    assert pdf_join._text_within(below, above, part) is None


def test_a_cut_cells_next_paragraphs_below_the_break_stay_in_its_row():
    """A criterion cut by the page break (①按规定内容… ⏎ 分；②…), its next paragraphs (③…, ④…)
    rows of their own below the break under its label's rest (息公开性 over them), the row's
    scores (3 | 3) above it: one row, the paragraphs one cell's.  Without scores above (是 |
    否: a row prints its values on its first line), or outside the label's span, they stay
    rows."""
    from extractor.loaders import pdf_join

    bounds = [60, 120, 280, 320, 360]

    def joined(
        scores: tuple[str, str] = ("3", "3"),
        span: int = 3,
        end: int = 110,
        fourth: list[tuple[float, float, str]] | None = None,
    ) -> list[list[str]]:
        s1, s2 = scores
        first = _rows_part(1, bounds, [
            [(62, 110, "支付进度"), (122, 200, "春节前下达"), (290, 296, "3"), (330, 336, "3")],
            [(62, end, "预决算信"), (122, 278, "①按规定内容公开预决算信息，1"),
             (290, 296, s1) if s1 else (0, 0, ""), (330, 336, s2) if s2 else (0, 0, "")],
        ])  # fmt: skip
        rows = [
            [(62, 110, "息公开性"), (122, 160, "分；②按时公开"), (0, 0, "")],
            [(0, 0, ""), (122, 270, "③基础数据信息真实"), (0, 0, "")],
            [(0, 0, ""), *(fourth or [(122, 270, "④基础数据信息完整"), (0, 0, "")])],
        ]
        rest = _rows_part(2, [60, 120, 320, 360], rows)
        label = next(c for c in rest.cells if c.row == 0 and c.x0 == 60)
        label.rowspan = span
        rest.cells = [c for c in rest.cells if c.x0 != 60 or c.row >= span or c is label]
        last = _rows_part(2, bounds, [
            [(62, 110, "政府采购"), (122, 200, "执行率等于100%"), (290, 296, "3"), (330, 336, "3")]
        ])  # fmt: skip
        for c in last.cells:
            c.row = 3
        rest.cells += last.cells
        rest.n_rows = 4
        acc = pdf_join.Joined(cells=list(first.cells), n_rows=first.n_rows, last=first)
        pdf_join.join_part(acc, rest, 130.0, 12.0)
        grid = pdf_join.to_table(acc).grid()
        return [["".join((c.text if c else "").split()) for c in r] for r in grid]

    rows = joined()
    assert len(rows) == 3, rows
    assert rows[1][0] == "预决算信息公开性"
    assert (
        rows[1][1] == "①按规定内容公开预决算信息，1分；②按时公开③基础数据信息真实④基础数据信息完整"
    )
    assert rows[2][0] == "政府采购"
    assert len(joined(end=119)) == 3  # the label full too: cut all the same
    # a row holding a score beside its paragraph, or a text in another column: a row
    assert len(joined(fourth=[(122, 270, "④基础数据信息完整"), (330, 336, "2")])) == 4
    assert len(joined(fourth=[(0, 0, ""), (330, 336, "2")])) == 4
    assert len(joined(scores=("是", "否"), end=119)) == 5
    assert len(joined(span=2)) == 4


def test_empty_label_cells_below_the_break_go_on_with_the_label_above_it():
    """过程（40分） above the break, its rows going on below it with the first column left
    empty (资金结余, 政府采购执行率): each of those cells is the label's, down to the next
    label (产出).  A row starting with a figure (a total) stops it; so do columns ruled (the
    empty cells drawn apart) and a header repeated below the break."""
    from extractor.loaders import pdf_join

    bounds = [60, 120, 280, 320]

    def joined(
        second: list | None = None, inferred: str = "text", rules: tuple = (), tall: bool = False
    ) -> list[list[str]]:
        first = _rows_part(
            1, bounds, [[(62, 110, "过程"), (122, 200, "支付进度"), (290, 296, "3")]]
        )
        rest = _rows_part(2, bounds, [
            [(0, 0, ""), (122, 200, "资金结余"), (290, 296, "3")],
            second or [(0, 0, ""), (122, 200, "政府采购"), (290, 296, "3")],
            [(0, 0, ""), (122, 200, "公务卡"), (290, 296, "3")],
            [(62, 110, "产出"), (122, 200, "职责履行"), (290, 296, "5")],
            [(0, 0, ""), (122, 200, "小康"), (290, 296, "5")],
        ])  # fmt: skip
        if inferred != "text":
            rest.inferred = inferred
        rest.rules = [pdf_parts.RuleRow(y, [span]) for y, span in rules]
        if tall:  # the part's first label cell spans its first two rows already
            top = next(c for c in rest.cells if c.row == 0 and c.x0 == 60)
            top.rowspan = 2
            rest.cells = [c for c in rest.cells if not (c.row == 1 and c.x0 == 60)]
        acc = pdf_join.Joined(cells=list(first.cells), n_rows=first.n_rows, last=first)
        pdf_join.join_part(acc, rest, 300.0, 12.0)
        grid = pdf_join.to_table(acc).grid()
        return [["".join((c.text if c else "").split()) for c in r] for r in grid]

    # (小康's empty cell is the page's own rows' to merge: ``merge_labels_down``)
    assert [r[0] for r in joined()] == ["过程"] * 4 + ["产出", ""]
    assert [r[0] for r in joined([(0, 0, ""), (0, 0, ""), (290, 296, "9")])] == [
        "过程", "过程", "", "", "产出", ""
    ]  # fmt: skip
    assert [r[0] for r in joined(inferred="")][2:4] == ["", ""]
    assert [r[0] for r in joined(inferred="outer frame not drawn")][2:4] == ["", ""]
    # a rule over 政府采购's row across the label column parts it; one past the label
    # column, or along another row's edge (the table's bottom), does not
    assert [r[0] for r in joined(rules=((112.0, (60.0, 320.0)),))][2:4] == ["", ""]
    assert [r[0] for r in joined(rules=((112.0, (120.0, 320.0)),))][2:4] == ["过程", "过程"]
    assert [r[0] for r in joined(rules=((160.0, (60.0, 320.0)),))][2:4] == ["过程", "过程"]
    assert [r[0] for r in joined(tall=True)] == ["过程"] * 4 + ["产出", ""]
    empty = [(0, 0, "")] * 3  # an empty row: no label's row, and none after it
    assert [r[0] for r in joined(empty)] == ["过程", "过程", "", "", "产出", ""]


def test_a_label_below_the_break_stops_the_labels_right_of_it():
    """过程 | 预算管理 above the break, both going on over 资金结余's row; 产出 in the first column
    of a later row: its empty second column is its own, not 预算管理's."""
    from extractor.loaders import pdf_join

    bounds = [60, 120, 180, 280, 320]
    first = _rows_part(1, bounds, [
        [(62, 110, "过程"), (122, 170, "预算管理"), (182, 250, "支付进度"), (290, 296, "3")]
    ])  # fmt: skip
    rest = _rows_part(2, bounds, [
        [(0, 0, ""), (0, 0, ""), (182, 250, "资金结余"), (290, 296, "3")],
        [(0, 0, ""), (0, 0, ""), (182, 250, "公务卡"), (290, 296, "3")],
        [(62, 110, "产出"), (0, 0, ""), (182, 250, "职责履行"), (290, 296, "5")],
    ])  # fmt: skip
    acc = pdf_join.Joined(cells=list(first.cells), n_rows=first.n_rows, last=first)
    pdf_join.join_part(acc, rest, 300.0, 12.0)
    grid = pdf_join.to_table(acc).grid()
    assert [(c.text if c else "") for c in grid[2][:2]] == ["过程", "预算管理"]
    assert [(c.text if c else "") for c in grid[3][:2]] == ["产出", ""]
