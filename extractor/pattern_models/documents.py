"""Models of the files that read narrative text: breakdowns, characters, checks, columns,
grades, kinds, labels, links, meta, narrative and nonfigures."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    Field,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    model_validator,
)

from ..report import Kind
from ._base import (
    Char,
    Data,
    FinanceTable,
    MetaField,
    Regex,
    Regex1,
    Regexes,
    Score,
    Text,
    UnitKind,
    Words,
    reject_unknown,
)
from .kinds import KindRule, Kinds, TopicPage  # noqa: F401 - importable from here

# ── breakdowns.yaml ─────────────────────────────────────────────────────────


class Breakdowns(Data):
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
    sub_markers: tuple[Text, ...] = ()
    """Words that open the parts of the last part (具体是): the list of parts ends there."""
    section_heading: Regex | None = None
    """A numbered heading run into the text (…运转二、项目资金使用及管理情况): after the first
    part, the list ends there."""


# ── characters.yaml ─────────────────────────────────────────────────────────


class Characters(Data):
    radicals_supplement: dict[Char, Char]
    invisible: tuple[Char, ...]
    spaces: tuple[Char, ...]


# ── checks.yaml ─────────────────────────────────────────────────────────────


class FinanceRelation(Data):
    code: Annotated[str, StringConstraints(pattern=r"^FN\d\d$")]
    table: FinanceTable
    total: Text
    parts: tuple[Text, ...] = Field(min_length=1)


class ProjectFundsChecks(Data):
    total_row: tuple[Text, ...]
    source_rows: dict[str, tuple[Text, ...]]
    spending_rows: dict[str, tuple[Text, ...]]
    amount_keys: tuple[Text, ...]
    rate_of: Text
    rate_over: tuple[Text, ...] = Field(min_length=1)


class FinanceChecks(Data):
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
            reject_unknown({r.total, *r.parts}, self.columns.get(r.table, {}), f"{r.code}: columns")
        for table, keys in self.summable.items():
            reject_unknown(keys, self.columns.get(table, {}), f"summable.{table}: columns")
        pf = self.project_funds
        named = self.columns.get("project_funds", {})
        reject_unknown(
            {*pf.amount_keys, pf.rate_of, *pf.rate_over}, named, "project_funds: columns"
        )
        return self


class ScoringChecks(Data):
    empty_reasons: Words
    full_marks: Score


class RequiredPart(Data):
    field: Text
    """A path into the Report (``tables.income``, ``score_total.stated``)."""
    name: Text
    look_for: tuple[Text, ...] = ()
    when_printed: bool = False
    with_: tuple[Text, ...] = Field(default=(), alias="with")
    columns: tuple[Text, ...] = ()
    needs: tuple[Text, ...] = ()
    found: Text | None = None


class QualityChecks(Data):
    template_text: Regexes = ()
    blank_amount: Regex | None = None
    """A word that states an amount, then its unit with no number (DQ02)."""
    blank_field_labels: tuple[Text, ...] = ()
    """Names of a form's fields that must hold a value (单位, 项目名称): DQ02 when empty."""
    placeholder: Regex | None = None
    """The template's placeholder for a name or year left unfilled (DQ02)."""
    toc_line: Regex | None = None
    """A line of the 目录: groups ``title`` and ``page`` (DQ04)."""
    required: dict[Kind, tuple[RequiredPart, ...]]


class Checks(Data):
    finance: FinanceChecks
    scoring: ScoringChecks
    quality: QualityChecks


# ── columns.yaml ────────────────────────────────────────────────────────────


class Synonyms(Data):
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


class Columns(Data):
    generic: tuple[Text, ...]
    income: ColumnSynonyms
    expense: ColumnSynonyms
    sangong: ColumnSynonyms
    assets: ColumnSynonyms
    project_funds: ColumnSynonyms
    score: ColumnSynonyms
    targets: ColumnSynonyms


# ── grades.yaml ─────────────────────────────────────────────────────────────


class GradeBand(Data):
    min: Score
    names: tuple[Text, ...] = Field(min_length=1)


