"""PDF loader, step by step: triage, lines, furniture, grids from cell boxes, joins over pages.

The seed PDF end to end is in ``test_loaders_crossformat.py``; here each pure
step gets the smallest synthetic input that shows one rule, so a change that
breaks a rule names it.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from extractor.loaders import (
    pdf,
    pdf_cell_columns,
    pdf_fragments,
    pdf_lines,
    pdf_parts,
    pdf_rule_groups,
    pdf_unruled,
)
from extractor.loaders.layout import mark_repeated_headers
from extractor.loaders.normalize import is_wide, key

SIZE = 10.0
PITCH = 14.0


def chars(text: str, x0: float, top: float, size: float = SIZE) -> list[dict]:
    """pdfplumber-like character dicts for ``text`` set from ``x0`` (CJK 1 em, others ½ em)."""
    out, x = [], x0
    for ch in text:
        w = size if is_wide(ch) else size / 2
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
        assert pdf.GARBLED_RE.search(t)
    assert not pdf.GARBLED_RE.search("预算")


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
    assert pdf.ends_paragraph(line("一" * 16 + "。"), line("二三"), right)
    assert not pdf.ends_paragraph(line("一" * 16 + "。"), line("“5+2”无休日"), right)
    # ... but a line filling 85% of the measure that stops inside a run of Han characters
    # goes on: a ragged right edge (占固定资 ⏎ 产总额的87.84%), not a paragraph's end
    assert not pdf.ends_paragraph(line("一" * 17), line("二三"), right)
    assert pdf.ends_paragraph(line("一" * 16), line("二三"), right)
    # a 目录 entry ends its line, however full
    assert pdf.ends_paragraph(line("一" * 14 + "……12"), line("二三"), right)


def test_a_full_line_stopping_inside_a_sentence_goes_on():
    right = 50 + 20 * SIZE
    # a comma or a semicolon ends no paragraph (…18,417.70 万元， ⏎ 比 2025 年增加…)
    assert not pdf.ends_paragraph(line("一" * 16 + "，"), line("二三"), right)
    assert not pdf.ends_paragraph(line("一" * 16 + "；"), line("二三"), right)
    assert pdf.ends_paragraph(line("一" * 16 + "。"), line("二三"), right)
    # a number and its unit on the next line are one figure (…费支出 222.5 ⏎ 万元，占…)
    assert not pdf.ends_paragraph(line("一" * 15 + "222.5"), line("万元，占"), right)
    assert pdf.ends_paragraph(line("一" * 15 + "222.5"), line("二三"), right)
    # ... where the line fills its measure: a short one is a paragraph of its own
    assert pdf.ends_paragraph(line("一" * 8 + "222.5"), line("万元，占"), right)


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


def _merge_below_header(label_again: bool) -> pdf.Joined:
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
            ((50, 70, 100, 110), ["过程" if label_again else ""]),
            ((100, 70, 200, 90), ["资金结余"]),
            ((100, 90, 200, 110), ["三公经费"]),
        ],
    )
    return joined(p1, p2)


def test_a_header_repeated_inside_a_merge_is_dropped():
    """Word's and LibreOffice's "repeat header row" (tblHeader): the header is printed again on
    the next page, inside a merged label that goes on below it with nothing printed there.
    The header is the producer's, not the document's: dropped, and the merge is one cell."""
    acc = _merge_below_header(label_again=False)
    table = pdf.to_table(acc)
    mark_repeated_headers(table)
    g = grid_of(acc)
    assert table.n_rows == 5 and table.repeated_header_rows == []
    assert g[(1, 0)] == ("过程", 4, 1)
    assert [g[(r, 1)][0] for r in range(1, 5)] == ["预算调整率", "支付进度", "资金结余", "三公经费"]
    assert any("dropped: a merged cell runs through" in d for d in acc.decisions)


def test_a_header_repeated_by_hand_is_kept_with_the_labels_below_it():
    """A header repeated by hand stands where the author split the merges and wrote the label
    again (as in the seed's scoring table): kept and flagged, each part its own cell."""
    acc = _merge_below_header(label_again=True)
    table = pdf.to_table(acc)
    mark_repeated_headers(table)
    g = grid_of(acc)
    assert table.repeated_header_rows == [3]
    assert g[(1, 0)] == ("过程", 2, 1)
    assert g[(4, 0)] == ("过程", 2, 1)
    assert [g[(r, 1)][0] for r in (4, 5)] == ["资金结余", "三公经费"]


def test_a_data_row_at_the_page_bottom_is_not_a_cut_header():
    """A 小计 row spanning the label columns ends the page; the next page's rows subdivide
    its span.  Only a table that is all header so far can be a header cut from its body:
    here the rows are data and the next page starts rows of their own."""
    head = [
        ((50, 600, 100, 620), ["一级"]),
        ((100, 600, 150, 620), ["二级"]),
        ((150, 600, 250, 620), ["三级"]),
        ((250, 600, 300, 620), ["分值"]),
    ]
    p1 = part(
        1,
        [
            *head,
            ((50, 620, 100, 660), ["过程"]),
            ((100, 620, 150, 640), ["资金"]),
            ((150, 620, 250, 640), ["到位率"]),
            ((250, 620, 300, 640), ["4"]),
            ((100, 640, 250, 660), ["小计"]),
            ((250, 640, 300, 660), ["30"]),
        ],
    )
    p2 = part(
        2,
        [
            ((50, 50, 100, 90), ["产出"]),
            ((100, 50, 150, 70), ["时效"]),
            ((150, 50, 250, 70), ["及时性"]),
            ((250, 50, 300, 70), ["5"]),
            ((100, 70, 150, 90), ["数量"]),
            ((150, 70, 250, 90), ["完成率"]),
            ((250, 70, 300, 90), ["3"]),
        ],
    )
    g = grid_of(joined(p1, p2, body_bottom=660.0))
    assert g[(1, 0)] == ("过程", 2, 1)
    assert g[(2, 1)] == ("小计", 1, 2) and g[(2, 3)] == ("30", 1, 1)
    assert g[(3, 0)] == ("产出", 2, 1) and g[(3, 3)] == ("5", 1, 1)


def test_an_empty_first_row_on_the_next_page_is_a_row_of_its_own():
    """Nothing continues on the next page: the empty row is a row (a blank signature line),
    not the empty rest of a cut row, and it continues no cell above it."""
    p1 = part(
        1,
        [
            ((50, 740, 150, 755), ["姓名"]),
            ((150, 740, 250, 755), ["单位"]),
            ((50, 755, 150, 770), ["唐刚"]),
            ((150, 755, 250, 770), ["自然资源局"]),
        ],
    )
    p2 = part(2, [((50, 50, 150, 65), [""]), ((150, 50, 250, 65), [""])])
    acc = joined(p1, p2, body_bottom=770.0)
    g = grid_of(acc)
    assert acc.n_rows == 3
    assert g[(1, 0)] == ("唐刚", 1, 1)
    assert g[(2, 0)] == ("", 1, 1) and g[(2, 1)] == ("", 1, 1)


def test_a_merged_cell_cut_by_the_break_goes_on_while_the_row_does_not():
    """A 评分标准 merged over three rows runs to the page bottom mid-sentence; the next page's
    first row is a new row (``22`` after ``21``: a short number that would have fitted is no
    cut) whose standard is the merged cell's rest."""
    full = "根据绩效目标实现程度"  # ten characters: fills the 100-pt column
    p1 = part(
        1,
        [
            ((50, 600, 80, 620), ["序号"]),
            ((80, 600, 140, 620), ["三级"]),
            ((140, 600, 244, 620), ["评分标准"]),
            ((50, 620, 80, 635), ["19"]),
            ((80, 620, 140, 635), ["社会效益"]),
            ((140, 620, 244, 665), [full, full, full]),
            ((50, 635, 80, 650), ["20"]),
            ((80, 635, 140, 650), ["经济效益"]),
            ((50, 650, 80, 665), ["21"]),
            ((80, 650, 140, 665), ["生态效益"]),
        ],
    )
    p2 = part(
        2,
        [
            ((50, 50, 80, 65), ["22"]),
            ((80, 50, 140, 65), ["可持续影响"]),
            ((140, 50, 244, 65), ["酌情扣分。"]),
            ((50, 65, 80, 80), ["23"]),
            ((80, 65, 140, 80), ["满意度"]),
            ((140, 65, 244, 80), ["按比例"]),
        ],
    )
    acc = joined(p1, p2, body_bottom=665.0)
    g = grid_of(acc)
    assert acc.n_rows == 6
    assert [g[(r, 0)][0] for r in range(1, 6)] == ["19", "20", "21", "22", "23"]
    assert g[(1, 2)] == (full * 3 + "酌情扣分。", 4, 1)
    assert g[(4, 1)] == ("可持续影响", 1, 1)


def test_a_number_below_a_header_cut_from_its_body_is_data():
    """The header alone ends the page, its last cell's text reaching the bottom; a wide number
    would not have fitted after it, yet it is the first value of the body, not the header's
    rest, and the empty cell below a two-row header cell continues nothing."""
    p1 = part(
        1,
        [
            ((50, 740, 100, 770), ["机构名称"]),
            ((100, 740, 200, 755), ["其中："]),
            ((200, 740, 246, 770), ["年末结转", "和结余"]),
            ((246, 740, 290, 770), ["当年", "结余"]),
            ((100, 755, 150, 770), ["人员"]),
            ((150, 755, 200, 770), ["公用"]),
        ],
    )
    row = [("汇总", "1.00", "2.00", "31,953.62", ""), ("本级", "1.00", "2.00", "", "")]
    xs = [50, 100, 150, 200, 246, 290]
    p2 = part(
        2,
        [
            ((xs[c], 50 + 15 * r, xs[c + 1], 65 + 15 * r), [t])
            for r, texts in enumerate(row)
            for c, t in enumerate(texts)
        ],
    )
    acc = joined(p1, p2, body_bottom=770.0)
    g = grid_of(acc)
    assert acc.n_rows == 4
    assert g[(0, 3)] == ("年末结转和结余", 2, 1)
    assert g[(0, 4)] == ("当年结余", 2, 1)
    assert [g[(2, c)][0] for c in range(5)] == ["汇总", "1.00", "2.00", "31,953.62", ""]


def test_a_body_row_below_a_header_cut_from_it_keeps_its_own_texts():
    """Only the header's first row ends the page; the next page's first row subdivides a
    spanning header cell, but its texts are the body's, not the rest of header texts (the
    header's lines did not run on)."""
    p1 = part(
        1,
        [
            ((50, 760, 150, 775), ["整体支出"]),
            ((150, 760, 250, 775), ["评价内容"]),
            ((250, 760, 350, 775), ["绩效目标"]),
        ],
    )
    p2 = part(
        2,
        [
            ((50, 50, 150, 80), [""]),
            ((150, 50, 200, 80), ["产出目标"]),
            ((200, 50, 250, 80), ["数量指标"]),
            ((250, 50, 350, 80), ["全年改造校舍"]),
        ],
    )
    acc = joined(p1, p2, body_bottom=775.0)
    g = grid_of(acc)
    assert g[(0, 0)] == ("整体支出", 2, 1)
    assert g[(0, 3)] == ("绩效目标", 1, 1)
    assert g[(1, 3)] == ("全年改造校舍", 1, 1)


def test_a_new_row_continuing_merged_labels_is_not_a_cut_row():
    """Both texts of the last row end a paragraph at the page bottom, and the next page's row
    opens with empty label cells.  A visible vertical merge among those empty cells says they
    continue merged labels: the row is new, not the rest of a cut one."""
    p1 = part(
        1,
        [
            ((50, 600, 100, 620), ["一级"]),
            ((100, 600, 150, 620), ["二级"]),
            ((150, 600, 250, 620), ["绩效目标"]),
            ((250, 600, 350, 620), ["完成情况"]),
            ((50, 620, 100, 650), ["产出目标"]),
            ((100, 620, 150, 650), ["数量指标"]),
            ((150, 620, 250, 650), ["全年调查样本户达到", "490户以上"]),
            ((250, 620, 350, 650), ["全年调查样本户", "554户"]),
        ],
    )
    p2 = part(
        2,
        [
            ((50, 50, 100, 110), [""]),
            ((100, 50, 150, 80), [""]),
            ((150, 50, 250, 80), ["全年培训普查员达到", "2900人次以上"]),
            ((250, 50, 350, 80), ["全年培训普查员", "3360人次"]),
            ((100, 80, 150, 110), ["质量指标"]),
            ((150, 80, 250, 110), ["通过率达到98%"]),
            ((250, 80, 350, 110), ["通过率100%"]),
        ],
    )
    acc = joined(p1, p2, body_bottom=650.0)
    g = grid_of(acc)
    assert acc.n_rows == 4
    assert g[(1, 0)] == ("产出目标", 3, 1)
    assert g[(1, 1)] == ("数量指标", 2, 1)
    assert g[(1, 2)][0] == "全年调查样本户达到490户以上"
    assert g[(2, 2)][0] == "全年培训普查员达到2900人次以上"


def test_a_label_cut_below_a_repeated_header_keeps_its_rest():
    """A cut row below a repeated header: the merged 二级指标 label was cut too (``预算配置``
    above, ``（7分）`` below the header, where the merge goes on).  Both parts of the merge
    get the whole label."""
    head = [
        ((50, 0, 100, 20), ["一级指标"]),
        ((100, 0, 146, 20), ["二级指标"]),
        ((146, 0, 292, 20), ["三级指标"]),
        ((292, 0, 340, 20), ["分值"]),
    ]

    def at(top: float):
        return [((x0, t + top, x1, b + top), txt) for (x0, t, x1, b), txt in head]

    line14 = "一二三四五六七八九十一二三四"  # fills the 146-pt column
    p1 = part(
        1,
        [
            *at(600),
            ((50, 620, 100, 650), ["投入"]),
            ((100, 620, 146, 650), ["目标"]),
            ((146, 620, 292, 650), ["合理性"]),
            ((292, 620, 340, 650), ["5"]),
            ((50, 650, 100, 665), ["产出"]),
            ((100, 650, 146, 665), ["预算配置"]),
            ((146, 650, 292, 665), [line14]),
            ((292, 650, 340, 665), ["4"]),
        ],
    )
    p2 = part(
        2,
        [
            *at(50),
            ((50, 70, 100, 85), [""]),
            ((100, 70, 146, 100), ["（7分）"]),
            ((146, 70, 292, 85), ["五六七。"]),
            ((292, 70, 340, 85), [""]),
            ((50, 85, 100, 100), [""]),
            ((146, 85, 292, 100), ["变动率"]),
            ((292, 85, 340, 100), ["3"]),
        ],
    )
    acc = joined(p1, p2, body_bottom=665.0)
    table = pdf.to_table(acc)
    mark_repeated_headers(table)
    g = grid_of(acc)
    assert table.repeated_header_rows == [3]
    assert [g[(2, c)][0] for c in range(4)] == ["产出", "预算配置(7分)", line14 + "五六七。", "4"]
    assert [g[(4, c)][0] for c in range(4)] == ["", "预算配置(7分)", "变动率", "3"]


def test_a_label_whose_bracket_the_break_cut_goes_on_below_the_repeated_header():
    """过程(20 closes the page on row 5; below the repeated header, row 6 (the running number)
    holds 分) in the label's column, merged over rows 6 and 7: the label's rest.  Both parts
    of the merge get the whole label."""
    head = [
        ((50, 0, 80, 20), ["序号"]),
        ((80, 0, 150, 20), ["一级指标"]),
        ((150, 0, 292, 20), ["三级指标"]),
        ((292, 0, 340, 20), ["分值"]),
    ]

    def at(top: float):
        return [((x0, t + top, x1, b + top), txt) for (x0, t, x1, b), txt in head]

    p1 = part(
        1,
        [
            *at(600),
            ((50, 620, 80, 640), ["4"]),
            ((80, 620, 150, 640), ["决策(20分)"]),
            ((150, 620, 292, 640), ["资金分配合理性"]),
            ((292, 620, 340, 640), ["5.0"]),
            ((50, 640, 80, 660), ["5"]),
            ((80, 640, 150, 660), ["过程(20"]),
            ((150, 640, 292, 660), ["资金使用规范性"]),
            ((292, 640, 340, 660), ["2.0"]),
        ],
    )
    p2 = part(
        2,
        [
            *at(50),
            ((50, 70, 80, 90), ["6"]),
            ((80, 70, 150, 110), ["分)"]),
            ((150, 70, 292, 90), ["资金到位率"]),
            ((292, 70, 340, 90), ["5.0"]),
            ((50, 90, 80, 110), ["7"]),
            ((150, 90, 292, 110), ["管理制度健全性"]),
            ((292, 90, 340, 110), ["6.0"]),
        ],
    )
    g = grid_of(joined(p1, p2, body_bottom=660.0))
    assert g[(2, 1)][0] == "过程(20分)"
    assert g[(4, 1)] == ("过程(20分)", 2, 1)


def cell(lines: list[str], width: float, pad: float = 2.0) -> pdf_parts.PCell:
    c = pdf_parts.PCell(0.0, width, 0.0, 100.0, 0, 1, 1, pad=pad)
    c.lines = [line(t, x0=pad, top=2 + i * PITCH) for i, t in enumerate(lines)]
    return c


def test_a_number_broken_inside_a_narrow_cell_is_one_number():
    # 11 half-width characters fill the 55-pt content width: the number had no room
    assert pdf_lines.join_cell(cell(["1,411,648.7", "2"], 59)) == "1,411,648.72"
    assert (
        pdf_lines.join_cell(cell(["１，４１１，", "６４８．７２"], 64))
        == "１，４１１，６４８．７２"
    )


def test_a_line_break_where_the_number_had_room_is_kept():
    """The first line stops short: the break was printed (typed), not made by the width, so
    the checker may flag the number as malformed."""
    assert pdf_lines.join_cell(cell(["3240.5", "2"], 100)) == "3240.5\n2"
    # both at once: the width broke 29,531,523. (its rest is no numbered item "3."), a typed
    # break stands before 97
    assert pdf_lines.join_cell(cell(["29,531,52", "3.", "97"], 49)) == "29,531,523.\n97"


def test_a_latin_word_wrapped_at_a_space_gets_its_space_back():
    assert pdf_lines.join_cell(cell(["performance", "evaluation"], 59)) == "performance evaluation"
    # after its comma or stop too; not after a figure's (its rest), nor in Chinese text
    assert pdf_lines.join_cell(cell(["doubleton,", "duad"], 59)) == "doubleton, duad"
    assert pdf_lines.join_cell(cell(["a trio set.", "Then"], 59)) == "a trio set. Then"
    assert pdf_lines.join_cell(cell(["in the 2023,", "the"], 64)) == "in the 2023, the"
    assert pdf_lines.join_cell(cell(["完成率达到九,", "ABC"], 69)) == "完成率达到九,ABC"


def test_centred_text_is_measured_against_the_content_width():
    """A centred short line leaves room on both sides: it ended short whatever its x1."""
    c = cell(["合计", "金额"], 100)
    for ln in c.lines:
        shift = (96 - (ln.x1 - ln.x0)) / 2
        ln.x0, ln.x1 = ln.x0 + shift, ln.x1 + shift
    assert pdf_lines.cell_line_ends(c, c.lines[0], c.lines[1])
    full = cell(["一二三四五六七八九", "十"], 96)  # nine ems in a 92-pt content width
    assert not pdf_lines.cell_line_ends(full, full.lines[0], full.lines[1])


def test_padding_is_read_from_left_aligned_columns():
    p = part(
        1,
        [
            ((50, 100, 100, 120), ["甲"]),  # text 2 pt in
            ((100, 100, 200, 120), [""]),
            ((200, 100, 300, 120), ["乙"]),
        ],
    )
    assert {c.pad for c in p.cells} == {2.0}


def test_overprinted_characters_are_one_character():
    """Simulated bold: every character drawn twice a quarter point apart."""
    cs = []
    for ch in chars("预算执行率", 50, 100):
        cs += [ch, {**ch, "x0": ch["x0"] + 0.25, "x1": ch["x1"] + 0.25}]
    assert pdf.chars_to_lines(cs, 1)[0].text == "预算执行率"
    # two real characters alike stay two
    assert pdf.chars_to_lines(chars("谢谢11", 50, 100), 1)[0].text == "谢谢11"


def narrow(text: str, x0: float, top: float, size: float = SIZE, em: float = 0.22) -> list[dict]:
    """Characters of a narrow font: every glyph advances ``em`` ems, its box as wide."""
    out, x = [], x0
    for ch in text:
        w = em * size
        out.append(
            {"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size}
        )
        x += w
    return out


@pytest.mark.parametrize("word", ["Allergies", "college", "1100", "谢谢", "ll"])
@pytest.mark.parametrize("em", [0.15, 0.22, 0.5, 1.0])
def test_real_doubled_letters_stay_in_any_font(word, em):
    """A real doubled letter starts where the first one's advance ends, however narrow."""
    assert pdf.chars_to_lines(narrow(word, 50, 100, em=em), 1)[0].text == word


@pytest.mark.parametrize("em", [0.15, 0.22, 0.5, 1.0])
def test_overprints_found_in_any_font(em):
    """The bold copy a quarter point right of its original goes, in narrow fonts too."""
    cs = []
    for ch in narrow("Allergies 预算", 50, 100, em=em):
        cs += [ch, {**ch, "x0": ch["x0"] + 0.25, "x1": ch["x1"] + 0.25}]
    assert pdf.chars_to_lines(cs, 1)[0].text == "Allergies 预算"


# ── hand-made PDFs: what Word and WPS exports look like ────────────────────


def _word_like_pdf(path, borders: str):
    """Three small pages: a heading with a Kangxi radical and a CJK Radicals Supplement
    character, a paragraph with a stray space between every character, a full-width
    digit run and a compatibility ideograph; a table with a simulated-bold header repeated
    on page 2, a full-width amount wrapped in its narrow cell, a row cut mid-sentence by the
    first break, a label merged over the second break (no repeated header there), a total
    row whose label is spread over its cell, and a page number at every foot."""
    from handpdf import GridCell, HandPdf, draw_grid

    doc = HandPdf(page_width=420, page_height=300)
    cols = [80, 74, 170]
    header = [GridCell(0, 0, ["项⽬"]), GridCell(0, 1, ["⾦额（元）"]), GridCell(0, 2, ["说明"])]
    text15 = "按照年度预算安排的⼈员经费全部执⾏到位"[:15]  # 15 ems fill 170 − 2 × 5.4 pt

    def page_no(n: int) -> None:
        doc.text(200, 285, f"- {n} -", 9)

    doc.new_page()
    doc.text(40, 30, "⼀、部⻔基本情况")
    doc.text(
        40, 50, " ".join("本单位共有在职⼈员") + " ３ ２ ⼈ ，" + " ".join("\uf967含借调⼈员。")
    )
    draw_grid(doc, 40, 170, cols, [20, 88], [*header, GridCell(1, 0, ["⼈员经费"]),
              GridCell(1, 1, ["１，４１１，", "６４８．７２"]), GridCell(1, 2, [text15] * 6)],
              borders=borders, bold_rows=1)  # fmt: skip
    page_no(1)

    doc.new_page()
    draw_grid(doc, 40, 30, cols, [20, 18, 20], [*header, GridCell(1, 0, []), GridCell(1, 1, []),
              GridCell(1, 2, ["情况良好。"]), GridCell(2, 0, ["公⽤经费"]), GridCell(2, 1, ["300.00"]),
              GridCell(2, 2, ["⽔电费"])], borders=borders, bold_rows=1)  # fmt: skip
    page_no(2)

    doc.new_page()
    draw_grid(doc, 40, 30, cols, [20, 20], [GridCell(0, 0, []), GridCell(0, 1, ["20.00"]),
              GridCell(0, 2, ["办公费"]), GridCell(1, 0, []), GridCell(1, 1, ["1,412,268.72"]),
              GridCell(1, 2, [])], borders=borders)  # fmt: skip
    doc.text(40 + 5.4, 52, "合计", spacing=24)  # spread over its cell
    page_no(3)
    return doc.save(path), text15


@pytest.mark.parametrize("borders", ["word", "wps"])
def test_a_word_or_wps_export_reads_like_the_document(tmp_path, borders):
    from extractor.loaders import load

    path, text15 = _word_like_pdf(tmp_path / f"{borders}.pdf", borders)
    doc = load(path)
    kinds = [(b.kind, b.text) for b in doc.blocks if b.kind != "table"]
    assert kinds[0] == ("heading", "一、部门基本情况")
    assert kinds[1] == ("paragraph", "本单位共有在职人员３２人，不含借调人员。")
    (block,) = doc.tables()
    t = block.table
    g = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in t.cells}
    assert (t.n_rows, t.n_cols) == (6, 3)
    assert [g[(0, c)][0] for c in range(3)] == ["项目", "金额（元）", "说明"]
    assert g[(1, 0)][0] == "人员经费"
    assert g[(1, 1)][0] == "１，４１１，６４８．７２"  # one number, no line break, no space
    assert g[(1, 2)][0] == clean_text(text15 * 6 + "情况良好。")
    assert t.repeated_header_rows == [2]
    assert g[(3, 0)] == ("公用经费", 2, 1)  # merged over the second break
    assert [g[(4, c)][0] for c in (1, 2)] == ["20.00", "办公费"]
    assert [g[(5, c)][0] for c in range(3)] == ["合计", "1,412,268.72", ""]
    assert any("page-number" in d for d in doc.source.decisions)


def clean_text(text: str) -> str:
    from extractor.loaders.normalize import clean

    return clean(text)


def test_a_number_wrapped_mid_word_in_chinese_text_is_one_number():
    """Word wraps Latin text anywhere when 允许西文在单词中间换行 is on: a number glued to the
    CJK text before it, broken at a full line, is one number; Latin words keep their space."""
    right = 50 + 20 * SIZE
    first = line("本年度一般公共预算财政拨款的支出1,411,6")  # 16 CJK + 7 half-width: 19.5 ems
    assert pdf.join_lines([first, line("48.72万元。", top=114)], right) == (
        "本年度一般公共预算财政拨款的支出1,411,648.72万元。"
    )
    latin = line("budget of the year 2021 and " + "x" * 11)
    assert pdf.join_lines([latin, line("2022 plans", top=114)], right).endswith("x 2022 plans")


def test_a_merge_split_at_the_break_goes_on_after_a_running_number():
    """The 二级指标 质量指标 covers the page's last row and the next page's first; the break
    falls exactly between them, so the next page shows an empty cell.  Cells before it are a
    running number (4 → 5) and a label merged over the break: the empty cell continues too."""
    head = ["序号", "一级", "二级", "三级", "分值"]
    xs = [50, 80, 130, 180, 260, 300]
    p1 = part(
        1,
        [((xs[c], 600, xs[c + 1], 620), [t]) for c, t in enumerate(head)]
        + [
            ((50, 620, 80, 640), ["3"]),
            ((80, 620, 130, 660), ["产出"]),
            ((130, 620, 180, 640), ["数量"]),
            ((180, 620, 260, 640), ["图书借阅量"]),
            ((260, 620, 300, 640), ["8"]),
            ((50, 640, 80, 660), ["4"]),
            ((130, 640, 180, 660), ["质量指标"]),
            ((180, 640, 260, 660), ["合格率"]),
            ((260, 640, 300, 660), ["6"]),
        ],
    )
    p2 = part(
        2,
        [
            ((50, 50, 80, 70), ["5"]),
            ((80, 50, 130, 70), [""]),
            ((130, 50, 180, 70), [""]),
            ((180, 50, 260, 70), ["达标率"]),
            ((260, 50, 300, 70), ["10"]),
        ],
    )
    g = grid_of(joined(p1, p2, body_bottom=660.0))
    assert g[(1, 1)] == ("产出", 3, 1)
    assert g[(2, 2)] == ("质量指标", 2, 1)
    assert [g[(3, c)][0] for c in (0, 3, 4)] == ["5", "达标率", "10"]


def test_a_class_code_below_a_repeated_header_is_no_running_number():
    """bu62: 220 01 50 ends page 1; page 2 repeats the header, then 221 住房保障支出 with its
    款 and 项 empty (a class row).  220 → 221 steps to the next class, it does not count rows
    (the row before also reads 220): the empty codes are empty, not a merge of 01 and 50."""
    head = ["类", "款", "项", "科目名称", "合计"]
    xs = [50, 80, 110, 140, 260, 320]

    def row(top: float, texts: list[str]) -> list:
        return [((xs[c], top, xs[c + 1], top + 20), [t] if t else []) for c, t in enumerate(texts)]

    p1 = part(
        1,
        row(600, head)
        + row(620, ["220", "01", "28", "海洋战略规划与预警监测", "151,815,529"])
        + row(640, ["220", "01", "50", "事业运行", "21,930,608"]),
    )
    p2 = part(
        2,
        row(50, head)
        + row(70, ["221", "", "", "住房保障支出", "825,766"])
        + row(90, ["221", "02", "", "住房改革支出", "825,766"]),
    )
    g = grid_of(joined(p1, p2, body_bottom=660.0))
    by_row: dict[int, list[str]] = {}
    for (r, _c), (text, _, _) in sorted(g.items()):
        by_row.setdefault(r, []).append(text)
    assert ["221", "", "", "住房保障支出", "825,766"] in by_row.values()


def test_a_number_after_a_number_is_another_number_unless_the_width_broke_it():
    """Between two numbers only one character has to fit: 5180.09 leaves room for a digit,
    so 1635.53 below it is the next row's, not the rest of a number cut by the break."""
    c = cell(["5180.09", "1635.53"], 48)  # 44-pt content width, 35 pt used: a digit fits
    assert pdf_lines.cell_line_ends(c, c.lines[0], c.lines[1])
    tight = cell(["5180.0", "9"], 34)  # 30-pt content width, all used
    assert not pdf_lines.cell_line_ends(tight, tight.lines[0], tight.lines[1])


# ── end to end: a long table through LibreOffice, against the DOCX it came from ──


def _long_table_document(seed: int = 5):
    """A report with one long table: merged 一级 labels, long standards of varied length,
    columns of wide amounts squeezed into narrow cells, shared (merged) points, a running
    number — several pages, so its page breaks fall wherever they fall."""
    import random

    from extractor.model import Block, Cell, Document, Source, Table

    rng = random.Random(seed)
    head = ["序号", "一级指标", "三级指标", "评分标准", "全年预算", "全年执行", "分值"]
    cells = [Cell(text=t, row=0, col=c) for c, t in enumerate(head)]
    clause = "按照年度计划完成相关工作任务，资金使用符合规定，"
    r = 1
    for g, label in enumerate(["决策（20分）", "过程（30分）", "产出（30分）", "效益（20分）"]):
        n = rng.randint(7, 12)
        cells.append(Cell(text=label, row=r, col=1, rowspan=n))
        k = 0
        while k < n:
            shared = 3 if g % 2 and k + 3 <= n and rng.random() < 0.4 else 1
            cells.append(Cell(text=str(rng.randint(2, 9)), row=r + k, col=6, rowspan=shared))
            for i in range(shared):
                row = r + k + i
                amounts = [
                    f"{rng.randint(10**5, 10**8):,}.{rng.randint(0, 99):02d}" for _ in range(2)
                ]
                cells += [
                    Cell(text=str(row), row=row, col=0),
                    Cell(text=f"指标{row}", row=row, col=2),
                    Cell(text=clause * rng.randint(1, 4) + "计满分。", row=row, col=3),
                    *(Cell(text=a, row=row, col=4 + j) for j, a in enumerate(amounts)),
                ]
            k += shared
        r += n
    table = Table(n_rows=r, n_cols=len(head), cells=cells)
    # a finance table: eight columns of amounts, too wide for the page unless they wrap
    head = [
        "单位名称",
        "支出合计",
        "基本支出",
        "人员经费",
        "公用经费",
        "项目支出",
        "当年结余",
        "累计结余",
    ]
    money = [Cell(text=t, row=0, col=c) for c, t in enumerate(head)]
    for row in range(1, 36):
        money.append(Cell(text=f"{row}.二级机构{row}", row=row, col=0))
        money += [
            Cell(text=f"{rng.randint(10**6, 10**8):,}.{rng.randint(0, 99):02d}", row=row, col=c)
            for c in range(1, 8)
        ]
    finance = Table(n_rows=36, n_cols=len(head), cells=money)
    source = Source(path="long.docx", format="docx", sha256="0" * 64)
    blocks = [
        Block(index=0, kind="paragraph", text="一、部门整体支出绩效评分表", section=""),
        Block(index=1, kind="table", text="", section="", table=table),
        Block(index=2, kind="paragraph", text="二、年度支出情况", section=""),
        Block(index=3, kind="table", text="", section="", table=finance),
    ]
    return Document(source=source, blocks=blocks)


def _rows_without_repeated_headers(table) -> list[tuple]:
    grid = table.grid()
    skip = set(table.repeated_header_rows)
    return [
        tuple(key(c.text) if c else None for c in grid[r])
        for r in range(table.n_rows)
        if r not in skip
    ]


@pytest.mark.parametrize("seed", [5, 8])
@pytest.mark.parametrize("header_rows", [0, 1], ids=["plain", "header-repeated"])
def test_a_long_table_through_libreoffice_reads_like_its_docx(tmp_path, header_rows, seed):
    """Whatever rows the page breaks cut, whatever amounts the narrow columns wrap, and with
    or without a header repeated on every page, the PDF's table reads like the DOCX's: every
    row (merged cells expanded) the same, every amount one unbroken number."""
    from conftest import soffice_or_skip

    from evaluation.render import docx_to, write_docx
    from extractor.loaders import load

    soffice_or_skip()
    doc = _long_table_document(seed)
    src = write_docx(doc, tmp_path / "long.docx", header_rows={1: header_rows, 3: header_rows})
    got_doc = load(docx_to(src, "pdf", tmp_path / "long.pdf"))
    assert got_doc.source.pages and got_doc.source.pages >= 4
    amounts = []
    for want, got in zip(load(src).tables(), got_doc.tables(), strict=True):
        assert _rows_without_repeated_headers(got.table) == _rows_without_repeated_headers(
            want.table
        )
        t = got.table
        body = set(range(1, t.n_rows)) - set(t.repeated_header_rows)
        amounts += [c.text for c in t.cells if re.search(r"\d,\d", c.text) and c.row in body]
    assert amounts and all(re.fullmatch(r"[\d,]+\.\d\d", a) for a in amounts)


# ── tables that are not fully ruled ───────────────────────────────────────


def _hrule_table_pdf(path):
    """Horizontal rules only, drawn as thin filled rectangles (Word, WPS): a header, a row
    whose text runs over two columns, a label merged over two rows (the rule between
    them stops short of its column), and a last row; prose above and below the table."""
    from handpdf import HandPdf

    doc = HandPdf(page_width=440, page_height=400).new_page()
    doc.text(40, 40, "一、部门预算支出情况")
    ys = [100, 120, 140, 160, 180, 200]
    for y in ys:
        doc.bar(120 if y == 160 else 40, y - 0.25, 400, y + 0.25)
    rows = [
        ["项目", "金额（万元）", "说明"],
        ["合计", "本年支出按照年度预算安排全部执行到位"],
        ["人员经费", "100.00", "工资福利"],
        ["", "20.00", "办公费"],
        ["公用经费", "5.00", "水电费"],
    ]
    for r, texts in enumerate(rows):
        for x, t in zip((45, 125, 255), texts, strict=False):
            if t:
                doc.text(x, ys[r] + 4, t)
    doc.text(40, 230, "二、绩效目标完成情况")
    return doc.save(path)


def test_a_table_with_horizontal_rules_only_is_read(tmp_path):
    from extractor.loaders import load

    doc = load(_hrule_table_pdf(tmp_path / "hrules.pdf"))
    (block,) = doc.tables()
    t = block.table
    g = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in t.cells}
    assert (t.n_rows, t.n_cols) == (5, 3)
    assert [g[(0, c)][0] for c in range(3)] == ["项目", "金额（万元）", "说明"]
    assert g[(1, 0)][0] == "合计"
    assert g[(1, 1)] == ("本年支出按照年度预算安排全部执行到位", 1, 2)  # it crosses a boundary
    assert g[(2, 0)] == ("人员经费", 2, 1)  # the rule below it stops short of its column
    assert [g[(3, c)][0] for c in (1, 2)] == ["20.00", "办公费"]
    assert [g[(4, c)][0] for c in range(3)] == ["公用经费", "5.00", "水电费"]
    texts = [b.text for b in doc.blocks if b.kind != "table"]
    assert texts == ["一、部门预算支出情况", "二、绩效目标完成情况"]
    assert any("not fully ruled: no vertical rules" in d for d in doc.source.decisions)


