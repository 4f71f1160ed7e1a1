"""Narrative rules NR01–NR04 (rules stage): what the text says against the tables.

The text restates table amounts (本年支出合计200.13万元), shares of them
(占50.47%), 其中 breakdowns and, for each 绩效目标, its 完成情况.  Labels are
matched to table cells through the synonym lists of ``patterns/narrative.yaml``
— exactly, after stripping qualifiers that do not change the meaning (本年,
其中, a year) — so an amount with any other qualifier (上年支出合计, 培训项目支出)
is never compared with the wrong cell.  Approximate figures (约, 多, 余) are not
restatements and are left alone.

When a comparison is uncertain the rules stay silent rather than raise an error:
an amount said of another period or of a budget (上年度…, 2019年…, 部门预算收入…其中,
年初…), of one project in a department's report (该项目…), a point inside the year
(截至6月底), or a figure in a column of targets (年度指标值) is not compared; 其中
parts along two different attributes (女性 / 党员) are not added up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import patterns
from ..loaders.normalize import key
from ..report import Figure, FinanceTable, Report, Row
from . import evidence as ev
from . import textindex
from .finance import project_rows
from .registry import ROUNDING_CODE, SELF_EVALUATION, Hit, rule, verdict_hit
from .rounding import check_ratio, check_restated, half_unit, places

ZERO = Decimal(0)
_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")
PUNCT = re.compile(r"[\s。，、；;：:,.!！？?…“”\"'‘’（）()【】\[\]—\-－/／]+")


def narrative_conf() -> dict:
    return patterns.load("narrative")


@functools.cache
def _keyed(name: str) -> tuple[str, ...]:
    """The words of the list ``name`` of patterns/narrative.yaml (none if absent) in their key
    form, keyed once, in the file's order."""
    return tuple(key(w) for w in narrative_conf().get(name) or [])


# ── labels → table cells ──────────────────────────────────────────────────


def label_forms(label: str | None) -> list[str]:
    """A figure's label and what it becomes as qualifiers that do not change its meaning are
    stripped one at a time: 2020年本年支出合计 → 本年支出合计 → 支出合计.  The lookup takes the
    first form it knows, so 累计结余 is found before 累计 would be stripped from it."""
    return [form for form, _ in _stripped_forms(label)]


@functools.cache
def _affixes() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(characters stripped, prefixes, suffixes) of patterns/narrative.yaml, longest first."""
    conf = narrative_conf()
    prefixes = sorted((key(p) for p in conf["prefixes"]), key=len, reverse=True)
    suffixes = sorted((key(p) for p in conf.get("suffixes", [])), key=len, reverse=True)
    return tuple(conf["label_strip"]), tuple(prefixes), tuple(suffixes)


def _stripped_forms(label: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """Each form of ``label`` with the prefixes stripped to reach it."""
    return list(_stripped_forms_of(label)) if label else []


@functools.lru_cache(maxsize=8192)
def _stripped_forms_of(label: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    strip, prefixes, suffixes = _affixes()
    text = key(label)
    for ch in strip:
        text = text.replace(ch, "")
    forms: list[tuple[str, tuple[str, ...]]] = [(text, ())]
    stripped: tuple[str, ...] = ()
    while text:
        m = _YEAR.match(text)
        if m and len(text) > m.end():
            text = text[m.end() :]
        elif p := next((p for p in prefixes if text.startswith(p) and len(text) > len(p)), None):
            text = text[len(p) :]
            stripped = (*stripped, p)
        elif sfx := next((x for x in suffixes if text.endswith(x) and len(text) > len(x)), None):
            text = text[: -len(sfx)]
        else:
            break
        forms.append((text, stripped))
    return tuple(forms)


@functools.cache
def _label_index() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for entry in narrative_conf()["amounts"]:
        for lab in entry["labels"]:
            out.setdefault(label_forms(lab)[0], entry)
    return out


def entry_for(label: str | None) -> dict | None:
    """The table cell entry (patterns/narrative.yaml `amounts`) a label names, if any.  A
    qualifier that names one project (该项目, 本项目 — `scoped_prefixes`) only leads to the
    project funds table: 该项目全年支出 in a department's report is not the department's 支出合计."""
    index = _label_index()
    scoped = {
        key(p): tables for p, tables in (narrative_conf().get("scoped_prefixes") or {}).items()
    }
    for form, stripped in _stripped_forms(label):
        if form in index:
            entry = index[form]
            if any(entry["table"] not in scoped[p] for p in stripped if p in scoped):
                return None
            return entry
    return None


@dataclass(frozen=True)
class CellRef:
    """A table cell a label names, with the cell's value and unit scale."""

    value: Decimal
    raw: str
    scale: Decimal
    unit: str
    where: str
    block: int | None
    row: int | None
    page: int | None


