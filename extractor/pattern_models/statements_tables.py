"""Models of patterns/statements.yaml and patterns/tables.yaml (a module of their own, so that a
``check`` imports only the few models it validates, issue 18)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, NonNegativeInt, PositiveInt

from ._base import Data, FinanceTable, Regex, Regex1, Regexes, TableKind, Text

# ── statements.yaml ─────────────────────────────────────────────────────────
# The shape only: records/statement_schema.py checks how the parts refer to each other.


class StatementRelation(Data):
    columns: Text
    parts: tuple[Text, ...] = Field(min_length=1)


class Widened(Data):
    with_: tuple[Text, ...] = Field(alias="with")
    rename: dict[Text, Text]


class StatementSchema(Data):
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
    total_is: tuple[Text, ...] = ()
    """Column keys that are the table's total when it prints no 合计 column of its own (a
    基本支出 table's 基本支出/小计)."""
    by_source: tuple[Text, ...] = ()
    """Fund-source columns printed under each item (因公出国费 / 一般公共预算 | 政府性基金 …, 深圳):
    the first is the item's own amount, the others are not read."""
    items_as_rows: bool = False
    """A one-column table may print its column items as rows (江苏 收入预算总表)."""


class SideRelation(Data):
    total: Text
    parts: tuple[Text, ...] = Field(min_length=1)


class CrossIdentity(Data):
    a: Text
    b: Text
    what: Text


class Statements(Data):
    min_match_for_error: float = Field(ge=0, le=1)
    groups: dict[str, tuple[Text, ...]]
    columns: dict[str, tuple[Text, ...]]
    rows: dict[Literal["income", "expense", "table"], dict[str, tuple[Text, ...]]]
    schemas: tuple[StatementSchema, ...]
    side_relations: dict[Literal["income", "expense"], tuple[SideRelation, ...]]
    cross: tuple[CrossIdentity, ...]
    empty_notes: Regexes
    unit_row: Regex
    derived_column: Regex | None = None
    """A column header naming a change or a rate worked out from the amounts (支出减少情况,
    支出减少率): such a column is neither an amount of the statement nor a row's name."""


# ── tables.yaml ─────────────────────────────────────────────────────────────


class TableKindRule(Data):
    required: tuple[tuple[Text, ...], ...]
    """Groups of column keys: each needs one of its keys mapped."""
    min_keys: NonNegativeInt


class LostSpan(Data):
    numeric_keys: dict[TableKind, tuple[Text, ...]] = Field(default_factory=dict)


class TableUnits(Data):
    patterns: tuple[Regex1, ...]
    caption_lookback: NonNegativeInt
    caption_max_chars: PositiveInt


class RowPatterns(Data):
    numbered: Regexes = ()
    record_start: Regexes = ()
    skip: Regexes = ()
    summary: Regexes = ()


class FundsPoints(Data):
    max: tuple[Text, ...]
    score: tuple[Text, ...]
    total_row: Regex


class ScoreRowPatterns(Data):
    total: Regexes
    subtotal: Regexes
    weight: tuple[Regex1, ...]
    budget_execution_label: Text
    score_words: Regexes = ()
    funds_points: FundsPoints | None = None


class TargetPatterns(Data):
    label_suffixes: tuple[Text, ...]
    categories_from_title: dict[str, tuple[Text, ...]]


class EmbeddedForms(Data):
    """项目支出绩效自评表 printed one after another inside a longer document."""

    title: Regexes = Field(min_length=1)
    max_title_chars: PositiveInt
    table_within: PositiveInt
    """Blocks after the title in which the form's table must start."""
    table_words: tuple[Text, ...] = Field(min_length=1)
    """One of these in the table's text makes it a form (年度资金总额, 一级指标)."""
    max_other_chars: PositiveInt
    """A paragraph longer than this ends the form (the narrative goes on)."""
    rules: tuple[Text, ...] = Field(min_length=1)
    """The rule codes run on each form."""
    execution_practice_min_forms: PositiveInt
    execution_practice_share: Decimal
    summary: Regex | None = None
    """The narrative's sentence on one project's funds (groups head, budget, unit, executed)."""


class Tables(Data):
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
    level_weight_columns: dict[TableKind, dict[Text, Text]] = Field(default_factory=dict)
    targets: TargetPatterns
    embedded_forms: EmbeddedForms | None = None
