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

HTML is built only through ``h()``: a template whose every interpolation is
escaped unless it is already ``Markup``.

The data the page tabulates (``Summary``, ``score_of``) is in ``html_data``; the page's
fixed style sheet, script and template in ``html_page``.  Both are importable from here.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from .html_data import MAX_EVIDENCE_CHARS, PAGED_FORMATS, Summary, score_of
from .html_page import CSS, PAGE, SCRIPT

MAX_FINDINGS_SHOWN = 20_000
"""Findings written into the page; beyond that the page points to findings.csv (browsers slow down)."""
OPEN_FILES = 20
"""Files at the top of the ranking shown with their findings unfolded; the others fold."""
SCORE_BIN = 5
SEVERITIES = ("error", "warning", "info")
REVIEW_STATES = ("open", "confirmed", "dismissed", "follow-up")

__all__ = [
    "CSS",
    "MAX_EVIDENCE_CHARS",
    "MAX_FINDINGS_SHOWN",
    "OPEN_FILES",
    "PAGE",
    "PAGED_FORMATS",
    "REVIEW_STATES",
    "SCORE_BIN",
    "SCRIPT",
    "SEVERITIES",
    "Summary",
    "h",
    "histogram_svg",
    "join",
    "render",
    "rule_info",
    "score_of",
    "source_href",
]


def h(template: str, *args: Any, **kwargs: Any) -> Markup:
    """HTML from a template: every interpolated value is escaped unless it is already ``Markup``.

    ``h('<td title="{t}">{v}</td>', t=name, v=text)`` — the one way this module
    builds HTML, so no call site can forget to escape.  ``None`` renders as
    nothing.
    """

    def clean(v: Any) -> Any:
        return "" if v is None else v

    return Markup(template).format(
        *(clean(a) for a in args), **{k: clean(v) for k, v in kwargs.items()}
    )


def join(parts: Any) -> Markup:
    return Markup("").join(parts)


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
    note = h('<p class="note">{} score(s) outside 0–100 not drawn.</p>', outside) if outside else ""
    return Markup("".join(parts)) + note  # numbers only: nothing from a document in the chart


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


def _evidence(e: dict[str, Any], href: str) -> Markup:
    where = []
    if e["block"] is not None:
        where.append(h("block {}", e["block"]))
    if e["page"] is not None:
        where.append(h('<a class="page" href="{}#page={}">page {}</a>', href, e["page"], e["page"]))
    return h(
        '<div class="ev"><span class="where">{}</span> {}</div>',
        Markup(", ").join(where),
        e["text"],
    )


def _review_cell(fid: str, decision: Any) -> Markup:
    status = decision.status if decision is not None else "open"
    options = join(
        h(
            '<option value="{v}"{sel}>{v}</option>',
            v=s,
            sel=Markup(" selected") if s == status else "",
        )
        for s in REVIEW_STATES
    )
    who = (
        h('<div class="who">{} {}</div>', decision.by, decision.at) if decision is not None else ""
    )
    return h(
        '<td class="review"><select class="review-status" aria-label="review of {id}">{opts}</select>'
        '<input class="review-note" type="text" placeholder="note" value="{note}">{who}</td>',
        id=fid,
        opts=options,
        note=decision.note if decision is not None else "",
        who=who,
    )


def _finding_row(
    f: dict[str, Any], href: str, rules: dict[str, Any], decisions: dict[str, Any]
) -> Markup:
    sev = f["severity"] or "info"
    info = rules.get(f["code"] or "", {})
    fid = f.get("id") or ""
    decision = decisions.get(fid) if fid else None
    return h(
        '<tr class="finding sev-{sev}" id="f-{id}" data-id="{id}" data-code="{code}" '
        'data-severity="{sev}" data-review="{review}">'
        '<td class="fid" title="{id}">{short}</td>'
        '<td class="code" title="{title}">{code}</td><td class="sev">{sev}</td>'
        '<td>{message}<div class="basis">{basis}</div></td><td class="num">{expected}</td>'
        '<td class="num">{actual}</td><td class="num">{difference}</td>'
        '<td class="num">{tolerance}</td><td>{evidence}</td>{review_cell}</tr>',
        sev=sev,
        id=fid,
        short=fid[:10],
        code=f["code"],
        title=" — ".join(x for x in (f.get("name") or info.get("name"), info.get("summary")) if x),
        review=decision.status if decision is not None else "open",
        message=f["message"],
        basis=f.get("basis"),
        expected=f["expected"],
        actual=f["actual"],
        difference=f["difference"],
        tolerance=f["tolerance"],
        evidence=join(_evidence(e, href) for e in f["evidence"]),
        review_cell=_review_cell(fid, decision),
    )


