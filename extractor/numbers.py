"""Text → ``Quantity``: the pure number reader under the figure finder.

file → Document → extractors (**numbers** ← figures) → Report → rules

Like price-parser's ``Price``, a ``Quantity`` keeps the text as printed
(``raw``) next to the exact ``Decimal`` it was read as, its unit as printed
(canonical spelling: ``％`` → ``%``), how many decimals were printed, and
whether the value is approximate (``约``, ``余``, ``多``, ``左右``) or a bound
(``以上``, ``≥``, ``不超过``) or a range (``80%（含）-90%``).  Where a scale is
printed (``3.2万``, ``1.5亿元``, ``4万人次``) ``norm_value``/``norm_unit`` give the
value in the base unit (元, 人次).  A malformed number (``50&``, ``200. 13``) is
read with a ``repair`` note, never dropped.

Two entry points:

- ``find(text)`` — every quantity in running text.  A number is a quantity
  only with a unit or measure word (件, 万元, %, 人次 …); bare numbers in prose
  are too often labels, codes or list numbers — except a bare number listed
  before a figure whose unit is printed once for the list (各减少126.5、98.3万元,
  分别下降2.1和5.6个百分点), which takes that unit.
- ``parse(text)`` — the first quantity of a short text such as a table cell;
  a bare number counts (``"200.13"``).

Both mask non-figures first (``patterns/nonfigures.yaml``: dates, years, phone
numbers, codes, hotlines, document numbers, ordinals, model numbers, formulas
such as 5+2 and 7×24, titles in 《》, short quoted slogans, set phrases): a
number touching a mask is never a quantity.  Chinese numerals are read too
(三百二十万元, 一千二百余人, 百分之九十五点六), with the rules of
``patterns/numerals.yaml`` for one-character numerals (一次性 is not a count).
Units may be compound (万元/公里, 元/人·月, 3100元每平方米 → 元/平方米) and may
hold an approximation inside (7个多月); bounds may follow them (以上, 以内, and
内 after a time unit: 3个工作日内).

All vocabulary lives in ``patterns/units.yaml``, ``numerals.yaml`` and
``nonfigures.yaml``; this module only compiles it (once) and applies it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .loaders import normalize
from .loaders.normalize import HAN, HAN_RUN
from .number_grammar import (
    CLAUSE_BREAK,
    arabic_value,
    chinese_int,
    grammar,
    mask_spans,
    masked,
    nonfigure_spans,
    scoring_clause,
)
from .number_reading import (
    Num,
    UnitRead,
    currency_before,
    digit_string_ok,
    join,
    normalized,
    read_inclusive,
    read_jiao_fen,
    read_number,
    read_prefix,
    read_suffix,
    read_tenths,
    read_unit,
    skip_space,
)
from .number_text import prepared

__all__ = [
    "Quantity",
    "chinese_int",
    "find",
    "grammar",
    "nonfigure_spans",
    "noun_after",
    "parse",
    "scoring_clause",
]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as printed and as read.

    ``value`` is the printed number (``3.2`` for ``3.2万``); ``unit`` the printed
    unit including its scale (``万``, ``万元``, ``万元/公里``); ``op`` is ``=``,
    ``>=``, ``<=``, ``>``, ``<`` or ``range`` (then ``high`` is the upper end).
    ``start``/``end`` are offsets of ``raw`` in the text that was read.
    """

    raw: str
    value: Decimal
    unit: str | None = None
    decimals: int = 0
    approx: bool = False
    op: str = "="
    high: Decimal | None = None
    norm_value: Decimal | None = None
    norm_unit: str | None = None
    kind: str | None = None
    repair: str | None = None
    start: int = 0
    end: int = 0

    @classmethod
    def fromstring(cls, text: str) -> Quantity | None:
        """The first quantity of ``text`` (bare numbers allowed), like ``Price.fromstring``."""
        return parse(text)

    def shifted(self, offset: int) -> Quantity:
        """The same quantity with offsets moved by ``offset`` (text read from a slice)."""
        return replace(self, start=self.start + offset, end=self.end + offset)


# ── the scanner ─────────────────────────────────────────────────────────────


def _breaks_clause(text: str) -> bool:
    return any(c in CLAUSE_BREAK for c in text)


