"""A GBK web page labelled UTF-8 is read right, with a decision (issue 13)."""

from __future__ import annotations

from extractor import pipeline
from extractor.loaders.legacy import html_charset

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>自评报告</title></head><body>
<p>临湘市农业农村局2022年度部门整体支出绩效评价自评报告</p>
<p>部门(单位)名称:临湘市农业农村局</p>
<p>一、部门基本情况</p><p>2022年收入合计1,256.30万元，预算执行率98.5%。</p>
</body></html>"""


def test_gbk_labelled_utf8_is_transcoded_and_relabelled():
    fixed, decision = html_charset(PAGE.encode("gbk"))
    assert decision is not None and "GB18030" in decision and "utf-8" in decision
    text = fixed.decode("utf-8")
    assert "临湘市农业农村局" in text
    assert "charset=utf-8" in text


def test_a_right_label_is_left_alone():
    data = PAGE.encode("utf-8")
    assert html_charset(data) == (data, None)
    gbk = PAGE.replace('charset="utf-8"', 'charset="gbk"').encode("gbk")
    assert html_charset(gbk) == (gbk, None)


def test_latin_page_with_a_stray_byte_is_not_read_as_chinese():
    data = (
        b'<html><head><meta charset="utf-8"></head><body>Budget report caf\xe9 2022</body></html>'
    )
    assert html_charset(data)[1] is None


def test_the_page_reads_with_metadata_and_a_decision(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(PAGE.encode("gbk"))
    report = pipeline.read(path)
    assert report.meta.department == "临湘市农业农村局"
    assert {f.raw for f in report.figures} >= {"1,256.30万元", "98.5%"}
    assert any(d.startswith("html: the declared charset utf-8") for d in report.source.decisions)
