"""Which genre a report is (``overall`` | ``project`` | ``unknown``), by its content.

Runs after the other records steps: the title decides when it names the genre
(整体支出 / 项目支出, words in meta.yaml); otherwise the tables found do (a
project funds table → project; income/expense tables → overall); otherwise a
项目名称 in the metadata → project.  Nothing found → unknown.
"""

from __future__ import annotations

import unicodedata

from .. import patterns
from ..model import Document
from ..report import Report

TITLE_BLOCKS = 6
"""Paragraphs and headings read as the title, from the top."""


def _title(doc: Document) -> str:
    texts = [b.text for b in doc.blocks[:TITLE_BLOCKS] if b.kind != "table"]
    return unicodedata.normalize("NFKC", "".join("".join(t.split()) for t in texts))


def classify(doc: Document, report: Report) -> tuple[str, str]:
    """The kind and why."""
    words = patterns.load("meta")["kind"]
    title = _title(doc)
    for kind in ("overall", "project"):
        hit = next((w for w in words[kind] if w in title), None)
        if hit:
            return kind, f"title names «{hit}»"
    if report.tables.project_funds is not None:
        return "project", "a project funds table"
    if report.tables.income is not None or report.tables.expense is not None:
        return "overall", "department income/expense tables"
    if report.meta.project_name:
        return "project", "a 项目名称 in the metadata"
    return "unknown", "neither the title nor the tables name the genre"


def annotate(report: Report, doc: Document) -> None:
    report.kind, why = classify(doc, report)  # type: ignore[assignment]
    report.decisions.append(f"kind: {report.kind} ({why})")
