"""The narrative: templates → segments, restated amounts and percentages, printed figures."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .common import HUNDRED, ZERO, D, chinese, fullwidth, plain, q, short, vocab
from .draw import _phone, _round_target
from .plan import Expected, Fig, NonFig, Para, Plan, Segment

_SLOT_RE = re.compile(r"\{(\w+)(?::([^:}]+))?(?::(\d+)-(\d+))?\}|\[\[(.+?)\]\]")


def _nonfig(plan: Plan, kind: str) -> str:
    rng, y = plan.rng, plan.year
    if kind == "phone":
        return _phone(rng)
    if kind == "hotline":
        return rng.choice(["12345", "12315", "12348", "12320"])
    if kind == "docno":
        abbr = plan.names["region"][:1] + rng.choice(["政办发", "财绩", "发", "政发", "办发"])
        return f"《关于印发绩效管理办法的通知》（{abbr}〔{y}〕{rng.randint(1, 60)}号）"
    if kind == "date":
        return rng.choice(
            [
                f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                f"{rng.randint(2, 11)}月下旬",
                f"{y}年{rng.randint(3, 9)}月底前",
                f"{rng.randint(1, 12)}月上旬",
            ]
        )
    if kind == "year":
        return str(y)
    if kind == "month":
        return f"{rng.randint(1, 12)}月"
    raise KeyError(kind)


def _count_fig(plan: Plan, unit: str, lo: int, hi: int) -> Fig:
    rng = plan.rng
    n = rng.randint(lo, hi)
    style = _count_style(plan)
    approx = None
    if style == "approx":
        approx = rng.choice(list(APPROX_FORMS))
        n = _round_target(n) if n >= 20 else max(10, n // 10 * 10)
    elif style == "chinese":
        n = _round_target(n) if n >= 100 else n
    return Fig(D(n), unit, "count", 0, style, approx)


def _count_style(plan: Plan) -> str:
    mode = plan.v["figure_styles"]
    weights = {
        "plain": [90, 5, 2, 2, 1],
        "mixed": [60, 10, 10, 15, 5],
        "messy": [40, 10, 15, 20, 15],
    }[mode]
    return plan.rng.choices(
        ["plain", "thousands", "chinese", "approx", "fullwidth"], weights=weights
    )[0]


def _template(plan: Plan, text: str) -> list[Segment]:
    """A narrative template → segments (figures drawn, non-figures made)."""
    out: list[Segment] = []
    pos = 0
    for m in _SLOT_RE.finditer(text):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        pos = m.end()
        name, arg, lo, hi, literal = m.groups()
        if lo is None and arg and re.fullmatch(r"\d+-\d+", arg):  # {p:95-100}
            (lo, hi), arg = arg.split("-"), None
        if literal is not None:
            out.append(NonFig(literal))
        elif name == "c":
            out.append(_count_fig(plan, arg, int(lo), int(hi)))
        elif name == "m":
            v = D(str(round(plan.rng.uniform(int(lo), int(hi)), 2)))
            style = plan.rng.choices(["plain", "thousands", "fullwidth", "wan"], [80, 10, 5, 5])[0]
            if style == "wan":
                v = q(v, 0)
            out.append(
                Fig(
                    v,
                    "万" if style == "wan" else arg,
                    "money",
                    0 if style == "wan" else 2,
                    "plain" if style == "wan" else style,
                )
            )
        elif name == "p":
            places = plan.rng.choice([0, 0, 1, 2])
            v = q(D(str(plan.rng.uniform(int(lo), int(hi)))), places)
            v = min(v, HUNDRED)
            style = plan.rng.choices(["plain", "fullwidth", "chinese"], [80, 12, 8])[0]
            if style == "chinese" and v != v.to_integral_value():
                style = "plain"
            out.append(Fig(v, "%", "pct", places, style))
        elif name in ("region", "unit", "city"):
            out.append(plan.names.get(name, plan.names["region"]))
        else:
            out.append(NonFig(_nonfig(plan, name)))
    if pos < len(text):
        out.append(text[pos:])
    return out


def _breakdown(plan: Plan, spec: list[Any], exceeds: bool) -> Para:
    rng = plan.rng
    label, head, parts_t = spec
    m = _SLOT_RE.search(head)
    assert m is not None
    unit, lo, hi = m.group(2), int(m.group(3)), int(m.group(4))
    total = _round_target(rng.randint(lo, hi)) if rng.random() < 0.3 else rng.randint(lo, hi)
    k = rng.randint(2, len(parts_t))
    shares = [rng.uniform(0.15, 0.9 / k) for _ in range(k)]
    if exceeds:
        shares = [rng.uniform(0.45, 0.7) for _ in range(k)]
    parts = [max(1, int(total * s)) for s in shares]
    if exceeds and sum(parts) <= total:
        parts[0] += total - sum(parts) + rng.randint(1, 50)
    tf = Fig(
        D(total),
        unit,
        "count",
        0,
        rng.choice(["plain", "plain", "thousands"]),
        name=f"bd:{label}:T",
    )
    segs: list[Segment] = [head[: m.start()], tf, head[m.end() :]]
    names = []
    for i, (pt, pv) in enumerate(zip(rng.sample(parts_t, k), parts, strict=True)):
        if i:
            segs.append("，")
        a, b = pt.split("{P}")
        f = Fig(D(pv), unit, "count", 0, "plain", name=f"bd:{label}:{i}")
        segs += [a, f, b]
        names.append(f.name)
    segs.append("。")
    if exceeds:
        plan.expected.append(
            Expected(
                "NR03",
                {"label": label},
                [str(total), str(sum(parts))],
                "其中 parts exceed their total",
            )
        )
    return Para(segs, breakdown={"label": label, "total": tf.name, "parts": names})


def _topic_paras(plan: Plan, topics: list[str], n_paras: int) -> list[Para]:
    rng = plan.rng
    nar = vocab("narratives")
    out: list[Para] = []
    pool = [(tp, s) for tp in topics for s in nar[tp]["sentences"]]
    rng.shuffle(pool)
    headings = [h for tp in topics for h in nar[tp]["headings"]]
    rng.shuffle(headings)
    bd_specs = [b for tp in topics for b in nar[tp].get("breakdowns", [])]
    bd_at = rng.randrange(n_paras)
    marks = rng.choice(["（{c}）", "（{c}）", "①"])  # under a section numbered 一、二、…
    circled = "①②③④⑤⑥"
    for i in range(n_paras):
        c = "一二三四五六"[i]
        mark = circled[i] if marks == "①" else marks.format(c=c)
        out.append(Para([mark + headings[i % len(headings)]], heading=True))
        segs: list[Segment] = []
        for _ in range(rng.randint(2, 3)):
            if not pool:
                break
            segs += _template(plan, pool.pop()[1])
        out.append(Para(segs))
        if i == bd_at and bd_specs:
            out.append(
                _breakdown(plan, rng.choice(bd_specs), bool(plan.extra.get("breakdown_exceeds")))
            )
    return out


def _money_fig(plan: Plan, kind: str, key: str, value: Decimal) -> Fig:
    """A restated table amount in the narrative's unit (converted from 元 when needed)."""
    tunit = plan.tables[kind].unit
    xunit = plan.v["text_unit"] if tunit == "元" else "万元"
    v = value
    if tunit == "元" and xunit == "万元":
        v = q(value / 10000, 2)
        plan.tolerated.add("FN90")  # converted amounts may differ from their sums by rounding
    style = plan.rng.choices(["plain", "thousands", "fullwidth"], [85, 10, 5])[0]
    if style == "thousands" and v < 1000:
        style = "plain"
    return Fig(v, xunit, "money", 2, style, link=(kind, key), name=f"{kind}.{key}")


