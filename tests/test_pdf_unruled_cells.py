"""Cells of tables not fully ruled: how units of the text grid merge into cells (issue 15).

Each case is a layout the synthetic 三线表 / no-rules PDFs print and real reports share: a
label wrapped mid-word onto the next row's line, a row's number before merged labels, a
value followed by empty cells, rows of a form laid out alike, a bracket wrapped over two
lines, a sentence's figure wrapped alone, and stacked tables parted by empty paragraphs.
"""

from __future__ import annotations

from extractor.loaders import pdf_fragments, pdf_parts, pdf_rule_groups, pdf_unruled
from extractor.loaders.pdf_unruled_grid import (
    ColumnEdges,
    UnitGrid,
    merge_cut_words,
    merge_header_rows,
    merge_labels_down,
    merge_like_neighbours,
    merge_split_brackets,
    merge_under_short_rules,
    merge_unneeded_bounds,
)

SIZE = 10.5


def frag(x: float, top: float, text: str) -> pdf_parts.Frag:
    return pdf_parts.Frag(x, x + SIZE * len(text), top, top + 10, SIZE, SIZE, text)


def line(top: float, texts: list[tuple[float, str]]) -> list[pdf_parts.Frag]:
    return [frag(x, top, t) for x, t in texts]


def _edges(by_row: dict, bounds: list[float]) -> ColumnEdges:
    """The columns' edges as a table's rows give them (slack 0.3 em, room 3 em)."""
    return ColumnEdges([lev for levs in by_row.values() for lev in levs], bounds, 0.3, 3.0)