def test_a_grid_without_its_outer_frame_is_read(tmp_path):
    """Inner rules only (stroked lines): the frame is their bounding box."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=300).new_page()
    for x in (120, 250):
        doc.rule(x, 100, x, 160)
    for y in (120, 140):
        doc.rule(40, y, 400, y)
    rows = [
        ["项目", "预算数", "执行数"],
        ["人员经费", "100.00", "98.00"],
        ["公用经费", "5.00", "4.50"],
    ]
    for r, texts in enumerate(rows):
        for x, t in zip((45, 125, 255), texts, strict=True):
            doc.text(x, 100 + 20 * r + 4, t)
    loaded = load(doc.save(tmp_path / "noouter.pdf"))
    (block,) = loaded.tables()
    t = block.table
    assert (t.n_rows, t.n_cols) == (3, 3)
    assert [[c.text for c in t.cells if c.row == r] for r in range(3)] == rows
    assert any("outer frame not drawn" in d for d in loaded.source.decisions)


def test_prose_between_two_rules_is_no_table(tmp_path):
    """A running head's rule and a footnote rule of the same width around paragraphs."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=400).new_page()
    doc.rule(40, 60, 400, 60)
    text = "本单位严格执行预算管理制度，资金使用规范，绩效目标全部完成，群众满意度较高。" * 3
    for i in range(0, len(text), 34):
        doc.text(40, 80 + (i // 34) * 16, text[i : i + 34])
    doc.rule(40, 160, 400, 160)
    doc.text(40, 170, "注：本表金额单位为万元。")
    loaded = load(doc.save(tmp_path / "prose.pdf"))
    assert not loaded.tables()
    assert "".join(b.text for b in loaded.blocks).startswith(text)


STYLE_FLOORS = {
    # style: (tables read exactly, share of cells equal, share of cell texts found); measured
    # by tests/fixtures/pdfstyles/measure.py — before this path: 0/16, 0.049, 0.713 (noouter)
    # and 0, 0, 0 (the others); after: noouter 15/16 0.995 0.999, hrules 3/16 0.648 0.971,
    # threeline 3/16 0.391 0.844, none 2/16 0.317 0.862; a caption between two tables'
    # rules splits them (issue 15): hrules 3/16 0.673 0.965, threeline 3/16 0.416 0.872; a
    # number cut by its column goes on with its row: threeline 0.454 0.880, none 0.355 0.870
    # wrapped cells, a cell's paragraphs, empty rows, rows cut at a page break and a table's
    # narrower rest on the next page, a line holding a value starts a row, a label alone
    # in the first column is a row left empty (issue 15): hrules 0.696 0.969, threeline
    # 0.549 0.921, none 3/16 0.512 0.926; a label cut at a word beside a rule's next
    # paragraph goes on with its row: threeline 4/16 0.561 0.944, none 3/16 0.535 0.959; a
    # table's rest lacking a spanned column joins it across space: none 0.609; rows inside
    # a label's span stay in the table, a cut row's rest joins it, heads over longer
    # paragraphs are a row, a rest of one row of figures and labels: hrules 5/16 0.881 0.980,
    # threeline 0.702 0.959, none 0.625 0.965; heads alone at a page's end join their body:
    # hrules 0.889 0.989, threeline 0.710 0.966; a boundary moved past a label's wider line
    # (issue 15): hrules 6/16 0.924 0.994, threeline 5/16 0.714 0.972, none 0.628 0.970; a cut
    # cell's rest, its next paragraphs and the labels over the rows below the break join
    # the row above it: threeline 0.771 0.975, none 0.632; a table's rest closed by its
    # bottom rule joins its rows above a blank row: threeline 0.856 0.977; a head with
    # nothing under it spans a header of two rows: threeline 6/16 0.859, none 0.633; a
    # text wrapped in a cell narrower than its column goes on: none 0.748 0.971; a cell's
    # paragraphs beside its label part no tables, a cell's list goes on beside another's, a
    # head wrapped in a two-row header is one cell: hrules 7/16 0.930 0.999, threeline 7/16
    # 0.874 0.982, none 6/16 0.765 0.979
    "noouter": (15, 0.99, 0.99),
    "hrules": (7, 0.929, 0.998),
    "threeline": (7, 0.874, 0.982),
    "none": (6, 0.764, 0.978),
}


@pytest.fixture(scope="module")
def style_scores():
    """Every re-styled report of tests/fixtures/pdfstyles against its source DOCX."""
    from extractor.loaders import load
    from tests.fixtures.pdfstyles.build import SOURCES, STYLES
    from tests.fixtures.pdfstyles.measure import HERE, score

    out = {}
    for name, src in SOURCES.items():
        want = load(src)
        for style in STYLES:
            s = score(want, load(HERE / f"{name}-{style}.pdf"))
            out[style] = out[style] + s if style in out else s
    return out


@pytest.mark.parametrize("style", STYLE_FLOORS)
def test_tables_not_fully_ruled_read_like_their_docx(style_scores, style):
    exact, cells, texts = STYLE_FLOORS[style]
    s = style_scores[style]
    assert s.exact >= exact, s.line()
    assert s.cells_equal / s.cells >= cells, s.line()
    assert s.texts_found / s.texts >= texts, s.line()


def test_a_table_without_rules_loses_no_text(style_scores):
    """No rule at all: what is not read as a table is kept as text."""
    from collections import Counter

    from extractor.loaders import load
    from tests.fixtures.pdfstyles.build import SOURCES
    from tests.fixtures.pdfstyles.measure import HERE

    for name, src in SOURCES.items():
        doc = load(HERE / f"{name}-none.pdf")
        # the cells' lines are interleaved across columns, so characters are counted
        text = [b.text for b in doc.blocks if b.table is None]
        text += [c.text for b in doc.tables() for c in b.table.cells]
        body = Counter(key("".join(text)))
        cells = Counter(key("".join(c.text for b in load(src).tables() for c in b.table.cells)))
        lost = cells - body
        assert not lost, f"{name}: {''.join(lost.elements())[:40]!r} lost"


def _threeline_pdf(path, split: bool = False):
    """A 三线表 (top rule, header rule, bottom rule) with a label wrapped in its narrow first
    column; ``split``: its last rows and its bottom rule on a second page."""
    from handpdf import HandPdf

    doc = HandPdf(page_width=440, page_height=300 if split else 400).new_page()
    doc.text(40, 40, "二、绩效指标完成情况")
    doc.bar(40, 99.5, 400, 100.5)  # the heavier top rule
    for x, t in zip((45, 165, 285), ("指标", "目标值", "完成值"), strict=True):
        doc.text(x, 104, t)
    doc.bar(40, 119.75, 400, 120.25)
    rows = [
        (124, [("资金到位率", 45), ("100%", 165), ("100%", 285)]),
        (140, [("服务对象满意度调查结", 45), ("≥90%", 165), ("96%", 285)]),
        (154, [("果", 45)]),
        (172, [("时效指标", 45), ("按期", 165), ("按期完成", 285)]),
        (188, [("成本指标", 45), ("不超预算", 165), ("控制在预算内", 285)]),
    ]
    bottom = 206
    for top, texts in rows:
        if split and top >= 172:
            if top == 172:
                doc.new_page()
            top -= 140
            bottom = 66
        for t, x in texts:
            doc.text(x, top, t)
    doc.bar(40, bottom - 0.5, 400, bottom + 0.5)
    doc.text(40, bottom + 20, "三、存在的问题")
    return doc.save(path)


@pytest.mark.parametrize("split", [False, True])
def test_a_threeline_table_is_read(tmp_path, split):
    from extractor.loaders import load

    doc = load(_threeline_pdf(tmp_path / "threeline.pdf", split))
    (block,) = doc.tables()
    t = block.table
    rows = [
        [c.text for c in sorted(t.cells, key=lambda c: c.col) if c.row == r]
        for r in range(t.n_rows)
    ]
    assert rows == [
        ["指标", "目标值", "完成值"],
        ["资金到位率", "100%", "100%"],
        ["服务对象满意度调查结果", "≥90%", "96%"],  # a wrapped line is no row of its own
        ["时效指标", "按期", "按期完成"],
        ["成本指标", "不超预算", "控制在预算内"],
    ]
    texts = [b.text for b in doc.blocks if b.kind != "table"]
    assert texts == ["二、绩效指标完成情况", "三、存在的问题"]


@pytest.mark.parametrize(
    ("above", "text", "cut"),
    [
        ("15,337.0", "0", True),  # 15,337.00 cut by its narrow column
        ("90.59", "%", True),
        ("1,081,", "812.10", True),
        ("１０，３６", "７，２４９．", True),  # cut twice: 10,367,249. ⏎ 00
        ("７，２４９．", "００", True),
        ("５，０１", "２，１０", True),  # 5,012,101.90 cut twice inside its groups
        ("1,234", "5", False),
        ("0.5", "5.", False),
        ("15,337.00", "13,893.00", False),  # the next row's number
        ("10", "8", False),  # two rows' scores: no separator, nothing says cut
        ("96%", "3", False),
        ("按期", "0", False),
    ],
)
def test_a_number_cut_by_its_column_is_no_new_row(above, text, cut):
    assert pdf_unruled._value_cut(above, text) is cut


def test_rows_from_lines_keep_a_number_cut_by_its_column():
    """No rule between rows: a row's numbers wrapped in narrow columns (15,337.0 ⏎ 0,
    90.59 ⏎ %) go on with the row; the next row's numbers start one."""

    def frag(x: float, top: float, text: str, w: float) -> pdf_unruled.Frag:
        return pdf_unruled.Frag(x, x + w, top, top + 10, 10.0, 5.0, text)

    levels = [
        [frag(10, 0, "年度资金总额", 60), frag(100, 0, "15,337.0", 40), frag(160, 0, "90.59", 25)],
        [frag(100, 12, "0", 5), frag(160, 12, "%", 5)],
        [
            frag(10, 24, "当年财政拨款", 60),
            frag(100, 24, "15,337.0", 40),
            frag(160, 24, "90.59", 25),
        ],
        [frag(100, 36, "0", 5), frag(160, 36, "%", 5)],
    ]
    assert pdf_unruled.row_starts(levels, [0, 90, 150, 200]) == [0, 2]


def _threeline(doc, top: float, xs: tuple[float, ...], rows: list[tuple[str, ...]]) -> float:
    """A 三线表 drawn on a HandPdf page from x 40 to 400: top rule, a rule under the first row,
    bottom rule; returns the bottom rule's y."""
    doc.bar(40, top - 0.5, 400, top + 0.5)
    y = top + 4
    for i, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            doc.text(x, y, text)
        y += 16
        if i == 0:
            doc.bar(40, y - 0.25, 400, y + 0.25)
    doc.bar(40, y - 0.5, 400, y + 0.5)
    return y


def test_rows_from_lines_keep_wrapped_cells_and_a_cells_paragraphs():
    """No rule between rows (issue 15): narrow cells wrapping at once (产出指 ⏎ 标 beside
    数量指 ⏎ 标) and a text going on from them go on with the row; so does a cell's next
    paragraph beside the row's values (②…); a row's values start a row, and so does a label
    in the first column (2、二级机构1)."""

    def frag(x: float, top: float, text: str) -> pdf_unruled.Frag:
        return pdf_unruled.Frag(x, x + 10 * len(text), top, top + 10, 10.0, 10.0, text)

    line = [("产出指", "数量指", "开展少", "≥", "120"), ("标", "标", "年宫活"), ("动场次",)]
    levels = [[frag(10 + 50 * i, 12 * n, t) for i, t in enumerate(texts)] for n, texts in enumerate(line)]  # fmt: skip
    levels += [
        [frag(110, 36, "参与活动"), frag(160, 36, "≥"), frag(200, 36, "3000")],
        [frag(110, 48, "②按规定")],
        [frag(10, 60, "2、二级机构1")],
    ]
    assert pdf_unruled.row_starts(levels, [0, 50, 100, 150, 190, 240]) == [0, 3, 5]


def test_stacked_threeline_tables_with_captions_at_their_edge(tmp_path):
    """三线表 one under another, each caption starting at the tables' left edge (held-out
    restyled reports, issue 15): three tables; the bodies' rows of figures are rows, not
    one row per band between rules."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=500).new_page()

    def table(top: float, xs: tuple[float, ...], rows: list[tuple[str, ...]]) -> float:
        return _threeline(doc, top, xs, rows)

    income = [("单位名称", "合计", "财政拨款"), ("1.机关本级", "6080.56", "5316.99"), ("2.信息中心", "1496.97", "1461.88"), ("单位合计", "7577.53", "6778.87")]  # fmt: skip
    spend = [("单位名称", "支出合计", "基本支出", "项目支出"), ("1.机关本级", "6080.56", "2190.17", "3890.39"), ("2.信息中心", "1496.97", "596.88", "900.09"), ("单位合计", "7577.53", "2787.05", "4790.48")]  # fmt: skip
    end = table(40, (45, 165, 285), income)
    doc.text(45, end + 12, "部门（单位）年度支出和结余情况（万元）")
    end = table(end + 32, (45, 135, 225, 315), spend)
    doc.text(45, end + 12, "部门（单位）“三公”经费支出情况（万元）")
    table(end + 32, (45, 165, 285), [("单位名称", "合计", "公务接待费"), ("1.机关本级", "0", "0"), ("单位合计", "27.93", "9.01")])  # fmt: skip
    tables = [b.table for b in load(doc.save(tmp_path / "stacked.pdf")).tables()]
    assert [(t.n_rows, t.n_cols) for t in tables] == [(4, 3), (4, 4), (3, 3)]
    assert [c.text for c in tables[1].cells if c.col == 0] == [r[0] for r in spend]


def test_a_caption_between_threeline_tables_of_the_same_columns_splits_them(tmp_path):
    """Two 三线表 with the same columns, a caption naming the second between them: two
    tables, though the columns above and below the caption meet."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=400).new_page()

    def table(top: float, rows: list[tuple[str, ...]]) -> float:
        return _threeline(doc, top, (45, 165, 285), rows)

    end = table(40, [("单位名称", "合计", "财政拨款"), ("1.机关本级", "6080.56", "5316.99"), ("单位合计", "6080.56", "5316.99")])  # fmt: skip
    doc.text(61, end + 12, "支出情况（万元）")
    table(end + 32, [("单位名称", "合计", "基本支出"), ("1.机关本级", "6080.56", "2190.17"), ("单位合计", "6080.56", "2190.17")])  # fmt: skip
    loaded = load(doc.save(tmp_path / "same.pdf"))
    assert [(b.table.n_rows, b.table.n_cols) for b in loaded.tables()] == [(3, 3), (3, 3)]
    assert any(b.text == "支出情况（万元）" for b in loaded.blocks if b.table is None)


def test_a_label_whose_bracket_closes_on_the_next_row_spans_both():
    """No rule between rows: 产出指标(50 ⏎ 分) in the first column beside two rows' texts is
    one label merged over both rows; two labels each balanced stay two cells."""
    from extractor.loaders import pdf_unruled_grid as ug

    def frag(x: float, top: float, text: str) -> pdf_unruled.Frag:
        return pdf_unruled.Frag(x, x + 10 * len(text), top, top + 10, 10.0, 10.0, text)

    bounds = [0.0, 80.0, 200.0]
    rows = {0: [[frag(5, 0, "产出指标(50"), frag(85, 0, "数量指标")]], 1: [[frag(5, 12, "分)"), frag(85, 12, "质量指标")]]}  # fmt: skip
    grid = ug.UnitGrid(2, 2)
    ug.merge_split_brackets(grid, rows, bounds, 3.0)
    assert grid.rect(1, 0) == (0, 1, 0, 0) and grid.rect(1, 1) == (1, 1, 1, 1)
    rows = {0: [[frag(5, 0, "产出(50分)"), frag(85, 0, "数量")]], 1: [[frag(5, 12, "效益(30分)"), frag(85, 12, "质量")]]}  # fmt: skip
    grid = ug.UnitGrid(2, 2)
    ug.merge_split_brackets(grid, rows, bounds, 3.0)
    assert grid.rect(1, 0) == (1, 1, 0, 0)
    assert [ug.unbalanced(t) for t in ("（万", "元）", "(a)b", "a)(b")] == [1, -1, 0, -1]


def test_a_header_text_spans_the_columns_its_subheads_fill():
    """A header of two rows without rules: 其中： followed by empty cells spans the columns
    the row below fills (上年结转 | 财政拨款); 合计, with one text under it, does not."""
    from extractor.loaders import pdf_unruled_grid as ug

    def frag(x: float, top: float, text: str) -> pdf_unruled.Frag:
        return pdf_unruled.Frag(x, x + 20, top, top + 10, 10.0, 10.0, text)

    bounds = [0.0, 50.0, 100.0, 150.0, 200.0]
    rows = {
        0: [[frag(5, 0, "单位"), frag(55, 0, "合计"), frag(105, 0, "其中：")]],
        1: [[frag(105, 12, "上年结转"), frag(155, 12, "财政拨款")]],
        2: [
            [
                frag(5, 24, "局机关"),
                frag(55, 24, "9.00"),
                frag(105, 24, "1.00"),
                frag(155, 24, "8.00"),
            ]
        ],
    }
    grid = ug.UnitGrid(3, 4)
    ug.merge_header_spans(grid, rows, bounds, 2)
    assert grid.rect(0, 2) == (0, 0, 2, 3) and grid.rect(0, 1) == (0, 0, 1, 1)
    assert grid.rect(2, 2) == (2, 2, 2, 2)  # the body keeps its cells


def test_a_label_wrapped_in_a_narrow_first_column_stays_with_its_table():
    """A narrow first column (held-out restyled reports, issue 15): the label of a row left
    empty wraps over four lines (5、 ⏎ 二级 ⏎ 机构 ⏎ 4), which is no paragraph; the rest of a
    label the page break cut stands at the top of the next page, above the table."""

    def level(x: float, top: float, *texts: str) -> pdf_fragments.Level:
        frags, at = [], x
        for t in texts:
            frags.append(pdf_unruled.Frag(at, at + 10 * len(t), top, top + 10, 10.0, 10.0, t))
            at += 90
        return pdf_fragments.Level(frags)

    table = [level(57, 100, "3、机关", "739,362.88", "528,361.64"), level(57, 112, "4、信息", "840,847.22", "744,894.40")]  # fmt: skip
    second = pdf_rule_groups.second_column(table)
    stack = [
        lv.frags for lv in (level(57, 130, "5、"), level(57, 142, "二级"), level(57, 154, "机构"))
    ]
    assert pdf_rule_groups._label_stack(stack, second)
    prose = [[pdf_unruled.Frag(57, 400, 130 + 12 * i, 140 + 12 * i, 10.0, 10.0, "段落")] for i in range(3)]  # fmt: skip
    assert not pdf_rule_groups._label_stack(prose, second)

    above = [level(57, 88, "站"), level(57, 76, "管理"), level(57, 64, "种子")]  # nearest first
    assert [lv.frags[0].text for lv in pdf_unruled._page_top_rest(above, table, 100)] == ["种子", "管理", "站"]  # fmt: skip
    caption = [level(57, 88, "站"), level(57, 76, "收入支出决算总表（单位：元）")]
    assert pdf_unruled._page_top_rest(caption, table, 100) == []  # not all the page above
    # a narrow remarks column's text cut by the break: many short lines in an inner column
    remarks = [level(147, 88 - 12 * i, t) for i, t in enumerate(["设定", "科学", "度将", "下年", "高，", "偏"])]  # fmt: skip
    assert len(pdf_unruled._page_top_rest(remarks, table, 100)) == 6
    stray = [level(147, 88, "设定"), level(300, 76, "注：")]  # not in a column of the table
    assert pdf_unruled._page_top_rest(stray, table, 100) == []


def test_a_table_of_two_rows_and_its_empty_rows_without_rules(tmp_path):
    """No rule at all: two lines of four texts starting in the same columns are a table
    (联系人 … over 人员编制 …); rows left empty under a table (a label alone in the first
    column) are its rows, a paragraph after it is not."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=400).new_page()
    for y, row in ((40, ("联系人", "罗龙文", "联络电话", "15273032337")), (56, ("人员编制", "7", "实有人数", "7"))):  # fmt: skip
        for x, text in zip((45, 135, 225, 315), row, strict=True):
            doc.text(x, y, text)
    doc.text(45, 90, "本部门收入情况如下。")
    rows = [("机构名称", "收入合计", "财政拨款"), ("汇总", "200.13", "181.81"), ("1、局机关", "200.13", "181.81"), ("2、二级机构1", "", ""), ("3、二级机构2", "", "")]  # fmt: skip
    for i, row in enumerate(rows):
        for x, text in zip((45, 165, 285), row, strict=True):
            if text:
                doc.text(x, 130 + 16 * i, text)
    doc.text(61, 226, "以上为本单位全部收入，支出情况另行说明，此处不再赘述。")
    loaded = load(doc.save(tmp_path / "bare.pdf"))
    tables = [b.table for b in loaded.tables()]
    assert [(t.n_rows, t.n_cols) for t in tables] == [(2, 4), (5, 3)]
    assert [c.text for c in tables[1].cells if c.col == 0] == [r[0] for r in rows]
    assert any("此处不再赘述" in b.text for b in loaded.blocks if b.table is None)


def test_two_threeline_tables_with_a_caption_between_are_two(tmp_path):
    """Two 三线表 one under the other, the second's caption and unit line (indented like a
    paragraph) between the first's bottom rule and the second's top rule: two tables."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=400).new_page()

    def table(top: float, xs: tuple[float, ...], rows: list[tuple[str, ...]]) -> float:
        return _threeline(doc, top, xs, rows)

    end = table(60, (45, 165, 285), [("单位名称", "收入合计", "财政拨款"), ("局机关", "679,332.10", "565,328.00"), ("合计", "679,332.10", "565,328.00")])  # fmt: skip
    doc.text(61, end + 10, "支出情况")
    doc.text(61, end + 28, "单位：元")
    table(end + 48, (45, 135, 225, 315), [("机构名称", "支出合计", "基本支出", "项目支出"), ("局机关", "646,924.00", "321,630.00", "325,294.00"), ("合计", "646,924.00", "321,630.00", "325,294.00")])  # fmt: skip
    loaded = load(doc.save(tmp_path / "two.pdf"))
    shapes = [(b.table.n_rows, b.table.n_cols) for b in loaded.tables()]
    assert shapes == [(3, 3), (3, 4)]
    texts = [b.text for b in loaded.blocks if b.kind != "table"]
    assert "".join(texts) == "支出情况单位：元"  # text, in no cell


def test_lines_in_columns_without_rules_are_a_table_and_two_are_not(tmp_path):
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=400).new_page()
    doc.text(40, 40, "项目负责人：王明", 10.5)
    doc.text(240, 40, "财务负责人：李红", 10.5)
    doc.text(40, 56, "联系电话：1234567", 10.5)
    doc.text(240, 56, "填报日期：2021年", 10.5)
    rows = [["项目", "预算数", "执行数"], ["人员经费", "100.00", "98.00"],
            ["公用经费", "5.00", "4.50"], ["合计", "105.00", "102.50"]]  # fmt: skip
    for r, texts in enumerate(rows):
        for x, t in zip((45, 165, 285), texts, strict=True):
            doc.text(x, 120 + 16 * r, t)
    doc.text(40, 220, "本年度预算执行情况良好。")
    loaded = load(doc.save(tmp_path / "none.pdf"))
    (block,) = loaded.tables()
    t = block.table
    assert (t.n_rows, t.n_cols) == (4, 3)
    assert [[c.text for c in t.cells if c.row == r] for r in range(4)] == rows
    paragraphs = [b.text for b in loaded.blocks if b.kind != "table"]
    assert any("王明" in p for p in paragraphs)  # two lines in columns: no table