def money_scale(unit: str | None) -> Decimal | None:
    if not unit:
        return None
    units = narrative_conf()["money_units"]
    u = key(unit)
    return Decimal(str(units[u])) if u in units else None


def _row_of(report: Report, entry: dict) -> tuple[FinanceTable, Row] | None:
    table: FinanceTable | None = getattr(report.tables, entry["table"], None)
    if table is None:
        return None
    if entry["table"] == "project_funds":
        total, _ = project_rows(table)
        return (table, total) if total is not None else None
    summary = [r for r in table.rows if r.is_summary]
    if len(summary) == 1:
        return table, summary[0]
    filled = [r for r in table.rows if entry["key"] in r.cells]
    return (table, filled[0]) if len(filled) == 1 else None


def _ref(name: str, table: FinanceTable, row: Row, k: str) -> CellRef | None:
    cell = row.cells.get(k)
    scale = money_scale(table.unit)
    if cell is None or scale is None:
        return None
    names = patterns.load("checks")["finance"]
    col = names["columns"].get(name, {}).get(k, k)
    where = f"{names['tables'].get(name, name)}「{row.org}」{col}"
    return CellRef(
        cell.value, cell.raw, scale, table.unit or "", where, table.block, row.row, table.page
    )


def _keys(entry: dict) -> list[str]:
    k = entry["key"]
    return list(k) if isinstance(k, list) else [k]


def cells_for(report: Report, label: str | None) -> list[CellRef]:
    """The table cells a label may name (a label like 预算数 may mean more than one column)."""
    entry = entry_for(label)
    if entry is None:
        return []
    found = _row_of(report, {**entry, "key": _keys(entry)[0]})
    if found is None:
        return []
    table, row = found
    refs = [_ref(entry["table"], table, row, k) for k in _keys(entry)]
    return [r for r in refs if r is not None]


def cell_for(report: Report, label: str | None) -> CellRef | None:
    """The table cell a label names, if the report has it (the first reading)."""
    refs = cells_for(report, label)
    return refs[0] if refs else None


def _source_refs(report: Report, f: Figure) -> list[CellRef]:
    """A 其中 part naming a source row of the project funds table (当年财政拨款, 上年结转) takes the
    column of its breakdown's total: 全年预算数X，其中上年结转Y → 上年结转's 全年预算数."""
    table = report.tables.project_funds
    if table is None:
        return []
    total = next(
        (
            b.total
            for b in report.breakdowns
            if any(p.block == f.block and p.start == f.start for p in b.parts)
        ),
        None,
    )
    if total is None:
        return []
    entry = entry_for(total.label)
    if entry is None or entry["table"] != "project_funds":
        return []
    _, sources = project_rows(table)
    forms = set(label_forms(f.label))
    labels = patterns.load("checks")["finance"]["project_funds"]["source_rows"]
    for name, row in sources.items():
        if forms & {key(x) for x in labels[name]}:
            refs = [_ref("project_funds", table, row, k) for k in _keys(entry)]
            return [r for r in refs if r is not None]
    return []


def _table_blocks(report: Report) -> set[int]:
    out = set()
    for name in ("income", "expense", "sangong", "assets", "project_funds"):
        t = getattr(report.tables, name)
        if t is not None and t.block is not None:
            out.add(t.block)
    return out


@functools.cache
def _part_year_re() -> re.Pattern[str] | None:
    pat = narrative_conf().get("part_year")
    return re.compile(pat) if pat else None


MAX_HEAD = 400
"""Characters before a figure its sentence is searched back over for a point inside the
year (a longer run without a sentence end is a list, not a sentence: linear time)."""
MAX_CLAUSE = 200
"""Characters before a figure its clause is searched back over for another period."""


def _head(report: Report, f: Figure, stop: str, limit: int) -> str:
    """The text of ``f``'s block before it, back to the start of its ``stop`` unit
    (textindex.BlockIndex.start_of), at most ``limit`` characters."""
    doc = report.document
    if doc is None or f.block is None:
        return ""
    idx = textindex.index(doc)
    block = idx.block(f.block)
    bi = idx.of_block(f.block)
    if block is None or bi is None or f.start > len(block.text):
        return ""
    start = max(bi.start_of(f.start, stop), f.start - limit)
    return block.text[start : f.start]


