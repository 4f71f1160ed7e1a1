"""Scan stage before the workers: legacy documents converted in batches, one LibreOffice start each.

folder ──discover──▶ entries ──▶ **convert (legacy only)** ──▶ workers ──▶ journal ──▶ outputs

Starting LibreOffice costs more than converting a report (about 2 s against
0.3–0.7 s), so converting a folder of .doc files one by one spends most of its
time starting.  Here the legacy files still to read (.doc, .wps, RTF, ODT,
HTML, MHT) are converted ``BATCH_FILES`` at a time by one LibreOffice each, as
many batches at once as there are workers.  Each DOCX is moved into
``OUT/.scan/converted/<sha256>.docx`` only when its batch has ended (so a kill
leaves no half-written file there) and its task is told where it is; the
worker then reads it instead of converting again.  The parent deletes it once
the file's result is in the journal.

Nothing depends on this stage succeeding: a file whose batch failed, crashed
or hung (no new output for ``stall`` seconds) has no converted copy, and its
worker converts it alone as before, with that file's own error or timeout.
Only the local engine uses it (Dask workers may not share this disk).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..loaders.legacy import convert_many, soffice_binary, stage_input
from .protocol import Task

if TYPE_CHECKING:
    from ..model import Format

LEGACY_FORMATS = frozenset({"doc", "wps", "rtf", "odt", "html", "mht"})
BATCH_FILES = 24
"""Files per LibreOffice start at most (fewer when that leaves a worker without a batch)."""
MIN_FILES = 3
"""Fewer legacy files than this are converted one by one by their workers (no gain)."""
CONVERTED_DIR = "converted"


def _drawn_pdf(task: Task) -> bool:
    """An HTML page that is a PDF drawn with positioned boxes: read as that PDF by its worker,
    never given to LibreOffice (which takes minutes over its boxes)."""
    if task.get("format") != "html":
        return False
    from ..loaders.positioned import is_positioned

    try:
        with Path(task["path"]).open("rb") as fh:
            return is_positioned(fh.read(2_000_000))
    except OSError:
        return False


def converted_path(state: Path, sha256: str) -> Path:
    return state / CONVERTED_DIR / f"{sha256}.docx"


def preconvert(
    tasks: list[Task],
    state: Path,
    workers: int,
    stall_s: float,
    log: Callable[[str], None],
) -> int:
    """Convert the legacy tasks' files in batches; set ``task["converted"]`` where it worked.

    Returns how many were converted. A DOCX left in the cache by an earlier, interrupted scan
    is used as it is (it was moved there whole)."""
    legacy = [t for t in tasks if t.get("format") in LEGACY_FORMATS and not _drawn_pdf(t)]
    cache = state / CONVERTED_DIR
    _sweep(cache, {t["sha256"] for t in legacy})
    todo = []
    for t in legacy:
        ready = converted_path(state, t["sha256"])
        if ready.exists():
            t["converted"] = str(ready)
        else:
            todo.append(t)
    if len(todo) < MIN_FILES or soffice_binary() is None:
        return len(legacy) - len(todo)
    cache.mkdir(parents=True, exist_ok=True)
    # every worker gets a batch: a few files are not converted by one LibreOffice while the
    # other cores wait
    size = max(1, min(BATCH_FILES, -(-len(todo) // max(1, workers))))
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    lock, stop = threading.Lock(), threading.Event()
    counted = {"done": 0, "converted": 0}

    def run(batch: list[Task]) -> None:
        with tempfile.TemporaryDirectory(prefix="extractor-batch-", dir=cache) as tmp:
            staged: dict[Path, Task] = {}
            for t in batch:
                fmt = cast("Format", t["format"])  # one of LEGACY_FORMATS (``legacy`` below)
                try:
                    staged[stage_input(Path(t["path"]), fmt, Path(tmp) / t["sha256"])] = t
                except Exception:  # unreadable here: its worker says why
                    continue
            if stop.is_set():
                return
            made = convert_many(list(staged), Path(tmp) / "out", stall_s, stop)
            for src, docx in made.items():
                t = staged[src]
                target = converted_path(state, t["sha256"])
                docx.replace(target)
                t["converted"] = str(target)
        with lock:
            counted["done"] += len(batch)
            counted["converted"] += len(made)
            log(
                f"converted {counted['done']}/{len(todo)} legacy file(s) with LibreOffice "
                f"in batches of {size}"
            )

    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        for future in [pool.submit(run, b) for b in batches]:
            future.result()
    except BaseException:  # Ctrl-C: every LibreOffice is killed, the scan saves what it has
        stop.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return len(legacy) - len(todo) + counted["converted"]


def _sweep(cache: Path, wanted: set[str]) -> None:
    """Remove what a killed scan left: batch folders, and copies no task still needs."""
    if not cache.is_dir():
        return
    for p in cache.iterdir():
        if p.is_dir() and p.name.startswith("extractor-batch-"):
            shutil.rmtree(p, ignore_errors=True)
        elif p.suffix == ".docx" and p.stem not in wanted:
            p.unlink(missing_ok=True)


def forget(state: Path, sha256: str) -> None:
    """The file's result is journaled: its converted copy is no longer needed."""
    with contextlib.suppress(OSError):
        converted_path(state, sha256).unlink()
