"""Step 2, inject: each injection breaks ONE relation and records the finding it must produce."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

from .common import HUNDRED, ZERO, D, plain, q, short, vocab
from .derive import _derive_fin, derive, grade_for
from .plan import FIN_CODE, IDENTITIES, Expected, Item, Plan


def _first_deducted(plan: Plan, full: bool) -> Item | None:
    cands = [
        it
        for it in plan.items
        if it.max is not None
        and it.mech is None
        and it.level1 != "预算执行率"
        and it.score is not None
        and (it.score == it.max if full else it.score < it.max)
    ]
    return plan.rng.choice(cands) if cands else None


def _delta(rng: random.Random, base: Decimal, unit: str) -> Decimal:
    """A difference far outside rounding: 1–15 % of the value, at least 1.00 (万元) / 100 (元)."""
    lo = D(100) if unit == "元" else D(1)
    return max(lo, q(abs(base) * D(str(rng.uniform(0.01, 0.15))), 2))


def inject(plan: Plan, code: str) -> bool:
    """Apply one injection; False when this report cannot carry it (the caller picks another)."""
    fn = INJECTIONS.get(code)
    if fn is None or code in plan.injected or not fn(plan):
        return False
    plan.injected.append(code)
    return True


def _inj_sc01(plan: Plan) -> bool:
    derive(plan)
    total = plan.total_computed
    d = plan.pick([D(-3), D(-2), D(-1), D(1), D(2)])
    if total + d > plan.max_computed or total + d < 0:
        d = -d
    words = plan.extra["grade_words"]
    if grade_for(total + d, words) != grade_for(total, words):
        d = -d
        if grade_for(total + d, words) != grade_for(total, words) or total + d > plan.max_computed:
            return False
    plan.overrides["total_delta"] = d
    plan.v["composite_where"] = "none"  # SC06 would be ambiguous (stated or computed?)
    plan.expected.append(
        Expected(
            "SC01", {"table": "score"}, [short(total + d), short(total)], "总分 stated ≠ Σ rows"
        )
    )
    return True


def _inj_sc02(plan: Plan) -> bool:
    if not plan.v["weights_in_labels"]:
        return False
    derive(plan)
    l1 = plan.pick([k for k in plan.level1_order if k != "预算执行率"])
    w = plan.weights[l1]
    d = plan.pick([D(-5), D(5), D(-3), D(3), D(2)])
    if w + d <= 0:
        d = abs(d)
    plan.overrides[f"weight:{l1}"] = d
    plan.expected.append(
        Expected(
            "SC02",
            {"level1": l1},
            [short(w + d), short(w)],
            "printed level-1 weight ≠ Σ its rows' 分值",
        )
    )
    return True


def _inj_sc03(plan: Plan) -> bool:
    if not plan.v["subtotals"]:
        return False
    derive(plan)
    l1 = plan.pick(plan.level1_order)
    m, s = plan.subtotals[l1]
    d = plan.pick([D(1), D(2), D(-1), D("-0.5")])
    if s + d > m or s + d < 0:
        d = -d
    plan.overrides[f"subtotal:{l1}"] = d
    plan.expected.append(
        Expected("SC03", {"level1": l1}, [short(s + d), short(s)], "小计 score ≠ Σ rows above")
    )
    return True


def _inj_sc04(plan: Plan) -> bool:
    it = _first_deducted(plan, full=True)
    if it is None or it.max is None:
        return False
    derive(plan)
    if plan.total_computed + 1 > plan.max_computed:  # the total must stay ≤ 100
        deducted = [
            x
            for x in plan.items
            if x.max is not None
            and x.score is not None
            and x.score <= x.max - 1
            and x is not it
            and x.level1 != "预算执行率"
        ]
        if not deducted:
            return False
    over = plan.pick([D("0.5"), D(1), D(2)])
    if plan.total_computed + over > plan.max_computed:
        over = plan.max_computed - plan.total_computed
    if over <= 0:
        return False
    it.score = it.max + over
    plan.expected.append(
        Expected(
            "SC04",
            {"level1": it.level1, "level3": it.level3 or it.level2},
            [short(it.score), short(it.max)],
            "得分 above 分值",
        )
    )
    return True


def _inj_sc06(plan: Plan) -> bool:
    if plan.v.get("composite_where") == "none":
        return False
    derive(plan)
    total = plan.total_stated
    assert total is not None
    words = plan.extra["grade_words"]
    cands = [
        total + d
        for d in (D(-2), D(-1), D(1), D(2), D(-3), D("-0.5"))
        if 0 <= total + d <= (plan.max_stated or HUNDRED)
        and grade_for(total + d, words) == grade_for(total, words)
    ]
    if not cands:
        return False
    c = plan.pick(cands)
    plan.overrides["composite_delta"] = c - total
    plan.expected.append(
        Expected(
            "SC06",
            {"field": "composite_score"},
            [short(c), short(total)],
            "综合得分 ≠ 评分表 total",
        )
    )
    return True


def _inj_sc07(plan: Plan) -> bool:
    derive(plan)
    words = plan.extra["grade_words"]
    basis = plan.composite if plan.composite is not None else plan.total_stated
    assert basis is not None
    right = grade_for(basis, words)
    wrong = [w for w in words.values() if w != right]
    g = plan.pick(wrong[:2])
    plan.overrides["grade"] = g
    plan.expected.append(
        Expected(
            "SC07",
            {"field": "grade"},
            [short(basis)],
            f"等次 {g} does not match {short(basis)} (should be {right})",
        )
    )
    return True


def _inj_sc08(plan: Plan) -> bool:
    it = _first_deducted(plan, full=True)
    if it is None or it.max is None:
        return False
    plan.v["weights_in_labels"] = False
    plan.v["level2_weights"] = False
    derive(plan)
    d = plan.pick([D(2), D(3), D(5)])
    it.max += d
    it.reason = plan.pick(vocab("indicators")["deduction_reasons"])
    plan.overrides["max_stated"] = plan.max_computed
    plan.expected.append(
        Expected(
            "SC08",
            {"table": "score"},
            [short(plan.max_computed + d), short(plan.max_computed)],
            "Σ 分值 ≠ stated maximum",
        )
    )
    return True


def _inj_sc05(plan: Plan) -> bool:
    it = _first_deducted(plan, full=False)
    if it is None:
        it = _first_deducted(plan, full=True)
        if it is None or it.max is None or it.max < 1:
            return False
        it.score = it.max - D("0.5")
    it.reason = None
    plan.expected.append(
        Expected(
            "SC05",
            {"level1": it.level1, "level3": it.level3 or it.level2},
            [short(it.score or ZERO), short(it.max or ZERO)],
            "deduction without a reason",
        )
    )
    return True


def _inj_sc09(plan: Plan) -> bool:
    it = _first_deducted(plan, full=True)
    if it is None:
        return False
    # a deduction reason on a row that lost nothing (not 无/无扣分, which say "no deduction")
    it.reason = plan.pick(vocab("indicators")["deduction_reasons"])
    plan.expected.append(
        Expected(
            "SC09",
            {"level1": it.level1, "level3": it.level3 or it.level2},
            [short(it.score or ZERO)],
            "reason without a deduction",
        )
    )
    return True


def _inj_sc10(plan: Plan) -> bool:
    if plan.genre == "project":
        derive(plan)
        t = plan.tables["project_funds"]
        score = t.row(True).cells["score"]
        assert score is not None
        wrong = D(10) if score < D("9.5") else score - plan.pick([D(1), D(2)])
        t.overrides[(t.summary_index(), "score")] = wrong
        plan.expected.append(
            Expected(
                "SC10",
                {"level1": "预算执行率"},
                [short(wrong), short(score)],
                "预算执行率 score ≠ 分值 × 执行率",
            )
        )
        return True
    if "std" not in plan.v["score_layout"]:
        return False  # only a printed 评分标准 can be re-scored
    rows = [it for it in plan.items if it.mech == "staff_control"]
    if not rows:
        return _sc10_satisfaction(plan)
    quota = plan.meta["staff_quota"]
    plan.meta["staff_actual"] = quota + plan.rng.randint(1, max(1, int(quota) // 10 + 1))
    rows[0].score, rows[0].reason = rows[0].max, None  # self-scored full anyway
    plan.expected.append(
        Expected(
            "SC10",
            {"level3": rows[0].level3},
            [short(plan.meta["staff_actual"]), short(quota)],
            "财政供养人员控制率 > 100% yet full score",
        )
    )
    return True


def _sc10_satisfaction(plan: Plan) -> bool:
    """满意度 in section 三 below 95% while the 满意度 row keeps full marks."""
    rows = [it for it in plan.items if it.mech == "satisfaction" and it.max is not None]
    sat = [t for t in plan.targets if t["subcategory"] == "社会公众或服务对象满意度"]
    if not rows or not sat:
        return False
    pct = D(plan.rng.choice([86, 88, 90, 92, 93]))
    plan.extra["satisfaction"] = pct
    sat[0]["actual"] = f"服务对象满意度达到{short(pct)}%"
    rows[0].score, rows[0].reason = rows[0].max, None
    plan.expected.append(
        Expected(
            "SC10", {"level3": rows[0].level3}, [short(pct)], "满意度 below 95% yet full score"
        )
    )
    return True


def _inj_fin_total(
    plan: Plan, kind: str, total_key: str = "total", code: str | None = None
) -> bool:
    """A row's total ≠ its parts: change the total of one institution and of 汇总 alike."""
    t = plan.tables.get(kind)
    if t is None or plan.extra.setdefault("fin_used", set()) & {kind}:
        return False
    _derive_fin(t)
    inst = [
        i for i, r in enumerate(t.rows) if not r.is_summary and (r.cells.get(total_key) or ZERO) > 0
    ]
    if not inst:
        return False
    i = plan.pick(inst)
    old = t.rows[i].cells[total_key]
    assert old is not None
    d = _delta(plan.rng, old, t.unit)  # up: the narrative's 其中 parts stay ≤ the total (no NR03)
    s = t.summary_index()
    t.overrides[(i, total_key)] = old + d
    t.overrides[(s, total_key)] = (t.rows[s].cells[total_key] or ZERO) + d
    plan.extra["fin_used"].add(kind)
    code = code or FIN_CODE[kind]
    for r in (i, s):
        row = t.rows[r]
        plan.expected.append(
            Expected(
                code,
                {"table": kind, "org": row.org, "summary": row.is_summary, "key": total_key},
                [plain(old + d if r == i else t.overrides[(s, total_key)], 2)],
                f"{total_key} ≠ Σ parts",
            )
        )
    return True


