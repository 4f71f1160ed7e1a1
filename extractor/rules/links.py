"""Narrative rules NR05, NR07, NR08 (rules stage): what the text says about the numbers.

The sentences were read in records/links.py into ``report.changes``,
``report.count_lists`` and ``report.links``; these rules only recompute:

- NR05 a year-over-year change or growth rate that does not follow from the two amounts;
- NR07 a narrative amount that differs from the statement cell it restates (决算数 with
  决算数: the link was made only where the sentence names no other period);
- NR08 a stated count that differs from the number of items listed after it (warning:
  a list may name units together or apart);
- NR11 a 收入总计 and a 支出总计 stated in one sentence that differ (the 收支总表 balances).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterator
from decimal import Decimal

from .. import patterns
from ..records.count_lists import listed
from ..records.statement_schema import statement_patterns
from ..report import Change, Completion, Figure, Report, Statement, StatementRow
from . import evidence as ev
from . import textindex
from .registry import ROUNDING_CODE, Hit, rule, verdict_hit
from .rounding import Verdict, check_ratio, check_restated, check_sum, half_unit, places

MONEY = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10) ** 8}
SIGN = {"up": 1, "down": -1, "flat": 0}
WORD = {"up": "增加", "down": "减少", "flat": "持平"}


def _change_hits(report: Report, c: Change) -> Iterator[Hit]:
    """NR05's findings on one year-over-year sentence: the year it compares with, the change
    against the two amounts, then the rate."""
    evidence = [ev.at_figure(report, c.current)]
    hits = list(_compared_year(report, c, evidence))
    stop = False
    for hit in _amount_hits(c, evidence):
        stop = True
        hits.append(hit)
    if not stop:
        hits.extend(_rate_hits(c, evidence))
    if not c.assembled:
        yield from hits
        return
    # the sentence printed only the change: its amounts were found by name and year elsewhere
    assert c.prior is not None and c.change is not None
    evidence = [ev.at_figure(report, f) for f in (c.change, c.current, c.prior)]
    for hit in hits:
        hit.message += ASSEMBLED_NOTE
        hit.evidence = evidence
        if hit.code is None and hit.severity in (None, "error"):
            hit.severity = "warning"
        yield hit


ASSEMBLED_NOTE = "（该句只写了变动，本年数与上年数是按名称和年份在文中别处找到的，请核实）"


def _compared_year(report: Report, c: Change, evidence: list) -> Iterator[Hit]:
    """A budget that compares itself with its own year (本文件为2026年预算，比2026年…)."""
    if c.compared_year and report.kind == "budget" and c.compared_year == report.meta.year:
        yield Hit(
            message=(
                f"本文件为{report.meta.year}年预算，「{c.label or ''}」{c.current.raw}却与"
                f"{c.compared_year}年比较：比较的年份即本年（应为上年？）"
            ),
            expected=str(int(c.compared_year) - 1),
            actual=c.compared_year,
            evidence=evidence,
            severity="warning",
        )


def _amount_hits(c: Change, evidence: list) -> Iterator[Hit]:
    """The change against the amounts: an increase larger than this year (a negative prior),
    a change that is not the difference, a direction that is not the amounts'.  Whatever it
    yields ends the sentence's checks (the rate would only repeat it)."""
    sign = SIGN[c.direction]
    cur = c.current.value
    if c.prior is None and c.change is not None and c.direction == "up" and c.change.value > cur:
        yield Hit(
            message=(
                f"「{c.label or ''}」本年{c.current.raw}，文中称增加{c.change.raw}，则上年为"
                f"{ev.num(cur - c.change.value)}（负数）：增加额与本年数不能同时成立"
            ),
            expected=f"≤{ev.num(cur)}",
            actual=ev.num(c.change.value),
            evidence=evidence,
            severity="warning",
        )
        return
    if c.prior is None:
        return
    prior = c.prior.value
    if c.change is not None or c.direction == "flat":
        delta = c.change.value * sign if c.change is not None else Decimal(0)
        verdict = check_sum(cur, [prior, delta])
        if verdict.status != "exact":
            shown = c.change.raw if c.change is not None else "持平"
            msg = (
                f"「{c.label or ''}」本年{c.current.raw}、{c.compared_with}{c.prior.raw}，差额应为"
                f"{ev.num(cur - prior)}，文中为{WORD[c.direction]}{shown}"
            )
            if verdict.status == "rounding":
                msg += "，属舍入差异"
            yield verdict_hit(verdict, msg, evidence)
    elif (cur - prior) * sign < 0:
        yield Hit(
            message=(
                f"「{c.label or ''}」本年{c.current.raw}、{c.compared_with}{c.prior.raw}，"
                f"文中却称{WORD[c.direction]}"
            ),
            expected=WORD["up" if cur > prior else "down"],
            actual=WORD[c.direction],
            evidence=evidence,
        )


