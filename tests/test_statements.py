"""决算/预算 disclosure tables read as keyed statements, and the kind of document they make.

The document is built in code (tests/statement_fixtures.py) in the layouts the 财政部
templates print; each slip put into it must raise exactly its own finding, and the
clean document none above info.
"""

from __future__ import annotations

import pytest
from records_fixtures import document
from statement_fixtures import final_accounts

from extractor import pipeline
from extractor.model import Cell
from extractor.records.statement_rows import is_line_numbers
from extractor.records.statement_schema import statement_patterns


def _report(**slips: str):
    return pipeline.check(pipeline.extract(document(final_accounts(**slips))))


def _st(report, schema: str):
    return next(s for s in report.statements if s.schema_id == schema)


def test_kind_and_statements_of_a_final_accounts_document():
    r = _report()
    assert r.kind == "final_accounts"
    assert any(d.startswith("kind: final_accounts (title names «部门决算»") for d in r.decisions)
    ids = [s.schema_id for s in r.statements]
    assert ids == [
        "fa_summary.income",
        "fa_summary.expense",
        "fa_expense",
        "fa_general_expense",
        "fa_general_basic",
        "fa_sangong",
        "fa_gov_fund",
    ]
    # a 决算 has no self-evaluation tables, and its tables are not read as them
    assert r.tables.income is None and r.tables.expense is None
    assert all(s.unit == "万元" for s in r.statements)


def test_two_sided_summary_is_two_statements_with_row_keys():
    r = _report()
    income = {row.key: row for row in _st(r, "fa_summary.income").rows if row.key}
    expense = {row.key: row for row in _st(r, "fa_summary.expense").rows if row.key}
    assert str(income["year_total"].cells["final"].value) == "1350.00"
    assert str(income["carryover_begin"].cells["final"].value) == "150.00"
    assert str(income["grand_total"].cells["final"].value) == "1500.00"
    assert str(expense["year_total"].cells["final"].value) == "1400.00"
    assert str(expense["grand_total"].cells["final"].value) == "1500.00"
    # the 行次 column is no amount
    assert [c.key for c in _st(r, "fa_summary.income").columns] == ["final"]


def test_codes_from_type_columns_give_levels():
    st = _st(_report(), "fa_expense")
    codes = {row.code: row.level for row in st.rows if row.code}
    assert codes["201"] == 1 and codes["20101"] == 2 and codes["2010101"] == 3
    assert codes["2080505"] == 3
    total = next(row for row in st.rows if row.level == 0)
    assert total.key == "total" and str(total.cells["total"].value) == "1400.00"


def test_sangong_groups_and_vehicle_subtotal():
    st = _st(_report(), "fa_sangong")
    keys = [c.key for c in st.columns]
    assert keys[:6] == [
        "budget.total",
        "budget.overseas",
        "budget.vehicle",
        "budget.vehicle_purchase",
        "budget.vehicle_operation",
        "budget.reception",
    ]
    assert "final.vehicle" in keys and "final.reception" in keys


def test_table_empty_on_purpose_is_complete():
    r = _report()
    assert _st(r, "fa_gov_fund").empty
    assert not [f for f in r.findings if f.code in ("DQ02", "ST05")]


def test_clean_document_has_no_finding_above_info():
    r = _report()
    assert [f for f in r.findings if f.severity != "info"] == []


@pytest.mark.parametrize(
    ("slips", "codes"),
    [
        # the 说明 says 收入总计1500.00万元: the table's 1510.00 disagrees with it too
        ({"grand": "1510.00"}, {"ST03", "ST04", "NR07"}),
        ({"yoy": "2023年度收入总计1500.00万元，比上年增加300.00万元，增长20.0%。"}, {"NR05"}),
        ({"count": "本部门设5个内设机构，分别是：办公室、预算股、国库股、综合股。"}, {"NR08"}),
        ({"row_2010101": "610.00"}, {"ST01", "ST02"}),
        # the 说明 says 三公经费支出12.50万元: the table's 12.60 disagrees with it too
        ({"sangong_total": "12.60"}, {"ST02", "NR07"}),
        ({"exp_grand": "1500.01"}, {"FN90"}),
    ],
    ids=["grand_total", "yoy_rate", "count_list", "xiang_row", "sangong_total", "rounding_only"],
)
def test_each_slip_raises_its_own_findings(slips, codes):
    r = _report(**slips)
    errors = {f.code for f in r.findings if f.severity in ("error", "warning")}
    assert errors == codes - {"FN90"}
    if "FN90" in codes:
        assert any(f.code == "FN90" for f in r.findings)


