"""Positions in a document's text that the narrative rules ask about for every figure.

A rule asks, figure by figure, where the figure's sentence and clause start, which years
its sentence names before it, and which year the report is about.  Answered by scanning
the text each time, a paragraph of n figures costs O(n²) (issue 17: 2,000 figures in one
paragraph took 20 s).  The index scans each block once — the offsets of its sentence and
clause ends, and the years it names (2019年, not 较2019年) in comparison form — and
answers by bisection.  It lives as long as the ``Document``.  Likewise a report's figures
by block and the 其中 total of each part (``figures``), for the rules that look from one
figure to the ones before it.
"""

from __future__ import annotations

import functools
import re
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..loaders.normalize import key
from ..model import Block, Document
from ..report import Figure, Report

FULL_STOP = "。！？!?\n"
SENTENCE_END = FULL_STOP + "；;"
CLAUSE_END = SENTENCE_END + "，,：:"
YEAR_AT = re.compile(r"(?<![较比与同0-9])((?:19|20)\d{2})[ \u3000]*年")
"""A year the text names as its own time (2019年), not as a comparison (较2019年)."""


_CLAUSE_END_RE = re.compile(f"[{re.escape(CLAUSE_END)}]")
_SENTENCE_END_RE = re.compile(f"[{re.escape(SENTENCE_END)}]")
_FULL_STOP_RE = re.compile(f"[{re.escape(FULL_STOP)}]")


@functools.cache
def _key_char(ch: str) -> str:
    return key(ch)


@dataclass
class BlockIndex:
    text: str
    full_stops: list[int] = field(default_factory=list)
    sentence_ends: list[int] = field(default_factory=list)
    clause_ends: list[int] = field(default_factory=list)
    year_starts: list[int] = field(default_factory=list)
    year_ends: list[int] = field(default_factory=list)
    years: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> BlockIndex:
        idx = cls(text)
        idx.clause_ends = [m.start() for m in _CLAUSE_END_RE.finditer(text)]
        idx.sentence_ends = [m.start() for m in _SENTENCE_END_RE.finditer(text)]
        idx.full_stops = [m.start() for m in _FULL_STOP_RE.finditer(text)]
        keyed = list(map(_key_char, text))
        joined = "".join(keyed)
        if len(joined) == len(text) and "" not in keyed:  # one character for one
            for m in YEAR_AT.finditer(joined):
                idx.year_starts.append(m.start())
                idx.year_ends.append(m.end())
                idx.years.append(m.group(1))
            return idx
        raw_of: list[int] = []
        for i, k in enumerate(keyed):
            raw_of.extend([i] * len(k))
        for m in YEAR_AT.finditer(joined):
            idx.year_starts.append(raw_of[m.start()])
            idx.year_ends.append(raw_of[m.end() - 1] + 1)
            idx.years.append(m.group(1))
        return idx

    def start_of(self, pos: int, stop: str = "sentence") -> int:
        """Where the unit holding ``pos`` starts — ``full`` (up to 。！？), ``sentence`` (also
        ；) or ``clause`` (also ，：) — after the last end before it."""
        ends = {"full": self.full_stops, "sentence": self.sentence_ends}.get(stop, self.clause_ends)
        i = bisect_left(ends, pos)
        return ends[i - 1] + 1 if i else 0

    def last_year(self, start: int, end: int) -> str | None:
        """The last year named wholly inside ``text[start:end]``."""
        i = bisect_right(self.year_ends, end) - 1
        if i >= 0 and self.year_starts[i] >= start:
            return self.years[i]
        return None


@dataclass
class DocIndex:
    blocks: dict[int, Block]
    year_counts: dict[str, int]
    _per_block: dict[int, BlockIndex] = field(default_factory=dict)

    def block(self, index: int | None) -> Block | None:
        return self.blocks.get(index) if index is not None else None

    def of_block(self, index: int) -> BlockIndex | None:
        b = self.blocks.get(index)
        if b is None:
            return None
        got = self._per_block.get(index)
        if got is None or got.text is not b.text:
            got = self._per_block[index] = BlockIndex.of(b.text)
        return got


_INDEXES: dict[int, tuple[weakref.ref[Document], DocIndex]] = {}


def index(doc: Document) -> DocIndex:
    """The document's index, built on first use (kept while the document lives)."""
    got = _INDEXES.get(id(doc))
    if got is not None and got[0]() is doc:
        return got[1]
    counts: dict[str, int] = {}
    for b in doc.blocks:
        for y in YEAR_AT.findall(key(b.text)):
            counts[y] = counts.get(y, 0) + 1
    idx = DocIndex(blocks={b.index: b for b in doc.blocks}, year_counts=counts)
    ident = id(doc)
    _INDEXES[ident] = (weakref.ref(doc, lambda _r: _INDEXES.pop(ident, None)), idx)
    return idx


# ── figures ──────────────────────────────────────────────────────────────


@dataclass
class FigureIndex:
    """A report's figures by block (in text order) and the 其中 total of every part."""

    by_block: dict[int | None, list[Figure]]
    starts: dict[int | None, list[int]]
    part_total: dict[tuple[int | None, int], Figure]

    def before(self, block: int | None, pos: int) -> Iterator[Figure]:
        """Figures of ``block`` that start before ``pos``, nearest first."""
        figs = self.by_block.get(block, [])
        i = bisect_left(self.starts.get(block, []), pos)
        for j in range(i - 1, -1, -1):
            yield figs[j]


_FIGURES: dict[int, tuple[weakref.ref[Report], tuple[int, int, int, int], FigureIndex]] = {}


def figures(report: Report) -> FigureIndex:
    """The report's figure index, rebuilt when its figures or breakdowns are replaced."""
    stamp = (id(report.figures), len(report.figures), id(report.breakdowns), len(report.breakdowns))
    got = _FIGURES.get(id(report))
    if got is not None and got[0]() is report and got[1] == stamp:
        return got[2]
    by_block: dict[int | None, list[Figure]] = {}
    for f in report.figures:
        by_block.setdefault(f.block, []).append(f)
    for figs in by_block.values():
        figs.sort(key=lambda f: f.start)
    part_total: dict[tuple[int | None, int], Figure] = {}
    for b in report.breakdowns:
        for p in b.parts:
            part_total.setdefault((p.block, p.start), b.total)
    idx = FigureIndex(
        by_block=by_block,
        starts={k: [f.start for f in v] for k, v in by_block.items()},
        part_total=part_total,
    )
    ident = id(report)
    _FIGURES[ident] = (weakref.ref(report, lambda _r: _FIGURES.pop(ident, None)), stamp, idx)
    return idx
