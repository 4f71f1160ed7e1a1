"""The unit, scale, prefix and suffix readers look no further when the character at the place
cannot begin (or end) any of their words (issue 18): they read what looking at every length
reads, at every place of many generated texts."""

from __future__ import annotations

import random

from extractor import number_reading as nr
from extractor.number_grammar import grammar
from extractor.number_reading import masked


def _base_unit_every_length(text: str, pos: int, cn: bool):
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
        if cn and not unit.cn and not text.startswith(unit.cn_before, pos + length):
            return None
        return unit
    return None


def _scale_every_length(text: str, pos: int):
    g = grammar()
    for length in g.scale_lengths:
        cand = text[pos : pos + length]
        if len(cand) == length and cand in g.scales:
            return cand
    return None


def _suffix_every_length(text: str, pos: int, kind: str | None):
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


def _prefix_every_length(text: str, start: int, strong: bytearray):
    g = grammar()
    p = start
    while p > 0 and text[p - 1] in nr.HSPACE and start - p < 1:
        p -= 1
    p -= next((len(c) for c in g.currency_prefixes if text.endswith(c, 0, p)), 0)
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


def _texts() -> list[str]:
    g = grammar()
    words = [*g.units, *g.scales, *g.suffix, *g.prefix, *g.currency_prefixes]
    other = list("0123456789一二三万亿元人个年的和及、，。 　（）(")
    rng = random.Random(18)
    out = []
    for _ in range(1500):
        out.append(
            "".join(
                rng.choice(words) if rng.random() < 0.5 else rng.choice(other)
                for _ in range(rng.randint(1, 8))
            )
        )
    return out


def test_readers_read_what_every_length_reads() -> None:
    g = grammar()
    kinds = [None, *sorted({u.kind for u in g.units.values() if u.kind})]
    found = 0
    for text in _texts():
        strong = bytearray(len(text) + 1)
        for pos in range(len(text) + 1):
            for cn in (False, True):
                unit = nr._base_unit(text, pos, cn)
                assert unit == _base_unit_every_length(text, pos, cn), (text, pos)
                found += unit is not None
            assert nr._scale(text, pos) == _scale_every_length(text, pos), (text, pos)
            kind = kinds[pos % len(kinds)]
            assert nr.read_suffix(text, pos, kind) == _suffix_every_length(text, pos, kind)
            assert nr.read_prefix(text, pos, strong) == _prefix_every_length(text, pos, strong)
    assert found > 1000
