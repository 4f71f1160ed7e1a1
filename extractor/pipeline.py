"""The pipeline in one screen: file → Document → Report → findings.

``read`` loads and extracts; ``check`` also runs the rules.  Extraction
stages annotate the same Report in order; each is ``annotate(report, doc)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .loaders import load
from .model import Document
from .report import Report


def _stages():
    from . import figures
    from .records import annotate as records
    from .records import links

    # records first: figures and breakdowns may use the sections it finds; links last: they
    # read the figures (year-over-year sentences, counted lists, amounts → statement cells)
    return (records, figures.annotate, links.annotate)


def extract(doc: Document) -> Report:
    """Annotate a loaded Document into a Report (no rules run)."""
    # not validated: the Source is the loader's, the rest are defaults — and validating would
    # build the Report's validator, every model of the contract (issue 18)
    report = Report.bare(doc.source).attach(doc)
    for stage in _stages():
        stage(report, doc)
    return report


def read(path: str | Path) -> Report:
    """Load and extract one file; raises ``ExtractorError`` if it cannot be read."""
    return extract(load(path))


def check(
    target: str | Path | Report,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> Report:
    """Extract (if given a path) and run the rules; findings are set on the Report."""
    from .rules import run

    report = target if isinstance(target, Report) else read(target)
    report.findings = run(report, select=select, ignore=ignore)
    return report
