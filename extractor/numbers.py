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
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from . import patterns
from .loaders.normalize import traditional_forms

_HSPACE = " \u3000"
_CLAUSE_BREAK = set("，,。；;！？!?\n\t：:")


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


# ── the grammar, compiled once from patterns/ ───────────────────────────────


@dataclass(frozen=True, slots=True)
class _Unit:
    printed: str
    canonical: str
    kind: str
    cn: bool
    not_before: frozenset[str]
    ascii: bool


@dataclass(frozen=True, slots=True)
class _Marker:
    text: str
    approx: bool
    op: str
    not_after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    not_units: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()  # read only after a unit of these kinds (empty: any)


@dataclass(frozen=True, slots=True)
class _Shape:
    name: str
    regex: re.Pattern[str]
    weak: bool
    except_units: bool


@dataclass(slots=True)
class _Grammar:
    units: dict[str, _Unit]
    unit_lengths: list[int]
    unit_tails: frozenset[str]
    scales: dict[str, Decimal]
    scale_lengths: list[int]
    scales_alone: frozenset[str]
    per_separators: tuple[str, ...]
    per_chain: tuple[str, ...]
    per_only: dict[str, _Unit]
    classifier_infix: frozenset[str]
    shared_before: re.Pattern[str]
    shared_commas: frozenset[str]
    per_words: dict[str, frozenset[str]]
    prefix: dict[str, _Marker]
    prefix_lengths: list[int]
    infix: dict[str, _Marker]
    suffix: dict[str, _Marker]
    suffix_lengths: list[int]
    inclusive: tuple[str, ...]
    range_seps: tuple[str, ...]
    typos: dict[str, str]
    digits: dict[str, int]
    small: dict[str, int]
    big: dict[str, int]
    point: str
    percent_prefixes: dict[str, str]
    lone_never: frozenset[str]
    lone_coordinated: frozenset[str]
    coordination_window: int
    leading_scale: frozenset[str]
    core: re.Pattern[str]
    shapes: list[_Shape]
    idioms: re.Pattern[str] | None
    ascii_units: frozenset[str]
    numeral_chars: re.Pattern[str]
    unit_chars: re.Pattern[str]
    traditional: dict[int, str]
    vague_prefixes: frozenset[str]
    digit_string_units: frozenset[str]
    currency_prefixes: dict[str, str]
    word_numbers: re.Pattern[str] | None
    word_values: dict[str, tuple[Decimal, str]]
    extra: dict[str, Any] = field(default_factory=dict)


def _marker(text: str, spec: dict[str, Any]) -> _Marker:
    return _Marker(
        text=text,
        approx=bool(spec.get("approx", False)),
        op=str(spec.get("op", "=")),
        not_after=frozenset(spec.get("not_after", "")),
        not_before=frozenset(spec.get("not_before", "")),
        not_units=frozenset(spec.get("not_units", [])),
        kinds=frozenset(spec.get("kinds", [])),
    )


def _word_numbers_re(words: list[dict[str, Any]]) -> re.Pattern[str] | None:
    if not words:
        return None
    alts = []
    for w in words:
        after = f"(?<={re.escape(str(w['after']))})" if w.get("after") else ""
        alts.append(after + re.escape(str(w["word"]) + str(w["unit"])))
    return re.compile("|".join(alts))


def _lengths(keys: Any) -> list[int]:
    return sorted({len(k) for k in keys}, reverse=True)


