"""What a document is (records/kind.py): the evidence real folders hold besides titles —
press reports about public money, scoring indicators named like genres, a project named by
what it built, an indicator system handed out blank.  Passages written for these tests."""

from __future__ import annotations

import pytest

from extractor import pipeline


def _kind(tmp_path, text: str) -> tuple[str, list[str]]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    report = pipeline.check(path)
    return report.kind, [d for d in report.decisions if d.startswith("kind")]


@pytest.mark.parametrize(
    "text",
    [
        "【某某网讯】据新华网报道，某署公布：2010年三公经费财政拨款预算数2711.65万元、决算数"
        "2488.79万元，2011年预算数2687.06万元。",
        "2013年中央本级三公经费财政拨款预算79.69亿元，比上年减少1.26亿元。财政部预算司负责人"
        "对记者说，支出将继续压缩。",
    ],
)
def test_a_press_report_about_public_money_is_other(tmp_path, text):
    kind, why = _kind(tmp_path, text)
    assert kind == "other" and "press report" in why[0]


def test_a_report_that_quotes_the_press_keeps_its_kind(tmp_path):
    text = (
        "某某局2023年度部门决算\n\n一、收入支出决算总表\n本年收入合计100.00万元，决算数100.00万元，"
        "年末结转和结余0万元。媒体报道了本单位的工作。\n"
    )
    kind, _ = _kind(tmp_path, text)
    assert kind == "final_accounts"


def test_a_project_named_by_what_it_built(tmp_path):
    text = (
        "某某管委220KV线路87号塔消缺工程绩效自评报告\n\n一、项目概况\n"
        "项目资金申报情况：预算资金12.5万元，已支付12.5万元。\n"
    )
    kind, why = _kind(tmp_path, text)
    assert kind == "project" and "工程绩效自评报告" in why[0]


def test_an_indicator_named_like_a_genre_is_no_title(tmp_path):
    # a flattened indicator system: 决算公开(2分) is a row of the scoring table, not a 决算
    text = "\n".join(
        [
            "| 一级指标 | 二级指标 | 三级指标 | 得分 |",
            "| 信息公开(6分) | 预算公开(2分) |",
            "| 决算公开(2分) |",
            "| 绩效信息公开(2分) |",
        ]
    )
    kind, why = _kind(tmp_path, text + "\n")
    assert kind != "final_accounts" and kind != "budget", why


def test_a_scoring_sheet_handed_out_blank_is_other(tmp_path):
    rows = [
        "一级指标\t二级指标\t三级指标\t分值\t得分",
        "决策\t目标设定\t目标明确性\t10\t",
        "过程\t资金管理\t预算执行率\t20\t",
        "产出\t数量\t完成数量\t30\t",
        "效益\t社会效益\t群众满意度\t40\t",
    ]
    kind, why = _kind(tmp_path, "\n".join(rows) + "\n")
    assert kind == "other" and "blank template" in why[0], why
    rows = [r if i == 0 else r + "8" for i, r in enumerate(rows)]
    kind, why = _kind(tmp_path, "\n".join(rows) + "\n")
    assert kind == "overall", why  # scored: a unit's own sheet, title lost


def test_a_mirror_page_with_pinyin_glosses_names_its_genre(tmp_path):
    # a 繁體 mirror annotating each character (blind batch 4, bu27): 預(yù)算 is 预算 again
    text = (
        "2018年某某局“三公”經(jīng)費(fèi)預(yù)算情況說(shuō)明\n"
        "2018年某某局財(cái)政撥款“三公”經(jīng)費(fèi)預(yù)算32.6萬(wàn)元。\n"
    )
    kind, why = _kind(tmp_path, text)
    assert kind == "budget" and "预算情况" in why[0]


def test_a_budget_page_cut_from_its_title(tmp_path):
    # blind batch 4 (bu24): page 7 of a 预算 说明, no title, its words say what it is
    text = (
        "1. 基本支出预算 2476260.58 元,占一般公共预算支出的84.06%,同比减少 4966.66 元。\n"
        "2. 项目支出预算 469500 元,占支出总预算的15.94%。\n"
        "收入预算 2945760.58 元。\n"
    )
    kind, why = _kind(tmp_path, text)
    assert kind == "budget" and "body words" in why[0]


@pytest.mark.parametrize(
    "text, kind",
    [
        # a district's 三公 money, no title, no report words (blind batch 4, bu25's shape)
        (
            "经汇总，2017年某区一般公共预算财政拨款开支“三公”经费583万元，较上年下降2.3%。"
            "其中：公务接待费43万元，与上年持平。",
            "budget",
        ),
        # the same page looking back names 决算 (not where a title pattern would take it)
        (
            "2017年某区财政拨款开支“三公”经费583万元，较上年下降2.3%，已经决算。",
            "final_accounts",
        ),
    ],
)
def test_a_three_public_page_names_its_genre(tmp_path, text, kind):
    found, why = _kind(tmp_path, text)
    assert found == kind and "三公经费" in why[0]


def test_a_three_public_page_naming_both_genres_is_undecided(tmp_path):
    # 预算 and 决算 side by side, nothing else to go on: no guess
    text = "某区“三公”经费预算583万元，决算560万元，公务接待费43万元，下降2.3%。"
    found, why = _kind(tmp_path, text)
    assert found == "other" and "三公" not in why[0]


