"""summary.html, checked in a real headless Chromium: what renders, and what the filters leave.

The page is loaded with ``--dump-dom`` after its script ran (``--virtual-time-budget``);
filters are driven through the URL fragment the page reads (``#severity=error``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from scan_helpers import reports_folder, write

from extractor import review
from extractor.model import Source
from extractor.report import Evidence, Finding, Meta, Report, ScoreTotal
from extractor.scan import outputs
from extractor.scan.manifest import manifest_document

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install -y chromium); the page cannot be rendered",
)


def render_dom(page: Path, fragment: str = "", profile: Path | None = None) -> str:
    """The page's DOM after its script ran; ``profile`` keeps localStorage between two loads."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as tmp_profile:
        if profile is None:
            profile = Path(tmp_profile)
        proc = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=5000",
                "--dump-dom",
                page.resolve().as_uri() + fragment,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "</html>" in proc.stdout
    return proc.stdout


class Dom(HTMLParser):
    """The few things the tests look at: file blocks, finding rows, chart bars, the status line."""

    def __init__(self, text: str):
        super().__init__()
        self.files: list[dict] = []
        self.findings: list[dict] = []
        self.bars: list[dict] = []
        self.problems: list[str] = []
        self.status = ""
        self._in_status = False
        self._in_problem_path = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "tbody" and "file" in cls:
            self.files.append({"path": a["data-path"], "hidden": "hidden" in cls})
        elif tag == "tr" and "finding" in cls:
            self.findings.append(
                {
                    "id": a["data-id"],
                    "review": a["data-review"],
                    "code": a["data-code"],
                    "severity": a["data-severity"],
                    "hidden": "hidden" in cls,
                    "file": self.files[-1]["path"],
                }
            )
        elif tag == "rect" and "bar" in cls:
            self.bars.append({"bin": int(a["data-bin"]), "count": int(a["data-count"])})
        elif a.get("id") == "filter-status":
            self._in_status = True
        elif tag == "tr" and "problem" in cls:
            self._in_problem_path = True

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_status = False

    def handle_data(self, data):
        if self._in_status:
            self.status += data
        if self._in_problem_path:
            self.problems.append(data)
            self._in_problem_path = False

    def visible(self, what: str) -> list[dict]:
        return [x for x in getattr(self, what) if not x["hidden"]]


def _finding(code: str, severity: str, expected: str, actual: str, text: str) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        message=f"{code} message",
        expected=expected,
        actual=actual,
        difference=str(Decimal(actual) - Decimal(expected)),
        tolerance="0.005",
        evidence=[Evidence(block=7, page=2, text=text)],
        id=f"{code}-{expected}-{actual}",
        name=f"rule.{code.lower()}",
    )


