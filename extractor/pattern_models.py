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

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    model_validator,
)

from .report import Kind

# ── building blocks ─────────────────────────────────────────────────────────


class _Data(BaseModel):
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


def _unknown(names: Iterable[str], known: Iterable[str], what: str) -> None:
    extra = sorted(set(names) - set(known))
    if extra:
        raise ValueError(f"{what} not known: {', '.join(map(str, extra))}")


# ── breakdowns.yaml ─────────────────────────────────────────────────────────


class Breakdowns(_Data):
    markers: tuple[Text, ...] = Field(min_length=1)
    max_gap: NonNegativeInt
    max_skipped: NonNegativeInt = 0
    comparisons: Regexes = ()
    sentence_end: Text
    """Characters that end a sentence."""
    list_end: Text
    stop_words: tuple[Text, ...]
    stop_word_exempt: tuple[Text, ...] = ()
    nonadditive_kinds: tuple[UnitKind, ...]


# ── characters.yaml ─────────────────────────────────────────────────────────


class Characters(_Data):
    radicals_supplement: dict[Char, Char]
    invisible: tuple[Char, ...]
    spaces: tuple[Char, ...]


# ── checks.yaml ─────────────────────────────────────────────────────────────


class FinanceRelation(_Data):
    code: Annotated[str, StringConstraints(pattern=r"^FN\d\d$")]
    table: FinanceTable
    total: Text
    parts: tuple[Text, ...] = Field(min_length=1)


class ProjectFundsChecks(_Data):
    total_row: tuple[Text, ...]
    source_rows: dict[str, tuple[Text, ...]]
    spending_rows: dict[str, tuple[Text, ...]]
    amount_keys: tuple[Text, ...]
    rate_of: Text
    rate_over: tuple[Text, ...] = Field(min_length=1)


class FinanceChecks(_Data):
    relations: tuple[FinanceRelation, ...]
    tables: dict[FinanceTable, Text]
    """The name of each table in messages."""
    columns: dict[FinanceTable, dict[str, Text]]
    """The name of each column key in messages."""
    summable: dict[FinanceTable, tuple[Text, ...]]
    project_funds: ProjectFundsChecks

    @model_validator(mode="after")
    def _columns_named(self) -> FinanceChecks:
        for r in self.relations:
            _unknown({r.total, *r.parts}, self.columns.get(r.table, {}), f"{r.code}: columns")
        for table, keys in self.summable.items():
            _unknown(keys, self.columns.get(table, {}), f"summable.{table}: columns")
        pf = self.project_funds
        named = self.columns.get("project_funds", {})
        _unknown({*pf.amount_keys, pf.rate_of, *pf.rate_over}, named, "project_funds: columns")
        return self


class ScoringChecks(_Data):
    empty_reasons: Words
    full_marks: Score


class RequiredPart(_Data):
    field: Text
    """A path into the Report (``tables.income``, ``score_total.stated``)."""
    name: Text
    look_for: tuple[Text, ...] = ()
    when_printed: bool = False
    with_: tuple[Text, ...] = Field(default=(), alias="with")
    columns: tuple[Text, ...] = ()
    needs: tuple[Text, ...] = ()
    found: Text | None = None


class QualityChecks(_Data):
    template_text: Regexes = ()
    required: dict[Kind, tuple[RequiredPart, ...]]


class Checks(_Data):
    finance: FinanceChecks
    scoring: ScoringChecks
    quality: QualityChecks


# ── columns.yaml ────────────────────────────────────────────────────────────


class Synonyms(_Data):
    exact: tuple[Text, ...] = ()
    contains: tuple[Text, ...] = ()
    keys: tuple[Text, ...] | None = None
    """The column keys a header spanning several columns names (default: the entry's own)."""

    @model_validator(mode="after")
    def _some(self) -> Synonyms:
        if not self.exact and not self.contains:
            raise ValueError("neither `exact` nor `contains` synonyms")
        return self


ColumnSynonyms = dict[str, Synonyms]


class Columns(_Data):
    generic: tuple[Text, ...]
    income: ColumnSynonyms
    expense: ColumnSynonyms
    sangong: ColumnSynonyms
    assets: ColumnSynonyms
    project_funds: ColumnSynonyms
    score: ColumnSynonyms
    targets: ColumnSynonyms


