"""Finance tables → rows (``extractor.records.finance``): summary rows, placeholders,
wrapped names and numbers, units never assumed silently."""

from __future__ import annotations

from decimal import Decimal

from records_fixtures import document, extract, load_text, table

import extractor

D = Decimal


def _values(row: dict) -> dict[str, tuple[Decimal, str, bool]]:
    return {k: (D(v["value"]), v["raw"], v["repaired"]) for k, v in row["cells"].items()}


def test_seed_rows(corpus) -> None:
    r = extractor.read(corpus / "seed.txt").to_dict()
    income = r["tables"]["income"]
    # 2、二级机构1 and 3、二级机构2 are left blank: placeholder rows are not rows
    assert [(row["org"], row["is_summary"]) for row in income["rows"]] == [
        ("局机关及二级机构汇总", True),
        ("1、局机关", False),
    ]
    # an empty cell is absent, not zero
    assert set(income["rows"][0]["cells"]) == {"total", "public_budget", "gov_fund"}
    assert income["rows"][0]["cells"]["total"] == {
        "value": "200.13",
        "raw": "200.13",
        "repaired": False,
    }
    assert r["tables"]["expense"]["rows"][1]["cells"]["balance_current"]["value"] == "0"


def test_seed_units_and_the_inheritance_rule(corpus) -> None:
    r = extractor.read(corpus / "seed.txt").to_dict()
    t = r["tables"]
    assert t["income"]["unit_source"] == "caption: 年度收入情况（万元）"
    assert t["expense"]["unit_source"] == "caption: 部门（单位）年度支出和结余情况（万元）"
    for name in ("sangong", "assets"):
        assert t[name]["unit"] == "万元"
        assert t[name]["unit_source"].startswith("inherited from the expense table")
        assert any(d.startswith(f"tables.{name} ") and "inherited" in d for d in r["decisions"])


WRAPPED = """\
二、部门（单位）收支情况
年度收入情况（万元）
\t机构名称
\t收入合计
\t其中：

\t
\t
\t上年结转
\t公共财
政拨款
\t其他
收入

\t局机关及二级机构汇总
\t2315.6
2
\t
\t2315.62
\t0

\t1、局机
关
\t486. 35
\t
\t486.35
\t

\t2、二级机构1
\t1829.27
\t
\t1829.27
\t

\t3、二级机构2
\t
\t
\t
\t

"""


def test_wrapped_names_and_numbers_in_the_text_layout(tmp_path) -> None:
    r = extract(load_text(WRAPPED, tmp_path))
    rows = r["tables"]["income"]["rows"]
    assert [row["org"] for row in rows] == ["局机关及二级机构汇总", "1、局机关", "2、二级机构1"]
    assert _values(rows[0])["total"] == (D("2315.62"), "2315.6\n2", True)
    assert _values(rows[0])["public_budget"] == (D("2315.62"), "2315.62", False)
    assert _values(rows[1])["total"] == (D("486.35"), "486. 35", True)
    assert _values(rows[2]) == {
        "total": (D("1829.27"), "1829.27", False),
        "public_budget": (D("1829.27"), "1829.27", False),
    }
    repairs = [d for d in r["decisions"] if "rejoined" in d]
    assert len(repairs) == 2 and "'486. 35'" in repairs[1]


def _income(rows: list[list[str]]):
    header = ["机构名称", "收入合计", "上年结转", "财政拨款", "其他收入"]
    return document(["年度收入情况（万元）", table([header, *rows])])


def test_rows_wrapped_onto_the_next_row() -> None:
    """A PDF (or a page break) can put the end of a name or a number on a row of its own."""
    r = extract(
        _income(
            [
                ["局机关及二级机构汇总", "2315.6", "", "2315.6", ""],
                ["", "2", "", "2", ""],
                ["1、局", "486.35", "", "486.35", ""],
                ["机关", "", "", "", ""],
                ["2、二级机构1", "1829.27", "", "1829.27", ""],
            ]
        )
    )
    rows = r["tables"]["income"]["rows"]
    assert [row["org"] for row in rows] == ["局机关及二级机构汇总", "1、局机关", "2、二级机构1"]
    assert _values(rows[0])["total"] == (D("2315.62"), "2315.6\n2", True)
    assert _values(rows[1])["total"] == (D("486.35"), "486.35", False)


def test_rows_of_their_own_are_not_joined() -> None:
    r = extract(
        _income(
            [
                ["局机关及二级机构汇总", "30", "", "30", ""],
                ["1、局机关", "20", "", "20", ""],
                ["2、二级机构1", "10", "", "10", ""],
                [
                    "",
                    "",
                    "",
                    "",
                    "5",
                ],  # a value that does not wrap a number above (there is none) stays apart
                ["其他单位", "7", "", "7", ""],  # unnumbered name with values: a row of its own
            ]
        )
    )
    orgs = [row["org"] for row in r["tables"]["income"]["rows"]]
    assert orgs == ["局机关及二级机构汇总", "1、局机关", "2、二级机构1", "", "其他单位"]


def test_no_unit_and_no_sibling_is_null_and_said() -> None:
    header = [
        "机构名称",
        "三公经费合计",
        "公务接待费",
        "公务用车运维费",
        "公务用车购置费",
        "因公出国费",
    ]
    r = extract(document([table([header, ["1、局机关", "0", "0", "0", "0", "0"]])]))
    sangong = r["tables"]["sangong"]
    assert sangong["unit"] is None
    assert sangong["unit_source"].startswith("not stated")
    assert any(d.startswith("tables.sangong: no unit printed") for d in r["decisions"])


def test_sibling_in_another_section_is_not_inherited() -> None:
    income = _income([["1、局机关", "10", "", "10", ""]])
    header = ["机构名称", "固定资产合计", "在用固定资产", "出租固定资产", "其他"]
    doc = document(
        [
            "一、收入",
            *[b.table if b.table else b.text for b in income.blocks],
            "二、资产",
            table([header, ["1、局机关", "5", "5", "0", "0"]]),
        ]
    )
    r = extract(doc)
    assert r["tables"]["income"]["unit"] == "万元"
    assert r["tables"]["assets"]["unit"] is None


def test_second_table_of_a_kind_is_reported() -> None:
    doc = document(
        [
            *_income([["1、局机关", "10", "", "10", ""]]).blocks[0:0],
            "年度收入情况（万元）",
            table(
                [
                    ["机构名称", "收入合计", "上年结转", "财政拨款", "其他收入"],
                    ["1、局机关", "10", "", "10", ""],
                ]
            ),
            "上年收入情况（万元）",
            table(
                [
                    ["机构名称", "收入合计", "上年结转", "财政拨款", "其他收入"],
                    ["1、局机关", "9", "", "9", ""],
                ]
            ),
        ]
    )
    r = extract(doc)
    assert r["tables"]["income"]["rows"][0]["cells"]["total"]["value"] == "10"
    assert any("second table of this kind" in d for d in r["decisions"])
