"""Scan outputs: ``summary.html``, the auditor's page for a whole folder.

journal ──outputs──▶ **summary.html**

One self-contained file (inline CSS, inline script, inline SVG; no network,
no external fonts): files ranked by error count, each finding with its id,
numbers (expected, actual, difference, tolerance), evidence (block; page and
a link to ``file.pdf#page=N`` only for PDFs, whose pages are real) and review
state; the rules' names and meanings from the registry; filters by code,
severity and review state, a search box and an order, all in the URL fragment
(``#severity=error&code=SC01,FN02&q=支出&sort=path``) so a view can be
bookmarked or sent; a chart of the score distribution; the files that were
not read (failed first) with the reason.  The page is rendered on the server
side, so it reads without scripts.

Review: the page cannot write files.  Decisions made in it are kept in the
browser's localStorage (keyed by finding id) and exported as decisions.json,
which ``extractor review OUT import`` appends to ``OUT/reviews.jsonl``; the next
build shows them as the rows' state.  (A local server was judged not worth it:
one more process to start and secure for what a download and one command do.)

HTML comes from Jinja2 templates with autoescaping on (``templates()``): this module only
prepares plain data (dicts and lists of strings and numbers) for them, so every value a
document gives is escaped where it lands; the score chart alone is drawn here, from numbers.

The data the page tabulates (``Summary``, ``score_of``) is in ``html_data``; the page's
fixed style sheet, script and templates in ``html_page``.  Both are importable from here.
"""

from __future__ import annotations

import functools
import os
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import DictLoader, Environment, StrictUndefined, select_autoescape
from markupsafe import Markup

from .html_data import FINDING_FIELDS, MAX_EVIDENCE_CHARS, PAGED_FORMATS, Summary, score_of
from .html_page import CSS, PAGE, SCRIPT, TEMPLATES

MAX_FINDINGS_SHOWN = 20_000
"""Findings written into the page; beyond that the page points to findings.csv (browsers slow down)."""
OPEN_FILES = 20
"""Files at the top of the ranking shown with their findings unfolded; the others fold."""
SCORE_BIN = 5
SEVERITIES = ("error", "warning", "info")
REVIEW_STATES = ("open", "confirmed", "dismissed", "follow-up")
FINDING_HEADS = (*FINDING_FIELDS, "evidence", "review")

__all__ = [
    "CSS",
    "FINDING_HEADS",
    "MAX_EVIDENCE_CHARS",
    "MAX_FINDINGS_SHOWN",
    "OPEN_FILES",
    "PAGE",
    "PAGED_FORMATS",
    "REVIEW_STATES",
    "SCORE_BIN",
    "SCRIPT",
    "SEVERITIES",
    "TEMPLATES",
    "Summary",
    "histogram_svg",
    "render",
    "rule_info",
    "score_of",
    "source_href",
    "templates",
]


def _blank_none(value: Any) -> Any:
    return "" if value is None else value


