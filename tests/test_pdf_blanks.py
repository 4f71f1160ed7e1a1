"""A 部门预算 说明 written into a form's underlined blanks (江苏 2017, bu68): 收支预算总计
␣␣[17996.68]万元，与上 — the gaps at each blank's edges made every line texts in columns,
and its paragraphs were read as eight tables (issue 15)."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf, width

from extractor.loaders import load
from extractor.loaders.pdf_rule_groups import short_rules

SIZE = 15.9

# the page's lines as printed: each text where it starts, and the blanks' underlines
LINES: list[tuple[list[tuple[float, str]], list[tuple[float, float]]]] = [
    ([(122, "2017年度收入、支出预算总计"), (352, "17996.68万元，与上")], [(352, 422)]),
    ([(90, "年相比收、支预算总计各增加"), (355, "1463.8"), (419, "万元，增长")], [(334, 414)]),
    ([(89, "8.85"), (145, "%。主要是员额制检察官工资改革、退休干警增加及")], [(90, 122)]),
    ([(90, "调整住房补贴等因素形成。其中：")], []),
    ([(122, "（一）收入预算总计"), (282, "17996.68万元。包括：")], [(282, 352)]),
    ([(122, "1．财政拨款收入预算总计"), (321, "17981.68万元。")], [(321, 391)]),
    ([(122, "（1）一般公共预算收入预算"), (337, "17981.68万元，与上年")], [(337, 407)]),
    (
        [(90, "相比增加"), (169, "1454.35万元，增长8.8"), (369, "%。主要是因员额制")],
        [(169, 225), (314, 370)],
    ),
]


def _lines_page(path: Path, lines: list, first: float) -> Path:
    """A page of ``lines`` (their texts where they start, the blanks' underlines under
    them), 27.5 points apart from ``first`` down."""
    pdf = HandPdf().new_page()
    for i, (texts, rules) in enumerate(lines):
        top = first + 27.5 * i
        for x, text in texts:
            pdf.text(x, top, text, size=SIZE)
        for a, b in rules:
            pdf.rule(a, top + SIZE - 1.0, b, top + SIZE - 1.0, line_width=0.72)
    return pdf.save(path)


def test_figures_in_underlined_blanks_are_no_table(tmp_path: Path):
    doc = load(_lines_page(tmp_path / "blanks.pdf", LINES, 434))
    assert [b for b in doc.blocks if b.table is not None] == []
    assert "（一）收入预算总计17996.68万元。包括：" in doc.text.replace(" ", "")


SHORT_BLANKS: list[tuple[list[tuple[float, str]], list[tuple[float, float]]]] = [
    ([(122, "省检察院"), (194, "2017"), (234, "年度一般公共预算拨款安排的会议费预")], []),
    ([(90, "算支出"), (153, "168"), (185, "万元，本年数等于上年预算数。")], [(153, 177)]),
    ([(122, "省检察院"), (194, "2017"), (234, "年度一般公共预算拨款安排的培训费预")], []),
    (
        [(90, "算支出"), (153, "700"), (184, "万元，本年数小于上年预算数"), (393, "220")],
        [(153, 176)],
    ),
    ([(90, "原因是将本项目"), (210, "2016"), (250, "年因故未完成培训任务的资金结转")], []),
    ([(122, "2017年继续使用。")], []),
    ([(242, "第四部分"), (324, "名词解释")], []),
]


def test_figures_in_blanks_underlined_shorter_than_a_rule_are_no_table(tmp_path: Path):
    """Blanks whose underline is shorter than a table's rule (``rule_min_pt``: 168 and 700
    underlined) part their lines just as well: with a title of two texts below (第四部分
    名词解释), the lines read as a table's rows around its paragraphs.  They are blanks too."""
    doc = load(_lines_page(tmp_path / "short.pdf", SHORT_BLANKS, 200))
    assert [b for b in doc.blocks if b.table is not None] == []
    assert "会议费预算支出168万元，本年数等于上年预算数。" in doc.text.replace(" ", "")


def test_a_sum_rule_under_two_figures_of_a_table_row_stays_a_table(tmp_path: Path):
    """A rule under a row's two figures (a sum to follow), the row's label a list (水费、电费)
    that reads as a sentence: no blank, the row keeps its columns."""
    pdf = HandPdf().new_page()
    pdf.text(72, 60, "本报告说明部门预算绩效自评的主要情况和结论，供审核参考使用。")
    rows = [
        ("办公费", "120.50", "118.00"),
        ("印刷费", "30.00", "28.40"),
        ("水费、电费", "12.00", "11.00"),
    ]
    for i, (label, a, b) in enumerate(rows):
        top = 100 + 20 * i
        pdf.text(90, top, label)
        pdf.text(300 - width(a, 10.5), top, a)
        pdf.text(420 - width(b, 10.5), top, b)
    pdf.rule(250, 152, 422, 152)  # under the third row's figures
    doc = load(pdf.save(tmp_path / "sum.pdf"))
    tables = [b.table for b in doc.blocks if b.table is not None]
    assert len(tables) == 1
    grid = [[c.text if c else "" for c in row] for row in tables[0].grid()]
    assert grid[-1] == ["水费、电费", "12.00", "11.00"]


def test_an_accounts_rows_figures_each_underlined_are_no_blanks(tmp_path: Path):
    """A cash-flow statement (深圳能源 2016, heldout10): 加：年初现金及现金等价物余额 reads as a
    sentence (its colon), and a rule under each of its two figures touched the gaps before
    them, so label and figures were read as one text and the rows left the table."""
    pdf = HandPdf().new_page()
    pdf.rule(68, 70, 527, 70)  # the statement's rule under its title
    pdf.text(420 - width("2016年", 11), 80, "2016年", size=11)
    pdf.text(525 - width("2015年", 11), 80, "2015年", size=11)
    rows = [
        ("筹资活动产生的现金流量净额", "(323,744,091.45)", "3,238,848,030.61"),
        ("四、现金及现金等价物增加额", "(1,381,299,597.43)", "1,645,235,967.29"),
        ("加：年初现金及现金等价物余额", "4,429,574,079.46", "2,784,338,112.17"),
        ("五、年末现金及现金等价物余额", "3,048,274,482.03", "4,429,574,079.46"),
    ]
    for i, (label, a, b) in enumerate(rows):
        top = 100 + 16 * i
        pdf.text(74, top, label, size=11)
        pdf.text(420 - width(a, 11), top, a, size=11)
        pdf.text(525 - width(b, 11), top, b, size=11)
        if i:
            for x0, x1 in ((320, 420), (437, 525)):
                pdf.rule(x0, top + 12, x1, top + 12)
    doc = load(pdf.save(tmp_path / "accounts.pdf"))
    tables = [b.table for b in doc.blocks if b.table is not None]
    assert len(tables) == 1
    grid = [[c.text if c else "" for c in row] for row in tables[0].grid()]
    assert ["加：年初现金及现金等价物余额", "4,429,574,079.46", "2,784,338,112.17"] in grid


def test_short_rules_are_rules_too_short_to_edge_a_table():
    """``short_rules``: a blank's underline (24 points) is one; a table's rule, or one drawn
    a cell at a time in pieces shorter than a rule (joined first), is none."""

    def h(x0: float, x1: float, top: float) -> dict:
        return {"x0": x0, "x1": x1, "top": top, "bottom": top, "orientation": "h"}

    rows = short_rules([h(153, 177, 232), h(60, 460, 300), h(60, 80, 400), h(80, 100, 400)])
    assert [(r.y, r.segments) for r in rows] == [(232, [(153, 177)])]
