"""A long text keyed again is answered from memory (issue 18), with the same key, and a
benchmark's ``numbers.clear_cache`` forgets it."""

from __future__ import annotations

from extractor import numbers
from extractor.loaders import normalize


def test_a_long_text_keyed_twice() -> None:
    numbers.clear_cache()
    text = "一、部门 基本情况\u3000（一）\t收入１２３万元。\n" * 40
    assert len(text) > normalize.KEY_CACHED_CHARS
    first = normalize.key(text)
    assert first == normalize._key(text) and " " not in first and "123" in first
    assert normalize.key(str(text)) is first  # remembered
    assert normalize._long_key.cache_info().currsize == 1
    numbers.clear_cache()
    assert normalize._long_key.cache_info().currsize == 0
    assert normalize.key(text + "x") == first + "x"
