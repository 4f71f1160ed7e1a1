"""The wheel ships the pattern data, and the installed package runs from any folder.

patterns/ lives at the project root (data edited by non-programmers) and is
shipped as ``extractor/_patterns``; a wheel without it imports but fails on
the first report, so this builds the real wheel and looks inside.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SOURCES = ["pyproject.toml", "README.md", "extractor", "patterns"]


def _no_isolation_possible() -> bool:
    """Build with the installed setuptools when it is new enough (no download needed)."""
    if importlib.util.find_spec("setuptools") is None:
        return False
    import setuptools

    major = int(setuptools.__version__.split(".")[0])
    return major >= 71 or (major >= 68 and importlib.util.find_spec("wheel") is not None)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, root) -> Path:
    src = tmp_path_factory.mktemp("src")  # a copy: building must not litter the work tree
    for name in SOURCES:
        if (root / name).is_dir():
            shutil.copytree(root / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif (root / name).exists():
            shutil.copy2(root / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(out)]
    if _no_isolation_possible():
        cmd.append("--no-build-isolation")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (found,) = out.glob("extractor-*.whl")
    return found


def test_wheel_contains_every_pattern_file(wheel, root):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"extractor/_patterns/{p.name}" for p in (root / "patterns").glob("*.yaml")}
    assert expected, "no pattern files in the source tree?"
    assert expected <= names, sorted(expected - names)
    assert "extractor/py.typed" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "extractor = extractor.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_wheel_runs_from_another_folder(wheel, tmp_path, corpus):
    target = tmp_path / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [sys.executable, "-c", "import extractor, sys; print(extractor.__file__)"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert Path(probe.stdout.strip()).is_relative_to(target), "the wheel's copy must be the one run"
    run = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "blocks", str(corpus / "seed.txt")],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "heading1" in run.stdout and "(repeated header)" in run.stdout
