"""Parts a template states apart from their whole (records stage, after the figures).

Some disclosure templates print a whole and, in the sentences after it, parts that are
disjoint subsets of it — the 政府采购 paragraph of a 决算: the amount awarded to small and
medium enterprises in the projects reserved for them, and the amount awarded to them in the
other projects, both out of the year's 政府采购金额.  No 其中 joins them, so the breakdown
reader (figures.find_breakdowns) cannot see them.  Each relation is data
(patterns/links.yaml ``declared_parts``): the words printed right before the whole's amount,
the words right before each part's amount, and how many paragraphs after the whole the parts
may stand.  The result is a ``Breakdown`` with ``declared`` set, checked by NR03 like any
其中 list (its parts are never taken for the total restated: the template names them).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import patterns
from ..model import Block, Document
from ..report import Breakdown, Figure

MONEY_UNITS = frozenset({"元", "千元", "万元", "亿元"})


@dataclass(frozen=True)
class _Relation:
    label: str
    total: re.Pattern[str]
    parts: tuple[re.Pattern[str], ...]
    window: int
    max_gap: int


@functools.cache
def _relations() -> tuple[_Relation, ...]:
    conf = patterns.load("links").get("declared_parts") or {}
    gap = int(conf.get("max_gap", 3))
    return tuple(
        _Relation(
            label=str(r["label"]),
            total=re.compile(r["total"]),
            parts=tuple(re.compile(p) for p in r["parts"]),
            window=int(r.get("window", 1)),
            max_gap=gap,
        )
        for r in conf.get("relations", [])
    )


def _amount_after(end: int, figs: list[Figure], max_gap: int) -> Figure | None:
    """The money amount printed right after a match (at most ``max_gap`` characters on)."""
    for f in figs:
        if end <= f.start <= end + max_gap:
            ok = (f.unit or "") in MONEY_UNITS and f.op == "=" and not f.approx
            return f if ok else None
    return None


def declared_parts(doc: Document, by_block: dict[int, list[Figure]]) -> list[Breakdown]:
    """Every whole of a declared relation with the parts printed after it (``by_block``: the
    figures of each block)."""
    relations = _relations()
    if not relations:
        return []
    paragraphs = [b for b in doc.blocks if b.kind != "table"]
    out: list[Breakdown] = []
    for n, block in enumerate(paragraphs):
        figs = sorted(by_block.get(block.index, []), key=lambda f: f.start)
        for rel in relations:
            for m in rel.total.finditer(block.text):
                total = _amount_after(m.end(), figs, rel.max_gap)
                if total is None:
                    continue
                parts = _parts_after(rel, paragraphs[n : n + 1 + rel.window], by_block, m.end())
                if parts:
                    text = "".join(b.text for b in paragraphs[n : n + 1 + rel.window])
                    out.append(
                        Breakdown(
                            label=rel.label,
                            total=total,
                            parts=parts,
                            text=text,
                            block=block.index,
                            declared=True,
                        )
                    )
                break  # one whole per relation and paragraph
    return out


def _parts_after(
    rel: _Relation, blocks: list[Block], by_block: dict[int, list[Figure]], start: int
) -> list[Figure]:
    """The parts' amounts in the whole's paragraph (after the whole) and the ones after it."""
    parts: list[Figure] = []
    for i, block in enumerate(blocks):
        figs = sorted(by_block.get(block.index, []), key=lambda f: f.start)
        for rx in rel.parts:
            for m in rx.finditer(block.text, start if i == 0 else 0):
                f = _amount_after(m.end(), figs, rel.max_gap)
                if f is not None and f not in parts:
                    parts.append(f)
    return parts
