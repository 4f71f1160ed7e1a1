"""Property-based fuzzing of the number reader, the figure finder and the text loader
(issue 17): whatever the text, they return (no exception), every value is a finite Decimal
read from the text's own characters, and every offset points into the text.

Bounded for CI (the ``ci`` profile: a few hundred examples each).  A long run, once:
``HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`` (10 minutes, 100 ms per call).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is in the [dev] extra")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extractor import numbers  # noqa: E402
from extractor.loaders import load  # noqa: E402
from extractor.records.cells import parse_number  # noqa: E402

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long",
    max_examples=10**9,
    deadline=100,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# the pieces real reports are made of, and the ones that broke the reader before
PIECES = [
    *"0123456789０１２３４５６７８９.．,，、%％‰-－—~～+＋()（）:：;；。 \n\t|/",
    "万元",
    "元",
    "亿元",
    "亿",
    "万",
    "千元",
    "角",
    "分",
    "个",
    "项",
    "人",
    "辆",
    "㎡",
    "公里",
    "一",
    "二",
    "三",
    "十",
    "百",
    "千",
    "八亿亿亿",
    "两",
    "零",
    "成",
    "倍",
    "个百分点",
    "其中",
    "比上年",
    "增加",
    "减少",
    "增长",
    "下降",
    "约",
    "余",
    "多",
    "以上",
    "不低于",
    "≥",
    "≤",
    "预算",
    "决算",
    "合计",
    "总计",
    "年初预算数",
    "全年执行数",
    "得分",
    "分值",
    "2023年",
    "1e999",
    "NaN",
    "Infinity",
    "%25",
    "\u200b",
    "\ufeff",
    "\u202e",
    "\x00",
    "\ud7ff",
    "𠀀",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=60).map("".join)


def _finite(d: Decimal) -> bool:
    return d.is_finite()


@given(texts)
def test_parse_number_never_raises(text):
    n = parse_number(text)
    if n is not None:
        assert _finite(n.value)


@given(texts)
def test_find_returns_finite_values_inside_the_text(text):
    for q in numbers.find(text):
        assert _finite(q.value)
        assert 0 <= q.start <= q.end <= len(text)
        assert q.raw == text[q.start : q.end]
        if q.high is not None:
            assert _finite(q.high)


def _warm() -> None:
    """Load jieba and the patterns before the first example (its time is no call's own)."""
    import tempfile

    from extractor.figures import find_figures

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warm.txt"
        path.write_text("本年支出合计100万元，其中基本支出60万元。", encoding="utf-8")
        find_figures(load(path))


BYTES = st.binary(max_size=400) | texts.map(lambda t: t.encode("utf-8", "surrogatepass"))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(BYTES)
def test_text_loader_and_figure_finder_never_crash(tmp_path: Path, data: bytes):
    from extractor import errors
    from extractor.figures import find_figures
    from extractor.loaders import text

    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    try:
        doc = text.load(path)  # the text loader itself (bytes sniffed as RTF go to LibreOffice)
    except errors.ExtractorError:
        return  # empty, binary, undecodable: the error family, one line
    text_by_block = {b.index: b.text for b in doc.blocks}
    for f in find_figures(doc):
        assert _finite(f.value)
        assert 0 <= f.start <= f.end <= len(text_by_block[f.block])


@settings(
    deadline=None,  # the whole pipeline: records and every rule (the 100 ms is for the readers)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(BYTES)
def test_the_whole_pipeline_never_crashes(tmp_path: Path, data: bytes):
    from extractor import errors, pipeline

    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    try:
        report = pipeline.check(path)
    except errors.ExtractorError:
        return
    assert all(_finite(f.value) for f in report.figures)


@pytest.fixture(scope="module", autouse=True)
def _warmed():
    _warm()  # outside the examples: a deadline measures the call, not jieba's start-up