def test_a_table_without_vertical_rules_says_its_columns_are_a_guess():
    """The grid read from text positions carries the reason; a ruled one carries none."""
    from extractor.loaders import load

    styles = Path(__file__).resolve().parent / "fixtures" / "pdfstyles"
    guessed = [b.table.layout_inferred for b in load(styles / "seed-none.pdf").tables()]
    assert guessed and all(g and "no vertical rules" in g for g in guessed)
    ruled = load(Path(__file__).resolve().parents[1] / "corpus" / "seed.pdf")
    assert all(b.table.layout_inferred is None for b in ruled.tables())
    framed = load(styles / "seed-noouter.pdf")  # inner rules give the columns: not a guess
    assert all(b.table.layout_inferred is None for b in framed.tables())


def test_the_next_item_of_a_list_after_the_break_is_a_row_of_its_own():
    """(3)'s name fills its narrow cell at the page bottom and its numbers fill the row; the
    next page opens with (4) and empty cells — the next institution (a placeholder row), not
    the rest of (3)'s name, however full (3)'s line is."""
    name = "（3）社会保险服务"  # fills the 100-pt column
    p1 = part(
        1,
        [
            ((50, 770, 150, 790), [name]),
            ((150, 770, 200, 790), ["2023.05"]),
            ((200, 770, 250, 790), ["1287.43"]),
        ],
    )
    p2 = part(
        2,
        [
            ((50, 50, 150, 70), ["（4）二级机构"]),
            ((150, 50, 200, 70), [""]),
            ((200, 50, 250, 70), [""]),
        ],
    )
    acc = pdf.Joined(cells=list(p1.cells), n_rows=p1.n_rows, last=p1)
    pdf.join_part(acc, p2, 790.0, PITCH)
    g = grid_of(acc)
    assert acc.n_rows == 2
    assert g[(0, 0)] == (key(name), 1, 1)
    assert g[(1, 0)] == (key("（4）二级机构"), 1, 1)
    assert not any("cut by the page break" in d for d in acc.decisions)


