"""Word segmentation for figure labels: jieba's dictionary, without jieba's start-up.

``jieba.lcut(text, HMM=False)`` is a dictionary walk: every dictionary word that starts at each
character, then the most probable path (the sum of the words' log frequencies).  jieba itself
spends about a second of a process's start on it — importing its HMM tables, unmarshalling a
prefix dictionary twice the size of the dictionary — before the first label.  This module does
the same walk over the same ``dict.txt`` (found next to the installed jieba package, which is
not imported) and gives the same words (``tests/test_segment.py`` compares them on the corpora).

The table is one dict ``word → freq × 64 + tag``: its part-of-speech tag (what ``jieba.posseg``
reads from the same file) rides in the low bits.  It is parsed once and kept as a marshal file
in the user's cache folder, keyed by the dictionary file's size and modification time; a cache
that cannot be written is parsed again next time.
"""

from __future__ import annotations

import functools
import importlib.util
import marshal
import math
import os
import re
from pathlib import Path

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


@functools.cache
def _table() -> tuple[dict[str, int], list[str], float, int]:
    """(word → freq·64+tag, tags, log of the total frequency, longest word)."""
    path = dictionary_file()
    st = path.stat()
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "extractor"
    cache = cache_dir / f"segment2-{st.st_size}-{int(st.st_mtime)}.marshal"
    try:
        table, tags, logtotal, longest = marshal.loads(cache.read_bytes())
        if not isinstance(table, dict) or not isinstance(tags, list):
            raise ValueError("not a segment table")
    except (OSError, EOFError, ValueError, TypeError):
        table, tags = _parse(path.read_text(encoding="utf-8"))
        logtotal = math.log(sum(v >> TAG_BITS for v in table.values()))
        longest = max(map(len, table))
        try:  # a cache is a convenience: a read-only home just parses again next time
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps((table, tags, logtotal, longest)))
            tmp.replace(cache)
        except OSError:
            pass
    return table, tags, float(logtotal), int(longest)


def _walk(block: str) -> list[str]:
    """jieba's ``__cut_DAG_NO_HMM`` on one run of han/letters/digits."""
    table, _, logtotal, longest = _table()
    n = len(block)
    dag: list[list[int]] = []
    for k in range(n):
        ends = [
            k + size - 1
            for size in range(1, min(longest, n - k) + 1)
            if (table.get(block[k : k + size], 0) >> TAG_BITS) > 0
        ]
        dag.append(ends or [k])
    route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for idx in range(n - 1, -1, -1):
        route[idx] = max(
            (
                math.log((table.get(block[idx : x + 1], 0) >> TAG_BITS) or 1)
                - logtotal
                + route[x + 1][0],
                x,
            )
            for x in dag[idx]
        )
    words: list[str] = []
    buf = ""
    x = 0
    while x < n:
        y = route[x][1] + 1
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
