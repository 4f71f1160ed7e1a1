"""The output contract (../shared/contract.md) as pydantic models.

These models are the source of truth for ``extractor extract``/``check`` JSON
and for ``extractor schema``.  Numbers are ``Decimal`` inside and exact
decimal strings in JSON (``"14767.04"``, never a float, never ``1E+2``).
Add fields freely; renaming or removing one needs a ``SCHEMA_VERSION`` bump
and a CHANGELOG entry.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    WithJsonSchema,
)
from pydantic_core import PydanticSerializationError

from .model import Document, Source

SCHEMA_VERSION = "2"


def decimal_text(d: Decimal) -> str:
    """Plain positional text of a Decimal: no exponent, no ``-0``."""
    if d.is_nan() or d.is_infinite():
        raise ValueError(f"not a finite number: {d}")
    if d == 0:
        d = abs(d)
    text = format(d, "f")
    return text


Dec = Annotated[
    Decimal,
    PlainSerializer(decimal_text, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}),
]
"""An exact decimal, serialised as a JSON string."""

Severity = Literal["error", "warning", "info"]
Kind = Literal[
    "overall",
    "project",
    "project_form",
    "evaluation",
    "final_accounts",
    "budget",
    "other",
    "unknown",
]
"""What a document is (contract.md, schema version 2): 部门整体支出绩效自评报告, 项目支出绩效
自评报告, the standalone 项目支出绩效自评表, a 绩效评价报告, 部门决算, 部门预算, no finance
report, or could not tell."""
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
Op = Literal["=", ">=", "<=", ">", "<", "range"]


class _Model(BaseModel):
    # a model's validator and serializer are built when it is first used, not at import: a
    # ``check`` printing its findings makes only the models it meets (half of them), a JSON
    # output builds the rest with the Report (issue 18)
    model_config = ConfigDict(extra="forbid", defer_build=True)


# ── tables ────────────────────────────────────────────────────────────────


class CellValue(_Model):
    value: Dec
    raw: str
    repaired: bool = False
    """True when ``raw`` was malformed and read with a repair (see the DQ03 finding)."""


class Row(_Model):
    org: str
    is_summary: bool = False
    cells: dict[str, CellValue] = Field(default_factory=dict)
    row: int | None = None
    """Row index in the source table grid."""
    part_of: str | None = None
    """Project funds: the ``org`` of the row this one details (其中：上级补助 under 财政拨款),
    when it is a part of a part rather than of 年度资金总额."""
    unread: list[str] = Field(default_factory=list)
    """Column keys whose cell prints something that reads as no number (a misprint, a scan's
    misreading such as 18,414,54824 read without its point): sums over them are not checked."""


class FinanceTable(_Model):
    unit: str | None = None
    rows: list[Row] = Field(default_factory=list)
    block: int | None = None
    page: int | None = None
    unit_source: str | None = None
    """Where the unit came from (the title, a 单位 note, the section), or why it is unknown."""


COLUMN_KEYS: dict[str, tuple[str, ...]] = {
    "income": (
        "total",
        "carryover",
        "public_budget",
        "gov_fund",
        "special_nontax",
        "other",
        # 事业单位 templates (hospitals, schools) print these parts of 收入合计 as well
        "superior_subsidy",
        "business",
        "operating",
        "affiliated",
    ),
    "expense": (
        "total",
        "basic",
        "personnel",
        "public_use",
        "project",
        "balance_current",
        "balance_cumulative",
    ),
    "sangong": ("total", "reception", "vehicle_operation", "vehicle_purchase", "overseas"),
    "assets": ("total", "in_use", "rented", "other"),
    "project_funds": ("initial_budget", "full_year_budget", "executed", "rate", "max", "score"),
}
"""The keys a table's ``Row.cells`` may hold (contract.md); listed in the JSON Schema as
``x-column-keys`` of each table."""

PROJECT_FUNDS_ROWS = ("年度资金总额", "当年财政拨款", "上年结转", "其他资金")
"""``Row.org`` of the project funds table."""


class Tables(_Model):
    income: FinanceTable | None = Field(
        default=None, json_schema_extra={"x-column-keys": list(COLUMN_KEYS["income"])}
    )
    expense: FinanceTable | None = Field(
        default=None, json_schema_extra={"x-column-keys": list(COLUMN_KEYS["expense"])}
    )
    sangong: FinanceTable | None = Field(
        default=None, json_schema_extra={"x-column-keys": list(COLUMN_KEYS["sangong"])}
    )
    assets: FinanceTable | None = Field(
        default=None, json_schema_extra={"x-column-keys": list(COLUMN_KEYS["assets"])}
    )
    project_funds: FinanceTable | None = Field(
        default=None,
        json_schema_extra={
            "x-column-keys": list(COLUMN_KEYS["project_funds"]),
            "x-row-names": list(PROJECT_FUNDS_ROWS),
        },
    )


# ── disclosure statements (部门决算 / 部门预算) ─────────────────────────────


class StatementRow(_Model):
    """One row of a disclosure table, keyed: its classification code, label and level."""

    label: str
    code: str | None = None
    """功能/经济分类科目编码 where printed (``201``, ``20101``, ``2010101``, ``30101``)."""
    level: int | None = None
    """类 1, 款 2, 项 3 (from the code's length, the 类/款/项 columns or the indentation);
    0 for a 合计/总计 row; ``None`` for a row outside the hierarchy (a summary side's lines)."""
    key: str | None = None
    """The schema's key of this row (``year_total`` 本年收入合计, ``carryover_begin`` …,
    ``total`` for a one-sided table's 合计), where the schema names it."""
    cells: dict[str, CellValue] = Field(default_factory=dict)
    row: int | None = None
    """Row index in the source table grid."""
    block: int | None = None
    """The table block the row was read from (a statement continued on the next page spans
    several blocks)."""
    half: int | None = None
    """For a table printed as halves side by side (人员经费 | 公用经费): which half, from 0."""


class StatementColumn(_Model):
    key: str
    header: str
    """The column's printed header, its header rows joined with ``/``."""
    col: int


class Statement(_Model):
    """A 决算/预算 disclosure table matched to a schema of patterns/statements.yaml."""

    model_config = ConfigDict(
        extra="forbid", serialize_by_alias=True, validate_by_name=True, defer_build=True
    )

    schema_id: str = Field(alias="schema")
    title: str | None = None
    unit: str | None = None
    page: int | None = None
    match: Dec = Decimal("0")
    """How well the table matched its schema, 0–1: the share of the schema's signature words
    found in its title and headers (a weak match never carries an error)."""
    why: str = ""
    """Why this schema: the words that matched."""
    empty: bool = False
    """The table says it is empty on purpose (本单位无…，故本表无数据)."""
    empty_note: str | None = None
    """The note saying the table is empty, as printed, when it stands in the table or right
    under it — kept also when the table prints amounts after all (ST06)."""
    block: int | None = None
    columns: list[StatementColumn] = Field(default_factory=list)
    rows: list[StatementRow] = Field(default_factory=list)


# ── scoring ───────────────────────────────────────────────────────────────


class ScoreRow(_Model):
    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    standard: str | None = None
    max: Dec | None = None
    score: Dec | None = None
    reason: str | None = None
    target: str | None = None
    actual: str | None = None
    shared_with_previous: bool = False
    block: int | None = None
    row: int | None = None
    page: int | None = None
    max_raw: str | None = None
    score_raw: str | None = None


class ScoreTotal(_Model):
    stated: Dec | None = None
    computed: Dec | None = None
    max_stated: Dec | None = None
    max_computed: Dec | None = None
    block: int | None = None
    row: int | None = None


class Level1Weight(_Model):
    level1: str
    weight_stated: Dec | None = None
    max_sum: Dec | None = None
    score_sum: Dec | None = None


class Level2Weight(_Model):
    """A 二级指标's printed weight (``预算配置（15分）``) against its rows."""

    level1: str | None = None
    level2: str
    weight_stated: Dec | None = None
    max_sum: Dec | None = None
    score_sum: Dec | None = None


class Subtotal(_Model):
    """A 小计 row of the scoring table (not a score row)."""

    label: str
    level1: str | None = None
    level2: str | None = None
    max: Dec | None = None
    score: Dec | None = None
    block: int | None = None
    row: int | None = None


class Target(_Model):
    category: str | None = None
    subcategory: str | None = None
    indicator: str | None = None
    """The indicator's name, when the table has a column for it apart from the target value."""
    target: str | None = None
    actual: str | None = None
    block: int | None = None
    row: int | None = None


class Form(_Model):
    """A 项目支出绩效自评表 printed inside a longer document (a 决算 with one form per project),
    read as a project form of its own and checked on its own (schema version 2)."""

    title: str
    """The form's title as printed (…项目绩效自评表)."""
    project_name: str | None = None
    page: int | None = None
    blocks: list[int] = Field(default_factory=list)
    """The first and the last block of the form."""
    project_funds: FinanceTable | None = None
    score_rows: list[ScoreRow] = Field(default_factory=list)
    score_total: ScoreTotal = Field(default_factory=ScoreTotal)
    level1_weights: list[Level1Weight] = Field(default_factory=list)
    level2_weights: list[Level2Weight] = Field(default_factory=list)
    subtotals: list[Subtotal] = Field(default_factory=list)
    score_columns: list[str] = Field(default_factory=list)
    grade: str | None = None
    summary: FormSummary | None = None
    """The document's own sentence on this project (…项目绩效自评综述：全年预算数X万元，执行数Y
    万元), when one names it."""


class FormSummary(_Model):
    """A sentence of the narrative that restates one form's funds."""

    text: str
    block: int
    page: int | None = None
    budget: CellValue | None = None
    executed: CellValue | None = None
    unit: str | None = None
    paired_by_order: bool = False
    """Several forms bear the project's name: the sentence was paired with this one by order."""


# ── figures ───────────────────────────────────────────────────────────────


class Figure(_Model):
    raw: str
    value: Dec
    unit: str | None = None
    approx: bool = False
    op: Op = "="
    high: Dec | None = None
    label: str | None = None
    section: str | None = None
    block: int
    page: int | None = None
    start: int
    end: int
    norm_value: Dec | None = None
    """Value in the base unit (元 for money, the count itself for 万人次 → 人次) when the scale is known."""
    norm_unit: str | None = None
    repair: str | None = None
    """How a malformed number was read (``50&`` → 50%), see DQ03."""
    column: str | None = None
    """For a figure in a table cell: the header of its column (``绩效目标``, ``完成情况``)."""
    decimals: int | None = None
    """Decimals printed (``50.47%`` → 2), for comparing at the printed precision."""


class Breakdown(_Model):
    label: str | None = None
    total: Figure
    parts: list[Figure] = Field(default_factory=list)
    text: str
    block: int | None = None
    declared: bool = False
    """The parts are named apart by the template as disjoint parts of the total (the
    政府采购 paragraph), not read from a 其中 list: none of them is the total restated."""


# ── links: what the narrative says about the numbers (schema version 2) ───


class Change(_Model):
    """A year-over-year sentence: 本年 X，比上年（Y）增加/减少 Z，增长/下降 P%."""

    label: str | None = None
    current: Figure
    prior: Figure | None = None
    """The earlier amount when the sentence prints it (较上年的1134.56万元增加…)."""
    direction: Literal["up", "down", "flat"]
    change: Figure | None = None
    rate: Figure | None = None
    rate_direction: Literal["up", "down"] | None = None
    compared_year: str | None = None
    """The year the sentence compares with when it names one (比2022年预算 → "2022")."""
    compared_with: str = "上年"
    """What the amount is set against: 上年 (the year before, or the year named) or 年初预算
    (a 决算's 较年初预算数减少4万元, 下降2.2%)."""
    text: str
    block: int
    assembled: bool = False
    """The sentence prints only the change (公务接待较上年同期减少0.58万元): ``current`` and
    ``prior`` are the amounts the document states elsewhere under that name for the two years
    (records/named_changes.py), so a finding on it is a warning."""


class Completion(_Model):
    """A budget completion rate stated in the 说明: 年初预算为A万元，支出决算为C万元，完成年初
    预算的P%."""

    rate: Figure
    actual: Figure
    """The amount spent (支出决算, 执行数)."""
    named: Literal["initial", "full_year", "budget"]
    """The budget the rate names: 年初预算, 全年（调整）预算, or plain 预算."""
    bases: dict[str, Figure]
    """The budgets the sentence states, by the same names."""
    text: str
    block: int
    unspent: Figure | None = None
    """The amount left unpaid, stated right after the amount paid (支付C万元，未支U万元，
    支付率P%): with no budget stated, the rate is of C + U."""


class CountList(_Model):
    """A stated count followed by the items it counts (设9个内设机构，分别是：…)."""

    count: Figure
    items: list[str]
    marker: str
    """The words that open the list (分别是, 包括 …): 分别 lists are meant to be complete."""
    text: str
    block: int


class Share(_Model):
    """A class's share stated in the 说明 (一般公共服务支出（类）2106.66万元，占71.73%), with the
    statement rows it is a share of."""

    figure: Figure
    rate: Figure
    statement: str
    row: str
    """Code of the 类 row the amount restates."""
    column: str


class Repeat(_Model):
    """One quantity named the same way twice, with two values: twice in the narrative, or in a
    table cell (``first``) and in a clause of the narrative naming the cell's row (``second``)."""

    name: str
    first: Figure
    second: Figure


class GroupPart(_Model):
    header: str
    value: CellValue


class GroupTotal(_Model):
    """One row of a header group that a table closes with its own 总计/合计 column, in a
    table no schema names (政府信息公开年度报告's 行政复议 … | 总计)."""

    block: int
    page: int | None = None
    row: int
    label: str = ""
    group: str
    """The group's header, as printed (行政复议, 行政诉讼/复议后起诉)."""
    total: CellValue
    total_header: str
    parts: list[GroupPart]


class RowSum(_Model):
    """In a table no schema names, a numbered item and the items numbered under it (一 over
    1, 2, 3; 合计 over 一, 二, 三), in one amount column."""

    block: int
    page: int | None = None
    row: int
    label: str = ""
    column: str
    """The column's header, as printed."""
    total: CellValue
    parts: list[GroupPart]
    """The rows numbered under it (``header``: the row's number and name)."""


class StatementLink(_Model):
    """A narrative amount and the statement cell it restates (收入总计1500.00万元 → 总表)."""

    figure: Figure
    statement: str
    """Schema id of the statement (``fa_summary.income``)."""
    row: str
    """The row's key (``grand_total``) or code."""
    column: str
    why: str
    alternatives: list[str] = Field(default_factory=list)
    """Other statements the amount may restate (``schema|row|column``): it is wrong only if
    it matches none of them."""


# ── metadata ──────────────────────────────────────────────────────────────


class Meta(_Model):
    department: str | None = None
    budget_code: str | None = None
    year: str | None = None
    report_date: str | None = None
    """ISO date, e.g. ``2021-07-08``."""
    contact: str | None = None
    phone: str | None = None
    staff_quota: Dec | None = None
    staff_actual: Dec | None = None
    project_name: str | None = None
    composite_score: Dec | None = None
    grade: str | None = None


# ── findings ──────────────────────────────────────────────────────────────


class Evidence(_Model):
    block: int | None = None
    page: int | None = None
    text: str


class Finding(_Model):
    code: str
    severity: Severity
    message: str
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    name: str | None = None
    """Dotted rule name, e.g. ``scoring.total_mismatch``."""
    id: str = ""
    """Stable identity: the same document, code, place and numbers give the same id in every
    run and version (a hash of the document's sha256, the code, the numbers and the evidence
    text), so an auditor's decision on a finding can be kept across reruns."""
    basis: str | None = None
    """What the finding stands on: the schema or relation, and how sure the reading is."""


# ── the report ────────────────────────────────────────────────────────────


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    kind: Kind = "unknown"
    meta: Meta = Field(default_factory=Meta)
    tables: Tables = Field(default_factory=Tables)
    statements: list[Statement] = Field(default_factory=list)
    """部门决算/部门预算 disclosure tables as keyed records (schema version 2)."""
    score_rows: list[ScoreRow] = Field(default_factory=list)
    score_total: ScoreTotal = Field(default_factory=ScoreTotal)
    level1_weights: list[Level1Weight] = Field(default_factory=list)
    level2_weights: list[Level2Weight] = Field(default_factory=list)
    subtotals: list[Subtotal] = Field(default_factory=list)
    score_columns: list[str] = Field(default_factory=list)
    """Column keys the scoring table prints (max, score, reason, standard …): a check about a
    column (a deduction needs a 扣分原因) runs only where the template has that column."""
    targets: list[Target] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    breakdowns: list[Breakdown] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    """Year-over-year sentences read from the narrative (schema version 2)."""
    count_lists: list[CountList] = Field(default_factory=list)
    """Stated counts with the items listed after them (schema version 2)."""
    links: list[StatementLink] = Field(default_factory=list)
    shares: list[Share] = Field(default_factory=list)
    """A 类's share of its table stated in the narrative (schema version 2)."""
    repeats: list[Repeat] = Field(default_factory=list)
    """Quantities stated twice with different values (schema version 2)."""
    completions: list[Completion] = Field(default_factory=list)
    """Budget completion rates stated in the narrative (完成年初预算的P%)."""
    group_totals: list[GroupTotal] = Field(default_factory=list)
    """Rows of tables no schema names whose header closes a group with a 总计 column."""
    row_sums: list[RowSum] = Field(default_factory=list)
    """Numbered items of tables no schema names and the items numbered under them."""
    forms: list[Form] = Field(default_factory=list)
    """Project forms printed inside this document, each read on its own (schema version 2)."""
    findings: list[Finding] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
    """Choices made while extracting (unit inherited, repairs), for the auditor."""

    _document: Document | None = PrivateAttr(default=None)
    kind_from_words: bool = Field(default=False, exclude=True)
    """The kind was decided from body words alone (no title, no table): the file may be a
    piece of a document, and the parts its kind must contain are required only where printed."""

    @property
    def document(self) -> Document | None:
        """The loaded document (not serialised); rules use it for evidence text."""
        # read from the private attributes themselves: ``self._document`` goes through
        # pydantic's ``__getattr__`` (about 120 asks a check)
        private = self.__pydantic_private__
        return private.get("_document") if private is not None else self._document

    @classmethod
    def bare(cls, source: Source) -> Report:
        """A Report of ``source`` with every other field at its default, not validated.

        ``model_construct`` alone would ask ``inspect.signature`` of each default factory on
        every call, whether it takes the validated data (pydantic 2.13: about 10 ms a report,
        a builtin's signature is parsed and compiled); the factories here take no argument,
        so they are called directly and the rest is ``model_construct``'s."""
        defaults = {name: factory() for name, factory in _factories(cls)}
        return cls.model_construct(_fields_set={"source"}, source=source, **defaults)

    def attach(self, document: Document) -> Report:
        self._document = document
        return self

    def to_json(self, **kwargs: Any) -> str:
        try:
            return self.model_dump_json(**kwargs)
        except PydanticSerializationError:
            # a lone surrogate (an undecodable byte of a file name: bad\xffbyte.txt) is no
            # UTF-8: written as its JSON escape, which reads back as the same string
            import json

            return json.dumps(self.model_dump(mode="json"), indent=kwargs.get("indent"))

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


@cache
def _factories(cls: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """The fields of ``cls`` with a default factory, and the factory (each takes no argument:
    a model class or ``list``)."""
    return tuple(
        (name, field.default_factory)
        for name, field in cls.model_fields.items()
        if field.default_factory is not None
    )
