"""A row spanning a table's width: a caption cut off, or a section of the table (issue 15)."""

from __future__ import annotations

from extractor.loaders.layout import Paragraph, RawTable, split_caption_rows
from extractor.model import Cell, Table


def _table(rows: list[list[str] | str]) -> Table:
    """Rows of two cells, or one text spanning both."""
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        if isinstance(row, str):
            cells.append(Cell(text=row, row=r, col=0, colspan=2))
        else:
            cells += [Cell(text=t, row=r, col=c) for c, t in enumerate(row)]
    return Table(n_rows=len(rows), n_cols=2, cells=cells)


def test_a_section_between_rows_of_figures_stays_in_the_table():
    """Improved operation scenario between rows of figures names the rows below it: one
    table of five rows, as the document draws it."""
    table = _table([["Item", "Cost"], ["Pumps", "12.5"], "Improved scenario", ["Pumps", "9.8"],
                    ["Fans", "3.1"]])  # fmt: skip
    (item,) = split_caption_rows(table, 1)
    assert isinstance(item, RawTable)
    assert item.table.n_rows == 5


def test_a_section_right_under_the_header_stays_in_the_table():
    """按产品档次 between the header and the first products' figures names the rows below:
    one table of five rows (an annual report's grid), not a header row cut off alone.  A
    spanning row over a header row (no figures below it) still cuts."""
    table = _table([["划分类型", "营业收入"], "按产品档次", ["茅台酒", "145,928.31"],
                    ["其他系列酒", "24,683.76"], ["小计", "170,611.84"]])  # fmt: skip
    (item,) = split_caption_rows(table, 1)
    assert isinstance(item, RawTable)
    assert item.table.n_rows == 5
    table = _table([["项目", "说明"], "表2 支出", ["项目", "金额"], ["基本支出", "80.00"]])
    items = split_caption_rows(table, 1)
    assert [type(i) for i in items] == [RawTable, Paragraph, RawTable]


def test_a_caption_over_the_next_tables_header_cuts_the_grid():
    """表2 between the rows of one table and the header of the next: two tables and the
    caption between them; so is a title on the first row and a note on the last."""
    table = _table(["表1 收入", ["项目", "金额"], ["财政拨款", "120.00"], "表2 支出",
                    ["项目", "金额"], ["基本支出", "80.00"], "注：单位万元"])  # fmt: skip
    items = split_caption_rows(table, 1)
    assert [type(i) for i in items] == [Paragraph, RawTable, Paragraph, RawTable, Paragraph]
    assert [i.table.n_rows for i in items if isinstance(i, RawTable)] == [2, 2]


def test_group_rows_each_over_the_same_head_stay_in_the_grid():
    """主营业务分行业情况 over 分行业 | 营业收入, then 主营业务分产品情况 over the same head
    (an annual report's grid): the two full-width rows open the grid's parts, one table of
    six rows, the first row too.  Heads unlike past their first column, rows with nothing
    past it, or a part without figures, are two tables under their captions."""
    rows = ["主营业务分行业情况", ["分行业", "营业收入"], ["生物制药", "1,517.54"],
            "主营业务分产品情况", ["分产品", "营业收入"], ["兽用疫苗", "1,517.54"]]  # fmt: skip
    (item,) = split_caption_rows(_table(rows), 1)
    assert isinstance(item, RawTable)
    assert item.table.n_rows == 6
    unlike = [*rows[:4], ["分产品", "营业成本"], rows[5]]
    items = split_caption_rows(_table(unlike), 1)
    assert [type(i) for i in items] == [Paragraph, RawTable, Paragraph, RawTable]
    no_figures = [*rows[:5], ["兽用疫苗", "见附注"]]
    items = split_caption_rows(_table(no_figures), 1)
    assert [type(i) for i in items] == [Paragraph, RawTable, Paragraph, RawTable]
    bare = [rows[0], ["分行业", ""], rows[2], rows[3], ["分产品", ""], rows[5]]  # no head
    items = split_caption_rows(_table(bare), 1)
    assert [type(i) for i in items] == [Paragraph, RawTable, Paragraph, RawTable]


def test_a_title_over_a_header_of_years_cuts_the_grid():
    """The rows around the spanning row both hold figures, but the one below is the next
    table's header (its label cell empty, years over the columns): two tables."""
    table = _table([["Revenue", "120.0"], ["Costs", "80.5"], "Table 2 Employees",
                    ["", "2020"], ["Staff", "420"]])  # fmt: skip
    items = split_caption_rows(table, 1)
    assert [type(i) for i in items] == [RawTable, Paragraph, RawTable]


