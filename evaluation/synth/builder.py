"""Building a Document: tables with spans (Grid), blocks with their figures (Builder), cell texts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from extractor.model import Block, Cell, Document, Source, Table

from .common import chinese, fullwidth, plain, short
from .narrative import print_fig
from .plan import Expected, Fig, NonFig, Para, Plan


class Grid:
    """A table under construction: cells placed with spans, gaps filled with empty cells."""

    def __init__(self, n_cols: int) -> None:
        self.n_cols = n_cols
        self.cells: list[Cell] = []
        self.taken: set[tuple[int, int]] = set()
        self.n_rows = 0
        self.repeated: list[int] = []

    def put(self, r: int, c: int, text: str, rs: int = 1, cs: int = 1) -> None:
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                if (rr, cc) in self.taken:
                    raise ValueError(f"cell {rr},{cc} already covered")
                self.taken.add((rr, cc))
        self.cells.append(Cell(text=text, row=r, col=c, rowspan=rs, colspan=cs))
        self.n_rows = max(self.n_rows, r + rs)

    def row(self, r: int, texts: list[str]) -> None:
        for c, t in enumerate(texts):
            if (r, c) not in self.taken:
                self.put(r, c, t)

    def table(self) -> Table:
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                if (r, c) not in self.taken:
                    self.put(r, c, "")
        return Table(
            n_rows=self.n_rows,
            n_cols=self.n_cols,
            cells=self.cells,
            repeated_header_rows=self.repeated,
        )


@dataclass
class Laid:
    """The Document plus what only layout knows: figure positions and printed cells."""

    doc: Document
    figures: list[dict[str, Any]] = field(default_factory=list)
    nonfigures: list[dict[str, Any]] = field(default_factory=list)
    breakdowns: list[dict[str, Any]] = field(default_factory=list)
    cells: dict[tuple[str, int, str], str] = field(default_factory=dict)
    header_rows: dict[int, int] = field(default_factory=dict)
    """Block index → number of header rows to repeat on every page (DOCX ``tblHeader``)."""


class Builder:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.blocks: list[Block] = []
        self.laid = Laid(
            Document(source=Source(path=f"{plan.id}.{plan.fmt}", format=plan.fmt, sha256=""))
        )
        self.section = ""

    def p(self, text: str, heading: bool = False) -> Block:
        b = Block(index=len(self.blocks), kind="heading" if heading else "paragraph", text=text)
        self.blocks.append(b)
        return b

    def nonfig(self, text: str, block: Block) -> None:
        self.laid.nonfigures.append({"text": text, "block": block.index})

    def para(self, para: Para) -> Block:
        text = ""
        figs: list[tuple[Fig, dict[str, Any]]] = []
        nonfigs: list[str] = []
        for seg in para.segments:
            if isinstance(seg, Fig):
                raw, gold = print_fig(self.plan, seg)
                gold.update(start=len(text), end=len(text) + len(raw), label=_label_before(text))
                if gold.get("repair"):
                    self.plan.expected.append(
                        Expected(
                            "DQ03",
                            {"raw": raw},
                            [gold["value"]],
                            "malformed number read with a repair",
                        )
                    )
                text += raw
                figs.append((seg, gold))
            elif isinstance(seg, NonFig):
                nonfigs.append(seg.text)
                text += seg.text
            else:
                text += seg
        block = self.p(text, heading=para.heading)
        for t in nonfigs:
            self.nonfig(t, block)
        names = {}
        for seg, gold in figs:
            gold["block"] = block.index
            self.laid.figures.append(gold)
            if seg.name:
                names[seg.name] = gold
        if para.breakdown and para.breakdown["parts"]:
            bd = para.breakdown
            self.laid.breakdowns.append(
                {
                    "label": bd["label"],
                    "block": block.index,
                    "text": text,
                    "total": _fig_ref(names[bd["total"]]),
                    "parts": [_fig_ref(names[n]) for n in bd["parts"]],
                }
            )
        return block

    def table(self, grid: Grid, header_rows: int = 0) -> Block:
        t = grid.table()
        b = Block(index=len(self.blocks), kind="table", text=t.render(), table=t)
        self.blocks.append(b)
        if header_rows:
            self.laid.header_rows[b.index] = header_rows
        return b

    def done(self) -> Laid:
        self.laid.doc.blocks = self.blocks
        return self.laid


def _fig_ref(g: dict[str, Any]) -> dict[str, Any]:
    return {k: g[k] for k in ("raw", "value", "unit", "approx")}


def _label_before(text: str) -> str:
    m = re.search(r"[^，。；：、,;:（）()“”\s]*$", text)
    return m.group(0) if m else ""


def cell_text(plan: Plan, v: Decimal | None, zero_style: str, places: int = 2) -> str:
    """An amount as the finance tables print it."""
    if v is None:
        return ""
    if v == 0:
        return zero_style
    s = plain(v, places, thousands=plan.v["thousands"] and abs(v) >= 1000)
    if plan.v["fullwidth_cells"]:
        s = fullwidth(s)
    return s


def _score_text(plan: Plan, v: Decimal | None) -> str:
    if v is None:
        return ""
    if plan.v["score_places"] == "one" and v == v.to_integral_value():
        return f"{v:.1f}"
    return short(v)


def _spaced(plan: Plan, name: str) -> str:
    return "  ".join(name) if plan.v["spaced_labels"] and len(name) == 2 else name


def _weighted(plan: Plan, name: str, w: Decimal | None) -> str:
    label = _spaced(plan, name)
    if w is None:
        return label
    sep = "\n" if plan.v["label_break"] else ""
    return label + sep + plan.v["weight_form"].format(w=short(w))


def _date_text(plan: Plan, iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    if plan.v["date_style"] == "chinese":
        digits = "〇一二三四五六七八九"
        return (
            "".join(digits[int(c)] for c in str(y)) + "年" + chinese(m) + "月" + chinese(d) + "日"
        )
    return plan.v["date_style"].format(y=y, m=m, d=d)


def _places(v: Decimal) -> int:
    return max(0, -v.normalize().as_tuple().exponent)