def _rate_hits(c: Change, evidence: list) -> Iterator[Hit]:
    """The growth rate against the amounts (rounding-aware), or its direction."""
    if c.rate is None:
        return
    sign = SIGN[c.direction]
    cur = c.current.value
    h = half_unit(max([places(cur), *(places(f.value) for f in (c.prior, c.change) if f)]))
    if c.prior is not None:
        base, part = c.prior.value, abs(cur - c.prior.value)
        base_half, part_half = h, 2 * h
    elif c.change is not None:
        base, part = cur - sign * c.change.value, c.change.value
        base_half, part_half = 2 * h, h
    else:
        return
    if base <= 0:
        return
    rate_dir = c.rate_direction or c.direction
    if c.prior is not None and part != 0 and SIGN.get(rate_dir, 0) * (cur - base) < 0:
        yield Hit(
            message=(
                f"「{c.label or ''}」本年{c.current.raw}、{c.compared_with}{c.prior.raw}，"
                f"文中却称{'增长' if rate_dir == 'up' else '下降'}{c.rate.raw}"
            ),
            expected="增长" if cur > base else "下降",
            actual="增长" if rate_dir == "up" else "下降",
            evidence=evidence,
        )
        return
    verdict = check_ratio(c.rate.value, part, base, part_half=part_half, total_half=base_half)
    if verdict is None or verdict.status == "exact":
        return
    prior_text = c.prior.raw if c.prior is not None else f"{ev.num(base)}（本年减变动额）"
    msg = (
        f"「{c.label or ''}」变动{ev.num(part)}÷{c.compared_with}{prior_text}="
        f"{ev.num(verdict.expected)}%，文中为{c.rate.raw}"
    )
    if verdict.status == "rounding":
        msg += "，属舍入差异"
    yield verdict_hit(verdict, msg, evidence)


@rule(
    "NR05",
    "narrative.year_over_year",
    "error",
    emits=[ROUNDING_CODE],
    basis="同一句中的本年数、上年数、变动额与变动率（records/links.py 读出的 changes）",
)
def year_over_year(report: Report) -> Iterator[Hit]:
    """A year-over-year change or growth rate does not follow from the amounts stated.

    Anti-pattern: 2023年度支出1234.56万元，较上年1134.56万元增加110.00万元，增长9.1% (the amounts
    give 100.00 and 8.81%).
    Best practice: 变动额 = 本年 − 上年, 变动率 = 变动额 ÷ 上年, recomputed from the printed amounts
    at the printed precision (上年 = 本年 − 变动额 when the sentence does not print it).
    """
    for c in report.changes:
        yield from _change_hits(report, c)


def statement_named(report: Report, sid: str) -> Statement | None:
    return next((s for s in report.statements if s.schema_id == sid and not s.empty), None)


def row_keyed(st: Statement, row_key: str) -> StatementRow | None:
    return next((r for r in st.rows if r.key == row_key or r.code == row_key), None)


def cell_key(report: Report, st: Statement, row: StatementRow, column: str) -> str | None:
    if column == "*":
        keys = [c.key for c in st.columns if c.key in row.cells]
        return keys[0] if len(keys) == 1 else None
    group = "final" if report.kind == "final_accounts" else "budget"
    plain = column.split(".", 1)[-1]
    for k in (column, f"{group}.{plain}", plain):
        if k in row.cells:
            return k
    if plain == "total" and len(row.cells) == 1:
        # a table of one amount column (一般公共预算支出表 printing only 金额): its total
        return next(iter(row.cells))
    return None