def _boxed_rows(path, rows: list[tuple[str, str]]):
    """A fully ruled grid of two columns on a HandPdf page, one row per pair of texts."""
    from handpdf import HandPdf

    doc = HandPdf(page_width=420, page_height=300).new_page()
    doc.text(40, 20, "一、部门基本情况")
    for i in range(3):
        doc.text(40, 200 + 16 * i, "本部门负责全市财政预算编制和执行管理工作，下设机构六个。")
    xs, ys = [40, 160, 380], [40 + 20 * i for i in range(len(rows) + 1)]
    for x in xs:
        doc.bar(x - 0.25, ys[0], x + 0.25, ys[-1])
    for y in ys:
        doc.bar(xs[0], y - 0.25, xs[-1], y + 0.25)
    for (left, right), y in zip(rows, ys, strict=False):
        doc.text(xs[0] + 5, y + 4, left)
        doc.text(xs[1] + 5, y + 4, right)
    return doc.save(path)


def test_one_row_of_boxes_is_a_line_of_text(tmp_path):
    """A contents line drawn in boxes (第一部分 | 部门基本情况) is no table: its text is a line of
    the document, in its place.  Two rows of boxes stay a table."""
    from extractor.loaders import load

    one = load(_boxed_rows(tmp_path / "one.pdf", [("第一部分", "部门基本情况")]))
    assert one.tables() == []
    assert "第一部分部门基本情况" in one.text.replace(" ", "")
    assert any("one row" in d for d in one.source.decisions)
    two = load(_boxed_rows(tmp_path / "two.pdf", [("项目", "金额"), ("财政拨款", "120.00")]))
    (block,) = two.tables()
    assert (block.table.n_rows, block.table.n_cols) == (2, 2)


def test_a_section_over_a_groups_name_under_the_header_stays_in_the_table():
    """委办项目 across the grid under its header, then （一） | 业务费 run over the other
    columns (a budget's 經費概算): the section and the group are the table's rows, one
    table of four rows.  The group's name not run to the right edge, or beside no number
    (a word, nothing), reads as the next table's header: the spanning row cuts."""

    def grid(group: list[Cell]) -> Table:
        head = [Cell(text=t, row=0, col=c) for c, t in enumerate(["项次", "项目", "说明", "数量"])]
        body = [Cell(text=t, row=3, col=c) for c, t in enumerate(["1-1", "撰稿费", "文稿", "600"])]
        section = Cell(text="委办项目", row=1, col=0, colspan=4)
        return Table(n_rows=4, n_cols=4, cells=[*head, section, *group, *body])

    group = [Cell(text="（一）", row=2, col=0), Cell(text="业务费", row=2, col=1, colspan=3)]
    (item,) = split_caption_rows(grid(group), 1)
    assert isinstance(item, RawTable) and item.table.n_rows == 4
    short = [group[0], Cell(text="业务费", row=2, col=1, colspan=2)]
    unnumbered = [Cell(text="", row=2, col=0), group[1]]
    worded = [Cell(text="算支出", row=2, col=0), group[1]]  # a sentence cut by gaps
    nameless = [group[0], Cell(text="", row=2, col=1, colspan=3)]
    alone = [group[0]]
    last = [group[0], Cell(text="业务费", row=2, col=3)]
    three = [
        *group[:1],
        Cell(text="业务费", row=2, col=1),
        Cell(text="说明", row=2, col=2, colspan=2),
    ]
    for row in (short, unnumbered, worded, nameless, alone, last, three):
        items = split_caption_rows(grid(row), 1)
        assert [type(i) for i in items] == [RawTable, Paragraph, RawTable], row


def test_a_list_items_numbering_and_number():
    """Each numbering apart (3、 is not (3)), its number read from digits, a circled digit or
    a Chinese ordinal; an annex (附件2) and a figure (12.5万元) are no list's items."""
    from extractor.loaders.layout import list_item

    assert list_item("3、开展法律知识培训")[1] == 3
    assert list_item("3、已开展 2 次培训讲座。") == list_item("3、开展")  # a sentence too
    assert list_item("（三）项目支出")[1] == 3
    assert list_item("（三）项目支出") != list_item("(3)项目支出")
    assert list_item("③加强管理")[1] == 3
    assert list_item("十二、其他")[1] == 12
    for text in ("附件2", "12.5万元", "项目支出", ""):
        assert list_item(text) is None, text