def test_chart_gridlines_are_no_table(tmp_path):
    """A bar chart's gridlines and bars (axis labels outside them) above a ruled table: the
    table only; the chart's labels stay text."""
    from handpdf import GridCell, HandPdf, draw_grid

    from extractor.loaders import load

    doc = HandPdf().new_page()
    doc.text(60, 60, "图1 近三年支出变化情况")
    for i, y in enumerate(range(100, 260, 30)):
        doc.rule(100, y, 500, y)
        doc.text(70, y - 5, str(500 - i * 100), 9)
    doc.rule(100, 100, 100, 250)
    for x, (label, h) in zip(
        (150, 280, 410), (("2022年", 90), ("2023年", 120), ("2024年", 60)), strict=True
    ):
        doc.bar(x, 250 - h, x + 40, 250)
        doc.text(x + 2, 256, label, 9)
    rows = [("项目", "预算数", "执行数"), ("人员经费", "120.00", "118.50")]
    cells = [GridCell(r, c, [t]) for r, row in enumerate(rows) for c, t in enumerate(row)]
    draw_grid(doc, 60, 330, [120, 100, 100], [18, 18], cells)
    loaded = load(doc.save(tmp_path / "chart.pdf"))
    assert [(b.table.n_rows, b.table.n_cols) for b in loaded.tables()] == [(2, 3)]
    text = "".join(b.text for b in loaded.blocks if b.kind != "table")
    assert "2023年" in text and "图1" in text


