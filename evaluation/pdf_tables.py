"""PDF table benchmark: DOCX reports redrawn in each rule style, printed, read back.

Each source DOCX is the reference; its tables are redrawn in the styles of
``tests/fixtures/pdfstyles/build.py`` (plus ``ruled``, the DOCX as it is) and
printed with LibreOffice.  Every PDF is read by the project's loader and by
pdfplumber's own ``extract_tables`` (``text`` and ``lines`` strategies) in the
same run, and scored against the DOCX tables:

* adjacency F1 — ICDAR-style relations: each non-empty cell with its nearest
  non-empty neighbour to the right and below (texts after ``normalize.key``),
  pooled over the document, precision and recall as multisets;
* cells — DOCX cells found at the same place and text (spans ignored, so the
  tools that report no spans are scored alike) in the best-matching PDF table;
* tables — tables found against tables in the DOCX.

Keep the sets apart: ``tests/fixtures/pdfstyles`` is the set the loader was
tuned on; a held-out set is made here from a fresh ``evaluation.generate`` seed
and is measured, not tuned on.

Build:   ``python -m evaluation.pdf_tables build DOCX_DIR OUT_DIR``
Measure: ``python -m evaluation.pdf_tables measure DOCX_DIR PDF_DIR [--tools ours,text,lines]``
(the tuned-on set: ``measure tests/fixtures/pdfstyles tests/fixtures/pdfstyles --sources``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from extractor.loaders import load
from extractor.loaders.normalize import key

STYLES = ("ruled", "hrules", "noouter", "threeline", "none")


def build(docx_dir: Path, out_dir: Path, styles: tuple[str, ...] = STYLES) -> None:
    import docx

    from evaluation.render import docx_to
    from tests.fixtures.pdfstyles.build import restyle

    out_dir.mkdir(parents=True, exist_ok=True)
    for src in sorted(docx_dir.glob("*.docx")):
        for style in styles:
            d = docx.Document(str(src))
            if style != "ruled":
                for t in d.tables:
                    restyle(t, style)
            with tempfile.TemporaryDirectory(prefix="pdftables-") as tmp:
                p = Path(tmp) / f"{src.stem}-{style}.docx"
                d.save(str(p))
                print(docx_to(p, "pdf", out_dir / f"{src.stem}-{style}.pdf"), file=sys.stderr)


# ── grids: a table as rows of texts, spans repeated over the cells they cover ──


Grid = list[list[tuple[int, str]]]
"""Per row, per column: (cell id, text key); one id over every position a span covers."""


def grid_of_table(t) -> Grid:
    g: Grid = [[(-1, "")] * t.n_cols for _ in range(t.n_rows)]
    for i, c in enumerate(t.cells):
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                if r < t.n_rows and k < t.n_cols:
                    g[r][k] = (i, key(c.text))
    return g


def grid_of_rows(rows: list[list[str | None]]) -> Grid:
    """pdfplumber's rows: None marks a position covered by a merged cell (left or above)."""
    n = max((len(r) for r in rows), default=0)
    g: Grid = []
    ids = 0
    for ri, row in enumerate(rows):
        out = []
        for ci in range(n):
            v = row[ci] if ci < len(row) else ""
            if v is None:
                left = out[ci - 1] if ci else None
                above = g[ri - 1][ci] if ri else None
                out.append(left or above or (-1, ""))
            else:
                ids += 1
                out.append((ids, key(v)))
        g.append(out)
    return g


def relations(g: Grid) -> Counter:
    """Each non-empty cell with its nearest non-empty neighbour right and below, once per
    pair of cells (a span is seen from every position it covers)."""
    out: Counter = Counter()
    seen = set()
    rows, cols = len(g), len(g[0]) if g else 0
    for r in range(rows):
        for c in range(cols):
            cid, text = g[r][c]
            if not text:
                continue
            for dr, dc, tag in ((0, 1, "H"), (1, 0, "V")):
                rr, cc = r + dr, c + dc
                while rr < rows and cc < cols:
                    oid, other = g[rr][cc]
                    if oid != cid and other:
                        if (cid, oid, tag) not in seen:
                            seen.add((cid, oid, tag))
                            out[(text, other, tag)] += 1
                        break
                    rr, cc = rr + dr, cc + dc
    return out