def _inj_fn03(plan: Plan) -> bool:
    """人员 + 公用 ≠ 基本: change 人员支出 of one institution and 汇总; 基本 stays."""
    t = plan.tables["expense"]
    if plan.extra.setdefault("fin_used", set()) & {"expense"}:
        return False
    _derive_fin(t)
    inst = [i for i, r in enumerate(t.rows) if not r.is_summary]
    i = plan.pick(inst)
    old = t.rows[i].cells["personnel"]
    assert old is not None
    d = -_delta(plan.rng, old, t.unit)  # down: 人员 + 公用 stay ≤ 基本 in the narrative (no NR03)
    if old + d <= 0:
        return False
    s = t.summary_index()
    t.overrides[(i, "personnel")] = old + d
    t.overrides[(s, "personnel")] = (t.rows[s].cells["personnel"] or ZERO) + d
    plan.extra["fin_used"].add("expense")
    for r in (i, s):
        plan.expected.append(
            Expected(
                "FN03",
                {
                    "table": "expense",
                    "org": t.rows[r].org,
                    "summary": t.rows[r].is_summary,
                    "key": "basic",
                },
                [plain(t.overrides[(r, "personnel")], 2)],
                "人员 + 公用 ≠ 基本",
            )
        )
    return True


def _inj_fn06(plan: Plan) -> bool:
    """汇总 ≠ Σ institutions in one column; the 汇总 row stays consistent in itself."""
    used = plan.extra.setdefault("fin_used", set())
    kinds = [
        k for k in ("income", "expense", "sangong", "assets") if k in plan.tables and k not in used
    ]
    if not kinds:
        return False
    kind = plan.pick(kinds)
    t = plan.tables[kind]
    _derive_fin(t)
    s = t.summary_index()
    summ = t.rows[s]
    # the 资金结余 row is re-scored from balances and carry-over: leave those alone there
    balance_rule = any(it.mech == "balance" for it in plan.items)
    if kind == "expense" and not balance_rule and plan.chance(0.5):
        changed = [plan.pick(["balance_current", "balance_cumulative"])]
    else:
        total, parts = IDENTITIES[kind][-1]
        nonzero = [
            p
            for p in parts
            if (summ.cells.get(p) or ZERO) > 0 and not (balance_rule and p == "carryover")
        ]
        if not nonzero:
            return False
        part = plan.pick(nonzero)
        changed = [part, total]
        if kind == "expense" and part == "basic":
            changed = ["personnel", "basic", "total"]
    base = summ.cells.get(changed[0]) or ZERO
    d = _delta(plan.rng, base if base else D(10), t.unit)
    for k in changed:
        t.overrides[(s, k)] = (summ.cells.get(k) or ZERO) + d
    used.add(kind)
    for k in changed:
        plan.expected.append(
            Expected(
                "FN06",
                {"table": kind, "key": k},
                [plain(t.overrides[(s, k)], 2)],
                "汇总 ≠ Σ institutions",
            )
        )
    return True