def same_cell(grid: UnitGrid, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return grid.owner[a[0]][a[1]] == grid.owner[b[0]][b[1]]


def test_a_label_wrapped_mid_word_onto_the_next_rows_line_spans_both_rows():
    """年度总 ⏎ 体目标 in a narrow first column, beside 预期目标 ⏎ 按计划完成…: a word (总体)
    crosses the line end, so the label is one cell over both rows; two labels that each fill
    the column (年度资金总额 ⏎ 当年财政拨款) are two cells."""
    bounds = [57.0, 100.0, 300.0]
    by_row = {
        0: [line(0, [(60, "年度总"), (110, "预期目标")])],
        1: [line(15, [(60, "体目标"), (110, "按计划完成各项任务")])],
    }
    grid = UnitGrid(2, 2)
    merge_cut_words(grid, by_row, bounds, 3.0, _edges(by_row, bounds))
    assert same_cell(grid, (0, 0), (1, 0))
    assert not same_cell(grid, (0, 1), (1, 1))

    by_row = {
        0: [line(0, [(60, "年度资金总额"), (140, "11.75")])],
        1: [line(15, [(60, "当年财政拨款"), (140, "11.75")])],
    }
    grid = UnitGrid(2, 2)
    bounds = [57.0, 130.0, 300.0]
    merge_cut_words(grid, by_row, bounds, 3.0, _edges(by_row, bounds))
    assert not same_cell(grid, (0, 0), (1, 0))


def test_a_short_line_is_no_cut_word():
    """The upper line ends well before its column's edge: its text ended there."""
    bounds = [57.0, 140.0, 300.0]
    by_row = {
        0: [
            line(0, [(60, "年度总"), (150, "预期目标")]),
            line(12, [(60, "体目标计划"), (150, "x")]),
        ],
        1: [line(30, [(60, "体目标"), (150, "按计划完成")])],
    }
    grid = UnitGrid(2, 2)
    merge_cut_words(grid, by_row, bounds, 3.0, _edges(by_row, bounds))
    assert not same_cell(grid, (0, 0), (1, 0))


def test_a_row_number_does_not_stop_the_labels_above_from_going_on():
    """序号 2 in the first column, the 一级指标 column left empty, text from 二级指标 on:
    产出指标 above goes on over this row; the row's number stays its own."""
    bounds = [57.0, 80.0, 150.0, 250.0, 350.0]
    by_row = {
        0: [line(0, [(60, "1"), (85, "产出指标"), (155, "数量指标"), (260, "10")])],
        1: [line(15, [(60, "2"), (155, "质量指标"), (260, "8")])],
    }
    grid = UnitGrid(2, 4)
    with_text = {(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 2), (1, 3)}
    merge_labels_down(grid, [None, None, None], by_row, with_text, bounds)
    assert same_cell(grid, (0, 1), (1, 1))
    assert not same_cell(grid, (0, 0), (1, 0))
    assert not same_cell(grid, (0, 2), (1, 2))


def test_a_value_keeps_the_empty_cells_after_it_apart():
    """87.25% followed by empty 分值 and 得分 cells (the row above has none there either):
    the value is a cell of its own column.  A label followed by empty cells over a row of
    the same kind spans them (项目名称 | one text over the rest)."""
    bounds = [57.0, 130.0, 200.0, 270.0, 340.0]
    by_row = {
        0: [line(0, [(60, "上年结转"), (135, "0.00"), (205, "0.00")])],
        1: [line(15, [(60, "其他资金"), (135, "23.85"), (205, "87.25%")])],
    }
    grid = UnitGrid(2, 4)
    merge_unneeded_bounds(grid, by_row, bounds)
    assert not same_cell(grid, (1, 2), (1, 3))

    by_row = {
        0: [line(0, [(60, "项目名称"), (135, "市场主体培育")])],
        1: [line(15, [(60, "主管部门"), (135, "财政局")])],
    }
    grid = UnitGrid(2, 4)
    merge_unneeded_bounds(grid, by_row, bounds)
    assert same_cell(grid, (0, 1), (0, 3))


def test_rows_laid_out_alike_share_their_cells_extent():
    """主管部门 | 财政局 (over three columns) | 实施单位 (two) | 监督管理局 (the rest), then
    项目负责人 | 胡婷 | 联系电话 | 135…: its texts start in the same columns, so each cell
    reaches as far as the one above it."""
    bounds = [57.0, 110.0, 160.0, 210.0, 260.0, 310.0, 360.0, 410.0]
    grid = UnitGrid(2, 7)
    for k in (2, 3):
        grid.merge((0, 1), (0, k))
    grid.merge((0, 4), (0, 5))
    grid.merge((0, 6), (0, 6))
    by_row = {
        0: [line(0, [(60, "主管部门"), (115, "财政局"), (265, "实施单位"), (365, "监督局")])],
        1: [line(15, [(60, "负责人"), (115, "胡婷"), (265, "联系电话"), (365, "135")])],
    }
    merge_like_neighbours(grid, by_row, bounds)
    assert grid.rect(1, 1) == (1, 1, 1, 3)
    assert grid.rect(1, 4) == (1, 1, 4, 5)
    # a row laid out otherwise keeps its cells
    other = UnitGrid(2, 7)
    for k in (2, 3):
        other.merge((0, 1), (0, k))
    by_row[1] = [line(15, [(60, "负责人"), (115, "胡婷"), (215, "x"), (265, "联系电话")])]
    merge_like_neighbours(other, by_row, bounds)
    assert other.rect(1, 1) == (1, 1, 1, 1)


def test_a_bracket_wrapped_over_two_lines_joins_the_label_above():
    """产出指 ⏎ 标 over （40 ⏎ 分）: the cells' whole texts are a label and its score."""
    bounds = [55.0, 150.0, 300.0]
    value = frag(200, 0, "4")
    by_row = {
        0: [[frag(60, 0, "产出指"), value], [frag(60, 12, "标")]],
        1: [[frag(60, 30, "（40"), frag(200, 30, "6")], [frag(60, 42, "分）")]],
    }
    grid = UnitGrid(2, 2)
    merge_split_brackets(grid, by_row, bounds, 3.0)
    assert same_cell(grid, (0, 0), (1, 0))


def test_a_figure_a_sentence_wrapped_before_is_no_new_row():
    """…合格率达到 ⏎ 100% beside a sentence wrapped in the next column: the figure is the
    sentence's rest.  A number under a header (全年预算数 ⏎ 11.75) is a row's value, and so
    is one after a word no figure follows."""
    bounds = [57.0, 180.0, 320.0]
    levels = [
        line(0, [(60, "验收合格率达到"), (190, "验收合格率达到")]),
        line(15, [(60, "100%"), (190, "百分之百")]),
        line(30, [(60, "维修面积"), (190, "已完成")]),
    ]
    assert pdf_unruled.row_starts(levels, bounds) == [0, 2]
    header = [
        line(0, [(60, "年初预算数"), (190, "全年预算数")]),
        line(15, [(60, "11.75"), (190, "11.75")]),
    ]
    assert pdf_unruled.row_starts(header, [57.0, 115.0, 320.0]) == [0, 1]
    levels[0] = line(0, [(60, "验收合格率情况"), (190, "验收合格率达到")])
    assert pdf_unruled.row_starts(levels, bounds) == [0, 1, 2]


def test_a_number_under_a_decimal_is_its_own_unless_the_two_make_a_number():
    """0.022 ⏎ 6314 in a column of 8011, 0.2688: read together they would be a number of seven
    decimals, which no table prints, so 6314 is the next row's value; 15,337.0 ⏎ 0 and
    90.59 ⏎ % are one number cut by a narrow column."""
    bounds = [57.0, 130.0, 175.0, 260.0]
    rows = [("饱和容量", "8011", "吨/天"), ("增长率", "0.022", "天"), ("回收量", "6314", "吨/天")]
    levels = [line(15 * i, [(60, a), (140, b), (180, c)]) for i, (a, b, c) in enumerate(rows)]
    assert pdf_unruled.row_starts(levels, bounds) == [0, 1, 2]
    assert pdf_unruled._value_cut("15,337.0", "0")
    assert pdf_unruled._value_cut("90.59", "%")
    assert not pdf_unruled._value_cut("0.022", "6314")


def test_stacked_tables_parted_by_empty_paragraphs_are_compared_one_by_one():
    """Three 三线表 one under another, an empty paragraph between each: the bands after an
    empty band are the next table's up to the next empty band, so the third table's
    columns (which meet the first's) do not make the second look like the first's rest."""
    first = [[line(0, [(60, "a"), (150, "b"), (250, "c"), (350, "d")])]]
    second = [[line(0, [(60, "e"), (300, "f")])], [line(20, [(60, "g"), (300, "h")])]]
    third = [[line(0, [(60, "i"), (150, "j"), (250, "k"), (350, "l")])]]
    below = [*second, [], *third]
    assert pdf_rule_groups._to_next_gap(below) == second
    assert not pdf_rule_groups._same_columns(first, pdf_rule_groups._to_next_gap(below))
    assert pdf_rule_groups._same_columns(first, third)
    # rows left empty one after another: the bands beyond them are still compared
    assert pdf_rule_groups._to_next_gap([[], *third]) == [[], *third]


def test_short_texts_with_room_after_them_did_not_wrap():
    """姓名 | 职务/职称 | 单位 | 签字 over 徐强 | 科长 | 自然资源局: each header is its column's
    longest text, yet the next column starts far to its right, so nothing there wrapped —
    the names are a row of their own (and so is the next)."""
    levels = [
        line(0, [(62, "姓名"), (160, "职务/职称"), (290, "单位"), (430, "签字")]),
        line(15, [(62, "徐强"), (160, "科长"), (290, "自然资源局")]),
        line(30, [(62, "何丽"), (160, "副主任"), (290, "自然资源局")]),
    ]
    assert pdf_unruled.row_starts(levels, [57.0, 150.0, 280.0, 420.0, 470.0]) == [0, 1, 2]
    # the same texts in narrow columns: the header's rest (名 under 姓, …) goes on with it
    narrow = [
        line(0, [(62, "姓"), (80, "职务"), (110, "单")]),
        line(15, [(62, "名"), (80, "职称"), (110, "位")]),
    ]
    assert pdf_unruled.row_starts(narrow, [57.0, 76.0, 105.0, 140.0]) == [0]


def test_a_line_under_a_text_that_had_room_starts_a_row_in_every_column():
    """评分细则 | 类型 | 字符串 over 分值 | 类型 | 数字，有相应的最高分…: the labels and types
    are their columns' longest texts, so they look full (and two of three texts "go on"),
    yet 字符串 ended with most of its column free — it did not wrap, and a line with a text
    in every column under it is the next row.  Labels wrapped beside a text still going on
    (年度总 ⏎ 体目标 beside a sentence filling its column) stay one row."""
    bounds = [57.0, 120.0, 175.0, 500.0]
    levels = [
        line(0, [(60, "评分细则"), (124, "类型甲"), (178, "字符串")]),
        line(15, [(60, "分值"), (124, "类型乙"), (178, "数字有相应的最高分只能输入之间的数字")]),
        line(30, [(60, "保存结果"), (124, "类型甲"), (178, "提示成功或失败")]),
    ]
    assert pdf_unruled.row_starts(levels, bounds) == [0, 1, 2]
    wrapped = [
        line(0, [(60, "年度总体目"), (120, "类型甲"), (160, "按计划完成各项任务按计划完成各项")]),
        line(15, [(60, "标"), (120, "类型乙"), (160, "任务")]),
    ]
    assert pdf_unruled.row_starts(wrapped, [57.0, 117.0, 157.0, 500.0]) == [0]


def test_a_label_cut_at_a_word_beside_a_rules_next_paragraph_goes_on_with_its_row():
    """“三公经 ⏎ 费” ⏎ 控制率 beside 以100%为标准。 ⏎ ≦100%，计6分； ⏎ 每超过一个百分点…, the
    scores on the first line: the third line's texts are each under a text of a line that
    went on with the row, values in neither, so the row goes on — though neither text above
    was full (the label cut at a word, the rule's first paragraph ended).  A numbered item
    there starts a row, and so do a lone text, a value and a text not under its column's
    text; and a line of texts right under a row's values is a row of its own (its scores
    left empty)."""
    bounds = [57.0, 120.0, 300.0, 340.0]
    rows = [
        [(60, "“三公经"), (124, "以100%为标准。控制率"), (310, "6")],
        [(60, "费”"), (124, "≦100%，计6分；")],
        [(60, "控制率"), (124, "每超过一个百分点扣1分")],
        [(60, "管理制度"), (124, "已制定管理办法"), (310, "3")],
    ]
    levels = [line(15 * i, r) for i, r in enumerate(rows)]
    assert pdf_unruled.row_starts(levels, bounds) == [0, 3]
    table = [
        line(0, [(60, "管理"), (124, "已制定办法"), (310, "3")]),
        line(15, [(60, "资金使用"), (124, "已完成审批")]),
        line(30, [(60, "信息公开"), (124, "按规定公开预决算信息"), (310, "3")]),
    ]
    assert pdf_unruled.row_starts(table, bounds) == [0, 1, 2]
    for other in (
        [(60, "控制率"), (124, "2、每超过一个百分点扣1分")],  # a numbered item
        [(60, "控制率")],  # one text only
        [(60, "控制率"), (124, "每超过一个百分点扣1分"), (310, "5")],  # its own value
        [(60, "控制率"), (124, "12.5")],  # a value under a text
        [(70, "控制率"), (124, "每超过一个百分点扣1分")],  # not under the label's left edge
    ):
        levels[2] = line(30, other)
        assert pdf_unruled.row_starts(levels, bounds) == [0, 2, 3], other


def _one_cell_a_text(rows: list[list[tuple[float, str]]], bounds: list[float]):
    by_row = {r: [line(15 * r, texts)] for r, texts in enumerate(rows)}
    return UnitGrid(len(rows), len(bounds) - 1), by_row


def test_numbered_headings_and_prose_in_columns_are_no_table():
    """With no rule drawn: 2 ⏎ 2.1 ⏎ 2.1.1 beside their titles (a paragraph between them at
    the margin) is a list of headings; two columns of long prose are a page set in columns.
    A 序号 column beside amounts, or short labels beside long texts, stay tables."""
    from extractor.loaders.pdf_unruled import _text_not_table

    bounds = [57.0, 90.0, 500.0]
    headings = [[(60, "2"), (95, "Quantifying Fuel-Saving Opportunities")],
                [(60, "2.1"), (95, "Savings from Improving Driving Profiles")],
                [(60, "The interim report included results from detailed analyses")],
                [(60, "2.1.1"), (95, "Drive Profile Subsample")]]  # fmt: skip
    assert _text_not_table(*_one_cell_a_text(headings, bounds), bounds)
    numbered = [[(60, "1"), (95, "局机关"), (300, "120.00")],
                [(60, "2"), (95, "二级机构"), (300, "80.00")]]  # fmt: skip
    three = [57.0, 90.0, 290.0, 500.0]
    assert not _text_not_table(*_one_cell_a_text(numbered, three), three)
    long = "about injecting drug use and unprotected sex, reducing stigma"
    prose = [[(60, long), (300, long)], [(60, long), (300, long)]]
    assert _text_not_table(*_one_cell_a_text(prose, [57.0, 290.0, 600.0]), [57.0, 290.0, 600.0])
    goals = [[(60, "年度总体目标"), (300, "实际完成情况")], [(60, long), (300, long)]]
    assert not _text_not_table(*_one_cell_a_text(goals, [57.0, 290.0, 600.0]), [57.0, 290.0, 600.0])


def test_a_header_set_vertically_in_its_cell_reads_along_its_run():
    """Number of voters turned a quarter in its header cell (running up the page): one line
    read bottom to top, not one letter a line backwards; the line stays in the cell's box.
    Text running down reads top to bottom; upright text is left as it is."""
    from extractor.loaders.pdf_lines import cell_lines

    def char(text: str, top: float, up: bool) -> dict:
        m = (0.0, 1.0, -1.0, 0.0, 0.0, 0.0) if up else (0.0, -1.0, 1.0, 0.0, 0.0, 0.0)
        return dict(text=text, x0=100.0, x1=108.0, top=top, bottom=top + 6.0, size=8.0,
                    matrix=m, upright=False)  # fmt: skip

    word = "Voters"
    up = [char(ch, 200.0 - 6.0 * i, True) for i, ch in enumerate(word)]
    (line_up,) = cell_lines(up, 1)
    assert line_up.text == word
    assert (line_up.x0, line_up.top, line_up.bottom) == (100.0, 170.0, 206.0)
    down = [char(ch, 100.0 + 6.0 * i, False) for i, ch in enumerate(word)]
    assert [ln.text for ln in cell_lines(down, 1)] == [word]
    flat = [dict(c, matrix=(1.0, 0.0, 0.0, 1.0, 0.0, 0.0), upright=True, x0=100.0 + 6 * i,
                 x1=106.0 + 6 * i, top=100.0, bottom=108.0) for i, c in enumerate(up)]  # fmt: skip
    assert [ln.text for ln in cell_lines(flat, 1)] == [word]


def test_a_rule_under_figures_only_underlines_them():
    """Costs (106,870) over Total … 1,969,797, a rule under the figures' column only (a total
    as accounts print it): the labels stay two cells.  A rule skipping a column whose cells
    above it hold text (一级指标 merged over rows, the rule under the 二级指标 and values)
    merges that column's cells over it."""
    bounds = [57.0, 300.0, 400.0]
    rule = pdf_parts.RuleRow(20.0, [(300.0, 400.0)])
    by_row = {
        0: [line(0, [(60, "Costs"), (340, "(106,870)")])],
        1: [line(25, [(60, "Total investment result"), (340, "1,969,797")])],
    }
    grid = UnitGrid(2, 2)
    merge_under_short_rules(grid, [None, rule, None], by_row, bounds)
    assert not same_cell(grid, (0, 0), (1, 0))

    bounds = [57.0, 120.0, 300.0, 400.0]
    rule = pdf_parts.RuleRow(20.0, [(120.0, 400.0)])
    by_row = {
        0: [line(0, [(60, "产出指标"), (125, "数量指标"), (340, "10")])],
        1: [line(25, [(125, "质量指标"), (340, "8")])],
    }
    grid = UnitGrid(2, 3)
    merge_under_short_rules(grid, [None, rule, None], by_row, bounds)
    assert same_cell(grid, (0, 0), (1, 0))
    assert not same_cell(grid, (0, 1), (1, 1))


def test_lines_of_a_label_and_its_value_between_two_rules_are_rows():
    """Between the header rule and a total's underline, lines each of a label and its value
    (Class A ⏎ Net Asset Value … 5,111,372 ⏎ Number of units … 49,136) are rows of their own,
    read from the text; a band of one label wrapped beside one value is one row."""
    bounds = [57.0, 300.0, 400.0]
    rules = [pdf_parts.RuleRow(y, [(57.0, 400.0)]) for y in (0.0, 15.0, 80.0, 100.0)]
    body = [
        line(20, [(60, "Class A")]),
        line(35, [(60, "Net Asset Value"), (340, "5,111,372")]),
        line(50, [(60, "Number of units"), (340, "49,136")]),
        line(65, [(60, "Per unit"), (340, "104.03")]),
    ]
    levels = [line(3, [(340, "2016")]), *body, line(85, [(60, "Total"), (340, "3.78")])]
    region = pdf_unruled.Region(57.0, 400.0, 0.0, 100.0, rules)
    ys, _ = pdf_unruled._row_edges(region, levels, bounds)
    assert len(ys) - 1 == 6

    wrapped = [
        line(20, [(60, "资金到位率（按年度")]),
        line(35, [(60, "预算计）"), (340, "100%")]),
    ]
    levels = [line(3, [(340, "2016")]), *wrapped, line(85, [(60, "Total"), (340, "3.78")])]
    ys, _ = pdf_unruled._row_edges(region, levels, bounds)
    assert len(ys) - 1 == 3


def test_short_lines_centred_in_their_column_did_not_wrap():
    """C1 ⏎ C2 ⏎ C3 centred under the header Long 1: both would have fitted on one line of
    the column's width, so each starts a row; a label filling its column from the left edge
    (or set right, the column widened by a total's 小计 far left) still wraps."""
    bounds = [57.0, 130.0, 205.0, 320.0, 400.0]
    header = line(0, [(60, "Outer"), (150, "Long"), (215, "Long"), (330, "Long")])
    cells = [(160.5, "C"), (225.5, "D"), (340.5, "E")]
    first = line(15, [(70, "A1"), *((x, f"{t}1") for x, t in cells)])
    rows = [line(15 * k, [(x, f"{t}{k}") for x, t in cells]) for k in (2, 3)]
    levels = [header, first, *rows]
    assert pdf_unruled.row_starts(levels, bounds) == [0, 1, 2, 3]

    edges = ColumnEdges(
        [line(0, [(60, "社会公众或")]), line(15, [(60, "服务对象")])], bounds, 0.3, 3.0
    )
    upper, lower = line(0, [(60, "社会公众或")])[0], line(15, [(60, "服务对象")])[0]
    assert edges.longest(upper, lower, 0)
    wide = [line(0, [(60, "小计")]), line(15, [(85, "或服务对")]), line(30, [(85, "象满意度")])]
    edges = ColumnEdges(wide, bounds, 0.3, 3.0)
    assert edges.longest(wide[1][0], wide[2][0], 0)


def _price_list(top: float, n: int, price_x: float) -> list[pdf_fragments.Level]:
    """``n`` lines of a wine and its price set right (ending at 525)."""
    return [
        pdf_fragments.Level(line(top + 16 * k, [(71, f"Domaine {k}"), (price_x, "8 €")]))
        for k in range(n)
    ]


def _region(levels: list[pdf_fragments.Level]) -> pdf_unruled.Region:
    return pdf_unruled.Region(70.0, 526.0, levels[0].top - 1, levels[-1].bottom + 1, [])


def test_tables_of_the_same_columns_with_only_space_between_are_one():
    """A price list's sections (Les Blancs …, then a blank, Les Rosés …): one table when the
    columns meet (labels start together, prices end together) and nothing stands between;
    a line between them, a wide gap or other columns keep two."""
    upper, lower = _price_list(100, 4, 493.5), _price_list(200, 4, 493.5)
    regions = [_region(upper), _region(lower)]
    (one,) = pdf_unruled._across_gaps(regions, upper + lower)
    assert (one.top, one.bottom) == (regions[0].top, regions[1].bottom)

    caption = pdf_fragments.Level(line(175, [(71, "表2 收入支出决算表")]))
    assert len(pdf_unruled._across_gaps(regions, [*upper, caption, *lower])) == 2
    far = _price_list(400, 4, 493.5)
    assert len(pdf_unruled._across_gaps([regions[0], _region(far)], upper + far)) == 2
    other = _price_list(200, 4, 300.0)
    assert len(pdf_unruled._across_gaps([regions[0], _region(other)], upper + other)) == 2


def test_a_tables_rest_closed_by_its_bottom_rule_joins_the_rows_above_it():
    """A 三线表's rest at a page's top, a blank row in it (生态效益指标 … then a gap, then 满意度
    … over its bottom rule): the rows above the gap and the rows closed by the rule are one
    table, in whichever order the two were found; a rule over the lower's first line heads
    a table of its own."""
    upper, lower = _price_list(100, 4, 493.5), _price_list(200, 4, 493.5)
    bottom = pdf_parts.RuleRow(lower[-1].bottom + 2, [(70.0, 526.0)])
    closed = pdf_unruled.Region(70.0, 526.0, lower[0].top - 1, bottom.y, [bottom])
    (one,) = pdf_unruled._across_gaps([closed, _region(upper)], upper + lower)
    assert (one.top, one.bottom, one.rules) == (upper[0].top - 1, bottom.y, [bottom])
    top = pdf_parts.RuleRow(lower[0].top - 2, [(70.0, 526.0)])
    headed = pdf_unruled.Region(70.0, 526.0, top.y, bottom.y, [top, bottom])
    assert len(pdf_unruled._across_gaps([_region(upper), headed], upper + lower)) == 2


def test_a_cells_start_at_the_page_end_stays_with_its_table():
    """The last line of a page, one text in the criteria column (③基础数据信息和会计信息资料真,
    its rest on the next page) under a row whose text had room left: the start of a cell the
    page break cut, so the table keeps it.  With more of the page below it (a note after a
    gap, a rule, a line wider than the table), it ends the table's text and is no row of it."""
    rows = [
        line(100, [(60, "政府采购"), (150, "①按规定内容公开预决算信息"), (330, "3")]),
        line(115, [(150, "②按时公开，0.5分；")]),
        line(130, [(60, "公务卡"), (150, "①刷卡率"), (330, "3")]),
        line(145, [(150, "③基础数据信息真")]),
    ]
    levels = [pdf_fragments.Level(lv) for lv in rows]
    assert len(pdf_unruled._grow(levels[1:], 50.0, 400.0, levels[0].bottom, [], 1)) == 3
    note = pdf_fragments.Level(line(220, [(60, "注：单位万元")]))
    assert len(pdf_unruled._grow([*levels[1:], note], 50.0, 400.0, levels[0].bottom, [], 1)) == 2
    # nor under a rule (the next table's) or a line wider than the table, close below
    close = pdf_fragments.Level(line(160, [(60, "表2 支出")]))
    assert len(pdf_unruled._grow([*levels[1:], close], 50.0, 400.0, 110, [157.0], 1)) == 2
    wide = pdf_fragments.Level(line(160, [(20, "本部门负责全市财政预算编制")]))
    assert len(pdf_unruled._grow([*levels[1:], wide], 50.0, 400.0, 110, [], 1)) == 2


def _rows_at(top: float, xs: list[float]) -> list[pdf_fragments.Level]:
    """Four lines of a scoring table, a short text at each of ``xs``."""
    texts = ["指标", "数量", "10", "9"]
    return [
        pdf_fragments.Level(line(top + 16 * k, [(x, texts[j % 4]) for j, x in enumerate(xs)]))
        for k in range(4)
    ]


def test_a_tables_rest_lacking_a_spanned_column_joins_it_across_space():
    """A scoring table's last rows under some space, their group label's column left empty
    (满意度指标 … 总分 under 可持续影响指标: the column a label spans above): one table when
    every column of the rest meets one of the table's, in order.  A rest lacking more than a
    quarter of the columns, or with a column the table has not, stays apart."""
    xs = [60.0, 150.0, 240.0, 330.0, 420.0]
    upper = _rows_at(100, xs)
    for rest, parts in ((xs[1:], 1), (xs[3:], 2), ([150.0, 260.0, 330.0, 420.0], 2)):
        lower = _rows_at(200, rest)
        found = pdf_unruled._across_gaps([_region(upper), _region(lower)], upper + lower)
        assert len(found) == parts, rest


def test_a_remarks_columns_rest_at_the_page_top_joins_the_table_under_it():
    """偏 ⏎ 高， ⏎ 下年 ⏎ 度将 at the top of the page, in the previous page's last column (485 to
    528), over rows that leave that column empty: the rest of a cell the page break cut, part
    of the table; without the previous page's columns, or outside them, the lines are not."""
    rest = [
        pdf_fragments.Level(line(64 + 12 * k, [(494, t)]))
        for k, t in enumerate(("偏", "高，", "下年"))
    ]
    rows = [
        pdf_fragments.Level(
            line(100 + 15 * k, [(60, "受理办件数量"), (260, "53000件"), (420, "12")])
        )
        for k in range(3)
    ]
    above = list(reversed(rest))
    carried = [[57.0, 92.0, 249.0, 402.0, 485.0, 528.0]]
    assert pdf_unruled._page_top_rest(above, rows, 99.0) == []
    assert pdf_unruled._page_top_rest(above, rows, 99.0, carried) == rest
    assert pdf_unruled._page_top_rest(above, rows, 99.0, [[300.0, 400.0, 485.0, 528.0]]) == []


def test_a_boundary_goes_past_a_wider_line_of_its_columns_label():
    """产出目标 | 质量指标 over （部门工作实绩， (wider than 产出目标, and crossing the middle of
    the gap between 产出目标 and 质量指标): the boundary moves past it, left of 质量指标, so the
    label and its neighbour stay two cells; the same for a wide text beside an empty cell
    whose end leaves the next column's texts an em or more (出租固定资产 over 0 | 其他)."""
    by_row = {
        0: [line(0, [(124, "产出目标"), (229, "质量指标")]), line(15, [(124, "（部门工作实绩，")])]
    }
    # the gap of the first line is 166..229; its middle crosses the second line's 124..208
    moved = pdf_unruled._past_crossed_texts(by_row, [57.0, 197.5, 300.0])
    assert 208.0 < moved[1] < 229.0
    # ending less than an em before 质量指标: moved all the same, its row holds 质量指标
    by_row = {
        0: [
            line(0, [(124, "产出目标"), (229, "质量指标")]),
            line(15, [(140, "部门工作实绩包含")]),
        ]
    }
    assert 224.0 < pdf_unruled._past_crossed_texts(by_row, [57.0, 197.5, 300.0])[1] < 229.0
    by_row = {
        0: [line(0, [(60, "其中")])],
        1: [line(15, [(60, "出租固定资产")])],
        2: [line(30, [(60, "合计"), (160, "0")])],
    }
    assert 123.0 < pdf_unruled._past_crossed_texts(by_row, [57.0, 110.0, 300.0])[1] < 160.0


def test_a_text_reaching_the_next_columns_texts_stays_a_cell_merged_across():
    """其他资金 crossing into an empty cell and ending less than an em before the next
    column's texts: a cell merged over both columns, the boundary stays; nor does one move
    past a text that reaches further than the next column's first text."""
    bounds = [57.0, 100.0, 300.0]
    by_row = {0: [line(0, [(60, "其他资金")])], 1: [line(15, [(60, "单位"), (105, "财政")])]}
    assert pdf_unruled._past_crossed_texts(by_row, bounds) == bounds
    by_row = {0: [line(0, [(60, "产出"), (110, "质量")]), line(15, [(60, "产出目标很长")])]}
    assert pdf_unruled._past_crossed_texts(by_row, bounds) == bounds


def test_a_head_with_nothing_under_it_spans_a_two_row_header():
    """机构名称 | 固定资产 | 其中： | 其他 over 合计 | 在用固定资产 | 出租固定资产 (其中： over the
    two): 其他 and 机构名称 span both header rows, and so does 固定资产 ⏎ 合计, wrapped in its
    cell (the lower row holds no head under 其他: no row of heads) when 合计 is on the line
    right under 固定资产 (a form's rows have other lines between); with a head under each head
    of one column (2024年 ⏎ 人民币), those stay; with no head over several columns the rows
    are no header of two rows, and a rule between them parts them."""
    bounds = [57.0, 140.0, 230.0, 320.0, 410.0, 500.0]
    heads = line(0, [(60, "机构名称"), (150, "固定资产"), (240, "其中："), (420, "其他")])
    parts = line(15, [(150, "合计"), (240, "在用固定资产"), (330, "出租固定资产")])
    by_row = {0: [heads], 1: [parts], 2: [line(30, [(60, "局机关"), (150, "39.32")])]}

    def read(spanned: bool = True, rule: bool = False) -> UnitGrid:
        grid = UnitGrid(3, 5)
        if spanned:
            grid.merge((0, 2), (0, 3))
        rule_at = [None, pdf_parts.RuleRow(14.0, [(57.0, 500.0)]) if rule else None, None]
        merge_header_rows(grid, rule_at, by_row, bounds, 2)
        return grid

    grid = read()
    assert same_cell(grid, (0, 4), (1, 4)) and same_cell(grid, (0, 0), (1, 0))
    assert same_cell(grid, (0, 1), (1, 1)) and not same_cell(grid, (0, 2), (1, 2))
    assert not same_cell(grid, (1, 4), (2, 4))  # the body is no header's
    by_row[0] = [heads, line(8, [(420, "（注）")])]  # 固定资产's line is not the row's last
    assert not same_cell(read(), (0, 1), (1, 1))
    by_row[0] = [heads]
    by_row[1] = [line(15, [(60, "项目资金"), (150, "合计"), (240, "在用"), (330, "出租")])]
    grid = read()  # a form's labels in the first column: rows of their own
    assert not same_cell(grid, (0, 0), (1, 0)) and same_cell(grid, (0, 1), (1, 1))
    by_row[1] = [parts]
    under_each = line(
        15, [(60, "项目"), (150, "人民币"), (240, "人民币"), (330, "美元"), (420, "%")]
    )
    by_row[1] = [under_each]
    grid = read()
    assert not same_cell(grid, (0, 1), (1, 1)) and not same_cell(grid, (0, 0), (1, 0))
    by_row[1] = [parts]
    assert not same_cell(read(spanned=False), (0, 4), (1, 4))
    by_row[1] = [line(15, [(150, "合计")])]  # nothing under the head over columns
    assert not same_cell(read(), (0, 4), (1, 4))
    by_row[1] = [parts]
    assert not same_cell(read(rule=True), (0, 4), (1, 4))


def test_a_text_wrapped_in_a_cell_narrower_than_its_column_goes_on():
    """A cell spanning columns wraps its sentence at 317 (…持证比例达到 ⏎ 90%。) beside another
    cell's lines, while a code in another row reaches 370 from the same column: the line
    before the figure is as long as its row's lines before it, so the figure is the
    sentence's rest, no row.  A line ending with room for it, or further right than those
    lines, starts one; so it does where those lines do not start together, where only one
    line came before, or where the next column starts far right of the line's end."""
    right = "右" * 8  # 410 to 494, the table's right edge

    def figure_starts(third: int = 19, shift: int = 0, lines: int = 3, far: bool = False) -> bool:
        bounds = [57.0, 100.0, 400.0, 500.0] if far else [57.0, 100.0, 145.0, 190.0, 400.0, 500.0]
        width = 9 if far else 20
        rows = [
            line(0, [(62, "名称"), (107, "51092823T000010000000000"), (410, "X")]),
            line(
                15,
                [
                    (62, "部门"),
                    (107, "甲乙丙"),
                    *([] if far else [(150, "乙"), (195, "丙")]),
                    (410, "Y"),
                ],
            ),
            line(30, [(107, "保" * width), (410, right)]),
            line(45, [(107 + shift, "年" * (width - shift // 10)), (410, right)]),
            line(60, [(107, "少" * (third - 11 if far else third)), (410, "右右")]),
            line(75, [(107, "90%。")]),
        ]
        if lines == 2:
            del rows[4]
            rows[3] = line(45, [(107, "年" * (third if third < 20 else 19)), (410, "右右")])
        return pdf_unruled.row_starts(rows, bounds)[-1] == len(rows) - 1

    assert not figure_starts()
    assert figure_starts(16) and figure_starts(21) and figure_starts(shift=20)
    assert figure_starts(lines=2) and figure_starts(far=True)


def test_a_label_over_the_first_value_row_takes_its_bracket():
    """项目资金 in a form's third row, （万元） on the line of the funds' first row (its first
    values): the label's unit, one cell, though the rows above the values count as heads; a
    table's first row over a bracket (a repeated header over a row's rest) takes none."""
    bounds = [55.0, 150.0, 300.0]
    by_row = {
        0: [line(0, [(60, "项目名称"), (160, "全民健身")])],
        1: [line(15, [(60, "主管部门"), (160, "体育局")])],
        2: [line(30, [(60, "项目资金"), (160, "年初预算数")])],
        3: [line(45, [(60, "（万元）"), (160, "300.00")])],
    }
    grid = UnitGrid(4, 2)
    merge_split_brackets(grid, by_row, bounds, 3.0, header_rows=3)
    assert same_cell(grid, (2, 0), (3, 0))
    top = {0: by_row[2], 1: by_row[3]}
    grid = UnitGrid(2, 2)
    merge_split_brackets(grid, top, bounds, 3.0, header_rows=1)
    assert not same_cell(grid, (0, 0), (1, 0))


def test_a_cells_list_going_on_beside_another_cells_list_is_one_row():
    """预期目标 | 1、… 2、… | 1、… 2、…: each cell's items wrapped beside the other's, so the
    row went on at its 2、; the 3、 printed on one line in both columns is the lists' next
    item, not a row.  Where the 2、 stood on the row's first line, the 3、 starts a row."""
    bounds = [57.0, 150.0, 330.0, 550.0]
    full = "互联网政务服务网上办事达到百分"  # 15 characters: a full line of either column
    levels = [
        line(0, [(60, "预期"), (160, "1、" + full[:14]), (340, "1、" + full[:14])]),
        line(15, [(160, full), (340, "2、" + full[:14])]),
        line(30, [(160, "2、" + full[:14]), (340, "化；")]),
        line(45, [(160, "3、开展法律知识培训"), (340, "3、已开展两次法律知识培训讲座。")]),
    ]
    assert pdf_unruled.row_starts(levels, bounds) == [0]
    first = [
        line(0, [(160, "2、" + full[:14]), (340, "2、已完成。")]),
        line(15, [(160, "3、开展法律知识培训"), (340, "3、已开展两次法律知识培训讲座。")]),
    ]
    assert pdf_unruled.row_starts(first, bounds) == [0, 1]
    other = [*levels[:3], line(45, [(160, "4、开展培训"), (340, "3、已开展讲座。")])]
    assert pdf_unruled.row_starts(other, bounds) == [0, 3]  # not the next item in one column
    alone = [levels[0], line(15, [(160, full), (340, full)]), *levels[2:]]
    assert pdf_unruled.row_starts(alone, bounds) == [0, 3]  # no 2、 went on in one column
    # the first column's items are the rows' labels, however the lines before them went
    # an item alone on its line, the row's other cells empty there: the cell's next item
    first_line = line(0, [(60, "经济"), (160, "1、互联网政务服务"), (340, "完成")])
    alone = [first_line, line(15, [(160, "2、对法律纠纷")])]
    assert pdf_unruled.row_starts(alone, bounds) == [0]
    only = [line(0, [(160, "1、互联网政务服务")]), line(15, [(160, "2、对法律纠纷")])]
    assert pdf_unruled.row_starts(only, bounds) == [0, 1]  # a list of rows
    for x, c in ((60, 0), (160, 1)):
        row = [line(0, [(x, "第三部")]), line(15, [(x, "1、关于")]), line(30, [(x, "2、关于")])]
        assert pdf_unruled._list_goes_on(row, [(c, frag(x, 45, "3、关于"))], bounds) == (c > 0)
