"""Forms flattened to a stream of cells (issue 13, web-page text): rows rebuilt from the header,
tables marked as inferred, and the DQ02 gaps such forms show (issue 12).  The passages are
written for these tests in the two shapes real folders hold (corpus/real pf01, pf02)."""

from __future__ import annotations

from decimal import Decimal

from extractor import pipeline
from extractor.loaders import cellstream, load

# an HTML form as a crawler renders it: one cell per line ending in "|", empty cells as "|"
PIPE_CELLS = [
    "部门预算项目支出绩效自评表(2023年度)",
    "项目名称",
    "办公设备购置",
    "主管部门",
    "某某县统计局",
    "预算执行情况(10分)",
    "年度预算数(万元)",
    "年初预算",
    "调整后预算数",
    "预算执行数",
    "预算执行率",
    "权重",
    "得分",
    "原因",
    "总额",
    "12.00",
    "12.50",
    "12.50",
    "100.00%",
    "10",
    "",
    "1.预算执行率=预算执行数/调整后预算数,未达到90%的需说明原因(100字以内)",
    "其中:财政资金",
    "12.00",
    "12.50",
    "12.50",
    "100.00%",
    "/",
    "/",
    "其他资金",
    "",
    "",
    "",
    "",
    "/",
    "/",
    "绩效指标(90分)",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "完成值",
    "权重",
    "得分",
    "未完成原因分析",
    "产出指标",
    "数量指标",
    "购置电脑台数",
    "≥",
    "13",
    "台",
    "",
    "50",
    "",
    "",
    "效益指标",
    "社会效益指标",
    "办公效率",
    "定性",
    "提高",
    "",
    "",
    "40",
    "",
    "",
    "合计",
    "100",
    "",
    "",
    "评价结论",
    "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)",
    "存在问题",
    "结合自评情况,分析存在的问题及原因。(200字以内)",
]
PIPE_FORM = "\n".join(f"{c} |" if c else "|" for c in PIPE_CELLS) + "\n"

# a WPS form's text as a download page extracted it: one line, empty cells gone, cut short
ONE_LINE = (
    "附件: 项目支出绩效自评表 (2022年度) 项目名称 委托业务项目 主管部门 某某镇人民政府 "
    "项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 "
    "年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974 89.974 上年结转资金 其他资金 "
    "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
    "产出指标(50分) 数量指标 委托业务项目数量 ≥50个 50 20 20 "
    "质量指标 委托业务报告合格率 ≥100百分比 100 20 20 "
    "时效指标 提交报告及时性 按时完成 达成预期指标 10 10 "
    "效益指标(30分) 社会效益指标 对维护市场公平的影响程度 效果明显 达成预期指标 30 30 "
    "满意度指标(10分) 满意度指标 公众满"
)


def _rows(table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in table.grid()]


