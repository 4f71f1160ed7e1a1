"""`extractor scan --engine dask` on a LocalCluster writes what the local engine writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scan_helpers import SEED_DOCX, read_outputs, reports_folder, run_cli, write

distributed = pytest.importorskip(
    "distributed", reason="dask.distributed is not installed (pip install '.[distributed]')"
)


@pytest.fixture(scope="module")
def cluster():
    # threads in this process (light), reachable over TCP by the CLI subprocess
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        dashboard_address=None,
    ) as c:
        yield c


def test_dask_engine_writes_the_same_outputs_as_the_local_engine(tmp_path: Path, cluster):
    root = reports_folder(tmp_path / "in", 5)
    shutil.copy(SEED_DOCX, root / "seed.docx")
    write(root / "dup.txt", (root / "report_000.txt").read_bytes())
    write(root / "recipe.txt", "鸡蛋两个，番茄一个。".encode())
    write(root / "bad.docx", b"PK\x03\x04 nope")

    local, dask_out = tmp_path / "local", tmp_path / "dask"
    a = run_cli("scan", str(root), "--out", str(local), "--workers", "2")
    b = run_cli(
        "scan",
        str(root),
        "--out",
        str(dask_out),
        "--engine",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
    )
    assert a.returncode == b.returncode == 2, (a.stderr, b.stderr)  # bad.docx failed in both
    assert "ok 6" in b.stdout
    assert read_outputs(dask_out) == read_outputs(local)


def test_dask_engine_turns_a_crashing_file_into_a_failed_record(
    tmp_path: Path, cluster, monkeypatch
):
    from extractor.scan.runner import ScanOptions, scan

    root = reports_folder(tmp_path / "in", 2)
    write(root / "EXIT_x.txt", (root / "report_000.txt").read_bytes() + b"\n\n\n\n")
    monkeypatch.setenv("EXTRACTOR_SCAN_TEST_HOOK", "exit=EXIT_")  # the cluster's threads are here
    summary = scan(
        ScanOptions(
            roots=[root], out=tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address
        ),
        tty=False,
    )
    assert summary.counts == {"failed": 1, "ok": 2}
