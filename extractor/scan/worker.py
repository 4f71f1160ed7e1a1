"""Scan worker: one file in, one result record out — load → triage → extract → check.

folder ──discover──▶ tasks ──▶ **worker** (a child process) ──▶ result records ──▶ journal ──▶ outputs

``process(task)`` is the whole job for one file and never raises: every way a
file can fail becomes a record with a status and a reason.  ``main()`` runs it
in a child process (``python -m extractor.scan.worker``) speaking JSON lines:
one task per line on stdin, one result per line on the protocol pipe.  The
parent owns all writing to the output folder, so a worker that crashes or is
killed can never leave a half-written output behind.

Test hook: ``EXTRACTOR_SCAN_TEST_HOOK`` (read only here and in discovery, set
only by the tests) makes a worker crash, abort, sleep or hang on files whose
name contains a given text, so the tests can prove a dead worker is replaced.
Format: ``action=TEXT[:ARG];…`` with actions ``exit``, ``abort``, ``sleep``
(ARG seconds), ``hang`` and ``deny`` (discovery: permission denied).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .protocol import ErrorRecord, Result, Task

if TYPE_CHECKING:
    from ..model import Format

TEST_HOOK_ENV = "EXTRACTOR_SCAN_TEST_HOOK"


def test_hooks() -> list[tuple[str, str, str]]:
    """Parse the test hook variable into ``(action, text, arg)`` triples."""
    spec = os.environ.get(TEST_HOOK_ENV, "")
    hooks = []
    for part in spec.split(";"):
        if "=" not in part:
            continue
        action, _, rest = part.partition("=")
        text, _, arg = rest.partition(":")
        hooks.append((action.strip(), text, arg))
    return hooks


def _run_test_hooks(path: str) -> None:
    name = Path(path).name
    for action, text, arg in test_hooks():
        if text not in name:
            continue
        if action == "exit":
            os._exit(int(arg or 3))
        elif action == "abort":
            os.abort()
        elif action == "sleep":
            time.sleep(float(arg or 1))
        elif action == "alloc":  # a file that needs arg MB to read
            block = bytearray(int(float(arg or 1024) * 1024 * 1024))
            del block
        elif action == "hang":
            while True:
                time.sleep(3600)
        elif action == "spawn":  # like LibreOffice: a child in its own session, then hang
            import subprocess

            child = subprocess.Popen(
                [sys.executable, "-c", "import time; time.sleep(3600)"], start_new_session=True
            )
            Path(arg).write_text(str(child.pid), encoding="ascii")
            while True:
                time.sleep(3600)


def max_rss_kb(children: bool = False) -> int | None:
    """Peak resident memory of this process, or of its largest finished child (LibreOffice)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    peak = resource.getrusage(who).ru_maxrss
    scale = 1 if sys.platform != "darwin" else 1 / 1024  # macOS reports bytes
    return int(peak * scale)


def _error(kind: str, problem: str, fix: str, message: str | None = None) -> ErrorRecord:
    return {
        "kind": kind,
        "problem": problem,
        "fix": fix,
        "message": message or f"{problem} — {fix}",
    }


def failure(
    task: Task, status: str, kind: str, problem: str, fix: str, message: str | None = None
) -> Result:
    """A result record for a file that produced no report (``message``: the error's own
    line, else one naming the file)."""
    return {
        "sha256": task["sha256"],
        "path": task["path"],
        "status": status,
        "error": _error(kind, problem, fix, message or f"{task['path']}: {problem} — {fix}"),
        "report": None,
        "format": task.get("format"),
        "pages": None,
    }


def _load(task: Task):
    """The file's Document; a legacy file from the DOCX its batch made (``convert.py``) when
    there is one, else converted here."""
    from ..errors import ExtractorError
    from ..loaders import load
    from ..loaders.legacy import from_docx

    path = Path(task["path"])
    converted = task.get("converted")
    if converted and Path(converted).exists():
        try:
            fmt = cast("Format", task["format"])  # a legacy format: only those are converted
            return from_docx(path, fmt, Path(converted))
        except ExtractorError:
            pass  # a damaged copy: convert the file itself, with its own errors
    read = task.get("read_path")  # the Dask engine sends the path absolute
    if not read or read == task["path"]:
        return load(path)
    try:
        doc = load(Path(read))
    except ExtractorError as exc:  # named as the user gave it, as the local engine names it
        raise type(exc)(path, exc.problem, exc.fix) from None
    doc.source = doc.source.model_copy(update={"path": task["path"]})
    return doc


