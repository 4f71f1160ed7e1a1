"""SC10 (rules stage): a score re-computed from its own 评分标准 and the report's numbers.

Split from rules/scoring.py (issue 19): the measures a standard is computed from (执行率,
人员控制率, 三公 change, 满意度 …), the standards of patterns/checks.yaml and the ones the
report prints itself (threshold bands, per-point deductions), and the rule.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

from .. import patterns
from ..loaders.normalize import key
from ..report import Report, ScoreRow
from . import evidence as ev
from .finance import project_rows
from .registry import SELF_EVALUATION, Hit, rule
from .rounding import HUNDRED, Interval, half_unit, places, plain, round_half_up
from .scoring import PERCENT, QUOTES, ZERO, row_ev, row_name

# ── SC10 re-scoring ───────────────────────────────────────────────────────


@dataclass(frozen=True)
class Measure:
    """What a standard is computed from: the value (as an interval) and how it was obtained."""

    value: Interval
    how: str
    refs: dict[str, Decimal]
    point: Decimal | None = None
    """The value computed from the printed numbers (default: the interval's middle)."""

    @property
    def at(self) -> Decimal:
        return self.point if self.point is not None else (self.value.lo + self.value.hi) / 2


def _summary_cell(report: Report, table: str, k: str) -> Decimal | None:
    t = getattr(report.tables, table, None)
    if t is None:
        return None
    rows = [r for r in t.rows if r.is_summary] or [r for r in t.rows if k in r.cells]
    if len(rows) != 1 or k not in rows[0].cells:
        return None
    return rows[0].cells[k].value


def _staff_control_rate(report: Report, row: ScoreRow) -> Measure | None:
    q, a = report.meta.staff_quota, report.meta.staff_actual
    if q is None or a is None or q == 0:
        return None
    rate = a / q * HUNDRED
    return Measure(
        Interval.point(rate),
        f"实有人数{ev.num(a)}/人员编制{ev.num(q)}={ev.num(round_half_up(rate, 2))}%",
        {},
    )


def _sangong_change(report: Report, row: ScoreRow) -> Measure | None:
    total = _summary_cell(report, "sangong", "total")
    if total is not None and total == 0:
        # nothing spent this year: the change against any year can only be ≤ 0
        return Measure(Interval.point(ZERO), "本年三公经费合计为0，变动率≤0", {})
    fell = patterns.load("standards").get(
        "sangong_decrease_words", ["减少", "下降", "降低", "节约"]
    )
    for f in report.figures:
        where = key((f.section or "") + (f.label or ""))
        if "三公" in where and any(w in (f.label or "") for w in fell) and f.value > 0:
            return Measure(
                Interval.point(-f.value), f"文中称三公经费{f.label}{f.raw}，变动率≤0", {}
            )
    return None


def _balance(report: Report, row: ScoreRow) -> Measure | None:
    bal = _summary_cell(report, "expense", "balance_current")
    if bal is None:
        return None
    refs = {}
    carry = _summary_cell(report, "income", "carryover")
    refs["carryover"] = carry if carry is not None else ZERO
    return Measure(Interval.point(bal), f"支出表当年结余{ev.num(bal)}", refs)


def _funds_total(report: Report):
    t = report.tables.project_funds
    if t is None:
        return None
    total, _ = project_rows(t)
    return total


def _budget_adjustment_rate(report: Report, row: ScoreRow) -> Measure | None:
    total = _funds_total(report)
    if (
        total is None
        or "initial_budget" not in total.cells
        or "full_year_budget" not in total.cells
    ):
        return None
    a, b = total.cells["initial_budget"].value, total.cells["full_year_budget"].value
    if a == 0:
        return None
    rate = abs(b - a) / a * HUNDRED
    how = f"|全年预算数{ev.num(b)}−年初预算数{ev.num(a)}|/年初预算数={ev.num(round_half_up(rate, 2))}%"
    if b == a:  # the same printed budget twice: no adjustment
        return Measure(Interval.point(ZERO), how, {}, ZERO)
    h = half_unit(max(places(a), places(b)))
    change = Interval(max(ZERO, abs(b - a) - 2 * h), abs(b - a) + 2 * h)
    rate_iv = change / Interval(a - h, a + h)
    if rate_iv is None:
        return None
    return Measure(rate_iv.scale(HUNDRED), how, {}, rate)


def _one_percent(text: str | None) -> Decimal | None:
    if not text:
        return None
    found = {Decimal(m) for m in PERCENT.findall(text.replace("％", "%"))}
    return found.pop() if len(found) == 1 else None


def _satisfaction(report: Report, row: ScoreRow) -> Measure | None:
    pct = _one_percent(row.actual)
    how = "实际完成值"
    if pct is None:
        values = {
            _one_percent(t.actual)
            for t in report.targets
            if "满意" in key((t.category or "") + (t.subcategory or "") + (t.target or ""))
        }
        values.discard(None)
        if len(values) != 1:
            return None
        pct = values.pop()
        how = "满意度完成情况"
    assert pct is not None
    return Measure(Interval.around(pct), f"{how}{ev.num(pct)}%", {})


def _execution_rate(report: Report, row: ScoreRow) -> Measure | None:
    total = _funds_total(report)
    if total is None or "executed" not in total.cells:
        return None
    over = next(
        (
            k
            for k in ("full_year_budget", "initial_budget")
            if k in total.cells and total.cells[k].value != 0
        ),
        None,
    )
    if over is None:
        return None
    e, b = total.cells["executed"].value, total.cells[over].value
    p = max(places(e), places(b))
    iv = Interval.around(e, p) / Interval.around(b, p)
    if iv is None:
        return None
    rate = e / b * HUNDRED
    word = "全年预算数" if over == "full_year_budget" else "年初预算数"
    return Measure(
        iv.scale(HUNDRED),
        f"全年执行数{ev.num(e)}/{word}{ev.num(b)}={ev.num(round_half_up(rate, 2))}%",
        {},
        rate,
    )


MEASURES: dict[str, Callable[[Report, ScoreRow], Measure | None]] = {
    "staff_control_rate": _staff_control_rate,
    "sangong_change": _sangong_change,
    "balance": _balance,
    "budget_adjustment_rate": _budget_adjustment_rate,
    "satisfaction": _satisfaction,
    "execution_rate": _execution_rate,
}


def _bound(value, refs: dict[str, Decimal]) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, str) and value in refs:
        return refs[value]
    return Decimal(str(value))


