"""Review decisions kept across rescans, and the CLI conventions of issue 16.

A scan of two seed copies → decide on findings (``extractor review set``, and a
decisions.json as summary.html exports it) → rescan with ``--fresh`` → the same
finding ids, the decisions in findings.csv, the page and the working paper.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from scan_helpers import SEED, reports_folder, run_cli

from extractor import review


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("review")
    root = reports_folder(tmp / "in", 2)
    out = tmp / "out"
    proc = run_cli("scan", str(root), "--out", str(out), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    return root, out


def _findings(out: Path) -> list[dict[str, str]]:
    text = (out / "findings.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_decisions_survive_a_fresh_rescan_with_the_same_ids(scanned, tmp_path: Path):
    root, out = scanned
    before = _findings(out)
    assert before and all(f["id"] for f in before)
    assert len({f["id"] for f in before}) == len(before)  # ids are unique within a scan
    first, second = before[0]["id"], before[1]["id"]
    proc = run_cli(
        "review",
        "set",
        str(out),
        first,
        "--status",
        "dismissed",
        "--note",
        "模板空项",
        "--by",
        "李",
    )
    assert proc.returncode == 0, proc.stderr
    exported = tmp_path / "decisions.json"
    exported.write_text(
        json.dumps(
            {"decisions": [{"id": second, "status": "follow-up", "note": "问单位", "by": "王"}]}
        ),
        encoding="utf-8",
    )
    proc = run_cli("review", "import", str(out), str(exported))
    assert proc.returncode == 0, proc.stderr

    proc = run_cli("scan", str(root), "--out", str(out), "--workers", "1", "--fresh")
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("findings: ") and "(reviewed: 1 dismissed, 1 follow-up)" in last
    assert last.endswith(str((out / "summary.html").resolve()))

    after = _findings(out)
    assert [f["id"] for f in after] == [f["id"] for f in before]
    by_id = {f["id"]: f for f in after}
    assert (by_id[first]["review"], by_id[first]["review_note"], by_id[first]["reviewed_by"]) == (
        "dismissed",
        "模板空项",
        "李",
    )
    assert by_id[second]["review"] == "follow-up"
    assert sum(1 for f in after if f["review"]) == 2
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert f'data-id="{first}" data-code=' in page and 'data-review="dismissed"' in page

    proc = run_cli("review", "export", str(out))
    assert proc.returncode == 0, proc.stderr
    paper = list(csv.DictReader(io.StringIO(proc.stdout.lstrip("\ufeff"))))
    assert len(paper) == len(after)
    assert {r["id"]: r["review"] for r in paper}[second] == "follow-up"

    # taking a decision back
    proc = run_cli("review", "set", str(out), second, "--status", "open")
    assert proc.returncode == 0, proc.stderr
    assert second not in review.load(out) and first in review.load(out)


def test_review_set_refuses_unknown_ids_and_states(scanned):
    _, out = scanned
    proc = run_cli("review", "set", str(out), "NOPE", "--status", "confirmed")
    assert proc.returncode == 2 and "no finding with id NOPE" in proc.stderr
    fid = _findings(out)[0]["id"]
    proc = run_cli("review", "set", str(out), fid, "--status", "maybe")
    assert proc.returncode == 2 and "unknown status 'maybe'" in proc.stderr


def test_a_damaged_review_line_is_skipped(tmp_path: Path):
    review.append(tmp_path, [review.Decision.make("a", "confirmed")])
    with review.review_path(tmp_path).open("a", encoding="utf-8") as fh:
        fh.write('{"id": "b", "status": "conf')  # a crash mid-append
    assert set(review.load(tmp_path)) == {"a"}
    with pytest.raises(review.ReviewError, match="not JSON"):
        review.parse_export("{", "x.json")


def test_unknown_rule_code_is_an_error_naming_the_valid_ones():
    proc = run_cli("check", str(SEED), "--select", "SC01,XX99")
    assert proc.returncode == 2
    assert "--select XX99: no rule has this code or name" in proc.stderr
    assert "SC01" in proc.stderr and "FN90" in proc.stderr
    proc = run_cli("check", str(SEED), "--ignore", "scoring.nonsense")
    assert proc.returncode == 2 and "--ignore scoring.nonsense" in proc.stderr
    proc = run_cli("check", str(SEED), "--select", "SC,FN90,scoring", "--format", "findings")
    assert proc.returncode in (0, 1), proc.stderr  # prefixes, emitted codes and names are fine


def test_version():
    from extractor import __version__

    proc = run_cli("--version")
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_check_json_with_several_files_is_one_array_and_jsonl_one_per_line():
    seed_docx = SEED.with_suffix(".docx")
    proc = run_cli("check", str(SEED), str(seed_docx), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    reports = json.loads(proc.stdout)
    assert isinstance(reports, list) and len(reports) == 2
    assert all(r["findings"] and all(f["id"] for f in r["findings"]) for r in reports)
    proc = run_cli("check", str(SEED), "--format", "json")
    assert isinstance(json.loads(proc.stdout), dict)  # one file: the Report itself, as before
    proc = run_cli("check", str(SEED), str(seed_docx), "--format", "jsonl")
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(x)["source"] for x in lines)


def test_check_prints_no_page_for_formats_without_pages():
    proc = run_cli("check", str(SEED.with_suffix(".docx")))
    assert "块" in proc.stdout and "第1页" not in proc.stdout


def test_figures_csv_has_a_bom_and_inert_cells():
    proc = run_cli("figures", str(SEED), "--csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("\ufefffile,block,page")
    for row in csv.reader(io.StringIO(proc.stdout.lstrip("\ufeff"))):
        for cell in row:
            assert (
                not cell or cell[0] not in "=@\t\r" or cell.lstrip("+-").replace(".", "").isdigit()
            )


def test_a_baseline_keeps_dismissed_findings_out_of_the_counts(tmp_path):
    """issue 16: `scan --baseline` (another scan's OUT, or decisions.json) — a false alarm
    dismissed once is counted as suppressed, not as an error, in the next scan."""
    import json
    import shutil

    from scan_helpers import ROOT, run_cli

    from extractor import review

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "corpus" / "real" / "fa06.txt", folder / "fa06.txt")
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_cli("scan", str(folder), "--out", str(first)).returncode == 0
    report = json.loads((first / "reports.jsonl").read_text(encoding="utf-8").splitlines()[0])
    err = next(f for f in report["findings"] if f["severity"] == "error")
    review.append(first, [review.Decision.make(err["id"], "dismissed", "口径不同")])
    errors = sum(f["severity"] == "error" for f in report["findings"])

    done = run_cli("scan", str(folder), "--out", str(second), "--baseline", str(first))
    assert done.returncode == 0, done.stderr
    assert "baseline: 1 decision(s)" in done.stderr
    manifest = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["suppressed"]["error"] == 1
    assert f"findings: {errors - 1} error" in done.stdout
    assert "1 more suppressed as false alarms" in done.stdout
    assert review.load(second)[err["id"]].status == "dismissed"
    bad = run_cli(
        "scan", str(folder), "--out", str(second), "--baseline", str(tmp_path / "no.json")
    )
    assert bad.returncode == 2 and "cannot read the baseline" in bad.stderr
