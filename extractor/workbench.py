"""The auditor's workbench: ``extractor review serve OUT`` — a local web application over a
scan's outputs where findings are read, traced to their page and decided.

    OUT/reports.jsonl ──▶ index (in memory) ──▶ pages ──▶ decisions ──▶ OUT/review.sqlite
                                                                      (+ reviews.jsonl)

Pages: ``/`` the run (reports ranked by errors, filtered by code, severity, kind and review
status, searched, sorted); ``/report/<n>`` one report (metadata, the statements and score
rows as read, every finding with its numbers, evidence and decision form; PDF pages
rendered with ``/page/<n>/<page>.png``); ``POST /decide``; ``/export.csv`` the working paper
(every finding with its decision; BOM, formula-safe).  Decisions are keyed by the finding
``id``, so they hold across rescans (review.py).  Served on 127.0.0.1 by default; HTML from
Jinja2 templates with autoescaping — nothing a document says can run in the page.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import DictLoader, Environment, select_autoescape

from . import review
from .scan.outputs import finding_rows

SEVERITIES = ("error", "warning", "info")
PAGE_DPI = 110


@dataclass
class Entry:
    """One report of the run, as the pages need it."""

    n: int
    path: str
    kind: str
    fmt: str
    report: dict[str, Any] = field(repr=False)

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.report.get("findings") or []

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.get("severity") == severity)


def read_run(out: Path) -> list[Entry]:
    """The reports of a scan (``OUT/reports.jsonl``), numbered in file order."""
    path = Path(out) / "reports.jsonl"
    entries: list[Entry] = []
    if not path.exists():
        return entries
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                rep = json.loads(line)
            except ValueError:
                continue  # a torn last line: the scan cuts it on its next run
            src = rep.get("source") or {}
            entries.append(
                Entry(
                    n=len(entries),
                    path=str(src.get("path", "")),
                    kind=str(rep.get("kind", "")),
                    fmt=str(src.get("format", "")),
                    report=rep,
                )
            )
    return entries


def select(
    entries: list[Entry],
    decisions: dict[str, review.Decision],
    code: str = "",
    severity: str = "",
    kind: str = "",
    status: str = "",
    q: str = "",
    sort: str = "errors",
) -> list[tuple[Entry, list[dict[str, Any]]]]:
    """Reports with the findings that pass the filters; a report shows when any does
    (or, with no finding filter, always)."""
    q = q.strip().lower()
    finding_filter = bool(code or severity or status or q)
    rows = []
    for e in entries:
        if kind and e.kind != kind:
            continue
        found = []
        for f in e.findings:
            if code and not str(f.get("code", "")).startswith(code):
                continue
            if severity and f.get("severity") != severity:
                continue
            d = decisions.get(str(f.get("id")))
            if status and (d.status if d else "open") != status:
                continue
            if q and q not in (str(f.get("message", "")) + " " + e.path).lower():
                continue
            found.append(f)
        if finding_filter and not found and not (q and q in e.path.lower() and not code):
            continue
        rows.append((e, found if finding_filter else e.findings))
    keys = {
        "errors": lambda r: (-r[0].count("error"), -r[0].count("warning"), r[0].path),
        "path": lambda r: r[0].path,
        "kind": lambda r: (r[0].kind, r[0].path),
        "findings": lambda r: (-len(r[1]), r[0].path),
    }
    rows.sort(key=keys.get(sort, keys["errors"]))
    return rows


def working_paper(entries: list[Entry], decisions: dict[str, review.Decision]) -> str:
    """The working paper of ``review export`` (review.working_paper), as CSV text with a BOM:
    every finding row as findings.parquet holds it, with its current decision."""
    findings = (
        row
        for e in entries
        for row in finding_rows(
            e.path, str((e.report.get("source") or {}).get("sha256", "")), e.report
        )
    )
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(review.WORKING_PAPER), lineterminator="\r\n")
    w.writeheader()
    w.writerows(review.working_paper(findings, decisions))
    return "\ufeff" + buf.getvalue()


def _needles(text: str) -> list[str]:
    """What to look for on the page to mark an evidence text: its first words (the page may
    break the line elsewhere), then the numbers it quotes."""
    flat = "".join(text.split())
    out = [flat[:n] for n in (16, 10, 6) if len(flat) >= n]
    out += re.findall(r"\d[\d,]*\.\d+|\d{3,}", flat)
    return [x for x in dict.fromkeys(out) if x]


def render_page(path: str, page: int, find: str = "", dpi: int = PAGE_DPI) -> bytes | None:
    """One PDF page as PNG (pypdfium2, which pdfplumber already needs), or None; the first
    place the evidence text ``find`` is printed is marked."""
    try:
        import pypdfium2 as pdfium
        from PIL import ImageDraw
    except ImportError:  # pragma: no cover - pdfplumber's dependencies
        return None
    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:  # the file moved, or is not a PDF any more
        return None
    try:
        if not 1 <= page <= len(pdf):
            return None
        pg = pdf[page - 1]
        scale = dpi / 72
        image = pg.render(scale=scale).to_pil().convert("RGB")
        height = pg.get_size()[1]
        rects: list[tuple[float, float, float, float]] = []
        if find:
            text = pg.get_textpage()
            for needle in _needles(find):
                hit = text.search(needle, match_case=False).get_next()
                if hit:
                    idx, count = hit
                    rects = [text.get_rect(i) for i in range(text.count_rects(idx, count))]
                    break
        draw = ImageDraw.Draw(image, "RGBA")
        for left, bottom, right, top in rects:
            box = (left * scale - 2, (height - top) * scale - 2,
                   right * scale + 2, (height - bottom) * scale + 2)  # fmt: skip
            draw.rectangle(box, fill=(255, 230, 0, 90), outline=(200, 0, 0, 255), width=2)
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        return buf.getvalue()
    finally:
        pdf.close()


# ── templates ─────────────────────────────────────────────────────────────

BASE = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<title>{% block title %}审核台{% endblock %} · extractor</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1.2em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;
vertical-align:top}th{background:#f3f3f3}.error{color:#b00020}.warning{color:#a15c00}
.info{color:#555}form.inline{display:inline}.ev{color:#555;font-size:.9em}
nav a{margin-right:1em}.status-dismissed{opacity:.6}
</style></head><body>
<nav><a href="/">运行总览</a><a href="/export.csv">导出工作底稿</a></nav>
{% block body %}{% endblock %}</body></html>"""