def _band_points(band: dict, full: Decimal) -> Decimal:
    if "share" in band:
        share = Fraction(str(band["share"]))
        return Decimal(share.numerator) / Decimal(share.denominator) * full
    pts = band["points"]
    return full if pts == "full" else Decimal(str(pts))


def _points_at(
    x: Decimal, scoring: dict, full: Decimal, refs: dict[str, Decimal]
) -> list[Decimal] | None:
    """Every reading of the standard's points at measure ``x`` (one, except for over_limit)."""
    kind = scoring["kind"]
    if kind in ("over_limit", "under_limit"):
        limit, per = Decimal(str(scoring["limit"])), Decimal(str(scoring["per_point"]))
        if (x <= limit) if kind == "over_limit" else (x >= limit):
            return [full]
        over = abs(x - limit)
        counts = {
            over,
            over.to_integral_value(ROUND_FLOOR),
            over.to_integral_value(ROUND_CEILING),
            over.to_integral_value(ROUND_HALF_UP),
        }
        # full marks are given only up to the limit: above it, a reading that deducts nothing
        # (0.8 point over, counted in whole points) contradicts the standard's first clause
        return sorted({max(ZERO, full - c * per) for c in counts if c > 0})
    if kind == "proportional":
        return [full * min(x, HUNDRED) / HUNDRED]
    for band in scoring["bands"]:
        lo, hi = _bound(band.get("min"), refs), _bound(band.get("max"), refs)
        if lo is not None and (x < lo or (band.get("min_open") and x == lo)):
            continue
        if hi is not None and (x > hi or (band.get("max_open") and x == hi)):
            continue
        return [_band_points(band, full)]
    return None