def find(text: str, *, bare: bool = False) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets into ``text``.

    Running text (the default) needs a unit or measure word; ``bare=True``
    also returns bare numbers (table cells).  A text read before is answered from a cache:
    the figure stage, the records and the loaders read the same segments and cells (three
    reads in four repeat one, issue 18), and a ``Quantity`` is immutable.
    """
    if not text:
        return []
    return list(_find(text, bare))


@functools.lru_cache(maxsize=4096)
def _find(text: str, bare: bool) -> tuple[Quantity, ...]:
    g = grammar()
    if _may_hold_numbers().search(text) is None:
        return ()  # no numeral, no word number, as printed or once made plain (below)
    printed = text
    text, keep = prepared(text, g.traditional)
    if g.numeral_chars.search(text) is None and (
        g.word_numbers is None or g.word_numbers.search(text) is None
    ):
        return ()
    if not bare and g.unit_chars.search(text) is None:
        return ()  # a bare number cell (200.13): nothing here can carry a unit
    found = _respectively(text, _scan(text, bare))
    if keep is not None:
        return tuple(_at(q, printed, keep[q.start], keep[q.end - 1] + 1) for q in found)
    if text != printed:
        return tuple(_at(q, printed, q.start, q.end) for q in found)
    return tuple(found)


_ARABIC_DIGITS = "0123456789０１２３４５６７８９"
_MAY_HOLD: list[tuple[object, re.Pattern[str]]] = []


def _may_hold_numbers() -> re.Pattern[str]:
    """A character one of which a text holds, as printed, wherever ``prepared`` makes of it
    a text with a numeral character or a word number (半成): the numerals, the words' own
    characters, and every traditional form that becomes one of them (萬 → 万).  A text
    without one is answered before it is made plain (most cells and segments, issue 18)."""
    g = grammar()
    if not _MAY_HOLD or _MAY_HOLD[0][0] is not g:
        chars = set(_ARABIC_DIGITS) | set(g.digits) | set(g.small) | set(g.big) | set(g.tens)
        for word in g.word_values:
            chars |= set(word)
        chars |= {chr(k) for k, v in g.traditional.items() if any(c in chars for c in v)}
        body = "".join(re.escape(c) for c in sorted(chars))
        _MAY_HOLD[:] = [(g, re.compile(f"[{body}]"))]
    return _MAY_HOLD[0][1]


_NOUN_RE = re.compile(rf"[{HAN}]{{1,4}}")


def noun_after(text: str, end: int) -> str:
    """What a count printed up to ``end`` counts: the Chinese words right after it, four
    characters at most (14个赛事36个赛项 → 赛事 after the 14), or "" when none follow."""
    m = _NOUN_RE.match(text, end)
    return m.group(0) if m else ""


def clear_cache() -> None:
    """Forget the texts read, quantities, non-figure spans and keyed documents alike (a
    benchmark reading the same texts again)."""
    _find.cache_clear()
    nonfigure_spans.cache_clear()
    normalize.clear_cache()


_RESPECTIVELY = ("分别", "分別")
_LIST_JOINERS = frozenset(["、", "及", "和", "与", "與", "以及", ",", "，"])


def _respectively(text: str, found: list[Quantity]) -> list[Quantity]:
    """分别约为15万元及18万元, 分別超支約16.1億、31.6億及19.5億: the 约 of a list's first
    item after 分别 is every item's."""
    out = list(found)
    for i, q in enumerate(out):
        if not q.approx or not any(w in text[max(0, q.start - 8) : q.start] for w in _RESPECTIVELY):
            continue
        for j in range(i + 1, len(out)):
            gap = text[out[j - 1].end : out[j].start].strip()
            if gap not in _LIST_JOINERS or out[j].kind != q.kind:
                break
            out[j] = replace(out[j], approx=True)
    return out


def _at(q: Quantity, printed: str, start: int, end: int) -> Quantity:
    """``q`` with its offsets and raw in the printed text."""
    return replace(q, raw=printed[start:end], start=start, end=end)


def _scan(text: str, bare: bool) -> list[Quantity]:
    g = grammar()
    strong, weak = mask_spans(text)
    out: list[Quantity] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = g.core.search(text, pos)
        if m is None:
            break
        q = _quantity_at(text, m, strong, weak, bare, out)
        if q is None:
            pos = m.end() if m.end() > m.start() else m.start() + 1
            continue
        out.append(q)
        pos = q.end
    if not bare and out:
        out = _shared_units(text, out, strong, weak)
        out = _split_units(text, out)
    if g.word_numbers is not None:
        out = _with_word_numbers(text, out)
    return _shared_bound(_compound_amounts(text, out))


_BOUNDS = (">=", "<=", ">", "<")