# ── grades.yaml ─────────────────────────────────────────────────────────────


class GradeBand(_Data):
    min: Score
    names: tuple[Text, ...] = Field(min_length=1)


class GradeTemplate(_Data):
    id: Text
    source: str | None = None
    kinds: tuple[Kind, ...] = ()
    bands: tuple[GradeBand, ...] = Field(min_length=1)


class PrintedGrades(_Data):
    cue: tuple[Text, ...] = ()
    below: tuple[Text, ...] = ()
    min_bands: PositiveInt = 3
    min_top: Score = Decimal(60)
    names: tuple[Text, ...] = ()


class Grades(_Data):
    templates: tuple[GradeTemplate, ...]
    strip: tuple[Text, ...] = ()
    printed: PrintedGrades = PrintedGrades()

    @model_validator(mode="after")
    def _has_default(self) -> Grades:
        if not any(t.id == "default" for t in self.templates):
            raise ValueError("no template with id `default` (the one used when no other applies)")
        return self


# ── kinds.yaml ──────────────────────────────────────────────────────────────


class KindRule(_Data):
    kind: Kind
    title: Regexes = Field(min_length=1)
    override: bool = False


class Kinds(_Data):
    title_chars: PositiveInt
    min_finance_terms: NonNegativeInt
    kinds: tuple[KindRule, ...]
    body: dict[Kind, tuple[Text, ...]]
    finance_terms: tuple[Text, ...]


# ── labels.yaml ─────────────────────────────────────────────────────────────


class Labels(_Data):
    max_chars: PositiveInt
    after_max_chars: PositiveInt
    share_markers: tuple[Text, ...] = ()
    share_max_chars: PositiveInt | None = None
    """Default: ``max_chars``."""
    boundaries: Text
    """Characters that end a clause."""
    strip_chars: Text
    lead_stop: tuple[Text, ...]
    trail_stop: tuple[Text, ...]
    light_verbs: tuple[Text, ...]
    after_stop: tuple[Text, ...]
    after_stop_tags: tuple[Text, ...]
    """jieba part-of-speech tags."""
    introducers: tuple[Text, ...]
    noun_tags: tuple[Text, ...]
    modifier_tags: tuple[Text, ...]


# ── links.yaml ──────────────────────────────────────────────────────────────


class Changes(_Data):
    marker: Regex
    up: tuple[Text, ...]
    down: tuple[Text, ...]
    flat: tuple[Text, ...]
    not_rate_after: tuple[Text, ...]
    max_gap_current: NonNegativeInt
    max_gap_direction: NonNegativeInt
    max_gap_value: NonNegativeInt
    money_units: dict[Text, PositiveInt]


class CountLists(_Data):
    count_units: tuple[Text, ...]
    markers: tuple[Text, ...] = Field(min_length=1)
    max_gap: NonNegativeInt
    separators: Regex
    incomplete: Regexes
    max_item_chars: PositiveInt


StatementRef = Annotated[
    str, StringConstraints(pattern=r"^[a-z_]+(?:\.(?:income|expense))?\|[a-z_]+\|(?:\*|[a-z_.]+)$")
]
"""``<schema>[.<side>]|<row key>|<column key>`` (without the fa_/bu_ prefix)."""


class StatementLink(_Data):
    labels: tuple[Text, ...] = Field(min_length=1)
    ref: StatementRef
    also: tuple[StatementRef, ...] = ()


class StatementLinks(_Data):
    other_period: dict[Literal[Kind, "all"], Regexes]
    """``all`` in every document, else per kind (``final_accounts`` when the kind has none)."""
    fund_scopes: tuple[Text, ...] = ()
    department_wide: tuple[Text, ...] = ()
    links: tuple[StatementLink, ...]

    @model_validator(mode="after")
    def _fallbacks(self) -> StatementLinks:
        for needed in ("all", "final_accounts"):
            if needed not in self.other_period:
                raise ValueError(f"other_period: `{needed}` is required")
        return self


class Repeats(_Data):
    min_chars: PositiveInt
    names: tuple[Text, ...]
    drop: Regexes


