"""Interrupting `extractor scan` (kill -9, Ctrl-C) loses nothing: the rerun ends where a clean run ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scan_helpers import HOOK, ROOT, journal_lines, read_outputs, reports_folder, run_cli

N_FILES = 12
SLOW = {HOOK: "sleep=:0.5"}  # every file takes ≥ 0.5 s, so "half way" is easy to hit


def _start(root: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "extractor.cli",
            "scan",
            str(root),
            "--out",
            str(out),
            "--workers",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **SLOW},
        cwd=ROOT,
    )


def _complete_lines(out: Path) -> int:
    """Journal lines written whole so far: the scan may be halfway through appending one (a
    partial line read while it is written is no line yet, and not valid UTF-8 either)."""
    path = out / ".scan" / "journal.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _wait_for_journal(out: Path, lines: int, proc: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while _complete_lines(out) < lines:
        assert proc.poll() is None, "the scan ended before it was interrupted"
        assert time.monotonic() < deadline, "the scan made no progress"
        time.sleep(0.05)


def test_kill_9_half_way_then_rerun_gives_the_outputs_of_an_uninterrupted_run(tmp_path: Path):
    root = reports_folder(tmp_path / "in", N_FILES)
    clean = tmp_path / "clean"
    assert run_cli("scan", str(root), "--out", str(clean), "--workers", "2").returncode == 0

    out = tmp_path / "out"
    proc = _start(root, out)
    _wait_for_journal(out, N_FILES // 2, proc)
    proc.send_signal(signal.SIGKILL)  # no handler, no cleanup: as a power cut for this process
    proc.wait()
    done_before = len(journal_lines(out))
    assert N_FILES // 2 <= done_before < N_FILES
    assert (out / ".scan" / "journal.jsonl").read_bytes().endswith(b"\n")

    rerun = run_cli("scan", str(root), "--out", str(out), "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done_before} already done, {N_FILES - done_before} to read" in rerun.stderr
    journal = journal_lines(out)
    assert len(journal) == N_FILES  # nothing read twice
    assert len({j["sha256"] for j in journal}) == N_FILES
    assert read_outputs(out) == read_outputs(clean)
    assert not list(out.glob(".*.tmp-*"))


def test_ctrl_c_saves_partial_outputs_and_the_rerun_completes_them(tmp_path: Path):
    root = reports_folder(tmp_path / "in", N_FILES)
    out = tmp_path / "out"
    proc = _start(root, out)
    _wait_for_journal(out, 3, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert "run the same command again to continue" in err.decode()
    partial = (out / "manifest.json").read_text(encoding="utf-8")
    assert '"complete": false' in partial and '"pending"' in partial
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert 'id="incomplete"' in html
    rerun = run_cli("scan", str(root), "--out", str(out), "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert len(journal_lines(out)) == N_FILES
    assert '"complete": true' in (out / "manifest.json").read_text(encoding="utf-8")
