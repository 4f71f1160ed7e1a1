"""The rule registry (rules stage): codes, names, severities, selection.

Report ──rules──▶ findings.  In the style of sqlfluff, every rule is one small
function registered with its code (``SC01``), a dotted name
(``scoring.total_mismatch``), a severity and a docstring whose first line says
what it finds, followed by an anti-pattern and a best practice.  A rule sees
the Report only and yields ``Hit``s; the registry stamps them into
``Finding``s with the rule's code, name and severity.  Rules never mutate the
Report.

An arithmetic rule may yield a hit under another code: a difference that lies
within rounding is ``FN90`` (info) whichever relation found it, and SC07 says
"indeterminate" at info level when a grade sits on a band edge only through
rounding.  ``Hit.code``/``Hit.severity`` carry such overrides.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..report import KINDS, Evidence, Finding, Report, Severity, decimal_text
from .rounding import Verdict

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
ALL_KINDS: tuple[str, ...] = KINDS
SELF_EVALUATION: tuple[str, ...] = ("overall", "project", "project_form", "evaluation", "unknown")
"""Kinds that carry a scoring table or the self-evaluation report's own tables."""
ROUNDING_CODE = "FN90"


@dataclass
class Hit:
    """What a rule yields: a finding without its code (unless it overrides it)."""

    message: str
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    difference: Decimal | str | None = None
    tolerance: Decimal | str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    code: str | None = None
    """Another code than the rule's own (``FN90`` for a rounding-only difference)."""
    severity: Severity | None = None
    basis: str | None = None
    """What this finding stands on, when more precise than the rule's own ``basis``."""


def verdict_hit(verdict: Verdict, message: str, evidence: list[Evidence]) -> Hit:
    """The finding of a failed check, with its numbers; a difference within rounding is FN90."""
    return Hit(
        message=message,
        expected=verdict.expected,
        actual=verdict.actual,
        difference=verdict.difference,
        tolerance=verdict.tolerance,
        evidence=evidence,
        code=ROUNDING_CODE if verdict.status == "rounding" else None,
    )


