"""Records (issue 6): finance tables, scoring table, targets, metadata. Not built yet."""

from __future__ import annotations


def annotate(report, doc) -> None:
    """Fill tables, score rows, targets and meta (placeholder until issue 6 lands)."""
