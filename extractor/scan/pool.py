"""The process pool of ``extractor scan``: worker processes, the slots that drive them, and
the local engine.

Each file runs in a child process (``worker.py``) owned by a *slot*: the slot
sends one task, waits for its result with the per-file timeout, kills the
child on timeout, notices when the child dies (segfault, abort, out of
memory) and starts a fresh one for the next file.  The local engine
(``run_local``) runs one slot per worker in threads of the scan's process; the
Dask engine (``dask.py``) runs the same slots inside the Dask workers.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, cast

from ..errors import ScanError
from .protocol import Result, Task
from .worker import failure

MAX_TASKS_PER_WORKER = 500
"""A worker is replaced after this many files, so memory a library keeps cannot pile up."""
STARTUP_TIMEOUT_S = 120.0
"""Seconds a new worker may take to import the package before the scan gives up."""
STARTUP_FAILURES = 3
"""Workers that die before becoming ready, in a row, before the scan stops (a broken install)."""

# ── one worker process and the slot that drives it ─────────────────────────


MAX_MB_ENV = "EXTRACTOR_WORKER_MAX_MB"
OCR_THREADS_ENV = "EXTRACTOR_OCR_THREADS"


class WorkerProcess:
    """``python -m extractor.scan.worker`` with a reader thread turning its lines into events."""

    def __init__(
        self,
        events: queue.Queue,
        log: IO[bytes] | None,
        max_mb: float | None = None,
        ocr_threads: int | None = None,
    ):
        import extractor

        env = dict(os.environ)
        if max_mb:
            env[MAX_MB_ENV] = f"{max_mb:g}"  # the worker sets its own ceiling (worker.main)
        if ocr_threads:  # workers side by side share the cores (loaders/ocr.py)
            env.setdefault(OCR_THREADS_ENV, str(ocr_threads))
        root = str(Path(extractor.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        env.setdefault("PYTHONIOENCODING", "utf-8")
        kwargs: dict[str, Any] = {}
        if os.name == "posix":
            kwargs["start_new_session"] = True  # Ctrl-C goes to us; we stop the workers
        else:  # pragma: no cover - Windows
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "extractor.scan.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log if log is not None else subprocess.DEVNULL,
            env=env,
            **kwargs,
        )
        self.events = events
        self.ready_at: float | None = None
        self.tasks_done = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                self.events.put((self, line))
        except (OSError, ValueError):
            pass
        self.events.put((self, None))

    def send(self, task: Task) -> bool:
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(task, ensure_ascii=True).encode("ascii") + b"\n")
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False  # it died; its reader reports the end

    def kill(self) -> None:
        """Kill the worker and everything it started, LibreOffice included.

        LibreOffice runs in a session of its own (so a conversion's timeout can kill its
        whole group); killing the worker's group alone would leave it behind. The worker is
        stopped first so it starts nothing new while its descendants are collected.
        """
        if os.name != "posix":  # pragma: no cover
            self.proc.kill()
            self.proc.wait()
            return
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            os.killpg(self.proc.pid, signal.SIGSTOP)
        procs = [self.proc.pid, *descendants(self.proc.pid)]
        groups = set()
        for pid in procs:
            with contextlib.suppress(OSError):
                groups.add(os.getpgid(pid))
        groups.discard(os.getpgrp())  # never our own group
        for group in groups:
            with contextlib.suppress(OSError):
                os.killpg(group, signal.SIGKILL)
        for pid in procs:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        """Let it finish: closing stdin ends its loop."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc; empty where there is none)."""
    parents: dict[int, list[int]] = {}
    try:
        entries = [p.name for p in Path("/proc").iterdir()]
    except OSError:
        return []
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with Path(f"/proc/{name}/stat").open("rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name (field 2) may hold spaces and parentheses: split after the last ')'
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            parents.setdefault(int(fields[1]), []).append(int(name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _signal_name(returncode: int) -> str:
    if returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


def crash_result(task: Task, returncode: int) -> Result:
    how = _signal_name(returncode)
    hint = " (killed: out of memory?)" if returncode == -9 else ""
    return failure(
        task,
        "failed",
        "WorkerCrashed",
        f"the worker reading it crashed ({how}){hint}; the worker was replaced and the scan went on",
        "open the file and save a new copy, or rerun with --retry-failed and fewer --workers",
    )


def timeout_result(task: Task, timeout: float) -> Result:
    return failure(
        task,
        "failed",
        "Timeout",
        f"was not read within the --timeout of {timeout:g} s; its worker was stopped",
        "raise --timeout and rerun with --retry-failed, or check the file (huge or damaged)",
    )


class Slot:
    """Runs tasks one at a time in a child process it replaces whenever it dies or hangs."""

    def __init__(
        self,
        timeout: float,
        max_tasks: int = MAX_TASKS_PER_WORKER,
        log: IO[bytes] | None = None,
        max_mb: float | None = None,
        ocr_threads: int | None = None,
    ):
        self.timeout, self.max_tasks, self.log, self.max_mb = timeout, max_tasks, log, max_mb
        self.ocr_threads = ocr_threads
        self.events: queue.Queue = queue.Queue()
        self.worker: WorkerProcess | None = None
        self.closed = False
        self.startup_failures = 0
        self.lock = threading.Lock()

    def _spawn(self) -> WorkerProcess:
        with self.lock:
            if self.closed:
                raise ScanError(None, "the scan is stopping")
            self.worker = WorkerProcess(self.events, self.log, self.max_mb, self.ocr_threads)
            return self.worker

    def run(self, task: Task) -> Result:
        while True:
            w = self.worker if self.worker is not None else self._spawn()
            result = self._run_on(w, task)
            if result is not None:
                return result
            # the worker died before it was ready: that is the install, not the file
            self.startup_failures += 1
            if self.startup_failures >= STARTUP_FAILURES:
                raise ScanError(None, "worker processes die while starting")

    def _run_on(self, w: WorkerProcess, task: Task) -> Result | None:
        sent = time.monotonic()
        w.send(task)
        while True:
            now = time.monotonic()
            if w.ready_at is None:
                limit = sent + STARTUP_TIMEOUT_S
            else:
                limit = max(sent, w.ready_at) + self.timeout
            try:
                who, line = self.events.get(timeout=max(limit - now, 0.0) + 0.01)
            except queue.Empty:
                if time.monotonic() < limit:
                    continue
                self._drop(w, kill=True)
                if w.ready_at is None:
                    raise ScanError(
                        None, f"a worker did not start within {STARTUP_TIMEOUT_S:g} s"
                    ) from None
                return timeout_result(task, self.timeout)
            if who is not w:
                continue  # a late line from a worker already replaced
            if line is None:
                returncode = w.proc.wait()
                self._drop(w, kill=False)
                return crash_result(task, returncode) if w.ready_at is not None else None
            try:
                msg = json.loads(line)
            except ValueError:  # not ours: something wrote to the protocol pipe; ignore it
                continue
            if not isinstance(msg, dict):
                continue
            if "ready" in msg:
                w.ready_at = time.monotonic()
                self.startup_failures = 0
                continue
            w.tasks_done += 1
            if w.tasks_done >= self.max_tasks:
                self._drop(w, kill=False, stop=True)
            return cast(Result, msg)  # a worker's result (worker.process)

    def _drop(self, w: WorkerProcess, kill: bool, stop: bool = False) -> None:
        with self.lock:
            if self.worker is w:
                self.worker = None
        if kill:
            w.kill()
        elif stop:
            w.stop()

    def close(self, kill: bool = False) -> None:
        with self.lock:
            self.closed = True
            w, self.worker = self.worker, None
        if w is not None:
            w.kill() if kill else w.stop()


# ── the local engine ──────────────────────────────────────────────────────


def run_local(
    tasks: list[Task],
    on_result: Callable[[Result], None],
    on_idle: Callable[[], None],
    workers: int,
    timeout: float,
    max_tasks: int = MAX_TASKS_PER_WORKER,
    log: IO[bytes] | None = None,
    max_mb: float | None = None,
) -> None:
    """Run ``tasks`` on ``workers`` slots; results come back to this (the main) thread in order of finishing."""
    todo = deque(tasks)
    todo_lock = threading.Lock()
    results: queue.Queue = queue.Queue()
    n = max(1, min(workers, len(tasks)))
    per_worker = max(1, (os.cpu_count() or 1) // n)  # OCR threads: workers share the cores
    slots = [Slot(timeout, max_tasks, log, max_mb, per_worker) for _ in range(n)]
    stopping = threading.Event()

    def drive(slot: Slot) -> None:
        try:
            while not stopping.is_set():
                with todo_lock:
                    if not todo:
                        break
                    task = todo.popleft()
                result = slot.run(task)
                if not stopping.is_set():
                    results.put(("result", result))
        except BaseException as exc:  # handed to the main thread, which stops the scan
            results.put(("error", exc))
        finally:
            slot.close()
            results.put(("done", None))

    threads = [threading.Thread(target=drive, args=(s,), daemon=True) for s in slots]
    for t in threads:
        t.start()
    running = len(threads)
    try:
        while running:
            try:
                kind, value = results.get(timeout=1.0)
            except queue.Empty:
                continue
            if kind == "result":
                on_result(value)
            elif kind == "error":
                if not stopping.is_set():
                    raise value
            else:
                running -= 1
            if results.empty():
                on_idle()  # group commit: one fsync for every result that came in together
    finally:
        stopping.set()
        for s in slots:
            s.close(kill=True)
        on_idle()
