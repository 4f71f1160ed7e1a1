"""Tables on pages as journals and reports lay them out (issue 15): a chart's frame, ticks,
legend and tick labels are no table; a rule drawn a column at a time is one rule; on a page
set in two columns a table in one column is read without the prose beside it, and the rule
under a running head across both columns is no table's."""

from __future__ import annotations

import itertools
from pathlib import Path

from extractor.loaders import load
from extractor.loaders.pdf_charts import chart_areas
from extractor.loaders.pdf_page_columns import page_gutter
from extractor.loaders.pdf_parts import Frag, RuleRow
from extractor.loaders.pdf_rule_groups import _rule_gutters, explicit_line, running_head_across
from tests.test_pdf_shading_prose import _grids, _text

FONT = (
    b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    b" /F2 << /Type /Font /Subtype /Type1 /BaseFont /Courier >> >> >>"
)

PROSE = [
    "The parameters of each model were calculated from the",
    "experimental data and are reported in the table here.",
    "All parameters except the initial concentration of dye",
    "were set at the optimum values found in the section on",
    "optimization; solutions with different concentrations",
    "of dye were prepared and the removal was carried out on",
    "the adsorbent until no changes in the concentration of",
    "dye within the aqueous solution were observed by us all.",
    "Then the adsorbent material was taken from the solution",
    "and was dried in an oven at ninety degrees for a day or",
    "so; the weight of adsorbent and adsorbed material was",
    "measured and the amount adsorbed was then calculated.",
]


def _line(x0: float, y0: float, x1: float, y1: float) -> bytes:
    return f"{x0} {y0} m {x1} {y1} l S\n".encode()


def _tables(tmp_path: Path, content: bytes) -> list[list[list[str]]]:
    return _grids(tmp_path, content, FONT)


def _read(path: Path) -> list[list[list[str]]]:
    """The tables of the PDF at ``path``, each as rows of cell texts."""
    return [
        [[(c.text if c else "") for c in row] for row in b.table.grid()]
        for b in load(path).blocks
        if b.table is not None
    ]


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {**explicit_line(x0, top, x1, bottom), "orientation": "h" if top == bottom else "v"}


def _chars(n: int = 20) -> list[dict]:
    return [{"size": 9.0} for _ in range(n)]


def test_an_axis_with_evenly_spaced_ticks_makes_a_chart_area():
    axis = _edge(100, 300, 300, 300)
    ticks = [_edge(x, 300, x, 302) for x in (100, 140, 180, 220, 260, 300)]
    areas = chart_areas([axis, *ticks], _chars())
    assert len(areas) == 1
    x0, top, x1, bottom = areas[0]
    assert x0 < 100 and x1 > 300 and top < 300 < bottom
    assert chart_areas([axis, *ticks[:3]], _chars()) == []  # three ticks: too few
    uneven = [_edge(x, 300, x, 302) for x in (100, 113, 180, 191, 270)]
    assert chart_areas([axis, *uneven], _chars()) == []


def test_a_dashed_rule_crossing_a_rule_is_no_axis():
    """Dashes of vertical dashed rules touch a horizontal rule as a tick would, but each goes
    on in line beyond its free end: a table's dashed column rules, not ticks."""
    axis = _edge(100, 300, 300, 300)
    dashes = []
    for x in (100, 140, 180, 220, 260, 300):
        dashes += [_edge(x, 300 + k * 4, x, 302 + k * 4) for k in range(6)]
    assert chart_areas([axis, *dashes], _chars()) == []


def _rect(x0: float, top: float, x1: float, bottom: float) -> list[dict]:
    """A filled rectangle's four sides as both engines give them: top, bottom, left, right."""
    sides = [
        (x0, top, x1, top),
        (x0, bottom, x1, bottom),
        (x0, top, x0, bottom),
        (x1, top, x1, bottom),
    ]
    return [{**_edge(*side), "object_type": "rect_edge", "fill": True} for side in sides]


