"""The label segmenter is jieba's dictionary walk without jieba's start-up (issue 18): it must
give exactly jieba's words (``jieba.lcut(text, HMM=False)``) and tags on real text."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest

from extractor import segment
from extractor.loaders.text import decode

ROOT = Path(__file__).resolve().parent.parent
TEXTS = (
    sorted((ROOT / "corpus" / "real").glob("*.txt"))
    + sorted((ROOT / "corpus" / "synthetic").glob("*.txt"))[:6]
)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_the_same_words_as_jieba(path: Path) -> None:
    jieba.setLogLevel(logging.WARNING)
    text, _, _ = decode(path.read_bytes(), path)  # the synthetic files use several encodings
    lines = [ln for ln in text.split("\n") if ln.strip()]
    assert lines
    for line in lines:
        assert segment.cut(line) == jieba.lcut(line, HMM=False), line[:80]


def test_mixed_scripts_digits_and_spaces() -> None:
    text = "2023年度部门预算 收入合计1,234.56万元（ABC公司）\t增长 9.1%。Web页面abc123"
    assert segment.cut(text) == jieba.lcut(text, HMM=False)


def test_tags_are_jieba_dictionary_tags() -> None:
    lines = segment.dictionary_file().read_text(encoding="utf-8").splitlines()
    for line in lines[::997]:  # a spread of the dictionary, read here independently
        word, _, tag = line.split(" ")
        assert segment.tag(word) == tag, word
    assert segment.tag("不在词典里的词xyz") == "x"


def test_buckets_hold_every_word_once() -> None:
    table, _, _, _ = segment._table()
    lines = segment.dictionary_file().read_text(encoding="utf-8").splitlines()
    words = [line.split(" ")[0] for line in lines]
    firsts = {w[0] for w in words}
    assert sum(len(table.bucket(c)) for c in firsts) == len(set(words))
    assert table.bucket("\x00") == {} and table.get("") is None


def test_the_table_is_cached_and_a_broken_cache_is_rebuilt(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    segment._table.cache_clear()
    stale = tmp_path / "extractor" / "segment2-5071852-1.marshal"  # an earlier install's
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    try:
        segment.load()
        (cache,) = (tmp_path / "extractor").glob("segment*.marshal")
        assert cache != stale  # written anew, the stale one removed
        cache.write_bytes(b"not marshal")
        segment._table.cache_clear()
        assert segment.cut("本年支出合计") == jieba.lcut("本年支出合计", HMM=False)
        assert cache.read_bytes() != b"not marshal"
    finally:
        segment._table.cache_clear()