def _summary_value(plan: Plan, kind: str, key: str) -> Decimal:
    t = plan.tables[kind]
    return t.row(True).cells.get(key) or ZERO


def _pct_fig(
    plan: Plan, part: Fig, total: Fig, pkey: tuple[str, str], tkey: tuple[str, str]
) -> Fig:
    """part/total as printed, at a precision where table and text numbers agree."""
    a, b = _summary_value(plan, *pkey), _summary_value(plan, *tkey)
    for places in (plan.v["pct_places"], 1, 0):
        p1 = q(a / b * 100, places) if b else ZERO
        p2 = q(part.value / total.value * 100, places) if total.value else ZERO
        if p1 == p2:
            break
    style = plan.rng.choices(["plain", "fullwidth"], [85, 15])[0]
    return Fig(p1, "%", "pct", places, style, pct_of=(pkey, tkey), name=f"pct:{pkey[1]}/{tkey[1]}")


def _listed_parts(plan: Plan, kind: str, intro: str) -> tuple[list[Segment], list[str]]:
    """A table's non-zero summary amounts listed after ``intro`` (其中：A x，B y), and their names."""
    keys = [k for k in plan.tables[kind].keys if _summary_value(plan, kind, k) > 0]
    if not keys:
        return [], []
    labels = vocab("templates")["columns"][kind]
    segs: list[Segment] = [intro]
    names = []
    for i, k in enumerate(keys):
        f = _money_fig(plan, kind, k, _summary_value(plan, kind, k))
        segs += ["，" if i else "", labels[k][0], f]
        names.append(f.name)
    return segs, names