def _cell_name(st: Statement, row: StatementRow, column: str) -> str:
    """The cell as a reader finds it: its row's label (合计 for an unlabelled total row) and,
    where the table has several amount columns, its column's header."""
    label = row.label or ("合计" if row.key == "total" else row.key or "")
    header = next((c.header for c in st.columns if c.key == column), "")
    if len(row.cells) > 1 and header and header != label:
        return f"{label}/{header}"
    return label


def _one_digit(verdict: Verdict, stated: Decimal) -> Verdict:
    """A difference of one unit in the last printed digit (87.70 for 87.708, truncated instead
    of rounded) is a rounding note, never an error (contract.md, Rounding).  The difference is
    the stated value's from the ratio itself: 95% for 96.34% is 1.34 units off, more than
    one, though 96.34% rounds to 96%."""
    unit = Decimal(1).scaleb(-places(stated))
    if verdict.status != "mismatch" or abs(verdict.difference) > unit:
        return verdict
    r = verdict.ratios
    if r is not None and max(r.lo - stated, stated - r.hi) > unit:
        return verdict
    return Verdict("rounding", verdict.expected, verdict.actual, verdict.difference, unit)


def _matches_another(report: Report, link) -> bool:
    """The amount restates one of the link's other possible cells exactly."""
    f = link.figure
    for ref in link.alternatives:
        sid, row_key, column = ref.split("|")
        st = statement_named(report, sid)
        if st is None or st.unit not in MONEY:
            continue
        row = row_keyed(st, row_key)
        k = None if row is None else cell_key(report, st, row, column)
        if row is None or k is None:
            continue
        v = check_restated(f.value, MONEY[f.unit or ""], row.cells[k].value, MONEY[st.unit or ""])
        if v.status != "mismatch":
            return True
    return False


@rule(
    "NR07",
    "narrative.statement_restated",
    "error",
    emits=[ROUNDING_CODE],
    kinds=("final_accounts", "budget"),
    basis="说明中的金额与其所述的决算/预算表单元格（records/links.py 的 links）",
)
def statement_restated(report: Report) -> Iterator[Hit]:
    """An amount in the 说明 differs from the disclosure-table cell it restates.

    Anti-pattern: 本年收入合计1,350.00万元 in the 说明 against 1,305.00 in the 收入支出决算总表.
    Best practice: each amount the 说明 restates equals its table cell (决算数 with 决算数, in the
    same unit or converted); a sentence about 上年 or 预算 is not compared with this year's 决算.
    """
    limit = Decimal(str(statement_patterns().min_match_for_error))
    for link in report.links:
        st = statement_named(report, link.statement)
        if st is None or st.unit not in MONEY or (link.figure.unit or "") not in MONEY:
            continue
        row = row_keyed(st, link.row)
        if row is None:
            continue
        k = cell_key(report, st, row, link.column)
        if k is None:
            continue
        cell = row.cells[k]
        f = link.figure
        verdict = _one_digit(
            check_restated(f.value, MONEY[f.unit or ""], cell.value, MONEY[st.unit or ""]),
            f.value,
        )
        if verdict.status == "exact" or _matches_another(report, link):
            continue
        msg = f"说明中「{f.label or ''}」{f.raw}，{st.title}「{_cell_name(st, row, k)}」为{cell.raw}{st.unit}"
        if verdict.status == "rounding":
            msg += "，属舍入差异"
        hit = verdict_hit(
            verdict,
            msg,
            [
                ev.at_figure(report, f),
                ev.at_row(report, row.block, row.row, f"{row.label} {cell.raw}"),
            ],
        )
        hit.basis = f"{link.why}; {st.schema_id} row {link.row} column {k}"
        if st.match < limit and verdict.status == "mismatch":
            hit.severity = "warning"
            hit.message += f"（{st.title}仅弱匹配，请核实）"
        yield hit