def _inj_fn07(plan: Plan) -> bool:
    t = plan.tables.get("project_funds")
    if t is None:
        return False
    derive(plan)
    if plan.chance(0.5):
        key = plan.pick(["full_year_budget", "executed", "initial_budget"])
        old = t.row(True).cells[key]
        assert old is not None
        if old == 0:
            key, old = "executed", t.row(True).cells["executed"] or ZERO
        d = _delta(plan.rng, old, t.unit)
        if key == "executed" or key == "initial_budget":
            d = -d if old > d * 2 else d
        t.overrides[(t.summary_index(), key)] = old + d
        plan.expected.append(
            Expected(
                "FN07",
                {"table": "project_funds", "org": "年度资金总额", "key": key},
                [plain(old + d, 2), plain(old, 2)],
                "年度资金总额 ≠ Σ sources",
            )
        )
        return True
    srcs = [
        i
        for i, r in enumerate(t.rows)
        if not r.is_summary and (r.cells.get("full_year_budget") or ZERO) > 0
    ]
    i = plan.pick(srcs)
    rate = t.rows[i].cells["rate"]
    assert rate is not None
    wrong = rate - plan.pick([D(3), D(5), D(8), D(12)]) if rate > 20 else rate + D(5)
    t.overrides[(i, "rate")] = q(wrong, plan.v["funds_rate_places"])
    plan.expected.append(
        Expected(
            "FN07",
            {"table": "project_funds", "org": t.rows[i].org, "key": "rate"},
            [short(wrong), short(rate)],
            "执行率 ≠ 执行数/预算数",
        )
    )
    return True


