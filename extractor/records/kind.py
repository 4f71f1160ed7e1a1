"""What a document is (``report.kind``), by its content, with the evidence in ``decisions``.

Kinds (contract.md, schema version 2): overall, project, project_form, evaluation,
final_accounts, budget, other, unknown.  The order of evidence, strongest first:

1. the title (``from_title``): the kind whose title pattern (patterns/kinds.yaml)
   starts earliest in the first characters of the document's text;
2. the disclosure statements read (patterns/statements.yaml): 决算 or 预算 tables;
3. the self-evaluation's own records: a scoring table, a project funds table,
   the department's income/expense tables, a 项目名称;
4. body words counted over the whole text;
5. too few finance words at all, or none of any report's words → ``other`` (a policy, a
   notice, a 政府信息公开 report); some but too few → ``unknown``.

Rules declare the kinds they apply to, so this decision decides which checks run:
a 决算 is never asked for a 评分表.
"""

from __future__ import annotations

import re
from collections import Counter

from .. import patterns
from ..loaders.normalize import key
from ..model import Document, Table
from ..report import Report, ScoreRow
from .statement_schema import kind_patterns

SELF_EVALUATION_TABLE_KINDS = ("overall", "project", "project_form", "evaluation")
TITLE_ROW_CHARS = 60
"""A table row of one filled cell at most this long may be a title."""
BODY_DECIDES = 2
"""Report words of one kind (patterns/kinds.yaml ``body``) that decide it without a title;
fewer (a policy or a notice naming 预算 once) make the document ``other``."""
NEWS_REPORT_WORDS = 5
"""A press report (记者, 报道) with fewer report words than this is ``other``."""
HEADING_CHARS = 80
"""A paragraph longer than this, or holding a full stop, is running text, not a heading: in a
press report it names the genre it reports on (今年中央部门预算公开的总体情况), which is not
the report's title."""


def title_text(doc: Document, headings_only: bool = False) -> str:
    limit = kind_patterns().title_chars
    out = ""
    for b in doc.blocks:
        if headings_only and b.kind != "table" and not _heading(b.text):
            continue
        if b.kind == "table":
            # a form's title is often its own first row, or a row of one filled cell
            if b.table is not None:
                if not out:
                    out += key(b.text.split("\n", 1)[0])
                out += "".join(key(t) for t in _title_rows(b.table))
            if len(out) >= limit:
                break
            continue
        out += "".join(key(t) for t in _title_cells(b.text))
        if len(out) >= limit:
            break
    return out[:limit]


def _title_cells(text: str) -> list[str]:
    """A paragraph's text, less the scoring indicators of a ``|`` row (a table flattened to
    text that was not rebuilt: | 决算公开(2分) |)."""
    stripped = text.strip()
    if not (stripped.startswith("|") and stripped.endswith("|")):
        return [text]
    cells = [c for c in stripped.split("|") if c.strip()]
    return [c for c in cells if not kind_patterns().is_indicator(c)]


def _title_rows(table: Table) -> list[str]:
    """Rows of a table with one short filled cell: a form's title printed inside the grid
    (a page of several forms flattened to text); not a scoring indicator (决算公开(2分))."""
    out = []
    for row in table.rows():
        filled = [c.text for c in row if c.text.strip()]
        if len(filled) != 1 or len(filled[0]) > TITLE_ROW_CHARS:
            continue
        if kind_patterns().is_indicator(filled[0]):
            continue
        out.append(filled[0])
    return out


def from_title(doc: Document) -> tuple[str, str] | None:
    """The kind named by the title and the words that named it, or None.  In a press report
    (记者, 报道) only a heading names the kind."""
    title = title_text(doc, headings_only=_press(doc))
    best: tuple[int, int, str, str] | None = None
    for rule in kind_patterns().kinds:
        if rule.override:
            m = next((m for rx in rule.title_res if (m := rx.search(title))), None)
            if m:
                return rule.kind, f"title names «{m.group(0)}»"
    for order, rule in enumerate(kind_patterns().kinds):
        if rule.override:
            continue
        for rx in rule.title_res:
            m = rx.search(title)
            if m and (best is None or (m.start(), order) < best[:2]):
                best = (m.start(), order, rule.kind, m.group(0))
    if best is None:
        return None
    return best[2], f"title names «{best[3]}»"


def _heading(text: str) -> bool:
    text = text.strip()
    return len(text) <= HEADING_CHARS and "。" not in text


def _press(doc: Document) -> bool:
    text = key(doc.text)
    return any(rx.search(text) for rx in kind_patterns().news_res)


def from_statements(report: Report) -> tuple[str, str] | None:
    """决算 or 预算, by the disclosure tables surely recognised, or None."""
    counts = Counter(
        "final_accounts" if s.schema_id.startswith("fa_") else "budget"
        for s in report.statements
        if s.match >= 0.75
    )
    if not counts:
        return None
    kind, n = counts.most_common(1)[0]
    return kind, f"{n} {'决算' if kind == 'final_accounts' else '预算'} disclosure tables"


