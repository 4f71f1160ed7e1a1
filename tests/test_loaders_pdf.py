"""PDF loader, step by step: triage, lines, furniture, grids from cell boxes, joins over pages.

The seed PDF end to end is in ``test_loaders_crossformat.py``; here each pure
step gets the smallest synthetic input that shows one rule, so a change that
breaks a rule names it.
"""

from __future__ import annotations

import pytest

from extractor.loaders import pdf
from extractor.loaders.layout import mark_repeated_headers
from extractor.loaders.normalize import key

SIZE = 10.0
PITCH = 14.0


def chars(text: str, x0: float, top: float, size: float = SIZE) -> list[dict]:
    """pdfplumber-like character dicts for ``text`` set from ``x0`` (CJK 1 em, others ½ em)."""
    out, x = [], x0
    for ch in text:
        w = size if pdf._wide(ch) else size / 2
        out.append(
            {"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size}
        )
        x += w
    return out


def line(text: str, x0: float = 50.0, top: float = 100.0) -> pdf.Line:
    (ln,) = pdf.chars_to_lines(chars(text, x0, top), page=1)
    return ln


# ── triage ────────────────────────────────────────────────────────────────


def test_triage_text_layer():
    ok, why = pdf.triage([500, 800, 30], garbled=0, total=1330)
    assert ok and why.startswith("triage: text layer")


def test_triage_scan_has_no_text_layer():
    ok, why = pdf.triage([0, 3, 0, 0], garbled=0, total=3)
    assert not ok and "no text layer" in why


def test_triage_mostly_scanned_is_no_text_layer():
    """A typed cover page in front of scanned pages is still a scan."""
    n = int(1 / pdf.TEXT_PAGE_MIN_SHARE) + 1
    ok, _ = pdf.triage([300] + [0] * n, garbled=0, total=300)
    assert not ok


def test_triage_garbled_text_layer():
    total = 1000
    garbled = int(total * pdf.GARBLED_MAX_SHARE) + 1
    ok, why = pdf.triage([500, 500], garbled=garbled, total=total)
    assert not ok and "garbled" in why
    assert pdf.triage([500, 500], garbled=garbled - 2, total=total)[0]


def test_garbled_characters_are_recognised():
    for t in ["(cid:123)", "\ue012", "\ufffd"]:
        assert pdf._GARBLED_RE.search(t)
    assert not pdf._GARBLED_RE.search("预算")


# ── characters → lines ────────────────────────────────────────────────────


def test_kangxi_radicals_and_cjk_spaces_are_normalised():
    # U+2F00 ⼀ and U+2F08 ⼈ are what some PDF fonts emit for 一 and 人
    cs = chars("⼀般公共预算", 50, 100) + chars("⼈员", 120, 100)
    (ln,) = pdf.chars_to_lines(cs, page=3)
    assert ln.text == "一般公共预算人员"
    assert ln.page == 3


def test_spaces_between_latin_words_are_kept():
    cs = chars("Page", 50, 100) + chars("one", 50 + 4 * 5 + 4, 100)
    assert pdf.chars_to_lines(cs, 1)[0].text == "Page one"


def test_characters_on_two_baselines_make_two_lines():
    cs = chars("第一行文字", 50, 100) + chars("第二行", 50, 100 + PITCH)
    assert [ln.text for ln in pdf.chars_to_lines(cs, 1)] == ["第一行文字", "第二行"]


@pytest.mark.parametrize(
    "text,width_chars",
    [
        ("预算执行", 1),  # CJK breaks after any character
        ("“三公”经费", 1.5),  # a quote glues to its neighbour (synthetic quotes are ½ em)
        ("“5+2”无休日", 3.5),  # ... on both sides, and a number does not break
        ("（2）梳理", 2.5),  # an opening bracket cannot end a line, a closing one cannot start it
        ("200.13万元", 3),
    ],
)
def test_first_piece_a_line_break_cannot_cut(text, width_chars):
    assert line(text).first_word == pytest.approx(width_chars * SIZE)


def test_short_line_ends_a_paragraph_only_if_the_next_word_would_fit():
    right = 50 + 20 * SIZE
    full = line("一" * 19)  # one character short of the margin
    assert not pdf.ends_paragraph(full, line("二三"), right)
    short = line("一" * 10)
    assert pdf.ends_paragraph(short, line("二三"), right)
    # three ems short: room for 二, not for the unbreakable “5+2”无
    assert pdf.ends_paragraph(line("一" * 17), line("二三"), right)
    assert not pdf.ends_paragraph(line("一" * 17), line("“5+2”无休日"), right)


# ── page furniture ────────────────────────────────────────────────────────


def test_page_numbers_and_running_heads_are_furniture():
    height = 842.0
    pages = []
    for n in range(1, 5):
        foot = pdf.Line(f"- {n} -", 280, 300, 810, 820, SIZE, n)
        head = pdf.Line("湖南城陵矶新港区政务服务中心", 50, 200, 20, 30, SIZE, n)
        body = pdf.Line(f"正文第{n}页", 50, 400, 400, 410, SIZE, n)
        pages.append(([head, body, foot], height))
    dropped = pdf.find_furniture(pages)
    kept = [ln.text for lines, _ in pages for ln in lines if id(ln) not in dropped]
    assert kept == [f"正文第{n}页" for n in range(1, 5)]


def test_a_number_in_the_body_is_not_furniture():
    body = pdf.Line("12", 50, 60, 400, 410, SIZE, 1)
    assert pdf.find_furniture([([body], 842.0)]) == set()


# ── cell boxes → grid ─────────────────────────────────────────────────────


def part(
    page: int, boxes: list[tuple[tuple[float, float, float, float], list[str]]]
) -> pdf.TablePart:
    """A table part from cell boxes (x0, top, x1, bottom) and the lines printed in each."""
    p = pdf.table_part([b for b, _ in boxes], page)
    cs: list[dict] = []
    for (x0, top, _x1, _bottom), lines in boxes:
        for i, t in enumerate(lines):
            cs += chars(t, x0 + 2, top + 2 + i * PITCH)
    assert pdf.assign_chars(p, cs) == []
    return p


def grid_of(acc: pdf.Joined) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(c.row, c.col): (key(c.text), c.rowspan, c.colspan) for c in pdf.to_table(acc).cells}


