"""Project forms embedded in a longer document (issue 12): ``report.forms``.

A 部门决算 may print one 项目支出绩效自评表 per project (西安 prints 87 of them after its
tables), and a 部门整体 report may carry its projects' forms as annexes.  The document's
own scoring table is read as before; each embedded form is read here on its own, as if it
were a standalone project form, so that its 总分, weights and 预算执行 points are checked
against its own rows (``rules.forms``), never added into another form's.

A form starts at a short paragraph whose text names a project form (patterns/tables.yaml
``embedded_forms.title``) followed within a few blocks by a table holding one of the form's
words (年度资金总额, 一级指标); it ends before the next form's title, or where a long
paragraph shows the narrative going on.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, cast

from .. import patterns
from ..model import Block, Document
from ..report import Form, Report

if TYPE_CHECKING:
    from ..pattern_models import EmbeddedForms, Tables


def settings() -> EmbeddedForms | None:
    """patterns/tables.yaml ``embedded_forms`` (None: not configured)."""
    return cast("Tables", patterns.load_model("tables")).embedded_forms


@functools.cache
def _conf() -> tuple[EmbeddedForms, re.Pattern[str]] | None:
    spec = settings()
    if spec is None:
        return None
    return spec, re.compile("|".join(f"(?:{t})" for t in spec.title))


def _starts(doc: Document) -> list[int]:
    """Indices of the title blocks of embedded forms, in order."""
    conf = _conf()
    if conf is None:
        return []
    spec, title = conf
    out: list[int] = []
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind == "table" or len(b.text) > spec.max_title_chars:
            continue
        if title.search(re.sub(r"\s+", "", b.text)) is None:
            continue
        after = blocks[i + 1 : i + 1 + spec.table_within]
        if any(
            n.kind == "table" and any(w in re.sub(r"\s+", "", n.text) for w in spec.table_words)
            for n in after
        ):
            out.append(i)
    return out


def _spans(doc: Document) -> list[tuple[int, int]]:
    """(first, last) positions of each embedded form's blocks."""
    conf = _conf()
    if conf is None:
        return []
    spec = conf[0]
    starts = _starts(doc)
    spans: list[tuple[int, int]] = []
    for n, first in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(doc.blocks)
        last = first
        for i in range(first + 1, stop):
            b = doc.blocks[i]
            if b.kind != "table" and len(b.text) > spec.max_other_chars:
                break
            last = i
        spans.append((first, last))
    return spans


def _sub_document(doc: Document, first: int, last: int) -> Document:
    """The document with only the form's blocks: every other block an empty paragraph, so
    that block indices stay those of the whole document."""
    blocks = [
        b
        if first <= i <= last
        else Block.model_construct(index=b.index, kind="paragraph", text="", page=b.page)
        for i, b in enumerate(doc.blocks)
    ]
    return Document.model_construct(source=doc.source, blocks=blocks)


def _read(doc: Document, first: int, last: int) -> Form | None:
    from . import finance, meta, scoring, tables

    sub = _sub_document(doc, first, last)
    form = Report(source=doc.source, kind="project_form")
    regions = tables.find_regions(sub)
    finance.annotate(form, sub, regions)
    scoring.annotate(form, sub, regions)
    meta.annotate(form, sub, regions)
    scoring.total_from_form(form, sub)
    funds = form.tables.project_funds
    if not form.score_rows and funds is None:
        return None
    title = doc.blocks[first]
    return Form(
        title=re.sub(r"\s+", "", title.text),
        project_name=form.meta.project_name,
        page=title.page,
        blocks=[doc.blocks[first].index, doc.blocks[last].index],
        project_funds=funds,
        grade=form.meta.grade,
        **_scoring(form),
    )


SCORING_FIELDS = (
    "score_rows",
    "score_total",
    "level1_weights",
    "level2_weights",
    "subtotals",
    "score_columns",
)
"""The scoring records a Form shares with a Report."""


def _scoring(source: Report | Form) -> dict:
    return {name: getattr(source, name) for name in SCORING_FIELDS}


