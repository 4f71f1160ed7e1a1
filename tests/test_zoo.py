"""The bad-input zoo (tests/zoo.py, issue 17): every case gives a report or the one-line
error family — never another exception, a traceback, a hang or a second stderr line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import errors, pipeline
from extractor.cli import _limits
from extractor.errors import one_line

sys.path.insert(0, str(Path(__file__).parent))
import zoo

HANG_GUARD_S = 120
"""No case may run longer (a hang guard, not a speed test: they take seconds at most)."""


def test_the_zoo_is_large_and_its_names_unique():
    assert len(zoo.CASES) >= 80
    assert len({c.name for c in zoo.CASES}) == len(zoo.CASES)
    assert len({c.filename for c in zoo.CASES}) == len(zoo.CASES)
    assert {c.expect for c in zoo.CASES} == {"ok", "error"}


@pytest.fixture(scope="module")
def zoo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("zoo")
    zoo.write(folder)
    return folder


@pytest.mark.parametrize("case", zoo.CASES, ids=[c.name for c in zoo.CASES])
def test_case(case, zoo_dir):
    path = zoo_dir / case.filename
    try:
        with _limits(path, 0, HANG_GUARD_S):
            report = pipeline.check(path)
    except errors.LimitExceeded as exc:
        assert case.expect == "error", f"unexpected limit: {exc.message}"
        outcome, message = "error", exc.message
    except errors.ExtractorError as exc:
        outcome, message = "error", exc.message
    else:
        outcome, message = "ok", report.kind
        assert report.source.path == str(path)
    assert outcome == case.expect, message
    if outcome == "error":
        assert message.startswith(f"{path}: "), message  # names the user's file
        problem, sep, fix = message.partition(" — ")
        assert sep and fix.strip(), message
        assert case.words.lower() in problem.lower(), message


def test_one_batch_over_the_whole_zoo(zoo_dir):
    """Through the real command line: one stderr line per bad file, each naming it (shown
    safely: escapes and line breaks of a file name are escaped), the batch goes on, exit 2,
    and the JSON on stdout holds every good file."""
    paths = [zoo_dir / c.filename for c in zoo.CASES]
    proc = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "check", "--format", "findings", *map(str, paths)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=900,
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    bad = [zoo_dir / c.filename for c in zoo.CASES if c.expect == "error"]
    assert len(lines) == len(bad), "\n".join(lines)
    for path, line in zip(bad, lines, strict=True):
        assert line.startswith(one_line(f"{path}: ")), line
    reports = json.loads(proc.stdout)
    assert len(reports) == len(paths) - len(bad)
