"""Step 5, gold: the contract's Report fields and the expected findings of one report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .builder import Laid
from .codes import SEVERITY
from .common import ZERO, short
from .plan import Item, Plan


def _s(v: Decimal | None) -> str | None:
    return None if v is None else format(v, "f")


def gold(plan: Plan, laid: Laid, file: str) -> dict[str, Any]:
    report = _report(plan, laid)
    if plan.v["scanned"]:  # nothing can be read from a scan: DQ01 is all there is to find
        plan.expected = [e for e in plan.expected if e.code == "DQ01"]
    errors = [e for e in plan.expected if SEVERITY[e.code] == "error"]
    return {
        "id": plan.id,
        "file": file,
        "genre": plan.genre,
        "format": plan.fmt,
        "encoding": plan.encoding,
        "extractable": not plan.v["scanned"],
        "injected": plan.injected,
        "skipped": plan.extra.get("skipped", []),
        "clean": not errors,
        "rounding_only": plan.rounding,
        "variants": {k: v for k, v in plan.v.items() if k != "headers"}
        | {"headers": plan.v.get("headers")},
        "report": report,
        "nonfigures": laid.nonfigures,
        "findings": {
            "expected": [e.to_json() for e in plan.expected],
            "tolerated": sorted(plan.tolerated),
        },
    }


def _report(plan: Plan, laid: Laid) -> dict[str, Any]:
    """The Report the extractor must read from the file (the contract's fields)."""
    return {
        "kind": plan.genre,
        "source": {
            "format": plan.fmt,
            "encoding": plan.encoding,
            "text_layer": not plan.v["scanned"],
        },
        "meta": _meta(plan),
        "tables": _tables(plan, laid),
        "score_rows": [_score_row(plan, it) for it in plan.items],
        "score_total": {
            "stated": _s(plan.total_stated),
            "computed": _s(plan.total_computed),
            "max_stated": _s(plan.max_stated),
            "max_computed": _s(plan.max_computed),
        },
        "level1_weights": _weights(plan),
        "subtotals": [
            {"label": "小计", "level1": l1, "max": _s(m), "score": _s(s)}
            for l1, (m, s) in plan.subtotals.items()
        ]
        if plan.v["subtotals"]
        else [],
        "targets": plan.targets if plan.genre == "overall" else [],
        "figures": laid.figures,
        "breakdowns": laid.breakdowns,
    }


def _meta(plan: Plan) -> dict[str, Any]:
    meta = {k: (_s(v) if isinstance(v, Decimal) else v) for k, v in plan.meta.items()}
    if meta["composite_score"] is not None:
        meta["composite_score"] = short(plan.meta["composite_score"])
    return meta


def _tables(plan: Plan, laid: Laid) -> dict[str, Any]:
    """Finance tables: the rows with a printed cell, each cell's value and raw text."""
    tables: dict[str, Any] = {}
    for kind, t in plan.tables.items():
        rows = []
        for i, row in enumerate(t.rows):
            cells = {
                k: {"value": _s(row.cells[k]), "raw": raw}
                for (kd, ri, k), raw in laid.cells.items()
                if kd == kind and ri == i
            }
            if cells:  # an all-empty row looks like a placeholder: not a row
                rows.append({"org": row.org, "is_summary": row.is_summary, "cells": cells})
        tables[kind] = {"unit": t.unit, "rows": rows}
    for kind in ("income", "expense", "sangong", "assets", "project_funds"):
        tables.setdefault(kind, None)
    return tables


def _score_row(plan: Plan, it: Item) -> dict[str, Any]:
    if it.level1 == "预算执行率":
        score = plan.tables["project_funds"].row(True).cells.get("score")
        return {
            "level1": "预算执行率",
            "level2": None,
            "level3": None,
            "standard": None,
            "max": _s(it.max),
            "score": _s(score),
            "reason": None,
            "target": None,
            "actual": None,
            "shared_with_previous": False,
        }
    return {
        "level1": it.level1,
        "level2": it.level2,
        "level3": it.level3,
        "standard": it.standard
        if plan.genre == "overall" and "standard" in plan.v["score_layout"] and not it.shared
        else None,
        "max": _s(it.max),
        "score": _s(it.score),
        "reason": it.reason,
        "target": it.target,
        "actual": it.actual,
        "shared_with_previous": it.shared,
    }


def _weights(plan: Plan) -> list[dict[str, Any]]:
    """Per level-1 group: the printed weight (if printed) and the sums of its rows."""
    weights = []
    for l1 in plan.level1_order:
        rows_ = [it for it in plan.items if it.level1 == l1 and it.max is not None]
        printed = plan.v["weights_in_labels"] and l1 != "预算执行率"
        score_sum = sum((it.score or ZERO for it in rows_), ZERO)
        if l1 == "预算执行率":
            score_sum = plan.tables["project_funds"].row(True).cells.get("score") or ZERO
        weights.append(
            {
                "level1": l1,
                "weight_stated": _s(plan.weights[l1]) if printed else None,
                "max_sum": _s(sum((it.max for it in rows_ if it.max is not None), ZERO)),
                "score_sum": _s(score_sum),
            }
        )
    return weights
