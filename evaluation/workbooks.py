"""自评表 published as workbooks: ``python -m evaluation.workbooks [-v]``.

Issue 13 asks for score rows and totals exact on at least ten XLSX/XLS 自评表.  The
workbooks are rebuilt from the synthetic corpus's DOCX reports the way finance bureaus
publish them, in two shapes:

* ``report``: the whole report on one sheet — paragraphs as rows merged across the sheet,
  tables with their merged cells, numbers typed as numbers with a display format;
* ``forms``: the tables only (the form a 项目支出绩效自评表 workbook holds), one sheet each.

Each shape is written as XLSX (openpyxl) and as XLS (xlwt, the legacy format ``.et`` files
share), and every workbook is checked against its report's gold: score rows (level 1–3,
max, score) and the four score totals.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "synthetic"
_NUM_RE = re.compile(r"-?\d+(?:\.\d+)?")


def _put_table(ws: Any, table: Any, top: int) -> None:
    for c in table.cells:
        cell = ws.cell(top + c.row, 1 + c.col, c.text)
        plain = c.text.replace(",", "")
        if _NUM_RE.fullmatch(plain):
            dec = len(plain.split(".")[1]) if "." in plain else 0
            cell.value = float(plain) if dec else int(plain)
            cell.number_format = ("#,##0" if "," in c.text else "0") + (
                "." + "0" * dec if dec else ""
            )
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(
                start_row=top + c.row,
                start_column=1 + c.col,
                end_row=top + c.row + c.rowspan - 1,
                end_column=c.col + c.colspan,
            )


def rebuild_xlsx(src: Path, dst: Path, *, forms_only: bool = False) -> None:
    """Write the report ``src`` (any format the tool reads) as an XLSX workbook."""
    from extractor.loaders import load

    doc = load(src)
    tables = [b.table for b in doc.blocks if b.table is not None]
    wb = openpyxl.Workbook()
    if forms_only:
        for i, table in enumerate(tables):
            ws = wb.active if i == 0 else wb.create_sheet()
            ws.title = f"表{i + 1}"
            _put_table(ws, table, 1)
        wb.save(dst)
        return
    width = max([t.n_cols for t in tables] + [1])
    ws = wb.active
    r = 1
    for b in doc.blocks:
        if b.table is None:
            ws.cell(r, 1, b.text)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
            continue
        _put_table(ws, b.table, r)
        r += b.table.n_rows
    wb.save(dst)


def xlsx_to_xls(src: Path, dst: Path) -> None:
    """Copy an XLSX workbook (values, number formats, merged cells) to a legacy XLS."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, Any] = {}
    for ws in openpyxl.load_workbook(src).worksheets:
        sh = book.add_sheet(ws.title)
        merged = {(m.min_row, m.min_col): (m.max_row, m.max_col) for m in ws.merged_cells.ranges}
        inside = {
            (r, c)
            for (r0, c0), (r1, c1) in merged.items()
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
            if (r, c) != (r0, c0)
        }
        for row in ws.iter_rows():
            for cell in row:
                rc = (cell.row, cell.column)
                if rc in inside:
                    continue
                st = styles.setdefault(
                    cell.number_format, xlwt.easyxf(num_format_str=cell.number_format)
                )
                if rc in merged:
                    r1, c1 = merged[rc]
                    sh.write_merge(cell.row - 1, r1 - 1, cell.column - 1, c1 - 1, cell.value, st)
                elif cell.value is not None:
                    sh.write(cell.row - 1, cell.column - 1, cell.value, st)
    book.save(str(dst))


def evaluate(verbose: bool = False) -> dict[str, Any]:
    from evaluation.accuracy import compare_scores
    from extractor.pipeline import check

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for gold_path in sorted(CORPUS.glob("*.gold.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            src = CORPUS / gold["file"]
            if src.suffix != ".docx" or not gold["report"].get("score_rows"):
                continue
            for shape in ("report", "forms"):
                xlsx = Path(tmp) / f"{src.stem}-{shape}.xlsx"
                rebuild_xlsx(src, xlsx, forms_only=shape == "forms")
                xls = xlsx.with_suffix(".xls")
                xlsx_to_xls(xlsx, xls)
                for book in (xlsx, xls):
                    c: Counter[str] = Counter()
                    report = check(book)
                    misses = compare_scores(gold["report"], report.to_dict(), c)
                    exact = c["score.tp"] == c["score.gold"] == c["score.pred"] and (
                        c["totals.right"] == c["totals.gold"]
                    )
                    rows.append(
                        {
                            "workbook": book.name,
                            "kind": report.kind,
                            "score_rows": f"{c['score.tp']}/{c['score.gold']} (read {c['score.pred']})",
                            "totals": f"{c['totals.right']}/{c['totals.gold']}",
                            "exact": exact,
                        }
                    )
                    if verbose and misses:
                        print(book.name, misses[:5])
    return {"workbooks": rows, "exact": sum(r["exact"] for r in rows), "n": len(rows)}


def main(argv: list[str]) -> int:
    res = evaluate(verbose="-v" in argv)
    for r in res["workbooks"]:
        print(
            f"{r['workbook']:28s} {r['kind']:10s} score rows {r['score_rows']:18s} "
            f"totals {r['totals']:5s} {'exact' if r['exact'] else 'NOT EXACT'}"
        )
    print(f"{res['exact']} of {res['n']} workbooks exact (score rows and totals)")
    return 0 if res["exact"] == res["n"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