def _report(name: str, score: str | None, findings: list[Finding], fmt: str = "txt") -> Report:
    return Report(
        source=Source(path=name, format=fmt, sha256=name.encode().hex().ljust(64, "0")[:64]),
        kind="overall",
        meta=Meta(department=f"{name} 局", grade="优秀" if score else None),
        score_total=ScoreTotal(stated=Decimal(score) if score else None),
        findings=findings,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """A page over four reports with known findings and scores."""
    reports = [
        _report("a 报告.txt", "92.5", [_finding("SC01", "error", "100", "98", "总分 98")]),
        _report(
            "b 报告.txt",
            "78",
            [
                _finding("FN02", "error", "200.13", "200.12", "支出合计 200.13"),
                _finding("SC01", "error", "100", "97", "总分 97"),
                _finding("NR03", "warning", "1010", "1398", "其中 850 … 548"),
            ],
            fmt="pdf",
        ),
        _report(
            "c <script>.txt",
            "100",
            [
                _finding("FN90", "info", "200.13", "200.12", "收入合计"),
                _finding("NR03", "warning", "10", "12", "其中"),
            ],
        ),
        _report("d 报告.txt", None, []),
    ]
    by_sha = {r.source.sha256: r.to_dict() for r in reports}
    files = [
        {"path": r.source.path, "sha256": r.source.sha256, "status": "ok", "format": "txt"}
        for r in reports
    ]
    files.append(
        {
            "path": "e.png",
            "status": "skipped",
            "kind": "UnsupportedFormat",
            "problem": "is a PNG image, not a report",
            "fix": "nothing to do",
        }
    )
    files.append(
        {
            "path": "f 报告.txt",
            "sha256": reports[0].source.sha256,
            "status": "duplicate",
            "duplicate_of": "a 报告.txt",
        }
    )
    manifest = manifest_document(files, {}, {}, complete=True)
    out = tmp_path_factory.mktemp("page")
    review.append(
        out,
        [
            review.Decision.make("SC01-100-97", "confirmed", "总分 <b>算错</b>", "李审计"),
            review.Decision.make("NR03-10-12", "dismissed", "", "李审计"),
        ],
    )
    outputs.build(out, files, lambda sha: dict(by_sha[sha]), manifest)
    return out / "summary.html"


def test_page_is_self_contained(page: Path):
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<link" not in text and "@import" not in text and "url(" not in text
    assert "<script>.txt" not in text  # file names are escaped, never markup
    assert '<a href="#code=FN02">FN02</a>' in text  # the code table links to its filter


@needs_chromium
def test_files_are_ranked_by_errors_with_findings_numbers_and_chart(page: Path):
    dom_text = render_dom(page)
    dom = Dom(dom_text)
    assert [f["path"] for f in dom.files] == [
        "b 报告.txt",
        "a 报告.txt",
        "c <script>.txt",
        "d 报告.txt",
    ]
    assert all(not f["hidden"] for f in dom.files)
    assert len(dom.visible("findings")) == 6
    assert dom.status.strip() == "Showing 6 finding(s) in 4 file(s)"
    # the numbers and the evidence of a finding are on the page
    assert "200.13" in dom_text and "支出合计 200.13" in dom_text
    # a PDF's evidence links to its page; a text file has no pages, so none is claimed
    assert re.search(
        r'<a class="page" href="[^"]*b%20%E6%8A%A5%E5%91%8A\.txt#page=2">page 2</a>', dom_text
    )
    assert "block 7</span> 总分 98" in dom_text
    # chart: 20 bins; 92.5 → [90,95), 78 → [75,80), 100 → [95,100]; the unscored report is not drawn
    assert len(dom.bars) == 20
    assert {b["bin"]: b["count"] for b in dom.bars if b["count"]} == {90: 1, 75: 1, 95: 1}
    assert dom.problems == ["e.png"]
    assert "f 报告.txt" in dom_text  # duplicates listed


@needs_chromium
def test_severity_filter_from_the_url_hides_other_findings_and_empty_files(page: Path):
    dom = Dom(render_dom(page, "#severity=error"))
    assert {(f["file"], f["code"]) for f in dom.visible("findings")} == {
        ("a 报告.txt", "SC01"),
        ("b 报告.txt", "FN02"),
        ("b 报告.txt", "SC01"),
    }
    assert [f["path"] for f in dom.visible("files")] == ["b 报告.txt", "a 报告.txt"]
    assert dom.status.strip() == "Showing 3 finding(s) in 2 file(s)"


@needs_chromium
def test_code_filter_combined_with_severity(page: Path):
    dom = Dom(render_dom(page, "#code=NR03,FN90&severity=warning"))
    assert {(f["file"], f["code"]) for f in dom.visible("findings")} == {
        ("b 报告.txt", "NR03"),
        ("c <script>.txt", "NR03"),
    }
    assert [f["path"] for f in dom.visible("files")] == ["b 报告.txt", "c <script>.txt"]


@needs_chromium
def test_page_of_a_real_scan_renders_every_file(tmp_path: Path):
    from extractor.scan.runner import ScanOptions, scan

    root = reports_folder(tmp_path / "in", 3)
    write(root / "notes.txt", "明天开会。".encode())
    scan(ScanOptions(roots=[root], out=tmp_path / "out", workers=2), tty=False)
    dom = Dom(render_dom(tmp_path / "out" / "summary.html"))
    assert sorted(Path(f["path"]).name for f in dom.files) == [
        "report_000.txt",
        "report_001.txt",
        "report_002.txt",
    ]
    assert [Path(p).name for p in dom.problems] == ["notes.txt"]
    assert dom.status.startswith("Showing ")


def test_page_shows_rule_names_ids_and_decisions_escaped(page: Path):
    text = page.read_text(encoding="utf-8")
    dom = Dom(text)
    assert {f["id"] for f in dom.findings} >= {"SC01-100-97", "FN02-200.13-200.12"}
    reviews = {f["id"]: f["review"] for f in dom.findings}
    assert reviews["SC01-100-97"] == "confirmed" and reviews["NR03-10-12"] == "dismissed"
    assert reviews["FN02-200.13-200.12"] == "open"
    assert "总分 &lt;b&gt;算错&lt;/b&gt;" in text and "<b>算错" not in text  # the note is escaped
    from extractor.rules import all_rules

    sc01 = next(r for r in all_rules() if r.code == "SC01")
    assert sc01.name in text and sc01.summary.replace("'", "&#39;") in text
    assert "reviewed: 2." in text


def test_template_escapes_every_interpolation():
    """Every string a document, the file system or a reviewer gives is escaped wherever the
    page's templates put it: text, attribute values, links, the title."""
    from extractor.scan import html

    bad = '"><img src=x onerror=alert(1)></script><script>alert(2)</script> {0} {x} {{ 7*7 }}'
    finding = {k: bad for k in ("id", "code", "severity", "message", "name", "basis")}
    finding |= {k: bad for k in ("expected", "actual", "difference", "tolerance")}
    finding["evidence"] = [{"block": bad, "page": bad, "text": bad}]
    summary = html.Summary(decisions={bad: review.Decision.make(bad, "confirmed", bad, bad, bad)})
    report = {"source": {"format": "pdf"}, "findings": [finding], "score_total": {"stated": 50}}
    row = {"errors": 1, "warnings": 0, "infos": 0, "format": bad, "kind": bad, "grade": bad}
    summary.add_report(bad, report, {**row, "department": bad})
    summary.add_problem({k: bad for k in ("path", "status", "kind", "problem", "fix")})
    summary.add_duplicate({"path": bad, "duplicate_of": bad, "sha256": bad})
    summary.add_pending({"path": bad, "status": "pending"})
    versions = {"extractor": bad, "schema_version": bad, "patterns": bad}
    manifest = {"complete": False, "counts": {bad: bad}, "versions": versions}
    out = html.render(summary, manifest, title=bad)
    assert "<img" not in out
    assert out.count("<script") == 1  # the page's own script, no other
    escaped = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;"
    assert out.count(escaped) >= 45  # every field above, most in several places (50 in all)
    for place in ("<title>", 'data-path="', 'data-id="', 'value="', "#page=", ">page "):
        assert place + escaped in out, place  # text, attribute values, the evidence's link
    assert out.count("{0} {x} {{ 7*7 }}") == out.count(escaped)  # values are text, not templates


@needs_chromium
def test_review_and_search_filters_and_sort_from_the_url(page: Path):
    dom = Dom(render_dom(page, "#review=open"))
    assert "SC01-100-97" not in {f["id"] for f in dom.visible("findings")}
    assert len(dom.visible("findings")) == 4
    dom = Dom(render_dom(page, "#review=confirmed,dismissed"))
    assert {f["id"] for f in dom.visible("findings")} == {"SC01-100-97", "NR03-10-12"}
    dom = Dom(render_dom(page, "#q=%E6%94%AF%E5%87%BA%E5%90%88%E8%AE%A1"))  # 支出合计
    assert [(f["file"], f["code"]) for f in dom.visible("findings")] == [("b 报告.txt", "FN02")]
    dom = Dom(render_dom(page, "#sort=path"))
    assert [f["path"] for f in dom.files] == [
        "a 报告.txt",
        "b 报告.txt",
        "c <script>.txt",
        "d 报告.txt",
    ]
    dom = Dom(render_dom(page, "#sort=score-asc"))
    assert [f["path"] for f in dom.files] == [
        "b 报告.txt",
        "a 报告.txt",
        "c <script>.txt",
        "d 报告.txt",
    ]


DECIDE = """<script>
(function(){
  var tr=document.querySelector('tr.finding[data-id="FN02-200.13-200.12"]');
  document.getElementById('reviewer').value='张审计';
  var sel=tr.querySelector('select.review-status'); sel.value='confirmed';
  tr.querySelector('input.review-note').value='复核=错';
  sel.dispatchEvent(new Event('change'));
  URL.createObjectURL=function(blob){
    blob.text().then(function(t){var p=document.createElement('pre');p.id='exported';p.textContent=t;
      document.body.appendChild(p);});
    return 'about:blank';
  };
  HTMLAnchorElement.prototype.click=function(){};
  document.getElementById('export').click();
})();
</script></body>"""


@needs_chromium
def test_decide_in_the_page_reload_and_export(page: Path, tmp_path: Path):
    """The review flow in the browser: decide on a finding, export, reload: the decision stays."""
    import html as html_lib

    driven = tmp_path / "summary.html"
    driven.write_text(page.read_text(encoding="utf-8").replace("</body>", DECIDE), encoding="utf-8")
    profile = tmp_path / "profile"
    first = render_dom(driven, "#review=confirmed", profile=profile)
    dom = Dom(first)
    row = next(f for f in dom.findings if f["id"] == "FN02-200.13-200.12")
    assert row["review"] == "confirmed" and not row["hidden"]  # the filter follows the decision
    exported = json.loads(
        html_lib.unescape(re.search(r'<pre id="exported">(.*?)</pre>', first, re.S).group(1))
    )
    (d,) = exported["decisions"]
    assert (d["id"], d["status"], d["note"], d["by"]) == (
        "FN02-200.13-200.12",
        "confirmed",
        "复核=错",
        "张审计",
    )
    assert review.parse_export(json.dumps(exported))[0].status == "confirmed"
    # a reload of the untouched page in the same browser profile shows the decision again
    again = Dom(render_dom(page, "#review=confirmed", profile=profile))
    assert {f["id"] for f in again.visible("findings")} == {"SC01-100-97", "FN02-200.13-200.12"}


def test_source_links_are_relative_and_cannot_be_scripts(tmp_path: Path):
    from extractor.scan.html import source_href

    out = tmp_path / "out"
    assert (
        source_href(str(tmp_path / "in" / "报告 1.pdf"), out) == "../in/%E6%8A%A5%E5%91%8A%201.pdf"
    )
    assert source_href("javascript:alert(1)", None).startswith("file:///")
    assert ":" not in source_href("javascript:alert(1)", Path.cwd())  # a name, never a scheme
    hostile = source_href(str(tmp_path / 'a"><script>.pdf'), out)
    assert '"' not in hostile and "<" not in hostile


def test_histogram_notes_scores_outside_0_to_100():
    """A local variable named ``h`` (a bar's height) hid the escaping helper ``h``: a score
    outside 0–100 crashed the page with "float is not callable" (found by mypy)."""
    from decimal import Decimal

    from extractor.scan.html import histogram_svg

    svg = str(histogram_svg([Decimal("95"), Decimal("120"), Decimal("-3")]))
    assert "2 score(s) outside 0–100 not drawn." in svg
    assert svg.count('class="bar"') == 20
