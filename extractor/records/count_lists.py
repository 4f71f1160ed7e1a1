"""Counts and the lists after them (records stage): 设9个内设机构，分别是：办公室、…, read
for NR08 (rules/links.py)."""

from __future__ import annotations

import functools
import re
from typing import Any

from .. import patterns
from ..patterns import alternation
from ..report import CountList, Figure


@functools.cache
def _count_rules() -> dict[str, Any]:
    c = patterns.load("links")["count_lists"]
    return {
        **c,
        "markers_re": alternation(c["markers"]),
        "sep_re": re.compile(c["separators"]),
        "next_count_re": re.compile(
            rf"[；;][^；;、]*?(?:\d+\s*(?:{alternation(c['count_units']).pattern})|[:：])"
        ),
        "incomplete_res": [re.compile(p) for p in c["incomplete"]],
        "ends_re": re.compile(rf"[；;，,]\s*(?:{alternation(c['list_ends']).pattern})")
        if c.get("list_ends")
        else None,
    }


_PAREN_RE = re.compile(r"[（(][^（）()]*[)）]")
_LAST_AND_RE = re.compile(r"(?<=..)(?:以及|和|及|与)(?=..)")


def count_lists_in(text: str, figs: list[Figure], block: int) -> list[CountList]:
    c = _count_rules()
    out: list[CountList] = []
    for f in figs:
        if (f.unit or "") not in c["count_units"] or f.op != "=" or f.approx:
            continue
        if f.value != f.value.to_integral() or f.value < 2:
            continue
        m = c["markers_re"].search(text, f.end, f.end + c["max_gap"] + 4)
        if m is None or any(ch in text[f.end : m.start()] for ch in "。；;"):
            continue
        if m.start() - f.end > c["max_gap"]:
            continue
        lead = text[f.end : m.start()].rstrip("：:，, ")
        if any(ch in lead for ch in "，,、；;") or any(ch.isdigit() for ch in lead):
            continue  # 11个区、46个涉农街道，对象包括…: the list is of something else
        stop = text.find("。", m.end())
        if stop < 0:
            continue  # the list runs past this paragraph (a page or a PDF line break): unknown end
        body = text[m.end() : stop].lstrip("：:，, ").replace("\n", "")
        # …参事文史工作处；此外，…还有驻厅纪检监察组综合室: what follows is not listed
        if c["ends_re"] is not None and (end := c["ends_re"].search(body)) is not None:
            body = body[: end.start()]
        # …安全应急科；区交通服务中心内设6个科室：…: a clause with its own count, or its own
        # colon, after a semicolon opens the next list
        if (end := c["next_count_re"].search(body)) is not None:
            body = body[: end.start()]
        if body.count("（") + body.count("(") != body.count("）") + body.count(")"):
            continue  # a bracket left open: the list was cut
        if not body or any(rx.search(body) for rx in c["incomplete_res"]):
            continue
        # 康复区（2个）: an item that carries its own count of the counted unit stands for that
        # many (written 康复区×2 so that the rule and the reader see it)
        own = re.compile(rf"[（(]\s*(\d+)\s*{re.escape(f.unit or '')}\s*[)）]")
        body = own.sub(lambda m: f"×{m.group(1)}", body)
        items = [i.strip(" 　，,") for i in c["sep_re"].split(_PAREN_RE.sub("", body))]
        items = [i for i in items if i]
        if len(items) < 2 or any(len(i) > c["max_item_chars"] for i in items):
            continue
        if any("，" in i or "," in i for i in items[:-1]):
            continue  # clauses, not names
        if listed(items) + 1 == f.value and (join := _LAST_AND_RE.search(items[-1])):
            # 办公室、…、机关服务中心和信息中心: 和 joins the last two items
            items[-1:] = [items[-1][: join.start()], items[-1][join.end() :]]
        out.append(
            CountList(
                count=f, items=items, marker=m.group(0), text=text[f.start : stop], block=block
            )
        )
    return out


_TIMES_RE = re.compile(r"×(\d+)$")


def listed(items: list[str]) -> int:
    """How many things a list names: one per item, N for an item written with its own count
    (康复区×2)."""
    return sum(int(m.group(1)) if (m := _TIMES_RE.search(i)) else 1 for i in items)
