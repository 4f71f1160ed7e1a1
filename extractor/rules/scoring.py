"""Scoring rules SC01–SC10 (rules stage): the 评分表 re-added and re-scored.

Score relations are exact (points are not rounded amounts).  Grade bands
(``patterns/grades.yaml``) and the mechanical 评分标准 used for re-scoring
(``patterns/standards.yaml``) are data; this module holds one small function
per rule and one per measure a standard can name.
"""

from __future__ import annotations

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
from .rounding import HUNDRED, Interval, check_exact, half_unit, places, plain, round_half_up

ZERO = Decimal(0)
_QUOTES = re.compile(r"[“”\"'‘’「」《》()（）]")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


# ── helpers ───────────────────────────────────────────────────────────────


def _name(row: ScoreRow) -> str:
    return row.level3 or row.level2 or row.level1 or "（未命名指标）"


def _row_ev(report: Report, row: ScoreRow):
    fallback = (
        f"{_name(row)}：分值{row.max_raw or ev.num(row.max)}，得分{row.score_raw or ev.num(row.score)}"
        + (f"，{row.reason}" if row.reason else "")
    )
    return ev.at_row(report, row.block, row.row, fallback, page=row.page)


def _total_ev(report: Report):
    t = report.score_total
    fallback = f"总分：分值{ev.num(t.max_stated)}，得分{ev.num(t.stated)}"
    return ev.at_row(report, t.block, t.row, fallback)


def _empty_reason(text: str | None) -> bool:
    empty = {key(x) for x in patterns.load("checks")["scoring"]["empty_reasons"]}
    return text is None or key(text) in empty


def _with_reasons(report: Report) -> list[ScoreRow]:
    """Score rows of tables that have a 扣分原因 column (none when the template prints no such
    column), without the project funds table's row, whose 预算执行率 points follow from the
    rate and carry no reason (the funds rows may share one block with the indicators)."""
    if report.score_columns and "reason" not in report.score_columns:
        return []
    funds = report.tables.project_funds
    funds_rows = {(funds.block, row.row) for row in funds.rows} if funds is not None else set()
    return [r for r in report.score_rows if (r.block, r.row) not in funds_rows]


def _groups(rows: list[ScoreRow]) -> list[list[ScoreRow]]:
    """Rows sharing one merged 分值/得分 cell form one group (the first row holds the numbers)."""
    groups: list[list[ScoreRow]] = []
    for r in rows:
        if r.shared_with_previous and groups:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _group_name(group: list[ScoreRow]) -> str:
    return "、".join(_name(r) for r in group)


def _scored(report: Report) -> list[ScoreRow]:
    return [r for r in report.score_rows if r.score is not None]


def _score_sum(rows: list[ScoreRow]) -> Decimal:
    """Σ 得分 of rows that have one (``_scored``)."""
    return sum((r.score for r in rows if r.score is not None), ZERO)


def _position(block: int | None, row: int | None) -> tuple[int, int]:
    return (block if block is not None else -1, row if row is not None else -1)


# ── SC01–SC09 ─────────────────────────────────────────────────────────────


@rule("SC01", "scoring.total_mismatch", "error", kinds=SELF_EVALUATION)
def total_mismatch(report: Report) -> Iterator[Hit]:
    """The score rows do not add up to the stated 总分.

    Anti-pattern: 投入15 + 过程38 + 产出25 + 效果19 = 97, 总分 98.
    Best practice: 总分 = Σ 自评得分 of every indicator row (15 + 38 + 25 + 20 = 98); exact, no rounding.
    """
    stated = report.score_total.stated
    rows = _scored(report)
    if stated is None or not rows:
        return
    v = check_exact(stated, _score_sum(rows))
    if v.status == "exact":
        return
    yield Hit(
        message=f"评分表各项得分合计{ev.num(v.expected)}，与总分{ev.num(stated)}不符（相差{ev.num(v.difference)}）",
        expected=v.expected,
        actual=v.actual,
        difference=v.difference,
        tolerance=ZERO,
        evidence=[_total_ev(report)],
    )