RUN = """{% extends "base" %}{% block title %}运行总览{% endblock %}{% block body %}
<h1>{{ out }}</h1>
<p id="totals">{{ entries|length }} 份报告；错误 {{ totals.error }}，警告 {{ totals.warning }}，
提示 {{ totals.info }}；已审 {{ decided }}</p>
<form id="filters" method="get" action="/">
<label>代码 <input name="code" value="{{ f.code }}" size="6"></label>
<label>级别 <select name="severity"><option value="">全部</option>
{% for s in severities %}<option value="{{ s }}" {% if f.severity == s %}selected{% endif %}>{{ s }}</option>{% endfor %}
</select></label>
<label>类型 <select name="kind"><option value="">全部</option>
{% for k in kinds %}<option value="{{ k }}" {% if f.kind == k %}selected{% endif %}>{{ k }}</option>{% endfor %}
</select></label>
<label>审核 <select name="status"><option value="">全部</option>
{% for s in statuses %}<option value="{{ s }}" {% if f.status == s %}selected{% endif %}>{{ words[s] }}</option>{% endfor %}
</select></label>
<label>搜索 <input name="q" value="{{ f.q }}"></label>
<label>排序 <select name="sort">{% for s in sorts %}<option value="{{ s }}" {% if f.sort == s %}selected{% endif %}>{{ s }}</option>{% endfor %}</select></label>
<button id="apply" type="submit">筛选</button></form>
<table id="reports"><tr><th>文件</th><th>类型</th><th>错误</th><th>警告</th><th>提示</th><th>筛出</th></tr>
{% for e, found in rows %}<tr class="report"><td><a href="/report/{{ e.n }}">{{ e.path }}</a></td>
<td>{{ e.kind }}</td><td class="error">{{ e.count("error") }}</td><td class="warning">{{ e.count("warning") }}</td>
<td class="info">{{ e.count("info") }}</td><td>{{ found|length }}</td></tr>{% endfor %}
</table>{% endblock %}"""