def process(task: Task) -> Result:
    """Load, triage, extract and check one file; every failure becomes a record."""
    from ..errors import EmptyFile, ExtractorError, UnsupportedFormat
    from ..pipeline import check, extract
    from .triage import triage

    started = time.perf_counter()
    path = task["path"]
    try:
        _run_test_hooks(path)
        doc = _load(task)
        verdict = triage(doc)
        if not verdict.is_report:
            result = failure(
                task,
                "skipped",
                "NotAReport",
                verdict.reason,
                "nothing to do if it is not a report; otherwise report the missing vocabulary",
            )
            result["format"] = doc.source.format
            result["pages"] = doc.source.pages
        else:
            report = check(extract(doc), select=task.get("select"), ignore=task.get("ignore"))
            result = {
                "sha256": task["sha256"],
                "path": path,
                "status": "ok",
                "error": None,
                "report": report.to_dict(),
                "format": report.source.format,
                "pages": report.source.pages,
            }
    except (UnsupportedFormat, EmptyFile) as exc:  # not a report: listed, not an error
        result = failure(task, "skipped", exc.kind, exc.problem, exc.fix, exc.message)
    except ExtractorError as exc:
        result = failure(task, "failed", exc.kind, exc.problem, exc.fix, exc.message)
    except MemoryError:
        result = failure(
            task,
            "failed",
            "MemoryError",
            "ran out of memory while reading it (over the worker's --max-memory)",
            "raise --max-memory if the machine has the memory, or split the file",
        )
    except Exception as exc:  # a bug must not stop the batch: say which file and what
        result = failure(
            task,
            "failed",
            "InternalError",
            f"internal error {type(exc).__name__}: {exc}".replace("\n", " "),
            "please report it with the file attached",
        )
    result["seconds"] = round(time.perf_counter() - started, 4)
    result["pid"] = os.getpid()
    result["max_rss_kb"] = max_rss_kb()
    result["child_max_rss_kb"] = max_rss_kb(children=True) or None
    return result


WARM_UP_TEXT = "部门整体支出绩效自评报告\n一、基本情况\n本年支出合计1.00万元，其中基本支出1.00万元。\n\t项目\t支出合计\n\n\t汇总\t1.00\n\n"
"""A tiny report run once before the worker says it is ready (see ``warm_up``)."""


def warm_up() -> None:
    """Import every stage and fill lazy caches (jieba's dictionary, patterns) before the first file.

    Otherwise the first file of each worker pays for them: its time would be
    wrong in the manifest and a short --timeout could fail it.
    """
    import tempfile

    try:
        with tempfile.TemporaryDirectory(prefix="extractor-warm-") as tmp:
            path = Path(tmp) / "warm.txt"
            path.write_text(WARM_UP_TEXT, encoding="utf-8")
            from ..pipeline import check

            check(path)
    except Exception:  # a real file will show the problem with its own message
        pass


def _protocol_pipe():
    """Keep the real stdout for results; anything a library prints goes to stderr (the log)."""
    proto = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return proto


def _memory_ceiling() -> None:
    """The heap this worker may grow to (``EXTRACTOR_WORKER_MAX_MB``, set by the scan from
    ``--max-memory``): past it an allocation fails — MemoryError, a failed record — instead
    of the machine swapping or the kernel killing something else."""
    mb = os.environ.get("EXTRACTOR_WORKER_MAX_MB")
    if not mb:
        return
    try:
        import resource

        limit = int(float(mb) * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ImportError, ValueError, OSError):  # not POSIX, or a hard limit already lower
        pass


def main() -> None:
    import signal

    # The parent decides when to stop (Ctrl-C reaches it, not us, on POSIX we
    # are in our own session; on Windows we ignore the console's Ctrl-C).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _memory_ceiling()
    proto = _protocol_pipe()
    warm_up()

    def send(obj: Mapping[str, Any]) -> None:
        proto.write(json.dumps(obj, ensure_ascii=True).encode("ascii") + b"\n")

    send({"ready": os.getpid()})
    for line in sys.stdin.buffer:  # EOF (parent gone or done) ends the worker
        if not line.strip():
            continue
        send(process(json.loads(line)))


if __name__ == "__main__":
    main()