@functools.cache
def grammar() -> _Grammar:
    """Compile patterns/units.yaml, numerals.yaml and nonfigures.yaml (once per process)."""
    u = patterns.load("units")
    n = patterns.load("numerals")
    nf = patterns.load("nonfigures")

    units: dict[str, _Unit] = {}
    for e in u["units"]:
        printed = str(e["unit"])
        units[printed] = _Unit(
            printed=printed,
            canonical=str(e.get("canonical", printed)),
            kind=str(e["kind"]),
            cn=bool(e.get("cn", True)),
            not_before=frozenset(str(e.get("not_before", ""))),
            ascii=bool(e.get("ascii", False)),
        )
    scales = {str(k): Decimal(str(v)) for k, v in u["scales"].items()}
    digits = {str(k): int(v) for k, v in n["digits"].items()}
    small = {str(k): int(v) for k, v in n["small_units"].items()}
    big = {str(k): int(v) for k, v in n["big_units"].items()}
    point = str(n["decimal_point"])
    percent_prefixes = {str(k): str(v) for k, v in n["percent_prefixes"].items()}

    # The number core: [百分之]( Arabic | Chinese ).  Arabic allows thousands
    # groups and a decimal point with stray spaces around it (200. 13, repaired);
    # spaces are horizontal only so a number never crosses a cell or a line.
    ad = "0-9０-９"
    points = "".join(re.escape(p) for p in n["decimal_points"])
    groups = "".join(re.escape(g) for g in n["group_separators"])
    fw = "０-９"
    # full-width digits may be grouped with a full-width comma (１，２３４); ASCII digits
    # only with the ASCII one: 1，234 in prose is a list — unless decimals follow the
    # groups (82，225.00元): a list item of exactly three digits and decimals is not
    arabic = (
        rf"(?:[{fw}]+(?:[{groups}，][{fw}]{{3}}(?![{ad}]))+"
        rf"|[0-9]{{1,3}}(?:，[0-9]{{3}})+(?=[{points}][0-9])"
        rf"|[{ad}]+(?:[{groups}][{ad}]{{3}}(?![{ad}]))*)"
        rf"(?:[{_HSPACE}]{{0,2}}[{points}][{_HSPACE}]{{0,2}}[{ad}]+)?"
    )
    cn_chars = "".join(sorted(set(digits) | set(small) | set(big)))
    cn_digits = "".join(sorted(digits))
    bigs = "".join(sorted(big))
    chinese = rf"[{cn_chars}]+(?:{re.escape(point)}[{cn_digits}]+[{bigs}]?)?"
    pct = "|".join(re.escape(p) for p in sorted(percent_prefixes, key=len, reverse=True))
    # 百分之 2.4: a stray space after the prefix (letter-spaced text) is read through
    core = re.compile(
        rf"(?:(?P<pct>{pct})[{_HSPACE}]{{0,2}})?(?:(?P<ar>{arabic})|(?P<cn>{chinese}))"
    )

    shapes = []
    for name, spec in nf["shapes"].items():
        shapes.append(
            _Shape(
                name=str(name),
                regex=re.compile(spec["regex"]),
                weak=bool(spec.get("weak", False)),
                except_units=bool(spec.get("except_units", False)),
            )
        )
    idioms = nf.get("idioms") or []
    idiom_re = (
        re.compile("|".join(re.escape(i) for i in sorted(idioms, key=len, reverse=True)))
        if idioms
        else None
    )
    prefix = {str(k): _marker(str(k), v) for k, v in u["prefix_markers"].items()}
    infix = {str(k): _marker(str(k), v) for k, v in u["infix_markers"].items()}
    suffix = {str(k): _marker(str(k), v) for k, v in u["suffix_markers"].items()}
    lone = n["lone"]
    vocabulary = (
        set(units)
        | set(scales)
        | set(digits)
        | set(small)
        | set(big)
        | {point}
        | set(percent_prefixes)
        | set(u["prefix_markers"])
        | set(u["infix_markers"])
        | set(u["suffix_markers"])
        | set(u["range_separators"])
        | set(u["per_words"] or {})
        | set(lone.get("count_verbs") or [])
        | set(u.get("currency_prefixes") or {})
    )
    joiners = list(u.get("shared_unit_joiners", [])) + list(u.get("shared_unit_commas", []))
    # a bare Arabic number and a joiner, right before a figure (anchored at the end)
    shared_before = re.compile(
        rf"(?<![0-9０-９.．A-Za-z\-－])(?P<num>[{ad}]+(?:[{points}][{ad}]+)?)"
        rf"[{_HSPACE}]?(?P<sep>{'|'.join(re.escape(j) for j in joiners) or '(?!)'})[{_HSPACE}]?$"
    )
    return _Grammar(
        units=units,
        unit_lengths=_lengths(units),
        unit_tails=frozenset(k[-1] for k in units),
        scales=scales,
        scale_lengths=_lengths(scales),
        scales_alone=frozenset(u.get("scales_alone", scales)),
        per_separators=tuple(u["per_separators"]),
        per_chain=tuple(u.get("per_chain_separators", [])),
        shared_before=shared_before,
        classifier_infix=frozenset(u.get("classifier_infix", [])),
        shared_commas=frozenset(u.get("shared_unit_commas", [])),
        per_only={
            str(w["unit"] if isinstance(w, dict) else w): _Unit(
                str(w["unit"] if isinstance(w, dict) else w),
                str(w["unit"] if isinstance(w, dict) else w),
                "time",
                True,
                frozenset(str(w.get("not_before", "")) if isinstance(w, dict) else ""),
                False,
            )
            for w in u.get("per_only_units", [])
        },
        per_words={str(k): frozenset(v) for k, v in (u.get("per_words") or {}).items()},
        prefix=prefix,
        prefix_lengths=_lengths(prefix),
        infix=infix,
        suffix=suffix,
        suffix_lengths=_lengths(suffix),
        inclusive=tuple(u["inclusive_marks"]),
        range_seps=tuple(sorted(u["range_separators"], key=len, reverse=True)),
        typos={str(k): str(v) for k, v in u["unit_typos"].items()},
        digits=digits,
        small=small,
        big=big,
        point=point,
        percent_prefixes=percent_prefixes,
        lone_never=frozenset(lone["never"]),
        lone_coordinated=frozenset(lone["coordinated_only"]),
        coordination_window=int(lone["coordination_window"]),
        leading_scale=frozenset(n["leading_scale_needs_approx"]),
        core=core,
        shapes=shapes,
        idioms=idiom_re,
        ascii_units=frozenset(k for k, v in units.items() if v.ascii),
        numeral_chars=re.compile(rf"[{ad}{cn_chars}]"),
        traditional=traditional_forms("".join(vocabulary)),
        vague_prefixes=frozenset(n.get("vague_prefixes", "")),
        digit_string_units=frozenset(u.get("digit_string_units") or []),
        currency_prefixes={str(k): str(v) for k, v in (u.get("currency_prefixes") or {}).items()},
        word_numbers=_word_numbers_re(u.get("word_numbers") or []),
        word_values={
            str(w["word"]) + str(w["unit"]): (Decimal(str(w["value"])), str(w["unit"]))
            for w in u.get("word_numbers") or []
        },
        # every character a unit, scale, typo or percent prefix can start with
        unit_chars=re.compile(
            "["
            + re.escape(
                "".join(
                    sorted(
                        {k[0] for k in units}
                        | {k[0] for k in scales}
                        | {k[0] for k in u["unit_typos"]}
                        | {k[0] for k in percent_prefixes}
                    )
                )
            )
            + "]"
        ),
        extra={
            "scoring": nf.get("scoring_clause", {}),
            "negative": {
                "words": frozenset(n.get("negative", {}).get("words") or ""),
                "kinds": frozenset(n.get("negative", {}).get("kinds") or []),
                "not_after": frozenset(n.get("negative", {}).get("not_after") or ""),
            },
            "unit_norms": {
                str(k): (str(v["unit"]), Decimal(str(v["factor"])))
                for k, v in (u.get("unit_norms") or {}).items()
            },
            "count_verbs": tuple(sorted(lone.get("count_verbs") or [], key=len, reverse=True)),
        },
    )


