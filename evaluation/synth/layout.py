"""Step 4, lay out: Plan → ``extractor.model.Document``, section by section."""

from __future__ import annotations

from typing import Any

from .builder import Builder, Grid, Laid, _date_text, _places
from .common import D, short, vocab
from .draw import _person
from .layout_tables import (
    _fin_table,
    _funds_table,
    _indicator_table,
    _project_combined,
    _score_table,
    _targets_table,
)
from .narrative import _apply_nr, _mess_up, _restate_overall, _restate_project, _topic_paras
from .plan import Expected, Fig, Para, Plan, Segment


def _pick_cells(plan: Plan) -> None:
    """The one table cell printed wrapped over two lines and the one split by a space, if any."""
    cells = [
        (kind, i, k)
        for kind, t in plan.tables.items()
        if kind != "project_funds"
        for i, r in enumerate(t.rows)
        if not r.is_summary
        for k, v in r.cells.items()
        if v is not None and v >= 100
    ]
    plan.rng.shuffle(cells)
    if plan.v["wrap_number"] and cells:
        plan.extra["wrap_cell"] = cells.pop()
    if (
        plan.v["split_number"]
        and cells
        and plan.rng.random() < 0.5
        and not plan.v["fullwidth_cells"]
    ):
        plan.extra["split_cell"] = cells.pop()
        plan.v["split_number"] = False  # not in the narrative as well


def lay_out(plan: Plan) -> Laid:
    _pick_cells(plan)
    bld = Builder(plan)
    if plan.genre == "overall":
        _lay_overall(plan, bld)
    else:
        _lay_project(plan, bld)
    return bld.done()


def _cover(plan: Plan, bld: Builder, title: str) -> None:
    t = vocab("templates")
    for line in title.split("\n"):
        b = bld.p(line)
        bld.nonfig(str(plan.year), b)
    c = t["cover"]
    bld.p(plan.pick(c["department"]) + plan.meta["department"])
    if plan.meta["budget_code"]:
        b = bld.p(plan.pick(c["budget_code"]) + plan.meta["budget_code"])
        bld.nonfig(plan.meta["budget_code"], b)
    if plan.genre == "overall":
        p = vocab("people")
        bld.p(plan.pick(c["method"]) + plan.pick(p["evaluation_methods"]))
        bld.p(plan.pick(c["body"]) + plan.pick(p["evaluation_bodies"]))
    date = _date_text(plan, plan.meta["report_date"])
    b = bld.p(plan.pick(c["date"]) + date)
    bld.nonfig(date, b)


def _lay_overall(plan: Plan, bld: Builder) -> None:
    o = vocab("templates")["overall"]
    title = plan.pick(o["titles"]).format(
        region=plan.names["region"], unit=plan.meta["department"], year=plan.year
    )
    _cover(plan, bld, title)
    _overall_basic(plan, bld, o)
    _overall_money(plan, bld, o)
    _overall_self(plan, bld, o)
    _overall_people(plan, bld, o)
    _overall_summary(plan, bld, o)
    _overall_annex(plan, bld, o)


def _overall_basic(plan: Plan, bld: Builder, o: dict[str, Any]) -> None:
    """一、基本概况: contact and staff, duties and the year's work."""
    bld.p(plan.pick(o["sections"]["basic"]), heading=True)
    g = Grid(4)
    g.row(0, ["联系人", plan.meta["contact"], "联络电话", plan.meta["phone"]])
    g.row(
        1,
        ["人员编制", short(plan.meta["staff_quota"]), "实有人数", short(plan.meta["staff_actual"])],
    )
    bld.table(g)
    g = Grid(2)
    g.row(0, ["职能职责概述", plan.names["duty"]])
    goals = [f"目标{i + 1}：{x['target']}；" for i, x in enumerate(plan.targets[:3])]
    g.row(1, ["年度主要\n工作内容", "\n".join(goals)])
    bld.table(g)


def _overall_money(plan: Plan, bld: Builder, o: dict[str, Any]) -> None:
    """二、收支情况: the finance tables."""
    bld.p(plan.pick(o["sections"]["money"]), heading=True)
    if plan.v["unit_note"] == "section":
        bld.p(plan.pick(vocab("templates")["unit_notes"]).format(unit=plan.v["unit"]))
    for kind in ("income", "expense", "sangong", "assets"):
        if kind in plan.tables:
            _fin_table(plan, bld, plan.tables[kind])


def _overall_self(plan: Plan, bld: Builder, o: dict[str, Any]) -> None:
    """三、自评情况: targets and results, closed by 综合得分 / 评价等次."""
    bld.p(plan.pick(o["sections"]["self"]), heading=True)
    if plan.v["composite_where"] == "none":  # printed label, empty cell: the seed's case
        plan.expected.append(
            Expected("DQ02", {"field": "composite_score"}, [], "综合得分 left empty")
        )
    elif plan.v["composite_where"] == "text":
        plan.tolerated.add("DQ02")  # the cell is empty; the score stands in the conclusion
    _targets_table(plan, bld)


def _overall_people(plan: Plan, bld: Builder, o: dict[str, Any]) -> None:
    """四、评价人员: the evaluators' table and the signature lines."""
    bld.p(plan.pick(o["sections"]["people"]), heading=True)
    p = vocab("people")
    g = Grid(4)
    g.row(0, ["姓  名", "职务/职称", "单  位", "签  字"])
    for r in range(1, plan.rng.randint(3, 5)):
        g.row(
            r,
            [_person(plan.rng), plan.pick(p["titles"]), plan.names["type"], ""]
            if r < 3
            else ["", "", "", ""],
        )
    bld.table(g)
    bld.p("评价组组长（签字）：")
    bld.p("年    月    日")