@functools.cache
def templates() -> Environment:
    """The page's templates: every ``{{ value }}`` escaped, ``None`` rendered as nothing,
    a name missing from the data an error (not a blank)."""
    env = Environment(
        loader=DictLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=_blank_none,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals.update(
        css=Markup(CSS),  # fixed text: nothing in the style sheet or the script is a document's
        script=Markup(SCRIPT),
        severities=SEVERITIES,
        review_states=REVIEW_STATES,
        finding_heads=FINDING_HEADS,
    )
    return env


# ── pieces ────────────────────────────────────────────────────────────────


def histogram_svg(scores: list[Decimal]) -> str:
    """Inline SVG bar chart of scores in bins of ``SCORE_BIN`` points (0–100; out of range apart)."""
    nbins = 100 // SCORE_BIN
    bins = [0] * nbins
    outside = 0
    for s in scores:
        if s < 0 or s > 100:
            outside += 1
            continue
        bins[min(int(s // SCORE_BIN), nbins - 1)] += 1  # 100 joins the top bin [95, 100]
    width, height, left, bottom, top = 640, 220, 36, 28, 14
    bar_w = (width - left - 8) / nbins
    peak = max(bins) or 1
    parts = [
        f'<svg id="score-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Distribution of report scores">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" stroke="#555"/>',
    ]
    for i, n in enumerate(bins):
        lo, hi = i * SCORE_BIN, (i + 1) * SCORE_BIN
        bar_h = (height - bottom - top) * n / peak
        x = left + i * bar_w
        y = height - bottom - bar_h
        label = f"{lo}–{hi}" + (")" if i < nbins - 1 else "]")
        parts.append(
            f'<rect class="bar" data-bin="{lo}" data-count="{n}" x="{x + 1:.1f}" y="{y:.1f}" '
            f'width="{bar_w - 2:.1f}" height="{bar_h:.1f}" fill="#3b6ea5"><title>[{label}: {n} report(s)</title></rect>'
        )
        if n:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{n}</text>'
            )
        if i % 2 == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">{lo}</text>'
            )
    parts.append(
        f'<text x="{left + nbins * bar_w:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">100</text>'
    )
    parts.append(f'<text x="4" y="{top}" font-size="10">{peak}</text>')
    parts.append("</svg>")
    if outside:
        parts.append(f'<p class="note">{outside} score(s) outside 0–100 not drawn.</p>')
    return Markup("".join(parts))  # numbers only: nothing from a document in the chart


def rule_info() -> dict[str, dict[str, str]]:
    """Code → name, severity and meaning, from the rule registry."""
    from ..rules import all_rules

    return {
        r.code: {"name": r.name, "severity": r.severity, "summary": r.summary, "basis": r.basis}
        for r in all_rules()
    }


def source_href(path: str, base: Path | None) -> str:
    """A link to the source file from the page: relative to the output folder when both are local."""
    p = Path(path)
    absolute = p if p.is_absolute() else Path(os.path.abspath(p))
    if base is not None:
        try:
            rel = os.path.relpath(absolute, os.path.abspath(base))
            return quote(Path(rel).as_posix())
        except ValueError:  # another drive on Windows
            pass
    return absolute.as_uri()


# ── the data the templates fill in ────────────────────────────────────────


def _review(decision: Any) -> dict[str, Any]:
    if decision is None:
        return {"status": "open", "note": "", "decided": False, "by": None, "at": None}
    return {
        "status": decision.status,
        "note": decision.note,
        "decided": True,
        "by": decision.by,
        "at": decision.at,
    }


def _finding(f: dict[str, Any], rules: dict[str, Any], decisions: dict[str, Any]) -> dict[str, Any]:
    info = rules.get(f["code"] or "", {})
    fid = f.get("id") or ""
    names = (f.get("name") or info.get("name"), info.get("summary"))
    return {
        "id": fid,
        "code": f["code"],
        "sev": f["severity"] or "info",
        "title": " — ".join(x for x in names if x),
        "message": f["message"],
        "basis": f.get("basis"),
        "expected": f["expected"],
        "actual": f["actual"],
        "difference": f["difference"],
        "tolerance": f["tolerance"],
        "evidence": [
            {"block": e["block"], "page": e["page"], "text": e["text"]} for e in f["evidence"]
        ],
        "review": _review(decisions.get(fid) if fid else None),
    }


def _ranked(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(reports, key=lambda r: (-r["errors"], -r["warnings"], -r["infos"], r["path"]))


def _file(
    rank: int, r: dict[str, Any], budget: list[int], summary: Summary, rules: dict[str, Any]
) -> dict[str, Any]:
    """One file of the ranking, with the findings the page's budget still allows."""
    findings = r["findings"]
    shown = findings[: max(budget[0], 0)]
    budget[0] -= len(shown)
    return {
        "rank": rank,
        "path": r["path"],
        "href": source_href(r["path"], summary.base),
        "format": r.get("format"),
        "kind": r.get("kind"),
        "who": r.get("department") or r.get("project_name") or "",
        "score": r["score"],
        "grade": r.get("grade"),
        "errors": r["errors"],
        "warnings": r["warnings"],
        "infos": r["infos"],
        "n_findings": len(findings),
        "codes": " ".join(sorted({f["code"] for f in findings})),
        "open": rank <= OPEN_FILES,
        "findings": [_finding(f, rules, summary.decisions) for f in shown],
        "more": len(findings) - len(shown),
    }


def _code_rows(reports: list[dict[str, Any]], rules: dict[str, Any]) -> list[dict[str, Any]]:
    """Findings and files by code and severity."""
    counts: dict[tuple[str, str], list[int]] = {}
    for r in reports:
        seen = set()
        for f in r["findings"]:
            k = (f["code"], f["severity"])
            c = counts.setdefault(k, [0, 0])
            c[0] += 1
            if k not in seen:
                c[1] += 1
                seen.add(k)
    return [
        {
            "code": code,
            "name": rules.get(code, {}).get("name"),
            "meaning": rules.get(code, {}).get("summary"),
            "sev": sev,
            "n": n,
            "files": files,
        }
        for (code, sev), (n, files) in sorted(counts.items())
    ]


def _problem_rows(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = {"failed": 0, "skipped": 1}
    return [
        {
            "status": p["status"],
            "path": p["path"],
            "kind": p.get("kind"),
            "problem": p.get("problem"),
            "fix": p.get("fix"),
        }
        for p in sorted(problems, key=lambda p: order.get(p["status"], 2))  # stable: path order
    ]


def _duplicate_rows(dups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "path": d["path"],
            "duplicate_of": d.get("duplicate_of"),
            "sha": (d.get("sha256") or "")[:12],
        }
        for d in dups
    ]


def render(summary: Summary, manifest: dict[str, Any], title: str = "extractor scan") -> str:
    """The whole page as one string."""
    rules = rule_info()
    ranked = _ranked(summary.reports)
    scores = [r["score"] for r in summary.reports if r["score"] is not None]
    code_rows = _code_rows(summary.reports, rules)
    codes = sorted({c["code"] for c in code_rows})
    budget = [MAX_FINDINGS_SHOWN]
    files = [_file(i + 1, r, budget, summary, rules) for i, r in enumerate(ranked)]
    ids = {f.get("id") for r in summary.reports for f in r["findings"]}
    counts = manifest.get("counts", {})
    versions = manifest.get("versions", {})
    sources = sorted({r["score_source"] for r in summary.reports if r["score_source"]})
    return (
        templates()
        .get_template("page")
        .render(
            title=title,
            pending=None if manifest.get("complete", True) else len(summary.pending),
            stat=", ".join(f"{k}: {v}" for k, v in counts.items()) or "none",
            n_reports=len(summary.reports),
            n_find=sum(len(r["findings"]) for r in summary.reports),
            n_reviewed=sum(1 for i in summary.decisions if i in ids),
            v_ext=versions.get("extractor"),
            v_schema=versions.get("schema_version"),
            v_pat=versions.get("patterns"),
            chart=histogram_svg(scores),
            n_scored=len(scores),
            sources=", ".join(sources) or "none",
            code_rows=code_rows,
            code_boxes=[{"code": c, "name": rules.get(c, {}).get("name")} for c in codes],
            n_files=len(ranked),
            files=files,
            problems=_problem_rows(summary.problems),
            duplicates=_duplicate_rows(summary.duplicates),
        )
    )
