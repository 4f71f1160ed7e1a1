"""Word segmentation for figure labels: jieba's dictionary, without jieba's start-up.

``jieba.lcut(text, HMM=False)`` is a dictionary walk: every dictionary word that starts at each
character, then the most probable path (the sum of the words' log frequencies).  jieba itself
spends about a second of a process's start on it — importing its HMM tables, unmarshalling a
prefix dictionary twice the size of the dictionary — before the first label.  This module does
the same walk over the same ``dict.txt`` (found next to the installed jieba package, which is
not imported) and gives the same words (``tests/test_segment.py`` compares them on the corpora).

The table maps ``word → freq × 64 + tag``: its part-of-speech tag (what ``jieba.posseg``
reads from the same file) rides in the low bits.  It is parsed once and kept as a marshal file
in the user's cache folder, keyed by the dictionary file's size and modification time (a cache
that cannot be written is parsed again next time); a process makes dicts of only the words
starting with the characters it segments (``Table``).
"""

from __future__ import annotations

import array
import functools
import importlib.util
import marshal
import math
import re
from pathlib import Path

from .patterns import cache_dir, write_cache

TAG_BITS = 6
"""Low bits of a table value holding the word's tag index (jieba's dictionary has < 64 tags)."""

_HAN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_SKIP = re.compile(r"(\r\n|\s)")
_ENG = re.compile(r"[a-zA-Z0-9]")


