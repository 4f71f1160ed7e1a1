"""Models of the files that read numbers and lay out tables: numerals, pdf, scan, sections,
standards and units (statements and tables: ``statements_tables``)."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    NonNegativeInt,
    PositiveInt,
    model_validator,
)

from ._base import (
    Char,
    Data,
    Measure,
    Regex,
    Regex1,
    Regexes,
    Score,
    Text,
    UnitKind,
    reject_unknown,
)

# ── numerals.yaml ───────────────────────────────────────────────────────────


class Lone(Data):
    never: tuple[Char, ...]
    coordinated_only: tuple[Char, ...]
    coordination_window: NonNegativeInt
    count_verbs: tuple[Text, ...] = ()
    never_except_units: tuple[Text, ...] = ()
    """Units after which a `never` numeral is still a figure (二成 is 20%)."""


class Negative(Data):
    words: str = ""
    """Characters, each a sign word (负)."""
    kinds: tuple[UnitKind, ...] = ()
    not_after: str = ""
    """Characters."""


class Numerals(Data):
    digits: dict[Char, Annotated[int, Field(ge=0, le=9)]]
    small_units: dict[Char, PositiveInt]
    big_units: dict[Char, PositiveInt]
    inner_big_units: dict[Char, PositiveInt] = Field(default_factory=dict)
    """Big units read only between numeral characters (兆 in 一兆两千亿)."""
    vague_prefixes: str = ""
    """Characters."""
    decimal_point: Text
    chinese_decimal_points: tuple[Text, ...] = ()
    tens: dict[Char, PositiveInt] = Field(default_factory=dict)
    percent_prefixes: dict[Text, Text]
    """Prefix → the unit of the value (百分之 → %)."""
    lone: Lone
    leading_scale_needs_approx: tuple[Text, ...]
    decimal_points: tuple[Text, ...] = Field(min_length=1)
    group_separators: tuple[Text, ...]
    negative: Negative = Negative()


# ── pdf.yaml ────────────────────────────────────────────────────────────────


class Unruled(Data):
    rule_min_pt: float = Field(gt=0)
    rule_end_pt: float = Field(ge=0)
    fragment_gap_em: float = Field(gt=0)
    figure_gap_em: float = Field(gt=0)
    rows_by_rule_min_bands: PositiveInt
    line_end_slack_em: float = Field(ge=0)
    wrap_room_em: float = Field(ge=0)
    min_rows: PositiveInt
    min_filled_rows: NonNegativeInt
    text_min_levels: PositiveInt
    aligned_pair_min_texts: PositiveInt
    text_align_pt: float = Field(ge=0)
    grow_gap_em: float = Field(ge=0)
    join_gap_em: float = Field(ge=0)
    header_gap_em: float = Field(ge=0)
    rest_column_pt: float = Field(ge=0)
    page_top_rest_max_lines: PositiveInt
    caption_end: Regex
    caption_start: Regex
    figure_caption: Regex
    unit_note: Regex
    figure_follows: Regex
    list_marker: Regex
    bullet_marker: Regex
    currency_sign: Regex
    sentence_marks: Regex
    note_start: Regex
    math_marks: Regex
    equation_number: Regex
    prose_cell_min_chars: PositiveInt
    prose_line_min_em: float = Field(gt=0)
    prose_line_share: float = Field(gt=0, le=1)


class Charts(Data):
    tick_max_pt: float = Field(gt=0)
    tick_min_gap_pt: float = Field(gt=0)
    min_ticks: PositiveInt
    axis_min_pt: float = Field(gt=0)
    margin_em: float = Field(ge=0)
    diagonal_min_pt: float = Field(gt=0)


class Pdf(Data):
    page_number: Regexes
    """Matched case-insensitively."""
    binding_marks: Regex
    no_line_start: Text
    no_line_end: Text
    no_cell_start: Text
    """Full-width closing marks: a gap before one parts no two texts of a line."""
    quotes: Text
    number_units: tuple[Text, ...] = ()
    """Units that, starting a line after a number, keep the two lines one paragraph."""
    unruled: Unruled
    charts: Charts


# ── scan.yaml ───────────────────────────────────────────────────────────────


class Scan(Data):
    min_distinct_terms: PositiveInt
    min_han_share: float = Field(ge=0, le=1)
    search_chars: PositiveInt
    report_terms: tuple[Text, ...] = Field(min_length=1)


# ── sections.yaml ───────────────────────────────────────────────────────────


class Numbering(Data):
    level: PositiveInt
    regex: Regex
    resets_nesting: bool = False


class Sections(Data):
    max_heading_chars: PositiveInt
    sentence_endings: tuple[Text, ...]
    numbering: tuple[Numbering, ...] = Field(min_length=1)
    ordinals: Text
    """Characters, in order."""


# ── standards.yaml ──────────────────────────────────────────────────────────


class FromText(Data):
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


class Band(Data):
    min: Bound | None = None
    max: Bound | None = None
    points: Score | Literal["full"] | None = None
    share: Share | None = None

    @model_validator(mode="after")
    def _one_award(self) -> Band:
        if (self.points is None) == (self.share is None):
            raise ValueError("a band gives either `points` or `share`")
        return self


class ByLimit(Data):
    kind: Literal["over_limit", "under_limit"]
    limit: Value
    per_point: Value


class ByBands(Data):
    kind: Literal["bands"]
    bands: tuple[Band, ...] = Field(min_length=1)


class Proportional(Data):
    kind: Literal["proportional"]


class PrintedBands(Data):
    kind: Literal["printed_bands"]


StandardScoring = Annotated[
    ByLimit | ByBands | Proportional | PrintedBands, Field(discriminator="kind")
]


class Standard(Data):
    id: Text
    indicators: tuple[Text, ...] = Field(min_length=1)
    measure: Measure
    max: Score | None = None
    standard_has: tuple[Text, ...] = ()
    standard_any: tuple[Text, ...] | None = None
    scoring: StandardScoring


class PrintedPoints(Data):
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


class Standards(Data):
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


# ── statements.yaml, tables.yaml: in statements_tables.py ──────────────────


# ── units.yaml ──────────────────────────────────────────────────────────────


class Unit(Data):
    unit: Text
    kind: UnitKind
    canonical: Text | None = None
    cn: bool = True
    cn_before: tuple[Text, ...] = ()
    """Words after the unit that make it a figure after a lone Chinese numeral (三年内)."""
    not_before: str = ""
    """Characters."""
    ascii: bool = False


class UnitNorm(Data):
    unit: Text
    factor: Decimal = Field(gt=0)


class WordNumber(Data):
    word: Text
    unit: Text
    value: Decimal
    after: Text | None = None


class PerOnlyUnit(Data):
    unit: Text
    not_before: str = ""


Op = Literal["=", ">", ">=", "<", "<="]


class NumberMarker(Data):
    approx: bool = False
    op: Op = "="
    not_after: str = ""
    """Characters."""
    not_before: str = ""
    """Characters."""
    not_units: tuple[Text, ...] = ()
    kinds: tuple[UnitKind | Literal["scale"], ...] = ()
    """Read only after a unit of these kinds; ``scale`` is a bare 万/亿 (过2亿)."""


class ShareBounds(Data):
    """A bound word before a share "of" something: 未及岁入审定数二成, 超过全年预算的80%."""

    markers: tuple[Text, ...] = Field(min_length=1)
    gap_max: PositiveInt
    gap_ends: str
    """Characters, one of which ends the words in between (的, 数)."""
    kinds: tuple[UnitKind, ...] = Field(min_length=1)


class Units(Data):
    units: tuple[Unit, ...] = Field(min_length=1)
    scales: dict[Text, PositiveInt]
    unit_norms: dict[Text, UnitNorm] = Field(default_factory=dict)
    word_numbers: tuple[WordNumber, ...] = ()
    digit_string_units: tuple[Text, ...] = ()
    currency_prefixes: dict[Text, Text] = Field(default_factory=dict)
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
    share_bounds: ShareBounds | None = None
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
        reject_unknown(self.scales_alone or (), self.scales, "scales_alone: scales")
        reject_unknown(self.unit_norms, printed, "unit_norms: units")
        reject_unknown({w.unit for w in self.word_numbers}, printed, "word_numbers: units")
        reject_unknown(self.digit_string_units, printed, "digit_string_units: units")
        return self