class ClassItems(_Data):
    pattern: Regex
    tables: tuple[Text, ...]
    max_gap: NonNegativeInt
    item_pattern: Regex
    item_break: Regex
    restated_in_item: dict[Literal["final_accounts", "budget"], Regex]

    @model_validator(mode="after")
    def _named_groups(self) -> ClassItems:
        for name in ("pattern", "item_pattern"):
            groups = set(re.compile(getattr(self, name)).groupindex)
            if missing := {"lei", "kuan", "xiang"} - groups:
                raise ValueError(f"{name}: named groups missing: {', '.join(sorted(missing))}")
        return self


BudgetName = Literal["initial", "full_year", "budget"]
"""The budgets of a completion sentence (``Completion.named``)."""


class Completion(_Data):
    rate: Regex
    actual: Regex
    bases: dict[BudgetName, Regex]
    named: dict[BudgetName, Regex]


class BalancedTotals(_Data):
    pair: Regex
    income: Regex
    expense: Regex
    not_before: Regex
    max_gap: NonNegativeInt


class DeclaredRelation(_Data):
    label: Text
    total: Regex
    parts: Regexes = Field(min_length=1)
    window: NonNegativeInt = 1


class DeclaredParts(_Data):
    max_gap: NonNegativeInt = 3
    relations: tuple[DeclaredRelation, ...] = ()


class Links(_Data):
    changes: Changes
    count_lists: CountLists
    statement_links: StatementLinks
    repeats: Repeats
    class_items: ClassItems
    completion: Completion
    balanced_totals: BalancedTotals
    declared_parts: DeclaredParts = DeclaredParts()


# ── meta.yaml ───────────────────────────────────────────────────────────────


class MetaPatterns(_Data):
    labels: dict[MetaField, tuple[Text, ...]]
    other_labels: tuple[Text, ...]
    numeric: tuple[MetaField, ...]
    narrative: dict[MetaField, tuple[Regex1, ...]]
    narrative_paragraphs_only: tuple[MetaField, ...] = ()
    title_blocks: PositiveInt
    year: tuple[Regex1, ...] = Field(min_length=1)
    dates: tuple[Regex, ...]
    date_numerals: dict[Char, NonNegativeInt]
    phone: Regex
    kind: dict[str, tuple[Text, ...]] | None = None
    """Not read (the kind is decided by kinds.yaml); kept for the record."""

    @model_validator(mode="after")
    def _dates(self) -> MetaPatterns:
        for p in self.dates:
            if re.compile(p).groups != 3:
                raise ValueError(f"dates: needs 3 groups (year, month, day): {p!r}")
        return self


# ── narrative.yaml ──────────────────────────────────────────────────────────


class NarrativeAmount(_Data):
    table: FinanceTable
    key: Text | tuple[Text, ...]
    """The column; several when the label may mean either (any that holds will do)."""
    labels: tuple[Text, ...] = Field(min_length=1)
    row: Literal["total"] | None = None
    budget: bool = False


class NarrativeRate(_Data):
    labels: tuple[Text, ...] = Field(min_length=1)
    table: FinanceTable
    row: Literal["total"] | None = None
    part: Text
    whole: tuple[Text, ...] = Field(min_length=1)


class Similarity(_Data):
    threshold: float = Field(ge=0, le=1)
    min_bigrams: NonNegativeInt
    measure_words: tuple[Text, ...]
    stop: tuple[Text, ...]


class Narrative(_Data):
    money_units: dict[Text, PositiveInt]
    prefixes: tuple[Text, ...]
    suffixes: tuple[Text, ...] = ()
    scoped_prefixes: dict[Text, tuple[FinanceTable, ...]] = {}
    amounts: tuple[NarrativeAmount, ...]
    other_period: Regex | None = None
    budget_context: Regex | None = None
    target_columns: tuple[Text, ...] = ()
    label_strip: tuple[Text, ...]
    share_markers: tuple[Text, ...]
    max_gap: NonNegativeInt
    share_changes: tuple[Text, ...] = ()
    part_year: Regex | None = None
    rates: tuple[NarrativeRate, ...] = ()
    nonadditive_units: tuple[Text, ...]
    dimensions: dict[str, tuple[Text, ...]] = {}
    similarity: Similarity
    vague_results: tuple[Text, ...]


# ── nonfigures.yaml ─────────────────────────────────────────────────────────