@pytest.mark.parametrize("flag", [True, False])
def test_a_turned_page_is_read_in_reading_order(tmp_path, flag):
    """A landscape page stored portrait with its content turned a quarter: with ``/Rotate 90``
    (pdfplumber turns it back) or without (the text runs up the page, read turned)."""
    from handpdf import GridCell, HandPdf, draw_grid

    from extractor.loaders import load

    doc = HandPdf(page_width=842, page_height=595, rotate=90, rotate_flag=flag).new_page()
    doc.text(60, 50, "一、部门收支预算总表")
    rows = [("项目", "预算数", "执行数"), ("人员经费", "120.00", "118.50")]
    cells = [GridCell(r, c, [t]) for r, row in enumerate(rows) for c, t in enumerate(row)]
    draw_grid(doc, 60, 80, [300, 200, 200], [18, 18], cells)
    doc.text(60, 140, "本表反映部门预算的执行情况，执行数按国库集中支付系统数据填列。")
    loaded = load(doc.save(tmp_path / "turned.pdf"))
    (block,) = loaded.tables()
    got = [[c.text for c in block.table.cells if c.row == r] for r in range(block.table.n_rows)]
    assert got == [list(r) for r in rows]
    texts = [b.text for b in loaded.blocks if b.kind != "table"]
    assert texts == [
        "一、部门收支预算总表",
        "本表反映部门预算的执行情况，执行数按国库集中支付系统数据填列。",
    ]
    turned = [d for d in loaded.source.decisions if "turned" in d]
    assert turned == ([] if flag else ["page 1 read turned a quarter: its text runs up the page"])


