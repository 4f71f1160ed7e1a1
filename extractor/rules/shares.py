"""Narrative rules NR16 and NR18 (rules stage): shares of one named whole that cannot all be
true, and a share of a whole that a disclosure table states.

A 说明 often gives each part's amount with its share of a whole it does not state (基本支出
2476260.58元，占一般公共预算支出的84.06%; 项目支出469500元，占一般公共预算支出的19.62%).
Each amount and share imply the whole (amount ÷ share), within the rounding of the printed
amount and one unit of the share's last digit (a share moved by a unit so that the shares add
to 100); when the wholes implied for one named whole cannot meet, one of the shares is wrong (NR16);
when the whole is a table's cell (三公经费 → the 三公 table's 小计), the cell must lie among them
(NR18).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext

from ..records.links import refs_named
from ..records.statement_schema import statement_patterns
from ..report import Figure, Report
from . import evidence as ev
from .links import MONEY, cell_key, row_keyed, statement_named
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


@rule(
    "NR18",
    "narrative.share_of_table_total",
    "error",
    kinds=("final_accounts", "budget"),
    basis=(
        "说明中某项金额占一个总额的比重，与该总额在决算/预算表中的数值（records/links.py 的"
        " statement_links 标签）按金额÷比重推算的总额比较，允许四舍五入"
    ),
)
def share_of_table_total(report: Report) -> Iterator[Hit]:
    """A part's share of a whole the disclosure table states does not follow from that cell.

    Anti-pattern: 因公出国（境）费支出222.5万元，占“三公”经费的8.75% while the 三公 table's
    小计 is 833.60 (222.5 ÷ 833.60 = 26.69%; 8.75% is its share of the 合计 with 会议费 and
    培训费).
    Best practice: the amount ÷ its share gives the table's total, within the rounding of the
    printed numbers (and one unit of the share's last digit).  A table matched weakly gives a
    warning that says so.
    """
    limit = Decimal(str(statement_patterns().min_match_for_error))
    for pct in report.figures:
        found = _share(report, pct)
        if found is None:
            continue
        name, share = found
        cells = []
        doc = report.document
        text = doc.blocks[pct.block].text if doc is not None and pct.block is not None else ""
        for ref in refs_named(report.kind, name, text, pct):
            sid, row_key, column = ref.split("|")
            st = statement_named(report, sid)
            row = None if st is None else row_keyed(st, row_key)
            k = None if st is None or row is None else cell_key(report, st, row, column)
            if st is not None and row is not None and k is not None and st.unit in MONEY:
                cells.append((st, row, row_key, k, row.cells[k].value * MONEY[st.unit or ""]))
        # the whole may be any of the cells its name restates (本年支出合计 or 支出总计)
        if not cells or any(w <= 0 or share.low <= w <= share.high for *_, w in cells):
            continue
        st, row, row_key, k, whole = cells[0]
        cell = row.cells[k]
        with localcontext() as ctx:
            ctx.prec = 34
            computed = (share.part.value / whole * HUNDRED).quantize(
                Decimal(1).scaleb(-places(pct.value))
            )
        hit = Hit(
            message=(
                f"「{share.part.text}，{pct.label or ''}{pct.raw}」：{st.title}中「{name}」为"
                f"{cell.raw}{st.unit}，按{share.part.text}÷{cell.raw}{st.unit}计算应为"
                f"{ev.num(computed)}%"
            ),
            expected=computed,
            actual=pct.value,
            difference=pct.value - computed,
            evidence=[
                ev.at_figure(report, pct),
                ev.at_row(report, row.block, row.row, f"{row.label or name} {cell.raw}"),
            ],
        )
        hit.basis = f"{st.schema_id} row {row_key} column {k} (match {st.match})"
        if st.match < limit:
            hit.severity = "warning"
            hit.message += f"（{st.title}仅弱匹配，请核实）"
        yield hit