REPORT = """{% extends "base" %}{% block title %}{{ e.path }}{% endblock %}{% block body %}
<h1>{{ e.path }}</h1>
<p>类型 {{ e.kind }} · 格式 {{ e.fmt }}{% if meta.unit_name %} · {{ meta.unit_name }}{% endif %}
{% if meta.year %} · {{ meta.year }}{% endif %}</p>
<h2>发现（{{ e.findings|length }}）</h2>
<table id="findings"><tr><th>代码</th><th>级别</th><th>说明</th><th>证据</th><th>审核</th></tr>
{% for fnd in e.findings %}{% set d = decisions.get(fnd.id) %}
<tr class="finding status-{{ d.status if d else 'open' }}" id="f-{{ fnd.id }}">
<td>{{ fnd.code }}</td><td class="{{ fnd.severity }}">{{ fnd.severity }}</td>
<td>{{ fnd.message }}{% if fnd.expected is not none %}<div class="ev">应为 {{ fnd.expected }} · 实为 {{ fnd.actual }}{% if fnd.difference %} · 相差 {{ fnd.difference }}{% endif %}</div>{% endif %}</td>
<td class="ev">{% for ev in fnd.evidence %}{% if ev.page %}{% if is_pdf %}<a class="page" href="/page/{{ e.n }}/{{ ev.page }}.png?find={{ ev.text|urlencode }}" target="_blank">第{{ ev.page }}页</a>{% else %}第{{ ev.page }}页{% endif %} {% endif %}{{ ev.text }}<br>{% endfor %}</td>
<td><span class="decision">{{ words[d.status] if d else words['open'] }}</span>{% if d and d.note %}：{{ d.note }}{% endif %}
<form class="decide" method="post" action="/decide">
<input type="hidden" name="id" value="{{ fnd.id }}"><input type="hidden" name="next" value="/report/{{ e.n }}#f-{{ fnd.id }}">
<select name="status">{% for s in statuses %}<option value="{{ s }}" {% if (d.status if d else 'open') == s %}selected{% endif %}>{{ words[s] }}</option>{% endfor %}</select>
<input name="note" placeholder="理由" value="{{ d.note if d else '' }}"><button type="submit">保存</button></form></td></tr>
{% endfor %}</table>
{% if statements %}<h2>读出的报表</h2>{% for st in statements %}<h3>{{ st.schema_id }} · {{ st.title }}</h3>
<table><tr><th>行</th>{% for c in st.columns %}<th>{{ c.header }}</th>{% endfor %}</tr>
{% for r in st.rows[:40] %}<tr><td>{{ r.code or '' }} {{ r.label }}</td>{% for c in st.columns %}<td>{{ (r.cells.get(c.key) or {}).get('raw', '') }}</td>{% endfor %}</tr>{% endfor %}
</table>{% endfor %}{% endif %}
{% if score_rows %}<h2>评分表</h2><table><tr><th>一级</th><th>二级</th><th>三级</th><th>分值</th><th>得分</th></tr>
{% for r in score_rows %}<tr><td>{{ r.level1 or '' }}</td><td>{{ r.level2 or '' }}</td><td>{{ r.level3 or '' }}</td><td>{{ r.max or '' }}</td><td>{{ r.score or '' }}</td></tr>{% endfor %}
</table>{% endif %}{% endblock %}"""


