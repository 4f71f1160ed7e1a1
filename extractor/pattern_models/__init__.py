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

from pydantic import BaseModel

from ._base import FinanceTable, Measure, MetaField, Regex, Regex1, UnitKind  # noqa: F401
from .documents import (  # noqa: F401 - every model importable from the package
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
    KindRule,
    Kinds,
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
from .numbers_tables import (  # noqa: F401
    Band,
    ByBands,
    ByLimit,
    CrossIdentity,
    EmbeddedForms,
    FromText,
    FundsPoints,
    Lone,
    LostSpan,
    Negative,
    Numbering,
    NumberMarker,
    Numerals,
    Pdf,
    PerOnlyUnit,
    PrintedBands,
    PrintedPoints,
    Proportional,
    RowPatterns,
    Scan,
    ScoreRowPatterns,
    Sections,
    ShareBounds,
    SideRelation,
    Standard,
    Standards,
    StatementRelation,
    Statements,
    StatementSchema,
    TableKindRule,
    Tables,
    TableUnits,
    TargetPatterns,
    Unit,
    UnitNorm,
    Units,
    Unruled,
    Widened,
    WordNumber,
)

# ── the registry ────────────────────────────────────────────────────────────

MODELS: dict[str, type[BaseModel]] = {
    "breakdowns": Breakdowns,
    "characters": Characters,
    "checks": Checks,
    "columns": Columns,
    "grades": Grades,
    "kinds": Kinds,
    "labels": Labels,
    "links": Links,
    "meta": MetaPatterns,
    "narrative": Narrative,
    "nonfigures": Nonfigures,
    "numerals": Numerals,
    "pdf": Pdf,
    "scan": Scan,
    "sections": Sections,
    "standards": Standards,
    "statements": Statements,
    "tables": Tables,
    "units": Units,
}
"""The model of each file of ``patterns/``, by its stem."""
