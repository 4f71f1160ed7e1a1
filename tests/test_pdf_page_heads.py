"""A page's running head over its rule is no table (issue 15, heldout9's thesis pages):
spaced out a character at a time (华 中 科 技 大 学 …), or set apart from a page number
(北京航空航天大学毕业设计(论文)  第 18 页) with a numbered heading under the rule."""

from __future__ import annotations

from pathlib import Path

from extractor.loaders import load
from tests.handpdf import HandPdf


def test_a_spaced_out_running_head_over_its_rule_is_no_table(tmp_path: Path):
    """HUST's thesis template: the running head 华 中 科 技 大 学 … spaced a character at a
    time over a thick rule, a numbered heading under the rule: each character read as a
    column, the head and the heading as a table of two rows.  Characters evenly spaced are
    one text; a row's single characters at uneven gaps stay columns."""
    pdf = HandPdf().new_page()
    pdf.text(150, 60, "华中科技大学学士学位论文", size=10.5, spacing=14)
    pdf.bar(72, 78, 520, 79.5)
    pdf.text(72, 95, "2.3", size=15)
    pdf.text(110, 95, "算法环境", size=15)
    pdf.text(72, 130, "本节说明算法的环境与写法，下文给出一个表格作为示例。")
    doc = load(pdf.save(tmp_path / "head.pdf"))
    assert [b for b in doc.blocks if b.table is not None] == []
    assert "算法环境" in doc.text


def test_letter_spacing_needs_even_gaps():
    from extractor.loaders.pdf_fragments import _letter_spaced

    def runs(xs: list[float]) -> list[list[dict]]:
        return [[{"text": "是", "x0": x, "x1": x + 10.0, "size": 10.0}] for x in xs]

    assert _letter_spaced(runs([100, 124, 148, 172]))
    assert not _letter_spaced(runs([100, 124, 160, 172]))  # uneven: columns
    assert not _letter_spaced(runs([100, 124, 148]))  # too few
    assert not _letter_spaced(runs([100, 140, 180, 220]))  # 3 em apart: columns


def _tables(pdf: HandPdf, path: Path) -> list[list[list[str]]]:
    doc = load(pdf.save(path))
    return [
        [[c.text if c else "" for c in row] for row in b.table.grid()]
        for b in doc.blocks
        if b.table is not None
    ]


def test_a_running_head_and_page_number_over_a_rule_are_no_table(tmp_path: Path):
    """BUAA's thesis template: the head centred, 第 18 页 at the right, a rule under them and
    a numbered heading under the rule, its number set apart: two rows of two texts or more
    on either side of a lone rule, read as a table."""
    pdf = HandPdf().new_page()
    for x, text in ((193.4, "北京航空航天大学毕业设计"), (364.9, "(论文)"), (465.6, "第")):
        pdf.text(x, 75.5, text, size=14)
    pdf.text(493.6, 76.6, "18", size=14)
    pdf.text(521.6, 75.5, "页", size=14)
    pdf.rule(85, 102.9, 538.6, 102.9)
    pdf.text(85, 115.9, "6.3", size=12)
    pdf.text(112, 115, "正文前的部分", size=12)
    pdf.text(85, 150, "正文前的部分包括封面、摘要和目录，本节说明它们的写法和要求。")
    assert _tables(pdf, tmp_path / "head.pdf") == []


def test_a_tables_header_over_a_lone_rule_at_the_page_top_stays_a_table(tmp_path: Path):
    """A table's rest at the top of a page: its header over the rule, its rows under it in
    the header's columns — no running head."""
    pdf = HandPdf().new_page()
    for x, text in ((90, "项目"), (300, "预算数"), (420, "决算数")):
        pdf.text(x, 50, text)
    pdf.rule(72, 66, 523, 66)
    rows = [
        ("办公费", "120.50", "118.00"),
        ("印刷费", "30.00", "28.40"),
        ("差旅费", "12.00", "11.00"),
    ]
    for i, (label, a, b) in enumerate(rows):
        top = 72 + 18 * i
        pdf.text(90, top, label)
        pdf.text(300, top, a)
        pdf.text(420, top, b)
    tables = _tables(pdf, tmp_path / "rest.pdf")
    assert len(tables) == 1 and tables[0][0] == ["项目", "预算数", "决算数"]
