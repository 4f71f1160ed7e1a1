"""Project forms embedded in a longer document (``report.forms``): each form checked on its
own, and SC11, one form's 预算执行 points against the document's own practice.

Each form becomes a Report of kind project_form (``records.forms.form_report``); the rules
of patterns/tables.yaml ``embedded_forms.rules`` run on it and their findings name the form.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..records.forms import form_report, settings
from ..report import Evidence, Finding, Form, Report
from . import evidence as ev
from .registry import RULES, Hit, Rule, rule
from .rounding import check_restated, places

_HUNDRED = Decimal(100)
_ONE = Decimal(1)


def _label(form: Form) -> str:
    name = form.project_name or form.title
    return f"「{name}」" + (f"（第{form.page}页）" if form.page is not None else "")


def form_findings(report: Report, to_run: list[Rule], keep: Callable[[Rule, Finding], bool]):
    """The findings of the form rules on every embedded form, each message naming its form."""
    spec = settings()
    if spec is None or not report.forms:
        return []
    codes = set(spec.rules)
    rules = [r for r in to_run if r.code in codes]
    out: list[Finding] = []
    for form in report.forms:
        sub = form_report(report, form)
        for r in rules:
            for f in r.findings(sub):
                if keep(r, f):
                    out.append(
                        f.model_copy(update={"message": f"项目自评表{_label(form)}：{f.message}"})
                    )
    return out


# ── SC11: 预算执行 points against the document's own practice ─────────────────────────────


@dataclass(frozen=True)
class _Points:
    form: Form
    rate: Decimal  # percent, from the amounts
    max: Decimal
    score: Decimal
    score_raw: str
    proportional: Decimal  # rate × max

    @property
    def follows(self) -> bool:
        """Are the points the rate's share of the maximum, to the printed precision?"""
        step = Decimal(1).scaleb(-places(self.score))
        return abs(self.score - self.proportional) < step


def _points(form: Form, usual: Decimal | None = None) -> _Points | None:
    funds = form.project_funds
    if funds is None or not funds.rows:
        return None
    total = funds.rows[0]
    cells = total.cells
    budget, done = cells.get("full_year_budget"), cells.get("executed")
    mx, score = cells.get("max"), cells.get("score")
    if budget is None or done is None or score is None:
        return None
    top = mx.value if mx is not None else _implied_max(form, usual)
    if top is None or budget.value <= 0 or top <= 0:
        return None
    if budget.repaired or done.repaired or score.repaired:
        return None
    rate = min(done.value / budget.value * _HUNDRED, _HUNDRED)
    return _Points(form, rate, top, score.value, score.raw, rate * top / _HUNDRED)


def _implied_max(form: Form, usual: Decimal | None) -> Decimal | None:
    """The 预算执行 分值 a form leaves blank: its 总分's 分值 less its indicators' (fa09 p139:
    总分 100, indicators 90, so 10) — taken only when it is the 分值 the document's other
    forms print (``usual``): a form whose weights are off implies nothing."""
    stated = form.score_total.max_stated
    rows = [r for r in form.score_rows if r.max is not None]
    if stated is None or not rows or len(rows) == len(form.score_rows):
        return None
    rest = stated - sum((r.max for r in rows if r.max is not None), Decimal(0))
    return rest if usual is not None and rest == usual else None


def _usual_max(forms: list[Form]) -> Decimal | None:
    """The 预算执行 分值 most forms of the document print."""
    printed = [
        mx.value
        for f in forms
        if f.project_funds is not None
        and f.project_funds.rows
        and (mx := f.project_funds.rows[0].cells.get("max")) is not None
    ]
    return Counter(printed).most_common(1)[0][0] if printed else None


def _practice(report: Report) -> list[_Points]:
    """The forms' 预算执行 points, when the document scores them in proportion to the rate
    (enough forms, and most of those below 100% follow the proportion); else none."""
    spec = settings()
    if spec is None:
        return []
    usual = _usual_max(report.forms)
    found = [p for p in (_points(f, usual) for f in report.forms) if p is not None]
    below = [p for p in found if p.rate < _HUNDRED]
    if len(found) < spec.execution_practice_min_forms or not below:
        return []
    share = Decimal(sum(p.follows for p in below)) / len(below)
    return found if share >= spec.execution_practice_share else []


@rule(
    "SC11",
    "scoring.execution_practice",
    "warning",
    basis="the document's own forms: most score 预算执行 as 执行率 × 分值; the rule is not printed",
)
def execution_practice(report: Report) -> Iterator[Hit]:
    """A form's 预算执行 points do not follow the execution rate, where the document's other
    forms score it in proportion.

    Anti-pattern: 执行率 73% given the full 10 points while the document's other forms give
    7.3 for 73%.  Best practice: score every form by the same rule, or print the rule."""
    found = _practice(report)
    if not found:
        return
    n, k = len(found), sum(p.follows for p in found)
    for p in found:
        if p.follows:
            continue
        funds = p.form.project_funds
        assert funds is not None
        row = funds.rows[0]
        yield Hit(
            message=(
                f"项目自评表{_label(p.form)}：预算执行率{p.rate.quantize(Decimal('0.01'))}%，"
                f"得分{p.score_raw}（分值{ev.num(p.max)}）；本文件{n}张自评表中{k}张按执行率×分值"
                f"计分，按此应得{p.proportional.quantize(Decimal('0.01'))}分（文件未印评分规则）"
            ),
            expected=p.proportional.quantize(Decimal("0.01")),
            actual=p.score,
            difference=(p.score - p.proportional).quantize(Decimal("0.01")),
            evidence=[ev.at_row(report, funds.block, row.row, f"{row.org}：得分{p.score_raw}")],
        )


# ── NR12: the narrative's sentence on a project against its form ─────────────────────


@rule(
    "NR12",
    "narrative.form_restated",
    "error",
    basis="the sentence naming the project (…绩效自评综述：全年预算数…，执行数…) against the "
    "年度资金总额 row of the form bearing that name",
)
def form_restated(report: Report) -> Iterator[Hit]:
    """A project's 全年预算数 or 执行数 stated in the narrative differs from its form.

    Anti-pattern: 综述 “全年预算数2277万元，执行数3215.02万元” where the project's form prints
    全年执行数 2,174.20.  Best practice: the 综述 restates the form's amounts (rounded at most
    to the digits it prints)."""
    for form in report.forms:
        said = form.summary
        funds = form.project_funds
        if said is None or funds is None or not funds.rows or funds.unit != said.unit:
            continue
        row = funds.rows[0]
        for key, name in (("full_year_budget", "全年预算数"), ("executed", "执行数")):
            text = said.budget if key == "full_year_budget" else said.executed
            cell = row.cells.get(key)
            if text is None or cell is None or cell.repaired:
                continue
            if check_restated(text.value, _ONE, cell.value, _ONE).status == "exact":
                continue  # the same amount, at most rounded to the digits the text prints
            yield Hit(
                message=(
                    f"项目自评表{_label(form)}：文中{name}{text.raw}{said.unit}，"
                    f"自评表「{row.org}」{name}为{cell.raw}{funds.unit}"
                    + ("（同名自评表有多张，按顺序对应）" if said.paired_by_order else "")
                ),
                expected=cell.value,
                actual=text.value,
                difference=text.value - cell.value,
                evidence=[
                    Evidence(block=said.block, page=said.page, text=said.text),
                    ev.at_row(report, funds.block, row.row, f"{row.org}：{name}{cell.raw}"),
                ],
                severity="warning" if said.paired_by_order else None,
            )


__all__ = ["RULES", "execution_practice", "form_findings", "form_restated"]
