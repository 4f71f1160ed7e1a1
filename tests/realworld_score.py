"""Score the figure finder on realistic report passages with hand gold.

    python -m tests.realworld_score [tests/examples/realworld_passages.yaml] [-v]

Each passage of the YAML (format in its header) becomes a one-block Document —
a paragraph, or a table cell under its ``column`` header — and goes through
``figures.find_figures`` and ``figures.find_breakdowns`` as a report would.

A found figure is matched to the gold figure whose span it overlaps (one to
one, in order).  It is *right* when value, unit, approx, op (and the high end
of a range) all agree; precision = right / found, recall = right / gold.  A
found figure overlapping an ``ignore`` span counts neither way; one overlapping
a ``nonfigures`` string is a non-figure taken as a figure.  Exact raw spans and
each attribute are reported apart, so a wrong boundary is told from a wrong
value.  Breakdowns are compared by (total raw, parts raws).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from extractor import figures
from extractor.model import Block, Cell, Document, Source, Table
from extractor.report import Figure

HERE = Path(__file__).resolve().parent
DEFAULT = HERE / "examples" / "realworld_passages.yaml"


def load(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def passage_doc(p: dict[str, Any]) -> tuple[Document, int]:
    """A one-block Document holding the passage, and the passage's offset in the block text."""
    src = Source(path=f"{p['id']}.txt", format="txt", sha256="0")
    text = str(p["text"])
    if not p.get("column"):
        return Document(
            source=src, blocks=[Block(index=0, kind="paragraph", text=text, section="s")]
        ), 0
    rows = [["三级指标", str(p["column"])], [str(p.get("row_label") or "指标"), text]]
    cells = [Cell(text=t, row=r, col=c) for r, row in enumerate(rows) for c, t in enumerate(row)]
    table = Table(n_rows=2, n_cols=2, cells=cells)
    block_text = table.render()
    block = Block(index=0, kind="table", text=block_text, section="s", table=table)
    cell = next(c for c in table.cells if c.row == 1 and c.col == 1)
    return Document(source=src, blocks=[block]), cell.start


def _spans(text: str, raws: list[str], sequential: bool) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for raw in raws:
        at = text.find(raw, pos if sequential else 0)
        if at < 0:
            raise ValueError(f"gold raw {raw!r} not in text {text!r}")
        out.append((at, at + len(raw)))
        if sequential:
            pos = at + len(raw)
    return out


def _all(text: str, raw: str) -> list[tuple[int, int]]:
    out = []
    at = text.find(raw)
    while at >= 0:
        out.append((at, at + len(raw)))
        at = text.find(raw, at + 1)
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gold_attrs(g: dict[str, Any]) -> dict[str, Any]:
    return {
        "value": Decimal(str(g["value"])),
        "unit": g.get("unit"),
        "approx": bool(g.get("approx", False)),
        "op": str(g.get("op", "=")),
        "high": Decimal(str(g["high"])) if g.get("high") is not None else None,
    }


def _found_attrs(f: Figure) -> dict[str, Any]:
    return {"value": f.value, "unit": f.unit, "approx": f.approx, "op": f.op, "high": f.high}


@dataclass
class Score:
    passages: int = 0
    gold: int = 0
    found: int = 0
    right: int = 0
    exact_raw: int = 0
    matched: int = 0
    attr_right: dict[str, int] = field(
        default_factory=lambda: {"value": 0, "unit": 0, "approx": 0, "op": 0}
    )
    nonfigures: int = 0
    nonfigure_hits: list[str] = field(default_factory=list)
    ignored: int = 0
    bd_gold: int = 0
    bd_found: int = 0
    bd_right: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    def summary(self, name: str) -> str:
        m = max(self.matched, 1)
        attrs = " ".join(f"{k} {v / m:.3f}" for k, v in self.attr_right.items())
        bd_p = self.bd_right / self.bd_found if self.bd_found else 0.0
        bd_r = self.bd_right / self.bd_gold if self.bd_gold else 0.0
        return (
            f"{name}: {self.passages} passages, {self.gold} gold figures; "
            f"precision {self.precision:.3f} recall {self.recall:.3f} "
            f"({self.right} right of {self.found} found); exact raw {self.exact_raw}/{self.matched}; "
            f"on matched spans: {attrs}; non-figures taken as figures "
            f"{len(self.nonfigure_hits)}/{self.nonfigures}; ignored {self.ignored}; "
            f"breakdowns precision {bd_p:.3f} recall {bd_r:.3f} ({self.bd_right}/{self.bd_found} found, {self.bd_gold} gold)"
        )


