"""Table recognition by content (``extractor.records.tables``): kinds, headers, columns, units."""

from __future__ import annotations

import pytest
from records_fixtures import document, table

from extractor.loaders import load
from extractor.records.tables import find_regions

SCORE_HEADERS = [
    # (header row, expected keys left to right; None = no key)
    (
        ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因"],
        ["level1", "level2", "level3", "standard", "max", "score", "reason"],
    ),
    (
        [
            "序号",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标分值",
            "得分",
            "评分依据",
            "偏差原因分析",
        ],
        ["seq", "level1", "level2", "level3", "max", "score", "standard", "reason"],
    ),
    (
        ["一级指标", "二级指标", "三级指标", "权重", "评分标准", "评价得分", "扣分原因和其他说明"],
        ["level1", "level2", "level3", "max", "standard", "score", "reason"],
    ),
    (
        ["得分", "分值", "三级指标", "二级指标", "一级指标"],
        ["score", "max", "level3", "level2", "level1"],
    ),
    (
        ["一级指标", "二级指标", "三级指标", "评分标准", "评分依据", "标准分", "得分", "扣分原因"],
        ["level1", "level2", "level3", "standard", None, "max", "score", "reason"],
    ),
    (
        [
            "一级 指标",
            "二级\n指标",
            "指标名称",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        ["level1", "level2", "level3", "target", "actual", "max", "score", "reason"],
    ),
]


@pytest.mark.parametrize(
    ("header", "keys"),
    SCORE_HEADERS,
    ids=["seed", "seq-synonyms", "weight-first", "reversed", "basis-unclaimed", "project"],
)
def test_score_header_any_order_and_synonyms(header: list[str], keys: list[str | None]) -> None:
    body = [
        "投入（15分）" if k == "level1" else "5" if k in ("max", "score") else "x" for k in keys
    ]
    doc = document([table([header, body])])
    (region,) = find_regions(doc)
    assert region.kind == "score"
    assert [region.columns.get(c) for c in range(len(header))] == keys


FINANCE = [
    (
        "income",
        [
            "单位名称",
            "收入总计",
            "上年结转",
            "一般公共预算财政拨款",
            "政府性基金预算拨款",
            "其他收入",
        ],
        ["label", "total", "carryover", "public_budget", "gov_fund", "other"],
    ),
    (
        "expense",
        ["机构名称", "项目支出", "基本支出", "支出合计", "人员经费", "公用经费"],
        ["label", "project", "basic", "total", "personnel", "public_use"],
    ),
    (
        "sangong",
        [
            "序号",
            "单位",
            "“三公”经费合计",
            "因公出国（境）费",
            "公务用车运行维护费",
            "公务用车购置费",
            "公务接待费",
        ],
        ["seq", "label", "total", "overseas", "vehicle_operation", "vehicle_purchase", "reception"],
    ),
    (
        "assets",
        ["机构名称", "合计", "在用", "出租出借固定资产", "其他"],
        ["label", "total", "in_use", "rented", "other"],
    ),
]


@pytest.mark.parametrize(("kind", "header", "keys"), FINANCE, ids=[f[0] for f in FINANCE])
def test_finance_header_by_content(kind: str, header: list[str], keys: list[str]) -> None:
    body = ["1、局机关" if k == "label" else "1" if k == "seq" else "3.50" for k in keys]
    doc = document(["（单位：万元）", table([header, body])])
    (region,) = find_regions(doc)
    assert region.kind == kind
    assert [region.columns.get(c) for c in range(len(header))] == keys
    assert region.unit == "万元"


def test_seed_multirow_headers_rebuilt(corpus) -> None:
    doc = load(corpus / "seed.txt")
    regions = {g.kind: g for g in find_regions(doc)}
    expense = regions["expense"]
    assert expense.header.depth == 3  # 支出合计 › 其中：› 基本支出 › 其中：› 人员支出
    assert list(expense.columns.values()) == [
        "label",
        "total",
        "basic",
        "personnel",
        "public_use",
        "project",
        "balance_current",
        "balance_cumulative",
    ]
    assert regions["income"].header.depth == 2
    assert regions["assets"].columns == {
        0: "label",
        1: "total",
        2: "in_use",
        3: "rented",
        4: "other",
    }
    score = regions["score"]
    assert score.skipped_headers == [14]  # the header printed again after the page break
    assert 14 not in score.rows


def test_two_row_score_header() -> None:
    doc = document(
        [
            table(
                [
                    [("指标", 1, 3), ("分值", 2, 1), ("得分", 2, 1)],
                    ["一级", "二级", "三级"],
                    ["投入", "预算", "执行率", "5", "4"],
                ]
            )
        ]
    )
    (region,) = find_regions(doc)
    assert region.kind == "score" and region.header.depth == 2
    assert region.columns == {0: "level1", 1: "level2", 2: "level3", 3: "max", 4: "score"}
    assert region.rows == [2]


NOT_RECORDS = [
    [["联系人", "罗龙文", "联络电话", "15273032337"], ["人员编制", "7", "实有人数", "7"]],
    [["姓  名", "职务/职称", "单  位", "签  字"], ["徐婷", "科长", "政务服务中心", ""]],
    [["职能职责概述", "负责推进、指导、协调、监督、考核全区实施政务公开工作……"]],
    [["收入合计", "200.13"], ["其他", "0"]],  # a key–value pair of amounts is not the income table
]


@pytest.mark.parametrize("rows", NOT_RECORDS, ids=["kv", "people", "narrative", "kv-amounts"])
def test_tables_that_are_not_records(rows) -> None:
    assert find_regions(document([table(rows)])) == []


def test_units_from_header_caption_note_or_nothing() -> None:
    header = ["机构名称", "收入合计（元）", "上年结转", "财政拨款", "其他收入"]
    body = ["1、局机关", "10", "0", "10", "0"]
    in_header = find_regions(document([table([header, body])]))[0]
    assert (in_header.unit, in_header.unit_source) == ("元", "header cell: 收入合计（元）")

    plain = ["机构名称", "收入合计", "上年结转", "财政拨款", "其他收入"]
    note = find_regions(document(["年度收入情况", "单位：元", table([plain, body])]))[0]
    assert (note.unit, note.unit_source) == ("元", "caption: 单位：元")

    caption = find_regions(document(["年度收入情况（万元）", table([plain, body])]))[0]
    assert caption.unit == "万元"

    far = find_regions(
        document(
            [
                "年度收入情况（万元）",
                "这一段很长的说明文字不是表格的标题，" * 6,
                table([plain, body]),
            ]
        )
    )[0]
    assert far.unit is None  # a long paragraph is not a caption; nothing is assumed

    none = find_regions(document([table([plain, body])]))[0]
    assert (none.unit, none.unit_source) == (None, None)


def test_table_cut_by_a_page_break_continues() -> None:
    """A PDF may give a table per page: the next page's rows (without a header) continue it."""
    header = ["一级指标", "二级指标", "三级指标", "分值", "得分"]
    first = table([header, ["投入", "预算", "执行率", "5", "5"]])
    second = table([["过程", "管理", "制度", "5", "4"], [("总分", 1, 3), "10", "9"]])
    doc = document([first, "- 2 -", second])
    regions = find_regions(doc)
    assert [g.kind for g in regions] == ["score", "score"]
    assert regions[1].continues is regions[0] and regions[1].header is None
    assert regions[1].rows == [0, 1]

    # a heading in between ends the table: no continuation
    doc = document([first, "二、其他情况", second])
    assert [g.kind for g in find_regions(doc)] == ["score"]