def part_of_year(report: Report, f: Figure) -> bool:
    """Is ``f`` said of a point inside the year (截至6月底，执行率为45.2%)?  Its sentence up to
    the figure names one (patterns/narrative.yaml `part_year`); then it is not the year's cell."""
    rx = _part_year_re()
    if rx is None:
        return False
    return rx.search(_head(report, f, "full", MAX_HEAD)) is not None


@functools.cache
def _period_res() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    conf = narrative_conf()
    other, budget = conf.get("other_period"), conf.get("budget_context")
    return (re.compile(other) if other else None, re.compile(budget) if budget else None)


def report_year(report: Report) -> str | None:
    """The year the report is about: meta.year, else the year the text names most often (the
    latest of those tied)."""
    if report.meta.year:
        m = re.search(r"(?:19|20)\d{2}", report.meta.year)
        if m:
            return m.group(0)
    doc = report.document
    if doc is None:
        return None
    counts = textindex.index(doc).year_counts
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def _sentence_year(report: Report, f: Figure) -> str | None:
    """The nearest year ``f``'s sentence names before it (2019年, not 较2019年)."""
    doc = report.document
    if doc is None or f.block is None:
        return None
    idx = textindex.index(doc)
    bi = idx.of_block(f.block)
    if bi is None or f.start > len(bi.text):
        return None
    return bi.last_year(bi.start_of(f.start), f.start)


def other_period(report: Report, f: Figure, matched: str | None = None, budget_ok: bool = False):
    """Is ``f`` said of another period or of a budget, not of this year's actuals?

    Its clause up to the figure names another period (上年度, 去年 — patterns/narrative.yaml
    `other_period`) or, unless the label itself names a budget (``budget_ok``), a budget or plan
    (`budget_context`: 年初预算, 计划); or the nearest year its sentence names before it
    (2019年, not 较2019年) is not the report's year.  ``matched`` is the table label the figure
    was matched by (上年结转, 一般公共预算财政拨款): its own words do not count.  Uncertain
    either way means not compared: a restatement of another period is no error."""
    other, budget = _period_res()
    clause = key(_head(report, f, "clause", MAX_CLAUSE))
    if matched:
        clause = clause.replace(matched, "")
    if other is not None and other.search(clause):
        return True
    if not budget_ok and budget is not None and budget.search(clause):
        return True
    year = _sentence_year(report, f)
    this = report_year(report)
    return bool(year and this and year != this)


def is_target(f: Figure) -> bool:
    """Is ``f`` in a column of targets (年度指标值 ≥100%)? A target is not a restatement."""
    return bool(f.column) and key(f.column or "") in _keyed("target_columns")


def _matched_form(label: str | None) -> str | None:
    index = _label_index()
    return next((x for x in label_forms(label) if x in index), None)


def said_of_other_period(report: Report, f: Figure) -> bool:
    """``f`` or, for a 其中 part, its breakdown's total is said of another period or a budget."""
    entry = entry_for(f.label)
    budget_ok = bool(entry and entry.get("budget"))
    if other_period(report, f, _matched_form(f.label), budget_ok):
        return True
    total = _breakdown_total(report, f)
    if total is None:
        return False
    t_entry = entry_for(total.label)
    return other_period(
        report,
        total,
        _matched_form(total.label),
        budget_ok or bool(t_entry and t_entry.get("budget")),
    )


def _cell_evidence(report: Report, ref: CellRef):
    return ev.at_row(report, ref.block, ref.row, f"{ref.where}{ref.raw}{ref.unit}", page=ref.page)


# ── NR01 ──────────────────────────────────────────────────────────────────


