"""Tables as government budget books print them (issue 15, heldout19): ruled down every
column and around the heads, never between the body's rows, so the whole body is one ruled
row.  The rows are the figure columns' lines: each row's label starts level with its
figures (an account code, its name on the line below; a note wrapped over lines), a sparse
code column holds a figure only in the rows it numbers, and a total's label may stand a
little above its figures.  (The books print traditional script; the texts here are
simplified, as the loader gives a traditional document's.)"""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf, width
from handpdf import table_grids as _grids

SIZE = 9.0
LEFT, RIGHT = 60.0, 540.0
XS = (60.0, 80.0, 100.0, 240.0, 320.0, 400.0, 470.0, 540.0)  # column boundaries
HEAD_TOP, HEAD_MID, BODY_TOP, BOTTOM = 100.0, 115.0, 130.0, 420.0
PAD = 3.0


def _right(pdf: HandPdf, col: int, top: float, figure: str) -> None:
    pdf.text(XS[col + 1] - PAD - width(figure, SIZE), top, figure, SIZE)


def _frame(pdf: HandPdf, bottom: float = BOTTOM) -> None:
    """The budget book's rules: the box, the heads' rules, every column's rule down to the
    foot, and nothing between the body's rows."""
    for y in (HEAD_TOP, BODY_TOP, bottom):
        pdf.rule(LEFT, y, RIGHT, y)
    pdf.rule(XS[0], HEAD_MID, XS[3], HEAD_MID)  # under 科目, over 款 项 名称
    for i, x in enumerate(XS):
        pdf.rule(x, HEAD_MID if i in (1, 2) else HEAD_TOP, x, bottom)
    pdf.text(XS[0] + PAD, HEAD_TOP + 2, "科目", SIZE)
    for col, head in ((0, "款"), (1, "项"), (2, "名称")):
        pdf.text(XS[col] + PAD, HEAD_MID + 2, head, SIZE)
    for col, head in ((3, "本年度预算数"), (4, "上年度预算数"), (5, "比较"), (6, "说明")):
        pdf.text(XS[col] + PAD, HEAD_TOP + 8, head, SIZE)


# (款, 项, label lines, figures, note lines, label raised by)
BOOK = [
    ("", "", ["合计"], ("2,906,223", "2,708,729", "197,494"), [], 0.0),
    ("02", "", ["04000000000", "罚款及赔偿收入"], ("-", "-", "-"), [], 0.0),
    (
        "",
        "1",
        ["04020040000", "审计部台北市审计处及所属"],
        ("84,572", "74,630", "9,942"),
        [],
        0.0,
    ),
    (
        "",
        "2",
        ["04020040300", "赔偿收入"],
        ("70,437", "64,743", "5,694"),
        ["前年度决算数系", "厂商履约违约金"],
        0.0,
    ),
    ("04", "", ["07000000000", "财产收入"], ("2", "2", "-"), [], 0.0),
    ("", "", ["总计"], ("2,906,225", "2,708,731", "197,494"), [], 4.0),
]


def _book(
    path: Path,
    rows=BOOK,
    pitch: float = 11.0,
    gap: float = 26.0,
    extra: tuple[tuple[int, float, str], ...] = (),
) -> Path:
    """A budget book's page: ``rows`` of (款, 项, label lines, figures, note lines, how far the
    label is raised) ``gap`` apart, and ``extra`` figures (column, offset below the first
    row's line, figure) set where no row's line is."""
    pdf = HandPdf().new_page()
    _frame(pdf)
    y = BODY_TOP + 4
    for kuan, xiang, label, figures, note, raised in rows:
        if kuan:
            pdf.text(XS[0] + PAD, y, kuan, SIZE)
        if xiang:
            pdf.text(XS[1] + PAD, y, xiang, SIZE)
        for i, line in enumerate(label):
            pdf.text(XS[2] + PAD, y - raised + i * pitch, line, SIZE)
        for col, figure in enumerate(figures, start=3):
            if figure:
                _right(pdf, col, y, figure)
        for i, line in enumerate(note):
            pdf.text(XS[6] + PAD, y + i * pitch, line, SIZE)
        y += gap
    for col, below, figure in extra:
        _right(pdf, col, BODY_TOP + 4 + below, figure)
    return pdf.save(path)


