"""Scoring rules SC01–SC10 (rules stage): the 评分表 re-added and re-scored.

Score relations are exact (points are not rounded amounts).  Grade bands
(``patterns/grades.yaml``) and the mechanical 评分标准 used for re-scoring
(``patterns/standards.yaml``) are data; this module holds one small function
per rule and one per measure a standard can name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import patterns
from ..loaders.normalize import key
from ..records.scoring import unread_on_scan
from ..report import Report, ScoreRow
from . import evidence as ev
from .registry import SELF_EVALUATION, Hit, rule
from .rounding import check_exact, half_unit, places

ZERO = Decimal(0)
QUOTES = re.compile(r"[“”\"'‘’「」《》()（）]")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


# ── helpers ───────────────────────────────────────────────────────────────


def row_name(row: ScoreRow) -> str:
    return row.level3 or row.level2 or row.level1 or "（未命名指标）"


def row_ev(report: Report, row: ScoreRow):
    fallback = (
        f"{row_name(row)}：分值{row.max_raw or ev.num(row.max)}，得分{row.score_raw or ev.num(row.score)}"
        + (f"，{row.reason}" if row.reason else "")
    )
    return ev.at_row(report, row.block, row.row, fallback, page=row.page)


def _total_ev(report: Report):
    t = report.score_total
    fallback = f"总分：分值{ev.num(t.max_stated)}，得分{ev.num(t.stated)}"
    return ev.at_row(report, t.block, t.row, fallback)


@functools.cache
def _empty_reasons() -> frozenset[str]:
    """The keys of the reasons that say nothing (patterns/checks.yaml), keyed once."""
    return frozenset(key(x) for x in patterns.load("checks")["scoring"]["empty_reasons"])


def _empty_reason(text: str | None) -> bool:
    return text is None or key(text) in _empty_reasons()


def _with_reasons(report: Report) -> list[ScoreRow]:
    """Score rows of tables that have a 扣分原因 column (none when the template prints no such
    column), without the project funds table's row, whose 预算执行率 points follow from the
    rate and carry no reason (the funds rows may share one block with the indicators)."""
    if report.score_columns and "reason" not in report.score_columns:
        return []
    funds = report.tables.project_funds
    funds_rows = {(funds.block, row.row) for row in funds.rows} if funds is not None else set()
    budget = _budget_label()
    return [
        r
        for r in report.score_rows
        if (r.block, r.row) not in funds_rows
        and not (r.level1 == budget and r.level2 is None and r.level3 is None)
    ]


def _budget_label() -> str:
    """The name the records give the funds part's 预算执行 points (read from a funds table or
    from the 分值/得分 of a form's funds part)."""
    from ..records.tables import settings

    return str(settings()["score_rows"]["budget_execution_label"])


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
    return "、".join(row_name(r) for r in group)


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
    if stated is None or not rows or unread_on_scan(report, report.score_rows, "score"):
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
    if total is None or unread_on_scan(report, rows, "max"):
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
        evidence=[row_ev(report, rows[0])] if rows else [],
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
            if stated is None or any(unread_on_scan(report, g, field) for g in groups):
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
                message=f"「{row_name(r)}」自评得分{ev.num(r.score)}低于0分",
                expected="0",
                actual=r.score,
                difference=r.score,
                tolerance=ZERO,
                evidence=[row_ev(report, r)],
            )
        elif r.max is not None and r.score > r.max:
            yield Hit(
                message=f"「{row_name(r)}」自评得分{ev.num(r.score)}超过分值{ev.num(r.max)}",
                expected=r.max,
                actual=r.score,
                difference=r.score - r.max,
                tolerance=ZERO,
                evidence=[row_ev(report, r)],
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
                evidence=[row_ev(report, head)],
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
    text = QUOTES.sub("", clause)
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
    cues = [key(w) for w in printed.get("cue", [])]  # keyed once, not per sentence
    for block in doc.blocks:
        for sentence in re.split(r"[。\n]", key(block.text)):
            if not any(w in sentence for w in cues):
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
    if not maxes or any(r.max is None and r.score is not None for r in report.score_rows):
        return  # a row scored with no 分值 printed (得分 10, 分值 blank): Σ 分值 is not known
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
                    message=f"「{row_name(r)}」得满分{ev.num(head.max)}分，却填写了扣分原因「{(r.reason or '').strip()}」",
                    expected=head.max,
                    actual=head.score,
                    difference=ZERO,
                    evidence=[row_ev(report, r)],
                )
