"""The records the scan passes around: a ``Task`` to a worker, a ``Result`` back.

    planner ──Task──▶ worker (a child process; JSON lines) ──Result──▶ journal ──▶ outputs

Both are ``TypedDict``s: at run time they are the plain dicts they always were, so they
cross the worker's JSON pipe and Dask's pickling unchanged and are written to the journal
as they are; the types let mypy check every key the scan reads or sets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from ..model import Format


class _TaskKeys(TypedDict):
    path: str
    """As the user gave it (the records keep it so)."""
    sha256: str
    format: Format | None
    size: int | None


class Task(_TaskKeys, total=False):
    """One distinct file to read (``runner.plan``)."""

    converted: str
    """The DOCX the batch conversion made of a legacy file (``convert.py``)."""
    read_path: str
    """The absolute path the Dask engine reads (workers elsewhere resolve nothing)."""
    select: list[str] | None
    ignore: list[str] | None


class ErrorRecord(TypedDict):
    """Why a file produced no report: the error class name, problem, fix and one line."""

    kind: str
    problem: str
    fix: str
    message: str


class _ResultKeys(TypedDict):
    sha256: str
    path: str
    status: str
    """ok, skipped or failed."""
    error: ErrorRecord | None
    report: dict[str, Any] | None
    """``Report.to_dict()`` of a file read."""
    format: str | None
    pages: int | None


class Result(_ResultKeys, total=False):
    """One file read (or not): what the worker sends back and the journal keeps."""

    seconds: float
    pid: int
    max_rss_kb: int | None
    child_max_rss_kb: int | None
    """Of the LibreOffice conversions the worker ran."""
    size: int | None
    """Set by the scan from discovery, with ``mtime_ns``: a rerun knows the file again."""
    mtime_ns: int | None