def positions(g: Grid) -> set[tuple[int, int, str]]:
    return {(r, c, t) for r, row in enumerate(g) for c, (_, t) in enumerate(row) if t}


# ── tools ────────────────────────────────────────────────────────────────


def ours(pdf: Path) -> list[Grid]:
    return [grid_of_table(b.table) for b in load(pdf).tables()]


def plumber(strategy: str):
    def run(pdf: Path) -> list[Grid]:
        import pdfplumber

        settings = {"vertical_strategy": strategy, "horizontal_strategy": strategy}
        out = []
        with pdfplumber.open(str(pdf)) as doc:
            for page in doc.pages:
                for rows in page.extract_tables(settings):
                    if rows:
                        out.append(grid_of_rows(rows))
        return out

    return run


TOOLS = {"ours": ours, "text": plumber("text"), "lines": plumber("lines")}


class Tally:
    def __init__(self) -> None:
        self.tp = self.want = self.got = 0
        self.cells = self.cells_found = 0
        self.tables_want = self.tables_got = 0
        self.seconds = 0.0

    def add(self, want: list[Grid], got: list[Grid], seconds: float) -> None:
        wr = sum((relations(g) for g in want), Counter())
        gr = sum((relations(g) for g in got), Counter())
        self.tp += sum((wr & gr).values())
        self.want += sum(wr.values())
        self.got += sum(gr.values())
        gp = [positions(g) for g in got]
        for g in want:
            p = positions(g)
            self.cells += len(p)
            self.cells_found += max((len(p & q) for q in gp), default=0)
        self.tables_want += len(want)
        self.tables_got += len(got)
        self.seconds += seconds

    def line(self) -> str:
        p = self.tp / self.got if self.got else 0.0
        r = self.tp / self.want if self.want else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"adjF1 {f:.3f} (P {p:.3f} R {r:.3f})  cells {self.cells_found / max(self.cells, 1):.3f}"
            f"  tables {self.tables_got}/{self.tables_want}  {self.seconds:.1f}s"
        )


def measure(pairs: list[tuple[Path, Path, str]], tools: list[str], verbose: bool = False) -> None:
    totals: dict[tuple[str, str], Tally] = {}
    wants: dict[Path, list[Grid]] = {}
    for src, pdf, style in pairs:
        if src not in wants:
            wants[src] = [grid_of_table(b.table) for b in load(src).tables()]
        for tool in tools:
            t0 = time.perf_counter()
            got = TOOLS[tool](pdf)
            dt = time.perf_counter() - t0
            totals.setdefault((style, tool), Tally()).add(wants[src], got, dt)
            if verbose:
                one = Tally()
                one.add(wants[src], got, dt)
                print(f"{pdf.name:28} {tool:6} {one.line()}")
    for (style, tool), t in sorted(
        totals.items(), key=lambda kv: (STYLES.index(kv[0][0]), kv[0][1])
    ):
        print(f"{style:9} {tool:6} {t.line()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("docx_dir", type=Path)
    b.add_argument("out_dir", type=Path)
    m = sub.add_parser("measure")
    m.add_argument("docx_dir", type=Path)
    m.add_argument("pdf_dir", type=Path)
    m.add_argument("--tools", default="ours,text,lines")
    m.add_argument("--sources", action="store_true", help="DOCX named by pdfstyles' SOURCES")
    m.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.cmd == "build":
        build(args.docx_dir, args.out_dir)
        return 0
    pairs = []
    if args.sources:
        from tests.fixtures.pdfstyles.build import SOURCES

        srcs = SOURCES
    else:
        srcs = {p.stem: p for p in sorted(args.docx_dir.glob("*.docx"))}
    for name, src in srcs.items():
        for style in STYLES:
            pdf = args.pdf_dir / f"{name}-{style}.pdf"
            if pdf.exists():
                pairs.append((src, pdf, style))
    if not pairs:
        print(
            f"{args.pdf_dir}: no <name>-<style>.pdf beside the DOCX; run build first",
            file=sys.stderr,
        )
        return 2
    measure(pairs, args.tools.split(","), args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