def _listed_breakdown(label: str, total: Fig, names: list[str]) -> dict[str, Any] | None:
    """A restated total with its listed parts is a breakdown when it lists two or more."""
    return {"label": label, "total": total.name, "parts": names} if len(names) >= 2 else None


def _restate_overall(plan: Plan) -> list[Para]:
    """Section 五 二: the tables restated, with 其中 breakdowns and percentages (the seed's style)."""
    paras: list[Para] = []
    y = plan.year
    if "income" in plan.tables:
        tot = _money_fig(plan, "income", "total", _summary_value(plan, "income", "total"))
        listed, names = _listed_parts(plan, "income", "，其中：")
        segs: list[Segment] = [f"{y}年度本部门收入合计", tot, *listed, "。"]
        paras.append(Para(segs, breakdown=_listed_breakdown("收入合计", tot, names)))
    if "expense" in plan.tables:
        tot = _money_fig(plan, "expense", "total", _summary_value(plan, "expense", "total"))
        basic = _money_fig(plan, "expense", "basic", _summary_value(plan, "expense", "basic"))
        proj = _money_fig(plan, "expense", "project", _summary_value(plan, "expense", "project"))
        segs = ["本年支出合计", tot, "，其中：基本支出", basic]
        if tot.value:
            segs += ["，占", _pct_fig(plan, basic, tot, ("expense", "basic"), ("expense", "total"))]
        segs += ["；项目支出", proj]
        if tot.value:
            segs += [
                "，占",
                _pct_fig(plan, proj, tot, ("expense", "project"), ("expense", "total")),
            ]
        segs.append("。")
        paras.append(
            Para(
                segs,
                breakdown={
                    "label": "支出合计",
                    "total": tot.name,
                    "parts": [basic.name, proj.name],
                },
            )
        )
        if plan.rng.random() < 0.6:
            pers = _money_fig(
                plan, "expense", "personnel", _summary_value(plan, "expense", "personnel")
            )
            pub = _money_fig(
                plan, "expense", "public_use", _summary_value(plan, "expense", "public_use")
            )
            paras.append(Para(["基本支出中，人员支出", pers, "，公用支出", pub, "。"]))
    if "sangong" in plan.tables:
        tot = _money_fig(plan, "sangong", "total", _summary_value(plan, "sangong", "total"))
        listed, names = _listed_parts(plan, "sangong", "，其中")
        delta = plan.extra["sangong_last_year_delta"]
        segs = [f"{y}年“三公”经费实际支出", tot, *listed]
        segs += ["，与上年相比减少", Fig(delta, "万元", "money", 2, "plain"), "。"]
        paras.append(Para(segs, breakdown=_listed_breakdown("三公经费", tot, names)))
    if "assets" in plan.tables:
        tot = _money_fig(plan, "assets", "total", _summary_value(plan, "assets", "total"))
        paras.append(Para(["年末固定资产总额", tot, "，资产管理总体规范。"]))
    return paras


