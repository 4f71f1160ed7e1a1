"""HTML tables inside a text file (Markdown from a document converter) and the counts of their
cells restated in the text (records/cell_restated.py → NR06).  Passages written for these tests
in the shape of corpus/real ev01 (a converter's output of a 绩效评价报告)."""

from __future__ import annotations

from extractor import pipeline
from extractor.loaders import htmltable, load

PLAN = (
    "<table><tr><td>年度</td><td>赛项类别</td><td>竞赛计划</td><td>实际实施内容</td></tr>"
    '<tr><td rowspan="2">2021</td><td>一类赛</td><td>9个赛事34个赛项</td><td>实际举办27个赛项</td></tr>'
    "<tr><td>二类赛</td><td>36个赛事88个赛项，其中符合条件的13个赛事36个赛项</td>"
    "<td>实际举办28个赛项</td></tr>"
    '<tr><td rowspan="2">2022</td><td>一类赛</td><td>10个赛事51个赛项</td><td>实际举办19个赛项</td></tr>'
    "<tr><td>二类赛</td><td>45个赛事109个赛项</td><td>实际举办46个赛项</td></tr></table>"
)

TEXT = f"""# 表1-3：各年赛事举办情况

{PLAN}

二是赛项没有统筹安排。2021年计划一类赛9个赛事{{a}}个赛项，二类赛36个赛事89个赛项；2022年计划一类赛10个赛事51个赛项，二类赛45个赛事109个赛项。
"""


def test_an_html_table_in_text_is_a_table_with_its_spans(tmp_path):
    path = tmp_path / "report.md.txt"
    path.write_text(TEXT.format(a="34"), encoding="utf-8")
    doc = load(path)
    (table,) = [b.table for b in doc.blocks if b.table is not None]
    assert (table.n_rows, table.n_cols) == (5, 4)
    year = next(c for c in table.cells if c.text == "2021")
    assert (year.row, year.col, year.rowspan) == (1, 0, 2)
    assert table.layout_inferred is None  # one table, read exactly


def test_counts_of_a_cell_restated_otherwise_are_found(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(TEXT.format(a="36"), encoding="utf-8")
    found = [f for f in pipeline.check(path).findings if f.code == "NR06"]
    names = sorted(f.message.split("」")[0].lstrip("「") for f in found)
    # 2021 一类赛 34 ≠ 36 and 2021 二类赛 88 ≠ 89; 2022 agrees; 36 of 其中 is not the cell's
    # first statement; the 2021 clause never matches a 2022 row
    assert names == ["2021/一类赛的赛项", "2021/二类赛的赛项"]
    assert all(f.severity == "warning" for f in found)


def test_tables_written_one_after_another_are_marked_as_pieces(tmp_path):
    path = tmp_path / "pieces.txt"
    path.write_text(f"表1-3\n\n{PLAN}\n\n{PLAN}\n\n说明文字。\n\n{PLAN}\n", encoding="utf-8")
    tables = [b.table for b in load(path).blocks if b.table is not None]
    # a converter writes a table page by page: rows may be split, sums over them are notes
    assert [t.layout_inferred for t in tables] == [htmltable.PIECES, htmltable.PIECES, None]


def test_markup_is_only_read_never_run():
    (t,) = htmltable.tables(
        '<table><tr><td rowspan="99999"><script>alert(1)</script>a&amp;b</td></tr></table>'
    )
    (cell,) = t.cells
    assert cell.text == "alert(1)a&b" and cell.rowspan == 1
