"""Scan outputs: the journal's results → the files people use, each written atomically.

folder ──▶ entries ──▶ workers ──▶ journal ──**outputs**──▶ reports.jsonl, findings.csv,
reports/findings/figures/scores/tables.parquet, errors.jsonl, summary.html, manifest.json
[, scan.xlsx]; OUT/reviews.jsonl (the auditors' decisions) is read into them.

Every output is a view rebuilt from the journal in one streaming pass over
the finished reports (sorted by path, so two scans of the same folder write
the same bytes whatever the order files finished in).  Each file is written
under a temporary name in ``OUT`` and renamed over the old one only when all
of them are complete, so a reader never sees a half-written output.

Numbers: every decimal (values, scores, amounts) is written as its exact
decimal *string* in CSV and Parquet (``"14767.04"``, ``"95"``), never a float.
Strings rather than ``decimal128`` because a decimal128 column has one scale:
``95`` and ``14767.04`` would come back as ``95.00`` and lose the printed
precision the rules compare at.  Cast in your own tool if you need numbers
(``pyarrow.compute.cast(col, pa.decimal128(18, 4))``).  In scan.xlsx they are
number cells: openpyxl writes the Decimal's own digits into the sheet's XML and
the cell's format shows the printed decimals (``0.50``).

No text cell of a CSV or XLSX output starts a formula (``safe_text``).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .. import review as review_store
from ..spreadsheet_text import FORMULA_START, PLAIN_NUMBER, safe_text  # noqa: F401 - re-exported
from . import html
from .columns import (
    ERROR_COLUMNS,
    FIGURE_COLUMNS,
    FINDING_COLUMNS,
    NUMBER_COLUMNS,
    REPORT_COLUMNS,
    SCORE_COLUMNS,
    SHEETS,
    TABLE_COLUMNS,
)

ROW_GROUP = 50_000
"""Rows buffered per Parquet row group: bounds the parent's memory on big scans."""
XLSX_MAX_ROWS = 1_048_575
XLSX_MAX_CELL = 32_767
CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark: Excel on a Chinese Windows reads it as UTF-8, not GBK."""


# ── atomic files ──────────────────────────────────────────────────────────


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.tmp-{os.getpid()}")


def commit(tmp: Path, dest: Path) -> None:
    """fsync the finished temporary file and rename it over ``dest`` (atomic on one filesystem)."""
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    tmp.replace(dest)
    _fsync_dir(dest.parent)


UNDECODABLE = "backslashreplace"
"""A file name holding bytes that are no UTF-8 (bad\\xffbyte.txt) is carried as surrogates; the
outputs write such a character as its escape (``\\udcff``), which JSON reads back as the same
character, instead of failing the whole scan."""


def atomic_write_text(dest: Path, text: str) -> None:
    tmp = temp_name(dest)
    tmp.write_text(text, encoding="utf-8", errors=UNDECODABLE)
    commit(tmp, dest)


def remove_stale_temps(out: Path) -> None:
    """Temporary files left by a scan that was killed while writing outputs."""
    for p in out.glob(".*.tmp-*"):
        p.unlink(missing_ok=True)


def _encodable(text: str) -> str:
    """Text Parquet can store: a lone surrogate (an undecodable byte of a file name) as its escape."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", UNDECODABLE).decode("utf-8")


def _cell(value: Any, typ: pa.DataType) -> Any:
    """A JSON value from the report → the column's type (decimals stay the strings they are)."""
    if value is None:
        return None
    if pa.types.is_decimal(typ):
        return None  # filled from the string column by _typed()
    if pa.types.is_list(typ):
        return [None if v is None else int(v) for v in value] if isinstance(value, list) else None
    if pa.types.is_string(typ):
        if isinstance(value, str):
            return _encodable(value)
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if pa.types.is_boolean(typ):
        return bool(value)
    if pa.types.is_integer(typ):
        return int(value)
    return value


def _typed(text: Any) -> Decimal | None:
    """A decimal string → a Decimal that fits ``columns.DEC`` exactly, else None."""
    if text is None:
        return None
    try:
        d = Decimal(str(text))
    except ArithmeticError:
        return None
    exp = d.as_tuple().exponent
    if not d.is_finite() or not isinstance(exp, int) or exp < -6 or d.adjusted() >= 32:
        return None
    return d


# ── writers ───────────────────────────────────────────────────────────────


class Output:
    """One output file written under a temporary name, committed later."""

    def __init__(self, dest: Path):
        self.dest = dest
        self.tmp = temp_name(dest)

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def commit(self) -> None:
        commit(self.tmp, self.dest)