def test_budget_book_body_reads_a_row_per_figure_line(tmp_path: Path) -> None:
    (table,) = _grids(_book(tmp_path / "book.pdf"))
    body = table[2:]
    assert body == [
        ["", "", "合计", "2,906,223", "2,708,729", "197,494", ""],
        ["02", "", "04000000000罚款及赔偿收入", "-", "-", "-", ""],
        ["", "1", "04020040000审计部台北市审计处及所属", "84,572", "74,630", "9,942", ""],
        [
            "",
            "2",
            "04020040300赔偿收入",
            "70,437",
            "64,743",
            "5,694",
            "前年度决算数系厂商履约违约金",
        ],
        ["04", "", "07000000000财产收入", "2", "2", "-", ""],
        ["", "", "总计", "2,906,225", "2,708,731", "197,494", ""],
    ]


def test_budget_book_rows_one_line_apart(tmp_path: Path) -> None:
    """Rows a line apart, every label one line (a comparison table of agencies)."""
    rows = [
        ("", "", ["监察院主管"], ("2,906,223", "2,708,729", "197,494"), [], 0.0),
        ("6", "", ["监察院"], ("1,097,119", "1,053,933", "43,186"), [], 0.0),
        ("", "1", ["审计部"], ("1,361,155", "1,247,611", "113,544"), [], 0.0),
        ("", "2", ["审计部台北市审计处"], ("84,572", "74,630", "9,942"), [], 0.0),
    ]
    (table,) = _grids(_book(tmp_path / "agencies.pdf", rows, gap=13.0))
    assert [row[:4] for row in table[2:]] == [
        ["", "", "监察院主管", "2,906,223"],
        ["6", "", "监察院", "1,097,119"],
        ["", "1", "审计部", "1,361,155"],
        ["", "2", "审计部台北市审计处", "84,572"],
    ]


def test_label_wrapped_onto_its_figures_is_not_cut_from_them(tmp_path: Path) -> None:
    """A label wrapped so that its last line stands by its figures (the first line above
    them, running on into the second): which row the first line belongs to is not for the
    figure lines to say, so the body is not cut by them."""
    pdf = HandPdf().new_page()
    _frame(pdf)
    y = BODY_TOP + 4
    lines = [("监察院", ("1,097,119", "1,053,933", "43,186"))]
    lines += [("审计部台北市审计处及其他各所", None), ("审计处", ("84,572", "74,630", "9,942"))]
    for text, figures in lines:
        pdf.text(XS[2] + PAD, y, text, SIZE)
        for col, figure in enumerate(figures or (), start=3):
            _right(pdf, col, y, figure)
        y += 11.0
    (table,) = _grids(pdf.save(tmp_path / "wrapped.pdf"))
    assert not any(row[2] == "审计部台北市审计处及其他各所" for row in table)
    assert not any(row[2] == "审计处" for row in table)


def test_figures_wrapped_in_a_ruled_row_stay_one_row(tmp_path: Path) -> None:
    """Among rows ruled apart, a row whose figures wrap in their narrow cells (４０．８ ⏎ ９)
    is one row: the figure lines cut only a body that is the table's one row of figures."""
    pdf = HandPdf().new_page()
    xs = (60.0, 160.0, 199.0, 238.0)
    tops = (100.0, 116.0, 132.0, 158.0, 174.0)
    for y in tops:
        pdf.rule(xs[0], y, xs[-1], y)
    for x in xs:
        pdf.rule(x, tops[0], x, tops[-1])
    rows = [
        (["机构"], ["收入"], ["支出"]),
        (["局机关"], ["８３．９１"], ["１０"]),
        (["妇幼保健", "计划生育中心"], ["４０．８", "９"], ["１０．４", "６"]),
        (["合计"], ["１２４．８"], ["２０．４６"]),
    ]
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            for i, line in enumerate(cell):
                pdf.text(xs[c] + 1.5, tops[r] + 3 + i * 11.0, line, SIZE)
    (table,) = _grids(pdf.save(tmp_path / "wrapped-figures.pdf"))
    assert len(table) == 4
    assert table[2][1] == "４０．８９"


