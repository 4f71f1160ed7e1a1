"""The Plan of one report and its parts (tables, score rows, narrative figures, expected findings)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .codes import SEVERITY
from .common import ZERO

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
