"""Finance rules FN01–FN07, FN90 (rules stage): the money identities of the tables.

Every relation is checked row by row with ``rounding.check_sum``: a difference
within rounding is an FN90 note, beyond it the relation's own error.  Which
columns add up to which is data (``patterns/checks.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import patterns
from ..loaders.normalize import key
from ..report import CellValue, FinanceTable, Report, Row
from . import evidence as ev
from .registry import ROUNDING_CODE, SELF_EVALUATION, Hit, rule, verdict_hit
from .rounding import Verdict, check_ratio, check_sum

ZERO = Decimal(0)


def _conf() -> dict:
    return patterns.load("checks")["finance"]


def _table(report: Report, name: str) -> FinanceTable | None:
    return getattr(report.tables, name, None)


def _col(table: str, k: str) -> str:
    return _conf()["columns"].get(table, {}).get(k, k)


def _row_evidence(report: Report, table: FinanceTable, name: str, row: Row, keys: list[str]):
    fallback = ev.finance_row_fallback(row.org, row, _conf()["columns"].get(name, {}), keys)
    return ev.at_row(report, table.block, row.row, fallback, page=table.page)


def _unit(table: FinanceTable) -> str:
    return table.unit or ""


def _sum_hit(
    verdict: Verdict, what: str, total_label: str, parts_text: str, unit: str, evidence
) -> Hit | None:
    """The finding for one checked sum, or ``None`` when it holds exactly."""
    if verdict.status == "exact":
        return None
    d, t = ev.num(verdict.difference), ev.num(verdict.tolerance)
    if verdict.status == "rounding":
        message = (
            f"{what}：{parts_text}={ev.num(verdict.expected)}{unit}，与{total_label}"
            f"{ev.num(verdict.actual)}{unit}相差{d}，在四舍五入允许范围（±{t}）内，属舍入差异"
        )
    else:
        message = (
            f"{what}：{parts_text}={ev.num(verdict.expected)}{unit}，与{total_label}"
            f"{ev.num(verdict.actual)}{unit}不符，相差{d}{unit}"
        )
    return verdict_hit(verdict, message, [evidence])


def _relation(report: Report, code: str) -> Iterator[Hit]:
    """total = Σ parts on every row of the relation's table."""
    rel = next(r for r in _conf()["relations"] if r["code"] == code)
    name = rel["table"]
    table = _table(report, name)
    if table is None:
        return
    tables = _conf()["tables"]
    for row in table.rows:
        total = row.cells.get(rel["total"])
        present = [k for k in rel["parts"] if k in row.cells]
        if total is None or not present or set(row.unread) & {rel["total"], *rel["parts"]}:
            continue  # a cell of the sum printed but not read: the sum cannot be checked
        values = [row.cells[k].value for k in present]
        verdict = check_sum(total.value, values)
        parts_text = "+".join(f"{_col(name, k)}{row.cells[k].raw}" for k in present)
        hit = _sum_hit(
            verdict,
            f"{tables.get(name, name)}「{row.org}」行",
            _col(name, rel["total"]),
            parts_text,
            _unit(table),
            _row_evidence(report, table, name, row, [rel["total"], *present]),
        )
        if hit:
            yield hit