def _weight_hit(
    report: Report, level: str, label: str, stated: Decimal, rows: list[ScoreRow], fallback
):
    maxes = [r.max for r in rows if r.max is not None]
    total = sum(maxes, ZERO) if maxes else fallback
    if total is None:
        return None
    v = check_exact(stated, total)
    if v.status == "exact":
        return None
    return Hit(
        message=(
            f"{level}「{label}」标注{ev.num(stated)}分，其下各指标分值合计{ev.num(total)}分，"
            f"两者不符（相差{ev.num(v.difference)}）"
        ),
        expected=total,
        actual=stated,
        difference=v.difference,
        tolerance=ZERO,
        evidence=[_row_ev(report, rows[0])] if rows else [],
    )


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and key(a) == key(b)


@rule("SC02", "scoring.level1_weight", "error", kinds=SELF_EVALUATION)
def level1_weight(report: Report) -> Iterator[Hit]:
    """A 一级指标's printed weight does not equal the sum of its rows' 分值.

    Anti-pattern: 产出（25分） whose 三级指标 carry 5 + 7 + 5 + 2 + 2 + 3 = 24 points.
    Best practice: the weight in the label equals Σ 分值 of the rows under it (5+7+5+2+2+4 = 25);
    the same holds for a 二级指标 that prints its weight (预算配置（15分）).
    """
    for w in report.level1_weights:
        if w.weight_stated is None:
            continue
        rows = [r for r in report.score_rows if _same(r.level1, w.level1)]
        hit = _weight_hit(report, "一级指标", w.level1, w.weight_stated, rows, w.max_sum)
        if hit:
            yield hit
    # 二级 weights, where the extraction records them
    for w in getattr(report, "level2_weights", None) or []:
        if w.weight_stated is None:
            continue
        rows = [
            r
            for r in report.score_rows
            if _same(r.level2, w.level2) and (w.level1 is None or _same(r.level1, w.level1))
        ]
        hit = _weight_hit(report, "二级指标", w.level2, w.weight_stated, rows, w.max_sum)
        if hit:
            yield hit


def _subtotal_groups(report: Report, s, earlier) -> list[list[ScoreRow]]:
    """The groups of rows a 小计 may close, primary first: the rows since the previous 小计
    (of its 一级 group when it names one), its whole 一级 group, its 二级 group."""
    here = _position(s.block, s.row)
    start = _position(earlier[-1].block, earlier[-1].row) if earlier else (-2, -2)
    above = [r for r in report.score_rows if _position(r.block, r.row) < here]
    since = [r for r in above if start < _position(r.block, r.row)]
    groups = []
    if s.level1:
        groups.append([r for r in since if _same(r.level1, s.level1)])
        groups.append([r for r in above if _same(r.level1, s.level1)])
        if s.level2:  # a label filled down into the 小计 row may be the last group's, not its own
            groups.append(
                [r for r in above if _same(r.level1, s.level1) and _same(r.level2, s.level2)]
            )
    else:
        groups.append(since)
    return [g for g in groups if g]


@rule("SC03", "scoring.subtotal", "error", kinds=SELF_EVALUATION)
def subtotal(report: Report) -> Iterator[Hit]:
    """A 小计 row does not equal the sum of the rows above it.

    Anti-pattern: 小计 分值 40 得分 38 under rows whose 分值 add to 40 and 得分 to 37.
    Best practice: each 小计 equals Σ of the rows it closes — those since the previous 小计, or
    its 一级 / 二级 group; exact, no rounding.
    """
    subs = sorted(report.subtotals, key=lambda s: _position(s.block, s.row))
    for i, s in enumerate(subs):
        groups = _subtotal_groups(report, s, subs[:i])
        if not groups:
            continue
        for field, word in (("max", "分值"), ("score", "得分")):
            stated = getattr(s, field)
            if stated is None:
                continue
            sums = [
                sum((getattr(r, field) for r in g if getattr(r, field) is not None), ZERO)
                for g in groups
                if any(getattr(r, field) is not None for r in g)
            ]
            if not sums or stated in sums:
                continue
            v = check_exact(stated, sums[0])
            group = s.level1 or ""
            yield Hit(
                message=(
                    f"{group}{s.label}{word}{ev.num(stated)}，与其上各行{word}合计{ev.num(v.expected)}不符"
                    f"（相差{ev.num(v.difference)}）"
                ),
                expected=v.expected,
                actual=stated,
                difference=v.difference,
                tolerance=ZERO,
                evidence=[ev.at_row(report, s.block, s.row, f"{s.label}：{word}{ev.num(stated)}")],
            )