def _label_column_unruled_pdf(path, centred: bool):
    """A ruled table whose label column has no rules between its body rows (the number
    columns are ruled row by row); ``centred``: one label merged over those rows instead."""
    from handpdf import HandPdf

    doc = HandPdf(page_width=420, page_height=300).new_page()
    xs, ys = [40, 160, 260, 360], [40 + 18 * i for i in range(6)]
    labels = ["项目", "人员经费", "公用经费", "项目支出", "合计"]
    values = [("预算数", "执行数"), ("120.00", "118.50"), ("30.00", "29.10"), ("50.00", "45.00"), ("200.00", "192.60")]  # fmt: skip
    for x in xs:
        doc.bar(x - 0.25, ys[0], x + 0.25, ys[-1])
    for y in (ys[0], ys[1], ys[-1]):
        doc.bar(xs[0], y - 0.25, xs[-1], y + 0.25)
    for y in ys[2:-1]:
        doc.bar(xs[1], y - 0.25, xs[-1], y + 0.25)  # not across the label column
    for i, y in enumerate(ys[:-1]):
        if not centred or i == 0:
            doc.text(xs[0] + 5, y + 3, labels[i])
        elif i == 2:
            doc.text(xs[0] + 5, y + 3, "经费")
        doc.text(xs[1] + 5, y + 3, values[i][0])
        doc.text(xs[2] + 5, y + 3, values[i][1])
    return doc.save(path)


@pytest.mark.parametrize("centred", [False, True])
def test_rows_of_a_column_without_rules_come_from_its_lines(tmp_path, centred):
    from extractor.loaders import load

    doc = load(_label_column_unruled_pdf(tmp_path / "labels.pdf", centred))
    (block,) = doc.tables()
    labels = [(c.row, c.rowspan, c.text) for c in block.table.cells if c.col == 0]
    if centred:  # one label merged over the rows: stays one cell
        assert labels == [(0, 1, "项目"), (1, 4, "经费")]
    else:
        assert labels == [(0, 1, "项目"), (1, 1, "人员经费"), (2, 1, "公用经费"), (3, 1, "项目支出"), (4, 1, "合计")]  # fmt: skip
        assert any("rows taken from its lines" in d for d in doc.source.decisions)


def test_white_boxes_behind_text_runs_are_no_rules(tmp_path):
    """Some typesetting systems fill a white box behind every text run: nothing is drawn, so
    the boxes' edges are no rules (a table of contents is no string of one-row tables), and
    the ruled table below is read as before."""
    from handpdf import GridCell, HandPdf, draw_grid

    from extractor.loaders import load

    doc = HandPdf().new_page()
    for i, title in enumerate(["部门收支总表", "部门收入总表", "部门支出总表"]):
        top = 60 + 30 * i
        doc.bar(100, top, 108, top + 20, gray=1)
        doc.bar(108, top, 180, top + 20, gray=1)
        doc.text(100, top + 4, f"{i + 1}")
        doc.text(108, top + 4, f"、{title}")
    rows = [("项目", "预算数"), ("人员经费", "120.00"), ("公用经费", "30.00")]
    cells = [GridCell(r, c, [t]) for r, row in enumerate(rows) for c, t in enumerate(row)]
    draw_grid(doc, 60, 200, [150, 100], [18] * 3, cells)
    loaded = load(doc.save(tmp_path / "boxes.pdf"))
    assert [(b.table.n_rows, b.table.n_cols) for b in loaded.tables()] == [(3, 2)]
    text = [b.text for b in loaded.blocks if b.kind != "table"]
    assert "".join(text) == "1、部门收支总表2、部门收入总表3、部门支出总表"


def test_a_paragraph_gap_is_measured_against_its_own_font_size(tmp_path):
    """Body text set at 16 pt with a 31 pt pitch (1.9 em, as 国家信访局's 决算 prints it)
    beside pages of 9 pt notes at a 12 pt pitch: a wrapped line of the body is no new
    paragraph because the document's tightest pitch in points is smaller (real fa05 p17)."""
    from handpdf import HandPdf, width

    from extractor.loaders import load

    doc = HandPdf(page_width=595, page_height=842).new_page()
    right = 524.0
    first = "国家信访局2024年度收、支总计22066.59万元，与2023年"
    doc.text(right - width(first, 16), 99, first, 16)
    doc.text(71, 130, "相比，收、支总计各增加5834.37万元，增长35.74%。", 16)
    doc.new_page()
    for i in range(30):
        doc.text(
            71,
            60 + 12 * i,
            f"注{i}：本表金额单位为万元，数据来源于部门决算报表系统的汇总数据和明细",
            9,
        )
    pdf = doc.save(tmp_path / "pitch.pdf")
    blocks = [b.text for b in load(pdf).blocks]
    assert any("与2023年相比，收、支总计各增加" in t for t in blocks), blocks[:3]


def _typed_line(pieces: list[tuple[float, str]], size: float = 10.0) -> list[dict]:
    """Characters of one line: each piece's text from its x, half an em a Latin character,
    one em a wide one; a space is a typed space character of its own advance."""
    out = []
    for x, text in pieces:
        for ch in text:
            w = size * (1.0 if is_wide(ch) else 0.5)
            out.append({"text": ch, "x0": x, "x1": x + w, "top": 100.0, "bottom": 100.0 + size,
                        "size": size, "upright": True})  # fmt: skip
            x += w
    return out


def test_a_typed_space_after_a_figure_does_not_hold_a_column_gap():
    """A producer that ends each cell's text with a space (47,824,589␣ then the next column
    12 points on) leaves a column gap beyond the space; between two Chinese characters a
    typed space before a wide gap was typed to lay the line out, and the text stays whole."""
    latin = _typed_line([(40, "Assam "), (100, "14,874,821 "), (170, "2,554,197")])
    (level,) = pdf_fragments.fragments(latin)
    assert [f.text for f in level] == ["Assam", "14,874,821", "2,554,197"]
    cjk = _typed_line([(40, "填报人：周晓明 "), (150, "联系电话：0796-8231456")])
    (level,) = pdf_fragments.fragments(cjk)
    assert [f.text for f in level] == ["填报人：周晓明联系电话：0796-8231456"]


def test_spaces_set_at_tab_stops_bridge_no_column_gap():
    """A tab drawn as one space at each tab stop it passes (Revaluation␣ … ␣ … ␣2,076,667):
    each space stands alone far from the text before it, so the gap is a column gap; a
    space right after a text still only ends it."""
    line = _typed_line(
        [(40, "Revaluation "), (170, " "), (230, " "), (290, " "), (300, "2,076,667")]
    )
    (level,) = pdf_fragments.fragments(line)
    assert [f.text for f in level] == ["Revaluation", "2,076,667"]
    close = _typed_line([(40, "Revaluation "), (130, "2,076,667")])
    (level,) = pdf_fragments.fragments(close)
    assert [f.text for f in level] == ["Revaluation", "2,076,667"]
    words = _typed_line([(40, "Net Asset Value")])
    (level,) = pdf_fragments.fragments(words)
    assert [f.text for f in level] == ["NetAssetValue"]


def test_shaded_cells_are_no_rules(tmp_path):
    """Rows shaded cell by cell (a coloured fill per cell, a white gap between cells) under
    horizontal rules: the fills' sides rule nothing, so the table has its three columns, not
    three for each, and its unshaded rows stay in it."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=300).new_page()
    xs = (40, 160, 280, 400)
    rows = [("Item", "2022", "2023"), ("Salaries", "1,204.50", "1,310.00"),
            ("Rent", "310.25", "298.40"), ("Travel", "88.10", "92.35"),
            ("Total", "1,602.85", "1,700.75")]  # fmt: skip
    for r, texts in enumerate(rows):
        top = 100 + 20 * r
        doc.bar(xs[0], top - 0.4, xs[-1], top + 0.4)
        if r % 2:
            for x0, x1 in itertools.pairwise(xs):
                doc.bar(x0 + 1, top + 1, x1 - 1, top + 19, gray=0.85)
        for x, t in zip(xs, texts, strict=False):
            doc.text(x + 4, top + 5, t)
    doc.bar(xs[0], 199.6, xs[-1], 200.4)
    loaded = load(doc.save(tmp_path / "shaded.pdf"))
    (block,) = loaded.tables()
    t = block.table
    assert (t.n_rows, t.n_cols) == (5, 3)
    assert [[c.text for c in t.cells if c.row == r] for r in range(5)] == [list(r) for r in rows]


def test_a_frame_round_rows_of_columns_is_read_from_its_text(tmp_path):
    """A frame with rules between the rows and no vertical rule inside: pdfplumber's grid is
    one column, each row a full-width "caption".  The text inside runs in columns, so the
    table is read from it (columns from the text, rows from the rules)."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=300).new_page()
    rows = [("项目", "预算数", "执行数"), ("人员经费", "100.00", "98.00"),
            ("公用经费", "5.00", "4.50"), ("合计", "105.00", "102.50")]  # fmt: skip
    for x in (40, 400):
        doc.rule(x, 100, x, 180)
    for r, texts in enumerate(rows):
        doc.rule(40, 100 + 20 * r, 400, 100 + 20 * r)
        for x, t in zip((45, 165, 285), texts, strict=True):
            doc.text(x, 100 + 20 * r + 5, t)
    doc.rule(40, 180, 400, 180)
    loaded = load(doc.save(tmp_path / "frame.pdf"))
    (block,) = loaded.tables()
    t = block.table
    assert (t.n_rows, t.n_cols) == (4, 3)
    assert [[c.text for c in t.cells if c.row == r] for r in range(4)] == [list(r) for r in rows]