def test_rows_whose_texts_overlap_are_not_cut(tmp_path: Path) -> None:
    """A note running on past the next row's figures: no cut between them holds each row's
    text, so the body stays one row."""
    rows = [
        (
            "",
            "",
            ["监察院"],
            ("1,097,119", "1,053,933", "43,186"),
            ["增列员额", "及业务费", "用"],
            0.0,
        ),
        ("", "", ["审计部"], ("1,361,155", "1,247,611", "113,544"), [], 0.0),
        ("", "", ["审计处"], ("84,572", "74,630", "9,942"), [], 0.0),
    ]
    (table,) = _grids(_book(tmp_path / "overlap.pdf", rows, gap=13.0))
    assert len(table) == 3
    assert table[2][3] == "1,097,1191,361,15584,572"


def test_a_figure_between_rows_is_no_row_of_its_own(tmp_path: Path) -> None:
    """A figure standing between two rows' lines (a subtotal set between the rows it adds
    up): the figure lines do not say which row it is of, so the body is not cut."""
    rows = [
        ("", "", ["监察院"], ("1,097,119", "1,053,933"), [], 0.0),
        ("", "1", ["审计部"], ("1,361,155", "1,247,611"), [], 0.0),
        ("", "2", ["审计处"], ("84,572", "74,630"), [], 0.0),
    ]
    book = _book(tmp_path / "between.pdf", rows, gap=13.0, extra=((5, 6.5, "2,458,274"),))
    (table,) = _grids(book)
    assert len(table) == 3


# ── rows of wrapped texts, ruled down only ────────────────────────────────

TX = (60.0, 160.0, 220.0, 380.0, 540.0)  # 药剂 | 倍数 | 施药方法 | 注意事项


def _texts_table(path: Path, rows: list[list[list[str]]], columns=TX) -> Path:
    """A table ruled down its columns and round its one row of heads, each body row's cells
    texts wrapped over lines (pitch 11) and the rows set a blank line (9 pt) apart."""
    pdf = HandPdf().new_page()
    heads = ["药剂名称", "稀释倍数", "施药方法", "注意事项"][: len(columns) - 1]
    top, body = 100.0, 116.0
    for k, head in enumerate(heads):
        pdf.text(columns[k] + PAD, top + 3, head, SIZE)
    y = body + 4
    for row in rows:
        for k, cell in enumerate(row):
            for i, line in enumerate(cell):
                pdf.text(columns[k] + PAD, y + i * 11.0, line, SIZE)
        y += 11.0 * max(len(cell) for cell in row) + 9.0
    for yy in (top, body, y + 10):
        pdf.rule(columns[0], yy, columns[-1], yy)
    for x in columns:
        pdf.rule(x, top, x, y + 10)
    return pdf.save(path)


PESTICIDES = [
    [["25.9%得克利", "水基乳剂"], ["2,000"], ["稻种直接消毒24小", "时后，再浸水催芽。"], []],
    [
        ["50%免赖得", "可湿性粉剂"],
        ["1,000"],
        ["稻种预先浸水催芽，", "至萌芽时即刻浸渍", "于左列药液内。"],
        ["1.消毒后不必水洗", "即可播种。", "2.药液可连续使用"],
    ],
    [["30%布生乳剂"], ["60倍（每", "百公斤）"], ["稻种浸渍时加搅拌。"], ["药液可连续使用。"]],
]


