"""Synthetic 绩效自评报告 with exact gold, for the accuracy harness (issue 4).

    python -m evaluation.generate --n 48 --seed 1 --out corpus/synthetic [--formats txt,docx,pdf,doc]

One report is made in five steps, each a small pure function of the previous,
one module each:

    draw      a Plan       numbers and words from ``evaluation/data/*.yaml``; every
    (draw.py, variants.py) identity holds exactly (income = Σ items, 汇总 = Σ rows,
                           score rows = 总分, weights = Σ 分值 …); the layout
                           variants are drawn up front
    inject    errors       each injection breaks ONE relation and records the
    (inject.py)            finding it must produce; everything derived from the
                           broken value is recomputed, so nothing else breaks
    derive    totals       totals, 汇总 rows, rates, weights, grades from the parts
    (derive.py)
    lay out                Plan → ``extractor.model.Document`` with the drawn
    (layout.py,            variants (column order, 元/万元, number forms, spans,
    layout_tables.py,      page breaks …); every narrative figure is recorded
    narrative.py,
    builder.py)
    gold + render          the contract's Report fields + expected findings as
    (gold.py, files.py)    ``<id>.gold.json``; the file via ``evaluation.render``

``plan.py`` holds the Plan and its parts, ``common.py`` the vocabulary and
numbers as printed, ``codes.py`` the injected codes (severities from the
checker's rule registry), ``corpus.py`` the schedule and the corpus with its
manifest, ``cli.py`` the command line (``evaluation/generate.py`` is kept as
the entry point and for old imports).

Gold conventions (where the contract leaves a choice; see corpus/README.md):
table rows keep ``org`` as printed (line breaks removed); placeholder rows and
empty/“—” cells are absent; project funds rows use the contract's canonical
names; a project's 预算执行率 points (funds table 分值/得分) are one score row
with ``level1 = "预算执行率"``; figures are those of paragraphs (not table cells).
"""

from __future__ import annotations

from .builder import Builder, Grid, Laid, cell_text
from .cli import main
from .codes import (
    CLEAN_SHARE,
    CONFLICTS,
    DERIVED_CODES,
    ERROR_CODES,
    GENRE_ONLY,
    ROUNDING_SHARE,
    SEVERITY,
    WARNING_CODES,
    WARNING_SHARE,
    disagreements,
    registry_severities,
)
from .common import DATA, HUNDRED, ZERO, D, chinese, fullwidth, plain, q, short, vocab
from .corpus import generate, make, schedule, summarize
from .derive import derive, grade_for, rate_of
from .draw import draw
from .files import SCAN_SCALE, scan_like, write_file
from .gold import gold
from .inject import INJECTIONS, inject
from .layout import lay_out
from .narrative import APPROX_FORMS, print_fig
from .plan import (
    FIN_CODE,
    FUNDS_AMOUNTS,
    FUNDS_ROWS,
    IDENTITIES,
    Expected,
    Fig,
    FinRow,
    FinTable,
    Item,
    NonFig,
    Para,
    Plan,
    Segment,
)
from .variants import draw_variants

__all__ = [
    "APPROX_FORMS",
    "CLEAN_SHARE",
    "CONFLICTS",
    "DATA",
    "DERIVED_CODES",
    "ERROR_CODES",
    "FIN_CODE",
    "FUNDS_AMOUNTS",
    "FUNDS_ROWS",
    "GENRE_ONLY",
    "HUNDRED",
    "IDENTITIES",
    "INJECTIONS",
    "ROUNDING_SHARE",
    "SCAN_SCALE",
    "SEVERITY",
    "WARNING_CODES",
    "WARNING_SHARE",
    "ZERO",
    "Builder",
    "D",
    "Expected",
    "Fig",
    "FinRow",
    "FinTable",
    "Grid",
    "Item",
    "Laid",
    "NonFig",
    "Para",
    "Plan",
    "Segment",
    "cell_text",
    "chinese",
    "derive",
    "disagreements",
    "draw",
    "draw_variants",
    "fullwidth",
    "generate",
    "gold",
    "grade_for",
    "inject",
    "lay_out",
    "main",
    "make",
    "plain",
    "print_fig",
    "q",
    "rate_of",
    "registry_severities",
    "scan_like",
    "schedule",
    "short",
    "summarize",
    "vocab",
    "write_file",
]