def _shared_bound(found: list[Quantity]) -> list[Quantity]:
    """不低于552户1186人: a bound word before two counts printed together bounds both."""
    out = list(found)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if (
            b.start == a.end
            and a.op in _BOUNDS
            and b.op == "="
            and a.kind == b.kind == "count"
            and a.unit != b.unit
            and not a.raw[:1].isdigit()  # the bound is a word before the first count
        ):
            out[i] = replace(b, op=a.op)
    return out


def _decimals_of(value: Decimal) -> int:
    """Decimals a value made here (not printed) is shown with: 0.5 → 1, 42839000 → 0."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


_COMPOUND_KINDS = ("count", "area", "length", "volume", "weight")
"""Measures that may be printed in pieces of falling scale like an amount (13萬6,944.85平方公尺)."""


def _goes_on(text: str, piece: Quantity, nxt: Quantity) -> bool:
    """Does ``nxt`` continue the amount ``piece`` (a bare 亿/万) at a lower scale?  Spaces
    may stand between the pieces (302 億 1,292萬9,000元)."""
    if piece.kind != "scale" or not piece.value or piece.norm_value is None:
        return False
    gap = text[piece.end : nxt.start]
    if len(gap) > 2 or gap.strip(" \u3000"):
        return False
    if nxt.norm_value is None or nxt.kind not in ("scale", "money", *_COMPOUND_KINDS):
        return False
    if nxt.kind in _COMPOUND_KINDS and gap:
        return False  # a measure in pieces is printed without a break (13萬6,944.85平方公尺)
    return nxt.norm_value < piece.norm_value / piece.value  # 9千 under one 万


def _compound_amounts(text: str, found: list[Quantity]) -> list[Quantity]:
    """4,283萬9千元, 13億7,800萬元, 1億3,919萬9千元: an amount printed in pieces of falling
    scale (each piece but the last a bare 亿/万) is one amount, in 元."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and _goes_on(text, found[j], found[j + 1]):
            j += 1
        last = found[j]
        money = last.kind == "money" and last.norm_unit == "元"
        # 13萬6,944.85平方公尺, 13万6千人: a measure printed in pieces, its unit unscaled
        measure = last.kind in _COMPOUND_KINDS and last.unit == last.norm_unit
        if j > i and (money or measure) and last.norm_unit:
            pieces = found[i : j + 1]
            total = sum((p.norm_value or Decimal(0) for p in pieces), Decimal(0))
            out.append(
                Quantity(
                    raw=text[pieces[0].start : last.end],
                    value=total,
                    unit=last.norm_unit,
                    decimals=_decimals_of(total),
                    approx=any(p.approx for p in pieces),
                    op=next((p.op for p in pieces if p.op != "="), "="),
                    norm_value=total,
                    norm_unit=last.norm_unit,
                    kind=last.kind,
                    start=pieces[0].start,
                    end=last.end,
                )
            )
            i = j + 1
            continue
        out.append(found[i])
        i += 1
    return _money_ranges(text, out)


def _money_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """介於427萬元至5,015萬6千元: two amounts in different units (or printed in pieces) joined
    by a range separator are one range, given in the base unit (元)."""
    seps = grammar().range_seps
    out: list[Quantity] = []
    for q in found:
        low = out[-1] if out else None
        if (
            low is not None
            and low.kind == q.kind == "money"
            and low.op == q.op == "="
            and low.norm_unit == q.norm_unit == "元"
            and (low.unit != q.unit or q.unit == "元")
            and text[low.end : q.start].strip(" \u3000") in seps
            and low.norm_value is not None
            and q.norm_value is not None
            and low.norm_value < q.norm_value
        ):
            out[-1] = replace(
                low,
                raw=text[low.start : q.end],
                value=low.norm_value,
                unit="元",
                decimals=_decimals_of(low.norm_value),
                op="range",
                high=q.norm_value,
                end=q.end,
            )
            continue
        out.append(q)
    return out


def _with_word_numbers(text: str, found: list[Quantity]) -> list[Quantity]:
    """Add the word numbers (半成, 打对折) that no numeral-led quantity covers."""
    g = grammar()
    assert g.word_numbers is not None
    extra: list[Quantity] = []
    for m in g.word_numbers.finditer(text):
        if any(q.start < m.end() and m.start() < q.end for q in found):
            continue
        value, unit_name = g.word_values[m.group(0)]
        unit = g.units[unit_name]
        if text[m.end() : m.end() + 1] in unit.not_before:
            continue  # 半成品 is a half-finished product, not 5%
        ur = UnitRead(end=m.end(), unit=unit.canonical, base=unit.canonical, kind=unit.kind)
        norm_value, norm_unit = normalized(value, ur)
        extra.append(
            Quantity(
                raw=m.group(0),
                value=value,
                unit=unit.canonical,
                decimals=_decimals_of(value),
                norm_value=norm_value,
                norm_unit=norm_unit,
                kind=unit.kind,
                start=m.start(),
                end=m.end(),
            )
        )
    if not extra:
        return found
    return sorted(found + extra, key=lambda q: q.start)