# ── reading numerals ────────────────────────────────────────────────────────


def _arabic_value(text: str) -> tuple[Decimal, int, str | None]:
    """Value, printed decimals and repair note of an Arabic numeral as matched by the core."""
    folded = unicodedata.normalize("NFKC", text)
    repair = None
    if any(c in folded for c in _HSPACE):
        repair = f"{text} read as {''.join(c for c in folded if c not in _HSPACE).replace(',', '')}: space inside the number removed"
    digits = "".join(c for c in folded if c not in _HSPACE and c != ",")  # NFKC: ， → ,
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return Decimal(digits), decimals, repair


def chinese_int(text: str) -> int | None:
    """Value of a Chinese integer numeral (一千二百 → 1200, 两千 → 2000); None if malformed."""
    g = grammar()
    total = 0
    section = 0
    number: int | None = None
    last_small = 10**9
    last_was_zero = False
    prev = ""
    if not text:
        return None
    for ch in text:
        if ch in g.digits:
            if prev == "digit" and not last_was_zero:
                return None  # 一一, 二〇二〇: not a numeral of quantity
            last_was_zero = g.digits[ch] == 0
            number = g.digits[ch]
            prev = "digit"
        elif ch in g.small:
            unit = g.small[ch]
            if unit >= last_small or (prev == "digit" and number == 0):
                return None
            section += (number if number is not None else 1) * unit
            last_small = unit
            number = None
            prev = "small"
            last_was_zero = False
        elif ch in g.big:
            unit = g.big[ch]
            section += number or 0
            if section == 0 and total == 0:
                section = 1  # 万余元: a bare scale counts one
            if unit >= 10**8:
                total = (total + section) * unit
            else:
                total += section * unit
            section = 0
            number = None
            last_small = 10**9
            prev = "big"
            last_was_zero = False
        else:
            return None
    return total + section + (number or 0)


