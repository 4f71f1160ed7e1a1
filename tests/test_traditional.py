"""Traditional script (繁體) reads like simplified: records, figures, findings (issue 13).

The traditional copies are made here with ``opencc-purepy`` (dev-only), an implementation
independent of the tool's converter (the ``opencc`` C++ library).
"""

from __future__ import annotations

import opencc_purepy
import pytest

from extractor import pipeline
from extractor.loaders import load
from extractor.loaders.normalize import is_traditional, to_simplified


def to_traditional(text: str) -> str:
    return opencc_purepy.OpenCC("s2t").convert(text)


@pytest.fixture(scope="module")
def pair(corpus, tmp_path_factory):
    seed = (corpus / "seed.txt").read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("trad") / "seed_trad.txt"
    path.write_text(to_traditional(seed), encoding="utf-8")
    return pipeline.check(corpus / "seed.txt"), pipeline.check(path)


def test_traditional_copy_gives_the_same_records(pair):
    simple, trad = pair
    assert trad.kind == simple.kind
    assert trad.meta.model_dump() == simple.meta.model_dump()
    assert trad.tables.model_dump() == simple.tables.model_dump()
    assert [r.model_dump() for r in trad.score_rows] == [r.model_dump() for r in simple.score_rows]
    assert trad.score_total.model_dump() == simple.score_total.model_dump()
    assert sorted(f.code for f in trad.findings) == sorted(f.code for f in simple.findings)


def test_figures_keep_the_printed_traditional_text(pair):
    simple, trad = pair
    assert [(f.value, f.unit, f.start, f.end) for f in trad.figures] == [
        (f.value, f.unit, f.start, f.end) for f in simple.figures
    ]
    doc = trad.document
    blocks = {b.index: b for b in doc.blocks}
    printed = [f for f in trad.figures if blocks[f.block].printed]
    assert printed
    for f in printed:
        assert blocks[f.block].printed[f.start : f.end] == f.raw
    assert any("萬元" in f.raw for f in trad.figures)
    assert not any("万元" in f.raw for f in trad.figures)


def test_the_conversion_is_a_recorded_decision(pair):
    simple, trad = pair
    assert any(d.startswith("traditional script:") for d in trad.source.decisions)
    assert not any(d.startswith("traditional script:") for d in simple.source.decisions)


def test_conversion_keeps_every_line_length():
    text = "項目支出績效自評報告\n顯著提升，著名景區接待遊客3.2萬人次\n預算執行率98.5%"
    simple = to_simplified(text)
    assert [len(x) for x in simple.split("\n")] == [len(x) for x in text.split("\n")]
    assert simple.startswith("项目支出绩效自评报告")
    assert "万人次" in simple and "预算执行率" in simple


@pytest.mark.parametrize(
    "text,expected",
    [
        ("部門（單位）名稱：岳陽市財政局；項目資金萬元", True),
        ("部门（单位）名称：岳阳市财政局；项目资金万元", False),
        ("乾隆年间的干部后面著名", False),  # simplified text with a few ambiguous characters
        # Japanese: kanji with traditional forms (資本, 當) beside kana is no traditional Chinese
        ("連結株主資本等変動計算書　剰余金の配当　その他の資本剰余金　自己株式の取得", False),
    ],
)
def test_script_detection(text, expected):
    assert is_traditional(text) is expected


REAL_SHAPED = """2023年度項目支出績效自評報告
一、項目基本情況
該項目年度預算資金854萬元，實際到位資金850.5萬元，預算執行率99.59%。
購置公務用車3輛，新建標準化廠房約1000平方米，惠及60歲以上老年人1,245人。
"""


def test_real_shaped_traditional_prose(tmp_path):
    path = tmp_path / "real.txt"
    path.write_text(REAL_SHAPED, encoding="utf-8")
    report = pipeline.read(path)
    got = {(str(f.value), f.unit, f.raw) for f in report.figures}
    assert ("854", "万元", "854萬元") in got
    assert ("850.5", "万元", "850.5萬元") in got
    assert ("99.59", "%", "99.59%") in got
    assert ("3", "辆", "3輛") in got
    assert ("1245", "人", "1,245人") in got
    assert load(path).blocks[0].printed == "2023年度項目支出績效自評報告"


def test_row_evidence_quotes_the_printed_cells(pair):
    from extractor.rules.evidence import row_text

    _, trad = pair
    doc = trad.document
    table = next(b for b in doc.blocks if b.table is not None and b.printed)
    quoted = row_text(trad, table.index, 0)
    printed_row = table.printed.split("\n")[0]
    assert quoted is not None
    assert to_simplified(quoted) != quoted  # the traditional characters are quoted
    assert (
        quoted.replace(" | ", "") == printed_row.replace("\t", "")[: len(quoted.replace(" | ", ""))]
    )


def test_a_japanese_document_keeps_its_kanji(tmp_path):
    """A Japanese statement (kanji such as 資本金 and 當 with kana) is not converted to
    simplified Chinese, and the decision says so."""
    path = tmp_path / "ja.txt"
    path.write_text(
        "連結株主資本等変動計算書\n資本金　資本剰余金　利益剰余金　自己株式\n"
        "当期首残高　5,664　749　12,017　△747\n剰余金の配当　△525\n自己株式の取得　△1\n"
        "その他の包括利益累計額　12\n當期變動額合計　743\n",
        encoding="utf-8",
    )
    doc = load(path)
    text = "".join(b.text for b in doc.blocks)
    assert "資本剰余金" in text and "當期變動額合計" in text
    assert any("Japanese" in d for d in doc.source.decisions)
