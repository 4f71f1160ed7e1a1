"""Step 3, derive: totals, 汇总 rows, rates, weights and grades from the parts."""

from __future__ import annotations

from decimal import Decimal

from .common import HUNDRED, ZERO, D, q, vocab
from .plan import FUNDS_AMOUNTS, IDENTITIES, FinTable, Plan


def grade_for(score: Decimal, words: dict[int, str]) -> str:
    for lo, _ in vocab("templates")["grades"]:
        if score >= lo:
            return words[lo]
    return words[0]


def derive(plan: Plan) -> None:
    for t in plan.tables.values():
        if t.kind == "project_funds":
            _derive_funds(plan, t)
        else:
            _derive_fin(t)
    # scores
    for it in plan.items:
        if it.mech == "budget_rate":
            total = plan.tables["project_funds"].row(True)
            it.score = total.cells.get("score")
    scored = [it for it in plan.items if it.max is not None]
    plan.total_computed = sum((it.score or ZERO for it in scored), ZERO)
    plan.max_computed = sum((it.max for it in scored if it.max is not None), ZERO)
    ov = plan.overrides
    # injected derived values are kept as offsets: later injections move the base under them
    plan.total_stated = plan.total_computed + ov.get("total_delta", ZERO)
    plan.max_stated = ov.get("max_stated", plan.max_computed)
    plan.weights = {}
    plan.level2_weights = {}
    plan.subtotals = {}
    for l1 in plan.level1_order:
        rows = [it for it in scored if it.level1 == l1]
        m = sum((it.max for it in rows if it.max is not None), ZERO)
        s = sum((it.score or ZERO for it in rows), ZERO)
        plan.weights[l1] = m + ov.get(f"weight:{l1}", ZERO)
        plan.subtotals[l1] = (m, s + ov.get(f"subtotal:{l1}", ZERO))
        for it in rows:
            if it.level2:
                k = (l1, it.level2)
                plan.level2_weights[k] = plan.level2_weights.get(k, ZERO) + (it.max or ZERO)
    words = plan.extra["grade_words"]
    where = plan.v.get("composite_where", "table")
    plan.composite = (
        None if where == "none" else plan.total_stated + ov.get("composite_delta", ZERO)
    )
    basis = plan.composite if plan.composite is not None else plan.total_stated
    plan.grade = ov.get("grade", grade_for(basis, words) if basis is not None else None)
    plan.meta["composite_score"] = plan.composite
    plan.meta["grade"] = plan.grade
    if "project_funds" in plan.tables:
        funds = plan.tables["project_funds"].row(True).cells
        if (funds.get("score") or ZERO) < (funds.get("max") or ZERO):
            plan.tolerated.add(
                "SC05"
            )  # 预算执行率 points lost, and the funds table has no reason column


def _derive_fin(t: FinTable) -> None:
    inst = [r for r in t.rows if not r.is_summary]
    for r in inst:
        r.cells = dict(r.base)
        for total, parts in IDENTITIES[t.kind]:
            r.cells[total] = sum((r.cells.get(p, ZERO) for p in parts), ZERO)
    summ = t.rows[t.summary_index()]
    keys = {k for r in inst for k in r.cells}
    summ.cells = {k: sum((r.cells.get(k, ZERO) for r in inst), ZERO) for k in keys}
    for (i, k), v in t.overrides.items():
        t.rows[i].cells[k] = v


def rate_of(executed: Decimal, budget: Decimal, places: int) -> Decimal | None:
    if budget == 0:
        return None
    return q(executed / budget * 100, places)


def _derive_funds(plan: Plan, t: FinTable) -> None:
    places = plan.v["funds_rate_places"]
    srcs = [r for r in t.rows if not r.is_summary]
    for r in srcs:
        r.cells = dict(r.base)
    total = t.row(True)
    total.cells = {k: sum((r.cells[k] for r in srcs), ZERO) for k in FUNDS_AMOUNTS}
    for (i, k), v in t.overrides.items():
        if k in FUNDS_AMOUNTS:
            t.rows[i].cells[k] = v
    for r in t.rows:
        r.cells["rate"] = rate_of(r.cells["executed"], r.cells["full_year_budget"], places)
    total.cells["max"] = D(10)
    rate = total.cells["rate"] or ZERO
    total.cells["score"] = q(min(rate, HUNDRED) / 10, 2)
    for (i, k), v in t.overrides.items():
        if k not in FUNDS_AMOUNTS:
            t.rows[i].cells[k] = v