def rescore(standard: dict, measure: Measure, full: Decimal) -> list[Decimal] | None:
    """The points the standard gives over the measure's interval; ``None`` if unknown, or (bands)
    if the interval straddles an edge.  Proportional scores come as [low, high]; per-point
    deductions as every reading, those at the printed ratio first."""
    scoring = standard["scoring"]
    lo = _points_at(measure.value.lo, scoring, full, measure.refs)
    hi = _points_at(measure.value.hi, scoring, full, measure.refs)
    if lo is None or hi is None:
        return None
    if scoring["kind"] == "proportional":
        return [min(lo[0], hi[0]), max(lo[0], hi[0])]
    if scoring["kind"] in ("over_limit", "under_limit"):
        # per-point deductions: every reading over the measure's interval holds (142.50/150.00
        # is 95% printed, 94.997–95.003% as rounded); the readings at the printed ratio first,
        # they give the expected score
        at = _points_at(measure.at, scoring, full, measure.refs) or []
        return [*at, *sorted(set(lo) | set(hi) - set(at))]
    if lo != hi:
        return None
    return lo


@functools.lru_cache(maxsize=8192)
def _norm(text: str | None) -> str:
    """Key form without quotes (remembered: the standards' words are asked for every row)."""
    return QUOTES.sub("", key(text or ""))


def _printed_standard_matches(std: dict, text: str) -> bool:
    if not all(_norm(w) in text for w in std.get("standard_has", [])):
        return False
    anyw = std.get("standard_any")
    return not anyw or any(_norm(w) in text for w in anyw)


def standard_for(row: ScoreRow) -> dict | None:
    """The mechanical standard a score row is scored by: matched by indicator name, and only
    when the row prints that standard (see patterns/standards.yaml)."""
    names = [n for n in (_norm(row.level3), _norm(row.level2)) if n]
    text = _norm(row.standard)
    if not names or not text:
        return None
    if any(_norm(w) in text for w in patterns.load("standards").get("discretionary", [])):
        return None  # the standard leaves the deduction to judgement (酌情扣分)
    for std in patterns.load("standards")["standards"]:
        if not any(_norm(i) in n for n in names for i in std["indicators"]):
            continue
        if "max" in std and row.max is not None and Decimal(str(std["max"])) != row.max:
            continue
        if _printed_standard_matches(std, text):
            resolved = _resolve(std, text, row.max)
            if resolved is not None:
                return resolved
    return None


_NUM = r"(\d+(?:\.\d+)?)"
_PCT = re.compile(_NUM + r"%")


def _resolve(std: dict, text: str, full: Decimal | None) -> dict | None:
    """The standard with what its printed text decides filled in: the points per percentage
    point (`per_point: {pattern}` — 每超过1%扣1分), or the bands (`kind: printed_bands`);
    ``None`` when the text does not give them."""
    scoring = dict(std["scoring"])
    for name, value in list(scoring.items()):
        if isinstance(value, dict) and "pattern" in value:
            m = re.search(value["pattern"], text)
            if m is None and "default" not in value:
                return None
            scoring[name] = next(g for g in m.groups() if g) if m else value["default"]
    std = {**std, "scoring": scoring}
    if scoring["kind"] == "printed_bands":
        bands = parse_bands(text, full)
        return None if bands is None else {**std, "scoring": {"kind": "bands", "bands": bands}}
    return std


