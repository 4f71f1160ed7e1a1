"""Financial statements laid out by white space (issue 15): a bank's income statement
(浦发银行 2018 Q1, heldout14) prints two groups of figure columns (集团, 银行), a subtotal's
figures underlined in each group — the labels not — and a blank line between sections.  The
underlines were read as two tables' rules side by side, each as wide as its rules: the labels
were left out, rows between two underlines merged; the blank lines cut the rest apart."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf, width
from handpdf import table_grids as _grids

SIZE = 10.0
COLUMNS = (290.0, 370.0, 460.0, 530.0)  # where each figure column ends (flush right)
GROUPS = ((225.0, 372.0), (395.0, 534.0))  # each group's underline

# (label, x, figures or None, underlined after, blank line after)
ROWS: list[tuple[str, float, tuple[str, ...] | None, bool, bool]] = [
    ("一、营业收入", 53, ("39,629", "42,945", "37,866", "41,360"), False, False),
    ("利息收入", 63, ("66,723", "58,665", "65,262", "57,695"), False, False),
    ("利息支出", 63, ("(40,444)", "(32,146)", "(39,794)", "(31,722)"), True, False),
    ("利息净收入", 53, ("26,279", "26,519", "25,468", "25,973"), False, True),
    ("投资损益", 53, ("3,696", "3,669", "3,628", "3,573"), False, False),
    ("其中：对联营企业和合营企业", 68, None, False, False),
    ("的投资收益", 82, ("25", "34", "28", "34"), False, False),
    ("其他收益", 53, ("60", "-", "43", "-"), True, True),
    ("二、营业支出", 53, ("(22,524)", "(23,963)", "(21,704)", "(23,226)"), False, False),
    ("税金及附加", 53, ("(465)", "(314)", "(447)", "(298)"), True, True),
    ("(一)按经营持续性分类", 68, None, False, False),
    ("持续经营净利润", 53, ("14,459", "14,647", "13,701", "13,975"), True, False),
]


def _statement(tmp_path: Path) -> Path:
    pdf = HandPdf().new_page()
    pdf.text(240, 60, "合并及公司利润表", size=14)
    pdf.text(54, 100, "编制单位：上海浦东发展银行股份有限公司    单位：人民币百万元", size=9)
    heads = ("2018年1-3月", "2017年1-3月", "2018年1-3月", "2017年1-3月")
    for x, head in zip(COLUMNS, heads, strict=True):
        pdf.text(x - width(head, 9), 140, head, size=9)
        pdf.rule(x - width(head, 9), 150.0, x, 150.0)  # each head underlined (深圳能源 2016)
        if head.startswith("2017"):  # restated: the note centred under the head
            pdf.text(x - width(head, 9) / 2 - width("（重述）", 9) / 2, 153, "（重述）", size=9)
    top = 165.0
    for label, x, figures, underlined, blank in ROWS:
        pdf.text(x, top, label, size=SIZE)
        for end, figure in zip(COLUMNS, figures or (), strict=False):
            pdf.text(end - width(figure, SIZE), top + 1.2, figure, size=SIZE)
        if underlined:
            for a, b in GROUPS:
                pdf.rule(a, top + SIZE + 1.6, b, top + SIZE + 1.6)
        top += 14.2 + (14.0 if blank else 0.0)
        if label.startswith("其中"):
            top -= 2.4  # a wrapped label's lines set closer than the rows
    pdf.text(290, top + 40, "13", size=9)
    return pdf.save(tmp_path / "statement.pdf")


def test_a_statement_with_underlined_figure_groups_is_one_table(tmp_path: Path):
    (grid,) = _grids(_statement(tmp_path))
    head = ["", "2018年1-3月", "2017年1-3月（重述）", "2018年1-3月", "2017年1-3月（重述）"]
    # the label wrapped over two lines, its figures by its last: one row
    wrapped = ["其中：对联营企业和合营企业的投资收益", "25", "34", "28", "34"]
    body = [[label, *(figures or ("",) * 4)] for label, _, figures, _, _ in ROWS]
    body[5:7] = [wrapped]
    assert grid == [head, *body]


def _labelled(tmp_path: Path, rows: list[tuple[str, float, tuple[str, ...] | None]]) -> Path:
    pdf = HandPdf().new_page()
    for i, (label, x, figures) in enumerate(rows):
        top = 100 + 14 * i
        pdf.text(x, top, label, size=9)
        for end, figure in zip((330, 410, 490), figures or (), strict=False):
            pdf.text(end - width(figure, 9), top, figure, size=9)
    return pdf.save(tmp_path / "groups.pdf")


def test_a_groups_label_over_its_first_item_is_a_row_of_its_own(tmp_path: Path):
    """盈利能力与成长能力指标 over 毛利率, both at one left edge: a group's label, however long,
    not a label wrapped (a wrapped label's rest is indented under it)."""
    rows = [
        ("营业收入", 60, ("1,573", "3,520", "4,812")),
        ("盈利能力与成长能力指标", 60, None),
        ("毛利率", 60, ("33.7%", "35.0%", "36.0%")),
        ("净利率", 60, ("12.1%", "13.3%", "14.0%")),
    ]
    (grid,) = _grids(_labelled(tmp_path, rows))
    assert [row[0] for row in grid] == [label for label, _, _ in rows]
    assert grid[1][1:] == ["", "", ""] and grid[2][1:] == ["33.7%", "35.0%", "36.0%"]


def test_a_capital_starts_a_label_of_its_own(tmp_path: Path):
    """Number of living children over No children indented: a group and its first item (a
    wrapped English label goes on in lower case)."""
    rows = [
        ("Total", 60, ("100.0", "100.0", "563")),
        ("Number of living children", 60, None),
        ("No children", 70, ("25.1", "7.6", "0.3")),
        ("One child", 70, ("22.0", "9.1", "0.5")),
    ]
    (grid,) = _grids(_labelled(tmp_path, rows))
    assert [row[0] for row in grid] == [label for label, _, _ in rows]


def test_a_figure_underlined_in_a_sentence_is_no_statement(tmp_path: Path):
    """A 说明 with its figures written into underlined blanks (支出 ⇥ 110 ⇥ 万元，…; bu68):
    the rules under them are no statement's, words follow the figures; its lines stay
    prose."""
    pdf = HandPdf().new_page()
    pdf.text(90, 60, "十、一般公共预算“三公”经费支出预算表情况说明", size=15.9)
    lines = [
        ("1．因公出国（境）费预算支出", "110", "万元，与上年预"),
        ("2．公务用车购置及运行费预算支出", "317.8", "万元。其"),
        ("（1）公务用车购置预算支出", "50", "万元，与上年预算"),
    ]
    for i, (before, figure, after) in enumerate(lines):
        top = 100 + 27.5 * 2 * i
        end = pdf.text(122, top, before, size=15.9)
        x = end + 16
        right = pdf.text(x, top, figure, size=15.9)
        pdf.rule(x - 2, top + 15.9, right + 2, top + 15.9)
        pdf.text(right + 16, top, after, size=15.9)
        pdf.text(
            90, top + 27.5, "算数相等，用于执法执勤用车报废更新，以保障工作正常开展。", size=15.9
        )
    assert _grids(pdf.save(tmp_path / "blanks.pdf")) == []


def test_a_blank_line_parts_a_table_from_a_line_that_is_no_row(tmp_path: Path):
    """The blank line is bridged only when figures resume in the table's columns: a section
    heading set as number and title (3.9.4 ⇥ 自动编号) after it is no row."""
    pdf = HandPdf().new_page()
    for i, (label, a, b) in enumerate(
        [("办公费", "120.50", "118.00"), ("印刷费", "30.00", "28.40"), ("水电费", "12.00", "11.00")]
    ):
        pdf.text(90, 100 + 14 * i, label)
        pdf.text(300 - width(a, 10.5), 100 + 14 * i, a)
        pdf.text(420 - width(b, 10.5), 100 + 14 * i, b)
    pdf.text(90, 170, "3.9.4")
    pdf.text(300 - width("自动编号", 10.5), 170, "自动编号")
    pdf.text(90, 184, "办公费")
    pdf.text(300 - width("99.00", 10.5), 184, "99.00")
    pdf.text(420 - width("98.00", 10.5), 184, "98.00")
    grids = _grids(pdf.save(tmp_path / "gap.pdf"))
    assert grids[0] == [
        ["办公费", "120.50", "118.00"],
        ["印刷费", "30.00", "28.40"],
        ["水电费", "12.00", "11.00"],
    ]


def test_a_statement_with_a_notes_column_and_unlabelled_subtotals(tmp_path: Path):
    """A Hong Kong filing's statement of financial position (traditional script): 附註 centred
    over the notes' numbers, alone on its line between the heads' lines; a section's label
    (非流動資產) after the heads; a subtotal printed with no label under the underlined
    figures — its own row, not the rest of the label above it."""
    pdf = HandPdf().new_page()
    size = 9.0
    pdf.text(330 - width("附註", size) / 2, 110, "附註", size=size)
    for x, heads in (
        (420, ("2024年", "6月30日", "人民幣千元")),
        (510, ("2023年", "12月31日", "人民幣千元")),
    ):
        for i, head in enumerate(heads):
            pdf.text(x - width(head, size), 104 + 12 * i, head, size=size)
    rows = [
        ("非流動資產", "", "", ""),
        ("物業、廠房及設備", "10", "12,345,678", "11,987,654"),
        ("使用權資產", "", "1,234,567", "1,198,765"),
        ("按公允價值計入損益的金融資產", "11", "45,678", "43,210"),
        ("", "", "13,624,923", "13,229,629"),
        ("流動資產", "", "", ""),
        ("存貨", "", "3,456,789", "3,210,987"),
    ]
    top = 152.0
    for label, note, a, b in rows:
        pdf.text(60 if not a else 70, top, label, size=size)
        pdf.text(330 - width(note, size) / 2, top, note, size=size)
        for x, v in ((420, a), (510, b)):
            pdf.text(x - width(v, size), top, v, size=size)
        if label.startswith("按公允"):
            for x in (420, 510):
                pdf.rule(x - 62, top + size + 1.5, x, top + size + 1.5)
        top += 13.5 + (8.0 if not label else 0.0)
    (grid,) = _grids(pdf.save(tmp_path / "hk.pdf"))
    body = grid[-len(rows) :]  # the loader reads traditional script in simplified
    assert [row[0] for row in body] == [
        "非流动资产", "物业、厂房及设备", "使用权资产", "按公允价值计入损益的金融资产", "",
        "流动资产", "存货",
    ]  # fmt: skip
    assert [row[2:] for row in body] == [[a, b] for _, _, a, b in rows]
    assert [body[1][1], body[3][1]] == ["10", "11"]
    assert "附注" in [c for row in grid[: -len(rows)] for c in row]