def joined(*parts: pdf.TablePart, body_bottom: float = 800.0) -> pdf.Joined:
    acc = pdf.Joined(cells=list(parts[0].cells), n_rows=parts[0].n_rows, last=parts[0])
    for p in parts[1:]:
        assert pdf.continues(acc, p, body_bottom, PITCH)
        pdf.join_part(acc, p, body_bottom, PITCH)
    return acc


def test_merged_boxes_become_spans():
    p = part(
        1,
        [
            ((50, 100, 100, 140), ["机构名称"]),  # two rows high
            ((100, 100, 200, 120), ["其中："]),  # two columns wide
            ((100, 120, 150, 140), ["上年结转"]),
            ((150, 120, 200, 140), ["其他"]),
            ((50, 140, 100, 160), ["局机关"]),
            ((100, 140, 150, 160), ["1.00"]),
            ((150, 140, 200, 160), [""]),
        ],
    )
    acc = pdf.Joined(cells=list(p.cells), n_rows=p.n_rows, last=p)
    table = pdf.to_table(acc)
    assert (table.n_rows, table.n_cols) == (3, 3)
    assert grid_of(acc) == {
        (0, 0): ("机构名称", 2, 1),
        (0, 1): ("其中:", 1, 2),
        (1, 1): ("上年结转", 1, 1),
        (1, 2): ("其他", 1, 1),
        (2, 0): ("局机关", 1, 1),
        (2, 1): ("1.00", 1, 1),
        (2, 2): ("", 1, 1),
    }


def test_a_row_cut_by_the_page_break_is_joined_back():
    """The narrative cell runs to the page bottom mid-sentence; its rest opens the next page."""
    full = "一" * 19  # fills the 200-pt column
    p1 = part(
        1,
        [
            ((50, 700, 100, 720), ["概述"]),
            ((100, 700, 300, 720), ["短"]),
            ((50, 720, 100, 790), ["成绩"]),
            ((100, 720, 300, 790), [full] * 5),  # the last line ends 2 pt above the cell bottom
        ],
    )
    p2 = part(
        2,
        [
            ((50, 50, 100, 80), [""]),
            ((100, 50, 300, 80), [full, "完。"]),
            ((50, 80, 100, 100), ["下一行"]),
            ((100, 80, 300, 100), ["内容"]),
        ],
    )
    acc = joined(p1, p2, body_bottom=790.0)
    g = grid_of(acc)
    assert acc.n_rows == 3
    assert g[(1, 0)] == ("成绩", 1, 1)
    assert g[(1, 1)] == (key(full * 6 + "完。"), 1, 1)
    assert g[(2, 0)] == ("下一行", 1, 1)
    assert any("cut by the page break" in d for d in acc.decisions)


def test_a_new_row_after_the_break_is_not_joined():
    """The last row ended well above the page bottom: the next page's first row is its own."""
    p1 = part(1, [((50, 600, 100, 620), ["甲"]), ((100, 600, 300, 620), ["一" * 19])])
    p2 = part(2, [((50, 50, 100, 70), ["乙"]), ((100, 50, 300, 70), ["二"])])
    acc = joined(p1, p2)
    assert acc.n_rows == 2
    assert grid_of(acc)[(1, 0)] == ("乙", 1, 1)


