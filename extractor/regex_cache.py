"""Compiled regular expressions kept across processes (issue 18).

A ``check`` compiles about 460 regular expressions, and Python's ``re`` spends most of that
time turning each CJK range (``[\\u4e00-\\u9fff]``) into a bitmap, character by character:
about 0.15 s of every cold start, and of every scan worker's.  The compiled form (the code
``re`` hands to ``_sre``) depends only on the pattern, its flags and the Python version, so
it is kept in the user's cache folder beside the parsed patterns and handed straight to
``_sre.compile`` next time.

Only the patterns the tool's own modules compile are kept (their text comes from
``patterns/`` and the code, never from a document); another library's are compiled as
usual.  Where the interpreter's ``re`` internals differ (another Python), a cache cannot be
read, or ``EXTRACTOR_REGEX_CACHE=0`` is set, nothing changes: ``re`` compiles as always.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
from array import array
from typing import Any

from .patterns import cache_dir, write_cache

MAX_ENTRIES = 5000
"""At most this many patterns are kept (the tool compiles about 500)."""

_Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
_WORD = "I"
"""The array type of one code word of ``_sre`` (its ``CODESIZE`` bytes)."""

_state: dict[str, Any] = {"entries": {}, "added": 0, "original": None}


def _file_name(sre: Any) -> str:
    v = sys.version_info
    return f"regex-py{v[0]}{v[1]}-sre{sre.MAGIC}-{sre.CODESIZE}-m{marshal.version}.marshal"


def _ours() -> bool:
    """Is the pattern being compiled by one of the tool's modules (not another library's)?"""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name != "re" and not name.startswith("re.") and name != "functools":
            return name == "extractor" or name.startswith("extractor.")
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _compiler_parts() -> tuple[Any, Any, Any] | None:
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10: sre_compile, no cache
        return None
    if not all(hasattr(m, a) for m, a in ((_compiler, "_code"), (_parser, "parse"))):
        return None
    return _sre, _compiler, _parser


def _parts(pattern: str, flags: int, compiler: Any, parser: Any) -> _Entry:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` for this pattern."""
    parsed = parser.parse(pattern, flags)
    # kept as machine words: marshal reads bytes far faster than a list of ints
    code = array(_WORD, compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Any] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _compiled(sre: Any, pattern: str, entry: _Entry) -> Any:
    final_flags, code, groups, groupindex, indexgroup = entry
    return sre.compile(
        pattern, final_flags, array(_WORD, code).tolist(), groups, groupindex, indexgroup
    )


def _valid(entries: Any) -> bool:
    return isinstance(entries, dict) and all(
        isinstance(k, tuple) and len(k) == 2 and isinstance(v, tuple) and len(v) == 5
        for k, v in entries.items()
    )


def _internals_agree(sre: Any, compiler: Any, parser: Any, original: Any) -> bool:
    """Do this interpreter's ``re`` internals give, through the cache, what ``re`` gives?"""
    if array(_WORD).itemsize != sre.CODESIZE:
        return False
    probe = r"(?P<a>[\u4e00-\u9fff]+)(?:x|y)?\d{2}"
    try:
        mine = _compiled(sre, probe, _parts(probe, 0, compiler, parser))
        theirs = original(probe, 0)
    except Exception:  # any difference in the internals: no cache
        return False
    return (mine.flags, mine.groups, mine.groupindex, mine.findall("甲乙12x")) == (
        theirs.flags,
        theirs.groups,
        theirs.groupindex,
        theirs.findall("甲乙12x"),
    )


def _read(path: Any) -> dict[Any, _Entry]:
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return loaded if _valid(loaded) else {}


def install() -> bool:
    """Put the cache in front of ``re``'s compiler; False where it cannot be used."""
    if _state["original"] is not None:
        return True
    if os.environ.get("EXTRACTOR_REGEX_CACHE", "1") == "0":
        return False
    found = _compiler_parts()
    if found is None:
        return False
    sre, compiler, parser = found
    original = compiler.compile
    if not _internals_agree(sre, compiler, parser, original):
        return False
    path = cache_dir() / _file_name(sre)
    _state["entries"] = _read(path)

    def compile_cached(pattern: Any, flags: int = 0) -> Any:
        if not isinstance(pattern, str) or flags & 128:  # re.DEBUG prints, never cache
            return original(pattern, flags)
        entries = _state["entries"]
        entry = entries.get((pattern, flags))
        if entry is not None:
            try:
                return _compiled(sre, pattern, entry)
            except Exception:  # a stale or damaged entry: compile afresh
                entries.pop((pattern, flags), None)
        if not _ours() or len(entries) >= MAX_ENTRIES:
            return original(pattern, flags)
        entry = _parts(pattern, flags, compiler, parser)
        compiled = _compiled(sre, pattern, entry)
        entries[(pattern, flags)] = entry
        _state["added"] += 1
        return compiled

    def save() -> None:
        if _state["added"]:
            try:
                payload = marshal.dumps(_state["entries"])
            except ValueError:
                return
            write_cache(path, payload, "regex-*.marshal")
            _state["added"] = 0

    compiler.compile = compile_cached
    _state["original"] = original
    atexit.register(save)
    return True
