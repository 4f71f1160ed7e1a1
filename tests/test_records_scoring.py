"""The scoring table → score rows, totals, subtotals, weights (``extractor.records.scoring``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from records_fixtures import document, extract, table, via

import extractor

D = Decimal


def _rows(r: dict) -> list[tuple]:
    return [
        (s["level1"], s["level2"], s["level3"], s["max"], s["score"], s["shared_with_previous"])
        for s in r["score_rows"]
    ]


@pytest.fixture(scope="module")
def seed(corpus) -> dict:
    return extractor.read(corpus / "seed.txt").to_dict()


def test_seed_shared_cells_and_labels(seed) -> None:
    rows = _rows(seed)
    assert len(rows) == 25  # the repeated header after the page break is not a row
    assert rows[0] == ("投入", "预算配置", "财政供养人员控制率", "5", "5", False)
    assert rows[21:24] == [
        ("效果", "履职效益", "经济效益", "15", "15", False),
        ("效果", "履职效益", "社会效益", None, None, True),
        ("效果", "履职效益", "生态效益", None, None, True),
    ]
    assert any("read as sharing" in d and "[24, 25]" in d for d in seed["decisions"])
    # the group's 评分标准 (此三项指标…) is on its first row only
    assert seed["score_rows"][21]["standard"].startswith("此三项指标")
    assert seed["score_rows"][22]["standard"] is None


def test_seed_weights_count_repeated_labels_once(seed) -> None:
    """过程 and 资产管理 are printed again after the page break: one group each."""
    l1 = [
        (w["level1"], w["weight_stated"], w["max_sum"], w["score_sum"])
        for w in seed["level1_weights"]
    ]
    assert l1 == [
        ("投入", "15", "15", "15"),
        ("过程", "40", "40", "38"),
        ("产出", "25", "25", "25"),
        ("效果", "20", "20", "20"),
    ]
    l2 = {
        (w["level1"], w["level2"]): (w["weight_stated"], w["max_sum"], w["score_sum"])
        for w in seed["level2_weights"]
    }
    assert l2[("过程", "资产管理")] == ("10", "10", "8")
    assert len(l2) == 6
    assert seed["score_total"] | {"block": None, "row": None} == {
        "stated": "98",
        "computed": "98",
        "max_stated": "100",
        "max_computed": "100",
        "block": None,
        "row": None,
    }
    assert seed["subtotals"] == []


def _merged_table():
    """Real merges, as a DOCX gives them: 一级/二级 down the rows, one 分值/得分 for three rows."""
    return table(
        [
            ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因"],
            [
                ("投  入\n（10分）", 2, 1),
                ("预算配置\n（10分）", 2, 1),
                "人员控制率",
                "≦100%计5分",
                "5",
                "5",
                "",
            ],
            ["重点支出安排率", "≥90%计5分", "5", "4", "安排率85%"],
            [
                ("效  果\n（15分）", 3, 1),
                ("履职效益\n（15分）", 3, 1),
                "经济效益",
                ("此三项指标共15分", 3, 1),
                ("15", 3, 1),
                ("14", 3, 1),
                ("生态效益不明显", 3, 1),
            ],
            ["社会效益"],
            ["生态效益"],
            [("总 分", 1, 4), "25", "23", ""],
        ]
    )


EXPECTED = [
    ("投入", "预算配置", "人员控制率", "5", "5", False),
    ("投入", "预算配置", "重点支出安排率", "5", "4", False),
    ("效果", "履职效益", "经济效益", "15", "14", False),
    ("效果", "履职效益", "社会效益", None, None, True),
    ("效果", "履职效益", "生态效益", None, None, True),
]


@pytest.mark.parametrize("fmt", ["built", "docx", "txt"])
def test_merged_cells_and_text_export_agree(fmt: str, tmp_path) -> None:
    doc = document([_merged_table()])
    if fmt != "built":
        doc = via(doc, fmt, tmp_path)
    r = extract(doc)
    assert _rows(r) == EXPECTED
    first, shared = r["score_rows"][2], r["score_rows"][3]
    assert (first["reason"], first["standard"]) == ("生态效益不明显", "此三项指标共15分")
    assert (shared["reason"], shared["standard"]) == (None, None)  # merged texts: first row only
    assert r["score_rows"][1]["reason"] == "安排率85%"
    assert (r["score_total"]["stated"], r["score_total"]["computed"]) == ("23", "23")
    assert (r["score_total"]["max_stated"], r["score_total"]["max_computed"]) == ("25", "25")
    inferred = any("read as sharing" in d for d in r["decisions"])
    assert inferred is (fmt == "txt")  # only the text export needs the inference


def test_seq_column_subtotals_total_and_unmerged_labels() -> None:
    """序号 first, synonyms, 小计 rows, a 合计 row, and 一级/二级 printed only on a group's first row."""
    t = table(
        [
            [
                "序号",
                "一级指标",
                "二级指标",
                "三级指标",
                "权重",
                "得分",
                "评分依据",
                "偏差原因分析",
            ],
            ["1", "决策（20分）", "目标设定", "绩效目标合理性", "10", "10", "目标明确", ""],
            ["2", "", "", "绩效指标明确性", "10", "8", "指标不够细化", "部分指标未量化"],
            ["", "小计", "", "", "20", "18", "", ""],
            ["3", "产出（80分）", "产出数量", "完成率", "80", "76", "完成95%", "个别任务延期"],
            ["", "小计", "", "", "80", "76", "", ""],
            ["", "合计", "", "", "100", "94", "", ""],
        ]
    )
    r = extract(document([t]))
    assert _rows(r) == [
        ("决策", "目标设定", "绩效目标合理性", "10", "10", False),
        ("决策", "目标设定", "绩效指标明确性", "10", "8", False),
        ("产出", "产出数量", "完成率", "80", "76", False),
    ]
    assert r["score_rows"][1]["standard"] == "指标不够细化"
    assert r["score_rows"][1]["reason"] == "部分指标未量化"
    assert [(s["label"], s["level1"], s["max"], s["score"]) for s in r["subtotals"]] == [
        ("小计", "决策", "20", "18"),
        ("小计", "产出", "80", "76"),
    ]
    assert r["score_total"]["stated"] == "94" and r["score_total"]["computed"] == "94"
    assert [(w["level1"], w["weight_stated"], w["max_sum"]) for w in r["level1_weights"]] == [
        ("决策", "20", "20"),
        ("产出", "80", "80"),
    ]


def test_blank_scores_that_are_not_shared() -> None:
    """An unfilled row with its own 评分标准 is not taken as sharing the row above."""
    t = table(
        [
            ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "得分"],
            ["投入", "预算", "执行率", "≥90%计5分", "5", "5"],
            ["", "", "调整率", "=0计5分", "", ""],
        ]
    )
    rows = _rows(extract(document([t])))
    assert rows[1] == ("投入", "预算", "调整率", None, None, False)


def test_header_repeated_in_a_new_table_after_a_page_number() -> None:
    header = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
    first = table([header, ["投入（10分）", "预算（10分）", "执行率", "10", "9"]])
    second = table(
        [header, ["过程（10分）", "管理（10分）", "制度", "10", "10"], [("总分", 1, 3), "20", "19"]]
    )
    r = extract(document([first, "— 7 —", second]))
    assert [s["level3"] for s in r["score_rows"]] == ["执行率", "制度"]
    assert r["score_total"]["stated"] == "19" and r["score_total"]["computed"] == "19"
