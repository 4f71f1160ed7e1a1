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

from extractor import review
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
                id="fn02-id",
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
    review.append(
        d, [review.Decision.make("fn02-id", "confirmed", '=HYPERLINK("http://x")', "王审计")]
    )
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
    assert t.schema.names[:11] == [
        "file",
        "sha256",
        "table",
        "block",
        "page",
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
    # a text file has no pages: its evidence claims none (a PDF's would say p3)
    assert row["evidence"] == "[block 12] 支出合计\t200.13 ¦ [block 13] 基本支出"
    assert (row["evidence_blocks"], row["evidence_pages"]) == ("12;13", ";")
    assert next(iter(row)) == "id" and row["id"] == "fn02-id"
    assert (row["review"], row["reviewed_by"]) == ("confirmed", "王审计")
    assert row["review_note"] == '\'=HYPERLINK("http://x")'  # a note is text, never a formula


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
    values = [dict(zip(header, r, strict=True))["value"] for r in tables[1:]]
    assert [Decimal(str(v)) for v in values] == [
        Decimal("14767.04"),
        Decimal("0.5"),
        Decimal("200.13"),
    ]
    assert all(isinstance(v, float | int) for v in values)  # numbers, not text
    assert len(list(wb["manifest"].iter_rows())) == 3
    wb.close()
    full = load_workbook(out / "scan.xlsx")  # not read-only: formats, filters and panes
    ws = full["tables"]
    col = header.index("value") + 1
    assert [ws.cell(row=r, column=col).number_format for r in (2, 3, 4)] == ["0.00", "0.00", "0.00"]
    assert (
        ws.freeze_panes == "A2"
        and ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}4"
    )
    assert full["findings"].cell(row=2, column=1).value == "fn02-id"


def test_a_build_leaves_no_temporary_files_and_replaces_outputs_whole(out: Path):
    assert not list(out.glob(".*.tmp-*"))
    stale = out / ".reports.jsonl.tmp-99999"
    stale.write_text("half")  # left by a scan killed while writing
    outputs.remove_stale_temps(out)
    assert not stale.exists()


HOSTILE = [
    "=1+2",
    "+SUM(A1)",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "＝1+2",
    "＋1",
    "－1+1",
    "＠A1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_text_cell_can_start_a_formula(text: str):
    assert outputs.safe_text(text) == "'" + text


@pytest.mark.parametrize("number", ["-0.01", "+5", "1e3", "-12.50", "95"])
def test_numbers_stay_numbers(number: str):
    assert outputs.safe_text(number) == number


def test_hostile_names_and_text_are_inert_in_csv_and_xlsx(tmp_path: Path):
    from openpyxl import load_workbook

    sha = "cd" * 32
    name = '=HYPERLINK("http://evil","x").txt'
    report = Report(
        source=Source(path=name, format="txt", sha256=sha),
        findings=[
            Finding(
                id="h1",
                code="FN02",
                severity="error",
                message="@SUM(1+1)",
                expected="-0.01",
                actual="＝1+1",
                evidence=[Evidence(block=1, text="+cmd")],
            )
        ],
    )
    files = [
        {"path": name, "sha256": sha, "status": "ok", "format": "txt"},
        {"path": "-1+1.doc", "status": "skipped", "kind": "x", "problem": "=1", "fix": "+1"},
        {"path": "\t=2.doc", "status": "failed", "kind": "x", "problem": "@1", "fix": "-x"},
    ]
    outputs.build(
        tmp_path,
        files,
        lambda s: report.to_dict(),
        manifest_document(files, {}, {}, True),
        xlsx=True,
    )
    text = (tmp_path / "findings.csv").read_text(encoding="utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert (
                not cell
                or cell[0] not in outputs.FORMULA_START
                or outputs.PLAIN_NUMBER.fullmatch(cell)
            ), cell
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert (
        row["expected"] == "-0.01" and row["file"] == "'" + name and row["message"] == "'@SUM(1+1)"
    )
    wb = load_workbook(tmp_path / "scan.xlsx")
    for ws in wb.worksheets:
        for cells in ws.iter_rows():
            for c in cells:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and c.value:
                    assert c.value[0] not in outputs.FORMULA_START, (ws.title, c.value)
    # failed files come before skipped ones in errors.jsonl
    errs = [json.loads(x) for x in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert [e["status"] for e in errs] == ["failed", "skipped"]


def test_flat_reports_and_findings_tables(out: Path):
    reports = pq.read_table(out / "reports.parquet").to_pylist()
    assert [(r["file"], r["errors"]) for r in reports] == [("部门/x 报告.txt", 1)]
    findings = pq.read_table(out / "findings.parquet")
    assert findings.schema.field("evidence_blocks").type == pa.list_(pa.int64())
    (f,) = findings.to_pylist()
    assert (f["id"], f["evidence_blocks"], f["evidence_pages"]) == (
        "fn02-id",
        [12, 13],
        [None, None],
    )
    # typed twins of the decimal strings, exact, for duckdb/polars sums
    tables = pq.read_table(out / "tables.parquet")
    assert tables.schema.field("value_dec").type == pa.decimal128(38, 6)
    assert tables.column("value_dec").to_pylist() == [
        Decimal("14767.04"),
        Decimal("0.50"),
        Decimal("200.13"),
    ]
    assert outputs._typed("0.1234567") is None and outputs._typed("1e40") is None
    assert outputs._typed("-0.000001") == Decimal("-0.000001")
    from openpyxl import load_workbook

    header = next(
        load_workbook(out / "scan.xlsx", read_only=True)["tables"].iter_rows(values_only=True)
    )
    assert "value" in header and "value_dec" not in header
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["findings"] == {"error": 1, "warning": 0, "info": 0}
