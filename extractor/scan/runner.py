"""``extractor scan``: folders of reports → dataset + audit page, in parallel, resumable.

```
folders ──discover──▶ entries ──plan──▶ tasks ──engine──▶ results ──journal──▶ outputs
          (sniff,       (dedupe by      (worker processes:     (fsynced,     (rebuilt atomically
           hash)         sha256, skip    local, or Dask)        append-only)  from the journal)
                         finished)
```

Each file runs in a child process (``worker.py``) driven by a slot of the
process pool (``pool.py``): the local engine runs the slots in threads of this
process, the Dask engine (``dask.py``) inside the Dask workers.  Only this
process writes to the output folder.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import ScanError
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
from .pool import MAX_TASKS_PER_WORKER, run_local
from .progress import Progress
from .protocol import Result, Task

DEFAULT_TIMEOUT_S = 300.0
"""Seconds one file may take (load + extract + check) before its worker is killed."""
DEFAULT_MAX_SIZE_MB = 200.0
"""Files larger than this are listed, not read (a report is rarely over 50 MB)."""
DEFAULT_MAX_MEMORY_MB = 4000.0
"""Per worker: four times what the largest real report in the corpus takes."""


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
    tasks: list[Task] = []
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
    """Run a scan to the end (or to Ctrl-C/SIGTERM, raised as KeyboardInterrupt after saving).

    Three steps under the output folder's lock: ``plan_scan`` (journal, discovery, the
    tasks still to do), ``execute`` (the engine reads them into the journal) and ``finish``
    (manifest and outputs rebuilt from the journal)."""
    started, started_iso = time.monotonic(), now_iso()
    out = opts.out
    _check_paths(opts)
    out.mkdir(parents=True, exist_ok=True)
    state = out / STATE_DIR
    workers = opts.workers or default_workers()
    with Lock(state / LOCK):
        check_config(state, result_fingerprint(opts.select, opts.ignore), opts.fresh)
        job = plan_scan(opts, state, workers, stream or sys.stderr, tty, started, started_iso)
        execute(job)
        summary = finish(job)
    if summary.interrupted:
        raise ScanInterrupted(summary)
    return summary


@dataclass
class ScanJob:
    """One scan under way: what planning found, and what the engine has reported since."""

    opts: ScanOptions
    state: Path
    workers: int
    journal: Journal
    entries: list[Entry]
    canonical: dict[str, Entry]
    """The first entry of each distinct content, by sha256 (``plan``)."""
    tasks: list[Task]
    progress: Progress
    started: float
    started_iso: str
    t_read: float = 0.0
    """When listing and hashing ended and reading began."""
    interrupted: bool = False
    converted: set[str] = field(default_factory=set)
    """Files read from the batch conversion's DOCX (``convert.py``), deleted once read."""
    worker_rss: dict[int, int] = field(default_factory=dict)
    child_rss: int = 0
    """LibreOffice conversions, which run as the workers' children."""

    @property
    def reused(self) -> int:
        return len(self.canonical) - len(self.tasks)

    def on_result(self, result: Result) -> None:
        """A worker's result: sizes from discovery, memory peaks noted, into the journal."""
        e = self.canonical.get(result["sha256"])
        if e is not None:
            result["size"], result["mtime_ns"] = e.size, e.mtime_ns
        if child_kb := result.get("child_max_rss_kb"):
            self.child_rss = max(self.child_rss, child_kb)
        pid, kb = result.get("pid"), result.get("max_rss_kb")
        if pid and kb:
            self.worker_rss[pid] = max(self.worker_rss.get(pid, 0), kb)
        self.journal.append(result)
        self.progress.advance(result)
        if result["sha256"] in self.converted:
            forget_converted(self.state, result["sha256"])


def _check_paths(opts: ScanOptions) -> None:
    """A typo in a folder name stops the scan before it starts."""
    for root in opts.roots:
        if not os.path.lexists(root):
            raise ScanError(root, "does not exist", "check the folder's path")
    if opts.out.exists() and not opts.out.is_dir():
        raise ScanError(
            opts.out, "--out names a file, not a folder", "give a folder for the outputs"
        )


# ── plan: what is there, and what is left to read ─────────────────────────


def plan_scan(
    opts: ScanOptions,
    state: Path,
    workers: int,
    stream: IO[str],
    tty: bool | None,
    started: float,
    started_iso: str,
) -> ScanJob:
    """Open the journal, list and hash the folders, and plan the files still to read."""
    journal = _open_journal(state, opts.out, stream)
    entries = _discover(opts, journal)
    canonical, tasks = plan(entries, journal, opts.retry_failed)
    reused = len(canonical) - len(tasks)
    progress = Progress(len(tasks), reused, stream, tty)  # type: ignore[arg-type]
    job = ScanJob(
        opts, state, workers, journal, entries, canonical, tasks, progress, started, started_iso
    )
    _announce(job, stream)
    return job