def test_line_number_rows():
    def row(*texts):
        return [Cell(text=t, row=0, col=i) for i, t in enumerate(texts)]

    assert is_line_numbers(row("栏次", "", "1", "栏次", "", "2"))
    assert is_line_numbers(row("类", "款", "项", "栏次", "1", "2", "3"))
    assert is_line_numbers(row("1", "2", "3", "4"))
    # bu21 表9: the starred label cell over one column number (an empty table's only row)
    assert is_line_numbers(row("**", "1"))
    assert not is_line_numbers(row("**", "7"))
    assert not is_line_numbers(row("项目", "行次", "决算数"))
    assert not is_line_numbers(row("201", "800.00", "600.00"))


def test_patterns_validate():
    pats = statement_patterns()
    assert {s.kind for s in pats.schemas} == {"final_accounts", "budget"}
    assert all(s.title_res for s in pats.schemas)


def test_schemas_command_lists_every_schema():
    import json

    from typer.testing import CliRunner

    from extractor.cli import app

    out = CliRunner().invoke(app, ["schemas", "--json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    ids = {i for s in result["schemas"] for i in s["ids"]}
    assert {"fa_summary.income", "fa_summary.expense", "fa_sangong", "bu_general_expense"} <= ids
    assert "final" in result["column_groups"] and "vehicle_purchase" in result["column_keys"]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_same_statements_through_the_loaders(fmt, tmp_path):
    """Written as DOCX (and that DOCX printed to PDF by LibreOffice) and loaded back, the
    决算 reads the same.  (Word's text export loses the merged headers of the 三公 and
    支出决算表 layouts: a known gap, not tested here.)"""
    import shutil
    import subprocess

    from records_fixtures import via

    doc = via(document(final_accounts()), "docx", tmp_path)
    if fmt == "pdf":
        soffice = shutil.which("soffice")
        if soffice is None:
            pytest.skip("printing the DOCX to PDF needs LibreOffice (soffice), not installed")
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(tmp_path / "fixture.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        doc = pipeline.load(tmp_path / "fixture.pdf")
    built = _report()
    loaded = pipeline.check(pipeline.extract(doc))
    assert loaded.kind == "final_accounts"

    def cells(r):
        return {
            (s.schema_id, row.key or row.code or row.label, k, str(c.value))
            for s in r.statements
            for row in s.rows
            for k, c in row.cells.items()
        }

    assert cells(loaded) == cells(built)
    assert [f for f in loaded.findings if f.severity != "info"] == []


def _shenzhen_budget_expense():
    """A 支出总表 as 深圳 budgets print it (held-out bu14 shape): no 合计 row, the unit's own
    row on top, and a 2026年政府采购项目 heading whose 小计 is no total of the table."""
    from records_fixtures import table

    rows = [
        [
            ("预算单位", 2, 1),
            ("科目编码", 2, 1),
            ("科目名称", 2, 1),
            ("支出总计", 2, 1),
            ("基本支出", 2, 1),
            ("项目支出", 2, 1),
            ("2026年政府采购项目", 1, 2),
        ],
        ["小计", "其中：预留给中小企业"],
        ["深圳市统计局（本级）", "", "", "5,417.80", "4,104.00", "1,313.80", "94.28", "94.28"],
        ["", "201", "一般公共服务支出", "3,478.72", "2,357.92", "1,120.80", "94.28", "94.28"],
        ["", "208", "社会保障和就业支出", "1,939.08", "1,746.08", "193.00", "0.00", "0.00"],
    ]
    return [
        "深圳市统计局2026年部门预算",
        "支出总表",
        table(rows),
    ]


def test_unit_row_is_the_total_and_an_unknown_subtotal_no_key():
    r = pipeline.check(pipeline.extract(document(_shenzhen_budget_expense())))
    st = _st(r, "bu_expense")
    keys = [c.key for c in st.columns]
    # the 小计 under 2026年政府采购项目 is not the table's total: it must not overwrite it
    assert keys.count("total") == 1 and keys[0] == "total"
    total = st.rows[0]
    assert total.key == "total" and str(total.cells["total"].value) == "5417.80"
    assert not [f for f in r.findings if f.code.startswith("ST") and f.severity == "error"]


def test_a_second_column_of_one_key_is_unknown():
    from records_fixtures import table

    rows = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "总计"],
        ["", "合计", "300.00", "200.00", "100.00", "999.00"],
        ["201", "一般公共服务支出", "300.00", "200.00", "100.00", "999.00"],
    ]
    r = pipeline.check(pipeline.extract(document(["某局2026年部门预算", "支出总表", table(rows)])))
    st = _st(r, "bu_expense")
    assert [c.key for c in st.columns] == ["total", "basic", "project", "unknown"]
    # the first column of the name keeps it: a later one never overwrites its cells
    assert str(st.rows[0].cells["total"].value) == "300.00"


def test_sangong_widened_by_meeting_and_training():
    """西安 budgets print 会议费 and 培训费 beside the 三公 (dev bu16): the 合计 is then the
    wider total, the 三公 小计 the statement's own total, and both add up."""
    from records_fixtures import table

    rows = [
        [
            ("合计", 2, 1),
            ("一般公共预算拨款安排的“三公”经费预算", 1, 4),
            ("会议费", 2, 1),
            ("培训费", 2, 1),
        ],
        ["小计", "因公出国（境）费", "公务接待费", "公务用车运行维护费"],
        ["320800.00", "101000.00", "0.00", "10000.00", "91000.00", "10000.00", "209800.00"],
    ]
    r = pipeline.check(
        pipeline.extract(
            document(["某局2026年部门预算", "一般公共预算“三公”经费支出表", table(rows)])
        )
    )
    st = _st(r, "bu_sangong")
    assert [c.key for c in st.columns] == [
        "all",
        "total",
        "overseas",
        "reception",
        "vehicle_operation",
        "meeting",
        "training",
    ]
    (row,) = st.rows
    assert str(row.cells["total"].value) == "101000.00"
    assert str(row.cells["all"].value) == "320800.00"
    assert not [f for f in r.findings if f.code.startswith("ST")]
    # a slip in the wider total is caught by its own relation
    rows[2][0] = "330800.00"
    r = pipeline.check(
        pipeline.extract(
            document(["某局2026年部门预算", "一般公共预算“三公”经费支出表", table(rows)])
        )
    )
    assert [f.code for f in r.findings if f.code.startswith("ST")] == ["ST02"]


def _review_table(total: str = "0"):
    from records_fixtures import table

    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return table(
        [
            [("行政复议", 2, 5), ("行政诉讼", 1, 10)],
            [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
            leaves + leaves + leaves,
            ["10", "1", "0", "0", total, "0", "0", "0", "0", "0", "5", "0", "0", "0", "5"],
        ]
    )


def test_a_header_group_closed_by_its_own_total_is_added_up():
    """政府信息公开年度报告 (dev ot02 p4): the 总计 of each group is the sum of its columns."""
    items = [
        "某区财政局2023年政府信息公开工作年度报告",
        "四、行政复议、行政诉讼情况",
        _review_table(),
    ]
    r = pipeline.check(pipeline.extract(document(items)))
    assert [g.group for g in r.group_totals] == [
        "行政复议",
        "行政诉讼/未经复议直接起诉",
        "行政诉讼/复议后起诉",
    ]
    hits = [f for f in r.findings if f.code == "ST07"]
    assert [(f.severity, f.expected, f.actual) for f in hits] == [("warning", "11", "0")]
    items[-1] = _review_table("11")
    r = pipeline.check(pipeline.extract(document(items)))
    assert not [f for f in r.findings if f.code == "ST07"]


def test_no_group_where_the_header_says_其中_or_the_total_comes_first():
    from records_fixtures import table

    rows = [
        [("支出", 1, 3), ("收入", 1, 3)],
        ["合计", "基本支出", "项目支出", "事业收入", "其中：经营", "总计"],
        ["9", "1", "1", "5", "2", "9"],
    ]
    r = pipeline.check(pipeline.extract(document(["某单位情况说明", table(rows)])))
    assert r.group_totals == []


def test_hunan_titles_and_headers():
    """湖南 budgets (dev bu15) name their tables …总体情况表 / …情况表, head the 三公 table
    三公经费预（决）算数（财政拨款） over its 小计, print 其中：公务用车运行费 and 本级财政拨款
    over 金额 | 其中:经费拨款: none of the tables was read before."""
    from records_fixtures import table

    income = [
        ["类", "款", "项", "功能科目", "合计", ("本级财政拨款", 1, 2), "上年结转"],
        ["", "", "", "", "", "金额", "其中:经费拨款", ""],
        ["", "", "", "合计", "1,935.36", "1,935.36", "1,935.36", ""],
        ["201", "", "", "一般公共服务支出", "1,935.36", "1,935.36", "1,935.36", ""],
    ]
    basic = [
        ["经济科目编码", "经济科目名称", "总计", "人员类", "公用经费"],
        ["", "合计", "1,517.95", "1,394.97", "122.98"],
        ["301", "工资福利支出", "1,394.97", "1,394.97", ""],
        ["302", "商品和服务支出", "122.98", "", "122.98"],
    ]
    sangong = [
        ["部门名称", ("三公经费预（决）算数（财政拨款）", 1, 6)],
        [
            "",
            "小计",
            "公务接待费",
            "因公出国（境）费",
            "公务用车购置及运行费",
            "其中：公务用车购置",
            "其中：公务用车运行费",
        ],
        ["合计", "8.00", "3.00", "", "5.00", "", "5.00"],
    ]
    doc = document(
        [
            "长沙市信访局2026年部门预算",
            "2026年部门收入总体情况表",
            table(income),
            "2026年一般公共预算基本支出情况表",
            table(basic),
            "2026年一般公共预算“三公”经费支出情况表",
            table(sangong),
        ]
    )
    r = pipeline.check(pipeline.extract(doc))
    st = _st(r, "bu_income")
    assert [c.key for c in st.columns][:2] == ["total", "fiscal"]
    assert str(st.rows[0].cells["fiscal"].value) == "1935.36"
    st = _st(r, "bu_general_basic")
    assert str(st.rows[0].cells["personnel"].value) == "1394.97"
    st = _st(r, "bu_sangong")
    assert [c.key for c in st.columns] == [
        "total",
        "reception",
        "overseas",
        "vehicle",
        "vehicle_purchase",
        "vehicle_operation",
    ]
    total = st.rows[0]
    assert total.key == "total" and str(total.cells["total"].value) == "8.00"
    assert str(total.cells["vehicle_operation"].value) == "5.00"
    assert not [f for f in r.findings if f.severity == "error"]


def test_two_groups_told_apart_by_year_the_earlier_is_prior():
    """A 2026 budget's 三公 table: 2025年预算数 | 2026年预算数 (bu20)."""
    from extractor.records.statement_rows import Column
    from extractor.records.statements import column_keys

    cols = [
        Column(0, "2025年预算数/合计", ["2025年预算数", "合计"]),
        Column(1, "2025年预算数/公务接待费", ["2025年预算数", "公务接待费"]),
        Column(2, "2026年预算数/合计", ["2026年预算数", "合计"]),
        Column(3, "2026年预算数/公务接待费", ["2026年预算数", "公务接待费"]),
    ]
    column_keys(cols, statement_patterns())
    assert [(c.group, c.key) for c in cols] == [
        ("prior", "total"),
        ("prior", "reception"),
        ("budget", "total"),
        ("budget", "reception"),
    ]
    one = [Column(0, "2026年预算数/合计", ["2026年预算数", "合计"])]
    column_keys(one, statement_patterns())
    assert (one[0].group, one[0].key) == ("budget", "total")


def test_a_second_classification_beside_the_first_gives_no_code():
    """类 | 款 | 名称 | 类 | 款 | 名称 (部门 and 政府 economic classes side by side, bu20 表6):
    the row's code is the first classification's."""
    from extractor.records.statement_rows import Column, _code_part_columns

    heads = ["类", "款", "部门预算支出经济分类科目名称", "类", "款", "政府预算支出经济分类科目名称"]
    by_col = {i: Column(i, h, ["科目编码", h]) for i, h in enumerate(heads)}
    assert _code_part_columns(list(range(6)), by_col) == {0: 1, 1: 2}


def test_a_basic_expense_table_without_total_column_takes_basic_as_total():
    """基本支出预算/小计 | 人员支出 | 日常公用支出 (山东, bu20 表6): the 小计 is the total."""
    from extractor.records.statement_fold import total_from
    from extractor.records.statement_rows import Column

    schema = next(s for s in statement_patterns().schemas if s.id == "bu_general_basic")
    cols = [Column(0, "小计", [], key="basic"), Column(1, "人员支出", [], key="personnel")]
    total_from(schema, cols)
    assert [c.key for c in cols] == ["total", "personnel"]
    with_total = [Column(0, "合计", [], key="total"), Column(1, "基本支出", [], key="basic")]
    total_from(schema, with_total)
    assert [c.key for c in with_total] == ["total", "basic"]


def test_years_as_rows_fold_into_prior_budget_and_change():
    """深圳's 三公 table: 单位2025年 | … / 2026年 | … / 增减变化金额 | … (bu14)."""
    from decimal import Decimal

    from extractor.records.statements import period_rows
    from extractor.report import CellValue, StatementRow

    def row(label: str, v: str) -> StatementRow:
        return StatementRow(label=label, cells={"total": CellValue(value=Decimal(v), raw=v)})

    rows = [
        row("深圳市统计局(本级)2025年", "59.62"),
        row("2026年", "32.56"),
        row("增减变化金额", "-27.07"),
    ]
    folded = period_rows(rows, statement_patterns(), "budget")
    assert folded is not None and folded.key == "total"
    assert {k: str(v.value) for k, v in folded.cells.items()} == {
        "prior.total": "59.62",
        "budget.total": "32.56",
        "change.total": "-27.07",
    }
    assert period_rows([row("2026年", "1"), row("说明", "2")], statement_patterns()) is None


def test_items_split_by_fund_source_keep_the_first_source():
    from extractor.records.statement_fold import by_source
    from extractor.records.statement_rows import Column

    schema = next(s for s in statement_patterns().schemas if s.id == "bu_sangong")
    cols = [
        Column(0, "", ["总计", "一般公共预算"], key="general_budget"),
        Column(1, "", ["总计", "政府性基金预算"], key="gov_fund"),
        Column(2, "", ["公务用车购置及运行维护费", "小计", "一般公共预算"], key="general_budget"),
        Column(
            3,
            "",
            ["公务用车购置及运行维护费", "公务用车购置费", "一般公共预算"],
            key="general_budget",
        ),
    ]
    by_source(schema, cols, statement_patterns())
    assert [c.key for c in cols] == ["total", None, "vehicle", "vehicle_purchase"]


def test_income_items_printed_as_rows_fold_into_the_total_row():
    """江苏's 收入预算总表: 收入总计 | 37,188.34 over 一般公共预算资金 小计 | 37,188.34 (bu17)."""
    from decimal import Decimal

    from extractor.records.statements import item_rows
    from extractor.report import CellValue, StatementRow

    def row(label: str, v: str) -> StatementRow:
        return StatementRow(label=label, cells={"budget": CellValue(value=Decimal(v), raw=v)})

    rows = [
        row("收入总计", "37188.34"),
        row("一般公共预算资金小计", "37188.34"),
        row("专项收入", "5"),
    ]
    folded = item_rows(rows, statement_patterns())
    assert folded is not None and folded.key == "total"
    assert {k: str(v.value) for k, v in folded.cells.items()} == {
        "total": "37188.34",
        "general_budget": "37188.34",
    }
    # function classes without codes are no column items
    assert item_rows([row("合计", "9"), row("一般公共服务支出", "9")], statement_patterns()) is None


def test_a_total_repeated_under_a_page_s_repeated_header_is_dropped():
    """佛山 收入决算表 (fa04): 合计 | 1668.14 printed again on the second page."""
    from decimal import Decimal

    from extractor.records.statement_fold import without_repeated_totals
    from extractor.report import CellValue, StatementRow

    def row(label: str, v: str, key: str | None = None, code: str | None = None) -> StatementRow:
        cells = {"total": CellValue(value=Decimal(v), raw=v)}
        return StatementRow(label=label, key=key, code=code, cells=cells)

    rows = [
        row("合计", "1668.14", "total"),
        row("交通运输支出", "1607.27", code="214"),
        row("合计", "1668.14", "total", "2140199"),
        row("住房保障支出", "60.87", code="221"),
    ]
    assert [r.label for r in without_repeated_totals(rows)] == [
        "合计",
        "交通运输支出",
        "住房保障支出",
    ]
    other = [row("合计", "1668.14", "total"), row("合计", "60.87", "total")]
    assert len(without_repeated_totals(other)) == 2


def _jiangsu_tables(reserve: str = "128.43") -> list:
    """Tables only, one per page, no title of the document (a 江苏 2017 预算 公开表格, blind
    batch 10's shape): a 支出预算总表 with a 单位预留机动经费 column, and tables printing only
    金额 whose titles alone name them."""
    from records_fixtures import table

    return [
        "支出预算总表",
        "部门：某某厅 单位：万元",
        table(
            [
                ["合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"],
                ["13,649.07", "7,666.68", "5,853.96", reserve, ""],
            ]
        ),
        "一般公共预算基本支出预算表",
        "部门：某某厅 单位：万元",
        table(
            [
                ["科目编码", "科目名称", "金额"],
                ["", "合计", "7,666.68"],
                ["301", "工资福利支出", "2,928.98"],
                ["302", "商品和服务支出", "1,585.96"],
                ["303", "对个人和家庭的补助", "3,151.74"],
            ]
        ),
    ]


def test_a_reserve_column_is_a_part_of_the_expense_total():
    r = pipeline.check(pipeline.extract(document(_jiangsu_tables())))
    st = _st(r, "bu_expense")
    assert [c.key for c in st.columns][:4] == ["total", "basic", "project", "reserve"]
    assert not [f for f in r.findings if f.severity == "error"]
    # the reserve is added: a slip in it breaks 合计 = 基本 + 项目 + 预留
    slipped = pipeline.check(pipeline.extract(document(_jiangsu_tables(reserve="182.43"))))
    assert [f.code for f in slipped.findings if f.severity == "error"] == ["ST02"]


def test_tables_only_the_sure_ones_name_the_kind_and_the_others_are_read():
    r = pipeline.check(pipeline.extract(document(_jiangsu_tables())))
    assert r.kind == "budget"
    basic = _st(r, "bu_general_basic")
    assert basic.match < statement_patterns().min_match_for_error  # a title alone: no error
    assert {row.code: str(row.cells["budget"].value) for row in basic.rows if row.code} == {
        "301": "2928.98",
        "302": "1585.96",
        "303": "3151.74",
    }