class ParquetOutput(Output):
    def __init__(self, dest: Path, columns: list[tuple[str, pa.DataType]]):
        super().__init__(dest)
        self.schema = pa.schema([pa.field(n, t) for n, t in columns])
        self.columns = columns
        self.buffer: list[dict[str, Any]] = []
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        arrays = [
            pa.array(
                [
                    _typed(r.get(n[: -len("_dec")]))
                    if pa.types.is_decimal(t)
                    else _cell(r.get(n), t)
                    for r in self.buffer
                ],
                type=t,
            )
            for n, t in self.columns
        ]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.rows += len(self.buffer)
        self.buffer = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


class CsvOutput(Output):
    def __init__(self, dest: Path, columns: list[tuple[str, pa.DataType]]):
        super().__init__(dest)
        self.columns = columns
        # open until close(): rows are written one by one as the scan finishes files
        self.fh = self.tmp.open("w", encoding=CSV_ENCODING, newline="", errors=UNDECODABLE)
        self.writer = csv.writer(self.fh, lineterminator="\r\n")
        self.writer.writerow([n for n, _ in columns])

    def add(self, row: dict[str, Any]) -> None:
        values = []
        for n, t in self.columns:
            v = _cell(row.get(n), t)
            if isinstance(v, list):
                v = ";".join("" if x is None else str(x) for x in v)
            elif isinstance(v, str):
                v = safe_text(v)
            values.append(
                "" if v is None else ("true" if v is True else "false" if v is False else v)
            )
        self.writer.writerow(values)

    def close(self) -> None:
        self.fh.close()


class JsonlOutput(Output):
    def __init__(self, dest: Path):
        super().__init__(dest)
        # open until close(): records are written one by one as the scan finishes files
        self.fh = self.tmp.open("w", encoding="utf-8", newline="\n", errors=UNDECODABLE)

    def add(self, obj: dict[str, Any]) -> None:
        self.fh.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self) -> None:
        self.fh.close()


class XlsxOutput(Output):
    """One workbook, one sheet per output (write-only mode: rows stream to disk)."""

    def __init__(self, dest: Path):
        from openpyxl import Workbook

        super().__init__(dest)
        self.wb = Workbook(write_only=True)
        self.sheets: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        self.cut: dict[str, int] = {}
        self.columns: dict[str, list[tuple[str, pa.DataType]]] = {}

    def sheet(self, name: str, columns: list[tuple[str, pa.DataType]]) -> None:
        columns = [c for c in columns if not pa.types.is_decimal(c[1])]  # the numbers are there
        ws = self.wb.create_sheet(name)
        ws.freeze_panes = "A2"  # the header stays in view (set before the first row is written)
        ws.append([n for n, _ in columns])
        self.sheets[name], self.counts[name], self.columns[name] = ws, 0, columns

    def add(self, name: str, row: dict[str, Any]) -> None:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if self.counts[name] >= XLSX_MAX_ROWS:  # Excel's limit; the Parquet/CSV files have all rows
            self.cut[name] = self.cut.get(name, 0) + 1
            return
        values = []
        for n, t in self.columns[name]:
            v = _cell(row.get(n), t)
            if isinstance(v, list):
                v = ";".join("" if x is None else str(x) for x in v)
            if isinstance(v, str) and n in NUMBER_COLUMNS and PLAIN_NUMBER.fullmatch(v):
                v = self._number(name, v)
            elif isinstance(v, str):
                v = safe_text(ILLEGAL_CHARACTERS_RE.sub("", v), numbers_ok=False)[:XLSX_MAX_CELL]
            values.append(v)
        self.sheets[name].append(values)
        self.counts[name] += 1

    def _number(self, name: str, text: str) -> Any:
        """A decimal string → a number cell showing the printed decimals (``0.50`` stays ``0.50``).

        openpyxl writes ``str(Decimal)`` into the sheet's XML, so the file holds the
        printed digits exactly; Excel reads them as a double (exact to 15 digits).
        """
        from openpyxl.cell import WriteOnlyCell

        value = Decimal(text)
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) else 0
        cell = WriteOnlyCell(self.sheets[name], value=value)
        cell.number_format = "0." + "0" * places if places > 0 else "0"
        return cell

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        for name, ws in self.sheets.items():
            last = get_column_letter(len(self.columns[name]))
            ws.auto_filter.ref = f"A1:{last}{self.counts[name] + 1}"
        if self.cut:
            ws = self.wb.create_sheet("notes")
            for name, n in self.cut.items():
                ws.append(
                    [
                        f"{name}: {n} rows beyond Excel's row limit are only in the Parquet/CSV output"
                    ]
                )
        self.wb.save(self.tmp)


# ── rows from one report ──────────────────────────────────────────────────