def test_a_rules_pieces_and_a_shaded_headers_strips_are_no_ticks():
    """鼎泰新材's 预案 (Word): a table's thick top rule drawn a cell at a time, with a
    1.5-pt square where it crosses each column rule, and its grey header drawn as strips
    round each cell: at evenly spaced columns their short sides touch the rule as ticks
    would, and the header and first row were read as a chart's labels."""
    cols = [84.6, 270.4, 350.4, 430.4, 510.8]
    edges: list[dict] = []
    for i, (a, b) in enumerate(itertools.pairwise(cols)):
        edges += _rect(a + 1.5 * (i > 0), 87.6, b, 89.1)  # the rule's piece over the cell
        edges += _rect(b, 87.6, b + 1.5, 89.1) if b < cols[-1] else []  # over a column rule
        left = a + 0.7 * (i > 0)  # the cell's inside, past the column rule
        edges += _rect(left, 89.1, b, 91.2) + _rect(left, 106.8, b, 109.0)  # header strips
    assert chart_areas(edges, _chars()) == []
    # a square's sides are no ticks, however evenly spaced the squares on a long rule
    squares = [side for x in cols for side in _rect(x, 87.6, x + 1.5, 89.1)]
    assert chart_areas([*_rect(84.6, 86.1, 512.3, 87.6), *squares], _chars()) == []
    # two strokes closer than ``tick_min_gap_pt`` are one tick, not a spacing
    pairs = [_edge(x + d, 89.1, x + d, 91.2) for x in cols[1:4] for d in (0.0, 0.7, 1.5)]
    assert chart_areas([_edge(271.1, 89.1, 350.4, 89.1), *pairs], _chars()) == []
    # ticks drawn as thin filled bars across the axis are ticks still
    bars = [side for x in (100, 140, 180, 220, 260) for side in _rect(x, 300, x + 0.5, 303)]
    assert len(chart_areas([_edge(100, 300, 300, 300), *bars], _chars())) == 1
    # ... and stubby ones, 1.1 pt wide and 1.9 long (a journal's plots, gmft's page 7)
    stubs = [side for x in (100, 140, 180, 220, 260) for side in _rect(x, 298.1, x + 1.1, 300)]
    assert len(chart_areas([_edge(100, 300, 300, 300), *stubs], _chars())) == 1


def _chart(x0: float, y0: float) -> bytes:
    """A plot 200 × 120 pt with its lower-left corner at (x0, y0): frame, gridlines, ticks
    on the bottom and left axes, tick labels, a legend box with two entries, notes."""
    out = f"{x0} {y0} 200 120 re S\n".encode()
    for i in range(6):
        x = x0 + 40 * i
        out += _line(x, y0, x, y0 + 2) + _text(x - 4, y0 - 10, str(20 * i), 8)
    for i in range(5):
        y = y0 + 30 * i
        out += _line(x0, y, x0 + 200, y) + _text(x0 - 18, y - 3, f"{0.5 * i:.1f}", 8)
        out += _line(x0, y, x0 + 2, y)
    out += f"{x0 + 130} {y0 + 92} 60 24 re S\n".encode()
    out += _text(x0 + 150, y0 + 105, "Exp.", 8) + _text(x0 + 150, y0 + 95, "Calc.", 8)
    out += _text(x0 + 20, y0 + 105, "(a)", 8)
    for i, note in enumerate(["y = 0.396x + 3.274", "R2 = 0.891", "n = 12"]):
        out += _text(x0 + 20, y0 + 70 - 10 * i, note, 8)
        out += _text(x0 + 120, y0 + 70 - 10 * i, f"{i + 1}.5", 8)
    return out


def test_a_chart_is_no_table_and_a_table_under_it_is_read(tmp_path):
    body = _chart(80, 560) + _chart(330, 560)
    body += _text(60, 500, "Table 1 Parameters of the models")
    for i, (name, a, b) in enumerate(
        [
            ("Model", "Value", "Error"),
            ("Langmuir", "159", "0.984"),
            ("Freundlich", "2.52", "0.891"),
            ("Temkin", "29.245", "0.970"),
            ("Dubinin", "420.0", "0.910"),
        ]
    ):
        y = 480 - 14 * i
        body += _text(60, y, name) + _text(220, y, a) + _text(320, y, b)
    tables = _tables(tmp_path, body)
    texts = [" ".join(c for row in t for c in row) for t in tables]
    assert not any("Exp." in t or "Calc." in t or "0.396x" in t for t in texts), texts
    assert len(tables) == 1
    assert [r[0] for r in tables[0]][-4:] == ["Langmuir", "Freundlich", "Temkin", "Dubinin"]