@rule("SC04", "scoring.score_out_of_range", "error", kinds=SELF_EVALUATION)
def score_out_of_range(report: Report) -> Iterator[Hit]:
    """A row's 自评得分 is above its 分值, or below 0.

    Anti-pattern: 预算调整率 分值 3, 自评得分 4; or 自评得分 −1.
    Best practice: 0 ≤ 自评得分 ≤ 分值 on every row.
    """
    for r in _scored(report):
        assert r.score is not None
        if r.score < 0:
            yield Hit(
                message=f"「{_name(r)}」自评得分{ev.num(r.score)}低于0分",
                expected="0",
                actual=r.score,
                difference=r.score,
                tolerance=ZERO,
                evidence=[_row_ev(report, r)],
            )
        elif r.max is not None and r.score > r.max:
            yield Hit(
                message=f"「{_name(r)}」自评得分{ev.num(r.score)}超过分值{ev.num(r.max)}",
                expected=r.max,
                actual=r.score,
                difference=r.score - r.max,
                tolerance=ZERO,
                evidence=[_row_ev(report, r)],
            )


@rule("SC05", "scoring.deduction_without_reason", "warning", kinds=SELF_EVALUATION)
def deduction_without_reason(report: Report) -> Iterator[Hit]:
    """A deduction (得分 < 分值) with no 扣分原因 / 偏差原因.

    Anti-pattern: 资产管理安全性 分值 4, 自评得分 3, 扣分原因 left blank.
    Best practice: every deducted point is explained (资产处置规范性欠缺).  The 预算执行率 points
    of a project funds table follow from the rate and need none.
    """
    for group in _groups(_with_reasons(report)):
        head = group[0]
        if head.score is None or head.max is None or head.score >= head.max:
            continue
        if all(_empty_reason(r.reason) for r in group):
            yield Hit(
                message=(
                    f"「{_group_name(group)}」分值{ev.num(head.max)}分，自评得分{ev.num(head.score)}分，"
                    f"扣{ev.num(head.max - head.score)}分但未说明扣分原因"
                ),
                expected=head.max,
                actual=head.score,
                difference=head.score - head.max,
                evidence=[_row_ev(report, head)],
            )


@rule("SC06", "scoring.composite_score", "error", kinds=SELF_EVALUATION)
def composite_score(report: Report) -> Iterator[Hit]:
    """The 综合得分 in section 三 / the conclusion differs from the 评分表 total.

    Anti-pattern: 绩效自评综合得分 95 while the 评分表 总分 is 98.
    Best practice: the 综合得分 restates the 评分表 总分 (or, when none is printed, the sum of its rows).
    """
    stated = report.meta.composite_score
    table = report.score_total.stated
    basis = "评分表总分"
    if table is None and _scored(report):
        table = _score_sum(_scored(report))
        basis = "评分表各项得分合计"
    if stated is None or table is None:
        return
    v = check_exact(stated, table)
    if v.status == "exact":
        return
    yield Hit(
        message=f"绩效自评综合得分{ev.num(stated)}，与{basis}{ev.num(table)}不符（相差{ev.num(v.difference)}）",
        expected=table,
        actual=stated,
        difference=v.difference,
        tolerance=ZERO,
        evidence=[_total_ev(report)],
    )


# ── SC07 grade bands ──────────────────────────────────────────────────────


@dataclass(frozen=True)
class Band:
    low: Decimal
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return "/".join(self.names)


def bands_for(kind: str) -> list[Band]:
    data = patterns.load("grades")
    template = next(
        (t for t in data["templates"] if kind in t.get("kinds", [])),
        next(t for t in data["templates"] if t["id"] == "default"),
    )
    bands = [Band(Decimal(str(b["min"])), tuple(b["names"])) for b in template["bands"]]
    return sorted(bands, key=lambda b: b.low, reverse=True)


_BAND_NUMBER = re.compile(r"(?<![0-9.])(\d{1,3}(?:\.\d+)?)(?![0-9.])")


