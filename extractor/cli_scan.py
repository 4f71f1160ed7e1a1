"""``extractor scan …``: check every report under folders into an output folder.

``known_selectors`` (the --select/--ignore check) is shared with ``extractor check``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_common import EXIT_UNREADABLE, err, unknown_selectors
from .errors import ExtractorError

if TYPE_CHECKING:
    from .scan.runner import ScanOptions


def known_selectors(values: list[str] | None, option: str) -> None:
    """An unknown code in --select/--ignore is an error (exit 2), not a filter that hides all."""
    if unknown_selectors(values, option):
        raise typer.Exit(EXIT_UNREADABLE)


def _codes(values: list[str] | None) -> list[str] | None:
    """``--select SC01,SC02 --select FN`` → ``["SC01", "SC02", "FN"]``."""
    if not values:
        return None
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()] or None


# the scan's arguments and options, as `extractor scan --help` shows them
Folders = Annotated[list[Path], typer.Argument(help="Folders (searched recursively) or files.")]
Out = Annotated[
    Path, typer.Option("--out", "-o", help="Output folder (created; reused to resume).")
]
Workers = Annotated[int | None, typer.Option(help="Worker processes (default: all cores).", min=1)]
Timeout = Annotated[float, typer.Option(help="Seconds one file may take before it is stopped.")]
Select = Annotated[
    list[str] | None, typer.Option(help="Only these finding codes (comma list, repeatable).")
]
Ignore = Annotated[list[str] | None, typer.Option(help="Leave out these finding codes.")]
MaxSize = Annotated[float, typer.Option("--max-size", help="Skip files larger than this many MB.")]
MaxMemory = Annotated[
    float, typer.Option("--max-memory", help="MB of memory one worker may take (0: no limit).")
]
Xlsx = Annotated[bool, typer.Option("--xlsx", help="Also write scan.xlsx, one sheet per output.")]
Baseline = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Decisions to start from: another scan's OUT, or a decisions.json export; "
        "findings dismissed there are counted as suppressed here.",
    ),
]
Engine = Annotated[str, typer.Option(help="local (processes here) or dask (dask.distributed).")]
Scheduler = Annotated[
    str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")
]
Fresh = Annotated[
    bool, typer.Option("--fresh", help="Forget earlier results in OUT and start again.")
]
RetryFailed = Annotated[
    bool, typer.Option("--retry-failed", help="Read again files that failed before.")
]
Formats = Annotated[
    list[str] | None,
    typer.Option("--format", help="Only these formats: txt,docx,pdf,doc,wps,rtf,odt,html,mht."),
]


def scan(
    folders: Folders,
    out: Out,
    workers: Workers = None,
    timeout: Timeout = 300.0,
    select: Select = None,
    ignore: Ignore = None,
    max_size: MaxSize = 200.0,
    max_memory: MaxMemory = 4000.0,
    xlsx: Xlsx = False,
    baseline: Baseline = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    fresh: Fresh = False,
    retry_failed: RetryFailed = False,
    formats: Formats = None,
) -> None:
    """Check every report under FOLDERS into OUT: reports.jsonl, findings.csv, Parquet tables,
    errors.jsonl, summary.html, manifest.json.  Run it again to continue an interrupted scan.

    Exit status: 0 done, 2 some files could not be read (see errors.jsonl), 130 interrupted.
    """
    import signal

    from .scan.runner import ScanOptions

    known_selectors(select, "--select")
    known_selectors(ignore, "--ignore")
    if engine not in ("local", "dask"):
        err(f"--engine {engine}: unknown engine — use local or dask")
        raise typer.Exit(EXIT_UNREADABLE)

    def _term(signum, frame):  # SIGTERM (kill, a scheduler's stop) ends like Ctrl-C: outputs saved
        raise KeyboardInterrupt

    if baseline is not None:
        _import_baseline(baseline, out)
    signal.signal(signal.SIGTERM, _term)
    opts = ScanOptions(
        roots=folders,
        out=out,
        workers=workers,
        timeout=timeout,
        select=_codes(select),
        ignore=_codes(ignore),
        max_size_mb=max_size,
        max_memory_mb=max_memory or None,
        xlsx=xlsx,
        engine=engine,
        scheduler=scheduler,
        fresh=fresh,
        retry_failed=retry_failed,
        formats=[f.lower() for f in _codes(formats) or []] if formats else None,
    )
    _run_scan(opts, out)


def _run_scan(opts: ScanOptions, out: Path) -> None:
    """Run the scan; say how it ended (one line on an interruption or a failure) and exit so."""
    from .scan.runner import ScanInterrupted  # loaded with ScanOptions, before SIGTERM is caught
    from .scan.runner import scan as run_scan

    try:
        summary = run_scan(opts)
    except ScanInterrupted as stop:
        s = stop.summary
        err(
            f"scan interrupted: {s.processed} file(s) read in this run, outputs saved in {s.out} "
            "— run the same command again to continue"
        )
        raise typer.Exit(130) from None
    except KeyboardInterrupt:  # before any file was read (while listing and hashing)
        err("scan interrupted before reading files — run the same command again to continue")
        raise typer.Exit(130) from None
    except ExtractorError as exc:
        err(exc.message)
        raise typer.Exit(EXIT_UNREADABLE) from None
    except OSError as exc:  # a full disk, a read-only or vanished OUT, a permissions error
        err(_write_failure(out, exc))
        raise typer.Exit(EXIT_UNREADABLE) from None
    counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items())
    print(
        f"scan: {summary.out}: {counts}; read {summary.processed} in this run "
        f"({summary.reused} from earlier runs) in {summary.seconds:.1f} s"
    )
    print(_scan_last_line(Path(summary.out)))
    if summary.counts.get("failed"):
        raise typer.Exit(EXIT_UNREADABLE)


def _import_baseline(baseline: Path, out: Path) -> None:
    """Add a baseline's decisions to OUT's (another scan's OUT folder, or an exported
    decisions.json): a false alarm dismissed once stays dismissed in this scan's counts."""
    from . import review

    try:
        if baseline.is_dir():
            decisions = list(review.load(baseline).values())
        else:
            decisions = review.parse_export(baseline.read_text(encoding="utf-8"), str(baseline))
    except (OSError, review.ReviewError) as exc:
        err(
            f"{baseline}: cannot read the baseline ({exc}) — give a scan's OUT folder or a "
            "decisions.json exported from summary.html"
        )
        raise typer.Exit(EXIT_UNREADABLE) from None
    try:
        known = review.load(out) if out.exists() else {}
        n = review.append(out, [d for d in decisions if known.get(d.id) != d])
    except OSError as exc:
        err(_write_failure(out, exc))
        raise typer.Exit(EXIT_UNREADABLE) from None
    print(f"baseline: {n} decision(s) from {baseline}", file=sys.stderr)


