"""The characters a regular expression cannot match without (issue 18).

``needs(rx)`` is a set of characters such that every non-empty match of ``rx`` holds at least
one of them, or ``None`` when no small such set can be told from the pattern.  A text holding
none of them has no match, so a caller may skip the search: the non-figure masks run some
fifty patterns over every text read for numbers, and most of them need a word (年, 月, 第,
届 …) that a given text does not hold.  Only what the pattern requires for certain is used
(a literal, a small character class, outside any optional part); anything else gives
``None``, and the pattern is then always searched.
"""

from __future__ import annotations

import re
from typing import Any

MAX_CLASS = 64
"""A character class wider than this ([0-9０-９] is 20, a CJK range thousands) tells nothing."""

try:  # the parser of ``re`` (Python 3.11+); without it nothing is ever skipped
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an interpreter with other internals
    _c = _parser = None


def needs(rx: re.Pattern[str]) -> frozenset[str] | None:
    """Characters one of which every non-empty match of ``rx`` contains, or ``None``."""
    if _parser is None or not isinstance(rx.pattern, str) or rx.flags & re.IGNORECASE:
        return None
    try:
        return _sequence(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # internals that differ: never skip
        return None


def _sequence(items: Any) -> frozenset[str] | None:
    """Every item of a sequence is matched: the smallest set one item needs."""
    best: frozenset[str] | None = None
    for op, av in items:
        found = _item(op, av)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _item(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.LITERAL:
        return frozenset(chr(av))
    if op is _c.IN:
        return _class(av)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _sequence(sub) if low >= 1 else None
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _sequence(sub)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _sequence(branch)
            if found is None:
                return None
            out |= found
        return frozenset(out)
    return None  # anchors, lookarounds, any character, negations, back-references


def _class(items: Any) -> frozenset[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE:
            low, high = av
            if high - low + 1 > MAX_CLASS:
                return None
            out.update(map(chr, range(low, high + 1)))
        else:  # a negated class, a category (\d, \s): anything may match
            return None
        if len(out) > MAX_CLASS:
            return None
    return frozenset(out)