def _clause_points(clause: str, full: Decimal | None) -> tuple[dict, str] | None:
    """The points a clause awards and the clause without them (得一半分值, 计3分, 不得分)."""
    for item in patterns.load("standards").get("printed_points", []):
        m = re.search(item["pattern"], clause)
        if m is None:
            continue
        rest = clause[: m.start()] + "|" + clause[m.end() :]
        if "points" in item:
            pts = item["points"]
            if pts == "group":
                value = Decimal(m.group(1))
                if full is not None and value > full:
                    return None
                return {"points": str(value)}, rest
            return {"points": pts}, rest
        share = item["share"]
        if share == "percent":
            return {"share": str(Decimal(m.group(1)) / 100)}, rest
        if share == "fraction":
            return {"share": f"{m.group(1)}/{m.group(2)}"}, rest
        return {"share": str(share)}, rest
    return None


def _threshold_clauses(text: str, full: Decimal | None) -> list[str]:
    """The clauses of a printed standard (split at ；;，,。), a condition joined to the points
    that follow it in the next clause (达到80%（含）-90%，得3分)."""
    out: list[str] = []
    pending = ""
    for clause in re.split(r"[；;，,。]", text):
        if pending and _clause_points(clause, full) is not None and not _PCT.search(clause):
            out.append(pending + clause)
            pending = ""
            continue
        if pending:
            out.append(pending)
            pending = ""
        if _PCT.search(clause) and _clause_points(clause, full) is None:
            pending = clause
        else:
            out.append(clause)
    if pending:
        out.append(pending)
    return out


def parse_bands(text: str, full: Decimal | None) -> list[dict] | None:
    """Bands of a standard printed as thresholds (满意度≥90%得满分，80%（含）–90%得一半分值，
    80%以下不得分; 控制率≤100%得满分，>100%不得分): each clause (split at ；;，,。) gives points
    for the percentages before them — two make a range, one is a lower bound, or an upper one
    after 以下 / 低于 / ≤ (`printed_below`); 低于 / < / 超过 / > leave the bound out
    (`printed_open`).  The bands are tried in the order printed.  ``None`` unless every clause
    that names a percentage awards points, no two bands have the same bounds and at most one
    has none — a standard read only in part is not re-scored."""
    conf = patterns.load("standards")
    below = conf.get("printed_below", [])
    open_re = re.compile(conf["printed_open"]) if conf.get("printed_open") else None
    bands: list[dict] = []
    for clause in _threshold_clauses(text, full):
        if not _PCT.search(clause) and not re.search(r"分", clause):
            continue
        got = _clause_points(clause, full)
        pcts = [Decimal(p) for p in _PCT.findall(got[1] if got else clause)]
        if not pcts:
            if got is None:
                continue  # a definition (满意度=满意人数/调查人数)
            return None  # points with no threshold: another kind of standard
        if got is None:
            if "=" in clause or "×" in clause or "/" in clause:
                continue  # the measure's formula (×100%)
            return None
        band = dict(got[0])
        is_open = bool(open_re and open_re.search(got[1]))
        if len(pcts) > 1:
            band["min"], band["max"] = str(min(pcts)), str(max(pcts))
        elif any(w in got[1] for w in below):
            band["max"], band["max_open"] = str(pcts[0]), is_open
        else:
            band["min"], band["min_open"] = str(pcts[0]), is_open
        bands.append(band)
    bounds = [(b.get("min"), b.get("max")) for b in bands]
    if len(bands) < 2 or len(set(bounds)) != len(bounds) or bounds.count((None, None)) > 1:
        return None
    return bands


def _agrees(self_score: Decimal, points: list[Decimal], p: int) -> bool:
    """The self-score is one of the readings at ``p`` decimals (see ``_score_places``)."""
    return any(round_half_up(x, p) == round_half_up(self_score, p) for x in points)


def _score_places(report: Report, score: Decimal) -> int:
    """The precision the report's scores are printed at: a template that prints whole points
    may write 10 for 9.5, but where another row prints 2.5, a 2 for 1.6 is a wrong score."""
    return max(
        [places(score)] + [places(r.score) for r in report.score_rows if r.score is not None]
    )


