"""The per-block index the narrative rules use for every figure (issue 17: linear time)."""

from __future__ import annotations

from extractor.rules.textindex import BlockIndex

TEXT = "较2019年增加5万元；２０２３年 支出10万元，其中2022年结转3万元。本年收入20万元"


def test_years_named_not_compared_in_comparison_form():
    idx = BlockIndex.of(TEXT)
    # 较2019年 is a comparison, not a year the text is about; full-width digits and a
    # space before 年 are read in comparison form
    assert idx.years == ["2023", "2022"]
    start = TEXT.index("２０２３")
    assert idx.year_starts[0] == start
    assert idx.year_ends[0] == TEXT.index("年 支出") + 1


def test_sentence_clause_and_full_stop_starts():
    idx = BlockIndex.of(TEXT)
    ten = TEXT.index("10万元")
    assert idx.start_of(ten, "sentence") == TEXT.index("２０２３")
    assert idx.start_of(ten, "clause") == TEXT.index("２０２３")
    assert idx.start_of(ten, "full") == 0
    three = TEXT.index("3万元")
    assert idx.start_of(three, "clause") == TEXT.index("其中")
    twenty = TEXT.index("20万元")
    assert idx.start_of(twenty, "sentence") == TEXT.index("本年")


def test_last_year_inside_a_span_only():
    idx = BlockIndex.of(TEXT)
    three = TEXT.index("3万元")
    sentence = idx.start_of(three, "sentence")
    assert idx.last_year(sentence, three) == "2022"
    twenty = TEXT.index("20万元")
    assert idx.last_year(idx.start_of(twenty, "sentence"), twenty) is None
    five = TEXT.index("5万元")
    assert idx.last_year(0, five) is None
