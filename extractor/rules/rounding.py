"""Rounding-aware comparison of printed numbers (rules stage), Decimal throughout.

The idea is Arelle's Calculations 1.1: a printed amount stands for the
interval of values that round to it.  ``200.13`` printed to 2 decimals stands
for [200.125, 200.135]; a total is consistent with its parts when its interval
meets the sum of theirs, i.e. |total − Σ parts| ≤ (number of terms) × half a
unit of the last printed digit.  A relation that only holds within that
tolerance is a rounding note (FN90), never an error.

Choice of the printed precision: every term of a relation is taken at the
finest precision printed among the relation's values (``places``).  Amounts
in one table are rounded to one precision, and a ``0`` or ``200`` printed
without decimals in a column of ``181.81`` is an exact zero or an amount whose
trailing zeros were dropped — reading it as ±0.5 would hide real errors.  When
every value prints more decimals (``0.1234``) the tolerance shrinks with them;
when every value is whole (元 tables) it is 0.5 per term.

Percentages are recomputed from the report's own numbers and compared at the
printed precision: ``50.47%`` holds for 101.01 / 200.13 because the ratio
rounds half-up to 50.47.  When it does not, the ratio of the amounts'
intervals decides between rounding (FN90) and a real mismatch.

Score relations are exact and use ``check_exact``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

Status = Literal["exact", "rounding", "mismatch"]
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def places(value: Decimal) -> int:
    """Decimals printed: 2 for ``200.13``, 0 for ``7`` (the exponent kept from the text)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def half_unit(n_places: int) -> Decimal:
    """Half a unit of the last printed digit: 0.005 for 2 decimals, 0.5 for none."""
    return Decimal(5).scaleb(-(n_places + 1))


def round_half_up(value: Decimal, n_places: int) -> Decimal:
    """``value`` rounded as people print it (half up, 50.4722… → 50.47)."""
    return value.quantize(Decimal(1).scaleb(-n_places), rounding=ROUND_HALF_UP)


def round_up(value: Decimal, n_places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-n_places), rounding=ROUND_CEILING)


@dataclass(frozen=True)
class Interval:
    """The closed interval of true values a printed number stands for."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def around(cls, value: Decimal, n_places: int | None = None) -> Interval:
        h = half_unit(places(value) if n_places is None else n_places)
        return cls(value - h, value + h)

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def scale(self, factor: Decimal) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def __truediv__(self, other: Interval) -> Interval | None:
        """Quotient interval; ``None`` when the divisor may be zero."""
        if other.lo <= 0 <= other.hi:
            return None
        with localcontext() as ctx:
            ctx.prec = 34
            corners = [a / b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(corners), max(corners))

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi


@dataclass(frozen=True)
class Verdict:
    """How a printed value (``actual``) stands against the value implied by others (``expected``)."""

    status: Status
    expected: Decimal
    actual: Decimal
    difference: Decimal
    tolerance: Decimal
    ratios: Interval | None = None
    """For a ratio: every value part / total may take within the printed amounts' rounding."""

    @property
    def holds(self) -> bool:
        return self.status != "mismatch"


def _status(difference: Decimal, tolerance: Decimal) -> Status:
    if difference == 0:
        return "exact"
    return "rounding" if abs(difference) <= tolerance else "mismatch"


def relation_places(values: Sequence[Decimal]) -> int:
    """The finest precision printed among a relation's values (see the module docstring)."""
    return max((places(v) for v in values), default=0)


def check_sum(total: Decimal, parts: Sequence[Decimal], n_places: int | None = None) -> Verdict:
    """``total`` against Σ ``parts``; tolerance = (parts + 1) × half a unit of the printed precision."""
    p = relation_places([total, *parts]) if n_places is None else n_places
    expected = sum(parts, ZERO)
    difference = total - expected
    tolerance = half_unit(p) * (len(parts) + 1)
    return Verdict(_status(difference, tolerance), expected, total, difference, tolerance)


