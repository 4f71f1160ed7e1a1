"""One pydantic model per file of ``patterns/``: what each YAML file may hold (issue 19).

``patterns.load_model(name)`` validates the parsed file with ``MODELS[name]`` (once per
process) and reports the first key that does not fit (a misspelt key, a word list where a
number belongs, a regular expression that does not compile) as a ``PatternError`` naming the
file and the key path; ``patterns.check_file(path)`` does the same for a copy being edited.
``patterns.load(name)`` still returns the plain parsed data, unvalidated: the models take
longer to build than a ``check`` may spend starting up, so tests/test_pattern_models.py
validates every file instead.

Conventions: every model forbids keys it does not name (a misspelt key fails), unless the keys
are themselves data (the units of ``scales``, the column keys of a table in ``columns``…),
which are dicts.  A key the code reads with a default is optional here with the same default; a key it
indexes is required.  ``Regex`` fields compile when validated; ``Regex1`` must also have the
capture group the code reads.  This module imports nothing of the package but the
report's vocabulary (``report.py``), so ``patterns`` can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ._base import FinanceTable, Measure, MetaField, Regex, Regex1, UnitKind  # noqa: F401

if TYPE_CHECKING:  # the names below, for type checkers; at run time ``__getattr__``
    from .documents import (  # noqa: F401
        BalancedTotals,
        Breakdowns,
        Changes,
        Characters,
        Checks,
        ClassItems,
        Columns,
        Completion,
        CountLists,
        DeclaredParts,
        DeclaredRelation,
        FinanceChecks,
        FinanceRelation,
        GradeBand,
        Grades,
        GradeTemplate,
        Labels,
        Links,
        MetaPatterns,
        Narrative,
        NarrativeAmount,
        NarrativeRate,
        Nonfigures,
        PrintedGrades,
        ProjectFundsChecks,
        QualityChecks,
        Repeats,
        RequiredPart,
        ScoringChecks,
        ScoringClause,
        Shape,
        Similarity,
        StatementLink,
        StatementLinks,
        Synonyms,
        TableColumns,
    )
    from .kinds import (  # noqa: F401
        KindRule,
        Kinds,
    )
    from .numbers_tables import (  # noqa: F401
        Band,
        ByBands,
        ByLimit,
        FromText,
        Lone,
        Negative,
        Numbering,
        NumberMarker,
        Numerals,
        Pdf,
        PerOnlyUnit,
        PrintedBands,
        PrintedPoints,
        Proportional,
        Scan,
        Sections,
        ShareBounds,
        Standard,
        Standards,
        Unit,
        UnitNorm,
        Units,
        Unruled,
        WordNumber,
    )
    from .statements_tables import (  # noqa: F401
        CrossIdentity,
        EmbeddedForms,
        FundsPoints,
        LostSpan,
        RowPatterns,
        ScoreRowPatterns,
        SideRelation,
        StatementRelation,
        Statements,
        StatementSchema,
        TableKindRule,
        Tables,
        TableUnits,
        TargetPatterns,
        Widened,
    )

_MODULE_OF: dict[str, str] = {
    "BalancedTotals": "documents",
    "Band": "numbers_tables",
    "Breakdowns": "documents",
    "ByBands": "numbers_tables",
    "ByLimit": "numbers_tables",
    "Changes": "documents",
    "Characters": "documents",
    "Checks": "documents",
    "ClassItems": "documents",
    "Columns": "documents",
    "Completion": "documents",
    "CountLists": "documents",
    "CrossIdentity": "statements_tables",
    "DeclaredParts": "documents",
    "DeclaredRelation": "documents",
    "EmbeddedForms": "statements_tables",
    "FinanceChecks": "documents",
    "FinanceRelation": "documents",
    "FromText": "numbers_tables",
    "FundsPoints": "statements_tables",
    "GradeBand": "documents",
    "Grades": "documents",
    "GradeTemplate": "documents",
    "KindRule": "kinds",
    "Kinds": "kinds",
    "Labels": "documents",
    "Links": "documents",
    "Lone": "numbers_tables",
    "LostSpan": "statements_tables",
    "MetaPatterns": "documents",
    "Narrative": "documents",
    "NarrativeAmount": "documents",
    "NarrativeRate": "documents",
    "Negative": "numbers_tables",
    "Nonfigures": "documents",
    "Numbering": "numbers_tables",
    "NumberMarker": "numbers_tables",
    "Numerals": "numbers_tables",
    "Pdf": "numbers_tables",
    "PerOnlyUnit": "numbers_tables",
    "PrintedBands": "numbers_tables",
    "PrintedGrades": "documents",
    "PrintedPoints": "numbers_tables",
    "ProjectFundsChecks": "documents",
    "Proportional": "numbers_tables",
    "QualityChecks": "documents",
    "Repeats": "documents",
    "RequiredPart": "documents",
    "RowPatterns": "statements_tables",
    "Scan": "numbers_tables",
    "ScoreRowPatterns": "statements_tables",
    "ScoringChecks": "documents",
    "ScoringClause": "documents",
    "Sections": "numbers_tables",
    "Shape": "documents",
    "ShareBounds": "numbers_tables",
    "SideRelation": "statements_tables",
    "Similarity": "documents",
    "Standard": "numbers_tables",
    "Standards": "numbers_tables",
    "StatementLink": "documents",
    "StatementLinks": "documents",
    "StatementRelation": "statements_tables",
    "Statements": "statements_tables",
    "StatementSchema": "statements_tables",
    "Synonyms": "documents",
    "TableColumns": "documents",
    "TableKindRule": "statements_tables",
    "Tables": "statements_tables",
    "TableUnits": "statements_tables",
    "TargetPatterns": "statements_tables",
    "Unit": "numbers_tables",
    "UnitNorm": "numbers_tables",
    "Units": "numbers_tables",
    "Unruled": "numbers_tables",
    "Widened": "statements_tables",
    "WordNumber": "numbers_tables",
}
"""Where each model is defined: a module is imported when one of its models is first asked
for (a ``check`` validates three files; building all eighty models took 45 ms of its start,
issue 18)."""


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})


# ── the registry ────────────────────────────────────────────────────────────

_MODEL_OF: dict[str, str] = {
    "breakdowns": "Breakdowns",
    "characters": "Characters",
    "checks": "Checks",
    "columns": "Columns",
    "grades": "Grades",
    "kinds": "Kinds",
    "labels": "Labels",
    "links": "Links",
    "meta": "MetaPatterns",
    "narrative": "Narrative",
    "nonfigures": "Nonfigures",
    "numerals": "Numerals",
    "pdf": "Pdf",
    "scan": "Scan",
    "sections": "Sections",
    "standards": "Standards",
    "statements": "Statements",
    "tables": "Tables",
    "units": "Units",
}


class _Models(Mapping[str, type[BaseModel]]):
    """File stem → its model, each imported when asked for."""

    def __getitem__(self, stem: str) -> type[BaseModel]:
        model: type[BaseModel] = __getattr__(_MODEL_OF[stem])
        return model

    def __iter__(self) -> Iterator[str]:
        return iter(_MODEL_OF)

    def __len__(self) -> int:
        return len(_MODEL_OF)

    def __repr__(self) -> str:
        return f"MODELS({sorted(_MODEL_OF)})"


MODELS: Mapping[str, type[BaseModel]] = _Models()
"""The model of each file of ``patterns/``, by its stem."""