@rule("NR01", "narrative.amount_restated", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def amount_restated(report: Report) -> Iterator[Hit]:
    """An amount restated in the text differs from the table cell it names.

    Anti-pattern: 综述 says 基本支出101.10万元 while the expense table's 汇总 row has 基本支出 101.01.
    Best practice: every amount the text restates (本年支出合计, 基本支出, 项目支出 …) equals its cell,
    after converting 元 ↔ 万元 ↔ 亿元; a restatement at a coarser precision (200万元 for 200.13) is
    fine.  Uncertain means silent, never an error: an approximate figure (约/近/余), an amount of
    another year or of a budget (上年度收入合计, 2019年支出总额, 部门预算收入…其中财政拨款), of one
    project (该项目全年支出), of a point inside the year, or a target cell is not compared.
    """
    skip = _table_blocks(report)
    for f in report.figures:
        if f.approx or f.op != "=" or f.block in skip:
            continue
        fscale = money_scale(f.unit)
        if fscale is None or is_target(f) or part_of_year(report, f):
            continue
        if said_of_other_period(report, f):
            continue
        refs = cells_for(report, f.label) or _source_refs(report, f)
        if not refs:
            continue
        # an ambiguous label holds if any cell it may name holds
        rank = {"exact": 0, "rounding": 1, "mismatch": 2}
        v, ref = min(
            ((check_restated(f.value, fscale, r.value, r.scale), r) for r in refs),
            key=lambda pair: rank[pair[0].status],
        )
        if v.status == "exact":
            continue
        said = f"文中「{f.label}{f.raw}」"
        if v.status == "rounding":
            message = (
                f"{said}与{ref.where}{ref.raw}{ref.unit}（折合{ev.num(v.expected)}{f.unit}）相差{ev.num(v.difference)}，"
                f"在四舍五入允许范围（±{ev.num(v.tolerance)}）内，属舍入差异"
            )
        else:
            message = (
                f"{said}与{ref.where}{ref.raw}{ref.unit}（折合{ev.num(v.expected)}{f.unit}）不符，"
                f"相差{ev.num(v.difference)}{f.unit}"
            )
        yield verdict_hit(v, message, [ev.at_figure(report, f), _cell_evidence(report, ref)])


# ── NR02 ──────────────────────────────────────────────────────────────────


def is_percent(f: Figure) -> bool:
    return (f.unit or "") in ("%", "％")


@dataclass(frozen=True)
class Amount:
    """A number taking part in a ratio, in a base unit, with its half-unit of rounding."""

    value: Decimal
    half: Decimal
    text: str
    evidence: object


def figure_amount(report: Report, f: Figure) -> Amount | None:
    if f.approx or f.op != "=":
        return None
    scale = money_scale(f.unit) or Decimal(1)
    return Amount(
        f.value * scale,
        half_unit(places(f.value)) * scale,
        f"{f.label or ''}{f.raw}",
        ev.at_figure(report, f),
    )


def _ref_amount(report: Report, ref: CellRef) -> Amount:
    return Amount(
        ref.value * ref.scale,
        half_unit(places(ref.value)) * ref.scale,
        f"{ref.where}{ref.raw}{ref.unit}",
        _cell_evidence(report, ref),
    )


def _same_kind(a: Figure, b: Figure) -> bool:
    """Two figures can be part and whole: both money, or the same count unit."""
    if money_scale(a.unit) is not None and money_scale(b.unit) is not None:
        return True
    return key(a.unit or "") == key(b.unit or "") and not is_percent(a)


def previous_figure(report: Report, pct: Figure) -> Figure | None:
    gap = int(narrative_conf()["max_gap"])
    # the nearest figure before it (figures are disjoint spans: the nearest ends last)
    f = next(
        (
            f
            for f in textindex.figures(report).before(pct.block, pct.start)
            if f.end <= pct.start and not is_percent(f)
        ),
        None,
    )
    return f if f is not None and pct.start - f.end <= gap else None


def _breakdown_total(report: Report, part: Figure) -> Figure | None:
    return textindex.figures(report).part_total.get((part.block, part.start))


def _strip_share(text: str) -> str:
    words = ("的比例", "的比重", "比例", "比重", "的", "为", "达", "约")
    while any(text.endswith(w) for w in words):
        text = next(text.removesuffix(w) for w in words if text.endswith(w))
    return text


def _named_figure(report: Report, pct: Figure, name: str) -> Figure | None:
    """The amount before ``pct`` in its block whose label names ``name`` (the whole of a share)."""
    return next(
        (
            f
            for f in textindex.figures(report).before(pct.block, pct.start)
            if f.end <= pct.start and not is_percent(f) and name in set(label_forms(f.label))
        ),
        None,
    )


def share_sides(label: str | None) -> tuple[str, str] | None:
    """A share's label split at its marker: the part named before it and the whole named after
    it (项目支出占本年支出合计的 → 项目支出, 本年支出合计); None when no marker is printed or the
    label speaks of a change of the share (占比同比增长2.5%)."""
    text = key(label or "")
    # the marker printed first (人员支出占基本支出的比重: 占, not 比重), the longest at one place
    found = [(text.find(m), -len(m), m) for m in _keyed("share_markers")]
    found = [x for x in found if x[0] >= 0]
    if not found:
        return None
    pre, post = text.split(min(found)[2], 1)
    post = _strip_share(post)
    if any(w in post for w in _keyed("share_changes")):
        return None
    return pre, post


def _share_parts(report: Report, pct: Figure) -> tuple[Amount, Amount] | None:
    """(part, total) a share percentage is computed from, or ``None`` when it is not a share."""
    sides = share_sides(pct.label)
    if sides is None:
        return None
    pre, post = sides
    part: Amount | None = None
    part_fig: Figure | None = None
    if pre and (ref := cell_for(report, pre)) is not None:
        part = _ref_amount(report, ref)
    else:
        part_fig = previous_figure(report, pct)
        if part_fig is not None and said_of_other_period(report, part_fig):
            return None  # 上年度基本支出x万元，占当年支出总额的y%: not this year's table
        part = figure_amount(report, part_fig) if part_fig is not None else None
    if part is None:
        return None
    total: Amount | None = None
    if post and (ref := cell_for(report, post)) is not None:
        total = _ref_amount(report, ref)
    elif post and (tf := _named_figure(report, pct, post)) is not None:
        total = figure_amount(report, tf)  # 占政府采购支出总额的x%: the figure of that name
    elif (
        part_fig is not None
        and (tf := _breakdown_total(report, part_fig)) is not None
        and _same_kind(part_fig, tf)
        and (not post or post in set(label_forms(tf.label)))
    ):
        # the total of the part's breakdown, unless the text names another whole
        total = figure_amount(report, tf)
    if total is None:
        return None
    return part, total


def _rate_parts(report: Report, pct: Figure) -> tuple[Amount, Amount] | None:
    forms = set(label_forms(pct.label))
    for entry in narrative_conf().get("rates", []):
        if not forms & {label_forms(x)[0] for x in entry["labels"]}:
            continue
        found = _row_of(report, {"table": entry["table"], "key": entry["part"]})
        if found is None:
            continue
        table, row = found
        scale = money_scale(table.unit) or Decimal(1)
        part = row.cells.get(entry["part"])
        whole_key = next(
            (k for k in entry["whole"] if k in row.cells and row.cells[k].value != 0), None
        )
        if part is None or whole_key is None:
            continue
        whole = row.cells[whole_key]
        cols = patterns.load("checks")["finance"]["columns"].get(entry["table"], {})
        e = ev.at_row(report, table.block, row.row, f"{row.org}", page=table.page)
        return (
            Amount(
                part.value * scale,
                half_unit(places(part.value)) * scale,
                f"{cols.get(entry['part'], '')}{part.raw}",
                e,
            ),
            Amount(
                whole.value * scale,
                half_unit(places(whole.value)) * scale,
                f"{cols.get(whole_key, '')}{whole.raw}",
                e,
            ),
        )
    return None


def _ratio_verdict(stated: Decimal, part: Amount, total: Amount):
    """check_ratio with each amount's own rounding (they may come in different units)."""
    return check_ratio(stated, part.value, total.value, part_half=part.half, total_half=total.half)


@rule("NR02", "narrative.percentage", "error", emits=[ROUNDING_CODE], kinds=SELF_EVALUATION)
def percentage(report: Report) -> Iterator[Hit]:
    """A percentage in the text differs from part / total computed from the report's own numbers.

    Anti-pattern: 基本支出101.01万元，占55.47% of 本年支出合计200.13万元.
    Best practice: the share equals part / total rounded to the printed decimals
    (101.01 / 200.13 = 50.47%); a share only rounding apart is an FN90 note.  Only a share whose
    part and whole are both found (in the text before it or a named table cell) or a rate the
    funds table decides is recomputed; growth rates (同比增长), a change of a share (占比较上年
    提高), another year's share or rate, and a target (年度指标值 100%) give no finding.
    """
    for pct in report.figures:
        if not is_percent(pct) or pct.approx or pct.op != "=" or part_of_year(report, pct):
            continue
        if is_target(pct) or other_period(report, pct, budget_ok=True):
            continue  # a target (年度指标值 100%), or another year's rate (2019年预算执行率88%)
        pair = _share_parts(report, pct) or _rate_parts(report, pct)
        if pair is None:
            continue
        part, total = pair
        verdict = _ratio_verdict(pct.value, part, total)
        if verdict is None or verdict.status == "exact":
            continue
        how = f"{part.text}÷{total.text}"
        if verdict.status == "rounding":
            message = (
                f"文中「{pct.label or ''}{pct.raw}」，按{how}计算为{ev.num(verdict.expected)}%，"
                f"差异在四舍五入允许范围（±{ev.num(verdict.tolerance)}）内，属舍入差异"
            )
        else:
            message = (
                f"文中「{pct.label or ''}{pct.raw}」，按{how}计算应为{ev.num(verdict.expected)}%，"
                "两者不符"
            )
        evidence = [ev.at_figure(report, pct)]
        for a in (part, total):
            if a.evidence not in evidence:
                evidence.append(a.evidence)  # type: ignore[arg-type]
        yield verdict_hit(verdict, message, evidence)
