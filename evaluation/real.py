"""How right the tool is on real published documents: ``python -m evaluation.real``.

    corpus/real/<id>.gold.yaml ──▶ extractor.check(<id>.<ext>) ──▶ compare ──▶ per split

Measured, for the ``dev`` and ``heldout`` splits apart (corpus/real/README.md):

* kind: the document kind against the gold's;
* keyed totals: every ``values`` entry of every gold statement with a schema id of
  patterns/statements.yaml, looked up in the report's statement of that schema (row by
  key or code, column by key; a plain key also matches its 决算数/预算数 group);
* findings: each error/warning is judged in ``corpus/real/judgments.yaml`` (written by
  a person who read the document: ``true`` with the problem id it finds, or ``false``
  with why); precision per severity over the judged ones, unjudged ones listed;
  recall = gold problems found by a finding judged true.

``--split heldout`` runs one split; ``--json OUT`` writes the numbers;
``--unjudged`` prints every finding not judged yet, for the judge to read.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
JUDGMENTS = REAL / "judgments.yaml"


def golds(split: str | None = None, batch: str | None = None) -> list[dict[str, Any]]:
    out = []
    for path in sorted(REAL.glob("*.gold.yaml")):
        g = yaml.safe_load(path.read_text(encoding="utf-8"))
        g["id"] = path.name.removesuffix(".gold.yaml")
        if (split is None or g.get("split") == split) and (
            batch is None or g.get("batch") == batch
        ):
            out.append(g)
    return out


def judgments() -> dict[str, dict[str, Any]]:
    if not JUDGMENTS.exists():
        return {}
    return yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8")) or {}


def _dec(text: Any) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None


def lookup(report: Any, schema: str, row_key: str, col_key: str) -> Decimal | None:
    """The report's value for one gold cell, or None."""
    for st in report.statements:
        if st.schema_id != schema:
            continue
        for row in st.rows:
            if row.key != row_key and row.code != row_key:
                continue
            for k in (col_key, f"final.{col_key}", f"budget.{col_key}"):
                if k in row.cells:
                    return row.cells[k].value
            # a table of one amount column (金额): that column is every row's value and its
            # total, whichever of these names the gold gives it
            if len(row.cells) == 1 and col_key in ("final", "budget", "amount", "total"):
                return next(iter(row.cells.values())).value
    return None


