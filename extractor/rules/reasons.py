"""NR15 (rules stage): the reason a 说明 gives for a change says the opposite of the change.

records/links.py read each year-over-year sentence into ``report.changes`` with the
direction it prints (增加/减少); the reason that follows (主要原因是：…经费增加。) is read here,
only in its plainest shape: one clause that ends with the direction word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import patterns
from ..report import Report
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
    Best practice: the reason explains the change the sentence states.
    """
    conf = patterns.load("narrative").get("reasons")
    doc = report.document
    if not conf or doc is None:
        return
    after = re.compile(conf["after"])
    plain = re.compile(conf["plain"])
    words = {k: tuple(v) for k, v in conf["directions"].items()}
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
