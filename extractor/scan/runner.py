"""``extractor scan``: folders of reports → dataset + audit page, in parallel, resumable.

```
folders ──discover──▶ entries ──plan──▶ tasks ──engine──▶ results ──journal──▶ outputs
          (sniff,       (dedupe by      (worker processes:     (fsynced,     (rebuilt atomically
           hash)         sha256, skip    local, or Dask)        append-only)  from the journal)
                         finished)
```

Each file runs in a child process (``worker.py``) owned by a *slot*: the slot
sends one task, waits for its result with the per-file timeout, kills the
child on timeout, notices when the child dies (segfault, abort, out of
memory) and starts a fresh one for the next file.  The local engine runs one
slot per worker in threads of this process; the Dask engine (``dask.py``)
runs the same slots inside the Dask workers.  Only this process writes to the
output folder.
"""

from __future__ import annotations

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import ExtractorError
from . import outputs
from .convert import forget as forget_converted
from .convert import preconvert
from .discover import Entry, discover
from .manifest import (
    JOURNAL,
    LOCK,
    STATE_DIR,
    Journal,
    Lock,
    check_config,
    manifest_document,
    now_iso,
    result_fingerprint,
)
from .progress import Progress
from .worker import Result, Task, failure

DEFAULT_TIMEOUT_S = 300.0
"""Seconds one file may take (load + extract + check) before its worker is killed."""
DEFAULT_MAX_SIZE_MB = 200.0
"""Files larger than this are listed, not read (a report is rarely over 50 MB)."""
MAX_TASKS_PER_WORKER = 500
"""A worker is replaced after this many files, so memory a library keeps cannot pile up."""
STARTUP_TIMEOUT_S = 120.0
"""Seconds a new worker may take to import the package before the scan gives up."""
STARTUP_FAILURES = 3
"""Workers that die before becoming ready, in a row, before the scan stops (a broken install)."""


class ScanError(ExtractorError):
    default_fix = "see the scan's workers.log in OUT/.scan/ and report a bug"


# ── one worker process and the slot that drives it ─────────────────────────


MAX_MB_ENV = "EXTRACTOR_WORKER_MAX_MB"
OCR_THREADS_ENV = "EXTRACTOR_OCR_THREADS"
DEFAULT_MAX_MEMORY_MB = 4000.0
"""Per worker: four times what the largest real report in the corpus takes."""


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
        try:
            os.killpg(self.proc.pid, signal.SIGSTOP)
        except (ProcessLookupError, PermissionError, OSError):
            pass
        procs = [self.proc.pid, *descendants(self.proc.pid)]
        groups = set()
        for pid in procs:
            try:
                groups.add(os.getpgid(pid))
            except OSError:
                pass
        groups.discard(os.getpgrp())  # never our own group
        for group in groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except OSError:
                pass
        for pid in procs:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
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
        entries = os.listdir("/proc")
    except OSError:
        return []
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
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
            return msg

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


# ── the scan ──────────────────────────────────────────────────────────────


@dataclass
class ScanOptions:
    roots: list[Path]
    out: Path
    workers: int | None = None
    timeout: float = DEFAULT_TIMEOUT_S
    select: list[str] | None = None
    ignore: list[str] | None = None
    max_size_mb: float | None = DEFAULT_MAX_SIZE_MB
    xlsx: bool = False
    engine: str = "local"
    scheduler: str | None = None
    fresh: bool = False
    retry_failed: bool = False
    max_tasks_per_worker: int = MAX_TASKS_PER_WORKER
    max_memory_mb: float | None = DEFAULT_MAX_MEMORY_MB
    """Memory one worker may take (its heap, RLIMIT_DATA; LibreOffice children included):
    a file that needs more fails with a clear error and the worker is replaced."""
    formats: list[str] | None = None
    """Read only files of these formats (txt, docx, pdf, doc, wps, rtf, odt, html, mht); the
    others are listed."""

    def public(self) -> dict[str, Any]:
        """Options recorded in the manifest (those that shape the outputs or the run)."""
        return {
            "roots": [str(r) for r in self.roots],
            "select": self.select,
            "ignore": self.ignore,
            "timeout": self.timeout,
            "max_size_mb": self.max_size_mb,
            "engine": self.engine,
            "formats": self.formats,
        }