class Shape(_Data):
    regex: Regex
    weak: bool = False
    """Masks only when no unit follows the number."""
    except_units: bool = False


class ScoringClause(_Data):
    points: Regex
    threshold: Regex


class TableColumns(_Data):
    excluded: tuple[Text, ...] = ()
    narrative: tuple[Text, ...] = ()


class Nonfigures(_Data):
    shapes: dict[str, Shape]
    idioms: tuple[Text, ...] = ()
    scoring_clause: ScoringClause
    table_columns: TableColumns = TableColumns()


# ── numerals.yaml ───────────────────────────────────────────────────────────


class Lone(_Data):
    never: tuple[Char, ...]
    coordinated_only: tuple[Char, ...]
    coordination_window: NonNegativeInt
    count_verbs: tuple[Text, ...] = ()


class Negative(_Data):
    words: str = ""
    """Characters, each a sign word (负)."""
    kinds: tuple[UnitKind, ...] = ()
    not_after: str = ""
    """Characters."""


class Numerals(_Data):
    digits: dict[Char, Annotated[int, Field(ge=0, le=9)]]
    small_units: dict[Char, PositiveInt]
    big_units: dict[Char, PositiveInt]
    vague_prefixes: str = ""
    """Characters."""
    decimal_point: Text
    chinese_decimal_points: tuple[Text, ...] = ()
    tens: dict[Char, PositiveInt] = {}
    percent_prefixes: dict[Text, Text]
    """Prefix → the unit of the value (百分之 → %)."""
    lone: Lone
    leading_scale_needs_approx: tuple[Text, ...]
    decimal_points: tuple[Text, ...] = Field(min_length=1)
    group_separators: tuple[Text, ...]
    negative: Negative = Negative()


# ── pdf.yaml ────────────────────────────────────────────────────────────────


class Unruled(_Data):
    rule_min_pt: float = Field(gt=0)
    rule_end_pt: float = Field(ge=0)
    fragment_gap_em: float = Field(gt=0)
    rows_by_rule_min_bands: PositiveInt
    line_end_slack_em: float = Field(ge=0)
    min_rows: PositiveInt
    min_filled_rows: NonNegativeInt
    text_min_levels: PositiveInt
    text_align_pt: float = Field(ge=0)
    grow_gap_em: float = Field(ge=0)


class Pdf(_Data):
    page_number: Regexes
    """Matched case-insensitively."""
    no_line_start: Text
    no_line_end: Text
    quotes: Text
    unruled: Unruled


# ── scan.yaml ───────────────────────────────────────────────────────────────


class Scan(_Data):
    min_distinct_terms: PositiveInt
    min_han_share: float = Field(ge=0, le=1)
    search_chars: PositiveInt
    report_terms: tuple[Text, ...] = Field(min_length=1)


# ── sections.yaml ───────────────────────────────────────────────────────────


class Numbering(_Data):
    level: PositiveInt
    regex: Regex
    resets_nesting: bool = False


class Sections(_Data):
    max_heading_chars: PositiveInt
    sentence_endings: tuple[Text, ...]
    numbering: tuple[Numbering, ...] = Field(min_length=1)
    ordinals: Text
    """Characters, in order."""


# ── standards.yaml ──────────────────────────────────────────────────────────


class FromText(_Data):
    """A value read from the printed standard: the first group of ``pattern`` that matched."""

    pattern: Regex1
    default: Score | None = None


Value = Score | FromText
Bound = Score | Literal["carryover"]
"""A number, or a quantity the measure gives (``carryover``)."""


def _share(value: Decimal | str) -> Decimal | str:
    try:
        share = Fraction(str(value))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"not a fraction: {value!r}") from exc
    if not 0 <= share <= 1:
        raise ValueError(f"a share of the points is between 0 and 1: {value!r}")
    return value


Share = Annotated[Score | str, AfterValidator(_share)]
"""A fraction of the 分值: ``0.6`` or ``"2/3"``."""


class Band(_Data):
    min: Bound | None = None
    max: Bound | None = None
    points: Score | Literal["full"] | None = None
    share: Share | None = None

    @model_validator(mode="after")
    def _one_award(self) -> Band:
        if (self.points is None) == (self.share is None):
            raise ValueError("a band gives either `points` or `share`")
        return self


