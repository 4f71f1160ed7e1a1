"""The finding codes the generator injects, with their severities from the checker's registry.

Which codes are injected, and how often, is the generator's choice (the tuples below; their
order is the deck the schedule shuffles).  What each code's severity is belongs to the checker:
``SEVERITY`` is read from ``extractor.rules`` (what ``extractor rules`` lists), so the gold's
``severity`` and ``clean`` cannot drift from the rules; ``disagreements()`` says where the split
into error and warning codes below no longer matches the registry (a test keeps it empty).
"""

from __future__ import annotations

from extractor.rules import all_rules
from extractor.rules.registry import ROUNDING_CODE

ERROR_CODES = (
    "SC01",
    "SC02",
    "SC03",
    "SC04",
    "SC06",
    "SC07",
    "SC08",
    "FN01",
    "FN02",
    "FN03",
    "FN04",
    "FN05",
    "FN06",
    "FN07",
    "NR01",
    "NR02",
    "DQ01",
)
"""The error-level codes the generator injects; each is injected somewhere in a corpus of ≥ 40."""
WARNING_CODES = ("SC05", "SC09", "SC10", "NR03", "NR04", "DQ02", "DQ03")
"""Warning/info codes the generator can also inject (recall is measured for them too)."""


def registry_severities() -> dict[str, str]:
    """Code → severity of every rule of the checker (``extractor rules``)."""
    return {r.code: r.severity for r in all_rules()}


def _severities(codes: tuple[str, ...]) -> dict[str, str]:
    registry = registry_severities()
    missing = [c for c in codes if c not in registry]
    if missing:
        raise LookupError(f"the generator injects codes the checker does not know: {missing}")
    return {c: registry[c] for c in codes}


SEVERITY: dict[str, str] = _severities((*ERROR_CODES, *WARNING_CODES, ROUNDING_CODE))
"""Severity of every code a gold file can expect (the injected ones and FN90), from the registry."""


def disagreements() -> list[str]:
    """Where ``ERROR_CODES``/``WARNING_CODES`` disagree with the registry's severities."""
    out = [
        f"{c} is injected as an error but the registry says {SEVERITY[c]}"
        for c in ERROR_CODES
        if SEVERITY[c] != "error"
    ]
    out += [
        f"{c} is injected as a warning/info but the registry says error"
        for c in WARNING_CODES
        if SEVERITY[c] == "error"
    ]
    return out


CLEAN_SHARE = 0.2
"""Share of reports with no error-level injection (false alarms are measured on them)."""
ROUNDING_SHARE = 0.35
"""Share of reports whose totals differ from their parts by one unit of the last digit (FN90 only)."""
WARNING_SHARE = 0.5
"""Share of reports that also get one warning/info injection."""

DERIVED_CODES = {"SC01", "SC02", "SC03", "SC06", "SC07", "SC08"}
"""Injections into values stated from the scores; applied after those that change scores."""

CONFLICTS: list[set[str]] = [
    {"SC01", "SC02", "SC03", "SC04", "SC08"},  # all move totals or weights
    {"SC01", "SC06", "SC07"},
    {"SC05", "SC09"},
    {"FN02", "FN03"},
]
"""Codes that never go into the same report (their effects would overlap)."""

GENRE_ONLY = {
    "FN01": "overall",
    "FN02": "overall",
    "FN03": "overall",
    "FN04": "overall",
    "FN05": "overall",
    "FN06": "overall",
    "SC03": "overall",
    "DQ02": "overall",
    "NR04": "overall",
    "FN07": "project",
}
"""Codes that only one genre can carry."""
