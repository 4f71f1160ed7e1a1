"""Scan triage: is a loaded document a report at all?

folder ──discover──▶ files ──load──▶ Document ──**triage**──▶ extract ──▶ check

Runs in the worker right after loading, before extraction: a document whose
text carries too little of the report vocabulary (``patterns/scan.yaml``) is
listed as "not a report" with the terms it had, instead of producing an empty
Report.  Format is already settled by ``extractor.loaders.sniff`` (images,
spreadsheets and archives never reach this point).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import patterns
from ..loaders.normalize import key
from ..model import Document


@dataclass(frozen=True)
class Triage:
    is_report: bool
    found: tuple[str, ...]
    needed: int

    @property
    def reason(self) -> str:
        shown = "、".join(self.found) if self.found else "none"
        return (
            f"no report vocabulary: {len(self.found)} distinct report term(s) found ({shown}), "
            f"at least {self.needed} needed"
        )


def _settings() -> tuple[tuple[str, ...], int, int]:
    data = patterns.load("scan")
    terms = tuple(dict.fromkeys(key(t) for t in data["report_terms"]))
    return terms, int(data["min_distinct_terms"]), int(data["search_chars"])


def triage_text(text: str) -> Triage:
    """Decide from a document's text; pure, so the rule is testable on strings."""
    terms, needed, limit = _settings()
    haystack = key(text[:limit])
    found = tuple(t for t in terms if t in haystack)
    return Triage(is_report=len(found) >= needed, found=found, needed=needed)


def triage(doc: Document) -> Triage:
    """A document with no text layer is kept (the rules report it as DQ01)."""
    if not doc.source.text_layer:
        return Triage(is_report=True, found=(), needed=0)
    text = "\n".join(b.text for b in doc.blocks)
    return triage_text(text)
