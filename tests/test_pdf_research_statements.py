"""Tables as research reports and annual reports draw them (issue 15, heldout16): a broker's
forecast table whose row rules are thin filled paths a hair off level (the export's matrix
carries rounding noise), its figures padded by spaces set on their digits; a statement whose
current-year column stands on a shaded band drawn a row's piece at a time, rules only
between its sections; a results announcement's statement whose heads are grouped by
spanner rules over the figure columns, its negatives' brackets hanging past their
underlines."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf, width
from handpdf import table_grids as _grids

from extractor.loaders import pdf_parts, pdf_ruled
from extractor.loaders.pdf_ruled import levelled

SIZE = 9.0


# ── rules a hair off the axes ─────────────────────────────────────────────

FORECAST = [
    ("动力电池", "2021A", "2022A", "2023A", "2024A"),
    ("销量GWh", "117", "242", "321", "381"),
    ("YOY", "170%", "107%", "33%", "19%"),
    ("营业收入", "91,491", "236,593", "285,253", "253,041"),
    ("成本", "71,363", "195,965", "221,727", "192,461"),
    ("毛利率", "22%", "17%", "22%", "24%"),
]
LEFT, RIGHT = 100.0, 460.0
BOUNDS = (100.0, 200.0, 265.0, 330.0, 395.0, 460.0)  # column boundaries
PITCH = 16.0


def _noisy_bar(pdf: HandPdf, x0: float, y: float, x1: float, thick: float = 0.3) -> None:
    """A row rule as a thin filled path (not ``re``: pdfminer keeps it a curve) whose right
    end stands 0.00005 pt off its left's level (the rounding noise of a scaled matrix)."""
    h = pdf.page_height
    noise = 0.00005
    pdf.pages[-1].append(
        f"0.6 g {x0:.3f} {h - y:.5f} m {x1:.3f} {h - y + noise:.5f} l "
        f"{x1:.3f} {h - y - thick + noise:.5f} l {x0:.3f} {h - y - thick:.5f} l h f 0 g"
    )


def _noisy_rule(pdf: HandPdf, x0: float, y: float, x1: float) -> None:
    """A stroked row rule whose ends differ by 0.00005 pt (pdfminer calls it upright)."""
    h = pdf.page_height
    pdf.pages[-1].append(
        f"0.3 w 0.6 G {x0:.3f} {h - y:.5f} m {x1:.3f} {h - y + 0.00005:.5f} l S 0 G"
    )


def _padded(pdf: HandPdf, right: float, top: float, figure: str) -> None:
    """``figure`` set flush right at ``right``, padded on its left by three spaces, the last
    of them set on the figure's first digit (as a sheet's export places them)."""
    x = right - width(figure, SIZE)
    space = width(" ", SIZE)
    for ch in figure:
        pdf.text(x, top, ch, SIZE)
        if ch == figure[0]:
            for k in (2, 1, 0):  # written after the digit, the last one on it
                pdf.text(x - k * space, top, " ", SIZE)
        x += width(ch, SIZE)


def _forecast(tmp_path: Path, rule) -> Path:
    pdf = HandPdf().new_page()
    pdf.text(LEFT, 60, "图表49：关键假设表（除特指外为人民币百万）", size=10)
    top = 80.0
    for i, row in enumerate(FORECAST):
        y = top + i * PITCH
        if i:  # the table's top rule exactly level (the header band's), the rest not
            rule(pdf, LEFT, y, RIGHT)
        else:
            pdf.rule(LEFT, y, RIGHT, y, line_width=0.3)
        pdf.text(LEFT + 3, y + 3.5, row[0], SIZE)
        for right, figure in zip(BOUNDS[2:], row[1:], strict=True):
            _padded(pdf, right - 3, y + 3.5, figure)
    bottom = top + len(FORECAST) * PITCH
    pdf.rule(LEFT, bottom, RIGHT, bottom, line_width=0.3)
    for x in BOUNDS[1:-1]:  # column rules between the figure columns, none outside
        pdf.rule(x, top, x, bottom, line_width=0.3)
    pdf.text(LEFT, bottom + 8, "资料来源：Wind，华泰研究预测", size=8)
    return pdf.save(tmp_path / "forecast.pdf")


