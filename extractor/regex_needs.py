"""The characters a regular expression cannot match without (issue 18).

``needs(rx)`` gives sets of characters such that a text in which ``rx`` has a non-empty
match holds at least one character of each set, or ``None`` when nothing can be told from
the pattern.  A text that misses a set has no match, so a caller may skip the search: the
non-figure masks run some fifty patterns over every text read for numbers, and most of them
need a word (年, 月, 第, 届 …) or a Latin letter that a given text does not hold.  Only what
the pattern requires for certain is used (a literal, a small character class, a positive
lookaround, outside any optional part); anything else is left out.
"""

from __future__ import annotations

import functools
import re
from typing import Any

MAX_CLASS = 64
"""A character class wider than this ([0-9０-９] is 20, a CJK range thousands) tells nothing."""

try:  # the parser of ``re`` (Python 3.11+); without it nothing is ever skipped
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an interpreter with other internals
    _c = _parser = None


def needs(rx: re.Pattern[str]) -> tuple[frozenset[str], ...] | None:
    """Sets of characters a text must hold one of each for ``rx`` to match in it non-empty,
    or ``None`` when nothing can be told."""
    if _parser is None or not isinstance(rx.pattern, str) or rx.flags & re.IGNORECASE:
        return None
    try:
        found = _sequence(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # internals that differ: never skip
        return None
    return tuple(sorted(set(found), key=len)) or None


@functools.lru_cache(maxsize=256)
def _needs_of(rx: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    return needs(rx) or ()


def cannot_match(rx: re.Pattern[str], text: str) -> bool:
    """``text`` misses every character of a set ``rx`` needs: ``rx`` has no non-empty match
    in it (nor in any piece of it), told without searching."""
    return any(need.isdisjoint(text) for need in _needs_of(rx))


def _sequence(items: Any) -> list[frozenset[str]]:
    """Every item of a sequence is matched: what each one needs."""
    out: list[frozenset[str]] = []
    for op, av in items:
        out.extend(_item(op, av))
    return out


def _item(op: Any, av: Any) -> list[frozenset[str]]:
    if op is _c.LITERAL:
        return [frozenset(chr(av))]
    if op is _c.IN:
        found = _class(av)
        return [found] if found is not None else []
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _sequence(sub) if low >= 1 else []
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return [] if add_flags & re.IGNORECASE else _sequence(sub)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op is _c.ASSERT:  # (?=…), (?<=…): what they look at is in the text too
        _direction, sub = av
        return _sequence(sub)
    if op is _c.BRANCH:  # one of the branches matches: the union of one set of each
        union: set[str] = set()
        for branch in av[1]:
            sets = _sequence(branch)
            if not sets:
                return []
            union |= min(sets, key=len)
        return [frozenset(union)]
    return []  # anchors, negative lookarounds, any character, negations, back-references


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
