"""The parsed patterns are kept in the user's cache folder (issue 18): what comes back from
the cache is what PyYAML parses, a broken cache is parsed again, an edited file is not read
from the cache of its old content."""

from __future__ import annotations

import yaml

from extractor import patterns


def _fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns._parsed.cache_clear()


def test_the_cache_gives_what_yaml_parses(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    try:
        first = patterns.load("kinds")
        (cache,) = (tmp_path / "extractor").glob("patterns-kinds-*.marshal")
        patterns._parsed.cache_clear()
        again = patterns.load("kinds")
        text = (patterns._SOURCE_DIR / "kinds.yaml").read_text(encoding="utf-8")
        assert again == first == yaml.safe_load(text)
        assert cache.exists()
    finally:
        patterns._parsed.cache_clear()


def test_a_broken_cache_is_parsed_again(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    try:
        patterns.load("units")
        (cache,) = (tmp_path / "extractor").glob("patterns-units-*.marshal")
        cache.write_bytes(b"\x00not marshal")
        patterns._parsed.cache_clear()
        assert patterns.load("units") == yaml.safe_load(
            (patterns._SOURCE_DIR / "units.yaml").read_text(encoding="utf-8")
        )
    finally:
        patterns._parsed.cache_clear()


def test_an_edited_file_replaces_its_cache(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    texts = iter(["a: 1\n", "a: 2\n"])
    monkeypatch.setattr(patterns, "_read_text", lambda name: (next(texts), f"{name}.yaml"))
    try:
        assert patterns.load("edited") == {"a": 1}
        patterns._parsed.cache_clear()
        assert patterns.load("edited") == {"a": 2}
        assert len(list((tmp_path / "extractor").glob("patterns-edited-*.marshal"))) == 1
    finally:
        patterns._parsed.cache_clear()
