"""Tables as broker reports and thesis templates set them (issue 15, heldout26): statements
without rules side by side (利润表 beside 现金流量表), a page tiled with white boxes, captions
set a space apart from their numbers between stacked 三线表, a running head's rule as wide
as the table under it, a 三线表's codes under wider heads, a two-column page's table whose
group rows stand beside the other column's prose."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from handpdf import HandPdf, width
from handpdf import table_grids as _grids

from extractor import patterns
from extractor.loaders.pdf import _boxed
from extractor.loaders.pdf_fragments import Level, fragments
from extractor.loaders.pdf_parts import Frag
from extractor.loaders.pdf_side_tables import side_cut, split_sides
from extractor.loaders.pdf_unruled_grid import ColumnEdges

SIZE = 9.0
PITCH = 14.0


def _right(pdf: HandPdf, right: float, top: float, text: str) -> None:
    pdf.text(right - width(text, SIZE), top, text, SIZE)


def _statement(
    pdf: HandPdf, left: float, right: float, top: float, rows: list[tuple[str, ...]]
) -> None:
    """A statement without rules: labels from ``left``, two figure columns flush right, the
    last at ``right``."""
    for i, row in enumerate(rows):
        y = top + i * PITCH
        pdf.text(left, y, row[0], SIZE)
        _right(pdf, right - 70, y, row[1])
        _right(pdf, right, y, row[2])


PROFIT = [
    ("（百万元）", "2023", "2024"),
    ("营业收入", "40,341", "39,241"),
    ("营业成本", "-23,968", "-23,225"),
    ("毛利", "16,373", "16,016"),
    ("销售费用", "-701", "-745"),
]
CASH = [
    ("（百万元）", "2023", "2024"),
    ("税前利润", "12,930", "11,441"),
    ("折旧", "2,359", "269"),
    ("营运资金变动", "-2,246", "-2,845"),
    ("经营现金流", "12,641", "11,987"),
]


def test_statements_side_by_side_under_their_captions_are_two_tables(tmp_path: Path):
    """A caption over each side on one line (利润表 | 现金流量表), each side its own label
    column and heads: two tables, each under its caption (no caption a row)."""
    pdf = HandPdf().new_page()
    pdf.text(50, 60, "利润表", SIZE)
    pdf.text(320, 60, "现金流量表", SIZE)
    _statement(pdf, 50, 280, 76, PROFIT)
    _statement(pdf, 320, 550, 76, CASH)
    grids = _grids(pdf.save(tmp_path / "side.pdf"))
    assert grids == [[list(r) for r in PROFIT], [list(r) for r in CASH]]


def test_statements_side_by_side_whose_rows_do_not_meet_are_two_tables(tmp_path: Path):
    """No caption, but the right side's rows at other heights than the left's (half a line
    lower): two tables."""
    pdf = HandPdf().new_page()
    _statement(pdf, 50, 280, 76, PROFIT)
    _statement(pdf, 320, 550, 76 + PITCH / 2, CASH)
    grids = _grids(pdf.save(tmp_path / "apart.pdf"))
    assert grids == [[list(r) for r in PROFIT], [list(r) for r in CASH]]


def test_income_beside_expenditure_in_one_table_stays_one():
    """收入 | 金额 | 支出 | 金额 (a 收入支出决算总表): figures before labels on every line, but
    the rows meet and no caption stands over each side — one table, no cut."""
    lines = []
    for i, (a, b, c, d) in enumerate(
        [
            ("财政拨款收入", "100.00", "一般公共服务支出", "80.00"),
            ("事业收入", "20.00", "教育支出", "30.00"),
            ("其他收入", "5.00", "科学技术支出", "15.00"),
            ("本年收入合计", "125.00", "本年支出合计", "125.00"),
        ]
    ):
        top = 100.0 + i * PITCH
        xs = [(50, a), (230 - width(b, SIZE), b), (260, c), (480 - width(d, SIZE), d)]
        lines.append(Level([_frag(x, top, t) for x, t in xs]))
    assert side_cut(lines) is None
    # the same lines, the right side half a line lower on each: two tables
    apart = [
        Level([*lv.frags[:2], *(_frag(f.x0, f.top + PITCH / 2, f.text) for f in lv.frags[2:])])
        for lv in lines
    ]
    assert side_cut(apart) is not None


def _frag(x0: float, top: float, text: str) -> Frag:
    w = width(text, SIZE)
    return Frag(x0, x0 + w, top, top + SIZE, SIZE, w if text.isascii() else SIZE, text)


def _closed_tile(pdf: HandPdf, x0: float, top: float, x1: float, bottom: float) -> None:
    """A white box drawn as a closed path of four corners (m l l l h f: its fifth point
    closes it where it began), as a sheet's export fills every cell's background — its
    corners a hair apart (the export's rounding), so no rectangle to pdfminer."""
    h, e = pdf.page_height, 0.0003
    pdf.pages[-1].append(
        f"1 g {x0:.4f} {h - bottom:.4f} m {x1:.4f} {h - bottom:.4f} l {x1 + e:.4f} {h - top:.4f} l "
        f"{x0 + e:.4f} {h - top:.4f} l h f 0 g"
    )


def test_white_boxes_behind_a_statement_draw_no_grid(tmp_path: Path):
    """Every piece of the page filled white, each a closed path: nothing is drawn there, so
    no rule — the statement is read from its text (one table, its rows), not as a grid of
    the boxes."""
    pdf = HandPdf().new_page()
    for top, bottom in ((40, 74), (74, 90), (90, 160)):
        _closed_tile(pdf, 40, top, 300, bottom)
        _closed_tile(pdf, 300, top, 560, bottom)
    pdf.text(50, 60, "利润表", SIZE)
    _statement(pdf, 50, 280, 76, PROFIT)
    grids = _grids(pdf.save(tmp_path / "tiles.pdf"))
    assert grids == [[list(r) for r in PROFIT]]


# ── 三线表 as thesis templates set them ───────────────────────────────────

FILES = [
    ("文件名", "描述"),
    ("thuthesis.dtx", "模板的源文件"),
    ("thuthesis.cls", "模板文件"),
    ("thuthesis-*.bst", "参考文献表样式文件"),
]
T0, T1 = 180.0, 414.0  # the rules' ends
LINE = 13.0


def _three_line(
    pdf: HandPdf, top: float, rows: list[tuple[str, ...]], edges: tuple[float, ...] = (T0, 290, T1)
) -> float:
    """A 三线表 at ``top``: a rule over the heads, one under them, one under the body; each
    text centred in its column (between ``edges``).  Returns its bottom."""
    pdf.rule(T0, top, T1, top, line_width=0.8)
    y = top + 4
    for i, row in enumerate(rows):
        for (a, b), text in zip(itertools.pairwise(edges), row, strict=True):
            pdf.text((a + b - width(text, SIZE)) / 2, y, text, SIZE)
        y += LINE if i else LINE + 2
        if i == 0:
            pdf.rule(T0, y - 3, T1, y - 3, line_width=0.5)
            y += 1
    pdf.rule(T0, y, T1, y, line_width=0.8)
    return y


def _caption(pdf: HandPdf, top: float, number: str, title: str) -> None:
    """A caption centred over the table, its number a wide space from its title."""
    left = (T0 + T1 - width(number, SIZE) - 12 - width(title, SIZE)) / 2
    pdf.text(left, top, number, SIZE)
    pdf.text(left + width(number, SIZE) + 12, top, title, SIZE)


def test_a_numbered_caption_a_space_from_its_title_parts_stacked_three_line_tables(
    tmp_path: Path,
):
    """Two 三线表 of one width one under the other, the second's caption between them (表3.2
    set a wide space from 带附注的表格示例): two tables; neither caption is a row."""
    pdf = HandPdf().new_page()
    _caption(pdf, 100, "表3.1", "三线表示例")
    bottom = _three_line(pdf, 116, FILES)
    _caption(pdf, bottom + 40, "表3.2", "带附注的表格示例")
    _three_line(pdf, bottom + 56, FILES)
    grids = _grids(pdf.save(tmp_path / "stacked.pdf"))
    assert grids == [[list(r) for r in FILES]] * 2


CODES = [
    ("文献类型", "标识代码", "文献类型", "标识代码"),
    ("普通图书", "M", "会议录", "C"),
    ("汇编", "G", "报纸", "N"),
    ("期刊", "J", "学位论文", "D"),
    ("报告", "R", "标准", "S"),
    ("计算机程序", "CP", "电子公告", "EB"),
]


def test_codes_under_wider_heads_are_rows_of_their_own(tmp_path: Path):
    """Centred codes (M ⏎ G) in a column as wide as its head (标识代码): no code fills it, so
    none wrapped — each line a row, though the codes are as wide as one another and the
    labels beside them are centred (普通图书 ⏎ 汇编)."""
    pdf = HandPdf().new_page()
    _three_line(pdf, 116, CODES, (T0, 232.0, 272.0, 324.0, 376.0))
    assert _grids(pdf.save(tmp_path / "codes.pdf")) == [[list(r) for r in CODES]]


NAMES = [
    ("Value", "Name", "Alternate names"),
    ("1", "One", "ace, single, singleton"),
    ("2", "Two", "binary, brace, couple"),
    ("3", "Three", "deuce-ace, leash, set"),
]


def test_a_running_heads_rule_as_wide_as_the_table_is_no_rule_of_it(tmp_path: Path):
    """The running head's rule as wide as the 三线表 under it (tabularx over the text
    width): the band between them holds paragraphs, a heading and the caption (lines of
    two texts only where a number stands a space from its title: 4.2.3.1  表格内…, 表4.3
    最小的…) — no rows of the table."""
    pdf = HandPdf().new_page()
    pdf.text(260, 50, "4 常用排版示例", SIZE)
    pdf.rule(90, 64, 505, 64, line_width=0.5)
    para = "量符号进行注释的情况，这两种情况都需要调用宏包。下面将分别对这两种情况进行阐述。"
    pdf.text(90, 80, para[:46], SIZE)
    pdf.text(90, 96, "这两种情况下可调表格的绘制方法。", SIZE)
    pdf.text(114, 116, "4.2.3.1", SIZE)
    pdf.text(160, 116, "表格内某单元格内容过长的情况", SIZE)
    pdf.text(114, 136, "首先给出这种情况下的一个例子如表4.3所示。", SIZE)
    pdf.text(193, 156, "表4.3", SIZE)
    pdf.text(235, 156, "最小的三个正整数的英文表示法", SIZE)
    pdf.rule(90, 172, 505, 172, line_width=0.8)
    y = 176.0
    for i, (a, b, c) in enumerate(NAMES):
        pdf.text(96, y, a, SIZE)
        pdf.text(135, y, b, SIZE)
        pdf.text(176, y, c, SIZE)
        y += 16 if i == 0 else 14
        if i == 0:
            pdf.rule(90, y - 3, 505, y - 3, line_width=0.5)
    pdf.rule(90, y, 505, y, line_width=0.8)
    pdf.text(114, y + 20, "绘制该表格的代码如下：", SIZE)
    assert _grids(pdf.save(tmp_path / "head.pdf")) == [[list(r) for r in NAMES]]


def test_a_strip_under_a_rule_through_the_heads_is_no_row(tmp_path: Path):
    """A shaded header's edge drawn through its texts' feet, another rule a strip below it
    (wider than a double rule's gap): no empty row between the heads and the body — the
    strip is the shading's, under a rule the heads' text crosses."""
    pdf = HandPdf().new_page()
    size = 6.0
    rows = [("Channels", "Ea1", "Ea2"), ("group", "", ""), ("BEC", "98", "35"), ("BOG", "75", "29")]
    rows += [("IWR", "71", "31")]
    for y in (100.0, 106.4, 110.4, 122.4, 134.4, 146.4, 158.4):
        pdf.rule(60, y, 300, y, line_width=0.4)
    for top, row in zip((103.2, 113.4, 125.4, 137.4, 149.4), rows, strict=True):
        pdf.text(64, top, row[0], size)
        pdf.text(200 - width(row[1], size), top, row[1], size)
        pdf.text(280 - width(row[2], size), top, row[2], size)
    (grid,) = _grids(pdf.save(tmp_path / "strip.pdf"))
    assert [r[0] for r in grid] == [r[0] for r in rows]


@pytest.mark.parametrize("left", [True, False])
def test_a_two_column_pages_table_is_parted_by_its_own_columns_text(tmp_path: Path, left: bool):
    """A table in one page column, its rules sharing an end with a rule across both columns
    (a figure's): the bands between its rules hold its own rows only — the other column's
    prose beside its group row (transalkylation, alone between two rules) does not part the
    table."""
    pdf = HandPdf().new_page()
    small = 6.0
    line = "原子在分子筛孔道中的迁移路径与能垒计算结果表明反应的选择性由中间体稳定性决定，"
    mine, other = (40.0, 306.0) if left else (306.0, 40.0)
    for k in range(40):  # the other page column's prose
        pdf.text(other, 40 + 8 * k, (line * 2)[:41], small)
    for k in range(6):  # the table's column's, above the table
        pdf.text(mine, 40 + 8 * k, (line * 2)[:41], small)
    pdf.rule(40, 100, 556, 100, line_width=0.4)  # a rule across both columns
    rows = [("Channels", "Ea1", "Ea2"), ("BEC", "98", "35"), ("BOG", "75", "29")]
    rows2 = [("IWV", "72", "30"), ("UTL", "90", "29")]
    y = 110.0
    pdf.rule(mine, y, mine + 250, y, line_width=0.4)
    for row in [*rows, ("transalkylation", "", ""), *rows2]:
        height = 18.0 if row[0] == "transalkylation" else 12.0
        pdf.text(mine + 4, y + 2, row[0], SIZE)
        if row[1]:
            _right(pdf, mine + 160, y + 2, row[1])
            _right(pdf, mine + 240, y + 2, row[2])
        y += height
        pdf.rule(mine, y, mine + 250, y, line_width=0.4)
    for k in range(12):  # the table's column's, below it
        pdf.text(mine, y + 10 + 8 * k, (line * 2)[:41], small)
    (grid,) = _grids(pdf.save(tmp_path / "columns.pdf"))
    assert [r[0] for r in grid] == ["Channels", "BEC", "BOG", "transalkylation", "IWV", "UTL"]
    assert grid[-1] == ["UTL", "90", "29"]


def test_a_list_of_tables_ruled_row_by_row_is_one_table(tmp_path: Path):
    """附表1 | 收入支出决算总表 on every row, a rule between the rows: each row reads like a
    numbered caption set a space from its title, but its texts start where the rows' above
    and below do — rows of one table, not captions between tables."""
    pdf = HandPdf().new_page()
    rows = [("附表1", "收入支出决算总表"), ("附表2", "收入决算表"), ("附表3", "支出决算表")]
    rows += [("附表4", "财政拨款收入支出决算总表"), ("附表5", "一般公共预算财政拨款支出决算表")]
    y = 100.0
    pdf.rule(80, y, 420, y)
    for a, b in rows:
        pdf.text(90, y + 4, a, SIZE)
        pdf.text(160, y + 4, b, SIZE)
        y += 18
        pdf.rule(80, y, 420, y)
    assert _grids(pdf.save(tmp_path / "list.pdf")) == [[list(r) for r in rows]]


def test_a_rule_under_each_side_parts_the_statements_side_by_side(tmp_path: Path):
    """A rule under both captions drawn as one row of two pieces, and a rule under the left
    statement only: the text's cut between the statements cuts the rules too — each
    statement its own table, the left one's rules not spanning the right one."""
    pdf = HandPdf().new_page()
    pdf.text(50, 60, "利润表", SIZE)
    pdf.text(320, 60, "现金流量表", SIZE)
    pdf.rule(50, 72, 280, 72)
    pdf.rule(320, 72, 550, 72)
    _statement(pdf, 50, 280, 76, PROFIT)
    _statement(pdf, 320, 550, 76, CASH)
    pdf.rule(50, 76 + len(PROFIT) * PITCH, 280, 76 + len(PROFIT) * PITCH)
    grids = _grids(pdf.save(tmp_path / "ruled.pdf"))
    assert grids == [[list(r) for r in PROFIT], [list(r) for r in CASH]]


def test_a_columns_width_is_its_widest_text_within_it_heads_included():
    """The band's columns take the widths of the table's texts within one column (a head
    wider than the codes under it), not of a head spanning into the next column."""
    band = [[_frag(150, 200, "M"), _frag(260, 200, "会议录")]]
    heads = [
        [_frag(146, 180, "标识"), _frag(160, 180, "本年预算执行情况"), _frag(258, 180, "文献")]
    ]
    bounds = [140.0, 200.0, 320.0]
    edges = ColumnEdges(band, bounds, 0.3, 3.0, heads)
    assert edges.right == {0: 164.0, 1: 287.0}  # 标识 widens column 0; the spanning head not
    assert edges.left == {0: 146.0, 1: 258.0}
    assert ColumnEdges(band, bounds, 0.3, 3.0).right == {0: 154.5, 1: 287.0}


@pytest.mark.parametrize("ruled_right", [True, False])
def test_a_rule_under_one_side_does_not_part_the_others_rows(tmp_path: Path, ruled_right: bool):
    """A rule under one statement's last row, the other statement going on below it: that
    one stays one table (its rows are parted by its own rules only)."""
    longer = [*PROFIT, ("管理费用", "-2,995", "-3,009"), ("营业利润", "11,236", "11,023")]
    left, right = (longer, CASH) if ruled_right else (CASH, longer)
    pdf = HandPdf().new_page()
    pdf.text(50, 60, "利润表", SIZE)
    pdf.text(320, 60, "现金流量表", SIZE)
    _statement(pdf, 50, 280, 76, left)
    _statement(pdf, 320, 550, 76, right)
    y = 76 + len(CASH) * PITCH - 3
    pdf.rule(320, y, 550, y) if ruled_right else pdf.rule(50, y, 280, y)
    grids = _grids(pdf.save(tmp_path / "one-rule.pdf"))
    assert sorted(grids, key=len) == [[list(r) for r in CASH], [list(r) for r in longer]]


def _line(top: float, *texts: tuple[float, str]) -> Level:
    """A line of texts, each at its x (a figure given by its right end, as a negative x)."""
    frags = []
    for x, text in texts:
        x0 = -x - width(text, SIZE) if x < 0 else x
        frags.append(_frag(x0, top, text))
    return Level(frags)


def _pair(top: float, left: tuple[str, str], right: tuple[str, str], drop: float = 0.0) -> list:
    """One line of each statement: label and figure left (figure flush at 230), label and
    figure right (figure at 480); ``drop`` sets the right one that much lower."""
    a = [(50.0, left[0]), (-230.0, left[1])]
    b = [(260.0, right[0]), (-480.0, right[1])]
    return [_line(top, *a, *b)] if not drop else [_line(top, *a), _line(top + drop, *b)]


ROWS = [
    (("营业收入", "40,341"), ("税前利润", "12,930")),
    (("营业成本", "-23,968"), ("折旧", "2,359")),
    (("毛利", "16,373"), ("营运资金变动", "-2,246")),
    (("销售费用", "-701"), ("经营现金流", "12,641")),
]


def _side_lines(drop: float = 0.0, rows=ROWS) -> list[Level]:
    return [lv for i, (a, b) in enumerate(rows) for lv in _pair(100 + i * PITCH, a, b, drop)]


def test_side_cut_needs_rows_that_do_not_meet_or_a_caption_each_side():
    """Lines meeting (one row across the cut): no cut; the right side's rows half a line
    lower, or a caption over each side: the cut, between the left's figures and the right's
    labels."""
    assert side_cut(_side_lines()) is None
    cut = side_cut(_side_lines(PITCH / 2))
    assert cut is not None and 230 <= cut[0] < cut[1] <= 260
    captions = [_line(80, (50, "利润表"), (260, "现金流量表")), *_side_lines()]
    assert side_cut(captions) is not None
    heads = [_line(80, (50, "收入"), (260, "支出")), *_side_lines()]  # no captions: group heads
    assert side_cut(heads) is None
    # a caption one side only
    assert side_cut([_line(80, (50, "利润表"), (260, "支出")), *_side_lines()]) is None
    assert side_cut([_line(80, (50, "收入"), (260, "现金流量表")), *_side_lines()]) is None


def test_side_cut_needs_figures_before_it_and_labels_after_it_on_three_lines():
    """Fewer than three lines each side, texts (not figures) before the gap, figures (not
    labels) after it, a figure short of the gap's left or a label short of its right: no
    cut."""
    captions = [_line(80, (50, "利润表"), (260, "现金流量表"))]
    assert side_cut([*captions, *_side_lines(rows=ROWS[:2])]) is None
    assert side_cut([*captions, *_side_lines(rows=ROWS[:3])]) is not None
    words = [((a[0], "人民币"), b) for a, b in ROWS]  # labels, no figures, left of the gap
    assert side_cut([*captions, *_side_lines(rows=words)]) is None
    numbers = [(a, ("12a", b[1])) for a, b in ROWS]  # figures right of the gap (a note's)
    assert side_cut([*captions, *_side_lines(rows=numbers)]) is None
    marks = [(a, ("※", b[1])) for a, b in ROWS]  # a mark, neither figure nor label
    assert side_cut([*captions, *_side_lines(rows=marks)]) is None
    short = [
        _line(100 + i * PITCH, (50.0, a[0]), (-230.0 if i < 2 else -180.0, a[1]))
        for i, (a, _) in enumerate(ROWS)
    ]
    for lv, (_, b) in zip(short, ROWS, strict=True):  # two of the left figures end short
        lv.frags.extend(_line(lv.top, (260.0, b[0]), (-480.0, b[1])).frags)
    assert side_cut([*captions, *short]) is None
    alone = [
        _line(100 + i * PITCH, (-230.0, a[1]), (260.0, b[0]), (-480.0, b[1]))
        for i, (a, b) in enumerate(ROWS)
    ]
    assert side_cut([*captions, *alone]) is None  # a figure alone left of the gap
    bare = [
        _line(100 + i * PITCH, (50.0, a[0]), (-230.0, a[1]), (260.0, b[0]))
        for i, (a, b) in enumerate(ROWS)
    ]
    assert side_cut([*captions, *bare]) is None  # a label alone right of it
    wider = [_line(80, (50, "利润表"), (120, "附注"), (260, "现金流量表")), *_side_lines()]
    assert side_cut(wider) is None  # more than a caption on the line
    wider = [_line(80, (50, "利润表"), (260, "现金流量表"), (360, "附注")), *_side_lines()]
    assert side_cut(wider) is None


def test_side_cut_counts_lines_apart_only_next_to_each_other():
    """A 收入支出决算总表 whose rows leave one side blank in turn (财政拨款收入 | ⏎ | 一般公共
    服务支出), a row's height apart: rows of one table, not lines that do not meet; the
    same lines half a row apart do not meet."""
    lines = []
    for i, (a, b) in enumerate(ROWS):
        top = 100 + 2 * i * PITCH
        lines.append(_line(top, (50.0, a[0]), (-230.0, a[1])))
        lines.append(_line(top + PITCH, (260.0, b[0]), (-480.0, b[1])))
    lines.append(
        _line(100 + 8 * PITCH, (50.0, "合计"), (-230.0, "100"), (260.0, "合计"), (-480.0, "100"))
    )
    assert side_cut(lines) is None
    near = [Level([_frag(f.x0, 100 + (f.top - 100) / 2, f.text) for f in lv.frags]) for lv in lines]
    assert side_cut(near) is not None


def test_the_cut_takes_a_title_across_it_to_the_left():
    """Split at the cut, a line across it (the page's title) stays whole, on the left."""
    title = _line(60, (150, "财务报表分析与预测——药明康德"))
    lines = [title, *_side_lines(PITCH / 2)]
    left, right = split_sides(lines, (240.0, 255.0))
    assert left[0].frags == title.frags
    assert [lv.frags[0].text for lv in right] == [b[0] for _, b in ROWS]


def test_a_box_closed_where_it_began_is_a_box_and_a_fifth_corner_elsewhere_is_not():
    box = {"x0": 0.0, "x1": 10.0, "top": 0.0, "bottom": 5.0}
    corners = [(0.0, 5.0), (10.0, 5.0), (10.0, 0.0), (0.0, 0.0)]
    assert _boxed({**box, "pts": corners})
    assert _boxed({**box, "pts": [*corners, (0.0, 5.0)]})
    assert not _boxed({**box, "pts": [*corners, (10.0, 5.0)]})  # a path going on


def test_heads_each_ended_by_a_typed_space_over_figures_are_cells(tmp_path: Path):
    """一周内␣ 一月内␣ 二月内␣: each head ends with a typed space, the next starting a little
    over half an em after it (less than an em beyond the space) — over the figures' columns
    their gaps are the columns', so each head a cell of its own."""
    pdf = HandPdf().new_page()
    heads = ["日期", "一周内", "一月内", "二月内", "三月内"]
    rows = [
        ("买入", "1", "1", "8", "16"),
        ("增持", "0", "1", "5", "8"),
        ("中性", "0", "0", "0", "0"),
    ]
    x = 60.0
    starts = []
    for head in heads:
        starts.append(x)
        x = pdf.text(x, 100, head + " ", SIZE) + 6.0
    pdf.rule(55, 96, x, 96, line_width=0.8)
    pdf.rule(55, 112, x, 112, line_width=0.5)
    for i, row in enumerate(rows):
        top = 116 + i * 14
        pdf.text(60, top, row[0], SIZE)
        for start, text in zip(starts[1:], row[1:], strict=True):
            pdf.text(start + 13.5 - width(text, SIZE) / 2, top, text + " ", SIZE)
    pdf.rule(55, 116 + len(rows) * 14, x, 116 + len(rows) * 14, line_width=0.8)
    assert _grids(pdf.save(tmp_path / "heads.pdf")) == [[heads, *[list(r) for r in rows]]]


def test_no_cut_where_a_tables_rows_go_on_across_the_gap():
    """Lines that do not meet above, but three rows or more going on across the gap with a
    figure or a mark first right of it (131.44% | >= 122.60%): a table spanning the page
    there, so no cut through it."""
    rows = [
        _line(300 + i * PITCH, (50.0, a[0]), (-230.0, a[1]), (260.0, ">="), (-480.0, "12.5%"))
        for i, (a, _) in enumerate(ROWS)
    ]
    assert side_cut(_side_lines(PITCH / 2)) is not None
    assert side_cut([*_side_lines(PITCH / 2), *rows[:2]]) is not None
    assert side_cut([*_side_lines(PITCH / 2), *rows[:3]]) is None
    # figures first on lines of the right side only: no row across the gap
    years = [_line(300 + i * PITCH, (-300.0, "2023"), (-480.0, "2024")) for i in range(3)]
    assert side_cut([*_side_lines(PITCH / 2), *years]) is not None


def _cjk(x: float, top: float, text: str, size: float = 10.5) -> list[dict]:
    out = []
    for ch in text:
        out.append({"x0": x, "x1": x + size, "top": top, "bottom": top + size, "size": size,
                    "text": ch, "upright": True})  # fmt: skip
        x += size
    return out


def test_closing_punctuation_after_a_gap_stays_with_the_text_before_it():
    """A justified line's last gap stretched before its closing mark (…平台保障；␣␣；): the
    mark is no text of its own (no column starts there); an opening one after a gap is."""
    (line,) = fragments([*_cjk(287, 215, "平台保障；"), *_cjk(347.5, 215, "；")])
    assert [f.text for f in line] == ["平台保障；；"]
    (line,) = fragments([*_cjk(287, 215, "平台保障；"), *_cjk(347.5, 215, "（一）")])
    assert [f.text for f in line] == ["平台保障；", "（一）"]
    marks = patterns.load("pdf")
    assert set(marks["no_cell_start"]) <= set(marks["no_line_start"])  # closing marks all