def test_row_rules_a_hair_off_level_rule_the_rows(tmp_path: Path):
    """Filled paths a hair off level (a curve to pdfminer, neither level nor upright) and
    strokes whose ends differ in the fifth decimal ("v" to pdfminer) are row rules: each row
    is a row, its figures whole (the padding space set on a digit parts nothing)."""
    for rule in (_noisy_bar, _noisy_rule):
        (grid,) = _grids(_forecast(tmp_path, rule))
        assert grid == [list(row) for row in FORECAST], rule.__name__


def test_levelled_sets_only_strokes_miscounted_by_noise():
    flat = {"x0": 10.0, "x1": 300.0, "top": 50.0, "bottom": 50.00004, "orientation": "v"}
    flat |= {"y0": 700.0, "y1": 700.00004, "doctop": 50.0}
    counted = {"x0": 10.0, "x1": 300.0, "top": 80.0, "bottom": 80.00004, "orientation": "h"}
    slope = {"x0": 10.0, "x1": 300.0, "top": 50.0, "bottom": 60.0, "orientation": None}
    upright = {"x0": 20.0, "x1": 20.00002, "top": 50.0, "bottom": 90.0, "orientation": None}
    out, moved = levelled([flat, counted, slope, upright])
    assert moved
    assert out[1] is counted and out[2] is slope  # counted right, or really aslant: kept
    assert out[0]["orientation"] == "h" and out[0]["top"] == out[0]["bottom"]
    assert out[0]["y0"] == out[0]["y1"] and out[0]["doctop"] == 50.00002
    assert out[3]["orientation"] == "v" and out[3]["x0"] == out[3]["x1"] == 20.00001
    assert levelled([counted, slope]) == ([counted, slope], False)


# ── a shaded column drawn a row at a time ─────────────────────────────────

STATEMENT = [
    ("Non-current assets", "非流动资产", "", "", ""),
    ("Property, plant and equipment", "物业、厂房及设备", "14", "35,809", "50,193"),
    ("Right-of-use assets", "使用权资产", "16", "25,293", "56,814"),
    ("Intangible assets", "无形资产", "15", "1,180", "592"),
    ("Total non-current assets", "非流动资产总值", "", "105,056", "199,814"),
    ("Current assets", "流动资产", "", "", ""),
    ("Trade receivables", "贸易应收款项", "19", "31,161", "22,593"),
    ("Term deposits", "定期存款", "21", "350,756", "186,818"),
    ("Total current assets", "流动资产总值", "", "1,801,334", "1,670,964"),
]
COLS = (70.0, 240.0, 390.0, 475.0, 545.0)  # label, Chinese label (left); note, figures (right)
BAND = (411.0, 482.0)  # the current year's shaded column
LINE = 10.5


