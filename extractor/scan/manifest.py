"""Scan state: the journal of finished files, the run's options, and ``manifest.json``.

folder ──▶ entries ──▶ workers ──▶ **journal** ──▶ outputs + **manifest**

The journal ``OUT/.scan/journal.jsonl`` is the one durable record of work
done: the parent appends one JSON line per finished file (its result, report
included) and fsyncs before it counts the file as done.  A line is written
with a single ``write`` on an ``O_APPEND`` descriptor; a kill or power loss
can at worst tear the last line, which ``Journal.open`` cuts off before
appending again, so no line is ever truncated in the middle of the file.
Outputs are views rebuilt from the journal, so an interrupted scan resumes
by skipping every sha256 the journal already holds.

``manifest.json`` lists every path found, with sha256, status, reason, time
and the versions that made it; it is rewritten atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata, resources
from pathlib import Path
from typing import IO, Any

from ..errors import ExtractorError

STATE_DIR = ".scan"
JOURNAL = "journal.jsonl"
CONFIG = "config.json"
LOCK = "lock"
MANIFEST_VERSION = "1"

TIMING_KEYS = ("seconds", "finished", "pid", "max_rss_kb", "child_max_rss_kb")
"""Fields of a file record that change from run to run (not content)."""


class ScanStateError(ExtractorError):
    default_fix = "use another --out folder, or add --fresh to start this one again"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ── versions ──────────────────────────────────────────────────────────────


def patterns_digest() -> str:
    """sha256 over every pattern file: results depend on the vocabulary as much as on code."""
    h = hashlib.sha256()
    try:
        files = sorted(
            (
                f
                for f in resources.files("extractor._patterns").iterdir()
                if f.name.endswith(".yaml")
            ),
            key=lambda f: f.name,
        )
    except ModuleNotFoundError:
        files = sorted(  # type: ignore[assignment]  # Paths are Traversables too
            (Path(__file__).resolve().parents[2] / "patterns").glob("*.yaml")
        )
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def versions() -> dict[str, str]:
    from .. import __version__
    from ..report import SCHEMA_VERSION

    out = {
        "extractor": __version__,
        "schema_version": SCHEMA_VERSION,
        "patterns": patterns_digest(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }
    for dist in ("pydantic", "pyarrow", "pdfplumber", "python-docx", "jieba", "openpyxl"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "absent"
    return out


def result_fingerprint(select: list[str] | None, ignore: list[str] | None) -> dict[str, Any]:
    """What makes a stored result valid: rules chosen and the code and data that ran them."""
    v = versions()
    return {
        "select": sorted(select) if select else None,
        "ignore": sorted(ignore) if ignore else None,
        "extractor": v["extractor"],
        "schema_version": v["schema_version"],
        "patterns": v["patterns"],
    }


# ── journal ───────────────────────────────────────────────────────────────


@dataclass
class Done:
    """What the parent keeps in memory per finished file: facts, not the report."""

    record: dict[str, Any]
    offset: int
    length: int


class Journal:
    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None
        self.done: dict[str, Done] = {}
        self.torn_bytes = 0
        self.bad_lines = 0

    def open(self) -> Journal:
        """Read what is there (cutting a torn last line), then open for appending."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            self._cut_torn_tail()
            offset = 0
            with self.path.open("rb") as fh:  # line by line: memory stays flat on a big journal
                for line in fh:
                    self._index(line.rstrip(b"\n"), offset)
                    offset += len(line)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        self.fd = os.open(self.path, flags, 0o644)
        return self

    def _cut_torn_tail(self) -> None:
        """A last line without its newline was cut by a kill or power loss: drop it, redo that file."""
        with self.path.open("r+b") as fh:
            size = fh.seek(0, os.SEEK_END)
            end = size
            while end > 0:
                start = max(0, end - (1 << 16))
                fh.seek(start)
                block = fh.read(end - start)
                nl = block.rfind(b"\n")
                if nl >= 0:
                    end = start + nl + 1
                    break
                end = start
            if end < size:
                self.torn_bytes = size - end
                fh.truncate(end)
                fh.flush()
                os.fsync(fh.fileno())

    def _index(self, line: bytes, offset: int) -> None:
        try:
            rec = json.loads(line)
        except ValueError:  # zero-filled block after a crash, or garbage: that file is redone
            self.bad_lines += 1
            return
        if not isinstance(rec, dict) or "sha256" not in rec:
            self.bad_lines += 1
            return
        self._keep(rec, offset, len(line) + 1)

    def _keep(self, rec: dict[str, Any], offset: int, length: int) -> None:
        report = rec.pop("report", None)
        rec["counts"] = severity_counts(report)
        rec["has_report"] = report is not None
        self.done[rec["sha256"]] = Done(rec, offset, length)

    def append(self, result: Mapping[str, Any]) -> None:
        """Append one finished file; call ``sync`` before counting it as durable."""
        assert self.fd is not None
        rec = dict(result)
        rec.setdefault("finished", now_iso())
        line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "surrogatepass"
        )
        line = (
            line.replace(b"\n", b"\\n") + b"\n"
        )  # json never emits a raw newline; belt and braces
        offset = os.lseek(self.fd, 0, os.SEEK_END)
        written = os.write(self.fd, line)
        while written < len(line):  # a short write on a full disk or a signal: finish it
            written += os.write(self.fd, line[written:])
        self._keep(rec, offset, len(line))

    def sync(self) -> None:
        if self.fd is not None:
            os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None

    def report(self, sha: str) -> dict[str, Any] | None:
        """The stored report of a finished file (read back from disk: memory stays flat)."""
        d = self.done.get(sha)
        if d is None or not d.record.get("has_report"):
            return None
        with self.path.open("rb") as fh:
            fh.seek(d.offset)
            line = fh.read(d.length)
        return json.loads(line.decode("utf-8", "surrogatepass")).get("report")

    def known_sha(self) -> dict[tuple[str, int, int], str]:
        """(path, size, mtime_ns) → sha256 of files already hashed, to skip re-hashing on resume."""
        out = {}
        for d in self.done.values():
            r = d.record
            if r.get("size") is not None and r.get("mtime_ns") is not None:
                out[(r["path"], r["size"], r["mtime_ns"])] = r["sha256"]
        return out


