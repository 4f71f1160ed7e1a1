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
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

MAX_FINDINGS_SHOWN = 20_000
"""Findings written into the page; beyond that the page points to findings.csv (browsers slow down)."""
MAX_EVIDENCE_CHARS = 400
OPEN_FILES = 20
"""Files at the top of the ranking shown with their findings unfolded; the others fold."""
SCORE_BIN = 5
SEVERITIES = ("error", "warning", "info")
REVIEW_STATES = ("open", "confirmed", "dismissed", "follow-up")
PAGED_FORMATS = frozenset({"pdf"})
"""Formats whose page numbers are the source's own; a link may point to ``file#page=N``."""


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


@dataclass
class Summary:
    """What the page needs, collected in the outputs' single pass (no report kept whole)."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)
    decisions: dict[str, Any] = field(default_factory=dict)
    """Review decisions by finding id (``extractor.review.Decision``), shown as each row's state."""
    base: Path | None = None
    """The folder the page is written to: links to source files are relative to it."""

    def add_report(self, path: str, report: dict[str, Any], row: dict[str, Any]) -> None:
        score, source = score_of(report)
        paged = (report.get("source") or {}).get("format") in PAGED_FORMATS
        self.reports.append(
            {
                **row,
                "path": path,
                "score": score,
                "score_source": source,
                "paged": paged,
                "findings": [_slim(f, paged) for f in report.get("findings", [])],
            }
        )

    def add_problem(self, f: dict[str, Any]) -> None:
        self.problems.append(f)

    def add_duplicate(self, f: dict[str, Any]) -> None:
        self.duplicates.append(f)

    def add_pending(self, f: dict[str, Any]) -> None:
        self.pending.append(f)


def _slim(f: dict[str, Any], paged: bool = True) -> dict[str, Any]:
    ev = [
        {
            "block": e.get("block"),
            "page": e.get("page") if paged else None,  # no page numbers a format does not have
            "text": (e.get("text") or "")[:MAX_EVIDENCE_CHARS],
        }
        for e in f.get("evidence") or []
    ]
    keep = (
        "id",
        "code",
        "severity",
        "message",
        "expected",
        "actual",
        "difference",
        "tolerance",
        "name",
        "basis",
    )
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


CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ddd;padding:2px 6px;vertical-align:top;font-size:.9em}
th{background:#f3f3f3;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
.path{font-family:monospace;word-break:break-all}.note{color:#666;font-size:.9em}
.sev-error .sev{color:#b00020;font-weight:bold}.sev-warning .sev{color:#a65e00}.sev-info .sev{color:#2a6}
.errors{font-weight:bold}.ev{font-size:.85em}.where{color:#666;font-family:monospace}
.basis{color:#777;font-size:.8em}.fid{font-family:monospace;font-size:.8em;color:#555}
.who{color:#777;font-size:.75em}.review-note{width:10em}
tr[data-review=confirmed] td.review{background:#fde2e2}tr[data-review=dismissed] td.review{background:#e6e6e6}
tr[data-review=follow-up] td.review{background:#fff3cd}tr.changed td.review{outline:2px solid #3b6ea5}
.incomplete{background:#fff3cd;border:1px solid #e0c060;padding:.5em}
#filters label{margin-right:.8em;white-space:nowrap}#filters fieldset{margin:.3em 0}
.hidden{display:none}details summary{cursor:pointer;color:#3b6ea5}
"""

SCRIPT = r"""
(function(){
  var KEY='extractor-review';
  function parseHash(){
    var out={};
    location.hash.replace(/^#/,'').split('&').forEach(function(p){
      if(!p)return; var i=p.indexOf('='); if(i<0)return;
      out[decodeURIComponent(p.slice(0,i))]=decodeURIComponent(p.slice(i+1));
    });
    return out;
  }
  function $all(sel,root){return Array.prototype.slice.call((root||document).querySelectorAll(sel));}
  var boxes=function(name){return $all('input[name="'+name+'"]');};
  function chosen(name){return boxes(name).filter(function(b){return b.checked;}).map(function(b){return b.value;});}
  function local(){try{return JSON.parse(localStorage.getItem(KEY)||'{}');}catch(e){return {};}}
  function saveLocal(m){try{localStorage.setItem(KEY,JSON.stringify(m));}catch(e){}}
  var search=document.getElementById('search'), sortSel=document.getElementById('sort');
  var rows=$all('tr.finding');
  function applyLocal(){
    var m=local(), n=0;
    rows.forEach(function(tr){
      var d=m[tr.dataset.id]; if(!d)return;
      n++; tr.dataset.review=d.status; tr.classList.add('changed');
      tr.querySelector('select.review-status').value=d.status;
      tr.querySelector('input.review-note').value=d.note||'';
    });
    document.getElementById('review-status').textContent=n+' decision(s) made in this browser, not yet imported';
  }
  function decide(tr){
    var m=local(), st=tr.querySelector('select.review-status').value;
    m[tr.dataset.id]={id:tr.dataset.id,status:st,note:tr.querySelector('input.review-note').value,
      by:document.getElementById('reviewer').value,at:new Date().toISOString().replace(/\.\d+Z$/,'Z')};
    saveLocal(m); applyLocal(); apply();
  }
  function sortFiles(how){
    var table=document.getElementById('files'); var bodies=$all('tbody.file',table);
    function num(v,dflt){return v===''||v===undefined?dflt:parseFloat(v);}
    var keys={rank:function(b){return num(b.dataset.rank,0);},
      path:function(b){return b.dataset.path;},
      'score-asc':function(b){return num(b.dataset.score,Infinity);},
      'score-desc':function(b){return -num(b.dataset.score,-Infinity);}};
    var k=keys[how]||keys.rank;
    bodies.sort(function(a,b){var x=k(a),y=k(b);return x<y?-1:x>y?1:num(a.dataset.rank,0)-num(b.dataset.rank,0);});
    bodies.forEach(function(b){table.appendChild(b);});
  }
  function apply(){
    var sev=chosen('severity'), codes=chosen('code'), rev=chosen('review');
    var q=(search.value||'').trim().toLowerCase();
    var allCodes=boxes('code').length===codes.length, allSev=boxes('severity').length===sev.length,
        allRev=boxes('review').length===rev.length;
    var narrowed=!(allCodes&&allSev&&allRev)||q!=='';
    var nFind=0,nFiles=0;
    $all('tbody.file').forEach(function(tb){
      var shown=0, fileHit=q!=='' && tb.dataset.path.toLowerCase().indexOf(q)>=0;
      $all('tr.finding',tb).forEach(function(tr){
        var ok=sev.indexOf(tr.dataset.severity)>=0 && codes.indexOf(tr.dataset.code)>=0
          && rev.indexOf(tr.dataset.review||'open')>=0
          && (q===''||fileHit||tr.textContent.toLowerCase().indexOf(q)>=0);
        tr.classList.toggle('hidden',!ok); if(ok)shown++;
      });
      var cell=tb.querySelector('td.shown'); if(cell)cell.textContent=shown;
      var hide=narrowed && shown===0 && !fileHit;
      tb.classList.toggle('hidden',hide);
      if(!hide){nFiles++; nFind+=shown;}
    });
    sortFiles(sortSel.value);
    document.getElementById('filter-status').textContent=
      'Showing '+nFind+' finding(s) in '+nFiles+' file(s)';
    var h=[]; if(!allSev)h.push('severity='+sev.join(',')); if(!allCodes)h.push('code='+codes.join(','));
    if(!allRev)h.push('review='+rev.join(',')); if(q)h.push('q='+encodeURIComponent(search.value.trim()));
    if(sortSel.value!=='rank')h.push('sort='+sortSel.value);
    var want=h.length?'#'+h.join('&'):'';
    if(location.hash!==want && !(want===''&&location.hash==='')) history.replaceState(null,'',want||location.pathname);
  }
  function fromHash(){
    var h=parseHash();
    ['severity','code','review'].forEach(function(name){
      var want=name in h?h[name].split(','):null;
      boxes(name).forEach(function(b){b.checked=want===null||want.indexOf(b.value)>=0;});
    });
    search.value=h.q||''; sortSel.value=h.sort||'rank';
    apply();
  }
  function exportDecisions(){
    var m=local(), ids={}; rows.forEach(function(tr){ids[tr.dataset.id]=1;});
    var list=Object.keys(m).filter(function(k){return ids[k];}).map(function(k){return m[k];});
    var blob=new Blob([JSON.stringify({format:'extractor-review',decisions:list},null,1)],{type:'application/json'});
    var a=document.createElement('a'); a.href=URL.createObjectURL(blob); a.download='decisions.json';
    document.body.appendChild(a); a.click(); a.remove();
  }
  function importDecisions(file){
    var r=new FileReader();
    r.onload=function(){
      try{var data=JSON.parse(r.result); var list=data.decisions||data; var m=local();
        list.forEach(function(d){if(d&&d.id&&d.status)m[d.id]=d;}); saveLocal(m); applyLocal(); apply();}
      catch(e){alert('Not a decisions file: '+e);}
    };
    r.readAsText(file);
  }
  $all('#filters input[type=checkbox]').forEach(function(b){b.addEventListener('change',apply);});
  search.addEventListener('input',apply); sortSel.addEventListener('change',apply);
  document.getElementById('all-codes').addEventListener('click',function(){boxes('code').forEach(function(b){b.checked=true;});apply();});
  document.getElementById('no-codes').addEventListener('click',function(){boxes('code').forEach(function(b){b.checked=false;});apply();});
  rows.forEach(function(tr){
    tr.querySelector('select.review-status').addEventListener('change',function(){decide(tr);});
    tr.querySelector('input.review-note').addEventListener('change',function(){decide(tr);});
  });
  var who=document.getElementById('reviewer');
  who.value=localStorage.getItem(KEY+'-by')||''; who.addEventListener('change',function(){localStorage.setItem(KEY+'-by',who.value);});
  document.getElementById('export').addEventListener('click',exportDecisions);
  document.getElementById('import').addEventListener('change',function(e){if(e.target.files[0])importDecisions(e.target.files[0]);});
  document.getElementById('forget').addEventListener('click',function(){saveLocal({});location.reload();});
  window.addEventListener('hashchange',fromHash);
  applyLocal();
  fromHash();
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{title} — summary</title>
<style>{css}</style></head>
<body>
<h1>{title} — summary</h1>
{banner}
<p id="counts">Files: {stat}. Reports read: {n_reports}; findings: {n_find}; reviewed: {n_reviewed}.</p>
<p class="note">extractor {v_ext}, schema {v_schema}, patterns {v_pat}.
Full data: reports.jsonl, reports.parquet, findings.csv, findings.parquet, *.parquet, errors.jsonl, manifest.json.</p>
<h2>Score distribution</h2>
{chart}
<h2>Findings by code</h2>
{code_table}
<h2>Files ranked by errors</h2>
<form id="filters" onsubmit="return false">
<fieldset><legend>Severity</legend>{sev_boxes}</fieldset>
<fieldset><legend>Code</legend>{code_boxes}
<button type="button" id="all-codes">all</button><button type="button" id="no-codes">none</button></fieldset>
<fieldset><legend>Review</legend>{review_boxes}</fieldset>
<fieldset><legend>Search and order</legend>
<input type="search" id="search" placeholder="file, message, evidence…" size="30">
<select id="sort" aria-label="order of files"><option value="rank">most errors first</option>
<option value="path">file name</option><option value="score-asc">score, lowest first</option>
<option value="score-desc">score, highest first</option></select></fieldset>
<fieldset id="review-tools"><legend>Review decisions</legend>
<label>reviewer <input type="text" id="reviewer" size="10"></label>
<button type="button" id="export">export decisions.json</button>
<label>import <input type="file" id="import" accept=".json,application/json"></label>
<button type="button" id="forget">forget this browser's decisions</button>
<span id="review-status" class="note"></span>
<p class="note">This page cannot write files: decisions made here stay in this browser until exported.
Keep them with <code>extractor review OUT import decisions.json</code>; the next scan shows them
(findings.csv, this page), keyed by the finding id, which stays the same while the finding's numbers and place do.</p>
</fieldset>
</form>
<p id="filter-status">Showing {n_find} finding(s) in {n_files} file(s)</p>
<table id="files"><thead><tr><th>#</th><th>file</th><th>format</th><th>kind</th><th>unit / project</th>
<th>score</th><th>grade</th><th>errors</th><th>warnings</th><th>info</th><th>shown</th></tr></thead>
{files_html}</table>
<h2>Files not read</h2>
{problems}
<h2>Duplicates</h2>
{duplicates}
<script>{script}</script>
</body></html>
"""


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