def _shaded_statement(tmp_path: Path, pieces: bool) -> Path:
    """The statement; ``pieces``: the band drawn down the table a piece at a time (a line,
    the space between two), each abutting the next (else one rectangle per section)."""
    pdf = HandPdf().new_page()
    pdf.text(70, 60, "CONSOLIDATED STATEMENT OF FINANCIAL POSITION 综合财务状况表", size=12)
    top = 120.0
    pdf.rule(COLS[0], top - 4, COLS[-1], top - 4, line_width=0.8)  # under the header
    y = band = top - 4
    sections = [STATEMENT[:5], STATEMENT[5:]]
    for section in sections:
        start = y = y + 4
        for i, row in enumerate(section):
            if i == len(section) - 1:
                y += 3.0  # a rule above the total
                pdf.rule(COLS[0], y - 1.5, COLS[-1], y - 1.5)
            if pieces:
                if band < y:
                    pdf.bar(BAND[0], band, BAND[1], y, gray=0.85)
                pdf.bar(BAND[0], y, BAND[1], y + LINE, gray=0.85)
                band = y + LINE
            label, chinese, note, now, before = row
            pdf.text(COLS[0], y + 1, label, SIZE)
            pdf.text(COLS[1], y + 1, chinese, SIZE)
            for right, figure in zip(COLS[2:], (note, now, before), strict=True):
                if figure:
                    pdf.text(right - width(figure, SIZE), y + 1, figure, SIZE)
            y += LINE
        if not pieces:
            pdf.bar(BAND[0], start, BAND[1], y, gray=0.85)
        pdf.rule(COLS[0], y + 1.5, COLS[-1], y + 1.5)  # under the total
        y += 8.0
    return pdf.save(tmp_path / f"shaded-{pieces}.pdf")


def test_a_shaded_column_drawn_a_line_at_a_time_parts_no_rows(tmp_path: Path):
    """The band's pieces meet edge to edge in one colour: one band to the eye, no row
    boundary through the text; its sides, crossed by the section rules, are no column rules
    (no column is ruled): every line is a row, its figures beside its labels."""
    for pieces in (True, False):
        (grid,) = _grids(_shaded_statement(tmp_path, pieces))
        assert grid == [list(row) for row in STATEMENT], pieces


# ── a results announcement's statement: spanned heads, hanging brackets ────

RESULTS = [
    ("净收入", 42.5, ("539,417", "795,395", "111,728"), False),
    ("营业成本", 56.7, ("(281,913)", "(460,496)", "(64,685)"), True),
    ("毛利", 42.5, ("257,504", "334,899", "47,043"), False),
    ("经营开支：", 42.5, None, False),
    ("销售及营销开支", 56.7, ("(46,218)", "(43,646)", "(6,131)"), False),
    ("研发开支", 56.7, ("(220,248)", "(198,862)", "(27,934)"), True),
    ("经营开支总额", 42.5, ("(334,730)", "(257,533)", "(36,175)"), False),
    ("除所得税及分占权益法投资收益╱", 42.5, None, False),
    ("（亏损）前净（亏损）╱利润", 56.7, ("(70,441)", "283,724", "39,854"), False),
    ("所得税收益╱（开支）", 56.7, ("68", "(27,500)", "(3,863)"), True),
]
ENDS = (382.7, 467.7, 552.8)  # where each figure column's digits end
SPANS = ((309.0, 382.7), (394.0, 467.7), (479.1, 552.8))


def _results(tmp_path: Path) -> Path:
    """Heads over the figure columns only, each spanner ruled under (截至… over all three,
    2025年 over two); negatives' ")" hanging past their digits' column end; subtotals'
    figures underlined; a label wrapped after a "╱", its rest indented."""
    pdf = HandPdf().new_page()
    size = 11.0
    pdf.text(230, 60, "未经审计简明合并综合损益表", size=13)
    pdf.text(110, 90, "（所有金额以千元计，股份及每股数据以及另有注明除外）", size=size)

    def right(end: float, top: float, text: str) -> None:
        hang = width(")", size) if text.endswith(")") else 0.0
        pdf.text(end + hang - width(text, size), top, text, size)

    def centred(a: float, b: float, top: float, text: str) -> None:
        pdf.text((a + b) / 2 - width(text, size) / 2, top, text, size)

    centred(SPANS[0][0], SPANS[2][1], 125, "截至9月30日止三个月")
    pdf.rule(SPANS[0][0], 141, SPANS[2][1], 141)
    centred(*SPANS[0], 146, "2024年")
    centred(SPANS[1][0], SPANS[2][1], 146, "2025年")
    pdf.rule(*SPANS[0][:1], 162, SPANS[0][1], 162)
    pdf.rule(SPANS[1][0], 162, SPANS[2][1], 162)
    for end, head in zip(ENDS, ("人民币", "人民币", "美元"), strict=True):
        right(end, 167, head)
    top = 203.0
    for label, x, figures, underlined in RESULTS:
        pdf.text(x, top, label, size)
        for end, figure in zip(ENDS, figures or (), strict=False):
            right(end, top, figure)
        if underlined:
            for a, b in SPANS:
                pdf.rule(a, top + size + 1.5, b, top + size + 1.5)
        top += 18.5 + (18.0 if underlined else 0.0)  # a blank line after a subtotal
    pdf.text(290, top + 60, "13", size=9)
    return pdf.save(tmp_path / "results.pdf")