def _chinese_value(text: str) -> tuple[Decimal, int] | None:
    g = grammar()
    if g.point in text:
        whole, frac = text.split(g.point, 1)
        scale = 1
        if frac and frac[-1] in g.big:
            scale = g.big[frac[-1]]
            frac = frac[:-1]
        iv = chinese_int(whole)
        if iv is None or not frac or any(c not in g.digits for c in frac):
            return None
        fd = "".join(str(g.digits[c]) for c in frac)
        return Decimal(f"{iv}.{fd}") * scale, len(fd)
    iv = chinese_int(text)
    return (Decimal(iv), 0) if iv is not None else None


# ── masks: spans that are not figures ───────────────────────────────────────


@functools.lru_cache(maxsize=512)
def nonfigure_spans(text: str) -> tuple[tuple[int, int, str, bool], ...]:
    """``(start, end, shape, weak)`` of every non-figure span in ``text`` (cached per text)."""
    g = grammar()
    out: list[tuple[int, int, str, bool]] = []
    for shape in g.shapes:
        for m in shape.regex.finditer(text):
            if m.end() == m.start():
                continue
            if shape.except_units:
                letters = re.sub(r"^[0-9０-９]+", "", m.group(0))
                letters = letters[:-1] if letters.endswith("级") else letters
                if letters in g.ascii_units:
                    continue
            out.append((m.start(), m.end(), shape.name, shape.weak))
    if g.idioms is not None:
        for m in g.idioms.finditer(text):
            out.append((m.start(), m.end(), "idiom", False))
    return tuple(out)


def _mask(text: str) -> tuple[bytearray, bytearray]:
    strong = bytearray(len(text) + 1)
    weak = bytearray(len(text) + 1)
    for s, e, _, w in nonfigure_spans(text):
        target = weak if w else strong
        target[s:e] = b"\x01" * (e - s)
    return strong, weak


def _masked(mask: bytearray, start: int, end: int) -> bool:
    return any(mask[start:end])


# ── reading what follows a number ───────────────────────────────────────────


def _skip_space(text: str, pos: int, limit: int = 2) -> int:
    n = 0
    while pos < len(text) and text[pos] in _HSPACE and n < limit:
        pos += 1
        n += 1
    return pos


