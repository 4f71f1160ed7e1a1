"""Figure labels: what a narrative figure counts (step 3 of ``figures``).

``label_for`` takes the words before the number back to the clause start, segmented
with jieba's dictionary (``segment``) and trimmed (``patterns/labels.yaml``), or the noun after a measure word
(``17个窗口`` → 窗口).  jieba's dictionary is loaded once, lazily, on the first label.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import Any

from . import numbers, patterns
from .loaders.normalize import HAN_RUN


@dataclass(frozen=True, slots=True)
class _LabelRules:
    max_chars: int
    after_max_chars: int
    share_markers: tuple[str, ...]
    share_max_chars: int
    boundaries: frozenset[str]
    strip_chars: frozenset[str]
    lead_stop: frozenset[str]
    trail_stop: frozenset[str]
    light_verbs: frozenset[str]
    after_stop: frozenset[str]
    after_stop_tags: frozenset[str]
    introducers: frozenset[str]
    noun_tags: frozenset[str]
    modifier_tags: frozenset[str]


@functools.cache
def label_rules() -> _LabelRules:
    d = patterns.load("labels")
    return _LabelRules(
        max_chars=int(d["max_chars"]),
        after_max_chars=int(d["after_max_chars"]),
        share_markers=tuple(d.get("share_markers", [])),
        share_max_chars=int(d.get("share_max_chars", d["max_chars"])),
        boundaries=frozenset(d["boundaries"]),
        strip_chars=frozenset(d["strip_chars"]),
        lead_stop=frozenset(d["lead_stop"]),
        trail_stop=frozenset(d["trail_stop"]),
        light_verbs=frozenset(d["light_verbs"]),
        after_stop=frozenset(d["after_stop"]),
        after_stop_tags=frozenset(d["after_stop_tags"]),
        introducers=frozenset(d["introducers"]),
        noun_tags=frozenset(d["noun_tags"]),
        modifier_tags=frozenset(d["modifier_tags"]),
    )


@functools.cache
def jieba_loaded() -> Any:
    """The word segmenter (jieba's dictionary walk, ``segment``), its table loaded once per
    process; returns the loaded module so a caller can warm it up."""
    from . import segment

    segment.load()
    return segment


def _tokens(text: str) -> list[str]:
    if not text:
        return []
    return [t for t in jieba_loaded().cut(text) if t.strip()]


def _tag(word: str) -> str:
    return str(jieba_loaded().tag(word))


def _clean(text: str, masked: list[tuple[int, int]], base: int) -> str:
    """``text`` (which starts at ``base``) without masked spans and stripped characters."""
    end = base + len(text)
    spans = sorted(
        (max(s, base) - base, min(e, end) - base) for s, e in masked if s < end and e > base
    )
    if spans:
        pieces = []
        at = 0
        for s, e in spans:
            if s > at:
                pieces.append(text[at:s])
            at = max(at, e)
        pieces.append(text[at:])
        text = "".join(pieces)
    return text.translate(_strip_table())


@functools.cache
def _strip_table() -> dict[int, None]:
    """``str.translate`` table dropping the stripped characters (one C pass, issue 18)."""
    return dict.fromkeys(map(ord, label_rules().strip_chars))


def _is_cjk_word(text: str) -> bool:
    return bool(text) and HAN_RUN.fullmatch(text) is not None


@functools.cache
def _longer_trail_stops() -> tuple[str, ...]:
    """The copulas and markers of two characters or more, the longest first."""
    return tuple(sorted((w for w in label_rules().trail_stop if len(w) > 1), key=len, reverse=True))


def _strip_tail(text: str) -> str:
    """Drop copulas and markers of two or more characters from the end (办结率均为 → 办结率)."""
    longer = _longer_trail_stops()
    while text.endswith(longer):  # one test for the many labels that end in none
        for w in longer:
            if text.endswith(w) and len(text) > len(w):
                text = text[: -len(w)]
                break
        else:
            break
    return text


def _trim(tokens: list[str], max_chars: int | None = None) -> list[str]:
    rules = label_rules()
    max_chars = max_chars or rules.max_chars
    tokens = [t for t in tokens if _is_cjk_word(t) or t.isalnum()]
    while tokens and tokens[-1] in rules.trail_stop:
        tokens.pop()
    cut = max((i for i, t in enumerate(tokens) if t in rules.introducers), default=-1)
    if cut >= 0:
        tokens = tokens[cut + 1 :]  # 28个展区以及174台: nothing before 以及 names the 174
    kept: list[str] = []
    size = 0
    for t in reversed(tokens):
        if size + len(t) > max_chars:
            break
        kept.insert(0, t)
        size += len(t)
    while kept and (kept[0] in rules.lead_stop or not _is_cjk_word(kept[0])):
        kept.pop(0)
    return kept


_QUOTES = {"”": "“", "」": "「", "』": "『"}


def _clause_start(text: str, start: int, floor: int) -> int:
    """Where the clause holding ``start`` begins; a quoted phrase (“双随机、一公开”) is one word."""
    rules = label_rules()
    s = start
    while s > floor:
        ch = text[s - 1]
        if ch in _QUOTES:
            opening = text.rfind(_QUOTES[ch], floor, s - 1)
            if opening >= 0:
                s = opening
                continue
        if ch in rules.boundaries and not _wrapped(text, s - 1, floor):
            break
        s -= 1
    return s


def _wrapped(text: str, at: int, floor: int) -> bool:
    """Is the line break at ``at`` one the text's width made inside a clause (占一般公共预算支出⏎
    的84.06%): Han characters on both sides, no punctuation?"""
    return (
        text[at] == "\n"
        and at > floor
        and at + 1 < len(text)
        and HAN_RUN.fullmatch(text[at - 1] + text[at + 1]) is not None
    )


def _before_label(text: str, start: int, floor: int, masked: list[tuple[int, int]]) -> str:
    s = _clause_start(text, start, floor)
    rules = label_rules()
    words = text[s:start]
    # a share keeps its part and its whole (项目支出占本年支出合计的)
    limit = rules.share_max_chars if any(m in words for m in rules.share_markers) else None
    label = "".join(_trim(_tokens(_strip_tail(_clean(words, masked, s))), limit))
    if not label and s > floor and text[s - 1] in ":：" and s - 1 > floor:
        # 支出：799.12万元 — the words before the colon name the figure
        label = _before_label(text, s - 1, floor, masked)
    return label


def _after_label(
    text: str, end: int, stops: list[tuple[int, int]], masked: list[tuple[int, int]]
) -> tuple[str, bool]:
    """The noun phrase after a measure word, and whether it starts like a noun."""
    rules = label_rules()
    e = end
    # skip over what is not the noun: masked spans (5A级) and following figures (50人次以上)
    limit = min(len(text), end + 4 * rules.after_max_chars)
    while e < limit and text[e] not in rules.boundaries:
        e += 1
    window = text[end:e]
    spans = sorted(masked + stops)
    cleaned = _clean(window, spans, end)
    words: list[str] = []
    for t in _tokens(cleaned):
        if t in rules.boundaries or not _is_cjk_word(t):
            if words:
                break
            continue
        if t == "的":
            if len(words) == 1 and _tag(words[0]) in rules.modifier_tags:
                words = []  # 大型的法律培训活动: skip the modifier
                continue
            break
        tag = _tag(t)
        first_only = tag in ("d", "t")
        if t in rules.after_stop or (words and (tag in rules.after_stop_tags or first_only)):
            break
        if not words and tag in rules.after_stop_tags and not first_only:
            break
        words.append(t)
        if sum(len(w) for w in words) >= rules.after_max_chars:
            break
    label = "".join(words)
    nounish = (
        bool(words)
        and _tag(words[0]) in rules.noun_tags
        and text[end : end + 1] not in rules.boundaries
    )
    return label, nounish


def label_for(
    text: str,
    q: numbers.Quantity,
    floor: int,
    figures: list[numbers.Quantity],
    masked: list[tuple[int, int]],
) -> str | None:
    """What ``q`` counts, from the words before it (or after a measure word)."""
    rules = label_rules()
    before = _before_label(text, q.start, floor, masked)
    light = not before or before in rules.light_verbs
    if q.kind == "count" or light:
        # the figures after it, up to where _after_label looks (bisected: linear time)
        reach = q.end + 4 * rules.after_max_chars
        first = bisect.bisect_left(figures, q.end, key=lambda f: f.start)
        stops = []
        for f in figures[first:]:
            if f.start >= reach:
                break
            stops.append((f.start, f.end))
        after, nounish = _after_label(text, q.end, stops, masked)
        if after and (light or nounish):
            return after
    return before or None