def dictionary_file() -> Path:
    """jieba's ``dict.txt``, located without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed (pip install jieba)")
    return Path(spec.origin).parent / "dict.txt"


def _parse(text: str) -> tuple[dict[str, int], list[str]]:
    tags: list[str] = []
    index: dict[str, int] = {}
    table: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.strip().split(" ")
        if len(parts) < 2:
            continue
        tag = parts[2] if len(parts) > 2 else "x"
        if tag not in index:
            index[tag] = len(tags)
            tags.append(tag)
        table[parts[0]] = (int(parts[1]) << TAG_BITS) | index[tag]
    return table, tags


class Table:
    """jieba's dictionary as ``word → freq × 64 + tag``, in buckets by the word's first
    character, each made a dict the first time a word starting with it is looked up.  Every
    lookup of the walk is a word starting at one character, and a report asks for a few
    hundred first characters of the 12,000: a check reads about a fifth of the dictionary
    (20 ms), not the whole of it (120 ms for a dict of 349,000 words)."""

    def __init__(
        self, index: dict[str, tuple[int, int, int]], words: str, values: array.array
    ) -> None:
        self._index = index
        """first character → (where its words start and end in ``words``, its first value)"""
        self._words = words
        self._values = values
        self._buckets: dict[str, dict[str, int]] = {}
        self._longest: dict[str, int] = {}
        self._scores: dict[str, tuple[dict[str, float], tuple[int, ...]]] = {}

    def bucket(self, first: str) -> dict[str, int]:
        """The words starting with ``first``."""
        b = self._buckets.get(first)
        if b is None:
            at = self._index.get(first)
            if at is None:
                b = {}
            else:
                start, end, v = at
                words = self._words[start:end].split("\n")
                b = dict(zip(words, self._values[v : v + len(words)], strict=True))
            self._buckets[first] = b
            self._longest[first] = max(map(len, b), default=0)
        return b

    def scores(self, first: str, logtotal: float) -> tuple[dict[str, float], tuple[int, ...]]:
        """The words starting with ``first`` that have a frequency, each with the log of its
        frequency less ``logtotal`` (the log of the dictionary's total), and their lengths in
        rising order (a walk looks up only slices of those lengths)."""
        got = self._scores.get(first)
        if got is None:
            scores = {
                w: math.log(v >> TAG_BITS) - logtotal
                for w, v in self.bucket(first).items()
                if v >> TAG_BITS > 0
            }
            got = self._scores[first] = (scores, tuple(sorted({len(w) for w in scores})))
        return got

    def longest(self, first: str) -> int:
        """The length of the longest word starting with ``first`` (after ``bucket(first)``)."""
        return self._longest[first]

    def get(self, word: str, default: int | None = None) -> int | None:
        return self.bucket(word[0]).get(word, default) if word else default


def _pack(table: dict[str, int]) -> tuple[dict[str, tuple[int, int, int]], str, bytes]:
    """(first character → (start, end, first value), the words grouped by first character and
    joined by newlines, their values as 64-bit integers)."""
    items = sorted(table.items(), key=lambda kv: kv[0][0])
    index: dict[str, tuple[int, int, int]] = {}
    parts: list[str] = []
    offset = 0
    for i, (w, _) in enumerate(items):
        first = w[0]
        start, _, v = index.get(first, (offset, 0, i))
        index[first] = (start, offset + len(w), v)
        parts.append(w)
        offset += len(w) + 1
    values = array.array("q", (v for _, v in items))
    return index, "\n".join(parts), values.tobytes()


def _cache_file() -> Path:
    st = dictionary_file().stat()
    return cache_dir() / f"segment3-{st.st_size}-{int(st.st_mtime)}.marshal"


@functools.cache
def _table() -> tuple[Table, list[str], float, int]:
    """(the bucketed table, tags, log of the total frequency, longest word)."""
    cache = _cache_file()
    try:
        index, words, values, tags, logtotal, longest = marshal.loads(cache.read_bytes())
        if not isinstance(index, dict) or not isinstance(words, str):
            raise ValueError("not a segment table")
    except (OSError, EOFError, ValueError, TypeError):
        table, tags = _parse(dictionary_file().read_text(encoding="utf-8"))
        logtotal = math.log(sum(v >> TAG_BITS for v in table.values()))
        longest = max(map(len, table))
        index, words, values = _pack(table)
        # the caches of other dictionaries go: each reinstall of jieba gives its file a new time
        payload = marshal.dumps((index, words, values, tags, logtotal, longest))
        write_cache(cache, payload, "segment*.marshal")
    arr = array.array("q")
    arr.frombytes(values)
    return Table(index, words, arr), tags, float(logtotal), int(longest)


def _walk(block: str) -> list[str]:
    """jieba's ``__cut_DAG_NO_HMM`` on one run of han/letters/digits.

    jieba builds the DAG (every dictionary word starting at each character), then the best
    route from the end backwards; here both are one backward pass, each word's log frequency
    less the log of the total taken once per word (``Table.scores``), the same floats added in
    the same order, ties going to the longer word as ``max`` over (score, end) gives them."""
    table, _, logtotal, _ = _table()
    n = len(block)
    score = [0.0] * (n + 1)
    ends = [0] * (n + 1)
    alone = 0.0 - logtotal  # a character jieba does not know: log(1)
    for k in range(n - 1, -1, -1):
        first = block[k]
        scores, sizes = table.scores(first, logtotal)
        best_end = -1
        best = 0.0
        room = n - k
        for size in sizes:  # the lengths of its words, shortest first
            if size > room:
                break
            s = scores.get(block[k : k + size])
            if s is not None:
                s += score[k + size]
                if best_end < 0 or s >= best:
                    best, best_end = s, k + size - 1
        if best_end < 0:
            best, best_end = alone + score[k + 1], k
        score[k] = best
        ends[k] = best_end
    words: list[str] = []
    buf = ""
    x = 0
    while x < n:
        y = ends[x] + 1
        word = block[x:y]
        if len(word) == 1 and _ENG.match(word):
            buf += word
        else:
            if buf:
                words.append(buf)
                buf = ""
            words.append(word)
        x = y
    if buf:
        words.append(buf)
    return words


def cut(text: str) -> list[str]:
    """The words of ``text`` exactly as ``jieba.lcut(text, HMM=False)`` gives them."""
    out: list[str] = []
    for blk in _HAN.split(text):
        if not blk:
            continue
        if _HAN.match(blk):
            out.extend(_walk(blk))
        else:
            for x in _SKIP.split(blk):
                if _SKIP.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


def tag(word: str) -> str:
    """The word's part-of-speech tag in jieba's dictionary (``x`` for a word it lacks)."""
    table, tags, _, _ = _table()
    v = table.get(word)
    return "x" if v is None else tags[v & ((1 << TAG_BITS) - 1)]


def load() -> None:
    """Read the table now (a worker warms it before its first file)."""
    _table()
