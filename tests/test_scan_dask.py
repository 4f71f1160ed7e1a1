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


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_cluster_started_elsewhere_reads_a_relative_folder(tmp_path: Path):
    """A scheduler and a worker started as their own processes in another working directory:
    a relative folder made every file "does not exist" on the workers (issue 17)."""
    import os
    import subprocess
    import sys
    import time

    port = _free_port()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--dashboard-address",
                ":0",
            ],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        time.sleep(2)
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "distributed.cli.dask_worker",
                    address,
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                ],
                cwd=elsewhere,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        client = distributed.Client(address, timeout="30s")
        client.wait_for_workers(1, timeout=60)
        client.close()
        here = tmp_path / "here"
        root = reports_folder(here / "in", 2)
        assert root.exists()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "extractor.cli",
                "scan",
                "in",
                "--out",
                "out",
                "--engine",
                "dask",
                "--scheduler",
                address,
            ],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert "ok 2" in result.stdout
        assert "dask: 1 worker(s), 1 thread(s)" in result.stderr + result.stdout
        import json

        paths = [
            json.loads(line)["source"]["path"]
            for line in (here / "out" / "reports.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        assert all(p.startswith("in/") for p in paths), paths  # as given, like the local engine
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_file_a_worker_cannot_see_names_the_worker(tmp_path: Path):
    from extractor.scan.dask import scan_file

    task = {
        "path": "in/gone.txt",
        "read_path": str(tmp_path / "in" / "gone.txt"),
        "sha256": "0" * 64,
        "format": "txt",
    }
    result = scan_file(task, 30)
    assert result["status"] == "failed"
    assert result["error"]["kind"] == "FileNotVisible"
    assert "is not visible on Dask worker" in result["error"]["message"]
    assert result["error"]["message"].startswith("in/gone.txt: ")
