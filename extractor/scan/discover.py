"""Scan discovery: folders → one ``Entry`` per file, each hashed and sniffed, never a crash.

**folder ──discover──▶ entries** ──▶ workers ──▶ journal ──▶ outputs

Walks every folder recursively (following symbolic links, once per real
folder), and decides for each path, cheaply and in the parent, whether it
goes to a worker: a regular, readable, non-empty file under the size limit
whose bytes ``extractor.loaders.sniff`` takes for a document format.  Every
other path becomes an entry with a status (``skipped`` for what is not a
report, ``failed`` for what may be one but cannot be read) and a one-line
reason.  Whether a readable document is a report at all is decided later, in
the worker, from its text (``triage.py``).

Permission denied is detected by opening the file (hashing reads it), so it
works for any user; the tests run as root, where ``chmod 000`` does not stop
a read, and simulate it with the ``deny`` test hook (see ``worker.py``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorruptFile, EmptyFile, EncryptedFile, ExtractorError, UnsupportedFormat
from ..loaders.sniff import sniff
from ..model import Format
from .worker import test_hooks

HASH_CHUNK = 1 << 20

Status = str  # "pending" (to process) | "skipped" | "failed"


@dataclass
class Entry:
    path: str
    status: Status = "pending"
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    format: Format | None = None
    kind: str | None = None
    """Why it is not pending: an error class name or a short reason code."""
    problem: str | None = None
    fix: str | None = None
    extra: dict = field(default_factory=dict)

    def reason(self, kind: str, problem: str, fix: str, status: Status = "skipped") -> Entry:
        self.status, self.kind, self.problem, self.fix = status, kind, problem, fix
        return self


def walk(
    roots: Iterable[Path], exclude: Iterable[Path] = ()
) -> Iterator[tuple[str, os.stat_result | OSError]]:
    """Every file path under ``roots`` with its ``stat`` (or the error stat raised), sorted.

    Directory symlinks are followed, but each real directory is entered once,
    so a symlink loop ends the walk of that branch and is reported.
    """
    excluded = set()
    for p in exclude:
        with contextlib.suppress(OSError):
            st = Path(p).stat()
            excluded.add((st.st_dev, st.st_ino))
    seen: set[tuple[int, int]] = set()

    def visit(directory: str) -> Iterator[tuple[str, os.stat_result | OSError]]:
        try:
            with os.scandir(directory) as it:
                # real entries before symbolic links, so a folder reached both
                # ways is listed under its real path
                names = sorted(it, key=lambda e: (e.is_symlink(), e.name))
        except OSError as exc:
            yield directory, exc
            return
        for entry in names:
            path = entry.path
            try:
                st = Path(path).stat()  # follows symlinks
            except OSError as exc:
                yield path, exc
                continue
            if stat.S_ISDIR(st.st_mode):
                ident = (st.st_dev, st.st_ino)
                if ident in excluded:
                    continue
                if ident in seen:
                    yield path, OSError(errno.ELOOP, "folder already scanned")
                    continue
                seen.add(ident)
                yield from visit(path)
            else:
                yield path, st

    for root in roots:
        r = str(root)
        try:
            st = Path(r).stat()
        except OSError as exc:
            yield r, exc
            continue
        if stat.S_ISDIR(st.st_mode):
            ident = (st.st_dev, st.st_ino)
            if ident in seen or ident in excluded:
                continue
            seen.add(ident)
            yield from visit(r)
        else:
            yield r, st


def _denied_by_test_hook(path: str) -> bool:
    name = Path(path).name
    return any(action == "deny" and text in name for action, text, _ in test_hooks())


def sha256_of(path: str) -> str:
    if _denied_by_test_hook(path):
        raise PermissionError(errno.EACCES, "Permission denied (test hook)", path)
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _stat_error(entry: Entry, exc: OSError) -> Entry:
    if exc.errno == errno.ELOOP:
        return entry.reason(
            "SymlinkLoop",
            "is a symbolic link loop, or a second link to a folder already scanned",
            "nothing to do; remove the link if it is a mistake",
        )
    if exc.errno == errno.ENOENT:
        return entry.reason(
            "BrokenLink",
            "is a broken symbolic link or vanished during the scan",
            "fix the link or ignore it",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return entry.reason(
            "PermissionDenied",
            "cannot be read (permission denied)",
            "give the scanning user read permission",
            status="failed",
        )
    return entry.reason(
        "Unreadable",
        f"cannot be read ({exc.strerror or exc})",
        "check the file and the disk",
        status="failed",
    )


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def examine(
    path: str,
    st: os.stat_result | OSError,
    max_bytes: int | None,
    known_sha: Callable[[str, int, int], str | None] | None = None,
) -> Entry:
    """One path → an Entry: stat facts, sha256, sniffed format, or the reason it is not processed."""
    entry = Entry(path=path)
    if isinstance(st, OSError):
        return _stat_error(entry, st)
    if not stat.S_ISREG(st.st_mode):
        # never open a FIFO or a device: reading it could block the scan forever
        return entry.reason("NotARegularFile", f"is {_file_type(st.st_mode)}", "nothing to do")
    entry.size, entry.mtime_ns = st.st_size, st.st_mtime_ns
    if st.st_size == 0:
        return entry.reason(
            "EmptyFile",
            "file is empty (0 bytes)",
            "the file has no content; get the original report again",
        )
    if max_bytes is not None and st.st_size > max_bytes:
        return entry.reason(
            "TooLarge",
            f"is {st.st_size / 1e6:.1f} MB, over the --max-size limit of {max_bytes / 1e6:g} MB",
            "raise --max-size to include it",
        )
    try:
        cached = known_sha(path, st.st_size, st.st_mtime_ns) if known_sha else None
        entry.sha256 = cached or sha256_of(path)
        entry.format = sniff(Path(path))
    except (UnsupportedFormat, EmptyFile) as exc:
        return entry.reason(exc.kind, exc.problem, exc.fix)
    except (CorruptFile, EncryptedFile) as exc:
        return entry.reason(exc.kind, exc.problem, exc.fix, status="failed")
    except ExtractorError as exc:
        return entry.reason(exc.kind, exc.problem, exc.fix, status="failed")
    except OSError as exc:
        return _stat_error(entry, exc)
    return entry


def discover(
    roots: Iterable[Path],
    max_bytes: int | None,
    exclude: Iterable[Path] = (),
    known_sha: Callable[[str, int, int], str | None] | None = None,
    on_entry: Callable[[Entry], None] | None = None,
) -> list[Entry]:
    """All entries under ``roots``, sorted by path; ``exclude`` (the output folder) is not entered."""
    entries = []
    for path, st in walk(roots, exclude):
        entry = examine(path, st, max_bytes, known_sha)
        entries.append(entry)
        if on_entry:
            on_entry(entry)
    entries.sort(key=lambda e: e.path)
    # the same file named twice (a root given twice, a file symlink) is one entry
    unique: dict[str, Entry] = {}
    for e in entries:
        unique.setdefault(e.path, e)
    return list(unique.values())
