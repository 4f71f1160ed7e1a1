"""Reading one number and what follows it: sign, numeral, infix, scale, unit, per-unit,
suffix and prefix markers, 角/分 and tenths of 成.  See numbers.py."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from .loaders.normalize import HAN
from .number_grammar import (
    HSPACE,
    Marker,
    Unit,
    arabic_value,
    chinese_value,
    grammar,
    masked,
    vague_pair,
)

# ── reading what follows a number ───────────────────────────────────────────


def skip_space(text: str, pos: int, limit: int = 2) -> int:
    n = 0
    while pos < len(text) and text[pos] in HSPACE and n < limit:
        pos += 1
        n += 1
    return pos


def _base_unit(text: str, pos: int, cn: bool) -> Unit | None:
    g = grammar()
    if text[pos : pos + 1] not in g.unit_firsts:
        return None  # no unit starts with this character (or the text ends)
    for length in g.unit_lengths:
        cand = text[pos : pos + length]
        unit = g.units.get(cand) if len(cand) == length else None
        if unit is None:
            continue
        nxt = text[pos + length : pos + length + 1]
        if nxt and nxt in unit.not_before:
            continue
        if unit.ascii and nxt and nxt.isascii() and nxt.isalpha():
            continue
        if cn and not unit.cn and not text.startswith(unit.cn_before, pos + length):
            return None
        return unit
    return None


def _scale(text: str, pos: int) -> str | None:
    g = grammar()
    if text[pos : pos + 1] not in g.scale_firsts:
        return None
    for length in g.scale_lengths:
        cand = text[pos : pos + length]
        if len(cand) == length and cand in g.scales:
            return cand
    return None


@dataclass(slots=True)
class UnitRead:
    end: int
    unit: str | None = None
    base: str | None = None
    scale: Decimal | None = None
    kind: str | None = None
    approx: bool = False
    op: str = "="
    repair: str | None = None


_UNIT_OPEN = "（("
_LINE_BROKEN_KINDS = frozenset({"money", "percent"})
_UNIT_CLOSE = "）)"


def read_unit(text: str, pos: int, cn: bool, has_scale: bool) -> UnitRead:
    """Infix marker, scale, unit, /per-unit after a number ending at ``pos``."""
    typo = _typo_unit(text, pos)
    if typo is not None:
        return typo
    p = skip_space(text, pos)
    # a line broken between an amount or a rate and its unit (91.91⏎万元): the unit on the
    # next line still belongs to it; other units (3⏎个人) are too often the next line's words
    if text[p : p + 1] == "\n":
        inner = read_unit(text, skip_space(text, p + 1), cn, has_scale)
        if inner.unit is not None and inner.kind in _LINE_BROKEN_KINDS:
            return inner
        return UnitRead(end=pos)
    # indicator tables print the unit in brackets after the value: ≥90（%）, ≥1.2（万人次）
    if p < len(text) and text[p] in _UNIT_OPEN:
        inner = read_unit(text, p + 1, cn, has_scale)
        close = skip_space(text, inner.end)
        if inner.unit is not None and close < len(text) and text[close] in _UNIT_CLOSE:
            inner.end = close + 1
            return inner
    return _scaled_unit(text, pos, p, cn, has_scale)


def _typo_unit(text: str, pos: int) -> UnitRead | None:
    """A typo in the unit position, glued to the number: 50& → 50%."""
    g = grammar()
    ch = text[pos : pos + 1]
    if ch not in g.typos:
        return None
    nxt = text[pos + 1 : pos + 2]
    if nxt.isascii() and nxt.isalnum():
        return None
    fixed = g.typos[ch]
    unit = g.units[fixed]
    return UnitRead(
        end=pos + 1,
        unit=unit.canonical,
        base=unit.canonical,
        kind=unit.kind,
        repair=f"'{ch}' typed for '{fixed}'",
    )


def _past_break(text: str, p: int) -> int | None:
    """Where the text goes on after one line break (and spaces) at ``p``, or None."""
    q = p
    while q < len(text) and text[q] in HSPACE:
        q += 1
    if text[q : q + 1] != "\n":
        return None
    q += 1
    while q < len(text) and text[q] in HSPACE:
        q += 1
    return q


def _scaled_unit(text: str, pos: int, p: int, cn: bool, has_scale: bool) -> UnitRead:
    """Infix, scale, unit and per-unit read from ``p`` (the number ends at ``pos``)."""
    g = grammar()
    r = UnitRead(end=pos)
    infix = g.infix.get(text[p : p + 1])
    if infix is not None:
        p += 1
    base = _base_unit(text, p, cn)
    scale = None
    if base is None and not has_scale:
        scale = _scale(text, p)
        if scale is not None:
            p += len(scale)
            if infix is None:
                infix = g.infix.get(text[p : p + 1])
                if infix is not None:
                    p += 1
            base = _base_unit(text, p, cn)
            if base is None:
                # 1.5万⏎元: the line broke between the scale and 元
                q = _past_break(text, p)
                money = _base_unit(text, q, cn) if q is not None else None
                if q is not None and money is not None and money.kind == "money":
                    base, p = money, q
    if base is None and scale is None:
        if has_scale and infix is not None:
            # 五十六億多: the numeral's own scale, then 多 (about, more than)
            r.end, r.approx, r.op = p, infix.approx, infix.op
        return r  # an infix with no unit after it (10余) makes no unit
    if base is None and scale not in g.scales_alone:
        return r  # 10千伏: 千 alone is no unit
    if base is not None and infix is None and base.printed in g.classifier_infix:
        base, p, infix = _classifier_infix(text, p, base, cn)
    canonical = (scale or "") + (base.canonical if base else "")
    base_canonical = base.canonical if base else None
    if base is not None:
        p += len(base.printed)
        per, p = _read_per(text, p, base)
        canonical += per
        base_canonical = (base_canonical or "") + per
    r.end = p
    r.unit = canonical
    r.base = base_canonical
    r.scale = g.scales[scale] if scale else None
    r.kind = base.kind if base else "scale"
    if infix is not None:
        r.approx, r.op = infix.approx, infix.op
    return r


def _classifier_infix(text: str, pos: int, base: Unit, cn: bool) -> tuple[Unit, int, Marker | None]:
    """7个多月: the infix inside a unit that starts with a measure word.  Returns the unit read
    (its printed form ending where the text's unit ends), where it starts, and the infix."""
    g = grammar()
    after = pos + len(base.printed)
    infix = g.infix.get(text[after : after + 1])
    if infix is None:
        return base, pos, None
    rest = after + 1
    longer = _base_unit(base.printed + text[rest : rest + 8], 0, cn)
    if longer is not None and len(longer.printed) > len(base.printed):
        # printed spans 个 + 多 + 月: keep the canonical unit, consume the infix too
        tail = len(longer.printed) - len(base.printed)
        return replace(longer, printed=text[pos : rest + tail]), pos, infix
    time = _base_unit(text, rest, cn)
    if time is not None and time.kind == "time":
        return replace(time, printed=text[pos : rest + len(time.printed)]), pos, infix
    return base, pos, None


def _read_per(text: str, pos: int, base: Unit) -> tuple[str, int]:
    """The per-units after a unit ending at ``pos`` (万元/公里, 元/人·月, 元每平方米 → 元/平方米)."""
    g = grammar()
    out = ""
    sep = text[pos : pos + 1]
    if sep in g.per_separators or base.kind in g.per_words.get(sep, ()):
        nxt = pos + 1
    else:
        return out, pos
    per = _per_unit(text, nxt)
    if per is None or per.canonical == base.canonical:
        return out, pos
    out = "/" + per.canonical
    pos = nxt + len(per.printed)
    # a second per-unit: 元/人·月, 元/人/月
    sep = text[pos : pos + 1]
    if sep in g.per_chain:
        per2 = _per_unit(text, pos + 1)
        if per2 is not None and per2.canonical not in (per.canonical, base.canonical):
            out += ("/" if sep in g.per_separators else "·") + per2.canonical
            pos += 1 + len(per2.printed)
    return out, pos


def _per_unit(text: str, pos: int) -> Unit | None:
    """A unit after a per-separator: any unit, or one read only there (月 in 元/月); the longer
    printed form wins (元/床日 is per bed-day, not per 床 followed by 日)."""
    g = grammar()
    unit = _base_unit(text, pos, False)
    only = [
        u
        for w, u in g.per_only.items()
        if text.startswith(w, pos) and text[pos + len(w) : pos + len(w) + 1] not in u.not_before
    ]
    longest = max(only, key=lambda u: len(u.printed), default=None)
    if unit is None or (longest is not None and len(longest.printed) > len(unit.printed)):
        return longest
    return unit


def read_inclusive(text: str, pos: int) -> int:
    for mark in grammar().inclusive:
        if text.startswith(mark, pos):
            return pos + len(mark)
    return pos


def read_suffix(text: str, pos: int, kind: str | None = None) -> tuple[int, Marker | None]:
    g = grammar()
    if text[pos : pos + 1] not in g.suffix_firsts:
        return pos, None
    for length in g.suffix_lengths:
        cand = text[pos : pos + length]
        marker = g.suffix.get(cand) if len(cand) == length else None
        if marker is None:
            continue
        if marker.kinds and kind not in marker.kinds:
            continue
        nxt = text[pos + length : pos + length + 1]
        if nxt and nxt in marker.not_before:
            continue
        return pos + length, marker
    return pos, None


def read_prefix(text: str, start: int, strong: bytearray) -> tuple[int, Marker | None]:
    g = grammar()
    p = start
    while p > 0 and text[p - 1] in HSPACE and start - p < 1:
        p -= 1
    # 约为人民币15万元: a currency word between the marker and the amount
    p -= next((len(c) for c in g.currency_prefixes if text.endswith(c, 0, p)), 0)
    if p <= 0 or text[p - 1] not in g.prefix_lasts:
        return start, None  # no marker ends with this character
    for length in g.prefix_lengths:
        s = p - length
        if s < 0:
            continue
        cand = text[s:p]
        marker = g.prefix.get(cand)
        if marker is None:
            continue
        before = text[s - 1 : s] if s > 0 else ""
        if before and before in marker.not_after:
            continue
        if masked(strong, s, p):
            continue
        return s, marker
    return start, None


def _is_sign(text: str, pos: int) -> bool:
    """Is the minus sign at ``pos`` a sign (变动率-5%) rather than a range dash (85-95%)?"""
    if pos == 0:
        return True
    before = text[pos - 1]
    if before.isdigit() or unicodedata.normalize("NFKC", before).isdigit():
        return False
    if before in grammar().unit_tails:
        head = text[max(0, pos - 5) : pos]
        if any(head.endswith(u) for u in grammar().units):
            return False
    return not (before.isascii() and before.isalnum())


@dataclass(slots=True)
class Num:
    start: int  # of the sign or the 百分之 prefix
    end: int
    value: Decimal
    decimals: int
    cn: bool
    lone: str | None  # the one-character Chinese numeral, if that is all it is
    leading_scale: bool
    has_scale: str | None  # a trailing 万/亿 split off a Chinese numeral
    percent: str | None
    repair: str | None
    high: Decimal | None = None  # 数十亿, 三五百: a vague numeral is a range


MAX_MAGNITUDE = Decimal(10) ** 20
"""No amount in a report reaches 10^20 (亿亿元): a longer run of scales is a typo, not a number."""


def read_number(text: str, m: re.Match[str], signed: bool = True) -> Num | None:
    g = grammar()
    start, end = m.start(), m.end()
    pct = m.group("pct")
    repair = None
    has_scale = None
    if m.group("ar") is not None:
        value, decimals, repair = arabic_value(m.group("ar"))
        cn = False
        lone = None
        leading = False
        if not pct:
            value, decimals, end = _digit_place(text, end, value, decimals)
    else:
        s = m.group("cn")
        if not pct and len(s) > 1 and s[-1] in g.big and s[-1] + text[end : end + 1] in g.scales:
            # 八点零一万亿元: 万 starts the scale 万亿 after the numeral, not the numeral's own
            s, end = s[:-1], end - 1
        cn = True
        leading = s[0] in g.leading_scale and not pct
        # a trailing 万/亿 is the unit's scale (三百二十万元 = 320 万元), as after Arabic digits
        if not pct and s[-1] in g.big:
            has_scale = s[-1]  # 万余元: a bare scale is one of it
        read = chinese_value(s)
        high: Decimal | None = None
        if read is None:
            pair = _digit_pair(s, text, end)
            if pair is None:
                return None
            read, high = pair
        value, decimals = read
        if (
            high is None
            and not pct
            and start > 0
            and text[start - 1] in g.vague_prefixes
            and (s[0] in g.small or s[0] in g.big)
        ):
            high = value * 10  # 数十亿元: ten to a hundred 亿
            start -= 1
        if has_scale:
            value = value / g.big[has_scale]
            high = high / g.big[has_scale] if high is not None else None
            if value == value.to_integral_value():
                try:
                    value = value.quantize(Decimal(1))
                except InvalidOperation:
                    return None  # 八亿亿亿亿亿: more digits than any amount has, a typo
        if abs(value) >= MAX_MAGNITUDE:
            return None
        lone = s if len(s) == 1 and s in g.digits and not pct else None
        if high is not None:
            return Num(start, end, value, decimals, cn, None, False, has_scale, pct, None, high)
    # a minus sign right before an Arabic number (变动率-5%, －3.2万元)
    if (
        signed
        and not pct
        and not cn
        and start > 0
        and text[start - 1] in "-－−"
        and _is_sign(text, start - 1)
    ):
        start -= 1
        value = -value
    return Num(start, end, value, decimals, cn, lone, leading, has_scale, pct, repair)


_PLACES = {"百": 2, "佰": 2, "千": 3, "仟": 3}
_PLACE_SCALES = ("万亿", "亿", "万")
_MILLION_YUAN = ("百万元", "佰万元")
"""A unit of account of its own (单位：百万元; 12百万元 is 12 of them)."""


def _digit_place(text: str, end: int, value: Decimal, decimals: int) -> tuple[Decimal, int, int]:
    """4百亿元, 2百余万, 25亿8千万: a 百/千 after digits and before 万/亿 is a digit place of
    the number (400 亿元), not a scale of its own; the end moves past it.  百万元 stays the
    unit of account it is."""
    places = _PLACES.get(text[end : end + 1])
    if places is None:
        return value, decimals, end
    after = end + 1
    if text[after : after + 1] in grammar().infix:
        after += 1  # 2百余万: about two hundred 万
    if not text.startswith(_PLACE_SCALES, after) or text.startswith(_MILLION_YUAN, end):
        return value, decimals, end
    value = value.scaleb(places)
    decimals = max(0, decimals - places)
    value = value.quantize(Decimal(1).scaleb(-decimals))
    return value, decimals, end + 1


def _digit_pair(s: str, text: str, end: int) -> tuple[tuple[Decimal, int], Decimal | None] | None:
    """Two digit characters that are not a numeral of quantity on their own: neighbours
    before a multiplier are a range (三五百 = 300–500, 八九亿), and before a unit of
    ``digit_string_units`` one number (三八折 = 38)."""
    g = grammar()
    if len(s) < 2 or s[0] not in g.digits or s[1] not in g.digits:
        return None
    a, b = g.digits[s[0]], g.digits[s[1]]
    rest = s[2:]
    if not rest:
        if a and any(text.startswith(u, end) for u in g.digit_string_units):
            return (Decimal(a * 10 + b), 0), None
        return None
    if not vague_pair(a, b) or not (rest[0] in g.small or rest[0] in g.big):
        return None
    low, high = chinese_value(s[0] + rest), chinese_value(s[1] + rest)
    if low is None or high is None:
        return None
    return low, high[0]


def currency_before(text: str, pos: int, ur: UnitRead) -> tuple[int | None, UnitRead]:
    """A currency sign or name right before a number printed without a unit: where it
    starts, and the unit it gives."""
    g = grammar()
    p = pos - 1 if pos > 0 and text[pos - 1] in HSPACE else pos
    for sign, unit_name in g.currency_prefixes.items():
        if text.endswith(sign, 0, p):
            unit = g.units[unit_name]
            return p - len(sign), UnitRead(
                end=ur.end, unit=unit.canonical, base=unit.canonical, kind=unit.kind
            )
    return None, ur


def digit_string_ok(text: str, m: re.Match[str], num: Num) -> bool:
    """八折, 9.9折, 75折, 三八折: one digit (and tenths) or two printed digits."""
    if 0 < num.value < 10:
        return True
    printed = m.group("ar") if m.group("ar") is not None else m.group("cn")
    return num.value < 100 and num.decimals == 0 and len(printed.strip()) == 2


_DIGIT = "[0-9０-９一二两三四五六七八九]"
_WORD_ENDS = rf"(?=[到至钱以左]|[^{HAN}]|$)"  # no Han character of another word follows
_JIAO_FEN_RE = re.compile(
    rf"(?P<jiao>{_DIGIT})[角毛](?:(?P<fen>{_DIGIT})(?:分|{_WORD_ENDS}))?|(?P<fen_only>{_DIGIT})分"
)
# after 块 the spoken forms: 一块二 = 1.2, 三块零四 = 3.04
_KUAI_TAIL_RE = re.compile(rf"(?:零(?P<fen>{_DIGIT})|(?P<jiao>{_DIGIT})){_WORD_ENDS}")
_TENTHS_RE = re.compile(rf"(?:(?P<half>半)|(?P<digit>{_DIGIT})){_WORD_ENDS}")


def _digit_value(ch: str | None) -> int:
    if ch is None:
        return 0
    digits = grammar().digits
    return digits[ch] if ch in digits else int(unicodedata.normalize("NFKC", ch))


def read_tenths(text: str, num: Num, ur: UnitRead) -> None:
    """Extend a count of 成 by the tenths printed after it (三成半, 七成六)."""
    m = _TENTHS_RE.match(text, ur.end)
    if m is None:
        return
    tenths = 5 if m.group("half") else _digit_value(m.group("digit"))
    num.value = num.value + Decimal(tenths) / 10
    num.decimals = 1
    ur.end = m.end()


def read_jiao_fen(text: str, num: Num, ur: UnitRead) -> None:
    """Extend an amount in 元 by the 角 and 分 printed after it (5元5角, 123元1角1分)."""
    m = _JIAO_FEN_RE.match(text, ur.end)
    after = text[m.end() : m.end() + 1] if m else ""
    if m is not None and m.group("fen_only") and after and after in "钟之制值数":
        return
    if m is None and ur.unit == "块":
        m = _KUAI_TAIL_RE.match(text, ur.end)
    if m is None:
        return
    groups = m.groupdict()
    fen_digit = groups.get("fen") or groups.get("fen_only")
    jiao, fen = _digit_value(groups.get("jiao")), _digit_value(fen_digit)
    num.value = num.value + Decimal(jiao) / 10 + Decimal(fen) / 100
    num.decimals = 2 if fen_digit else 1
    num.value = num.value.quantize(Decimal(1).scaleb(-num.decimals))
    ur.end = m.end()


def join(a: str | None, b: str | None) -> str | None:
    parts = [p for p in (a, b) if p]
    return "; ".join(parts) if parts else None


def normalized(value: Decimal, ur: UnitRead) -> tuple[Decimal | None, str | None]:
    if ur.unit is None:
        return None, None
    if ur.scale is not None:
        return value * ur.scale, ur.base
    other = grammar().extra["unit_norms"].get(ur.unit)
    if other is not None:  # 三成 → 30%
        if ur.unit in grammar().digit_string_units and value >= 10:
            return value, other[0]  # 75折 is 75% already
        return value * other[1], other[0]
    return value, ur.base