def _restate_project(plan: Plan) -> list[Para]:
    t = plan.tables["project_funds"]
    total = t.row(True)
    y = plan.year

    def money(key: str, org: str = "年度资金总额") -> Fig:
        v = t.row(org if org != "年度资金总额" else True).cells.get(key) or ZERO
        f = _money_fig(plan, "project_funds", key, v)
        f.link = ("project_funds", key if org == "年度资金总额" else f"{org}.{key}")
        f.name = f"project_funds.{org}.{key}"
        return f

    init, full, exe = money("initial_budget"), money("full_year_budget"), money("executed")
    segs: list[Segment] = [f"{y}年该项目年初预算数", init, "，全年预算数", full]
    srcs = [r for r in t.rows if not r.is_summary and (r.cells.get("full_year_budget") or ZERO) > 0]
    names = []
    if len(srcs) >= 2:
        segs.append("，其中")
        for i, r in enumerate(srcs):
            f = money("full_year_budget", r.org)
            segs += ["，" if i else "", r.org, f]
            names.append(f.name)
    segs += ["；全年执行数", exe]
    rate = total.cells.get("rate")
    if rate is not None:
        places = plan.v["funds_rate_places"]
        a = exe.value / full.value * 100 if full.value else ZERO
        if q(a, places) != rate:  # the text's own numbers must give the printed rate
            places = 1 if q(a, 1) == q(rate, 1) else places
        f = Fig(
            rate,
            "%",
            "pct",
            places,
            "plain",
            pct_of=(("project_funds", "executed"), ("project_funds", "full_year_budget")),
            name="pct:executed/full_year_budget",
        )
        segs += ["，预算执行率", f]
    segs.append("。")
    return [
        Para(
            segs,
            breakdown={"label": "全年预算数", "total": full.name, "parts": names}
            if names
            else None,
        )
    ]


def _apply_nr(plan: Plan, paras: list[Para]) -> None:
    """NR01: one restated amount off its table cell; NR02: one percentage off part/total."""
    figs = [s for p in paras for s in p.segments if isinstance(s, Fig)]
    in_pct = {k for f in figs if f.pct_of for k in f.pct_of}
    totals = {p.breakdown["total"] for p in paras if p.breakdown}
    parts = {n for p in paras if p.breakdown for n in p.breakdown["parts"]}
    nr = plan.extra.get("nr", set())
    rng = plan.rng
    if "NR01" in nr:
        cands = [f for f in figs if f.link and f.link not in in_pct and f.value > 2]
        if not cands:
            plan.injected.remove("NR01")
        else:
            f = rng.choice(cands)
            old = f.value
            d = max(
                D(1) if f.unit == "万元" else D(100), q(old * D(str(rng.uniform(0.03, 0.2))), 2)
            )
            if f.name in parts or (f.name not in totals and rng.random() < 0.5 and old > 2 * d):
                d = -d
            f.value = old + d
            plan.expected.append(
                Expected(
                    "NR01",
                    {"table": f.link[0], "key": f.link[1]},
                    [plain(f.value, 2), plain(old, 2)],
                    "amount in the text ≠ the table cell it names",
                )
            )
    if "NR02" in nr:
        cands = [f for f in figs if f.pct_of]
        if not cands:
            plan.injected.remove("NR02")
        else:
            f = rng.choice(cands)
            old = f.value
            d = D(rng.choice([1, 2, 3, 5])) + (D("0.5") if f.places else 0)
            f.value = old - d if old - d > 0 else old + d
            plan.expected.append(
                Expected(
                    "NR02",
                    {"label": f.name},
                    [short(f.value), short(old)],
                    "percentage ≠ part/total",
                )
            )
            if plan.genre == "project":
                plan.tolerated.add(
                    "NR01"
                )  # the text's rate also differs from the table's rate cell