@functools.cache
def templates() -> Environment:
    env = Environment(
        loader=DictLoader({"base": BASE, "run": RUN, "report": REPORT}),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    return env


# ── the application ──────────────────────────────────────────────────────


def create_app(out: Path, reviewer: str = ""):
    """The Flask application over one scan's ``OUT``."""
    from flask import Flask

    bench = Workbench(Path(out), reviewer)
    app = Flask("extractor.workbench")
    review.connect(bench.out).close()  # created and migrated before the first request
    _add_pages(app, bench)
    _add_decide(app, bench)
    _add_downloads(app, bench)
    return app


class Workbench:
    """What the pages of one application share: the run's reports, read again on /reload."""

    def __init__(self, out: Path, reviewer: str):
        self.out, self.reviewer = out, reviewer
        self.entries: list[Entry] = read_run(out)

    def reload(self) -> None:
        self.entries = read_run(self.out)

    def page(self, name: str, **ctx: Any) -> str:
        return (
            templates()
            .get_template(name)
            .render(words=review.STATUS_WORDS, statuses=review.STATUSES, **ctx)
        )


def _add_pages(app: Any, bench: Workbench) -> None:
    """``/`` the run, ``/report/<n>`` one report, ``/reload`` after a rescan."""
    from flask import abort, redirect, request

    out = bench.out

    @app.get("/")
    def run() -> str:
        entries = bench.entries
        decisions = review.load(out)
        f = {k: request.args.get(k, "") for k in ("code", "severity", "kind", "status", "q")}
        f["sort"] = request.args.get("sort", "errors")
        rows = select(entries, decisions, **f)
        totals = Counter(fnd.get("severity") for e in entries for fnd in e.findings)
        return bench.page(
            "run",
            out=str(out),
            entries=entries,
            rows=rows,
            f=f,
            totals={s: totals.get(s, 0) for s in SEVERITIES},
            decided=len(decisions),
            severities=SEVERITIES,
            kinds=sorted({e.kind for e in entries}),
            sorts=("errors", "findings", "path", "kind"),
        )

    @app.get("/report/<int:n>")
    def report(n: int) -> str:
        if not 0 <= n < len(bench.entries):
            abort(404)
        e = bench.entries[n]
        return bench.page(
            "report",
            e=e,
            meta=e.report.get("meta") or {},
            statements=e.report.get("statements") or [],
            score_rows=e.report.get("score_rows") or [],
            decisions=review.load(out),
            is_pdf=e.fmt == "pdf",
        )

    @app.get("/reload")
    def reload() -> Any:  # after a rescan into the same OUT
        bench.reload()
        return redirect("/")


def _add_decide(app: Any, bench: Workbench) -> None:
    """``POST /decide``: one auditor's decision on one finding of this scan."""
    from flask import Response, redirect, request

    @app.post("/decide")
    def decide() -> Any:
        try:
            d = review.Decision.make(
                request.form.get("id", ""),
                request.form.get("status", ""),
                request.form.get("note", ""),
                bench.reviewer or review.default_reviewer(),
            )
        except review.ReviewError as exc:
            return Response(str(exc), status=400, mimetype="text/plain")
        known = {str(f.get("id")) for e in bench.entries for f in e.findings}
        if d.id not in known:
            return Response(f"finding {d.id}: not in this scan", status=404, mimetype="text/plain")
        review.append(bench.out, [d])
        nxt = request.form.get("next", "/")
        return redirect(nxt if nxt.startswith("/") and not nxt.startswith("//") else "/")


def _add_downloads(app: Any, bench: Workbench) -> None:
    """``/export.csv`` the working paper, ``/page/<n>/<page>.png`` a PDF page."""
    from flask import Response, abort, request

    @app.get("/export.csv")
    def export() -> Any:
        text = working_paper(bench.entries, review.load(bench.out))
        return Response(
            text.encode("utf-8"),
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=working-paper.csv"},
        )

    @app.get("/page/<int:n>/<int:pg>.png")
    def page_image(n: int, pg: int) -> Any:
        entries = bench.entries
        if not 0 <= n < len(entries) or entries[n].fmt != "pdf":
            abort(404)
        png = render_page(entries[n].path, pg, request.args.get("find", "")[:200])
        if png is None:
            abort(404)
        return Response(png, mimetype="image/png")


def serve(out: Path, host: str, port: int, browser: bool) -> None:
    """Serve the workbench until Ctrl-C (werkzeug's server: one auditor, one machine)."""
    from werkzeug.serving import make_server

    server = make_server(host, port, create_app(out), threaded=True)
    url = f"http://{host}:{server.server_port}/"
    print(f"review: {out} at {url} (Ctrl-C to stop)", flush=True)
    if browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
