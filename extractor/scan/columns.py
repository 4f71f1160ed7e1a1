"""Column layouts of the scan's tables (Parquet, CSV and the sheets of scan.xlsx), built
from the report contract's models (``report.py``) where the rows are its records.

Decimals are exact strings (see ``outputs.py``); each ``*_dec`` column is the typed twin of
the string column of the same name without the suffix.
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from ..report import Figure, Finding, ScoreRow


def _arrow_type(annotation: Any) -> pa.DataType:
    """Arrow type for a pydantic field: Decimal → exact string, lists/models → JSON text."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _arrow_type(args[0])
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _arrow_type(args[0])
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int64()
    if annotation is Decimal or annotation is str or origin is typing.Literal:
        return pa.string()
    return pa.string()  # lists, dicts, nested models: JSON text


def _is_decimal(annotation: Any) -> bool:
    if annotation is Decimal:
        return True
    return any(_is_decimal(a) for a in typing.get_args(annotation))


def _decimal_names(*models: type[BaseModel]) -> set[str]:
    return {n for m in models for n, f in m.model_fields.items() if _is_decimal(f.annotation)}


def _model_columns(
    model: type[BaseModel], skip: tuple[str, ...] = ()
) -> list[tuple[str, pa.DataType]]:
    return [
        (name, _arrow_type(f.annotation))
        for name, f in model.model_fields.items()
        if name not in skip
    ]


KEY_COLUMNS = [("file", pa.string()), ("sha256", pa.string())]
DEC = pa.decimal128(38, 6)
"""Typed twin of a decimal string column (``value`` → ``value_dec``) for duckdb/polars sums:
exact, or null for a value with more than 6 decimals (never rounded).  The string column
keeps the printed precision (``0.50``), which one column scale cannot."""

FIGURE_COLUMNS = [*KEY_COLUMNS, ("index", pa.int64()), *_model_columns(Figure)]
SCORE_COLUMNS = [*KEY_COLUMNS, ("index", pa.int64()), *_model_columns(ScoreRow)]
TABLE_COLUMNS = [
    *KEY_COLUMNS,
    ("table", pa.string()),
    ("block", pa.int64()),
    ("page", pa.int64()),
    ("unit", pa.string()),
    ("org", pa.string()),
    ("is_summary", pa.bool_()),
    ("row", pa.int64()),
    ("key", pa.string()),
    ("value", pa.string()),
    ("raw", pa.string()),
    ("repaired", pa.bool_()),
    ("value_dec", DEC),
]
REVIEW_COLUMNS = [
    ("review", pa.string()),
    ("review_note", pa.string()),
    ("reviewed_by", pa.string()),
    ("reviewed_at", pa.string()),
]
FINDING_COLUMNS = [
    ("id", pa.string()),
    *KEY_COLUMNS,
    *_model_columns(Finding, skip=("evidence", "id")),
    ("evidence", pa.string()),
    ("evidence_blocks", pa.list_(pa.int64())),
    ("evidence_pages", pa.list_(pa.int64())),
    *REVIEW_COLUMNS,
]
"""findings.csv / findings.parquet / the findings sheet: ``id`` first (the key decisions are
kept under), evidence blocks and pages as lists (``9;51`` in the CSV), the review state last."""
REPORT_COLUMNS = [
    *KEY_COLUMNS,
    ("format", pa.string()),
    ("pages", pa.int64()),
    ("kind", pa.string()),
    ("department", pa.string()),
    ("project_name", pa.string()),
    ("year", pa.string()),
    ("budget_code", pa.string()),
    ("composite_score", pa.string()),
    ("score_total_stated", pa.string()),
    ("score_total_computed", pa.string()),
    ("grade", pa.string()),
    ("errors", pa.int64()),
    ("warnings", pa.int64()),
    ("infos", pa.int64()),
    ("composite_score_dec", DEC),
    ("score_total_stated_dec", DEC),
    ("score_total_computed_dec", DEC),
]
ERROR_COLUMNS = [
    ("path", pa.string()),
    ("sha256", pa.string()),
    ("status", pa.string()),
    ("kind", pa.string()),
    ("problem", pa.string()),
    ("fix", pa.string()),
    ("message", pa.string()),
    ("format", pa.string()),
    ("size", pa.int64()),
]
MANIFEST_COLUMNS = [
    ("path", pa.string()),
    ("sha256", pa.string()),
    ("status", pa.string()),
    ("format", pa.string()),
    ("size", pa.int64()),
    ("pages", pa.int64()),
    ("duplicate_of", pa.string()),
    ("kind", pa.string()),
    ("problem", pa.string()),
    ("seconds", pa.string()),
    ("finished", pa.string()),
]


NUMBER_COLUMNS = _decimal_names(Figure, ScoreRow) | {
    "expected",
    "actual",
    "difference",
    "tolerance",
    "composite_score",
    "score_total_stated",
    "score_total_computed",
    "value",
    "seconds",
}
"""Columns holding decimal strings: numbers in scan.xlsx (exact: the workbook's XML holds the
decimal's own digits), strings in CSV/Parquet.  Finding numbers may be words (``missing``):
only cells that are plain numbers become numbers."""


SHEETS = {
    "reports": REPORT_COLUMNS,
    "findings": FINDING_COLUMNS,
    "figures": FIGURE_COLUMNS,
    "scores": SCORE_COLUMNS,
    "tables": TABLE_COLUMNS,
    "errors": ERROR_COLUMNS,
    "manifest": MANIFEST_COLUMNS,
}
"""The sheets of scan.xlsx, in order, and their columns."""