def _write_failure(out: Path, exc: OSError) -> str:
    """One line for an OSError of the scan: what failed, where, and what to do."""
    import errno

    what = exc.strerror or type(exc).__name__
    where = f" ({exc.filename})" if exc.filename else ""
    fix = {
        errno.ENOSPC: "free some space or choose another --out",
        errno.EDQUOT: "free some space or choose another --out",
        errno.EROFS: "choose a writable folder for --out",
        errno.EACCES: "make the folder writable or choose another --out",
        errno.EPERM: "make the folder writable or choose another --out",
    }.get(exc.errno or 0, "check the folder and the disk, or choose another --out")
    return (
        f"{out}: scan stopped: {what}{where} — {fix}; what was finished is kept, "
        "run the same command again to continue"
    )


def _scan_last_line(out: Path) -> str:
    """``findings: 2 error, 1 warning, 0 info (1 more suppressed as false alarms) (reviewed: 1
    dismissed); open OUT/summary.html`` — counts without the findings dismissed."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    totals = manifest.get("findings") or {}
    gone = manifest.get("suppressed") or {}
    tally = ", ".join(
        f"{totals.get(s, 0) - gone.get(s, 0)} {s}" for s in ("error", "warning", "info")
    )
    reviewed = manifest.get("reviewed") or {}
    decided = ", ".join(f"{n} {status}" for status, n in reviewed.items())
    n_gone = sum(gone.values())
    return (
        f"findings: {tally}"
        + (f" ({n_gone} more suppressed as false alarms)" if n_gone else "")
        + (f" (reviewed: {decided})" if decided else "")
        + f"; open {(out / 'summary.html').resolve()}"
    )
