"""What every ``extractor`` subcommand shares: the one-line error, the exit status, the check
of ``--select``/``--ignore`` (without typer: ``extractor check`` runs without it)."""

from __future__ import annotations

import sys

EXIT_UNREADABLE = 2
"""Exit status when a file could not be read (one line on stderr names it)."""


def err(message: str) -> None:
    from .errors import one_line

    print(one_line(message), file=sys.stderr, flush=True)


def unknown_selectors(values: list[str] | None, option: str) -> bool:
    """Does ``--select``/``--ignore`` name a code no rule has?  Then it says so (one line
    listing the valid codes): an unknown code is an error, not a filter that hides all."""
    from .rules import all_rules
    from .rules.registry import matches, parse_selectors

    rules = all_rules()  # importing the rules registers them
    unknown = [
        v
        for v in parse_selectors(values)
        if not any(
            matches(r.code, r.name, [v]) or any(matches(e, "", [v]) for e in r.emits) for r in rules
        )
    ]
    if unknown:
        err(
            f"{option} {', '.join(unknown)}: no rule has this code or name — valid codes: "
            f"{', '.join(sorted({r.code for r in rules} | {e for r in rules for e in r.emits}))} (a prefix such as SC or a dotted name such as scoring works too)"
        )
    return bool(unknown)
