"""`extractor scan` with the local engine: bad input, duplicates, crashes, timeouts, resume."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from scan_helpers import (
    HOOK,
    SEED,
    SEED_DOCX,
    by_path,
    journal_lines,
    read_outputs,
    reports_folder,
    run_cli,
    seed_variant,
    write,
)

from extractor.report import Report
from extractor.scan.manifest import ScanStateError
from extractor.scan.runner import ScanOptions, scan


def _scan(root: Path, out: Path, **kw) -> object:
    return scan(ScanOptions(roots=[root], out=out, workers=kw.pop("workers", 2), **kw), tty=False)


@pytest.fixture()
def messy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with reports and every kind of bad input the issue lists."""
    from openpyxl import Workbook

    root = tmp_path / "收件箱 2021"
    write(root / "中文 目录" / "报告 一.txt", seed_variant(2))
    shutil.copy(SEED_DOCX, root / "seed.docx")
    write(root / "copy of 报告.txt", seed_variant(0))  # duplicate of 报告 一.txt
    write(root / "sub" / "again.txt", seed_variant(0))  # and another
    write(
        root / "recipe.txt", "番茄炒蛋\n\n鸡蛋两个，番茄一个，盐少许。先炒蛋，再炒番茄。\n".encode()
    )
    write(root / "empty.docx", b"")
    write(root / "picture.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    write(root / "fake.docx", "不是压缩包".encode())
    write(root / "huge.txt", seed_variant(0) * 40)  # ~1.4 MB, over --max-size 1
    write(root / "secret 报告.txt", seed_variant(1))  # permission denied (hook, we are root)
    wb = Workbook()
    wb.active.append(["项目", "金额"])
    wb.save(root / "budget.xlsx")
    (root / "loop").symlink_to(".", target_is_directory=True)
    (root / "self").symlink_to(root / "self")
    os.mkfifo(root / "pipe")
    (root / "secret 报告.txt").chmod(0)
    monkeypatch.setenv(HOOK, "deny=secret")
    return root


def test_bad_input_is_listed_with_a_reason_and_never_stops_the_scan(messy: Path, tmp_path: Path):
    out = tmp_path / "out"
    summary = _scan(messy, out, max_size_mb=1)
    files = by_path(out)
    status = {
        Path(p).relative_to(messy).as_posix(): (f["status"], f.get("kind"))
        for p, f in files.items()
    }
    assert status == {
        "中文 目录/报告 一.txt": ("ok", None),
        "seed.docx": ("ok", None),
        "copy of 报告.txt": ("ok", None),  # first path of that content (sorted): read once
        "sub/again.txt": ("duplicate", None),
        "recipe.txt": ("skipped", "NotAReport"),
        "empty.docx": ("skipped", "EmptyFile"),
        "picture.png": ("skipped", "UnsupportedFormat"),
        "fake.docx": ("failed", "CorruptFile"),
        "huge.txt": ("skipped", "TooLarge"),
        "secret 报告.txt": ("failed", "PermissionDenied"),
        "budget.xlsx": ("skipped", "NotAReport"),  # a workbook is read (issue 13); no report terms
        "loop": ("skipped", "SymlinkLoop"),
        "self": ("skipped", "SymlinkLoop"),
        "pipe": ("skipped", "NotARegularFile"),
    }
    dup = files[str(messy / "sub" / "again.txt")]
    assert dup["duplicate_of"] == str(messy / "copy of 报告.txt")
    # errors.jsonl: every failed or skipped file, one line each, naming file, problem and fix
    errors = [
        json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {Path(e["path"]).name for e in errors} == {
        "recipe.txt",
        "empty.docx",
        "picture.png",
        "fake.docx",
        "huge.txt",
        "secret 报告.txt",
        "budget.xlsx",
        "loop",
        "self",
        "pipe",
    }
    for e in errors:
        assert e["message"].startswith(e["path"] + ": ") and " — " in e["message"]
    assert "--max-size" in next(e for e in errors if e["kind"] == "TooLarge")["fix"]
    assert (
        "0 distinct report term" in next(e for e in errors if e["kind"] == "NotAReport")["problem"]
    )
    # reports.jsonl: one valid Report per distinct content, with this scan's path
    lines = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    reports = [Report.model_validate_json(x) for x in lines]
    assert sorted(Path(r.source.path).name for r in reports) == [
        "copy of 报告.txt",
        "seed.docx",
        "报告 一.txt",
    ]
    assert summary.counts == {"duplicate": 1, "failed": 2, "ok": 3, "skipped": 8}


def test_chinese_path_with_spaces_is_read(tmp_path: Path):
    root = tmp_path / "部门 报告"
    write(root / "二〇二〇 年 自评 报告.txt", seed_variant(0))
    out = tmp_path / "输出 目录"
    _scan(root, out)
    (f,) = by_path(out).values()
    assert f["status"] == "ok" and f["format"] == "txt"
    (line,) = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert Report.model_validate_json(line).source.path.endswith("二〇二〇 年 自评 报告.txt")


def test_duplicates_are_read_once_and_listed(tmp_path: Path):
    root = tmp_path / "in"
    for name in ("a.txt", "b/a copy.txt", "c.txt"):
        write(root / name, seed_variant(0))
    write(root / "d.txt", seed_variant(1))
    out = tmp_path / "out"
    _scan(root, out)
    assert len(journal_lines(out)) == 2  # two distinct contents, two reads
    files = by_path(out)
    assert [f["status"] for f in files.values()] == ["ok", "duplicate", "duplicate", "ok"]
    assert {f.get("duplicate_of") for f in files.values()} == {None, str(root / "a.txt")}
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "b/a copy.txt" in html and 'id="duplicates"' in html


def test_second_run_reads_nothing_and_writes_the_same_outputs(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 4)
    out = tmp_path / "out"
    first = _scan(root, out)
    before = read_outputs(out)
    second = _scan(root, out)
    assert (first.processed, second.processed, second.reused) == (4, 0, 4)
    assert read_outputs(out) == before
    assert len(journal_lines(out)) == 4


def test_new_files_in_the_folder_are_read_on_the_next_run(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 2)
    out = tmp_path / "out"
    _scan(root, out)
    write(root / "late.txt", seed_variant(7))
    assert _scan(root, out).processed == 1
    assert len(by_path(out)) == 3


def test_crashing_workers_are_replaced_and_the_batch_goes_on(tmp_path: Path, monkeypatch):
    root = reports_folder(tmp_path / "in", 4)
    write(root / "EXIT_me.txt", seed_variant(10))
    write(root / "ABORT_me.txt", seed_variant(11))
    monkeypatch.setenv(HOOK, "exit=EXIT_:9;abort=ABORT_")
    out = tmp_path / "out"
    summary = _scan(root, out)
    files = {Path(p).name: f for p, f in by_path(out).items()}
    assert files["EXIT_me.txt"]["kind"] == "WorkerCrashed"
    assert "exit status 9" in files["EXIT_me.txt"]["problem"]
    assert files["ABORT_me.txt"]["kind"] == "WorkerCrashed"
    assert "SIGABRT" in files["ABORT_me.txt"]["problem"]
    assert [f["status"] for n, f in sorted(files.items()) if n.startswith("report")] == ["ok"] * 4
    assert summary.counts == {"failed": 2, "ok": 4}
    # the failures are recorded; --retry-failed reads them again (here: the hook is gone)
    monkeypatch.delenv(HOOK)
    assert _scan(root, out).processed == 0
    again = _scan(root, out, retry_failed=True)
    assert again.processed == 2 and again.counts == {"ok": 6}


def test_a_file_over_the_memory_ceiling_fails_and_the_batch_goes_on(tmp_path: Path, monkeypatch):
    """A worker may take --max-memory MB (issue 17); a file that needs more is a failed record
    that says so, and the next files are read."""
    root = reports_folder(tmp_path / "in", 2)
    write(root / "ALLOC_big.txt", seed_variant(30))
    monkeypatch.setenv(HOOK, "alloc=ALLOC_:2000")
    out = tmp_path / "out"
    summary = _scan(root, out, max_memory_mb=600)
    big = by_path(out)[str(root / "ALLOC_big.txt")]
    assert big["status"] == "failed" and big["kind"] == "MemoryError"
    assert "out of memory" in big["problem"]
    assert summary.counts == {"failed": 1, "ok": 2}


def test_a_file_that_hangs_times_out_and_the_batch_goes_on(tmp_path: Path, monkeypatch):
    root = reports_folder(tmp_path / "in", 3)
    write(root / "HANG.txt", seed_variant(20))
    monkeypatch.setenv(HOOK, "hang=HANG")
    out = tmp_path / "out"
    summary = _scan(root, out, timeout=8)
    hung = by_path(out)[str(root / "HANG.txt")]
    assert hung["status"] == "failed" and hung["kind"] == "Timeout"
    assert "--timeout of 8 s" in hung["problem"]
    assert summary.counts == {"failed": 1, "ok": 3}


def test_a_timed_out_worker_takes_what_it_started_with_it(tmp_path: Path, monkeypatch):
    """LibreOffice runs in its own session; a worker killed on timeout must not leave it behind."""
    root = reports_folder(tmp_path / "in", 1)
    write(root / "SPAWN.txt", seed_variant(21))
    pidfile = tmp_path / "child.pid"
    monkeypatch.setenv(HOOK, f"spawn=SPAWN:{pidfile}")
    summary = _scan(root, tmp_path / "out", timeout=6)
    assert summary.counts == {"failed": 1, "ok": 1}
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), f"the worker's child {pid} outlived it"


def _alive(pid: int) -> bool:
    try:
        with Path(f"/proc/{pid}/stat").open("rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # a zombie is dead
    except OSError:
        return False


def test_a_torn_journal_line_is_cut_and_that_file_read_again(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 3)
    out = tmp_path / "out"
    _scan(root, out)
    before = read_outputs(out)
    journal = out / ".scan" / "journal.jsonl"
    data = journal.read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    journal.write_bytes(
        data[: last + (len(data) - last) // 2]
    )  # power loss in the middle of a line
    again = _scan(root, out)
    assert again.processed == 1
    assert journal.read_bytes().endswith(b"\n")
    assert len(journal_lines(out)) == 3
    assert read_outputs(out) == before


def test_other_rules_or_versions_are_not_mixed_into_one_output(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 1)
    out = tmp_path / "out"
    _scan(root, out)
    with pytest.raises(ScanStateError, match="select differ"):
        _scan(root, out, select=["SC01"])
    assert _scan(root, out, select=["SC01"], fresh=True).processed == 1


def test_the_output_folder_inside_the_scanned_folder_is_not_scanned(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 2)
    out = root / "results"
    _scan(root, out)
    _scan(root, out)
    assert all("results" not in p for p in by_path(out))


def test_cli_writes_plain_log_lines_and_exits_2_when_a_file_failed(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 2)
    write(root / "broken.docx", b"PK\x03\x04 not really a zip")
    out = tmp_path / "out"
    proc = run_cli("scan", str(root), "--out", str(out), "--workers", "2", "--xlsx")
    assert proc.returncode == 2, proc.stderr
    assert "[2/2]" in proc.stderr
    assert f"failed: {root / 'broken.docx'}: is a damaged or truncated zip" in proc.stderr
    assert "ok 2" in proc.stdout and "failed 1" in proc.stdout
    for name in (
        "reports.jsonl",
        "findings.csv",
        "figures.parquet",
        "scores.parquet",
        "tables.parquet",
        "errors.jsonl",
        "manifest.json",
        "summary.html",
        "scan.xlsx",
    ):
        assert (out / name).stat().st_size > 0, name
    assert not list(out.glob(".*.tmp-*"))
    from openpyxl import load_workbook

    wb = load_workbook(out / "scan.xlsx", read_only=True)
    assert wb.sheetnames == [
        "reports",
        "findings",
        "figures",
        "scores",
        "tables",
        "errors",
        "manifest",
    ]
    assert [r[0] for r in wb["errors"].iter_rows(min_row=2, values_only=True)] == [
        str(root / "broken.docx")
    ]


def test_manifest_records_versions_sha256_status_and_time(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 2)
    out = tmp_path / "out"
    _scan(root, out)
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["complete"] is True
    assert {"extractor", "schema_version", "patterns", "python"} <= set(m["versions"])
    import hashlib

    for f in m["files"]:
        assert f["sha256"] == hashlib.sha256(Path(f["path"]).read_bytes()).hexdigest()
        assert f["status"] == "ok" and f["seconds"] >= 0 and f["finished"]
    assert m["run"]["read_this_run"] == 2


def test_seed_is_a_report_by_the_triage_and_a_recipe_is_not():
    from extractor.scan.triage import triage_text

    assert triage_text(SEED.read_text(encoding="utf-8")).is_report
    verdict = triage_text("红烧肉：五花肉500克，冰糖30克，小火慢炖一小时。")
    assert not verdict.is_report and verdict.found == ()
    # a letter that mentions money once is still not a report
    assert not triage_text("请于下周一前把预算表交给办公室。").is_report
    # data that carries the vocabulary (a gold file in JSON) is not prose
    gold = '{"meta": {"department": "某局", "grade": "优秀"}, "income": {"total": "200.13", ' * 5
    gold += '"note": "绩效 自评 预算 支出 收入 得分"}'
    verdict = triage_text(gold)
    assert not verdict.is_report and "Han characters are" in verdict.reason
    for name in ("seed.gold.json", "seed.findings.yaml"):  # when the corpus has them
        if (SEED.parent / name).exists():
            assert not triage_text((SEED.parent / name).read_text(encoding="utf-8")).is_report


def test_progress_bar_on_a_terminal_shows_files_rate_and_failures():
    import io

    from extractor.scan.progress import Progress

    stream = io.StringIO()
    p = Progress(total=3, done_before=0, stream=stream, tty=True)
    p.advance({"path": "a.txt", "status": "ok", "seconds": 0.1})
    p.advance(
        {
            "path": "b.txt",
            "status": "failed",
            "seconds": 0.1,
            "error": {"message": "b.txt: is damaged — save a new copy"},
        }
    )
    p.advance({"path": "c.txt", "status": "ok", "seconds": 0.1})
    p.close()
    text = stream.getvalue()
    assert "3/3" in text and "files/s" in text and "1 failed" in text
    assert "failed: b.txt: is damaged — save a new copy" in text


def test_format_option_reads_only_those_formats_and_lists_the_rest(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 1)
    shutil.copy(SEED_DOCX, root / "seed.docx")
    out = tmp_path / "out"
    proc = run_cli("scan", str(root), "--out", str(out), "--format", "DOCX")
    assert proc.returncode == 0, proc.stderr
    files = {Path(p).name: f for p, f in by_path(out).items()}
    assert files["seed.docx"]["status"] == "ok"
    assert (files["report_000.txt"]["status"], files["report_000.txt"]["kind"]) == (
        "skipped",
        "FormatNotSelected",
    )


def test_a_missing_folder_or_a_file_as_out_stops_with_one_line(tmp_path: Path):
    proc = run_cli("scan", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"{tmp_path / 'nope'}: does not exist — check the folder's path"
    root = reports_folder(tmp_path / "in", 1)
    write(tmp_path / "file", b"x")
    proc = run_cli("scan", str(root), "--out", str(tmp_path / "file"))
    assert proc.returncode == 2 and "--out names a file" in proc.stderr


def test_workers_are_recycled_after_max_tasks(tmp_path: Path):
    root = reports_folder(tmp_path / "in", 5)
    out = tmp_path / "out"
    summary = _scan(root, out, workers=1, max_tasks_per_worker=2)
    assert summary.counts == {"ok": 5}
    pids = [j["pid"] for j in journal_lines(out)]
    assert len(set(pids)) == 3  # 2 + 2 + 1 files: two replacements, nothing lost