def test_a_vertical_merge_over_the_break_is_one_cell():
    p1 = part(
        1,
        [
            ((50, 600, 100, 640), ["投入"]),  # merged label, continues on page 2
            ((100, 600, 300, 620), ["预算配置"]),
            ((100, 620, 300, 640), ["三公经费"]),
        ],
    )
    p2 = part(2, [((50, 50, 100, 70), [""]), ((100, 50, 300, 70), ["重点支出"])])
    acc = joined(p1, p2)
    g = grid_of(acc)
    assert g[(0, 0)] == ("投入", 3, 1)
    assert (2, 0) not in g
    assert g[(2, 1)] == ("重点支出", 1, 1)


def test_a_header_cut_from_its_body_is_joined():
    """Only the first header row fits on the page; the sub-headers below open the next page."""
    p1 = part(
        1,
        [
            ((50, 780, 100, 800), ["机构名称"]),
            ((100, 780, 150, 800), ["固定资产"]),
            ((150, 780, 250, 800), ["其中："]),
        ],
    )
    p2 = part(
        2,
        [
            ((50, 50, 100, 70), [""]),
            ((100, 50, 150, 70), ["合计"]),
            ((150, 50, 200, 70), ["在用"]),
            ((200, 50, 250, 70), ["出租"]),
            ((50, 70, 100, 90), ["局机关"]),
            ((100, 70, 150, 90), ["39.32"]),
            ((150, 70, 200, 90), ["39.32"]),
            ((200, 70, 250, 90), ["0"]),
        ],
    )
    acc = joined(p1, p2)
    g = grid_of(acc)
    assert g[(0, 0)] == ("机构名称", 2, 1)
    assert g[(0, 1)] == ("固定资产合计", 2, 1)
    assert g[(0, 2)] == ("其中:", 1, 2)
    assert g[(1, 2)] == ("在用", 1, 1) and g[(1, 3)] == ("出租", 1, 1)
    assert [g[(2, c)][0] for c in range(4)] == ["局机关", "39.32", "39.32", "0"]


def test_a_repeated_header_is_kept_and_flagged():
    head = [((50, 0, 100, 20), ["一级指标"]), ((100, 0, 200, 20), ["分值"])]

    def rows(top: float, label: str, n: str):
        shifted = [((x0, t + top, x1, b + top), txt) for (x0, t, x1, b), txt in head]
        return [
            *shifted,
            ((50, top + 20, 100, top + 40), [label]),
            ((100, top + 20, 200, top + 40), [n]),
        ]

    acc = joined(part(1, rows(600, "投入", "15")), part(2, rows(50, "产出", "25")))
    table = pdf.to_table(acc)
    mark_repeated_headers(table)
    assert table.n_rows == 4
    assert table.repeated_header_rows == [2]


def test_a_different_table_on_the_next_page_is_not_joined():
    p1 = part(1, [((50, 700, 100, 720), ["a"]), ((100, 700, 300, 720), ["b"])])
    p2 = part(2, [((50, 50, 200, 70), ["c"]), ((200, 50, 300, 70), ["d"])])
    acc = pdf.Joined(cells=list(p1.cells), n_rows=p1.n_rows, last=p1)
    assert not pdf.continues(acc, p2, 800.0, PITCH)


def test_a_vertical_merge_below_a_repeated_header_gets_its_label_again():
    """Word's "repeat header row": the merged label cannot span the header row between its two
    parts, so the part below the header is a cell of its own, with the label (as when a header
    is repeated by hand, as in the seed's scoring table) and the decision recorded."""
    head = [((50, 0, 100, 20), ["一级指标"]), ((100, 0, 200, 20), ["三级指标"])]

    def at(top: float):
        return [((x0, t + top, x1, b + top), txt) for (x0, t, x1, b), txt in head]

    p1 = part(
        1,
        [
            *at(600),
            ((50, 620, 100, 660), ["过程"]),
            ((100, 620, 200, 640), ["预算调整率"]),
            ((100, 640, 200, 660), ["支付进度"]),
        ],
    )
    p2 = part(
        2,
        [
            *at(50),
            ((50, 70, 100, 110), [""]),
            ((100, 70, 200, 90), ["资金结余"]),
            ((100, 90, 200, 110), ["三公经费"]),
        ],
    )
    acc = joined(p1, p2)
    table = pdf.to_table(acc)
    mark_repeated_headers(table)
    g = grid_of(acc)
    assert table.repeated_header_rows == [3]
    assert g[(1, 0)] == ("过程", 2, 1)
    assert g[(4, 0)] == ("过程", 2, 1)
    assert [g[(r, 1)][0] for r in (4, 5)] == ["资金结余", "三公经费"]
    assert any("repeated header" in d for d in acc.decisions)
