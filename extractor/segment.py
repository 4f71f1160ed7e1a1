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

    def __init__(self, firsts: str, bounds: array.array, words: bytes, values: array.array) -> None:
        self._index = dict(zip(firsts, range(len(firsts)), strict=True))
        """first character → its place in ``firsts``"""
        self._bounds = bounds
        """per first character: where its words start and end in ``words`` (bytes), its first
        value"""
        self._words = words
        self._values = values
        self._buckets: dict[str, dict[str, int]] = {}
        self._longest: dict[str, int] = {}
        self._sizes: dict[str, tuple[int, ...]] = {}

    def bucket(self, first: str) -> dict[str, int]:
        """The words starting with ``first``."""
        b = self._buckets.get(first)
        if b is None:
            at = self._index.get(first)
            if at is None:
                b = {}
            else:
                start, end, v = self._bounds[3 * at : 3 * at + 3]
                words = self._words[start:end].decode("utf-8").split("\n")
                b = dict(zip(words, self._values[v : v + len(words)], strict=True))
            self._buckets[first] = b
            sizes = tuple(sorted(set(map(len, b))))
            self._sizes[first] = sizes
            self._longest[first] = sizes[-1] if sizes else 0
        return b

    def sizes(self, first: str) -> tuple[int, ...]:
        """The lengths of the words starting with ``first``, rising (after ``bucket(first)``):
        a walk looks up only slices of those lengths."""
        return self._sizes[first]

    def longest(self, first: str) -> int:
        """The length of the longest word starting with ``first`` (after ``bucket(first)``)."""
        return self._longest[first]

    def get(self, word: str, default: int | None = None) -> int | None:
        return self.bucket(word[0]).get(word, default) if word else default


def _pack(table: dict[str, int]) -> tuple[str, bytes, bytes, bytes]:
    """(the first characters, per first character where its words start and end in the
    words and its first value as 64-bit integers, the words grouped by first character and
    joined by newlines in UTF-8, their values as 64-bit integers).  Bytes and flat arrays:
    a cold start reads them in a few milliseconds, not the 10 of a dict and a str."""
    items = sorted(table.items(), key=lambda kv: kv[0][0])
    firsts: list[str] = []
    bounds = array.array("q")
    parts: list[bytes] = []
    offset = 0
    for i, (w, _) in enumerate(items):
        data = w.encode("utf-8")
        if not firsts or firsts[-1] != w[0]:
            firsts.append(w[0])
            bounds.extend((offset, 0, i))
        bounds[-2] = offset + len(data)
        parts.append(data)
        offset += len(data) + 1
    values = array.array("q", (v for _, v in items))
    return "".join(firsts), bounds.tobytes(), b"\n".join(parts), values.tobytes()


def _cache_file() -> Path:
    st = dictionary_file().stat()
    return cache_dir() / f"segment4-{st.st_size}-{int(st.st_mtime)}.marshal"


@functools.cache
def _table() -> tuple[Table, list[str], float, int]:
    """(the bucketed table, tags, log of the total frequency, longest word)."""
    cache = _cache_file()
    try:
        firsts, bounds, words, values, tags, logtotal, longest = marshal.loads(cache.read_bytes())
        if not (isinstance(firsts, str) and isinstance(words, bytes)):
            raise ValueError("not a segment table")
        return _table_of(firsts, bounds, words, values), tags, float(logtotal), int(longest)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache, or not one this code wrote: the dictionary is parsed
    table, tags = _parse(dictionary_file().read_text(encoding="utf-8"))
    logtotal = math.log(sum(v >> TAG_BITS for v in table.values()))
    longest = max(map(len, table))
    firsts, bounds, words, values = _pack(table)
    # the caches of other dictionaries go: each reinstall of jieba gives its file a new time
    payload = marshal.dumps((firsts, bounds, words, values, tags, logtotal, longest))
    write_cache(cache, payload, "segment*.marshal")
    return _table_of(firsts, bounds, words, values), tags, float(logtotal), int(longest)


def _table_of(firsts: str, bounds: bytes, words: bytes, values: bytes) -> Table:
    """The Table of what ``_pack`` made."""
    b = array.array("q")
    b.frombytes(bounds)
    v = array.array("q")
    v.frombytes(values)
    if len(b) != 3 * len(firsts):
        raise ValueError("a segment table whose parts do not agree")
    return Table(firsts, b, words, v)


def _walk(block: str) -> list[str]:
    """jieba's ``__cut_DAG_NO_HMM`` on one run of han/letters/digits.

    jieba builds the DAG (every dictionary word starting at each character), then the best
    route from the end backwards; here both are one backward pass over the lengths of words
    each character starts (``Table.sizes``), the same floats added in the same order, ties
    going to the longer word as ``max`` over (score, end) gives them."""
    table, _, logtotal, _ = _table()
    n = len(block)
    score = [0.0] * (n + 1)
    ends = [0] * (n + 1)
    log = math.log
    for k in range(n - 1, -1, -1):
        first = block[k]
        bucket = table.bucket(first)
        best_end = -1
        best = 0.0
        room = n - k
        for size in table.sizes(first):  # shortest first
            if size > room:
                break
            freq = bucket.get(block[k : k + size], 0) >> TAG_BITS
            if freq > 0:
                s = log(freq) - logtotal + score[k + size]
                if best_end < 0 or s >= best:
                    best, best_end = s, k + size - 1
        if best_end < 0:  # a character jieba does not know: log(1)
            best, best_end = 0.0 - logtotal + score[k + 1], k
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
