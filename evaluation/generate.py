"""Synthetic 绩效自评报告 with exact gold, for the accuracy harness (issue 4).

    python -m evaluation.generate --n 48 --seed 1 --out corpus/synthetic [--formats txt,docx,pdf,doc]

The generator lives in the package ``evaluation.synth``, one module per step
(draw, inject, derive, lay out, gold; see its docstring).  This module is its
entry point and keeps the old imports (``from evaluation import generate``,
``generate.make``, ``generate.SEVERITY`` …) working.
"""

from __future__ import annotations

from evaluation.synth import *  # noqa: F403  (the old names of this module)
from evaluation.synth.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
