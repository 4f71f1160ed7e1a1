"""Reports copied from web pages: padded ASCII labels, one-cell-per-line forms, ``|`` rows
(issue 13).  The passages are written for these tests in the shape such pages take."""

from __future__ import annotations

from decimal import Decimal

from extractor import pipeline
from extractor.loaders import load

FORM = """临湘市2022年度部门整体支出

绩效评价自评报告

部门(单位)名称:  临湘市农业农村局{pad}

预 算 编 码:   603011{pad}

评价方式:部门(单位)绩效自评

报告日期:2023年05月20日

一、部门(单位)基本概况

联系人

周明

联络电话

7321658

人员编制

45

实有人数

41

职能职责概述

负责全市农业农村发展规划的拟订和组织实施。
""".format(pad=" " * 30)  # web pages pad the cover lines with trailing spaces

PIPES = """2022年度项目支出绩效自评表

项目名称 | 农村人居环境整治专项
主管部门 | 临湘市农业农村局 | 实施单位 | 临湘市农村环境服务中心
一级指标 | 二级指标 | 三级指标 | 分值 | 得分
产出指标 | 数量指标 | 改厕户数 | 20 | 18
产出指标 | 质量指标 | 验收合格率 | 20 | 20
效益指标 | 社会效益指标 | 群众满意度 | 10 | 9
总分 | | | 50 | 47
"""


def test_padded_ascii_labels_and_a_form_flattened_to_lines(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text(FORM, encoding="utf-8")
    meta = pipeline.read(path).meta
    assert meta.department == "临湘市农业农村局"
    assert meta.budget_code == "603011"
    assert meta.report_date == "2023-05-20"
    assert meta.contact == "周明"
    assert meta.phone == "7321658"
    assert meta.staff_quota == Decimal("45")
    assert meta.staff_actual == Decimal("41")


def test_a_label_line_followed_by_a_heading_has_no_value(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text("联系人\n\n二、部门(单位)整体支出情况\n\n收入合计100万元。\n", encoding="utf-8")
    assert pipeline.read(path).meta.contact is None


def test_pipe_rows_become_a_table_with_score_rows(tmp_path):
    path = tmp_path / "pipes.txt"
    path.write_text(PIPES, encoding="utf-8")
    report = pipeline.read(path)
    assert report.meta.project_name == "农村人居环境整治专项"
    assert [(r.level3, r.max, r.score) for r in report.score_rows] == [
        ("改厕户数", Decimal("20"), Decimal("18")),
        ("验收合格率", Decimal("20"), Decimal("20")),
        ("群众满意度", Decimal("10"), Decimal("9")),
    ]
    assert report.score_total.stated == Decimal("47")


def test_markdown_table_rule_is_not_a_row(tmp_path):
    path = tmp_path / "md.txt"
    path.write_text(
        "| 一级指标 | 分值 | 得分 |\n|---|---|---|\n| 产出指标 | 50 | 45 |\n", encoding="utf-8"
    )
    tables = [b.table for b in load(path).blocks if b.table is not None]
    assert len(tables) == 1
    assert [[c.text for c in row] for row in tables[0].rows()] == [
        ["一级指标", "分值", "得分"],
        ["产出指标", "50", "45"],
    ]


def test_one_line_with_a_bar_stays_a_paragraph(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("来源:财务科 | 浏览量:1\n\n正文第一段。\n", encoding="utf-8")
    assert all(b.table is None for b in load(path).blocks)


CSV = """项目支出绩效自评表
一级指标,二级指标,三级指标,分值,得分
产出指标,数量指标,改厕户数,20,18
产出指标,质量指标,验收合格率,20,20
效益指标,社会效益指标,群众满意度,10,9
总分,,,50,47
"""


def test_a_csv_sheet_is_one_table_under_its_title(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(CSV, encoding="gb18030")
    report = pipeline.read(path)
    assert report.document.blocks[0].text == "项目支出绩效自评表"
    assert [(r.level3, r.score) for r in report.score_rows] == [
        ("改厕户数", Decimal("18")),
        ("验收合格率", Decimal("20")),
        ("群众满意度", Decimal("9")),
    ]
    assert report.score_total.stated == Decimal("47")
    assert any(d.startswith("CSV:") for d in report.source.decisions)


# 四川's 项目支出绩效自评表 as a web page prints it: the cells that head a block of rows
# (预算执行情况(10分), 绩效指标(90分)) stand in the header row only, so every body row sits
# one column left of its header (corpus/real pf03 read 0.00 as the row name and 100.00%
# as the amount executed, and raised a false FN07 error)
SICHUAN = """部门预算项目支出绩效自评表(2023年度) | | | | | | | | |
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | 1.预算执行率=预算执行数/调整后预算数 | |
其中:财政资金 | 0.00 | 3.36 | 3.36 | 100.00% | / | / | | |
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
产出指标 | 数量指标 | 购置电脑台数 | ≥ | 13 | 台 | 13 | 50 | 50 | |
效益指标 | 社会效益指标 | 办公效率 | 定性 | 提高 | | 提高 | 40 | 38 | 略有差距 |
"""


def test_a_block_heading_cell_printed_once_realigns_the_body(tmp_path):
    path = tmp_path / "sichuan.txt"
    path.write_text(SICHUAN, encoding="utf-8")
    report = pipeline.check(path)
    funds = report.tables.project_funds
    assert funds is not None
    first = funds.rows[0]
    assert first.org == "年度资金总额"
    assert {k: c.raw for k, c in first.cells.items()} == {
        "initial_budget": "0.00",
        "full_year_budget": "3.36",
        "executed": "3.36",
        "rate": "100.00%",
        "max": "10",
        "score": "10",
    }
    rows = [(r.level1, r.level3, r.max, r.score) for r in report.score_rows]
    assert ("产出指标", "购置电脑台数", Decimal("50"), Decimal("50")) in rows
    assert ("效益指标", "办公效率", Decimal("40"), Decimal("38")) in rows
    assert not [f for f in report.findings if f.code in ("FN07", "SC08")]


BROKEN_PIPES_TEXT = """2023年度部门整体支出绩效自评表
| 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
| 决策(25分) | 目标任务(15分) | 相关性 | 15 | 15 |
|
| 预算编制(10分) |
| ||
| 过程(75分) | 资金管理(75分) | 执行率 | 75 | 70 |
"""


def test_a_pipe_table_broken_over_lines_is_read_as_unsure(tmp_path):
    # a web page's | table whose spanned cells stand alone on a line (blind batch 3, ot11):
    # the rows rebuilt are part of the table only, so no sum over it is an error
    path = tmp_path / "form.txt"
    path.write_text(BROKEN_PIPES_TEXT, encoding="utf-8")
    doc = load(path)
    tables = [b.table for b in doc.blocks if b.table is not None]
    assert tables and all(t.layout_inferred and "broken" in t.layout_inferred for t in tables)
    report = pipeline.check(path)
    sums = [f for f in report.findings if f.code in ("SC01", "SC02", "SC03", "SC08")]
    assert {f.code for f in sums} >= {"SC02"}  # 决策(25分) over the one row read: 15
    assert all(f.severity == "info" for f in sums), [(f.code, f.severity) for f in sums]


def test_a_whole_pipe_table_stays_sure(tmp_path):
    text = "\n".join(
        line for line in BROKEN_PIPES_TEXT.splitlines() if line.count("|") >= 4 or "|" not in line
    )
    path = tmp_path / "form.txt"
    path.write_text(text + "\n", encoding="utf-8")
    tables = [b.table for b in load(path).blocks if b.table is not None]
    assert tables and all(t.layout_inferred is None for t in tables)