def test_a_statement_under_spanned_heads_is_one_table_with_its_heads(tmp_path: Path):
    """The spanners group the figure columns' heads, no table edge: the heads are the
    table's first rows, the labels its first column; the underlines under figures whose ")"
    hangs past them are accounting underlines; 收益╱ ⏎ （亏损）前… is one label."""
    (grid,) = _grids(_results(tmp_path))
    assert grid[:2] == [["", "2024年", "2025年", "2025年"], ["", "人民币", "人民币", "美元"]]
    body = [[label, *(figures or ("",) * 3)] for label, _, figures, _ in RESULTS]
    body[7:9] = [["除所得税及分占权益法投资收益╱（亏损）前净（亏损）╱利润", *RESULTS[8][2]]]
    assert grid[2:] == body


def test_a_negatives_hanging_bracket_stays_over_its_underline():
    """(281,913) with its ")" set past the column's end (its digits end with the rule) is
    a figure over the underline; a figure running as far past without a bracket is not."""
    from extractor.loaders.pdf_parts import Frag
    from extractor.loaders.pdf_rule_groups import _figures_only

    def frag(x0: float, x1: float, text: str) -> Frag:
        return Frag(x0, x1, 248.0, 262.0, 14.0, 0.0, text)

    label = frag(56.7, 113.7, "营业成本")
    assert _figures_only([label, frag(329.7, 387.3, "(281,913)")], 309.0, 382.7)
    assert not _figures_only([label, frag(334.4, 387.3, "281,913")], 309.0, 382.7)
    assert not _figures_only([label, frag(329.7, 393.0, "(281,913)")], 309.0, 382.7)


# ── a bilingual report's highlights: two tables stacked, heads printed again ─

YEARS = ("2024", "2023", "2022")
HIGHLIGHTS = (
    (
        "Year ended 31 March",
        "截至3月31日止年度",
        [
            ("Revenue", "收入", ("854,741", "750,914", "679,627")),
            ("Gross profit", "毛利", ("514,927", "415,564", "400,511")),
        ],
    ),
    (
        "As at 31 March",
        "于3月31日",
        [
            ("Total assets", "总资产", ("1,906,390", "1,870,778", "2,034,705")),
            ("Total liabilities", "总负债", ("751,522", "10,227,407", "7,315,055")),
        ],
    ),
)
FIGURE_ENDS = (330.0, 420.0, 510.0)


def _highlights(tmp_path: Path) -> Path:
    """Each table: a heavy rule, its heads (English, the Chinese under each, text for text;
    the period's centred over the middle column), a rule, its rows (an English label, a Chinese one, figures), a rule; an empty gap between
    the two tables."""
    pdf = HandPdf().new_page()
    pdf.text(70, 60, "FINANCIAL HIGHLIGHTS 财务摘要", size=13)
    top = 100.0

    def right(end: float, y: float, text: str) -> None:
        pdf.text(end - width(text, SIZE), y, text, SIZE)

    for english, chinese, rows in HIGHLIGHTS:
        pdf.rule(70, top, 515, top, line_width=1.2)
        mid = FIGURE_ENDS[1] - 45  # over the middle figure column
        pdf.text(mid - width(english, SIZE) / 2, top + 6, english, SIZE)
        pdf.text(mid - width(chinese, SIZE) / 2, top + 18, chinese, SIZE)
        for end, year in zip(FIGURE_ENDS, YEARS, strict=True):
            right(end, top + 34, year)
            right(end, top + 46, year + "年")
        y = top + 64
        pdf.rule(70, y - 4, 515, y - 4)
        for label, label_zh, figures in rows:
            pdf.text(70, y, label, SIZE)
            pdf.text(170, y, label_zh, SIZE)
            for end, figure in zip(FIGURE_ENDS, figures, strict=True):
                right(end, y, figure)
            y += 13
        pdf.rule(70, y + 2, 515, y + 2)
        top = y + 22  # the empty paragraph between the two tables
    return pdf.save(tmp_path / "highlights.pdf")


