"""Short pages of the 三公 money and other genres found in blind batch 7 (corpus/real fa21–fa29,
ot19, pj04, ev04/ev05): their kind, their one-cell-per-line tables, a sentence compared with
two references, and the rules that must stay quiet on them.  The texts are written here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np

from extractor import pipeline
from extractor.loaders import pdf
from extractor.loaders.ocr_page import despeckle


def _written(tmp_path: Path, name: str, text: str) -> Path:
    """A text report written where a test can read it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


TOWN_PAGE = (
    "按照区政府关于推进政府信息公开工作部署和要求,现将某镇2020年度“三公”经费决算情况公布如下:\n"
    "2020年度“三公”经费50万元,其中:因公出国(境)费0万元,公务用车购置及运行维护费30万元,"
    "公务接待费20万元。\n"
    "经比较2020年度镇本级“三公”经费50万元,较上年减少10万元,下降16.67%,较年初预算数减少5万元,"
    "下降2.0%。\n"
)


def test_a_town_page_on_its_sangong_accounts_is_final_accounts(tmp_path):
    path = _written(tmp_path, "town.txt", TOWN_PAGE)
    report = pipeline.check(path)
    assert report.kind == "final_accounts"
    nr05 = [f for f in report.findings if f.code == "NR05"]
    # 10 / 60 = 16.67% is right; 5 / 55 = 9.09%, not 2.0%: the second reference is the budget
    assert len(nr05) == 1 and nr05[0].severity == "error"
    assert "年初预算55" in nr05[0].message and "=9.1%" in nr05[0].message


def test_a_second_comparison_of_one_amount_is_read_with_its_reference(tmp_path):
    path = _written(
        tmp_path,
        "s.txt",
        "2021年三公经费支出共计9.07万元,较年初预算数减少10.93万元,下降54.65%,"
        "较上年支出数减少0.71万元,下降7.83%。",
    )
    found = pipeline.read(path).changes
    assert [(c.compared_with, c.current.raw, c.change.raw, c.rate.raw) for c in found] == [
        ("年初预算", "9.07万元", "10.93万元", "54.65%"),
        ("上年", "9.07万元", "0.71万元", "7.83%"),
    ]


COUNTY_TABLE = (
    "2020年度全区“三公”经费决算情况\n"
    "经费项目 |\n2020年度支出 (万元) |\n支出减少情况(万元) |\n支出减少率 |\n"
    "因公出国(境)费 |\n0 |\n0 |\n0% |\n"
    "公务接待费 |\n70.50 |\n- |\n- |\n"
    "公务用车购置及运行维护费 |\n1800.25 |\n- |\n- |\n"
    "公务用车购置费 |\n400.00 |\n- |\n- |\n"
    "公务用车运行维护费 |\n1400.25 |\n- |\n- |\n"
    "总“三公”经费支出 |\n1870.75 |\n- |\n- |\n"
)


def test_a_sangong_table_one_cell_per_line_with_its_total_last(tmp_path):
    path = _written(tmp_path, "county.txt", COUNTY_TABLE)
    report = pipeline.check(path)
    assert report.kind == "final_accounts"
    (st,) = [s for s in report.statements if s.schema_id == "fa_sangong"]
    assert [c.key for c in st.columns] == ["final"]  # the change and rate columns left out
    (row,) = st.rows
    assert row.key == "total"
    got = {k: v.value for k, v in row.cells.items()}
    assert got == {
        "total": Decimal("1870.75"),
        "overseas": Decimal("0"),
        "reception": Decimal("70.50"),
        "vehicle": Decimal("1800.25"),
        "vehicle_purchase": Decimal("400.00"),
        "vehicle_operation": Decimal("1400.25"),
    }
    assert not [f for f in report.findings if f.severity == "error"]


def test_genres_named_by_their_titles(tmp_path):
    cases = {
        "某市生态环境局2026年项目支出绩效目标表\n项目名称 预算 绩效目标 指标\n": "other",
        "2023年度某市公安局交通警察支队专项资金绩效评价结果\n为加强财政支出管理,某市财政局绩效评价工作组"
        "对交警支队2023年度专项资金实施了绩效评价。\n": "evaluation",
        "某中学专项资金绩效自评价报告一、基本情况我校2022年项目为一个:生均公用经费项目,资金100万元。\n": (
            "project"
        ),
    }
    for n, (text, kind) in enumerate(cases.items()):
        path = tmp_path / f"g{n}.txt"
        path.write_text(text, encoding="utf-8")
        assert pipeline.check(path).kind == kind, text


def test_a_list_ends_at_a_heading_run_into_the_text(tmp_path):
    path = _written(
        tmp_path,
        "run_in.txt",
        "某中学专项资金绩效自评价报告一、基本情况我校2022年按生均1000元安排,共计239万元,其中上级资金"
        "179.25万元,本级59.75万元,项目绩效目标是保证学校的正常运转二、项目资金使用及管理情况资金严格"
        "管理三、预算支出组织实施情况我校2022年财政安排支出共计87.06万元,余款安排下年支出。",
    )
    report = pipeline.check(path)
    (bd,) = report.breakdowns
    assert [p.raw for p in bd.parts] == ["179.25万元", "59.75万元"]
    assert not [f for f in report.findings if f.code == "NR03"]