def severity_counts(report: dict[str, Any] | None) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in (report or {}).get("findings", []):
        counts[f.get("severity", "info")] = counts.get(f.get("severity", "info"), 0) + 1
    return counts


# ── lock and config ───────────────────────────────────────────────────────


class Lock:
    """One scan per output folder: a second one would interleave the journal."""

    def __init__(self, path: Path):
        self.path = path
        self.fh: IO[str] | None = None

    def __enter__(self) -> Lock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.fh = self.path.open("a+")  # held for the scan's lifetime
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock; documented
            return self
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise ScanStateError(
                self.path.parent.parent,
                "another scan is writing to this output folder",
                "wait for it to finish, or use another --out",
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()  # closing releases the lock (the OS does it too on kill -9)


def check_config(state: Path, fingerprint: dict[str, Any], fresh: bool) -> None:
    """Refuse to mix results made with other rules or versions into one output."""
    from .outputs import atomic_write_text

    path = state / CONFIG
    if fresh:
        for name in (JOURNAL, CONFIG):
            (state / name).unlink(missing_ok=True)
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            old = None
        if old is not None and old != fingerprint:
            changed = sorted(
                k for k in set(old) | set(fingerprint) if old.get(k) != fingerprint.get(k)
            )
            raise ScanStateError(
                state.parent,
                f"holds a scan made with other options or versions ({', '.join(changed)} differ)",
            )
        if old is not None:
            return
    atomic_write_text(path, json.dumps(fingerprint, ensure_ascii=False, indent=2) + "\n")


# ── manifest ──────────────────────────────────────────────────────────────


def manifest_document(
    files: list[dict[str, Any]],
    run: dict[str, Any],
    options: dict[str, Any],
    complete: bool,
) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for f in files:
        counts[f["status"]] = counts.get(f["status"], 0) + 1
    return {
        "manifest_version": MANIFEST_VERSION,
        "complete": complete,
        "versions": versions(),
        "options": options,
        "counts": dict(sorted(counts.items())),
        "run": run,
        "files": files,
    }


def strip_timings(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest without what changes between two runs of the same scan (for comparisons)."""
    out = {k: v for k, v in manifest.items() if k not in ("run",)}
    out["files"] = [{k: v for k, v in f.items() if k not in TIMING_KEYS} for f in manifest["files"]]
    return out
