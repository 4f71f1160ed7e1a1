"""Building blocks of the pattern models: compiled regexes, word lists, the vocabularies."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StringConstraints,
)

# ── building blocks ─────────────────────────────────────────────────────────


class Data(BaseModel):
    """A mapping whose keys are a fixed set: an unknown key is an error.  A model's validator
    is built when it first validates (only the files a process reads cost anything)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _compiled(pattern: str, groups: int = 0) -> str:
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc}): {pattern!r}") from exc
    if rx.groups < groups:
        raise ValueError(
            f"the regular expression needs {groups} capture group(s), it has {rx.groups}: "
            f"{pattern!r}"
        )
    return pattern


def _one_group(pattern: str) -> str:
    return _compiled(pattern, 1)


Regex = Annotated[str, AfterValidator(_compiled)]
"""A regular expression (Python ``re``), compiled when the file is validated."""
Regex1 = Annotated[str, AfterValidator(_one_group)]
"""A regular expression whose first capture group the code reads."""
Text = Annotated[str, StringConstraints(min_length=1)]
"""A word or phrase (never empty)."""
Char = Annotated[str, StringConstraints(min_length=1, max_length=1)]
Words = tuple[str, ...]
"""A list of words; an entry may be empty only where the data says so (an empty 扣分原因)."""
Regexes = tuple[Regex, ...]
Score = Decimal
"""Points and other exact amounts (read as ``Decimal(str(value))`` by the rules)."""

UnitKind = Literal[
    "money",
    "percent",
    "percent_point",
    "count",
    "time",
    "length",
    "area",
    "volume",
    "weight",
    "power",
    "energy",
    "voltage",
    "temperature",
    "score",
    "ratio",
]
"""What a unit measures (units.yaml ``kind``)."""
FinanceTable = Literal["income", "expense", "sangong", "assets", "project_funds"]
"""The finance tables of the contract (``Report.tables``)."""
TableKind = Literal["income", "expense", "sangong", "assets", "project_funds", "score", "targets"]
"""Every kind of table the records stage reads (columns.yaml, tables.yaml)."""
MetaField = Literal[
    "department",
    "budget_code",
    "report_date",
    "contact",
    "phone",
    "staff_quota",
    "staff_actual",
    "project_name",
    "composite_score",
    "grade",
]
"""Fields of ``Report.meta`` read from labels (all but ``year``, read from the title)."""
Measure = Literal[
    "staff_control_rate",
    "sangong_change",
    "balance",
    "budget_adjustment_rate",
    "satisfaction",
    "execution_rate",
]
"""What a mechanical standard computes (``rules.rescoring.MEASURES``)."""


def reject_unknown(names: Iterable[str], known: Iterable[str], what: str) -> None:
    extra = sorted(set(names) - set(known))
    if extra:
        raise ValueError(f"{what} not known: {', '.join(map(str, extra))}")
