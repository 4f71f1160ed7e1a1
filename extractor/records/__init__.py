"""Records (issue 6): finance tables, the scoring table, targets and metadata.

The records stage of ``pipeline.extract``, in one screen:

    Document
      → kind.from_title       a first reading of what the document is (決算, 预算, 自评…)
      → statements.annotate   report.statements: 决算/预算 disclosure tables matched to
                              the schemas of patterns/statements.yaml, keyed
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
      → group_totals.annotate report.group_totals: in tables no reader took, a header
                              group closed by its own 总计 column
      → numbered_rows.annotate report.row_sums: in tables no reader took, items numbered
                              一、二 over 1, 2 (and a 合计 over them)
      → forms.annotate        report.forms: project forms printed inside a longer
                              document, each read on its own

Every choice the stage makes where the document is silent goes to
``report.decisions``.
"""

from __future__ import annotations

from ..model import Document
from ..report import Report
from . import (
    finance,
    forms,
    group_totals,
    kind,
    meta,
    numbered_rows,
    scoring,
    statements,
    tables,
    targets,
)

SELF_EVALUATION_TABLES = ("income", "expense", "sangong", "assets")
"""The self-evaluation report's own finance tables: never read from a 决算 or 预算."""


def annotate(report: Report, doc: Document) -> None:
    """Fill statements, tables, score rows, targets, meta and kind on ``report``."""
    first = kind.from_title(doc)
    if first is not None:
        report.kind = first[0]  # type: ignore[assignment]
    before = len(report.decisions)
    statements.annotate(report, doc)
    if first is None and (by_tables := kind.from_statements(report)) is not None:
        # tables only, no title: the tables surely recognised say 决算 or 预算, and with
        # that known the others are read again (a title alone matches a 预算's table, a
        # 一般公共预算支出表 printing only 金额, as it does in a document titled 部门预算)
        report.kind = by_tables[0]  # type: ignore[assignment]
        del report.statements[:], report.decisions[before:]
        statements.annotate(report, doc)
    read = {s.block for s in report.statements if s.block is not None}
    regions = [g for g in tables.find_regions(doc) if g.block.index not in read]
    finance.annotate(report, doc, regions)
    if report.kind in ("final_accounts", "budget"):
        for name in SELF_EVALUATION_TABLES:
            if getattr(report.tables, name) is not None:
                setattr(report.tables, name, None)
                report.decisions.append(
                    f"tables.{name}: not read — a {report.kind} has no self-evaluation "
                    "income/expense tables (its tables are statements)"
                )
    scoring.annotate(report, doc, regions)
    targets.annotate(report, doc, regions)
    meta.annotate(report, doc, regions)
    scoring.total_from_form(report, doc)
    kind.annotate(report, doc)
    # tables no reader took: only a group closed by its own 总计 column is read
    taken = (
        read
        | {r.block.index for r in regions}
        | {row.block for st in report.statements for row in st.rows if row.block is not None}
    )
    group_totals.annotate(report, doc, taken)
    numbered_rows.annotate(report, doc, taken)
    forms.annotate(report, doc)
