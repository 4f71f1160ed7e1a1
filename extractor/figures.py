"""Figures in the narrative (issue 5): every quantity, exact, labelled. Not built yet."""

from __future__ import annotations


def annotate(report, doc) -> None:
    """Set ``report.figures`` and ``report.breakdowns`` (placeholder until issue 5 lands)."""