def test_rows_of_wrapped_texts_read_from_where_they_start(tmp_path: Path) -> None:
    """A pesticide table (heldout14's rice-seed page): no figure column sets the rows, but
    every row's texts start level, a blank line under the row above, the label among them;
    a numbered note's second item (2.药液…) starts no row of its own."""
    (table,) = _grids(_texts_table(tmp_path / "pesticides.pdf", PESTICIDES))
    assert [row[0] for row in table] == [
        "药剂名称",
        "25.9%得克利水基乳剂",
        "50%免赖得可湿性粉剂",
        "30%布生乳剂",
    ]
    assert table[2][3] == "1.消毒后不必水洗即可播种。2.药液可连续使用"
    assert table[3][1] == "60倍（每百公斤）"


def test_a_label_beside_its_paragraphs_is_one_row(tmp_path: Path) -> None:
    """A form's label beside its value, the value's paragraphs set a blank line apart: two
    cells start texts level, no more, so the paragraphs stay one cell."""
    rows = [
        [["职能职责"], ["负责推进全区政务公开。"]],
        [[], ["一、深化制度改革。"]],
        [[], ["二、整合窗口服务。"]],
    ]
    (table,) = _grids(_texts_table(tmp_path / "form.pdf", rows, columns=(60.0, 160.0, 540.0)))
    assert len(table) == 2


def test_a_label_spread_down_its_cell_beside_paragraphs_is_one_row(tmp_path: Path) -> None:
    """A long label spread a few characters a line down a narrow cell, its lines as far
    apart as the one-line paragraphs beside it (a 部门整体支出 form's 总体运行情况): each
    level pair starts two texts, never three, so no rows are read from them."""
    pdf = HandPdf().new_page()
    cols = (60.0, 110.0, 540.0)
    label = ["年度部", "门总体", "运行情", "况及成", "绩"]
    paragraphs = ["一、深化制度改革。", "二、整合窗口服务。", "三、优化营商环境。"]
    paragraphs += ["四、推进政务公开。", "五、强化队伍建设。"]
    for i, (a, b) in enumerate(zip(label, paragraphs, strict=True)):
        pdf.text(cols[0] + PAD, 104 + 20.0 * i, a, SIZE)
        pdf.text(cols[1] + PAD, 104 + 20.0 * i, b, SIZE)
    pdf.text(cols[0] + PAD, 85, "项目", SIZE)
    pdf.text(cols[1] + PAD, 85, "内容", SIZE)
    for y in (80.0, 98.0, 210.0):
        pdf.rule(cols[0], y, cols[-1], y)
    for x in cols:
        pdf.rule(x, 80.0, x, 210.0)
    (table,) = _grids(pdf.save(tmp_path / "spread.pdf"))
    assert len(table) == 2


def test_rows_whose_label_is_merged_over_them_are_left_whole(tmp_path: Path) -> None:
    """Texts starting level in three columns but not in the label's (a group's label merged
    over its rows): which rows the label spans is not read from them, so none is cut."""
    rows = [
        [["稻种消毒", "药剂"], ["2,000"], ["稻种直接消毒。"], ["不必水洗。"]],
        [[], ["1,000"], ["稻种预先浸水。"], ["即可播种。"]],
        [[], ["800"], ["浸渍时加搅拌。"], ["可连续使用。"]],
    ]
    (table,) = _grids(_texts_table(tmp_path / "merged.pdf", rows))
    assert len(table) == 2


def test_a_figure_level_with_no_row_is_of_none(tmp_path: Path) -> None:
    """A second figure under a row's figure in a column of few figures, level with no row's
    figures (an amount of the row's note set under it): which row it is of is not for the
    figure lines to say, so the body is not cut (a label's line so set runs on with its
    row)."""
    rows = [
        ("", "", ["监察院"], ("1,097,119", "1,053,933", "43,186"), [], 0.0),
        ("", "1", ["审计部"], ("1,361,155", "1,247,611", ""), [], 0.0),
        ("", "2", ["审计处"], ("84,572", "74,630", ""), [], 0.0),
    ]
    (table,) = _grids(_book(tmp_path / "under.pdf", rows, extra=((5, 11.0, "12,000"),)))
    assert len(table) == 3