def test_a_rule_drawn_a_column_at_a_time_spans_the_whole_table(tmp_path):
    """The rules of a 三线表 drawn in pieces, one per column, the last one narrower than a
    rule alone would be: the table's last column is inside the table."""
    body = b""
    for y in (700, 684, 600):
        body += _line(60, y, 160, y) + _line(160, y, 270, y) + _line(270, y, 295, y)
    body += _text(62, 690, "Model") + _text(165, 690, "Parameter") + _text(272, 690, "Val")
    rows = [("Langmuir", "qm", "159"), ("Freundlich", "n", "2.52"), ("Temkin", "B", "29.2")]
    for i, (a, b, c) in enumerate(rows):
        y = 670 - 16 * i
        body += _text(62, y, a) + _text(165, y, b) + _text(272, y, c)
    (table,) = _tables(tmp_path, body)
    assert table[0] == ["Model", "Parameter", "Val"]
    assert [r[2] for r in table[1:]] == ["159", "2.52", "29.2"]


def _prose(x: float, y: float, i: int) -> bytes:
    """A full line of a justified page column: 44 characters of Courier, 9 pt."""
    line = (PROSE[i % len(PROSE)] + " " * 44)[:44].replace(" ", "~")
    return f"BT /F2 9 Tf {x} {y} Td ({line}) Tj ET\n".encode()


def _two_columns(body: bytes, left_rows: range, right_rows: range, top: float = 760) -> bytes:
    for i in left_rows:
        body += _prose(50, top - 12 * i, i)
    for i in right_rows:
        body += _prose(310, top - 12 * i, i + 5)
    return body


def test_a_table_in_one_page_column_is_read_without_the_prose_beside_it(tmp_path):
    body = _two_columns(b"", range(6), range(40))
    body += _text(50, 676, "Table 2 Kinetic models")
    for i, (name, a, b) in enumerate(
        [
            ("Model", "k", "R2"),
            ("Linear", "0.0604", "0.927"),
            ("Pseudo", "0.018", "0.999"),
            ("Intra", "1.766", "0.992"),
            ("Elovich", "0.131", "1.000"),
        ]
    ):
        y = 660 - 12 * i
        body += _text(50, y, name) + _text(150, y, a) + _text(230, y, b)
    for i in range(15, 30):
        body += _prose(50, 760 - 12 * i, i)
    (table,) = _tables(tmp_path, body)
    assert [r[0] for r in table][-5:] == ["Model", "Linear", "Pseudo", "Intra", "Elovich"]
    assert max(len(r) for r in table) == 3, table
    assert not any("the" in c for row in table for c in row), table


def test_the_rule_under_a_running_head_across_two_columns_is_no_tables():
    """On a page in two columns, a rule alone across the gutter with at most two lines above
    it is the running head's: it starts no table; one in a page column, or lower, may."""
    gutter = (50.0, 280.0, 310.0, 545.0)
    head = [{"text": "P", "x0": 50, "x1": 56, "top": 30, "bottom": 39, "size": 9}]
    body = [{**head[0], "top": 30 + 12 * i, "bottom": 39 + 12 * i} for i in range(6)]
    across = RuleRow(45, [(50, 545)])
    assert running_head_across(across, gutter, head)
    assert not running_head_across(RuleRow(45, [(50, 280)]), gutter, head)
    assert not running_head_across(RuleRow(110, [(50, 545)]), gutter, body)


def _frag(x0: float, x1: float, top: float) -> Frag:
    return Frag(x0, x1, top, top + 9, 9.0, 10.0, "x")


def test_a_gutter_needs_full_prose_lines_on_both_sides():
    two = [[_frag(50, 280, 10 * i), _frag(310, 545, 10 * i)] for i in range(8)]
    assert page_gutter(two, 12.0) == (50, 280, 310, 545)
    one = [[_frag(50, 545, 10 * i)] for i in range(8)]
    assert page_gutter(one, 12.0) is None
    table = [[_frag(50, 90, 10 * i), _frag(300, 330, 10 * i)] for i in range(8)]
    assert page_gutter(table, 12.0) is None  # short texts in two columns: no page columns


def test_tables_side_by_side_with_rules_at_the_same_heights_are_two_tables(tmp_path):
    """Two 三线表 side by side (a broker's forecast pages): their top and header rules drawn
    at the same heights with a gap between, their bottoms at different heights."""
    from handpdf import HandPdf

    doc = HandPdf(page_width=595, page_height=400).new_page()
    left = [
        ["主要指标", "2021", "2022E"],
        ["每股收益", "1.07", "2.91"],
        ["每股净资产", "7.13", "10.43"],
        ["毛利率", "33.7%", "35.0%"],
        ["净利润率", "11.0%", "12.8%"],
    ]
    right = [
        ["利润表", "2021", "2022E"],
        ["营业总收入", "1,567", "3,684"],
        ["营业成本", "1,038", "2,394"],
        ["营业税金", "6", "18"],
        ["营业费用", "63", "147"],
        ["管理费用", "131", "313"],
    ]
    for x0, x1, rows in ((34, 290, left), (310, 570, right)):
        doc.rule(x0, 60, x1, 60)
        doc.rule(x0, 76, x1, 76)
        for i, row in enumerate(rows):
            top = 64 if i == 0 else 66 + 16 * i
            for x, text in zip((x0 + 2, x0 + 130, x0 + 200), row, strict=True):
                doc.text(x, top, text, 9)
        doc.rule(x0, 82 + 16 * len(rows), x1, 82 + 16 * len(rows))
    path = doc.save(tmp_path / "side.pdf")
    grids = _read(path)
    assert [g[0] for g in grids] == [left[0], right[0]], grids
    assert [len(g) for g in grids] == [len(left), len(right)]