def report_row(file: str, sha: str, r: dict[str, Any]) -> dict[str, Any]:
    meta, total = r.get("meta") or {}, r.get("score_total") or {}
    src = r.get("source") or {}
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in r.get("findings", []):
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    return {
        "file": file,
        "sha256": sha,
        "format": src.get("format"),
        "pages": src.get("pages"),
        "kind": r.get("kind"),
        "department": meta.get("department"),
        "project_name": meta.get("project_name"),
        "year": meta.get("year"),
        "budget_code": meta.get("budget_code"),
        "composite_score": meta.get("composite_score"),
        "score_total_stated": total.get("stated"),
        "score_total_computed": total.get("computed"),
        "grade": meta.get("grade"),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
    }


def _where(e: dict[str, Any]) -> str:
    parts = [f"block {e['block']}" if e.get("block") is not None else ""]
    parts.append(f"p{e['page']}" if e.get("page") is not None else "")
    return ", ".join(p for p in parts if p)


def finding_rows(
    file: str,
    sha: str,
    r: dict[str, Any],
    decisions: dict[str, review_store.Decision] | None = None,
) -> Iterator[dict[str, Any]]:
    """One row per finding: its id, numbers, evidence (blocks and pages as lists) and review.

    Pages only where the format has them (PDF): a DOCX page is an estimate from
    Word's saved breaks and a text file has none, so their evidence says no page.
    """
    paged = (r.get("source") or {}).get("format") in html.PAGED_FORMATS
    for f in r.get("findings", []):
        ev = [e if paged else {**e, "page": None} for e in f.get("evidence") or []]
        yield {
            **f,
            "file": file,
            "sha256": sha,
            "evidence": " ¦ ".join(f"[{_where(e)}] {e.get('text', '')}" for e in ev),
            "evidence_blocks": [e.get("block") for e in ev],
            "evidence_pages": [e.get("page") for e in ev],
            **review_store.columns((decisions or {}).get(f.get("id") or "")),
        }


