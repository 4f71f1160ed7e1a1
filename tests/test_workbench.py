"""The auditor's workbench (issue 16): review a scan in a local web page, keep decisions in
OUT/review.sqlite across rescans, export them in the working paper.

The flow is tested twice: through Flask's test client (fast, every branch) and end to end
in headless Chromium driven by Selenium with Debian's chromium-driver (open, filter, decide,
reload, rescan, export)."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from scan_helpers import ROOT, write

from extractor import review
from extractor.scan.runner import ScanOptions, scan
from extractor.workbench import create_app

REAL = ROOT / "corpus" / "real"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    """A scan of three real documents with findings (errors, warnings and infos)."""
    root = tmp_path_factory.mktemp("in")
    for name in ("fa06.txt", "bu08.pdf", "ot02.pdf"):
        shutil.copy(REAL / name, root / name)
    write(root / "seed.txt", (ROOT / "corpus" / "seed.txt").read_bytes())
    out = tmp_path_factory.mktemp("out")
    scan(ScanOptions(roots=[root], out=out, workers=2), tty=False)
    return out


def _finding(out: Path, code: str) -> tuple[int, dict]:
    from extractor.workbench import read_run

    for e in read_run(out):
        for f in e.findings:
            if f["code"] == code:
                return e.n, f
    raise AssertionError(f"no {code} in the scan")


def test_pages_filters_and_a_decision_kept_in_sqlite(scanned: Path):
    out = scanned
    client = create_app(out, reviewer="审计员甲").test_client()
    home = client.get("/").get_data(as_text=True)
    assert "fa06.txt" in home and "bu08.pdf" in home
    # a filter by code keeps only the reports with such a finding
    only = client.get("/?code=NR11").get_data(as_text=True)
    assert "fa06.txt" in only and "bu08.pdf" not in only
    n, f = _finding(out, "NR11")
    page = client.get(f"/report/{n}").get_data(as_text=True)
    assert f["id"] in page and "收入总计" in page
    r = client.post(
        "/decide", data={"id": f["id"], "status": "confirmed", "note": "已核对原文", "next": "/"}
    )
    assert r.status_code == 302
    with sqlite3.connect(review.db_path(out)) as db:
        row = db.execute(
            "SELECT status, note, by FROM decision WHERE id = ?", (f["id"],)
        ).fetchone()
        assert row == ("confirmed", "已核对原文", "审计员甲")
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(review.MIGRATIONS)
    assert client.get("/?status=confirmed").get_data(as_text=True).count('class="report"') == 1
    # the working paper carries the decision; a note cannot start a formula
    client.post("/decide", data={"id": f["id"], "status": "dismissed", "note": "=HYPERLINK(1)"})
    paper = client.get("/export.csv").get_data(as_text=True)
    assert paper.startswith("\ufeff")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(paper.lstrip("\ufeff")))}
    assert rows[f["id"]]["review"] == "dismissed"
    assert rows[f["id"]]["review_note"] == "'=HYPERLINK(1)"
    assert [d.status for d in review.history(out, f["id"])] == ["confirmed", "dismissed"]
    # unknown ids and statuses are refused; the page escapes what a document says
    assert client.post("/decide", data={"id": "NR11-0", "status": "confirmed"}).status_code == 404
    assert client.post("/decide", data={"id": f["id"], "status": "maybe"}).status_code == 400
    assert client.post("/decide", data={"id": f["id"], "status": "open"}).status_code == 302


def test_a_pdf_page_is_rendered_for_its_evidence(scanned: Path):
    client = create_app(scanned).test_client()
    n, f = _finding(scanned, "NR05")  # bu08.pdf
    page = f["evidence"][0]["page"]
    html = client.get(f"/report/{n}").get_data(as_text=True)
    assert f"/page/{n}/{page}.png" in html
    png = client.get(f"/page/{n}/{page}.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert client.get(f"/page/{n}/999.png").status_code == 404
    # the evidence is marked where the page prints it: red outline pixels appear
    from PIL import Image

    marked = client.get(f"/page/{n}/{page}.png", query_string={"find": f["evidence"][0]["text"]})
    plain_img = Image.open(io.BytesIO(png.data)).convert("RGB")
    marked_img = Image.open(io.BytesIO(marked.data)).convert("RGB")
    assert plain_img.size == marked_img.size

    def red(img):
        r, g, b = (
            band.point(lambda v, t=t: 255 if t(v) else 0)
            for band, t in zip(
                img.split(), (lambda v: v > 180, lambda v: v < 40, lambda v: v < 40), strict=True
            )
        )
        from PIL import ImageChops

        both = ImageChops.multiply(ImageChops.multiply(r, g), b)
        return both.histogram()[255]

    assert red(marked_img) > red(plain_img) + 50


def test_decisions_survive_a_fresh_rescan(scanned: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(scanned, out)
    _, f = _finding(out, "NR11")
    create_app(out).test_client().post("/decide", data={"id": f["id"], "status": "follow-up"})
    from extractor.workbench import read_run

    roots = sorted({Path(e.path).parent for e in read_run(out)})
    scan(ScanOptions(roots=roots, out=out, workers=2, fresh=True), tty=False)
    _, again = _finding(out, "NR11")
    assert again["id"] == f["id"]  # the same finding, the same id
    assert review.load(out)[f["id"]].status == "follow-up"


# ── in a real browser ─────────────────────────────────────────────────────

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None
)
DRIVER = shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Chromium and chromium-driver are not installed (Debian: apt-get install -y chromium "
    "chromium-driver); the workbench cannot be driven",
)


def _gone(element):
    """A wait condition: the element's page has been replaced.

    Chromium reports a node of a replaced page either as stale or, while the
    new page loads, as "Node with given id does not belong to the document";
    both mean the old page is gone.
    """
    from selenium.common.exceptions import WebDriverException

    def check(_driver) -> bool:
        try:
            element.is_enabled()
        except WebDriverException:
            return True
        return False

    return check


@needs_browser
def test_the_review_flow_in_chromium(scanned: Path, tmp_path: Path):
    pytest.importorskip("selenium", reason="selenium is in the [dev] extra")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait
    from werkzeug.serving import make_server

    out = tmp_path / "out"
    shutil.copytree(scanned, out)
    server = make_server("127.0.0.1", 0, create_app(out, reviewer="审计员乙"), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=opts)
    try:
        from extractor.workbench import read_run

        driver.get(base + "/")
        reports = driver.find_elements(By.CSS_SELECTOR, "tr.report")
        assert len(reports) == len(read_run(out)) >= 3
        # filter: errors only, by code
        driver.find_element(By.NAME, "code").send_keys("NR11")
        page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.ID, "apply").click()
        # the new page, not the old one whose URL already changed (its rows go stale)
        WebDriverWait(driver, 20).until(_gone(page))
        WebDriverWait(driver, 20).until(expected_conditions.url_contains("code=NR11"))
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.report")
        assert len(rows) == 1 and "fa06.txt" in rows[0].text
        page = driver.find_element(By.TAG_NAME, "html")
        rows[0].find_element(By.TAG_NAME, "a").click()
        WebDriverWait(driver, 20).until(_gone(page))
        WebDriverWait(driver, 20).until(expected_conditions.url_contains("/report/"))
        finding = next(
            r for r in driver.find_elements(By.CSS_SELECTOR, "tr.finding") if "NR11" in r.text
        )
        fid = finding.get_attribute("id").removeprefix("f-")
        Select(finding.find_element(By.NAME, "status")).select_by_value("dismissed")
        finding.find_element(By.NAME, "note").send_keys("口径不同，非差错")
        finding.find_element(By.CSS_SELECTOR, "form.decide button").click()
        WebDriverWait(driver, 20).until(_gone(finding))
        # reload: the decision is there, from the database
        driver.refresh()
        WebDriverWait(driver, 20).until(lambda d: "误报" in d.find_element(By.ID, f"f-{fid}").text)
        row = driver.find_element(By.ID, f"f-{fid}")
        assert "误报" in row.find_element(By.CLASS_NAME, "decision").text
        assert "status-dismissed" in row.get_attribute("class")
        driver.get(base + "/?status=dismissed")
        assert len(driver.find_elements(By.CSS_SELECTOR, "tr.report")) == 1
        # a --fresh rescan into the same OUT: same ids, the decision still there
        roots = sorted({Path(e.path).parent for e in read_run(out)})
        scan(ScanOptions(roots=roots, out=out, workers=2, fresh=True), tty=False)
        driver.get(base + "/reload")
        driver.get(base + "/?status=dismissed")
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.report")
        assert len(rows) == 1 and "fa06.txt" in rows[0].text
    finally:
        driver.quit()
        server.shutdown()
    paper = create_app(out).test_client().get("/export.csv").get_data(as_text=True)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(paper.lstrip("\ufeff")))}
    assert rows[fid]["review"] == "dismissed" and rows[fid]["reviewed_by"] == "审计员乙"
