"""``BlockIndex.of`` scans a block with regular expressions (issue 18): the same index as the
character-by-character scan it replaced, whether keying keeps the length or not."""

from __future__ import annotations

import pytest

from extractor.rules.textindex import (
    CLAUSE_END,
    FULL_STOP,
    SENTENCE_END,
    YEAR_AT,
    BlockIndex,
    _key_char,
)


def _by_character(text: str) -> BlockIndex:
    idx = BlockIndex(text)
    keyed: list[str] = []
    raw_of: list[int] = []
    for i, ch in enumerate(text):
        if ch in CLAUSE_END:
            idx.clause_ends.append(i)
            if ch in SENTENCE_END:
                idx.sentence_ends.append(i)
                if ch in FULL_STOP:
                    idx.full_stops.append(i)
        k = _key_char(ch)
        keyed.append(k)
        raw_of.extend([i] * len(k))
    for m in YEAR_AT.finditer("".join(keyed)):
        idx.year_starts.append(raw_of[m.start()])
        idx.year_ends.append(raw_of[m.end() - 1] + 1)
        idx.years.append(m.group(1))
    return idx


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2023年预算收入100万元，较2022年增长5%；2021年决算。完成！好？\n下一段:结束;",
        "２０２３年 预算 收入\u3000１００万元，2 0 2 2 年；较２０２１年。",  # keys shorter
        "㍻2023年，㎡面积１２㎏。2024 年\t完成",  # ㎡ ㎏ key to two characters
        "no years here, just text: a; b. c!",
    ],
)
def test_the_index_is_the_character_scan_s(text: str) -> None:
    assert BlockIndex.of(text) == _by_character(text)