def from_records(report: Report) -> tuple[str, str] | None:
    found = from_statements(report)
    if found is not None:
        return found
    if report.tables.project_funds is not None:
        return "project", "a project funds table"
    if report.tables.income is not None or report.tables.expense is not None:
        return "overall", "department income/expense tables"
    if report.meta.project_name:
        return "project", "a 项目名称 in the metadata"
    rows = _surely_read(report, report.score_rows)
    if rows:
        if report.score_total.stated is None and all(r.score is None for r in rows):
            # no title, no unit, not one 得分 filled in: the indicator system a notice hands out
            return "other", "a scoring table with no title and not one score: a blank template"
        return "overall", "a scoring table"
    return None


def _surely_read(report: Report, rows: list[ScoreRow]) -> list[ScoreRow]:
    """The score rows not read from pieces of a ``|`` table broken over lines (there the
    cells are placed by guess, and a weight may stand where a score belongs): such a
    reading does not decide what the document is; its text does."""
    from ..loaders.text import BROKEN_PIPES

    doc = report.document
    if doc is None:
        return rows
    broken = {
        b.index
        for b in doc.blocks
        if b.table is not None and b.table.layout_inferred == BROKEN_PIPES
    }
    return [r for r in rows if r.block not in broken]


def from_body(doc: Document) -> tuple[str, str]:
    data = kind_patterns()
    text = key(doc.text)
    counts: dict[str, int] = {
        k: sum(len(rx.findall(text)) for rx in res) for k, res in data.body_res.items()
    }
    best = max(counts, key=lambda k: counts[k]) if counts else None
    terms = [t for t in data.finance_terms if t in text]
    if len(terms) < data.min_finance_terms:
        return "other", f"only {len(terms)} finance words ({'、'.join(terms) or 'none'})"
    if data.substance_res and not any(rx.search(text) for rx in data.substance_res):
        # a chapter that holds no figure by design (a 决算's 名词解释) still names its genre
        return _topic_page(text) or (
            "other",
            "no amount, score or decimal figure anywhere: it reports nothing",
        )
    byline = next((m.group(0) for rx in data.byline_res if (m := rx.search(text))), None)
    if byline is not None:
        return "other", f"a press report (byline «{byline}»), no report title or table"
    news = next((m.group(0) for rx in data.news_res if (m := rx.search(text))), None)
    if news is not None and (best is None or counts[best] < NEWS_REPORT_WORDS):
        return "other", f"a press report («{news}»), too few report words to be one"
    if best is None or counts[best] < BODY_DECIDES:
        topic = _topic_page(text)
        if topic is not None:
            return topic
        words = 0 if best is None else counts[best]
        return "other", f"no finance-report title or table, {words} report word(s) at most"
    if sorted(counts.values())[-2:] == [counts[best]] * 2:
        return "unknown", "the text's report words name two genres as often"
    return best, f"body words of {best}: {counts[best]}"


def _topic_page(text: str) -> tuple[str, str] | None:
    """A page on one topic that names one genre only (patterns/kinds.yaml ``topic_pages``)."""
    for page in kind_patterns().topic_pages:
        if not all(re.search(rx, text) for rx in page.about):
            continue
        named = [k for k, rx in page.genres.items() if re.search(rx, text)]
        if len(named) == 1:
            word = page.genres[named[0]]
            return named[0], f"a page on {page.name} naming «{word}» and no other genre"
    return None


def classify(doc: Document, report: Report) -> tuple[str, str]:
    """The kind and why."""
    found = from_title(doc) or from_records(report)
    if found is None:
        found = from_body(doc)
        report.kind_from_words = True
    if found[0] in ("final_accounts", "budget") and _blank_template(doc, report):
        return "other", f"a blank template of a {found[0]} (its title names the unit XX, no amount)"
    return found


def _blank_template(doc: Document, report: Report) -> bool:
    """A 决算 or 预算 template handed out to be filled in (上海市 XX 局 ⏎ 2024 年度部门决算, its
    tables with no amount, 收入支出总计 XXX 万元): the first line names the unit XX, and its
    disclosure tables print no amount with decimals (a 功能分类 code may stand in an empty
    amount column)."""
    pattern = patterns.load("checks")["quality"].get("placeholder")
    first = next((b for b in doc.blocks if b.table is None and b.text.strip()), None)
    if not pattern or first is None or not re.search(pattern, key(first.text)):
        return False
    return bool(report.statements) and not any(
        "." in cell.raw
        for st in report.statements
        for row in st.rows
        for cell in row.cells.values()
    )


def annotate(report: Report, doc: Document) -> None:
    report.kind, why = classify(doc, report)  # type: ignore[assignment]
    report.decisions.append(f"kind: {report.kind} ({why})")