@pytest.mark.parametrize(
    "text",
    [
        # blind batch 10 (bu70's shape): the coming year's 三公 budget, last year's 决算 beside it
        "一、2024年“三公”经费预算安排情况\n2024年度“三公”经费预算总计20万元，其中公务接待10万元。\n"
        "二、2023年“三公”经费决算情况\n2023年度“三公”经费合计支出18万元。\n",
        # one run-on notice (bu75's shape): few finance words besides 经费
        "2024年一般公共预算“三公”经费预算安排300万元，与2023年预算持平，公务接待费预算100万元。",
    ],
)
def test_a_page_on_the_coming_years_three_public_money_is_a_budget(tmp_path, text):
    kind, why = _kind(tmp_path, text)
    assert kind == "budget" and "预算安排" in why[0]


def test_a_three_public_final_page_comparing_with_its_budget_stays_final(tmp_path):
    text = (
        "2023年度“三公”经费决算情况说明\n2023年度“三公”经费财政拨款支出决算为18万元，"
        "“三公”经费预算安排20万元，完成预算的90%。\n"
    )
    kind, _ = _kind(tmp_path, text)
    assert kind == "final_accounts"


def test_a_budget_page_on_procurement_names_its_genre(tmp_path):
    # page 12 of a 预算 说明 (bu71's shape): 政府采购预算 is a budget's word
    text = (
        "(二)政府采购预算安排情况说明。\n2024 年政府采购预算 20000 元,同比增加 3000 元。"
        "其中:货物类采购 12000 元,占政府采购预算 60%;服务类采购 8000 元,占政府采购预算 40%。"
        "按资金类型划分,一般公共预算拨款 20000 元。\n"
    )
    kind, why = _kind(tmp_path, text)
    assert kind == "budget" and "body words" in why[0]


def test_a_genre_name_inside_running_text_is_no_title(tmp_path):
    # a news item on a 自评 notice (ot27's shape): 本部门预算资金 names no 部门预算, and with
    # no amount, score or decimal figure it reports nothing
    text = (
        "某部门近日印发通知，启动项目支出绩效自评工作。各单位是本部门预算资金绩效管理的责任主体，"
        "要对所有项目开展绩效自评，确保绩效自评覆盖率达到100%，对照绩效目标填报实际完成值。\n"
    )
    kind, why = _kind(tmp_path, text)
    assert kind == "other" and "reports nothing" in why[0]


def test_a_glossary_chapter_names_its_genre_by_its_definitions(tmp_path):
    # the 名词解释 chapter of a 决算 cut from the rest (fa35's shape): no amount by design,
    # yet 年末结转和结余 is defined only in a 决算; the same chapter of a 预算 defines 上年结转
    fa = (
        "第三部分 名词解释\n1.财政拨款收入:指单位从同级财政部门取得的财政预算资金。\n"
        "2.年末结转和结余:指单位按有关规定结转到下年或以后年度继续使用的资金。\n"
        "3.基本支出:指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。\n"
    )
    kind, why = _kind(tmp_path, fa)
    assert kind == "final_accounts" and "名词解释" in why[0]
    bu = fa.replace("年末结转和结余", "上年结转")
    assert _kind(tmp_path, bu)[0] == "budget"
    # naming both genres, or neither, decides nothing: no figure, so other
    both = fa + "4.上年结转:指以前年度尚未完成的项目支出预算。\n"
    assert _kind(tmp_path, both)[0] == "other"


def test_a_numbered_self_evaluation_item_is_a_final_accounts_section(tmp_path):
    # pages of a 决算's 预算绩效情况说明 without its cover (fa36's shape): item 3 reports the
    # department's self-evaluation; a self-evaluation report does not number its own title
    text = (
        "服务对象满意度 10 10 总分 3.部门整体支出绩效自评开展情况。按照预算绩效管理要求，本部门对"
        "2017年整体支出开展绩效自评，自评得分90分。\n"
    )
    kind, why = _kind(tmp_path, text)
    assert kind == "final_accounts" and "3.部门整体支出绩效自评开展情况" in why[0]
    report = "2017年度部门整体支出绩效自评报告\n一、部门概况\n自评得分90分。\n"
    assert _kind(tmp_path, report)[0] == "overall"


def test_a_form_fragment_is_known_by_its_empty_signature_fields(tmp_path):
    # the last rows of a 项目支出绩效自评表 flattened into one line (pf06's shape): no title,
    # its signature fields left empty; its earlier parts are not in the file, so none is missing
    text = (
        "产出指标数量指标完成率=100% 25.5 时效指标按时完成率=100% 24.5 "
        "效益指标结余率(结余数/预算数)≤5% 40 合计100 "
        "评价结论按时完成。存在问题暂无改进措施暂无项目负责人:财务负责人:"
    )
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    report = pipeline.check(path)
    assert report.kind == "project_form"
    assert not [f for f in report.findings if f.code == "DQ02"]


@pytest.mark.parametrize(
    ("title", "kind", "words"),
    [
        # blind batch 12 (ov06, pj05): a 总结报告, and the whole unit with its projects
        ("某某中心 2022 年整体和项目支出绩效自评总结报告", "overall", "整体和项目支出绩效自评"),
        (
            "2022年某县交通运输局财政衔接推进乡村振兴资金项目绩效自评总结报告",
            "project",
            "项目绩效自评总结报告",
        ),
        ("某某局2023年度项目支出绩效自评总结报告", "project", "项目支出绩效自评总结报告"),
    ],
)
def test_a_summary_report_is_named_by_its_title(tmp_path, title, kind, words):
    text = f"{title}\n\n一、基本情况\n项目资金共100万元，已拨付90万元，执行率90%。\n"
    found, why = _kind(tmp_path, text)
    assert found == kind and words in why[0]
