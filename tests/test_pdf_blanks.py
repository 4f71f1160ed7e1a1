"""A 部门预算 说明 written into a form's underlined blanks (江苏 2017, bu68): 收支预算总计
␣␣[17996.68]万元，与上 — the gaps at each blank's edges made every line texts in columns,
and its paragraphs were read as eight tables (issue 15)."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf, width

from extractor.loaders import load

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


def test_figures_in_underlined_blanks_are_no_table(tmp_path: Path):
    pdf = HandPdf().new_page()
    for i, (texts, rules) in enumerate(LINES):
        top = 434 + 27.5 * i
        for x, text in texts:
            pdf.text(x, top, text, size=SIZE)
        for a, b in rules:
            pdf.rule(a, top + SIZE - 1.0, b, top + SIZE - 1.0, line_width=0.72)
    doc = load(pdf.save(tmp_path / "blanks.pdf"))
    assert [b for b in doc.blocks if b.table is not None] == []
    assert "（一）收入预算总计17996.68万元。包括：" in doc.text.replace(" ", "")


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
