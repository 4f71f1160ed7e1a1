"""Models of patterns/kinds.yaml: what a document is (a module of its own, so that a ``check``
imports only the few models it validates, issue 18)."""

from __future__ import annotations

from pydantic import Field, NonNegativeInt, PositiveInt

from ..report import Kind
from ._base import Data, Regex, Regexes, Text

# ── kinds.yaml ──────────────────────────────────────────────────────────────


class KindRule(Data):
    kind: Kind
    title: Regexes = Field(min_length=1)
    override: bool = False


class TopicPage(Data):
    """A short page on one topic (the 三公 money) that names the genre of only one side."""

    name: Text
    """The topic, for the decision."""
    about: Regexes = Field(min_length=1)
    """What the page is about; every pattern must match."""
    genres: dict[Kind, Regex] = Field(min_length=2)
    """Each kind's genre word; exactly one found decides."""


class Kinds(Data):
    title_chars: PositiveInt
    min_finance_terms: NonNegativeInt
    kinds: tuple[KindRule, ...]
    body: dict[Kind, Regexes]
    """Report words of each kind, as regular expressions over the NFKC text without
    whitespace; every match counts one."""
    finance_terms: tuple[Text, ...]
    news: Regexes = ()
    """Marks of a press report (记者, 报道): with no title and few report words, ``other``."""
    byline: Regexes = ()
    """A press report's byline or dateline ((总台央视记者王楠), 新华社北京3月31日电): with no
    title heading and no disclosure or self-evaluation table, ``other`` whatever its words."""
    indicator_row: Regex | None = None
    """A one-cell row naming a scoring indicator (决算公开(2分)): never a title row."""
    topic_pages: tuple[TopicPage, ...] = ()
    """With no title and too few report words: a page on one topic naming one genre only."""
    substance: Regexes = ()
    """What a finance report holds somewhere (an amount in 元, a score, a decimal figure): a
    document decided by its words alone with none of them is ``other``."""
