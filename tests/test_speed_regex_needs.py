"""``regex_needs.needs``: a text without any of the characters it names has no match, so the
non-figure masks may skip a pattern (issue 18) and find the same spans."""

from __future__ import annotations

import re

import pytest

from extractor import number_grammar
from extractor.regex_needs import needs


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<![0-9])20[0-9]{2}年", "2"),  # one character every match holds (the first found)
        (r"第[0-9]+章", "第"),
        (r"(?:民国|1[01])[0-9]年", "年"),
        (r"(?:民国|1[01])[0-9]", "民1"),  # one of the branches' characters
        (r"(?:约|)[0-9]+", "0123456789"),  # the empty branch needs nothing; the digits do
        (r"(?:a|b.)", "ab"),
        (r"\d+年", "年"),
        (r"年?月", "月"),
        (r"[^a]+", None),  # anything may match: never skipped
        (r"(?i)abc", None),
        (r"[\u4e00-\u9fff]+", None),
        (r".+", None),
        (r"年?", None),
    ],
)
def test_needs(pattern: str, expected: str | None) -> None:
    assert needs(re.compile(pattern)) == (frozenset(expected) if expected is not None else None)


@pytest.mark.parametrize("shape", number_grammar.grammar().shapes, ids=lambda s: s.name)
def test_every_match_of_a_shape_holds_a_needed_character(shape) -> None:
    """Each non-figure shape against texts that match it: the needed set is in every match."""
    if shape.needs is None:
        pytest.skip("searched always")
    texts = [
        "2023年度预算1200万元，2022-2023年完成85%，第3章第二节",
        "3月15日下午14:30在（2023）12号文件，电话0371-12345678，网址www.a.cn",
        "近三年、前5名、第十四届人大二次会议、三个方面、5项规定、1、2、（3）",
        "4.1. 1.2.3 A4纸 3+2 5×8小时 1/2 三分之一《通知2021》“2年”全年365天",
        "民国110年 110至111年 七十年度 85年度 203年3月 06年 2023/3/15 2023.3",
        "编号12345 热线12345 拨打12345 附件3 第1、2项 同一 唯一案 24小时 ×3%",
    ]
    for text in texts:
        for m in shape.regex.finditer(text):
            if m.end() > m.start():
                assert not shape.needs.isdisjoint(m.group(0)), (shape.name, m.group(0))


def test_masks_skip_nothing_they_would_find() -> None:
    """The spans found with the skipping are those every shape finds on its own."""
    g = number_grammar.grammar()
    text = "2023年3月15日第十四届人大二次会议决定投入资金120万元，完成率98.5%，覆盖5个方面"
    number_grammar.nonfigure_spans.cache_clear()
    found = number_grammar.nonfigure_spans(text)
    plain = [
        (m.start(), m.end(), s.name)
        for s in g.shapes
        for m in s.regex.finditer(text)
        if m.end() > m.start() and not s.except_units
    ]
    assert {(s, e, n) for s, e, n, _ in found} >= set(plain)
    assert any(n == "year" for _, _, n, _ in found)
