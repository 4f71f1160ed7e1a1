"""Step 1, draw: a Plan whose numbers and words satisfy every identity exactly."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .common import ZERO, D, q, short, vocab
from .plan import FUNDS_AMOUNTS, FUNDS_ROWS, FinRow, FinTable, Item, Plan


def _person(rng: random.Random) -> str:
    p = vocab("people")
    return rng.choice(p["surnames"]) + rng.choice(p["given"])


def _phone(rng: random.Random) -> str:
    p = vocab("people")
    if rng.random() < 0.6:
        return rng.choice(p["mobile_prefixes"]) + "".join(
            rng.choice("0123456789") for _ in range(8)
        )
    return (
        rng.choice(p["landline_area_codes"])
        + "-"
        + rng.choice("2345678")
        + "".join(rng.choice("0123456789") for _ in range(6))
    )


def _split(rng: random.Random, total: int, k: int, lo: int = 1) -> list[int]:
    """``total`` split into ``k`` integers ≥ ``lo`` at random."""
    k = max(1, min(k, total // lo))
    cuts = sorted(rng.sample(range(1, total - k * lo + k), k - 1)) if k > 1 else []
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, total - k * lo + k], strict=True)]
    return [p + lo - 1 for p in parts]


def _amount(rng: random.Random, lo: float, hi: float, unit: str) -> Decimal:
    """An amount in the table's unit: 2 decimals of 万元, or 元 with cents (lo/hi in 万元)."""
    if unit == "元":
        cents = rng.choice([0, 0, rng.randint(1, 99)])
        return D(rng.randint(int(lo * 10000), int(hi * 10000))) + D(cents) / 100
    return D(str(round(rng.uniform(lo, hi), 2)))