def score(passages: list[dict[str, Any]]) -> Score:
    s = Score()
    for p in passages:
        s.passages += 1
        text = str(p["text"])
        doc, base = passage_doc(p)
        found = figures.find_figures(doc)
        found_spans = [(f.start - base, f.end - base) for f in found]
        gold = p.get("figures") or []
        gold_spans = _spans(text, [str(g["raw"]) for g in gold], sequential=True)
        ignore = [sp for raw in p.get("ignore") or [] for sp in _all(text, str(raw))]
        nonfig = [(raw, sp) for raw in p.get("nonfigures") or [] for sp in _all(text, str(raw))]
        s.nonfigures += len(p.get("nonfigures") or [])
        s.gold += len(gold)
        used: set[int] = set()
        for f, fs in zip(found, found_spans, strict=True):
            gi = next(
                (i for i, gs in enumerate(gold_spans) if i not in used and _overlaps(fs, gs)), None
            )
            if gi is None:
                if any(_overlaps(fs, sp) for sp in ignore):
                    s.ignored += 1
                    continue
                s.found += 1
                hit = [raw for raw, sp in nonfig if _overlaps(fs, sp)]
                if hit:
                    s.nonfigure_hits.append(f"{p['id']}: {f.raw} ({hit[0]})")
                s.problems.append(f"{p['id']}: extra {f.raw!r} = {f.value} {f.unit} {f.op}")
                continue
            used.add(gi)
            s.found += 1
            s.matched += 1
            g = gold[gi]
            want, got = _gold_attrs(g), _found_attrs(f)
            for k in s.attr_right:
                s.attr_right[k] += want[k] == got[k]
            exact = fs == gold_spans[gi]
            s.exact_raw += exact
            if want == got:
                s.right += 1
            else:
                diff = {k: (got[k], want[k]) for k in want if want[k] != got[k]}
                s.problems.append(f"{p['id']}: wrong {f.raw!r} (got, want) {diff}")
            if not exact:
                s.problems.append(f"{p['id']}: raw {f.raw!r} for gold {g['raw']!r}")
        for i, g in enumerate(gold):
            if i not in used:
                s.problems.append(f"{p['id']}: missed {g['raw']!r}")
        # breakdowns
        bds = figures.find_breakdowns(doc, found)
        got_bd = {(b.total.raw, tuple(x.raw for x in b.parts)) for b in bds}
        want_bd = {
            (str(b["total"]), tuple(str(x) for x in b["parts"])) for b in p.get("breakdowns") or []
        }
        s.bd_found += len(got_bd)
        s.bd_gold += len(want_bd)
        s.bd_right += len(got_bd & want_bd)
        for b in sorted(got_bd - want_bd):
            s.problems.append(f"{p['id']}: breakdown extra/wrong {b}")
        for b in sorted(want_bd - got_bd):
            s.problems.append(f"{p['id']}: breakdown missed {b}")
    return s


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    paths = [Path(a) for a in argv if not a.startswith("-")] or [DEFAULT]
    for path in paths:
        s = score(load(path))
        print(s.summary(path.name))
        if verbose:
            print("\n".join(s.problems))
            print("\n".join("non-figure: " + h for h in s.nonfigure_hits))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
