"""The optional spaCy component (``[spacy]`` extra): figures as entity spans, no model download."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

spacy = pytest.importorskip(
    "spacy", reason="spaCy is not installed (optional): pip install 'extractor[spacy]' to test it"
)

from extractor import numbers  # noqa: E402
from extractor.loaders import load  # noqa: E402
from extractor.spacy_component import FACTORY, blank_pipeline, entity_label  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "corpus" / "seed.txt"


def test_registered_factory_in_a_blank_pipeline() -> None:
    nlp = spacy.blank("zh")  # character segmenter, nothing to download
    nlp.add_pipe(FACTORY)  # found through the package's spacy_factories entry point
    doc = nlp("全年办理2925件，实现地方税收332.01万元，办结率100％，拨打12345热线。")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("2925件", "QUANTITY"),
        ("332.01万元", "MONEY"),
        ("100％", "PERCENT"),
    ]
    money = doc.ents[1]._.quantity
    assert money.value == Decimal("332.01") and money.norm_value == Decimal("3320100")
    assert [q.raw for q in doc._.figures] == ["2925件", "332.01万元", "100％"]


def test_seed_paragraphs_same_as_the_number_reader() -> None:
    nlp = blank_pipeline()
    doc = load(SEED)
    checked = 0
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        sdoc = nlp(block.text)
        want = [(q.start, q.end, q.raw) for q in numbers.find(block.text)]
        got = [(e.start_char, e.end_char, e.text) for e in sdoc.ents]
        assert got == want, block.text
        checked += len(got)
    assert checked >= 40  # the seed's paragraphs hold 45 figures (corpus/seed.figures.gold.yaml)


def test_jieba_segmenter_spans_cover_the_figure() -> None:
    nlp = blank_pipeline("jieba")
    text = "今年共受理民生诉求3200件，约1.5亿元，满意度95%以上"
    doc = nlp(text)
    assert len(doc.ents) == 3
    for ent in doc.ents:
        q = ent._.quantity
        assert ent.start_char <= q.start and q.end <= ent.end_char
        assert text[q.start : q.end] == q.raw


def test_existing_entities_are_kept_unless_overwritten() -> None:
    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": [{"TEXT": c} for c in "政务中心"]}])
    nlp.add_pipe(FACTORY)
    doc = nlp("政务中心办件312件")
    assert [(e.text, e.label_) for e in doc.ents] == [("政务中心", "ORG"), ("312件", "QUANTITY")]

    nlp2 = spacy.blank("zh")
    ruler2 = nlp2.add_pipe("entity_ruler")
    ruler2.add_patterns([{"label": "ORG", "pattern": [{"TEXT": c} for c in "政务中心"]}])
    nlp2.add_pipe(FACTORY, config={"overwrite_ents": True})
    assert [e.text for e in nlp2("政务中心办件312件").ents] == ["312件"]


def test_entity_labels() -> None:
    assert entity_label(numbers.parse("3.2万")) == "QUANTITY"
    assert entity_label(numbers.parse("1.5亿元")) == "MONEY"
    assert entity_label(numbers.parse("2.1个百分点")) == "PERCENT"
    assert entity_label(numbers.parse("4万人次")) == "QUANTITY"


def test_no_segmenter_that_downloads() -> None:
    with pytest.raises(ValueError, match="pkuseg"):
        blank_pipeline("pkuseg")