def _open_journal(state: Path, out: Path, stream: IO[str]) -> Journal:
    journal = Journal(state / JOURNAL).open()
    if journal.torn_bytes or journal.bad_lines:
        print(
            f"scan: {out}: cut a torn last journal line ({journal.torn_bytes} bytes) and "
            f"{journal.bad_lines} unreadable line(s); those files are read again",
            file=stream,
            flush=True,
        )
    return journal


def _discover(opts: ScanOptions, journal: Journal) -> list[Entry]:
    """Every file under the roots; a file of a format not in ``--format`` is only listed."""
    known = journal.known_sha()
    max_bytes = None if opts.max_size_mb is None else int(opts.max_size_mb * 1e6)
    entries = discover(
        opts.roots, max_bytes, exclude=[opts.out], known_sha=lambda p, s, m: known.get((p, s, m))
    )
    if opts.formats:
        for e in entries:
            if e.status == "pending" and e.format not in opts.formats:
                e.reason(
                    "FormatNotSelected",
                    f"is {e.format}, not one of --format {','.join(opts.formats)}",
                    "add its format to --format to read it",
                )
    return entries


def _announce(job: ScanJob, stream: IO[str]) -> None:
    """Say what the scan found and will do; log what discovery decided, failures first."""
    opts, progress, tasks = job.opts, job.progress, job.tasks
    if not progress.tty:
        print(
            f"scan: {len(job.entries)} file(s) found, {len(job.canonical)} distinct report "
            f"candidate(s), {job.reused} already done, {len(tasks)} to read "
            + (
                "on the Dask cluster"
                if opts.engine == "dask"
                else f"with {min(job.workers, max(len(tasks), 1))} worker(s)"
            ),
            file=stream,
            flush=True,
        )
    for e in sorted(job.entries, key=lambda e: e.status != "failed"):
        if e.status == "failed" or (e.status == "skipped" and not progress.tty):
            progress.log(f"{e.status}: {e.path}: {e.problem} — {e.fix}")


# ── execute: the engine reads the files into the journal ──────────────────


def execute(job: ScanJob) -> None:
    """Read every task (legacy files converted first); Ctrl-C ends it with what was read."""
    opts, tasks, progress = job.opts, job.tasks, job.progress
    job.t_read = time.monotonic()  # listing and hashing ended here
    with (job.state / "workers.log").open("ab") as log:
        try:
            if tasks:  # legacy files in one LibreOffice batch; Dask workers read the DOCX
                # from OUT when they see it, else convert the file themselves
                preconvert(tasks, job.state, job.workers, opts.timeout, progress.log)
                job.converted.update(t["sha256"] for t in tasks if "converted" in t)
            if tasks:
                _run_engine(job, log)
        except KeyboardInterrupt:
            job.interrupted = True
        finally:
            progress.close()
            job.journal.sync()


def _run_engine(job: ScanJob, log: IO[bytes]) -> None:
    opts = job.opts
    if opts.engine == "dask":
        from .dask import run_dask

        run_dask(
            job.tasks,
            job.on_result,
            job.journal.sync,
            opts.scheduler,
            job.workers,
            opts.timeout,
            opts.max_tasks_per_worker,
            job.progress.log,
        )
    else:
        run_local(
            job.tasks,
            job.on_result,
            job.journal.sync,
            job.workers,
            opts.timeout,
            opts.max_tasks_per_worker,
            log,
            opts.max_memory_mb,
        )


# ── finish: manifest and outputs from the journal ─────────────────────────


def finish(job: ScanJob) -> ScanSummary:
    """Write the manifest and every output from the journal; the summary of the run."""
    opts, journal = job.opts, job.journal
    processed = job.progress.done
    t_outputs = time.monotonic()
    files = file_list(job.entries, job.canonical, journal)
    elapsed = time.monotonic() - job.started
    run = _run_record(job, processed, elapsed, t_outputs)
    pending = sum(1 for f in files if f["status"] == "pending")
    manifest = manifest_document(
        files, run, opts.public(), complete=not job.interrupted and not pending
    )
    outputs.build(opts.out, files, journal.report, manifest, xlsx=opts.xlsx)
    journal.close()
    counts = manifest["counts"]
    return ScanSummary(opts.out, counts, processed, job.reused, job.interrupted, elapsed, run)


def _run_record(job: ScanJob, processed: int, elapsed: float, t_outputs: float) -> dict[str, Any]:
    """The manifest's ``run``: engine, times, throughput and memory."""
    return {
        "engine": job.opts.engine,
        "workers": job.workers,
        "started": job.started_iso,
        "finished": now_iso(),
        "seconds": round(elapsed, 3),
        "phases_s": {  # where the time went: only "read" runs in parallel (outputs come after)
            "discover": round(job.t_read - job.started, 3),
            "read": round(t_outputs - job.t_read, 3),
        },
        "read_this_run": processed,
        "reused_from_earlier_runs": job.reused,
        "files_per_second": round(processed / elapsed, 3) if elapsed > 0 else None,
        "parent_max_rss_kb": _parent_rss_kb(),
        "parent_cpu_s": _parent_cpu_s(),
        "worker_max_rss_kb": sorted(job.worker_rss.values()),
        "converter_max_rss_kb": job.child_rss or None,
    }


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
