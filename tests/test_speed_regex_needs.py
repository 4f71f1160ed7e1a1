"""``regex_needs.needs``: a text missing every character of a set it names has no match, so
the non-figure masks may skip a pattern (issue 18) and find the same spans."""

from __future__ import annotations

import re

import pytest

from extractor import number_grammar
from extractor.regex_needs import needs

DIGITS = "0123456789"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"第[0-9]+章", ["第", "章", DIGITS]),
        (r"(?<![0-9])20年", ["2", "0", "年"]),  # a negative lookbehind needs nothing
        (r"(?:民国|1[01])年", ["民1", "年"]),  # one of the branches' characters
        (r"(?:约|)[0-9]+", [DIGITS]),  # the empty branch needs nothing
        (r"(?:a|b.)", ["ab"]),
        (r"[0-9]+(?=万元)", [DIGITS, "万", "元"]),  # a lookahead's words are in the text too
        (r"(?:(?<=近)|(?<=过去))[0-9]年", ["近过", DIGITS, "年"]),
        (r"\d+年", ["年"]),  # \d is any digit of any script: nothing told
        (r"年?月", ["月"]),
        (r"[^a]+", None),  # anything may match: never skipped
        (r"(?i)abc", None),
        (r"[\u4e00-\u9fff]+", None),
        (r".+", None),
        (r"年?", None),
    ],
)
def test_needs(pattern: str, expected: list[str] | None) -> None:
    found = needs(re.compile(pattern))
    if expected is None:
        assert found is None
    else:
        assert found is not None and set(found) == {frozenset(e) for e in expected}


TEXTS = [
    "2023年度预算1200万元，2022-2023年完成85%，第3章第二节",
    "3月15日下午14:30在（2023）12号文件，电话0371-12345678，网址www.a.cn",
    "近三年、前5名、第十四届人大二次会议、三个方面、5项规定、1、2、（3）",
    "4.1. 1.2.3 A4纸 3+2 5×8小时 1/2 三分之一《通知2021》“2年”全年365天",
    "民国110年 110至111年 七十年度 85年度 203年3月 06年 2023/3/15 2023.3",
    "编号12345 热线12345 拨打12345 附件3 第1、2项 同一 唯一案 24小时 ×3%",
]


@pytest.mark.parametrize("shape", number_grammar.grammar().shapes, ids=lambda s: s.name)
def test_a_text_a_shape_matches_holds_what_it_needs(shape) -> None:
    for text in TEXTS:
        if any(m.end() > m.start() for m in shape.regex.finditer(text)):
            assert not number_grammar._lacks(set(text), shape.needs), (shape.name, text)


def test_masks_skip_nothing_they_would_find() -> None:
    """The spans found with the skipping are those every shape finds on its own."""
    g = number_grammar.grammar()
    for text in [*TEXTS, "2023年3月15日第十四届人大二次会议决定投入资金120万元，完成率98.5%"]:
        number_grammar.nonfigure_spans.cache_clear()
        found = {(s, e, n) for s, e, n, _ in number_grammar.nonfigure_spans(text)}
        every = {
            (m.start(), m.end(), s.name)
            for s in g.shapes
            for m in s.regex.finditer(text)
            if m.end() > m.start() and not s.except_units
        }
        assert found >= every
        assert found - every <= {x for x in found if x[2] in ("idiom", "model_number")}
    assert any(n == "year" for _, _, n in found)
