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

import regex

from .. import patterns
from ..loaders.normalize import key
from ..model import Document


@dataclass(frozen=True)
class Triage:
    is_report: bool
    found: tuple[str, ...]
    needed: int
    han_share: float = 1.0
    min_han_share: float = 0.0

    @property
    def reason(self) -> str:
        if len(self.found) < self.needed:
            shown = "、".join(self.found) if self.found else "none"
            return (
                f"no report vocabulary: {len(self.found)} distinct report term(s) found ({shown}), "
                f"at least {self.needed} needed"
            )
        return (
            f"not Chinese prose: Han characters are {self.han_share:.0%} of the text, "
            f"a report has at least {self.min_han_share:.0%} (data or code, e.g. JSON, YAML, a script?)"
        )


def _settings() -> tuple[tuple[str, ...], int, int, float]:
    data = patterns.load("scan")
    terms = tuple(dict.fromkeys(key(t) for t in data["report_terms"]))
    return (
        terms,
        int(data["min_distinct_terms"]),
        int(data["search_chars"]),
        float(data["min_han_share"]),
    )


_HAN = regex.compile(r"\p{Han}")
_SPACE = regex.compile(r"\s+")


def han_share(text: str) -> float:
    """Share of Han characters among the non-space characters."""
    chars = _SPACE.sub("", text)
    return len(_HAN.findall(chars)) / len(chars) if chars else 0.0


def triage_text(text: str) -> Triage:
    """Decide from a document's text; pure, so the rule is testable on strings."""
    terms, needed, limit, min_share = _settings()
    head = text[:limit]
    haystack = key(head)
    found = tuple(t for t in terms if t in haystack)
    share = han_share(head)
    return Triage(
        is_report=len(found) >= needed and share >= min_share,
        found=found,
        needed=needed,
        han_share=share,
        min_han_share=min_share,
    )


def triage(doc: Document) -> Triage:
    """A document with no text layer is kept (the rules report it as DQ01)."""
    if not doc.source.text_layer and not doc.source.ocr:
        return Triage(is_report=True, found=(), needed=0)
    text = "\n".join(b.text for b in doc.blocks)
    return triage_text(text)
