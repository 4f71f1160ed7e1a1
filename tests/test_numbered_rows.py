"""Tables no schema names whose rows are numbered as a hierarchy (ST08, issue 12)."""

from __future__ import annotations

from records_fixtures import document, table

import extractor


def test_numbered_rows_of_an_unnamed_table_are_summed_by_their_numbering():
    """ev02's funds table: 合计 over 一…四, each over its 1, 2 …; 「-」 is nothing."""
    grid = [
        ["序号", "项目名称", "预算批复", "预算到位", "执行率"],
        [("合计", 1, 2), "1,000.00", "900.00", "90%"],
        ["一", "甲类资金", "600.00", "600.00", "100%"],
        ["1", "子项甲", "400.00", "400.00", "100%"],
        ["2", "子项乙", "200.00", "200.00", "100%"],
        ["二", "乙类资金", "400.00", "290.00", "72.5%"],
        ["1", "子项丙", "300.00", "290.00", "96.67%"],
        ["2", "子项丁", "100.00", "-", "0%"],
    ]
    doc = document(["某项目财政评价报告", "表1 资金情况", table(grid)], name="ev.docx")
    report = extractor.check(extractor.extract(doc))
    sums = {(s.label, s.column): s for s in report.row_sums}
    assert {c for _, c in sums} == {"预算批复", "预算到位"}  # no sum over the 执行率 column
    assert [p.header for p in sums[("合计", "预算批复")].parts] == ["一 甲类资金", "二 乙类资金"]
    st08 = [f for f in report.findings if f.code == "ST08"]
    # 合计 到位 900 ≠ 600 + 290; every other numbered item adds up
    assert len(st08) == 1 and st08[0].severity == "warning"
    assert st08[0].expected == "890.00" and st08[0].actual == "900.00"