@rule("FN01", "finance.income_items", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def income_items(report: Report) -> Iterator[Hit]:
    """Income items do not add up to 收入合计.

    Anti-pattern: 收入合计 210.13 with 公共财政拨款 181.81 and 政府基金拨款 18.31 (200.12).
    Best practice: 收入合计 = 上年结转 + 公共财政拨款 + 政府基金拨款 + 纳入专户管理的非税收入拨款 + 其他收入,
    within rounding (200.13 against 200.12 is an FN90 note).
    """
    yield from _relation(report, "FN01")


@rule("FN02", "finance.expense_total", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def expense_total(report: Report) -> Iterator[Hit]:
    """基本支出 + 项目支出 does not equal 支出合计.

    Anti-pattern: 支出合计 200.13 with 基本支出 101.01 and 项目支出 89.12.
    Best practice: 支出合计 = 基本支出 + 项目支出 (200.13 = 101.01 + 99.12).
    """
    yield from _relation(report, "FN02")


@rule("FN03", "finance.basic_expense", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def basic_expense(report: Report) -> Iterator[Hit]:
    """人员支出 + 公用支出 does not equal 基本支出.

    Anti-pattern: 基本支出 101.01 with 人员支出 90.39 and 公用支出 11.62.
    Best practice: 基本支出 = 人员支出 + 公用支出 (101.01 = 90.39 + 10.62).
    """
    yield from _relation(report, "FN03")


@rule("FN04", "finance.sangong_items", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def sangong_items(report: Report) -> Iterator[Hit]:
    """三公经费 items do not add up to their 合计.

    Anti-pattern: 三公经费合计 5.00 with 公务接待费 1.20 and 公务用车运维费 2.80.
    Best practice: 合计 = 公务接待费 + 公务用车运维费 + 公务用车购置费 + 因公出国(境)费.
    """
    yield from _relation(report, "FN04")


@rule("FN05", "finance.asset_items", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def asset_items(report: Report) -> Iterator[Hit]:
    """Fixed-asset items do not add up to their 合计.

    Anti-pattern: 固定资产合计 39.32 with 在用 29.32, 出租 0, 其他 0.
    Best practice: 合计 = 在用 + 出租 + 其他 (39.32 = 39.32 + 0 + 0).
    """
    yield from _relation(report, "FN05")


@rule("FN06", "finance.summary_row", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def summary_row(report: Report) -> Iterator[Hit]:
    """The 汇总 row does not equal the sum of the institution rows, column by column.

    Anti-pattern: 局机关及二级机构汇总 支出合计 250.13 while 局机关 200.13 is the only institution.
    Best practice: each column of the 汇总 row = Σ the same column of 1、局机关, 2、二级机构1 …
    (columns no institution row fills are not checked).
    """
    conf = _conf()
    for name, keys in conf["summable"].items():
        table = _table(report, name)
        if table is None:
            continue
        summaries = [r for r in table.rows if r.is_summary]
        members = [r for r in table.rows if not r.is_summary]
        if len(summaries) != 1 or not members:
            continue
        summary = summaries[0]
        for k in keys:
            total = summary.cells.get(k)
            filled = [r for r in members if k in r.cells]
            if total is None or not filled or any(k in r.unread for r in [summary, *members]):
                continue
            verdict = check_sum(total.value, [r.cells[k].value for r in filled])
            parts_text = "+".join(f"「{r.org}」{r.cells[k].raw}" for r in filled)
            hit = _sum_hit(
                verdict,
                f"{conf['tables'].get(name, name)}「{_col(name, k)}」列",
                f"汇总行「{summary.org}」",
                parts_text,
                _unit(table),
                _row_evidence(report, table, name, summary, [k]),
            )
            if hit:
                yield hit


def _find_row(rows: list[Row], labels: list[str]) -> Row | None:
    wanted = [key(x) for x in labels]
    for w in wanted:  # in the order of the list: the most specific label first
        for r in rows:
            if key(r.org).lstrip("0123456789、.．") == w or w in key(r.org):
                return r
    return None


def project_rows(table: FinanceTable) -> tuple[Row | None, dict[str, Row]]:
    """The 年度资金总额 row and the source rows of a project funds table."""
    conf = _conf()["project_funds"]
    total = next((r for r in table.rows if r.is_summary), None) or _find_row(
        table.rows, conf["total_row"]
    )
    sources: dict[str, Row] = {}
    for name, labels in conf["source_rows"].items():
        r = _find_row(
            [x for x in table.rows if x is not total and x not in sources.values()], labels
        )
        if r is not None:
            sources[name] = r
    return total, sources


def partitions(table: FinanceTable) -> tuple[Row | None, list[list[Row]]]:
    """The 年度资金总额 row and each split of it the table prints (sources; kinds of spending).

    Rows under the total that neither list names are taken as sources: every such row of
    the standard forms is one (社会投入资金, 银行贷款 …)."""
    total, sources = project_rows(table)
    sources = {k: r for k, r in sources.items() if r.part_of is None}
    rest = [
        r for r in table.rows if r is not total and r not in sources.values() and r.part_of is None
    ]
    spending: list[Row] = []
    for labels in _conf()["project_funds"]["spending_rows"].values():
        r = _find_row([x for x in rest if x not in spending], labels)
        if r is not None:
            spending.append(r)
    unknown = [r for r in rest if r not in spending]
    by_source = [*sources.values(), *unknown]
    return total, [p for p in (by_source, spending) if p]


def nested_parts(table: FinanceTable) -> list[tuple[Row, list[Row]]]:
    """Rows detailing a part of the total (其中：上级补助, 本级安排 under 财政拨款), per part."""
    out: list[tuple[Row, list[Row]]] = []
    for row in table.rows:
        parts = [r for r in table.rows if r.part_of is not None and r.part_of == row.org]
        if parts and row.part_of is None and not row.is_summary:
            out.append((row, parts))
    return out


def rate_check(row: Row) -> tuple[Verdict, str, str] | None:
    """执行率 of a project funds row against 执行数 / 预算数, at the printed precision:
    (verdict, how it was computed, the unit the rate is printed in)."""
    conf = _conf()["project_funds"]
    rate = row.cells.get("rate")
    part = row.cells.get(conf["rate_of"])
    over = next((k for k in conf["rate_over"] if k in row.cells and row.cells[k].value != 0), None)
    if rate is None or part is None or over is None:
        return None
    whole = row.cells[over]
    factors = [Decimal(100)]
    if "%" not in rate.raw and "％" not in rate.raw and rate.value <= 1:
        factors.append(Decimal(1))  # printed as a ratio (0.98), not a percentage
    best: Verdict | None = None
    unit = "%"
    rank = {"exact": 0, "rounding": 1, "mismatch": 2}
    for f in factors:
        v = check_ratio(rate.value, part.value, whole.value, factor=f)
        if v is not None and (best is None or rank[v.status] < rank[best.status]):
            best, unit = v, "%" if f == 100 else ""
    if best is None:
        return None
    return (
        best,
        f"{_col('project_funds', conf['rate_of'])}{part.raw}/{_col('project_funds', over)}{whole.raw}",
        unit,
    )


@rule("FN07", "finance.project_funds", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def project_funds(report: Report) -> Iterator[Hit]:
    """Project funds: 年度资金总额 ≠ the sum of its sources, or 执行率 ≠ 执行数 / 预算数.

    Anti-pattern: 年度资金总额 全年预算数 120 with 当年财政拨款 100 and 上年结转 10;
    执行率 95% where 全年执行数 108 / 全年预算数 120 = 90%.
    Best practice: 年度资金总额 = 当年财政拨款 + 上年结转 + 其他资金 in every amount column, and
    执行率 = 全年执行数 / 全年预算数 at the printed precision.
    """
    table = report.tables.project_funds
    if table is None:
        return
    conf = _conf()
    tname = conf["tables"]["project_funds"]
    unit = _unit(table)
    total, splits = partitions(table)
    groups = [(total, parts) for parts in splits] if total is not None else []
    groups += nested_parts(table)  # a part = Σ its own parts, too
    for whole, parts in groups:
        for k in conf["project_funds"]["amount_keys"]:
            cell = whole.cells.get(k)
            filled = [r for r in parts if k in r.cells]
            if cell is None or not filled or any(k in r.unread for r in [whole, *parts]):
                continue
            verdict = check_sum(cell.value, [r.cells[k].value for r in filled])
            hit = _sum_hit(
                verdict,
                f"{tname}「{_col('project_funds', k)}」列",
                f"「{whole.org}」",
                "+".join(f"{r.org}{r.cells[k].raw}" for r in filled),
                unit,
                _row_evidence(report, table, "project_funds", whole, [k]),
            )
            if hit:
                yield hit
    for row in table.rows:
        checked = rate_check(row)
        if checked is None and row is total:
            yield from _rate_of_blank_total(report, table, row, splits)
            continue
        if checked is None or _rate_placeholder(row, total):
            continue
        verdict, how, pct = checked
        if verdict.status == "exact":
            continue
        rate = row.cells["rate"]
        evidence = _row_evidence(
            report, table, "project_funds", row, ["rate", "executed", "full_year_budget"]
        )
        said = f"{tname}「{row.org}」行：执行率{rate.raw}，按{how}计算"
        if verdict.status == "rounding":
            message = (
                f"{said}为{ev.num(verdict.expected)}{pct}，"
                f"差异在四舍五入允许范围（±{ev.num(verdict.tolerance)}）内，属舍入差异"
            )
        else:
            message = f"{said}应为{ev.num(verdict.expected)}{pct}，两者不符"
        yield verdict_hit(verdict, message, [evidence])


def _rate_placeholder(row: Row, total: Row | None) -> bool:
    """A source row's 执行率 printed 0 while its money was spent (the 中央 system's export
    prints 0.0% under 年度资金总额 for every source): the template's blank, not a rate."""
    rate = row.cells.get("rate")
    done = row.cells.get("executed")
    return (
        row is not total
        and rate is not None
        and rate.value == 0
        and done is not None
        and done.value > 0
    )


def _rate_of_blank_total(
    report: Report, table: FinanceTable, total: Row, splits: list[list[Row]]
) -> Iterator[Hit]:
    """A 年度资金总额 row printing 0 (or nothing) as its amounts but a 执行率, while its sources
    carry the money (pf01: 0 0 0 | 10 0 0 over 本年财政拨款 90 89.974 89.974): the rate is
    recomputed from the sources' sums.  A warning: the total row itself is wrong (FN07 says so
    above), and which amounts the rate was meant for is a reading."""
    conf = _conf()["project_funds"]
    keys = [conf["rate_of"], *conf["rate_over"]]
    if "rate" not in total.cells or not splits or any(k in total.unread for k in keys):
        return
    if any(total.cells[k].value != 0 for k in keys if k in total.cells):
        return
    sources = splits[0]
    sums = {
        k: sum((r.cells[k].value for r in sources if k in r.cells), ZERO)
        for k in keys
        if any(k in r.cells for r in sources)
    }
    if not sums.get(conf["rate_of"]) or not any(sums.get(k) for k in conf["rate_over"]):
        return
    cells = {"rate": total.cells["rate"]}
    cells.update({k: CellValue(value=v, raw=ev.num(v)) for k, v in sums.items()})
    checked = rate_check(Row(org=total.org, cells=cells, row=total.row))
    if checked is None or checked[0].status != "mismatch":
        return
    verdict, how, pct = checked
    yield Hit(
        message=(
            f"{_conf()['tables']['project_funds']}「{total.org}」行：金额为0而执行率为{total.cells['rate'].raw}；"
            f"按其来源各行合计{how}计算，执行率应为{ev.num(verdict.expected)}{pct}"
        ),
        expected=f"{ev.num(verdict.expected)}{pct}",
        actual=total.cells["rate"].raw,
        difference=verdict.difference,
        tolerance=verdict.tolerance,
        evidence=[_row_evidence(report, table, "project_funds", total, ["rate"])],
        severity="warning",
    )


@rule("FN90", "finance.rounding", "info")
def rounding_note(report: Report) -> Iterator[Hit]:
    """A difference within rounding: reported as a note, never an error.

    Anti-pattern: calling 收入合计 200.13 against 181.81 + 18.31 = 200.12 an error.
    Best practice: amounts printed to 2 decimals stand for ±0.005 each; a total that differs from
    its parts by no more than (terms × 0.005) is consistent. The arithmetic rules (FN01–FN07,
    NR01, NR02) yield this note themselves; this entry only registers the code.
    """
    return iter(())
