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
from .worker import Result, Task

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