class ByLimit(_Data):
    kind: Literal["over_limit", "under_limit"]
    limit: Value
    per_point: Value


class ByBands(_Data):
    kind: Literal["bands"]
    bands: tuple[Band, ...] = Field(min_length=1)


class Proportional(_Data):
    kind: Literal["proportional"]


class PrintedBands(_Data):
    kind: Literal["printed_bands"]


StandardScoring = Annotated[
    ByLimit | ByBands | Proportional | PrintedBands, Field(discriminator="kind")
]


class Standard(_Data):
    id: Text
    indicators: tuple[Text, ...] = Field(min_length=1)
    measure: Measure
    max: Score | None = None
    standard_has: tuple[Text, ...] = ()
    standard_any: tuple[Text, ...] | None = None
    scoring: StandardScoring


class PrintedPoints(_Data):
    pattern: Regex
    points: Score | Literal["full", "group"] | None = None
    share: Score | Literal["percent", "fraction"] | None = None

    @model_validator(mode="after")
    def _award(self) -> PrintedPoints:
        if (self.points is None) == (self.share is None):
            raise ValueError("a clause gives either `points` or `share`")
        groups = re.compile(self.pattern).groups
        needed = {"group": 1, "percent": 1, "fraction": 2}.get(str(self.points or self.share), 0)
        if groups < needed:
            raise ValueError(f"pattern needs {needed} capture group(s): {self.pattern!r}")
        return self


class Standards(_Data):
    standards: tuple[Standard, ...]
    printed_points: tuple[PrintedPoints, ...] = ()
    printed_below: tuple[Text, ...] = ()
    printed_open: Regex | None = None
    discretionary: tuple[Text, ...] = ()
    project_funds_standard: Text | None = None
    sangong_decrease_words: tuple[Text, ...] = ("减少", "下降", "降低", "节约")

    @model_validator(mode="after")
    def _ids(self) -> Standards:
        ids = [s.id for s in self.standards]
        if repeated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"standard ids repeat: {', '.join(repeated)}")
        if self.project_funds_standard is not None and self.project_funds_standard not in ids:
            raise ValueError(
                f"project_funds_standard names no standard: {self.project_funds_standard}"
            )
        return self


# ── statements.yaml ─────────────────────────────────────────────────────────
# The shape only: records/statement_schema.py checks how the parts refer to each other.


class StatementRelation(_Data):
    columns: Text
    parts: tuple[Text, ...] = Field(min_length=1)


class Widened(_Data):
    with_: tuple[Text, ...] = Field(alias="with")
    rename: dict[Text, Text]


class StatementSchema(_Data):
    id: Text
    kind: Literal["final_accounts", "budget"]
    name: Text
    title: Regexes = Field(min_length=1)
    not_title: Regexes = ()
    headers: tuple[Text, ...] = ()
    two_sided: bool = False
    hierarchy: Literal["function", "economic"] | None = None
    relations: tuple[StatementRelation, ...] = ()
    widened: Widened | None = None


class SideRelation(_Data):
    total: Text
    parts: tuple[Text, ...] = Field(min_length=1)


class CrossIdentity(_Data):
    a: Text
    b: Text
    what: Text


class Statements(_Data):
    min_match_for_error: float = Field(ge=0, le=1)
    groups: dict[str, tuple[Text, ...]]
    columns: dict[str, tuple[Text, ...]]
    rows: dict[Literal["income", "expense", "table"], dict[str, tuple[Text, ...]]]
    schemas: tuple[StatementSchema, ...]
    side_relations: dict[Literal["income", "expense"], tuple[SideRelation, ...]]
    cross: tuple[CrossIdentity, ...]
    empty_notes: Regexes
    unit_row: Regex


# ── tables.yaml ─────────────────────────────────────────────────────────────


class TableKindRule(_Data):
    required: tuple[tuple[Text, ...], ...]
    """Groups of column keys: each needs one of its keys mapped."""
    min_keys: NonNegativeInt


class LostSpan(_Data):
    numeric_keys: dict[TableKind, tuple[Text, ...]] = {}


class TableUnits(_Data):
    patterns: tuple[Regex1, ...]
    caption_lookback: NonNegativeInt
    caption_max_chars: PositiveInt