def _band_clause(clause: str, names: list[str], below: list[str]) -> tuple[Decimal, str] | None:
    """(lower bound, grade name) of one clause of a printed band definition
    (75分（含）至90分为良好 → 75, 良好; 60分以下为较差 → 0, 较差), else ``None``."""
    text = _QUOTES.sub("", clause)
    name = next((n for n in names if n in text), None)
    if name is None:
        return None
    head = text[: text.index(name)]
    if not _BAND_NUMBER.search(head):
        # the name first, its scores after it: 优秀（85分及以上）、良好（70-84分）
        head = text[text.index(name) + len(name) :]
        if re.match(r"[得计给扣]", head):
            return None  # 优秀得5分: points a standard awards, not a band
    nums = [Decimal(n) for n in _BAND_NUMBER.findall(head) if Decimal(n) <= 100]
    if not nums:
        return None
    if any(w in head for w in below):
        return ZERO, name
    return min(nums), name


def _ranked(bands: list[tuple[Decimal, str]], default: list[Band]) -> bool:
    """A better grade has a higher bound (优秀 above 良好): else the numbers are not bands
    (年度考核等次：优秀65人，良好70人，合格80人)."""
    rank = {key(n): i for i, b in enumerate(default) for n in b.names}
    by_rank = [(rank.get(name, len(default)), low) for low, name in bands]
    return all(a[1] > b[1] for a in by_rank for b in by_rank if a[0] < b[0])


def printed_bands(report: Report) -> list[Band] | None:
    """The grade bands the report itself prints (综合得分90分（含）以上为优秀，75分（含）至90分为
    良好，…), when one sentence defines at least ``printed.min_bands`` of them with distinct
    names and bounds (patterns/grades.yaml `printed`).  A printed name takes the other wordings
    of its default band too (优 ~ 优秀).  The scores may come before the name (90分以上为优秀)
    or after it (优秀（90分及以上）).  ``None`` when the report prints none."""
    doc = report.document
    if doc is None:
        return None
    conf = patterns.load("grades")
    printed = conf.get("printed", {})
    default = bands_for("default")
    names = sorted(
        {key(n) for b in default for n in b.names} | {key(n) for n in printed.get("names", [])},
        key=len,
        reverse=True,
    )
    below = [key(w) for w in printed.get("below", [])]
    for block in doc.blocks:
        for sentence in re.split(r"[。\n]", key(block.text)):
            if not any(key(w) in sentence for w in printed.get("cue", [])):
                continue
            found = [_band_clause(c, names, below) for c in re.split(r"[，,；;、]", sentence)]
            bands = [b for b in found if b is not None]
            lows = [b[0] for b in bands]
            if (
                len(bands) < int(printed.get("min_bands", 3))
                or max(lows) < Decimal(str(printed.get("min_top", 60)))
                or len(set(lows)) != len(lows)
                or len({b[1] for b in bands}) != len(bands)
                or not _ranked(bands, default)
            ):
                continue
            out = []
            for low, name in bands:
                same = next((d.names for d in default if name in {key(n) for n in d.names}), ())
                out.append(Band(low, (name, *(n for n in same if key(n) != name))))
            return sorted(out, key=lambda b: b.low, reverse=True)
    return None


def band_of(score: Decimal, bands: list[Band]) -> Band | None:
    """The band holding ``score`` (lower bound included)."""
    return next((b for b in bands if score >= b.low), None)


def grade_band(grade: str, bands: list[Band]) -> Band | None:
    """The band a printed grade names: the longest name found in it wins (不合格 before 合格)."""
    text = key(grade)
    for word in sorted(patterns.load("grades").get("strip", []), key=len, reverse=True):
        text = text.replace(key(word), "")
    best: tuple[int, Band] | None = None
    for b in bands:
        for n in b.names:
            if key(n) == text:
                return b
            if key(n) in text and (best is None or len(n) > best[0]):
                best = (len(n), b)
    return best[1] if best else None


def _score_basis(report: Report) -> tuple[Decimal, str] | None:
    if report.meta.composite_score is not None:
        return report.meta.composite_score, "综合得分"
    if report.score_total.stated is not None:
        return report.score_total.stated, "评分表总分"
    rows = _scored(report)
    if rows:
        return _score_sum(rows), "评分表各项得分合计"
    return None


