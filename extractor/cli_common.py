"""What every ``extractor`` subcommand shares: the one-line error and the exit status."""

from __future__ import annotations

import sys

EXIT_UNREADABLE = 2
"""Exit status when a file could not be read (one line on stderr names it)."""


def err(message: str) -> None:
    from .errors import one_line

    print(one_line(message), file=sys.stderr, flush=True)
