"""Budget completion rates in the 说明 (records stage): 年初预算为A万元，支出决算为C万元，完成
年初预算的P% — the template sentence of every 部门决算, and of self-evaluations
(预算数A万元，执行数C万元，完成预算的P%), and a project's funds paid out (资金支付C万元，
未支U万元，支付率P%: of C + U).

Each sentence with such a rate is recorded as a ``Completion``: the rate, the amount
spent, the budgets the sentence states (年初 / 全年 / plain) and which budget the rate
names.  NR10 divides.  Words in patterns/links.yaml ``completion``.
"""

from __future__ import annotations

import functools
import re

from .. import patterns
from ..report import Completion, Figure


@functools.cache
def _rules() -> tuple[
    re.Pattern[str],
    re.Pattern[str],
    dict[str, re.Pattern[str]],
    dict[str, re.Pattern[str]],
    re.Pattern[str] | None,
]:
    data = patterns.load("links")["completion"]
    bases = {name: re.compile(p) for name, p in data["bases"].items()}
    named = {name: re.compile(p) for name, p in data["named"].items()}
    unspent = re.compile(data["unspent"]) if data.get("unspent") else None
    return re.compile(data["rate"]), re.compile(data["actual"]), bases, named, unspent


_MONEY_UNITS = ("元", "万元", "亿元", "千元")
_SENTENCE_BREAK = "。；;\n"


def _base_kind(words: str, bases: dict[str, re.Pattern[str]]) -> str | None:
    for name, rx in bases.items():
        if rx.search(words):
            return name
    return None


def completions_in(text: str, figs: list[Figure], block: int) -> list[Completion]:
    rate_rx, actual_rx, bases_rx, named_rx, unspent_rx = _rules()
    out: list[Completion] = []
    for i, f in enumerate(figs):
        if f.unit != "%" or f.op != "=" or f.approx:
            continue
        lead = text[figs[i - 1].end if i else 0 : f.start]
        m = rate_rx.search(lead)
        if m is None:
            continue
        named = _base_kind(m.group(0), named_rx) or "budget"
        start = max(text.rfind(ch, 0, f.start) for ch in _SENTENCE_BREAK) + 1
        # a rate before it in the sentence took the amounts before it (…完成预算的13.68%，
        # 其中：因公出国费决算为0.00万元，完成预算的0.00% has no budget of its own)
        start = max([start, *(g.end for g in figs[:i] if g.unit == "%" and g.start >= start)])
        before = [g for g in figs[:i] if g.start >= start]
        money = [g for g in before if g.unit in _MONEY_UNITS]
        if not money:
            continue
        actual = money[-1]
        unspent = None
        if (
            unspent_rx is not None
            and len(money) > 1
            and money[-2].unit == actual.unit
            and unspent_rx.search(text[money[-2].end : actual.start])
        ):
            # 支付18501.096万元，未支703万元，支付率95%: the amount paid comes before it
            unspent, actual = actual, money[-2]
        at = before.index(actual)
        if not actual_rx.search(text[before[at - 1].end if at else start : actual.start]):
            continue
        stated: dict[str, Figure] = {}
        for j, g in enumerate(before[:at]):
            words = text[before[j - 1].end if j else start : g.start]
            kind = _base_kind(words, bases_rx)
            if kind is not None and g.unit == actual.unit:
                stated[kind] = g
        if not stated and unspent is None:
            continue  # 因公出国费支出决算为0万元，完成预算的0%: the budget is stated elsewhere
        out.append(
            Completion(
                rate=f,
                actual=actual,
                named=named,  # type: ignore[arg-type]  # a key of links.yaml `named`
                bases=stated,
                text=text[start : f.end],
                block=block,
                unspent=unspent,
            )
        )
    return out