_SHARED_WINDOW = 24  # characters looked at before a figure for a list sharing its unit


def _shared_units(
    text: str, found: list[Quantity], strong: bytearray, weak: bytearray
) -> list[Quantity]:
    """Bare numbers listed before a figure take its unit: 各为4125.49、4143.91万元."""
    g = grammar()
    out: list[Quantity] = []
    for i, q in enumerate(found):
        if q.unit is None or q.op == "range" or not text[q.start : q.start + 1].isdigit():
            out.append(q)
            continue
        floor = found[i - 1].end if i > 0 else 0
        added: list[Quantity] = []
        head = q
        while True:
            lo = max(floor, head.start - _SHARED_WINDOW)
            m = g.shared_before.search(text, lo, head.start)
            if m is None:
                break
            s, e = m.span("num")
            if masked(strong, s, e) or masked(weak, s, e):
                break
            value, decimals, _ = arabic_value(m.group("num"))
            if m.group("sep") in g.shared_commas and (decimals == 0 or decimals != q.decimals):
                break
            head = _with_unit_of(q, m.group("num"), value, decimals, s, e)
            added.insert(0, head)
        out.extend(added)
        out.append(q)
    return out


def _split_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """分別下降3.3個及1.6個百分點, 3万及5万元: a figure whose unit is the start of the next
    one's, joined to it by 、和及与, takes the whole unit (when the two kinds differ: 3人及5人次
    are a count of people and one of visits)."""
    joiners = grammar().extra["joiners"]
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.unit is None or b.unit is None or a.kind == b.kind or a.op == "range":
            continue
        if not b.unit.startswith(a.unit) or b.unit == a.unit:
            continue
        gap = text[a.end : b.start].strip(" \u3000")
        if gap not in joiners:
            continue
        norm = a.value * (b.norm_value / b.value) if b.norm_value is not None and b.value else None
        out[i] = replace(a, unit=b.unit, kind=b.kind, norm_value=norm, norm_unit=b.norm_unit)
    return out


def _with_unit_of(
    q: Quantity, raw: str, value: Decimal, decimals: int, start: int, end: int
) -> Quantity:
    """A bare number read with the unit (and scale) of the figure ``q`` its list ends with."""
    norm = None
    if q.norm_value is not None and q.value:
        norm = value * (q.norm_value / q.value)
    return Quantity(
        raw=raw,
        value=value,
        unit=q.unit,
        decimals=decimals,
        norm_value=norm,
        norm_unit=q.norm_unit,
        kind=q.kind,
        start=start,
        end=end,
    )


def parse(text: str) -> Quantity | None:
    """The first quantity of a short text (a cell, a phrase); bare numbers count."""
    found = find(text, bare=True)
    return found[0] if found else None


