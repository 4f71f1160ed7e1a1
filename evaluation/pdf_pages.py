"""Table boundaries on hand-drawn pages: what real reports put beside their tables.

Each page is drawn with ``tests/handpdf.py`` (so its tables are known exactly) and read
by the loader and by pdfplumber's ``extract_tables`` (``lines`` and ``text`` strategies)
in the same run; a page is right when the tables found have the drawn shapes, in order:

* ``frame`` — a frame around the whole page's text, a ruled table inside it;
* ``two_tables`` — two ruled tables one under the other, 12 pt apart;
* ``side_by_side`` — two ruled tables side by side;
* ``chart`` — a bar chart's gridlines and bars above a ruled table;
* ``bullets`` — a bullet list with a second column of text above a ruled table;
* ``textbox`` — a framed note (a text box) above a ruled table;
* ``threeline_two`` — two 三线表 with a centred caption between them;
* ``turned`` / ``sideways`` — a landscape page stored portrait, with and without
  ``/Rotate 90`` (without it the text runs up the page).

Run: ``python -m evaluation.pdf_pages [OUT_DIR]`` (made in a temporary directory by default).
These pages were written while fixing the loader: they are a check, not a held-out set.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from extractor.loaders import load
from tests.handpdf import GridCell, HandPdf, draw_grid


def grid(doc, x0, top, rows, widths):
    cells = [GridCell(r, c, [t]) for r, row in enumerate(rows) for c, t in enumerate(row)]
    return draw_grid(doc, x0, top, widths, [18] * len(rows), cells)


T1 = [
    ("项目", "预算数", "执行数"),
    ("人员经费", "120.00", "118.50"),
    ("公用经费", "30.00", "29.10"),
]
T2 = [
    ("指标", "目标值", "完成值", "得分"),
    ("满意度", "≥90%", "96%", "10"),
    ("及时率", "100%", "100%", "10"),
]


def frame():
    doc = HandPdf().new_page()
    # a frame around the whole page's text
    for a in [(30, 30, 565, 31), (30, 810, 565, 811), (30, 30, 31, 811), (564, 30, 565, 811)]:
        doc.bar(*a)
    doc.text(60, 60, "一、部门基本情况")
    doc.text(60, 80, "本部门主要职能是负责全区的财政预算编制和执行工作，按规定报送决算。")
    grid(doc, 60, 110, T1, [120, 100, 100])
    doc.text(60, 200, "二、其他说明")
    doc.text(60, 220, "无。")
    return doc, [(3, 3)]


def two_tables():
    doc = HandPdf().new_page()
    doc.text(60, 60, "表一")
    b = grid(doc, 60, 80, T1, [120, 100, 100])
    grid(doc, 60, b + 12, T2, [100, 80, 80, 60])
    return doc, [(3, 3), (3, 4)]


def side_by_side():
    doc = HandPdf().new_page()
    grid(doc, 40, 80, T1, [80, 60, 60])
    grid(doc, 290, 80, T2, [70, 60, 60, 40])
    return doc, [(3, 3), (3, 4)]


def chart():
    doc = HandPdf().new_page()
    doc.text(60, 60, "图1 近三年支出变化情况")
    for i, y in enumerate(range(100, 260, 30)):  # gridlines with axis labels
        doc.rule(100, y, 500, y)
        doc.text(70, y - 5, str(500 - i * 100), 9)
    doc.rule(100, 100, 100, 250)
    for x, (lab, h) in zip(
        (150, 280, 410), (("2022年", 90), ("2023年", 120), ("2024年", 60)), strict=True
    ):
        doc.bar(x, 250 - h, x + 40, 250)
        doc.text(x + 2, 256, lab, 9)
    doc.text(60, 300, "从上图可以看出，支出逐年变化。")
    grid(doc, 60, 330, T1, [120, 100, 100])
    return doc, [(3, 3)]


def bullets():
    doc = HandPdf().new_page()
    doc.text(60, 60, "主要工作：")
    items = ["完成年度预算编制", "开展绩效自评", "推进资产清查", "加强内部控制"]
    for i, t in enumerate(items):
        doc.text(70, 80 + i * 16, "●")
        doc.text(90, 80 + i * 16, t)
        doc.text(300, 80 + i * 16, f"{i + 1}月")
    grid(doc, 60, 180, T2, [100, 80, 80, 60])
    return doc, [(3, 4)]


def textbox():
    doc = HandPdf().new_page()
    for a in [(50, 50, 545, 51), (50, 120, 545, 121), (50, 50, 51, 121), (544, 50, 545, 121)]:
        doc.bar(*a)
    doc.text(60, 60, "注：本表金额单位为万元，数据来源于部门决算报表。")
    doc.text(60, 80, "说明：合计数与分项数之和的尾差系四舍五入所致。")
    grid(doc, 60, 150, T1, [120, 100, 100])
    return doc, [(3, 3)]


def threeline_two():
    doc = HandPdf().new_page()

    def three(top, xs, rows):
        doc.bar(40, top - 0.75, 500, top + 0.75)
        y = top + 4
        for i, row in enumerate(rows):
            for x, t in zip(xs, row, strict=True):
                doc.text(x, y, t)
            y += 16
            if i == 0:
                doc.bar(40, y - 0.25, 500, y + 0.25)
        doc.bar(40, y - 0.75, 500, y + 0.75)
        return y

    y = three(80, (45, 200, 350), T1)
    doc.text(200, y + 14, "表2 绩效指标")
    three(y + 40, (45, 160, 280, 400), T2)
    return doc, [(3, 3), (3, 4)]


def _turned_page(flag: bool):
    doc = HandPdf(page_width=842, page_height=595, rotate=90, rotate_flag=flag).new_page()
    doc.text(60, 50, "一、部门收支预算总表")
    grid(doc, 60, 80, [*T1, ("合计", "150.00", "147.60")], [250, 200, 200])
    doc.text(60, 170, "本表反映部门预算的执行情况。")
    return doc, [(4, 3)]


def turned():
    return _turned_page(True)


def sideways():
    return _turned_page(False)


CASES = [frame, two_tables, side_by_side, chart, bullets, textbox, threeline_two, turned, sideways]


def shapes_plumber(path: Path, strategy: str) -> list[tuple[int, int]]:
    import pdfplumber

    settings = {"vertical_strategy": strategy, "horizontal_strategy": strategy}
    with pdfplumber.open(str(path)) as d:
        return [
            (len(t), max(len(r) for r in t))
            for pg in d.pages
            for t in pg.extract_tables(settings)
            if t
        ]


def run(out: Path) -> int:
    right = {"ours": 0, "lines": 0, "text": 0}
    for case in CASES:
        doc, want = case()
        path = doc.save(out / f"{case.__name__}.pdf")
        got = {
            "ours": [(b.table.n_rows, b.table.n_cols) for b in load(path).tables()],
            "lines": shapes_plumber(path, "lines"),
            "text": shapes_plumber(path, "text"),
        }
        for tool, shapes in got.items():
            right[tool] += shapes == want
        cols = "  ".join(f"{tool} {shapes}" for tool, shapes in got.items())
        print(f"{case.__name__:14} want {want}  {cols}")
    print("pages right: " + ", ".join(f"{t} {n}/{len(CASES)}" for t, n in right.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        Path(argv[0]).mkdir(parents=True, exist_ok=True)
        return run(Path(argv[0]))
    with tempfile.TemporaryDirectory(prefix="pdfpages-") as tmp:
        return run(Path(tmp))


if __name__ == "__main__":
    raise SystemExit(main())