def test_two_tables_stacked_with_their_heads_again_are_two(tmp_path: Path):
    """The empty gap between two ruled tables of the same columns parts them when the heads
    are printed again below it; each head's Chinese line joins its English line (one cell's
    two lines), the body rows stay rows."""
    grids = _grids(_highlights(tmp_path))
    assert len(grids) == 2
    for grid, (english, chinese, rows) in zip(grids, HIGHLIGHTS, strict=True):
        assert grid[0][:2] == ["", ""] and {c for c in grid[0] if c} == {english + chinese}
        assert grid[1] == ["", "", *(year + year + "年" for year in YEARS)]
        assert grid[2:] == [[a, b, *f] for a, b, f in rows]


FONTS = [
    ("Windows", "macOS", "其他"),
    ("Arial", "Arial", "TeXGyreHeros"),
    ("Courier", "Menlo", "TeXGyreCursor"),
    ("中易宋体", "华文宋体", "Fandol宋体"),
    ("中易黑体", "华文黑体", "Fandol黑体"),
]


def test_a_table_of_names_keeps_a_chinese_row_under_a_latin_one(tmp_path: Path):
    """A three-line table of names without a figure: 中易宋体 under Courier, text for text, is
    a row of its own (only a statement's heads, above rows of figures, are translated)."""
    pdf = HandPdf().new_page()
    pdf.text(200, 60, "表 2.1 字体", size=10)
    xs = (120.0, 250.0, 380.0)
    top = 80.0
    pdf.rule(110, top, 480, top, line_width=1.0)
    for i, row in enumerate(FONTS):
        y = top + 5 + i * 16 + (4 if i else 0)
        for x, text in zip(xs, row, strict=True):
            pdf.text(x, y, text, SIZE)
        if i == 0:
            pdf.rule(110, y + 14, 480, y + 14)
    pdf.rule(110, top + 5 + len(FONTS) * 16 + 6, 480, top + 5 + len(FONTS) * 16 + 6, 1.0)
    (grid,) = _grids(pdf.save(tmp_path / "fonts.pdf"))
    assert grid == [list(row) for row in FONTS]


SHARES = [
    ("2024年份额", "宁德时代", "LGES", "合计"),
    ("特斯拉", "36%", "31%", "100%"),
    ("通用", "18%", "78%", "100%"),
    ("福特", "6%", "49%", "100%"),
    ("宝马", "56%", "-", "100%"),
    ("综合", "35%", "13%", "100%"),
]


def test_a_boxed_column_beside_ruled_rows_is_cut_into_them(tmp_path: Path):
    """Every row ruled but the last column's, boxes round its figures centred in it (a
    total column boxed for emphasis; one box over two rows, one over three), the columns
    left of it parted by no rule: the boxes' figures, one a row and each level with its row,
    are those rows' cells, not one cell spanning them."""
    pdf = HandPdf().new_page()
    xs = (100.0, 200.0, 270.0)  # where each column starts; the boxed column from 340 to 380
    box = (340.0, 380.0)
    top, pitch = 100.0, 16.0
    bottom = top + pitch * len(SHARES)
    for i, row in enumerate(SHARES):
        y = top + i * pitch
        pdf.rule(xs[0], y, box[1] if i in (0, 1, 3) else box[0], y)  # the boxes' own rules
        for x, text in zip(xs, row, strict=False):
            pdf.text(x + 4, y + 3.5, text, SIZE)
        total = row[-1]
        pdf.text(sum(box) / 2 - width(total, SIZE) / 2, y + 3.5, total, SIZE)
    pdf.rule(xs[0], bottom, box[1], bottom)
    for x in (xs[0], *box):  # no rules between the columns left of the box
        pdf.rule(x, top, x, bottom)
    (grid,) = _grids(pdf.save(tmp_path / "boxed.pdf"))
    assert grid == [list(row) for row in SHARES]