def measure(gold: dict[str, Any], judged: dict[str, Any]) -> dict[str, Any]:
    from extractor import check
    from extractor.records.statement_schema import statement_patterns

    known = {s.id for s in statement_patterns().schemas}
    path = REAL / gold["file"]
    out: dict[str, Any] = {"id": gold["id"], "split": gold.get("split"), "file": gold["file"]}
    try:
        report = check(path)
    except Exception as exc:  # the measurement records every failure
        out["error"] = f"{type(exc).__name__}: {exc}"
        out["trace"] = traceback.format_exc(limit=3)
        return out
    out["kind"] = report.kind
    out["kind_gold"] = gold.get("kind")
    cells_total = cells_right = 0
    wrong: list[str] = []
    for st in gold.get("statements") or []:
        schema = st.get("schema")
        base = (schema or "").split(".")[0]
        if base not in known or st.get("empty"):
            continue
        for ref, value in (st.get("values") or {}).items():
            if "|" not in ref:
                continue
            row_key, col_key = ref.split("|", 1)
            cells_total += 1
            got = lookup(report, schema, row_key, col_key)
            want = _dec(value)
            if got is not None and want is not None and got == want:
                cells_right += 1
            else:
                wrong.append(f"{schema} {ref}: gold {value}, got {got}")
    out["cells"] = (cells_right, cells_total)
    out["cells_wrong"] = wrong
    findings = [f for f in report.findings if f.severity in ("error", "warning")]
    verdicts = judged.get(gold["id"], {}) or {}
    rows = []
    for f in findings:
        j = verdicts.get(f.id)
        rows.append(
            {
                "id": f.id,
                "code": f.code,
                "severity": f.severity,
                "message": f.message,
                "page": f.evidence[0].page if f.evidence else None,
                # the key may be the string "true" or, unquoted in YAML, the boolean True
                "verdict": None if j is None else bool(j.get("true", j.get(True))),
                "problem": None if j is None else j.get("problem"),
            }
        )
    out["findings"] = rows
    problems = [p["id"] for p in gold.get("problems") or []]
    found = {r["problem"] for r in rows if r["verdict"] and r["problem"]}
    out["problems"] = (len([p for p in problems if p in found]), len(problems))
    out["missed"] = [
        f"{p['id']} (page {p.get('page')}) {p.get('category')}: {p.get('text')} — {p.get('why')}"
        for p in gold.get("problems") or []
        if p["id"] not in found
    ]
    return out


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    s: dict[str, Any] = {"documents": len(results)}
    s["failed"] = [r["id"] for r in results if "error" in r]
    ok = [r for r in results if "error" not in r]
    s["kind_right"] = (sum(r["kind"] == r["kind_gold"] for r in ok), len(ok))
    s["kind_wrong"] = [
        f"{r['id']}: {r['kind']} (gold {r['kind_gold']})" for r in ok if r["kind"] != r["kind_gold"]
    ]
    right = sum(r["cells"][0] for r in ok)
    total = sum(r["cells"][1] for r in ok)
    s["keyed_totals"] = (right, total)
    for sev in ("error", "warning"):
        fs = [f for r in ok for f in r["findings"] if f["severity"] == sev]
        judged = [f for f in fs if f["verdict"] is not None]
        s[f"{sev}_findings"] = len(fs)
        s[f"{sev}_judged_true"] = (sum(f["verdict"] for f in judged), len(judged))
        s[f"{sev}_unjudged"] = len(fs) - len(judged)
    found = sum(r["problems"][0] for r in ok)
    all_p = sum(r["problems"][1] for r in ok)
    s["problems_found"] = (found, all_p)
    return s


def _ratio(pair: tuple[int, int]) -> str:
    a, b = pair
    return f"{a}/{b} = {a / b:.3f}" if b else f"{a}/0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "heldout"))
    ap.add_argument("--batch", help="only the documents whose gold has this `batch` (a blind run)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--unjudged", action="store_true")
    ap.add_argument("--wrong", action="store_true", help="print every keyed total read wrong")
    ap.add_argument("--missed", action="store_true", help="print every gold problem not found")
    args = ap.parse_args(argv)
    judged = judgments()
    out: dict[str, Any] = {}
    for split in [args.split] if args.split else ["dev", "heldout"]:
        chosen = golds(split, args.batch)
        if not chosen:
            continue
        results = [measure(g, judged) for g in chosen]
        summary = summarise(results)
        out[split] = {"summary": summary, "documents": results}
        print(f"== {split}: {summary['documents']} documents")
        if summary["failed"]:
            print(f"   failed to read: {summary['failed']}")
        print(f"   kind right        {_ratio(summary['kind_right'])}  {summary['kind_wrong']}")
        print(f"   keyed totals      {_ratio(summary['keyed_totals'])}")
        for sev in ("error", "warning"):
            print(
                f"   {sev:7s} findings  {summary[f'{sev}_findings']}, judged true "
                f"{_ratio(summary[f'{sev}_judged_true'])}, unjudged {summary[f'{sev}_unjudged']}"
            )
        print(f"   problems found    {_ratio(summary['problems_found'])}")
        for r in results:
            if "error" in r:
                print(f"   {r['id']}: FAILED {r['error']}")
                continue
            if args.wrong and r["cells_wrong"]:
                print(f"   {r['id']} wrong cells:")
                for w in r["cells_wrong"]:
                    print(f"      {w}")
            if args.missed and r["missed"]:
                print(f"   {r['id']} missed:")
                for m in r["missed"]:
                    print(f"      {m}")
            if args.unjudged:
                for f in r["findings"]:
                    if f["verdict"] is None:
                        print(f"   {r['id']} {f['id']} {f['severity']} p{f['page']} {f['message']}")
    if args.json:
        args.json.write_text(
            json.dumps(out, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
