"""patterns/statements.yaml and patterns/kinds.yaml as typed, validated data (records stage).

The YAML is read once through ``extractor.patterns`` and checked here: unknown
fields, a relation naming a column key that no synonym defines, a cross-table
identity naming a schema that does not exist, or a regular expression that does
not compile are errors at load time, not surprises on the hundredth document.
"""

from __future__ import annotations

import functools
import re
from typing import TypeVar

from pydantic import BaseModel, model_validator

from .. import patterns
from ..errors import PatternError
from ..loaders.normalize import key
from ..pattern_models.kinds import KindRule as _KindRuleShape
from ..pattern_models.kinds import Kinds
from ..pattern_models.statements_tables import (  # noqa: F401 - Relation, SideRelation re-exported
    SideRelation,
    Statements,
    StatementSchema,
)
from ..pattern_models.statements_tables import StatementRelation as Relation  # noqa: F401


class Schema(StatementSchema):
    """A schema of patterns/statements.yaml (its shape: ``pattern_models``), with its
    compiled title patterns."""

    @functools.cached_property
    def title_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.title)

    @functools.cached_property
    def not_title_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.not_title)


class StatementPatterns(Statements):
    """patterns/statements.yaml: the shape of ``pattern_models.Statements`` with its schemas
    compiled, and how its parts refer to each other checked."""

    schemas: tuple[Schema, ...]

    @model_validator(mode="after")
    def _consistent(self) -> StatementPatterns:
        ids = [s.id for s in self.schemas]
        if len(set(ids)) != len(ids):
            raise ValueError(f"schema ids repeat: {ids}")
        for s in self.schemas:
            for r in s.relations:
                unknown = {r.columns, *r.parts} - set(self.columns)
                if unknown:
                    raise ValueError(f"{s.id}: relation names unknown column keys {unknown}")
            if s.widened is not None:
                named = {*s.widened.with_, *s.widened.rename, *s.widened.rename.values()}
                if unknown := named - set(self.columns):
                    raise ValueError(f"{s.id}: widened names unknown column keys {unknown}")
            for p in (*s.title, *s.not_title):
                re.compile(p)
        for c in self.cross:
            for ref in (c.a, c.b):
                schema = ref.split("|")[0].split(".")[0]
                if schema not in ids:
                    raise ValueError(f"cross identity {ref!r} names no schema")
        for p in (*self.empty_notes, self.unit_row):
            re.compile(p)
        return self

    @functools.cached_property
    def column_synonyms(self) -> tuple[tuple[str, str], ...]:
        """(synonym key form, column key), longest synonyms first."""
        pairs = [(key(s), k) for k, syns in self.columns.items() for s in syns]
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))

    @functools.cached_property
    def group_synonyms(self) -> tuple[tuple[str, str], ...]:
        pairs = [(key(s), g) for g, syns in self.groups.items() for s in syns]
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))

    @functools.cached_property
    def empty_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.empty_notes)

    @functools.cached_property
    def unit_row_re(self) -> re.Pattern[str]:
        return re.compile(self.unit_row)

    @functools.cached_property
    def derived_re(self) -> re.Pattern[str] | None:
        return re.compile(self.derived_column) if self.derived_column else None

    def schema(self, schema_id: str) -> Schema:  # type: ignore[override]  # not pydantic's
        return next(s for s in self.schemas if s.id == schema_id)


class KindRule(_KindRuleShape):
    """A kind of patterns/kinds.yaml (its shape: ``pattern_models``), its title compiled."""

    @functools.cached_property
    def title_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.title)


class KindPatterns(Kinds):
    """patterns/kinds.yaml: the shape of ``pattern_models.Kinds`` with its kinds compiled."""

    kinds: tuple[KindRule, ...]

    @functools.cached_property
    def news_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.news)

    @functools.cached_property
    def body_res(self) -> dict[str, tuple[re.Pattern[str], ...]]:
        return {k: tuple(re.compile(p) for p in words) for k, words in self.body.items()}

    @functools.cached_property
    def byline_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.byline)

    @functools.cached_property
    def substance_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.substance)

    def is_indicator(self, text: str) -> bool:
        """Is ``text`` a scoring indicator with its points (决算公开(2分)), never a title?"""
        return (
            self.indicator_row is not None and re.search(self.indicator_row, key(text)) is not None
        )


_M = TypeVar("_M", bound=BaseModel)


def _validated(name: str, model: type[_M]) -> _M:
    try:
        return model.model_validate(patterns.load(name))
    except (ValueError, re.error) as exc:
        raise PatternError(f"patterns/{name}.yaml", str(exc).replace("\n", " ")) from exc


@functools.cache
def statement_patterns() -> StatementPatterns:
    return _validated("statements", StatementPatterns)


@functools.cache
def kind_patterns() -> KindPatterns:
    return _validated("kinds", KindPatterns)
