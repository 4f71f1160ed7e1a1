"""Spreadsheets (XLSX, XLS, ET) read as Documents of tables, and as reports (issue 13).

The workbooks are rebuilt here from the seed DOCX the way 自评表 are published: the
report's paragraphs as rows merged across the sheet, its tables with their merged cells,
numbers typed as numbers with a display format.  XLS is written with xlwt (dev-only).
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from evaluation.workbooks import rebuild_xlsx, xlsx_to_xls
from extractor import pipeline
from extractor.loaders import load, sniff
from extractor.loaders.spreadsheet import _shown


@pytest.fixture(scope="module")
def books(corpus, tmp_path_factory):
    d = tmp_path_factory.mktemp("books")
    rebuild_xlsx(corpus / "seed.docx", d / "seed.xlsx")
    xlsx_to_xls(d / "seed.xlsx", d / "seed.xls")
    xlsx_to_xls(d / "seed.xlsx", d / "seed.et")
    return d


def test_sniffed_as_spreadsheets_not_refused(books):
    assert sniff(books / "seed.xlsx") == "xlsx"
    assert sniff(books / "seed.xls") == "xls"
    assert sniff(books / "seed.et") == "xls"


@pytest.mark.parametrize("name", ["seed.xlsx", "seed.xls", "seed.et"])
def test_workbook_reads_like_the_docx(corpus, books, name):
    want = pipeline.check(corpus / "seed.docx")
    got = pipeline.check(books / name)
    assert got.kind == want.kind
    assert got.meta.model_dump() == want.meta.model_dump()
    assert [r.model_dump(exclude={"block", "page"}) for r in got.score_rows] == [
        r.model_dump(exclude={"block", "page"}) for r in want.score_rows
    ]
    assert got.score_total.stated == want.score_total.stated
    assert got.score_total.computed == want.score_total.computed
    assert got.score_total.stated is not None
    assert any(d.startswith("spreadsheet:") for d in got.source.decisions)


def test_merged_cells_become_spans(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "分值", "得分"])
    ws.append(["产出指标", "数量指标", 10, 9.5])
    ws.append([None, "质量指标", 10, 10])
    ws.merge_cells("A2:A3")
    ws["D2"].number_format = "0.00"
    wb.save(tmp_path / "t.xlsx")
    doc = load(tmp_path / "t.xlsx")
    tables = [b.table for b in doc.blocks if b.table is not None]
    assert len(tables) == 1
    t = tables[0]
    anchor = next(c for c in t.cells if c.text == "产出指标")
    assert (anchor.row, anchor.col, anchor.rowspan, anchor.colspan) == (1, 0, 2, 1)
    assert [c.text for c in t.rows()[1]] == ["产出指标", "数量指标", "10", "9.50"]


@pytest.mark.parametrize(
    "value,fmt,shown",
    [
        (1234.5, "#,##0.00", "1,234.50"),
        (0.955, "0.0%", "95.5%"),
        (200.13, "General", "200.13"),
        (0.1 + 0.2, "General", "0.3"),
        (7, "0", "7"),
        (12.0, "0.00", "12.00"),
        ("  项目名称 ", "@", "项目名称"),
    ],
)
def test_numbers_as_displayed(value, fmt, shown):
    assert _shown(value, fmt) == shown


def test_displayed_decimals_are_exact_decimals(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["收入合计", 1234.5])
    ws["B1"].number_format = "#,##0.00"
    wb.save(tmp_path / "m.xlsx")
    cells = [c.text for b in load(tmp_path / "m.xlsx").blocks if b.table for c in b.table.cells]
    assert "1,234.50" in cells
    assert Decimal(cells[-1].replace(",", "")) == Decimal("1234.50")


def test_a_workbook_holding_a_self_evaluation_is_a_report(books):
    from extractor.scan.triage import triage

    assert triage(load(books / "seed.xlsx")).is_report
    assert triage(load(books / "seed.xls")).is_report


def test_rebuilt_workbooks_score_rows_and_totals_exact(corpus, tmp_path):
    """Issue 13's bar on two synthetic reports (evaluation.workbooks runs all twelve): a
    whole report on one sheet and its forms alone, as XLSX and XLS."""
    import json
    from collections import Counter

    from evaluation.accuracy import compare_scores
    from evaluation.workbooks import CORPUS

    for name in ("syn_002", "syn_006"):
        gold = json.loads((CORPUS / f"{name}.gold.json").read_text(encoding="utf-8"))
        for forms in (False, True):
            xlsx = tmp_path / f"{name}-{forms}.xlsx"
            rebuild_xlsx(CORPUS / f"{name}.docx", xlsx, forms_only=forms)
            xlsx_to_xls(xlsx, xlsx.with_suffix(".xls"))
            for book in (xlsx, xlsx.with_suffix(".xls")):
                c: Counter[str] = Counter()
                misses = compare_scores(gold["report"], pipeline.check(book).to_dict(), c)
                assert not misses, (book.name, misses[:3])
                assert c["score.tp"] == c["score.gold"] > 0
