"""An annual report's tables as Hong Kong issuers print them (issue 15, heldout9's 派格生物
pages): whitespace-aligned columns under a rule, a head over the year columns
(截至12月31日止年度) on a line of its own, and two such tables one under the other with a
paragraph between them, drawn with rules of the same width."""

from __future__ import annotations

from pathlib import Path

from extractor.loaders import load
from tests.handpdf import HandPdf, width

SIZE = 9.0
PARAGRAPH = [
    "截至2025年12月31日止年度的研发开支为人民币50.4百万元，较截至2024年12月31日止年度",
    "的人民币95.4百万元减少人民币45.0百万元，主要是由于以股份为基础的薪酬开支主要因截",
    "至2024年12月31日止年度注销及修改受限制股份单位的归属条件的一次性影响而减少人民币",
    "22.8百万元；及随著产品获批上市，研发开支减少。",
]


def _right(pdf: HandPdf, x1: float, top: float, text: str) -> None:
    pdf.text(x1 - width(text, SIZE), top, text, size=SIZE)


def _table(
    pdf: HandPdf,
    top: float,
    rows: list[tuple[str, str, str]],
    head: tuple[float, str] = (430, "截至12月31日止年度"),
) -> float:
    """A head over the two year columns, the years, a rule, the rows, a rule over the total
    and one under it; returns where the table ends."""
    pdf.text(head[0], top, head[1], size=SIZE)
    _right(pdf, 455, top + 13, "2025年")
    _right(pdf, 530, top + 13, "2024年")
    pdf.rule(86, top + 27, 530, top + 27)
    y = top + 40
    for label, a, b in rows:
        pdf.text(86, y, label, size=SIZE)
        _right(pdf, 455, y, a)
        _right(pdf, 530, y, b)
        y += 13
    pdf.rule(86, y + 2, 530, y + 2)
    _right(pdf, 455, y + 8, "50,387")
    _right(pdf, 530, y + 8, "95,427")
    pdf.text(86, y + 8, "总计", size=SIZE)
    pdf.rule(86, y + 22, 530, y + 22)
    return y + 22


def test_two_tables_with_a_paragraph_between_and_heads_over_their_years(tmp_path: Path):
    pdf = HandPdf().new_page()
    pdf.text(86, 90, "研发开支", size=SIZE)
    end = _table(
        pdf, 110, [("第三方承包开支", "26,667", "35,913"), ("员工成本", "15,578", "19,524")]
    )
    for i, line in enumerate(PARAGRAPH):
        pdf.text(86, end + 20 + 14 * i, line, size=SIZE)
    pdf.text(86, end + 90, "管理开支", size=SIZE)
    # the second head starts past the first year's end, over the space and the second year
    rows = [("员工成本", "35,950", "14,334"), ("其他", "4,634", "12,287")]
    _table(pdf, end + 110, rows, (458, "截至12月31日"))
    doc = load(pdf.save(tmp_path / "report.pdf"))
    tables = [b.table for b in doc.blocks if b.table is not None]
    assert len(tables) == 2
    for t in tables:
        grid = [[c.text if c else "" for c in row] for row in t.grid()]
        assert grid[0][1].startswith("截至12月31日") and grid[1][1:] == ["2025年", "2024年"]
        assert grid[-1] == ["总计", "50,387", "95,427"]
    assert "研发开支减少" in doc.text


def test_a_charts_turned_labels_are_no_table(tmp_path: Path):
    """A broker report's line chart (开源证券, heldout10): its dates printed turned a quarter
    along the axis, no tick drawn; line by line their characters stood in columns, read as a
    table with the chart's source under it.  Text set sideways on an upright page is in no
    table read from alignment, and its text stays."""
    pdf = HandPdf().new_page()
    for i, line in enumerate(PARAGRAPH[:3]):
        pdf.text(86, 60 + 14 * i, line, size=SIZE)
    for i in range(10):
        pdf.text_up(90 + 22 * i, 200, f"201{i}/12", size=8)
    pdf.text(86, 210, "数据来源：Wind、开源证券研究所", size=SIZE)
    doc = load(pdf.save(tmp_path / "chart.pdf"))
    assert [b for b in doc.blocks if b.table is not None] == []
    assert "数据来源" in doc.text


def test_a_groups_label_centred_beside_its_rows_spans_them(tmp_path: Path):
    """A slide's table with rules only over, under and between its groups (FinQwen,
    heldout10): each group's label centred on a line of its own between two of its rows was a
    row of its own. It spans the group's rows from the rule above, its text in the first."""
    pdf = HandPdf().new_page()
    header = [(90, "问题类型"), (180, "步骤"), (300, "输出"), (420, "数量")]
    groups = [
        ("数据查询", [("分类", "任务列表", "600"), ("任务1", "工具调用", "600"),
                     ("任务2", "工具调用", "600"), ("生成", "语句", "1786")]),
        ("文本理解", [("分类", "任务列表", "400"), ("检索", "工具调用", "400"),
                     ("摘要", "文本", "400")]),
    ]  # fmt: skip
    for x, text in header:
        pdf.text(x, 100, text, size=SIZE)
    pdf.rule(86, 96, 470, 96)
    pdf.rule(86, 114, 470, 114)
    y = 120.0
    for label, rows in groups:
        top = y
        for step, out, n in rows:
            pdf.text(180, y, step, size=SIZE)
            pdf.text(300, y, out, size=SIZE)
            pdf.text(420, y, n, size=SIZE)
            y += 16
        pdf.text(90, (top + y - 16) / 2, label, size=SIZE)  # centred beside the rows
        pdf.rule(86, y - 3, 470, y - 3)
        y += 4
    doc = load(pdf.save(tmp_path / "groups.pdf"))
    tables = [b.table for b in doc.blocks if b.table is not None]
    assert len(tables) == 1
    grid = [[c.text if c else "" for c in row] for row in tables[0].grid()]
    assert grid[1] == ["数据查询", "分类", "任务列表", "600"]
    assert grid[5] == ["文本理解", "分类", "任务列表", "400"]
    assert len(grid) == 8 and grid[2][0] == grid[1][0]  # one cell over the group's rows