@rule(
    "NR08",
    "narrative.count_list",
    "warning",
    basis="句中所述个数与其后列举的项数（records/links.py 的 count_lists）",
)
def count_list(report: Report) -> Iterator[Hit]:
    """A stated count differs from the number of items listed right after it.

    Anti-pattern: 设9个内设机构，分别是：办公室、预算股、国库股… (8 named).
    Best practice: the count and the list agree.  A warning: a list may name two units in one
    item or merged offices, so an auditor confirms.
    """
    for cl in report.count_lists:
        n = listed(cl.items)
        if Decimal(n) == cl.count.value:
            continue
        yield Hit(
            message=(
                f"文中称{cl.count.raw}{cl.count.label or ''}，其后「{cl.marker}」列举了{n}项："
                f"{'、'.join(cl.items)}"
            ),
            expected=ev.num(cl.count.value),
            actual=str(n),
            difference=ev.num(Decimal(n) - cl.count.value),
            evidence=[ev.at_figure(report, cl.count)],
        )


@rule(
    "NR06",
    "narrative.stated_twice",
    "warning",
    basis=(
        "同一名称的合计/总额在正文中两处出现，或表格单元格中的计数在正文中按同一行的标签复述"
        "（records/links.py 与 records/cell_restated.py 的 repeats）"
    ),
)
def stated_twice(report: Report) -> Iterator[Hit]:
    """One quantity is stated twice in the document with two different values.

    Anti-pattern: 收入总计1500.00万元 in the 总体情况 and 收入总计1510.00万元 in the 说明 further on.
    Best practice: a total named the same way has one value wherever it is restated.  A
    warning: two sections may speak of different scopes under the same name.
    """
    for r in report.repeats:
        yield Hit(
            message=(f"「{r.name}」前后两处数值不一致：{r.first.raw}与{r.second.raw}"),
            expected=r.first.raw,
            actual=r.second.raw,
            evidence=[ev.at_figure(report, r.first), ev.at_figure(report, r.second)],
        )


SHARE_BASES = (
    "expense|total|*",
    "summary.expense|year_total|*",
    "fiscal_summary.expense|year_total|*",
)
"""Other totals a 类's share may be of: all spending, the 总表's, the 财政拨款 总表's."""


def _share_of_another(report: Report, st: Statement, sh, part: Decimal) -> bool:
    prefix = sh.statement.split("_", 1)[0] + "_"
    for ref in SHARE_BASES:
        sid, row_key, column = ref.split("|")
        other = statement_named(report, prefix + sid)
        if other is None or other.unit != st.unit:
            continue
        row = row_keyed(other, row_key) or next((r for r in other.rows if r.level == 0), None)
        k = None if row is None else cell_key(report, other, row, column)
        if row is None or k is None or row.cells[k].value == 0:
            continue
        v = check_ratio(sh.rate.value, part, row.cells[k].value)
        if v is not None and _one_digit(v, sh.rate.value).status != "mismatch":
            return True
    return False


@rule(
    "NR09",
    "narrative.class_share",
    "error",
    emits=[ROUNDING_CODE],
    kinds=("final_accounts", "budget"),
    basis="说明中某类支出占比与功能分类表中该类行÷合计行（records/links.py 的 shares）",
)
def class_share(report: Report) -> Iterator[Hit]:
    """A class's stated share of the function table differs from its row over the 合计.

    Anti-pattern: 一般公共服务支出（类）2106.66万元，占71.73% where the table's 2,106.66 / 2,940.05
    is 71.65%.
    Best practice: each 类's share = its row ÷ the 合计 row of the same column, at the printed
    precision of the share.
    """
    for sh in report.shares:
        st = statement_named(report, sh.statement)
        if st is None:
            continue
        row = row_keyed(st, sh.row)
        total = next((r for r in st.rows if r.level == 0), None)
        if row is None or total is None or sh.column not in row.cells:
            continue
        part, whole = row.cells[sh.column], total.cells.get(sh.column)
        if whole is None or whole.value == 0:
            continue
        verdict = check_ratio(sh.rate.value, part.value, whole.value)
        if verdict is None or verdict.status == "exact":
            continue
        verdict = _one_digit(verdict, sh.rate.value)
        if verdict.status == "mismatch" and _share_of_another(report, st, sh, part.value):
            continue  # the share is of another total the 说明 may mean (本年支出合计 …)
        msg = (
            f"说明中「{row.label}」占比{sh.rate.raw}，{st.title}中{part.raw}÷合计{whole.raw}="
            f"{ev.num(verdict.expected)}%"
        )
        if verdict.status == "rounding":
            msg += "，属舍入差异"
        yield verdict_hit(
            verdict,
            msg,
            [ev.at_figure(report, sh.rate), ev.at_row(report, row.block, row.row, row.label)],
        )