# ── printing figures ──────────────────────────────────────────────────────


APPROX_FORMS: dict[str, tuple[str, bool, str]] = {
    "多": ("{n}多{u}", True, ">"),
    "余": ("{n}余{u}", True, ">"),
    "约": ("约{n}{u}", True, "="),
    "近": ("近{n}{u}", True, "<="),
    "左右": ("{n}{u}左右", True, "="),
    "以上": ("{n}{u}以上", False, ">="),
    "超过": ("超过{n}{u}", False, ">"),
    "不少于": ("不少于{n}{u}", False, ">="),
}
"""Approximate and bounded forms: printed form, approx, op."""


def print_fig(plan: Plan, f: Fig) -> tuple[str, dict[str, Any]]:
    """A figure → its printed text and its gold record."""
    op = "="
    approx = False
    value = f.value
    unit_gold = f.unit
    repair = None
    if f.kind == "count":
        n = int(value)
        if f.style == "thousands" and n >= 1000:
            num = f"{n:,}"
        elif f.style == "fullwidth":
            num = fullwidth(str(n))
        elif f.style == "chinese" or (
            f.style == "approx"
            and f.approx in ("余", "多")
            and n <= 100
            and plan.rng.random() < 0.5
        ):
            num = chinese(n)
        else:
            num = str(n)
        raw = num + f.unit
        if f.style == "approx":
            # approximate vs bound as patterns/units.yaml reads them: 多/余 are approximate
            # lower bounds, 约/左右 approximate, 近 an approximate upper bound, 以上/超过/不少于
            # exact bounds
            a = f.approx
            approx, op = APPROX_FORMS[a][1], APPROX_FORMS[a][2]
            raw = APPROX_FORMS[a][0].format(n=num, u=f.unit)
    elif f.kind == "money":
        num = plain(value, f.places, thousands=f.style == "thousands")
        if f.style == "fullwidth":
            num = fullwidth(num)
        elif f.style == "split" and "." in num:
            a, b = num.split(".")
            num = f"{a}. {b}"
            repair = "space inside the number"
        raw = num + f.unit
    else:  # pct
        if f.style == "chinese":
            raw = "百分之" + chinese(int(value))
        elif f.style == "typo":
            raw = plain(value, f.places) + "&"
            repair = "& typed for %"
        else:
            raw = plain(value, f.places) + ("％" if f.style == "fullwidth" else "%")
        unit_gold = "%"
    gold = {
        "raw": raw,
        "value": plain(value, f.places) if f.kind != "count" else str(int(value)),
        "unit": unit_gold,
        "approx": approx,
        "op": op,
    }
    if repair:
        gold["repair"] = repair
    if f.link:
        gold["restates"] = {"table": f.link[0], "key": f.link[1]}
    if f.pct_of:
        gold["percent_of"] = {"part": list(f.pct_of[0]), "total": list(f.pct_of[1])}
    return raw, gold


def _mess_up(plan: Plan, paras: list[Para]) -> None:
    """Malformed numbers: one amount split by a space (200. 13), one 50& typo — DQ03."""
    figs = [s for p in paras if not p.heading for s in p.segments if isinstance(s, Fig)]
    rng = plan.rng
    if plan.v["split_number"]:
        cands = [f for f in figs if f.kind == "money" and f.style == "plain" and f.places == 2]
        if cands:
            f = rng.choice(cands)
            f.style = "split"
    if plan.extra.get("typo_percent"):
        cands = [
            f
            for f in figs
            if f.kind == "pct" and f.style in ("plain", "fullwidth") and not f.pct_of
        ]
        if cands:
            rng.choice(cands).style = "typo"
        else:
            plan.injected.remove("DQ03")