def test_a_gap_in_one_row_of_rules_alone_parts_no_tables():
    """A rule stopping short (a header's column groups under 因素 and 水平) is no gutter; a
    gap two rows share with no rule crossing it between them is."""
    cmid = [
        RuleRow(81, [(51, 289)]),
        RuleRow(98, [(51, 168), (183, 289)]),
        RuleRow(114, [(51, 289)]),
    ]
    assert _rule_gutters(cmid) == []
    side = [RuleRow(82, [(34, 291), (309, 572)]), RuleRow(94, [(34, 291), (309, 572)])]
    assert _rule_gutters(side) == [(291, 309), (291, 309)]
    crossed = [side[0], RuleRow(88, [(34, 572)]), side[1]]
    assert _rule_gutters(crossed) == []


def test_a_regulations_articles_and_their_items_are_no_table(tmp_path):
    """第十四条 … with its items (一) (二) (三), an item wrapped onto a second line that starts
    left of the items' text: numbered text, not a table."""
    from handpdf import HandPdf

    doc = HandPdf(page_width=595, page_height=400).new_page()
    lines = [
        (40, "第十四条", 100, "工会经费审查委员会委员名额一般为3—7人，设主任委员1人。"),
        (60, "(一)", 100, "熟悉工会财务和审计业务。"),
        (60, "(二)", 100, "熟悉国家财政政策及相关规定。"),
        (60, "(三)", 100, "办事公道，坚持原则。"),
        (40, "第十五条", 100, "工会女职工委员会委员候选人应符合以下条件："),
        (60, "(一)", 100, "应由女性工会主席或副主席担任，若企业无女性工会主席的，由符"),
        (80, "", 0, "合相应条件的女性工会委员担任。"),
        (60, "(二)", 100, "有较强的参政议事能力。"),
    ]
    for i, (x, mark, tx, text) in enumerate(lines):
        top = 60 + 18 * i
        if mark:
            doc.text(x, top, mark)
            doc.text(tx, top, text)
        else:
            doc.text(x, top, text)
    path = doc.save(tmp_path / "articles.pdf")
    assert [b for b in load(path).blocks if b.table is not None] == []


def _stacked(doc, gap_text: list[tuple[float, str]]) -> None:
    """Two 三线表 sharing their right end, the second wider, ``gap_text`` between them."""
    years = ["2022", "2023", "2024E"]
    doc.rule(170, 60, 539, 60)
    doc.rule(170, 76, 539, 76)
    doc.text(300, 64, years[0], 9), doc.text(380, 64, years[1], 9), doc.text(460, 64, years[2], 9)
    for i, label in enumerate(["营业收入", "净利润", "每股收益"]):
        top = 80 + 14 * i
        doc.text(172, top, label, 9)
        for k, x in enumerate((300, 380, 460)):
            doc.text(x, top, f"{i + 1}{k}.5", 9)
    doc.rule(170, 124, 539, 124)
    for top, text in gap_text:
        doc.text(58, top, text, 9)
    doc.rule(57, 160, 539, 160)
    doc.text(58, 164, "公司", 9), doc.text(200, 164, "收盘价", 9), doc.text(380, 164, "市盈率", 9)
    doc.rule(57, 178, 539, 178)
    for i in range(3):
        top = 182 + 14 * i
        doc.text(58, top, f"公司{i + 1}", 9)
        doc.text(200, top, f"{i + 5}.6", 9)
        doc.text(380, top, f"{i + 8}.4", 9)
    doc.rule(57, 226, 539, 226)