BASE_WORD = {"initial": "年初预算", "full_year": "全年预算", "budget": "预算"}


@rule(
    "NR10",
    "narrative.completion_rate",
    "error",
    emits=[ROUNDING_CODE],
    basis="同一句中的预算数、决算（执行）数与完成率（records/completion.py 读出的 completions）",
)
def completion_rate(report: Report) -> Iterator[Hit]:
    """A budget completion rate does not follow from the amounts its sentence states.

    Anti-pattern: 年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的
    95.89% (95.89% is of the 全年预算; of 0 it is nothing).
    Best practice: 完成率 = 决算数 ÷ the budget the sentence names, at the printed precision.
    A rate that fits another budget the sentence states is a warning (a wording slip).  A
    paid share with the unpaid amount beside it (资金支付18501.096万元，未支703万元，支付率95%)
    is of their sum: 96.34% there.
    """
    for c in report.completions:
        base = c.bases.get(c.named)
        if base is None and c.named == "budget" and len(c.bases) == 1:
            base = next(iter(c.bases.values()))
        if base is None and not c.bases and c.unspent is not None:
            hit = _paid_share(report, c, c.unspent)
            if hit is not None:
                yield hit
            continue
        if base is None:
            continue
        evidence = [ev.at_figure(report, c.rate)]
        verdict = None
        if base.value != 0:
            h = half_unit(max(places(base.value), places(c.actual.value)))
            verdict = check_ratio(
                c.rate.value, c.actual.value, base.value, part_half=h, total_half=h
            )
            if verdict is None or verdict.status == "exact":
                continue
            verdict = _one_digit(verdict, c.rate.value)  # 95.45% for 95.457: truncated
        elif c.rate.value == 0 or c.actual.value == 0:
            continue
        word = BASE_WORD[c.named]
        others = [
            (name, b)
            for name, b in c.bases.items()
            if b is not base
            and b.value != 0
            and (v := check_ratio(c.rate.value, c.actual.value, b.value)) is not None
            and v.status == "exact"
        ]
        if others:
            name, other = others[0]
            yield Hit(
                message=(
                    f"文中称完成{word}的{c.rate.raw}，但{c.actual.raw}÷{word}{base.raw}"
                    f"{'无从计算' if base.value == 0 else '不等于此数'}；{c.rate.raw}是对"
                    f"{BASE_WORD[name]}{other.raw}的完成率"
                ),
                expected=BASE_WORD[name],
                actual=word,
                evidence=evidence,
                severity="warning",
            )
            continue
        if verdict is None:
            yield Hit(
                message=f"文中称完成{word}的{c.rate.raw}，但{word}为{base.raw}，无从计算完成率",
                expected="—",
                actual=ev.num(c.rate.value),
                evidence=evidence,
            )
            continue
        msg = (
            f"{c.actual.raw}÷{word}{base.raw}={ev.num(verdict.expected)}%，"
            f"文中为完成{word}的{c.rate.raw}"
        )
        if verdict.status == "rounding":
            msg += "，属舍入差异"
        yield verdict_hit(verdict, msg, evidence)


