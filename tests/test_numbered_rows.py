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


def _fujian_form(fiscal: str, local: str) -> list:
    """福建's 部门整体支出绩效自评表: 合计 over 财政资金小计 over ①②③, then 其他资金小计, in a form
    that also holds the targets and scores (another reader takes the table)."""
    return [
        ["部门（单位）名称", "某某办公室", "部门预算编码", "127", "", ""],
        [
            ("财政资金安排和使用情况", 7, 1),
            "",
            "预算安排",
            "拨付情况",
            "支出实现率(%)",
            "分值",
            "得分",
        ],
        ["合计", "9209.55", "8874.74", "96.36", "10", "7"],
        ["财政资金小计", fiscal, fiscal, "0.00", "", ""],
        ["①中央财政资金", "0.00", "0.00", "0.00", "", ""],
        ["②省级财政资金", "0.00", "0.00", "0.00", "", ""],
        ["③地方财政资金", local, "8874.74", "96.36", "", ""],
        ["其他资金小计", "0.00", "0.00", "0.00", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标分值", "自评得分", ""],
        ["产出指标", "数量指标", "会议场次", "10", "10", ""],
    ]


def test_the_funds_rows_of_a_form_add_up_by_their_subtotals():
    # a real 福建 form (dev ov02) printed 财政资金小计 as 0.00 over ③ 9209.55
    doc = document(
        ["部门整体支出绩效自评表", table(_fujian_form("0.00", "9209.55"))], name="f.docx"
    )
    report = extractor.check(extractor.extract(doc))
    st08 = sorted(
        (f.actual, f.expected) for f in report.findings if f.code == "ST08"
    )  # 合计 over the two 小计, 财政资金小计 over ①②③ — the first amount column only
    assert st08 == [("0.00", "9209.55"), ("9209.55", "0.00")], st08
    doc = document(
        ["部门整体支出绩效自评表", table(_fujian_form("9209.55", "9209.55"))], name="f.docx"
    )
    report = extractor.check(extractor.extract(doc))
    assert not [f for f in report.findings if f.code == "ST08"]