RuleFunc = Callable[[Report], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    func: RuleFunc
    emits: tuple[str, ...] = ()
    """Other codes this rule can yield (``FN90``)."""
    kinds: tuple[str, ...] = ALL_KINDS
    """The document kinds the rule applies to; on another kind it does not run."""
    basis: str = ""
    """What the rule's findings stand on (the relation and the records it reads)."""

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    def applies(self, report: Report) -> bool:
        return report.kind in self.kinds

    def findings(self, report: Report) -> Iterator[Finding]:
        if not self.applies(report):
            return
        for hit in self.func(report):
            code = hit.code or self.code
            severity = hit.severity or (
                RULES[code].severity if code != self.code and code in RULES else self.severity
            )
            yield Finding(
                code=code,
                severity=severity,
                message=hit.message.replace(
                    "\n", "⏎"
                ),  # one line, a wrapped cell's break kept visible
                expected=_text(hit.expected),
                actual=_text(hit.actual),
                difference=_text(hit.difference),
                tolerance=_text(hit.tolerance),
                evidence=hit.evidence,
                name=RULES[code].name if code in RULES else self.name,
                basis=hit.basis or self.basis or self.summary,
            )


RULES: dict[str, Rule] = {}


def _text(value: Decimal | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return decimal_text(value)


def rule(
    code: str,
    name: str,
    severity: Severity,
    emits: Iterable[str] = (),
    kinds: Iterable[str] = ALL_KINDS,
    basis: str = "",
) -> Callable[[RuleFunc], RuleFunc]:
    """Register ``func`` as the rule ``code``, applying to documents of ``kinds``."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"rule {code}: unknown kinds {sorted(unknown)}")
        RULES[code] = Rule(code, name, severity, func, tuple(emits), tuple(kinds), basis)
        return func

    return register


def matches(code: str, name: str, selectors: list[str]) -> bool:
    """A selector is a code prefix (``SC``, ``FN0``, ``NR04``) or a dotted-name prefix (``scoring``)."""
    code_u = code.upper()
    return any(
        code_u.startswith(s.upper()) or name == s or name.startswith(s + ".") for s in selectors
    )


def parse_selectors(values: Iterable[str] | str | None) -> list[str]:
    """``["SC,FN01", "NR04"]`` → ``["SC", "FN01", "NR04"]``."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def plan(select: Iterable[str] | str | None = None, ignore: Iterable[str] | str | None = None):
    """Rules to run, and a predicate deciding which of their findings to keep.

    A rule runs when it is selected and not ignored, or when a code it can emit
    (FN90) is selected.  Its findings are kept when their own code is selected,
    or when they are a rounding note of a selected rule; an ignored code is
    always dropped.
    """
    sel, ign = parse_selectors(select), parse_selectors(ignore)

    def chosen(code: str) -> bool:
        rule_ = RULES.get(code)
        name = rule_.name if rule_ else ""
        return (not sel or matches(code, name, sel)) and not matches(code, name, ign)

    to_run = [r for r in RULES.values() if chosen(r.code) or any(chosen(e) for e in r.emits)]

    def keep(rule_: Rule, finding: Finding) -> bool:
        if finding.code == rule_.code:
            return chosen(rule_.code)
        if chosen(finding.code):
            return True
        # a rounding note travels with its rule unless FN90 itself is ignored
        rn = RULES.get(finding.code)
        return chosen(rule_.code) and not matches(finding.code, rn.name if rn else "", ign)

    return to_run, keep


def run(
    report: Report,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
) -> list[Finding]:
    """Every finding of the selected rules, errors first, then by code."""
    _register()
    from .forms import form_findings

    to_run, keep = plan(select, ignore)
    out: list[Finding] = []
    for r in to_run:
        out.extend(f for f in r.findings(report) if keep(r, f))
    out.extend(form_findings(report, to_run, keep))
    out = merge_repeats(out)
    out = soften_on_guessed_tables(report, out)
    out = soften_on_repaired_numbers(report, out)
    out = soften_on_ocr(report, out)
    out = distinct_ids([stamp_id(report, f) for f in out])
    order = {code: i for i, code in enumerate(sorted(RULES))}
    out.sort(key=lambda f: (SEVERITY_ORDER[f.severity], order.get(f.code, 999)))
    return out


GUESSED_TABLE_NOTE = "（该表无竖线，列由文字位置推断，请对照原表核实）"
STREAM_TABLE_NOTE = "（该表由逐格排列的文字重建，行列为推断，请对照原表核实）"
PIECES_NOTE = "（该表在文中按页分段写出，跨页的行可能被拆开或缺失，未能核对全表）"
BROKEN_PIPES_NOTE = "（该表以竖线分隔写出、合并单元格被拆到别行，部分行未能归入表中，未能核对全表）"
CUT_TABLE_NOTE = "（文本在该表中途截断，表末若干行缺失，全表合计无法核对）"


def _rows_missing(reason: str) -> bool:
    """Does the reading say rows of the table may be missing (a text cut inside it, damaged
    HTML markup)?  Then a sum over the whole table cannot be checked."""
    from ..loaders.cellstream import INFERRED_CUT
    from ..loaders.htmltable import PIECES
    from ..loaders.text import BROKEN_PIPES

    return reason in (INFERRED_CUT, PIECES, BROKEN_PIPES)


def _guessed_note(reason: str, family: bool) -> tuple[str, str, str]:
    """Note, basis and severity of a finding softened on a table read by inference.
    ``family``: the finding is a sum over the whole table (a score or finance identity)."""
    from ..loaders.cellstream import INFERRED, INFERRED_CUT
    from ..loaders.htmltable import PIECES
    from ..loaders.text import BROKEN_PIPES

    if reason == INFERRED_CUT and family:
        return CUT_TABLE_NOTE, "the text ends inside the table: rows are missing", "info"
    if reason == PIECES:
        why = "the table was written in pieces, page by page: rows may be split or missing"
        return PIECES_NOTE, why, "info" if family else "warning"
    if reason == BROKEN_PIPES:
        why = "the | table's rows were broken over lines: rows stand outside the grid read"
        return BROKEN_PIPES_NOTE, why, "info" if family else "warning"
    if reason in (INFERRED, INFERRED_CUT):
        why = "the table's rows were cut from a form flattened to text"
        return STREAM_TABLE_NOTE, why, "warning"
    why = "the table has no vertical rules, its columns were inferred"
    return GUESSED_TABLE_NOTE, why, "warning"


def soften_on_guessed_tables(report: Report, findings: list[Finding]) -> list[Finding]:
    """An error that stands on a table whose grid was inferred (``Table.layout_inferred``: a PDF
    table without vertical rules, columns read from text positions; a form flattened to text,
    rows cut from its cells) is a warning: the mismatch may be the reading's, not the report's.
    The auditor still sees it, with the reason."""
    doc = report.document
    if doc is None:
        return findings
    guessed = {
        b.index: b.table.layout_inferred
        for b in doc.blocks
        if b.table is not None and b.table.layout_inferred
    }
    if not guessed:
        return findings
    # a sum over the scoring table or a finance identity stands on the tables its rows came from
    scores = {r.block for r in report.score_rows} | {report.score_total.block}
    money = {t.block for _, t in report.tables if t is not None}
    family = {"SC": scores & guessed.keys(), "FN": money & guessed.keys()}
    out = []
    for f in findings:
        whole = family.get(f.code[:2]) or set()
        on = sorted(whole | {e.block for e in f.evidence if e.block in guessed})
        if f.severity in ("error", "warning") and on:
            # a table cut short decides for a sum over the whole table: rows are missing
            at = next((b for b in on if b in whole and _rows_missing(guessed[b])), on[0])
            note, why, severity = _guessed_note(guessed[at], at in whole)
            if f.severity == "warning" and severity == "warning":
                out.append(f)  # already a warning: said by the rule itself
                continue
            f = f.model_copy(
                update={
                    "severity": severity,
                    "message": f.message + note,
                    "basis": (f.basis or "") + "; not sure: " + why,
                }
            )
        out.append(f)
    return out


OCR_NOTE = "（读自扫描件的文字识别结果，数字可能识读有误，请对照原件核实）"


_NUMBER_IN_TEXT = re.compile(r"\d[\d,.]*\d|\d")


def soften_on_ocr(report: Report, findings: list[Finding]) -> list[Finding]:
    """A scan's text was recognised, not read: any digit may be a misreading, so an error on
    it is a warning that says so (the decisions give each page's confidence); a finding that
    quotes a number OCR read with a low confidence names it and its confidence."""
    if not report.source.ocr:
        return findings
    out = []
    for f in findings:
        update: dict[str, str] = {}
        if f.severity == "error":
            update = {
                "severity": "warning",
                "message": f.message + OCR_NOTE,
                "basis": (f.basis or "") + "; not sure: the numbers were read by OCR",
            }
        doubt = _doubt_in(report, f.message)
        if doubt is not None and f.code != "DQ01":
            note = f"（所依据的「{doubt.text}」识读置信度{doubt.confidence:.2f}，可能误读）"
            update["message"] = update.get("message", f.message) + note
            update["basis"] = (
                update.get("basis", f.basis or "")
                + f"; rests on a low-confidence reading ({doubt.text!r}, {doubt.confidence:.2f})"
            )
        out.append(f.model_copy(update=update) if update else f)
    return out


def _doubt_in(report: Report, message: str):
    """The first low-confidence OCR text whose number the message quotes (a number of three
    digits or more, or with a point, inside a number the message prints)."""
    quoted = _NUMBER_IN_TEXT.findall(message)
    for doubt in report.source.ocr_doubts:
        for number in _NUMBER_IN_TEXT.findall(re.sub(r"\s+", "", doubt.text)):
            digits = number.replace(",", "").replace(".", "")
            if (len(digits) >= 3 or "." in number) and any(number in q for q in quoted):
                return doubt
    return None


REPAIRED_NOTE = "（所涉数字书写有误，经修复读取，请对照原表核实）"


def soften_on_repaired_numbers(report: Report, findings: list[Finding]) -> list[Finding]:
    """An error whose evidence quotes a number that was read through a repair (``200. 13``,
    a number broken over two lines) is a warning: the mismatch may be the repair's."""
    raws = {
        c.raw
        for _, t in report.tables
        if t is not None
        for r in t.rows
        for c in r.cells.values()
        if c.repaired
    } | {c.raw for s in report.statements for r in s.rows for c in r.cells.values() if c.repaired}
    raws = {r for r in raws if r.strip()}
    if not raws:
        return findings
    out = []
    for f in findings:
        if f.severity == "error" and any(r in e.text for e in f.evidence for r in raws):
            f = f.model_copy(
                update={
                    "severity": "warning",
                    "message": f.message + REPAIRED_NOTE,
                    "basis": (f.basis or "") + "; not sure: a number in it was read with a repair",
                }
            )
        out.append(f)
    return out


def stamp_id(report: Report, finding: Finding) -> Finding:
    """Set the finding's stable ``id``: a hash of the document, the code, the numbers and the
    place (evidence page and text, whitespace removed), none of which changes between runs or versions
    unless the finding itself does.  Block indices and messages are left out on purpose: a
    better loader or a reworded message must not orphan an auditor's decision."""
    place = "|".join(
        f"{e.page or ''}:" + unicodedata.normalize("NFKC", "".join(e.text.split()))
        for e in finding.evidence[:3]
    )
    key = "\x1f".join(
        (
            report.source.sha256,
            finding.code,
            finding.expected or "",
            finding.actual or "",
            place,
        )
    )
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return finding.model_copy(update={"id": f"{finding.code}-{digest}"})


def distinct_ids(findings: list[Finding]) -> list[Finding]:
    """Two findings on one place with the same numbers (one row, two columns of equal amounts)
    hash alike: the second and later get ``-2``, ``-3`` … in the order the rules emit them,
    so every id names one finding."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        n = seen[f.id] = seen.get(f.id, 0) + 1
        out.append(f if n == 1 else f.model_copy(update={"id": f"{f.id}-{n}"}))
    return out


def merge_repeats(findings: list[Finding]) -> list[Finding]:
    """One finding per claim: the same code, message and numbers printed again elsewhere (a
    report restates its 基本概况 in the 综述) become one finding with every place as evidence."""
    merged: dict[tuple, Finding] = {}
    for f in findings:
        k = (f.code, f.message, f.expected, f.actual, f.difference)
        if k in merged:
            seen = merged[k].evidence
            seen.extend(e for e in f.evidence if e not in seen)
        else:
            merged[k] = f
    return list(merged.values())


def _register() -> None:
    """Import every rule module once, so that each ``@rule`` has run (RULES filled)."""
    from . import (  # noqa: F401  (registration)
        finance,
        forms,
        links,
        narrative,
        parts,
        quality,
        reasons,
        rescoring,
        scoring,
        shares,
        statements,
        template,
        unit_slip,
    )


def all_rules() -> list[Rule]:
    _register()

    return [RULES[c] for c in sorted(RULES)]
