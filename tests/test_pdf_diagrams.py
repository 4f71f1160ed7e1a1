"""A diagram drawn with boxes is no table (issue 15, heldout11's 一图速记 and a corpus
flowchart): rules that make a grid, with an arrow or a connector running between its
boxes, are a drawing; its text stays lines of the page, and no table is read from that text
either.  A diagonal line inside one cell (a table's split header) leaves the table a table."""

from __future__ import annotations

from pathlib import Path

from extractor.loaders import load
from tests.handpdf import HandPdf

LABELS = [["物理层面", "链路层面", "网络层面"], ["频谱光纤", "以太网", "互联网协议"]]


def _page(path: Path, stroke: tuple[float, float, float, float]) -> Path:
    """Two rows of three ruled boxes under a heading, one diagonal ``stroke``, prose under."""
    pdf = HandPdf().new_page()
    pdf.text(72, 60, "1.3.5 四大组织一图速记", size=12)
    xs, ys = [100, 230, 360, 490], [100, 130, 160]
    for x in xs:
        pdf.rule(x, ys[0], x, ys[-1])
    for y in ys:
        pdf.rule(xs[0], y, xs[-1], y)
    for r, row in enumerate(LABELS):
        for c, label in enumerate(row):
            pdf.text(xs[c] + 10, ys[r] + 9, label)
    pdf.rule(*stroke)
    pdf.text(72, 260, "网络体系结构是对网络功能进行分层、定义层间服务与接口的一套蓝图。")
    return pdf.save(path)


def test_boxes_with_an_arrow_running_between_them_are_no_table(tmp_path: Path):
    """An arrow from a box of the lower row up into one of the upper row (in the middle of
    the grid, not a cell's corners): a diagram; its labels are in the text, in no table."""
    doc = load(_page(tmp_path / "diagram.pdf", (165, 150, 295, 110)))
    assert doc.tables() == []
    assert "以太网" in doc.text and "网络层面" in doc.text


def test_a_split_header_line_inside_its_cell_keeps_the_table(tmp_path: Path):
    """The same grid with a diagonal from the first cell's top-left corner to its
    bottom-right one (斜线表头): a table of two rows and three columns."""
    doc = load(_page(tmp_path / "table.pdf", (100, 100, 230, 130)))
    (block,) = doc.tables()
    assert (block.table.n_rows, block.table.n_cols) == (2, 3)
