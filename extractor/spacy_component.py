"""Optional spaCy component (the ``[spacy]`` extra): figures as entity spans.

file → Document → extractors … — this module is not part of that pipeline; it
offers the same number reader (``extractor.numbers``) to people who run their
own spaCy pipelines over Chinese text::

    import spacy
    nlp = spacy.blank("zh")                 # character segmenter: nothing downloads
    nlp.add_pipe("budget_figures")          # registered by the package's entry point
    doc = nlp("全年办理2925件，实现地方税收332.01万元")
    [(e.text, e.label_, e._.quantity.value) for e in doc.ents]
    # [('2925件', 'QUANTITY', Decimal('2925')), ('332.01万元', 'MONEY', Decimal('332.01'))]

Each figure becomes an entity (``MONEY`` for amounts, ``PERCENT`` for
percentages and points, ``QUANTITY`` otherwise) with the ``Quantity`` in
``span._.quantity``; ``doc._.figures`` lists them all.  ``blank_pipeline()``
builds a ``spacy.blank("zh")`` pipeline with the component, using the
character segmenter (default) or jieba (``segmenter="jieba"``, already a
dependency); pkuseg, which needs a model download, is never used.  With a word
segmenter an entity covers whole tokens, so it may be wider than the figure;
``span._.quantity.raw`` and its offsets stay exact.
"""

from __future__ import annotations

from typing import Any

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import filter_spans
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "extractor.spacy_component needs spaCy — install it with: pip install 'extractor[spacy]'"
    ) from exc

from . import numbers

FACTORY = "budget_figures"
LABELS = {"money": "MONEY", "percent": "PERCENT", "percent_point": "PERCENT"}
DEFAULT_LABEL = "QUANTITY"

if not Span.has_extension("quantity"):
    Span.set_extension("quantity", default=None)
if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)


def entity_label(q: numbers.Quantity) -> str:
    """The entity label of a quantity: MONEY, PERCENT or QUANTITY."""
    if q.kind in LABELS:
        return LABELS[q.kind]
    if q.kind == "scale" and q.unit and q.unit[-1:] in ("万", "亿"):
        return "MONEY" if q.unit.endswith("元") else DEFAULT_LABEL
    return DEFAULT_LABEL


class FiguresComponent:
    """Sets ``doc.ents`` to the figures of ``doc.text`` (keeping other entities that do not overlap)."""

    def __init__(self, nlp: Language, name: str, overwrite_ents: bool, bare: bool) -> None:
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.bare = bare

    def __call__(self, doc: Doc) -> Doc:
        found = numbers.find(doc.text, bare=self.bare)
        spans: list[Span] = []
        for q in found:
            span = doc.char_span(q.start, q.end, label=entity_label(q), alignment_mode="expand")
            if span is None:
                continue
            span._.quantity = q
            spans.append(span)
        doc._.figures = found
        if self.overwrite_ents:
            doc.ents = filter_spans(spans)
        else:
            # ours first: filter_spans keeps the longest, then the earliest in the list
            doc.ents = filter_spans(spans + list(doc.ents))
        return doc


@Language.factory(FACTORY, default_config={"overwrite_ents": False, "bare": False})
def make_figures_component(
    nlp: Language, name: str, overwrite_ents: bool, bare: bool
) -> FiguresComponent:
    """spaCy factory ``budget_figures`` (also registered as a ``spacy_factories`` entry point)."""
    return FiguresComponent(nlp, name, overwrite_ents, bare)


def blank_pipeline(segmenter: str = "char", **config: Any) -> Language:
    """``spacy.blank("zh")`` with the figures component; ``segmenter`` is ``char`` or ``jieba``."""
    import spacy

    if segmenter not in ("char", "jieba"):
        raise ValueError(
            f"segmenter {segmenter!r}: use 'char' or 'jieba' (pkuseg needs a model download)"
        )
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    nlp.add_pipe(FACTORY, config=dict(config))
    return nlp
