"""NR15 (rules stage): the reason a 说明 gives for a change says the opposite of the change.

records/links.py read each year-over-year sentence into ``report.changes`` with the
direction it prints (增加/减少); the reason is read here in its two plainest shapes: one
clause after the change that ends with a direction word (主要原因是：…经费增加。), and a
reason that names the change it explains (财政拨款收入支出减少的主要原因是…) a block or two
after the changes it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import patterns
from ..loaders.normalize import key
from ..report import Evidence, Report
from . import evidence as ev
from .links import WORD
from .registry import Hit, rule


@rule(
    "NR15",
    "narrative.reason_direction",
    "warning",
    basis="变动句所述方向（增加/减少）与其后“主要原因是”一句所述方向相反",
)
def reason_direction(report: Report) -> Iterator[Hit]:
    """The reason given for a change names the opposite change.

    Anti-pattern: 2024年预算安排110.60万元，比2023年预算执行数减少2.98%。主要原因是：宣传事务
    一般行政管理事务经费增加。 — a fall explained by a rise (a sentence of another item
    copied, or the number wrong).
    Anti-pattern: 财政拨款收入17883万元，比2025年预算增加156万元 … ⏎ 财政拨款收入支出减少的
    主要原因是… — the paragraph after the changes explains a fall none of them states (last
    year's sentence kept, or the three amounts wrong).
    Best practice: the reason explains the change the sentence states.
    """
    conf = patterns.load("narrative").get("reasons")
    doc = report.document
    if not conf or doc is None:
        return
    after = re.compile(conf["after"])
    plain = re.compile(conf["plain"])
    words = {k: tuple(v) for k, v in conf["directions"].items()}
    yield from _named_reasons(report, conf, words)
    for c in report.changes:
        if c.direction not in words:
            continue
        block = doc.block(c.block)
        if block is None:
            continue
        end = max(f.end for f in (c.current, c.change, c.rate) if f is not None)
        m = after.match(block.text, end)
        if m is None:
            continue
        reason = plain.match(block.text, m.end())
        if reason is None:
            continue
        said = next((d for d, ws in words.items() if reason.group("word") in ws), None)
        if said is None or said == c.direction:
            continue
        quote = ev.sentence(block.printed or block.text, c.current.start, c.current.end)
        yield Hit(
            message=(
                f"「{c.label or ''}」{WORD[c.direction]}，所述原因却是「{reason.group(0)}」"
                f"（{WORD[said]}）：原因与变动方向相反——「{quote}」"
            ),
            expected=WORD[c.direction],
            actual=reason.group("word"),
            evidence=[ev.at_figure(report, c.current)],
        )


def _named_reasons(report: Report, conf: dict, words: dict[str, tuple[str, ...]]) -> Iterator[Hit]:
    """A reason that names its change (财政拨款收入支出减少的主要原因是) where every change
    before it on the same subject went the other way."""
    doc = report.document
    if not conf.get("named") or doc is None:
        return
    named = re.compile(conf["named"])
    window = int(conf.get("named_blocks", 2))
    prefix = int(conf.get("named_prefix", 4))
    for block in doc.blocks:
        if block.table is not None:
            continue
        for m in named.finditer(block.text):
            said = next((d for d, ws in words.items() if m.group("word") in ws), None)
            subject = key(m.group("subject"))
            if said is None or len(subject) < prefix:
                continue
            before = [
                c
                for c in report.changes
                if block.index - window <= c.block < block.index
                or (c.block == block.index and c.current.end <= m.start())
            ]
            same = [c for c in before if key(c.label or "")[:prefix] == subject[:prefix]]
            if not same or any(c.direction == said or c.direction == "flat" for c in same):
                continue
            first = same[0]
            quote = ev.sentence(block.printed or block.text, m.start(), m.end())
            yield Hit(
                message=(
                    f"「{m.group(0)}」：所释变动为{WORD[said]}，而前文"
                    + "、".join(f"「{c.label or ''}」{WORD[c.direction]}" for c in same)
                    + f"：原因与变动方向相反——「{quote}」"
                ),
                expected=WORD[first.direction],
                actual=m.group("word"),
                evidence=[
                    ev.at_figure(report, c.current)
                    for i, c in enumerate(same)
                    if all(o.block != c.block for o in same[:i])
                ]
                + [Evidence(block=block.index, page=block.page, text=quote)],
            )
