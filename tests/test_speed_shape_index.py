"""The non-figure masks search only the shapes a text's characters allow (issue 18): the
spans found, in their order, are those of searching every shape."""

from __future__ import annotations

import random
import re

from extractor import number_grammar

# characters the shapes look for (years, dates, ordinals, phones, formulas, quotes …) and
# others, so generated texts hit every shape now and then
POOL = (
    "0123456789０１２３４５６７８９"
    "年月日号时分秒第届次期季度号文件民国全天小时服务热线电话网址编号附件项章节"
    "一二三四五六七八九十百千万亿两零〇个名人次元%％.．、,，:：;；-－—~～至到/()（）《》“”"
    "+×xX*ABCabcwz ww.　\n估计约余多近前后以上下"
)


def _every_shape(text: str) -> tuple[tuple[int, int, str, bool], ...]:
    """What the masks find searching every shape, no characters told (the plain way)."""
    g = number_grammar.grammar()
    out: list[tuple[int, int, str, bool]] = []
    for shape in g.shapes:
        for m in shape.regex.finditer(text):
            if m.end() == m.start():
                continue
            if shape.except_units:
                letters = re.sub(r"^[0-9０-９]+", "", m.group(0))
                letters = letters[:-1] if letters.endswith("级") else letters
                if letters in g.ascii_units:
                    continue
            out.append((m.start(), m.end(), shape.name, shape.weak))
    if g.idioms is not None:
        for m in g.idioms.finditer(text):
            out.append((m.start(), m.end(), "idiom", False))
    return tuple(out)


def _texts() -> list[str]:
    rng = random.Random(18)
    fixed = [
        "2023年度预算1200万元，2022-2023年完成85%，第3章第二节",
        "3月15日下午14:30在（2023）12号文件，电话0371-12345678，网址www.a.cn",
        "民国110年 110至111年 全年365天 24小时服务热线 5×8小时 3+2 A4纸 1/2",
        "近三年、前5名、第十四届人大二次会议、三个方面、5项规定、1、2、（3）",
    ]
    out = list(fixed)
    for _ in range(3000):
        n = rng.randint(1, 40)
        out.append("".join(rng.choice(POOL) for _ in range(n)))
    # pieces of the fixed texts glued together: real shapes at random places
    for _ in range(1000):
        a, b = rng.choice(fixed), rng.choice(fixed)
        i, j = sorted(rng.sample(range(len(a)), 2))
        k = rng.randrange(len(b))
        out.append(a[i:j] + b[k : k + rng.randint(1, 20)])
    return out


def test_shapes_searched_find_what_every_shape_finds() -> None:
    found_any = 0
    for text in _texts():
        number_grammar.nonfigure_spans.cache_clear()
        expected = _every_shape(text)
        assert number_grammar.nonfigure_spans(text) == expected, text
        found_any += bool(expected)
    assert found_any > 1000  # the generated texts do hold shapes


def test_the_index_skips_shapes() -> None:
    """The index does skip: a text of Han characters without digits searches few shapes."""
    g = number_grammar.grammar()
    index = number_grammar._shape_index(g)
    held = 0
    for ch in set("项目资金使用情况良好"):
        held |= index.bits.get(ch, 0)
    assert len(index.searched(held)) < len(g.shapes) // 2
