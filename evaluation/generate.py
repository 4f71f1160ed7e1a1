"""Synthetic 绩效自评报告 with exact gold, for the accuracy harness (issue 4).

    python -m evaluation.generate --n 48 --seed 1 --out corpus/synthetic [--formats txt,docx,pdf,doc]

One report is made in five steps, each a small pure function of the previous:

    draw  a Plan       numbers and words from ``evaluation/data/*.yaml``; every
                       identity holds exactly (income = Σ items, 汇总 = Σ rows,
                       score rows = 总分, weights = Σ 分值 …)
    inject  errors     each injection breaks ONE relation and records the
                       finding it must produce; everything derived from the
                       broken value is recomputed, so nothing else breaks
    derive  totals     totals, 汇总 rows, rates, weights, grades from the parts
    lay out            Plan → ``extractor.model.Document`` with the drawn
                       variants (column order, 元/万元, number forms, spans,
                       page breaks …); every narrative figure is recorded
    gold + render      the contract's Report fields + expected findings as
                       ``<id>.gold.json``; the file via ``evaluation.render``

Gold conventions (where the contract leaves a choice; see corpus/README.md):
table rows keep ``org`` as printed (line breaks removed); placeholder rows and
empty/“—” cells are absent; project funds rows use the contract's canonical
names; a project's 预算执行率 points (funds table 分值/得分) are one score row
with ``level1 = "预算执行率"``; figures are those of paragraphs (not table cells).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

from extractor.model import Block, Cell, Document, Source, Table

DATA = Path(__file__).parent / "data"
D = Decimal
ZERO = D(0)
HUNDRED = D(100)

ERROR_CODES = (
    "SC01",
    "SC02",
    "SC03",
    "SC04",
    "SC06",
    "SC07",
    "SC08",
    "FN01",
    "FN02",
    "FN03",
    "FN04",
    "FN05",
    "FN06",
    "FN07",
    "NR01",
    "NR02",
    "DQ01",
)
"""Every error-level code of the contract; each is injected somewhere in a corpus of ≥ 40."""
WARNING_CODES = ("SC05", "SC09", "SC10", "NR03", "NR04", "DQ02", "DQ03")
"""Warning/info codes the generator can also inject (recall is measured for them too)."""
SEVERITY = {
    **dict.fromkeys(ERROR_CODES, "error"),
    "SC05": "warning",
    "SC09": "info",
    "SC10": "warning",
    "NR03": "warning",
    "NR04": "info",
    "DQ02": "warning",
    "DQ03": "info",
    "FN90": "info",
}

CLEAN_SHARE = 0.2
"""Share of reports with no error-level injection (false alarms are measured on them)."""
ROUNDING_SHARE = 0.35
"""Share of reports whose totals differ from their parts by one unit of the last digit (FN90 only)."""
WARNING_SHARE = 0.5
"""Share of reports that also get one warning/info injection."""


@functools.cache
def vocab(name: str) -> Any:
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))


# ── numbers as printed ────────────────────────────────────────────────────


def q(v: Decimal, places: int = 2) -> Decimal:
    return v.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(v: Decimal, places: int, thousands: bool = False) -> str:
    v = q(v, places)
    return f"{v:,.{places}f}" if thousands else f"{v:.{places}f}"


def short(v: Decimal) -> str:
    """A score or weight as people print it: 5, 4.5, 93.85 (no trailing zeros)."""
    t = format(v.normalize(), "f")
    return "0" if t in ("-0", "0") else t


_FULLWIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
_CN = "零一二三四五六七八九"


def fullwidth(s: str) -> str:
    return s.translate(_FULLWIDTH)


def _cn_small(n: int, liang: bool) -> str:
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(("两" if d == 2 and liang and unit == 1000 else _CN[d]) + name)
    return "".join(out)


def chinese(n: int, liang: bool = True) -> str:
    """Integer → Chinese numerals as written in reports: 十五, 三百二十, 两千, 一万二千."""
    if n == 0:
        return "零"
    hi, lo = divmod(n, 10000)
    s = ""
    if hi:
        s = _cn_small(hi, liang) + "万"
        if lo and lo < 1000:
            s += "零"
    if lo:
        s += _cn_small(lo, liang)
    if s.startswith("一十"):
        s = s[1:]
    return s


# ── the plan ──────────────────────────────────────────────────────────────


IDENTITIES: dict[str, list[tuple[str, list[str]]]] = {
    "income": [("total", ["carryover", "public_budget", "gov_fund", "special_nontax", "other"])],
    "expense": [("basic", ["personnel", "public_use"]), ("total", ["basic", "project"])],
    "sangong": [("total", ["reception", "vehicle_operation", "vehicle_purchase", "overseas"])],
    "assets": [("total", ["in_use", "rented", "other"])],
}
"""Money identities of the overall report, in derivation order (parts → total)."""
FIN_CODE = {"income": "FN01", "sangong": "FN04", "assets": "FN05"}
FUNDS_ROWS = ("年度资金总额", "当年财政拨款", "上年结转", "其他资金")
FUNDS_AMOUNTS = ("initial_budget", "full_year_budget", "executed")


@dataclass
class FinRow:
    org: str
    """Gold org: as printed, line breaks removed."""
    printed: str
    is_summary: bool = False
    base: dict[str, Decimal] = field(default_factory=dict)
    cells: dict[str, Decimal | None] = field(default_factory=dict)


@dataclass
class FinTable:
    kind: str
    unit: str
    keys: list[str]
    """Contract keys of the data columns, in printed order."""
    rows: list[FinRow]
    placeholders: list[str] = field(default_factory=list)
    zero_style: str = "0"
    """How a zero prints: ``""`` (empty cell), ``"0"``, ``"0.00"``."""
    overrides: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    dash_empty: bool = False
    """Project funds: cells that do not apply print ``—`` instead of nothing."""

    def row(self, org_or_summary: str | bool) -> FinRow:
        for r in self.rows:
            if (org_or_summary is True and r.is_summary) or r.org == org_or_summary:
                return r
        raise KeyError(org_or_summary)

    def summary_index(self) -> int:
        return next(i for i, r in enumerate(self.rows) if r.is_summary)


@dataclass
class Item:
    """One score row of the 评分表 / indicator table."""

    level1: str
    level2: str | None
    level3: str | None
    standard: str | None = None
    max: Decimal | None = None
    score: Decimal | None = None
    reason: str | None = None
    target: str | None = None
    actual: str | None = None
    shared: bool = False
    """Follows a row whose merged 分值/得分 cell it shares (max/score are None)."""
    mech: str | None = None


@dataclass
class Fig:
    """A narrative figure before printing: value, measure, and how to print it."""

    value: Decimal
    unit: str
    kind: str  # count | money | pct
    places: int = 0
    style: str = "plain"
    approx: str | None = None
    link: tuple[str, str] | None = None
    """(table, key) of the summary cell this amount restates, if any."""
    pct_of: tuple[tuple[str, str], tuple[str, str]] | None = None
    """((table, part key), (table, total key)) this percentage is computed from."""
    name: str = ""
    """Stable name within the report (for injections and gold links)."""


@dataclass
class NonFig:
    text: str


Segment = str | Fig | NonFig


@dataclass
class Para:
    segments: list[Segment]
    heading: bool = False
    breakdown: dict | None = None
    """{"label", "total": fig name, "parts": [fig names]} for 共 … 其中 … sentences."""


@dataclass
class Expected:
    code: str
    where: dict[str, Any]
    numbers: list[str] = field(default_factory=list)
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": SEVERITY[self.code],
            "where": self.where,
            "numbers": self.numbers,
            "note": self.note,
        }


@dataclass
class Plan:
    id: str
    genre: str  # overall | project
    fmt: str
    encoding: str | None
    rng: random.Random
    year: int
    v: dict[str, Any]
    """Drawn variants (layout choices), recorded in the gold."""
    meta: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    tables: dict[str, FinTable] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    level1_order: list[str] = field(default_factory=list)
    targets: list[dict[str, str | None]] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)
    conclusion: list[Para] = field(default_factory=list)
    overrides: dict[str, Any] = field(default_factory=dict)
    """Derived values forced by an injection: total_stated, max_stated, composite, grade,
    weight:<level1>, subtotal:<level1>, narrative:<fig name>."""
    expected: list[Expected] = field(default_factory=list)
    tolerated: set[str] = field(default_factory=set)
    injected: list[str] = field(default_factory=list)
    rounding: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # derived
    total_stated: Decimal | None = None
    total_computed: Decimal = ZERO
    max_stated: Decimal | None = None
    max_computed: Decimal = ZERO
    weights: dict[str, Decimal | None] = field(default_factory=dict)
    level2_weights: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    subtotals: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    composite: Decimal | None = None
    grade: str | None = None

    def pick(self, seq: list[Any]) -> Any:
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


# ── drawing ───────────────────────────────────────────────────────────────


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
    t = vocab("templates")
    dtype = plan.extra["dtype"]
    plan.meta["budget_code"] = str(rng.randint(100001, 999999)) if rng.random() < 0.85 else None
    quota = rng.randint(5, 180)
    plan.meta["staff_quota"] = D(quota)
    plan.meta["staff_actual"] = D(quota - rng.randint(0, max(1, quota // 6)))
    unit = plan.v["unit"]
    # institutions: first is the office itself, then 0–4 second-level bodies
    n_inst = rng.choices([1, 2, 3, 4, 5], weights=[3, 3, 2, 1, 1])[0]
    pool = list(dtype["institutions"]) + list(vocab("departments")["generic_institutions"])
    names = [rng.choice(t["first_institution"])] + rng.sample(pool, n_inst - 1)
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

    scale = rng.choice([1.0, 3.0, 10.0, 40.0])  # size of the department

    def income(i: int) -> dict[str, Decimal]:
        big = 1.0 if i == 0 else 0.35
        pb = _amount(rng, 40 * scale * big, 160 * scale * big, unit)
        return {
            "public_budget": pb,
            "carryover": _amount(rng, 1, 20 * scale * big, unit) if rng.random() < 0.4 else ZERO,
            "gov_fund": _amount(rng, 1, 30 * scale * big, unit) if rng.random() < 0.35 else ZERO,
            "special_nontax": _amount(rng, 1, 10 * scale * big, unit)
            if rng.random() < 0.2
            else ZERO,
            "other": _amount(rng, 0.5, 8 * scale * big, unit) if rng.random() < 0.3 else ZERO,
        }

    inc_keys = ["carryover", "public_budget", "gov_fund", "special_nontax", "other"]
    plan.tables["income"] = table("income", inc_keys, income)
    incomes = [r.base for r in plan.tables["income"].rows if not r.is_summary]

    def expense(i: int) -> dict[str, Decimal]:
        inc_total = sum(incomes[i].values(), ZERO)
        spent = (
            q(inc_total * D(str(rng.uniform(0.86, 1.0))), 2) if rng.random() < 0.5 else inc_total
        )
        basic = q(spent * D(str(rng.uniform(0.35, 0.75))), 2)
        personnel = q(basic * D(str(rng.uniform(0.7, 0.92))), 2)
        balance = inc_total - spent
        return {
            "personnel": personnel,
            "public_use": basic - personnel,
            "project": spent - basic,
            "balance_current": balance,
            "balance_cumulative": balance + incomes[i]["carryover"],
        }

    plan.tables["expense"] = table(
        "expense",
        ["basic", "personnel", "public_use", "project", "balance_current", "balance_cumulative"],
        expense,
    )

    def sangong(i: int) -> dict[str, Decimal]:
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

    plan.tables["sangong"] = table(
        "sangong", ["reception", "vehicle_operation", "vehicle_purchase", "overseas"], sangong
    )

    def assets(i: int) -> dict[str, Decimal]:
        return {
            "in_use": _amount(rng, 5 * scale, 80 * scale, unit),
            "rented": _amount(rng, 1, 10 * scale, unit) if rng.random() < 0.15 else ZERO,
            "other": _amount(rng, 0.5, 5 * scale, unit) if rng.random() < 0.3 else ZERO,
        }

    plan.tables["assets"] = table("assets", ["in_use", "rented", "other"], assets)
    plan.extra["sangong_last_year_delta"] = _amount(rng, 0.1, 3, "万元")
    _draw_framework(plan)
    _draw_targets(plan)


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
    y = plan.year
    l1_out, l1_eff, l1_sat = (
        rng.choice(t["project_level1"][k]) for k in ("output", "effect", "satisfaction")
    )
    plan.level1_order = ["预算执行率", l1_out, l1_eff, l1_sat]
    items: list[Item] = []
    p_short = rng.choice([0.1, 0.2, 0.35])
    # 产出: 数量 2–3, 质量 1–2, 时效 1, 成本 1
    quantity = rng.sample(proj["quantity"], min(len(proj["quantity"]), rng.choice([2, 3])))
    quality = rng.sample(proj["quality"], min(len(proj["quality"]), rng.choice([1, 2])))
    out_rows: list[tuple[str, str, str, str, bool, str | None]] = []
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


def _indicator_score(
    rng: random.Random, w: Decimal, short_: bool, reasons: list[str]
) -> tuple[Decimal, str | None]:
    if not short_:
        return w, None
    d = min(w - D("0.5"), rng.choice([D("0.5"), D(1), D("1.5"), D(2)]))
    return w - d, rng.choice(reasons)


# ── deriving totals (parts → totals, scores → 总分, weights, grade) ─────────


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


# ── injections: each breaks one relation and says what must be found ─────


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

DERIVED_CODES = {"SC01", "SC02", "SC03", "SC06", "SC07", "SC08"}
"""Injections into values stated from the scores; applied after those that change scores."""

CONFLICTS: list[set[str]] = [
    {"SC01", "SC02", "SC03", "SC04", "SC08"},  # all move totals or weights
    {"SC01", "SC06", "SC07"},
    {"SC05", "SC09"},
    {"FN02", "FN03"},
]
"""Codes that never go into the same report (their effects would overlap)."""


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


# ── variants ──────────────────────────────────────────────────────────────


def draw_variants(plan: Plan, codes: Iterable[str]) -> None:
    """Layout choices of one report (recorded in the gold); some codes need a layout."""
    rng, v = plan.rng, plan.v
    t = vocab("templates")
    overall = plan.genre == "overall"
    codes = set(codes)
    v["composite_where"] = (
        rng.choice(["table", "table", "both", "none"])
        if overall
        else rng.choice(["text", "text", "none"])
    )
    if "SC06" in codes and v["composite_where"] == "none":
        v["composite_where"] = "table" if overall else "text"
    v["weights_in_labels"] = rng.random() < 0.75 or "SC02" in codes
    v["level2_weights"] = overall and rng.random() < 0.5
    v["subtotals"] = overall and (rng.random() < 0.25 or "SC03" in codes)
    v["seq_column"] = rng.random() < 0.3
    v["score_layout"] = rng.choice(
        [
            "std,max,score,reason",
            "max,std,score,reason",
            "std,max,score,reason",
            "max,score,reason,std",
            "max,score,reason",
        ]
    )
    if "SC10" in codes and overall and "std" not in v["score_layout"]:
        v["score_layout"] = "std,max,score,reason"  # SC10 re-scores a printed 评分标准
    cols = t["score_columns"] if overall else t["project_columns"]
    v["headers"] = {role: rng.choice(names) for role, names in cols.items()}
    v["page_break"] = rng.choice(["none", "repeat_row", "repeat_row", "table_header"])
    v["empty_rows"] = rng.random() < 0.3
    v["total_label"] = rng.choice(t["total_labels"])
    v["total_spans"] = rng.random() < 0.5
    v["spaced_labels"] = rng.random() < 0.5
    v["label_break"] = rng.random() < 0.6
    v["weight_form"] = rng.choice(["（{w}分）", "({w}分)", "（{w}分）"])
    v["fin_layout"] = rng.choice(["nested", "nested", "flat", "total_last"])
    v["shuffle_parts"] = rng.random() < 0.4
    v["unit_note"] = rng.choice(["caption", "caption", "note", "section"])
    v["thousands"] = plan.v["unit"] == "元" or rng.random() < 0.3
    v["fullwidth_cells"] = rng.random() < 0.12
    v["split_number"] = rng.random() < 0.2
    v["wrap_number"] = rng.random() < 0.2
    v["score_places"] = rng.choice(["short", "short", "short", "one"])
    v["text_unit"] = rng.choice(["万元", "万元", "元"]) if plan.v["unit"] == "元" else "万元"
    v["pct_places"] = rng.choice([1, 2, 2])
    v["date_style"] = rng.choice(
        ["{y}年{m}月{d}日", "{y}年 {m}月 {d}日", "{y}年{m}月{d}日", "chinese"]
    )
    v["figure_styles"] = rng.choice(["plain", "mixed", "mixed", "messy"])
    v["funds_layout"] = rng.choice(["official", "flat"])
    v["project_layout"] = "separate" if overall or rng.random() < 0.6 else "combined"
    v["funds_order"] = rng.choice(["max,rate", "rate,max"])
    v["scanned"] = False
    short_words = rng.random() < 0.4
    plan.extra["grade_words"] = {
        lo: (words[0] if short_words else rng.choice(words[1:] or words))
        for lo, words in t["grades"]
    }


# ── narrative: segments → text, every figure recorded ─────────────────────

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


# ── layout: Plan → Document ───────────────────────────────────────────────


class Grid:
    """A table under construction: cells placed with spans, gaps filled with empty cells."""

    def __init__(self, n_cols: int) -> None:
        self.n_cols = n_cols
        self.cells: list[Cell] = []
        self.taken: set[tuple[int, int]] = set()
        self.n_rows = 0
        self.repeated: list[int] = []

    def put(self, r: int, c: int, text: str, rs: int = 1, cs: int = 1) -> None:
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                if (rr, cc) in self.taken:
                    raise ValueError(f"cell {rr},{cc} already covered")
                self.taken.add((rr, cc))
        self.cells.append(Cell(text=text, row=r, col=c, rowspan=rs, colspan=cs))
        self.n_rows = max(self.n_rows, r + rs)

    def row(self, r: int, texts: list[str]) -> None:
        for c, t in enumerate(texts):
            if (r, c) not in self.taken:
                self.put(r, c, t)

    def table(self) -> Table:
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                if (r, c) not in self.taken:
                    self.put(r, c, "")
        return Table(
            n_rows=self.n_rows,
            n_cols=self.n_cols,
            cells=self.cells,
            repeated_header_rows=self.repeated,
        )


@dataclass
class Laid:
    """The Document plus what only layout knows: figure positions and printed cells."""

    doc: Document
    figures: list[dict[str, Any]] = field(default_factory=list)
    nonfigures: list[dict[str, Any]] = field(default_factory=list)
    breakdowns: list[dict[str, Any]] = field(default_factory=list)
    cells: dict[tuple[str, int, str], str] = field(default_factory=dict)
    header_rows: dict[int, int] = field(default_factory=dict)
    """Block index → number of header rows to repeat on every page (DOCX ``tblHeader``)."""


class Builder:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.blocks: list[Block] = []
        self.laid = Laid(
            Document(source=Source(path=f"{plan.id}.{plan.fmt}", format=plan.fmt, sha256=""))
        )
        self.section = ""

    def p(self, text: str, heading: bool = False) -> Block:
        b = Block(index=len(self.blocks), kind="heading" if heading else "paragraph", text=text)
        self.blocks.append(b)
        return b

    def nonfig(self, text: str, block: Block) -> None:
        self.laid.nonfigures.append({"text": text, "block": block.index})

    def para(self, para: Para) -> Block:
        text = ""
        figs: list[tuple[Fig, dict[str, Any]]] = []
        nonfigs: list[str] = []
        for seg in para.segments:
            if isinstance(seg, Fig):
                raw, gold = print_fig(self.plan, seg)
                gold.update(start=len(text), end=len(text) + len(raw), label=_label_before(text))
                if gold.get("repair"):
                    self.plan.expected.append(
                        Expected(
                            "DQ03",
                            {"raw": raw},
                            [gold["value"]],
                            "malformed number read with a repair",
                        )
                    )
                text += raw
                figs.append((seg, gold))
            elif isinstance(seg, NonFig):
                nonfigs.append(seg.text)
                text += seg.text
            else:
                text += seg
        block = self.p(text, heading=para.heading)
        for t in nonfigs:
            self.nonfig(t, block)
        names = {}
        for seg, gold in figs:
            gold["block"] = block.index
            self.laid.figures.append(gold)
            if seg.name:
                names[seg.name] = gold
        if para.breakdown and para.breakdown["parts"]:
            bd = para.breakdown
            self.laid.breakdowns.append(
                {
                    "label": bd["label"],
                    "block": block.index,
                    "text": text,
                    "total": _fig_ref(names[bd["total"]]),
                    "parts": [_fig_ref(names[n]) for n in bd["parts"]],
                }
            )
        return block

    def table(self, grid: Grid, header_rows: int = 0) -> Block:
        t = grid.table()
        b = Block(index=len(self.blocks), kind="table", text=t.render(), table=t)
        self.blocks.append(b)
        if header_rows:
            self.laid.header_rows[b.index] = header_rows
        return b

    def done(self) -> Laid:
        self.laid.doc.blocks = self.blocks
        return self.laid


def _fig_ref(g: dict[str, Any]) -> dict[str, Any]:
    return {k: g[k] for k in ("raw", "value", "unit", "approx")}


def _label_before(text: str) -> str:
    m = re.search(r"[^，。；：、,;:（）()“”\s]*$", text)
    return m.group(0) if m else ""


def cell_text(plan: Plan, v: Decimal | None, zero_style: str, places: int = 2) -> str:
    """An amount as the finance tables print it."""
    if v is None:
        return ""
    if v == 0:
        return zero_style
    s = plain(v, places, thousands=plan.v["thousands"] and abs(v) >= 1000)
    if plan.v["fullwidth_cells"]:
        s = fullwidth(s)
    return s


def _score_text(plan: Plan, v: Decimal | None) -> str:
    if v is None:
        return ""
    if plan.v["score_places"] == "one" and v == v.to_integral_value():
        return f"{v:.1f}"
    return short(v)


def _spaced(plan: Plan, name: str) -> str:
    return "  ".join(name) if plan.v["spaced_labels"] and len(name) == 2 else name


def _weighted(plan: Plan, name: str, w: Decimal | None) -> str:
    label = _spaced(plan, name)
    if w is None:
        return label
    sep = "\n" if plan.v["label_break"] else ""
    return label + sep + plan.v["weight_form"].format(w=short(w))


def _date_text(plan: Plan, iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    if plan.v["date_style"] == "chinese":
        digits = "〇一二三四五六七八九"
        return (
            "".join(digits[int(c)] for c in str(y)) + "年" + chinese(m) + "月" + chinese(d) + "日"
        )
    return plan.v["date_style"].format(y=y, m=m, d=d)


def _pick_cells(plan: Plan) -> None:
    """The one table cell printed wrapped over two lines and the one split by a space, if any."""
    cells = [
        (kind, i, k)
        for kind, t in plan.tables.items()
        if kind != "project_funds"
        for i, r in enumerate(t.rows)
        if not r.is_summary
        for k, v in r.cells.items()
        if v is not None and v >= 100
    ]
    plan.rng.shuffle(cells)
    if plan.v["wrap_number"] and cells:
        plan.extra["wrap_cell"] = cells.pop()
    if (
        plan.v["split_number"]
        and cells
        and plan.rng.random() < 0.5
        and not plan.v["fullwidth_cells"]
    ):
        plan.extra["split_cell"] = cells.pop()
        plan.v["split_number"] = False  # not in the narrative as well


def lay_out(plan: Plan) -> Laid:
    _pick_cells(plan)
    bld = Builder(plan)
    if plan.genre == "overall":
        _lay_overall(plan, bld)
    else:
        _lay_project(plan, bld)
    return bld.done()


def _cover(plan: Plan, bld: Builder, title: str) -> None:
    t = vocab("templates")
    for line in title.split("\n"):
        b = bld.p(line)
        bld.nonfig(str(plan.year), b)
    c = t["cover"]
    bld.p(plan.pick(c["department"]) + plan.meta["department"])
    if plan.meta["budget_code"]:
        b = bld.p(plan.pick(c["budget_code"]) + plan.meta["budget_code"])
        bld.nonfig(plan.meta["budget_code"], b)
    if plan.genre == "overall":
        p = vocab("people")
        bld.p(plan.pick(c["method"]) + plan.pick(p["evaluation_methods"]))
        bld.p(plan.pick(c["body"]) + plan.pick(p["evaluation_bodies"]))
    date = _date_text(plan, plan.meta["report_date"])
    b = bld.p(plan.pick(c["date"]) + date)
    bld.nonfig(date, b)


def _lay_overall(plan: Plan, bld: Builder) -> None:
    t = vocab("templates")
    o = t["overall"]
    title = plan.pick(o["titles"]).format(
        region=plan.names["region"], unit=plan.meta["department"], year=plan.year
    )
    _cover(plan, bld, title)
    # 一、基本概况
    bld.p(plan.pick(o["sections"]["basic"]), heading=True)
    g = Grid(4)
    g.row(0, ["联系人", plan.meta["contact"], "联络电话", plan.meta["phone"]])
    g.row(
        1,
        ["人员编制", short(plan.meta["staff_quota"]), "实有人数", short(plan.meta["staff_actual"])],
    )
    bld.table(g)
    g = Grid(2)
    g.row(0, ["职能职责概述", plan.names["duty"]])
    goals = [f"目标{i + 1}：{x['target']}；" for i, x in enumerate(plan.targets[:3])]
    g.row(1, ["年度主要\n工作内容", "\n".join(goals)])
    bld.table(g)
    # 二、收支情况
    bld.p(plan.pick(o["sections"]["money"]), heading=True)
    if plan.v["unit_note"] == "section":
        bld.p(plan.pick(t["unit_notes"]).format(unit=plan.v["unit"]))
    for kind in ("income", "expense", "sangong", "assets"):
        if kind in plan.tables:
            _fin_table(plan, bld, plan.tables[kind])
    # 三、自评情况
    bld.p(plan.pick(o["sections"]["self"]), heading=True)
    if plan.v["composite_where"] == "none":  # printed label, empty cell: the seed's case
        plan.expected.append(
            Expected("DQ02", {"field": "composite_score"}, [], "综合得分 left empty")
        )
    elif plan.v["composite_where"] == "text":
        plan.tolerated.add("DQ02")  # the cell is empty; the score stands in the conclusion
    _targets_table(plan, bld)
    # 四、评价人员
    bld.p(plan.pick(o["sections"]["people"]), heading=True)
    p = vocab("people")
    g = Grid(4)
    g.row(0, ["姓  名", "职务/职称", "单  位", "签  字"])
    for r in range(1, plan.rng.randint(3, 5)):
        g.row(
            r,
            [_person(plan.rng), plan.pick(p["titles"]), plan.names["type"], ""]
            if r < 3
            else ["", "", "", ""],
        )
    bld.table(g)
    bld.p("评价组组长（签字）：")
    bld.p("年    月    日")
    # 五、综述
    bld.p(plan.pick(o["sections"]["summary"]), heading=True)
    sh = o["summary_headings"]
    paras: list[Para] = [Para([plan.pick(sh["profile"])], heading=True)]
    n_inst = plan.v["institutions"]
    sub: list[Segment] = ["，下设二级机构", Fig(D(n_inst - 1), "个", "count")] if n_inst > 1 else []
    paras.append(
        Para(
            [
                f"{plan.meta['department']}{plan.names['duty']}。单位核定编制",
                Fig(plan.meta["staff_quota"], "人", "count"),
                "，实有人数",
                Fig(plan.meta["staff_actual"], "人", "count"),
                *sub,
                "。",
            ]
        )
    )
    paras.append(Para([plan.pick(sh["spending"])], heading=True))
    paras += _restate_overall(plan)
    paras.append(Para([plan.pick(sh["performance"])], heading=True))
    topics = [tp for tp in plan.extra["dtype"]["topics"]]
    paras += _topic_paras(plan, topics, plan.rng.randint(2, 4))
    _apply_nr(plan, paras)
    _mess_up(plan, paras)
    for para in paras:
        bld.para(para)
    _problems(plan, bld, sh["problems"], sh["measures"])
    if plan.v["composite_where"] in ("both", "text") and plan.composite is not None:
        bld.para(
            Para(
                [
                    f"综上，{plan.year}年度部门整体支出绩效自评综合得分",
                    Fig(plan.composite, "分", "money", _places(plan.composite), "plain"),
                    f"，评价等次为“{plan.grade}”。",
                ]
            )
        )
    # 附件 评分表
    b = bld.p(plan.pick(o["annex"]), heading=True)
    if any(ch.isdigit() for ch in b.text):
        bld.nonfig(b.text, b)
    bld.p(plan.pick(o["score_title"]))
    _score_table(plan, bld)
    if plan.chance(0.5):
        bld.p(
            "备注：如部门（单位）根据本部门实际情况修改调整了评价指标体系，须相应修改调整本表中的对应部分。"
        )


def _places(v: Decimal) -> int:
    return max(0, -v.normalize().as_tuple().exponent)


def _problems(plan: Plan, bld: Builder, h_problems: list[str], h_measures: list[str]) -> None:
    nar = vocab("narratives")
    for heads, pool in ((h_problems, nar["problems"]), (h_measures, nar["measures"])):
        bld.p(plan.pick(heads), heading=True)
        for i, text in enumerate(plan.rng.sample(pool, plan.rng.randint(1, 3)), start=1):
            b = bld.p(f"{i}、{text}。")
            bld.nonfig(f"{i}、", b)


def _fin_table(plan: Plan, bld: Builder, t: FinTable) -> None:
    """One finance table: caption/unit, 1–3 header rows (nested 其中 spans or flat), rows."""
    tv = vocab("templates")
    rng = plan.rng
    cols = tv["columns"]
    caption = rng.choice(tv["captions"][t.kind])
    if plan.v["unit_note"] == "caption" and caption:
        bld.p(f"{caption}（{t.unit}）")
    elif caption:
        bld.p(caption)
    if plan.v["unit_note"] == "note" or (
        plan.v["unit_note"] == "caption" and not caption and t.kind == "income"
    ):
        bld.p(rng.choice(tv["unit_notes"]).format(unit=t.unit))
    zero_style = t.zero_style
    if zero_style == "" and not any(t.row(True).cells.values()):
        zero_style = "0"  # an all-zero table prints its zeros (else it reads as not filled in)
    total_key = IDENTITIES[t.kind][-1][0]
    parts = [
        k
        for k in t.keys
        if k
        not in (
            "basic",
            "personnel",
            "public_use",
            "project",
            "balance_current",
            "balance_cumulative",
        )
    ]
    if plan.v["shuffle_parts"]:
        rng.shuffle(parts)
    name = {k: rng.choice(v) for k, v in cols[t.kind].items()}
    org_head = rng.choice(cols["org"][:2])
    layout = plan.v["fin_layout"]
    if t.kind == "expense":
        order = [
            "total",
            "basic",
            "personnel",
            "public_use",
            "project",
            "balance_current",
            "balance_cumulative",
        ]
        if layout == "total_last":
            order = [
                "basic",
                "personnel",
                "public_use",
                "project",
                "total",
                "balance_current",
                "balance_cumulative",
            ]
    else:
        order = [total_key, *parts] if layout != "total_last" else [*parts, total_key]
    n_cols = 1 + len(order)
    g = Grid(n_cols)
    if layout == "nested" and t.kind == "expense":
        g.put(0, 0, org_head, rs=3)
        g.put(0, 1, name["total"], rs=3)
        g.put(0, 2, "其中：", cs=4)
        g.put(0, 6, "结余", cs=2)
        g.put(1, 2, name["basic"], rs=2)
        g.put(1, 3, "其中：", cs=2)
        g.put(1, 5, name["project"], rs=2)
        g.put(1, 6, name["balance_current"], rs=2)
        g.put(1, 7, name["balance_cumulative"], rs=2)
        g.put(2, 3, name["personnel"])
        g.put(2, 4, name["public_use"])
        head = 3
    elif layout == "nested":
        g.put(0, 0, org_head, rs=2)
        g.put(
            0,
            1,
            name[total_key].replace("合计", "\n合计")
            if len(name[total_key]) > 4
            else name[total_key],
            rs=2,
        )
        g.put(0, 2, "其中：", cs=len(parts))
        for j, k in enumerate(parts):
            g.put(1, 2 + j, name[k])
        head = 2
    else:
        g.row(0, [org_head, *[name[k] for k in order]])
        head = 1
    r = head
    for i, row in enumerate(t.rows):
        texts = [row.printed]
        for k in order:
            s = cell_text(plan, row.cells.get(k), zero_style)
            if plan.extra.get("wrap_cell") == (t.kind, i, k):
                cut = len(s) - plan.rng.choice([1, 2])
                s = s[:cut] + "\n" + s[cut:]
                plan.tolerated.add("DQ03")  # a repair may be reported
            elif plan.extra.get("split_cell") == (t.kind, i, k) and "." in s:
                a, b = s.split(".")
                s = f"{a}. {b}"
                plan.expected.append(
                    Expected(
                        "DQ03",
                        {"table": t.kind, "org": row.org, "key": k},
                        [plain(row.cells[k] or ZERO, 2)],
                        "number split by a space",
                    )
                )
            if s:
                bld.laid.cells[(t.kind, i, k)] = s
            texts.append(s)
        g.row(r, texts)
        r += 1
    for ph in t.placeholders:
        g.row(r, [ph] + [""] * len(order))
        r += 1
    bld.table(g)


def _targets_table(plan: Plan, bld: Builder) -> None:
    g = Grid(5)
    g.put(0, 0, "整体支出\n绩效定量目标及实施计划完成情况", rs=len(plan.targets) + 1)
    g.put(0, 1, "评价内容", cs=2)
    g.row(0, ["", "", "", "绩效目标", "完成情况"])
    r = 1
    i = 0
    tg = plan.targets
    while i < len(tg):
        cat = tg[i]["category"]
        j = i
        while j < len(tg) and tg[j]["category"] == cat:
            j += 1
        g.put(r, 1, cat, rs=j - i)
        k = i
        while k < j:
            sub = tg[k]["subcategory"]
            m = k
            while m < j and tg[m]["subcategory"] == sub:
                m += 1
            g.put(r + k - i, 2, sub or "", rs=m - k)
            k = m
        for x in range(i, j):
            g.row(r + x - i, ["", "", "", tg[x]["target"] or "", tg[x]["actual"] or ""])
        r += j - i
        i = j
    # the 综合得分 / 评价等次 row closes the table, as in the seed
    t = vocab("templates")
    comp = (
        "" if plan.v["composite_where"] in ("none", "text") else _score_text(plan, plan.composite)
    )
    g.put(r, 0, plan.pick(t["composite_labels"]), cs=2)
    g.row(r, ["", "", comp, plan.pick(t["grade_labels"]), plan.grade or ""])
    bld.table(g)


def _score_columns(plan: Plan) -> list[str]:
    roles = [
        "level1",
        "level2",
        "level3",
        *plan.v["score_layout"].replace("std", "standard").split(","),
    ]
    return (["seq"] if plan.v["seq_column"] else []) + roles


def _score_table(plan: Plan, bld: Builder) -> None:
    """The 评分表: merged level-1/2 labels, shared 分值 cells, 小计 rows, page-break header."""
    roles = _score_columns(plan)
    col = {r: i for i, r in enumerate(roles)}
    hdr = plan.v["headers"]
    header = [hdr.get(r, "") for r in roles]
    g = Grid(len(roles))
    g.row(0, header)
    # rows to lay out: items, with 小计 after each level-1 group
    rows: list[tuple[str, Any]] = []
    for l1 in plan.level1_order:
        group = [it for it in plan.items if it.level1 == l1]
        rows += [("item", it) for it in group]
        if plan.v["subtotals"]:
            rows.append(("subtotal", l1))
    if plan.v["empty_rows"]:
        rows.append(("empty", None))
    # where the page breaks (a repeated header row), never inside a shared 分值 group
    brk = None
    if plan.v["page_break"] == "repeat_row":
        cands = [
            i
            for i in range(len(rows) // 3, 2 * len(rows) // 3)
            if rows[i][0] == "item" and not rows[i][1].shared
        ]
        brk = plan.rng.choice(cands) if cands else None
    r = 1
    placed: list[tuple[int, str, Any]] = []
    for i, (kind, x) in enumerate(rows):
        if i == brk:
            g.row(r, header)
            g.repeated.append(r)
            r += 1
        placed.append((r, kind, x))
        r += 1
    _labels(plan, g, placed, col)
    seq = 0
    for rr, kind, x in placed:
        if kind == "item":
            it: Item = x
            seq += 1
            texts = [""] * len(roles)
            if "seq" in col:
                texts[col["seq"]] = str(seq)
            if not it.shared:
                texts[col["max"]] = _score_text(plan, it.max)
                texts[col["score"]] = _score_text(plan, it.score)
                if "standard" in col:
                    texts[col["standard"]] = it.standard or ""
            texts[col["level3"]] = it.level3 or ""
            texts[col["reason"]] = it.reason or ""
            followers = _followers(plan.items, it)
            if followers and not it.shared:
                for role in ("max", "score", "standard"):
                    if role in col:
                        g.put(rr, col[role], texts[col[role]], rs=1 + followers)
            g.row(rr, texts)
        elif kind == "subtotal":
            m, s = plan.subtotals[x]
            lbl = plan.pick(vocab("templates")["subtotal_labels"])
            span_to = (
                col["level3"] + 1
                if "standard" not in col or col["standard"] > col["max"]
                else col["standard"] + 1
            )
            g.put(rr, col["level2"], lbl, cs=span_to - col["level2"])
            texts = [""] * len(roles)
            texts[col["max"]], texts[col["score"]] = _score_text(plan, m), _score_text(plan, s)
            g.row(rr, texts)
        else:
            g.row(rr, [""] * len(roles))
    # 总分
    texts = [""] * len(roles)
    first = col["level1"]
    label = plan.v["total_label"]
    if plan.v["total_spans"]:
        g.put(r, first, label, cs=col["level3"] - first + 1)
    else:
        texts[first] = label
    if "seq" in col and not plan.v["total_spans"]:
        texts[col["seq"]] = ""
    texts[col["max"]] = _score_text(plan, plan.max_stated)
    texts[col["score"]] = _score_text(plan, plan.total_stated)
    g.row(r, texts)
    bld.table(g, header_rows=1 if plan.v["page_break"] == "table_header" else 0)


def _followers(items: list[Item], it: Item) -> int:
    i = items.index(it)
    n = 0
    while i + 1 + n < len(items) and items[i + 1 + n].shared:
        n += 1
    return n


def _labels(plan: Plan, g: Grid, placed: list[tuple[int, str, Any]], col: dict[str, int]) -> None:
    """Level-1/2 label cells spanning their rows; split (and repeated) at the page break."""

    def runs(key: Callable[[str, Any], Any]) -> list[tuple[Any, int, int]]:
        out: list[tuple[Any, int, int]] = []
        for rr, kind, x in placed:
            k = key(kind, x)
            if k is None:
                continue
            if out and out[-1][0] == k and out[-1][2] == rr:
                out[-1] = (k, out[-1][1], rr + 1)
            else:
                out.append((k, rr, rr + 1))
        return out

    def l1_of(kind: str, x: Any) -> str | None:
        return x.level1 if kind == "item" else x if kind == "subtotal" else None

    for l1, a, b in runs(l1_of):
        w = plan.weights.get(l1) if plan.v["weights_in_labels"] else None
        g.put(a, col["level1"], _weighted(plan, l1, w), rs=b - a)
    for (l1, l2), a, b in runs(lambda k, x: (x.level1, x.level2) if k == "item" else None):
        w = plan.level2_weights.get((l1, l2)) if plan.v["level2_weights"] else None
        g.put(a, col["level2"], _weighted(plan, l2, w) if l2 else "", rs=b - a)


def _lay_project(plan: Plan, bld: Builder) -> None:
    t = vocab("templates")
    pr = t["project"]
    title = plan.pick(pr["titles"]).format(
        year=plan.year, project=plan.meta["project_name"], unit=plan.meta["department"]
    )
    _cover(plan, bld, title)
    bld.p(plan.pick(pr["sections"]["basic"]), heading=True)
    proj = plan.extra["proj"]
    paras = [
        Para(
            [
                f"{plan.meta['project_name']}由{plan.names['supervisor']}主管、"
                f"{plan.meta['department']}组织实施，{proj['summary']}。"
            ]
        )
    ]
    paras += _restate_project(plan)
    goals = [Para([plan.pick(pr["sections"]["goals"])], heading=True)]
    goals += _topic_paras(plan, [plan.extra["dtype"]["topics"][0]], plan.rng.randint(1, 2))
    _apply_nr(plan, paras + goals)
    _mess_up(plan, paras + goals)
    for para in paras:
        bld.para(para)
    bld.p(plan.pick(pr["sections"]["table"]), heading=True)
    b = bld.p(plan.pick(pr["table_title"]).format(year=plan.year))
    if str(plan.year) in b.text:
        bld.nonfig(str(plan.year), b)
    goal = f"按计划完成{plan.meta['project_name']}各项建设任务，{proj['summary']}。"
    result = "项目已按计划实施，年度目标基本完成。"
    if plan.v["project_layout"] == "combined":
        _project_combined(plan, bld, goal, result)
    else:
        g = Grid(4)
        g.put(0, 0, "项目名称")
        g.put(0, 1, plan.meta["project_name"], cs=3)
        g.row(1, ["主管部门", plan.names["supervisor"], "实施单位", plan.meta["department"]])
        g.row(2, ["项目负责人", plan.meta["contact"], "联系电话", plan.meta["phone"]])
        bld.table(g)
        _funds_table(plan, bld)
        g = Grid(2)
        g.row(0, ["年度总体目标", "实际完成情况"])
        g.row(1, [goal, result])
        bld.table(g)
        _indicator_table(plan, bld)
    for para in goals:
        bld.para(para)
    bld.p(plan.pick(pr["sections"]["deviation"]), heading=True)
    reasons = [it.reason for it in plan.items if it.reason]
    if reasons:
        for i, r in enumerate(reasons, start=1):
            b = bld.p(f"{i}、{r}。")
            bld.nonfig(f"{i}、", b)
    else:
        bld.p("项目各项指标均已完成，无明显偏差。")
    bld.p(plan.pick(pr["sections"]["conclusion"]), heading=True)
    if plan.v["composite_where"] == "text" and plan.composite is not None:
        bld.para(
            Para(
                [
                    "经自评，该项目综合得分",
                    Fig(plan.composite, "分", "money", _places(plan.composite), "plain"),
                    f"，评价等次为“{plan.grade}”。",
                ]
            )
        )
    else:
        bld.p(f"经自评，该项目绩效评价等次为“{plan.grade}”。")


def _funds_cells(
    plan: Plan, bld: Builder
) -> tuple[list[str], list[str], list[tuple[str, list[str]]]]:
    """Header names, column keys and (row label, cell texts) of the project funds table."""
    t = plan.tables["project_funds"]
    tv = vocab("templates")
    names = {k: plan.pick(v) for k, v in tv["columns"]["project_funds"].items()}
    lettered = plan.chance(0.5)  # 全年预算数（A） / 全年执行数（B） / 执行率（B/A）, or no letters
    for k in ("full_year_budget", "executed", "rate"):
        names[k] = tv["columns"]["project_funds"][k][1 if lettered else 0]
    keys = ["initial_budget", "full_year_budget", "executed"]
    keys += (
        ["max", "rate", "score"]
        if plan.v["funds_order"] == "max,rate"
        else ["rate", "max", "score"]
    )
    rows: list[tuple[str, list[str]]] = []
    for i, row in enumerate(t.rows):
        texts = []
        for k in keys:
            v = row.cells.get(k)
            if k == "rate":
                s = "" if v is None else plain(v, plan.v["funds_rate_places"]) + "%"
            elif k in ("max", "score"):
                s = _score_text(plan, v) if row.is_summary else ""
            else:
                s = cell_text(plan, v, t.zero_style)
            if not s and t.dash_empty and (k in ("max", "score", "rate") or t.zero_style == ""):
                s = "—"
            if s and s != "—":
                bld.laid.cells[("project_funds", i, k)] = s
            texts.append(s)
        rows.append((plan.pick(tv["columns"]["funds_rows"][row.org]), texts))
    return [names[k] for k in keys], keys, rows


def _funds_table(plan: Plan, bld: Builder) -> None:
    t = plan.tables["project_funds"]
    tv = vocab("templates")
    official = plan.v["funds_layout"] == "official"
    if not official:
        bld.p(plan.pick(tv["unit_notes"]).format(unit=t.unit))
    names, keys, rows = _funds_cells(plan, bld)
    lead = 2 if official else 1
    g = Grid(lead + len(keys))
    if official:
        g.put(0, 0, f"项目资金\n（{t.unit}）", rs=1 + len(rows))
        g.row(0, ["", "", *names])
    else:
        g.row(0, [plan.pick(["资金来源", "项目", "资金项目"]), *names])
    for i, (label, texts) in enumerate(rows):
        g.row(1 + i, [""] * (lead - 1) + [label, *texts])
    bld.table(g)


def _project_combined(plan: Plan, bld: Builder, goal: str, result: str) -> None:
    """The official 项目支出绩效自评表: info, funds, 年度总体目标 and indicators in ONE table
    of 9 columns, each part with its own column layout (spans make them fit)."""
    t = plan.tables["project_funds"]
    names, keys, rows = _funds_cells(plan, bld)
    g = Grid(9)
    g.put(0, 0, "项目名称")
    g.put(0, 1, plan.meta["project_name"], cs=8)
    for r, (a, av, b, bv) in enumerate(
        [
            ("主管部门", plan.names["supervisor"], "实施单位", plan.meta["department"]),
            ("项目负责人", plan.meta["contact"], "联系电话", plan.meta["phone"]),
        ],
        start=1,
    ):
        g.put(r, 0, a)
        g.put(r, 1, av, cs=3)
        g.put(r, 4, b, cs=2)
        g.put(r, 6, bv, cs=3)
    r = 3
    g.put(r, 0, f"项目资金\n（{t.unit}）", rs=1 + len(rows))
    g.put(r, 1, "", cs=2)
    for j, name in enumerate(names):
        g.put(r, 3 + j, name)
    for label, texts in rows:
        r += 1
        g.put(r, 1, label, cs=2)
        for j, s in enumerate(texts):
            g.put(r, 3 + j, s)
    r += 1
    g.put(r, 0, "年度总体目标", rs=2)
    g.put(r, 1, "预期目标", cs=5)
    g.put(r, 6, "实际完成情况", cs=3)
    g.put(r + 1, 1, goal, cs=5)
    g.put(r + 1, 6, result, cs=3)
    r += 2
    hdr = plan.v["headers"]
    roles = ["level1", "level2", "level3", "target", "actual", "max", "score", "reason"]
    col = {role: 1 + i for i, role in enumerate(roles)}
    items = [it for it in plan.items if it.level1 != "预算执行率"]
    g.put(r, 0, "绩效指标", rs=1 + len(items))
    for role in roles:
        g.put(r, col[role], hdr[role])
    placed = [(r + 1 + i, "item", it) for i, it in enumerate(items)]
    _labels(plan, g, placed, col)
    for rr, _, it in placed:
        texts = {
            "level3": it.level3 or "",
            "target": it.target or "",
            "actual": it.actual or "",
            "max": _score_text(plan, it.max),
            "score": _score_text(plan, it.score),
            "reason": it.reason or "",
        }
        for role, text in texts.items():
            g.put(rr, col[role], text)
    r += 1 + len(items)
    g.put(r, 0, plan.v["total_label"], cs=col["max"])
    g.put(r, col["max"], _score_text(plan, plan.max_stated))
    g.put(r, col["score"], _score_text(plan, plan.total_stated))
    g.put(r, col["reason"], "")
    bld.table(g)


def _indicator_table(plan: Plan, bld: Builder) -> None:
    hdr = plan.v["headers"]
    roles = (["seq"] if plan.v["seq_column"] else []) + [
        "level1",
        "level2",
        "level3",
        "target",
        "actual",
        "max",
        "score",
        "reason",
    ]
    col = {r: i for i, r in enumerate(roles)}
    g = Grid(len(roles))
    header = [hdr.get(r, "序号") for r in roles]
    g.row(0, header)
    items = [it for it in plan.items if it.level1 != "预算执行率"]
    placed = []
    r = 1
    brk = None
    if plan.v["page_break"] == "repeat_row" and len(items) > 6:
        brk = plan.rng.randint(len(items) // 3, 2 * len(items) // 3)
    for i, it in enumerate(items):
        if i == brk:
            g.row(r, header)
            g.repeated.append(r)
            r += 1
        placed.append((r, "item", it))
        r += 1
    _labels(plan, g, placed, col)
    for seq, (rr, _, it) in enumerate(placed, start=1):
        texts = [""] * len(roles)
        if "seq" in col:
            texts[col["seq"]] = str(seq)
        texts[col["level3"]] = it.level3 or ""
        texts[col["target"]] = it.target or ""
        texts[col["actual"]] = it.actual or ""
        texts[col["max"]] = _score_text(plan, it.max)
        texts[col["score"]] = _score_text(plan, it.score)
        texts[col["reason"]] = it.reason or ""
        g.row(rr, texts)
    if plan.v["empty_rows"]:
        g.row(r, [""] * len(roles))
        r += 1
    texts = [""] * len(roles)
    label = plan.v["total_label"]
    if plan.v["total_spans"]:
        g.put(r, col["level1"], label, cs=col["actual"] - col["level1"] + 1)
    else:
        texts[col["level1"]] = label
    texts[col["max"]] = _score_text(plan, plan.max_stated)
    texts[col["score"]] = _score_text(plan, plan.total_stated)
    g.row(r, texts)
    bld.table(g, header_rows=1 if plan.v["page_break"] == "table_header" else 0)


# ── gold ──────────────────────────────────────────────────────────────────


def _s(v: Decimal | None) -> str | None:
    return None if v is None else format(v, "f")


def gold(plan: Plan, laid: Laid, file: str) -> dict[str, Any]:
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
    score_rows = []
    for it in plan.items:
        if it.level1 == "预算执行率":
            score = plan.tables["project_funds"].row(True).cells.get("score")
            score_rows.append(
                {
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
            )
            continue
        score_rows.append(
            {
                "level1": it.level1,
                "level2": it.level2,
                "level3": it.level3,
                "standard": it.standard
                if plan.genre == "overall"
                and "standard" in plan.v["score_layout"]
                and not it.shared
                else None,
                "max": _s(it.max),
                "score": _s(it.score),
                "reason": it.reason,
                "target": it.target,
                "actual": it.actual,
                "shared_with_previous": it.shared,
            }
        )
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
    subtotals = (
        [
            {"label": "小计", "level1": l1, "max": _s(m), "score": _s(s)}
            for l1, (m, s) in plan.subtotals.items()
        ]
        if plan.v["subtotals"]
        else []
    )
    meta = {k: (_s(v) if isinstance(v, Decimal) else v) for k, v in plan.meta.items()}
    if meta["composite_score"] is not None:
        meta["composite_score"] = short(plan.meta["composite_score"])
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
        "report": {
            "kind": plan.genre,
            "source": {
                "format": plan.fmt,
                "encoding": plan.encoding,
                "text_layer": not plan.v["scanned"],
            },
            "meta": meta,
            "tables": tables,
            "score_rows": score_rows,
            "score_total": {
                "stated": _s(plan.total_stated),
                "computed": _s(plan.total_computed),
                "max_stated": _s(plan.max_stated),
                "max_computed": _s(plan.max_computed),
            },
            "level1_weights": weights,
            "subtotals": subtotals,
            "targets": plan.targets if plan.genre == "overall" else [],
            "figures": laid.figures,
            "breakdowns": laid.breakdowns,
        },
        "nonfigures": laid.nonfigures,
        "findings": {
            "expected": [e.to_json() for e in plan.expected],
            "tolerated": sorted(plan.tolerated),
        },
    }


# ── schedule: formats, genres and injections spread evenly ────────────────

GENRE_ONLY = {
    "FN01": "overall",
    "FN02": "overall",
    "FN03": "overall",
    "FN04": "overall",
    "FN05": "overall",
    "FN06": "overall",
    "SC03": "overall",
    "DQ02": "overall",
    "NR04": "overall",
    "FN07": "project",
}


def schedule(n: int, seed: int, formats: list[str]) -> list[dict[str, Any]]:
    """Per report: format, encoding, genre, injected codes, rounding — every code dealt per format."""
    rng = random.Random(f"{seed}:schedule")
    slots = [{"fmt": formats[i % len(formats)]} for i in range(n)]
    encodings = ["utf-8", "gb18030", "utf-16"]
    for fmt in formats:
        idx = [i for i, s in enumerate(slots) if s["fmt"] == fmt]
        deck: list[str] = []
        wdeck: list[str] = []
        for j, i in enumerate(idx):
            s = slots[i]
            s["genre"] = "project" if j % 5 in (1, 3) else "overall"
            s["encoding"] = encodings[j % 3] if fmt == "txt" else None
            k = 0 if j == 0 or rng.random() < CLEAN_SHARE else rng.choice([1, 2, 2, 3, 3])
            codes: list[str] = []
            if fmt == "pdf" and j % 8 == 2:  # a scanned PDF in every 8 PDFs
                codes = ["DQ01"]
                k = 0
            for _ in range(k):
                if not deck:
                    deck = [c for c in ERROR_CODES if c != "DQ01"]
                    rng.shuffle(deck)
                for c in deck:
                    if GENRE_ONLY.get(c, s["genre"]) == s["genre"] and not _conflicts(c, codes):
                        codes.append(c)
                        deck.remove(c)
                        break
            if codes != ["DQ01"] and rng.random() < WARNING_SHARE:
                if not wdeck:
                    wdeck = list(WARNING_CODES)
                    rng.shuffle(wdeck)
                for c in wdeck:
                    if GENRE_ONLY.get(c, s["genre"]) == s["genre"] and not _conflicts(c, codes):
                        codes.append(c)
                        wdeck.remove(c)
                        break
            s["codes"] = codes
            s["rounding"] = codes != ["DQ01"] and rng.random() < ROUNDING_SHARE
    return slots


def _conflicts(code: str, codes: list[str]) -> bool:
    return any(code in g and c in g for g in CONFLICTS for c in codes)


def make(index: int, slot: dict[str, Any], seed: int) -> tuple[Plan, Laid]:
    """One report: draw, choose a layout, inject, derive, lay out."""
    rng = random.Random(f"{seed}:{index}")
    pid = f"syn_{index + 1:03d}"
    plan = draw(pid, slot["genre"], slot["fmt"], slot.get("encoding"), rng)
    draw_variants(plan, slot["codes"])
    derive(plan)
    # scores first, then the derived values stated from them (总分, weights, 小计, 综合得分, 等次)
    for code in sorted(slot["codes"], key=lambda c: c in DERIVED_CODES):
        if not inject(plan, code):
            # a replacement of the same family keeps the deal even (e.g. FN04 on zero 三公经费)
            family = [
                c
                for c in (*ERROR_CODES, *WARNING_CODES)
                if c[:2] == code[:2]
                and c != code
                and c not in plan.injected
                and c not in slot["codes"]
                and c != "DQ01"
                and not _conflicts(c, plan.injected)
                and GENRE_ONLY.get(c, plan.genre) == plan.genre
            ]
            rng.shuffle(family)
            if not any(inject(plan, c) for c in family):
                plan.extra.setdefault("skipped", []).append(code)
    if slot.get("rounding"):
        _rounding(plan)
    derive(plan)
    laid = lay_out(plan)
    return plan, laid


# ── files ─────────────────────────────────────────────────────────────────


def write_file(plan: Plan, laid: Laid, out: Path) -> Path:
    from . import render

    fmt = plan.fmt
    dest = out / f"{plan.id}.{fmt}"
    if fmt == "txt":
        return render.write_text(laid.doc, dest, plan.encoding or "utf-8")
    if fmt == "docx":
        return render.write_docx(laid.doc, dest, header_rows=laid.header_rows)
    with tempfile.TemporaryDirectory(prefix="generate-") as tmp:
        src = render.write_docx(
            laid.doc, Path(tmp) / f"{plan.id}.docx", header_rows=laid.header_rows
        )
        render.docx_to(src, fmt, dest)
    if plan.v["scanned"]:
        scan_like(dest)
    return dest


SCAN_SCALE = 1.5
"""Render scale of the scanned-like PDF (1.5 × 72 dpi): readable, small, no text layer."""


def scan_like(pdf: Path) -> None:
    """Replace a PDF by images of its pages: what a scanner gives (no text layer)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(pdf))
    images = [src[i].render(scale=SCAN_SCALE, grayscale=True).to_pil() for i in range(len(src))]
    src.close()
    images[0].save(str(pdf), "PDF", save_all=True, append_images=images[1:], resolution=108.0)