def test_empty_rows_a_caption_cut_off_are_no_table():
    """A grid's note (* Data not available) in a full-width row above one empty row: the
    note is a paragraph and the empty row is dropped; a table that is empty as a whole (a
    form left blank) stays a table."""
    from extractor.loaders.layout import Paragraph, RawTable, split_caption_rows
    from extractor.model import Cell, Table

    data = [Cell(text=t, row=r, col=c) for r, row in enumerate([("a", "1"), ("b", "2")])
            for c, t in enumerate(row)]  # fmt: skip
    note = Cell(text="* Data not available", row=2, col=0, colspan=2)
    empty = [Cell(text="", row=3, col=c) for c in range(2)]
    items = split_caption_rows(Table(n_rows=4, n_cols=2, cells=[*data, note, *empty]), 1)
    assert [type(i) for i in items] == [RawTable, Paragraph]
    assert items[0].table.n_rows == 2
    blank = Table(n_rows=2, n_cols=2, cells=[Cell(text="", row=r, col=c)
                                             for r in range(2) for c in range(2)])  # fmt: skip
    assert [type(i) for i in split_caption_rows(blank, 1)] == [RawTable]


def test_a_header_between_rules_takes_the_body_below_it(tmp_path):
    """A statistics table: a rule over and under its two header lines, then (a line's gap
    below) its body without any rule.  One table, its header rows on top."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=300).new_page()
    xs = (40, 170, 240, 310, 380)
    doc.bar(40, 60, 430, 60.5)
    doc.text(xs[1], 66, "Plan")
    doc.text(xs[3], 66, "Non-Plan")
    for x, t in zip(xs, ("Ministry", "Revenue", "Capital", "Revenue", "Capital"), strict=True):
        doc.text(x, 82, t)
    doc.bar(40, 98, 430, 98.5)
    body = [("Agriculture", "22260.55", "48.45", "342.51", "0.74"),
            ("Research", "3715.00", "...", "2429.39", "..."),
            ("Husbandry", "2154.93", "19.07", "91.19", "1.11"),
            ("Energy", "1483.00", "3427.00", "2971.25", "855.75")]  # fmt: skip
    for r, texts in enumerate(body):
        for x, t in zip(xs, texts, strict=True):
            doc.text(x, 118 + 16 * r, t)
    loaded = load(doc.save(tmp_path / "header.pdf"))
    (block,) = loaded.tables()
    t = block.table
    assert (t.n_rows, t.n_cols) == (6, 5)
    assert [c.text for c in t.cells if c.row == 1] == ["Ministry", "Revenue", "Capital",
                                                      "Revenue", "Capital"]  # fmt: skip
    assert [c.text for c in t.cells if c.row == 5] == list(body[-1])


def test_columns_inside_the_cells_of_a_grid_of_column_groups(tmp_path):
    """A framed table whose one inner vertical rule parts the two column groups in the
    header only; below, each ruled band holds a section head or lines of a label and four
    figures: the figures' columns come from the text, each line a row of its own."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=320).new_page()
    x0, group, x1 = 40.0, 260.0, 420.0
    xs = (45, 190, 225, 300, 360)
    for x in (x0, x1):
        doc.rule(x, 60, x, 240)
    doc.rule(group, 60, group, 100)
    for y in (60, 80, 100, 120, 170, 190, 240):
        doc.rule(x0, y, x1, y)
    doc.text(190, 64, "2013")
    doc.text(300, 64, "2008")
    for x, t in zip(xs, ("Indicator", "Total", "Rural", "Total", "Rural"), strict=True):
        doc.text(x, 84, t)
    doc.text(45, 104, "Child feeding practices")
    body = [
        ("Breastfed", "76.9", "80.0", "NA", "NA"),
        ("Solid food", "78.6", "75.0", "85.9", "89.3"),
    ]
    for r, texts in enumerate(body):
        for x, t in zip(xs, texts, strict=True):
            doc.text(x, 124 + 16 * r, t)
    doc.text(45, 174, "Birth weight")
    more = [("Weighed", "38.8", "41.0", "NA", "NA"), ("Low weight", "12.8", "14.6", "NA", "NA"),
            ("Very low", "4.1", "3.9", "NA", "NA")]  # fmt: skip
    for r, texts in enumerate(more):
        for x, t in zip(xs, texts, strict=True):
            doc.text(x, 194 + 14 * r, t)
    loaded = load(doc.save(tmp_path / "groups.pdf"))
    tables = [b.table for b in loaded.tables()]  # the full-width section head parts them
    rows = [[c.text for c in t.cells if c.row == r] for t in tables for r in range(t.n_rows)]
    assert {t.n_cols for t in tables} == {5}
    assert rows[:2] == [
        ["", "2013", "", "2008", ""],
        ["Indicator", "Total", "Rural", "Total", "Rural"],
    ]
    assert rows[2:] == [list(body[0]), list(body[1]), ["Birth weight", "", "", "", ""]] + [
        list(r) for r in more
    ]
    assert all("column groups" in (t.layout_inferred or "") for t in tables)


def _frag(x0: float, text: str) -> pdf_parts.Frag:
    return pdf_parts.Frag(x0, x0 + 10.5 * len(text), 0.0, 10.5, 10.5, 10.5, text)


@pytest.mark.parametrize(
    ("lines", "caption"),
    [
        ([["部门（单位）年度支出和结余情况"], ["单位：万元"]], True),  # caption, unit under it
        ([["单位：万元"]], True),  # the unit alone over the next table
        ([["年度收入情况", "单位：万元"]], True),  # the unit set apart at the right
        ([["单位：万元", "1,234.00"]], False),  # a row
        ([["人员经费"], ["单位：万元"]], False),  # a label is no caption
    ],
)
def test_a_unit_line_parts_two_stacked_tables(lines, caption):
    """Between the rules of two stacked 三线表, a unit line (with its caption or alone)
    stands over the next table: the rules there are two tables' edges."""
    levels = [[_frag(60 + 200 * i, t) for i, t in enumerate(line)] for line in lines]
    table = [[[_frag(60, "合计"), _frag(200, "100.00")]]]
    assert pdf_rule_groups._caption_band(levels, table, table) is caption


def test_a_centred_number_cut_by_its_column_stays_in_its_row():
    """Narrow columns centre their figures: the rest of a cut number (２１２，８ ⏎ ６０．００)
    starts further right than its first line, and the row goes on all the same."""

    def line(top: float, texts: list[tuple[float, float, str]]) -> list[pdf_parts.Frag]:
        return [pdf_parts.Frag(a, b, top, top + 10, 10.5, 10.5, t) for a, b, t in texts]

    levels = [
        line(0, [(62, 115, "局机关及二"), (133, 185, "２１２，８"), (203, 266, "９，６０９，"),
                 (281, 333, "５４４，７")]),
        line(15, [(62, 115, "级机构汇总"), (143, 185, "６０．００"), (213, 266, "６０３．００"),
                  (291, 333, "８６．００")]),
        line(30, [(62, 109, "（1）本级"), (164, 185, "0.00"), (223, 266, "４，９０７"),
                  (312, 333, "0.00")]),
    ]  # fmt: skip
    assert pdf_unruled.row_starts(levels, [57.0, 127.0, 194.0, 274.0, 342.0]) == [0, 2]


@pytest.mark.parametrize(
    ("above", "below", "merged"),
    [
        ("决策", "（10分）", True),  # a label centred over two rows: its score below it
        ("产出指标(50", "分)", True),  # a bracket closing on the next row's line
        ("数量指标", "（一）", False),  # a list number starts an item of its own
        ("决策（10分）", "（万元）", False),
        ("决策", "（10分）说明", False),
        ("73.9", "(82.1)", False),  # a figure in brackets under a figure: its own row
        ("Total", "(82.1)", False),
    ],
)
def test_a_label_and_its_bracket_below_are_one_cell(above, below, merged):
    from extractor.loaders.pdf_unruled_grid import UnitGrid, merge_split_brackets

    def frag(top: float, text: str) -> pdf_parts.Frag:
        return pdf_parts.Frag(60, 60 + 10.5 * len(text), top, top + 10, 10.5, 10.5, text)

    grid = UnitGrid(2, 2)
    value = pdf_parts.Frag(200, 220, 0, 10, 10.5, 5, "4")
    by_row = {0: [[frag(0, above), value]], 1: [[frag(15, below), value]]}
    merge_split_brackets(grid, by_row, [55.0, 150.0, 300.0], 3.0)
    assert (grid.owner[0][0] == grid.owner[1][0]) is merged


def test_a_table_of_the_same_width_on_the_next_page_keeps_its_own_columns():
    """The previous page's table left its column boundaries for its rest; a new table of
    the same width at the top of the next page (its own header 序号 | 一级指标 | …) has
    columns of its own, and most of its boundaries lie far from those: they are not forced
    on it.  A rest whose text keeps most of the columns takes them."""
    region = pdf_unruled.Region(57.0, 516.0, 90.0, 140.0, [])

    def chars(starts: list[float]) -> list[dict]:
        out = []
        for i, top in enumerate((100.0, 115.0, 130.0)):
            for x in starts:
                out += [dict(c, top=top, bottom=top + 10) for c in _typed_line([(x, f"文字{i}")])]
        return out

    table = chars([62, 160, 210, 300, 430])
    prior = pdf_unruled.column_bounds(pdf_fragments.fragments(table), 57.0, 516.0)
    rest = chars([62, 210, 300, 430])  # its label column left empty on this page
    assert pdf_unruled._fits_columns(pdf_unruled._own_bounds(region, rest), prior, share=0.5)
    other = chars([62, 100, 175, 250, 340, 450])
    assert not pdf_unruled._fits_columns(pdf_unruled._own_bounds(region, other), prior, share=0.5)


def test_a_threeline_table_goes_on_over_a_page_without_its_rules(tmp_path):
    """A 三线表 cut by the page break: on the first page its top and header rules bound it;
    its rest on the next page has no rule, so its edges are its text's, a cell padding
    inside the rules'.  The rest takes the first page's columns and joins it."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=300).new_page()
    xs = (45, 150, 250, 330)
    doc.bar(40, 40, 400, 40.5)
    for x, t in zip(xs, ("序号", "指标", "分值", "得分"), strict=True):
        doc.text(x, 45, t)
    doc.bar(40, 60, 400, 60.5)
    rows = [(str(i), f"第{i}项指标", "10", str(8 + i % 3)) for i in range(1, 13)]
    for r, texts in enumerate(rows[:11]):
        for x, t in zip(xs, texts, strict=True):
            doc.text(x, 66 + 20 * r, t)
    doc.new_page()
    for r, texts in enumerate(rows[11:]):
        for x, t in zip(xs, texts, strict=True):
            doc.text(x, 40 + 20 * r, t)
    for r, texts in enumerate([("13", "第13项指标", "10", "9"), ("合计", "", "130", "117")]):
        for x, t in zip(xs, texts, strict=True):
            if t:
                doc.text(x, 60 + 20 * r, t)
    doc.text(45, 120, "三、存在的问题")
    loaded = load(doc.save(tmp_path / "rest.pdf"))
    (block,) = loaded.tables()
    t = block.table
    assert (t.n_rows, t.n_cols) == (15, 4)
    assert [c.text for c in t.cells if c.row == 14] == ["合计", "", "130", "117"]


def test_a_header_over_a_rows_rest_takes_no_bracket():
    """On the page after a break the repeated header stands over the rest of a cut row
    (一级指标 ⏎ (25分)): the header is no label of the body, and the bracket stays below."""
    from extractor.loaders.pdf_unruled_grid import UnitGrid, merge_split_brackets

    def frag(top: float, text: str) -> pdf_parts.Frag:
        return pdf_parts.Frag(60, 60 + 10.5 * len(text), top, top + 10, 10.5, 10.5, text)

    by_row = {0: [[frag(0, "一级指标")]], 1: [[frag(15, "(25分)")]]}
    grid = UnitGrid(2, 1)
    merge_split_brackets(grid, by_row, [55.0, 150.0], 3.0, header_rows=1)
    assert grid.owner[0][0] != grid.owner[1][0]
    merge_split_brackets(grid, by_row, [55.0, 150.0], 3.0, header_rows=0)
    assert grid.owner[0][0] == grid.owner[1][0]


def test_an_empty_rows_label_goes_on_with_its_number():
    """Template rows left empty (4、二级机构3, 5、二级机构4) in a narrow label column wrap
    their number onto a line of its own: it ends the label, no row of its own; a number
    under a row holding values is a row's (a 序号)."""

    def line(top: float, texts: list[tuple[float, str]]) -> list[pdf_parts.Frag]:
        return [
            pdf_parts.Frag(x, x + 10.5 * len(t), top, top + 10, 10.5, 10.5, t) for x, t in texts
        ]

    bounds = [57.0, 150.0, 250.0]
    empty = [line(0, [(62, "4、二级机构")]), line(15, [(62, "3")]),
             line(30, [(62, "5、二级机构")]), line(45, [(62, "4")])]  # fmt: skip
    assert pdf_unruled.row_starts(empty, bounds) == [0, 2]
    valued = [line(0, [(62, "合计"), (160, "100.00")]), line(15, [(62, "3")])]
    assert pdf_unruled.row_starts(valued, bounds) == [0, 1]