SUMMARY = (
    (
        ("截至12月31日止年度",),
        ("2025年", "2024年"),
        [("经营亏损", ("(205,768)", "(280,852)")), ("年内亏损", ("(208,547)", "(283,351)"))],
    ),
    (
        (),
        ("于2025年12月31日", "于2024年12月31日"),
        [
            ("非流动资产", ("42,951", "28,063")),
            ("流动资产", ("556,283", "190,294")),
            ("总资产", ("599,234", "218,357")),
        ],
    ),
)


def test_heads_under_a_tables_last_rule_start_the_next_table(tmp_path: Path):
    """A financial summary: heads, a rule, rows, a rule; then the next table's heads (no
    label, no figure) right under that rule, its own rule, its rows, a rule.  The second
    heads start a table of their own, and the rows above them stay the first table's."""
    pdf = HandPdf().new_page()
    pdf.text(60, 60, "财务摘要", size=14)
    ends = (380.0, 480.0)
    y = 100.0

    def right(end: float, top: float, text: str) -> None:
        pdf.text(end - width(text, SIZE), top, text, SIZE)

    for spanner, heads, rows in SUMMARY:
        for text in spanner:
            pdf.text(sum(ends) / 2 - 20 - width(text, SIZE) / 2, y, text, SIZE)
            y += 13
        for end, head in zip(ends, heads, strict=True):
            right(end, y, head)
        y += 16
        pdf.rule(60, y, 485, y)
        y += 8
        for label, figures in rows:
            pdf.text(60, y, label, SIZE)
            for end, figure in zip(ends, figures, strict=True):
                right(end + (width(")", SIZE) if figure.endswith(")") else 0), y, figure)
            y += 14
        pdf.rule(60, y, 485, y)
        y += 14
    first, second = _grids(pdf.save(tmp_path / "summary.pdf"))
    assert first[0][0] == "" and {c for c in first[0] if c} == {"截至12月31日止年度"}
    assert first[1:] == [["", "2025年", "2024年"], *([a, *f] for a, f in SUMMARY[0][2])]
    assert second == [["", *SUMMARY[1][1]], *([a, *f] for a, f in SUMMARY[1][2])]


# ── a table whose rules draw one row: its heads and body in it ──────────────

BROKERAGE = [
    (("国泰海通", "15,138", "93%"), ("东方证券", "2,916", "16%")),
    (("中信证券", "14,753", "38%"), ("国联民生", "2,103", "193%")),
    (("广发证券", "9,597", "44%"), ("华安证券", "1,480", "37%")),
    (("华泰证券", "9,122", "41%"), ("合计", "116822", "45%")),
]


