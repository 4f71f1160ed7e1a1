"""Text between rules that is no table, and rules that part no rows (issue 15, heldout7's
pages): a call-out box's bullet list (its shaded box's edges taken for rules), a code
listing whose lines hold no broad letter, and the strips a converter draws at a shaded row's
edges (each a thin empty band: no row, and no empty paragraph between two tables)."""

from __future__ import annotations

from pathlib import Path

from tests.test_pdf_cell_ends import _code
from tests.test_pdf_charts_columns import PROSE, _line, _tables
from tests.test_pdf_shading_prose import _text


def _fill(x0: float, y0: float, x1: float, y1: float, gray: float = 0.85) -> bytes:
    return f"{gray} g {x0} {y0} {x1 - x0} {y1 - y0} re f 0 g\n".encode()


def _rounded(x0: float, y0: float, x1: float, y1: float, r: float = 4.0) -> str:
    """A rectangle's path with rounded corners (a web page's call-out box, printed)."""
    return (
        f"{x0 + r} {y0} m {x1 - r} {y0} l {x1} {y0} {x1} {y0} {x1} {y0 + r} c "
        f"{x1} {y1 - r} l {x1} {y1} {x1} {y1} {x1 - r} {y1} c {x0 + r} {y1} l "
        f"{x0} {y1} {x0} {y1} {x0} {y1 - r} c {x0} {y0 + r} l {x0} {y0} {x0} {y0} {x0 + r} {y0} c h"
    )


def test_a_call_out_boxs_bullet_list_is_no_table(tmp_path: Path):
    """FinGLM's write-up: a shaded call-out box, a line, then two items beside bullets: its
    edges read as rules, the bullets as a column, the items as another."""
    content = b"".join(_text(40, 740 - 12 * i, line) for i, line in enumerate(PROSE[:3]))
    box = _rounded(35, 600, 560, 690)
    content += f"1 0.96 0.92 rg {box} f 1 0.83 0.64 RG {box} S 0 g 0 G\n".encode()
    content += _text(60, 670, "The model is designed to solve two problems.")
    content += _text(80, 650, "\\267") + _text(
        95, 650, "Statistical questions are answered by SQL."
    )
    content += _text(80, 630, "\\267") + _text(
        95, 630, "Loose field names are mapped to the schema."
    )
    content += b"".join(_text(40, 570 - 12 * i, line) for i, line in enumerate(PROSE[3:6]))
    assert _tables(tmp_path, content) == []


def test_a_code_listing_without_broad_letters_is_no_table(tmp_path: Path):
    """ThuThesis's manual: key = value lines in Courier on shaded line bands hold no m or w,
    so the font was not seen to be monospaced and key3 = | value3, read as two columns."""
    lines = ["\\\\thusetup{", "  key3 = value3,", "  key1 = value11,  % over value1", "}"]
    content = b""
    for i, line in enumerate(lines):
        y = 600 - 14 * i
        content += _fill(135, y - 3.5, 481, y + 10.5, 0.95) + _code(140, y, line)
    assert _tables(tmp_path, content) == []


def _listing(tmp_path: Path, numbers: list[str], size: float = 6) -> list[list[list[str]]]:
    """A shaded, framed box of code lines beside small numbers at its left edge."""
    lines = ["#figure(", "  table(", "    columns: 13,", "    rows: 1.8em,", "  )", ")"]
    content = b"".join(_text(40, 740 - 12 * i, line) for i, line in enumerate(PROSE[:3]))
    box = _rounded(35, 600 - 14 * len(lines), 560, 690)
    content += f"0.95 g {box} f 0.8 G {box} S 0 g 0 G\n".encode()
    for i, (n, line) in enumerate(zip(numbers, lines, strict=True)):
        content += _text(42, 670 - 14 * i, n, size) + _code(70, 670 - 14 * i, line)
    return _tables(tmp_path, content)


def test_a_code_listings_line_numbers_are_no_column(tmp_path: Path):
    """The SEU thesis template's manual: a framed, shaded listing numbers its lines 1, 2, 3 …
    in small print at its left edge; the numbers read as a first column beside the code, the
    box's edges as rules.  Numbers under a header (No.), or neither counting from 1 nor set
    smaller than the text, stay a table's."""
    assert _listing(tmp_path, [str(i) for i in range(1, 7)]) == []
    assert len(_listing(tmp_path, ["No.", "1", "2", "3", "4", "5"], size=9)) == 1
    assert _listing(tmp_path, [str(i) for i in range(3, 9)]) == []  # an algorithm's, small
    assert len(_listing(tmp_path, [str(i) for i in range(3, 9)], size=9)) == 1


def _strip_row(y0: float, y1: float) -> bytes:
    """A shaded row as a converter draws it: a strip at its top and bottom edges (2.5 pt) and
    the band between, three fills."""
    return (
        _fill(100, y1 - 2.5, 500, y1)
        + _fill(100, y0 + 2.5, 500, y1 - 2.5)
        + _fill(100, y0, 500, y0 + 2.5)
    )