@dataclass
class ScanSummary:
    out: Path
    counts: dict[str, int]
    processed: int
    reused: int
    interrupted: bool
    seconds: float
    run: dict[str, Any] = field(default_factory=dict)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def plan(
    entries: list[Entry], journal: Journal, retry_failed: bool
) -> tuple[dict[str, Entry], list[Task]]:
    """Unique contents to read (first path of each sha256 wins) and the tasks still to do."""
    canonical: dict[str, Entry] = {}
    for e in entries:  # entries are sorted by path
        if e.status == "pending" and e.sha256:
            canonical.setdefault(e.sha256, e)
    tasks = []
    for sha, e in canonical.items():
        done = journal.done.get(sha)
        if done is not None and not (retry_failed and done.record.get("status") == "failed"):
            continue
        tasks.append({"path": e.path, "sha256": sha, "format": e.format, "size": e.size})
    tasks.sort(
        key=lambda t: (-int(t["size"] or 0), str(t["path"]))
    )  # big files first: no long tail at the end
    return canonical, tasks


def file_list(
    entries: list[Entry], canonical: dict[str, Entry], journal: Journal
) -> list[dict[str, Any]]:
    """The manifest's files: every path found, with status and reason."""
    files = []
    for e in entries:
        row: dict[str, Any] = {
            "path": e.path,
            "sha256": e.sha256,
            "size": e.size,
            "format": e.format,
            "status": e.status,
            "kind": e.kind,
            "problem": e.problem,
            "fix": e.fix,
        }
        if e.status == "pending" and e.sha256:
            first = canonical[e.sha256]
            if first is not e:
                row["status"], row["duplicate_of"] = "duplicate", first.path
            elif (d := journal.done.get(e.sha256)) is not None:
                r = d.record
                err = r.get("error") or {}
                row.update(
                    status=r["status"],
                    format=r.get("format") or e.format,
                    pages=r.get("pages"),
                    kind=err.get("kind"),
                    problem=err.get("problem"),
                    fix=err.get("fix"),
                    findings=r.get("counts"),
                    seconds=r.get("seconds"),
                    finished=r.get("finished"),
                )
        if row["status"] in ("failed", "skipped"):
            row["message"] = f"{e.path}: {row['problem']} — {row['fix']}"
        files.append({k: v for k, v in row.items() if v is not None})
    return files


