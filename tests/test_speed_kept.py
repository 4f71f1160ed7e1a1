"""``patterns.kept``: a value derived on every start is kept in the cache folder (issue 18);
what comes back is what was made, a broken cache is made again, another key another value."""

from __future__ import annotations

from extractor import patterns
from extractor.loaders import normalize


def test_kept_is_made_once_and_read_back(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def make():
        calls.append(1)
        return {"個": "个", "萬": "万"}

    assert patterns.kept("probe", "v1", make) == {"個": "个", "萬": "万"}
    assert patterns.kept("probe", "v1", make) == {"個": "个", "萬": "万"}
    assert len(calls) == 1
    (cache,) = (tmp_path / "extractor").glob("probe-*.marshal")
    cache.write_bytes(b"\x00broken")
    assert patterns.kept("probe", "v1", make) == {"個": "个", "萬": "万"}
    assert len(calls) == 2
    assert patterns.kept("probe", "v2", lambda: {"點": "点"}) == {"點": "点"}
    assert len(list((tmp_path / "extractor").glob("probe-*.marshal"))) == 1  # v1's is gone


def test_the_kept_conversion_table_is_opencc_s(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    normalize._han_t2s.cache_clear()
    try:
        made = normalize._han_t2s()
        normalize._han_t2s.cache_clear()
        again = normalize._han_t2s()  # read back from the cache folder
        assert again == made == normalize._han_t2s_made()
        assert again["萬"] == "万" and "万" not in again
        assert list((tmp_path / "extractor").glob("han-t2s-*.marshal"))
    finally:
        normalize._han_t2s.cache_clear()
