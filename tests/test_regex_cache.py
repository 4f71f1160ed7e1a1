"""The compiled-pattern cache (extractor/regex_cache.py, issue 18): a pattern read back from
the cache is the pattern ``re`` compiles, a damaged cache is compiled afresh and rewritten,
another library's patterns are not kept, and ``EXTRACTOR_REGEX_CACHE=0`` leaves ``re`` alone."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from extractor import patterns, regex_cache

parts = regex_cache._compiler_parts()
pytestmark = pytest.mark.skipif(parts is None, reason="this Python's re has no _compiler")

SAMPLES = [
    "某某局2023年度部门决算 收入合计1,234.56万元，较上年增加12.3%。",
    "（一）项目支出绩效自评报告：得分95.5分，评价等次为“优”。",
    "財政撥款收入 3,000萬元 | 2022 | xx年 ≥95% ",
]


def _regexes(obj, out):
    if isinstance(obj, str):
        try:
            re.compile(obj)
        except re.error:
            return
        if any(ch in obj for ch in "[(|\\?*+"):
            out.append(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            _regexes(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _regexes(v, out)


def test_a_cached_pattern_is_the_one_re_compiles():
    sre, compiler, parser = parts
    original = regex_cache._state["original"] or compiler.compile
    found: list[str] = []
    for name in ("kinds", "checks", "links", "numerals", "units"):
        _regexes(patterns.load(name), found)
    assert len(found) > 100
    for p, flags in [(p, 0) for p in found] + [(found[0], int(re.IGNORECASE))]:
        entry = marshal.loads(marshal.dumps(regex_cache._parts(p, flags, compiler, parser)))
        mine, theirs = regex_cache._compiled(sre, p, entry), original(p, flags)
        assert (mine.pattern, mine.flags, mine.groups, mine.groupindex) == (
            theirs.pattern,
            theirs.flags,
            theirs.groups,
            theirs.groupindex,
        )
        for text in SAMPLES:
            assert [m.span() for m in mine.finditer(text)] == [
                m.span() for m in theirs.finditer(text)
            ], p


def test_only_the_tools_own_patterns_are_kept(monkeypatch):
    if regex_cache._state["original"] is None:
        pytest.skip("the cache is switched off in this environment")
    monkeypatch.setitem(regex_cache._state, "entries", {})
    monkeypatch.setitem(regex_cache._state, "added", 0)
    code = "import re\ndef make(p):\n    return re.compile(p)\n"
    theirs = types.ModuleType("otherlib")
    ours = types.ModuleType("extractor.probe")
    exec(code, theirs.__dict__)
    exec(code, ours.__dict__)
    theirs.make("[\u4e00-\u9fff]{2}otherlib-only")
    ours.make("[\u4e00-\u9fff]{2}ours-only")
    keys = [k[0] for k in regex_cache._state["entries"]]
    assert keys == ["[\u4e00-\u9fff]{2}ours-only"]
    assert regex_cache._state["added"] == 1


SEED = Path(__file__).resolve().parent.parent / "corpus" / "seed.txt"


def _check(tmp_path, **env):
    run = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "check", str(SEED)],
        env=dict(os.environ, XDG_CACHE_HOME=str(tmp_path), **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr
    return run.stdout


def test_a_damaged_cache_is_compiled_afresh_and_rewritten(tmp_path):
    first = _check(tmp_path)
    (cache,) = (tmp_path / "extractor").glob("regex-*.marshal")
    assert len(marshal.loads(cache.read_bytes())) > 100
    cache.write_bytes(b"\x00not marshal")
    assert _check(tmp_path) == first
    assert len(marshal.loads(cache.read_bytes())) > 100
    # an entry whose code is damaged is compiled afresh, the output the same
    entries = marshal.loads(cache.read_bytes())
    key = next(iter(entries))
    flags, _code, groups, gi, ig = entries[key]
    entries[key] = (flags, b"\x01\x02\x03\x04", groups, gi, ig)
    cache.write_bytes(marshal.dumps(entries))
    assert _check(tmp_path) == first


def test_switched_off_writes_no_cache(tmp_path):
    _check(tmp_path, EXTRACTOR_REGEX_CACHE="0")
    assert not list((tmp_path / "extractor").glob("regex-*.marshal"))
