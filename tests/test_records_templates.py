"""Regression tests for the records stage on the layouts of real templates.

One test per mechanism found missing on the held-out reports of
``tests/fixtures/realworld`` (each with the smallest document that shows it):
weights printed only in the 三级指标 labels, a 得分系数 column beside the
score, a one-line funds table under its title cell, funds rows under 其中：,
a PDF cutting a merged label at a row boundary, label–value pairs run
together or inside a form's cell, the conclusion written in a cell, and a
form whose total is printed as 自评总分.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from records_fixtures import document, extract, table, via

from extractor.records.meta import line_pairs

D = Decimal


def _scores(r: dict) -> list[tuple]:
    return [
        (
            s["level1"],
            s["level3"],
            None if s["max"] is None else D(s["max"]),
            None if s["score"] is None else D(s["score"]),
        )
        for s in r["score_rows"]
    ]


def test_max_from_weights_in_the_labels() -> None:
    """An old 得分表 with no 分值 column: each indicator's points are in its name."""
    t = table(
        [
            ["一级指标", "二级指标", "三级指标", "得分"],
            [("部门决策（10分）", 2, 1), ("目标任务（10分）", 2, 1), "绩效目标合理性（5分）", "5"],
            ["绩效指标明确性（5分）", "4"],
            [("总分", 1, 3), "9"],
        ]
    )
    r = extract(document(["2019年度部门整体支出绩效自评报告", t]))
    assert _scores(r) == [
        ("部门决策", "绩效目标合理性", D(5), D(5)),
        ("部门决策", "绩效指标明确性", D(5), D(4)),
    ]
    assert (r["score_total"]["max_computed"], r["score_total"]["computed"]) == ("10", "9")
    assert "reason" not in r["score_columns"]


def test_score_coefficient_is_not_the_score() -> None:
    """重庆 form: 得分系数（%） says 得分 but is a share; 指标得分（分） is the score."""
    t = table(
        [
            [
                "指标名称",
                "年初指标值",
                "全年完成值",
                "得分系数（%）",
                "指标权重（分）",
                "指标得分（分）",
            ],
            ["结转结余率", "≤3%", "5.2%", "60%", "5", "3"],
            ["服务对象满意度", "≥90%", "93%", "100%", "15", "15"],
        ]
    )
    r = extract(document(["部门整体绩效自评表", t]))
    assert _scores(r) == [(None, "结转结余率", D(5), D(3)), (None, "服务对象满意度", D(15), D(15))]


@pytest.mark.parametrize("fmt", ["built", "txt", "docx"])
def test_one_line_funds_table_is_the_total(fmt: str, tmp_path) -> None:
    """A department's 预算执行情况: one amount row, its name merged into the header rows."""
    t = table(
        [
            [
                ("部门预算执行情况（万元）", 2, 1),
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "执行率（%）",
                "执行率权重",
                "执行率得分（分）",
            ],
            ["1,260.00", "1,318.50", "1,226.21", "93.00", "10", "9.3"],
        ]
    )
    doc = document(["部门整体绩效自评表", t])
    r = extract(doc if fmt == "built" else via(doc, fmt, tmp_path))
    (row,) = r["tables"]["project_funds"]["rows"]
    assert row["org"] == "年度资金总额" and row["is_summary"]
    assert {k: D(v["value"]) for k, v in row["cells"].items()} == {
        "initial_budget": D("1260.00"),
        "full_year_budget": D("1318.50"),
        "executed": D("1226.21"),
        "rate": D("93.00"),
        "max": D(10),
        "score": D("9.3"),
    }


def test_funds_rows_under_qizhong_keep_their_own_names() -> None:
    t = table(
        [
            ["资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率"],
            ["总额", "2,860.00", "3,120.00", "2,995.20", "96%"],
            ["其中：基本支出", "1,460.00", "1,480.00", "1,475.20", "99.68%"],
            ["项目支出", "1,400.00", "1,640.00", "1,530.00", "93.29%"],
        ]
    )
    r = extract(document(["部门整体支出绩效自评表", t]))
    rows = r["tables"]["project_funds"]["rows"]
    assert [(x["org"], x["is_summary"]) for x in rows] == [
        ("年度资金总额", True),
        ("基本支出", False),
        ("项目支出", False),
    ]


