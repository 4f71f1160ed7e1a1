"""Scan outputs: ``summary.html``, the auditor's page for a whole folder.

journal ──outputs──▶ **summary.html**

One self-contained file (inline CSS, inline script, inline SVG; no network,
no external fonts): files ranked by error count, each finding with its
numbers (expected, actual, difference, tolerance) and evidence (block, page,
text), filters by code and severity, a chart of the score distribution, and
the files that were not read with the reason.  The page is rendered on the
server side, so it reads without scripts; the script only filters.  Filters
live in the URL fragment (``#severity=error&code=SC01,FN02``), so a filtered
view can be bookmarked or sent to a colleague.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

MAX_FINDINGS_SHOWN = 20_000
"""Findings written into the page; beyond that the page points to findings.csv (browsers slow down)."""
MAX_EVIDENCE_CHARS = 400
OPEN_FILES = 20
"""Files at the top of the ranking shown with their findings unfolded; the others fold."""
SCORE_BIN = 5
SEVERITIES = ("error", "warning", "info")


@dataclass
class Summary:
    """What the page needs, collected in the outputs' single pass (no report kept whole)."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)

    def add_report(self, path: str, report: dict[str, Any], row: dict[str, Any]) -> None:
        score, source = score_of(report)
        self.reports.append(
            {
                **row,
                "path": path,
                "score": score,
                "score_source": source,
                "findings": [_slim(f) for f in report.get("findings", [])],
            }
        )

    def add_problem(self, f: dict[str, Any]) -> None:
        self.problems.append(f)

    def add_duplicate(self, f: dict[str, Any]) -> None:
        self.duplicates.append(f)

    def add_pending(self, f: dict[str, Any]) -> None:
        self.pending.append(f)


def _slim(f: dict[str, Any]) -> dict[str, Any]:
    ev = [
        {
            "block": e.get("block"),
            "page": e.get("page"),
            "text": (e.get("text") or "")[:MAX_EVIDENCE_CHARS],
        }
        for e in f.get("evidence") or []
    ]
    keep = ("code", "severity", "message", "expected", "actual", "difference", "tolerance", "name")
    return {**{k: f.get(k) for k in keep}, "evidence": ev}


def score_of(report: dict[str, Any]) -> tuple[Decimal | None, str | None]:
    """The report's overall score: the 评分表's stated total, else 综合得分, else the computed total."""
    total = report.get("score_total") or {}
    meta = report.get("meta") or {}
    for value, source in (
        (total.get("stated"), "评分表 总分 (stated)"),
        (meta.get("composite_score"), "综合得分"),
        (total.get("computed"), "评分表 (computed)"),
    ):
        if value is not None:
            try:
                return Decimal(str(value)), source
            except InvalidOperation:
                continue
    return None, None


# ── pieces ────────────────────────────────────────────────────────────────


