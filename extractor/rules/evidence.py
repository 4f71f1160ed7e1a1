"""Evidence for findings (rules stage): where a number stands, and its text.

Rules reason on the Report alone; the loaded Document (``report.document``) is
read here only to quote the text an auditor should look at: the table row, the
sentence around a figure.  Without a Document (a Report read back from JSON, a
test fixture) the quote is rebuilt from the Report's own fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ..loaders.normalize import key
from ..model import Block
from ..report import Evidence, Figure, Report, Row

SENTENCE_END = re.compile(r"[。；;！？!?\n]")
MAX_QUOTE = 160


def _block(report: Report, index: int | None) -> Block | None:
    doc = report.document
    return None if doc is None else doc.block(index)


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def row_text(report: Report, block: int | None, row: int | None) -> str | None:
    """The printed cells of one table row, joined by `` | ``."""
    b = _block(report, block)
    if b is None or b.table is None or row is None or not 0 <= row < b.table.n_rows:
        return None
    cells = b.table.rows()[row]
    shown = b.printed or b.text  # as printed (traditional script: cells are matched simplified)
    return _clip(" | ".join(shown[c.start : c.end].replace("\n", "") for c in cells))


def block_page(report: Report, block: int | None) -> int | None:
    b = _block(report, block)
    return b.page if b is not None else None


def at_row(
    report: Report, block: int | None, row: int | None, fallback: str, page: int | None = None
) -> Evidence:
    """Evidence for a table row: the row as printed, else ``fallback``."""
    text = row_text(report, block, row) or fallback
    return Evidence(
        block=block, page=page if page is not None else block_page(report, block), text=text
    )


def finance_row_fallback(org: str, row: Row, labels: dict[str, str], keys: Iterable[str]) -> str:
    """``局机关及二级机构汇总：收入合计200.13，公共财政拨款181.81`` from the Row itself."""
    parts = [f"{labels.get(k, k)}{row.cells[k].raw}" for k in keys if k in row.cells]
    return f"{org}：" + "，".join(parts)


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding [start, end)."""
    lo = start
    while lo > 0 and not SENTENCE_END.match(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(text) and not SENTENCE_END.match(text[hi]):
        hi += 1
    if hi < len(text):
        hi += 1  # keep the closing mark
    quote = text[lo:hi].strip()
    if len(quote) > MAX_QUOTE:  # a run-on paragraph: a window around the figure
        lo2 = max(lo, start - 60)
        hi2 = min(hi, end + 60)
        quote = ("…" if lo2 > lo else "") + text[lo2:hi2] + ("…" if hi2 < hi else "")
    return quote


def at_figure(report: Report, fig: Figure) -> Evidence:
    b = _block(report, fig.block)
    if b is not None and fig.end <= len(b.text):
        text = sentence(b.printed or b.text, fig.start, fig.end)  # as printed (traditional script)
    else:
        text = f"{fig.label or ''}{fig.raw}"
    return Evidence(
        block=fig.block,
        page=fig.page if fig.page is not None else block_page(report, fig.block),
        text=text,
    )


def where_printed(report: Report, labels: Iterable[str]) -> Evidence | None:
    """Where a label is printed (the table row or paragraph holding it), to quote an empty field."""
    doc = report.document
    if doc is None:
        return None
    wanted = [key(x) for x in labels]
    keyed: dict[int, list[list[str]] | str] = {}  # block → its cells' keys by row, or its key
    for w in wanted:  # the most specific label first
        for n, b in enumerate(doc.blocks):
            got = keyed.get(n)
            if got is None:
                got = keyed[n] = (
                    [[key(c.text) for c in row] for row in b.table.rows()]
                    if b.table is not None
                    else key(b.text)
                )
            if isinstance(got, list):
                for i, row_keys in enumerate(got):
                    if any(w in k for k in row_keys):
                        return at_row(report, b.index, i, "", page=b.page)
            elif w in got:
                return Evidence(block=b.index, page=b.page, text=_clip(b.printed or b.text))
    return None


def num(d: Decimal | None) -> str:
    """A Decimal as an auditor writes it in a message: plain, no exponent."""
    if d is None:
        return "—"
    if d == 0:
        return "0"
    return format(d, "f")