def test_a_form_one_cell_per_line_gets_its_rows_back(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text(PIPE_FORM, encoding="utf-8")
    doc = load(path)
    tables = [b.table for b in doc.blocks if b.table is not None and b.table.n_rows > 2]
    funds = next(t for t in tables if any("总额" in c.text for c in t.cells))
    assert funds.layout_inferred == cellstream.INFERRED
    rows = _rows(funds)
    assert rows[0][:3] == ["年度预算数(万元)", "年初预算", "调整后预算数"]
    assert rows[1][:7] == ["总额", "12.00", "12.50", "12.50", "100.00%", "10", ""]
    assert rows[2][:5] == ["其中:财政资金", "12.00", "12.50", "12.50", "100.00%"]
    report = pipeline.check(path)
    levels = [(r.level1, r.level3, r.max, r.score) for r in report.score_rows]
    assert ("产出指标", "购置电脑台数", Decimal("50"), None) in levels
    assert ("效益指标", "办公效率", Decimal("40"), None) in levels
    dq02 = [f for f in report.findings if f.code == "DQ02"]
    assert any("得分栏全空" in f.message and f.severity == "warning" for f in dq02)
    template = next(f for f in dq02 if "模板的填写说明" in f.message)
    assert "「评价结论」" in template.message and "「存在问题」" in template.message
    assert not [f for f in report.findings if f.severity == "error"]


def test_a_form_on_one_line_is_cut_into_rows_and_its_numbers_aligned(tmp_path):
    path = tmp_path / "one_line.txt"
    path.write_text(ONE_LINE, encoding="utf-8")
    report = pipeline.check(path)
    funds = report.tables.project_funds
    assert funds is not None
    total, part = funds.rows[0], funds.rows[1]
    assert total.org == "年度资金总额" and total.cells["initial_budget"].value == 0
    assert part.cells["full_year_budget"].raw == "89.974"
    assert "max" not in part.cells  # the missing cells were at the row's end
    rows = {r.level3: (r.level1, r.max, r.score) for r in report.score_rows if r.level3}
    # 质量指标 … lost its 一级指标 (merged above) and sits under its own columns
    assert rows["委托业务报告合格率"] == ("产出指标", Decimal("20"), Decimal("20"))
    assert rows["提交报告及时性"] == ("产出指标", Decimal("10"), Decimal("10"))
    assert rows["对维护市场公平的影响程度"] == ("效益指标", Decimal("30"), Decimal("30"))
    fn07 = [f for f in report.findings if f.code == "FN07"]
    assert fn07 and all(f.severity == "warning" for f in fn07)  # a rebuilt grid: not sure
    sums = [f for f in fn07 if "执行率" not in f.message]  # errors the grid's reading softened
    assert sums and all("逐格排列的文字重建" in f.message for f in sums)
    # the 执行率 of the zero total row, recomputed from its source, is a warning of its own
    assert any("金额为0而执行率为0" in f.message for f in fn07)
    assert len({f.id for f in report.findings}) == len(report.findings)
    # the text stops inside the scoring table: its sums are notes, never errors or warnings
    (sc08,) = [f for f in report.findings if f.code == "SC08"]  # 90 of 100: 满意度 was cut
    assert sc08.severity == "info" and "截断" in sc08.message
    assert not [f for f in report.findings if f.code == "DQ02" and "总分" in f.message]


def test_headers_need_three_column_names_and_stop_at_a_row_name():
    named = {"一级指标", "二级指标", "三级指标", "分值", "得分", "总额"}.__contains__
    cells = [
        "项目名称",
        "一级指标",
        "二级指标",
        "指标性质",
        "三级指标",
        "分值",
        "得分",
        "总额",
        "8",
    ]
    (h,) = cellstream.headers(cells, named)
    # 指标性质 (unknown, short) belongs to the header; 总额 followed by a number starts the body
    assert cells[h.start : h.end] == cells[1:7]
    assert cellstream.headers(["一级指标", "说明", "得分"], named) == []


def test_dense_rows_fill_on_the_side_they_lost():
    rows = [
        ["产出指标", "数量指标", "台数", "≥5台", "5", "8", "8"],
        ["质量指标", "合格率", "100%", "100", "8", "8"],
        ["小计", "16", "16"],
    ]
    padded = cellstream.pad_dense(rows, 8)
    assert padded[1] == ["", "质量指标", "合格率", "100%", "100", "8", "8", ""]
    assert padded[2] == ["小计", "16", "16", "", "", "", "", ""]


def test_prose_and_plain_lines_are_left_alone():
    lines = ["一、基本情况", "本单位2023年度收入合计100万元。", "|", "a |"]
    assert cellstream.reflow(lines) == lines


def _unscored(kind: str) -> list[str]:
    from extractor.report import Report
    from extractor.rules import run

    rows = [{"level1": "产出指标", "level3": f"指标{i}", "max": "10"} for i in range(3)]
    source = {"path": "fixture.txt", "format": "txt", "sha256": "0" * 64}
    report = Report.model_validate({"source": source, "kind": kind, "score_rows": rows})
    return [f.message for f in run(report, select=["DQ02"]) if "得分栏全空" in f.message]


def test_unscored_is_a_gap_of_a_self_evaluation_not_of_a_budget():
    # a budget's 绩效目标表 prints weights without scores by design (corpus/real bu16)
    assert _unscored("project_form")
    assert not _unscored("budget")


# a 三公 page as a crawler renders it (bu81's shape): two header rows and one row of amounts,
# each row ended by a line of pipes; written for this test
STACKED = [
    "2022年一般公共预算“三公”经费支出预算表",
    "单位:万元",
    "“三公”经费合计 |",
    "因公出国(境)费 |",
    "公务用车购置及运行费 |",
    "公务接待费 |",
    "||",
    "小计 |",
    "公务用车购置费 |",
    "公务用车运行费 |",
    "|||",
    "30 |",
    "2 |",
    "20 |",
    "5 |",
    "15 |",
    "8 |",
    "二、说明",
    "2022年“三公”经费预算30万元,其中公务用车运行费15万元,公务用车购置费5万元。",
]


def test_a_two_row_header_over_one_row_of_amounts_is_stacked(tmp_path):
    path = tmp_path / "sangong.txt"
    path.write_text("\n".join(STACKED) + "\n", encoding="utf-8")
    doc = load(path)
    table = next(b.table for b in doc.blocks if b.table is not None)
    assert table.layout_inferred == cellstream.INFERRED
    rows = _rows(table)
    # the second header row sits under 公务用车购置及运行费, the cell whose words it shares
    assert rows[0][2] == "公务用车购置及运行费" and rows[1][2:5] == [
        "小计",
        "公务用车购置费",
        "公务用车运行费",
    ]
    assert rows[2] == ["30", "2", "20", "5", "15", "8"]
    report = pipeline.check(path)
    (st,) = report.statements
    cells = {k: str(c.value) for k, c in st.rows[0].cells.items()}
    assert cells["vehicle_purchase"] == "5" and cells["vehicle_operation"] == "15"
    assert cells["reception"] == "8" and cells["total"] == "30"
    assert not [f for f in report.findings if f.severity != "info"]


def test_a_stacked_header_needs_its_counts_to_fit():
    # one amount short: which column lost it cannot be told, so the lines stay as they are
    short = [ln for ln in STACKED if ln != "8 |"]
    assert cellstream.stacked(short[2:-2]) is None
    # a second row that shares no words with any cell of the first: no place to put it
    lone = [
        {"小计 |": "甲类 |", "公务用车购置费 |": "乙类 |", "公务用车运行费 |": "丙类 |"}.get(ln, ln)
        for ln in STACKED
    ]
    assert cellstream.stacked(lone[2:-2]) is None
    assert cellstream.stacked(STACKED[2:-2]) is not None
