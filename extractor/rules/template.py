"""What a document's template lines say about the document itself (rules stage):

- NR13 a 决算/预算's sentence on its own scope (纳入本部门2018年部门汇总预算编制范围…) naming
  another year than the document's: a sentence carried over from an earlier year's document;
- DQ04 the 目录 printing one entry twice in a row (a stale line left beside its update).

Both are warnings: the text was read exactly, but an auditor decides what the slip means.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import patterns
from ..figures import unit_kind
from ..loaders.normalize import nfkc_in_place
from ..report import Evidence, Figure, Report
from . import evidence as ev
from .registry import Hit, rule
from .rounding import Interval


@rule(
    "NR13",
    "narrative.scope_year",
    "warning",
    kinds=("final_accounts", "budget"),
    basis="决算/预算说明中“纳入…年…预算/决算编制范围”句所称年度与文件年度（标题）比较",
)
def scope_year(report: Report) -> Iterator[Hit]:
    """A 决算/预算 says which units its own figures cover for another year than its own.

    Anti-pattern: a 2019 部门预算 whose 说明 reads 纳入本部门2018年部门汇总预算编制范围的预算
    单位共计一家 — last year's sentence kept, so the reader cannot tell whether the unit list
    was updated either.
    Best practice: the scope sentence names the year the document is for (the title's).
    """
    pattern = patterns.load("narrative").get("scope_year")
    year = report.meta.year
    doc = report.document
    if not pattern or not year or doc is None:
        return
    rx = re.compile(pattern)
    for b in doc.blocks:
        if b.table is not None:
            continue
        for m in rx.finditer(nfkc_in_place(b.text)):
            if m.group(1) == year:
                continue
            quote = ev.sentence(b.printed or b.text, m.start(), m.end())
            yield Hit(
                message=(
                    f"本文件为{year}年度，说明中编制范围一句却称{m.group(1)}年"
                    f"（疑沿用往年文本）：「{quote}」"
                ),
                expected=year,
                actual=m.group(1),
                evidence=[Evidence(block=b.index, page=b.page, text=quote)],
            )


@rule(
    "DQ04",
    "quality.toc_duplicate",
    "warning",
    basis="目录中相邻两行（标题……页码）标题相同",
)
def toc_duplicate(report: Report) -> Iterator[Hit]:
    """The 目录 prints one entry twice in a row (with two page numbers, or one).

    Anti-pattern: 水利建设安全施工措施备案办理流程……16 then ……17: the line of an earlier draft
    left above its update, so one of the two page numbers is wrong.
    Best practice: one line per entry, with the page it is printed on.
    """
    pattern = patterns.load("checks")["quality"].get("toc_line")
    doc = report.document
    if not pattern or doc is None:
        return
    rx = re.compile(pattern)
    last: tuple[str, str, int] | None = None  # title, page, block of the line just before
    for b in doc.blocks:
        m = rx.match(b.text.strip()) if b.table is None else None
        if m is None:
            last = None
            continue
        title = re.sub(r"\s+", "", m.group("title"))
        if last is not None and last[0] == title:
            yield Hit(
                message=(
                    f"目录中「{title}」连续列了两次（页码{last[1]}与{m.group('page')}），"
                    "其中一行应为旧稿遗留"
                ),
                expected="1",
                actual="2",
                evidence=[
                    Evidence(block=last[2], page=b.page, text=f"{title}……{last[1]}"),
                    Evidence(block=b.index, page=b.page, text=f"{title}……{m.group('page')}"),
                ],
            )
        last = (title, m.group("page"), b.index)


@rule(
    "NR14",
    "narrative.coverage_stated_twice",
    "warning",
    kinds=("final_accounts", "budget"),
    basis="决算“预算绩效情况说明”中同一口径的自评项目个数或涉及金额前后两处所述",
)
def coverage_stated_twice(report: Report) -> Iterator[Hit]:
    """The 预算绩效情况说明 states one scope of its self-evaluation twice, with two counts or
    two amounts.

    Anti-pattern: 反映…等82个一级项目的绩效自评结果 on one page, …等87个一级项目的绩效自评结果
    on another (87 forms printed); 专项资金项目进行自评，涉及预算金额52110万元 and, further on,
    the same sentence with 51552.9万元 (its 执行数).
    Best practice: each count and amount is stated once, or the same wherever restated.
    """
    conf = patterns.load("narrative").get("coverage")
    doc = report.document
    if not conf or doc is None:
        return
    by_block: dict[int, list[Figure]] = {}
    for f in report.figures:
        by_block.setdefault(f.block, []).append(f)
    first: dict[str, tuple[Figure, Figure | None]] = {}
    for b in doc.blocks:
        if b.table is not None or b.index not in by_block:
            continue
        for scope in conf["scopes"]:
            for m in re.finditer(scope["pattern"], b.text):
                stated = _coverage(b.text, m, by_block[b.index], conf["amount_after"])
                if stated is None:
                    continue
                name = scope["name"] + (m.groupdict().get("what") or "")
                seen = first.setdefault(name, stated)
                if seen is not stated:
                    yield from _coverage_differs(report, scope["name"], seen, stated)


def _coverage(
    text: str, m: re.Match[str], figs: list[Figure], after: str
) -> tuple[Figure, Figure | None] | None:
    """The count figure the match holds, and the amount stated after ``after`` in its sentence."""
    count = next((f for f in figs if f.start == m.start("count")), None)
    if count is None:
        return None
    end = ev.SENTENCE_END.search(text, m.end())
    stop = len(text) if end is None else end.start()
    at = text.find(after, m.end(), stop)
    amount = None
    if at >= 0:
        amount = next(
            (f for f in figs if f.start > at and f.end <= stop and unit_kind(f) == "money"), None
        )
    return count, amount


def _coverage_differs(
    report: Report,
    scope: str,
    seen: tuple[Figure, Figure | None],
    now: tuple[Figure, Figure | None],
) -> Iterator[Hit]:
    for a, b, what in ((seen[0], now[0], "个数"), (seen[1], now[1], "涉及金额")):
        if a is None or b is None or a.unit != b.unit:
            continue
        if Interval.around(a.value).meets(Interval.around(b.value)):
            continue
        yield Hit(
            message=f"「{scope}」的{what}前后两处不一致：{a.raw}与{b.raw}",
            expected=a.raw,
            actual=b.raw,
            evidence=[ev.at_figure(report, a), ev.at_figure(report, b)],
        )
