"""Narrative rule NR16 (rules stage): shares of one named whole that cannot all be true.

A 说明 often gives each part's amount with its share of a whole it does not state (基本支出
2476260.58元，占一般公共预算支出的84.06%; 项目支出469500元，占一般公共预算支出的19.62%).
Each amount and share imply the whole (amount ÷ share), within the rounding of the printed
amount and one unit of the share's last digit (a share moved by a unit so that the shares add
to 100); when the wholes implied for one named whole cannot meet, one of the shares is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext

from ..report import Figure, Report
from . import evidence as ev
from .narrative import (
    Amount,
    figure_amount,
    is_percent,
    is_target,
    money_scale,
    other_period,
    part_of_year,
    previous_figure,
    share_sides,
)
from .registry import Hit, rule
from .rounding import half_unit, places

HUNDRED = Decimal(100)
NEAR_BLOCKS = 12
"""Shares of one named whole are compared within this many blocks of each other (one part of a
说明; a whole of the same name further on may be another fund's or another year's)."""


@dataclass(frozen=True)
class Share:
    pct: Figure
    part: Amount
    low: Decimal  # the smallest whole the two printed numbers allow
    high: Decimal


def _whole_name(pct: Figure) -> str | None:
    """The whole a share names (占一般公共预算支出的84.06% → 一般公共预算支出), or None."""
    sides = share_sides(pct.label)
    return sides[1] or None if sides is not None else None


def _share(report: Report, pct: Figure) -> tuple[str, Share] | None:
    if not is_percent(pct) or pct.approx or pct.op != "=" or pct.value <= 0:
        return None
    if part_of_year(report, pct) or is_target(pct) or other_period(report, pct, budget_ok=True):
        return None
    name = _whole_name(pct)
    if name is None:
        return None
    part_fig = previous_figure(report, pct)
    if part_fig is None or other_period(report, part_fig, budget_ok=True) or part_fig.value <= 0:
        return None
    part = figure_amount(report, part_fig)
    if part is None or money_scale(part_fig.unit) is None:
        # money only: counts given as shares of 全省 or 全市 (国家标准143项，占全省68%;
        # 市场主体156.3万户，占全省24.6%) are each of another whole named alike
        return None
    # a whole unit of the share's last digit: a 说明 often moves one share by a unit so that
    # the shares add to 100.00 (6.456% printed 6.45)
    hp = 2 * half_unit(places(pct.value)) / HUNDRED
    p = pct.value / HUNDRED
    if p - hp <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 34
        low = (part.value - part.half) / (p + hp)
        high = (part.value + part.half) / (p - hp)
    return name, Share(pct, part, low, high)


@rule(
    "NR16",
    "narrative.shares_of_one_whole",
    "warning",
    basis="说明中各项金额占同一总额的比重，按金额÷比重推算的总额应当一致（允许四舍五入）",
)
def shares_of_one_whole(report: Report) -> Iterator[Hit]:
    """Two parts' shares of one named whole imply two different wholes.

    Anti-pattern: 基本支出2476260.58元，占一般公共预算支出的84.06%; 项目支出469500元，占一般公共预算
    支出的19.62% — 2476260.58 ÷ 84.06% ≈ 2945825 but 469500 ÷ 19.62% ≈ 2392966 (and the
    shares add to 103.68%).
    Best practice: every share is of the same whole: each amount ÷ its share gives one total,
    within the rounding of the printed numbers.
    """
    seen: dict[str, list[Share]] = {}
    for pct in report.figures:
        found = _share(report, pct)
        if found is None:
            continue
        name, share = found
        group = [s for s in seen.get(name, []) if abs(s.pct.block - pct.block) <= NEAR_BLOCKS]
        clash = next((s for s in group if s.high < share.low or share.high < s.low), None)
        seen.setdefault(name, []).append(share)
        if clash is None:
            continue
        a, b = clash, share
        wa = ((a.low + a.high) / 2).quantize(Decimal(1))
        wb = ((b.low + b.high) / 2).quantize(Decimal(1))
        yield Hit(
            message=(
                f"「{a.pct.label or ''}{a.pct.raw}」与「{b.pct.label or ''}{b.pct.raw}」所指同一总额"
                f"「{name}」不一致：{a.part.text}÷{a.pct.raw}≈{ev.num(wa)}，"
                f"{b.part.text}÷{b.pct.raw}≈{ev.num(wb)}，"
                "四舍五入范围内无法相同，至少一个比重有误"
            ),
            expected=wa,
            actual=wb,
            evidence=[ev.at_figure(report, a.pct), ev.at_figure(report, b.pct)],
        )
