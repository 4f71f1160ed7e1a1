"""Project forms printed inside a longer document (issue 12): ``report.forms``.

A 部门决算 may print one 项目支出绩效自评表 per project after its tables (西安 prints 87).
Each is read on its own and checked on its own: a slip in one form is reported naming that
form, never added into another's total; SC11 compares a form's 预算执行 points with the
document's own practice.  Fixtures are built in code (``records_fixtures``); the real case
is corpus/real/fa09.pdf (tests/test_real_corpus.py).
"""

from __future__ import annotations

from decimal import Decimal

from records_fixtures import document, table

import extractor
from extractor.rules.rounding import check_ratio

D = Decimal


def form(
    name: str,
    funds: tuple[str, str, str, str, str],
    rows: list[tuple[str, str, str, str]],
    total: tuple[str, str],
):
    """A 项目支出绩效自评表 table: ``funds`` = (全年预算数, 全年执行数, 分值, 执行率, 得分);
    ``rows`` = (一级指标, 三级指标, 分值, 得分); ``total`` = the 总分 row's (分值, 得分)."""
    budget, done, mx, rate, score = funds
    grid = [
        ["项目名称", (name, 1, 7)],
        ["主管部门", ("某市卫生健康委员会", 1, 3), ("实施单位", 1, 2), ("某医院", 1, 2)],
        [
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["", "年度资金总额", budget, budget, done, mx, rate, score],
        ["", "其中：当年财政拨款", budget, budget, done, "—", "", "—"],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
    ]
    for level1, level3, m, s in rows:
        grid.append(["", level1, "数量指标", level3, "≥1", "1", m, s])
    grid.append([("总分", 1, 6), total[0], total[1]])
    return [f"某市级2022年{name}项目绩效自评表", "（2022年度）", table(grid)]


ROWS = [
    ("产出指标（50分）", "设备数量", "50", "50"),
    ("效益指标（30分）", "服务能力", "30", "30"),
    ("满意度指标（10分）", "患者满意度", "10", "10"),
]


def final_accounts(*forms) -> extractor.Report:
    items: list = ["某市卫生健康委员会2022年度部门决算", "第四部分 项目绩效自评结果"]
    for f in forms:
        items.extend(f)
    return extractor.check(extractor.extract(document(items, name="fa.docx")))


def test_each_embedded_form_is_read_and_checked_on_its_own():
    good = form("设备购置", ("400", "400", "10", "100%", "10"), ROWS, ("100", "100"))
    # the 总分 row leaves out the 预算执行 part: 90 printed, 100 added
    slip = form("免学费补助", ("352.74", "352.66", "10", "99.98%", "9.98"), ROWS, ("90", "90"))
    report = final_accounts(good, slip)
    assert report.kind == "final_accounts"
    assert [f.project_name for f in report.forms] == ["设备购置", "免学费补助"]
    assert [f.score_total.stated for f in report.forms] == [D(100), D(90)]
    assert any(d.startswith("forms: 2 project forms") for d in report.decisions)
    sc01 = [f for f in report.findings if f.code == "SC01"]
    assert len(sc01) == 1 and sc01[0].severity == "error"
    assert "「免学费补助」" in sc01[0].message and "99.98" in sc01[0].message
    assert not any("「设备购置」" in f.message for f in report.findings)


def test_a_form_that_is_the_document_is_not_read_twice():
    (title, year, grid) = form("设备购置", ("400", "400", "10", "100%", "10"), ROWS, ("100", "90"))
    report = extractor.check(extractor.extract(document([title, year, grid])))
    assert report.kind == "project_form"
    assert report.forms == []
    assert [f.code for f in report.findings if f.code == "SC01"] == ["SC01"]


def _practice(n_proportional: int):
    forms = []
    for i in range(n_proportional):
        done = 300 + 10 * i  # 75.00% … of 400, scored 7.5 …
        rate = D(done) / 4
        score = (rate / 10).quantize(D("0.01"))
        forms.append(
            form(
                f"项目{i}",
                ("400", str(done), "10", f"{rate}%", str(score)),
                ROWS,
                ("100", str(90 + score)),
            )
        )
    # full points at 73.06%
    forms.append(form("C型臂购置", ("360", "263", "10", "73.06%", "10"), ROWS, ("100", "100")))
    return final_accounts(*forms)


def test_sc11_flags_execution_points_against_the_documents_own_practice():
    report = _practice(5)
    sc11 = [f for f in report.findings if f.code == "SC11"]
    assert len(sc11) == 1 and sc11[0].severity == "warning"
    assert "「C型臂购置」" in sc11[0].message and "73.06%" in sc11[0].message
    assert sc11[0].expected == "7.31" and sc11[0].actual == "10"
    assert "5张按执行率×分值计分" in sc11[0].message


def test_sc11_says_nothing_without_enough_forms_to_show_a_practice():
    report = _practice(3)
    assert not [f for f in report.findings if f.code == "SC11"]


def test_sc08_does_not_sum_maxima_when_a_scored_row_prints_no_max():
    blank = form("公共卫生", ("400", "400", "", "100%", "10"), ROWS, ("100", "100"))
    report = final_accounts(
        blank, form("设备", ("400", "400", "10", "100%", "10"), ROWS, ("100", "100"))
    )
    assert not [f for f in report.findings if f.code == "SC08"]


def test_a_truncated_rate_is_a_rounding_not_a_slip():
    # 8858.95 / 8859 = 99.9994%: printed 99.99% (cut, so that 100% means all spent)
    v = check_ratio(D("99.99"), D("8858.95"), D("8859"))
    assert v is not None and v.status == "rounding"
    # 83.50% for 83.47% is no rounding of any kind
    v = check_ratio(D("83.50"), D("701.17"), D("840"))
    assert v is not None and v.status == "mismatch"


def test_a_grid_ruled_in_pieces_keeps_its_spanning_cells_whole(tmp_path):
    """Rules drawn cell by cell in two groups that do not meet (the horizontals broken at
    x=200, no vertical there): one grid, not two each framed at x=200 — which would cut
    the cell over 120–250 and its number in two (fa09's 分值 15 read as 1 | 5)."""
    from handpdf import HandPdf

    from extractor.loaders import load

    doc = HandPdf(page_width=440, page_height=300).new_page()
    for y in (100, 120, 140, 160):
        doc.rule(40, y, 200, y)
        doc.rule(200, y, 400, y)
    for x in (40, 120, 250, 400):
        doc.rule(x, 100, x, 160)
    rows = [["指标", "分值", "得分"], ["设备数量", "12345", "15"], ["满意度", "10", "10"]]
    for r, texts in enumerate(rows):
        for x, t in zip((45, 180, 255), texts, strict=True):
            doc.text(x, 100 + 20 * r + 4, t)
    loaded = load(doc.save(tmp_path / "pieces.pdf"))
    (block,) = loaded.tables()
    t = block.table
    assert (t.n_rows, t.n_cols) == (3, 3)
    assert [[c.text for c in t.cells if c.row == r] for r in range(3)] == rows


def test_the_narratives_sentence_on_a_project_is_linked_to_its_form():
    items: list = [
        "某市卫生健康委员会2022年度部门决算",
        "1.某医院2022年设备购置项目绩效自评综述：全年预算数400万元，执行数400万元，完成预算的100%。",
        "2.某医院免学费补助项目绩效自评综述：全年预算数352.74万元，执行数325.66万元，完成预算的92%。",
    ]
    items += form("设备购置", ("400", "400", "10", "100%", "10"), ROWS, ("100", "100"))
    items += form("免学费补助", ("352.74", "352.66", "10", "99.98%", "10"), ROWS, ("100", "100"))
    report = extractor.check(extractor.extract(document(items, name="fa.docx")))
    linked = {f.project_name: f.summary for f in report.forms}
    assert linked["设备购置"] is not None and linked["设备购置"].budget.raw == "400"
    assert linked["免学费补助"] is not None and linked["免学费补助"].executed.raw == "325.66"
    nr12 = [f for f in report.findings if f.code == "NR12"]
    assert len(nr12) == 1 and nr12[0].severity == "error"
    assert "「免学费补助」" in nr12[0].message and "325.66" in nr12[0].message