def test_a_shaded_rows_edge_strips_are_no_rows(tmp_path: Path):
    """海通's 表1: every other row shaded, each drawn as strips: the strips' thin bands were
    rows, and a label spanned its row and the strip above."""
    content = _line(100, 700, 500, 700)
    content += _text(200, 688, "Stocks") + _text(300, 688, "Return") + _text(400, 688, "Ratio")
    content += _strip_row(664, 682)
    content += _text(105, 670, "Long") + _text(200, 670, "502.9")
    content += _text(300, 670, "7.50%") + _text(400, 670, "0.77")
    content += _text(105, 652, "Short") + _text(200, 652, "2323.0")
    content += _text(300, 652, "1.77%") + _text(400, 652, "0.28")
    content += _strip_row(628, 646)
    content += _text(105, 634, "Spread") + _text(300, 634, "5.73%") + _text(400, 634, "0.63")
    content += _line(100, 626, 500, 626)
    tables = _tables(tmp_path, content)
    assert tables == [
        [
            ["", "Stocks", "Return", "Ratio"],
            ["Long", "502.9", "7.50%", "0.77"],
            ["Short", "2323.0", "1.77%", "0.28"],
            ["Spread", "", "5.73%", "0.63"],
        ]
    ]


def test_a_strip_between_a_shaded_header_and_its_row_parts_no_tables(tmp_path: Path):
    """海通's 表2: a header row, then one row of figures shaded with strips at its edges: the
    strip's empty band between them parted the header from its row, two tables of one row
    each, so none was found."""
    content = _line(100, 700, 500, 700)
    content += (
        _text(110, 688, "Significant") + _text(250, 688, "Positive") + _text(400, 688, "Premium")
    )
    content += _line(100, 684, 500, 684)
    content += _strip_row(664, 684)
    content += _text(115, 670, "62.20%") + _text(255, 670, "34.40%") + _text(405, 670, "0.23%")
    content += _line(100, 662, 500, 662)
    tables = _tables(tmp_path, content)
    assert tables == [[["Significant", "Positive", "Premium"], ["62.20%", "34.40%", "0.23%"]]]


def _stacked_table(top: float, caption: str) -> tuple[bytes, float]:
    """A broker's table: its caption, a rule under it, rows of figures set flush with the
    rule's ends (no cell padding), a rule under the last row, the source under it."""
    content = _text(100, top, caption)
    content += _line(100, top - 4, 500, top - 4)
    content += _text(160, top - 16, "Mean") + _text(300, top - 16, "Median")
    content += _text(478, top - 16, "Count")
    y = top - 30
    for i in range(4):
        content += _text(100, y, f"Score {i}") + _text(160, y, f"0.0{i}76")
        content += _text(300, y, f"0.01{i}2") + _text(485, y, f"{i}05")
        y -= 12
    content += _text(100, y, "p-value") + _text(160, y, "0.0030")
    content += _text(300, y, "0.0020") + _text(495, y, "-")
    content += _line(100, y - 3, 500, y - 3)
    content += _text(100, y - 14, "Source: Wind, Huatai Securities")
    return content, y - 14


def test_two_broker_tables_under_their_numbered_captions_are_two(tmp_path: Path):
    """华泰's page of 图表22 and 图表23: each table's bottom rule (its last row's label at the
    rule's start, its last figure flush with its end) was taken for an underline, and the
    source note with the next caption between two tables of the same columns joined them
    into one table; the note over the page foot's rule was a row."""
    first, below = _stacked_table(720, "Table 22: absolute returns")
    second, end = _stacked_table(below - 30, "Table 23: relative returns")
    foot = _line(90, end - 40, 510, end - 40) + _text(100, end - 52, "Please read the notes.")
    tables = _tables(tmp_path, first + second + foot)
    assert [len(t) for t in tables] == [6, 6]
    assert tables[0][-1] == ["p-value", "0.0030", "0.0020", "-"]


def test_a_regression_tables_standard_errors_are_rows_of_their_own(tmp_path: Path):
    """ElegantNote's regression table: each coefficient (-238.90***) with its standard error
    under it in parentheses ((53.08)), the label on the first line only: the two lines were
    read as one row's wrapped text."""
    content = _line(100, 700, 400, 700)
    content += _text(250, 688, "(1)") + _text(330, 688, "(2)")
    content += _line(100, 682, 400, 682)
    rows = [
        ("Efficiency", "-238.90***", "-49.51"),
        ("", "(53.08)", "(86.16)"),
        ("Weight", "", "1.75***"),
        ("", "", "(0.641)"),
        ("Constant", "11,253***", "1,946"),
        ("", "(1,171)", "(3,597)"),
        ("Observations", "74", "74"),
    ]
    y = 668
    for label, a, b in rows:
        content += _text(105, y, label) if label else b""
        content += _text(240, y, a) if a else b""
        content += _text(320, y, b)
        y -= 13
    content += _line(100, y + 6, 400, y + 6)
    tables = _tables(tmp_path, content)
    assert len(tables) == 1 and len(tables[0]) == 8
    assert tables[0][2][1:] == ["(53.08)", "(86.16)"]


def test_word_bullets_are_list_markers():
    """Word's Wingdings bullets come out as ⚫ (U+26AB) or ➢; a first column of them beside
    text is a list, as one of • is (heldout19: a report's metric list read as three tables)."""
    import re

    from extractor.loaders.pdf_fragments import settings

    cfg = settings()
    for bullet in ("⚫", "➢", "►", "◦"):
        assert re.fullmatch(cfg["list_marker"], bullet)
        assert re.fullmatch(cfg["bullet_marker"], bullet)
    assert not re.fullmatch(cfg["bullet_marker"], "1")