def _e(value: Any) -> str:
    return "" if value is None else escape(str(value))


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
        h = (height - bottom - top) * n / peak
        x = left + i * bar_w
        y = height - bottom - h
        label = f"{lo}–{hi}" + (")" if i < nbins - 1 else "]")
        parts.append(
            f'<rect class="bar" data-bin="{lo}" data-count="{n}" x="{x + 1:.1f}" y="{y:.1f}" '
            f'width="{bar_w - 2:.1f}" height="{h:.1f}" fill="#3b6ea5"><title>[{label}: {n} report(s)</title></rect>'
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
    note = f'<p class="note">{outside} score(s) outside 0–100 not drawn.</p>' if outside else ""
    return "".join(parts) + note


def _finding_row(f: dict[str, Any]) -> str:
    ev = "".join(
        f'<div class="ev"><span class="where">block {_e(e["block"])}, page {_e(e["page"])}</span> {_e(e["text"])}</div>'
        for e in f["evidence"]
    )
    sev = f["severity"] or "info"
    return (
        f'<tr class="finding sev-{_e(sev)}" data-code="{_e(f["code"])}" data-severity="{_e(sev)}">'
        f'<td class="code">{_e(f["code"])}</td><td class="sev">{_e(sev)}</td>'
        f'<td>{_e(f["message"])}</td><td class="num">{_e(f["expected"])}</td>'
        f'<td class="num">{_e(f["actual"])}</td><td class="num">{_e(f["difference"])}</td>'
        f'<td class="num">{_e(f["tolerance"])}</td><td>{ev}</td></tr>'
    )


def _ranked(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(reports, key=lambda r: (-r["errors"], -r["warnings"], -r["infos"], r["path"]))


def _file_block(rank: int, r: dict[str, Any], budget: list[int]) -> str:
    findings = r["findings"]
    shown = findings[: max(budget[0], 0)]
    budget[0] -= len(shown)
    who = r.get("department") or r.get("project_name") or ""
    head = (
        f'<tr class="file-row"><td class="num">{rank}</td><td class="path">{_e(r["path"])}</td>'
        f"<td>{_e(r.get('format'))}</td><td>{_e(r.get('kind'))}</td><td>{_e(who)}</td>"
        f'<td class="num">{_e(r["score"])}</td><td>{_e(r.get("grade"))}</td>'
        f'<td class="num errors">{r["errors"]}</td><td class="num">{r["warnings"]}</td>'
        f'<td class="num">{r["infos"]}</td><td class="num shown">{len(findings)}</td></tr>'
    )
    if findings:
        rows = "".join(_finding_row(f) for f in shown)
        more = (
            f'<tr><td colspan="8" class="note">{len(findings) - len(shown)} more finding(s) in findings.csv</td></tr>'
            if len(shown) < len(findings)
            else ""
        )
        detail = (
            f'<tr class="detail"><td></td><td colspan="10"><details{" open" if rank <= OPEN_FILES else ""}>'
            "<summary>findings</summary>"
            '<table class="findings"><thead><tr><th>code</th><th>severity</th><th>message</th>'
            "<th>expected</th><th>actual</th><th>difference</th><th>tolerance</th><th>evidence</th>"
            f"</tr></thead><tbody>{rows}{more}</tbody></table></details></td></tr>"
        )
    else:
        detail = ""
    codes = " ".join(sorted({f["code"] for f in findings}))
    return f'<tbody class="file" data-path="{_e(r["path"])}" data-codes="{_e(codes)}">{head}{detail}</tbody>'


def _code_overview(reports: list[dict[str, Any]]) -> tuple[str, list[str]]:
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
    rows = "".join(
        f'<tr><td class="code"><a href="#code={_e(code)}">{_e(code)}</a></td><td>{_e(sev)}</td><td class="num">{n}</td><td class="num">{files}</td></tr>'
        for (code, sev), (n, files) in sorted(counts.items())
    )
    table = _table("codes", ["code", "severity", "findings", "files"], rows, "No findings.")
    return table, sorted({code for code, _ in counts})


def _problems_table(problems: list[dict[str, Any]]) -> str:
    rows = "".join(
        f'<tr class="problem status-{_e(p["status"])}"><td class="path">{_e(p["path"])}</td><td>{_e(p["status"])}</td>'
        f"<td>{_e(p.get('kind'))}</td><td>{_e(p.get('problem'))}</td><td>{_e(p.get('fix'))}</td></tr>"
        for p in problems
    )
    heads = ["file", "status", "kind", "problem", "what to do"]
    return _table("problems", heads, rows, "Every file found was read.")


def _duplicates_table(dups: list[dict[str, Any]]) -> str:
    rows = "".join(
        f'<tr class="duplicate"><td class="path">{_e(d["path"])}</td><td class="path">{_e(d.get("duplicate_of"))}</td>'
        f'<td class="sha">{_e((d.get("sha256") or "")[:12])}</td></tr>'
        for d in dups
    )
    heads = ["file", "same content as (read once)", "sha256"]
    return _table("duplicates", heads, rows, "No duplicate files.")


def _table(table_id: str, heads: list[str], rows: str, empty: str) -> str:
    """A table under its header row, or a note where it has no rows."""
    if not rows:
        return f'<p class="note">{empty}</p>'
    head = "".join(f"<th>{h}</th>" for h in heads)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ddd;padding:2px 6px;vertical-align:top;font-size:.9em}
th{background:#f3f3f3;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
.path{font-family:monospace;word-break:break-all}.note{color:#666;font-size:.9em}
.sev-error .sev{color:#b00020;font-weight:bold}.sev-warning .sev{color:#a65e00}.sev-info .sev{color:#2a6}
.errors{font-weight:bold}.ev{font-size:.85em}.where{color:#666;font-family:monospace}
.incomplete{background:#fff3cd;border:1px solid #e0c060;padding:.5em}
#filters label{margin-right:.8em;white-space:nowrap}#filters fieldset{margin:.3em 0}
.hidden{display:none}details summary{cursor:pointer;color:#3b6ea5}
"""

SCRIPT = r"""
(function(){
  function parseHash(){
    var out={};
    location.hash.replace(/^#/,'').split('&').forEach(function(p){
      if(!p)return; var kv=p.split('='); out[decodeURIComponent(kv[0])]=decodeURIComponent(kv[1]||'');
    });
    return out;
  }
  var boxes=function(name){return Array.prototype.slice.call(document.querySelectorAll('input[name="'+name+'"]'));};
  function chosen(name){return boxes(name).filter(function(b){return b.checked;}).map(function(b){return b.value;});}
  function apply(){
    var sev=chosen('severity'), codes=chosen('code');
    var allCodes=boxes('code').length===codes.length, allSev=boxes('severity').length===sev.length;
    var narrowed=!(allCodes&&allSev);
    var nFind=0,nFiles=0;
    document.querySelectorAll('tbody.file').forEach(function(tb){
      var shown=0;
      tb.querySelectorAll('tr.finding').forEach(function(tr){
        var ok=sev.indexOf(tr.dataset.severity)>=0 && codes.indexOf(tr.dataset.code)>=0;
        tr.classList.toggle('hidden',!ok); if(ok)shown++;
      });
      var cell=tb.querySelector('td.shown'); if(cell)cell.textContent=shown;
      var hide=narrowed && shown===0;
      tb.classList.toggle('hidden',hide);
      if(!hide){nFiles++; nFind+=shown;}
    });
    document.getElementById('filter-status').textContent=
      'Showing '+nFind+' finding(s) in '+nFiles+' file(s)';
    var h=[]; if(!allSev)h.push('severity='+sev.join(',')); if(!allCodes)h.push('code='+codes.join(','));
    var want=h.length?'#'+h.join('&'):'';
    if(location.hash!==want && !(want===''&&location.hash==='')) history.replaceState(null,'',want||location.pathname);
  }
  function fromHash(){
    var h=parseHash();
    ['severity','code'].forEach(function(name){
      if(!(name in h))return; var want=h[name].split(',');
      boxes(name).forEach(function(b){b.checked=want.indexOf(b.value)>=0;});
    });
    apply();
  }
  document.querySelectorAll('#filters input').forEach(function(b){b.addEventListener('change',apply);});
  document.getElementById('all-codes').addEventListener('click',function(){boxes('code').forEach(function(b){b.checked=true;});apply();});
  document.getElementById('no-codes').addEventListener('click',function(){boxes('code').forEach(function(b){b.checked=false;});apply();});
  window.addEventListener('hashchange',fromHash);
  fromHash();
})();
"""


def render(summary: Summary, manifest: dict[str, Any], title: str = "extractor scan") -> str:
    """The whole page as one string."""
    ranked = _ranked(summary.reports)
    scores = [r["score"] for r in summary.reports if r["score"] is not None]
    code_table, codes = _code_overview(summary.reports)
    budget = [MAX_FINDINGS_SHOWN]
    files_html = "".join(_file_block(i + 1, r, budget) for i, r in enumerate(ranked))
    n_find = sum(len(r["findings"]) for r in summary.reports)
    counts = manifest.get("counts", {})
    versions = manifest.get("versions", {})
    banner = (
        f'<p class="incomplete" id="incomplete">This scan is not finished: {len(summary.pending)} file(s) '
        "still to read. Run the same command again to continue.</p>"
        if not manifest.get("complete", True)
        else ""
    )
    stat = ", ".join(f"{_e(k)}: {v}" for k, v in counts.items())
    sev_boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {s}</label>'
        for s in SEVERITIES
    )
    code_boxes = "".join(
        f'<label><input type="checkbox" name="code" value="{_e(c)}" checked> {_e(c)}</label>'
        for c in codes
    )
    sources = sorted({r["score_source"] for r in summary.reports if r["score_source"]})
    chart = (
        histogram_svg(scores)
        + f'<p class="note">{len(scores)} of {len(summary.reports)} report(s) have a score '
        f"({_e(', '.join(sources)) or 'none'}).</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} — summary</title>
<style>{CSS}</style></head>
<body>
<h1>{_e(title)} — summary</h1>
{banner}
<p id="counts">Files: {stat or "none"}. Reports read: {len(summary.reports)}; findings: {n_find}.</p>
<p class="note">extractor {_e(versions.get("extractor"))}, schema {_e(versions.get("schema_version"))},
patterns {_e(versions.get("patterns"))}. Full data: reports.jsonl, findings.csv, *.parquet, errors.jsonl, manifest.json.</p>
<h2>Score distribution</h2>
{chart}
<h2>Findings by code</h2>
{code_table}
<h2>Files ranked by errors</h2>
<form id="filters" onsubmit="return false">
<fieldset><legend>Severity</legend>{sev_boxes}</fieldset>
<fieldset><legend>Code</legend>{code_boxes or '<span class="note">no findings</span>'}
<button type="button" id="all-codes">all</button><button type="button" id="no-codes">none</button></fieldset>
</form>
<p id="filter-status">Showing {n_find} finding(s) in {len(ranked)} file(s)</p>
<table id="files"><thead><tr><th>#</th><th>file</th><th>format</th><th>kind</th><th>unit / project</th>
<th>score</th><th>grade</th><th>errors</th><th>warnings</th><th>info</th><th>shown</th></tr></thead>
{files_html}</table>
<h2>Files not read</h2>
{_problems_table(summary.problems)}
<h2>Duplicates</h2>
{_duplicates_table(summary.duplicates)}
<script>{SCRIPT}</script>
</body></html>
"""