def _rescore_hit(
    label, std, measure, full, self_score, self_raw, evidence, p, also=()
) -> Hit | None:
    points = rescore(std, measure, full)
    if points is None:
        return None
    if std["scoring"]["kind"] == "proportional":
        lo, hi = points
        h = half_unit(p)
        if lo - h <= self_score <= hi + h or any(_agrees(self_score, [a], p) for a in also):
            return None
        at = _points_at(measure.at, std["scoring"], full, measure.refs)
        expected = plain(round_half_up(at[0] if at else lo, max(places(self_score), 2)))
        tolerance = h
    else:
        if _agrees(self_score, points, p):
            return None
        expected = plain(round_half_up(points[0], max(places(self_score), 2)))
        tolerance = ZERO
    return Hit(
        message=(
            f"「{label}」按评分标准以本报告数据重新计分：{measure.how}，应得{ev.num(expected)}分，"
            f"自评得分{self_raw or ev.num(self_score)}分"
        ),
        expected=expected,
        actual=self_score,
        difference=self_score - expected,
        tolerance=tolerance,
        evidence=evidence,
    )


@rule("SC10", "scoring.rescore", "warning", kinds=SELF_EVALUATION)
def rescore_mechanical(report: Report) -> Iterator[Hit]:
    """Re-scoring a mechanical 评分标准 with the report's own data gives another score.

    Anti-pattern: 财政供养人员控制率 自评 5 分 with 实有人数 102 and 人员编制 100 (102%, 2 points over
    at 0.5 each → 4 of 5 under "≦100% 计5分，每超过一个百分点扣0.5分").
    Best practice: a score the report's own numbers decide (控制率, 三公经费变动率, 资金结余,
    预算调整率, 满意度, 预算执行率) is the score the standard gives; standards live in
    patterns/standards.yaml and only a row printing that standard is re-scored.  A standard read
    only in part (a clause whose points are not understood), one leaving points to judgement
    (酌情), a measure whose rounding straddles a band edge, or a score agreeing at the precision
    the table prints scores at gives no finding — a warning, never an error, at most.
    """
    conf = patterns.load("standards")
    done: set[str] = set()
    for r in report.score_rows:
        if r.score is None or r.max is None:
            continue
        std = standard_for(r)
        if std is None:
            continue
        measure = MEASURES[std["measure"]](report, r)
        if measure is None:
            continue
        done.add(std["measure"])
        hit = _rescore_hit(
            row_name(r),
            std,
            measure,
            r.max,
            r.score,
            r.score_raw,
            [row_ev(report, r)],
            _score_places(report, r.score),
        )
        if hit:
            yield hit
    # the project funds table scores 预算执行率 itself (分值/得分 on the 年度资金总额 row)
    std = next(
        (s for s in conf["standards"] if s["id"] == conf.get("project_funds_standard")), None
    )
    total = _funds_total(report)
    if std is None or total is None or std["measure"] in done:
        return
    if "score" not in total.cells or "max" not in total.cells:
        return
    measure = MEASURES[std["measure"]](report, ScoreRow())
    if measure is None:
        return
    full = total.cells["max"].value
    # the printed 执行率 is the report's own rounding of the same ratio; a score from it also holds
    also = []
    rate = total.cells.get("rate")
    if rate is not None and ("%" in rate.raw or "％" in rate.raw or rate.value > 1):
        also.append(full * min(rate.value, HUNDRED) / HUNDRED)
    t = report.tables.project_funds
    assert t is not None
    evidence = [
        ev.at_row(
            report, t.block, total.row, f"{total.org}：得分{total.cells['score'].raw}", page=t.page
        )
    ]
    hit = _rescore_hit(
        "预算执行率",
        std,
        measure,
        full,
        total.cells["score"].value,
        total.cells["score"].raw,
        evidence,
        _score_places(report, total.cells["score"].value),
        also,
    )
    if hit:
        yield hit