def _base_unit(text: str, pos: int, cn: bool) -> _Unit | None:
    g = grammar()
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
        if cn and not unit.cn:
            return None
        return unit
    return None


def _scale(text: str, pos: int) -> str | None:
    g = grammar()
    for length in g.scale_lengths:
        cand = text[pos : pos + length]
        if len(cand) == length and cand in g.scales:
            return cand
    return None


@dataclass(slots=True)
class _UnitRead:
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


def _read_unit(text: str, pos: int, cn: bool, has_scale: bool) -> _UnitRead:
    """Infix marker, scale, unit, /per-unit after a number ending at ``pos``."""
    g = grammar()
    # a typo in the unit position, glued to the number: 50& → 50%
    ch = text[pos : pos + 1]
    if ch in g.typos:
        nxt = text[pos + 1 : pos + 2]
        if not (nxt.isascii() and nxt.isalnum()):
            fixed = g.typos[ch]
            unit = g.units[fixed]
            return _UnitRead(
                end=pos + 1,
                unit=unit.canonical,
                base=unit.canonical,
                kind=unit.kind,
                repair=f"'{ch}' typed for '{fixed}'",
            )
    p = _skip_space(text, pos)
    # a line broken between an amount or a rate and its unit (91.91⏎万元): the unit on the
    # next line still belongs to it; other units (3⏎个人) are too often the next line's words
    if text[p : p + 1] == "\n":
        inner = _read_unit(text, _skip_space(text, p + 1), cn, has_scale)
        if inner.unit is not None and inner.kind in _LINE_BROKEN_KINDS:
            return inner
        return _UnitRead(end=pos)
    # indicator tables print the unit in brackets after the value: ≥90（%）, ≥1.2（万人次）
    if p < len(text) and text[p] in _UNIT_OPEN:
        inner = _read_unit(text, p + 1, cn, has_scale)
        close = _skip_space(text, inner.end)
        if inner.unit is not None and close < len(text) and text[close] in _UNIT_CLOSE:
            inner.end = close + 1
            return inner
    r = _UnitRead(end=pos)
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
    if base is None and scale is None:
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


def _classifier_infix(
    text: str, pos: int, base: _Unit, cn: bool
) -> tuple[_Unit, int, _Marker | None]:
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


def _read_per(text: str, pos: int, base: _Unit) -> tuple[str, int]:
    """The per-units after a unit ending at ``pos`` (万元/公里, 元/人·月, 元每平方米 → 元/平方米)."""
    g = grammar()
    out = ""
    sep = text[pos : pos + 1]
    if sep in g.per_separators:
        nxt = pos + 1
    elif base.kind in g.per_words.get(sep, ()):
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


def _per_unit(text: str, pos: int) -> _Unit | None:
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


def _read_inclusive(text: str, pos: int) -> int:
    for mark in grammar().inclusive:
        if text.startswith(mark, pos):
            return pos + len(mark)
    return pos


def _read_suffix(text: str, pos: int, kind: str | None = None) -> tuple[int, _Marker | None]:
    g = grammar()
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


def _read_prefix(text: str, start: int, strong: bytearray) -> tuple[int, _Marker | None]:
    g = grammar()
    p = start
    while p > 0 and text[p - 1] in _HSPACE and start - p < 1:
        p -= 1
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
        if _masked(strong, s, p):
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
class _Num:
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


