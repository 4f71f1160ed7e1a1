"""Cold start (issue 18): a fresh process running ``extractor check`` on the seed text, beside
the floor of starting the interpreter and importing the tool's libraries, timed round-robin
in one run.

Contenders, each a new process per sample:
- ``python -c pass``: the interpreter alone;
- ``import pydantic``: the library a plain ``extractor check`` needs, nothing of ours (typer
  and rich are loaded only for help, mistakes, other commands and a terminal's colours);
- ``import pydantic, typer``: the same with the command line's parser, as it was read before;
- ``check, caches warm``: ``extractor check`` with the user cache folder filled (parsed
  patterns, compiled regular expressions), as every run after the first;
- ``check --format json``: the same printing the Report as JSON (every model of the contract
  built);
- ``check, regex cache off``: the same with ``EXTRACTOR_REGEX_CACHE=0``;
- ``check, caches cold``: an empty cache folder each time, as the very first run.

The processes may write their bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped for them), as
an installed package has it: without it every start compiles the package again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .bench import ROOT, interleaved, machine, print_table, versions

SEED = ROOT / "corpus" / "seed.txt"


def _run(argv: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):  # 1: the seed has error findings
        raise RuntimeError(done.stderr.decode("utf-8", "replace")[-400:])
    return done.returncode


def bench_start(args: argparse.Namespace) -> dict:
    """seconds of a cold ``extractor check`` of the seed text beside the interpreter's own start"""
    seed = SEED
    warm = Path(tempfile.mkdtemp(prefix="bench-start-"))
    base = dict(os.environ, XDG_CACHE_HOME=str(warm))
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    check = [sys.executable, "-m", "extractor.cli", "check", str(seed)]

    def cold() -> int:
        folder = Path(tempfile.mkdtemp(prefix="bench-cold-"))
        try:
            return _run(check, dict(base, XDG_CACHE_HOME=str(folder)))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    contenders = {
        "python -c pass": lambda: _run([sys.executable, "-c", "pass"], base),
        "import pydantic": lambda: _run([sys.executable, "-c", "import pydantic"], base),
        "import pydantic, typer": lambda: _run(
            [sys.executable, "-c", "import pydantic, typer"], base
        ),
        "check, caches warm": lambda: _run(check, base),
        "check --format json": lambda: _run([*check, "--format", "json"], base),
        "check, regex cache off": lambda: _run(check, dict(base, EXTRACTOR_REGEX_CACHE="0")),
        "check, caches cold": cold,
    }
    try:
        times = interleaved(contenders, max(args.repeat, 5))
    finally:
        shutil.rmtree(warm, ignore_errors=True)
    floor = times["python -c pass"][0]
    rows = [
        [name, f"{wall:.3f}", f"{wall - floor:+.3f}"] for name, (wall, _cpu, _r) in times.items()
    ]
    print_table(["contender", "median s", "over python"], rows)
    return {
        "machine": machine(),
        "versions": versions("pydantic", "typer"),
        "seed": seed.name,
        "bytecode_written": True,
        "seconds": {name: round(wall, 4) for name, (wall, _c, _r) in times.items()},
    }
