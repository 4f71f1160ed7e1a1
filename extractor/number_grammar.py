"""The number reader's grammar, compiled once from patterns/ (units.yaml, numerals.yaml,
nonfigures.yaml), and the reading of numerals and of non-figure masks.  See numbers.py."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import patterns
from .loaders.normalize import traditional_forms
from .patterns import alternation
from .regex_needs import needs

HSPACE = " \u3000"
CLAUSE_BREAK = set("，,。；;！？!?\n\t：:")


# ── the grammar, compiled once from patterns/ ───────────────────────────────


@dataclass(frozen=True, slots=True)
class Unit:
    printed: str
    canonical: str
    kind: str
    cn: bool
    not_before: frozenset[str]
    ascii: bool
    cn_before: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Marker:
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
    needs: tuple[frozenset[str], ...] = ()
    """Sets of characters a text holds one of each of where the shape matches
    (``regex_needs``): a text that misses one is not searched."""


@dataclass(slots=True)
class _Grammar:
    units: dict[str, Unit]
    unit_lengths: list[int]
    unit_tails: frozenset[str]
    scales: dict[str, Decimal]
    scale_lengths: list[int]
    scales_alone: frozenset[str]
    per_separators: tuple[str, ...]
    per_chain: tuple[str, ...]
    per_only: dict[str, Unit]
    classifier_infix: frozenset[str]
    shared_before: re.Pattern[str]
    shared_commas: frozenset[str]
    per_words: dict[str, frozenset[str]]
    prefix: dict[str, Marker]
    prefix_lengths: list[int]
    infix: dict[str, Marker]
    suffix: dict[str, Marker]
    suffix_lengths: list[int]
    inclusive: tuple[str, ...]
    range_seps: tuple[str, ...]
    typos: dict[str, str]
    digits: dict[str, int]
    small: dict[str, int]
    big: dict[str, int]
    inner_big: dict[str, int]
    """Big units read only between numeral characters (兆 in 一兆兩千億)."""
    point: str
    percent_prefixes: dict[str, str]
    lone_never: frozenset[str]
    lone_coordinated: frozenset[str]
    lone_never_except: frozenset[str]
    coordination_window: int
    leading_scale: frozenset[str]
    core: re.Pattern[str]
    shapes: list[_Shape]
    idioms: re.Pattern[str] | None
    idioms_needs: tuple[frozenset[str], ...]
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
    cn_points: tuple[str, ...] = ("点",)
    tens: dict[str, int] = field(default_factory=dict)
    unit_firsts: frozenset[str] = frozenset()
    """The first characters of the units, scales and suffix markers, and the last of the
    prefix markers: a text holding none of them at a place has none of those there (the
    readers look no further, issue 18)."""
    scale_firsts: frozenset[str] = frozenset()
    suffix_firsts: frozenset[str] = frozenset()
    prefix_lasts: frozenset[str] = frozenset()


def _marker(text: str, spec: dict[str, Any]) -> Marker:
    return Marker(
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
    units = _units_of(u)
    scales = {str(k): Decimal(str(v)) for k, v in u["scales"].items()}
    digits = {str(k): int(v) for k, v in n["digits"].items()}
    small = {str(k): int(v) for k, v in n["small_units"].items()}
    big = {str(k): int(v) for k, v in n["big_units"].items()}
    inner = {str(k): int(v) for k, v in (n.get("inner_big_units") or {}).items()}
    tens = {str(k): int(v) for k, v in (n.get("tens") or {}).items()}
    point = str(n["decimal_point"])
    cn_points = (point, *(str(p) for p in n.get("chinese_decimal_points") or []))
    percent_prefixes = {str(k): str(v) for k, v in n["percent_prefixes"].items()}
    prefix = {str(k): _marker(str(k), v) for k, v in u["prefix_markers"].items()}
    infix = {str(k): _marker(str(k), v) for k, v in u["infix_markers"].items()}
    suffix = {str(k): _marker(str(k), v) for k, v in u["suffix_markers"].items()}
    lone = n["lone"]
    cn_chars = "".join(sorted(set(digits) | set(small) | set(big) | set(tens)))
    vocabulary = set(units) | set(scales) | set(cn_chars) | set(cn_points) | set(percent_prefixes)
    vocabulary |= _words_of(u) | set(lone.get("count_verbs") or [])
    return _Grammar(
        units=units,
        unit_lengths=_lengths(units),
        unit_tails=frozenset(k[-1] for k in units),
        scales=scales,
        scale_lengths=_lengths(scales),
        scales_alone=frozenset(u.get("scales_alone", scales)),
        per_separators=tuple(u["per_separators"]),
        per_chain=tuple(u.get("per_chain_separators", [])),
        shared_before=_shared_before_re(u, n),
        classifier_infix=frozenset(u.get("classifier_infix", [])),
        shared_commas=frozenset(u.get("shared_unit_commas", [])),
        per_only=_per_only_units(u),
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
        inner_big=inner,
        point=point,
        percent_prefixes=percent_prefixes,
        lone_never=frozenset(lone["never"]),
        lone_coordinated=frozenset(lone["coordinated_only"]),
        lone_never_except=frozenset(lone.get("never_except_units", ())),
        coordination_window=int(lone["coordination_window"]),
        leading_scale=frozenset(n["leading_scale_needs_approx"]),
        core=_core_re(
            n, cn_chars, "".join(sorted(digits)), "".join(sorted(big)), cn_points, "".join(inner)
        ),
        shapes=_shapes_of(nf),
        idioms=_idioms_re(nf.get("idioms") or []),
        idioms_needs=_first_chars(nf.get("idioms") or []),
        ascii_units=frozenset(k for k, v in units.items() if v.ascii),
        numeral_chars=re.compile(rf"[{_AD}{cn_chars}]"),
        traditional=traditional_forms("".join(vocabulary)),
        vague_prefixes=frozenset(n.get("vague_prefixes", "")),
        digit_string_units=frozenset(u.get("digit_string_units") or []),
        currency_prefixes={str(k): str(v) for k, v in (u.get("currency_prefixes") or {}).items()},
        word_numbers=_word_numbers_re(u.get("word_numbers") or []),
        word_values={
            str(w["word"]) + str(w["unit"]): (Decimal(str(w["value"])), str(w["unit"]))
            for w in u.get("word_numbers") or []
        },
        unit_chars=_unit_chars_re(units, scales, u["unit_typos"], percent_prefixes),
        extra=_extra(u, n, nf),
        cn_points=cn_points,
        tens=tens,
        unit_firsts=frozenset(k[0] for k in units if k),
        scale_firsts=frozenset(k[0] for k in scales if k),
        suffix_firsts=frozenset(k[0] for k in suffix if k),
        prefix_lasts=frozenset(k[-1] for k in prefix if k),
    )


_AD = "0-9０-９"


def _words_of(u: dict[str, Any]) -> set[str]:
    """The words of units.yaml besides units and scales (markers, separators, currencies)."""
    words: set[str] = set()
    for key in ("prefix_markers", "infix_markers", "suffix_markers", "range_separators"):
        words |= {str(k) for k in u[key]}
    share = u.get("share_bounds") or {}
    words |= set(share.get("markers", ())) | set(share.get("gap_ends", ""))
    return words | set(u["per_words"] or {}) | set(u.get("currency_prefixes") or {})


def _units_of(u: dict[str, Any]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for e in u["units"]:
        printed = str(e["unit"])
        units[printed] = Unit(
            printed=printed,
            canonical=str(e.get("canonical", printed)),
            kind=str(e["kind"]),
            cn=bool(e.get("cn", True)),
            not_before=frozenset(str(e.get("not_before", ""))),
            ascii=bool(e.get("ascii", False)),
            cn_before=tuple(str(w) for w in e.get("cn_before") or ()),
        )
    return units


def _per_only_units(u: dict[str, Any]) -> dict[str, Unit]:
    out: dict[str, Unit] = {}
    for w in u.get("per_only_units", []):
        name = str(w["unit"] if isinstance(w, dict) else w)
        not_before = str(w.get("not_before", "")) if isinstance(w, dict) else ""
        out[name] = Unit(name, name, "time", True, frozenset(not_before), False)
    return out


def _core_re(
    n: dict[str, Any],
    cn_chars: str,
    cn_digits: str,
    bigs: str,
    cn_points: tuple[str, ...],
    inner: str = "",
) -> re.Pattern[str]:
    """The number core: [百分之]( Arabic | Chinese ).

    Arabic allows thousands groups and a decimal point with stray spaces around it (200. 13,
    repaired); spaces are horizontal only so a number never crosses a cell or a line."""
    ad = _AD
    points = "".join(re.escape(p) for p in n["decimal_points"])
    groups = "".join(re.escape(g) for g in n["group_separators"])
    fw = "０-９"
    # full-width digits may be grouped with a full-width comma (１，２３４); ASCII digits
    # only with the ASCII one: 1，234 in prose is a list — unless decimals or 元 follow the
    # groups (82，225.00元, 1，350萬元): a list item of three digits and an amount is not
    arabic = (
        rf"(?:[{fw}]+(?:[{groups}，][{fw}]{{3}}(?![{ad}]))+"
        rf"|[0-9]{{1,3}}(?:，[0-9]{{3}})+(?=[{points}][0-9]|[万萬亿億]?元)"
        # 1089,0827,000元: groups of four (万, 亿) before the last three, as some pages print
        rf"|[0-9]{{1,4}}(?:,[0-9]{{4}})+,[0-9]{{3}}(?![0-9])(?=[{HSPACE}]?[万萬亿億]?元)"
        # 344144、07元, 365。 3 万元: a 、 or 。 typed for the decimal point (a repair, said)
        rf"|(?:[0-9]{{3,}}、|[0-9]{{2,}}。)[{HSPACE}]?[0-9]{{1,2}}(?![0-9])(?=[{HSPACE}]?[万萬亿億]?元)"
        # 75 000个, 10 000名: a space (or a thin one) between groups of three (香港)
        rf"|(?<![0-9][ \u2009\u202f\u00a0])[0-9]{{1,3}}(?:[ \u2009\u202f\u00a0][0-9]{{3}})+(?![0-9])"
        rf"|[{ad}]+(?:[{groups}][{ad}]{{3}}(?![{ad}]))*)"
        rf"(?:[{HSPACE}]{{0,2}}[{points}][{HSPACE}]{{0,2}}[{ad}]+)?"
    )
    cn_point = "|".join(re.escape(p) for p in cn_points)
    runs = rf"[{cn_chars}]+(?:[{inner}][{cn_chars}]+)*" if inner else rf"[{cn_chars}]+"
    chinese = rf"{runs}(?:(?:{cn_point})[{cn_digits}]+[{bigs}]?)?"
    prefixes = sorted(n["percent_prefixes"], key=len, reverse=True)
    pct = "|".join(re.escape(str(p)) for p in prefixes)
    # 百分之 2.4: a stray space after the prefix (letter-spaced text) is read through
    return re.compile(
        rf"(?:(?P<pct>{pct})[{HSPACE}]{{0,2}})?(?:(?P<ar>{arabic})|(?P<cn>{chinese}))"
    )


def _shapes_of(nf: dict[str, Any]) -> list[_Shape]:
    specs = list(nf["shapes"].items())
    regexes = [re.compile(spec["regex"]) for _, spec in specs]
    wanted = _shape_needs(regexes)
    return [
        _Shape(
            name=str(name),
            regex=regex,
            weak=bool(spec.get("weak", False)),
            except_units=bool(spec.get("except_units", False)),
            needs=need,
        )
        for (name, spec), regex, need in zip(specs, regexes, wanted, strict=True)
    ]


def _shape_needs(regexes: list[re.Pattern[str]]) -> list[tuple[frozenset[str], ...]]:
    """What each shape needs (``regex_needs``), kept in the cache folder: parsing the fifty
    patterns again would cost each start 5 ms."""

    def made() -> list[tuple[frozenset[str], ...]]:
        return [needs(rx) or () for rx in regexes]

    key = "\n".join(f"{rx.flags}:{rx.pattern}" for rx in regexes)
    found = patterns.kept("shape-needs", key, made)
    ok = (
        isinstance(found, list)
        and len(found) == len(regexes)
        and all(isinstance(n, tuple) and all(isinstance(s, frozenset) for s in n) for n in found)
    )
    return found if ok else made()


def _first_chars(words: list[str]) -> tuple[frozenset[str], ...]:
    """One of these begins every match of ``alternation(words)``."""
    return (frozenset(str(w)[0] for w in words),) if words and all(words) else ()


def _idioms_re(idioms: list[str]) -> re.Pattern[str] | None:
    if not idioms:
        return None
    return alternation(idioms)


def _shared_before_re(u: dict[str, Any], n: dict[str, Any]) -> re.Pattern[str]:
    """A bare Arabic number and a joiner, right before a figure (anchored at the end)."""
    ad = _AD
    points = "".join(re.escape(p) for p in n["decimal_points"])
    joiners = list(u.get("shared_unit_joiners", [])) + list(u.get("shared_unit_commas", []))
    return re.compile(
        rf"(?<![0-9０-９.．A-Za-z\-－])(?P<num>[{ad}]+(?:[{points}][{ad}]+)?)"
        rf"[{HSPACE}]?(?P<sep>{'|'.join(re.escape(j) for j in joiners) or '(?!)'})[{HSPACE}]?$"
    )


def _unit_chars_re(
    units: dict[str, Unit],
    scales: dict[str, Decimal],
    typos: dict[str, Any],
    percent_prefixes: dict[str, str],
) -> re.Pattern[str]:
    """Every character a unit, scale, typo or percent prefix can start with."""
    first = {k[0] for k in units} | {k[0] for k in scales}
    first |= {str(k)[0] for k in typos} | {k[0] for k in percent_prefixes}
    return re.compile("[" + re.escape("".join(sorted(first))) + "]")


def _extra(u: dict[str, Any], n: dict[str, Any], nf: dict[str, Any]) -> dict[str, Any]:
    negative = n.get("negative", {})
    return {
        "scoring": nf.get("scoring_clause", {}),
        "negative": {
            "words": frozenset(negative.get("words") or ""),
            "kinds": frozenset(negative.get("kinds") or []),
            "not_after": frozenset(negative.get("not_after") or ""),
        },
        "unit_norms": {
            str(k): (str(v["unit"]), Decimal(str(v["factor"])))
            for k, v in (u.get("unit_norms") or {}).items()
        },
        "joiners": tuple(str(j) for j in u.get("shared_unit_joiners", [])),
        "count_verbs": tuple(sorted(n["lone"].get("count_verbs") or [], key=len, reverse=True)),
        "share_bounds": u.get("share_bounds"),
    }


# ── reading numerals ────────────────────────────────────────────────────────


_SPACE_GROUPS_RE = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?")


def arabic_value(text: str) -> tuple[Decimal, int, str | None]:
    """Value, printed decimals and repair note of an Arabic numeral as matched by the core."""
    folded = unicodedata.normalize("NFKC", text).replace("\u2009", " ").replace("\u202f", " ")
    repair = None
    grouped = _SPACE_GROUPS_RE.fullmatch(folded)  # 75 000: printed so, not a slip
    if any(c in folded for c in HSPACE) and not grouped:
        repair = f"{text} read as {''.join(c for c in folded if c not in HSPACE).replace(',', '')}: space inside the number removed"
    if "、" in folded or "。" in folded:
        fixed = "".join(c for c in folded if c not in HSPACE).replace("、", ".").replace("。", ".")
        repair = f"{text} read as {fixed}: a 、 or 。 between digits taken for the decimal point"
        folded = folded.replace("、", ".").replace("。", ".")
    digits = "".join(c for c in folded if c not in HSPACE and c != ",")  # NFKC: ， → ,
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return Decimal(digits), decimals, repair


def digitwise(s: str) -> int | None:
    """二七九 = 279: two or more digit characters read position by position; else None."""
    g = grammar()
    if len(s) < 2 or any(c not in g.digits for c in s):
        return None
    return int("".join(str(g.digits[c]) for c in s))


def vague_pair(a: int, b: int) -> bool:
    """Two neighbouring digits that print a vague range (三五百, 八九亿): b is a's next or the
    one after."""
    return 0 < a < b <= a + 2


def _positional(text: str) -> int | None:
    """A numeral with a scale whose sections are printed digit by digit, as the press prints
    large amounts (三五一亿七八八四万二千 = 351亿7884万2千, 二七九亿, 十八亿九○七五万):
    each section before 亿/万 read positionally.  Only with a scale: 一一四年 is a year."""
    g = grammar()
    if not any(ch in g.big for ch in text):
        return None
    pieces = re.split("([" + "".join(g.big) + "])", text)
    sections = pieces[0::2]
    if all(digitwise(s) is None for s in sections):
        return None
    for s in sections:  # 八九亿: two neighbouring digits are a vague range, not 89
        if len(s) == 2 and digitwise(s) is not None and vague_pair(g.digits[s[0]], g.digits[s[1]]):
            return None
    total, last_unit = 0, None
    for i, sec in enumerate(sections):
        unit = g.big[pieces[2 * i + 1]] if 2 * i + 1 < len(pieces) else 1
        if last_unit is not None and unit >= last_unit:
            return None
        if not sec:
            if unit == 1:
                continue
            return None
        value = digitwise(sec)
        if value is None:
            value = chinese_int(sec)
        if value is None:
            return None
        total += value * unit
        last_unit = unit
    return total


def chinese_int(text: str) -> int | None:
    """Value of a Chinese integer numeral (一千二百 → 1200, 两千 → 2000); None if malformed."""
    g = grammar()
    positional = _positional(text)
    if positional is not None:
        return positional
    total = 0
    section = 0
    number: int | None = None
    last_small = 10**9
    last_was_zero = False
    prev = ""
    largest = 0
    if not text:
        return None
    for ch in text:
        if ch in g.digits:
            if prev == "digit" and not last_was_zero:
                return None  # 一一, 二〇二〇: not a numeral of quantity
            last_was_zero = g.digits[ch] == 0
            number = g.digits[ch]
            prev = "digit"
        elif ch in g.tens:
            # 廿七 = 27: two tens in one character, never after a digit
            if number is not None or last_small <= 10:
                return None
            section += g.tens[ch]
            last_small = 10
            number = None
            prev = "small"
            last_was_zero = False
        elif ch in g.small:
            unit = g.small[ch]
            if unit >= last_small or (prev == "digit" and number == 0):
                return None
            section += (number if number is not None else 1) * unit
            last_small = unit
            number = None
            prev = "small"
            last_was_zero = False
        elif ch in g.big or ch in g.inner_big:
            unit = g.big.get(ch) or g.inner_big[ch]
            section += number or 0
            if section == 0 and total == 0:
                section = 1  # 万余元: a bare scale counts one
            if unit >= 10**8 and unit > largest:
                total = (total + section) * unit  # 五万亿: 亿 over what came before
            else:
                total += section * unit  # 一兆两千亿: a smaller unit after a larger one
            largest = max(largest, unit)
            section = 0
            number = None
            last_small = 10**9
            prev = "big"
            last_was_zero = False
        else:
            return None
    return total + section + (number or 0)


def chinese_value(text: str) -> tuple[Decimal, int] | None:
    g = grammar()
    point = next((p for p in g.cn_points if p in text), None)
    if point is None:
        iv = chinese_int(text)
        return (Decimal(iv), 0) if iv is not None else None
    whole, frac = text.split(point, 1)
    scale = 1
    if frac and frac[-1] in g.big:
        scale = g.big[frac[-1]]
        frac = frac[:-1]
    iv = digitwise(whole)  # 二七七點三一: digit by digit
    if iv is None:
        iv = chinese_int(whole)
    if iv is None or not frac or any(c not in g.digits for c in frac):
        return None
    fd = "".join(str(g.digits[c]) for c in frac)
    return Decimal(f"{iv}.{fd}") * scale, len(fd)


# ── masks: spans that are not figures ───────────────────────────────────────


@functools.lru_cache(maxsize=512)
def nonfigure_spans(text: str) -> tuple[tuple[int, int, str, bool], ...]:
    """``(start, end, shape, weak)`` of every non-figure span in ``text`` (cached per text)."""
    g = grammar()
    out: list[tuple[int, int, str, bool]] = []
    chars = set(text)
    index = _shape_index(g)
    bits = index.bits
    held = 0
    for ch in index.chars.intersection(chars):  # the few the sets hold, not every character
        held |= bits[ch]
    for shape in index.searched(held):
        for m in shape.regex.finditer(text):
            if m.end() == m.start():
                continue
            if shape.except_units:
                letters = re.sub(r"^[0-9０-９]+", "", m.group(0))
                letters = letters[:-1] if letters.endswith("级") else letters
                if letters in g.ascii_units:
                    continue
            out.append((m.start(), m.end(), shape.name, shape.weak))
    if g.idioms is not None and not _lacks(chars, g.idioms_needs):
        for m in g.idioms.finditer(text):
            out.append((m.start(), m.end(), "idiom", False))
    return tuple(out)


class _ShapeIndex:
    """Which shapes a text can match, told from the characters it holds (issue 18).

    A shape is searched unless the text misses every character of one of the first two sets
    it needs (the smallest: two tell almost all).  Each distinct set is a bit; ``bits`` gives
    every character the bits of the sets holding it, so the sets a text touches are one OR
    over its characters, and the shapes to search for that OR are worked out once."""

    def __init__(self, shapes: list[_Shape]) -> None:
        sets: dict[frozenset[str], int] = {}
        self.required: list[tuple[_Shape, int]] = []
        for shape in shapes:
            mask = 0
            for need in shape.needs[:2]:
                mask |= 1 << sets.setdefault(need, len(sets))
            self.required.append((shape, mask))
        self.bits: dict[str, int] = {}
        for need, bit in sets.items():
            for ch in need:
                self.bits[ch] = self.bits.get(ch, 0) | 1 << bit
        self.chars = frozenset(self.bits)
        self._searched: dict[int, tuple[_Shape, ...]] = {}

    def searched(self, held: int) -> tuple[_Shape, ...]:
        """The shapes, in order, whose needed sets all have a character in a text holding
        the sets of ``held``."""
        found = self._searched.get(held)
        if found is None:
            found = tuple(shape for shape, mask in self.required if mask & held == mask)
            if len(self._searched) < 4096:
                self._searched[held] = found
        return found


_INDEXED: list[tuple[list[_Shape], _ShapeIndex]] = []


def _shape_index(g: _Grammar) -> _ShapeIndex:
    """The index of the grammar's shapes (made again when the grammar is)."""
    if not _INDEXED or _INDEXED[0][0] is not g.shapes:
        _INDEXED[:] = [(g.shapes, _ShapeIndex(g.shapes))]
    return _INDEXED[0][1]


def _lacks(chars: set[str], needs: tuple[frozenset[str], ...]) -> bool:
    return any(need.isdisjoint(chars) for need in needs)


def mask_spans(text: str) -> tuple[bytearray, bytearray]:
    strong = bytearray(len(text) + 1)
    weak = bytearray(len(text) + 1)
    for s, e, _, w in nonfigure_spans(text):
        target = weak if w else strong
        target[s:e] = b"\x01" * (e - s)
    return strong, weak


def masked(mask: bytearray, start: int, end: int) -> bool:
    return any(mask[start:end])


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
