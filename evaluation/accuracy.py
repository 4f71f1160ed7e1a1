"""How right the tool is, by format: ``python -m evaluation.accuracy [--corpus DIR] [--json OUT]``.

    gold files ──▶ run ``extractor.pipeline.check`` on each report ──▶ compare
    ──▶ counts per report ──▶ summed per format ──▶ metrics ──▶ table + baseline deltas

Compared, per format (txt, docx, pdf, doc) and over all:

* metadata: gold fields read right (and values invented where the gold has none);
* table cells: (table, row, column key, exact Decimal) precision / recall / F1, and units;
* score rows: (level-1, level-3, 分值, 得分) F1; totals (stated, computed, maxima) right;
* figures of the narrative (paragraph blocks): (value, unit, approx) precision / recall,
  and digits that are not quantities (phones, dates, codes …) taken as figures;
* findings: recall per code of the injected errors (matched by code, and by code with the
  injected numbers in the finding), false alarms per code, clean reports with an
  error-level false alarm, rounding-only differences flagged as errors.

Scanned reports (no text layer) count for findings only: nothing can be extracted from them.
The seed (``corpus/seed.*``) is measured against its hand gold files when they exist:
``seed.gold.json`` (records), ``seed.figures.gold.yaml`` (figures), ``seed.findings.yaml``
(findings); a missing one is reported as missing, not as zero.

``--save-baseline`` writes ``evaluation/baseline.json``; every run compares with it and prints
what got better or worse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractor.report import Tables

from .gold import (
    META_FIELDS,
    dec,
    key,
    match_findings,
    same_meta,
    score_key,
    tally,
    weight_key,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "synthetic"
SEED_DIR = ROOT / "corpus"
BASELINE = ROOT / "evaluation" / "baseline.json"
FORMATS = ("txt", "docx", "pdf", "doc")
TABLES = tuple(Tables.model_fields)
FUNDS_ROWS = (
    ("年度资金总额", "年度资金总额"),
    ("财政拨款", "当年财政拨款"),
    ("上年结转", "上年结转"),
    ("其他资金", "其他资金"),
)
ERROR_FN = {"FN01", "FN02", "FN03", "FN04", "FN05", "FN06", "FN07"}

# Headline metrics: name → (how to compute from counts, higher is better?)
HEADLINE = (
    "meta_accuracy",
    "meta_spurious",
    "cell_precision",
    "cell_recall",
    "cell_f1",
    "unit_accuracy",
    "score_row_f1",
    "totals_accuracy",
    "weights_f1",
    "figure_precision",
    "figure_recall",
    "nonfigures_as_figures",
    "findings_recall",
    "findings_recall_numbers",
    "false_alarms_error",
    "false_alarms_other",
    "clean_reports_with_false_alarm",
    "rounding_flagged_as_error",
    "reports_failed",
)
LOWER_IS_BETTER = {
    "meta_spurious",
    "nonfigures_as_figures",
    "false_alarms_error",
    "false_alarms_other",
    "clean_reports_with_false_alarm",
    "rounding_flagged_as_error",
    "reports_failed",
}


# ── normalisation (the comparison forms: key, label and dec are in gold.py) ─

_NUMBERING = re.compile(r"^(?:\d+\s*[、.．]|[（(]\s*\d+\s*[)）]|[一二三四五六七八九十]+、)")


def org_key(table: str, org: str, is_summary: bool) -> str:
    if table == "project_funds":
        k = key(org)
        for needle, canonical in FUNDS_ROWS:
            if needle in k:
                return canonical
        return k
    if is_summary:
        return "<汇总>"
    return _NUMBERING.sub("", key(org))


def digits(text: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text))


# ── comparing one report ──────────────────────────────────────────────────


def compare_meta(gold: dict[str, Any], pred: dict[str, Any], c: Counter[str]) -> list[str]:
    misses = []
    for f in META_FIELDS:
        g, p = gold.get(f), pred.get(f)
        if g is None:
            if p not in (None, ""):
                c["meta.spurious"] += 1
                misses.append(f"meta.{f}: none printed, got {p!r}")
            continue
        c["meta.gold"] += 1
        if same_meta(f, g, p):
            c["meta.right"] += 1
        else:
            misses.append(f"meta.{f}: {g!r} ≠ {p!r}")
    return misses


def table_cells(tables: dict[str, Any] | None) -> Counter[tuple[str, str, str, Decimal]]:
    out: Counter[tuple[str, str, str, Decimal]] = Counter()
    for t in TABLES:
        tab = (tables or {}).get(t)
        if not tab:
            continue
        for row in tab.get("rows", []):
            o = org_key(t, row.get("org", ""), bool(row.get("is_summary")))
            for k, cell in (row.get("cells") or {}).items():
                v = dec(cell)
                if v is not None:
                    out[(t, o, k, v)] += 1
    return out


def compare_tables(gold: dict[str, Any], pred: dict[str, Any], c: Counter[str]) -> list[str]:
    g, p = table_cells(gold), table_cells(pred)
    tally(c, "cells", g, p)
    for t in TABLES:
        gt = (gold or {}).get(t)
        if gt and gt.get("rows"):
            c["units.gold"] += 1
            pt = (pred or {}).get(t) or {}
            if key(gt.get("unit")) == key(pt.get("unit")):
                c["units.right"] += 1
    misses = [f"cell missed {t}/{o}/{k}={v}" for (t, o, k, v) in (g - p)]
    misses += [f"cell wrong/extra {t}/{o}/{k}={v}" for (t, o, k, v) in (p - g)]
    return misses


def score_keys(rows: Iterable[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    fields = ("level1", "level2", "level3", "max", "score")
    return Counter(score_key(*(r.get(f) for f in fields)) for r in rows)


def compare_scores(gold: dict[str, Any], pred: dict[str, Any], c: Counter[str]) -> list[str]:
    misses: list[str] = []
    g, p = score_keys(gold.get("score_rows") or []), score_keys(pred.get("score_rows") or [])
    tally(c, "score", g, p)
    misses += [f"score row missed {k}" for k in (g - p)]
    misses += [f"score row wrong/extra {k}" for k in (p - g)]
    gt, pt = gold.get("score_total") or {}, pred.get("score_total") or {}
    if gold.get("score_rows"):
        for f in ("stated", "computed", "max_stated", "max_computed"):
            c["totals.gold"] += 1
            if dec(gt.get(f)) == dec(pt.get(f)):
                c["totals.right"] += 1
            else:
                misses.append(f"score_total.{f}: {gt.get(f)} ≠ {pt.get(f)}")

    def weights(rep: dict[str, Any]) -> Counter[tuple[Any, ...]]:
        fields = ("level1", "weight_stated", "max_sum", "score_sum")
        return Counter(
            weight_key(*(w.get(f) for f in fields)) for w in rep.get("level1_weights") or []
        )

    tally(c, "weights", weights(gold), weights(pred))
    return misses


def fig_key(f: dict[str, Any]) -> tuple[Decimal | None, str, bool]:
    return dec(f.get("value")), key(f.get("unit")), bool(f.get("approx"))


def compare_figures(
    gold_figs: list[dict[str, Any]],
    nonfigs: list[str],
    pred_figs: list[dict[str, Any]],
    c: Counter[str],
) -> list[str]:
    g = Counter(fig_key(f) for f in gold_figs)
    p = Counter(fig_key(f) for f in pred_figs)
    tally(c, "fig", g, p)
    extra = p - g
    nf_keys = [(key(t), digits(t)) for t in nonfigs]
    misses = [
        f"figure missed {f['raw']} ({f['value']} {f['unit']}{' ~' if f.get('approx') else ''})"
        for f in gold_figs
        if fig_key(f) in (g - p)
    ]
    for f in pred_figs:
        k = fig_key(f)
        if extra[k] <= 0:
            continue
        extra[k] -= 1
        raw_k, raw_d = key(f.get("raw")), digits(f.get("raw") or "")
        if any((raw_k and raw_k in nk) or (raw_d and raw_d in nd) for nk, nd in nf_keys):
            c["fig.nonfig"] += 1
            misses.append(f"non-figure taken as figure: {f.get('raw')}")
        else:
            misses.append(f"figure wrong/extra: {f.get('raw')} ({f.get('value')} {f.get('unit')})")
    return misses


def compare_findings(
    gold: dict[str, Any], pred: list[dict[str, Any]], c: Counter[str]
) -> list[str]:
    """Match expected findings to predicted ones by code (preferring those naming a number)."""
    expected = gold["findings"]["expected"]
    tolerated = set(gold["findings"].get("tolerated", []))
    picks, free = match_findings(expected, pred, any)
    misses: list[str] = []
    for e, (pick, with_numbers) in zip(expected, picks, strict=True):
        code = e["code"]
        c[f"find.expected.{code}"] += 1
        if pick is None:
            misses.append(f"finding missed {code} {e.get('where')} {e.get('numbers')}")
            continue
        c[f"find.matched.{code}"] += 1
        if with_numbers:
            c[f"find.matched_numbers.{code}"] += 1
    false_error = 0
    for i in free:
        f = pred[i]
        if f["code"] in tolerated:
            c["find.tolerated"] += 1
            continue
        c[f"find.false.{f['code']}"] += 1
        if f.get("severity") == "error":
            c["find.false_error"] += 1
            false_error += 1
        else:
            c["find.false_other"] += 1
        misses.append(
            f"false alarm {f['code']} ({f.get('severity')}): {(f.get('message') or '')[:80]}"
        )
    if gold.get("clean"):
        c["clean.reports"] += 1
        c["clean.with_false_alarm"] += bool(false_error)
    if gold.get("rounding_only"):
        c["rounding.reports"] += 1
        flagged = [
            i for i in free if pred[i]["code"] in ERROR_FN and pred[i]["code"] not in tolerated
        ]
        c["rounding.flagged"] += bool(flagged)
    return misses


def evaluate_report(gold: dict[str, Any], path: Path) -> tuple[Counter[str], dict[str, Any]]:
    """Run the tool on one report and count what it got right against the gold."""
    from extractor.pipeline import check

    c: Counter[str] = Counter()
    c["reports"] += 1
    detail: dict[str, Any] = {
        "id": gold.get("id"),
        "file": path.name,
        "format": gold["format"],
        "genre": gold.get("genre"),
        "injected": gold.get("injected", []),
    }
    t0 = time.perf_counter()
    try:
        report = check(path)
        pred = report.to_dict()
        doc = report.document
    except Exception as exc:  # a failure is measured, not fatal: the batch goes on
        c["failed"] += 1
        detail["error"] = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        pred, doc = (
            {
                "meta": {},
                "tables": {},
                "score_rows": [],
                "score_total": {},
                "level1_weights": [],
                "figures": [],
                "findings": [],
            },
            None,
        )
        if not isinstance(exc, OSError) and "ExtractorError" not in type(exc).__mro__.__repr__():
            detail["traceback"] = traceback.format_exc(limit=3)
    c["seconds_ms"] += int((time.perf_counter() - t0) * 1000)
    misses: list[str] = []
    rep = gold["report"]
    if gold.get("extractable", True):
        c["extractable"] += 1
        misses += compare_meta(rep["meta"], pred.get("meta") or {}, c)
        misses += compare_tables(rep["tables"], pred.get("tables") or {}, c)
        misses += compare_scores(rep, pred, c)
        table_blocks = (
            {b.index for b in doc.blocks if b.kind == "table"} if doc is not None else set()
        )
        in_scope = [f for f in pred.get("figures") or [] if f.get("block") not in table_blocks]
        misses += compare_figures(
            rep["figures"], [n["text"] for n in gold.get("nonfigures", [])], in_scope, c
        )
    misses += compare_findings(gold, pred.get("findings") or [], c)
    detail["misses"] = misses
    detail["findings"] = [f["code"] for f in pred.get("findings") or []]
    return c, detail


# ── metrics from counts ───────────────────────────────────────────────────


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _f1(tp: int, pred: int, gold: int) -> float | None:
    p, r = _ratio(tp, pred), _ratio(tp, gold)
    if p is None or r is None:
        return None if gold == 0 and pred == 0 else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def metrics(c: Counter[str]) -> dict[str, Any]:
    codes = sorted({k.split(".")[-1] for k in c if k.startswith(("find.expected.", "find.false."))})
    expected = sum(v for k, v in c.items() if k.startswith("find.expected."))
    return {
        "reports": c["reports"],
        "reports_failed": c["failed"],
        "meta_accuracy": _ratio(c["meta.right"], c["meta.gold"]),
        "meta_spurious": c["meta.spurious"],
        "cell_precision": _ratio(c["cells.tp"], c["cells.pred"]) if c["cells.gold"] else None,
        "cell_recall": _ratio(c["cells.tp"], c["cells.gold"]),
        "cell_f1": _f1(c["cells.tp"], c["cells.pred"], c["cells.gold"]),
        "unit_accuracy": _ratio(c["units.right"], c["units.gold"]),
        "score_row_f1": _f1(c["score.tp"], c["score.pred"], c["score.gold"]),
        "totals_accuracy": _ratio(c["totals.right"], c["totals.gold"]),
        "weights_f1": _f1(c["weights.tp"], c["weights.pred"], c["weights.gold"]),
        "figure_precision": _ratio(c["fig.tp"], c["fig.pred"]) if c["fig.gold"] else None,
        "figure_recall": _ratio(c["fig.tp"], c["fig.gold"]),
        "nonfigures_as_figures": c["fig.nonfig"],
        "findings_recall": _ratio(
            sum(v for k, v in c.items() if k.startswith("find.matched.")), expected
        ),
        "findings_recall_numbers": _ratio(
            sum(v for k, v in c.items() if k.startswith("find.matched_numbers.")), expected
        ),
        "false_alarms_error": c["find.false_error"],
        "false_alarms_other": c["find.false_other"],
        "clean_reports": c["clean.reports"],
        "clean_reports_with_false_alarm": c["clean.with_false_alarm"],
        "rounding_reports": c["rounding.reports"],
        "rounding_flagged_as_error": c["rounding.flagged"],
        "per_code": {
            code: {
                "expected": c[f"find.expected.{code}"],
                "found": c[f"find.matched.{code}"],
                "found_with_numbers": c[f"find.matched_numbers.{code}"],
                "false_alarms": c[f"find.false.{code}"],
            }
            for code in codes
        },
        "counts": dict(sorted(c.items())),
    }


# ── the seed against its hand gold files ──────────────────────────────────


def _seed_figures_gold(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    figs = [f for b in data.get("blocks", []) for f in b.get("figures", []) or []]
    nonfigs = [
        n.get("raw", "") for b in data.get("blocks", []) for n in b.get("nonfigures", []) or []
    ]
    return figs, nonfigs


def _seed_findings_gold(path: Path) -> dict[str, Any]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = []
    for e in data.get("expected", []):
        nums = [str(e[k]) for k in ("actual", "expected") if e.get(k) is not None]
        expected += [{"code": e["code"], "numbers": nums, "where": e.get("message_has")}] * int(
            e.get("count", 1)
        )
    return {"expected": expected, "tolerated": [], "must_not": data.get("must_not", [])}


def evaluate_seed(formats: Iterable[str]) -> dict[str, Any]:
    """The real seed report in each format against the hand-made gold files that exist."""
    from extractor.loaders.legacy import soffice_binary
    from extractor.pipeline import check

    out: dict[str, Any] = {"gold_files": {}, "formats": {}}
    records = SEED_DIR / "seed.gold.json"
    figures = SEED_DIR / "seed.figures.gold.yaml"
    findings = SEED_DIR / "seed.findings.yaml"
    for name, p in (("records", records), ("figures", figures), ("findings", findings)):
        out["gold_files"][name] = p.name if p.exists() else None
    gold_rec = json.loads(records.read_text(encoding="utf-8")) if records.exists() else None
    gold_fig = _seed_figures_gold(figures) if figures.exists() else None
    gold_find = _seed_findings_gold(findings) if findings.exists() else None
    for fmt in formats:
        path = SEED_DIR / f"seed.{fmt}"
        if not path.exists():
            continue
        if fmt == "doc" and soffice_binary() is None:
            out["formats"][fmt] = {"skipped": "LibreOffice (soffice) is not installed"}
            continue
        c: Counter[str] = Counter()
        c["reports"] += 1
        misses: list[str] = []
        try:
            report = check(path)
            pred = report.to_dict()
        except Exception as exc:
            out["formats"][fmt] = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}
            continue
        if gold_rec:
            c["extractable"] += 1
            misses += compare_meta(gold_rec["meta"], pred.get("meta") or {}, c)
            misses += compare_tables(gold_rec["tables"], pred.get("tables") or {}, c)
            misses += compare_scores(gold_rec, pred, c)
        if gold_fig:
            # the figures gold covers paragraphs and text cells of tables: every figure counts
            misses += compare_figures(gold_fig[0], gold_fig[1], pred.get("figures") or [], c)
        if gold_find:
            g = {"findings": gold_find, "clean": False, "rounding_only": []}
            misses += compare_findings(g, pred.get("findings") or [], c)
        m = metrics(c)
        m["misses"] = misses
        out["formats"][fmt] = m
    return out


# ── running a corpus ──────────────────────────────────────────────────────


def load_golds(corpus: Path) -> list[tuple[dict[str, Any], Path]]:
    out = []
    for gp in sorted(corpus.glob("*.gold.json")):
        g = json.loads(gp.read_text(encoding="utf-8"))
        if "report" not in g or "findings" not in g:
            continue  # not a synthetic gold file
        out.append((g, corpus / g["file"]))
    return out


def evaluate(corpus: Path, progress: bool = True) -> dict[str, Any]:
    per_format: dict[str, Counter[str]] = {}
    details = []
    golds = load_golds(corpus)
    for i, (g, path) in enumerate(golds, start=1):
        c, d = evaluate_report(g, path)
        per_format.setdefault(g["format"], Counter()).update(c)
        details.append(d)
        if progress:
            print(f"\r  {i}/{len(golds)} {path.name:<16}", end="", file=sys.stderr, flush=True)
    if progress and golds:
        print(file=sys.stderr)
    total: Counter[str] = Counter()
    for c in per_format.values():
        total.update(c)
    fmts = [f for f in FORMATS if f in per_format] + sorted(set(per_format) - set(FORMATS))
    shown = corpus.resolve()
    return {
        "corpus": str(shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown),
        "per_format": {f: metrics(per_format[f]) for f in fmts},
        "all": metrics(total),
        "reports": details,
    }


# ── printing ──────────────────────────────────────────────────────────────


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def print_table(title: str, cols: list[str], rows: list[tuple[str, list[Any]]]) -> None:
    print(f"\n{title}")
    w0 = max(len(r[0]) for r in rows)
    widths = [max(len(c), *(len(_fmt(r[1][i])) for r in rows)) for i, c in enumerate(cols)]
    print("  " + " " * w0 + "  " + "  ".join(c.rjust(w) for c, w in zip(cols, widths, strict=True)))
    for name, vals in rows:
        print(
            "  "
            + name.ljust(w0)
            + "  "
            + "  ".join(_fmt(v).rjust(w) for v, w in zip(vals, widths, strict=True))
        )


ROW_LABELS = {
    "reports": "reports",
    "reports_failed": "reports that failed to load",
    "meta_accuracy": "metadata fields right",
    "meta_spurious": "metadata invented (gold empty)",
    "cell_precision": "table cells precision",
    "cell_recall": "table cells recall",
    "cell_f1": "table cells F1",
    "unit_accuracy": "table units right",
    "score_row_f1": "score rows F1",
    "totals_accuracy": "score totals right",
    "weights_f1": "level-1 weights F1",
    "figure_precision": "figures precision",
    "figure_recall": "figures recall",
    "nonfigures_as_figures": "non-figures taken as figures",
    "findings_recall": "findings recall (code)",
    "findings_recall_numbers": "findings recall (code+numbers)",
    "false_alarms_error": "false alarms, error level",
    "false_alarms_other": "false alarms, warning/info",
    "clean_reports": "clean reports",
    "clean_reports_with_false_alarm": "clean reports with an error false alarm",
    "rounding_reports": "rounding-only reports",
    "rounding_flagged_as_error": "rounding-only flagged as error",
}


def print_results(res: dict[str, Any]) -> None:
    fmts = list(res["per_format"])
    cols = [*fmts, "all"]
    allm = [res["per_format"][f] for f in fmts] + [res["all"]]
    print(f"accuracy on {res['corpus']} ({res['all']['reports']} reports)")
    print_table(
        "extraction (scanned reports excluded)",
        cols,
        [
            (ROW_LABELS[k], [m[k] for m in allm])
            for k in (
                "reports",
                "reports_failed",
                "meta_accuracy",
                "meta_spurious",
                "cell_precision",
                "cell_recall",
                "cell_f1",
                "unit_accuracy",
                "score_row_f1",
                "totals_accuracy",
                "weights_f1",
                "figure_precision",
                "figure_recall",
                "nonfigures_as_figures",
            )
        ],
    )
    print_table(
        "findings",
        cols,
        [
            (ROW_LABELS[k], [m[k] for m in allm])
            for k in (
                "findings_recall",
                "findings_recall_numbers",
                "false_alarms_error",
                "false_alarms_other",
                "clean_reports",
                "clean_reports_with_false_alarm",
                "rounding_reports",
                "rounding_flagged_as_error",
            )
        ],
    )
    codes = sorted(res["all"]["per_code"])
    if codes:

        def cell(m: dict[str, Any], code: str) -> str:
            pc = m["per_code"].get(code)
            if not pc:
                return "·"
            s = f"{pc['found']}/{pc['expected']}" if pc["expected"] else "–"
            return s + (f" +{pc['false_alarms']}" if pc["false_alarms"] else "")

        print_table(
            "findings per code: found/expected (+ false alarms)",
            cols,
            [(code, [cell(m, code) for m in allm]) for code in codes],
        )
    failed = [d for d in res["reports"] if d.get("error")]
    for d in failed[:10]:
        print(f"  could not read {d['file']}: {d['error']}")


def print_seed(seed: dict[str, Any]) -> None:
    print("\nseed (corpus/seed.*) against its hand gold:")
    for name, f in seed["gold_files"].items():
        print(f"  {name:<8} gold: {f or 'missing — not measured'}")
    fmts = [f for f, m in seed["formats"].items() if "reports" in m]
    for f, m in seed["formats"].items():
        if "reports" not in m:
            print(f"  {f}: {m.get('skipped') or m.get('error')}")
    if not fmts:
        return
    ms = [seed["formats"][f] for f in fmts]
    keys = [
        "meta_accuracy",
        "cell_precision",
        "cell_recall",
        "score_row_f1",
        "totals_accuracy",
        "figure_precision",
        "figure_recall",
        "nonfigures_as_figures",
        "findings_recall",
        "false_alarms_error",
        "false_alarms_other",
    ]
    print_table("seed", fmts, [(ROW_LABELS[k], [m[k] for m in ms]) for k in keys])


# ── baseline ──────────────────────────────────────────────────────────────


def headline(res: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {"all": {k: res["all"][k] for k in HEADLINE}}
    for f, m in res["per_format"].items():
        out[f] = {k: m[k] for k in HEADLINE}
    for f, m in (res.get("seed") or {}).get("formats", {}).items():
        if "reports" in m:
            out[f"seed.{f}"] = {k: m[k] for k in HEADLINE}
    out["per_code"] = {c: v for c, v in res["all"]["per_code"].items()}
    return out


def compare_baseline(now: dict[str, Any], base: dict[str, Any]) -> list[str]:
    lines = []
    for scope, ms in now.items():
        if scope == "per_code":
            continue
        old = base.get("metrics", {}).get(scope)
        if old is None:
            lines.append(f"  {scope}: new (no baseline)")
            continue
        for k, v in ms.items():
            o = old.get(k)
            if o == v or v is None or o is None:
                continue
            better = (v < o) if k in LOWER_IS_BETTER else (v > o)
            lines.append(
                f"  {'better' if better else 'WORSE '}  {scope:<10} {ROW_LABELS.get(k, k):<40} "
                f"{_fmt(o)} → {_fmt(v)}"
            )
    old_codes = base.get("metrics", {}).get("per_code", {})
    for code, v in now.get("per_code", {}).items():
        o = old_codes.get(code)
        if not o:
            continue
        # Recall is compared as a rate: a corpus with fewer injected errors of a code is not worse.
        r_old = o["found"] / o["expected"] if o["expected"] else None
        r_new = v["found"] / v["expected"] if v["expected"] else None
        if (r_old, o["false_alarms"]) == (r_new, v["false_alarms"]):
            continue
        better = (r_new is None or r_old is None or r_new >= r_old) and v["false_alarms"] <= o[
            "false_alarms"
        ]
        lines.append(
            f"  {'better' if better else 'WORSE '}  {code:<10} found {o['found']}/{o['expected']}"
            f" → {v['found']}/{v['expected']}, false alarms {o['false_alarms']} → {v['false_alarms']}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m evaluation.accuracy", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "--corpus", type=Path, default=CORPUS, help="folder with reports and *.gold.json"
    )
    ap.add_argument("--json", type=Path, help="write all results (with per-report misses) here")
    ap.add_argument("--no-seed", action="store_true", help="do not measure corpus/seed.*")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    ap.add_argument(
        "--save-baseline",
        action="store_true",
        help=f"write the headline metrics to {BASELINE.name}",
    )
    ap.add_argument("--quiet", action="store_true", help="no progress line")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(
            f"{args.corpus}: no such folder — make one with python -m evaluation.generate",
            file=sys.stderr,
        )
        return 2
    res = evaluate(args.corpus, progress=not args.quiet)
    if not res["reports"]:
        print(
            f"{args.corpus}: no *.gold.json files — make them with python -m evaluation.generate",
            file=sys.stderr,
        )
        return 2
    if not args.no_seed:
        res["seed"] = evaluate_seed(FORMATS)
    res["when"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    res["versions"] = _versions()
    print_results(res)
    if "seed" in res:
        print_seed(res["seed"])
    now = headline(res)
    if args.baseline.exists():
        base = json.loads(args.baseline.read_text(encoding="utf-8"))
        lines = compare_baseline(now, base)
        print(f"\nagainst the baseline of {base.get('when', '?')} ({args.baseline.name}):")
        if str(base.get("corpus")) != str(res["corpus"]):
            print(
                f"  (the baseline was measured on {base.get('corpus')}, this run on {res['corpus']}:"
                " rates compare, counts do not)"
            )
        print("\n".join(lines) if lines else "  no change")
    else:
        print(f"\nno baseline yet ({args.baseline}); --save-baseline writes one")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(res, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
        )
        print(f"wrote {args.json}")
    if args.save_baseline:
        payload = {
            "when": res["when"],
            "corpus": res["corpus"],
            "versions": res["versions"],
            "metrics": now,
        }
        args.baseline.write_text(
            json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {args.baseline}")
    return 0


def _versions() -> dict[str, Any]:
    from importlib import metadata

    out: dict[str, Any] = {"python": sys.version.split()[0]}
    for d in ("extractor", "pdfplumber", "python-docx", "pydantic", "jieba"):
        try:
            out[d] = metadata.version(d)
        except metadata.PackageNotFoundError:
            out[d] = None
    try:
        import subprocess

        out["git"] = (
            subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout.strip()
            or None
        )
        status = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout
        out["git_dirty"] = bool(status.strip())  # uncommitted changes in the measured work tree
    except (OSError, subprocess.SubprocessError):
        out["git"] = None
    return out


if __name__ == "__main__":
    raise SystemExit(main())
