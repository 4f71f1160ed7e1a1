"""How well the OCR reads real scanned reports: ``python -m evaluation.scans_real``.

    corpus/real/<id>.gold.yaml (``scanned: true``, ``ocr_truth``) ──▶ extractor.check ──▶ compare

``ocr_truth`` was written by a person reading the page images (never from the tool):
``figures`` (every amount, share, score and count printed on a page, with its value) and
``tables`` (each table's cells row by row).  Measured per document and pooled:

* digits read — gold figures whose value is printed in the Document's text on their page
  or in a block that begins on the page before (a paragraph going on over the break), as a
  multiset of decimal values: what the OCR got right, whatever the figure finder makes of it;
* figures found — gold figures among the report's ``figures`` on their page;
* table cells — gold cells (texts after ``normalize.key``) among the cells of the tables the
  tool found on that page, as a multiset; numeric cells apart;
* the misses, each with the gold text, so that what was wrong can be written down.

The kind and the findings of these documents are measured with the rest of the corpus by
``python -m evaluation.real``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from evaluation.real import REAL, golds

NUMBER = re.compile(r"\d+(?:[,，]\d{3})*(?:\s?[.．]\s?\d+)?")


def value_of(text: str) -> Decimal | None:
    t = re.sub(r"[\s,，%％]", "", str(text)).replace("．", ".")
    try:
        return Decimal(t).normalize()
    except (InvalidOperation, ValueError):
        return None


def _numbers(text: str) -> Counter[Decimal]:
    out: Counter[Decimal] = Counter()
    for m in NUMBER.finditer(text):
        v = value_of(m.group(0))
        if v is not None:
            out[v] += 1
    return out


def _matched(gold: Counter[Any], got: Counter[Any]) -> int:
    return sum(min(n, got[k]) for k, n in gold.items())


def measure(gold: dict[str, Any]) -> dict[str, Any]:
    from extractor.loaders.normalize import key
    from extractor.pipeline import check

    report = check(REAL / gold["file"])
    doc = report.document
    assert doc is not None
    truth = gold.get("ocr_truth") or {}
    text_by_page: dict[int, list[str]] = {}
    cells_by_page: dict[int, Counter[str]] = {}
    for b in doc.blocks:
        if b.table is not None:
            for c in b.table.cells:
                page = c.page or b.page
                text_by_page.setdefault(page, []).append(c.text)
                if c.text.strip():
                    cells_by_page.setdefault(page, Counter())[key(c.text)] += 1
        else:
            text_by_page.setdefault(b.page, []).append(b.text)
    printed = {p: _numbers(" ".join(t)) for p, t in text_by_page.items()}
    found: dict[int, Counter[Decimal]] = {}
    for f in report.figures:
        if f.page is not None and (v := value_of(str(f.value))) is not None:
            found.setdefault(f.page, Counter())[v] += 1
    c: Counter[str] = Counter()
    misses: list[str] = []
    wanted: dict[int, Counter[Decimal]] = {}
    for fig in truth.get("figures") or []:
        v = value_of(fig["value"])
        if v is not None:
            wanted.setdefault(fig["page"], Counter())[v] += 1
    for page, want in wanted.items():
        # a paragraph going on over a page break is a block of the page it starts on
        here = printed.get(page, Counter()) + printed.get(page - 1, Counter())
        c["figures"] += sum(want.values())
        c["digits_read"] += _matched(want, here)
        c["figures_found"] += _matched(
            want, found.get(page, Counter()) + found.get(page - 1, Counter())
        )
        lost = want - here
        misses += [f"p{page} not read: {v:f} (×{n})" for v, n in lost.items()]
    for table in truth.get("tables") or []:
        want_cells = Counter(key(str(x)) for row in table["rows"] for x in row if str(x).strip())
        got = cells_by_page.get(table["page"], Counter())
        numeric = Counter({k: n for k, n in want_cells.items() if value_of(k) is not None})
        c["cells"] += sum(want_cells.values())
        c["cells_right"] += _matched(want_cells, got)
        c["number_cells"] += sum(numeric.values())
        c["number_cells_right"] += _matched(numeric, got)
        misses += [f"p{table['page']} cell not read: {k}" for k in (want_cells - got)]
    return {"id": gold["id"], "counts": dict(c), "kind": report.kind, "misses": misses}


def _rate(c: Counter[str], part: str, whole: str) -> str:
    return f"{c[part]}/{c[whole]} = {c[part] / c[whole]:.3f}" if c[whole] else "-"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.scans_real")
    ap.add_argument("--json", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = ap.parse_args(argv)
    results = [measure(g) for g in golds() if g.get("scanned")]
    pooled: Counter[str] = Counter()
    for r in results:
        c = Counter(r["counts"])
        pooled.update(c)
        print(
            f"{r['id']}: digits read {_rate(c, 'digits_read', 'figures')}, figures found "
            f"{_rate(c, 'figures_found', 'figures')}, table cells {_rate(c, 'cells_right', 'cells')}"
            f" (numbers {_rate(c, 'number_cells_right', 'number_cells')})"
        )
        for m in r["misses"] if args.verbose else []:
            print(f"    {m}")
    print(
        f"all {len(results)}: digits read {_rate(pooled, 'digits_read', 'figures')}, figures "
        f"found {_rate(pooled, 'figures_found', 'figures')}, table cells "
        f"{_rate(pooled, 'cells_right', 'cells')} (numbers "
        f"{_rate(pooled, 'number_cells_right', 'number_cells')})"
    )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