def _quantity_at(
    text: str,
    m: re.Match[str],
    strong: bytearray,
    weak: bytearray,
    bare: bool,
    previous: list[Quantity],
) -> Quantity | None:
    g = grammar()
    # a masked number (2023年, a phone number) is no quantity: told before it is read
    core_start = m.start("ar") if m.group("ar") is not None else m.start("cn")
    if masked(strong, core_start, m.end()):
        return None
    num = read_number(text, m)
    if num is None:
        return None
    one_char = num.cn and m.end() - m.start("cn") == 1
    # 购置一台, 建成一间, 分三批: right after a verb of acquiring or building, a one-character
    # numeral is a count, not the article 一 or an ordinal; so it is after a bound (最少三年,
    # 不足二成)
    counted = num.cn and text[max(0, num.start - 4) : num.start].endswith(g.extra["count_verbs"])
    counted = counted or (one_char and read_prefix(text, num.start, strong)[1] is not None)
    ur, currency_at = _unit_after(text, num, one_char and not counted)
    if (
        num.lone is not None
        and num.lone in g.lone_never
        and not counted
        and ur.unit not in g.lone_never_except
    ):
        return None
    has_unit = ur.unit is not None
    if ur.unit in g.digit_string_units and not digit_string_ok(text, m, num):
        return None  # 十折 is no discount
    if not has_unit and masked(weak, core_start, m.end()):
        return None
    if not _numeral_counts(text, num, ur, counted, previous, strong):
        return None

    end = ur.end
    end = read_inclusive(text, end) if has_unit or bare else end

    # a range: 85-95%, 80%（含）-90%, 3至5万元
    rng = _read_range(text, num, ur, end, strong, bare) if num.high is None else None
    if rng is not None:
        return rng

    if not has_unit and not bare:
        return None
    start, end, approx, op = _with_markers(text, num, ur, end, strong, has_unit or bare)
    if currency_at is not None:
        start = min(start, currency_at)
    start = _signed(text, num, ur, start)
    norm_value, norm_unit = normalized(num.value, ur)
    typo = None
    if ur.repair:
        printed = text[num.start : ur.end]
        typo = f"{printed} read as {printed[:-1]}{ur.unit}: {ur.repair}"
    return Quantity(
        raw=text[start:end],
        value=num.value,
        unit=ur.unit,
        decimals=num.decimals,
        approx=approx,
        op=op,
        high=num.high,
        norm_value=norm_value,
        norm_unit=norm_unit,
        kind=ur.kind,
        repair=join(num.repair, typo),
        start=start,
        end=end,
    )


def _scaled_unit(text: str, num: Num, single: bool) -> UnitRead:
    """The unit after ``num``; a scale that came inside a Chinese numeral (三百二十万) is
    prefixed to it."""
    ur = read_unit(text, num.end, single, num.has_scale is not None)
    if num.has_scale:
        ur.unit = num.has_scale + (ur.unit or "")
        ur.scale = Decimal(grammar().big[num.has_scale])
    return ur


def _unit_after(text: str, num: Num, single: bool) -> tuple[UnitRead, int | None]:
    """The unit read after ``num`` and where a currency printed before it starts."""
    g = grammar()
    if num.percent:
        pu = g.units[g.percent_prefixes[num.percent]]
        ur = UnitRead(end=num.end, unit=pu.canonical, base=pu.canonical, kind=pu.kind)
    else:
        # cn: false units (批次, 分, 年) refuse only a one-character numeral (三批次一期项目,
        # 十分, 两年来); 七百批次 is a count
        ur = _scaled_unit(text, num, single)
        if num.has_scale:
            ur.kind = ur.kind or "scale"
    currency_at = None
    if ur.unit is None and not num.percent:
        currency_at, ur = currency_before(text, num.start, ur)  # ￥300, 人民币3.14
    if ur.unit in ("元", "块") and num.decimals == 0:
        read_jiao_fen(text, num, ur)  # 123元1角1分 = 123.11元, 十块三毛
    elif ur.unit == "成" and num.decimals == 0:
        read_tenths(text, num, ur)  # 三成半 = 3.5成, 七成六 = 7.6成
    return ur, currency_at


def _numeral_counts(
    text: str,
    num: Num,
    ur: UnitRead,
    counted: bool,
    previous: list[Quantity],
    strong: bytearray,
) -> bool:
    """Chinese numerals: one character (一) is usually the article, and a leading scale
    (百姓, 千方百计) a word, unless marked as a figure."""
    g = grammar()
    if (
        num.lone is not None
        and num.lone in g.lone_coordinated
        and (
            ur.unit is None
            or not (
                counted
                or _coordinated(text, num.start, ur.unit, previous)
                or _ends_clause(text, ur.end)
            )
        )
    ):
        return False
    return not (num.leading_scale and not (ur.approx or read_prefix(text, num.start, strong)[1]))


def _with_markers(
    text: str, num: Num, ur: UnitRead, end: int, strong: bytearray, suffixed: bool
) -> tuple[int, int, bool, str]:
    """Start, end, approx and op once the words around the number are read (约, 以上)."""
    approx, op = ur.approx, ur.op
    start = num.start
    pstart, prefix = read_prefix(text, num.start, strong)
    if (
        prefix is not None
        and ur.unit not in prefix.not_units
        and (not prefix.kinds or ur.kind in prefix.kinds)
    ):
        start = pstart
        approx = approx or prefix.approx
        op = prefix.op if prefix.op != "=" else op
    elif prefix is None and ur.kind is not None:
        op = _share_bound(text, num.start, ur.kind) or op
    if num.high is not None:
        approx, op = True, "range"  # 数十亿元, 三五百块
    if suffixed:
        send, suffix = read_suffix(text, end, ur.kind)
        if suffix is not None:
            end = send
            approx = approx or suffix.approx
            op = suffix.op if suffix.op != "=" else op
    return start, end, approx, op