def _ranked(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(reports, key=lambda r: (-r["errors"], -r["warnings"], -r["infos"], r["path"]))


FINDING_HEADS = (
    "id",
    "code",
    "severity",
    "message",
    "expected",
    "actual",
    "difference",
    "tolerance",
    "evidence",
    "review",
)


def _file_block(
    rank: int, r: dict[str, Any], budget: list[int], summary: Summary, rules: dict[str, Any]
) -> Markup:
    findings = r["findings"]
    shown = findings[: max(budget[0], 0)]
    budget[0] -= len(shown)
    who = r.get("department") or r.get("project_name") or ""
    href = source_href(r["path"], summary.base)
    head = h(
        '<tr class="file-row"><td class="num">{rank}</td>'
        '<td class="path"><a href="{href}">{path}</a></td>'
        "<td>{fmt}</td><td>{kind}</td><td>{who}</td>"
        '<td class="num">{score}</td><td>{grade}</td>'
        '<td class="num errors">{errors}</td><td class="num">{warnings}</td>'
        '<td class="num">{infos}</td><td class="num shown">{n}</td></tr>',
        rank=rank,
        href=href,
        path=r["path"],
        fmt=r.get("format"),
        kind=r.get("kind"),
        who=who,
        score=r["score"],
        grade=r.get("grade"),
        errors=r["errors"],
        warnings=r["warnings"],
        infos=r["infos"],
        n=len(findings),
    )
    detail: Markup | str = ""
    if findings:
        rows = join(_finding_row(f, href, rules, summary.decisions) for f in shown)
        more = (
            h(
                '<tr><td colspan="{}" class="note">{} more finding(s) in findings.csv</td></tr>',
                len(FINDING_HEADS),
                len(findings) - len(shown),
            )
            if len(shown) < len(findings)
            else ""
        )
        detail = h(
            '<tr class="detail"><td></td><td colspan="10"><details{open}>'
            "<summary>findings</summary>"
            '<table class="findings"><thead><tr>{heads}</tr></thead><tbody>{rows}{more}</tbody>'
            "</table></details></td></tr>",
            open=Markup(" open") if rank <= OPEN_FILES else "",
            heads=join(h("<th>{}</th>", x) for x in FINDING_HEADS),
            rows=rows,
            more=more,
        )
    codes = " ".join(sorted({f["code"] for f in findings}))
    return h(
        '<tbody class="file" data-path="{path}" data-codes="{codes}" data-rank="{rank}" '
        'data-score="{score}">{head}{detail}</tbody>',
        path=r["path"],
        codes=codes,
        rank=rank,
        score="" if r["score"] is None else r["score"],
        head=head,
        detail=detail,
    )


def _code_overview(
    reports: list[dict[str, Any]], rules: dict[str, Any]
) -> tuple[Markup, list[str]]:
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
    rows = join(
        h(
            '<tr><td class="code"><a href="#code={code}">{code}</a></td><td>{name}</td>'
            "<td>{meaning}</td><td>{sev}</td>"
            '<td class="num">{n}</td><td class="num">{files}</td></tr>',
            code=code,
            name=rules.get(code, {}).get("name"),
            meaning=rules.get(code, {}).get("summary"),
            sev=sev,
            n=n,
            files=files,
        )
        for (code, sev), (n, files) in sorted(counts.items())
    )
    table = _table(
        "codes",
        ["code", "rule", "what it finds", "severity", "findings", "files"],
        rows,
        "No findings.",
    )
    return table, sorted({code for code, _ in counts})


def _problems_table(problems: list[dict[str, Any]]) -> Markup:
    order = {"failed": 0, "skipped": 1}
    rows = join(
        h(
            '<tr class="problem status-{status}"><td class="path">{path}</td><td>{status}</td>'
            "<td>{kind}</td><td>{problem}</td><td>{fix}</td></tr>",
            status=p["status"],
            path=p["path"],
            kind=p.get("kind"),
            problem=p.get("problem"),
            fix=p.get("fix"),
        )
        for p in sorted(
            problems, key=lambda p: order.get(p["status"], 2)
        )  # stable: path order kept
    )
    heads = ["file", "status", "kind", "problem", "what to do"]
    return _table("problems", heads, rows, "Every file found was read.")


def _duplicates_table(dups: list[dict[str, Any]]) -> Markup:
    rows = join(
        h(
            '<tr class="duplicate"><td class="path">{}</td><td class="path">{}</td>'
            '<td class="sha">{}</td></tr>',
            d["path"],
            d.get("duplicate_of"),
            (d.get("sha256") or "")[:12],
        )
        for d in dups
    )
    heads = ["file", "same content as (read once)", "sha256"]
    return _table("duplicates", heads, rows, "No duplicate files.")


def _table(table_id: str, heads: list[str], rows: Markup, empty: str) -> Markup:
    """A table under its header row, or a note where it has no rows."""
    if not rows:
        return h('<p class="note">{}</p>', empty)
    return h(
        '<table id="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        table_id,
        join(h("<th>{}</th>", x) for x in heads),
        rows,
    )


def render(summary: Summary, manifest: dict[str, Any], title: str = "extractor scan") -> str:
    """The whole page as one string."""
    rules = rule_info()
    ranked = _ranked(summary.reports)
    scores = [r["score"] for r in summary.reports if r["score"] is not None]
    code_table, codes = _code_overview(summary.reports, rules)
    budget = [MAX_FINDINGS_SHOWN]
    files_html = join(_file_block(i + 1, r, budget, summary, rules) for i, r in enumerate(ranked))
    n_find = sum(len(r["findings"]) for r in summary.reports)
    ids = {f.get("id") for r in summary.reports for f in r["findings"]}
    counts = manifest.get("counts", {})
    versions = manifest.get("versions", {})
    banner = (
        h(
            '<p class="incomplete" id="incomplete">This scan is not finished: {} file(s) '
            "still to read. Run the same command again to continue.</p>",
            len(summary.pending),
        )
        if not manifest.get("complete", True)
        else ""
    )
    stat = ", ".join(f"{k}: {v}" for k, v in counts.items())
    sev_boxes = join(
        h('<label><input type="checkbox" name="severity" value="{0}" checked> {0}</label>', s)
        for s in SEVERITIES
    )
    code_boxes = join(
        h(
            '<label title="{1}"><input type="checkbox" name="code" value="{0}" checked> {0}</label>',
            c,
            rules.get(c, {}).get("name"),
        )
        for c in codes
    ) or Markup('<span class="note">no findings</span>')
    review_boxes = join(
        h('<label><input type="checkbox" name="review" value="{0}" checked> {0}</label>', s)
        for s in REVIEW_STATES
    )
    sources = sorted({r["score_source"] for r in summary.reports if r["score_source"]})
    chart = histogram_svg(scores) + h(
        '<p class="note">{} of {} report(s) have a score ({}).</p>',
        len(scores),
        len(summary.reports),
        ", ".join(sources) or "none",
    )
    return h(
        PAGE,
        title=title,
        css=Markup(CSS),
        banner=banner,
        stat=stat or "none",
        n_reports=len(summary.reports),
        n_find=n_find,
        n_reviewed=sum(1 for i in summary.decisions if i in ids),
        v_ext=versions.get("extractor"),
        v_schema=versions.get("schema_version"),
        v_pat=versions.get("patterns"),
        chart=chart,
        code_table=code_table,
        sev_boxes=sev_boxes,
        code_boxes=code_boxes,
        review_boxes=review_boxes,
        n_files=len(ranked),
        files_html=files_html,
        problems=_problems_table(summary.problems),
        duplicates=_duplicates_table(summary.duplicates),
        script=Markup(SCRIPT),
    )