def _even_split(rng: random.Random, total: int, k: int) -> list[int]:
    """``total`` points over ``k`` rows, nearly even (as weights are set), each ≥ 1."""
    k = max(1, min(k, total))
    parts = [total // k + (1 if i < total % k else 0) for i in range(k)]
    for _ in range(k):
        a, b = rng.randrange(k), rng.randrange(k)
        if a != b and parts[a] > 1:
            parts[a] -= 1
            parts[b] += 1
    rng.shuffle(parts)
    return parts


def draw(pid: str, genre: str, fmt: str, encoding: str | None, rng: random.Random) -> Plan:
    year = rng.choice([2019, 2020, 2021, 2022, 2023])
    plan = Plan(id=pid, genre=genre, fmt=fmt, encoding=encoding, rng=rng, year=year, v={})
    deps = vocab("departments")
    region = rng.choice(deps["regions"])
    dtype = rng.choice(deps["types"])
    city_short = region[1] + region[2]
    place = rng.choice([city_short, region[2], region[1] + region[2]])
    unit_name = rng.choice(deps["unit_prefixes"]) + place + dtype["name"]
    plan.names = {
        "region": city_short,
        "province": region[0],
        "unit": unit_name,
        "type": dtype["name"],
        "short": dtype["name"],
        "duty": dtype["duty"],
    }
    plan.extra["dtype"] = dtype
    plan.v["unit"] = "元" if rng.random() < 0.3 else "万元"
    report_date = f"{year + 1}-{rng.randint(3, 9):02d}-{rng.randint(1, 28):02d}"
    plan.meta = {
        "department": unit_name,
        "budget_code": None,
        "year": str(year),
        "report_date": report_date,
        "contact": _person(rng),
        "phone": _phone(rng),
        "staff_quota": None,
        "staff_actual": None,
        "project_name": None,
        "composite_score": None,
        "grade": None,
    }
    if genre == "overall":
        _draw_overall(plan)
    else:
        _draw_project(plan)
    return plan


def _draw_overall(plan: Plan) -> None:
    rng = plan.rng
    plan.meta["budget_code"] = str(rng.randint(100001, 999999)) if rng.random() < 0.85 else None
    quota = rng.randint(5, 180)
    plan.meta["staff_quota"] = D(quota)
    plan.meta["staff_actual"] = D(quota - rng.randint(0, max(1, quota // 6)))
    table = _institutions(plan)
    scale = rng.choice([1.0, 3.0, 10.0, 40.0])  # size of the department
    _draw_fin_tables(plan, table, scale)
    plan.extra["sangong_last_year_delta"] = _amount(rng, 0.1, 3, "万元")
    _draw_framework(plan)
    _draw_targets(plan)


TableMaker = Callable[[str, list[str], Callable[[int], dict[str, Decimal]]], FinTable]
"""(kind, keys, fill) → a finance table with one row per institution (``fill(i)``) and 汇总."""


def _institutions(plan: Plan) -> TableMaker:
    """The institutions (rows) of the finance tables, and how their tables print them."""
    rng = plan.rng
    t = vocab("templates")
    dtype = plan.extra["dtype"]
    unit = plan.v["unit"]
    # institutions: first is the office itself, then 0–4 second-level bodies
    n_inst = rng.choices([1, 2, 3, 4, 5], weights=[3, 3, 2, 1, 1])[0]
    pool = list(dtype["institutions"]) + list(vocab("departments")["generic_institutions"])
    names = [rng.choice(t["first_institution"]), *rng.sample(pool, n_inst - 1)]
    numbering = rng.choice(t["institution_numbering"])
    wrap = rng.random() < 0.35
    plan.v.update(institutions=n_inst, numbering=numbering, wrap_names=wrap)
    orgs: list[tuple[str, str]] = []
    for i, name in enumerate(names, start=1):
        label = numbering.format(i=i) + name
        printed = label
        if wrap and len(name) >= 6 and i > 1:
            cut = len(label) - rng.randint(2, 3)
            printed = label[:cut] + "\n" + label[cut:]
        orgs.append((label, printed))
    n_placeholders = rng.choice([0, 0, 1, 2])
    placeholders = [
        numbering.format(i=n_inst + k + 1) + f"二级机构{n_inst + k}" for k in range(n_placeholders)
    ]
    summary_label = rng.choice(t["summary_rows"])
    summary_last = summary_label in ("合计", "单位合计") and rng.random() < 0.6
    zero_style = rng.choice(["", "0", "0.00"])
    plan.v.update(summary_label=summary_label, summary_last=summary_last, zero_style=zero_style)

    def table(kind: str, keys: list[str], fill: Callable[[int], dict[str, Decimal]]) -> FinTable:
        rows = [FinRow(org=o, printed=p, base=fill(i)) for i, (o, p) in enumerate(orgs)]
        summ = FinRow(org=summary_label, printed=summary_label, is_summary=True)
        rows = [*rows, summ] if summary_last else [summ, *rows]
        return FinTable(
            kind=kind,
            unit=unit,
            keys=keys,
            rows=rows,
            placeholders=placeholders,
            zero_style=zero_style,
        )

    return table


def _draw_fin_tables(plan: Plan, table: TableMaker, scale: float) -> None:
    """收入, 支出, 三公经费 and 固定资产 per institution (their totals come in ``derive``)."""
    rng = plan.rng
    unit = plan.v["unit"]
    inc_keys = ["carryover", "public_budget", "gov_fund", "special_nontax", "other"]
    plan.tables["income"] = table("income", inc_keys, lambda i: _income(rng, i, scale, unit))
    incomes = [r.base for r in plan.tables["income"].rows if not r.is_summary]
    plan.tables["expense"] = table(
        "expense",
        ["basic", "personnel", "public_use", "project", "balance_current", "balance_cumulative"],
        lambda i: _expense(rng, incomes[i]),
    )
    plan.tables["sangong"] = table(
        "sangong",
        ["reception", "vehicle_operation", "vehicle_purchase", "overseas"],
        lambda i: _sangong(rng, scale, unit),
    )
    plan.tables["assets"] = table(
        "assets", ["in_use", "rented", "other"], lambda i: _assets(rng, scale, unit)
    )


def _income(rng: random.Random, i: int, scale: float, unit: str) -> dict[str, Decimal]:
    big = 1.0 if i == 0 else 0.35
    pb = _amount(rng, 40 * scale * big, 160 * scale * big, unit)
    return {
        "public_budget": pb,
        "carryover": _amount(rng, 1, 20 * scale * big, unit) if rng.random() < 0.4 else ZERO,
        "gov_fund": _amount(rng, 1, 30 * scale * big, unit) if rng.random() < 0.35 else ZERO,
        "special_nontax": _amount(rng, 1, 10 * scale * big, unit) if rng.random() < 0.2 else ZERO,
        "other": _amount(rng, 0.5, 8 * scale * big, unit) if rng.random() < 0.3 else ZERO,
    }


def _expense(rng: random.Random, income: dict[str, Decimal]) -> dict[str, Decimal]:
    inc_total = sum(income.values(), ZERO)
    spent = q(inc_total * D(str(rng.uniform(0.86, 1.0))), 2) if rng.random() < 0.5 else inc_total
    basic = q(spent * D(str(rng.uniform(0.35, 0.75))), 2)
    personnel = q(basic * D(str(rng.uniform(0.7, 0.92))), 2)
    balance = inc_total - spent
    return {
        "personnel": personnel,
        "public_use": basic - personnel,
        "project": spent - basic,
        "balance_current": balance,
        "balance_cumulative": balance + income["carryover"],
    }


def _sangong(rng: random.Random, scale: float, unit: str) -> dict[str, Decimal]:
    if rng.random() < 0.3:
        return dict.fromkeys(
            ("reception", "vehicle_operation", "vehicle_purchase", "overseas"), ZERO
        )
    return {
        "reception": _amount(rng, 0.2, 3 * scale**0.5, unit),
        "vehicle_operation": _amount(rng, 0.5, 6 * scale**0.5, unit)
        if rng.random() < 0.7
        else ZERO,
        "vehicle_purchase": _amount(rng, 8, 25, unit) if rng.random() < 0.1 else ZERO,
        "overseas": ZERO,
    }


def _assets(rng: random.Random, scale: float, unit: str) -> dict[str, Decimal]:
    return {
        "in_use": _amount(rng, 5 * scale, 80 * scale, unit),
        "rented": _amount(rng, 1, 10 * scale, unit) if rng.random() < 0.15 else ZERO,
        "other": _amount(rng, 0.5, 5 * scale, unit) if rng.random() < 0.3 else ZERO,
    }


def _draw_framework(plan: Plan) -> None:
    """The 评分表: level-1 weights, level-2 groups, level-3 rows (3–6 points each), scores."""
    rng = plan.rng
    ind = vocab("indicators")
    fw = rng.choice(ind["overall_frameworks"])
    weights = rng.choice(fw["weights"])
    plan.v["framework"] = fw["name"]
    plan.level1_order = list(fw["level1"])
    items: list[Item] = []
    for level1, w in zip(fw["level1"], weights, strict=True):
        groups = ind["level2"][level1]
        shared = next((g for g in groups if g.get("shared")), None)
        if shared is not None:
            # benefits share one merged 分值 cell; satisfaction has its own row (5 or 10)
            sat_group = shared if shared["rows"] else next(g for g in groups if g is not shared)
            sat = sat_group["rows"][0]
            sat_w = 5 if w <= 20 else rng.choice([5, 10])
            names = shared["shared"][: rng.choice([3, len(shared["shared"])])]
            items.append(
                Item(
                    level1,
                    shared["name"],
                    names[0],
                    shared["shared_standard"],
                    D(w - sat_w),
                    D(w - sat_w),
                )
            )
            items.extend(Item(level1, shared["name"], n, None, shared=True) for n in names[1:])
            items.append(
                Item(
                    level1,
                    sat_group["name"],
                    sat[0],
                    sat[1],
                    D(sat_w),
                    D(sat_w),
                    mech=sat[2] if len(sat) > 2 else None,
                )
            )
            continue
        n_rows = max(1, round(w / rng.uniform(3, 6)))
        pool = [g for g in groups if g["rows"]]
        rng.shuffle(pool)
        chosen: list[dict[str, Any]] = []
        for g in pool:
            chosen.append(g)
            if sum(len(x["rows"]) for x in chosen) >= n_rows and len(chosen) >= (
                2 if w >= 20 else 1
            ):
                break
        avail = [len(g["rows"]) for g in chosen]
        n_rows = min(n_rows, sum(avail))
        per = [1] * len(chosen)
        while sum(per) < n_rows:
            j = rng.choice([i for i, a in enumerate(avail) if per[i] < a])
            per[j] += 1
        points = iter(_even_split(rng, w, sum(per)))
        for g, k in zip(chosen, per, strict=True):
            rows = g["rows"][:k] if rng.random() < 0.5 else rng.sample(g["rows"], k)
            for r in rows:
                m = D(next(points))
                items.append(
                    Item(level1, g["name"], r[0], r[1], m, m, mech=r[2] if len(r) > 2 else None)
                )
    plan.items = items
    _score(plan)


def _score(plan: Plan) -> None:
    """Self-scores: most rows full, some deducted with a reason; mechanical rows by rule."""
    rng = plan.rng
    reasons = vocab("indicators")["deduction_reasons"]
    p_deduct = rng.choice([0.05, 0.12, 0.2, 0.45])
    for it in plan.items:
        if it.max is None:
            continue
        if it.mech:
            it.score, it.reason = _mechanical(plan, it)
            continue
        if rng.random() < p_deduct and it.max >= 1:
            steps = [D("0.5"), D(1), D("1.5"), D(2), D(3)]
            d = min(rng.choice(steps), it.max)
            it.score = it.max - d
            it.reason = rng.choice(reasons)


def _mechanical(plan: Plan, it: Item) -> tuple[Decimal, str | None]:
    """Score of a mechanical 评分标准 from the report's own data (what SC10 re-scores)."""
    m = it.max
    assert m is not None
    if it.mech == "staff_control":
        quota, actual = plan.meta["staff_quota"], plan.meta["staff_actual"]
        over = (actual / quota * 100 - 100) if quota else ZERO
        if over <= 0:
            return m, None
        return max(ZERO, m - q(over, 0) * D("0.5")), "在职人员超编"
    if it.mech == "sangong_change":
        return m, None  # the narrative always reports a decrease
    if it.mech == "balance":
        exp = plan.tables["expense"].rows
        inc = plan.tables["income"].rows
        bal = sum((r.base.get("balance_current", ZERO) for r in exp if not r.is_summary), ZERO)
        carry = sum((r.base.get("carryover", ZERO) for r in inc if not r.is_summary), ZERO)
        if bal == 0:
            return m, None
        if bal <= carry:
            return q(m * 2 / 3, 2), "有结余，未超过上年结转"
        return ZERO, "结余超过上年结转"
    if it.mech == "satisfaction":
        pct = plan.extra.setdefault(
            "satisfaction", D(plan.rng.choice([96, 97, 98, 99, 100, 95, 93, 90]))
        )
        if pct >= 95:
            return m, None
        if pct >= 85:
            return q(m * D("0.6"), 1), "满意度未达到95%"
        return q(m * D("0.2"), 1), "满意度偏低"
    return m, None


def _draw_targets(plan: Plan) -> None:
    """Section 三 of an overall report: 绩效目标 vs 完成情况 per sub-category."""
    rng = plan.rng
    proj = vocab("projects")[rng.choice(plan.extra["dtype"]["projects"])]
    y = plan.year
    out: list[dict[str, str | None]] = []
    for name, measure, lo, hi in rng.sample(proj["quantity"], min(2, len(proj["quantity"]))):
        n = _round_target(rng.randint(lo, hi))
        out.append(
            {
                "category": "产出目标",
                "subcategory": "数量指标",
                "target": f"全年{name}达到{n}{measure}以上",
                "actual": f"全年{name}{int(n * rng.uniform(1.0, 1.3))}{measure}",
            }
        )
    name, pct = rng.choice(proj["quality"])
    out.append(
        {
            "category": "产出目标",
            "subcategory": "质量指标",
            "target": f"{name}达到{pct}%",
            "actual": f"{name}达到{min(100, pct + rng.randint(0, 4))}%",
        }
    )
    out.append(
        {
            "category": "产出目标",
            "subcategory": "时效指标",
            "target": f"{y}年{rng.choice([6, 9, 12])}月底前完成{rng.choice(proj['timeliness'])[0]}相关工作",
            "actual": "已按期完成",
        }
    )
    out.append(
        {
            "category": "产出目标",
            "subcategory": "成本指标",
            "target": "各项支出控制在年初预算范围内",
            "actual": "支出均控制在预算范围内",
        }
    )
    for sub, label, tgt, act in rng.sample(proj["benefit"], min(2, len(proj["benefit"]))):
        out.append(
            {
                "category": "效益目标",
                "subcategory": sub.replace("指标", ""),
                "target": f"{label}{tgt}",
                "actual": f"{label}{act}",
            }
        )
    sat = plan.extra.setdefault("satisfaction", D(rng.choice([96, 97, 98, 99, 100, 95, 93, 90])))
    out.append(
        {
            "category": "效益目标",
            "subcategory": "社会公众或服务对象满意度",
            "target": "服务对象满意度达到95%以上",
            "actual": f"服务对象满意度达到{short(sat)}%",
        }
    )
    plan.targets = out
    plan.extra["targets_pool"] = proj


def _round_target(n: int) -> int:
    for step in (1000, 100, 10):
        if n >= step * 5:
            return max(step, n // step * step)
    return n


def _draw_project(plan: Plan) -> None:
    rng = plan.rng
    dtype = plan.extra["dtype"]
    proj = vocab("projects")[rng.choice(dtype["projects"])]
    pname = rng.choice(proj["names"])
    plan.meta["project_name"] = pname
    plan.meta["budget_code"] = str(rng.randint(100001, 999999)) if rng.random() < 0.3 else None
    plan.names["project"] = pname
    plan.names["supervisor"] = plan.names["region"] + rng.choice(
        ["财政局", "人民政府", plan.names["type"]]
    )
    plan.extra["proj"] = proj
    unit = plan.v["unit"]
    scale = rng.choice([1.0, 5.0, 20.0, 60.0])
    # sources: 当年财政拨款 always, 上年结转 / 其他资金 sometimes (zero rows print empty or 0)
    src: dict[str, dict[str, Decimal]] = {}
    for name, p in (("当年财政拨款", 1.0), ("上年结转", 0.35), ("其他资金", 0.25)):
        if rng.random() >= p:
            src[name] = dict.fromkeys(FUNDS_AMOUNTS, ZERO)
            continue
        init = _amount(rng, 10 * scale, 80 * scale, unit) if name != "上年结转" else ZERO
        full = init + (
            _amount(rng, 1, 15 * scale, unit) if rng.random() < 0.4 or init == 0 else ZERO
        )
        executed = full if rng.random() < 0.45 else q(full * D(str(rng.uniform(0.8, 0.999))), 2)
        src[name] = {"initial_budget": init, "full_year_budget": full, "executed": executed}
    rows = [FinRow(org="年度资金总额", printed="年度资金总额", is_summary=True)]
    rows += [FinRow(org=n, printed=n, base=src[n]) for n in FUNDS_ROWS[1:]]
    t = FinTable(
        kind="project_funds",
        unit=unit,
        keys=["initial_budget", "full_year_budget", "executed", "max", "rate", "score"],
        rows=rows,
        zero_style=rng.choice(["", "0", "0.00"]),
    )
    t.dash_empty = rng.random() < 0.5
    plan.tables["project_funds"] = t
    plan.v["funds_rate_places"] = rng.choice([2, 2, 1])
    _draw_indicators(plan, proj)


def _draw_indicators(plan: Plan, proj: dict[str, Any]) -> None:
    rng = plan.rng
    t = vocab("templates")
    reasons = vocab("indicators")["project_deviation_reasons"]
    w_out, w_eff, w_sat = rng.choice(
        [(50, 30, 10), (50, 30, 10), (50, 30, 10), (40, 40, 10), (60, 20, 10)]
    )
    l1_out, l1_eff, l1_sat = (
        rng.choice(t["project_level1"][k]) for k in ("output", "effect", "satisfaction")
    )
    plan.level1_order = ["预算执行率", l1_out, l1_eff, l1_sat]
    items: list[Item] = []
    p_short = rng.choice([0.1, 0.2, 0.35])
    out_rows = _output_rows(plan, proj, p_short)
    for (l2, l3, tgt, act, short_, _), w in zip(
        out_rows, _split(rng, w_out, len(out_rows), lo=3), strict=True
    ):
        score, reason = _indicator_score(rng, D(w), short_, reasons)
        items.append(Item(l1_out, l2, l3, None, D(w), score, reason, tgt, act))
    benefits = rng.sample(proj["benefit"], min(len(proj["benefit"]), rng.choice([2, 3])))
    for (l2, l3, tgt, act), w in zip(
        benefits, _split(rng, w_eff, len(benefits), lo=5), strict=True
    ):
        short_ = rng.random() < p_short / 2
        score, reason = _indicator_score(rng, D(w), short_, reasons)
        items.append(
            Item(l1_eff, l2, l3, None, D(w), score, reason, tgt, "基本实现" if short_ else act)
        )
    sats = rng.sample(proj["satisfaction"], rng.choice([1, 1, 2]))
    for (l3, pct), w in zip(sats, _split(rng, w_sat, len(sats), lo=3), strict=True):
        short_ = rng.random() < p_short / 2
        a = pct - rng.randint(1, 5) if short_ else min(100, pct + rng.randint(1, 9))
        score, reason = _indicator_score(rng, D(w), short_, reasons)
        items.append(
            Item(
                l1_sat,
                "满意度指标" if rng.random() < 0.5 else "服务对象满意度指标",
                l3,
                None,
                D(w),
                score,
                reason,
                f"≥{pct}%",
                f"{a}%",
            )
        )
    # the funds table's 预算执行率 points, first (derived from the rate in `derive`)
    items.insert(0, Item("预算执行率", None, None, None, D(10), None, mech="budget_rate"))
    plan.items = items


OutputRow = tuple[str, str, str, str, bool, str | None]
"""An 产出 indicator: level-2, level-3, target, actual, short of its target, (unused)."""


def _output_rows(plan: Plan, proj: dict[str, Any], p_short: float) -> list[OutputRow]:
    """The 产出 indicators: 数量 2–3, 质量 1–2, 时效 1, 成本 1 (each may fall short)."""
    rng = plan.rng
    y = plan.year
    quantity = rng.sample(proj["quantity"], min(len(proj["quantity"]), rng.choice([2, 3])))
    quality = rng.sample(proj["quality"], min(len(proj["quality"]), rng.choice([1, 2])))
    out_rows: list[OutputRow] = []
    for name, measure, lo, hi in quantity:
        n = _round_target(rng.randint(lo, hi))
        short_ = rng.random() < p_short
        m = int(n * rng.uniform(0.75, 0.97)) if short_ else int(n * rng.uniform(1.0, 1.25))
        out_rows.append(
            (
                "数量指标",
                name,
                f"{rng.choice(['≥', '', '不少于'])}{n}{measure}",
                f"{m}{measure}",
                short_,
                None,
            )
        )
    for name, pct in quality:
        short_ = rng.random() < p_short
        a = pct - rng.randint(2, 8) if short_ else min(100, pct + rng.randint(0, 4))
        out_rows.append(("质量指标", name, f"{rng.choice(['≥', ''])}{pct}%", f"{a}%", short_, None))
    (tname,) = rng.choice(proj["timeliness"])
    late = rng.random() < p_short / 2
    out_rows.append(
        (
            "时效指标",
            tname,
            f"{y}年12月底前",
            f"{y + 1}年1月完成"
            if late
            else rng.choice([f"{y}年{rng.randint(9, 12)}月完成", "按期完成"]),
            late,
            None,
        )
    )
    (cname,) = rng.choice(proj["cost"])
    out_rows.append(("成本指标", cname, "不超过年度预算", "控制在预算内", False, None))
    return out_rows


def _indicator_score(
    rng: random.Random, w: Decimal, short_: bool, reasons: list[str]
) -> tuple[Decimal, str | None]:
    if not short_:
        return w, None
    d = min(w - D("0.5"), rng.choice([D("0.5"), D(1), D("1.5"), D(2)]))
    return w - d, rng.choice(reasons)