def _inj_nr(plan: Plan, code: str) -> bool:
    """NR01/NR02 act on the narrative, marked when it is laid out (see ``_narrative_overall``)."""
    plan.extra.setdefault("nr", set()).add(code)
    return True


def _inj_nr03(plan: Plan) -> bool:
    plan.extra["breakdown_exceeds"] = True
    return True


def _inj_nr04(plan: Plan) -> bool:
    if plan.genre == "project" or not plan.targets:
        return False
    qty = [t for t in plan.targets if t["subcategory"] == "数量指标"]
    other = vocab("projects")[
        plan.pick([k for k in vocab("projects") if k not in plan.extra["dtype"]["projects"]])
    ]
    name, measure, lo, hi = plan.pick(other["quantity"])
    qty[0]["actual"] = f"完成{name}{plan.rng.randint(lo, hi)}{measure}"
    plan.expected.append(
        Expected(
            "NR04",
            {"subcategory": "数量指标", "target": qty[0]["target"]},
            [],
            "完成情况 speaks of something else",
        )
    )
    return True


def _inj_dq02(plan: Plan) -> bool:
    if plan.genre != "overall":
        return False
    used = plan.extra.setdefault("fin_used", set())
    kinds = [k for k in ("assets", "sangong") if k not in used]
    if not kinds:
        return False
    kind = plan.pick(kinds)
    del plan.tables[kind]
    used.add(kind)
    plan.expected.append(Expected("DQ02", {"table": kind}, [], "required table missing"))
    return True


