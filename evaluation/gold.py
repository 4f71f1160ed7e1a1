"""The forms in which a gold value and the tool's value are compared, shared by every gold check.

    gold file / Report JSON ──▶ key · label · dec ──▶ comparison tuples ──▶ counts

Used by the accuracy harness (``evaluation/accuracy.py``), the held-out real-world templates
(``tests/test_realworld.py``) and the seed's records gold (``tests/records_gold.py``, which
compares more strictly and takes only the field lists from here).  What each of them counts
and reports stays in its own module; what a "same value" is lives here once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from extractor.report import Dec, Meta

META_FIELDS = tuple(Meta.model_fields)
"""The metadata fields of the contract, in its order."""
DECIMAL_META = frozenset(n for n, f in Meta.model_fields.items() if f.annotation == Dec | None)
"""Metadata compared as numbers (编制数, 实有人数, 综合得分): 95 = 95.0."""

_WS = re.compile(r"\s+")
_WEIGHT = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]$")


def key(text: Any) -> str:
    """A text with width variants folded (NFKC) and no whitespace; None is empty."""
    return _WS.sub("", unicodedata.normalize("NFKC", "" if text is None else str(text)))


def label(text: Any) -> str:
    """A level-1/2/3 label: no whitespace, no weight suffix (投  入（15分） → 投入)."""
    return _WEIGHT.sub("", key(text))


def dec(v: Any) -> Decimal | None:
    """A number as a Decimal (a ``{"value", "raw"}`` cell gives its value); None where there is none."""
    if isinstance(v, dict):
        v = v.get("value")
    if v is None:
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def same_meta(field: str, gold: Any, got: Any) -> bool:
    return dec(gold) == dec(got) if field in DECIMAL_META else key(gold) == key(got)


def score_key(level1: Any, level2: Any, level3: Any, max_: Any, score: Any) -> tuple[Any, ...]:
    """A score row as (一级, the most specific label, 分值, 得分)."""
    return label(level1), label(level3 or level2 or level1), dec(max_), dec(score)


def weight_key(level1: Any, stated: Any, max_sum: Any, score_sum: Any) -> tuple[Any, ...]:
    """A level-1 weight as (一级, printed weight, Σ 分值, Σ 得分)."""
    return label(level1), dec(stated), dec(max_sum), dec(score_sum)


def tally(c: Counter[str], name: str, gold: Counter[Any], got: Counter[Any]) -> None:
    """Counts for precision and recall: ``name.gold``, ``name.pred`` and ``name.tp`` (the overlap)."""
    c[f"{name}.gold"] += sum(gold.values())
    c[f"{name}.pred"] += sum(got.values())
    c[f"{name}.tp"] += sum((gold & got).values())


# ── findings ──────────────────────────────────────────────────────────────


def finding_text(f: dict[str, Any]) -> str:
    """Everything a finding prints (message, numbers, evidence) in comparison form, no commas."""
    parts = [f.get(k) or "" for k in ("message", "expected", "actual", "difference")]
    parts += [e.get("text") or "" for e in f.get("evidence") or []]
    return key(" ".join(str(p) for p in parts)).replace(",", "")


def has_number(n: str, text: str) -> bool:
    """The number ``n`` is in ``text`` as printed, without commas, or in a plain decimal form."""
    d = dec(n)
    forms = {n, n.replace(",", "")}
    if d is not None:
        forms |= {format(d.normalize(), "f"), format(d, "f")}
    return any(x and x in text for x in forms)


def match_findings(
    expected: list[dict[str, Any]],
    found: list[dict[str, Any]],
    need: Callable[[Iterable[bool]], bool],
) -> tuple[list[tuple[int | None, bool]], list[int]]:
    """Pair each expected finding with a found one of its code, in order, one to one.

    A found finding naming the expected numbers is preferred (``need`` is ``any`` or ``all`` of
    them).  Returns, per expected finding, (the found one's index or None, whether it names the
    numbers), and the indices of the found findings left over.
    """
    free = list(range(len(found)))
    texts = [finding_text(f) for f in found]
    picks: list[tuple[int | None, bool]] = []
    for e in expected:
        numbers = e.get("numbers", [])
        same = [i for i in free if found[i]["code"] == e["code"]]
        named = [i for i in same if not numbers or need(has_number(n, texts[i]) for n in numbers)]
        pick = (named or same or [None])[0]
        if pick is not None:
            free.remove(pick)
        picks.append((pick, bool(named)))
    return picks, free
