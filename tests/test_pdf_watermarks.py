"""A broker report's page as published (issue 15, heldout12's 华泰 pages): a downloader's
phone number printed at a slant across the page, and figures set close in a table's row."""

from __future__ import annotations

from pathlib import Path

from extractor.loaders import load
from extractor.loaders.pdf_fragments import fragments
from tests.handpdf import HandPdf

ROWS = [("2014", "0.0%", "2.9%", "-0.6%", "12.60%"), ("2015", "-0.3%", "0.9%", "0.7%", "12.88%"),
        ("2016", "-0.7%", "1.1%", "3.6%", "17.77%"), ("2017", "-0.9%", "2.3%", "1.2%", "7.98%")]  # fmt: skip


def test_text_at_a_slant_is_in_no_table_and_no_line(tmp_path: Path):
    """The watermark 18963999049 drawn at 20 degrees over a table of monthly returns: its
    digits fell into the rows (2015 read 9220001145692017).  Text set at a slant is left out
    of tables and lines, and the document says so; the table reads as printed."""
    pdf = HandPdf().new_page()
    pdf.text(72, 60, "图表38：中国版全天候增强策略的绩效表现（分年度统计）")
    for c, head in enumerate(("年/月", "1", "2", "3", "年化")):
        pdf.text(72 + 80 * c, 90, head)
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            pdf.text(72 + 80 * c, 110 + 16 * r, cell)
    pdf.bar(72, 84, 460, 84.6)
    pdf.bar(72, 103, 460, 103.6)
    pdf.bar(72, 174, 460, 174.6)
    pdf.text_at(120, 200, "18963999049", degrees=20)
    pdf.text(72, 240, "回测结果表明，引入宏观观点进行象限增强可以大幅提升全天候策略的收益表现。")
    doc = load(pdf.save(tmp_path / "mark.pdf"))
    (block,) = doc.tables()
    grid = [[c.text if c else "" for c in row] for row in block.table.grid()]
    assert grid[1:] == [list(r) for r in ROWS]
    assert "18963999049" not in doc.text
    assert any("slant" in d for d in doc.source.decisions)


def _chars(items: list[tuple[float, str]], size: float = 8.0) -> list[dict]:
    """Characters on one line: (x, text) runs set in a font whose every glyph is half an em."""
    out = []
    for x, text in items:
        for ch in text:
            w = size * (0.28 if ch == " " else 0.5)
            out.append({"text": ch, "x0": x, "x1": x + w, "top": 100.0, "bottom": 100.0 + size,
                        "size": size, "upright": True})  # fmt: skip
            x += w
    return out


def test_figures_set_close_are_two_texts():
    """-6.69% and -20.57% 0.55 em apart, 4.92 and 81.82% a typed space and 0.15 em apart:
    two texts each, though narrower than a column gap (0.6 em).  A date and
    its time, a range's dash set apart and two numbers with no space between stay one text."""

    def texts(items):
        return [f.text for f in fragments(_chars(items))[0]]

    assert texts([(100, "-6.69%"), (128.4, "-20.57%")]) == ["-6.69%", "-20.57%"]
    assert texts([(100, "4.92 "), (119.4, "81.82%")]) == ["4.92", "81.82%"]
    assert texts([(100, "2021-06-04 "), (146.2, "09:00")]) == ["2021-06-0409:00"]  # spaces out
    assert texts([(100, "6.50 - 7.00")]) == ["6.50-7.00"]
    assert texts([(100, "1"), (108.3, "1:")]) == ["11:"]


def _listing(path: Path, foot_top: float) -> Path:
    """Three numbered items under a paragraph, then the report's running foot (a notice and
    the page number far right) ``foot_top`` down the page."""
    pdf = HandPdf().new_page()
    pdf.text(
        72, 600, "我们将合成因子视为单因子，构建相对于中证500的全A选股策略并进行回测，方法如下："
    )
    items = ["股票池、回测区间、截面期均与IC测试一致。", "换仓：在每个截面期得到预测值，通过组合优化模型得到新的持仓。",
             "由于神经网络的训练受随机数种子影响较大，测试结果是10次测试的均值。"]  # fmt: skip
    for i, item in enumerate(items):
        pdf.text(72, 620 + 16 * i, f"{i + 1}.")
        pdf.text(96, 620 + 16 * i, item)
    pdf.text(40, foot_top, "谨请参阅尾页重要声明及华泰证券股票和行业评级标准")
    pdf.text(530, foot_top, "15")
    return pdf.save(path)


def test_a_running_foot_with_the_page_number_is_no_tables_row(tmp_path: Path):
    """The foot 谨请参阅尾页重要声明… ⇥ 15 under a numbered list was read into a table with
    the list (15 a figure beside text): set apart at the page's bottom with a page number at
    its end, it is furniture, held out of tables; the same line at the list's pitch is not.
    The list stays the page's text either way."""
    import pdfplumber  # the engine that reads the hand-made font (PDFium cannot measure it)

    from extractor.loaders.pdf import page_foot

    doc = load(_listing(tmp_path / "foot.pdf", 800))
    assert doc.tables() == []
    with pdfplumber.open(_listing(tmp_path / "close.pdf", 668)) as pdf:
        assert page_foot(pdf.pages[0].chars, float(pdf.pages[0].height)) == []
    with pdfplumber.open(tmp_path / "foot.pdf") as pdf:
        chars, height = pdf.pages[0].chars, float(pdf.pages[0].height)
    foot = page_foot(chars, height)
    assert "".join(c["text"] for c in foot).endswith("15")
    # the rule over the foot goes with it; one right under the text (a table's) stays
    from extractor.loaders.pdf import _without_foot

    over_foot, under_text = {"top": 793.0, "x0": 40.0}, {"top": 668.0, "x0": 72.0}
    body, held, rules = _without_foot(chars, [], [over_foot, under_text], height)
    assert rules == [under_text] and len(body) + len(held) == len(chars) and held == foot


def test_a_white_box_drawn_as_a_path_behind_a_cells_text_is_no_rule(tmp_path: Path):
    """Word's 年度报告 grid (海翔 2019 p8) drew a white box behind each line of a cell as a
    four-point path, not a rectangle: its sides cut the row into three and the figures fell
    into other rows.  A white, unstroked four-corner path is no rule; a flowchart's rounded
    boxes are no such path."""
    pdf = HandPdf().new_page()
    xs, ys = [72, 260, 400], [100, 120, 160, 180]
    for x in xs:
        pdf.bar(x - 0.25, ys[0], x + 0.25, ys[-1])
    for y in ys:
        pdf.bar(xs[0], y - 0.25, xs[-1], y + 0.25)
    rows = [("项目", "2019年金额"), ("非流动资产处置损益", "-4,150,774.97"),
            ("委托他人投资的损益", "2,079,074.70")]  # fmt: skip
    for (label, value), y in zip(rows, ys, strict=False):
        pdf.text(xs[0] + 4, y + 5 if y != 120 else y + 14, label)
        pdf.text(xs[1] + 4, y + 5 if y != 120 else y + 14, value)
    h = pdf.page_height
    for top, bottom in ((124, 138), (140, 154)):  # white boxes behind the cell's two lines
        pdf.pages[-1].append(
            f"1 g {xs[1] + 2} {h - top} m {xs[2] - 2} {h - top} l {xs[2] - 2} {h - bottom} l "
            f"{xs[1] + 2} {h - bottom} l f 0 g"
        )
    doc = load(pdf.save(tmp_path / "white.pdf"))
    (block,) = doc.tables()
    grid = [[c.text if c else "" for c in row] for row in block.table.grid()]
    assert grid == [list(r) for r in rows]