def test_characters_are_put_in_the_boxes_of_a_grid_as_one_by_one():
    """``_chars_in_boxes`` (sorted and bisected) gives each box what testing every character
    against it gives: a grid of boxes, characters on and off their edges."""
    import random

    rng = random.Random(7)
    xs, ys = [40.0, 90.0, 170.0, 260.0], [50.0, 70.0, 95.0, 120.0]
    boxes = [(a, t, z, b) for t, b in itertools.pairwise(ys) for a, z in itertools.pairwise(xs)]
    boxes.append((40.0, 120.0, 260.0, 140.0))  # a row of one cell across the grid
    chars = []
    for _ in range(400):
        x, y = rng.uniform(30, 270), rng.uniform(40, 150)
        chars.append({"text": "字", "x0": x, "x1": x + rng.choice([0.0, 5.0, 10.0]),
                      "top": y, "bottom": y + rng.choice([0.0, 10.0]), "size": 10.0})  # fmt: skip
    got = pdf_cell_columns._chars_in_boxes(boxes, chars)
    for b in boxes:
        want = [c for c in chars if pdf_fragments.in_box(c, *b)]
        assert sorted(map(id, got[b])) == sorted(map(id, want))


def test_heads_over_their_paragraphs_are_a_row_of_their_own():
    """No rule between rows: two short heads (项目年度目标, 年度目标完成情况) over paragraphs
    that start where they do and run much further: those lines had room, so the paragraphs
    are the next row, not the heads' rest (though a row of figures below puts columns
    between them, so neither head had room before the next column).  A vertical label's next character beside a
    cell's next paragraph (指 beside 及改进措, under 效 and 分析) still goes on with its row, and
    so do texts running further than those above by less than a piece and the slack."""

    def frag(x: float, top: float, text: str) -> pdf_unruled.Frag:
        return pdf_unruled.Frag(x, x + 10 * len(text), top, top + 10, 10.0, 10.0, text)

    rows = [
        ((10, "本情况"), (110, "项目年度目标"), (330, "年度目标完成情况")),
        (
            (110, "保障全县十二所乡村学校少年宫正常运行全"),
            (330, "十二所乡村学校少年宫全部正常运行全年"),
        ),
        ((110, "年开展各类活动不少于一百二十场次参与学"), (330, "开展活动一百三十二场次参与学生")),
        ((110, "生不少于三千人次。"),),
        ((10, "总额"), (110, "85"), (150, "92"), (200, "87"), (250, "10"), (330, "9.5")),
    ]
    levels = [[frag(x, 12 * n, t) for x, t in row] for n, row in enumerate(rows)]
    assert pdf_unruled.row_starts(levels, [0, 100, 140, 190, 240, 320, 530]) == [0, 1, 4]

    rows = [
        ((10, "绩"), (50, "一级指"), (110, "偏差原因"), (160, "分值")),
        ((10, "效"), (50, "标"), (110, "分析")),
        ((10, "指"), (110, "及改进措")),
        ((10, "标"), (110, "施")),
    ]
    levels = [[frag(x, 12 * n, t) for x, t in row] for n, row in enumerate(rows)]
    assert pdf_unruled.row_starts(levels, [0, 40, 100, 150, 190]) == [0]

    # texts a first piece and less than line_end_slack_em further than those above: wrapped
    def piece(x0: float, x1: float, top: float, text: str) -> pdf_unruled.Frag:
        return pdf_unruled.Frag(x0, x1, top, top + 10, 10.0, 10.0, text)

    levels = [
        [piece(10, 40, 0, "产出指"), piece(60, 90, 0, "数量指"), piece(110, 140, 0, "开展少"),
         piece(160, 180, 0, "120")],
        [piece(10, 51, 12, "标标标"), piece(60, 101, 12, "标标标")],
        [piece(10, 100, 24, "资金到位率和执行率"), piece(110, 140, 24, "到位率"),
         piece(160, 180, 24, "100")],
    ]  # fmt: skip
    assert pdf_unruled.row_starts(levels, [0, 55, 105, 155, 200]) == [0, 2]


def _hand_rows(doc, xs: tuple[float, ...], top: float, lines: list[tuple[str, ...]]) -> float:
    """Lines of texts set at ``xs`` from ``top`` on a HandPdf page, 16 pt apart; returns the
    top under the last."""
    for row in lines:
        for x, text in zip(xs, row, strict=False):
            doc.text(x, top, text)
        top += 16
    return top


def test_a_three_line_tables_rest_of_one_row_of_figures_and_labels_goes_on(tmp_path):
    """A 三线表 over a page break: page 1 ends on rows of figures with no rule under them;
    page 2 holds one more row of figures and two rows of labels alone (institutions with
    nothing to report) over the closing rule.  That rest, with the columns of the table
    above it, is the table's last rows; without the table before it, two rows of labels
    and one row of figures make no table."""
    from handpdf import HandPdf

    from extractor.loaders import load

    xs = (60.0, 200.0, 280.0, 360.0)
    heads = ("机构名称", "收入合计", "财政拨款", "其他收入")
    body = [("局机关及二级机构汇总", "200.13", "181.81", "18.31")] * 3
    rest = [("1、局机关", "200.13", "181.81", "18.31"), ("2、二级机构1",), ("3、二级机构2",)]

    def page_two(doc: HandPdf) -> None:
        doc.new_page()
        y = _hand_rows(doc, xs, 72, rest)
        doc.bar(40, y - 0.5, 420, y + 0.5)
        doc.text(60, y + 30, "部门（单位）年度支出和结余情况说明如下，请见下表所列各项内容。")

    doc = HandPdf().new_page()
    doc.text(60, 580, "年度收入情况（万元）")
    doc.bar(40, 599.5, 420, 600.5)
    y = _hand_rows(doc, xs, 604, [heads])
    doc.bar(40, y - 0.25, 420, y + 0.25)
    _hand_rows(doc, xs, y + 4, body * 4)
    page_two(doc)
    (table,) = [b.table for b in load(doc.save(tmp_path / "over.pdf")).blocks if b.table]
    grid = [[c.text if c else "" for c in row] for row in table.grid()]
    assert grid[-3:] == [
        ["1、局机关", "200.13", "181.81", "18.31"],
        ["2、二级机构1", "", "", ""],
        ["3、二级机构2", "", "", ""],
    ]

    alone = HandPdf().new_page()
    alone.text(60, 72, "本页之前没有表格。")
    alone.pages.pop()  # page two only
    page_two(alone)
    assert not [b for b in load(alone.save(tmp_path / "alone.pdf")).blocks if b.table]


def test_a_three_line_tables_heads_alone_at_the_page_end_join_its_body(tmp_path):
    """A 三线表's top rule and heads (one line or two) at the foot of page 1, over the page's
    number, its body on page 2 down to the closing rule: one table, the heads its first
    rows.  Heads with no table after them stay text; so do a line holding figures, a line
    over a rule (no table's top), and heads with more than the page's number under them
    (mid-page, not even a table of one row is tried)."""
    from handpdf import HandPdf

    from extractor.loaders import load

    xs = (60.0, 200.0, 280.0, 360.0)
    one = [("机构名称", "收入合计", "财政拨款", "其他收入")]

    def tables(heads=one, body=True, over=True, foot=("9",)) -> list:
        doc = HandPdf().new_page()
        for top in (640.0, 660.0, 680.0):
            doc.text(60, top, "各单位收入情况如下表所示，表中金额单位为万元，请对照各项内容阅读。")
        rule = 720.0 if over else 724.0 + 16 * len(heads)
        doc.bar(40, rule - 0.5, 420, rule + 0.5)
        _hand_rows(doc, xs, 724, heads)
        for k, text in enumerate(foot):
            doc.text(60 if k else 220, 790 + 14 * k, text)
        doc.new_page()
        if body:
            y = _hand_rows(doc, xs, 72, [("局机关", "200.13", "181.81", "18.31")] * 4)
            doc.bar(40, y - 0.5, 420, y + 0.5)
        doc.text(60, 200, "以上为本单位收入情况的说明，下面说明支出情况和结余情况的具体内容。")
        path = doc.save(tmp_path / "page.pdf")
        return [["".join(c.text.split()) if c else "" for c in r]
                for b in load(path).blocks if b.table for r in b.table.grid()]  # fmt: skip

    assert tables() == [list(one[0])] + [["局机关", "200.13", "181.81", "18.31"]] * 4
    two = tables(heads=[("机构", "收入", "财政", "其他"), ("名称", "合计", "拨款", "收入")])
    assert two[0][0] == "机构名称" and len(two) == 6  # (收入 ⏎ 合计 read as a group's)
    assert tables(body=False) == []
    # heads of two rows, the second a text in one column only: one filled row is enough
    under = tables(heads=[*one, ("注",)])
    assert under[0] == list(one[0]) and under[1][0] == "注" and len(under) == 6
    assert len(tables(heads=[("合计", "200.13", "181.81", "18.31")])) == 4
    assert len(tables(over=False)) == 4
    assert len(tables(foot=("9", "注：本表金额单位为万元，数据来源于部门决算报表。"))) == 4

    # heads over a paragraph, mid-page: a line as it was, no table of one row tried
    doc = HandPdf().new_page()
    doc.bar(40, 219.5, 420, 220.5)
    _hand_rows(doc, xs, 224, one)
    for top in (300.0, 320.0, 340.0):
        doc.text(60, top, "以上为本单位收入情况的说明，下面说明支出情况和结余情况的具体内容。")
    mid = load(doc.save(tmp_path / "mid.pdf"))
    assert mid.blocks[0].text == "机构名称收入合计财政拨款其他收入"
    assert not [d for d in mid.source.decisions if "one row" in d]


def test_a_table_of_one_row_reads_as_its_line():
    """A table of one row (the 版记 line under its rule at a document's end) reads as the
    line reader reads its line: a space at a wide gap or a gap between Latin characters,
    none between two CJK characters, none at a narrow gap beside one."""

    def row(*texts: tuple[float, str], size: float = 10.0) -> list[pdf_parts.PCell]:
        cells = []
        for x, t in texts:
            x1 = x + size * len(t)
            line = pdf_parts.Line(t, x, x1, 100, 100 + size, size, 1)
            cells.append(pdf_parts.PCell(x - 2, x1 + 2, 98, 112, 0, 1, 1, [line]))
        return cells[::-1]  # in any order: read left to right

    wide = row((60, "长沙市财政局办公室"), (200, "共印5份"), (300, "2025年7月4日印发"))
    assert pdf._as_line(wide) == "长沙市财政局办公室共印5份 2025年7月4日印发"
    assert pdf._as_line(row((60, "共印5份"), (105, "2025年"))) == "共印5份2025年"
    latin = row((60, "Total"), (115, "2024"), (160, "8.85"), (201, "%。主要是"))
    assert pdf._as_line(latin) == "Total 2024 8.85%。主要是"
    assert pdf._as_line(row((60, "Total"), (115, " "), (160, "8.85"))) == "Total 8.85"