def _one_ruled_row(path: Path, heads: bool = True) -> Path:
    """A rule under the caption and one under the table, a rule down the middle between two
    halves of name | 经纪收入 | 经纪收入同比, each head ending in a typed space (no rule
    under them), each half's figures set flush right."""
    pdf = HandPdf().new_page()
    pdf.text(60, 76, "表4：2025年上市券商经纪业务收入", size=SIZE)
    pdf.bar(42.6, 89.7, 552.9, 90.6)
    pdf.bar(42.6, 309.1, 552.9, 310.0)
    pdf.bar(302.6, 90.6, 303.1, 309.1)
    top = 110.0
    for left in (0.0, 255.0) if heads else ():  # each head ends with a typed space
        pdf.text(left + 150, 94, "经纪收入 ", size=SIZE)
        pdf.text(left + 230, 94, "经纪收入同比 ", size=SIZE)
    for i, row in enumerate(BROKERAGE):
        for left, (name, value, share) in zip((0.0, 255.0), row, strict=True):
            pdf.text(left + 60, top + 15.6 * i, name, size=SIZE)
            pdf.text(left + 180 - width(value, SIZE), top + 15.6 * i, value, size=SIZE)
            pdf.text(left + 265 - width(share, SIZE), top + 15.6 * i, share, size=SIZE)
    return pdf.save(path)


def test_heads_and_body_ruled_as_one_row_part_into_rows(tmp_path: Path):
    """A broker's table ruled as one row (the rule under its heads not drawn): its columns
    are cut (a typed space between two heads joins them into one text, but no run of
    characters crosses a column), the heads part from the body at the first figure of two
    columns and more, and the body parts a line a row — no paragraph made of the whole
    table.  Without heads, the one row is a body all the same."""
    (grid,) = _grids(_one_ruled_row(tmp_path / "one.pdf"))
    assert grid[0] == ["", "经纪收入", "经纪收入同比", "", "经纪收入", "经纪收入同比"]
    assert grid[1:] == [[*a, *b] for a, b in BROKERAGE]
    (grid,) = _grids(_one_ruled_row(tmp_path / "bare.pdf", heads=False))
    assert grid == [[*a, *b] for a, b in BROKERAGE]


def _cell(x0: float, *lines: tuple[float, str]) -> pdf_parts.PCell:
    """A cell of one ruled row (90 to 310) holding ``lines`` (top, text), 9 points high."""
    cell = pdf_parts.PCell(x0, x0 + 80, 90, 310, 0, 1, 1)
    cell.lines = [pdf_parts.Line(t, x0 + 2, x0 + 60, top, top + 9, 9.0, 1) for top, t in lines]
    return cell


def test_heads_part_from_figures_only_where_the_cut_is_clean():
    """``_head_cut``: two columns and more of figures under one or two lines of heads, their
    first figures level, nothing across the cut; else no cut."""
    label = _cell(0, (110, "国泰海通"), (126, "中信证券"))
    a = _cell(100, (94, "经纪收入"), (110, "15,138"), (126, "14,753"))
    b = _cell(200, (94, "同比"), (110, "93%"), (126, "38%"))
    assert pdf_ruled._head_cut([label, a, b]) == [(103 + 110) / 2]
    two = _cell(200, (84, "经纪收入"), (94, "同比"), (110, "93%"), (126, "38%"))
    assert pdf_ruled._head_cut([label, a, two]) == [(103 + 110) / 2]
    three = _cell(200, (74, "经纪"), (84, "收入"), (94, "同比"), (110, "93%"), (126, "38%"))
    assert pdf_ruled._head_cut([label, a, three]) is None  # heads of three lines
    assert pdf_ruled._head_cut([label, a]) is None  # one column of figures
    notes = _cell(200, (94, "说明"), (110, "12"), (126, "见附注"))
    assert pdf_ruled._head_cut([label, a, notes]) is None  # texts under a figure
    short = _cell(200, (94, "同比"), (110, "93%"))
    assert pdf_ruled._head_cut([label, a, short]) is None  # one figure under its head
    low = _cell(200, (94, "同比"), (116, "93%"), (132, "38%"))
    assert pdf_ruled._head_cut([label, a, low]) is None  # first figures not level
    close = _cell(200, (102, "同比"), (110, "93%"), (126, "38%"))
    assert pdf_ruled._head_cut([label, a, close]) is None  # a head touching the figures
    across = _cell(0, (100, "国泰海通"), (126, "中信证券"))
    assert pdf_ruled._head_cut([across, a, b]) is None  # a label across the cut