def scan(opts: ScanOptions, stream: IO[str] | None = None, tty: bool | None = None) -> ScanSummary:
    """Run a scan to the end (or to Ctrl-C/SIGTERM, raised as KeyboardInterrupt after saving)."""
    started, started_iso = time.monotonic(), now_iso()
    out = opts.out
    for root in opts.roots:  # a typo in a folder name stops the scan before it starts
        if not os.path.lexists(root):
            raise ScanError(root, "does not exist", "check the folder's path")
    if out.exists() and not out.is_dir():
        raise ScanError(out, "--out names a file, not a folder", "give a folder for the outputs")
    out.mkdir(parents=True, exist_ok=True)
    state = out / STATE_DIR
    workers = opts.workers or default_workers()
    with Lock(state / LOCK):
        check_config(state, result_fingerprint(opts.select, opts.ignore), opts.fresh)
        journal = Journal(state / JOURNAL).open()
        progress_stream = stream or sys.stderr
        if journal.torn_bytes or journal.bad_lines:
            print(
                f"scan: {out}: cut a torn last journal line ({journal.torn_bytes} bytes) and "
                f"{journal.bad_lines} unreadable line(s); those files are read again",
                file=progress_stream,
                flush=True,
            )
        known = journal.known_sha()
        max_bytes = None if opts.max_size_mb is None else int(opts.max_size_mb * 1e6)
        entries = discover(
            opts.roots, max_bytes, exclude=[out], known_sha=lambda p, s, m: known.get((p, s, m))
        )
        if opts.formats:
            for e in entries:
                if e.status == "pending" and e.format not in opts.formats:
                    e.reason(
                        "FormatNotSelected",
                        f"is {e.format}, not one of --format {','.join(opts.formats)}",
                        "add its format to --format to read it",
                    )
        canonical, tasks = plan(entries, journal, opts.retry_failed)
        by_sha = {e.sha256: e for e in canonical.values()}
        reused = len(canonical) - len(tasks)
        progress = Progress(len(tasks), reused, progress_stream, tty)  # type: ignore[arg-type]
        if not progress.tty:
            print(
                f"scan: {len(entries)} file(s) found, {len(canonical)} distinct report candidate(s), "
                f"{reused} already done, {len(tasks)} to read "
                + (
                    "on the Dask cluster"
                    if opts.engine == "dask"
                    else f"with {min(workers, max(len(tasks), 1))} worker(s)"
                ),
                file=progress_stream,
                flush=True,
            )
        # what discovery decided is logged too, not only what workers read: failures first
        for e in sorted(entries, key=lambda e: e.status != "failed"):
            if e.status == "failed" or (e.status == "skipped" and not progress.tty):
                progress.log(f"{e.status}: {e.path}: {e.problem} — {e.fix}")
        worker_rss: dict[int, int] = {}
        child_rss = [0]  # LibreOffice conversions, which run as the workers' children

        def on_result(result: Result) -> None:
            e = by_sha.get(result["sha256"])
            if e is not None:
                result["size"], result["mtime_ns"] = e.size, e.mtime_ns
            if result.get("child_max_rss_kb"):
                child_rss[0] = max(child_rss[0], result["child_max_rss_kb"])
            if result.get("pid") and result.get("max_rss_kb"):
                worker_rss[result["pid"]] = max(
                    worker_rss.get(result["pid"], 0), result["max_rss_kb"]
                )
            journal.append(result)
            progress.advance(result)
            if result["sha256"] in converted:
                forget_converted(state, result["sha256"])

        interrupted = False
        t_read = time.monotonic()  # listing and hashing ended here
        log = open(state / "workers.log", "ab")
        converted: set[str] = set()
        try:
            if tasks:  # legacy files in one LibreOffice batch; Dask workers read the DOCX
                # from OUT when they see it, else convert the file themselves
                preconvert(tasks, state, workers, opts.timeout, progress.log)
                converted.update(t["sha256"] for t in tasks if "converted" in t)
            if tasks:
                if opts.engine == "dask":
                    from .dask import run_dask

                    run_dask(
                        tasks,
                        on_result,
                        journal.sync,
                        opts.scheduler,
                        workers,
                        opts.timeout,
                        opts.max_tasks_per_worker,
                        progress.log,
                    )
                else:
                    run_local(
                        tasks,
                        on_result,
                        journal.sync,
                        workers,
                        opts.timeout,
                        opts.max_tasks_per_worker,
                        log,
                        opts.max_memory_mb,
                    )
        except KeyboardInterrupt:
            interrupted = True
        finally:
            progress.close()
            journal.sync()
            log.close()
        processed = progress.done
        t_outputs = time.monotonic()
        files = file_list(entries, canonical, journal)
        elapsed = time.monotonic() - started
        run = {
            "engine": opts.engine,
            "workers": workers,
            "started": started_iso,
            "finished": now_iso(),
            "seconds": round(elapsed, 3),
            "phases_s": {  # where the time went: only "read" runs in parallel (outputs come after)
                "discover": round(t_read - started, 3),
                "read": round(t_outputs - t_read, 3),
            },
            "read_this_run": processed,
            "reused_from_earlier_runs": reused,
            "files_per_second": round(processed / elapsed, 3) if elapsed > 0 else None,
            "parent_max_rss_kb": _parent_rss_kb(),
            "parent_cpu_s": _parent_cpu_s(),
            "worker_max_rss_kb": sorted(worker_rss.values()),
            "converter_max_rss_kb": child_rss[0] or None,
        }
        pending = sum(1 for f in files if f["status"] == "pending")
        manifest = manifest_document(
            files, run, opts.public(), complete=not interrupted and not pending
        )
        outputs.build(out, files, journal.report, manifest, xlsx=opts.xlsx)
        journal.close()
    counts = manifest["counts"]
    summary = ScanSummary(out, counts, processed, reused, interrupted, elapsed, run)
    if interrupted:
        raise ScanInterrupted(summary)
    return summary


class ScanInterrupted(KeyboardInterrupt):
    """Raised after an interrupted scan saved its outputs; ``summary`` says how far it got."""

    def __init__(self, summary: ScanSummary):
        super().__init__("scan interrupted")
        self.summary = summary


def _parent_rss_kb() -> int | None:
    from .worker import max_rss_kb

    return max_rss_kb()


def _parent_cpu_s() -> float:
    """CPU seconds this process spent (discovery, hashing, journal, outputs): the engine's overhead."""
    t = os.times()
    return round(t.user + t.system, 2)
