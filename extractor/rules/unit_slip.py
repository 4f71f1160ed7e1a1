"""Narrative rule NR17 (rules stage): one amount printed with another money unit once.

A 说明 restates its totals many times; when the same digits come with 万元 everywhere and
with 元 once (2026年预算支出1682.76元，其中基本支出预算1208.20万元), the lone unit is a slip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..figures import unit_kind
from ..report import Figure, Report
from . import evidence as ev
from .registry import Hit, rule

MIN_DIGITS = 5
"""Digits an amount must print to be told apart from another (1682.76, 46750): a round 100
may well be 100 元 in one place and 100 万元 in another."""
MAJORITY = 2
"""How many times the other unit must be printed with the same digits."""


def _digits(f: Figure) -> str | None:
    """The amount's printed digits, if enough of them to identify it."""
    digits = "".join(ch for ch in f"{f.value:f}" if ch.isdigit()).lstrip("0")
    return digits if len(digits) >= MIN_DIGITS and f.value > 0 else None


@rule(
    "NR17",
    "narrative.unit_slip",
    "warning",
    basis="同一金额（相同的有效数字）在文中多处以同一货币单位表述，仅一处单位不同，疑为单位笔误",
)
def unit_slip(report: Report) -> Iterator[Hit]:
    """One amount printed with another money unit once, where the text prints it with one unit
    everywhere else.

    Anti-pattern: 2026年预算支出1682.76元，其中基本支出预算1208.20万元 — 1682.76 is printed with
    万元 seven times elsewhere (收入预算1682.76万元, 支出1682.76万元 …).
    Best practice: an amount keeps its unit wherever it is restated.
    """
    by_amount: dict[tuple[str, int], list[Figure]] = {}
    for f in report.figures:
        if unit_kind(f) != "money" or "/" in (f.unit or "") or f.approx or f.op != "=":
            continue  # (a rate per person, 元/人, is another quantity)
        if f.high is not None:
            continue
        digits = _digits(f)
        if digits is not None:
            by_amount.setdefault((f"{f.value:f}", f.decimals or 0), []).append(f)
    for figs in by_amount.values():
        units = Counter(f.unit for f in figs)
        if len(units) != 2:
            continue
        (usual, n), (odd, m) = units.most_common()
        if m != 1 or n < MAJORITY:
            continue
        slip = next(f for f in figs if f.unit == odd)
        first = next(f for f in figs if f.unit == usual)
        yield Hit(
            message=(
                f"「{slip.label or ''}{slip.raw}」的单位为{odd}，而同一数字在文中另有{n}处均为"
                f"{usual}（如「{first.label or ''}{first.raw}」），疑为单位笔误"
            ),
            expected=f"{slip.value:f}{usual}",
            actual=slip.raw,
            evidence=[ev.at_figure(report, slip), ev.at_figure(report, first)],
        )