def figure_rows(file: str, sha: str, r: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for i, f in enumerate(r.get("figures", [])):
        yield {**f, "file": file, "sha256": sha, "index": i}


def score_rows(file: str, sha: str, r: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for i, s in enumerate(r.get("score_rows", [])):
        yield {**s, "file": file, "sha256": sha, "index": i}


def table_rows(file: str, sha: str, r: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Long form: one row per filled cell of every finance table."""
    for table, t in (r.get("tables") or {}).items():
        if not t:
            continue
        for row in t.get("rows", []):
            for key, cell in (row.get("cells") or {}).items():
                yield {
                    "file": file,
                    "sha256": sha,
                    "table": table,
                    "block": t.get("block"),
                    "page": t.get("page"),
                    "unit": t.get("unit"),
                    "org": row.get("org"),
                    "is_summary": row.get("is_summary", False),
                    "row": row.get("row"),
                    "key": key,
                    "value": cell.get("value"),
                    "raw": cell.get("raw"),
                    "repaired": cell.get("repaired", False),
                }


# ── the build ─────────────────────────────────────────────────────────────


def build(
    out: Path,
    files: list[dict[str, Any]],
    load_report: Any,
    manifest: dict[str, Any],
    xlsx: bool = False,
    html_options: dict[str, Any] | None = None,
) -> None:
    """Write every output from the file list and the stored reports, then commit them together.

    ``files`` is the manifest's file list (sorted by path); ``load_report(sha)``
    returns a finished file's report dict.
    """
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out)
    decisions = review_store.load(out)
    sinks = Sinks(out, xlsx)
    summary = html.Summary(decisions=decisions, base=out)
    tally = Tally()
    not_read: dict[str, list[dict[str, Any]]] = {"failed": [], "skipped": []}
    for f in files:
        sinks.to_book("manifest", f)
        status = f["status"]
        if status in ("failed", "skipped"):
            not_read[status].append(f)  # failed ones are listed first, below
        elif status == "duplicate":
            summary.add_duplicate(f)
        elif status != "ok":
            summary.add_pending(f)
        else:
            _add_report(f, load_report, sinks, summary, tally, decisions)
    for f in not_read["failed"] + not_read["skipped"]:
        err = {k: f.get(k) for k, _ in ERROR_COLUMNS}
        sinks.errors.add(err)
        summary.add_problem(f)
        sinks.to_book("errors", err)
    tally.record(manifest)
    _write_and_commit(out, sinks, summary, manifest, html_options)


class Sinks:
    """The outputs one build streams rows into, each under its temporary name."""

    def __init__(self, out: Path, xlsx: bool):
        self.reports = JsonlOutput(out / "reports.jsonl")
        self.report_table = ParquetOutput(out / "reports.parquet", REPORT_COLUMNS)
        self.findings = CsvOutput(out / "findings.csv", FINDING_COLUMNS)
        self.finding_table = ParquetOutput(out / "findings.parquet", FINDING_COLUMNS)
        self.figures = ParquetOutput(out / "figures.parquet", FIGURE_COLUMNS)
        self.scores = ParquetOutput(out / "scores.parquet", SCORE_COLUMNS)
        self.tables = ParquetOutput(out / "tables.parquet", TABLE_COLUMNS)
        self.errors = JsonlOutput(out / "errors.jsonl")
        self.book = XlsxOutput(out / "scan.xlsx") if xlsx else None
        if self.book:
            for name, cols in SHEETS.items():
                self.book.sheet(name, cols)

    def to_book(self, sheet: str, row: dict[str, Any]) -> None:
        """A row of a sheet of scan.xlsx, when the workbook is written."""
        if self.book:
            self.book.add(sheet, row)

    def streamed(self) -> list[Output]:
        """The outputs above, in the order they are closed and committed."""
        return [
            self.reports,
            self.report_table,
            self.findings,
            self.finding_table,
            self.figures,
            self.scores,
            self.tables,
            self.errors,
        ]


class Tally:
    """Findings counted over the reports of a build, for the manifest."""

    def __init__(self) -> None:
        self.totals = {"error": 0, "warning": 0, "info": 0}
        self.reviewed: dict[str, int] = {}
        self.suppressed: dict[str, int] = {}

    def add_report(self, row: dict[str, Any]) -> None:
        for sev in self.totals:
            self.totals[sev] += row[f"{sev}s"]

    def add_finding(self, x: dict[str, Any]) -> None:
        if x["review"]:
            self.reviewed[x["review"]] = self.reviewed.get(x["review"], 0) + 1
        if x["review"] == "dismissed":  # a false alarm an auditor set aside
            self.suppressed[x["severity"]] = self.suppressed.get(x["severity"], 0) + 1

    def record(self, manifest: dict[str, Any]) -> None:
        manifest["findings"] = self.totals
        # findings of this scan, by decision
        manifest["reviewed"] = dict(sorted(self.reviewed.items()))
        # findings dismissed as false alarms (this OUT's decisions, or a --baseline's), by
        # severity: the scan's last line counts them apart
        manifest["suppressed"] = {s: self.suppressed.get(s, 0) for s in self.totals}


def _add_report(
    f: dict[str, Any],
    load_report: Any,
    sinks: Sinks,
    summary: html.Summary,
    tally: Tally,
    decisions: dict[str, review_store.Decision],
) -> None:
    """One finished file: its report and its rows into every output."""
    path, sha = f["path"], f.get("sha256") or ""
    r = load_report(sha)
    if r is None:  # the journal lost this line (cannot happen unless edited by hand)
        return
    r["source"]["path"] = path  # the path of this scan, whichever run processed the file
    sinks.reports.add(r)
    row = report_row(path, sha, r)
    sinks.report_table.add(row)
    tally.add_report(row)
    summary.add_report(path, r, row)
    sinks.to_book("reports", row)
    for x in finding_rows(path, sha, r, decisions):
        tally.add_finding(x)
        sinks.findings.add(x)
        sinks.finding_table.add(x)
        sinks.to_book("findings", x)
    for sink, name, rows in (
        (sinks.figures, "figures", figure_rows(path, sha, r)),
        (sinks.scores, "scores", score_rows(path, sha, r)),
        (sinks.tables, "tables", table_rows(path, sha, r)),
    ):
        for x in rows:
            sink.add(x)
            sinks.to_book(name, x)


def _write_and_commit(
    out: Path,
    sinks: Sinks,
    summary: html.Summary,
    manifest: dict[str, Any],
    html_options: dict[str, Any] | None,
) -> None:
    """Close every output, then rename them into place together, the manifest last."""
    page = TextOutput(out / "summary.html", html.render(summary, manifest, **(html_options or {})))
    man = TextOutput(
        out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    )
    outputs: list[Output] = [*sinks.streamed(), page]
    if sinks.book:
        outputs.append(sinks.book)
    for o in outputs:
        o.close()
    man.close()
    for o in outputs:
        o.commit()
    man.commit()  # last: a manifest on disk always describes outputs already in place


class TextOutput(Output):
    """A whole text file known in memory (the HTML page, the manifest)."""

    def __init__(self, dest: Path, text: str):
        super().__init__(dest)
        self.text = text

    def close(self) -> None:
        with self.tmp.open("w", encoding="utf-8", newline="\n", errors=UNDECODABLE) as fh:
            fh.write(self.text)