def _share_bound(text: str, start: int, kind: str) -> str | None:
    """The op of a bound word before a share of something (未及岁入审定数二成 → <)."""
    spec = grammar().extra["share_bounds"]
    if (
        not spec
        or kind not in spec["kinds"]
        or start == 0
        or text[start - 1] not in spec["gap_ends"]
    ):
        return None
    lo = max(0, start - spec["gap_max"] - max(len(m) for m in spec["markers"]))
    window = text[lo:start]
    found = [(window.rfind(m), m) for m in spec["markers"]]
    found = [
        (at, m)
        for at, m in found
        if at >= 0
        and 0 < len(window) - at - len(m) <= spec["gap_max"]
        and HAN_RUN.fullmatch(window[at + len(m) :]) is not None
    ]
    if not found:
        return None
    # the word nearest the share, and of two ending there the longer (不低于, not 低于)
    nearest = max(found, key=lambda f: (f[0] + len(f[1]), len(f[1])))
    return str(grammar().prefix[nearest[1]].op)


def _signed(text: str, num: Num, ur: UnitRead, start: int) -> int:
    """负40%, 增长率为负3.2%: the word 负 as the sign of a rate or an amount (``num`` is
    negated in place); the start of the quantity."""
    neg = grammar().extra["negative"]
    if (
        num.start == start
        and start > 0
        and num.value > 0
        and text[start - 1] in neg["words"]
        and ur.kind in neg["kinds"]
        and (start < 2 or text[start - 2] not in neg["not_after"])
    ):
        num.value = -num.value
        return start - 1
    return start


def _ends_clause(text: str, pos: int) -> bool:
    """Does the clause, a list item or a gloss end at ``pos`` (景区一个。, 商务车一部、,
    指挥车一部 (猎豹越野车)): the measure word follows its noun."""
    pos = skip_space(text, pos)
    return pos >= len(text) or text[pos] in CLAUSE_BREAK or text[pos] in "、（("


def _coordinated(text: str, start: int, unit: str | None, previous: list[Quantity]) -> bool:
    """一家 counts when a figure of the same unit ends just before, in the same clause."""
    if not previous:
        return False
    last = previous[-1]
    gap = text[last.end : start]
    return (
        last.unit == unit and len(gap) <= grammar().coordination_window and not _breaks_clause(gap)
    )


def _read_range(
    text: str, low: Num, ur: UnitRead, pos: int, strong: bytearray, bare: bool
) -> Quantity | None:
    g = grammar()
    p = skip_space(text, pos, 1)
    sep = next((s for s in g.range_seps if text.startswith(s, p)), None)
    if sep is None:
        return None
    p = skip_space(text, p + len(sep), 1)
    m = g.core.match(text, p)
    if m is None or m.group("pct"):
        return None
    high = read_number(text, m, signed=False)
    if high is None or high.start != p or high.lone in g.lone_never:
        return None
    core_start = m.start("ar") if m.group("ar") is not None else m.start("cn")
    if masked(strong, core_start, m.end()):
        return None
    hur = _scaled_unit(text, high, high.cn)
    if hur.unit in ("元", "块") and high.decimals == 0:
        read_jiao_fen(text, high, hur)  # 五元六角-五元七毛八分
    # the unit is printed once (85-95%) or on both ends (30%-50%, 3万-5万元)
    if ur.unit is None:
        unit_read = hur
    elif hur.unit is None or hur.unit == ur.unit:
        unit_read = ur if hur.unit is None else hur
    elif ur.kind == "scale" and hur.unit.startswith(ur.unit):
        unit_read = hur
    else:
        return None
    if unit_read.unit is None and not bare:
        return None
    if high.value <= low.value:
        return None
    end = hur.end if hur.unit is not None else high.end
    end = read_inclusive(text, end)
    norm_value, norm_unit = normalized(low.value, unit_read)
    return Quantity(
        raw=text[low.start : end],
        value=low.value,
        unit=unit_read.unit,
        decimals=max(low.decimals, high.decimals),
        approx=ur.approx or hur.approx,
        op="range",
        high=high.value,
        norm_value=norm_value,
        norm_unit=norm_unit,
        kind=unit_read.kind,
        repair=join(join(low.repair, high.repair), join(ur.repair, hur.repair)),
        start=low.start,
        end=end,
    )
