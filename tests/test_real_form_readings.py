"""Readings that the blind batch of real documents (corpus/real, batch 2026-12-04) showed wrong,
each a general case: a sentence about one fund is not about the department, three column
groups side by side do not say which classes a 合计 closes, and a form's 总分 row labelled as
the score (总分值、评价总分 (S)) with the 预算执行 points printed in its funds part."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from extractor import pipeline
from extractor.records.links import _fund_scoped
from extractor.report import CellValue, Figure, Statement, StatementRow
from extractor.rules.statements import children

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _fig(text: str, raw: str) -> Figure:
    start = text.index(raw)
    return Figure(
        raw=raw, value=Decimal("0"), unit="万元", block=0, start=start, end=start + len(raw)
    )


def test_a_sentence_about_one_fund_is_not_linked_to_the_department_rows():
    text = (
        "2022年度政府性基金预算财政拨款年初结转和结余58,830.98万元，支出决算568,051.63万元，"
        "年末结转和结余0万元。2022年度年末结转和结余399,035.80万元。"
    )
    fund = _fig(text, "0万元")
    whole = _fig(text, "399,035.80万元")
    ref = "fa_summary.expense|carryover_end|*"
    assert _fund_scoped(text, fund, ref)
    assert not _fund_scoped(text, whole, ref)  # the next sentence names no fund
    assert not _fund_scoped(text, fund, "fa_gov_fund|total|*")  # a fund's own table


def _row(label: str, code: str | None, level: int, half: int, value: str) -> StatementRow:
    return StatementRow(
        label=label,
        code=code,
        level=level,
        half=half,
        cells={"final": CellValue(value=Decimal(value), raw=value)},
    )


def test_a_total_over_three_groups_side_by_side_has_no_sure_children():
    rows = [
        _row("工资福利支出", "301", 1, 0, "92835.98"),
        _row("商品和服务支出", "302", 1, 1, "2085.91"),
        _row("资本性支出", "310", 1, 2, "7.17"),
        _row("人员经费合计", None, 0, 0, "96513.21"),
        _row("公用经费合计", None, 0, 2, "2093.08"),
    ]
    three = Statement(schema="fa_general_basic", rows=rows)
    assert children(three, rows[4]) == []
    two = Statement(
        schema="fa_general_basic",
        rows=[r.model_copy(update={"half": min(r.half or 0, 1)}) for r in rows],
    )
    assert [r.label for r in children(two, two.rows[3])] == ["工资福利支出"]


def test_a_form_total_labelled_as_the_score_with_its_funds_points():
    report = pipeline.check(REAL / "ov02.pdf")
    assert report.score_total.stated == Decimal("92.33")
    assert report.score_total.max_stated is None
    assert report.score_total.computed == Decimal("92.33")  # 预算执行 7 of 10 included
    assert report.score_total.max_computed == Decimal("100")
    assert not [f for f in report.findings if f.code in ("SC01", "SC07", "SC08")]
    assert not [f for f in report.findings if f.code == "SC05" and "预算执行" in f.message]


SANGONG_BY_PERIOD = (
    "2022年度一般公共预算财政拨款“三公”经费支出决算表\n\n金额单位：万元\n\n"
    "项目\t财政拨款安排的“三公”经费\t\t\t\t\t\t会议费\t培训费\n"
    "\t小计\t因公出国（境）费用\t公务用车购置及运行维护费\t\t\t公务接待费\t\t\n"
    "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\n"
    "预算数\t593.46\t\t591.60\t136.48\t455.12\t1.86\t86.81\t2,795.78\n"
    "决算数\t587.55\t\t587.44\t136.48\t450.96\t0.11\t86.81\t2,795.78\n"
)


def test_a_sangong_table_with_its_periods_as_rows_is_one_total_row(tmp_path):
    path = tmp_path / "sangong.txt"
    path.write_text(SANGONG_BY_PERIOD, encoding="utf-8")
    report = pipeline.check(path)
    (st,) = [s for s in report.statements if s.schema_id.endswith("sangong")]
    (row,) = st.rows
    assert row.key == "total"
    got = {k: v.raw for k, v in row.cells.items()}
    assert got["budget.total"] == "593.46" and got["final.total"] == "587.55"
    assert got["final.reception"] == "0.11" and got["budget.vehicle"] == "591.60"
    assert not [f for f in report.findings if f.severity == "error"]  # 593.46 = 591.60 + 1.86
