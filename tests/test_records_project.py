"""Project reports (项目支出绩效自评表): funds table, indicator table, targets, meta.

No project report is in the corpus yet, so these fixtures follow the standard
template (财预〔2020〕10号 附件): one table holding 项目名称/主管部门, the funds
rows (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分), the 年度总体目标
and the indicator rows (一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分,
偏差原因分析及改进措施) with a 总分 row.  The same report is read as DOCX (real
merged cells) and as Word's text export (merges lost); a second report, typed
in the text layout, varies everything a template may vary: column order, a
序号 column, synonyms, amounts in 元 with thousands separators.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from records_fixtures import document, extract, load_text, table, via
from records_gold import RECORD_FIELDS, differences, without_pages

D = Decimal


def standard_template():
    t = table(
        [
            ["项目名称", ("职业技能提升培训专项", 1, 8)],
            [
                "主管部门",
                ("某市人力资源和社会保障局", 1, 3),
                ("实施单位", 1, 2),
                ("某市职业技能培训中心", 1, 3),
            ],
            [
                ("项目资金（万元）", 5, 1),
                ("", 1, 2),
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
            ],
            [("年度资金总额", 1, 2), "100", "120", "114", "10", "95%", "9.5"],
            [("其中：当年财政拨款", 1, 2), "100", "100", "95", "—", "95%", "—"],
            [("上年结转资金", 1, 2), "", "20", "19", "—", "95%", "—"],
            [("其他资金", 1, 2), "", "", "", "—", "", "—"],
            [("年度总体目标", 2, 1), ("预期目标", 1, 4), ("实际完成情况", 1, 4)],
            [
                ("完成500人次职业技能培训，培训合格率不低于95%。", 1, 4),
                ("完成520人次培训，合格率93%。", 1, 4),
            ],
            [
                ("绩效指标", 9, 1),
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ],
            [
                ("产出指标（50分）", 4, 1),
                "数量指标",
                "培训人次",
                "≥500人次",
                "520人次",
                "20",
                "20",
                "",
            ],
            [
                "质量指标",
                "培训合格率",
                "≥95%",
                "93%",
                "15",
                "13",
                "部分学员未通过考核，下年度加强考前辅导",
            ],
            ["时效指标", "培训完成时间", "2020年12月底前", "2020年11月", "10", "10", ""],
            ["成本指标", "人均培训成本", "≤2400元", "2192元", "5", "5", ""],
            [
                ("效益指标（30分）", 3, 1),
                ("社会效益指标", 2, 1),
                "培训后就业率",
                "≥80%",
                "85%",
                ("20", 2, 1),
                ("19", 2, 1),
                ("就业跟踪不完整", 2, 1),
            ],
            ["带动创业人数", "≥20人", "25人"],
            ["可持续影响指标", "培训机制长效运行", "长期", "长期", "10", "10", ""],
            [
                "满意度指标（10分）",
                "服务对象满意度指标",
                "学员满意度",
                "≥90%",
                "96%",
                "10",
                "10",
                "",
            ],
            [("总分", 1, 6), "100", "96.5", ""],
        ]
    )
    return document(
        [
            "项目支出绩效自评表",
            "（2020年度）",
            t,
            "经自评，该项目综合得分96.5分，评价等次为“优秀”。",
            "填报人：张三          联系电话：0730-8888888",
            "填报日期：2021年3月15日",
        ]
    )


EXPECTED_SCORES = [
    ("预算执行率", None, None, D(10), D("9.5"), False),
    ("产出指标", "数量指标", "培训人次", D(20), D(20), False),
    ("产出指标", "质量指标", "培训合格率", D(15), D(13), False),
    ("产出指标", "时效指标", "培训完成时间", D(10), D(10), False),
    ("产出指标", "成本指标", "人均培训成本", D(5), D(5), False),
    ("效益指标", "社会效益指标", "培训后就业率", D(20), D(19), False),
    ("效益指标", "社会效益指标", "带动创业人数", None, None, True),
    ("效益指标", "可持续影响指标", "培训机制长效运行", D(10), D(10), False),
    ("满意度指标", "服务对象满意度指标", "学员满意度", D(10), D(10), False),
]


def _scores(report: dict) -> list[tuple]:
    return [
        (
            r["level1"],
            r["level2"],
            r["level3"],
            None if r["max"] is None else D(r["max"]),
            None if r["score"] is None else D(r["score"]),
            r["shared_with_previous"],
        )
        for r in report["score_rows"]
    ]


def _cells(row: dict) -> dict[str, Decimal]:
    return {k: D(v["value"]) for k, v in row["cells"].items()}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("project")
    doc = standard_template()
    return {
        "built": extract(doc),
        "docx": extract(via(doc, "docx", tmp)),
        "txt": extract(via(doc, "txt", tmp)),
    }


@pytest.mark.parametrize("fmt", ["built", "docx", "txt"])
def test_standard_template(reports, fmt: str) -> None:
    r = reports[fmt]
    assert r["kind"] == "project_form"  # the standalone 自评表 (schema 2)
    funds = r["tables"]["project_funds"]
    assert funds["unit"] == "万元" and "项目资金" in funds["unit_source"]
    assert [row["org"] for row in funds["rows"]] == ["年度资金总额", "当年财政拨款", "上年结转"]
    total, appropriation, carried = funds["rows"]
    assert total["is_summary"] and not appropriation["is_summary"]
    assert _cells(total) == {
        "initial_budget": D(100),
        "full_year_budget": D(120),
        "executed": D(114),
        "max": D(10),
        "rate": D(95),
        "score": D("9.5"),
    }
    assert total["cells"]["rate"]["raw"] == "95%"
    assert _cells(appropriation) == {
        "initial_budget": D(100),
        "full_year_budget": D(100),
        "executed": D(95),
        "rate": D(95),
    }
    assert _cells(carried) == {"full_year_budget": D(20), "executed": D(19), "rate": D(95)}
    for name in ("income", "expense", "sangong", "assets"):
        assert r["tables"][name] is None

    assert _scores(r) == EXPECTED_SCORES
    quality = r["score_rows"][2]
    assert (quality["target"], quality["actual"]) == ("≥95%", "93%")
    assert quality["reason"] == "部分学员未通过考核，下年度加强考前辅导"
    assert r["score_total"] == {
        "stated": "96.5",
        "computed": "96.5",
        "max_stated": "100",
        "max_computed": "100",
        "block": r["score_total"]["block"],
        "row": r["score_total"]["row"],
    }
    weights = {
        w["level1"]: (w["weight_stated"], w["max_sum"], w["score_sum"]) for w in r["level1_weights"]
    }
    assert weights == {
        "预算执行率": (None, "10", "9.5"),
        "产出指标": ("50", "50", "48"),
        "效益指标": ("30", "30", "29"),
        "满意度指标": ("10", "10", "10"),
    }

    assert [(t["category"], t["target"], t["actual"]) for t in r["targets"]] == [
        ("总体", "完成500人次职业技能培训，培训合格率不低于95%。", "完成520人次培训，合格率93%。")
    ]
    assert r["meta"] | {} == {
        "department": "某市人力资源和社会保障局",
        "budget_code": None,
        "year": "2020",
        "report_date": "2021-03-15",
        "contact": "张三",
        "phone": "0730-8888888",
        "staff_quota": None,
        "staff_actual": None,
        "project_name": "职业技能提升培训专项",
        "composite_score": "96.5",
        "grade": "优秀",
    }


def test_standard_template_same_in_every_format(reports) -> None:
    for fmt in ("docx", "txt"):
        diffs = []
        for field in RECORD_FIELDS:
            if field == "decisions":
                continue  # block numbers in the wording may differ when the text export splits tables
            diffs += differences(
                without_pages(_strip_positions(reports["built"][field])),
                without_pages(_strip_positions(reports[fmt][field])),
                field,
            )
        assert not diffs, (fmt, diffs)


def _strip_positions(obj):
    """Block and row numbers depend on how a format splits the one big table."""
    if isinstance(obj, dict):
        return {k: _strip_positions(v) for k, v in obj.items() if k not in ("block", "row")}
    if isinstance(obj, list):
        return [_strip_positions(v) for v in obj]
    return obj


VARIANT = """\
2021年度农村饮水安全巩固提升项目支出绩效自评报告
一、项目基本情况
项目名称：农村饮水安全巩固提升工程
实施单位：某县水利局
二、项目资金使用情况
单位：元
\t资金来源
\t年初预算数
\t全年预算数
\t全年执行数
\t执行率
\t标准分
\t评分