def _overall_summary(plan: Plan, bld: Builder, o: dict[str, Any]) -> None:
    """五、综述: profile, spending restated, performance topics, problems, conclusion."""
    bld.p(plan.pick(o["sections"]["summary"]), heading=True)
    sh = o["summary_headings"]
    paras: list[Para] = [Para([plan.pick(sh["profile"])], heading=True)]
    n_inst = plan.v["institutions"]
    sub: list[Segment] = ["，下设二级机构", Fig(D(n_inst - 1), "个", "count")] if n_inst > 1 else []
    paras.append(
        Para(
            [
                f"{plan.meta['department']}{plan.names['duty']}。单位核定编制",
                Fig(plan.meta["staff_quota"], "人", "count"),
                "，实有人数",
                Fig(plan.meta["staff_actual"], "人", "count"),
                *sub,
                "。",
            ]
        )
    )
    paras.append(Para([plan.pick(sh["spending"])], heading=True))
    paras += _restate_overall(plan)
    paras.append(Para([plan.pick(sh["performance"])], heading=True))
    topics = [tp for tp in plan.extra["dtype"]["topics"]]
    paras += _topic_paras(plan, topics, plan.rng.randint(2, 4))
    _apply_nr(plan, paras)
    _mess_up(plan, paras)
    for para in paras:
        bld.para(para)
    _problems(plan, bld, sh["problems"], sh["measures"])
    if plan.v["composite_where"] in ("both", "text") and plan.composite is not None:
        bld.para(
            Para(
                [
                    f"综上，{plan.year}年度部门整体支出绩效自评综合得分",
                    Fig(plan.composite, "分", "money", _places(plan.composite), "plain"),
                    f"，评价等次为“{plan.grade}”。",
                ]
            )
        )


def _overall_annex(plan: Plan, bld: Builder, o: dict[str, Any]) -> None:
    """附件: the 评分表."""
    b = bld.p(plan.pick(o["annex"]), heading=True)
    if any(ch.isdigit() for ch in b.text):
        bld.nonfig(b.text, b)
    bld.p(plan.pick(o["score_title"]))
    _score_table(plan, bld)
    if plan.chance(0.5):
        bld.p(
            "备注：如部门（单位）根据本部门实际情况修改调整了评价指标体系，须相应修改调整本表中的对应部分。"
        )


def _problems(plan: Plan, bld: Builder, h_problems: list[str], h_measures: list[str]) -> None:
    nar = vocab("narratives")
    for heads, pool in ((h_problems, nar["problems"]), (h_measures, nar["measures"])):
        bld.p(plan.pick(heads), heading=True)
        for i, text in enumerate(plan.rng.sample(pool, plan.rng.randint(1, 3)), start=1):
            b = bld.p(f"{i}、{text}。")
            bld.nonfig(f"{i}、", b)


def _lay_project(plan: Plan, bld: Builder) -> None:
    t = vocab("templates")
    pr = t["project"]
    title = plan.pick(pr["titles"]).format(
        year=plan.year, project=plan.meta["project_name"], unit=plan.meta["department"]
    )
    _cover(plan, bld, title)
    bld.p(plan.pick(pr["sections"]["basic"]), heading=True)
    proj = plan.extra["proj"]
    paras = [
        Para(
            [
                f"{plan.meta['project_name']}由{plan.names['supervisor']}主管、"
                f"{plan.meta['department']}组织实施，{proj['summary']}。"
            ]
        )
    ]
    paras += _restate_project(plan)
    goals = [Para([plan.pick(pr["sections"]["goals"])], heading=True)]
    goals += _topic_paras(plan, [plan.extra["dtype"]["topics"][0]], plan.rng.randint(1, 2))
    _apply_nr(plan, paras + goals)
    _mess_up(plan, paras + goals)
    for para in paras:
        bld.para(para)
    bld.p(plan.pick(pr["sections"]["table"]), heading=True)
    b = bld.p(plan.pick(pr["table_title"]).format(year=plan.year))
    if str(plan.year) in b.text:
        bld.nonfig(str(plan.year), b)
    goal = f"按计划完成{plan.meta['project_name']}各项建设任务，{proj['summary']}。"
    result = "项目已按计划实施，年度目标基本完成。"
    if plan.v["project_layout"] == "combined":
        _project_combined(plan, bld, goal, result)
    else:
        g = Grid(4)
        g.put(0, 0, "项目名称")
        g.put(0, 1, plan.meta["project_name"], cs=3)
        g.row(1, ["主管部门", plan.names["supervisor"], "实施单位", plan.meta["department"]])
        g.row(2, ["项目负责人", plan.meta["contact"], "联系电话", plan.meta["phone"]])
        bld.table(g)
        _funds_table(plan, bld)
        g = Grid(2)
        g.row(0, ["年度总体目标", "实际完成情况"])
        g.row(1, [goal, result])
        bld.table(g)
        _indicator_table(plan, bld)
    for para in goals:
        bld.para(para)
    bld.p(plan.pick(pr["sections"]["deviation"]), heading=True)
    reasons = [it.reason for it in plan.items if it.reason]
    if reasons:
        for i, r in enumerate(reasons, start=1):
            b = bld.p(f"{i}、{r}。")
            bld.nonfig(f"{i}、", b)
    else:
        bld.p("项目各项指标均已完成，无明显偏差。")
    bld.p(plan.pick(pr["sections"]["conclusion"]), heading=True)
    if plan.v["composite_where"] == "text" and plan.composite is not None:
        bld.para(
            Para(
                [
                    "经自评，该项目综合得分",
                    Fig(plan.composite, "分", "money", _places(plan.composite), "plain"),
                    f"，评价等次为“{plan.grade}”。",
                ]
            )
        )
    else:
        bld.p(f"经自评，该项目绩效评价等次为“{plan.grade}”。")
