"""`extractor scan`: legacy files converted in batches (one LibreOffice start) read exactly as
when each worker converts its own file, and a batch that fails costs nothing but time."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import soffice_or_skip
from scan_helpers import ROOT, read_outputs, reports_folder

from extractor.scan import convert
from extractor.scan.runner import ScanOptions, scan

SYNTHETIC = ROOT / "corpus" / "synthetic"


@pytest.fixture()
def legacy_folder(tmp_path: Path) -> Path:
    soffice_or_skip()
    root = reports_folder(tmp_path / "in", 2)
    for i, doc in enumerate(sorted(SYNTHETIC.glob("*.doc"))[:4]):
        shutil.copy(doc, root / f"旧报告 {i}.doc")
    return root


def _scan(root: Path, out: Path, log: io.StringIO | None = None):
    return scan(ScanOptions(roots=[root], out=out, workers=2), stream=log, tty=False)


def test_batched_conversion_reads_like_one_file_at_a_time(legacy_folder, tmp_path, monkeypatch):
    log = io.StringIO()
    batched = _scan(legacy_folder, tmp_path / "batched", log)
    assert batched.counts == {"ok": 6}
    assert "converted 4/4 legacy file(s) with LibreOffice" in log.getvalue()
    leftovers = list((tmp_path / "batched" / ".scan" / convert.CONVERTED_DIR).iterdir())
    assert leftovers == []  # each copy is deleted once its file is journaled

    monkeypatch.setattr(convert, "MIN_FILES", 10**9)  # every worker converts its own file
    alone = _scan(legacy_folder, tmp_path / "alone")
    assert alone.counts == {"ok": 6}
    assert read_outputs(tmp_path / "batched") == read_outputs(tmp_path / "alone")


def test_a_batch_that_dies_half_way_leaves_the_rest_to_the_workers(
    legacy_folder, tmp_path, monkeypatch
):
    real = convert.convert_many
    calls = []

    def crashes_after_one(srcs, outdir, stall_s, stop=None):
        calls.append(len(srcs))
        return real(srcs[:1], outdir, stall_s, stop)  # LibreOffice died after the first file

    monkeypatch.setattr(convert, "convert_many", crashes_after_one)
    broken = _scan(legacy_folder, tmp_path / "broken")
    monkeypatch.setattr(convert, "MIN_FILES", 10**9)
    monkeypatch.setattr(convert, "convert_many", real)
    alone = _scan(legacy_folder, tmp_path / "alone")
    assert sorted(calls) == [2, 2] and broken.counts == alone.counts == {
        "ok": 6
    }  # a batch per worker
    assert read_outputs(tmp_path / "broken") == read_outputs(tmp_path / "alone")


def test_a_copy_left_by_an_interrupted_scan_is_used_and_stale_ones_removed(tmp_path):
    state = tmp_path / ".scan"
    cache = state / convert.CONVERTED_DIR
    (cache / "extractor-batch-x").mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "seed.docx", cache / "aaa.docx")
    (cache / "zzz.docx").write_bytes(b"a file no task needs")
    tasks = [{"path": str(ROOT / "corpus" / "seed.doc"), "sha256": "aaa", "format": "doc"}]
    assert convert.preconvert(tasks, state, 1, 30, lambda line: None) == 1
    assert tasks[0]["converted"] == str(cache / "aaa.docx")
    assert sorted(p.name for p in cache.iterdir()) == ["aaa.docx"]
