"""Scan progress: a rich bar on a terminal, plain log lines otherwise.

entries ──▶ workers ──▶ journal ──▶ outputs, with **progress** shown on stderr.

On a TTY: files done / total, rate, ETA and failures in one bar.  Not on a
TTY (CI, ``nohup``, a pipe): one line per finished file, so a log shows what
happened to each file and grep finds the failures.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import Any, TextIO

from ..errors import one_line


class Progress:
    def __init__(
        self, total: int, done_before: int, stream: TextIO | None = None, tty: bool | None = None
    ):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total, self.done, self.failed = total, 0, 0
        self.done_before = done_before
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        if self.tty and total:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import (
                Progress as Bar,
            )

            self._bar = Bar(
                TextColumn("[bold]scan"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} files/s"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("[red]{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("scan", total=total, rate="–", failed=0)

    def log(self, message: str) -> None:
        message = one_line(message)
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=self.stream, flush=True)

    def advance(self, result: Mapping[str, Any]) -> None:
        self.done += 1
        status = result.get("status")
        if status == "failed":
            self.failed += 1
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        if self._bar is not None:
            self._bar.update(self._task, advance=1, rate=f"{rate:.1f}", failed=self.failed)
            if status == "failed":
                self.log(
                    f"failed: {(result.get('error') or {}).get('message', result.get('path'))}"
                )
            return
        left = self.total - self.done
        eta = f"{left / rate:.0f}s" if rate > 0 else "?"
        what = status or "?"
        if status != "ok":
            what += f" ({(result.get('error') or {}).get('problem', '')})"
        print(
            one_line(
                f"[{self.done}/{self.total}] {result.get('path')}: {what}  "
                f"{result.get('seconds', 0):.2f}s  rate {rate:.2f}/s  eta {eta}  "
                f"failed {self.failed}"
            ),
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
