"""A binding line down a page's margin (issue 15; 同济's thesis template, heldout25): 装 ┊ 订
┊ 线 printed as characters stacked in the gutter.  Beside every line of prose it made a
second column: the page read as tables of prose | ┊, and the ┊ went into the text."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf

from extractor.loaders import load
from extractor.loaders.pdf_lines import binding_line

SIZE = 10.5
PROSE = [
    "对于数学与应用数学专业的同学，文献引用可以采用数学常用的格式。",
    "目前来说仍应该按照引用顺序编号，引用时不需要上标。",
    "外文文献的作者名字也不用按照国标示例全大写。",
    "如果一本图书只引用同一处内容，则可以在参考文献表中标注页码。",
    "如果图书广泛引用，则不需要多次重复著录和标注页码。",
    "我们也定义了宏来引用文献中的定理。",
]


def _page(tmp_path: Path, x: float, marks: int = 36, name: str = "bound") -> Path:
    pdf = HandPdf().new_page()
    for i, line in enumerate(PROSE):
        pdf.text(90, 160 + 18 * i, line, size=SIZE)
    column = ["┊"] * marks
    for k, word in zip((marks // 4, marks // 2, 3 * marks // 4), "装订线", strict=True):
        column[k] = word
    for k, mark in enumerate(column):
        pdf.text(x, 150 + 14 * k, mark, size=SIZE)
    return pdf.save(tmp_path / f"{name}.pdf")


def test_a_binding_line_is_no_text_and_no_tables_column(tmp_path: Path):
    for x, name in ((560.0, "right"), (40.0, "left")):
        doc = load(_page(tmp_path, x, name=name))
        assert all(b.table is None for b in doc.blocks)
        text = "".join(b.text for b in doc.blocks)
        assert "┊" not in text and "装" not in text and "线" not in text
        assert "外文文献的作者名字" in text
        assert any("binding line" in d for d in doc.source.decisions)


def test_marks_near_the_text_or_too_few_stay(tmp_path: Path):
    # a column of marks right beside the prose (within two ems), or too short, is kept
    near = load(_page(tmp_path, 90 + 31 * SIZE + SIZE, name="near"))
    assert "┊" in "".join(b.text for b in near.blocks)
    few = load(_page(tmp_path, 560.0, marks=7, name="few"))
    assert "┊" in "".join(b.text for b in few.blocks)


def test_a_column_between_texts_is_no_binding_line():
    chars = [
        {"text": t, "x0": x, "x1": x + 5, "size": 10.0, "top": 10.0 * k, "bottom": 10.0 * k + 9}
        for k in range(10)
        for t, x in (("a", 10.0), ("│", 50.0), ("b", 100.0))
    ]
    assert binding_line(chars) == set()
    alone = [c for c in chars if c["text"] != "b"]  # the text all to its left
    assert binding_line(alone) == {id(c) for c in alone if c["text"] == "│"}
    # a typed space beside it is no text
    spaced = [*alone, {**alone[0], "text": " ", "x0": 56.0, "x1": 58.0}]
    assert binding_line(spaced) == {id(c) for c in alone if c["text"] == "│"}
    # bullets stacked in the text's own column: kept, the binding line beside them goes
    bullets = [{**c, "text": "·", "x0": 20.0, "x1": 22.0} for c in alone if c["text"] == "a"]
    assert binding_line(alone + bullets) == {id(c) for c in alone if c["text"] == "│"}