def _read_number(text: str, m: re.Match[str], signed: bool = True) -> _Num | None:
    g = grammar()
    start, end = m.start(), m.end()
    pct = m.group("pct")
    repair = None
    has_scale = None
    if m.group("ar") is not None:
        value, decimals, repair = _arabic_value(m.group("ar"))
        cn = False
        lone = None
        leading = False
    else:
        s = m.group("cn")
        cn = True
        leading = s[0] in g.leading_scale and not pct
        # a trailing 万/亿 is the unit's scale (三百二十万元 = 320 万元), as after Arabic digits
        if not pct and s[-1] in g.big:
            has_scale = s[-1]  # 万余元: a bare scale is one of it
        read = _chinese_value(s)
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
            return _Num(start, end, value, decimals, cn, None, False, has_scale, pct, None, high)
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
    return _Num(start, end, value, decimals, cn, lone, leading, has_scale, pct, repair)


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
    if not (0 < a < b <= a + 2) or not (rest[0] in g.small or rest[0] in g.big):
        return None
    low, high = _chinese_value(s[0] + rest), _chinese_value(s[1] + rest)
    if low is None or high is None:
        return None
    return low, high[0]


# ── the scanner ─────────────────────────────────────────────────────────────


def _breaks_clause(text: str) -> bool:
    return any(c in _CLAUSE_BREAK for c in text)