def _paid_share(report: Report, c: Completion, unspent: Figure) -> Hit | None:
    """支付C万元，未支U万元，支付率P%: P against C ÷ (C + U), each amount within its own
    printed rounding."""
    whole = c.actual.value + unspent.value
    if whole == 0:
        return None
    part_half = half_unit(places(c.actual.value))
    verdict = check_ratio(
        c.rate.value,
        c.actual.value,
        whole,
        part_half=part_half,
        total_half=part_half + half_unit(places(unspent.value)),
    )
    if verdict is None or verdict.status == "exact":
        return None
    verdict = _one_digit(verdict, c.rate.value)
    msg = (
        f"{c.actual.raw}÷（{c.actual.raw}+未支{unspent.raw}）"
        f"={ev.num(round(c.actual.value / whole * 100, 2))}%，"
        f"文中为{c.rate.label or '比率'}{c.rate.raw}"
    )
    if verdict.status == "rounding":
        msg += "，属舍入差异"
    return verdict_hit(verdict, msg, [ev.at_figure(report, c.rate)])


@functools.cache
def _balanced() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    data = patterns.load("links")["balanced_totals"]
    return (
        re.compile(data["pair"]),
        re.compile(data["income"]),
        re.compile(data["expense"]),
        re.compile(data["not_before"]),
        int(data["max_gap"]),
    )


def _after(figs: list, end: int, gap: int) -> list:
    """Money figures starting at most ``gap`` characters after ``end``, in order."""
    return [f for f in figs if f.unit in MONEY and 0 <= f.start - end <= gap]


def balanced_pairs(report: Report) -> Iterator[tuple[str, Figure, Figure]]:
    """(sentence, 收入总计 figure, 支出总计 figure) for every sentence that states both."""
    pair_rx, income_rx, expense_rx, not_before, gap = _balanced()
    doc = report.document
    if doc is None:
        return
    index = textindex.figures(report)  # the figures by block, in text order
    for b in doc.blocks:
        figs, starts = index.by_block.get(b.index), index.starts.get(b.index, [])
        if b.table is not None or not figs:
            continue
        for m in re.finditer(r"[^。；;\n]+", b.text):
            sentence = m.group(0)
            inside = figs[bisect_left(starts, m.start()) : bisect_left(starts, m.end())]
            p = pair_rx.search(sentence)
            if p is not None:
                after = [f for f in inside if f.unit in MONEY and f.start >= m.start() + p.end()]
                if len(after) >= 2 and after[0].start - (m.start() + p.end()) <= gap:
                    yield sentence, after[0], after[1]
                continue
            sides = []
            for rx in (income_rx, expense_rx):
                hit = next(
                    (
                        x
                        for x in rx.finditer(sentence)
                        if not not_before.search(sentence[: x.start()])
                    ),
                    None,
                )
                found = _after(inside, m.start() + hit.end(), gap) if hit else []
                sides.append(found[0] if found else None)
            if sides[0] is not None and sides[1] is not None:
                yield sentence, sides[0], sides[1]


@rule(
    "NR11",
    "narrative.totals_unbalanced",
    "error",
    kinds=("final_accounts", "budget"),
    basis="同一句中的收入总计与支出总计（patterns/links.yaml balanced_totals）",
)
def totals_unbalanced(report: Report) -> Iterator[Hit]:
    """A sentence states a 收入总计 and a 支出总计 that differ.

    Anti-pattern: 收、支总计各是4125.49,4143.91万元 (the two are 本年收入合计 and 本年支出合计:
    年初结转和结余 and 年末结转和结余 were left out).
    Best practice: 收入总计 = 本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余 = 支出总计.
    """
    for _sentence, inc, exp in balanced_pairs(report):
        unit = exp.unit or inc.unit or "元"  # 各是A,B万元: the unit printed once, after B
        a = inc.value * MONEY[inc.unit or unit]
        b = exp.value * MONEY[exp.unit or unit]
        # printed at different precisions, one may be the other rounded
        h = half_unit(min(places(inc.value), places(exp.value))) * MONEY[unit]
        if abs(a - b) <= h:
            continue
        yield Hit(
            message=(
                f"收入总计{inc.raw}与支出总计{exp.raw}不等（相差{ev.num(abs(a - b) / MONEY[unit])}{unit}）；"
                "决算（预算）收支总表中二者恒等，疑将本年收入/支出合计写作总计"
            ),
            expected=ev.num(inc.value),
            actual=ev.num(exp.value),
            difference=ev.num(abs(a - b) / MONEY[unit]),
            tolerance="0",
            evidence=[ev.at_figure(report, inc)],
        )