\t年度资金总额
\t1,200,000.00
\t1,500,000.00
\t1,425,000.00
\t95.00%
\t10
\t9.5

\t其中：财政拨款
\t1,200,000.00
\t1,200,000.00
\t1,140,000.00
\t95.00%
\t/
\t/

\t上年结转
\t
\t300,000.00
\t285,000.00
\t95.00%
\t/
\t/

三、绩效指标完成情况
\t序号
\t一级指标
\t二级指标
\t三级指标
\t指标分值
\t得分
\t年度目标值
\t实际完成值
\t偏差原因

\t1
\t产出指标（50分）
\t数量指标
\t新建供水工程
\t30
\t30
\t5处
\t5处
\t

\t2
\t
\t质量指标
\t水质达标率
\t20
\t18
\t100%
\t96%
\t个别水厂消毒设备老化

\t3
\t效益指标（30分）
\t社会效益指标
\t受益人口
\t30
\t30
\t≥2万人
\t2.3万人
\t

\t4
\t满意度指标（10分）
\t服务对象满意度
\t群众满意度
\t10
\t9
\t≥90%
\t88%
\t部分群众反映水压不稳

\t
\t合计
\t
\t
\t90
\t87
\t
\t
\t

四、自评结论
经综合评价，本项目自评得分为96.5分，绩效等级为“优”。
"""


def test_variant_in_text_layout(tmp_path) -> None:
    r = extract(load_text(VARIANT, tmp_path))
    assert r["kind"] == "project"
    funds = r["tables"]["project_funds"]
    assert funds["unit"] == "元" and funds["unit_source"] == "caption: 单位：元"
    rows = {row["org"]: row for row in funds["rows"]}
    assert list(rows) == ["年度资金总额", "当年财政拨款", "上年结转"]
    total = rows["年度资金总额"]["cells"]
    assert D(total["initial_budget"]["value"]) == D("1200000.00")
    assert (
        total["initial_budget"]["raw"] == "1,200,000.00" and not total["initial_budget"]["repaired"]
    )
    assert (D(total["max"]["value"]), D(total["score"]["value"]), D(total["rate"]["value"])) == (
        D(10),
        D("9.5"),
        D(95),
    )
    assert set(rows["当年财政拨款"]["cells"]) == {
        "initial_budget",
        "full_year_budget",
        "executed",
        "rate",
    }

    assert _scores(r) == [
        ("预算执行率", None, None, D(10), D("9.5"), False),
        ("产出指标", "数量指标", "新建供水工程", D(30), D(30), False),
        ("产出指标", "质量指标", "水质达标率", D(20), D(18), False),
        ("效益指标", "社会效益指标", "受益人口", D(30), D(30), False),
        ("满意度指标", "服务对象满意度", "群众满意度", D(10), D(9), False),
    ]
    water = r["score_rows"][2]
    assert (water["target"], water["actual"], water["reason"]) == (
        "100%",
        "96%",
        "个别水厂消毒设备老化",
    )
    # the 合计 row covers the indicator table only; the funds table's 10 points come on top
    assert (r["score_total"]["stated"], r["score_total"]["max_stated"]) == ("87", "90")
    assert (r["score_total"]["computed"], r["score_total"]["max_computed"]) == ("96.5", "100")
    assert r["meta"]["project_name"] == "农村饮水安全巩固提升工程"
    assert r["meta"]["department"] == "某县水利局"
    assert r["meta"]["year"] == "2021"
    assert (r["meta"]["composite_score"], r["meta"]["grade"]) == ("96.5", "优")