def find(text: str, *, bare: bool = False) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets into ``text``.

    Running text (the default) needs a unit or measure word; ``bare=True``
    also returns bare numbers (table cells).
    """
    g = grammar()
    if not text:
        return []
    printed = text
    keep: list[int] | None = None
    if not text.isascii():
        text = text.translate(g.traditional)  # 六個百分點: the words in simplified form
        if _SPACED_RE.search(text):
            text, keep = _squash(text)
    if g.numeral_chars.search(text) is None and (
        g.word_numbers is None or g.word_numbers.search(text) is None
    ):
        return []
    if not bare and g.unit_chars.search(text) is None:
        return []  # a bare number cell (200.13): nothing here can carry a unit
    found = _scan(text, bare)
    if keep is not None:
        return [_at(q, printed, keep[q.start], keep[q.end - 1] + 1) for q in found]
    if text != printed:
        return [_at(q, printed, q.start, q.end) for q in found]
    return found


_SPACED_RE = re.compile(
    r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])|(?<=[0-9０-９])[ \t\u3000]{3,}(?=[\u3400-\u9fff])"
)
"""Letter-spaced text (一 百 五 十 个 百 分 点): spaces between two Han characters, and a
run of three or more between a digit and a Han character (２．４   个百分点; one or two
are read through anyway)."""


def _squash(text: str) -> tuple[str, list[int]]:
    """``text`` without the spaces between Han characters, and the printed offset of each
    remaining character."""
    parts: list[str] = []
    keep: list[int] = []
    last = 0
    for m in _SPACED_RE.finditer(text):
        parts.append(text[last : m.start()])
        keep.extend(range(last, m.start()))
        last = m.end()
    parts.append(text[last:])
    keep.extend(range(last, len(text)))
    return "".join(parts), keep


def _at(q: Quantity, printed: str, start: int, end: int) -> Quantity:
    """``q`` with its offsets and raw in the printed text."""
    return replace(q, raw=printed[start:end], start=start, end=end)


def _scan(text: str, bare: bool) -> list[Quantity]:
    g = grammar()
    strong, weak = _mask(text)
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
    if g.word_numbers is not None:
        out = _with_word_numbers(text, out)
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
        ur = _UnitRead(end=m.end(), unit=unit.canonical, base=unit.canonical, kind=unit.kind)
        norm_value, norm_unit = _norm(value, ur)
        extra.append(
            Quantity(
                raw=m.group(0),
                value=value,
                unit=unit.canonical,
                decimals=max(0, -value.as_tuple().exponent),  # type: ignore[operator]
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
            if _masked(strong, s, e) or _masked(weak, s, e):
                break
            value, decimals, _ = _arabic_value(m.group("num"))
            if m.group("sep") in g.shared_commas and (decimals == 0 or decimals != q.decimals):
                break
            head = _with_unit_of(q, m.group("num"), value, decimals, s, e)
            added.insert(0, head)
        out.extend(added)
        out.append(q)
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
    num = _read_number(text, m)
    if num is None:
        return None
    core_start = m.start("ar") if m.group("ar") is not None else m.start("cn")
    if _masked(strong, core_start, m.end()):
        return None
    if num.lone is not None and num.lone in g.lone_never:
        return None

    # 购置一台, 建成一间, 分三批: right after a verb of acquiring or building, a one-character
    # numeral is a count, not the article 一 or an ordinal
    counted = num.cn and text[max(0, num.start - 4) : num.start].endswith(g.extra["count_verbs"])
    if num.percent:
        pu = g.units[g.percent_prefixes[num.percent]]
        ur = _UnitRead(end=num.end, unit=pu.canonical, base=pu.canonical, kind=pu.kind)
    else:
        # cn: false units (批次, 分, 年) refuse only a one-character numeral (三批次一期项目,
        # 十分, 两年来); 七百批次 is a count
        single = num.cn and m.end() - m.start("cn") == 1 and not counted
        ur = _read_unit(text, num.end, single, num.has_scale is not None)
        if num.has_scale:
            # the scale came inside the Chinese numeral: prefix it to the unit read after it
            ur.unit = num.has_scale + (ur.unit or "")
            ur.scale = Decimal(g.big[num.has_scale])
            ur.kind = ur.kind or "scale"
    currency_at = None
    if ur.unit is None and not num.percent:
        currency_at, ur = _currency_before(text, num.start, ur)  # ￥300, 人民币3.14
    has_unit = ur.unit is not None
    if ur.unit in ("元", "块") and num.decimals == 0:
        _read_jiao_fen(text, num, ur)  # 123元1角1分 = 123.11元, 十块三毛
    elif ur.unit == "成" and num.decimals == 0:
        _read_tenths(text, num, ur)  # 三成半 = 3.5成, 七成六 = 7.6成
    if ur.unit in g.digit_string_units and not _digit_string_ok(text, m, num):
        return None  # 十折 is no discount
    if not has_unit and _masked(weak, core_start, m.end()):
        return None

    # Chinese numerals: one character is usually not a count
    if num.lone is not None and num.lone in g.lone_coordinated:
        if not has_unit or not (
            counted
            or _coordinated(text, num.start, ur.unit, previous)
            or _ends_clause(text, ur.end)
        ):
            return None
    if num.leading_scale and not (ur.approx or _read_prefix(text, num.start, strong)[1]):
        return None

    end = ur.end
    end = _read_inclusive(text, end) if has_unit or bare else end

    # a range: 85-95%, 80%（含）-90%, 3至5万元
    rng = _read_range(text, num, ur, end, strong, bare) if num.high is None else None
    if rng is not None:
        return rng

    if not has_unit and not bare:
        return None

    approx, op = ur.approx, ur.op
    start = num.start
    pstart, prefix = _read_prefix(text, num.start, strong)
    if prefix is not None and ur.unit not in prefix.not_units:
        start = pstart
        approx = approx or prefix.approx
        op = prefix.op if prefix.op != "=" else op
    if currency_at is not None:
        start = min(start, currency_at)
    if num.high is not None:
        approx, op = True, "range"  # 数十亿元, 三五百块
    if has_unit or bare:
        send, suffix = _read_suffix(text, end, ur.kind)
        if suffix is not None:
            end = send
            approx = approx or suffix.approx
            op = suffix.op if suffix.op != "=" else op

    # 负40%, 增长率为负3.2%: the word 负 as the sign of a rate or an amount
    neg = g.extra["negative"]
    if (
        num.start == start
        and start > 0
        and num.value > 0
        and text[start - 1] in neg["words"]
        and ur.kind in neg["kinds"]
        and (start < 2 or text[start - 2] not in neg["not_after"])
    ):
        start -= 1
        num.value = -num.value
    norm_value, norm_unit = _norm(num.value, ur)
    typo = None
    if ur.repair:
        printed = text[num.start : ur.end]
        typo = f"{printed} read as {printed[:-1]}{ur.unit}: {ur.repair}"
    repair = _join(num.repair, typo)
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
        repair=repair,
        start=start,
        end=end,
    )


def _currency_before(text: str, pos: int, ur: _UnitRead) -> tuple[int | None, _UnitRead]:
    """A currency sign or name right before a number printed without a unit: where it
    starts, and the unit it gives."""
    g = grammar()
    p = pos - 1 if pos > 0 and text[pos - 1] in _HSPACE else pos
    for sign, unit_name in g.currency_prefixes.items():
        if text.endswith(sign, 0, p):
            unit = g.units[unit_name]
            return p - len(sign), _UnitRead(
                end=ur.end, unit=unit.canonical, base=unit.canonical, kind=unit.kind
            )
    return None, ur


def _digit_string_ok(text: str, m: re.Match[str], num: _Num) -> bool:
    """八折, 9.9折, 75折, 三八折: one digit (and tenths) or two printed digits."""
    if 0 < num.value < 10:
        return True
    printed = m.group("ar") if m.group("ar") is not None else m.group("cn")
    return num.value < 100 and num.decimals == 0 and len(printed.strip()) == 2


_DIGIT = "[0-9０-９一二两三四五六七八九]"
_WORD_ENDS = r"(?=[到至钱以左]|[^\u4e00-\u9fff]|$)"  # no Han character of another word follows
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


def _read_tenths(text: str, num: _Num, ur: _UnitRead) -> None:
    """Extend a count of 成 by the tenths printed after it (三成半, 七成六)."""
    m = _TENTHS_RE.match(text, ur.end)
    if m is None:
        return
    tenths = 5 if m.group("half") else _digit_value(m.group("digit"))
    num.value = num.value + Decimal(tenths) / 10
    num.decimals = 1
    ur.end = m.end()


def _read_jiao_fen(text: str, num: _Num, ur: _UnitRead) -> None:
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


def _join(a: str | None, b: str | None) -> str | None:
    parts = [p for p in (a, b) if p]
    return "; ".join(parts) if parts else None


def _norm(value: Decimal, ur: _UnitRead) -> tuple[Decimal | None, str | None]:
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


def _ends_clause(text: str, pos: int) -> bool:
    """Does the clause end at ``pos`` (景区一个。): the measure word follows its noun."""
    return pos >= len(text) or text[pos] in _CLAUSE_BREAK


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
    text: str, low: _Num, ur: _UnitRead, pos: int, strong: bytearray, bare: bool
) -> Quantity | None:
    g = grammar()
    p = _skip_space(text, pos, 1)
    sep = next((s for s in g.range_seps if text.startswith(s, p)), None)
    if sep is None:
        return None
    p = _skip_space(text, p + len(sep), 1)
    m = g.core.match(text, p)
    if m is None or m.group("pct"):
        return None
    high = _read_number(text, m, signed=False)
    if high is None or high.start != p or high.lone in g.lone_never:
        return None
    core_start = m.start("ar") if m.group("ar") is not None else m.start("cn")
    if _masked(strong, core_start, m.end()):
        return None
    if high.has_scale:
        hur = _read_unit(text, high.end, high.cn, True)
        hur.unit = high.has_scale + (hur.unit or "")
        hur.scale = Decimal(g.big[high.has_scale])
    else:
        hur = _read_unit(text, high.end, high.cn, False)
    if hur.unit in ("元", "块") and high.decimals == 0:
        _read_jiao_fen(text, high, hur)  # 五元六角-五元七毛八分
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
    end = _read_inclusive(text, end)
    norm_value, norm_unit = _norm(low.value, unit_read)
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
        repair=_join(_join(low.repair, high.repair), _join(ur.repair, hur.repair)),
        start=low.start,
        end=end,
    )


def scoring_clause(text: str) -> bool:
    """Does this clause award points for a threshold (a 评分标准), so its numbers are not results?"""
    spec = grammar().extra["scoring"]
    return (
        _scoring_res(spec["points"]).search(text) is not None
        and _scoring_res(spec["threshold"]).search(text) is not None
    )


@functools.cache
def _scoring_res(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
