"""Narrative rules NR03 and NR04 (rules stage): 其中 parts against their total, and a
stated result against its own target.

Split from rules/narrative.py (issue 19), which keeps the checks of narrative amounts
against table cells (NR01, NR02) and the label and period machinery they share.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from decimal import Decimal

from ..figures import unit_kind
from ..loaders.normalize import HAN_RUN, key
from ..report import Figure, Report
from . import evidence as ev
from .narrative import PUNCT, ZERO, money_scale, narrative_conf
from .registry import SELF_EVALUATION, Hit, rule
from .rounding import half_unit, places

# ── NR03 ──────────────────────────────────────────────────────────────────


def _base(f: Figure) -> tuple[Decimal, str]:
    """Value and unit to add up: money in 元, anything else as printed."""
    scale = money_scale(f.unit)
    if scale is not None:
        return f.value * scale, "元"
    if f.norm_value is not None and f.norm_unit:
        return f.norm_value, f.norm_unit
    return f.value, key(f.unit or "")


@rule("NR03", "narrative.parts_exceed_total", "warning")
def parts_exceed_total(report: Report) -> Iterator[Hit]:
    """其中 parts add up to more than their total.

    Anti-pattern: 主动公开政府各类信息1010条，其中门户网站850条，微信公众号548条 (1398 > 1010).
    Best practice: the parts under 其中 fit in their total; when channels overlap (one item published
    on both), say so — this is a warning, not an error, for that reason.  Parts that classify the
    total along different lines (其中女性180人次，党员150人次) overlap by nature: no finding.
    Parts a template states apart (the 政府采购 paragraph: SME awards in the reserved and in the
    other projects, out of the 政府采购金额; records/declared_parts.py) are checked the same way.
    """
    skip_units = {key(u) for u in narrative_conf()["nonadditive_units"]}
    for b in report.breakdowns:
        t = b.total
        if t.approx or t.op not in ("=", "<", "<=") or key(t.unit or "") in skip_units:
            continue
        # parts a template names apart (b.declared) are parts by definition: none is the
        # total restated, another attribute or another quantity
        if not b.declared and cross_cutting(b.parts):
            continue
        total, unit = _base(t)
        parts = [p for p in b.parts if key(p.unit or "") not in skip_units and _base(p)[1] == unit]
        if not b.declared:
            # a 合计/小计 restated among the parts is the total again, not one more part
            parts = [p for p in parts if not _restates_total(p, t, len(parts))]
        if not parts or any(
            p.op in ("<", "<=", ">", ">=", "range") or (p.approx and p.op == "=") for p in parts
        ):
            continue  # a bound or an approximation among the parts: no sure sum
        if not b.declared and any(_base(p)[0] > total for p in parts):
            continue  # a "part" larger than its total alone is another quantity, not a part
        values = [_base(p)[0] for p in parts]
        s = sum(values, ZERO)
        tol = _tolerance([t, *parts])
        if s - total <= tol:
            continue
        shown = "+".join(p.raw for p in parts)
        label = b.label or t.label or ""
        yield Hit(
            message=(
                f"「{label}」共{t.raw}，其中各项{shown}合计超过总数（多{ev.num(_in_unit(s - total, t))}{t.unit or ''}）"
                f"，请核实是否存在重复统计或口径重叠"
            ),
            expected=f"≤{ev.num(t.value)}",
            actual=_in_unit(s, t),
            difference=_in_unit(s - total, t),
            tolerance=_in_unit(tol, t),
            evidence=[ev.at_figure(report, t)],
        )


@functools.cache
def _dimensions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The dimensions of patterns/narrative.yaml and their words, keyed once."""
    dims = narrative_conf().get("dimensions", {})
    return tuple((d, tuple(key(w) for w in words)) for d, words in dims.items())


def _dimension(label: str | None) -> str | None:
    text = key(label or "")
    return next((d for d, words in _dimensions() if any(w in text for w in words)), None)


def cross_cutting(parts: list[Figure]) -> bool:
    """Do the parts classify the total along different lines (女性干部180人次，党员干部150人次)?

    Parts named by two different attributes (patterns/narrative.yaml `dimensions`: sex, party,
    ethnicity, poverty status, age, disability) are subsets that may overlap, so they need not
    add up to at most the total and NR03 stays silent.  Parts of one attribute (男性 / 女性),
    or an attribute part beside parts of none (在校学生 / 老年人: most likely disjoint groups),
    are checked."""
    dims = {_dimension(p.label) for p in parts} - {None}
    return len(dims) > 1


TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总额", "累计")


def _restates_total(part: Figure, total: Figure, n_parts: int) -> bool:
    """A part that is the total itself: labelled 合计/小计…, or the same amount as the total
    printed once more after other parts."""
    if any(w in (part.label or "") for w in TOTAL_WORDS):
        return True
    return n_parts > 1 and _base(part) == _base(total)