def test_shares_of_counts_are_not_shares_of_one_whole(tmp_path):
    path = _written(
        tmp_path,
        "counts.txt",
        "2022年度市场监督专项绩效评价结果\n参与制修订国家标准143项,占全省68%;参与制订团体标准152项,"
        "占全省76%;市场主体达156.3万户,占全省24.6%。\n",
    )
    assert not [f for f in pipeline.check(path).findings if f.code == "NR16"]


def test_dust_is_whitened_and_ink_is_kept():
    page = np.full((60, 60), 255, dtype=np.uint8)
    page[10, 10] = 40  # a speck of one pixel
    page[30, 30:32] = 40  # a speck of two
    page[40:43, 40:43] = 0  # a decimal point: 3 × 3 pixels
    page[5:50, 50] = 0  # a stroke
    clean, whitened = despeckle(page)
    assert whitened == 3
    assert clean[10, 10] == 255 and clean[30, 30] == 255
    assert (clean[40:43, 40:43] == 0).all() and (clean[5:50, 50] == 0).all()


def test_a_title_repeated_over_every_page_stays_on_the_first():
    pages = []
    for n in range(1, 5):
        title = pdf.Line("某局2026年项目支出绩效目标表", 50, 400, 20, 36, 16.0, n)
        body = pdf.Line(f"正文第{n}页", 50, 400, 400, 410, 10.5, n)
        body2 = pdf.Line(f"表格第{n}行", 50, 400, 420, 430, 10.5, n)
        pages.append(([title, body, body2], 842.0))
    dropped = pdf.find_furniture(pages)
    kept = [ln.text for lines, _ in pages for ln in lines if id(ln) not in dropped]
    assert kept[0] == "某局2026年项目支出绩效目标表"
    assert kept.count("某局2026年项目支出绩效目标表") == 1


SUMMARY = (
    "某局2026年部门预算\n\n收支总表\n单位：万元\n"
    "| 收入项目 | 预算数 | 支出项目 | 预算数 |\n"
    "| 一、财政拨款收入 | 100.00 | 一、一般公共服务支出 | 80.00 |\n"
    "| 二、事业收入 | 20.00 | 二、教育支出 | 40.00 |\n"
    "| 收入总计 | {total} | 支出总计 | 120.00 |\n"
)


def test_a_total_left_blank_in_a_disclosure_table_is_named(tmp_path):
    blank, filled = tmp_path / "blank.txt", tmp_path / "filled.txt"
    blank.write_text(SUMMARY.format(total=""), encoding="utf-8")
    filled.write_text(SUMMARY.format(total="120.00"), encoding="utf-8")
    (dq02,) = [f for f in pipeline.check(blank).findings if f.code == "DQ02"]
    assert dq02.severity == "warning" and "「收入总计」一栏未填金额" in dq02.message
    assert not pipeline.check(filled).findings


def test_an_amount_left_blank_after_zijin_is_named(tmp_path):
    path = _written(
        tmp_path,
        "notice.txt",
        "经研究，现下达你单位2025年文化和旅游项目资金万元，具体项目、金额详见附件。",
    )
    assert any("「资金万元」前未填数字" in f.message for f in pipeline.check(path).findings)


def test_an_item_with_its_own_count_counts_that_many(tmp_path):
    path = _written(
        tmp_path,
        "units.txt",
        "本中心设立9个内设机构，包括政治处、审计室、戒毒管理科、康复指导科、综合科、康复区（2个）、"
        "研究中心、保健站。\n本局设立9个内设机构，包括政治处、审计室、康复区（2个）、保健站。\n",
    )
    (nr08,) = [f for f in pipeline.check(path).findings if f.code == "NR08"]
    assert "列举了5项" in nr08.message and "康复区×2" in nr08.message


def test_a_sangong_page_quoting_its_budget_before_its_accounts(tmp_path):
    path = _written(
        tmp_path,
        "county.txt",
        "2019年度“三公”经费财政拨款支出预算为44.52万元,2019年实际支出“三公经费”决算为22.62万元。"
        "其中公务接待费为20.10万元,占88.86%;公务用车运行维护费为2.52万元,占11.14%。",
    )
    assert pipeline.check(path).kind == "final_accounts"


def test_shares_left_blank_with_spaces_are_named(tmp_path):
    path = _written(
        tmp_path,
        "blank.txt",
        "2017年某局“三公”经费支出合计35万元。其中:因公出国(境)费 0 万元,占 %,比上年减少2万元。",
    )
    assert any("「占 %」前未填数字" in f.message for f in pipeline.check(path).findings)