class GradeTemplate(Data):
    id: Text
    source: str | None = None
    kinds: tuple[Kind, ...] = ()
    bands: tuple[GradeBand, ...] = Field(min_length=1)


class PrintedGrades(Data):
    cue: tuple[Text, ...] = ()
    below: tuple[Text, ...] = ()
    min_bands: PositiveInt = 3
    min_top: Score = Decimal(60)
    names: tuple[Text, ...] = ()


class Grades(Data):
    templates: tuple[GradeTemplate, ...]
    strip: tuple[Text, ...] = ()
    printed: PrintedGrades = PrintedGrades()

    @model_validator(mode="after")
    def _has_default(self) -> Grades:
        if not any(t.id == "default" for t in self.templates):
            raise ValueError("no template with id `default` (the one used when no other applies)")
        return self


# ── kinds.yaml: in kinds.py ──────────────────────────────────────────────────


# ── labels.yaml ─────────────────────────────────────────────────────────────


class Labels(Data):
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


class Changes(Data):
    marker: Regex
    up: tuple[Text, ...]
    down: tuple[Text, ...]
    flat: tuple[Text, ...]
    not_rate_after: tuple[Text, ...]
    max_gap_current: NonNegativeInt
    max_gap_direction: NonNegativeInt
    max_gap_value: NonNegativeInt
    money_units: dict[Text, PositiveInt]
    share_between: Regex | None = None
    """A share stated between the amount and the marker (，占支出总预算10.73%，): passed over."""
    gap_words: tuple[Text, ...] = ()
    """Words allowed between the amount and the marker; another word names another subject."""


class CountLists(Data):
    count_units: tuple[Text, ...]
    markers: tuple[Text, ...] = Field(min_length=1)
    max_gap: NonNegativeInt
    separators: Regex
    incomplete: Regexes
    max_item_chars: PositiveInt
    list_ends: tuple[Text, ...] = ()
    """A clause opening with one of these ends the list (；此外，…还有…)."""


StatementRef = Annotated[
    str, StringConstraints(pattern=r"^[a-z_]+(?:\.(?:income|expense))?\|[a-z_]+\|(?:\*|[a-z_.]+)$")
]
"""``<schema>[.<side>]|<row key>|<column key>`` (without the fa_/bu_ prefix)."""


class StatementLink(Data):
    labels: tuple[Text, ...] = Field(min_length=1)
    ref: StatementRef
    also: tuple[StatementRef, ...] = ()


class StatementLinks(Data):
    other_period: dict[Literal[Kind, "all"], Regexes]
    """``all`` in every document, else per kind (``final_accounts`` when the kind has none)."""
    fund_scopes: tuple[Text, ...] = ()
    department_wide: tuple[Text, ...] = ()
    paragraph_scoped: tuple[Text, ...] = ()
    """Department-wide rows whose names every fund's table repeats: a fund named anywhere
    before the figure in its paragraph scopes it."""
    links: tuple[StatementLink, ...]

    @model_validator(mode="after")
    def _fallbacks(self) -> StatementLinks:
        for needed in ("all", "final_accounts"):
            if needed not in self.other_period:
                raise ValueError(f"other_period: `{needed}` is required")
        return self


class Repeats(Data):
    min_chars: PositiveInt
    names: tuple[Text, ...]
    drop: Regexes


class ClassItems(Data):
    pattern: Regex
    tables: tuple[Text, ...]
    max_gap: NonNegativeInt
    item_pattern: Regex
    item_break: Regex
    restated_in_item: dict[Literal["final_accounts", "budget"], Regex]
    joined_pattern: Regex | None = None
    """A 项 named by its 款's name and its own run together (人大事务行政运行（项）): group
    ``joined``."""

    @model_validator(mode="after")
    def _named_groups(self) -> ClassItems:
        for name in ("pattern", "item_pattern"):
            groups = set(re.compile(getattr(self, name)).groupindex)
            if missing := {"lei", "kuan", "xiang"} - groups:
                raise ValueError(f"{name}: named groups missing: {', '.join(sorted(missing))}")
        if self.joined_pattern and "joined" not in re.compile(self.joined_pattern).groupindex:
            raise ValueError("joined_pattern: named group missing: joined")
        return self