def _exact_count(f: Figure) -> bool:
    """A whole number of things counted in an unscaled measure word (12次, 850条, 5家)."""
    return unit_kind(f) == "count" and places(f.value) == 0 and (f.norm_unit or f.unit) == f.unit


def _tolerance(terms: list[Figure]) -> Decimal:
    """Rounding allowance in base units: the relation's finest precision when all terms share a
    unit (as in rounding.check_sum), else each term's own half-unit converted."""
    if all(_exact_count(f) for f in terms):
        return ZERO  # 22次，其中12次、11次: things counted one by one are never rounded
    if len({key(f.unit or "") for f in terms}) == 1:
        scale = money_scale(terms[0].unit) or Decimal(1)
        return half_unit(max(places(f.value) for f in terms)) * len(terms) * scale
    return sum(
        (half_unit(places(f.value)) * (money_scale(f.unit) or Decimal(1)) for f in terms), ZERO
    )


def _in_unit(v: Decimal, t: Figure) -> Decimal:
    scale = money_scale(t.unit)
    if scale is None:
        return v
    out = v / scale
    return out.normalize() if out == out.to_integral() else out


# ── NR04 ──────────────────────────────────────────────────────────────────


@functools.cache
def _stop_words() -> tuple[str, ...]:
    sim = narrative_conf()["similarity"]
    words = list(sim["stop"]) + [w for w in sim["measure_words"] if len(w) > 1]
    return tuple(sorted(set(words), key=len, reverse=True))


@functools.cache
def _counted() -> re.Pattern[str]:
    """A number with its measure word (17个, 500人次, 3.5万元): what is counted is not content."""
    words = sorted(narrative_conf()["similarity"]["measure_words"], key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"[0-9][0-9.,，]*\s*[万亿千百]?(?:{alt})?")


def content_bigrams(text: str) -> set[str]:
    """Character bigrams of the CJK runs of ``text``: numbers with their measure words and the
    stop words cut out (so two unrelated counts in 人次 do not look alike)."""
    t = _counted().sub("|", key(text))
    for w in _stop_words():
        t = t.replace(w, "|")
    out: set[str] = set()
    for run in HAN_RUN.findall(t):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def overlap(target: str, actual: str) -> float | None:
    """|shared bigrams| / min(|target|, |actual|); ``None`` when either is too short to judge."""
    a, b = content_bigrams(target), content_bigrams(actual)
    least = int(narrative_conf()["similarity"]["min_bigrams"])
    if len(a) < least or len(b) < least:
        return None
    return len(a & b) / min(len(a), len(b))


@functools.cache
def _vague_results() -> frozenset[str]:
    """The vague results of patterns/narrative.yaml as ``is_vague`` compares them, keyed once."""
    return frozenset(PUNCT.sub("", key(v)) for v in narrative_conf()["vague_results"])


def is_vague(actual: str) -> bool:
    text = PUNCT.sub("", key(actual))
    return text in _vague_results() or not text


def _joined(indicator: str | None, target: str | None) -> str | None:
    """A target with its indicator's name when the table prints them apart (满意度：≥95%)."""
    if indicator and target:
        return f"{indicator}：{target}"
    return target


@rule("NR04", "narrative.result_off_target", "info", kinds=SELF_EVALUATION)
def result_off_target(report: Report) -> Iterator[Hit]:
    """A 完成情况 that does not speak to its 绩效目标.

    Anti-pattern: 数量指标 target "保障中心日常办公正常运转，17个窗口…", result "引进了2家物流企业".
    Best practice: the result reports on the target's own subject (17个窗口均正常运转). Measured as the
    share of content character bigrams the two have in common (threshold in patterns/narrative.yaml);
    a bare "完成" is vague, not off-target, and is not reported here.
    """
    threshold = float(narrative_conf()["similarity"]["threshold"])
    pairs = [
        (
            t.category,
            t.subcategory,
            _joined(getattr(t, "indicator", None), t.target),
            t.actual,
            t.block,
            t.row,
        )
        for t in report.targets
    ]
    # project tables: 三级指标 | 年度指标值 | 实际完成值 on the score rows
    pairs += [
        (r.level1, r.level3 or r.level2, _joined(r.level3, r.target), r.actual, r.block, r.row)
        for r in report.score_rows
        if r.target
    ]
    for category, sub, target, actual, block, row in pairs:
        if not target or not actual or is_vague(actual):
            continue
        score = overlap(target, actual)
        if score is None or score >= threshold:
            continue
        where = "/".join(x for x in (category, sub) if x)
        yield Hit(
            message=(
                f"{where + '：' if where else ''}完成情况「{actual.strip()}」与绩效目标「{target.strip()}」"
                f"内容不对应（共有词相似度{score:.2f}，低于{threshold:.2f}）"
            ),
            expected=target.strip(),
            actual=actual.strip(),
            difference=f"{score:.2f}",
            tolerance=f"{threshold:.2f}",
            evidence=[ev.at_row(report, block, row, f"{target.strip()} | {actual.strip()}")],
        )