def test_a_numbered_caption_between_two_tables_parts_them(tmp_path):
    """表2：可比公司估值 between two 三线表 that share their right end (so their rules
    group): a numbered caption names the table below, wherever in its columns it starts."""
    from handpdf import HandPdf

    doc = HandPdf(page_width=595, page_height=300).new_page()
    _stacked(doc, [(146, "表2：可比公司估值")])
    path = doc.save(tmp_path / "stacked.pdf")
    grids = _read(path)
    assert [len(g) for g in grids] == [4, 4], grids
    assert grids[1][0] == ["公司", "收盘价", "市盈率"]


def test_a_paragraph_with_a_gap_in_a_line_is_no_tables_band(tmp_path):
    """A rule over a heading and a paragraph, then a 三线表 as wide: the paragraph, one of
    whose lines has a gap (a name blacked out), parts the rule from the table."""
    from handpdf import HandPdf

    doc = HandPdf(page_width=595, page_height=400).new_page()
    doc.rule(170, 40, 539, 40)
    doc.text(170, 46, "投资建议：主品牌短期承压", 14), doc.text(480, 46, "来增长", 14)
    para = [
        "上半年公司在去年较高基数上保持稳健的收入增长和盈利水平，第三",
        "季度行业环境进一步变差、公司收入出现低双位数下滑，主要受主品",
        "司的购物中心和电商渠道仍有较大的增长潜力，同时",
        "奥莱项目有望快速发展，增厚公司收入和利润，公司现金流充裕，分",
        "有良好的现金回报。基于四季度及明年消费复苏趋势仍然较弱，下调",
    ]
    for i, line in enumerate(para):
        doc.text(170, 70 + 14 * i, line, 10.5)
    doc.text(440, 70 + 14 * 2, "表后，阿迪", 10.5)
    doc.rule(170, 150, 539, 150)
    doc.text(300, 154, "2022", 9), doc.text(400, 154, "2023", 9)
    doc.rule(170, 166, 539, 166)
    for i, label in enumerate(["营业收入", "净利润", "每股收益"]):
        doc.text(172, 170 + 14 * i, label, 9)
        doc.text(300, 170 + 14 * i, f"{i}1.5", 9), doc.text(400, 170 + 14 * i, f"{i}2.5", 9)
    doc.rule(170, 214, 539, 214)
    path = doc.save(tmp_path / "para.pdf")
    grids = _read(path)
    table = next(g for g in grids if any("营业收入" in c for row in g for c in row))
    assert table[0][-2:] == ["2022", "2023"], table
    assert len(table) == 4, table


def test_rows_drawn_as_shaded_bands_are_a_tables_rows(tmp_path):
    """A sparse table with no rule, every other row on a grey band 24 pt tall (zebra stripes,
    the header on a band of its own): the bands' edges are its rows, so rows whose cells are
    mostly empty stay apart instead of the table breaking at every wide gap."""
    rows = [
        ("Product Code", "Location", "Expected", "Actual"),
        ("SKU-8847", "A-12", "450", ""),
        ("", "B-07", "", "289"),
        ("SKU-9201", "", "780", "778"),
        ("", "C-15", "", ""),
        ("SKU-4563", "D-22", "", "156"),
        ("", "", "180", ""),
    ]
    body = b""
    for i, row in enumerate(rows):
        y = 700 - 24 * i
        if i % 2 == 0:
            body += f"0.95 g 75 {y - 7} 460 24 re f 0 g\n".encode()
        for x, text in zip((80, 200, 300, 400), row, strict=True):
            if text:
                body += _text(x, y, text, 10)
    (table,) = _tables(tmp_path, body)
    assert len(table) == len(rows), table
    assert table[2][1:] == ["B-07", "", "289"], table


def test_a_tables_rules_close_under_a_chart_are_the_tables(tmp_path):
    """A broker note's sidebar: a price chart, then a 三线表 a few points under its tick
    labels, its rules drawn a column at a time, each piece within the plot's width: the
    rules went with the chart's margin and the header with its labels."""
    body = _chart(80, 560)
    for y in (546, 534, 498):  # wider than the plot, within 4 em of its frame
        body += _line(60, y, 150, y) + _line(150, y, 220, y) + _line(220, y, 300, y)
    body += _text(62, 537, "Index") + _text(155, 537, "1M") + _text(225, 537, "3M")
    for i, (a, b, c) in enumerate([("Absolute", "7.18", "80.86"), ("Relative", "8.10", "78.39")]):
        y = 522 - 14 * i
        body += _text(62, y, a) + _text(155, y, b) + _text(225, y, c)
    tables = _tables(tmp_path, body)
    assert tables == [
        [["Index", "1M", "3M"], ["Absolute", "7.18", "80.86"], ["Relative", "8.10", "78.39"]]
    ]
