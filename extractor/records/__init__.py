"""Records (issue 6): finance tables, the scoring table, targets and metadata.

The records stage of ``pipeline.extract``, in one screen:

    Document
      → tables.find_regions   which rows of which table are income, expense,
                              三公, assets, project funds, scoring or targets
                              (by their headers; multi-row headers rebuilt;
                              units from captions)
      → finance.annotate      report.tables (rows, exact cells, 汇总 row, repairs,
                              units inherited from sibling tables — recorded)
      → scoring.annotate      report.score_rows, score_total, subtotals, weights
      → targets.annotate      report.targets
      → meta.annotate         report.meta
      → scoring.total_from_form  a form's 自评总分 as its stated total (no 总分 row)
      → kind.annotate         report.kind

Every choice the stage makes where the document is silent goes to
``report.decisions``.
"""

from __future__ import annotations

from ..model import Document
from ..report import Report
from . import finance, kind, meta, scoring, tables, targets


def annotate(report: Report, doc: Document) -> None:
    """Fill tables, score rows, targets, meta and kind on ``report``."""
    regions = tables.find_regions(doc)
    finance.annotate(report, doc, regions)
    scoring.annotate(report, doc, regions)
    targets.annotate(report, doc, regions)
    meta.annotate(report, doc, regions)
    scoring.total_from_form(report, doc)
    kind.annotate(report, doc)
