"""Scan outputs from a report with every kind of data: exact decimals, long-form tables, CSV, XLSX."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extractor.model import Source
from extractor.report import (
    CellValue,
    Evidence,
    Figure,
    FinanceTable,
    Finding,
    Report,
    Row,
    ScoreRow,
    Tables,
)
from extractor.scan import outputs
from extractor.scan.manifest import manifest_document

SHA = "ab" * 32


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    report = Report(
        source=Source(path="x.txt", format="txt", sha256=SHA),
        tables=Tables(
            income=FinanceTable(
                unit="万元",
                rows=[
                    Row(
                        org="汇总",
                        is_summary=True,
                        row=3,
                        cells={
                            "total": CellValue(value=Decimal("14767.04"), raw="14,767.04"),
                            "carryover": CellValue(value=Decimal("0.50"), raw="0.50"),
                        },
                    ),
                    Row(
                        org="1、局机关",
                        row=4,
                        cells={
                            "total": CellValue(
                                value=Decimal("200.13"), raw="200. 13", repaired=True
                            )
                        },
                    ),
                ],
            )
        ),
        score_rows=[
            ScoreRow(
                level1="投入",
                level3="预算执行率",
                max=Decimal("10"),
                score=Decimal("9.5"),
                max_raw="10",
                score_raw="9.5",
            )
        ],
        figures=[
            Figure(raw="２９２５件", value=Decimal("2925"), unit="件", block=3, start=4, end=9),
            Figure(
                raw="1.5亿元",
                value=Decimal("1.5"),
                unit="亿元",
                block=3,
                start=20,
                end=25,
                norm_value=Decimal("150000000"),
                norm_unit="元",
            ),
        ],
        findings=[
            Finding(
                code="FN02",
                severity="error",
                message="支出合计不等",
                expected="200.13",
                actual="200.12",
                difference="-0.01",
                tolerance="0.005",
                evidence=[
                    Evidence(block=12, page=3, text="支出合计\t200.13"),
                    Evidence(block=13, page=None, text="基本支出"),
                ],
            )
        ],
    )
    files = [
        {"path": "部门/x 报告.txt", "sha256": SHA, "status": "ok", "format": "txt"},
        {
            "path": "y.doc",
            "status": "failed",
            "kind": "ConversionError",
            "problem": "LibreOffice could not convert it",
            "fix": "convert it by hand",
            "size": 10,
        },
    ]
    d = tmp_path_factory.mktemp("out")
    outputs.build(
        d, files, lambda sha: report.to_dict(), manifest_document(files, {}, {}, True), xlsx=True
    )
    return d


def test_decimals_are_exact_strings_in_parquet(out: Path):
    figures = pq.read_table(out / "figures.parquet")
    assert figures.schema.field("value").type == pa.string()
    assert figures.column("value").to_pylist() == ["2925", "1.5"]
    assert figures.column("norm_value").to_pylist() == [None, "150000000"]
    assert figures.column("raw").to_pylist() == ["２９２５件", "1.5亿元"]
    assert figures.column("file").to_pylist() == ["部门/x 报告.txt"] * 2
    scores = pq.read_table(out / "scores.parquet").to_pylist()
    assert (scores[0]["max"], scores[0]["score"], scores[0]["level3"]) == (
        "10",
        "9.5",
        "预算执行率",
    )


def test_tables_are_long_form_one_row_per_cell(out: Path):
    t = pq.read_table(out / "tables.parquet")
    assert t.schema.names[:9] == [
        "file",
        "sha256",
        "table",
        "unit",
        "org",
        "is_summary",
        "row",
        "key",
        "value",
    ]
    rows = [
        (r["table"], r["org"], r["key"], r["value"], r["raw"], r["is_summary"], r["repaired"])
        for r in t.to_pylist()
    ]
    assert rows == [
        ("income", "汇总", "total", "14767.04", "14,767.04", True, False),
        ("income", "汇总", "carryover", "0.50", "0.50", True, False),  # printed precision kept
        ("income", "1、局机关", "total", "200.13", "200. 13", False, True),
    ]


def test_findings_csv_opens_in_excel_and_carries_numbers_and_evidence(out: Path):
    data = (out / "findings.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    (row,) = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert (row["file"], row["code"], row["severity"]) == ("部门/x 报告.txt", "FN02", "error")
    assert (row["expected"], row["actual"], row["difference"], row["tolerance"]) == (
        "200.13",
        "200.12",
        "-0.01",
        "0.005",
    )
    assert row["evidence"] == "[block 12, p3] 支出合计\t200.13 ¦ [block 13, pNone] 基本支出"
    assert (row["evidence_blocks"], row["evidence_pages"]) == ("12;13", "3;")


def test_errors_and_reports_jsonl(out: Path):
    (err,) = [
        json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert (err["path"], err["status"], err["kind"]) == ("y.doc", "failed", "ConversionError")
    (line,) = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    r = Report.model_validate_json(line)
    assert r.source.path == "部门/x 报告.txt"
    assert r.tables.income.rows[0].cells["carryover"].value == Decimal("0.50")


def test_xlsx_has_one_sheet_per_output_with_decimal_strings(out: Path):
    from openpyxl import load_workbook

    wb = load_workbook(out / "scan.xlsx", read_only=True)
    assert wb.sheetnames == [
        "reports",
        "findings",
        "figures",
        "scores",
        "tables",
        "errors",
        "manifest",
    ]
    tables = list(wb["tables"].iter_rows(values_only=True))
    header = tables[0]
    assert [dict(zip(header, r, strict=True))["value"] for r in tables[1:]] == [
        "14767.04",
        "0.50",
        "200.13",
    ]
    assert len(list(wb["manifest"].iter_rows())) == 3


def test_a_build_leaves_no_temporary_files_and_replaces_outputs_whole(out: Path):
    assert not list(out.glob(".*.tmp-*"))
    stale = out / ".reports.jsonl.tmp-99999"
    stale.write_text("half")  # left by a scan killed while writing
    outputs.remove_stale_temps(out)
    assert not stale.exists()
