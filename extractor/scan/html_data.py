"""What ``summary.html`` tabulates: each report's row, score and slimmed findings,
collected in the outputs' single pass (no report kept whole)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

FINDING_FIELDS = (
    "id",
    "code",
    "severity",
    "message",
    "expected",
    "actual",
    "difference",
    "tolerance",
)
"""A finding's own fields, in the order the page and its data show them."""

MAX_EVIDENCE_CHARS = 400
PAGED_FORMATS = frozenset({"pdf"})
"""Formats whose page numbers are the source's own; a link may point to ``file#page=N``."""


@dataclass
class Summary:
    """What the page needs, collected in the outputs' single pass (no report kept whole)."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)
    decisions: dict[str, Any] = field(default_factory=dict)
    """Review decisions by finding id (``extractor.review.Decision``), shown as each row's state."""
    base: Path | None = None
    """The folder the page is written to: links to source files are relative to it."""

    def add_report(self, path: str, report: dict[str, Any], row: dict[str, Any]) -> None:
        score, source = score_of(report)
        paged = (report.get("source") or {}).get("format") in PAGED_FORMATS
        self.reports.append(
            {
                **row,
                "path": path,
                "score": score,
                "score_source": source,
                "paged": paged,
                "findings": [_slim(f, paged) for f in report.get("findings", [])],
            }
        )

    def add_problem(self, f: dict[str, Any]) -> None:
        self.problems.append(f)

    def add_duplicate(self, f: dict[str, Any]) -> None:
        self.duplicates.append(f)

    def add_pending(self, f: dict[str, Any]) -> None:
        self.pending.append(f)


def _slim(f: dict[str, Any], paged: bool = True) -> dict[str, Any]:
    ev = [
        {
            "block": e.get("block"),
            "page": e.get("page") if paged else None,  # no page numbers a format does not have
            "text": (e.get("text") or "")[:MAX_EVIDENCE_CHARS],
        }
        for e in f.get("evidence") or []
    ]
    keep = (*FINDING_FIELDS, "name", "basis")
    return {**{k: f.get(k) for k in keep}, "evidence": ev}


def score_of(report: dict[str, Any]) -> tuple[Decimal | None, str | None]:
    """The report's overall score: the 评分表's stated total, else 综合得分, else the computed total."""
    total = report.get("score_total") or {}
    meta = report.get("meta") or {}
    for value, source in (
        (total.get("stated"), "评分表 总分 (stated)"),
        (meta.get("composite_score"), "综合得分"),
        (total.get("computed"), "评分表 (computed)"),
    ):
        if value is not None:
            try:
                return Decimal(str(value)), source
            except InvalidOperation:
                continue
    return None, None
