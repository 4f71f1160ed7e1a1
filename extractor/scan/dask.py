"""The Dask engine of ``extractor scan``: the same tasks, run on a dask.distributed cluster.

folders ──discover──▶ tasks ──**Dask workers** (slots, child processes)──▶ results ──▶ journal ──▶ outputs

``--engine dask --scheduler tcp://host:8786`` sends one task per distinct file
to the cluster.  On each Dask worker thread the task runs in the same kind of
slot as the local engine (``pool.Slot``): a child process per slot, killed on
timeout and replaced when it dies, so a file that hangs or crashes costs one
failed record, not a Dask worker.  Results come back to this process, which
alone writes the journal and the outputs, so both engines write the same
files (a test checks it on a ``LocalCluster``).

The workers read the files by path: the folder must be visible at the same
path on every worker (a shared or network filesystem), and the workers need
``extractor`` installed (``pip install 'extractor[distributed]'``).  Without
``--scheduler`` a ``LocalCluster`` of ``--workers`` processes is started here.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import uuid
from collections.abc import Callable
from typing import Any

from ..errors import ScanError
from .pool import MAX_TASKS_PER_WORKER, Slot
from .protocol import Result, Task
from .worker import failure

WINDOW_PER_THREAD = 4
"""Tasks kept submitted per worker thread: enough to keep workers busy, few enough to cancel fast."""

_slots: dict[int, Slot] = {}
_slots_lock = threading.Lock()


def scan_file(task: Task, timeout: float, max_tasks: int = MAX_TASKS_PER_WORKER) -> Result:
    """Run on a Dask worker: one file in this thread's slot (its child process is reused).

    A file this worker cannot see (the folder is not on a filesystem it mounts at the same
    path) is a failed record that names the worker, not a bare "does not exist"."""
    where = task.get("read_path") or task["path"]
    # os.path.exists is False on any OSError; Path.exists raises PermissionError
    if not os.path.exists(where):  # noqa: PTH110
        return failure(
            task,
            "failed",
            "FileNotVisible",
            f"is not visible on Dask worker {socket.gethostname()} (pid {os.getpid()}) at {where}",
            "put the folder on a filesystem every worker mounts at the same path",
        )
    ident = threading.get_ident()
    with _slots_lock:
        slot = _slots.get(ident)
        if slot is None or slot.closed:
            slot = _slots[ident] = Slot(timeout, max_tasks)
    slot.timeout = timeout
    return slot.run(task)


def close_slots() -> int:
    """Run on every Dask worker at the end of a scan: stop the child processes it holds."""
    with _slots_lock:
        slots = list(_slots.values())
        _slots.clear()
    for s in slots:
        s.close()
    return len(slots)


def _client(scheduler: str | None, workers: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ScanError(
            None,
            "--engine dask needs dask.distributed, which is not installed",
            "pip install 'extractor[distributed]'",
        ) from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as exc:
            raise ScanError(
                None,
                f"cannot reach the Dask scheduler at {scheduler} ({exc})",
                "check the address (tcp://host:8786) and that the scheduler runs",
            ) from exc
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    return Client(cluster), cluster


def run_dask(
    tasks: list[Task],
    on_result: Callable[[Result], None],
    on_idle: Callable[[], None],
    scheduler: str | None,
    workers: int,
    timeout: float,
    max_tasks: int = MAX_TASKS_PER_WORKER,
    log: Callable[[str], None] | None = None,
) -> None:
    """Submit tasks in a rolling window; hand each result to ``on_result`` as it completes.

    Paths are sent absolute (``read_path``): workers started in another folder, or on
    another machine, resolve nothing against this process's working directory.  The
    records keep the path as the user gave it, as the local engine writes it."""
    from distributed import as_completed

    client, cluster = _client(scheduler, workers)
    run_id = uuid.uuid4().hex[:8]
    for task in tasks:
        task["read_path"] = os.path.abspath(task["path"])
        if task.get("converted"):  # the batch conversion's DOCX, in OUT
            task["converted"] = os.path.abspath(task["converted"])
    try:
        nthreads = client.nthreads()
        threads = sum(nthreads.values()) or 1
        if log is not None:
            log(
                f"dask: {len(nthreads)} worker(s), {threads} thread(s) "
                f"at {scheduler or 'a local cluster'}"
            )
        window = max(8, threads * WINDOW_PER_THREAD)
        todo = list(reversed(tasks))  # pop() takes them in the planned order
        by_key: dict[str, Task] = {}

        def submit() -> Any:
            task = todo.pop()
            key = f"extractor-scan-{task['sha256'][:16]}-{run_id}"
            by_key[key] = task
            return client.submit(
                scan_file, task, timeout, max_tasks, key=key, pure=False, retries=0
            )

        pending = as_completed([submit() for _ in range(min(window, len(todo)))])
        try:
            for fut in pending:
                task = by_key.pop(fut.key)
                try:
                    result = fut.result()
                except Exception as exc:  # a Dask worker died under it (KilledWorker) or similar
                    result = failure(
                        task,
                        "failed",
                        "DaskTaskFailed",
                        f"the Dask task failed ({type(exc).__name__}: {exc})".replace("\n", " "),
                        "check the Dask workers' logs; rerun with --retry-failed",
                    )
                fut.release()
                on_result(result)
                if todo:
                    pending.add(submit())
                if pending.is_empty() or not pending.has_ready():
                    on_idle()
        except BaseException:
            for f in list(pending.futures):
                f.cancel()
            raise
    finally:
        # the cluster may be gone; its workers end their children themselves
        with contextlib.suppress(Exception):
            client.run(close_slots)
        client.close()
        if cluster is not None:
            cluster.close()
