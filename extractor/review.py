"""Review decisions: what an auditor decided about each finding, kept across rescans.

summary.html / ``extractor review`` ──▶ **OUT/reviews.jsonl** + **OUT/review.sqlite**
                                        ──▶ findings.csv, summary.html, the workbench

One JSON object per line, appended, never rewritten: ``{"id", "status", "note",
"by", "at"}``.  The finding ``id`` (a hash of the document, code, place and
numbers) is the key, so a decision holds for the same finding in every later
scan of the same folder (``--fresh`` included: it forgets results, not
decisions).  The last line for an id wins; ``status: "open"`` takes a
decision back.  A finding whose numbers or place changed gets a new id and so
comes back unreviewed, which is what an auditor wants.

The page cannot write files: decisions made in summary.html are kept in the
browser and exported as a JSON file, which ``extractor review OUT import
FILE`` appends here.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .spreadsheet_text import safe_text

REVIEW_FILE = "reviews.jsonl"
STATUSES = ("confirmed", "dismissed", "follow-up", "open")
"""``open`` takes an earlier decision back."""
STATUS_WORDS = {"confirmed": "确认", "dismissed": "误报", "follow-up": "待跟进", "open": "未审"}
MAX_NOTE = 4000


class ReviewError(ValueError):
    """A decision that cannot be kept (one line: what and how to fix it)."""


@dataclass(frozen=True)
class Decision:
    id: str
    status: str
    note: str = ""
    by: str = ""
    at: str = ""

    @classmethod
    def make(cls, id: Any, status: Any, note: Any = "", by: Any = "", at: Any = "") -> Decision:
        fid = str(id or "").strip()
        if not fid:
            raise ReviewError("a decision without a finding id — take the id from findings.csv")
        st = str(status or "").strip().lower()
        st = {"false-alarm": "dismissed", "false alarm": "dismissed", "followup": "follow-up"}.get(
            st, st
        )
        if st not in STATUSES:
            raise ReviewError(
                f"finding {fid}: unknown status {status!r} — use one of {', '.join(STATUSES)}"
            )
        return cls(
            id=fid,
            status=st,
            note=str(note or "")[:MAX_NOTE],
            by=str(by or "")[:200],
            at=str(at or "") or now_iso(),
        )


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def default_reviewer() -> str:
    for var in ("EXTRACTOR_REVIEWER", "USER", "USERNAME"):
        if os.environ.get(var):
            return os.environ[var]
    return ""


def review_path(out: Path) -> Path:
    return Path(out) / REVIEW_FILE


# ── the review database (OUT/review.sqlite) ─────────────────────────────────

DB_FILE = "review.sqlite"
MIGRATIONS: tuple[str, ...] = (
    # 1: the current decision per finding, and every decision ever made, in order
    """
    CREATE TABLE decision (id TEXT PRIMARY KEY, status TEXT NOT NULL, note TEXT NOT NULL,
                           by TEXT NOT NULL, at TEXT NOT NULL);
    CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,
                          status TEXT NOT NULL, note TEXT NOT NULL, by TEXT NOT NULL,
                          at TEXT NOT NULL);
    CREATE INDEX history_id ON history (id);
    """,
)
"""Schema migrations, applied in order; ``PRAGMA user_version`` is how many ran."""


def db_path(out: Path) -> Path:
    return Path(out) / DB_FILE


def connect(out: Path) -> sqlite3.Connection:
    """The review database of ``OUT`` (created, migrated, seeded from reviews.jsonl once)."""
    path = db_path(out)
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=30000")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for n, script in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.executescript(f"BEGIN; {script} PRAGMA user_version={n}; COMMIT;")
    if new:  # decisions made before the database existed
        _store(conn, _load_jsonl(out, keep_open=True))
    return conn


def _store(conn: sqlite3.Connection, decisions: Iterable[Decision]) -> None:
    rows = [(d.id, d.status, d.note, d.by, d.at) for d in decisions]
    if not rows:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany("INSERT INTO history (id, status, note, by, at) VALUES (?,?,?,?,?)", rows)
        for r in rows:
            if r[1] == "open":
                conn.execute("DELETE FROM decision WHERE id = ?", (r[0],))
            else:
                conn.execute(
                    "INSERT INTO decision (id, status, note, by, at) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(id) DO UPDATE SET status=excluded.status, note=excluded.note, "
                    "by=excluded.by, at=excluded.at",
                    r,
                )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def history(out: Path, fid: str) -> list[Decision]:
    """Every decision made on one finding, oldest first."""
    with contextlib.closing(connect(out)) as conn:
        rows = conn.execute(
            "SELECT id, status, note, by, at FROM history WHERE id = ? ORDER BY seq", (fid,)
        ).fetchall()
    return [Decision(*r) for r in rows]


def load(out: Path) -> dict[str, Decision]:
    """The current decision per finding id: from the review database when there is one,
    else from reviews.jsonl (last line wins; ``open`` removes it)."""
    if db_path(out).exists():
        with contextlib.closing(connect(out)) as conn:
            rows = conn.execute("SELECT id, status, note, by, at FROM decision").fetchall()
        return {r[0]: Decision(*r) for r in rows}
    return {d.id: d for d in _load_jsonl(out) if d.status != "open"}


def _load_jsonl(out: Path, keep_open: bool = False) -> list[Decision]:
    """The decisions of reviews.jsonl in order (``keep_open``: with the take-backs).

    A damaged line (a crash mid-append) is skipped, not fatal: the lines
    around it are still decisions someone made.
    """
    path = review_path(out)
    current: dict[str, Decision] = {}
    if not path.exists():
        return []
    ordered: list[Decision] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
                d = Decision.make(
                    obj.get("id"), obj.get("status"), obj.get("note"), obj.get("by"), obj.get("at")
                )
            except (ValueError, AttributeError):
                continue
            ordered.append(d)
            if d.status == "open":
                current.pop(d.id, None)
            else:
                current[d.id] = d
    if keep_open:
        return ordered
    return list(current.values())


def append(out: Path, decisions: Iterable[Decision]) -> int:
    """Keep decisions: appended to ``OUT/reviews.jsonl`` (fsynced: the plain-text log a
    person can read) and stored in ``OUT/review.sqlite`` (the state the workbench and
    every output read); returns how many were kept."""
    decisions = list(decisions)
    lines = [json.dumps(asdict(d), ensure_ascii=False, separators=(",", ":")) for d in decisions]
    if not lines:
        return 0
    fresh_db = not db_path(out).exists()
    path = review_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    with contextlib.closing(connect(out)) as conn:
        if not fresh_db:  # a new database was seeded from the log, these lines included
            _store(conn, decisions)
    return len(lines)


def parse_export(text: str, source: str = "") -> list[Decision]:
    """Decisions from the page's export (``{"decisions": [...]}``) or a bare list of them."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewError(
            f"{source}: not JSON ({exc.msg}) — export it again from summary.html"
        ) from None
    items = data.get("decisions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ReviewError(f"{source}: no list of decisions — export it again from summary.html")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise ReviewError(f"{source}: a decision is not an object — export it again")
        out.append(
            Decision.make(
                item.get("id"), item.get("status"), item.get("note"), item.get("by"), item.get("at")
            )
        )
    return out


def columns(d: Decision | None) -> dict[str, str | None]:
    """The review columns of one finding row (empty when nobody decided)."""
    if d is None:
        return {"review": None, "review_note": None, "reviewed_by": None, "reviewed_at": None}
    return {"review": d.status, "review_note": d.note, "reviewed_by": d.by, "reviewed_at": d.at}


WORKING_PAPER = (
    "id",
    "file",
    "code",
    "name",
    "severity",
    "message",
    "expected",
    "actual",
    "difference",
    "tolerance",
    "evidence",
    "review",
    "review_note",
    "reviewed_by",
    "reviewed_at",
)
"""Columns of the audit working paper (``review export`` and the workbench's /export.csv)."""


def working_paper(
    findings: Iterable[dict[str, Any]], decisions: dict[str, Decision]
) -> list[dict[str, str]]:
    """The working paper's rows: each finding row (as findings.parquet holds it) with its
    current decision (``open`` where none), every cell formula-safe text."""

    rows = []
    for f in findings:
        row = {**f, **columns(decisions.get(f.get("id") or ""))}
        row["review"] = row["review"] or "open"
        rows.append(
            {k: safe_text(str(row[k])) if row.get(k) is not None else "" for k in WORKING_PAPER}
        )
    return rows