def generate(
    n: int, seed: int, out: Path, formats: list[str], progress: Callable[[str], None] | None = None
) -> list[dict[str, Any]]:
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for i, slot in enumerate(schedule(n, seed, formats)):
        plan, laid = make(i, slot, seed)
        path = write_file(plan, laid, out)
        g = gold(plan, laid, path.name)
        (out / f"{plan.id}.gold.json").write_text(
            json.dumps(g, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        entries.append(
            {
                "id": plan.id,
                "file": path.name,
                "format": plan.fmt,
                "encoding": plan.encoding,
                "genre": plan.genre,
                "injected": plan.injected,
                "clean": g["clean"],
                "rounding_only": bool(plan.rounding),
                "extractable": g["extractable"],
            }
        )
        if progress:
            progress(
                f"{path.name}: {plan.genre}, {', '.join(plan.injected) or 'clean'}"
                + (", rounding" if plan.rounding else "")
            )
    manifest = {
        "seed": seed,
        "n": n,
        "formats": formats,
        "generator": "evaluation.generate",
        "command": f"python -m evaluation.generate --n {n} --seed {seed} --out {out} "
        f"--formats {','.join(formats)}",
        "counts": summarize(entries),
        "reports": entries,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return entries


def summarize(entries: list[dict[str, Any]]) -> dict[str, Any]:
    by: dict[str, dict[str, int]] = {"format": {}, "genre": {}, "code": {}, "encoding": {}}
    for e in entries:
        by["format"][e["format"]] = by["format"].get(e["format"], 0) + 1
        by["genre"][e["genre"]] = by["genre"].get(e["genre"], 0) + 1
        if e["encoding"]:
            by["encoding"][e["encoding"]] = by["encoding"].get(e["encoding"], 0) + 1
        for c in e["injected"]:
            by["code"][c] = by["code"].get(c, 0) + 1
    by["clean"] = {
        "clean": sum(e["clean"] for e in entries),
        "rounding_only": sum(e["rounding_only"] for e in entries),
    }
    by["code"] = dict(sorted(by["code"].items()))
    return by


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m evaluation.generate", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--n", type=int, default=48, help="number of reports (default 48)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("corpus/synthetic"))
    ap.add_argument(
        "--formats",
        default="txt,docx,pdf,doc",
        help="comma-separated, dealt in turn (pdf/doc need LibreOffice)",
    )
    ap.add_argument("--clean", action="store_true", help="remove syn_* files in --out first")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in ("txt", "docx", "pdf", "doc")]
    if bad:
        print(
            f"--formats: unknown format(s) {', '.join(bad)} — use txt, docx, pdf, doc",
            file=sys.stderr,
        )
        return 2
    if args.clean and args.out.exists():
        for p in args.out.glob("syn_*"):
            p.unlink()
    entries = generate(
        args.n,
        args.seed,
        args.out,
        formats,
        progress=None if args.quiet else lambda m: print(m, flush=True),
    )
    counts = summarize(entries)
    print(json.dumps(counts, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
