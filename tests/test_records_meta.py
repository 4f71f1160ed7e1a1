"""Report metadata and genre (``extractor.records.meta``, ``extractor.records.kind``)."""

from __future__ import annotations

import pytest
from records_fixtures import document, extract, table

import extractor
from extractor.records.meta import iso_date

DATES = [
    ("2021年 7月 8日", "2021-07-08"),
    ("2021年07月08日", "2021-07-08"),
    ("２０２１年７月８日", "2021-07-08"),
    ("2021-7-8", "2021-07-08"),
    ("2021.07.08", "2021-07-08"),
    ("2021/7/8", "2021-07-08"),
    ("二〇二一年七月八日", "2021-07-08"),
    ("二〇二〇年十二月三十一日", "2020-12-31"),
    ("年    月    日", None),
    ("2021年13月1日", None),
    ("2021年7月", None),
]


@pytest.mark.parametrize(("text", "iso"), DATES, ids=[d[0] for d in DATES])
def test_iso_date(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_seed_meta(corpus) -> None:
    r = extractor.read(corpus / "seed.txt").to_dict()
    assert r["meta"] == {
        "department": "湖南城陵矶新港区政务服务中心",
        "budget_code": "107001",
        "year": "2020",
        "report_date": "2021-07-08",
        "contact": "罗龙文",
        "phone": "15273032337",
        "staff_quota": "7",
        "staff_actual": "7",
        "project_name": None,
        "composite_score": None,
        "grade": "优秀",
    }
    # 综合得分 is printed with an empty cell: null, and the report says so
    assert any(d.startswith("meta.composite_score:") and "no value" in d for d in r["decisions"])
    assert r["kind"] == "overall"


def test_labels_on_cover_lines_and_in_tables() -> None:
    doc = document(
        [
            "某县财政局2019年度部门整体支出绩效自评报告",
            "单位名称：某县财政局        预算代码：201001",
            "填报日期：二〇二〇年三月二日",
            "一、基本情况",
            table(
                [
                    ["联系人", "李 四", "联系电话", "0730－1234567"],
                    ["编制人数", "12人", "实有人员", "11人"],
                    ["绩效自评综合得分", "91.5分", "评价等级", "优"],
                ]
            ),
        ]
    )
    r = extract(doc)
    assert r["meta"] == {
        "department": "某县财政局",
        "budget_code": "201001",
        "year": "2019",
        "report_date": "2020-03-02",
        "contact": "李四",
        "phone": "0730-1234567",
        "staff_quota": "12",
        "staff_actual": "11",
        "project_name": None,
        "composite_score": "91.5",
        "grade": "优",
    }


def test_narrative_gives_score_and_grade_only_when_no_label_does() -> None:
    doc = document(
        [
            "2020年度部门整体支出绩效自评报告",
            "三、自评结论",
            "经评价，本部门2020年度整体支出绩效自评得分为88.5分，评价等次为良好。",
        ]
    )
    r = extract(doc)
    assert (r["meta"]["composite_score"], r["meta"]["grade"]) == ("88.5", "良好")
    assert any("read from the text" in d for d in r["decisions"])

    labelled = document(
        [
            "2020年度部门整体支出绩效自评报告",
            table([["综合得分", "90"], ["评价等次", "优秀"]]),
            "经评价，自评得分为88.5分，评价等次为良好。",
        ]
    )
    r = extract(labelled)
    assert (r["meta"]["composite_score"], r["meta"]["grade"]) == ("90", "优秀")


def test_nothing_printed_is_null() -> None:
    r = extract(document(["一份没有封面的文件", "正文。"]))
    assert all(v is None for v in r["meta"].values())
    # schema 2: a text without finance words is no finance report, not an unknown one
    assert r["kind"] == "other"


KINDS = [
    (["2020年度部门整体支出绩效评价自评报告"], "overall"),
    (["XX局2020年度XX项目支出绩效自评报告"], "project"),
    # schema 2: the standalone form is its own kind
    (["项目支出绩效自评表", "（2020年度）"], "project_form"),
    (["自评报告", table([["项目名称", "道路维修"]])], "project"),
    (
        [
            "自评报告",
            table([["机构名称", "收入合计", "上年结转", "财政拨款"], ["1、局机关", "1", "0", "1"]]),
        ],
        "overall",
    ),
    (["绩效评价报告"], "evaluation"),
    # real titles (corpus/real pf02, pj01, ov01): 四川's form names 部门预算 first; a
    # 单位自评报告; a department's own report on its whole spending
    (["部门预算项目支出绩效自评表(2023年度)"], "project_form"),
    (["红河州数据发展中心2024年度项目支出绩效单位自评报告"], "project"),
    (["部门整体支出及项目支出绩效评价报告"], "overall"),
    # a page holding the end of one form and the start of the next: the title is a row
    (
        [
            table(
                [
                    ["绩效指标(90分)", "一级指标", "分值", "得分"],
                    ["部门预算项目支出绩效自评表(2023年度)", "", "", ""],
                    ["项目名称", "安可替代补助资金项目", "", ""],
                ]
            )
        ],
        "project_form",
    ),
    (["某某局2023年度部门决算", "收入支出决算总表"], "final_accounts"),
    (["某某局2024年部门预算公开", "一般公共预算支出表"], "budget"),
    (["关于做好2023年度防汛工作的通知", "各乡镇人民政府："], "other"),
    # a policy with finance words but no report's title, table or words
    (["关于实施乡村振兴战略的意见", "加大财政投入，资金向农业倾斜，预算安排优先保障。"], "other"),
]


@pytest.mark.parametrize(("items", "kind"), KINDS, ids=[k[1] + str(i) for i, k in enumerate(KINDS)])
def test_kind_by_content(items, kind: str) -> None:
    r = extract(document(items))
    assert r["kind"] == kind
    assert any(d.startswith(f"kind: {kind}") for d in r["decisions"])


def test_a_group_score_is_not_the_composite_score() -> None:
    """Real 绩效评价报告 (corpus/real ev01): 决策指标共15分，评价得分10.40分 was read as the
    综合得分 and SC07 raised a false grade mismatch; the 总体 score is the composite."""
    r = extract(
        document(
            [
                "项目总体评价得65.00分，评价等级为“中”。",
                "决策指标共15分，评价得分10.40分，得分率69.33%。",
            ]
        )
    )
    assert r["meta"]["composite_score"] == "65.00"