def test_label_cut_by_a_page_row_boundary_is_joined() -> None:
    """The PDF loader may give 效果 / （25分） or 产出（30 / 分） as two cells."""
    t = table(
        [
            ["一级指标", "二级指标", "三级指标", "分值", "得分"],
            ["产出（30", "职责履行", "实际完成率", "15", "15"],
            [("分）", 1, 1), "职责履行", "质量达标率", "15", "14"],
            ["效果", "履职效益", "社会效益", "10", "10"],
            [("（10分）", 1, 1), "", "", "", ""],
            [("总分", 1, 3), "40", "39"],
        ]
    )
    r = extract(document(["评分表", t]))
    assert [s["level1"] for s in r["score_rows"]] == ["产出", "产出", "效果"]
    weights = {w["level1"]: w["weight_stated"] for w in r["level1_weights"]}
    assert weights == {"产出": "30", "效果": "10"}


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        (
            "填报人：周晓明联系电话：0796-8231456",
            [("填报人", "周晓明"), ("联系电话", "0796-8231456")],
        ),
        ("项目负责人：李春华    财务负责人：王丽", [("项目负责人", "李春华")]),
        ("加强动态管理。联系人：钱佳", [("联系人", "钱佳")]),
        (
            "自评报告部门（单位）名称：澧安县农机中心预算编码：409011",
            [("部门名称", "澧安县农机中心"), ("预算编码", "409011")],
        ),
        ("评价方式：部门（单位）绩效自评", []),
    ],
    ids=[
        "pdf_lost_the_gap",
        "unknown_label_ends_value",
        "after_a_sentence",
        "after_the_title",
        "not_a_label",
    ],
)
def test_label_value_pairs_on_a_line(line: str, pairs: list[tuple[str, str]]) -> None:
    from extractor.records.cells import label_key

    assert line_pairs(line) == [(label_key(k), v) for k, v in pairs]


def test_form_cells_hold_pairs_and_the_conclusion() -> None:
    """四川 form: 项目负责人：陈志远 in one cell; the 评价结论 cell states score and grade."""
    t = table(
        [
            ["项目名称", ("乡村学校少年宫运行补助", 1, 3)],
            ["评价结论", ("项目自评得分97.5分，评价等级为优。", 1, 3)],
            [("项目负责人：陈志远", 1, 2), ("财务负责人：刘敏", 1, 2)],
        ]
    )
    meta = extract(document(["部门预算项目支出绩效自评表（2023年度）", t]))["meta"]
    assert (meta["contact"], meta["composite_score"], meta["grade"]) == ("陈志远", "97.5", "优")


def test_header_cells_are_not_label_value_pairs() -> None:
    """单位名称 | 收入合计 is a header row, not the department's name."""
    t = table([["单位名称", "收入合计", "财政拨款收入"], ["某医院", "10.00", "10.00"]])
    assert extract(document(["收入情况（单位：万元）", t]))["meta"]["department"] is None


def test_form_total_printed_as_self_score() -> None:
    """No 总分 row: the form's 自评总分 is the stated total of its rows."""
    head = table([["主管部门", "某中心", "自评总分（分）", "14"]])
    rows = table(
        [
            ["指标名称", "指标权重（分）", "指标得分（分）"],
            ["预算调整率", "5", "5"],
            ["结转结余率", "10", "9"],
        ]
    )
    r = extract(document(["部门整体绩效自评表", head, rows]))
    assert r["score_total"]["stated"] == "14" and r["meta"]["composite_score"] == "14"


def test_qizhong_under_a_part_marks_parts_of_that_part() -> None:
    """云南: 财政拨款 › 其中：上级补助 / 本级安排; 其中 under the total opens no nesting."""
    t = table(
        [
            ["项目资金（元）", "年初预算数", "全年预算数", "全年执行数"],
            ["年度资金总额", "1,500,000.00", "1,800,000.00", "1,710,000.00"],
            ["其中：财政拨款", "1,500,000.00", "1,800,000.00", "1,710,000.00"],
            ["其中：上级补助", "1,200,000.00", "1,500,000.00", "1,425,000.00"],
            ["本级安排", "300,000.00", "300,000.00", "285,000.00"],
            ["上年结转资金", "", "", ""],
            ["其他资金", "0.00", "0.00", "0.00"],
        ]
    )
    r = extract(document(["项目支出绩效自评表", t]))
    rows = r["tables"]["project_funds"]["rows"]
    assert [(x["org"], x["part_of"]) for x in rows] == [
        ("年度资金总额", None),
        ("当年财政拨款", None),
        ("上级补助", "当年财政拨款"),
        ("本级安排", "当年财政拨款"),
        ("其他资金", None),
    ]
    assert not [f for f in r["findings"] if f["code"] == "FN07"]