def _inj_dq03(plan: Plan) -> bool:
    plan.extra["typo_percent"] = True
    return True


def _inj_dq01(plan: Plan) -> bool:
    if plan.fmt != "pdf":
        return False
    plan.v["scanned"] = True
    plan.expected.append(Expected("DQ01", {}, [], "no text layer"))
    # read by OCR: a part may be missed (DQ02), a number read without its point (DQ03 repair)
    plan.tolerated.update({"DQ02", "DQ03"})
    return True


INJECTIONS: dict[str, Callable[[Plan], bool]] = {
    "SC01": _inj_sc01,
    "SC02": _inj_sc02,
    "SC03": _inj_sc03,
    "SC04": _inj_sc04,
    "SC05": _inj_sc05,
    "SC06": _inj_sc06,
    "SC07": _inj_sc07,
    "SC08": _inj_sc08,
    "SC09": _inj_sc09,
    "SC10": _inj_sc10,
    "FN01": lambda p: p.genre == "overall" and _inj_fin_total(p, "income"),
    "FN02": lambda p: p.genre == "overall" and _inj_fin_total(p, "expense", "total", "FN02"),
    "FN03": lambda p: p.genre == "overall" and _inj_fn03(p),
    "FN04": lambda p: p.genre == "overall" and _inj_fin_total(p, "sangong"),
    "FN05": lambda p: p.genre == "overall" and _inj_fin_total(p, "assets"),
    "FN06": lambda p: p.genre == "overall" and _inj_fn06(p),
    "FN07": _inj_fn07,
    "NR01": lambda p: _inj_nr(p, "NR01"),
    "NR02": lambda p: _inj_nr(p, "NR02"),
    "NR03": _inj_nr03,
    "NR04": _inj_nr04,
    "DQ01": _inj_dq01,
    "DQ02": _inj_dq02,
    "DQ03": _inj_dq03,
}


def _rounding(plan: Plan) -> None:
    """Totals one unit of the last digit above their parts (|diff| within tolerance): FN90 only."""
    used = plan.extra.setdefault("fin_used", set())
    if plan.genre == "overall":
        kinds = [
            k
            for k in ("income", "expense", "sangong", "assets")
            if k in plan.tables and k not in used
        ]
        plan.rng.shuffle(kinds)
        for kind in kinds[: plan.rng.choice([1, 1, 2])]:
            t = plan.tables[kind]
            _derive_fin(t)
            s = t.summary_index()
            inst = [i for i, r in enumerate(t.rows) if not r.is_summary]
            i = plan.pick(inst)
            total, parts = IDENTITIES[kind][-1]
            nonzero = [p for p in parts if (t.rows[i].cells.get(p) or ZERO) > 0]
            if len(nonzero) < 2:
                continue
            unit = D("0.01")
            for r in (i, s):
                t.overrides[(r, total)] = (t.rows[r].cells[total] or ZERO) + unit
            used.add(kind)
            for r in (i, s):
                plan.rounding.append(
                    {"table": kind, "org": t.rows[r].org, "key": total, "difference": "0.01"}
                )
    else:
        t = plan.tables["project_funds"]
        derive(plan)
        nonzero = [
            r for r in t.rows if not r.is_summary and (r.cells.get("full_year_budget") or ZERO) > 0
        ]
        if len(nonzero) < 2 or "FN07" in plan.injected:
            return
        s = t.summary_index()
        t.overrides[(s, "full_year_budget")] = (t.rows[s].cells["full_year_budget"] or ZERO) + D(
            "0.01"
        )
        plan.rounding.append(
            {
                "table": "project_funds",
                "org": "年度资金总额",
                "key": "full_year_budget",
                "difference": "0.01",
            }
        )
    for r in plan.rounding:
        plan.expected.append(Expected("FN90", r, ["0.01"], "difference within rounding"))