@rule("SC07", "scoring.grade_band", "error", kinds=SELF_EVALUATION)
def grade_band_mismatch(report: Report) -> Iterator[Hit]:
    """The 评价等次 does not match the score band.

    Anti-pattern: 总分 85 graded 优秀 under the 90/80/60 bands.
    Best practice: 90–100 优(秀), 80–90 良(好), 60–80 中(等)/合格, below 60 差, lower bound included
    — or the bands the report itself prints (75分（含）至90分为良好), which then decide;
    a score that reaches a band edge only through rounding (rows add to 89.6, 综合得分 printed 90)
    is reported as indeterminate (info), not as an error.
    """
    grade = report.meta.grade
    basis = _score_basis(report)
    if not grade or basis is None:
        return
    score, what = basis
    bands = printed_bands(report) or bands_for(report.kind)
    named = grade_band(grade, bands)
    band = band_of(score, bands)
    if named is None or band is None:
        return
    evidence = [_total_ev(report)]
    # the unrounded score, when the rows are finer than the printed score and round to it
    rows = _scored(report)
    finer = _score_sum(rows) if rows else None
    rounded_band = None
    if finer is not None and finer != score and abs(finer - score) <= half_unit(places(score)):
        rounded_band = band_of(finer, bands)
    if named == band and (rounded_band is None or rounded_band == band):
        return
    if rounded_band is not None and rounded_band != band and named in (band, rounded_band):
        yield Hit(
            message=(
                f"{what}{ev.num(score)}分由各项得分{ev.num(finer)}分四舍五入而来，恰处等次分界"
                f"（{band.label}≥{ev.num(band.low)}分）：评价等次「{grade}」无法确定"
            ),
            expected=band.label,
            actual=grade,
            difference=ev.num(score - finer),  # type: ignore[operator]
            tolerance=ev.num(half_unit(places(score))),
            evidence=evidence,
            severity="info",
        )
        return
    if named == band:
        return
    upper = next((b.low for b in sorted(bands, key=lambda b: b.low) if b.low > band.low), None)
    span = (
        f"{ev.num(band.low)}分（含）以上"
        if upper is None
        else f"{ev.num(band.low)}（含）–{ev.num(upper)}分"
    )
    yield Hit(
        message=f"{what}{ev.num(score)}分属「{band.label}」等次（{span}），评价等次却填为「{grade}」",
        expected=band.label,
        actual=grade,
        evidence=evidence,
    )


@rule("SC08", "scoring.max_total", "error", kinds=SELF_EVALUATION)
def max_total(report: Report) -> Iterator[Hit]:
    """The 分值 of all rows do not add up to 100 (or the stated maximum).

    Anti-pattern: indicator weights adding to 95 in a 100-point table.
    Best practice: Σ 分值 = the 总分's 分值 (100 unless the table states otherwise).
    """
    maxes = [r.max for r in report.score_rows if r.max is not None]
    if not maxes:
        return
    stated = report.score_total.max_stated
    expected = (
        stated
        if stated is not None
        else Decimal(str(patterns.load("checks")["scoring"]["full_marks"]))
    )
    total = sum(maxes, ZERO)
    v = check_exact(total, expected)
    if v.status == "exact":
        return
    yield Hit(
        message=f"评分表各指标分值合计{ev.num(total)}分，与满分{ev.num(expected)}分不符（相差{ev.num(v.difference)}）",
        expected=expected,
        actual=total,
        difference=v.difference,
        tolerance=ZERO,
        evidence=[_total_ev(report)],
    )


@rule("SC09", "scoring.reason_without_deduction", "info", kinds=SELF_EVALUATION)
def reason_without_deduction(report: Report) -> Iterator[Hit]:
    """A 扣分原因 is written though nothing was deducted.

    Anti-pattern: 自评得分 5 of 5 with 扣分原因 资料不完整.
    Best practice: a reason only where points were taken off (remarks go elsewhere, or 无).
    """
    for group in _groups(_with_reasons(report)):
        head = group[0]
        if head.score is None or head.max is None or head.score < head.max:
            continue
        for r in group:
            if not _empty_reason(r.reason):
                yield Hit(
                    message=f"「{_name(r)}」得满分{ev.num(head.max)}分，却填写了扣分原因「{(r.reason or '').strip()}」",
                    expected=head.max,
                    actual=head.score,
                    difference=ZERO,
                    evidence=[_row_ev(report, r)],
                )


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
    found = {Decimal(m) for m in _PERCENT.findall(text.replace("％", "%"))}
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


def _norm(text: str | None) -> str:
    return _QUOTES.sub("", key(text or ""))


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
            _name(r),
            std,
            measure,
            r.max,
            r.score,
            r.score_raw,
            [_row_ev(report, r)],
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