def check_sum_each(total: Decimal, parts: Sequence[Decimal]) -> Verdict:
    """``total`` against Σ ``parts``, each term at its own printed precision (a 合计 printed in
    whole 元 over parts printed to the fen stands for ±0.5): the tolerance adds half a unit of
    each term's last digit; a zero is exact.  For tables whose columns mix precisions."""
    expected = sum(parts, ZERO)
    difference = total - expected
    tolerance = sum((half_unit(places(v)) for v in (total, *parts) if v != 0), ZERO)
    return Verdict(_status(difference, tolerance), expected, total, difference, tolerance)


def check_exact(actual: Decimal, expected: Decimal) -> Verdict:
    """Score relations: no tolerance."""
    difference = actual - expected
    return Verdict(_status(difference, ZERO), expected, actual, difference, ZERO)


def _truncated(value: Decimal, n_places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-n_places), rounding=ROUND_DOWN)


def check_ratio(
    stated: Decimal,
    part: Decimal,
    total: Decimal,
    factor: Decimal = HUNDRED,
    part_half: Decimal | None = None,
    total_half: Decimal | None = None,
) -> Verdict | None:
    """A stated ratio (in percent when ``factor`` is 100) against part / total.

    Holds exactly when part / total × factor rounds half-up to ``stated`` at its
    printed decimals.  Otherwise it is rounding when the interval of ratios the
    printed amounts allow meets the stated value's interval.  Each amount's
    rounding is half a unit of the relation's printed precision unless given
    (``*_half``, for amounts printed in different units).  ``None`` when the
    total may be zero.
    """
    sp = places(stated)
    h = half_unit(relation_places([part, total]))
    ph = h if part_half is None else part_half
    th = h if total_half is None else total_half
    ratio = Interval(part - ph, part + ph) / Interval(total - th, total + th)
    if ratio is None:
        return None
    ratio = ratio.scale(factor)
    with localcontext() as ctx:
        ctx.prec = 34
        computed = part / total * factor
    expected = round_half_up(computed, sp)
    difference = stated - expected
    # how far apart the two may be and still be the same ratio, shown to 2 more digits than printed
    tolerance = round_up(half_unit(sp) + max(ratio.hi - computed, computed - ratio.lo), sp + 2)
    if difference == 0:
        status: Status = "exact"
    elif Interval.around(stated, sp).meets(ratio) or _truncated(computed, sp) == stated:
        # 99.99% for 8858.95 / 8859 = 99.9994%: cut, not rounded (a form that shows 100% only
        # when every yuan is spent) — the same ratio at the printed precision
        status = "rounding"
    else:
        status = "mismatch"
    return Verdict(status, expected, stated, difference, tolerance, ratio)


def check_restated(
    stated: Decimal,
    stated_scale: Decimal,
    source: Decimal,
    source_scale: Decimal,
) -> Verdict:
    """An amount restated elsewhere (text, 万元) against its source (a table, 元).

    ``*_scale`` converts each to a common base unit (元 = 1, 万元 = 10000).  The
    comparison is made in the stated unit: it holds exactly when the source,
    converted, rounds half-up to the stated value at the stated precision
    (200.13万元 for 2,001,300.00 元; 200万元 for 200.13万元, a coarser restatement);
    it is rounding when the two intervals still meet.
    """
    sp = places(stated)
    with localcontext() as ctx:
        ctx.prec = 34
        expected = source * source_scale / stated_scale
        source_half = half_unit(places(source)) * source_scale / stated_scale
    # in the stated unit, as printed when no conversion was needed
    shown = source if source_scale == stated_scale else plain(expected)
    if round_half_up(expected, sp) == stated:
        return Verdict("exact", shown, stated, ZERO, half_unit(sp))
    difference = stated - expected
    tolerance = half_unit(sp) + source_half
    return Verdict(
        _status(difference, tolerance),
        shown,
        stated,
        plain(difference),
        plain(tolerance),
    )


def plain(d: Decimal) -> Decimal:
    """Drop trailing zeros a unit conversion added (2001300.00 元 → 200.13 万元), keep the value."""
    if d == 0:
        return ZERO
    n = d.normalize()
    exponent = n.as_tuple().exponent
    return n.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else n