class RowPatterns(_Data):
    numbered: Regexes = ()
    record_start: Regexes = ()
    skip: Regexes = ()
    summary: Regexes = ()


class FundsPoints(_Data):
    max: tuple[Text, ...]
    score: tuple[Text, ...]
    total_row: Regex


class ScoreRowPatterns(_Data):
    total: Regexes
    subtotal: Regexes
    weight: tuple[Regex1, ...]
    budget_execution_label: Text
    score_words: Regexes = ()
    funds_points: FundsPoints | None = None


class TargetPatterns(_Data):
    label_suffixes: tuple[Text, ...]
    categories_from_title: dict[str, tuple[Text, ...]]


class Tables(_Data):
    max_header_rows: PositiveInt
    max_contains_chars: PositiveInt
    max_header_chars: PositiveInt
    kinds: dict[TableKind, TableKindRule]
    """In the order that breaks ties."""
    page_furniture: Regexes
    lost_span: LostSpan = LostSpan()
    finance_kinds: tuple[FinanceTable, ...]
    transposable_kinds: tuple[FinanceTable, ...]
    units: TableUnits
    placeholders: tuple[Text, ...]
    cell_suffixes: tuple[Text, ...]
    rows: RowPatterns
    project_funds_rows: dict[Text, tuple[Text, ...]] = Field(min_length=1)
    """Contract row name → synonyms; the first is the total row."""
    score_rows: ScoreRowPatterns
    level_weight_columns: dict[TableKind, dict[Text, Text]] = {}
    targets: TargetPatterns


# ── units.yaml ──────────────────────────────────────────────────────────────


class Unit(_Data):
    unit: Text
    kind: UnitKind
    canonical: Text | None = None
    cn: bool = True
    not_before: str = ""
    """Characters."""
    ascii: bool = False


class UnitNorm(_Data):
    unit: Text
    factor: Decimal = Field(gt=0)


class WordNumber(_Data):
    word: Text
    unit: Text
    value: Decimal
    after: Text | None = None


class PerOnlyUnit(_Data):
    unit: Text
    not_before: str = ""


Op = Literal["=", ">", ">=", "<", "<="]


class NumberMarker(_Data):
    approx: bool = False
    op: Op = "="
    not_after: str = ""
    """Characters."""
    not_before: str = ""
    """Characters."""
    not_units: tuple[Text, ...] = ()
    kinds: tuple[UnitKind, ...] = ()


class Units(_Data):
    units: tuple[Unit, ...] = Field(min_length=1)
    scales: dict[Text, PositiveInt]
    unit_norms: dict[Text, UnitNorm] = {}
    word_numbers: tuple[WordNumber, ...] = ()
    digit_string_units: tuple[Text, ...] = ()
    currency_prefixes: dict[Text, Text] = {}
    scales_alone: tuple[Text, ...] | None = None
    """Default: every scale."""
    per_separators: tuple[Text, ...]
    per_chain_separators: tuple[Text, ...] = ()
    per_only_units: tuple[Text | PerOnlyUnit, ...] = ()
    per_words: dict[Text, tuple[UnitKind, ...]] | None
    prefix_markers: dict[Text, NumberMarker]
    infix_markers: dict[Text, NumberMarker]
    classifier_infix: tuple[Text, ...] = ()
    suffix_markers: dict[Text, NumberMarker]
    inclusive_marks: tuple[Text, ...]
    shared_unit_joiners: tuple[Text, ...] = ()
    shared_unit_commas: tuple[Text, ...] = ()
    range_separators: tuple[Text, ...]
    unit_typos: dict[Text, Text]

    @model_validator(mode="after")
    def _known_units(self) -> Units:
        printed = [u.unit for u in self.units]
        if repeated := sorted({u for u in printed if printed.count(u) > 1}):
            raise ValueError(f"units repeat: {', '.join(repeated)}")
        _unknown(self.scales_alone or (), self.scales, "scales_alone: scales")
        _unknown(self.unit_norms, printed, "unit_norms: units")
        _unknown({w.unit for w in self.word_numbers}, printed, "word_numbers: units")
        _unknown(self.digit_string_units, printed, "digit_string_units: units")
        return self


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
