"""HTML that is a PDF drawn with positioned boxes (issue 12/13: 烟台's budget pages, bu20):
read as the PDF it was made from, so its ruled tables are found; a caption repeated above
a table's continuation on the next page does not cut the table."""

from __future__ import annotations

from extractor.loaders import load, pdf
from extractor.loaders.positioned import is_positioned, pages_of

TEXT = (
    '<div class="p" style="top:{top}pt;left:{left}pt;font-size:10.0pt;position:absolute;">{t}</div>'
)
VRULE = (
    '<div class="r" style="position:absolute;left:{x}pt;top:{top}pt;width:0.0pt;'
    'height:{h}pt;border-right:0.5pt solid #000000;"> </div>'
)
HRULE = (
    '<div class="r" style="position:absolute;left:{x}pt;top:{y}pt;width:{w}pt;'
    'height:0.0pt;border-bottom:0.5pt solid #000000;"> </div>'
)
ROWS = [["项目", "预算数"], ["基本支出", "1,200.00"], ["项目支出", "300.00"], ["合计", "1,500.00"]]


def _page() -> str:
    boxes = [TEXT.format(top=40, left=200, t="收支预算总表")]
    xs, y0, h = (50, 200, 350), 80, 20
    for i, row in enumerate(ROWS):
        for x, t in zip(xs, row, strict=False):
            boxes.append(TEXT.format(top=y0 + i * h + 5, left=x + 4, t=t))
    for i in range(len(ROWS) + 1):
        boxes.append(HRULE.format(x=50, y=y0 + i * h, w=300))
    for x in xs:
        boxes.append(VRULE.format(x=x, top=y0, h=h * len(ROWS)))
    # the page's prose, one box a line, as the converters write it
    for i in range(50):
        boxes.append(TEXT.format(top=200 + i * 12, left=50, t=f"第{i + 1}行说明文字。"))
    return (
        '<div class="page" style="width:595.0pt;height:842.0pt;position:relative;">'
        + "".join(boxes)
        + "</div>"
    )


def test_a_positioned_page_is_read_as_the_pdf_it_was_drawn_from(tmp_path):
    path = tmp_path / "budget.html"
    path.write_text(f"<!DOCTYPE html><html><body>{_page()}</body></html>", encoding="utf-8")
    assert is_positioned(path.read_bytes())
    doc = load(path)
    assert doc.source.format == "html"
    assert any("positioned text boxes" in d for d in doc.source.decisions)
    (block,) = doc.tables()
    t = block.table
    assert [[c.text for c in t.cells if c.row == r] for r in range(t.n_rows)] == ROWS
    assert any("第50行说明文字" in b.text for b in doc.blocks)


def test_an_ordinary_page_is_not_positioned():
    html = (
        "<html><body><p>收支预算总表</p>" + TEXT.format(top=1, left=1, t="x") * 3 + "</body></html>"
    )
    assert not is_positioned(html.encode())
    assert pages_of(html) == []


def _line(text: str, page: int, top: float) -> pdf.Line:
    from test_loaders_pdf import chars

    (ln,) = pdf.chars_to_lines(chars(text, 50, top), page=page)
    return ln


def test_a_caption_repeated_over_the_continuation_does_not_cut_the_table():
    from test_loaders_pdf import part

    def rows(page: int, top: float, labels: list[str]):
        boxes = [((50, top, 150, top + 20), ["项目"]), ((150, top, 300, top + 20), ["预算数"])]
        for i, lab in enumerate(labels, start=1):
            y = top + 20 * i
            boxes += [((50, y, 150, y + 20), [lab]), ((150, y, 300, y + 20), ["1.00"])]
        return part(page, boxes)

    caption = ["公开表2", "收入总体情况表"]
    p1 = [*(_line(t, 1, 60 + 16 * i) for i, t in enumerate(caption)), rows(1, 700, ["甲", "乙"])]
    p2 = [*(_line(t, 2, 60 + 16 * i) for i, t in enumerate(caption)), rows(2, 100, ["丙", "丁"])]
    pages = [
        pdf.PageContent(1, p1, height=842.0),
        pdf.PageContent(2, p2, height=842.0),
    ]
    decisions: list[str] = []
    items = pdf.to_items(pages, decisions)
    tables = [it for it in items if isinstance(it, pdf.RawTable)]
    assert len(tables) == 1
    texts = [c.text for c in tables[0].table.cells if c.col == 0]
    assert [t for t in texts if t in "甲乙丙丁"] == ["甲", "乙", "丙", "丁"]
    assert any("caption line(s) repeated" in d for d in decisions)
    # a different caption on the next page starts a new table
    p2b = [_line("公开表3", 2, 60), _line("支出总体情况表", 2, 76), rows(2, 100, ["丙", "丁"])]
    other = pdf.to_items(
        [pdf.PageContent(1, p1, height=842.0), pdf.PageContent(2, p2b, height=842.0)], []
    )
    assert len([it for it in other if isinstance(it, pdf.RawTable)]) == 2
