"""Tables as word processors export them (issue 15): a typed space after every cell's text
between Chinese characters is a column's gap when other lines have a gap there, and a line
naming a figure between two rules parts the figure from the table under it."""

from __future__ import annotations

from pathlib import Path

from extractor.loaders.pdf_fragments import CELL_END, fragments, line_cuts, mark_cell_ends
from tests.test_pdf_charts_columns import PROSE, _line, _tables
from tests.test_pdf_shading_prose import _text


def _chars(top: float, cells: list[tuple[float, str]], size: float = 10.0) -> list[dict]:
    """A line of characters one em wide, each cell's text followed by a typed space."""
    out = []
    for x, text in cells:
        for ch in [*text, " "]:
            w = size if ch != " " else size / 2
            out.append(
                {"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size}
            )
            x += w
    return out


def _texts(chars: list[dict]) -> list[list[str]]:
    return [[f.text for f in lev] for lev in fragments(chars)]


def test_a_space_ending_every_cell_is_a_column_gap_when_lines_share_it():
    """被解释变量␣ ⇥ 违约距离␣: every cell of a thesis's 三线表 ended with a typed space, so
    each line read as one text and no table was found."""
    rows = [
        [(80, "变量类型"), (180, "变量名称"), (300, "变量定义")],
        [(80, "被解释变量"), (180, "违约距离"), (300, "模型计算")],
        [(80, "控制变量"), (180, "企业规模"), (300, "总资产")],
    ]
    chars = [c for i, row in enumerate(rows) for c in _chars(100 + 20 * i, row)]
    assert _texts(chars)[1] == ["被解释变量违约距离模型计算"]  # unmarked: one text a line
    mark_cell_ends(line_cuts(chars))
    assert _texts(chars) == [[t for _, t in row] for row in rows]


def test_a_form_lines_space_and_tab_stay_in_its_text():
    """年␣⇥月␣⇥日 under a table, with one other line laid out alike: no column of a table."""
    chars = _chars(100, [(300, "年"), (340, "月"), (380, "日")])
    chars += _chars(120, [(80, "填报人："), (300, "联系电话：")])
    chars += _chars(140, [(80, "说明：本表数据来源于部门决算报表")])
    mark_cell_ends(line_cuts(chars))
    assert not any(c.get(CELL_END) for c in chars)
    assert _texts(chars) == [
        ["年月日"],
        ["填报人：联系电话："],
        ["说明：本表数据来源于部门决算报表"],
    ]


def test_a_figure_between_a_running_heads_rule_and_a_table_is_no_table(tmp_path: Path):
    """A journal page: the rule under the running head, a plot with its labels in columns,
    its caption (Fig. 6 | …), then a 三线表 of the page's width: the plot was read as the
    table's first rows under the running head."""
    content = _text(40, 770, "Article") + _text(400, 770, "https://doi.org/10.1038/x")
    content += _line(40, 760, 560, 760)  # the running head's rule
    for i, y in enumerate(range(700, 480, -20)):  # the plot's tick labels, in columns
        content += _text(60, y, f"{i * 10}") + _text(300, y, f"{i * 5}") + _text(500, y, "x")
    content += _text(40, 460, "Fig. 6 | Profiles of the reaction at three temperatures.")
    content += _line(40, 440, 560, 440) + _line(40, 420, 560, 420)
    content += _text(45, 427, "Zeolite") + _text(200, 427, "Code") + _text(400, 427, "Rate")
    for i, y in enumerate(range(405, 345, -15)):
        content += _text(45, y, f"Z-{i}") + _text(200, y, f"C{i}") + _text(400, y, f"{i}.5")
    content += _line(40, 340, 560, 340)
    for i, line in enumerate(PROSE[:4]):
        content += _text(40, 320 - 12 * i, line)
    tables = _tables(tmp_path, content)
    assert len(tables) == 1
    assert tables[0][0] == ["Zeolite", "Code", "Rate"]
    assert tables[0][-1] == ["Z-3", "C3", "3.5"]


def _grid(xs: tuple[float, ...], ys: tuple[float, ...]) -> bytes:
    out = b"".join(_line(xs[0], y, xs[-1], y) for y in ys)
    return out + b"".join(_line(x, ys[0], x, ys[-1]) for x in xs)


def test_body_rows_without_rules_between_them_are_a_line_each(tmp_path: Path):
    """Column rules, a rule under the header and none between the body's rows: the body
    was one row of cells holding five lines each."""
    content = _grid((40, 160, 260, 360), (700, 680, 600))
    content += _text(45, 686, "Dataset") + _text(165, 686, "Base") + _text(265, 686, "Notes")
    names = ["PubLayNet [38]", "PRImA [3]", "Newspaper [17]", "TableBank [18]", "HJData [31]"]
    for i, name in enumerate(names):
        y = 666 - 14 * i
        content += _text(45, y, name) + _text(165, y, "F / M") + _text(265, y, f"Layout {i}")
    tables = _tables(tmp_path, content)
    assert tables == [
        [["Dataset", "Base", "Notes"]]
        + [[name, "F / M", f"Layout {i}"] for i, name in enumerate(names)]
    ]


def test_a_groups_rows_without_a_rule_keep_its_name_merged(tmp_path: Path):
    """A standard's table ruled between groups only: 从业人员 ⏎ 营业收入 beside X≥1000 ⏎
    Y≥40000 are two rows, the group's name one line between them is merged over both; a
    header whose cells wrap over two lines (2023 ⏎ budget) stays one row."""
    content = _grid((40, 160, 260, 360), (700, 672, 640, 600))
    content += _text(45, 690, "Sector") + _text(165, 690, "2023") + _text(265, 690, "2024")
    content += _text(165, 678, "budget") + _text(265, 678, "budget")
    content += _text(45, 652, "Farming") + _text(165, 652, "Y>=200") + _text(265, 652, "Y<50")
    content += _text(45, 616, "Industry") + _text(165, 624, "X>=1000") + _text(265, 624, "X<20")
    content += _text(165, 608, "Y>=4000") + _text(265, 608, "Y<300")
    tables = _tables(tmp_path, content)
    assert len(tables) == 1
    assert tables[0][0] == ["Sector", "2023\nbudget", "2024\nbudget"]
    # the group's name is one cell over both rows (the grid gives it at each)
    assert tables[0][2:] == [["Industry", "X>=1000", "X<20"], ["Industry", "Y>=4000", "Y<300"]]


def test_equations_beside_their_numbers_are_no_table(tmp_path: Path):
    """Display equations set with their numbers at the right margin, no rule drawn: read as
    tables of one row (dG = -RT ln K | (13))."""
    content = b""
    for i, eq in enumerate(["dG = -RT ln Kc", "dH = -RT2 d ln Ce", "dS = (dH - dG) / T"]):
        content += _text(60, 700 - 14 * i, eq) + _text(500, 700 - 14 * i, f"({13 + i})")
    assert _tables(tmp_path, content) == []
    numbered = b""  # a column of figures is no equation number: a table
    for i, eq in enumerate(["Iowa", "Minnesota", "Nebraska"]):
        numbered += _text(60, 700 - 14 * i, eq) + _text(500, 700 - 14 * i, f"{13 + i}.5")
    assert len(_tables(tmp_path, numbered)) == 1


def test_an_underlined_heading_is_no_tables_rule(tmp_path: Path):
    """A letter's table under a heading underlined exactly its width (VEHICLES): the
    underline was taken for the table's bottom rule, and the heading for a row of it."""
    content = _text(60, 700, "Please review the list of vehicles shown below.")
    content += _line(90, 680, 520, 680) + _line(90, 668, 520, 668)
    cols = (95, 200, 300, 420)
    for x, t in zip(cols, ("Make", "Model", "Color", "Tag"), strict=True):
        content += _text(x, 671, t)
    for i, row in enumerate(
        [("Toyota", "Camry", "Brown", "111AAA"), ("Toyota", "Prius", "Grey", "222BBB")]
    ):
        for x, t in zip(cols, row, strict=True):
            content += _text(x, 655 - 12 * i, t)
    content += _text(281, 600, "GUESTS")
    width = 9 * (0.778 + 0.722 + 0.667 + 0.667 + 0.611 + 0.667)  # GUESTS in Helvetica
    content += _line(281, 598.5, 281 + width, 598.5)
    content += _text(60, 580, "Guests on the permanent list enter without a call from the gate.")
    tables = _tables(tmp_path, content)
    assert len(tables) == 1
    assert tables[0][-1] == ["Toyota", "Prius", "Grey", "222BBB"]


def test_punctuation_whose_box_hangs_below_its_baseline_stays_on_its_line():
    """A 部门预算 table's 、 ( ) came in a font whose descent put their boxes 7.7 pt below the
    Chinese beside them on the same baseline: (一)一般公共预算资金 read 一一般公共预算资金 ⏎ ( )."""
    from extractor.loaders.pdf_lines import char_rows

    def ch(text: str, x: float, top: float, base: float) -> dict:
        m = (1.0, 0.0, 0.0, 1.0, x, base)
        return {"text": text, "x0": x, "x1": x + 10.3, "top": top, "bottom": top + 10.3,
                "size": 10.3, "matrix": m, "upright": True}  # fmt: skip

    line = [ch(t, 82.0 + 10.5 * i, 238.81, 348.73) for i, t in enumerate("一一般公共")]
    marks = [ch("(", 76.7, 246.56, 349.12), ch(")", 92.4, 246.56, 349.12)]
    below = [ch(t, 82.0 + 10.5 * i, 260.06, 327.48) for i, t in enumerate("二政府")]
    rows = char_rows(line + marks + below)
    texts = ["".join(c["text"] for c in sorted(r, key=lambda c: c["x0"])) for r in rows]
    assert texts == ["(一)一般公共", "二政府"]
    # a character of a vertical font (复 of a flowchart's label set down the page: pdfminer
    # gives it a negative advance and its origin at the glyph's top) shares no baseline
    down = ch("复", 120.0, 246.56, 348.73) | {"adv": -10.3}
    assert len(char_rows([*line, down])) == 2
    assert len(char_rows([*line, down | {"adv": 10.3}])) == 1


def test_a_table_whose_lines_another_took_is_not_kept_empty(tmp_path: Path, monkeypatch):
    """Two regions over the same lines (a broker note's side-by-side tables under chart
    gridlines): the second came out as a 6x6 table of empty cells."""
    import extractor.loaders.pdf as pdf

    found = pdf.unruled_tables

    def twice(*args, **kwargs):
        boxes = found(*args, **kwargs)
        return boxes + boxes

    monkeypatch.setattr(pdf, "unruled_tables", twice)
    content = b""
    for i, row in enumerate([("Index", "1M", "3M"), ("Absolute", "7.18", "80.86")]):
        for x, t in zip((62, 155, 225), row, strict=True):
            content += _text(x, 700 - 14 * i, t)
    content += _line(60, 712, 300, 712) + _line(60, 696, 300, 696) + _line(60, 680, 300, 680)
    assert _tables(tmp_path, content) == [[["Index", "1M", "3M"], ["Absolute", "7.18", "80.86"]]]


def test_numbers_wrapped_in_narrow_cells_stay_one_row(tmp_path: Path):
    """Every cell of a ruled row holding a number cut at its point (3,970,136. ⏎ 24): the
    rows without rules between them took each number's two halves for two rows."""
    content = _grid((40, 120, 190, 260), (700, 680, 640))
    content += _text(45, 686, "Unit") + _text(125, 686, "Total") + _text(195, 686, "Basic")
    content += _text(45, 666, "Office 1") + _text(45, 652, "Bureau")
    content += _text(125, 666, "3,970,136.") + _text(125, 652, "24")
    content += _text(195, 666, "2,048,447.") + _text(195, 652, "84")
    tables = _tables(tmp_path, content)
    assert len(tables) == 1 and len(tables[0]) == 2


def _code(x: float, y: float, line: str) -> bytes:
    """A line of Courier 9 pt set a word at a time (no space drawn between words)."""
    out, col = b"", 0
    for word in line.split(" "):
        if word:
            text = word.replace("(", "\\(").replace(")", "\\)")
            out += f"BT /F2 9 Tf {x + 5.4 * col} {y} Td ({text}) Tj ET\n".encode()
        col += len(word) + 1
    return out


def test_a_code_listing_in_a_monospaced_font_is_no_table(tmp_path: Path):
    """A paper's code listing on shaded line bands, its words set one by one in Courier: a
    word space is one character (0.6 em) wide, and every word was a column."""
    lines = [
        "import layoutparser as lp",
        'image = cv2.imread("image_file") # load images',
        "model = lp.Detectron2LayoutModel(",
        '    "lp://PubLayNet/faster_rcnn_R_50_FPN_3x/config")',
        "layout = model.detect(image) # detect the layout",
    ]
    content = b""
    for i, line in enumerate(lines):
        y = 600 - 11 * i
        content += f"0.95 g 135 {y - 2.5} 346 11 re f 0 g\n".encode() + _code(140, y, line)
    assert _tables(tmp_path, content) == []