def _own_blocks(report: Report) -> set[int]:
    own = {r.block for r in report.score_rows if r.block is not None}
    funds = report.tables.project_funds
    if funds is not None and funds.block is not None:
        own.add(funds.block)
    return own


def _release(report: Report) -> None:
    """A 决算 or 预算 has no scoring table of its own: one read from its first project form
    goes back to that form."""
    for name in SCORING_FIELDS:
        setattr(report, name, Report.model_fields[name].get_default(call_default_factory=True))
    report.tables.project_funds = None
    report.decisions.append(
        "score: the scoring table first read is a project form inside this "
        f"{report.kind}; it is read as one of its forms, not as the document's own"
    )


def annotate(report: Report, doc: Document) -> None:
    """Fill ``report.forms`` with the project forms embedded in a longer document.  In a
    self-evaluation report, a form whose tables the report's own scoring table was read from
    is left to the report; a 决算 or 预算 has no scoring table of its own."""
    if report.kind == "project_form":
        return  # the document is the form
    own = _own_blocks(report)
    for first, last in _spans(doc):
        indices = {doc.blocks[i].index for i in range(first, last + 1)}
        if indices & own:
            if report.kind not in ("final_accounts", "budget"):
                continue
            _release(report)
            own = set()
        form = _read(doc, first, last)
        if form is not None:
            report.forms.append(form)
    if report.forms:
        link_summaries(report, doc)
        pages = sorted({f.page for f in report.forms if f.page is not None})
        where = f"pages {pages[0]}–{pages[-1]}" if pages else "no page numbers"
        report.decisions.append(
            f"forms: {len(report.forms)} project forms printed inside the document ({where}) "
            "read one by one; each is checked on its own (rules: embedded_forms)"
        )


def form_report(report: Report, form: Form) -> Report:
    """A Report of kind project_form holding one embedded form's records, for the rules."""
    from ..report import Meta, Tables

    sub = Report(
        source=report.source,
        kind="project_form",
        meta=Meta(project_name=form.project_name, grade=form.grade),
        tables=Tables(project_funds=form.project_funds),
        **_scoring(form),
    )
    if report.document is not None:
        sub.attach(report.document)
    return sub


# ── the narrative's sentence on each project ───────────────────────────────────────────


def _name_key(name: str) -> str:
    return re.sub(r"\s+", "", name).removesuffix("项目")


def link_summaries(report: Report, doc: Document) -> None:
    """Link each form to the narrative's sentence on its project (embedded_forms.summary): the
    sentence whose head holds the form's project name, the longest name winning; forms of one
    name are paired with the sentences naming it in order."""
    from ..report import CellValue, FormSummary
    from .cells import parse_number

    spec = settings()
    if spec is None or spec.summary is None:
        return
    rx = re.compile(spec.summary)
    names = [(_name_key(f.project_name or ""), f) for f in report.forms]
    names = [(n, f) for n, f in names if len(n) >= 2]
    taken: dict[str, int] = {}
    linked = 0
    for b in doc.blocks:
        if b.kind == "table":
            continue
        for m in rx.finditer(b.text):
            head = re.sub(r"\s+", "", m.group("head"))
            best = max((n for n, _ in names if n in head), key=len, default=None)
            if best is None:
                continue
            same = [f for n, f in names if n == best]
            k = taken.get(best, 0)
            taken[best] = k + 1
            if k >= len(same):
                continue
            values = []
            for g in ("budget", "executed"):
                n = parse_number(m.group(g))
                values.append(CellValue(value=n.value, raw=m.group(g)) if n is not None else None)
            same[k].summary = FormSummary(
                text=m.group(0),
                paired_by_order=len(same) > 1,
                block=b.index,
                page=b.page,
                budget=values[0],
                executed=values[1],
                unit=m.group("unit"),
            )
            linked += 1
    if linked:
        report.decisions.append(
            f"forms: {linked} sentences of the narrative on one project each linked to its form "
            "by the project's name"
        )
