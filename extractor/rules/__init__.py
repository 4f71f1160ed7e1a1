"""Rules (issue 7): re-score and cross-check the Report. Not built yet."""

from __future__ import annotations


def run(report, select=None, ignore=None) -> list:
    """Findings for the report (placeholder until issue 7 lands)."""
    return []