BudgetName = Literal["initial", "full_year", "budget"]
"""The budgets of a completion sentence (``Completion.named``)."""


class Completion(Data):
    rate: Regex
    actual: Regex
    unspent: Regex | None = None
    """The words between the amount paid and the amount left unpaid (，未支)."""
    bases: dict[BudgetName, Regex]
    named: dict[BudgetName, Regex]


class BalancedTotals(Data):
    pair: Regex
    income: Regex
    expense: Regex
    not_before: Regex
    max_gap: NonNegativeInt


class DeclaredRelation(Data):
    label: Text
    total: Regex
    parts: Regexes = Field(min_length=1)
    window: NonNegativeInt = 1


class DeclaredParts(Data):
    max_gap: NonNegativeInt = 3
    relations: tuple[DeclaredRelation, ...] = ()


class Links(Data):
    changes: Changes
    count_lists: CountLists
    statement_links: StatementLinks
    repeats: Repeats
    class_items: ClassItems
    completion: Completion
    balanced_totals: BalancedTotals
    declared_parts: DeclaredParts = DeclaredParts()


# ── meta.yaml ───────────────────────────────────────────────────────────────


class MetaPatterns(Data):
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


class NarrativeAmount(Data):
    table: FinanceTable
    key: Text | tuple[Text, ...]
    """The column; several when the label may mean either (any that holds will do)."""
    labels: tuple[Text, ...] = Field(min_length=1)
    row: Literal["total"] | None = None
    budget: bool = False


class NarrativeRate(Data):
    labels: tuple[Text, ...] = Field(min_length=1)
    table: FinanceTable
    row: Literal["total"] | None = None
    part: Text
    whole: tuple[Text, ...] = Field(min_length=1)


class Similarity(Data):
    threshold: float = Field(ge=0, le=1)
    min_bigrams: NonNegativeInt
    measure_words: tuple[Text, ...]
    stop: tuple[Text, ...]


class CoverageScope(Data):
    name: Text
    pattern: Regex
    """Groups ``count`` (and ``what``, the thing counted)."""


class Coverage(Data):
    amount_after: Text
    scopes: tuple[CoverageScope, ...] = ()


class Reasons(Data):
    after: Regex
    plain: Regex
    """One clause ending with a direction word, group ``word``."""
    directions: dict[Literal["up", "down"], tuple[Text, ...]]
    named: Regex | None = None
    """A reason that names the change it explains (财政拨款收入支出减少的主要原因是), groups
    ``subject`` and ``word``."""
    named_blocks: NonNegativeInt = 2
    """How many blocks before the reason's own its change may stand in."""
    named_prefix: PositiveInt = 4
    """Characters a change's label must share with the reason's subject, from the start."""


class Narrative(Data):
    money_units: dict[Text, PositiveInt]
    prefixes: tuple[Text, ...]
    suffixes: tuple[Text, ...] = ()
    scoped_prefixes: dict[Text, tuple[FinanceTable, ...]] = Field(default_factory=dict)
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
    dimensions: dict[str, tuple[Text, ...]] = Field(default_factory=dict)
    similarity: Similarity
    vague_results: tuple[Text, ...]
    scope_year: Regex1 | None = None
    """A 决算/预算 sentence on its own scope, group 1 the year it names (NR13)."""
    coverage: Coverage | None = None
    reasons: Reasons | None = None
    """The reason after a change, in its plainest shape (NR15)."""
    """A 决算's sentences on how many projects its self-evaluation covers (NR14)."""


# ── nonfigures.yaml ─────────────────────────────────────────────────────────


class Shape(Data):
    regex: Regex
    weak: bool = False
    """Masks only when no unit follows the number."""
    except_units: bool = False


class ScoringClause(Data):
    points: Regex
    threshold: Regex


class TableColumns(Data):
    excluded: tuple[Text, ...] = ()
    narrative: tuple[Text, ...] = ()


class Nonfigures(Data):
    shapes: dict[str, Shape]
    idioms: tuple[Text, ...] = ()
    scoring_clause: ScoringClause
    table_columns: TableColumns = TableColumns()
