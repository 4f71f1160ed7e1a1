"""Shared helpers for the scan tests: make folders of reports and bad input, read outputs back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed.txt"
SEED_DOCX = ROOT / "corpus" / "seed.docx"
HOOK = "EXTRACTOR_SCAN_TEST_HOOK"


def seed_variant(i: int) -> bytes:
    """The seed with ``i`` extra trailing newlines: same report, another sha256."""
    return SEED.read_bytes() + b"\n" * i


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def reports_folder(root: Path, n: int, prefix: str = "report") -> Path:
    for i in range(n):
        write(root / f"{prefix}_{i:03d}.txt", seed_variant(i))
    return root


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 240
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "extractor.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
    )


def read_outputs(out: Path) -> dict[str, Any]:
    """Every output as comparable data (timings taken out of the manifest)."""
    from extractor.scan.manifest import strip_timings

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stripped = strip_timings(manifest)
    stripped["options"] = {k: v for k, v in stripped["options"].items() if k != "engine"}
    return {
        "reports.jsonl": (out / "reports.jsonl").read_bytes(),
        "findings.csv": (out / "findings.csv").read_bytes(),
        "errors.jsonl": (out / "errors.jsonl").read_bytes(),
        "summary.html": (out / "summary.html").read_bytes(),
        "figures": pq.read_table(out / "figures.parquet").to_pylist(),
        "scores": pq.read_table(out / "scores.parquet").to_pylist(),
        "tables": pq.read_table(out / "tables.parquet").to_pylist(),
        "manifest": stripped,
    }


def by_path(out: Path) -> dict[str, dict[str, Any]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {f["path"]: f for f in manifest["files"]}


def journal_lines(out: Path) -> list[dict[str, Any]]:
    path = out / ".scan" / "journal.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
