"""Synthetic 绩效自评报告 with exact gold, for the accuracy harness (issue 4).

The command line of the generator: ``python -m evaluation.generate`` (or ``evaluation.synth``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .corpus import generate, summarize


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m evaluation.generate", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--n", type=int, default=48, help="number of reports (default 48)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("corpus/synthetic"))
    ap.add_argument(
        "--formats",
        default="txt,docx,pdf,doc",
        help="comma-separated, dealt in turn (pdf/doc need LibreOffice)",
    )
    ap.add_argument("--clean", action="store_true", help="remove syn_* files in --out first")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in ("txt", "docx", "pdf", "doc")]
    if bad:
        print(
            f"--formats: unknown format(s) {', '.join(bad)} — use txt, docx, pdf, doc",
            file=sys.stderr,
        )
        return 2
    if args.clean and args.out.exists():
        for p in args.out.glob("syn_*"):
            p.unlink()
    entries = generate(
        args.n,
        args.seed,
        args.out,
        formats,
        progress=None if args.quiet else lambda m: print(m, flush=True),
    )
    counts = summarize(entries)
    print(json.dumps(counts, ensure_ascii=False))
    return 0
