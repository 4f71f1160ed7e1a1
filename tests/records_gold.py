"""Compare a Report's records with hand-made gold (``corpus/*.gold.json``).

Measures the issue-6 figures: table-cell precision/recall (table, row, key and
exact Decimal value), score-row F1 on (level1, level3, max, score), metadata
fields right, target F1 (category, sub-category, target and result texts with
whitespace removed).  Used by ``tests/test_records_gold.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from evaluation.gold import DECIMAL_META, META_FIELDS

_WS = re.compile(r"\s+")


def _dec(v: Any) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def _text(v: Any) -> str | None:
    return None if v is None else _WS.sub("", str(v))


@dataclass
class PRF:
    true_pos: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.true_pos / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"P={self.precision:.4f} R={self.recall:.4f} F1={self.f1:.4f} "
            f"({self.true_pos}/{self.predicted} predicted, {self.expected} expected)"
        )


def prf(predicted: Counter, expected: Counter) -> PRF:
    tp = sum((predicted & expected).values())
    return PRF(tp, sum(predicted.values()), sum(expected.values()))


def table_cells(tables: dict[str, Any]) -> Counter:
    """(table, org, key, Decimal) for every cell; the gold lists values as strings."""
    out: Counter = Counter()
    for name, table in tables.items():
        if not table:
            continue
        for row in table["rows"]:
            for k, cell in row["cells"].items():
                value = cell["value"] if isinstance(cell, dict) else cell
                out[(name, _text(row["org"]), k, _dec(value))] += 1
    return out


def table_rows(tables: dict[str, Any]) -> Counter:
    return Counter(
        (name, _text(r["org"]), bool(r["is_summary"]))
        for name, t in tables.items()
        if t
        for r in t["rows"]
    )


def units(tables: dict[str, Any]) -> dict[str, str | None]:
    return {name: (t or {}).get("unit") for name, t in tables.items()}


def score_rows(rows: list[dict]) -> Counter:
    return Counter(
        (_text(r["level1"]), _text(r["level3"]), _dec(r["max"]), _dec(r["score"])) for r in rows
    )


def score_rows_full(rows: list[dict]) -> Counter:
    return Counter(
        (
            _text(r["level1"]),
            _text(r["level2"]),
            _text(r["level3"]),
            _dec(r["max"]),
            _dec(r["score"]),
            _text(r.get("reason")),
            bool(r["shared_with_previous"]),
        )
        for r in rows
    )


def targets(rows: list[dict]) -> Counter:
    return Counter(
        (r["category"], r["subcategory"], _text(r["target"]), _text(r["actual"])) for r in rows
    )


def meta_right(meta: dict, gold: dict) -> tuple[int, int, list[str]]:
    right, wrong = 0, []
    for f in META_FIELDS:
        a, b = meta.get(f), gold.get(f)
        same = _dec(a) == _dec(b) if f in DECIMAL_META else a == b  # exact: the seed's own gold
        if same:
            right += 1
        else:
            wrong.append(f"{f}: {a!r} ≠ gold {b!r}")
    return right, len(META_FIELDS), wrong


@dataclass
class Scores:
    cells: PRF
    rows: PRF
    score_rows: PRF
    score_rows_full: PRF
    targets: PRF
    meta_right: int
    meta_total: int
    meta_wrong: list[str]
    units_wrong: list[str]
    totals_wrong: list[str]
    weights_wrong: list[str]

    @property
    def meta_accuracy(self) -> float:
        return self.meta_right / self.meta_total

    def lines(self, name: str) -> list[str]:
        return [
            f"[{name}] table cells   {self.cells}",
            f"[{name}] table rows    {self.rows}",
            f"[{name}] score rows    {self.score_rows}",
            f"[{name}] score rows (all fields incl. level2, reason, shared) {self.score_rows_full}",
            f"[{name}] targets       {self.targets}",
            f"[{name}] metadata      {self.meta_right}/{self.meta_total} = {self.meta_accuracy:.4f}"
            + (f"  wrong: {self.meta_wrong}" if self.meta_wrong else ""),
            f"[{name}] units/totals/weights wrong: {self.units_wrong + self.totals_wrong + self.weights_wrong}",
        ]


def compare(report: dict, gold: dict) -> Scores:
    """Scores of a Report (as JSON dict) against gold."""
    units_wrong = [
        f"{k}: {v!r} ≠ gold {units(gold['tables'])[k]!r}"
        for k, v in units(report["tables"]).items()
        if v != units(gold["tables"]).get(k)
    ]
    st, gst = report["score_total"], gold["score_total"]
    totals_wrong = [
        f"score_total.{k}: {st.get(k)} ≠ gold {gst[k]}"
        for k in gst
        if _dec(st.get(k)) != _dec(gst[k])
    ]
    want = [
        (w["level1"], _dec(w["weight_stated"]), _dec(w["max_sum"]), _dec(w["score_sum"]))
        for w in gold["level1_weights"]
    ]
    got = [
        (w["level1"], _dec(w["weight_stated"]), _dec(w["max_sum"]), _dec(w["score_sum"]))
        for w in report["level1_weights"]
    ]
    weights_wrong = [] if want == got else [f"level1_weights {got} ≠ gold {want}"]
    right, total, wrong = meta_right(report["meta"], gold["meta"])
    if report["kind"] != gold["kind"]:
        wrong.append(f"kind: {report['kind']} ≠ gold {gold['kind']}")
    return Scores(
        cells=prf(table_cells(report["tables"]), table_cells(gold["tables"])),
        rows=prf(table_rows(report["tables"]), table_rows(gold["tables"])),
        score_rows=prf(score_rows(report["score_rows"]), score_rows(gold["score_rows"])),
        score_rows_full=prf(
            score_rows_full(report["score_rows"]), score_rows_full(gold["score_rows"])
        ),
        targets=prf(targets(report["targets"]), targets(gold["targets"])),
        meta_right=right,
        meta_total=total,
        meta_wrong=wrong,
        units_wrong=units_wrong,
        totals_wrong=totals_wrong,
        weights_wrong=weights_wrong,
    )


RECORD_FIELDS = (
    "kind",
    "meta",
    "tables",
    "score_rows",
    "score_total",
    "level1_weights",
    "level2_weights",
    "subtotals",
    "targets",
    "decisions",
)


def without_pages(obj: Any) -> Any:
    """The records part of a Report with page numbers removed (they differ by format)."""
    if isinstance(obj, dict):
        return {k: without_pages(v) for k, v in obj.items() if k != "page"}
    if isinstance(obj, list):
        return [without_pages(v) for v in obj]
    return obj


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Paths where two JSON values differ (for a readable failure)."""
    if type(a) is not type(b):
        return [f"{path}: {a!r:.80} ≠ {b!r:.80}"]
    if isinstance(a, dict):
        out: list[str] = []
        for k in sorted(set(a) | set(b)):
            out += differences(a.get(k), b.get(k), f"{path}.{k}")
        return out
    if isinstance(a, list):
        out = [f"{path}: {len(a)} items ≠ {len(b)}"] if len(a) != len(b) else []
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out += differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r:.80} ≠ {b!r:.80}"]
