"""``numbers.find`` answers a text without a numeral character before making it plain (issue
18): what it finds is what reading every text in full finds."""

from __future__ import annotations

import random
import re

import pytest

from extractor import numbers
from extractor.number_grammar import grammar
from extractor.number_text import prepared

POOL = (
    "0123456789０１２３４５６７８９一二三四五六七八九十百千万亿两零〇壹贰叁肆伍陆柒捌玖拾佰仟"
    "萬億兩貳陸韆點個項餘約對半成折打元人次户个%％.．,，、和及至-"
    "年月日项目资金使用情况良好完成率达到预算执行本年度支出收入合计 　\nabcXYZ"
)


def test_the_numeral_characters_are_those_the_grammar_matches() -> None:
    g = grammar()
    held = numbers._may_hold_numbers()
    for code in range(0x20, 0x3000 + 0xD000):
        ch = chr(code)
        if g.numeral_chars.match(ch):
            assert held.match(ch), ch
    for ch in "萬億兩貳陸韆半对對":  # made numerals by prepared(), or words' characters
        assert held.match(ch), ch


def _texts() -> list[str]:
    rng = random.Random(18)
    return ["".join(rng.choice(POOL) for _ in range(rng.randint(1, 30))) for _ in range(4000)]


@pytest.mark.parametrize("bare", [False, True])
def test_find_as_reading_every_text(bare: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    numbers.clear_cache()
    fast = [numbers.find(t, bare=bare) for t in texts]
    numbers.clear_cache()
    every = re.compile("")  # matches any text: every text is read in full
    monkeypatch.setattr(numbers, "_may_hold_numbers", lambda: every)
    full = [numbers.find(t, bare=bare) for t in texts]
    numbers.clear_cache()
    assert fast == full
    assert sum(map(bool, full)) > 500  # the texts do hold quantities


def test_a_text_without_them_has_no_numeral_once_plain() -> None:
    g = grammar()
    held = numbers._may_hold_numbers()
    for text in _texts():
        if held.search(text) is None:
            plain, _ = prepared(text, g.traditional)
            assert g.numeral_chars.search(plain) is None, text
            assert g.word_numbers is None or g.word_numbers.search(plain) is None, text
